//! `factline check`: collect the files named on the command line, read them into one
//! workspace, run the rules and print the findings; also the file collection `sheet` reuses.
//!
//! Configuration: each file (or folder) is read with the nearest `factline.toml` at or above
//! it (its `include`/`exclude` and `max_file_size`). One call is one workspace, and a
//! workspace has one configuration: the nearest `factline.toml` of the first path on the
//! command line gives the rules, attribution cues, default year and knowledge-base files.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use super::{CheckOptions, FileReport, OutputFormat, human, json, sarif};
use crate::check::{Code, Finding};
use crate::extract::{Analysis, Format};
use crate::kb::KnowledgeBase;
use crate::text::{LineIndex, Span};
use crate::workspace::{
    Article, ArticleFilter, CHECKED_FILE, CONFIG_FILE, CheckedFigures, Config, Folders, ReadError, Workspace, discover, lexical_normal,
    read_article_file, read_config_file,
};

/// Above this many files, a progress bar shows on a terminal.
const PROGRESS_MIN_FILES: usize = 20;

pub fn run(opts: &CheckOptions) -> Result<ExitCode> {
    let Some(loaded) = load(&opts.paths, opts.no_config) else {
        return Ok(ExitCode::from(2));
    };
    let reports = loaded.check();
    match opts.format {
        OutputFormat::Human => super::write_stdout(&human::render(&reports, &loaded.workspace, opts.color.enabled()))?,
        // Written as it is made: the output of a large workspace is never held whole.
        OutputFormat::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            json::write(&mut out, &reports, &loaded.workspace, &loaded.disk_offsets)?;
            out.flush()?;
        }
        OutputFormat::Sarif => super::write_stdout(&sarif::render(&reports, &loaded.workspace, &loaded.disk_offsets)?)?,
    }
    let failed = opts
        .fail_on
        .is_some_and(|min| reports.iter().flat_map(|r| &r.findings).any(|f| f.severity >= min));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The files of one call, read and analysed in one workspace.
pub struct Loaded {
    pub workspace: Workspace,
    /// Workspace keys (display paths) of the files that could be read, in path order.
    pub keys: Vec<String>,
    /// Bytes before the analysed text in each file (a byte-order mark), by workspace key.
    pub disk_offsets: DiskOffsets,
    /// Problems in `factline.toml`, knowledge-base and checked-figures files: reported as
    /// `config-error` findings in those files (and logged on stderr as they are met).
    pub problems: Vec<ConfigProblem>,
}

