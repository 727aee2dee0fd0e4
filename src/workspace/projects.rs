//! The articles of one front split by project (see [`super::resolve`]): one [`Workspace`] per
//! project root, configured by its [`Project`], so rules that compare articles compare the
//! articles of one project only, and each article is analysed with its own project's
//! knowledge base and settings.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Article, FaultReport, Guard, Project, Workspace};
use crate::extract::Format;

#[derive(Debug)]
pub struct Projects {
    by_root: BTreeMap<Option<PathBuf>, Workspace>,
    /// The project root of each article.
    home: HashMap<String, Option<PathBuf>>,
    guard: Guard,
    /// The folders articles are named relative to (see [`Workspace::set_roots`]).
    names: Vec<PathBuf>,
}

impl Projects {
    pub fn new(guard: Guard) -> Projects {
        Projects {
            by_root: BTreeMap::new(),
            home: HashMap::new(),
            guard,
            names: Vec::new(),
        }
    }

    /// Names articles relative to these folders, in every project.
    pub fn set_names(&mut self, folders: Vec<PathBuf>) {
        for ws in self.by_root.values_mut() {
            ws.set_roots(folders.clone());
        }
        self.names = folders;
    }

    /// The workspace of the project rooted at `root`, made (and configured by `project`) on
    /// first use; an existing one takes `project`'s configuration (see [`Projects::apply`]).
    pub fn workspace(&mut self, project: &Project) -> &mut Workspace {
        self.apply(project);
        let (guard, names) = (self.guard.clone(), self.names.clone());
        self.by_root.entry(project.root.clone()).or_insert_with(|| {
            let mut ws = Workspace::new(project.kb.clone(), project.config.clone()).with_guard(guard);
            ws.set_checked(project.checked.clone());
            ws.set_roots(names);
            ws
        })
    }

    /// Puts `project`'s configuration in force in its workspace, if there is one. The
    /// knowledge base is compared by pointer, so an unchanged project costs no re-analysis.
    /// The articles whose analysis failed meanwhile, with why.
    pub fn apply(&mut self, project: &Project) -> Vec<(String, FaultReport)> {
        let Some(ws) = self.by_root.get_mut(&project.root) else {
            return Vec::new();
        };
        let mut faults = Vec::new();
        if !Arc::ptr_eq(ws.kb(), &project.kb) || ws.config() != &project.config {
            ws.reconfigure(project.kb.clone(), project.config.clone());
            faults = ws.faults().map(|(k, f)| (k.to_string(), f.clone())).collect();
        }
        ws.set_checked(project.checked.clone());
        faults
    }

    /// Analyses `text` as the article `key` of `project` (moving it there from another
    /// project); with the fault when its analysis failed (it keeps its previous results).
    pub fn set(
        &mut self,
        project: &Project,
        key: &str,
        path: Option<PathBuf>,
        text: Arc<str>,
        format: Format,
        version: Option<i32>,
    ) -> (Arc<Article>, Option<FaultReport>) {
        if self.home.get(key).is_some_and(|root| root != &project.root) {
            self.remove(key);
        }
        self.home.insert(key.to_string(), project.root.clone());
        let ws = self.workspace(project);
        let article = ws.set(key, path, text, format, version);
        (article, ws.fault(key).cloned())
    }

    pub fn remove(&mut self, key: &str) -> Option<Arc<Article>> {
        let root = self.home.remove(key)?;
        let ws = self.by_root.get_mut(&root)?;
        let removed = ws.remove(key);
        if ws.is_empty() {
            self.by_root.remove(&root);
        }
        removed
    }

    /// The root of the project holding `key`.
    pub fn root_of(&self, key: &str) -> Option<&Option<PathBuf>> {
        self.home.get(key)
    }

    pub fn workspace_of(&self, key: &str) -> Option<&Workspace> {
        self.by_root.get(self.home.get(key)?)
    }

    /// The workspace of the project rooted at `root`, if it holds articles.
    pub fn by_root(&self, root: &Option<PathBuf>) -> Option<&Workspace> {
        self.by_root.get(root)
    }

    pub fn get(&self, key: &str) -> Option<&Arc<Article>> {
        self.workspace_of(key)?.get(key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.home.contains_key(key)
    }

    /// Every project's workspace, by root.
    pub fn workspaces(&self) -> impl Iterator<Item = (&Option<PathBuf>, &Workspace)> {
        self.by_root.iter()
    }

    /// Every article, with its project's root.
    pub fn articles(&self) -> impl Iterator<Item = (&Option<PathBuf>, &Arc<Article>)> {
        self.by_root.iter().flat_map(|(root, ws)| ws.articles().map(move |a| (root, a)))
    }

    pub fn len(&self) -> usize {
        self.home.len()
    }

    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }
}
