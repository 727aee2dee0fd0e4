//! factline: inline fact-check hints for news articles.
//!
//! The layers follow the data flow (see ARCHITECTURE.md): [`text`] → [`kb`] → [`extract`]
//! → [`workspace`] → [`check`] → the fronts, [`lsp`] and [`cli`].

pub mod archive;
pub mod check;
pub mod cli;
pub mod extract;
pub mod kb;
pub mod lsp;
pub mod panics;
pub mod text;
pub mod workspace;
