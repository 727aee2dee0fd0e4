//! The `LanguageServer` implementation: routes each request to the state and feature
//! modules. Document changes are applied under the state mutex before any `.await`, so they
//! apply in arrival order; diagnostics are published under an async lock after checking that
//! the version they were computed for is still current.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::scan::{self, FileEvent};
use super::state::{ClientCaps, OpenDoc, State};
use super::{code_actions, commands, convert, definition, references, rename, semantic_tokens, symbols};
use crate::extract::Format;
use crate::text::{ContentChange, Document, PositionEncoding};
use crate::workspace::{Analyzer, Article};

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Serialises publishing so an older version's diagnostics never overtake a newer one's.
    publishing: Arc<tokio::sync::Mutex<()>>,
    scanned_tx: watch::Sender<bool>,
    scanned_rx: watch::Receiver<bool>,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
    client_watches: Mutex<bool>,
    progress_supported: Mutex<bool>,
}

/// Diagnostics ready to send: (uri, diagnostics, version it was computed for).
type Batch = Vec<(Uri, Vec<Diagnostic>, Option<i32>)>;

/// An open document's version to analyse off the lock ([`Backend::analyze_open`]).
struct AnalysisJob {
    key: String,
    path: Option<PathBuf>,
    text: Arc<str>,
    line_index: Arc<crate::text::LineIndex>,
    format: Format,
    version: i32,
    analyzer: Analyzer,
}

/// What an edit calls for once applied.
enum Change {
    Nothing,
    Analyze(AnalysisJob),
    /// The document grew past `max_file_size`: diagnostics to clear and a message.
    TooLarge(Batch, String),
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let (scanned_tx, scanned_rx) = watch::channel(false);
        Backend {
            client,
            state: Arc::new(Mutex::new(State::new())),
            publishing: Arc::new(tokio::sync::Mutex::new(())),
            scanned_tx,
            scanned_rx,
            watcher: Mutex::new(None),
            client_watches: Mutex::new(false),
            progress_supported: Mutex::new(false),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take the server down with it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Diagnostics for every open document (and the config files with problems).
    fn collect_all(state: &State) -> Batch {
        let mut out = Batch::new();
        // A document whose latest version is still being analysed is left to that analysis:
        // the workspace holds an older version, and publishing it as the current one would be
        // wrong.
        for (key, open) in state.open.iter().filter(|(_, o)| o.is_current()) {
            out.extend(Self::collect_one(state, key, Some(open.doc.version())));
        }
        for (key, problems) in &state.file_problems {
            let Some(uri) = convert::uri_from_key(key) else { continue };
            let diags = problems
                .iter()
                .map(|p| Diagnostic {
                    range: Range {
                        start: Position {
                            line: p.line,
                            character: 0,
                        },
                        end: Position {
                            line: p.line,
                            character: u32::MAX / 2,
                        },
                    },
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("config-error".into())),
                    source: Some("factline".into()),
                    message: p.message.clone(),
                    ..Diagnostic::default()
                })
                .collect();
            let version = state.open.get(key).map(|o| o.doc.version());
            out.retain(|(u, _, _)| u.as_str() != key);
            out.push((uri, diags, version));
        }
        out
    }

    fn collect_one(state: &State, key: &str, version: Option<i32>) -> Batch {
        let Some(ws) = state.workspace_of(key) else { return Batch::new() };
        let Some(uri) = convert::uri_from_key(key) else {
            return Batch::new();
        };
        let checked = ws.check(key);
        for failure in &checked.failures {
            eprintln!(
                "factline: rule {} failed on {key} ({}); its findings there are missing",
                failure.code, failure.message
            );
        }
        let mut diags: Vec<Diagnostic> = checked
            .findings
            .iter()
            .filter_map(|f| convert::diagnostic(ws, key, f, state.encoding))
            .collect();
        if let Some(fault) = ws.fault(key) {
            diags.insert(0, convert::fault_diagnostic(fault));
        }
        vec![(uri, diags, version)]
    }

