//! The workspace's articles on disk: the initial scan of the folders (analysed in parallel, a
//! chunk at a time, with progress) and the changes the file watcher reports.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Bounded, NotCancellable, OngoingProgress};

use super::super::convert;
use super::super::scan::{self, FileEvent};
use super::super::state::State;
use super::Backend;
use crate::extract::Format;
use crate::workspace::{Analyzer, Article, Failed, ReadError};

/// Files analysed in parallel before they are stored under the lock at once.
const SCAN_CHUNK: usize = 256;
/// Pieces of a chunk per analysing thread (see [`analyze_chunk`]).
const PIECES_PER_THREAD: usize = 4;
/// How long a changed configuration file is left to settle before it is read.
const CONFIG_SETTLE: Duration = Duration::from_millis(100);

/// A scanned file's text, or why it could not be read.
type Read = std::result::Result<String, ReadError>;
/// A scanned file to analyse with the analyzer of that number.
type ToAnalyze = (usize, PathBuf, Read);
/// A scanned file's analysis with the number of its analyzer; `Err(Some)` a file that could not
/// be read (its path and why), `Err(None)` a path with no URI.
type Scanned = std::result::Result<(usize, std::result::Result<Article, Box<Failed>>), Option<(PathBuf, String)>>;

/// Analyses a chunk of files in parallel (rayon), each with its analyzer; every piece of the
/// chunk a thread takes has its own copy of the analyzers.
fn analyze_chunk(chunk: Vec<ToAnalyze>, analyzers: &[Analyzer]) -> Vec<Scanned> {
    use rayon::prelude::*;
    // `map_init` makes the copies once per piece rayon splits off, and each copy starts an
    // analysis thread of its own: pieces of a few files each would start hundreds of threads
    // per scan. A few pieces per thread still even out files of unequal lengths.
    let pieces = rayon::current_num_threads() * PIECES_PER_THREAD;
    let min_len = chunk.len().div_ceil(pieces).max(1);
    chunk
        .into_par_iter()
        .with_min_len(min_len)
        .map_init(
            || analyzers.iter().map(Analyzer::with_own_worker).collect::<Vec<_>>(),
            |own, (n, path, text)| {
                let text = match text {
                    Ok(text) => text,
                    Err(e) => return Err(Some((path, e.to_string()))),
                };
                let uri = convert::path_to_uri(&path).ok_or(None)?;
                let format = Format::from_path_or_language(&path.to_string_lossy(), None);
                Ok((n, own[n].analyze(uri.as_str(), Some(path), Arc::from(text), None, format, None)))
            },
        )
        .collect()
}

impl Backend {
    /// Watches the folders with the server's own watcher (the client cannot), handling each
    /// event on a task of its own.
    pub(super) async fn watch_folders(&self, folders: &[PathBuf]) {
        match scan::watch(folders) {
            Ok((watcher, mut rx)) => {
                *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(watcher);
                let this = BackendHandle::from(self);
                tokio::spawn(async move {
                    while let Some(ev) = rx.recv().await {
                        this.handle(ev).await;
                    }
                });
            }
            Err(e) => {
                self.client
                    .log_message(MessageType::WARNING, format!("factline: cannot watch folders: {e}"))
                    .await
            }
        }
    }

