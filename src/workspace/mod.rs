//! The workspace: every article's text and analysis, the knowledge base and configuration in
//! force, and the cross-document answers (other mentions of an entity, rules that compare
//! articles). The LSP server and the CLI both drive one of these.

pub mod checked;
mod config;
mod files;
pub mod guard;
pub mod projects;
pub mod resolve;
pub mod sheet;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub use checked::{CHECKED_FILE, CheckedFigures, figure_fingerprint};
pub use config::{CONFIG_FILE, Config, ConfigError, DEFAULT_MAX_FILE_SIZE, syntax_error};
pub use files::{
    ArticleFile, ArticleFilter, Folders, MAX_CONFIG_FILE_SIZE, ReadError, decode_article, decode_article_file, discover, lexical_normal,
    read_article, read_article_file, read_config_file, regular_or_absent, resolve,
};
pub use guard::{Fault, FaultReport, Guard};
pub use projects::Projects;
pub use resolve::{ConfigProblem, ProblemIn, Project, Resolver};

use crate::archive::ArchivedArticle;
use crate::check::index::{Found, Index, Wanted, statements_of};
use crate::check::{self, ArticleView, Checked, RuleContext};
use crate::extract::{Analysis, Context, EntityRef, Format, Lexicon};
use crate::kb::KnowledgeBase;
use crate::text::{LineIndex, Span};

/// What an archived article is analysed as: nothing (its statements come from the archive).
static NO_ANALYSIS: std::sync::LazyLock<Analysis> = std::sync::LazyLock::new(Analysis::default);

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
    /// Its path (as the archive stores paths) and text hash, worked out the first time an
    /// archive answer is checked against it, so an answer costs only the articles that changed.
    pub archive_identity: OnceLock<(Option<String>, String)>,
}

impl Article {
    /// What tells an archived article to be a copy of this one: its archive path and text hash.
    pub fn archive_identity(&self) -> &(Option<String>, String) {
        self.archive_identity.get_or_init(|| {
            let path = self.path.as_deref().map(crate::archive::archive_path);
            (path, crate::archive::content_hash(&self.text))
        })
    }

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

/// What analysing an article takes (context, guard, the folders naming it), cloned out of a
/// workspace: analyses run without the workspace, and their outcome is stored with
/// [`Workspace::store`] or [`Workspace::set_analyzed`].
#[derive(Clone, Debug)]
pub struct Analyzer {
    ctx: Context,
    /// The settings `ctx` was made from (boxed: an analyzer travels by value).
    config: Box<Config>,
    guard: Guard,
    roots: Vec<PathBuf>,
    generation: u64,
}

impl Analyzer {
    /// The same analyzer with an analysis worker of its own, for analyses running side by
    /// side (see [`Guard::own_worker`]).
    pub fn with_own_worker(&self) -> Analyzer {
        Analyzer {
            guard: self.guard.own_worker(),
            ..self.clone()
        }
    }

    /// The workspace generation this was made in ([`Workspace::generation`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when both analyse with the same knowledge base and settings (analyzers of two
    /// workspaces of one project, or of its workspace before and after a reconfiguration).
    pub fn same_context(&self, other: &Analyzer) -> bool {
        Arc::ptr_eq(&self.ctx.kb, &other.ctx.kb) && self.config == other.config && self.roots == other.roots
    }

