//! The language server: a thin front over the workspace (see ARCHITECTURE.md).
//!
//! `server` routes LSP requests; `state` owns documents and workspaces; `convert` is the one
//! place byte spans become LSP ranges; `edits` builds workspace edits; `scan` finds and
//! watches the article files; the feature modules (`hover`, `definition`, `references`,
//! `symbols`, `semantic_tokens`, `rename`, `code_actions`, `commands`) answer requests.

mod code_actions;
mod commands;
mod convert;
mod definition;
mod edits;
mod fence;
mod framing;
mod hover;
mod references;
mod rename;
mod scan;
mod semantic_tokens;
mod server;
mod state;
mod symbols;

use tower_lsp_server::{LspService, Server};

/// Serves the Language Server Protocol on stdin/stdout until the client exits.
pub fn run() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        let (writer, reader) = tokio::io::duplex(1 << 20);
        tokio::spawn(framing::sanitize(tokio::io::stdin(), writer));
        serve(reader, tokio::io::stdout()).await;
    });
    // Reading stdin blocks a pool thread; do not wait for it once the client said exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(50));
    Ok(())
}

/// Serves on any byte streams (stdio for the binary, a duplex pipe in tests).
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = LspService::new(server::Backend::new);
    Server::new(input, output, socket).serve(fence::Fenced::new(service)).await;
}
