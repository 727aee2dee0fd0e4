//! `factline check`: collect the files named on the command line, read them, run the rules
//! and print the findings; also the file collection `sheet` reuses.
//!
//! Configuration: every file gets the configuration of its project from
//! [`crate::workspace::Resolver`], as the server does, with the working folder standing for
//! the workspace folder. Files of one call governed by different `factline.toml` files are
//! different projects, and cross-article checks compare articles of one project.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use super::{CheckOptions, FileReport, OutputFormat, human, json, sarif};
use crate::check::{Code, Finding};
use crate::extract::{Analysis, Format};
use crate::text::{LineIndex, Span};
use crate::workspace::{
    Analyzer, Article, ArticleFilter, ConfigProblem, Folders, Guard, Project, Projects, ReadError, Resolver, discover, read_article_file,
    read_config_file,
};

/// Files checked in parallel at a time: enough to keep the cores busy, few enough that their
/// findings and JSON (tens of kilobytes a file) are small next to the workspace.
const CHECK_BATCH: usize = 64;

/// Above this many files, a progress bar shows on a terminal.
const PROGRESS_MIN_FILES: usize = 20;

pub fn run(opts: &CheckOptions) -> Result<ExitCode> {
    let opening = super::archive::Opening::flagged(opts.archive.as_deref());
    let Some(mut loaded) = load(&opts.paths, opts.no_config) else {
        return Ok(ExitCode::from(2));
    };
    super::archive::attach(&mut loaded, opts.archive.as_deref(), opening);
    let fails = |r: &FileReport| opts.fail_on.is_some_and(|min| r.findings.iter().any(|f| f.severity >= min));
    let failed = match opts.format {
        OutputFormat::Human | OutputFormat::Sarif => {
            let reports: Vec<FileReport> = loaded.check().collect();
            let text = match opts.format {
                OutputFormat::Human => human::render(&reports, &loaded.projects, opts.color.enabled()),
                _ => sarif::render(&reports, &loaded.projects, &loaded.disk_offsets)?,
            };
            super::write_stdout(&text)?;
            reports.iter().any(fails)
        }
        // Written as it is made: the findings and output of a large workspace are never held
        // whole.
        OutputFormat::Json => {
            let mut failed = false;
            let files = loaded
                .check_each(|r| (fails(&r), json::file_json(r, &loaded.projects, &loaded.disk_offsets)))
                .map(|(fails, file)| {
                    failed |= fails;
                    file
                });
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            json::write(&mut out, files, &loaded.projects, &loaded.disk_offsets)?;
            out.flush()?;
            failed
        }
    };
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The files of one call, read and analysed, a workspace per project.
pub struct Loaded {
    pub projects: Projects,
    /// Workspace keys (display paths) of the files that could be read, in path order.
    pub keys: Vec<String>,
    /// Bytes before the analysed text in each file (a byte-order mark), by workspace key.
    pub disk_offsets: DiskOffsets,
    /// Every project the call met (by root): their problems in `factline.toml`,
    /// knowledge-base and checked-figures files are reported as `config-error` findings in
    /// those files (and on stderr).
    pub configured: Vec<Arc<Project>>,
}

/// Bytes before the analysed text in each file, by workspace key: offsets the CLI prints as
/// offsets into the file (JSON `start`/`end`, SARIF `byteOffset`) add these.
#[derive(Clone, Debug, Default)]
pub struct DiskOffsets(HashMap<String, usize>);

impl DiskOffsets {
    pub fn of(&self, key: &str) -> usize {
        self.0.get(key).copied().unwrap_or(0)
    }
}

impl Loaded {
    /// Runs the rules on every file, with the other files of its project in view: the reports
    /// in order, files first, then the configuration files with problems. The rules run on a
    /// batch of files at a time in parallel (each reads the shared index), so a caller that
    /// writes each report as it comes never holds all the findings.
    pub fn check(&self) -> impl Iterator<Item = FileReport> + '_ {
        self.check_each(|report| report)
    }

    /// [`Loaded::check`], each report turned by `each` into what the caller keeps (the JSON of
    /// a file, say) on the thread that checked it, so that work is parallel too.
    pub fn check_each<'s, T: Send + 's>(&'s self, each: impl Fn(FileReport) -> T + Send + Sync + 's) -> impl Iterator<Item = T> + 's {
        let mut progress = Progress::new("checking", self.keys.len());
        let each = Arc::new(each);
        let batch_each = each.clone();
        let batches = self.keys.chunks(CHECK_BATCH).flat_map(move |batch| {
            let checked: Vec<_> = batch
                .par_iter()
                .map(|key| {
                    let checked = self.projects.workspace_of(key).map(|ws| ws.check(key))?;
                    let article = self.projects.get(key)?.clone();
                    let report = FileReport {
                        path: key.clone(),
                        findings: checked.findings,
                        article,
                    };
                    Some((checked.failures, batch_each(report)))
                })
                .collect();
            batch.iter().zip(checked).collect::<Vec<_>>()
        });
        let files = batches.filter_map(move |(key, checked)| {
            progress.step();
            if progress.done == progress.total {
                progress.clear();
            }
            let (failures, made) = checked?;
            for failure in &failures {
                progress.clear();
                eprintln!(
                    "factline: {key}: rule {} failed ({}); its findings for this file are missing",
                    failure.code, failure.message
                );
            }
            Some(made)
        });
        files.chain(std::iter::once_with(move || self.config_reports().into_iter().map(move |r| each(r))).flatten())
    }

    /// One report per configuration file with problems, each problem a `config-error` at its
    /// line (the whole file when it has none), so they count for `--fail-on` and show in
    /// every output format. A project whose configuration turns `config-error` off leaves
    /// its problems to stderr.
    fn config_reports(&self) -> Vec<FileReport> {
        let mut by_file: Vec<(&Path, Vec<(&ConfigProblem, crate::check::Severity)>)> = Vec::new();
        for project in &self.configured {
            let Some(severity) = project.config.rules.severity(Code::ConfigError) else {
                continue;
            };
            for p in &project.problems {
                match by_file.iter_mut().find(|(f, _)| *f == p.path.as_path()) {
                    Some((_, list)) if list.iter().any(|(q, _)| *q == p) => {}
                    Some((_, list)) => list.push((p, severity)),
                    None => by_file.push((&p.path, vec![(p, severity)])),
                }
            }
        }
        by_file
            .into_iter()
            .map(|(path, problems)| {
                let text: Arc<str> = Arc::from(read_config_file(path).unwrap_or_default());
                let line_index = Arc::new(LineIndex::new(&text));
                let findings = problems
                    .iter()
                    .map(|(p, severity)| {
                        let span = match p.line {
                            Some(line) if (line as usize) < line_index.line_count() => {
                                let whole = line_index.line_span(line as usize);
                                let content = whole.slice(&text);
                                let lead = content.len() - content.trim_start().len();
                                Span::new(whole.start + lead, whole.start + content.trim_end().len())
                            }
                            _ => Span::new(0, 0),
                        };
                        let mut f = Finding::new(Code::ConfigError, span, p.report());
                        f.severity = *severity;
                        f
                    })
                    .collect();
                let key = shown(path);
                let article = Arc::new(Article {
                    key: key.clone(),
                    name: key.clone(),
                    path: Some(path.to_path_buf()),
                    text,
                    line_index,
                    format: Format::Plain,
                    analysis: Analysis::default(),
                    version: None,
                    archive_identity: Default::default(),
                });
                FileReport {
                    path: key,
                    article,
                    findings,
                }
            })
            .collect()
    }
}