    /// Analyses `text` as the article `key`; `line_index`, when the caller has one of `text`
    /// already, saves building another.
    pub fn analyze(
        &self,
        key: &str,
        path: Option<PathBuf>,
        text: Arc<str>,
        line_index: Option<Arc<LineIndex>>,
        format: Format,
        version: Option<i32>,
    ) -> Result<Article, Box<Failed>> {
        let ctx = Context {
            format,
            ..self.ctx.clone()
        };
        let analysis = self.guard.analyze(&text, &ctx);
        let line_index = line_index.unwrap_or_else(|| Arc::new(LineIndex::new(&text)));
        let article = |analysis| Article {
            key: key.to_string(),
            name: name_for(&self.roots, key, path.as_deref()),
            path,

            text: text.clone(),
            line_index,
            format,
            analysis,
            version,
            archive_identity: OnceLock::new(),
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
}

/// The name messages give the article `key` at `path`: its path relative to the folder of
/// `roots` holding it (prefixed by the folder's name when there are several), else the key.
fn name_for(roots: &[PathBuf], key: &str, path: Option<&std::path::Path>) -> String {
    let Some(path) = path else { return key.to_string() };
    for root in roots {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let rel = rel.to_string_lossy();
        return match root.file_name() {
            Some(folder) if roots.len() > 1 => format!("{}/{rel}", folder.to_string_lossy()),
            _ => rel.into_owned(),
        };
    }
    key.to_string()
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
    /// Every article's figures by quantity, its spellings of entities and its name, kept in
    /// step with `articles`.
    index: Index,
    ctx: Context,
    config: Config,
    /// Figures marked as checked (`.factline/checked.toml`); their sourcing is not flagged.
    checked: Arc<CheckedFigures>,
    /// How analyses run (panics caught; in the server, a deadline).
    guard: Guard,
    /// See [`Workspace::generation`].
    generation: u64,
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
            index: Index::new(),
            ctx,
            config,
            checked: Arc::default(),
            guard: Guard::inline(),
            generation: 0,
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
        self.generation += 1;
        let keys: Vec<String> = self.articles.keys().cloned().collect();
        for key in keys {
            if let Some(old) = self.articles.get(&key).cloned() {
                let name = self.name_for(&key, old.path.as_deref());
                let renamed = Article { name, ..(*old).clone() };
                self.index.update_entities(&renamed.view());
                self.articles.insert(key, Arc::new(renamed));
            }
        }
    }

    /// The name messages give the article `key` at `path`.
    fn name_for(&self, key: &str, path: Option<&std::path::Path>) -> String {
        name_for(&self.roots, key, path)
    }

    /// What analysing an article takes, to analyse without the workspace at hand (the server
    /// analyses off its lock); see [`Workspace::generation`].
    pub fn analyzer(&self) -> Analyzer {
        Analyzer {
            ctx: self.ctx.clone(),
            config: Box::new(self.config.clone()),
            guard: self.guard.clone(),
            roots: self.roots.clone(),
            generation: self.generation,
        }
    }

    /// Changes whenever analyses made before would come out differently now (configuration,
    /// knowledge base, folders): an [`Analyzer`] of another generation is out of date.
    pub fn generation(&self) -> u64 {
        self.generation
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
        self.generation += 1;
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
        let analyzed = self.analyze(key, path, text, format, version);
        self.set_analyzed(analyzed)
    }

    /// Stores the outcome of an analysis made off the workspace, as [`Workspace::set`] does.
    pub fn set_analyzed(&mut self, analyzed: Result<Article, Box<Failed>>) -> Arc<Article> {
        match analyzed {
            Ok(article) => {
                let key = article.key.clone();
                let key = key.as_str();
                self.faults.remove(key);
                let article = Arc::new(article);
                self.insert(article.clone());
                article
            }
            Err(failed) => {
                let key = failed.article.key.clone();
                self.keep_previous(&key, failed)
            }
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
        self.analyzer().analyze(key, path, text, None, format, version)
    }

    /// Stores an article analysed by [`Workspace::analyze`].
    pub fn insert(&mut self, article: Arc<Article>) {
        self.drop_archived_copy_of(&article);
        self.index.update(&article.view(), &self.ctx.kb);
        self.articles.insert(article.key.clone(), article);
    }

    pub fn remove(&mut self, key: &str) -> Option<Arc<Article>> {
        self.index.remove(key);
        self.faults.remove(key);
        self.articles.remove(key)
    }

    /// The cross-document index.
    pub fn index(&self) -> &Index {
        &self.index
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
        let analyzed = self.analyze(key, path, text, format, version);
        self.store(analyzed)
    }

    /// Stores the outcome of an analysis made off the workspace, as [`Workspace::update`]
    /// does, naming the other articles it may affect.
    pub fn store(&mut self, analyzed: Result<Article, Box<Failed>>) -> (Arc<Article>, Vec<String>) {
        let article = match analyzed {
            Ok(article) => {
                self.faults.remove(&article.key);
                Arc::new(article)
            }
            Err(failed) => {
                let key = failed.article.key.clone();
                return (self.keep_previous(&key, failed), Vec::new());
            }
        };
        self.drop_archived_copy_of(&article);
        let key = article.key.as_str();
        let new = statements_of(&article.text, &article.analysis, &self.ctx.kb);
        let old = self.index.quantities.statements(key);
        let mut affected = HashSet::new();
        // Statements are compared in order: an edit shifts those after it but keeps them the
        // same, so a walk in step finds the changed ones without comparing every pair.
        let (gone, added) = changed_statements(old, &new);
        for i in gone {
            self.index.quantities.add_stating(key, i, &mut affected);
        }
        self.index.quantities.replace(key, new);
        for j in added {
            self.index.quantities.add_stating(key, j, &mut affected);
        }
        // A spelling of an entity added or dropped changes the name variants of the articles
        // naming it.
        let old_names = self.index.spellings.filed(key).cloned().unwrap_or_default();
        // So do a name outside the knowledge base that another article spells another way.
        affected.extend(self.index.spellings.local_neighbours(key));
        self.index.update_entities(&article.view());
        affected.extend(self.index.spellings.local_neighbours(key));
        let new_names = self.index.spellings.filed(key).cloned().unwrap_or_default();
        for (reference, spellings) in old_names.iter().chain(&new_names) {
            let same = |list: &[crate::check::spellings::Filed]| list.iter().any(|(r, s)| r == reference && s == spellings);
            if !(same(&old_names) && same(&new_names)) {
                affected.extend(self.index.spellings.naming_keys(reference).filter(|d| ***d != *key).cloned());
            }
        }
        self.articles.insert(key.to_string(), article.clone());
        let mut affected: Vec<String> = affected.into_iter().map(|d| d.to_string()).collect();
        affected.sort();
        (article, affected)
    }

    /// The other articles whose cross-document findings may depend on `key`'s figures: call
    /// before and after changing `key` and republish the union.
    pub fn neighbours(&self, key: &str) -> Vec<String> {
        let mut v: Vec<String> = self.index.quantities.affected(key).into_iter().map(|d| d.to_string()).collect();
        v.sort();
        v
    }

    /// Every other statement in the workspace of the quantity of the figure at `offset` in
    /// `key`, agreeing or not (for hovers), in article then position order.
    pub fn quantity_matches(&self, key: &str, offset: usize) -> Found<'_> {
        let statements = self.index.quantities.statements(key);
        match statements
            .iter()
            .position(|s| s.span.start <= offset && offset < s.span.end.max(s.span.start + 1))
        {
            Some(i) => self.index.quantities.find(key, i, Wanted::All, usize::MAX),
            None => Found::default(),
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
        let cx = RuleContext {
            article: article.view(),
            others: &[],
            kb: &self.ctx.kb,
            lexicon: &self.ctx.lexicon,
            index: Some(&self.index),
            decisions: Default::default(),
        };
        let mut checked = check::run(&cx, &self.config.rules);
        self.checked.filter(&article.text, &article.analysis, &mut checked.findings);
        checked
    }

    /// Files archived articles (see `crate::archive::attach`): each adds to what was found
    /// for it before. A copy of a workspace article is left out by the caller. Returns the
    /// workspace articles stating a quantity of the archived statements (their findings may
    /// change).
    pub fn merge_archived(&mut self, articles: Vec<ArchivedArticle>) -> Vec<String> {
        let mut affected = HashSet::new();
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
            self.index.quantities.replace(&key, statements);
            let name = merged.name();
            // Named in the index as any article (no text, so no spellings).
            self.index.update_entities(&ArticleView {
                key: &key,
                name: &name,
                text: "",
                analysis: &NO_ANALYSIS,
            });
            affected.extend(self.index.quantities.affected(&key));
            self.archived.insert(key, (merged, name));
        }
        let mut affected: Vec<String> = affected
            .into_iter()
            .filter(|k| self.articles.contains_key(&**k))
            .map(|k| k.to_string())
            .collect();
        affected.sort();
        affected
    }

    /// Forgets every archived article (the archive changed or went away).
    pub fn clear_archived(&mut self) {
        for key in std::mem::take(&mut self.archived).into_keys() {
            self.index.remove(&key);
        }
    }

    /// An article is never compared with its own archived copy (same path or same text).
    /// Checked when an article comes in (opened, scanned, read), not on each edit: hashing
    /// every keystroke's text would cost a large article milliseconds.
    fn drop_archived_copy_of(&mut self, article: &Article) {
        if self.archived.is_empty() || self.articles.contains_key(&article.key) {
            return;
        }
        let (path, hash) = article.archive_identity();
        let copies: Vec<String> = self
            .archived
            .iter()
            .filter(|(_, (a, _))| a.content_hash == *hash || path.as_deref() == Some(a.path.as_str()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in copies {
            self.archived.remove(&k);
            self.index.remove(&k);
        }
    }

    pub fn archived(&self, key: &str) -> Option<&ArchivedArticle> {
        self.archived.get(key).map(|(a, _)| a)
    }

    /// Every mention of an entity across the workspace, in key then position order.
    pub fn mentions_of(&self, reference: &EntityRef) -> Vec<MentionRef> {
        let mut out = Vec::new();
        for a in self.index.spellings.naming(reference).filter_map(|k| self.articles.get(k)) {
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

/// The statements of `old` with no same statement in `new`, and those of `new` with none in
/// `old`, by index. Walks both in order, matching what is the same up to each first
/// difference from either end, and compares the middles pair by pair (an edit changes a few).
fn changed_statements(old: &[check::index::Statement], new: &[check::index::Statement]) -> (Vec<usize>, Vec<usize>) {
    let head = old.iter().zip(new).take_while(|(a, b)| a.same_as(b)).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a.same_as(b))
        .count();
    let (old_mid, new_mid) = (head..old.len() - tail, head..new.len() - tail);
    let gone = old_mid
        .clone()
        .filter(|&i| !new[new_mid.clone()].iter().any(|n| n.same_as(&old[i])))
        .collect();
    let added = new_mid
        .clone()
        .filter(|&j| !old[old_mid.clone()].iter().any(|o| o.same_as(&new[j])))
        .collect();
    (gone, added)
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

    #[test]
    fn an_edit_affects_only_the_articles_stating_a_changed_quantity() {
        let mut ws = Workspace::new(KnowledgeBase::embedded(), Config::default());
        let a = "Quake\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, officials said.\n";
        let b = "Quake\nLIMA, February 10, 2026 — The death toll from the earthquake in Peru rose to 34.\n";
        let c = "Bank\nSEOUL, March 5, 2026 — The Bank of Korea cut its base rate to 2.25%.\n";
        for (k, t) in [("a", a), ("b", b), ("c", c)] {
            ws.set(k, None, Arc::from(t), Format::Plain, None);
        }
        // Text added away from any figure: nothing else to re-check.
        let (_, affected) = ws.update(
            "a",
            None,
            Arc::from(format!("{a}Rescuers worked through the night.\n")),
            Format::Plain,
            None,
        );
        assert!(affected.is_empty(), "{affected:?}");
        // The figure changes: the article stating the same quantity is affected, the other not.
        let (_, affected) = ws.update("a", None, Arc::from(a.replace("34", "43")), Format::Plain, None);
        assert_eq!(affected, ["b"]);
        // A qualifier changes what the statement allows, not its text or key.
        let (_, affected) = ws.update(
            "a",
            None,
            Arc::from(a.replace("killed 34", "killed at least 34")),
            Format::Plain,
            None,
        );
        assert_eq!(affected, ["b"]);
        let (_, affected) = ws.update("a", None, Arc::from(a.replace("34", "43")), Format::Plain, None);
        assert_eq!(affected, ["b"]);
        assert!(
            ws.check("b")
                .assert_clean()
                .iter()
                .any(|f| f.code == crate::check::Code::InconsistentNumber)
        );
    }

    #[test]
    fn a_stated_rate_links_articles_in_two_currencies() {
        let mut ws = Workspace::new(KnowledgeBase::embedded(), Config::default());
        let usd = "Loan\nACCRA, March 3, 2026 — Ghana's loan from the World Bank is $4.5 million, the ministry said.\n";
        let rate = "The ministry booked it at 11.2 cedis to the dollar.\n";
        let ghs = "Loan\nACCRA, March 4, 2026 — Ghana's loan from the World Bank is 61 million cedis, an official said.\n";
        ws.set("usd", None, Arc::from(format!("{usd}{rate}")), Format::Plain, None);
        ws.set("ghs", None, Arc::from(ghs), Format::Plain, None);
        let conflict = |ws: &Workspace| {
            ws.check("ghs")
                .assert_clean()
                .iter()
                .any(|f| f.code == crate::check::Code::InconsistentNumber)
        };
        assert!(conflict(&ws));
        // Dropping the rate unlinks the currencies, and the cedi article is re-checked.
        let (_, affected) = ws.update("usd", None, Arc::from(usd), Format::Plain, None);
        assert_eq!(affected, ["ghs"]);
        assert!(!conflict(&ws));
        // Stating it again links them again.
        let (_, affected) = ws.update("usd", None, Arc::from(format!("{usd}{rate}")), Format::Plain, None);
        assert_eq!(affected, ["ghs"]);
        assert!(conflict(&ws));
    }
}