    /// How many archived articles mention the entity at `offset`, and how often, when the
    /// project has an archive that answers within the deadline.
    async fn archive_mentions(&self, key: &str, offset: usize) -> Option<(i64, i64)> {
        let rx = {
            let mut st = self.state();
            let (location, _) = st.archive_of(key)?;
            let ws = st.workspace_of(key)?;
            let a = &ws.get(key)?.analysis;
            let mi = a.mention_at(offset)?;
            let e = a.entities.get(a.mentions.get(mi)?.entity)?;
            let id = crate::archive::record::entity_id(&e.reference, ws.kb());
            let (tx, rx) = tokio::sync::oneshot::channel();
            st.archives.worker(&location).send(super::archive::Job::Mentions(id, tx)).ok()?;
            rx
        };
        match tokio::time::timeout(super::archive::DEADLINE, rx).await {
            Ok(Ok(Ok(counts))) => Some(counts),
            Ok(Ok(Err(why))) => {
                let line = self.state().note_once(format!("factline: archive not used: {why}"));
                if let Some(line) = line {
                    self.client.log_message(MessageType::WARNING, line).await;
                }
                None
            }
            _ => None,
        }
    }

    /// After a publish: asks the archive about `key`'s new lookup keys and waits at most
    /// `archive::DEADLINE`. An answer in time is merged and published at once; a late one is
    /// merged when it comes and shows from the next publish on.
    async fn consult_archive(&self, key: &str) {
        let Some(mut question) = self.state().ask_archive(key) else {
            return;
        };
        match tokio::time::timeout(super::archive::DEADLINE, &mut question.answer).await {
            Ok(Ok(answer)) => {
                let (log, batch) = {
                    let mut st = self.state();
                    let (log, affected) = st.archive_answered(key, &question, answer);
                    (log, Self::collect_affected(&st, key, &affected))
                };
                if let Some(line) = log {
                    self.client.log_message(MessageType::WARNING, line).await;
                }
                self.publish(batch).await;
            }
            Ok(Err(_)) => {}
            Err(_) => {
                // A late answer is published when it comes: with only the affected documents
                // republished after an edit, waiting for the next publish could be forever.
                let (state, client, publishing, key) = (self.state.clone(), self.client.clone(), self.publishing.clone(), key.to_string());
                tokio::spawn(async move {
                    if let Ok(answer) = (&mut question.answer).await {
                        let (log, batch) = {
                            let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
                            let (log, affected) = st.archive_answered(&key, &question, answer);
                            (log, Self::collect_affected(&st, &key, &affected))
                        };
                        if let Some(line) = log {
                            client.log_message(MessageType::WARNING, line).await;
                        }
                        Self::publish_to(&client, &state, &publishing, batch).await;
                    }
                });
            }
        }
    }

    /// Diagnostics for `key` and, once the workspace is scanned, for the open articles among
    /// `affected` (the others' cross-document findings did not change).
    fn collect_affected(state: &State, key: &str, affected: &[String]) -> Batch {
        let version = state.open.get(key).map(|o| o.doc.version());
        let mut out = Self::collect_one(state, key, version);
        if state.scanned {
            for other in affected {
                if let Some(open) = state.open.get(other)
                    && open.is_current()
                {
                    out.extend(Self::collect_one(state, other, Some(open.doc.version())));
                }
            }
        }
        out
    }

    /// What analysing the open document `key` at `version` takes, taken under the lock: its
    /// text (the one copy of the rope the analysis needs, with its line index) and an analyzer
    /// of its workspace. None when the document is not open.
    fn analysis_job(st: &mut State, key: String, path: Option<PathBuf>, format: Format, version: i32) -> Option<AnalysisJob> {
        let (text, line_index) = st.open.get_mut(&key)?.doc.snapshot();
        let analyzer = st.analyzer_for(&key, path.as_deref());
        Some(AnalysisJob {
            key,
            path,
            text,
            line_index,
            format,
            version,
            analyzer,
        })
    }

