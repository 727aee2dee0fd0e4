//! The command line front: `check` and `sheet` over the files of one call.
//!
//! [`check`] collects the files and builds a workspace per project (both jobs share it); [`human`],
//! [`json`] and [`sarif`] print findings; [`sheet`] prints the story sheet. Nothing here
//! analyses text: it reads files, asks the workspace, and shapes the answers.

pub mod archive;
pub mod check;
pub mod debug;
pub mod generated;
pub mod human;
pub mod json;
pub mod sarif;
pub mod sheet;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::check::{Finding, Severity};
use crate::workspace::Article;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: set and non-empty disables colour.
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: OutputFormat,
    /// `None`: never fail on findings (`--fail-on none`).
    pub fail_on: Option<Severity>,
    pub no_config: bool,
    pub color: ColorChoice,
    /// `--archive`: the newsroom archive to check against (else each project's `archive`).
    pub archive: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SheetOptions {
    pub paths: Vec<PathBuf>,
    pub format: SheetFormat,
    pub no_config: bool,
}

/// One checked file: its display path (also its workspace key), the analysed article and
/// the findings of the rules.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub article: Arc<Article>,
    pub findings: Vec<Finding>,
}

/// Writes a whole output to stdout at once; errors (a closed pipe) go to the caller.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
