//! `factline archive add`: reads files and folders, analyses the new and changed ones (a
//! file whose text hash the archive already holds for its path is skipped) and writes them
//! in batches, each batch one transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::archive_path;
use super::record::{ArticleRecord, content_hash};
use super::store::{Archive, ArchiveError};
use crate::extract::Format;
use crate::workspace::{Project, Resolver, Workspace, discover, read_article};

/// Articles analysed at a time (on every core), then handed to the writer.
const BATCH: usize = 256;

/// Articles per transaction: large enough that a commit is rare, small enough that another
/// writer waits seconds, not its minute of patience (a reader of SQLite or PostgreSQL does not
/// wait at all). PostgreSQL's records of a transaction wait in memory until it is written;
/// SQLite's are written as they come, into a transaction kept open.
///
/// SQLite's is larger: the indexes keyed by article id (a hash) take each batch's rows all
/// over, so every commit rewrites most of their pages (into the log, then into the file). At
/// 100,000 articles 8,192 a commit took a quarter less of the writer's CPU than 2,048, for
/// ~130 MiB more peak memory. PostgreSQL keeps 2,048: its server took 3.8 s of CPU for
/// 10,000 articles through `COPY`, well under what the analysis takes, and 8,192 would hold
/// ~130 MiB more for nothing measured.
fn write_batch(archive: &Archive) -> usize {
    if archive.is_postgres() { 2048 } else { 8192 }
}

/// Analysed batches that may wait for the writer. SQLite's writer takes each batch as it
/// comes. PostgreSQL's gathers a transaction's worth and then waits on the server while it
/// is written: room for that many batches keeps the analysis going meanwhile (a few tens of
/// MiB of records) instead of stopping for every write.
fn channel_batches(archive: &Archive) -> usize {
    if archive.is_postgres() { write_batch(archive) / BATCH } else { 2 }
}

/// How long an SQLite import leaves the write lock free between its transactions: SQLite
/// keeps no queue of waiting writers, and one that waits (another import) retries every
/// 100 ms at most, so a shorter gap would let a long import keep the lock to itself.
const SQLITE_LOCK_GAP: std::time::Duration = std::time::Duration::from_millis(120);

/// SQLite: each batch written as it arrives into a transaction kept open for
/// `per_transaction` articles. Writing used to wait for a transaction's worth of records,
/// and the analysis stopped while they were written (at 10,000 articles the cores took
/// turns: ~7 s analysing with the writer idle, then ~2.5 s writing with the analysis
/// blocked); now the two overlap and only the batches in the channel wait in memory.
fn write_sqlite_streamed(
    archive: &mut Archive,
    rx: std::sync::mpsc::Receiver<Vec<ArticleRecord>>,
    per_transaction: usize,
) -> Result<usize, ArchiveError> {
    let mut n = 0;
    let mut in_transaction = 0;
    for records in rx {
        archive.write_into_open(&records)?;
        n += records.len();
        in_transaction += records.len();
        if in_transaction >= per_transaction {
            archive.commit_open()?;
            in_transaction = 0;
            std::thread::sleep(SQLITE_LOCK_GAP);
        }
    }
    archive.commit_open()?;
    Ok(n)
}

/// PostgreSQL: a transaction's worth of records gathered, then written in one (`COPY`), rows
/// in id order so two imports never wait on each other in a circle.
fn write_postgres_batches(
    archive: &mut Archive,
    rx: std::sync::mpsc::Receiver<Vec<ArticleRecord>>,
    per_transaction: usize,
) -> Result<usize, ArchiveError> {
    let mut n = 0;
    let mut pending: Vec<ArticleRecord> = Vec::new();
    for records in rx {
        pending.extend(records);
        if pending.len() >= per_transaction {
            archive.write(&pending)?;
            n += pending.len();
            pending.clear();
        }
    }
    if !pending.is_empty() {
        archive.write(&pending)?;
        n += pending.len();
    }
    Ok(n)
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddReport {
    pub added: usize,
    pub unchanged: usize,
    /// Files that could not be read, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// A file to import and the project whose knowledge base and settings analyse it.
struct Pending {
    file: PathBuf,
    stored: String,
    project: Arc<Project>,
}

/// The files under `paths` (folders walked with their project's include/exclude globs).
fn collect(paths: &[PathBuf], resolver: &mut Resolver) -> Vec<Pending> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let files = if path.is_dir() {
            let project = resolver.project_for_dir(path);
            discover(path, &project.filter)
        } else {
            vec![path.clone()]
        };
        for file in files {
            let stored = archive_path(&file);
            if seen.insert(stored.clone()) {
                let project = resolver.project_for(&file);
                out.push(Pending { file, stored, project });
            }
        }
    }
    out
}

