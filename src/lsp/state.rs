//! What the server holds: open documents, the workspace of the folders, one-file workspaces
//! for articles opened outside every folder, and the configuration in force. Guarded by one
//! plain mutex and never held across an `.await`, so edits apply in arrival order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::extract::Format;
use crate::kb::{KbError, KnowledgeBase};
use crate::text::{Document, PositionEncoding};
use crate::workspace::{Article, ArticleFilter, CHECKED_FILE, CheckedFigures, Config, ConfigError, Guard, Workspace};

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
}

pub struct State {
    pub encoding: PositionEncoding,
    pub open: HashMap<String, OpenDoc>,
    pub folders: Vec<PathBuf>,
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
            guard,
        }
    }

    /// True when `path` lies under a workspace folder.
    pub fn in_folders(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }

    /// True when `path` is an article of the folders by the include/exclude globs.
    pub fn is_article_path(&self, path: &Path) -> bool {
        self.folders
            .iter()
            .any(|f| path.strip_prefix(f).is_ok_and(|rel| self.filter.matches(rel)))
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
        path == root.join(crate::workspace::CONFIG_FILE)
            || path == root.join(CHECKED_FILE)
            || self.config.knowledge_base.iter().any(|k| path == root.join(k))
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

    /// A file's text as the editor has it (with its version) or else as on disk.
    pub fn file_text(&mut self, path: &Path) -> Option<(String, Option<i32>)> {
        let key = super::convert::path_to_uri(path)?.to_string();
        if let Some(open) = self.open.get_mut(&key) {
            let version = open.doc.version();
            return Some((open.doc.snapshot().0.to_string(), Some(version)));
        }
        std::fs::read_to_string(path).ok().map(|t| (t, None))
    }

    /// Records a figure as checked in memory (the file follows through the client's edit).
    pub fn mark_checked(&mut self, fingerprint: String) {
        let mut checked = (*self.checked).clone();
        checked.insert(fingerprint);
        let (config, kb) = (self.config.clone(), self.kb.clone());
        self.reconfigure(config, kb, Arc::new(checked));
    }

    /// The configuration from the first folder's `factline.toml` with client settings on top,
    /// and the knowledge base with the workspace files; problems by file URI.
    pub fn load_config(&self) -> Loaded {
        let mut problems: HashMap<String, Vec<ConfigError>> = HashMap::new();
        let mut config = Config::default();
        let Some(root) = self.folders.first() else {
            if let Some(s) = &self.client_settings {
                config.apply_json(s);
            }
            return Loaded {
                config,
                kb: KnowledgeBase::embedded(),
                checked: self.checked.clone(),
                problems,
            };
        };
        let file = root.join(crate::workspace::CONFIG_FILE);
        if let Ok(text) = std::fs::read_to_string(&file) {
            let errors = config.apply_toml(&text);
            if let Some(uri) = super::convert::path_to_uri(&file) {
                problems.insert(uri.to_string(), errors);
            }
        }
        if let Some(s) = &self.client_settings {
            let errors = config.apply_json(s);
            if !errors.is_empty()
                && let Some(uri) = super::convert::path_to_uri(&file)
            {
                problems.entry(uri.to_string()).or_default().extend(errors);
            }
        }
        let embedded = KnowledgeBase::embedded();
        let mut files = Vec::new();
        for name in &config.knowledge_base {
            let path = root.join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                files.push((path.to_string_lossy().into_owned(), text));
            }
        }
        let kb = match KnowledgeBase::with_workspace_files(&embedded, &files) {
            Ok(kb) => Arc::new(kb),
            Err(errors) => {
                for e in errors {
                    if let Some(uri) = super::convert::path_to_uri(Path::new(&e.file)) {
                        problems.entry(uri.to_string()).or_default().push(kb_problem(&e));
                    }
                }
                // The previous knowledge base stays in force.
                self.kb.clone()
            }
        };
        let checked_file = root.join(CHECKED_FILE);
        let checked = match std::fs::read_to_string(&checked_file) {
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
            Err(_) => Arc::default(),
        };
        // Files without problems are left out: a fixed file is cleared by the caller, and
        // files that never had any get no publish at all.
        problems.retain(|_, errors| !errors.is_empty());
        Loaded {
            config,
            kb,
            checked,
            problems,
        }
    }
}

fn kb_problem(e: &KbError) -> ConfigError {
    ConfigError {
        line: e.line,
        message: format!("knowledge base: {}", e.message),
    }
}
