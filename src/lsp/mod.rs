//! The language server: a thin front over the workspace (see ARCHITECTURE.md).
//!
//! `guard` stands between stdio and tower-lsp (`framing` cuts frames, `envelope` checks each
//! message) so that no input stops the server; `fence` turns a panicking handler into one
//! error reply; `server` is the backend (`dispatch` routes LSP requests to document sync,
//! publishing, capability negotiation, indexing and the features); `state` owns
//! documents and workspaces; `convert` is the one place byte spans become LSP ranges; `edits`
//! builds workspace edits; `scan` finds and watches the article files; the feature modules
//! (`hover`, `definition`, `references`, `symbols`, `semantic_tokens`, `rename`,
//! `code_actions`, `commands`) answer requests.

mod archive;
mod code_actions;
mod commands;
mod convert;
mod definition;
mod edits;
mod envelope;
mod fence;
mod framing;
mod guard;
mod hover;
mod references;
mod rename;
mod scan;
mod semantic_tokens;
mod server;
mod state;
mod symbols;

use tower_lsp_server::{LspService, Server};

pub use envelope::server_decodes;
pub use guard::{Sanitized, sanitize_reads};

/// Serves the Language Server Protocol on stdin/stdout until the client exits.
pub fn run() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Reading stdin blocks a pool thread; do not wait for it once the client said exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(50));
    Ok(())
}

/// How long handlers may run on after the client's `exit`.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serves on any byte streams (stdio for the binary, a duplex pipe in tests), with the guard
/// (see `guard`) between them and tower-lsp.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_input) = tokio::io::duplex(1 << 20);
    let (server_output, from_server) = tokio::io::duplex(1 << 20);
    let (replies, replies_rx) = tokio::sync::mpsc::channel(64);
    let exit_seen = std::sync::Arc::new(tokio::sync::Notify::new());
    let reader = tokio::spawn(guard::read_input(input, to_server, replies, exit_seen.clone()));
    let writer = tokio::spawn(guard::write_output(from_server, replies_rx, output));
    let (service, socket) = LspService::new(server::Backend::new);
    let serving = Server::new(server_input, server_output, socket).serve(fence::Fenced::new(service));
    // tower-lsp stops only once every running handler has finished, and a handler waiting for
    // the client's answer (progress, a registration) waits as long as the client stays
    // silent: after `exit`, such handlers get a short grace and are then dropped.
    tokio::select! {
        () = serving => {}
        () = async {
            exit_seen.notified().await;
            tokio::time::sleep(EXIT_GRACE).await;
        } => eprintln!("factline: exit: dropped handlers still waiting for the client"),
    }
    // tower-lsp dropped its output: the writer ends once the last frame is out (bounded, in
    // case the client stopped reading).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    reader.abort();
}