/// Collects, reads and analyses the files under `paths`, each with the configuration of its
/// project (see [`crate::workspace::resolve`]; the working folder stands for the workspace
/// folder). Problems with single files are reported on stderr and the file skipped; `None`
/// when no file could be read at all (the reason is on stderr too).
pub fn load(paths: &[PathBuf], no_config: bool) -> Option<Loaded> {
    let cwd: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    let mut resolver = Resolver::new(&cwd, None, !no_config);
    let (files, folder_projects) = collect(paths, &mut resolver);
    // The projects of the files checked and of the folders named: a project met only on the
    // way (a subfolder left out by its parent's `exclude`) is not reported on.
    let mut used: Vec<Arc<Project>> = Vec::new();
    for project in files.iter().map(|f| &f.project).chain(&folder_projects) {
        if !used.iter().any(|u| u.root == project.root) {
            used.push(project.clone());
        }
    }
    used.sort_by(|a, b| a.root.cmp(&b.root));
    for p in problems_of(&used) {
        match p.line {
            Some(line) => eprintln!("{}:{}: {}: {}", shown(&p.path), line + 1, p.label(), p.message),
            None => eprintln!("{}: {}: {}", shown(&p.path), p.label(), p.message),
        }
    }
    let mut projects = Projects::new(Guard::inline());
    let mut keys = Vec::with_capacity(files.len());
    let mut disk_offsets = DiskOffsets::default();
    // Files are read and analysed in parallel (each with its project's analyzer), then stored
    // one by one in command-line order.
    let mut analyzers: Vec<(&Option<PathBuf>, Analyzer)> = Vec::new();
    let mut jobs: Vec<(&FileEntry, usize)> = Vec::with_capacity(files.len());
    for f in &files {
        let n = match analyzers.iter().position(|(root, _)| **root == f.project.root) {
            Some(n) => n,
            None => {
                analyzers.push((&f.project.root, projects.analyzer(&f.project)));
                analyzers.len() - 1
            }
        };
        jobs.push((f, n));
    }
    let analyzed: Vec<_> = jobs
        .par_iter()
        .map(|&(f, n)| {
            let read = read_article_file(&f.path, f.project.config.max_file_size, f.within.as_deref())?;
            let format = Format::from_path_or_language(&f.display, None);
            let analyzer = &analyzers[n].1;
            let article = analyzer.analyze(&f.display, Some(f.path.clone()), read.text.into(), None, format, None);
            Ok((article, read.disk_offset))
        })
        .collect();
    let mut progress = Progress::new("reading", files.len());
    for (file, result) in files.iter().zip(analyzed) {
        progress.step();
        match result {
            Ok((article, disk_offset)) => {
                let (_, fault) = projects.set_analyzed(&file.project, article);
                // A file whose analysis failed is reported and left out; the others go on.
                if let Some(fault) = fault {
                    progress.clear();
                    eprintln!("{}; the file is skipped", fault.log_line(&file.display));
                    projects.remove(&file.display);
                    continue;
                }
                keys.push(file.display.clone());
                if disk_offset > 0 {
                    disk_offsets.0.insert(file.display.clone(), disk_offset);
                }
            }
            Err(e) => {
                let e: ReadError = e;
                progress.clear();
                eprintln!("factline: {}: {e}", file.display);
            }
        }
    }
    progress.finish();
    if keys.is_empty() {
        if !files.is_empty() {
            eprintln!("factline: no file could be checked");
        }
        return None;
    }
    keys.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    Some(Loaded {
        projects,
        keys,
        disk_offsets,
        configured: used,
    })
}

