//! The articles of one front split by project (see [`super::resolve`]): one [`Workspace`] per
//! project root, configured by its [`Project`], so rules that compare articles compare the
//! articles of one project only, and each article is analysed with its own project's
//! knowledge base and settings.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Analyzer, Article, Failed, FaultReport, Guard, Project, Workspace};
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
        let ws = match self.by_root.remove(&project.root) {
            Some(ws) => ws,
            None => self.new_workspace(project),
        };
        self.by_root.entry(project.root.clone()).or_insert(ws)
    }

    /// An empty workspace configured by `project`.
    fn new_workspace(&self, project: &Project) -> Workspace {
        let mut ws = Workspace::new(project.kb.clone(), project.config.clone()).with_guard(self.guard.clone());
        ws.set_checked(project.checked.clone());
        ws.set_roots(self.names.clone());
        ws
    }

    /// What analysing an article of `project` takes, to analyse off the projects (in
    /// parallel); store the outcome with [`Projects::set_analyzed`]. Makes no workspace.
    pub fn analyzer(&self, project: &Project) -> Analyzer {
        match self.by_root.get(&project.root) {
            Some(ws) if Arc::ptr_eq(ws.kb(), &project.kb) && ws.config() == &project.config => ws.analyzer(),
            _ => self.new_workspace(project).analyzer(),
        }
    }

    /// The workspace of `project`, made the home of the article `key` (which leaves the
    /// project it was in, if another).
    fn home_of(&mut self, project: &Project, key: &str) -> &mut Workspace {
        if self.home.get(key).is_some_and(|root| root != &project.root) {
            self.remove(key);
        }
        self.home.insert(key.to_string(), project.root.clone());
        self.workspace(project)
    }

    /// Stores an analysis made by [`Projects::analyzer`] as the article of `project`, as
    /// [`Projects::set`] does.
    pub fn set_analyzed(&mut self, project: &Project, analyzed: Result<Article, Box<Failed>>) -> (Arc<Article>, Option<FaultReport>) {
        let key = match &analyzed {
            Ok(a) => a.key.clone(),
            Err(f) => f.article.key.clone(),
        };
        let ws = self.home_of(project, &key);
        let article = ws.set_analyzed(analyzed);
        (article, ws.fault(&key).cloned())
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
        let ws = self.home_of(project, key);
        let article = ws.set(key, path, text, format, version);
        (article, ws.fault(key).cloned())
    }

    /// Stores an analysis made by [`Projects::analyzer`] as [`Workspace::store`] does: with
    /// the other articles of the project it may affect, and the fault when it failed.
    pub fn store(&mut self, project: &Project, analyzed: Result<Article, Box<Failed>>) -> (Arc<Article>, Vec<String>, Option<FaultReport>) {
        let key = match &analyzed {
            Ok(a) => a.key.clone(),
            Err(f) => f.article.key.clone(),
        };
        let ws = self.home_of(project, &key);
        let (article, affected) = ws.store(analyzed);
        (article, affected, ws.fault(&key).cloned())
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

    pub fn workspace_of_mut(&mut self, key: &str) -> Option<&mut Workspace> {
        self.by_root.get_mut(self.home.get(key)?)
    }

    /// The workspace of the project rooted at `root`, if it holds articles.
    pub fn by_root(&self, root: &Option<PathBuf>) -> Option<&Workspace> {
        self.by_root.get(root)
    }

    pub fn get(&self, key: &str) -> Option<&Arc<Article>> {
        self.workspace_of(key)?.get(key)
    }

    /// Each project's workspace, to change (the CLI files archived articles in them).
    pub fn workspaces_mut(&mut self) -> impl Iterator<Item = (&Option<PathBuf>, &mut Workspace)> {
        self.by_root.iter_mut()
    }

    /// Every project's workspace, by root.
    pub fn workspaces(&self) -> impl Iterator<Item = (&Option<PathBuf>, &Workspace)> {
        self.by_root.iter()
    }

    /// Every article, with its project's root.
    pub fn articles(&self) -> impl Iterator<Item = (&Option<PathBuf>, &Arc<Article>)> {
        self.by_root.iter().flat_map(|(root, ws)| ws.articles().map(move |a| (root, a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KnowledgeBase;
    use crate::workspace::{ArticleFilter, Config};

    fn project(root: &str, kb: &Arc<KnowledgeBase>, default_year: Option<i32>) -> Project {
        let config = Config {
            default_year,
            ..Config::default()
        };
        Project {
            root: Some(PathBuf::from(root)),
            config_file: None,
            filter: ArticleFilter::new(&config).0,
            config,
            kb: kb.clone(),
            checked: Arc::default(),
            problems: Vec::new(),
            sources: Vec::new(),
        }
    }

    fn add(projects: &mut Projects, p: &Project, key: &str) {
        projects.set(
            p,
            key,
            None,
            Arc::from("Quake\n\nThe quake damaged 300 homes.\n"),
            Format::Plain,
            None,
        );
    }

    fn keys(ws: Option<&Workspace>) -> Vec<String> {
        ws.map(|ws| ws.articles().map(|a| a.key.clone()).collect()).unwrap_or_default()
    }

    #[test]
    fn articles_live_in_their_project_and_move_with_it() {
        let kb = Arc::new(KnowledgeBase::empty());
        let (news, desk) = (project("/news", &kb, None), project("/news/desk", &kb, Some(2024)));
        let mut projects = Projects::new(Guard::inline());
        add(&mut projects, &news, "a");
        add(&mut projects, &news, "b");
        add(&mut projects, &desk, "c");
        assert_eq!(keys(projects.workspace_of("a")), ["a", "b"]);
        assert_eq!(keys(projects.workspace_of("c")), ["c"]);
        assert_eq!(projects.workspace_of("c").map(|ws| ws.config().default_year), Some(Some(2024)));
        // `b` now under the desk's file: it leaves the root's project.
        add(&mut projects, &desk, "b");
        assert_eq!(keys(projects.workspace_of("a")), ["a"]);
        assert_eq!(keys(projects.workspace_of("b")), ["b", "c"]);
        assert_eq!(projects.root_of("b"), Some(&Some(PathBuf::from("/news/desk"))));
        // The last article of a project gone, the project's workspace goes too.
        projects.remove("a");
        assert!(projects.by_root(&news.root).is_none() && projects.get("a").is_none());
    }

    #[test]
    fn an_unchanged_project_costs_no_reanalysis() {
        let kb = Arc::new(KnowledgeBase::empty());
        let news = project("/news", &kb, None);
        let mut projects = Projects::new(Guard::inline());
        add(&mut projects, &news, "a");
        let before = projects.get("a").cloned().unwrap();
        projects.apply(&news.clone());
        assert!(Arc::ptr_eq(&before, projects.get("a").unwrap()));
        // A new year re-analyses; so does another knowledge base, even if equal in content.
        projects.apply(&project("/news", &kb, Some(2025)));
        let after = projects.get("a").cloned().unwrap();
        assert!(!Arc::ptr_eq(&before, &after));
        projects.apply(&project("/news", &Arc::new(KnowledgeBase::empty()), Some(2025)));
        assert!(!Arc::ptr_eq(&after, projects.get("a").unwrap()));
    }
}
