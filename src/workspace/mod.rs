//! The workspace: every article's text and analysis, the knowledge base and configuration in
//! force, and the cross-document answers (other mentions of an entity, rules that compare
//! articles). The LSP server and the CLI both drive one of these.

pub mod checked;
mod config;
mod files;
pub mod guard;
pub mod index;
pub mod projects;
pub mod resolve;
pub mod sheet;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use checked::{CHECKED_FILE, CheckedFigures, figure_fingerprint};
pub use config::{CONFIG_FILE, Config, ConfigError, DEFAULT_MAX_FILE_SIZE, syntax_error};
pub use files::{
    ArticleFile, ArticleFilter, Folders, MAX_CONFIG_FILE_SIZE, ReadError, decode_article, decode_article_file, discover, lexical_normal,
    read_article, read_article_file, read_config_file, regular_or_absent, resolve,
};
pub use guard::{Fault, FaultReport, Guard};
pub use index::{QuantityIndex, QuantityMatch, Statement};
pub use projects::Projects;
pub use resolve::{ConfigProblem, ProblemIn, Project, Resolver};

use crate::archive::ArchivedArticle;
use crate::check::{self, ArticleView, Checked, RuleContext};
use crate::extract::{Analysis, Context, EntityRef, Format, Lexicon};
use crate::kb::KnowledgeBase;
use crate::text::{LineIndex, Span};

/// One analysed article.
#[derive(Clone, Debug)]
pub struct Article {
    /// The workspace key: a URI in the server, a path in the CLI.
    pub key: String,
    /// How messages name it: its path relative to the workspace folder holding it, else the key.
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
    pub line_index: Arc<LineIndex>,
    pub format: Format,
    pub analysis: Analysis,
    /// The editor's version for open documents.
    pub version: Option<i32>,
}

impl Article {
    pub fn view(&self) -> ArticleView<'_> {
        ArticleView {
            key: &self.key,
            name: &self.name,
            text: &self.text,
            analysis: &self.analysis,
        }
    }
}

/// An analysis that failed: the fault, and the article with an empty analysis of its text.
#[derive(Debug)]
pub struct Failed {
    pub article: Article,
    pub report: FaultReport,
}

/// A mention of an entity somewhere in the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRef {
    pub key: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Workspace {
    articles: BTreeMap<String, Arc<Article>>,
    /// Every article's figures by quantity, kept in step with `articles`.
    quantities: QuantityIndex,
    ctx: Context,
    config: Config,
    /// Figures marked as checked (`.factline/checked.toml`); their sourcing is not flagged.
    checked: Arc<CheckedFigures>,
    /// How analyses run (panics caught; in the server, a deadline).
    guard: Guard,
    /// Articles whose latest text could not be analysed, and why; such an article keeps its
    /// previous analysis (or, new, an empty one).
    faults: BTreeMap<String, FaultReport>,
    /// The folders article names are relative to (the server's workspace folders; none in the
    /// CLI, whose keys are already the paths as given).
    roots: Vec<PathBuf>,
    /// Archived articles found for the articles' quantity keys (`crate::archive`), by key,
    /// with the name messages give them; their statements are in `quantities` too.
    archived: BTreeMap<String, (ArchivedArticle, String)>,
}

impl Workspace {
    pub fn new(kb: Arc<KnowledgeBase>, config: Config) -> Workspace {
        let ctx = context_for(kb, &config);
        Workspace {
            articles: BTreeMap::new(),
            quantities: QuantityIndex::new(),
            ctx,
            config,
            checked: Arc::default(),
            guard: Guard::inline(),
            faults: BTreeMap::new(),
            roots: Vec::new(),
            archived: BTreeMap::new(),
        }
    }

    /// Runs analyses under `guard` (the server's has a deadline).
    pub fn with_guard(mut self, guard: Guard) -> Workspace {
        self.guard = guard;
        self
    }

    /// Every article whose latest text has no fresh analysis, with why.
    pub fn faults(&self) -> impl Iterator<Item = (&str, &FaultReport)> {
        self.faults.iter().map(|(k, f)| (k.as_str(), f))
    }

    /// Why `key`'s latest text has no fresh analysis, if it has none.
    pub fn fault(&self, key: &str) -> Option<&FaultReport> {
        self.faults.get(key)
    }

