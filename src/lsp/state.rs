//! What the server holds: open documents, the workspace of the folders, one-file workspaces
//! for articles opened outside every folder, and the configuration in force. Guarded by one
//! plain mutex and never held across an `.await`, so edits apply in arrival order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::extract::Format;
use crate::kb::{KbError, KnowledgeBase};
use crate::text::{Document, PositionEncoding};
use crate::workspace::{
    Article, ArticleFilter, CHECKED_FILE, CONFIG_FILE, CheckedFigures, Config, ConfigError, Folders, Guard, ReadError, Workspace,
    lexical_normal, read_article, read_config_file, regular_or_absent,
};

/// How long one document's analysis may take before the server gives up on that version
/// (`FACTLINE_ANALYSIS_DEADLINE_MS` overrides it). A 5 MB article of ordinary prose takes
/// about 0.3 s; past the deadline the editor keeps the previous results.
const ANALYSIS_DEADLINE: std::time::Duration = std::time::Duration::from_secs(3);

fn analysis_deadline() -> std::time::Duration {
    std::env::var("FACTLINE_ANALYSIS_DEADLINE_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(ANALYSIS_DEADLINE, std::time::Duration::from_millis)
}

pub struct OpenDoc {
    pub doc: Document,
    pub format: Format,
    /// Over `max_file_size`: not analysed (the editor was told once).
    pub too_large: bool,
    /// The version whose analysis (or failure) is in the workspace: until it is the current
    /// one, the document's diagnostics wait for its own analysis to publish them.
    pub analyzed: Option<i32>,
}

impl OpenDoc {
    /// True when what the workspace holds for this document is its current version.
    pub fn is_current(&self) -> bool {
        self.analyzed == Some(self.doc.version())
    }
}

/// What the client said it can do, as far as the server's answers depend on it.
#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    /// `workspace.workspaceEdit.documentChanges`: versioned edits.
    pub document_changes: bool,
    /// `workspace.workspaceEdit.resourceOperations` includes `create`.
    pub create_files: bool,
    /// `workspace.applyEdit`.
    pub apply_edit: bool,
    /// Semantic token types the client listed (empty: it did not say).
    pub token_types: Vec<String>,
}

/// Everything `load_config` reads from the workspace root.
pub struct Loaded {
    pub config: Config,
    pub kb: Arc<KnowledgeBase>,
    pub checked: Arc<CheckedFigures>,
    pub problems: HashMap<String, Vec<ConfigError>>,
    /// The texts that parsed, to stay in force while a later version has a syntax error.
    pub last_good: LastGood,
    /// Files that could not be read (not a regular file, too large …), with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The last version of each configuration file that parsed.
#[derive(Clone, Debug, Default)]
pub struct LastGood {
    pub config: Option<String>,
    /// Knowledge-base files by path.
    pub kb: HashMap<PathBuf, String>,
}

/// A file the server may ask the client to edit: its place (inside the workspace folders),
/// and its text and editor version (`None` text: it does not exist yet).
pub struct EditableFile {
    pub path: PathBuf,
    pub text: Option<String>,
    pub version: Option<i32>,
}

pub struct State {
    pub encoding: PositionEncoding,
    pub open: HashMap<String, OpenDoc>,
    pub folders: Vec<PathBuf>,
    /// The folders as named and resolved: what is inside the workspace.
    pub roots: Folders,
    pub main: Workspace,
    /// Articles opened outside every workspace folder, each its own workspace.
    pub loose: HashMap<String, Workspace>,
    pub filter: ArticleFilter,
    pub config: Config,
    /// Problems in `factline.toml` and knowledge-base files, by file URI.
    pub file_problems: HashMap<String, Vec<ConfigError>>,
    /// The workspace knowledge base in force (the last one that loaded).
    pub kb: Arc<KnowledgeBase>,
    /// Figures marked as checked (`.factline/checked.toml`, the last version that parsed).
    pub checked: Arc<CheckedFigures>,
    pub client_settings: Option<serde_json::Value>,
    pub scanned: bool,
    pub caps: ClientCaps,
    pub last_good: LastGood,
    /// Files refused with a reason already logged, so a refusal is logged once, not on every
    /// event or request.
    pub refused: HashMap<PathBuf, String>,
    /// Lines to log once the client is initialized (found while initializing).
    pub pending_log: Vec<String>,
    /// Lines about unavailable actions already logged.
    pub noted: std::collections::HashSet<String>,
    /// Shared by every workspace: one analysis worker and its deadline.
    pub guard: Guard,
}

impl State {
    pub fn new() -> State {
        let config = Config::default();
        let (filter, _) = ArticleFilter::new(&config);
        let kb = KnowledgeBase::embedded();
        let guard = Guard::with_deadline(analysis_deadline());
        State {
            encoding: PositionEncoding::Utf16,
            open: HashMap::new(),
            folders: Vec::new(),
            roots: Folders::default(),
            main: Workspace::new(kb.clone(), config.clone()).with_guard(guard.clone()),
            loose: HashMap::new(),
            filter,
            config,
            file_problems: HashMap::new(),
            kb,
            checked: Arc::default(),
            client_settings: None,
            scanned: false,
            caps: ClientCaps::default(),
            last_good: LastGood::default(),
            refused: HashMap::new(),
            pending_log: Vec::new(),
            noted: Default::default(),
            guard,
        }
    }

    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.roots = Folders::new(&folders);
        self.folders = folders;
    }

