//! Publishing diagnostics: collecting a batch of (document, diagnostics, version) under the
//! state lock, and sending it under an async lock that keeps an older version's diagnostics from
//! overtaking a newer one's, dropping those of a version superseded meanwhile.

use std::collections::HashMap;
use std::sync::Mutex;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::super::convert;
use super::super::state::State;
use super::{Backend, Batch};
use crate::workspace::ConfigError;

impl Backend {
    /// Diagnostics for every open document (and the config files with problems).
    pub(super) fn collect_all(state: &State) -> Batch {
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
                    range: convert::line_range(p.line),
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

    pub(super) fn collect_one(state: &State, key: &str, version: Option<i32>) -> Batch {
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

    /// Diagnostics for `key` and, once the workspace is scanned, for the open articles among
    /// `affected` (the others' cross-document findings did not change).
    pub(super) fn collect_affected(state: &State, key: &str, affected: &[String]) -> Batch {
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

    pub(super) async fn publish(&self, batch: Batch) {
        Self::publish_to(&self.client, &self.state, &self.publishing, batch).await;
    }

    /// [`Backend::publish`] for a task that outlives the handler (a late archive answer).
    pub(super) async fn publish_to(client: &Client, state: &Mutex<State>, publishing: &tokio::sync::Mutex<()>, batch: Batch) {
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
    pub(super) fn collect_with_problems(st: &mut State, problems: HashMap<String, Vec<ConfigError>>) -> Batch {
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
}