    /// A document over `max_file_size` is not analysed: its article leaves the workspace, its
    /// diagnostics are cleared, and the editor gets one message saying so.
    fn too_large(st: &mut State, uri: &Uri, key: &str, path: Option<PathBuf>) -> (Batch, String) {
        let max = st.project_for(path.as_deref()).config.max_file_size;
        if st.loose.remove(key).is_none() {
            st.remove_article(key);
        }
        let name = path.as_deref().map_or_else(|| key.to_string(), |p| p.display().to_string());
        let message = format!(
            "factline: {name} is larger than max_file_size ({max} bytes) and is not analysed; raise max_file_size in factline.toml to check it"
        );
        let mut batch = vec![(uri.clone(), Vec::new(), None)];
        if st.scanned {
            batch.extend(Self::collect_all(st));
        }
        (batch, message)
    }

    /// Analyses an open document off the state lock (on the blocking pool, under the
    /// analysis deadline), stores the result unless a newer version came meanwhile, and
    /// publishes the document's diagnostics and those of the open articles the change
    /// affects.
    async fn analyze_open(&self, job: AnalysisJob) {
        let AnalysisJob {
            key,
            path,
            text,
            line_index,
            format,
            version,
            mut analyzer,
        } = job;
        loop {
            let run = {
                let (analyzer, key, path, text, line_index) =
                    (analyzer.clone(), key.clone(), path.clone(), text.clone(), line_index.clone());
                tokio::task::spawn_blocking(move || analyzer.analyze(&key, path, text, Some(line_index), format, Some(version)))
            };
            // The guard catches the analysis's panics; a failed task leaves the previous results.
            let Ok(analyzed) = run.await else { return };
            let batch = {
                let mut st = self.state();
                // A newer version is on its way (or the document closed): this one is dropped.
                if st.open.get(&key).is_none_or(|o| o.doc.version() != version || o.too_large) {
                    return;
                }
                let affected = match st.store_article(&key, path.as_deref(), &analyzer, analyzed, true) {
                    Ok(affected) => affected,
                    // The configuration changed meanwhile: analyse again with the one in force.
                    Err(now) => {
                        analyzer = now;
                        continue;
                    }
                };
                if let Some(open) = st.open.get_mut(&key) {
                    open.analyzed = Some(version);
                }
                // The document may be the first of a project (a folder with its own
                // factline.toml): its problems are shown, and everything republished.
                let problems = st.problems();
                if problems != st.file_problems {
                    Self::collect_with_problems(&mut st, problems)
                } else {
                    Self::collect_affected(&st, &key, &affected)
                }
            };
            self.publish(batch).await;
            return;
        }
    }

    async fn publish(&self, batch: Batch) {
        Self::publish_to(&self.client, &self.state, &self.publishing, batch).await;
    }

    /// [`Backend::publish`] for a task that outlives the handler (a late archive answer).
    async fn publish_to(client: &Client, state: &Mutex<State>, publishing: &tokio::sync::Mutex<()>, batch: Batch) {
        let _guard = publishing.lock().await;
        for (uri, diags, version) in batch {
            // Drop results for a version that has been superseded meanwhile.
            let current = state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .open
                .get(uri.as_str())
                .map(|o| o.doc.version());
            if version.is_some() && current != version {
                continue;
            }
            client.publish_diagnostics(uri, diags, version).await;
        }
    }

    /// Puts `problems` in force as the configuration problems shown, and collects every
    /// document's diagnostics (and an empty list for each configuration file fixed since).
    fn collect_with_problems(st: &mut State, problems: std::collections::HashMap<String, Vec<crate::workspace::ConfigError>>) -> Batch {
        let cleared: Vec<String> = st.file_problems.keys().filter(|k| !problems.contains_key(*k)).cloned().collect();
        st.file_problems = problems;
        let mut batch = Self::collect_all(st);
        for key in cleared {
            if let Some(uri) = convert::uri_from_key(&key) {
                batch.push((uri, Vec::new(), None));
            }
        }
        batch
    }

