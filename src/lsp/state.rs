//! What the server holds: open documents, the workspaces of the folders' projects, one-file
//! workspaces for articles opened outside every folder, and the configuration resolver. Guarded by one
//! plain mutex and never held across an `.await`, so edits apply in arrival order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::archive::Location;
use crate::extract::Format;
use crate::text::{Document, PositionEncoding};
use crate::workspace::{
    Analyzer, Article, ConfigError, Failed, Folders, Guard, Project, Projects, ReadError, Resolver, Workspace, lexical_normal,
    read_article, read_config_file, regular_or_absent,
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
    /// The configuration of each file, as the CLI finds it (with the client's settings).
    pub resolver: Resolver,
    /// The articles of the folders, a workspace per project.
    pub projects: Projects,
    /// Articles opened outside every workspace folder, each its own workspace (configured by
    /// its own project).
    pub loose: HashMap<String, Projects>,
    /// Problems in configuration files as last published, by file URI.
    pub file_problems: HashMap<String, Vec<ConfigError>>,
    pub scanned: bool,
    pub caps: ClientCaps,
    /// Files refused with a reason already logged, so a refusal is logged once, not on every
    /// event or request.
    pub refused: HashMap<PathBuf, String>,
    /// Lines to log once the client is initialized (found while initializing).
    pub pending_log: Vec<String>,
    /// Lines about unavailable actions already logged.
    pub noted: std::collections::HashSet<String>,
    /// Shared by every workspace: one analysis worker and its deadline.
    pub guard: Guard,
    /// The newsroom archives the projects name, each behind its worker thread.
    pub archives: super::archive::Archives,
}

/// A lookup sent to an archive worker.
pub struct ArchiveQuestion {
    pub location: Location,
    pub root: Option<PathBuf>,
    pub answer: tokio::sync::oneshot::Receiver<Result<Vec<crate::archive::Candidate>, String>>,
}

/// What a configuration reload found: problems by file URI, and lines to log for files
/// refused (each refusal once).
pub struct Reloaded {
    pub problems: HashMap<String, Vec<ConfigError>>,
    pub refusals: Vec<String>,
}