/// Adds the files and folders `paths` to the archive; `on_progress` is told of each file done.
pub fn add(archive: &mut Archive, paths: &[PathBuf], on_progress: &(dyn Fn(usize, usize) + Sync)) -> Result<AddReport, ArchiveError> {
    let cwd: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    let mut resolver = Resolver::new(&cwd, None, true);
    let pending = collect(paths, &mut resolver);
    let total = pending.len();
    let mut report = AddReport::default();
    // One workspace per project: it holds the context (knowledge base, cues, default year)
    // the project's files are analysed with.
    let mut workspaces: HashMap<Option<PathBuf>, Workspace> = HashMap::new();
    for p in &pending {
        workspaces
            .entry(p.project.root.clone())
            .or_insert_with(|| Workspace::new(p.project.kb.clone(), p.project.config.clone()));
    }
    // Known hashes first, so the writer below is the only user of the connection.
    let mut known: HashMap<String, String> = HashMap::new();
    for chunk in pending.chunks(1024) {
        let stored: Vec<String> = chunk.iter().map(|p| p.stored.clone()).collect();
        known.extend(archive.hashes(&stored)?);
    }
    // Analysis of one batch (on every core) overlaps the writing of the one before.
    let written = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ArticleRecord>>(channel_batches(archive));
        let per_transaction = write_batch(archive);
        let writer = scope.spawn(move || -> Result<usize, ArchiveError> {
            if archive.is_postgres() {
                write_postgres_batches(archive, rx, per_transaction)
            } else {
                write_sqlite_streamed(archive, rx, per_transaction)
            }
        });
        let mut done = 0;
        for chunk in pending.chunks(BATCH) {
            let results: Vec<Result<Option<ArticleRecord>, (PathBuf, String)>> = chunk
                .par_iter()
                .map(|p| {
                    let text = read_article(&p.file, p.project.config.max_file_size, None).map_err(|e| (p.file.clone(), e.to_string()))?;
                    if known.get(&p.stored).is_some_and(|h| *h == content_hash(&text)) {
                        return Ok(None);
                    }
                    let ws = workspaces
                        .get(&p.project.root)
                        .ok_or_else(|| (p.file.clone(), "no project".to_string()))?;
                    let format = Format::from_path_or_language(&p.stored, None);
                    let article = ws
                        .analyze(&p.stored, Some(p.file.clone()), Arc::from(text), format, None)
                        .map_err(|failed| (p.file.clone(), failed.report.log_line(&p.stored)))?;
                    Ok(Some(ArticleRecord::new(&p.stored, &article.text, &article.analysis, ws.kb())))
                })
                .collect();
            let mut records = Vec::new();
            for r in results {
                match r {
                    Ok(Some(rec)) => records.push(rec),
                    Ok(None) => report.unchanged += 1,
                    Err(e) => report.unreadable.push(e),
                }
            }
            done += chunk.len();
            on_progress(done, total);
            // The writer stopped (its error comes from `join` below).
            if !records.is_empty() && tx.send(records).is_err() {
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(ArchiveError::Database(String::new(), "the writer failed".into())))
    })?;
    report.added = written;
    Ok(report)
}

/// Removes the articles at or below each of `paths` (which need not exist any more).
pub fn remove(archive: &mut Archive, paths: &[PathBuf]) -> Result<u64, ArchiveError> {
    let mut n = 0;
    for p in paths {
        let stored = match p.to_str() {
            // A URL is stored as given.
            Some(s) if s.contains("://") => s.to_string(),
            _ => archive_path(p),
        };
        n += archive.remove(&stored)?;
    }
    Ok(n)
}

/// The configuration a bare `archive` command uses when none is named: the nearest
/// `factline.toml` above the working folder.
pub fn configured_location(cwd: &Path) -> Option<(super::Location, Option<PathBuf>)> {
    let mut resolver = Resolver::new(&[cwd.to_path_buf()], None, true);
    let project = resolver.project_for_dir(cwd);
    let value = project.config.archive.clone()?;
    Some((super::Location::parse(&value, project.root.as_deref()), project.config_file.clone()))
}