    /// Re-reads configuration and knowledge base, re-analyses, republishes everything.
    async fn reload_config(&self) {
        let (batch, problems, refusals) = {
            let mut st = self.state();
            let reloaded = st.reload();
            let problems = reloaded.problems.clone();
            let batch = Self::collect_with_problems(&mut st, reloaded.problems);
            (batch, problems, reloaded.refusals)
        };
        for line in refusals {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        let n: usize = problems.values().map(Vec::len).sum();
        if n > 0 {
            let first = problems
                .iter()
                .find_map(|(k, v)| v.first().map(|e| format!("{k}:{}: {}", e.line + 1, e.message)))
                .unwrap_or_default();
            self.client
                .show_message(
                    MessageType::ERROR,
                    format!(
                        "factline: {n} problem(s) in configuration; a file with a syntax error stays at its last good version, a bad value at its last good value. {first}"
                    ),
                )
                .await;
        }
        self.publish(batch).await;
    }

    /// Analyses every article of the folders, reporting progress, then republishes.
    async fn initial_scan(&self) {
        let (roots, mut resolver) = {
            let st = self.state();
            (st.roots.clone(), st.resolver.clone())
        };
        let progress = if *self.progress_supported.lock().unwrap_or_else(|p| p.into_inner()) {
            let token = NumberOrString::String("factline-scan".into());
            if self.client.create_work_done_progress(token.clone()).await.is_ok() {
                Some(
                    self.client
                        .progress(token, "factline: indexing articles")
                        .with_percentage(0)
                        .begin()
                        .await,
                )
            } else {
                None
            }
        } else {
            None
        };
        let files = tokio::task::spawn_blocking(move || scan::scan(&roots, &mut resolver))
            .await
            .unwrap_or_default();
        let total = files.len().max(1);
        let mut skipped = Vec::new();
        // Files are analysed in parallel, a chunk at a time, off the lock; each chunk is then
        // stored under the lock, so an editor's requests and edits get in between chunks.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        // A pool of our own: an analysis may itself hand work to rayon's global pool.
        let pool = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok());
        let mut files = files.into_iter();
        let mut done = 0;
        loop {
            let chunk: Vec<(PathBuf, std::result::Result<String, crate::workspace::ReadError>)> = files.by_ref().take(SCAN_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            done += chunk.len();
            // Each file with its project's analyzer (one per project of the chunk).
            let mut analyzers: Vec<(Option<PathBuf>, Analyzer)> = Vec::new();
            let chunk: Vec<(usize, PathBuf, std::result::Result<String, crate::workspace::ReadError>)> = {
                let mut st = self.state();
                chunk
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
                    .collect()
            };
            let analyzers: Arc<Vec<Analyzer>> = Arc::new(analyzers.into_iter().map(|(_, a)| a).collect());
            let used = analyzers.clone();
            let pool = pool.clone();
            let analyzed = tokio::task::spawn_blocking(move || {
                let run = || {
                    use rayon::prelude::*;
                    chunk
                        .into_par_iter()
                        .map_init(
                            || used.iter().map(Analyzer::with_own_worker).collect::<Vec<_>>(),
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
                        .collect::<Vec<_>>()
                };
                match pool.as_ref() {
                    Some(pool) => pool.install(run),
                    None => run(),
                }
            });
            let Ok(analyzed) = analyzed.await else { continue };
            {
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
            if let Some(p) = &progress {
                p.report((done * 100 / total) as u32).await;
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

    /// Applies a change on disk to the workspace (files not open in the editor).
    async fn file_changed(&self, path: PathBuf, removed: bool) {
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

    /// Waits (up to `limit`) for the initial scan, so cross-document answers never come from a
    /// half-built workspace. True once scanned.
    async fn wait_scanned(&self, limit: Duration) -> bool {
        let mut rx = self.scanned_rx.clone();
        matches!(tokio::time::timeout(limit, rx.wait_for(|done| *done)).await, Ok(Ok(_)))
    }

    /// Like [`Backend::wait_scanned`] with the long limit, as a request error when it expires.
    async fn require_scanned(&self) -> Result<()> {
        if self.wait_scanned(SCAN_WAIT).await {
            Ok(())
        } else {
            Err(Error {
                code: ErrorCode::ServerError(-32802),
                message: "factline is still indexing the workspace; try again shortly".into(),
                data: None,
            })
        }
    }

    /// The article of a document and a byte offset for `pos` (clamped into the text).
    fn article_at(st: &State, uri: &Uri, pos: Position) -> Option<(Arc<Article>, usize)> {
        let key = uri.to_string();
        let article = st.workspace_of(&key)?.get(&key)?.clone();
        let offset = convert::offset(&article.line_index, &article.text, pos, st.encoding);
        Some((article, offset))
    }

    fn key_offset(&self, params: &TextDocumentPositionParams) -> Option<(String, usize)> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let ws = st.workspace_of(&key)?;
        let a = ws.get(&key)?;
        Some((key, convert::offset(&a.line_index, &a.text, params.position, st.encoding)))
    }
}

/// How long cross-document requests wait for the initial scan before giving up.
const SCAN_WAIT: Duration = Duration::from_secs(30);

/// Files analysed in parallel before they are stored under the lock at once.
const SCAN_CHUNK: usize = 256;
/// How long a changed configuration file is left to settle before it is read.
const CONFIG_SETTLE: Duration = Duration::from_millis(100);
/// How long a hover waits for it before showing in-article counts only.
const HOVER_SCAN_WAIT: Duration = Duration::from_secs(2);

/// LSP's RequestFailed: a valid request the server could not carry out.
fn request_failed(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: message.into().into(),
        data: None,
    }
}

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let ws = params.capabilities.workspace.as_ref();
    let edit = ws.and_then(|w| w.workspace_edit.as_ref());
    ClientCaps {
        document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
        create_files: edit
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
        token_types: params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.semantic_tokens.as_ref())
            .map(|s| s.token_types.iter().map(|t| t.as_str().to_string()).collect())
            .unwrap_or_default(),
    }
}

fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) && !list.contains(&PositionEncodingKind::UTF16) => PositionEncoding::Utf8,
        Some(list) if list.first() == Some(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

fn settings_from(value: &serde_json::Value) -> Option<serde_json::Value> {
    match value.get("factline") {
        Some(v) => Some(v.clone()),
        None if value.is_object() && !value.as_object().is_some_and(|o| o.is_empty()) => Some(value.clone()),
        None => None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(convert::uri_to_path)
        {
            folders.push(root);
        }
        let watch_dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        *self.client_watches.lock().unwrap_or_else(|p| p.into_inner()) = watch_dynamic;
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        *self.progress_supported.lock().unwrap_or_else(|p| p.into_inner()) = progress;
        {
            let mut st = self.state();
            st.encoding = encoding;
            st.set_folders(folders);
            st.resolver
                .set_settings(params.initialization_options.as_ref().and_then(settings_from));
            st.caps = client_caps(&params);
            let reloaded = st.reload();
            st.file_problems = reloaded.problems;
            st.pending_log = reloaded.refusals;
        }
        let token_types = self.state().caps.token_types.clone();
        let enc_kind = match encoding {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "factline".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(enc_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                declaration_provider: Some(DeclarationCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                    legend: semantic_tokens::legend(&token_types),
                    range: Some(true),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                })),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                    resolve_provider: None,
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::ALL.iter().map(|c| c.to_string()).collect(),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: None,
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let folders = self.state().folders.clone();
        if *self.client_watches.lock().unwrap_or_else(|p| p.into_inner()) {
            let watchers = [
                "**/*.{txt,md,markdown}",
                "**/factline.toml",
                "**/*.toml",
                "**/.factline/checked.toml",
            ]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
            let reg = Registration {
                id: "factline-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
            };
            if self.client.register_capability(vec![reg]).await.is_err() {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        "factline: client refused file watching; changes on disk are not seen",
                    )
                    .await;
            }
        } else if !folders.is_empty() {
            match scan::watch(&folders) {
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
        let pending = std::mem::take(&mut self.state().pending_log);
        for line in pending {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        let has_problems = self.state().file_problems.values().any(|v| !v.is_empty());
        if has_problems {
            self.reload_config().await;
        }
        self.initial_scan().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.watcher.lock().unwrap_or_else(|p| p.into_inner()).take();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let key = params.text_document.uri.to_string();
        let job = {
            let mut st = self.state();
            let uri = params.text_document.uri;
            let path = convert::uri_to_path(&uri);
            let format = Format::from_path_or_language(uri.path().as_str(), Some(&params.text_document.language_id));
            let doc = Document::new(&params.text_document.text, params.text_document.version);
            let version = params.text_document.version;
            let max_size = st.project_for(path.as_deref()).config.max_file_size;
            let too_large = params.text_document.text.len() as u64 > max_size;
            st.open.insert(
                key.clone(),
                OpenDoc {
                    doc,
                    format,
                    too_large,
                    analyzed: None,
                },
            );
            // Configuration files are tracked (for versioned edits) but are not articles.
            if path.as_deref().is_some_and(|p| st.is_config_path(p)) {
                return;
            }
            if too_large {
                Err(Self::too_large(&mut st, &uri, &key, path))
            } else {
                Ok(Self::analysis_job(&mut st, key.clone(), path, format, version))
            }
        };
        match job {
            Ok(Some(job)) => {
                self.analyze_open(job).await;
                self.consult_archive(&key).await;
            }
            Ok(None) => {}
            Err((batch, message)) => {
                self.client.show_message(MessageType::WARNING, message).await;
                self.publish(batch).await;
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let change: std::result::Result<Change, (MessageType, String)> = (|| {
            let mut st = self.state();
            let key = params.text_document.uri.to_string();
            let version = params.text_document.version;
            let encoding = st.encoding;
            let path = convert::uri_to_path(&params.text_document.uri);
            let max_size = st.project_for(path.as_deref()).config.max_file_size;
            let Some(open) = st.open.get_mut(&key) else {
                return Ok(Change::Nothing);
            };
            // Versions only grow; an older or repeated one is a stale message.
            if version <= open.doc.version() {
                let current = open.doc.version();
                let message = format!("factline: ignored a change to {key}: version {version} is not newer than {current}");
                return Err((MessageType::WARNING, message));
            }
            let changes: Vec<ContentChange> = params
                .content_changes
                .into_iter()
                .map(|c| ContentChange {
                    range: c.range.map(|r| (convert::text_position(r.start), convert::text_position(r.end))),
                    text: c.text,
                })
                .collect();
            if let Err(e) = open.doc.apply(&changes, version, encoding) {
                return Err((MessageType::ERROR, format!("factline: edit to {key} rejected: {e}")));
            }
            let format = open.format;
            let was_too_large = open.too_large;
            let too_large = open.doc.len_bytes() as u64 > max_size;
            open.too_large = too_large;
            if path.as_deref().is_some_and(|p| st.is_config_path(p)) {
                return Ok(Change::Nothing);
            }
            Ok(match (too_large, was_too_large) {
                // Still too large: said once already.
                (true, true) => Change::Nothing,
                (true, false) => {
                    let (batch, message) = Self::too_large(&mut st, &params.text_document.uri, &key, path);
                    Change::TooLarge(batch, message)
                }
                (false, _) => Self::analysis_job(&mut st, key, path, format, version).map_or(Change::Nothing, Change::Analyze),
            })
        })();
        match change {
            Ok(Change::Nothing) => {}
            Ok(Change::Analyze(job)) => {
                self.analyze_open(job).await;
                self.consult_archive(params.text_document.uri.as_str()).await;
            }
            Ok(Change::TooLarge(batch, message)) => {
                self.client.show_message(MessageType::WARNING, message).await;
                self.publish(batch).await;
            }
            Err((level, message)) => self.client.log_message(level, message).await,
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = convert::uri_to_path(&params.text_document.uri)
            && self.state().is_config_path(&path)
        {
            self.state().resolver.changed(&path);
            self.reload_config().await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let key = params.text_document.uri.to_string();
        let batch = {
            let mut st = self.state();
            st.open.remove(&key);
            if st.loose.remove(&key).is_none() {
                // Back to the disk's version, if it is an article of the folders.
                let path = convert::uri_to_path(&params.text_document.uri);
                match path.filter(|p| st.is_article_path(p)) {
                    Some(p) => match st.read_disk_article(&p) {
                        Ok(text) => {
                            let format = Format::from_path_or_language(&p.to_string_lossy(), None);
                            st.set_article(&key, Some(p), Arc::from(text), format, None);
                        }
                        Err(_) => st.remove_article(&key),
                    },
                    None => st.remove_article(&key),
                }
            }
            let mut b = Self::collect_all(&st);
            // A configuration file keeps its problems shown after it is closed.
            if !st.file_problems.contains_key(&key) {
                b.push((params.text_document.uri.clone(), Vec::new(), None));
            }
            b
        };
        self.publish(batch).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            if let Some(path) = convert::uri_to_path(&change.uri) {
                self.file_changed(path, change.typ == FileChangeType::DELETED).await;
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.state().resolver.set_settings(settings_from(&params.settings));
        self.reload_config().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let scanned = self.wait_scanned(HOVER_SCAN_WAIT).await;
        let Some((key, offset)) = self.key_offset(&params.text_document_position_params) else {
            return Ok(None);
        };
        let archived = self.archive_mentions(&key, offset).await;
        let st = self.state();
        let Some(ws) = st.workspace_of(&key) else { return Ok(None) };
        let Some(article) = ws.get(&key) else { return Ok(None) };
        let md = super::hover::hover(ws, article, offset, scanned).map(|md| match archived {
            Some((articles, mentions)) => format!(
                "{md}; {mentions} in {articles} archived article{}",
                if articles == 1 { "" } else { "s" }
            ),
            None => md,
        });
        Ok(md.map(|value| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        }))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = &params.text_document_position_params;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(span) = definition::definition(&article, offset) else {
            return Ok(None);
        };
        let range = convert::range(&article.line_index, &article.text, span, st.encoding);
        Ok(Some(GotoDefinitionResponse::Scalar(Location {
            uri: p.text_document.uri.clone(),
            range,
        })))
    }

    async fn goto_declaration(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = &params.text_document_position_params;
        let (file, line) = {
            let st = self.state();
            let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
                return Ok(None);
            };
            let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
            let Some(found) = definition::declaration(ws, &article, offset) else {
                return Ok(None);
            };
            found
        };
        let Some(uri) = convert::path_to_uri(&file) else { return Ok(None) };
        // The entry's header line; its columns do not matter to an editor jumping there.
        let at = Position { line, character: 0 };
        Ok(Some(GotoDefinitionResponse::Scalar(Location {
            uri,
            range: Range { start: at, end: at },
        })))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.require_scanned().await?;
        let p = &params.text_document_position;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
        let found = references::references(ws, &article, offset, st.encoding);
        Ok((!found.is_empty()).then_some(found))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
            article,
            st.encoding,
        ))))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.require_scanned().await?;
        let st = self.state();
        let workspaces = st.workspaces();
        let found = symbols::workspace_symbols(&workspaces, &params.query, st.encoding);
        Ok(Some(WorkspaceSymbolResponse::Nested(found)))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens::tokens(article, st.encoding, None),
        })))
    }

