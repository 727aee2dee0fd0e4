//! Which configuration governs a file, for both fronts: the nearest `factline.toml` at or
//! above the file's folder, looking no higher than the workspace folder holding the file (a
//! file outside every workspace folder looks all the way up); files do not merge, the nearest
//! wins, and with none the defaults apply. That file, the knowledge-base files it names and
//! the `.factline/checked.toml` beside it make a [`Project`], with the editor's settings laid
//! on top. Problems come back as data (file and line); a file that breaks leaves its last good
//! version in force. Projects are cached by their root folder until one of their files changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{ArticleFilter, ReadError, exists, lexical_normal, read_config_file};
use super::{CHECKED_FILE, CONFIG_FILE, CheckedFigures, Config, ConfigError, syntax_error};
use crate::kb::KnowledgeBase;

/// A problem in a configuration, knowledge-base or checked-figures file, at its line when it
/// has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// Zero-based.
    pub line: Option<u32>,
    /// What is wrong, without the file's kind (see [`ConfigProblem::report`]).
    pub message: String,
    pub kind: ProblemIn,
    /// The file could not be read at all (not a regular file, too large, …).
    pub unreadable: bool,
}

/// Which kind of file a configuration problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemIn {
    /// `factline.toml`, the editor's settings or `.factline/checked.toml`.
    Config,
    KnowledgeBase,
}

impl ConfigProblem {
    /// The message a `config-error` finding carries (a knowledge-base problem says so).
    pub fn report(&self) -> String {
        match self.kind {
            ProblemIn::Config => self.message.clone(),
            ProblemIn::KnowledgeBase => format!("knowledge base: {}", self.message),
        }
    }

    /// The label of a log line ("config error", "knowledge base error").
    pub fn label(&self) -> &'static str {
        match self.kind {
            ProblemIn::Config => "config error",
            ProblemIn::KnowledgeBase => "knowledge base error",
        }
    }
}

/// The configuration of the files one `factline.toml` governs (or, without one, of a
/// workspace folder): what cross-article checks compare is the articles of one project.
#[derive(Clone, Debug)]
pub struct Project {
    /// The folder its relative paths (globs, knowledge-base and checked files) start from: the
    /// `factline.toml`'s folder, else the workspace folder holding the file; `None` for a file
    /// outside every workspace folder with no `factline.toml` above it.
    pub root: Option<PathBuf>,
    /// The `factline.toml` in force, if any.
    pub config_file: Option<PathBuf>,
    pub config: Config,
    pub filter: ArticleFilter,
    pub kb: Arc<KnowledgeBase>,
    pub checked: Arc<CheckedFigures>,
    /// Problems in its files (and in the editor's settings), in the order met.
    pub problems: Vec<ConfigProblem>,
    /// Every file it read or looked for: a change to any of them re-resolves it.
    pub sources: Vec<PathBuf>,
}

impl Project {
    /// `.factline/checked.toml` of the project, when it has a root.
    pub fn checked_file(&self) -> Option<PathBuf> {
        self.root.as_ref().map(|r| r.join(CHECKED_FILE))
    }

    /// The first knowledge-base file (where new entries go), when the project has a root.
    pub fn kb_file(&self) -> Option<PathBuf> {
        let name = self.config.knowledge_base.first().map_or("entities.toml", String::as_str);
        self.root.as_ref().map(|r| lexical_normal(&r.join(name)))
    }

    /// True when `path` is an article by the include/exclude globs, taken relative to the
    /// project's root (to `base` for a project without one).
    pub fn is_article(&self, path: &Path, base: &Path) -> bool {
        let base = self.root.clone().unwrap_or_else(|| lexical_normal(base));
        lexical_normal(path).strip_prefix(&base).is_ok_and(|rel| self.filter.matches(rel))
    }
}

/// The last version of each file that loaded, and the configuration each root had: what
/// stays in force while a file is broken.
#[derive(Clone, Debug, Default)]
struct LastGood {
    /// `factline.toml` and knowledge-base texts by path.
    texts: HashMap<PathBuf, String>,
    configs: HashMap<Option<PathBuf>, Config>,
    checked: HashMap<PathBuf, Arc<CheckedFigures>>,
}