    /// Names articles by their path relative to the folder of `roots` holding them (prefixed
    /// by the folder's own name when there are several, as editors show multi-root paths).
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        if roots == self.roots {
            return;
        }
        self.roots = roots;
        let keys: Vec<String> = self.articles.keys().cloned().collect();
        for key in keys {
            if let Some(old) = self.articles.get(&key).cloned() {
                let name = self.name_for(&key, old.path.as_deref());
                let renamed = Article { name, ..(*old).clone() };
                self.articles.insert(key, Arc::new(renamed));
            }
        }
    }

    /// The name messages give the article `key` at `path`.
    fn name_for(&self, key: &str, path: Option<&std::path::Path>) -> String {
        let Some(path) = path else { return key.to_string() };
        for root in &self.roots {
            let Ok(rel) = path.strip_prefix(root) else { continue };
            let rel = rel.to_string_lossy();
            return match root.file_name() {
                Some(folder) if self.roots.len() > 1 => format!("{}/{rel}", folder.to_string_lossy()),
                _ => rel.into_owned(),
            };
        }
        key.to_string()
    }

    pub fn checked(&self) -> &Arc<CheckedFigures> {
        &self.checked
    }

    /// Replaces the checked figures (no re-analysis needed: they only filter findings).
    pub fn set_checked(&mut self, checked: Arc<CheckedFigures>) {
        self.checked = checked;
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn kb(&self) -> &Arc<KnowledgeBase> {
        &self.ctx.kb
    }

    /// Replaces the knowledge base and configuration, re-analysing every article.
    pub fn reconfigure(&mut self, kb: Arc<KnowledgeBase>, config: Config) {
        self.ctx = context_for(kb, &config);
        self.config = config;
        let keys: Vec<String> = self.articles.keys().cloned().collect();
        for key in keys {
            if let Some(old) = self.articles.get(&key).cloned() {
                self.set(&key, old.path.clone(), old.text.clone(), old.format, old.version);
            }
        }
    }

    /// Analyses `text` as the article `key` and stores it. When the analysis fails (a panic, or
    /// the guard's deadline), the article keeps its previous analysis (a new one gets an empty
    /// analysis of its text) and [`Workspace::fault`] says why.
    pub fn set(&mut self, key: &str, path: Option<PathBuf>, text: Arc<str>, format: Format, version: Option<i32>) -> Arc<Article> {
        match self.analyze(key, path, text, format, version) {
            Ok(article) => {
                self.faults.remove(key);
                let article = Arc::new(article);
                self.insert(article.clone());
                article
            }
            Err(failed) => self.keep_previous(key, failed),
        }
    }

    /// Records a failed analysis and returns what stands for the article meanwhile.
    fn keep_previous(&mut self, key: &str, failed: Box<Failed>) -> Arc<Article> {
        self.faults.insert(key.to_string(), failed.report.clone());
        if let Some(previous) = self.articles.get(key) {
            return previous.clone();
        }
        let Failed { article, .. } = *failed;
        let article = Arc::new(article);
        self.insert(article.clone());
        article
    }

    /// Analyses without storing (for callers that analyse off the lock and store later).
    pub fn analyze(
        &self,
        key: &str,
        path: Option<PathBuf>,
        text: Arc<str>,
        format: Format,
        version: Option<i32>,
    ) -> Result<Article, Box<Failed>> {
        let ctx = Context {
            format,
            ..self.ctx.clone()
        };
        let analysis = self.guard.analyze(&text, &ctx);
        let line_index = Arc::new(LineIndex::new(&text));
        let article = |analysis| Article {
            key: key.to_string(),
            name: self.name_for(key, path.as_deref()),
            path,
            text: text.clone(),
            line_index,
            format,
            analysis,
            version,
        };
        match analysis {
            Ok(analysis) => Ok(article(analysis)),
            Err(report) => Err(Box::new(Failed {
                article: article(Analysis {
                    format,
                    ..Analysis::default()
                }),
                report,
            })),
        }
    }

    /// Stores an article analysed by [`Workspace::analyze`].
    pub fn insert(&mut self, article: Arc<Article>) {
        self.drop_archived_copy_of(&article);
        self.quantities.update(&article.key, &article.text, &article.analysis, &self.ctx.kb);
        self.articles.insert(article.key.clone(), article);
    }

    pub fn remove(&mut self, key: &str) -> Option<Arc<Article>> {
        self.quantities.remove(key);
        self.faults.remove(key);
        self.articles.remove(key)
    }

    /// The cross-document quantity index.
    pub fn quantities(&self) -> &QuantityIndex {
        &self.quantities
    }

    /// Re-analyses one article, updates the index, and names the other articles whose
    /// cross-document findings may have changed: those stating a quantity of a statement the
    /// edit added, removed or changed (before or after it). The caller re-checks `key` and
    /// these only.
    pub fn update(
        &mut self,
        key: &str,
        path: Option<PathBuf>,
        text: Arc<str>,
        format: Format,
        version: Option<i32>,
    ) -> (Arc<Article>, Vec<String>) {
        let article = match self.analyze(key, path, text, format, version) {
            Ok(article) => {
                self.faults.remove(key);
                Arc::new(article)
            }
            Err(failed) => return (self.keep_previous(key, failed), Vec::new()),
        };
        let new = index::statements_of(&article.text, &article.analysis, &self.ctx.kb);
        let old = self.quantities.statements(key);
        let mut affected: Vec<String> = Vec::new();
        let mut note = |ix: &QuantityIndex, i: usize| {
            affected.extend(ix.matches(key, i).into_iter().filter(|m| m.doc != key).map(|m| m.doc.to_string()));
        };
        for (i, s) in old.iter().enumerate() {
            if !new.iter().any(|n| n.same_as(s)) {
                note(&self.quantities, i);
            }
        }
        let changed: Vec<usize> = (0..new.len()).filter(|&j| !old.iter().any(|o| o.same_as(&new[j]))).collect();
        self.quantities.replace(key, new);
        for j in changed {
            note(&self.quantities, j);
        }
        self.articles.insert(key.to_string(), article.clone());
        affected.sort();
        affected.dedup();
        (article, affected)
    }

    /// The other articles whose cross-document findings may depend on `key`'s figures: call
    /// before and after changing `key` and republish the union.
    pub fn neighbours(&self, key: &str) -> Vec<String> {
        let mut v: Vec<String> = self.quantities.affected(key).into_iter().map(|d| d.to_string()).collect();
        v.sort();
        v
    }

    /// Every other statement in the workspace of the quantity of the figure at `offset` in
    /// `key`, agreeing or not (for hovers).
    pub fn quantity_matches(&self, key: &str, offset: usize) -> Vec<QuantityMatch<'_>> {
        let statements = self.quantities.statements(key);
        match statements
            .iter()
            .position(|s| s.span.start <= offset && offset < s.span.end.max(s.span.start + 1))
        {
            Some(i) => self.quantities.matches(key, i),
            None => Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Arc<Article>> {
        self.articles.get(key)
    }

    pub fn articles(&self) -> impl Iterator<Item = &Arc<Article>> {
        self.articles.values()
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Runs the rules on one article, with every other article of the workspace in view.
    pub fn check(&self, key: &str) -> Checked {
        let Some(article) = self.articles.get(key) else {
            return Checked::default();
        };
        let mut others: Vec<ArticleView<'_>> = self.articles.values().filter(|a| a.key != key).map(|a| a.view()).collect();
        others.extend(self.archived_views());
        let cx = RuleContext {
            article: article.view(),
            others: &others,
            kb: &self.ctx.kb,
            quantities: Some(&self.quantities),
        };
        let mut checked = check::run(&cx, &self.config.rules);
        self.checked.filter(&article.text, &article.analysis, &mut checked.findings);
        checked
    }

    /// Files archived articles (see `crate::archive::attach`): each adds to what was found
    /// for it before. A copy of a workspace article is left out by the caller.
    pub fn merge_archived(&mut self, articles: Vec<ArchivedArticle>) {
        for a in articles {
            let key = a.key.clone();
            let merged = match self.archived.remove(&key) {
                Some((mut old, _)) => {
                    old.merge(a);
                    old
                }
                None => a,
            };
            let statements = merged.statements.values().map(|(s, _)| s.clone()).collect();
            self.quantities.replace(&key, statements);
            let name = merged.name();
            self.archived.insert(key, (merged, name));
        }
    }

    /// Forgets every archived article (the archive changed or went away).
    pub fn clear_archived(&mut self) {
        for key in std::mem::take(&mut self.archived).into_keys() {
            self.quantities.remove(&key);
        }
    }

    /// An article is never compared with its own archived copy (same path or same text).
    /// Checked when an article comes in (opened, scanned, read), not on each edit: hashing
    /// every keystroke's text would cost a large article milliseconds.
    fn drop_archived_copy_of(&mut self, article: &Article) {
        if self.archived.is_empty() || self.articles.contains_key(&article.key) {
            return;
        }
        let path = article.path.as_deref().map(crate::archive::archive_path);
        let hash = crate::archive::content_hash(&article.text);
        let copies: Vec<String> = self
            .archived
            .iter()
            .filter(|(_, (a, _))| a.content_hash == hash || path.as_deref() == Some(a.path.as_str()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in copies {
            self.archived.remove(&k);
            self.quantities.remove(&k);
        }
    }

    pub fn archived(&self, key: &str) -> Option<&ArchivedArticle> {
        self.archived.get(key).map(|(a, _)| a)
    }

    /// Archived articles as rules see them: a name and no text (their statements are in the
    /// quantity index).
    fn archived_views(&self) -> impl Iterator<Item = ArticleView<'_>> {
        static EMPTY: std::sync::LazyLock<Analysis> = std::sync::LazyLock::new(Analysis::default);
        self.archived.iter().map(|(key, (_, name))| ArticleView {
            key,
            name,
            text: "",
            analysis: &EMPTY,
        })
    }

    /// Every mention of an entity across the workspace, in key then position order.
    pub fn mentions_of(&self, reference: &EntityRef) -> Vec<MentionRef> {
        let mut out = Vec::new();
        for a in self.articles.values() {
            if let Some(e) = a.analysis.entities.iter().find(|e| &e.reference == reference) {
                out.extend(e.mentions.iter().map(|&mi| MentionRef {
                    key: a.key.clone(),
                    span: a.analysis.mentions[mi].span,
                }));
            }
        }
        out
    }

    /// The stable id of an entity (knowledge-base id, or the slug of a local name).
    pub fn entity_id(&self, reference: &EntityRef) -> String {
        match reference {
            EntityRef::Kb(id) => self.ctx.kb.entry(*id).id.clone(),
            EntityRef::Local(slug) => slug.clone(),
        }
    }
}

fn context_for(kb: Arc<KnowledgeBase>, config: &Config) -> Context {
    Context {
        kb,
        lexicon: Lexicon::with_extra_cues(&config.attribution_verbs, &config.attribution_phrases),
        format: Format::Plain,
        default_year: config.default_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(ws: &mut Workspace, path: &str) -> String {
        let key = format!("file://{path}");
        ws.set(&key, Some(PathBuf::from(path)), Arc::from("Text.\n"), Format::Plain, None);
        ws.get(&key).map(|a| a.name.clone()).unwrap_or_default()
    }

    #[test]
    fn articles_are_named_by_their_path_in_the_workspace_folder() {
        let mut ws = Workspace::new(Arc::new(KnowledgeBase::empty()), Config::default());
        // Before any folder is known an article is named by its key.
        assert_eq!(add(&mut ws, "/news/desk/ferry.md"), "file:///news/desk/ferry.md");
        ws.set_roots(vec![PathBuf::from("/news")]);
        assert_eq!(ws.get("file:///news/desk/ferry.md").map(|a| a.name.as_str()), Some("desk/ferry.md"));
        assert_eq!(add(&mut ws, "/news/naïve café.md"), "naïve café.md");
        // Outside every folder: the key.
        assert_eq!(add(&mut ws, "/tmp/loose.txt"), "file:///tmp/loose.txt");
        // Several folders: the folder's own name first, as editors show multi-root paths.
        ws.set_roots(vec![PathBuf::from("/news"), PathBuf::from("/archive")]);
        assert_eq!(add(&mut ws, "/archive/2025/ferry.md"), "archive/2025/ferry.md");
        assert_eq!(
            ws.get("file:///news/desk/ferry.md").map(|a| a.name.as_str()),
            Some("news/desk/ferry.md")
        );
    }
}
