//! `factline archive add|remove|stats`, and the archive lookup of `factline check`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::check::Loaded;
use crate::archive::{self, Archive, Location, Mode, import};

/// Which archive a command uses: the one named on the command line, else the one of the
/// nearest `factline.toml` above the working folder.
fn location(flag: Option<&str>) -> Result<Location> {
    if let Some(v) = flag {
        return Ok(Location::parse(v, None));
    }
    let cwd = std::env::current_dir()?;
    match import::configured_location(&cwd) {
        Some((loc, _)) => Ok(loc),
        None => bail!("no archive named: pass --archive FILE|URL or set `archive = \"archive.db\"` in factline.toml"),
    }
}

pub fn add(flag: Option<&str>, paths: &[PathBuf]) -> Result<ExitCode> {
    let loc = location(flag)?;
    let mut archive = Archive::open(&loc, Mode::Write)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("#>-"),
        );
        bar.set_message("archiving");
        bar
    });
    let report = import::add(&mut archive, paths, &|done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for (file, why) in &report.unreadable {
        eprintln!("factline: {}: {why}", file.display());
    }
    println!(
        "{}: {} added or updated, {} unchanged, {} unreadable",
        archive.shown(),
        report.added,
        report.unchanged,
        report.unreadable.len()
    );
    Ok(if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn remove(flag: Option<&str>, paths: &[PathBuf]) -> Result<ExitCode> {
    let loc = location(flag)?;
    let mut archive = Archive::open(&loc, Mode::Write)?;
    let n = import::remove(&mut archive, paths)?;
    println!("{}: {n} removed", archive.shown());
    Ok(ExitCode::SUCCESS)
}

pub fn stats(flag: Option<&str>) -> Result<ExitCode> {
    let loc = location(flag)?;
    let mut archive = Archive::open(&loc, Mode::Read)?;
    let s = archive.stats()?;
    println!("archive: {}", archive.shown());
    println!("schema version: {}", s.schema_version);
    println!("articles: {}", s.articles);
    println!("quantity statements: {}", s.statements);
    println!("entity rows: {}", s.entity_rows);
    if let (Some(a), Some(b)) = (&s.first_date, &s.last_date) {
        println!("dates: {a} to {b}");
    }
    if let Location::Sqlite(p) = &loc
        && let Ok(m) = std::fs::metadata(p)
    {
        println!("file size: {} bytes", m.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Archives being opened on threads of their own while the files are read and analysed: the
/// connection, TLS handshake and schema check of a PostgreSQL archive overlap the start-up
/// and the analysis instead of following them.
#[derive(Default)]
pub struct Opening(HashMap<Location, std::thread::JoinHandle<Result<Archive, archive::ArchiveError>>>);

impl Opening {
    /// Starts opening the archive that `--archive` names, if any.
    pub fn flagged(flag: Option<&str>) -> Opening {
        let mut opening = Opening::default();
        if let Some(v) = flag {
            opening.start(Location::parse(v, None));
        }
        opening
    }

    fn start(&mut self, loc: Location) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.0.entry(loc) {
            let loc = e.key().clone();
            e.insert(std::thread::spawn(move || Archive::open(&loc, Mode::Read)));
        }
    }

    /// The archive at `loc`: the one being opened, else opened now.
    fn take(&mut self, loc: &Location) -> Result<Archive, archive::ArchiveError> {
        match self.0.remove(loc) {
            Some(opening) => opening
                .join()
                .unwrap_or_else(|_| Err(archive::ArchiveError::Database(loc.shown(), "opening the archive failed".into()))),
            None => Archive::open(loc, Mode::Read),
        }
    }
}

/// Files in each project's workspace the archived statements of its articles' quantity keys:
/// the archive named by `flag` (being opened in `opening`), else the project's `archive`
/// setting. An archive that cannot be used costs one line on stderr; the check goes on without
/// it.
pub fn attach(loaded: &mut Loaded, flag: Option<&str>, mut opening: Opening) {
    let mut configured: HashMap<Option<PathBuf>, Location> = HashMap::new();
    for p in &loaded.configured {
        if let Some(v) = &p.config.archive {
            configured.insert(p.root.clone(), Location::parse(v, p.root.as_deref()));
        }
    }
    let flagged = flag.map(|v| Location::parse(v, None));
    let mut open: HashMap<Location, Option<Archive>> = HashMap::new();
    for (root, ws) in loaded.projects.workspaces_mut() {
        let Some(loc) = flagged.clone().or_else(|| configured.get(root).cloned()) else {
            continue;
        };
        let archive = open.entry(loc.clone()).or_insert_with(|| match opening.take(&loc) {
            Ok(a) => Some(a),
            Err(e) => {
                eprintln!("factline: archive not used: {e}");
                None
            }
        });
        let Some(a) = archive else { continue };
        let keys: Vec<String> = ws.articles().map(|a| a.key.clone()).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        if let Err(e) = archive::attach(a, ws, &keys) {
            eprintln!("factline: archive not used: {e}");
            *archive = None;
        }
    }
}
