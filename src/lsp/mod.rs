//! The language server: a thin front over the workspace (see ARCHITECTURE.md).

/// Serves the Language Server Protocol on stdin/stdout until the client exits.
pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("the language server is not built yet")
}
