//! `factline sheet`: the story sheet of the articles named on the command line, as Markdown or
//! JSON (built by [`crate::workspace::sheet`], which the server shares).

use std::process::ExitCode;

use anyhow::Result;

use super::check::load;
use super::{SheetFormat, SheetOptions};
use crate::workspace::sheet::{build, markdown};

pub fn run(opts: &SheetOptions) -> Result<ExitCode> {
    let Some(loaded) = load(&opts.paths, opts.no_config) else {
        return Ok(ExitCode::from(2));
    };
    let sheet = build(&|k| loaded.projects.workspace_of(k), &loaded.keys, &|k| k.to_string());
    let output = match opts.format {
        SheetFormat::Markdown => markdown(&sheet),
        SheetFormat::Json => {
            let mut text = serde_json::to_string_pretty(&sheet)?;
            text.push('\n');
            text
        }
    };
    super::write_stdout(&output)?;
    Ok(ExitCode::SUCCESS)
}