impl State {
    pub fn new() -> State {
        let guard = Guard::with_deadline(analysis_deadline());
        State {
            encoding: PositionEncoding::Utf16,
            open: HashMap::new(),
            folders: Vec::new(),
            roots: Folders::default(),
            resolver: Resolver::new(&[], None, true),
            projects: Projects::new(guard.clone()),
            loose: HashMap::new(),
            file_problems: HashMap::new(),
            scanned: false,
            caps: ClientCaps::default(),
            refused: HashMap::new(),
            pending_log: Vec::new(),
            noted: Default::default(),
            guard,
            archives: Default::default(),
        }
    }

    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.roots = Folders::new(&folders);
        self.resolver.set_folders(&folders);
        // Messages name other articles by their path in these folders, as the CLI does.
        self.projects.set_names(folders.clone());
        self.folders = folders;
    }

    /// True when `path` lies under a workspace folder, by its name and once symbolic links
    /// are resolved.
    pub fn in_folders(&self, path: &Path) -> bool {
        self.roots.contains(path)
    }

    /// The project of a document at `path`; a document without a file takes the first
    /// folder's.
    pub fn project_for(&mut self, path: Option<&Path>) -> Arc<Project> {
        match (path, self.folders.first()) {
            (Some(p), _) => self.resolver.project_for(p),
            (None, Some(folder)) => {
                let folder = folder.clone();
                self.resolver.project_for_dir(&folder)
            }
            (None, None) => self.resolver.project(None),
        }
    }

    /// The project of the article `key`.
    pub fn project_of_key(&mut self, key: &str) -> Option<Arc<Project>> {
        let root = match self.loose.get(key) {
            Some(own) => own.root_of(key)?.clone(),
            None => self.projects.root_of(key)?.clone(),
        };
        Some(self.resolver.project(root))
    }

    /// True when `path` is an article of the folders by its project's include/exclude globs.
    pub fn is_article_path(&mut self, path: &Path) -> bool {
        let path = lexical_normal(path);
        let Some(folder) = self.roots.named().iter().find(|f| path.starts_with(f)).cloned() else {
            return false;
        };
        self.resolver.is_article(&path, &folder)
    }

    /// An article of the folders as on disk; a symbolic link is followed only to a target
    /// inside the folders, and only regular files are read.
    pub fn read_disk_article(&mut self, path: &Path) -> Result<String, ReadError> {
        let max = self.resolver.project_for(path).config.max_file_size;
        read_article(path, max, Some(&self.roots))
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

    /// Analyses an article into the workspace of its project (a document outside every
    /// folder into its own); a failed analysis (panic, deadline) is logged once here and the
    /// article keeps its previous results.
    pub fn set_article(&mut self, key: &str, path: Option<PathBuf>, text: Arc<str>, format: Format, version: Option<i32>) -> Arc<Article> {
        let (project, target) = self.target(key, path.as_deref());
        let (article, fault) = target.set(&project, key, path, text, format, version);
        if let Some(fault) = fault {
            eprintln!("{}; its previous results are kept", fault.log_line(key));
        }
        article
    }

    /// The project of an article at `path` and the projects it is kept in: the folders', or
    /// its own when it lies outside them.
    fn target(&mut self, key: &str, path: Option<&Path>) -> (Arc<Project>, &mut Projects) {
        let inside = path.is_some_and(|p| self.in_folders(p));
        let project = self.project_for(path);
        if inside || (self.folders.is_empty() && path.is_none()) {
            (project, &mut self.projects)
        } else {
            let guard = self.guard.clone();
            (project, self.loose.entry(key.to_string()).or_insert_with(|| Projects::new(guard)))
        }
    }

    /// What analysing the article `key` at `path` takes, to analyse off the lock; the outcome
    /// is stored with [`State::store_article`].
    pub fn analyzer_for(&mut self, key: &str, path: Option<&Path>) -> Analyzer {
        let (project, target) = self.target(key, path);
        target.analyzer(&project)
    }

    /// Stores an analysis made off the lock by `analyzer` (see [`State::analyzer_for`]), naming
    /// (when `affected`) the other articles of its project it may affect; when the
    /// configuration changed meanwhile, nothing is stored and the analyzer now in force is
    /// returned instead.
    pub fn store_article(
        &mut self,
        key: &str,
        path: Option<&Path>,
        analyzer: &Analyzer,
        analyzed: Result<Article, Box<Failed>>,
        affected: bool,
    ) -> Result<Vec<String>, Analyzer> {
        let (project, target) = self.target(key, path);
        let now = target.analyzer(&project);
        if now.generation() != analyzer.generation() || !now.same_context(analyzer) {
            return Err(now);
        }
        let (affected, fault) = if affected {
            let (_, affected, fault) = target.store(&project, analyzed);
            (affected, fault)
        } else {
            (Vec::new(), target.set_analyzed(&project, analyzed).1)
        };
        if let Some(fault) = fault {
            eprintln!("{}; its previous results are kept", fault.log_line(key));
        }
        Ok(affected)
    }

    /// Forgets an article of the folders.
    pub fn remove_article(&mut self, key: &str) {
        self.projects.remove(key);
    }

    pub fn workspace_of(&self, key: &str) -> Option<&Workspace> {
        match self.loose.get(key) {
            Some(own) => own.workspace_of(key),
            None => self.projects.workspace_of(key),
        }
    }

    pub fn workspace_of_mut(&mut self, key: &str) -> Option<&mut Workspace> {
        match self.loose.get_mut(key) {
            Some(own) => own.workspace_of_mut(key),
            None => self.projects.workspace_of_mut(key),
        }
    }

    /// The archive `key`'s project names, and its root.
    pub fn archive_of(&mut self, key: &str) -> Option<(Location, Option<PathBuf>)> {
        let project = self.project_of_key(key)?;
        let value = project.config.archive.as_deref()?;
        Some((Location::parse(value, project.root.as_deref()), project.root.clone()))
    }

    /// Sends the archive the lookup keys of `key`'s statements it was not asked for yet; the
    /// answer comes on the receiver. `None`: no archive, or nothing new to ask.
    pub fn ask_archive(&mut self, key: &str) -> Option<ArchiveQuestion> {
        let (location, root) = self.archive_of(key)?;
        let keys = crate::archive::lookup_keys_of(self.workspace_of(key)?, &[key]);
        let keys = self.archives.new_keys(&location, &root, keys);
        if keys.is_empty() {
            return None;
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.archives
            .worker(&location)
            .send(super::archive::Job::Candidates(keys, tx))
            .ok()?;
        Some(ArchiveQuestion {
            location,
            root,
            answer: rx,
        })
    }

    /// Files an archive answer in `key`'s workspace. Returns the line to log (once) when the
    /// archive failed (the keys are then asked again later), and the articles whose findings
    /// the archived statements may change.
    pub fn archive_answered(
        &mut self,
        key: &str,
        q: &ArchiveQuestion,
        answer: Result<Vec<crate::archive::Candidate>, String>,
    ) -> (Option<String>, Vec<String>) {
        match answer {
            Ok(candidates) => {
                let Some(ws) = self.workspace_of_mut(key) else {
                    return (None, Vec::new());
                };
                let (paths, hashes) = crate::archive::own_articles(ws);
                let found = crate::archive::articles_from(candidates, ws.kb(), &paths, &hashes);
                (None, ws.merge_archived(found))
            }
            Err(why) => {
                self.archives.forget(&q.location, &q.root);
                (self.note_once(format!("factline: archive not used: {why}")), Vec::new())
            }
        }
    }

    /// Every workspace: one per project, and one per document outside the folders.
    pub fn workspaces(&self) -> Vec<&Workspace> {
        let own = self.loose.values().flat_map(|p| p.workspaces().map(|(_, ws)| ws));
        self.projects.workspaces().map(|(_, ws)| ws).chain(own).collect()
    }

    /// True for the files configuration is made of: any `factline.toml`, and the
    /// knowledge-base and checked-figures files of the projects in use.
    pub fn is_config_path(&self, path: &Path) -> bool {
        self.resolver.is_source(path)
    }

    /// Looks every article's project up again (after a configuration file or the client's
    /// settings changed), moves articles whose governing `factline.toml` changed, and puts
    /// each project's configuration in force (an unchanged one costs no re-analysis).
    pub fn reload(&mut self) -> Reloaded {
        // The archive setting may have changed: what was found is forgotten and asked again.
        self.archives.reset();
        for (_, ws) in self.projects.workspaces_mut() {
            ws.clear_archived();
        }
        for own in self.loose.values_mut() {
            for (_, ws) in own.workspaces_mut() {
                ws.clear_archived();
            }
        }
        for folder in self.folders.clone() {
            self.resolver.project_for_dir(&folder);
        }
        let articles: Vec<Arc<Article>> = self.projects.articles().map(|(_, a)| a.clone()).collect();
        for a in articles {
            let project = self.project_for(a.path.as_deref());
            if self.projects.root_of(&a.key) != Some(&project.root) {
                let (_, fault) = self
                    .projects
                    .set(&project, &a.key, a.path.clone(), a.text.clone(), a.format, a.version);
                if let Some(fault) = fault {
                    eprintln!("{}; its previous results are kept", fault.log_line(&a.key));
                }
            }
        }
        let roots: Vec<Option<PathBuf>> = self.projects.workspaces().map(|(root, _)| root.clone()).collect();
        for root in roots {
            let project = self.resolver.project(root);
            for (key, fault) in self.projects.apply(&project) {
                eprintln!("{}; its previous results are kept", fault.log_line(&key));
            }
        }
        let keys: Vec<String> = self.loose.keys().cloned().collect();
        for key in keys {
            let Some(a) = self.loose.get(&key).and_then(|own| own.get(&key)).cloned() else {
                continue;
            };
            let project = self.project_for(a.path.as_deref());
            if let Some(own) = self.loose.get_mut(&key) {
                let (_, fault) = if own.root_of(&key) == Some(&project.root) {
                    (a.clone(), own.apply(&project).into_iter().next().map(|(_, f)| f))
                } else {
                    own.set(&project, &key, a.path.clone(), a.text.clone(), a.format, a.version)
                };
                if let Some(fault) = fault {
                    eprintln!("{}; its previous results are kept", fault.log_line(&key));
                }
            }
        }
        self.noted.clear();
        Reloaded {
            problems: self.problems(),
            refusals: self.refusals(),
        }
    }

    /// The projects in use: those of the folders and of the articles, as the CLI reports on
    /// the projects of the folders and files it is given (a project met only on the way, such
    /// as a subfolder its parent excludes, is not).
    fn projects_in_use(&mut self) -> Vec<Arc<Project>> {
        let mut roots: Vec<Option<PathBuf>> = self.projects.workspaces().map(|(root, _)| root.clone()).collect();
        roots.extend(self.loose.values().flat_map(|own| own.workspaces().map(|(root, _)| root.clone())));
        for folder in self.folders.clone() {
            roots.push(self.resolver.root_of_dir(&folder));
        }
        roots.sort();
        roots.dedup();
        roots.into_iter().map(|root| self.resolver.project(root)).collect()
    }

    /// Problems of every project in use, by file URI. Files without problems are left out: a
    /// fixed file is cleared by the caller, and files that never had any get no publish.
    /// Files that could not be read at all are logged instead (see [`State::refusals`]).
    pub fn problems(&mut self) -> HashMap<String, Vec<ConfigError>> {
        let mut out: HashMap<String, Vec<ConfigError>> = HashMap::new();
        let projects = self.projects_in_use();
        for p in projects.iter().flat_map(|p| &p.problems).filter(|p| !p.unreadable) {
            let Some(uri) = super::convert::path_to_uri(&p.path) else {
                continue;
            };
            let error = ConfigError {
                line: p.line.unwrap_or(0),
                message: p.report(),
            };
            let list = out.entry(uri.to_string()).or_default();
            if !list.contains(&error) {
                list.push(error);
            }
        }
        out
    }

    /// The lines to log for configuration files that could not be read (each refusal once);
    /// the files read this time may be refused again later, and logged again.
    fn refusals(&mut self) -> Vec<String> {
        let mut read = Vec::new();
        let mut refused = Vec::new();
        for project in self.projects_in_use() {
            for source in &project.sources {
                match project.problems.iter().find(|p| p.unreadable && &p.path == source) {
                    Some(p) => refused.push((p.path.clone(), p.message.trim_start_matches("cannot read: ").to_string())),
                    None => read.push(source.clone()),
                }
            }
        }
        for path in read {
            self.accept(&path);
        }
        refused.into_iter().filter_map(|(path, why)| self.refuse(&path, why)).collect()
    }

    /// Records a figure as checked in memory in the project rooted at `root` (the file
    /// follows through the client's edit).
    pub fn mark_checked(&mut self, root: &Option<PathBuf>, fingerprint: String) {
        let project = self.resolver.mark_checked(root, fingerprint);
        self.projects.apply(&project);
        for own in self.loose.values_mut() {
            own.apply(&project);
        }
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
}
