//! The language server's backend: the state it shares between handlers and the waits they
//! use. `dispatch` routes each message; `requests` answers requests; `sync` applies document
//! changes (under the state mutex before any `.await`, so they apply in arrival order) and
//! analyses; `publish` sends diagnostics, checking that the version they were computed for is still current;
//! `capabilities` negotiates with the client; `indexing` scans and watches the folders;
//! `archived` asks the newsroom archive.

mod archived;
mod capabilities;
mod dispatch;
mod indexing;
mod publish;
mod requests;
mod sync;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::State;
use crate::extract::Format;
use crate::workspace::{Analyzer, Article};

/// The server: the client, the shared state and the initial scan's signal.
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

    /// The key of a document and a byte offset for a request's position.
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