    /// True when `path` lies under a workspace folder, by its name and once symbolic links
    /// are resolved.
    pub fn in_folders(&self, path: &Path) -> bool {
        self.roots.contains(path)
    }

    /// True when `path` is an article of the folders by the include/exclude globs.
    pub fn is_article_path(&self, path: &Path) -> bool {
        let path = lexical_normal(path);
        self.roots
            .named()
            .iter()
            .any(|f| path.strip_prefix(f).is_ok_and(|rel| self.filter.matches(rel)))
    }

    /// An article of the folders as on disk; a symbolic link is followed only to a target
    /// inside the folders, and only regular files are read.
    pub fn read_disk_article(&self, path: &Path) -> Result<String, ReadError> {
        read_article(path, self.config.max_file_size, Some(&self.roots))
    }

    /// Records that `path` was refused for `why`; the line to log when that is news.
    pub fn refuse(&mut self, path: &Path, why: impl std::fmt::Display) -> Option<String> {
        let why = why.to_string();
        if self.refused.get(path) == Some(&why) {
            return None;
        }
        self.refused.insert(path.to_path_buf(), why.clone());
        Some(format!("factline: skipped {}: {why}", path.display()))
    }

    /// Forgets an earlier refusal of `path` (it was read, or is gone).
    pub fn accept(&mut self, path: &Path) {
        self.refused.remove(path);
    }

    /// The workspace an article key belongs to (a loose one is created on first use).
    pub fn workspace_for(&mut self, key: &str, path: Option<&Path>) -> &mut Workspace {
        let inside = path.is_some_and(|p| self.in_folders(p));
        if inside || (self.folders.is_empty() && path.is_none()) {
            return &mut self.main;
        }
        if self.loose.contains_key(key) || !inside {
            let (kb, config, checked) = (self.kb.clone(), self.config.clone(), self.checked.clone());
            let guard = self.guard.clone();
            return self.loose.entry(key.to_string()).or_insert_with(|| {
                let mut ws = Workspace::new(kb, config).with_guard(guard);
                ws.set_checked(checked);
                ws
            });
        }
        &mut self.main
    }

    /// Analyses an article into its workspace; a failed analysis (panic, deadline) is logged
    /// once here and the article keeps its previous results.
    pub fn set_article(&mut self, key: &str, path: Option<PathBuf>, text: Arc<str>, format: Format, version: Option<i32>) -> Arc<Article> {
        let ws = self.workspace_for(key, path.as_deref());
        let article = ws.set(key, path, text, format, version);
        if let Some(fault) = ws.fault(key) {
            eprintln!("{}; its previous results are kept", fault.log_line(key));
        }
        article
    }

    pub fn workspace_of(&self, key: &str) -> Option<&Workspace> {
        if let Some(ws) = self.loose.get(key) {
            return Some(ws);
        }
        self.main.get(key).map(|_| &self.main)
    }

    /// The workspace root: the first folder.
    pub fn root(&self) -> Option<&Path> {
        self.folders.first().map(PathBuf::as_path)
    }

    /// True for the files `load_config` reads: `factline.toml`, the knowledge-base files and
    /// the checked figures, at the workspace root.
    pub fn is_config_path(&self, path: &Path) -> bool {
        let Some(root) = self.root() else { return false };
        let path = lexical_normal(path);
        let is = |name: &str| path == lexical_normal(&root.join(name));
        is(CONFIG_FILE) || is(CHECKED_FILE) || self.config.knowledge_base.iter().any(|k| is(k))
    }

    /// Applies a new configuration, knowledge base and checked figures to every workspace.
    /// The knowledge base is compared by pointer: an unchanged one costs no re-analysis.
    pub fn reconfigure(&mut self, config: Config, kb: Arc<KnowledgeBase>, checked: Arc<CheckedFigures>) {
        let (filter, _) = ArticleFilter::new(&config);
        self.filter = filter;
        let relink = !Arc::ptr_eq(&kb, &self.kb) || config != self.config;
        for ws in std::iter::once(&mut self.main).chain(self.loose.values_mut()) {
            if relink {
                ws.reconfigure(kb.clone(), config.clone());
                for (key, fault) in ws.faults() {
                    eprintln!("{}; its previous results are kept", fault.log_line(key));
                }
            }
            ws.set_checked(checked.clone());
        }
        self.config = config;
        self.kb = kb;
        self.checked = checked;
    }