/// A problem in a configuration file, at its line when it has one.
#[derive(Clone, Debug)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// Zero-based.
    pub line: Option<u32>,
    pub message: String,
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
    /// Runs the rules on every file, with the others of the call in view.
    pub fn check(&self) -> Vec<FileReport> {
        let mut progress = Progress::new("checking", self.keys.len());
        // The rules run on the files in parallel (each reads the shared index); the reports
        // are then made in order.
        let checked: Vec<_> = self.keys.par_iter().map(|key| self.workspace.check(key)).collect();
        let reports = self
            .keys
            .iter()
            .zip(checked)
            .filter_map(|(key, checked)| {
                progress.step();
                let article = self.workspace.get(key)?.clone();
                for failure in &checked.failures {
                    progress.clear();
                    eprintln!(
                        "factline: {key}: rule {} failed ({}); its findings for this file are missing",
                        failure.code, failure.message
                    );
                }
                Some(FileReport {
                    path: key.clone(),
                    findings: checked.findings,
                    article,
                })
            })
            .collect::<Vec<_>>();
        progress.finish();
        let mut reports = reports;
        reports.extend(self.config_reports());
        reports
    }

    /// One report per configuration file with problems, each problem a `config-error` at its
    /// line (the whole file when it has none), so they count for `--fail-on` and show in
    /// every output format.
    fn config_reports(&self) -> Vec<FileReport> {
        let Some(severity) = self.workspace.config().rules.severity(Code::ConfigError) else {
            return Vec::new();
        };
        let mut by_file: Vec<(&Path, Vec<&ConfigProblem>)> = Vec::new();
        for p in &self.problems {
            match by_file.iter_mut().find(|(f, _)| *f == p.path.as_path()) {
                Some((_, list)) => list.push(p),
                None => by_file.push((&p.path, vec![p])),
            }
        }
        by_file
            .into_iter()
            .map(|(path, problems)| {
                let text: Arc<str> = Arc::from(read_config_file(path).unwrap_or_default());
                let line_index = Arc::new(LineIndex::new(&text));
                let findings = problems
                    .iter()
                    .map(|p| {
                        let span = match p.line {
                            Some(line) if (line as usize) < line_index.line_count() => {
                                let whole = line_index.line_span(line as usize);
                                let content = whole.slice(&text);
                                let lead = content.len() - content.trim_start().len();
                                Span::new(whole.start + lead, whole.start + content.trim_end().len())
                            }
                            _ => Span::new(0, 0),
                        };
                        let mut f = Finding::new(Code::ConfigError, span, p.message.clone());
                        f.severity = severity;
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

/// Collects, reads and analyses the files under `paths`. Problems with single files are
/// reported on stderr and the file skipped; `None` when no file could be read at all (the
/// reason is on stderr too).
pub fn load(paths: &[PathBuf], no_config: bool) -> Option<Loaded> {
    let mut configs = Configs::new(no_config);
    let files = collect(paths, &mut configs);
    let ws_config = files.first().map_or_else(|| Rc::new(LoadedConfig::default()), |f| f.config.clone());
    let kb = knowledge_base(&ws_config, &mut configs.problems);
    let mut workspace = Workspace::new(kb, ws_config.config.clone());
    if !no_config && let Some(first) = paths.first() {
        workspace.set_checked(checked_figures(first, &mut configs.problems));
    }
    let mut keys = Vec::with_capacity(files.len());
    let mut disk_offsets = DiskOffsets::default();
    // Files are read and analysed in parallel, then stored one by one in command-line order.
    let analyzer = workspace.analyzer();
    let jobs: Vec<(&Path, &str, u64, Option<&Folders>)> = files
        .iter()
        .map(|f| {
            (
                f.path.as_path(),
                f.display.as_str(),
                f.config.config.max_file_size,
                f.within.as_deref(),
            )
        })
        .collect();
    let analyzed: Vec<_> = jobs
        .par_iter()
        .map(|&(path, display, max_size, within)| {
            let read = read_article_file(path, max_size, within)?;
            let format = Format::from_path_or_language(display, None);
            let article = analyzer.analyze(display, Some(path.to_path_buf()), read.text.into(), None, format, None);
            Ok((article, read.disk_offset))
        })
        .collect();
    let mut progress = Progress::new("reading", files.len());
    for (file, result) in files.iter().zip(analyzed) {
        progress.step();
        match result {
            Ok((article, disk_offset)) => {
                workspace.set_analyzed(article);
                // A file whose analysis failed is reported and left out; the others go on.
                if let Some(fault) = workspace.fault(&file.display) {
                    progress.clear();
                    eprintln!("{}; the file is skipped", fault.log_line(&file.display));
                    workspace.remove(&file.display);
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
        workspace,
        keys,
        disk_offsets,
        problems: configs.problems,
    })
}

/// A file to read: the path to open, the path to show (and use as workspace key), the
/// configuration nearest to it, and for a file found in a folder, that folder (a symbolic
/// link is followed only to a target inside it).
struct FileEntry {
    path: PathBuf,
    display: String,
    config: Rc<LoadedConfig>,
    within: Option<Rc<Folders>>,
}

/// Expands folders, keeps files (whatever their extension) and missing paths (reading them
/// reports the problem), and drops a file named twice. Command-line order is kept: the first
/// entry picks the workspace configuration.
fn collect(paths: &[PathBuf], configs: &mut Configs) -> Vec<FileEntry> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: PathBuf, config: Rc<LoadedConfig>, within: Option<Rc<Folders>>| {
        // The same file under two spellings ("a.txt", "./a.txt") would contradict itself.
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            let display = path.to_string_lossy().into_owned();
            out.push(FileEntry {
                path,
                display,
                config,
                within,
            });
        }
    };
    for path in paths {
        if path.is_dir() {
            let config = configs.nearest(path);
            // Globs are relative to the folder of the factline.toml, which may lie above the
            // folder given, so discovery keeps everything and the filter is applied here.
            let base = config.dir.clone().unwrap_or_else(|| absolute(path));
            let found: Vec<PathBuf> = discover(path, &configs.everything)
                .into_iter()
                .filter(|p| absolute(p).strip_prefix(&base).is_ok_and(|rel| config.filter.matches(rel)))
                .collect();
            if found.is_empty() {
                eprintln!(
                    "factline: {}: no article files found (include: {})",
                    path.display(),
                    config.config.include.join(", ")
                );
            }
            let within = Rc::new(Folders::new(std::slice::from_ref(path)));
            for p in found {
                push(p, config.clone(), Some(within.clone()));
            }
        } else {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let config = configs.nearest(parent);
            push(path.clone(), config, None);
        }
    }
    out
}

/// A `factline.toml` in force, with its folder (for globs and knowledge-base files).
struct LoadedConfig {
    dir: Option<PathBuf>,
    config: Config,
    filter: ArticleFilter,
}

impl Default for LoadedConfig {
    fn default() -> Self {
        LoadedConfig::new(None, Config::default())
    }
}

impl LoadedConfig {
    fn new(dir: Option<PathBuf>, config: Config) -> LoadedConfig {
        let (filter, errors) = ArticleFilter::new(&config);
        if let Some(dir) = &dir {
            for e in errors {
                eprintln!("{}: config error: {e}", shown(&dir.join(CONFIG_FILE)));
            }
        }
        LoadedConfig { dir, config, filter }
    }
}

/// The configurations met so far, each parsed (and its errors printed) once.
struct Configs {
    disabled: bool,
    by_file: HashMap<PathBuf, Rc<LoadedConfig>>,
    default: Rc<LoadedConfig>,
    /// Lets discovery return every non-ignored file; the nearest configuration filters.
    everything: ArticleFilter,
    /// Every problem met in configuration files, in the order met.
    problems: Vec<ConfigProblem>,
}

impl Configs {
    fn new(disabled: bool) -> Configs {
        let (everything, _) = ArticleFilter::new(&Config {
            include: vec!["**".into()],
            exclude: Vec::new(),
            ..Config::default()
        });
        Configs {
            disabled,
            by_file: HashMap::new(),
            default: Rc::new(LoadedConfig::default()),
            everything,
            problems: Vec::new(),
        }
    }

    /// The configuration of the nearest `factline.toml` at or above `dir`.
    fn nearest(&mut self, dir: &Path) -> Rc<LoadedConfig> {
        if self.disabled {
            return self.default.clone();
        }
        // Whatever exists by that name is read, so a FIFO or directory is reported, not skipped.
        let Some(file) = absolute(dir).ancestors().map(|d| d.join(CONFIG_FILE)).find(|f| f.exists()) else {
            return self.default.clone();
        };
        if let Some(known) = self.by_file.get(&file) {
            return known.clone();
        }
        let loaded = Rc::new(read_config(&file, &mut self.problems));
        self.by_file.insert(file, loaded.clone());
        loaded
    }
}

/// Parses a `factline.toml`; problems go to stderr and leave the defaults in force.
fn read_config(file: &Path, problems: &mut Vec<ConfigProblem>) -> LoadedConfig {
    let dir = file.parent().map(Path::to_path_buf);
    let config = match read_config_file(file) {
        Ok(text) => {
            let (config, errors) = Config::parse(&text);
            for e in errors {
                problem(problems, file, Some(e.line), ProblemIn::Config, e.message);
            }
            config
        }
        Err(e) => {
            problem(problems, file, None, ProblemIn::Config, format!("cannot read: {e}"));
            Config::default()
        }
    };
    LoadedConfig::new(dir, config)
}

/// The embedded knowledge base with the workspace files of `config` laid over it; on any
/// error in them, the embedded base alone (the errors go to stderr).
fn knowledge_base(config: &LoadedConfig, problems: &mut Vec<ConfigProblem>) -> Arc<KnowledgeBase> {
    let embedded = KnowledgeBase::embedded();
    let Some(dir) = &config.dir else { return embedded };
    let mut files = Vec::new();
    for name in &config.config.knowledge_base {
        let path = dir.join(name);
        match read_config_file(&path) {
            Ok(text) => files.push((shown(&path), text)),
            // The default file is optional.
            Err(ReadError::NotFound) => {}
            Err(e) => problem(problems, &path, None, ProblemIn::KnowledgeBase, format!("cannot read: {e}")),
        }
    }
    if files.is_empty() {
        return embedded;
    }
    match KnowledgeBase::with_workspace_files(&embedded, &files) {
        Ok(kb) => Arc::new(kb),
        Err(errors) => {
            for e in errors {
                let line = Some(e.line);
                problem(problems, Path::new(&e.file), line, ProblemIn::KnowledgeBase, e.message);
            }
            embedded
        }
    }
}

/// The figures marked as checked in the nearest `.factline/checked.toml` at or above `path`
/// (the server keeps it at the workspace root); a broken file is reported and ignored.
fn checked_figures(path: &Path, problems: &mut Vec<ConfigProblem>) -> Arc<CheckedFigures> {
    let start = absolute(path);
    let Some(file) = start.ancestors().map(|d| d.join(CHECKED_FILE)).find(|f| f.exists()) else {
        return Arc::default();
    };
    match read_config_file(&file) {
        Ok(text) => match CheckedFigures::parse(&text) {
            Ok(checked) => Arc::new(checked),
            Err(e) => {
                problem(problems, &file, Some(e.line), ProblemIn::Config, e.message);
                Arc::default()
            }
        },
        Err(e) => {
            problem(problems, &file, None, ProblemIn::Config, format!("cannot read: {e}"));
            Arc::default()
        }
    }
}

/// Which kind of file a configuration problem is in.
#[derive(Clone, Copy)]
enum ProblemIn {
    Config,
    KnowledgeBase,
}

/// Logs a configuration problem on stderr as it is met and keeps it for the report (where a
/// knowledge-base problem says so, as the server's diagnostics do).
fn problem(problems: &mut Vec<ConfigProblem>, file: &Path, line: Option<u32>, kind: ProblemIn, message: String) {
    let (label, report) = match kind {
        ProblemIn::Config => ("config error", message.clone()),
        ProblemIn::KnowledgeBase => ("knowledge base error", format!("knowledge base: {message}")),
    };
    match line {
        Some(line) => eprintln!("{}:{}: {label}: {message}", shown(file), line + 1),
        None => eprintln!("{}: {label}: {message}", shown(file)),
    }
    problems.push(ConfigProblem {
        path: file.to_path_buf(),
        line,
        message: report,
    });
}

/// `path` made absolute with `..` taken out, so looking above it for `factline.toml` walks the
/// real parents: `ancestors()` of "/w/news/.." would start inside `news`.
fn absolute(path: &Path) -> PathBuf {
    lexical_normal(path)
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