    async fn semantic_tokens_range(&self, params: SemanticTokensRangeParams) -> Result<Option<SemanticTokensRangeResult>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        let start = convert::offset(&article.line_index, &article.text, params.range.start, st.encoding);
        let end = convert::offset(&article.line_index, &article.text, params.range.end, st.encoding);
        let within = crate::text::Span::new(start.min(end), end.max(start));
        Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens::tokens(article, st.encoding, Some(within)),
        })))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &params.text_document.uri, params.position) else {
            return Ok(None);
        };
        Ok(
            rename::prepare(&article, offset).map(|(span, placeholder)| PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&article.line_index, &article.text, span, st.encoding),
                placeholder,
            }),
        )
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        if let Some(why) = rename::invalid_name(&params.new_name) {
            return Err(Error::invalid_params(format!("cannot rename: {why}")));
        }
        self.require_scanned().await?;
        let p = &params.text_document_position;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
        let may_edit = |a: &Article| st.may_edit(a);
        let Some(edits) = rename::rename(ws, &article, offset, &params.new_name, st.encoding, &may_edit) else {
            return Ok(None);
        };
        Ok(Some(edits.build(&st.caps)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (found, notes) = {
            let mut st = self.state();
            let key = params.text_document.uri.to_string();
            let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)).cloned() else {
                return Ok(None);
            };
            let enc = st.encoding;
            let start = convert::offset(&article.line_index, &article.text, params.range.start, enc);
            let end = convert::offset(&article.line_index, &article.text, params.range.end, enc);
            // The article's project's files, each checked to lie inside the workspace folders
            // (links resolved).
            let project = st.project_of_key(&key);
            let kb_file = project.as_ref().and_then(|p| p.kb_file()).map(|path| st.editable_file(&path));
            let checked_file = project
                .as_ref()
                .and_then(|p| p.checked_file())
                .map(|path| st.edit_target(&path).map(|_| ()));
            let Some(ws) = st.workspace_of(&key) else { return Ok(None) };
            let env = code_actions::Env {
                ws,
                article: &article,
                uri: &params.text_document.uri,
                enc,
                caps: &st.caps,
                kb_file,
                checked_file,
            };
            let (found, notes) = code_actions::actions(&env, crate::text::Span::new(start.min(end), end.max(start)));
            let notes: Vec<String> = notes.into_iter().filter_map(|n| st.note_once(n)).collect();
            (found, notes)
        };
        for line in notes {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        Ok(Some(found))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            commands::SHOW_SHEET => {
                self.require_scanned().await?;
                let md = commands::show_sheet(&mut self.state(), &params.arguments);
                Ok(Some(LSPAny::String(md)))
            }
            commands::MARK_CHECKED => {
                let marked = {
                    let mut st = self.state();
                    if !st.caps.apply_edit {
                        return Err(request_failed("the client cannot apply workspace edits"));
                    }
                    commands::mark_checked(&mut st, &params.arguments).map_err(Error::invalid_params)?
                };
                if let Some(edit) = marked.edit {
                    let applied = self.client.apply_edit(edit).await;
                    match applied {
                        Ok(r) if r.applied => {}
                        Ok(r) => {
                            let why = r.failure_reason.unwrap_or_else(|| "no reason given".into());
                            return Err(request_failed(format!("the client did not apply the edit: {why}")));
                        }
                        Err(e) => return Err(e),
                    }
                }
                // The file may stay unsaved in the editor; the server knows at once.
                let batch = {
                    let mut st = self.state();
                    st.mark_checked(&marked.root, marked.fingerprint.clone());
                    Self::collect_all(&st)
                };
                self.publish(batch).await;
                Ok(Some(serde_json::json!({ "fingerprint": marked.fingerprint })))
            }
            other => Err(Error::invalid_params(format!("unknown command {other:?}"))),
        }
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
