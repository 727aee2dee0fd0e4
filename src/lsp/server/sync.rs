//! Document sync: opening, editing, saving and closing documents, and analysing an open
//! document's new version off the state lock.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::super::convert;
use super::super::state::{OpenDoc, State};
use super::{AnalysisJob, Backend, Batch, Change};
use crate::extract::Format;
use crate::text::{ContentChange, Document};

impl Backend {
    /// What analysing the open document `key` at `version` takes, taken under the lock: its
    /// text (the one copy of the rope the analysis needs, with its line index) and an analyzer
    /// of its workspace. None when the document is not open.
    pub(super) fn analysis_job(st: &mut State, key: String, path: Option<PathBuf>, format: Format, version: i32) -> Option<AnalysisJob> {
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
    pub(super) fn too_large(st: &mut State, uri: &Uri, key: &str, path: Option<PathBuf>) -> (Batch, String) {
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
    pub(super) async fn analyze_open(&self, job: AnalysisJob) {
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

    /// Re-reads configuration and knowledge base, re-analyses, republishes everything.
    pub(super) async fn reload_config(&self) {
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

    /// `didOpen`: tracks the document and analyses it (unless it is a configuration file or
    /// too large).
    pub(super) async fn open_document(&self, params: DidOpenTextDocumentParams) {
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

    /// `didChange`: applies the edits at once (before any `.await`), then analyses.
    pub(super) async fn change_document(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        match self.apply_change(&uri, params.text_document.version, params.content_changes) {
            Ok(Change::Nothing) => {}
            Ok(Change::Analyze(job)) => {
                self.analyze_open(job).await;
                self.consult_archive(uri.as_str()).await;
            }
            Ok(Change::TooLarge(batch, message)) => {
                self.client.show_message(MessageType::WARNING, message).await;
                self.publish(batch).await;
            }
            Err((level, message)) => self.client.log_message(level, message).await,
        }
    }

    /// Applies a `didChange`'s edits to the open document under the lock and says what they
    /// call for; a stale version or a rejected edit is a message to log.
    fn apply_change(
        &self,
        uri: &Uri,
        version: i32,
        content_changes: Vec<TextDocumentContentChangeEvent>,
    ) -> std::result::Result<Change, (MessageType, String)> {
        let mut st = self.state();
        let key = uri.to_string();
        let encoding = st.encoding;
        let path = convert::uri_to_path(uri);
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
        let changes: Vec<ContentChange> = content_changes
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
                let (batch, message) = Self::too_large(&mut st, uri, &key, path);
                Change::TooLarge(batch, message)
            }
            (false, _) => Self::analysis_job(&mut st, key, path, format, version).map_or(Change::Nothing, Change::Analyze),
        })
    }

    /// `didSave`: a saved configuration file is read again.
    pub(super) async fn save_document(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = convert::uri_to_path(&params.text_document.uri)
            && self.state().is_config_path(&path)
        {
            self.state().resolver.changed(&path);
            self.reload_config().await;
        }
    }

    /// `didClose`: the article goes back to the disk's version (or leaves the workspace).
    pub(super) async fn close_document(&self, params: DidCloseTextDocumentParams) {
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
}