/// Finds, loads and caches the [`Project`] of each file.
#[derive(Clone, Debug)]
pub struct Resolver {
    /// Workspace folders, made absolute and normal.
    folders: Vec<PathBuf>,
    /// The editor's settings, laid over every `factline.toml`.
    settings: Option<serde_json::Value>,
    /// False for `--no-config`: every file gets the defaults (and the settings).
    read_files: bool,
    /// The `factline.toml` governing each folder asked about (`None`: none).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    projects: HashMap<Option<PathBuf>, Arc<Project>>,
    last_good: LastGood,
}

impl Resolver {
    pub fn new(folders: &[PathBuf], settings: Option<serde_json::Value>, read_files: bool) -> Resolver {
        Resolver {
            folders: folders.iter().map(|f| lexical_normal(f)).collect(),
            settings,
            read_files,
            nearest: HashMap::new(),
            projects: HashMap::new(),
            last_good: LastGood::default(),
        }
    }

    /// New workspace folders: every file is looked up again (last good versions stay).
    pub fn set_folders(&mut self, folders: &[PathBuf]) {
        self.folders = folders.iter().map(|f| lexical_normal(f)).collect();
        self.forget_all();
    }

    /// New editor settings: every project is loaded again.
    pub fn set_settings(&mut self, settings: Option<serde_json::Value>) {
        self.settings = settings;
        self.forget_all();
    }

    fn forget_all(&mut self) {
        self.nearest.clear();
        self.projects.clear();
    }