    /// `path` made normal when the server may ask the client to edit or create it: inside the
    /// workspace folders by name and once symbolic links are resolved, and a regular file if
    /// it exists. Otherwise why not, in words.
    pub fn edit_target(&self, path: &Path) -> Result<PathBuf, String> {
        let path = self.roots.check(path)?;
        regular_or_absent(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// True when the server may ask the client to edit this article: a file inside the
    /// workspace folders (links resolved), or a document open in the editor without a file.
    pub fn may_edit(&self, article: &Article) -> bool {
        match &article.path {
            Some(p) => self.in_folders(p),
            None => self.open.contains_key(&article.key),
        }
    }

    /// Passes a line to log the first time it comes (until the configuration is reloaded).
    pub fn note_once(&mut self, line: String) -> Option<String> {
        self.noted.insert(line.clone()).then_some(line)
    }

    /// A file the server may edit through the client: inside the workspace folders by name
    /// and once symbolic links are resolved (an edit through a link would write outside), and
    /// a regular file if it exists; with its text as the editor has it (and its version) or
    /// else as on disk. Otherwise why not, in words.
    pub fn editable_file(&mut self, path: &Path) -> Result<EditableFile, String> {
        let path = self.edit_target(path)?;
        let key = super::convert::path_to_uri(&path)
            .ok_or_else(|| format!("{} cannot be named as a URI", path.display()))?
            .to_string();
        if let Some(open) = self.open.get_mut(&key) {
            let version = open.doc.version();
            let text = open.doc.snapshot().0.to_string();
            return Ok(EditableFile {
                path,
                text: Some(text),
                version: Some(version),
            });
        }
        let text = match read_config_file(&path) {
            Ok(text) => Some(text),
            Err(ReadError::NotFound) => None,
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(EditableFile { path, text, version: None })
    }

    /// Puts a loaded configuration in force; its problems by file URI, and the lines to log
    /// for files refused (each refusal once).
    pub fn apply_loaded(&mut self, loaded: Loaded) -> (HashMap<String, Vec<ConfigError>>, Vec<String>) {
        self.reconfigure(loaded.config, loaded.kb, loaded.checked);
        self.last_good = loaded.last_good;
        self.noted.clear();
        // A configuration file read this time may be refused again later, and logged again.
        if let Some(root) = self.root().map(Path::to_path_buf) {
            let names = [CONFIG_FILE, CHECKED_FILE]
                .into_iter()
                .chain(self.config.knowledge_base.iter().map(String::as_str));
            let read: Vec<PathBuf> = names
                .map(|n| lexical_normal(&root.join(n)))
                .filter(|p| !loaded.unreadable.iter().any(|(u, _)| u == p))
                .collect();
            for p in read {
                self.accept(&p);
            }
        }
        let lines = loaded.unreadable.iter().filter_map(|(p, why)| self.refuse(p, why)).collect();
        (loaded.problems, lines)
    }

    /// Records a figure as checked in memory (the file follows through the client's edit).
    pub fn mark_checked(&mut self, fingerprint: String) {
        let mut checked = (*self.checked).clone();
        checked.insert(fingerprint);
        let (config, kb) = (self.config.clone(), self.kb.clone());
        self.reconfigure(config, kb, Arc::new(checked));
    }

    /// The configuration from the first folder's `factline.toml` with client settings on top,
    /// and the knowledge base with the workspace files; problems by file URI. A file with a
    /// syntax error leaves its last good version in force; a bad value, its key's last good
    /// value (the configuration in force until now).
    pub fn load_config(&self) -> Loaded {
        let mut problems: HashMap<String, Vec<ConfigError>> = HashMap::new();
        let mut unreadable = Vec::new();
        let mut last_good = self.last_good.clone();
        let client = self.client_settings.as_ref();
        let Some(root) = self.folders.first() else {
            let (config, _, _) = Config::layered(None, client, &self.config);
            return Loaded {
                config,
                kb: KnowledgeBase::embedded(),
                checked: self.checked.clone(),
                problems,
                last_good,
                unreadable,
            };
        };
        let file = lexical_normal(&root.join(CONFIG_FILE));
        let file_uri = super::convert::path_to_uri(&file).map(|u| u.to_string());
        let mut file_errors = Vec::new();
        // `fresh`: the text in force is the file as it is now (not its last good version).
        let (text, fresh) = match read_config_file(&file) {
            Ok(text) => match crate::workspace::syntax_error(&text) {
                Some(e) => {
                    file_errors.push(e);
                    (self.last_good.config.clone(), false)
                }
                None => {
                    last_good.config = Some(text.clone());
                    (Some(text), true)
                }
            },
            Err(ReadError::NotFound) => {
                last_good.config = None;
                (None, true)
            }
            Err(e) => {
                unreadable.push((file.clone(), e.to_string()));
                (self.last_good.config.clone(), false)
            }
        };
        let (config, value_errors, client_errors) = Config::layered(text.as_deref(), client, &self.config);
        // The value errors of an older text would point at lines of a file no longer there.
        if fresh {
            file_errors.extend(value_errors);
        }
        file_errors.extend(client_errors);
        if let Some(uri) = &file_uri {
            problems.insert(uri.clone(), file_errors);
        }
        let (kb, kb_problems) = self.load_kb(root, &config, &mut last_good, &mut unreadable);
        for (uri, errors) in kb_problems {
            problems.entry(uri).or_default().extend(errors);
        }
        let checked_file = lexical_normal(&root.join(CHECKED_FILE));
        let checked = match read_config_file(&checked_file) {
            Ok(text) => match CheckedFigures::parse(&text) {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    if let Some(uri) = super::convert::path_to_uri(&checked_file) {
                        problems.entry(uri.to_string()).or_default().push(e);
                    }
                    // The last checked figures that parsed stay in force.
                    self.checked.clone()
                }
            },
            Err(ReadError::NotFound) => Arc::default(),
            Err(e) => {
                unreadable.push((checked_file, e.to_string()));
                self.checked.clone()
            }
        };
        // Files without problems are left out: a fixed file is cleared by the caller, and
        // files that never had any get no publish at all.
        problems.retain(|_, errors| !errors.is_empty());
        Loaded {
            config,
            kb,
            checked,
            problems,
            last_good,
            unreadable,
        }
    }

    /// The embedded knowledge base with the workspace files of `config`; a file with an
    /// error is replaced by its last good version (or left out when there is none).
    fn load_kb(
        &self,
        root: &Path,
        config: &Config,
        last_good: &mut LastGood,
        unreadable: &mut Vec<(PathBuf, String)>,
    ) -> (Arc<KnowledgeBase>, HashMap<String, Vec<ConfigError>>) {
        let mut problems: HashMap<String, Vec<ConfigError>> = HashMap::new();
        let embedded = KnowledgeBase::embedded();
        let mut files: Vec<(PathBuf, Option<String>)> = Vec::new();
        for name in &config.knowledge_base {
            let path = lexical_normal(&root.join(name));
            match read_config_file(&path) {
                Ok(text) => files.push((path, Some(text))),
                Err(ReadError::NotFound) => {
                    last_good.kb.remove(&path);
                }
                Err(e) => {
                    unreadable.push((path.clone(), e.to_string()));
                    files.push((path, None));
                }
            }
        }
        let label = |p: &Path| p.to_string_lossy().into_owned();
        let current: Vec<(String, String)> = files
            .iter()
            .filter_map(|(p, t)| Some((label(p), t.clone().or_else(|| self.last_good.kb.get(p).cloned())?)))
            .collect();
        match KnowledgeBase::with_workspace_files(&embedded, &current) {
            Ok(kb) => {
                for (p, t) in &files {
                    if let Some(t) = t {
                        last_good.kb.insert(p.clone(), t.clone());
                    }
                }
                (Arc::new(kb), problems)
            }
            Err(errors) => {
                for e in &errors {
                    if let Some(uri) = super::convert::path_to_uri(Path::new(&e.file)) {
                        problems.entry(uri.to_string()).or_default().push(kb_problem(e));
                    }
                }
                // Each broken file gives way to its last good version; the others load.
                let broken: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
                let mut fallback = Vec::new();
                for (p, t) in &files {
                    let name = label(p);
                    let text = if broken.contains(&name.as_str()) {
                        self.last_good.kb.get(p).cloned()
                    } else {
                        if let Some(t) = t {
                            last_good.kb.insert(p.clone(), t.clone());
                        }
                        t.clone().or_else(|| self.last_good.kb.get(p).cloned())
                    };
                    if let Some(text) = text {
                        fallback.push((name, text));
                    }
                }
                let kb = KnowledgeBase::with_workspace_files(&embedded, &fallback).map_or_else(|_| self.kb.clone(), Arc::new);
                (kb, problems)
            }
        }
    }
}

fn kb_problem(e: &KbError) -> ConfigError {
    ConfigError {
        line: e.line,
        message: format!("knowledge base: {}", e.message),
    }
}
