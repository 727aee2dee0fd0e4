//! What the server holds: open documents, the workspace of the folders, one-file workspaces
//! for articles opened outside every folder, and the configuration in force. Guarded by one
//! plain mutex and never held across an `.await`, so edits apply in arrival order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::extract::Format;
use crate::kb::{KbError, KnowledgeBase};
use crate::text::{Document, PositionEncoding};
use crate::workspace::{ArticleFilter, Config, ConfigError, Workspace};

pub struct OpenDoc {
    pub doc: Document,
    pub format: Format,
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
    pub client_settings: Option<serde_json::Value>,
    pub scanned: bool,
}

impl State {
    pub fn new() -> State {
        let config = Config::default();
        let (filter, _) = ArticleFilter::new(&config);
        let kb = KnowledgeBase::embedded();
        State {
            encoding: PositionEncoding::Utf16,
            open: HashMap::new(),
            folders: Vec::new(),
            main: Workspace::new(kb.clone(), config.clone()),
            loose: HashMap::new(),
            filter,
            config,
            file_problems: HashMap::new(),
            kb,
            client_settings: None,
            scanned: false,
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
            let (kb, config) = (self.kb.clone(), self.config.clone());
            return self.loose.entry(key.to_string()).or_insert_with(|| Workspace::new(kb, config));
        }
        &mut self.main
    }

    pub fn workspace_of(&self, key: &str) -> Option<&Workspace> {
        if let Some(ws) = self.loose.get(key) {
            return Some(ws);
        }
        self.main.get(key).map(|_| &self.main)
    }

    /// Applies a new configuration and knowledge base to every workspace.
    pub fn reconfigure(&mut self, config: Config, kb: Arc<KnowledgeBase>) {
        let (filter, _) = ArticleFilter::new(&config);
        self.filter = filter;
        self.main.reconfigure(kb.clone(), config.clone());
        for ws in self.loose.values_mut() {
            ws.reconfigure(kb.clone(), config.clone());
        }
        self.config = config;
        self.kb = kb;
    }

    /// The configuration from the first folder's `factline.toml` with client settings on top,
    /// and the knowledge base with the workspace files; problems by file URI.
    pub fn load_config(&self) -> (Config, Arc<KnowledgeBase>, HashMap<String, Vec<ConfigError>>) {
        let mut problems: HashMap<String, Vec<ConfigError>> = HashMap::new();
        let mut config = Config::default();
        let Some(root) = self.folders.first() else {
            if let Some(s) = &self.client_settings {
                config.apply_json(s);
            }
            return (config, KnowledgeBase::embedded(), problems);
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
            if let Some(uri) = super::convert::path_to_uri(&path) {
                problems.entry(uri.to_string()).or_default();
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
        (config, kb, problems)
    }
}

fn kb_problem(e: &KbError) -> ConfigError {
    ConfigError {
        line: e.line,
        message: format!("knowledge base: {}", e.message),
    }
}