    /// The workspace folder holding `path` (the innermost, when folders nest).
    pub fn folder_of(&self, path: &Path) -> Option<&Path> {
        let path = lexical_normal(path);
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.components().count())
            .map(PathBuf::as_path)
    }

    /// The project of the file `path`.
    pub fn project_for(&mut self, path: &Path) -> Arc<Project> {
        let path = lexical_normal(path);
        let dir = path.parent().map_or_else(|| path.clone(), Path::to_path_buf);
        self.project_for_dir(&dir)
    }

    /// The project of the files directly in the folder `dir`.
    pub fn project_for_dir(&mut self, dir: &Path) -> Arc<Project> {
        let root = self.root_of_dir(dir);
        self.project(root)
    }

    /// The root of the project of the files directly in `dir` (see [`Project::root`]).
    pub fn root_of_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        let dir = lexical_normal(dir);
        match self.config_file_for_dir(&dir) {
            Some(file) => file.parent().map(Path::to_path_buf),
            None => self.folder_of(&dir).map(Path::to_path_buf),
        }
    }

    /// The nearest `factline.toml` at or above `dir`, no higher than the workspace folder
    /// holding `dir`. Whatever exists by that name counts, so a directory or FIFO there is
    /// reported rather than passed over.
    fn config_file_for_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        if !self.read_files {
            return None;
        }
        if let Some(known) = self.nearest.get(dir) {
            return known.clone();
        }
        let boundary = self.folder_of(dir).map(Path::to_path_buf);
        let mut found = None;
        for d in dir.ancestors() {
            let file = d.join(CONFIG_FILE);
            if exists(&file) {
                found = Some(file);
                break;
            }
            if boundary.as_deref() == Some(d) {
                break;
            }
        }
        self.nearest.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// True when the file `path`, found by walking the folder `base`, is an article: its own
    /// project's globs take it, and no project between it and `base` excludes it (as in ruff,
    /// a folder's `exclude` also prunes a subfolder that has a `factline.toml` of its own).
    pub fn is_article(&mut self, path: &Path, base: &Path) -> bool {
        let path = lexical_normal(path);
        let base = lexical_normal(base);
        let project = self.project_for(&path);
        if !project.is_article(&path, &base) {
            return false;
        }
        let mut root = project.root.clone();
        while let Some(r) = root {
            if r == base || !r.starts_with(&base) || self.folder_of(&r) == Some(r.as_path()) {
                break;
            }
            let Some(parent) = r.parent() else { break };
            let above = self.project_for_dir(parent);
            let excluded = above
                .root
                .as_ref()
                .and_then(|a| path.strip_prefix(a).ok())
                .is_some_and(|rel| above.filter.excludes(rel));
            if excluded {
                return false;
            }
            root = above.root.clone();
        }
        true
    }

    /// The project rooted at `root` (see [`Project::root`]), loaded on first use.
    pub fn project(&mut self, root: Option<PathBuf>) -> Arc<Project> {
        if let Some(p) = self.projects.get(&root) {
            return p.clone();
        }
        let config_file = root.as_ref().map(|r| r.join(CONFIG_FILE)).filter(|f| self.read_files && exists(f));
        let project = Arc::new(self.load(root.clone(), config_file));
        self.projects.insert(root, project.clone());
        project
    }

    /// True when `path` is a file projects are made of: any `factline.toml`, or a
    /// knowledge-base or checked-figures file of a loaded project.
    pub fn is_source(&self, path: &Path) -> bool {
        let path = lexical_normal(path);
        path.file_name().is_some_and(|n| n == CONFIG_FILE) || self.projects.values().any(|p| p.sources.contains(&path))
    }

    /// Forgets what a change to `path` may alter: every lookup for a `factline.toml` (one
    /// appearing or going changes which file governs which folder), else the projects made
    /// from it. True when anything was forgotten.
    pub fn changed(&mut self, path: &Path) -> bool {
        let path = lexical_normal(path);
        if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
            self.forget_all();
            return true;
        }
        let before = self.projects.len();
        self.projects.retain(|_, p| !p.sources.contains(&path));
        before != self.projects.len()
    }

    /// Records a figure as checked in the project rooted at `root` (in memory: the file
    /// follows through the client's edit, and reads the same once saved).
    pub fn mark_checked(&mut self, root: &Option<PathBuf>, fingerprint: String) -> Arc<Project> {
        let mut project = (*self.project(root.clone())).clone();
        let mut checked = (*project.checked).clone();
        checked.insert(fingerprint);
        project.checked = Arc::new(checked);
        if let Some(file) = project.checked_file() {
            self.last_good.checked.insert(lexical_normal(&file), project.checked.clone());
        }
        let project = Arc::new(project);
        self.projects.insert(root.clone(), project.clone());
        project
    }

    /// Reads the project's files. A `factline.toml` with a syntax error, or unreadable, gives
    /// way to its last good text; a bad value keeps the root's last good value (the default
    /// the first time); a broken knowledge-base or checked file, its last good version.
    fn load(&mut self, root: Option<PathBuf>, config_file: Option<PathBuf>) -> Project {
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        let config_problem = |path: &Path, line: Option<u32>, message: String, unreadable: bool| ConfigProblem {
            path: path.to_path_buf(),
            line,
            message,
            kind: ProblemIn::Config,
            unreadable,
        };
        let previous = self.last_good.configs.get(&root).cloned().unwrap_or_default();
        // `fresh`: the text in force is the file as it is now, so its value errors point at
        // lines that exist.
        let (text, fresh) = match &config_file {
            None => (None, true),
            Some(file) => {
                sources.push(lexical_normal(file));
                match read_config_file(file) {
                    Ok(text) => match syntax_error(&text) {
                        Some(e) => {
                            problems.push(config_problem(file, Some(e.line), e.message, false));
                            (self.last_good.texts.get(file).cloned(), false)
                        }
                        None => {
                            self.last_good.texts.insert(file.clone(), text.clone());
                            (Some(text), true)
                        }
                    },
                    Err(ReadError::NotFound) => (None, true),
                    Err(e) => {
                        problems.push(config_problem(file, None, format!("cannot read: {e}"), true));
                        (self.last_good.texts.get(file).cloned(), false)
                    }
                }
            }
        };
        let (config, value_errors, settings_errors) = Config::layered(text.as_deref(), self.settings.as_ref(), &previous);
        // Settings problems are shown in the project's `factline.toml` (at its first line).
        let settings_at = config_file.clone().or_else(|| root.as_ref().map(|r| r.join(CONFIG_FILE)));
        let file_errors = if fresh { value_errors } else { Vec::new() };
        for (at, e) in file_errors
            .into_iter()
            .filter_map(|e| Some((config_file.clone()?, e)))
            .chain(settings_errors.into_iter().filter_map(|e| Some((settings_at.clone()?, e))))
        {
            problems.push(config_problem(&at, Some(e.line), e.message, false));
        }
        self.last_good.configs.insert(root.clone(), config.clone());
        let (filter, _) = ArticleFilter::new(&config);
        let kb = match &root {
            Some(root) => self.load_kb(root, &config, &mut problems, &mut sources),
            None => KnowledgeBase::embedded(),
        };
        let checked = match &root {
            Some(root) if self.read_files => self.load_checked(root, &mut problems, &mut sources),
            _ => Arc::default(),
        };
        Project {
            root,
            config_file,
            config,
            filter,
            kb,
            checked,
            problems,
            sources,
        }
    }

    /// The embedded knowledge base with the project's files laid over it; a file with an
    /// error gives way to its last good version (or is left out when it has none).
    fn load_kb(
        &mut self,
        root: &Path,
        config: &Config,
        problems: &mut Vec<ConfigProblem>,
        sources: &mut Vec<PathBuf>,
    ) -> Arc<KnowledgeBase> {
        let embedded = KnowledgeBase::embedded();
        if !self.read_files {
            return embedded;
        }
        let kb_problem = |path: &Path, line: Option<u32>, message: String, unreadable: bool| ConfigProblem {
            path: path.to_path_buf(),
            line,
            message,
            kind: ProblemIn::KnowledgeBase,
            unreadable,
        };
        // Each file with its text now (`None`: unreadable, its last good text stands in).
        let mut files: Vec<(PathBuf, Option<String>)> = Vec::new();
        for name in &config.knowledge_base {
            let path = lexical_normal(&root.join(name));
            sources.push(path.clone());
            match read_config_file(&path) {
                Ok(text) => files.push((path, Some(text))),
                // The default file is optional, and a file that is gone has no last version.
                Err(ReadError::NotFound) => {
                    self.last_good.texts.remove(&path);
                }
                Err(e) => {
                    problems.push(kb_problem(&path, None, format!("cannot read: {e}"), true));
                    files.push((path, None));
                }
            }
        }
        let label = |p: &Path| p.to_string_lossy().into_owned();
        let last = |p: &Path| self.last_good.texts.get(p).cloned();
        let current: Vec<(String, String)> = files
            .iter()
            .filter_map(|(p, t)| Some((label(p), t.clone().or_else(|| last(p))?)))
            .collect();
        if current.is_empty() {
            return embedded;
        }
        let (kb, good) = match KnowledgeBase::with_workspace_files(&embedded, &current) {
            Ok(kb) => (Arc::new(kb), files),
            Err(errors) => {
                for e in &errors {
                    problems.push(kb_problem(Path::new(&e.file), Some(e.line), e.message.clone(), false));
                }
                // Each broken file gives way to its last good version; the others load.
                let broken: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
                let mut fallback = Vec::new();
                let mut good = Vec::new();
                for (p, t) in files {
                    let name = label(&p);
                    let text = if broken.contains(&name.as_str()) {
                        last(&p)
                    } else {
                        let text = t.clone().or_else(|| last(&p));
                        good.push((p, t));
                        text
                    };
                    if let Some(text) = text {
                        fallback.push((name, text));
                    }
                }
                let kb = KnowledgeBase::with_workspace_files(&embedded, &fallback).map_or(embedded, Arc::new);
                (kb, good)
            }
        };
        for (p, t) in good {
            if let Some(t) = t {
                self.last_good.texts.insert(p, t);
            }
        }
        kb
    }

    /// `.factline/checked.toml` of the project; a broken or unreadable file leaves its last
    /// good version in force.
    fn load_checked(&mut self, root: &Path, problems: &mut Vec<ConfigProblem>, sources: &mut Vec<PathBuf>) -> Arc<CheckedFigures> {
        let file = lexical_normal(&root.join(CHECKED_FILE));
        sources.push(file.clone());
        let problem = |line: Option<u32>, message: String, unreadable: bool| ConfigProblem {
            path: file.clone(),
            line,
            message,
            kind: ProblemIn::Config,
            unreadable,
        };
        let last = self.last_good.checked.get(&file).cloned().unwrap_or_default();
        match read_config_file(&file) {
            Ok(text) => match CheckedFigures::parse(&text) {
                Ok(checked) => {
                    let checked = Arc::new(checked);
                    self.last_good.checked.insert(file, checked.clone());
                    checked
                }
                Err(ConfigError { line, message }) => {
                    problems.push(problem(Some(line), message, false));
                    last
                }
            },
            Err(ReadError::NotFound) => {
                self.last_good.checked.remove(&file);
                Arc::default()
            }
            Err(e) => {
                problems.push(problem(None, format!("cannot read: {e}"), true));
                last
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Code, Severity};

    const PERSON: &str = "[[entity]]\nid = \"ama-mensah\"\nname = \"Ama Mensah\"\nkind = \"person\"\n";

    fn write(path: &Path, text: &str) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    fn knows(p: &Project, id: &str) -> bool {
        p.kb.entries().iter().any(|e| e.id == id)
    }

    /// A workspace folder with a `factline.toml` at its root and another, with non-ASCII
    /// folder names, two levels down.
    fn nested() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("newsroom");
        write(&ws.join(CONFIG_FILE), "default_year = 2024\n[rules]\nunsourced-figure = \"off\"\n");
        let desk = ws.join("報道/café desk");
        write(&desk.join(CONFIG_FILE), "[rules]\nvague-source = \"error\"\n");
        (dir, ws, desk)
    }

    #[test]
    fn the_nearest_factline_toml_wins_without_merging() {
        let (_dir, ws, desk) = nested();
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let top = r.project_for(&ws.join("a.md"));
        assert_eq!(top.root.as_deref(), Some(ws.as_path()));
        assert_eq!(top.config.default_year, Some(2024));
        assert_eq!(top.config.rules.severity(Code::UnsourcedFigure), None);
        // A folder below the root's file without one of its own is the root's project.
        let below = r.project_for(&ws.join("報道/b.md"));
        assert!(Arc::ptr_eq(&top, &below));
        let inner = r.project_for(&desk.join("deep/c.md"));
        assert_eq!(inner.root.as_deref(), Some(desk.as_path()));
        assert_eq!(inner.config_file, Some(desk.join(CONFIG_FILE)));
        assert_eq!(inner.config.rules.severity(Code::VagueSource), Some(Severity::Error));
        // Nothing of the root's file: its year and its silenced rule are not inherited.
        assert_eq!(inner.config.default_year, None);
        assert_eq!(
            inner.config.rules.severity(Code::UnsourcedFigure),
            Some(Code::UnsourcedFigure.default_severity())
        );
        assert!(inner.problems.is_empty() && top.problems.is_empty());
    }

    #[test]
    fn the_search_stays_inside_the_workspace_folder_holding_the_file() {
        let (_dir, ws, _) = nested();
        let folder = ws.join("報道");
        let file = folder.join("b.md");
        // Opened at a subfolder: the root's file lies outside, so the defaults apply, and the
        // folder is the project's root (its knowledge base and checked figures live there).
        let mut r = Resolver::new(std::slice::from_ref(&folder), None, true);
        let p = r.project_for(&file);
        assert_eq!((p.root.as_deref(), p.config_file.as_deref()), (Some(folder.as_path()), None));
        assert_eq!(p.config, Config::default());
        // A file outside every folder looks all the way up.
        let mut r = Resolver::new(&[], None, true);
        assert_eq!(r.project_for(&file).config_file, Some(ws.join(CONFIG_FILE)));
        // Nested folders: the innermost bounds the search.
        let mut r = Resolver::new(&[ws.clone(), folder.clone()], None, true);
        assert_eq!(r.project_for(&file).config_file, None);
    }

    #[test]
    fn no_file_anywhere_gives_the_defaults_and_no_config_ignores_files() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        write(&ws.join("a.txt"), "Text.\n");
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let p = r.project_for(&ws.join("a.txt"));
        assert_eq!(p.config, Config::default());
        assert_eq!(p.checked_file(), Some(ws.join(CHECKED_FILE)));
        let (_d, ws, desk) = nested();
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, false);
        let p = r.project_for(&desk.join("c.md"));
        assert_eq!((p.config_file.as_deref(), &p.config), (None, &Config::default()));
        assert_eq!(p.root.as_deref(), Some(ws.as_path()));
    }

    #[test]
    fn settings_lie_on_top_of_the_file_and_their_problems_show_in_it() {
        let (_dir, ws, desk) = nested();
        let settings = serde_json::json!({"rules": {"vague-source": "hint", "no-such-rule": "error"}});
        let mut r = Resolver::new(std::slice::from_ref(&ws), Some(settings), true);
        let p = r.project_for(&desk.join("c.md"));
        assert_eq!(p.config.rules.severity(Code::VagueSource), Some(Severity::Hint));
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!((&p.problems[0].path, p.problems[0].line), (&desk.join(CONFIG_FILE), Some(0)));
        r.set_settings(None);
        let p = r.project_for(&desk.join("c.md"));
        assert_eq!(p.config.rules.severity(Code::VagueSource), Some(Severity::Error));
        assert!(p.problems.is_empty());
    }

    #[test]
    fn problems_come_back_with_file_line_and_kind() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().to_path_buf();
        write(&ws.join(CONFIG_FILE), "knowledge_base = [\"people.toml\"]\ndefault_year = 12\n");
        write(&ws.join("people.toml"), "[[entity]]\nid = \"x\"\nname = 3\n");
        write(&ws.join(CHECKED_FILE), "[[checked]\n");
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let p = r.project_for(&ws.join("a.md"));
        let got: Vec<(PathBuf, Option<u32>, ProblemIn)> = p.problems.iter().map(|p| (p.path.clone(), p.line, p.kind)).collect();
        assert_eq!(
            got,
            [
                (ws.join(CONFIG_FILE), Some(1), ProblemIn::Config),
                (ws.join("people.toml"), Some(2), ProblemIn::KnowledgeBase),
                (ws.join(CHECKED_FILE), Some(0), ProblemIn::Config),
            ]
        );
        assert!(p.problems[1].report().starts_with("knowledge base: "));
        assert!(p.problems.iter().all(|p| !p.unreadable));
    }

    #[test]
    fn a_broken_file_leaves_its_last_good_version_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().to_path_buf();
        let toml = ws.join(CONFIG_FILE);
        write(&toml, "default_year = 2023\n[rules]\nunsourced-figure = \"off\"\n");
        write(&ws.join("entities.toml"), PERSON);
        let entry = super::super::checked::entry_toml("fp1", "4,000", "The deal covers 4,000 jobs.", "");
        write(&ws.join(CHECKED_FILE), &entry);
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let article = ws.join("a.md");
        let good = r.project_for(&article);
        assert!(knows(&good, "ama-mensah") && good.checked.contains("fp1") && good.problems.is_empty());
        // A syntax error: the last good text stays in force.
        write(&toml, "default_year = 2023\n[rules\n");
        assert!(r.changed(&toml));
        let p = r.project_for(&article);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(1));
        assert_eq!(p.config.rules.severity(Code::UnsourcedFigure), None);
        // A bad value: that key keeps its last good value, the others load.
        write(&toml, "default_year = \"soon\"\n[rules]\nunsourced-figure = \"hint\"\n");
        r.changed(&toml);
        let p = r.project_for(&article);
        assert_eq!(p.config.default_year, Some(2023));
        assert_eq!(p.config.rules.severity(Code::UnsourcedFigure), Some(Severity::Hint));
        // A broken knowledge base and checked file: their last good versions stay.
        write(&ws.join("entities.toml"), "[[entity]\n");
        write(&ws.join(CHECKED_FILE), "[[checked]\n");
        r.changed(&ws.join("entities.toml"));
        let p = r.project_for(&article);
        assert!(knows(&p, "ama-mensah"));
        assert!(p.checked.contains("fp1"));
        assert_eq!(p.problems.len(), 3, "{:?}", p.problems);
        // A fresh resolver has no last good version: the defaults.
        let mut fresh = Resolver::new(std::slice::from_ref(&ws), None, true);
        let p = fresh.project_for(&article);
        assert!(!knows(&p, "ama-mensah") && p.config.default_year.is_none() && !p.checked.contains("fp1"));
    }

    #[test]
    fn projects_are_cached_until_one_of_their_files_changes() {
        let (_dir, ws, desk) = nested();
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let article = ws.join("a.md");
        let first = r.project_for(&article);
        assert!(Arc::ptr_eq(&first, &r.project_for(&article)));
        // An article or an unrelated file changing costs nothing.
        assert!(!r.changed(&article));
        assert!(!r.changed(&ws.join("other.toml")));
        assert!(Arc::ptr_eq(&first, &r.project_for(&article)));
        // A figure marked as checked in memory stands until the file is read again.
        let marked = r.mark_checked(&first.root, "fp2".into());
        assert!(marked.checked.contains("fp2") && r.project_for(&article).checked.contains("fp2"));
        // The knowledge-base file (the default one, absent so far) appearing: reloaded.
        assert!(r.is_source(&ws.join("entities.toml")));
        write(&ws.join("entities.toml"), PERSON);
        assert!(r.changed(&ws.join("entities.toml")));
        let second = r.project_for(&article);
        assert!(!Arc::ptr_eq(&first, &second) && knows(&second, "ama-mensah"));
        // A new factline.toml between the desk and the root: the folders below it move.
        let middle = ws.join("報道");
        let c = middle.join("c.md");
        assert_eq!(r.project_for(&c).root.as_deref(), Some(ws.as_path()));
        write(&middle.join(CONFIG_FILE), "default_year = 2025\n");
        assert!(r.is_source(&middle.join(CONFIG_FILE)));
        assert!(r.changed(&middle.join(CONFIG_FILE)));
        assert_eq!(r.project_for(&c).config.default_year, Some(2025));
        assert_eq!(r.project_for(&desk.join("d.md")).root.as_deref(), Some(desk.as_path()));
        // ... and back when it goes.
        std::fs::remove_file(middle.join(CONFIG_FILE)).unwrap();
        r.changed(&middle.join(CONFIG_FILE));
        assert_eq!(r.project_for(&c).root.as_deref(), Some(ws.as_path()));
    }

    #[test]
    fn globs_are_relative_to_the_project_root() {
        let (_dir, ws, desk) = nested();
        write(&desk.join(CONFIG_FILE), "include = [\"copy/**/*.md\"]\n");
        let mut r = Resolver::new(std::slice::from_ref(&ws), None, true);
        let inside = desk.join("copy/x/a.md");
        assert!(r.project_for(&inside).is_article(&inside, &ws));
        let outside = desk.join("notes/a.md");
        assert!(!r.project_for(&outside).is_article(&outside, &ws));
        assert!(r.is_article(&inside, &ws) && !r.is_article(&outside, &ws));
        // A folder's `exclude` prunes a subfolder with a factline.toml of its own, unless that
        // subfolder is the one walked.
        write(&ws.join(CONFIG_FILE), "exclude = [\"報道/**\"]\n");
        r.changed(&ws.join(CONFIG_FILE));
        assert!(!r.is_article(&inside, &ws));
        assert!(r.is_article(&inside, &desk) && r.is_article(&inside, &desk.join("copy")));
        // A project without a root takes the folder given.
        let mut r = Resolver::new(&[], None, false);
        let p = r.project_for(&outside);
        assert!(p.root.is_none() && p.is_article(&outside, &desk) && !p.is_article(&outside.with_extension("png"), &desk));
    }
}