    /// Analyses every article of the folders, reporting progress, then republishes.
    pub(super) async fn initial_scan(&self) {
        let (roots, mut resolver) = {
            let st = self.state();
            (st.roots.clone(), st.resolver.clone())
        };
        let progress = self.begin_progress().await;
        let files = tokio::task::spawn_blocking(move || scan::scan(&roots, &mut resolver))
            .await
            .unwrap_or_default();
        let total = files.len().max(1);
        let mut skipped = Vec::new();
        // Files are analysed in parallel, a chunk at a time, off the lock; each chunk is then
        // stored under the lock, so an editor's requests and edits get in between chunks. The
        // next chunk is analysed while one is stored.
        let mut files = files.into_iter();
        let mut done = 0;
        let mut analysing = None;
        loop {
            let chunk: Vec<(PathBuf, Read)> = files.by_ref().take(SCAN_CHUNK).collect();
            let next = (!chunk.is_empty()).then(|| {
                done += chunk.len();
                let (chunk, analyzers) = self.with_analyzers(chunk);
                let used = analyzers.clone();
                (tokio::task::spawn_blocking(move || analyze_chunk(chunk, &used)), analyzers, done)
            });
            if let Some((analyzed, analyzers, stored)) = std::mem::replace(&mut analysing, next) {
                if let Ok(analyzed) = analyzed.await {
                    self.store_chunk(analyzed, &analyzers, &mut skipped);
                }
                if let Some(p) = &progress {
                    p.report((stored * 100 / total) as u32).await;
                }
            }
            if analysing.is_none() {
                break;
            }
        }
        for line in skipped {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        if let Some(p) = progress {
            p.finish().await;
        }
        let batch = {
            let mut st = self.state();
            st.scanned = true;
            // Projects met in the scan may have problems of their own.
            let problems = st.problems();
            Self::collect_with_problems(&mut st, problems)
        };
        let _ = self.scanned_tx.send(true);
        self.publish(batch).await;
    }

    /// The scan's progress report, when the client shows progress.
    async fn begin_progress(&self) -> Option<OngoingProgress<Bounded, NotCancellable>> {
        if !*self.progress_supported.lock().unwrap_or_else(|p| p.into_inner()) {
            return None;
        }
        let token = NumberOrString::String("factline-scan".into());
        self.client.create_work_done_progress(token.clone()).await.ok()?;
        Some(
            self.client
                .progress(token, "factline: indexing articles")
                .with_percentage(0)
                .begin()
                .await,
        )
    }

    /// Each file of a chunk with the number of its project's analyzer (one per project of the
    /// chunk), taken under the lock.
    fn with_analyzers(&self, chunk: Vec<(PathBuf, Read)>) -> (Vec<ToAnalyze>, Arc<Vec<Analyzer>>) {
        let mut analyzers: Vec<(Option<PathBuf>, Analyzer)> = Vec::new();
        let mut st = self.state();
        let chunk = chunk
            .into_iter()
            .map(|(path, text)| {
                let key = convert::path_to_uri(&path).map_or_else(String::new, |u| u.to_string());
                let analyzer = st.analyzer_for(&key, Some(&path));
                let root = st.project_for(Some(&path)).root.clone();
                let n = match analyzers.iter().position(|(r, _)| *r == root) {
                    Some(n) => n,
                    None => {
                        analyzers.push((root, analyzer));
                        analyzers.len() - 1
                    }
                };
                (n, path, text)
            })
            .collect();
        (chunk, Arc::new(analyzers.into_iter().map(|(_, a)| a).collect()))
    }

    /// Stores a chunk's analyses under the lock, except those of documents opened meanwhile
    /// (the editor's version wins); files that could not be read add a line to `skipped`.
    fn store_chunk(&self, analyzed: Vec<Scanned>, analyzers: &[Analyzer], skipped: &mut Vec<String>) {
        let mut st = self.state();
        for result in analyzed {
            match result {
                Ok((n, analyzed)) => {
                    let article = match &analyzed {
                        Ok(a) => a,
                        Err(failed) => &failed.article,
                    };
                    let (key, path) = (article.key.clone(), article.path.clone());
                    if st.open.contains_key(&key) {
                        continue;
                    }
                    let (text, format) = (article.text.clone(), article.format);
                    if st.store_article(&key, path.as_deref(), &analyzers[n], analyzed, false).is_err() {
                        // The configuration changed meanwhile: analysed again with it.
                        st.set_article(&key, path, text, format, None);
                    }
                }
                Err(Some((path, why))) => skipped.extend(st.refuse(&path, why)),
                Err(None) => {}
            }
        }
    }

    /// Applies a change on disk to the workspace (files not open in the editor).
    pub(super) async fn file_changed(&self, path: PathBuf, removed: bool) {
        let is_config = self.state().is_config_path(&path);
        if is_config {
            // A save is often a truncation then a write; reading between the two would load
            // an empty file as "the last good one". Let the writer finish first.
            tokio::time::sleep(CONFIG_SETTLE).await;
            self.state().resolver.changed(&path);
            self.reload_config().await;
            return;
        }
        let (batch, refused) = {
            let mut st = self.state();
            if !st.is_article_path(&path) {
                return;
            }
            let Some(uri) = convert::path_to_uri(&path).or_else(|| Uri::from_file_path(&path)) else {
                return;
            };
            let key = uri.to_string();
            if st.open.contains_key(&key) {
                return;
            }
            let mut refused = None;
            if removed {
                st.remove_article(&key);
                st.accept(&path);
            } else {
                match st.read_disk_article(&path) {
                    Ok(text) => {
                        st.accept(&path);
                        let format = Format::from_path_or_language(&path.to_string_lossy(), None);
                        st.set_article(&key, Some(path.clone()), Arc::from(text), format, None);
                    }
                    Err(e) => {
                        st.remove_article(&key);
                        refused = st.refuse(&path, e);
                    }
                }
            }
            (Self::collect_all(&st), refused)
        };
        if let Some(line) = refused {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        self.publish(batch).await;
    }
}

/// What the watcher task needs of the backend, without borrowing it.
#[derive(Clone)]
struct BackendHandle {
    client: Client,
    state: Arc<Mutex<State>>,
    publishing: Arc<tokio::sync::Mutex<()>>,
    scanned_rx: watch::Receiver<bool>,
}

impl From<&Backend> for BackendHandle {
    fn from(b: &Backend) -> Self {
        BackendHandle {
            client: b.client.clone(),
            state: b.state.clone(),
            publishing: b.publishing.clone(),
            scanned_rx: b.scanned_rx.clone(),
        }
    }
}

impl BackendHandle {
    async fn handle(&self, ev: FileEvent) {
        let backend = Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            publishing: self.publishing.clone(),
            scanned_tx: watch::channel(true).0,
            scanned_rx: self.scanned_rx.clone(),
            watcher: Mutex::new(None),
            client_watches: Mutex::new(false),
            progress_supported: Mutex::new(false),
        };
        match ev {
            FileEvent::Changed(p) => backend.file_changed(p, false).await,
            FileEvent::Removed(p) => backend.file_changed(p, true).await,
        }
    }
}