/// Every problem of the projects, each once (two projects may share a knowledge-base file).
fn problems_of(projects: &[Arc<Project>]) -> Vec<ConfigProblem> {
    let mut out: Vec<ConfigProblem> = Vec::new();
    for p in projects.iter().flat_map(|p| &p.problems) {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// A file to read: the path to open, the path to show (and use as workspace key), its
/// project, and for a file found in a folder, that folder (a symbolic link is followed only to
/// a target inside it).
struct FileEntry {
    path: PathBuf,
    display: String,
    project: Arc<Project>,
    within: Option<Arc<Folders>>,
}

/// Expands folders (each file found kept by its own project's include/exclude), keeps files
/// named (whatever their extension) and missing paths (reading them reports the problem),
/// and drops a file named twice. Also the projects of the folders named.
fn collect(paths: &[PathBuf], resolver: &mut Resolver) -> (Vec<FileEntry>, Vec<Arc<Project>>) {
    let mut out = Vec::new();
    let mut folder_projects = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: PathBuf, project: Arc<Project>, within: Option<Arc<Folders>>| {
        // The same file under two spellings ("a.txt", "./a.txt") would contradict itself.
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            let display = path.to_string_lossy().into_owned();
            out.push(FileEntry {
                path,
                display,
                project,
                within,
            });
        }
    };
    let everything = ArticleFilter::all();
    for path in paths {
        if path.is_dir() {
            let folder_project = resolver.project_for_dir(path);
            // Globs are relative to each file's own project root, which may lie above the
            // folder given, so discovery keeps everything and each file's project filters.
            let mut found: Vec<(PathBuf, Arc<Project>)> = Vec::new();
            for p in discover(path, &everything) {
                if resolver.is_article(&p, path) {
                    let project = resolver.project_for(&p);
                    found.push((p, project));
                }
            }
            if found.is_empty() {
                eprintln!(
                    "factline: {}: no article files found (include: {})",
                    path.display(),
                    folder_project.config.include.join(", ")
                );
            }
            let within = Arc::new(Folders::new(std::slice::from_ref(path)));
            for (p, project) in found {
                push(p, project, Some(within.clone()));
            }
            folder_projects.push(folder_project);
        } else {
            let project = resolver.project_for(path);
            push(path.clone(), project, None);
        }
    }
    (out, folder_projects)
}

/// A path for messages: relative to the working directory when it lies under it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok()).unwrap_or(path);
    rel.display().to_string()
}

/// A one-line progress bar on stderr, for long runs on a terminal only.
struct Progress {
    label: &'static str,
    total: usize,
    done: usize,
    visible: bool,
}

impl Progress {
    const WIDTH: usize = 30;

    fn new(label: &'static str, total: usize) -> Progress {
        let visible = total > PROGRESS_MIN_FILES && std::io::stderr().is_terminal();
        Progress {
            label,
            total,
            done: 0,
            visible,
        }
    }

    fn step(&mut self) {
        self.done += 1;
        if self.visible {
            let filled = Self::WIDTH * self.done / self.total.max(1);
            let bar = format!("{}{}", "#".repeat(filled), " ".repeat(Self::WIDTH - filled));
            eprint!("\r{} [{bar}] {}/{}", self.label, self.done, self.total);
            let _ = std::io::stderr().flush();
        }
    }

    /// Erases the bar so a message can be printed on a clean line.
    fn clear(&self) {
        if self.visible {
            eprint!("\r\x1b[K");
        }
    }

    fn finish(self) {
        self.clear();
    }
}
