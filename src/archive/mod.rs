//! The newsroom archive: published articles kept in a database (an SQLite file, or a shared
//! PostgreSQL), so a draft is checked against everything published without holding it in
//! memory. Written only by `factline archive add`/`remove`; checks read it.
//!
//! The seam into the consistency checks is narrow: for the quantity keys of the articles
//! being checked (dimension and head word, never their text) the archive yields candidate
//! [`Statement`]s, grouped by archived article ([`ArchivedArticle`]); the workspace files
//! them in its quantity index under a key of their own (`archive:` and the path), and the
//! same decision that compares open articles judges them.

pub mod import;
pub mod location;
pub mod record;
pub mod store;

use std::collections::{BTreeMap, HashSet};

pub use location::Location;
pub use record::{ArticleRecord, content_hash};
pub use store::{Archive, ArchiveError, Candidate, Mode, SCHEMA_VERSION, Stats, Timeouts};

use crate::check::index::Statement;
use crate::kb::KnowledgeBase;
use crate::workspace::Workspace;

/// Workspace keys of archived articles start with this: no path or URI does.
pub const KEY_PREFIX: &str = "archive:";

/// At most this many archived statements per lookup key, newest articles first: a key as
/// common as "people killed" would otherwise bring the whole archive.
pub const PER_KEY: usize = 40;

/// An archived article as the workspace holds it: the statements found for the current
/// drafts, and what a message needs to name it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArchivedArticle {
    /// `archive:` and the path or URL.
    pub key: String,
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub content_hash: String,
    /// Statements by their number in the article, each with its editor position (start line,
    /// character, end line, character; UTF-16).
    pub statements: BTreeMap<i64, (Statement, [u32; 4])>,
}

impl ArchivedArticle {
    /// How messages name it: “headline” (date, path).
    pub fn name(&self) -> String {
        match &self.date {
            Some(d) => format!("the archived “{}” ({d}, {})", self.headline, self.path),
            None => format!("the archived “{}” ({})", self.headline, self.path),
        }
    }

    /// The position of the statement at `span` (for related information in editors).
    pub fn position_of(&self, span: crate::text::Span) -> Option<[u32; 4]> {
        self.statements.values().find(|(s, _)| s.span == span).map(|(_, at)| *at)
    }

    /// Adds the statements of `other` (another lookup of the same article).
    pub fn merge(&mut self, other: ArchivedArticle) {
        if other.content_hash != self.content_hash {
            // The article was re-imported meanwhile: the newer lookup wins whole.
            *self = other;
            return;
        }
        self.statements.extend(other.statements);
    }
}

/// The lookup keys of the statements of `keys` (workspace articles) in `ws`.
pub fn lookup_keys_of(ws: &Workspace, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = keys
        .iter()
        .flat_map(|k| ws.index().quantities.statements(k).iter())
        .flat_map(record::lookup_keys)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Groups candidates by article, reads their statements back (with `kb`, for knowledge-base
/// ids), and leaves out archived copies of workspace articles (same path or same text).
pub fn articles_from(
    candidates: Vec<Candidate>,
    kb: &KnowledgeBase,
    own_paths: &HashSet<String>,
    own_hashes: &HashSet<String>,
) -> Vec<ArchivedArticle> {
    let mut by_path: BTreeMap<String, ArchivedArticle> = BTreeMap::new();
    for c in candidates {
        if own_paths.contains(&c.path) || own_hashes.contains(&c.content_hash) {
            continue;
        }
        let Some(decoded) = record::decode(&c.body, kb) else { continue };
        let entry = by_path.entry(c.path.clone()).or_insert_with(|| ArchivedArticle {
            key: format!("{KEY_PREFIX}{}", c.path),
            path: c.path.clone(),
            headline: c.headline.clone(),
            date: c.date.clone(),
            content_hash: c.content_hash.clone(),
            statements: BTreeMap::new(),
        });
        entry.statements.insert(c.ord, (decoded.statement, decoded.at));
    }
    by_path.into_values().collect()
}

/// The paths and content hashes of a workspace's own articles: an archived article with
/// either is a copy of one of them and never compared with it.
pub fn own_articles(ws: &Workspace) -> (HashSet<String>, HashSet<String>) {
    let mut paths = HashSet::new();
    let mut hashes = HashSet::new();
    for a in ws.articles() {
        let (path, hash) = a.archive_identity();
        paths.extend(path.clone());
        paths.insert(a.key.clone());
        hashes.insert(hash.clone());
    }
    (paths, hashes)
}

/// The path the archive stores for a file: absolute, symbolic links resolved when it exists.
pub fn archive_path(path: &std::path::Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| {
        let joined = std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf());
        crate::workspace::lexical_normal(&joined)
    });
    absolute.to_string_lossy().into_owned()
}

/// Looks up, for the articles `keys` of `ws`, the archived statements of the same quantity
/// keys, and files them in `ws`. Only the lookup keys go to the database.
pub fn attach(archive: &mut Archive, ws: &mut Workspace, keys: &[&str]) -> Result<usize, ArchiveError> {
    let lookup = lookup_keys_of(ws, keys);
    if lookup.is_empty() {
        return Ok(0);
    }
    let candidates = archive.candidates(&lookup, PER_KEY)?;
    let (paths, hashes) = own_articles(ws);
    let articles = articles_from(candidates, ws.kb(), &paths, &hashes);
    let n = articles.len();
    ws.merge_archived(articles);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::extract::{Context, Format, analyze};
    use crate::workspace::Config;

    const QUAKE: &str = "Quake in Peru kills 34\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, the agency said.\n";
    const DRAFT: &str = "Peru quake\nLIMA, February 12, 2026 — The earthquake in Peru killed 24 people, officials said.\n";

    /// The candidates an archive holding `text` at `path` gives for every key of it.
    fn candidates(path: &str, text: &str) -> Vec<Candidate> {
        let kb = KnowledgeBase::embedded();
        let a = analyze(text, &Context::new(kb.clone()));
        let r = ArticleRecord::new(path, text, &a, &kb);
        r.statements
            .iter()
            .enumerate()
            .map(|(i, s)| Candidate {
                path: r.path.clone(),
                headline: r.headline.clone(),
                date: r.date.clone(),
                content_hash: r.content_hash.clone(),
                ord: i as i64,
                body: s.body.clone(),
            })
            .collect()
    }

    #[test]
    fn archived_statements_are_judged_like_open_ones_and_named() {
        let kb = KnowledgeBase::embedded();
        let mut ws = Workspace::new(kb.clone(), Config::default());
        ws.set("drafts/quake.md", None, Arc::from(DRAFT), Format::Plain, None);
        let (paths, hashes) = own_articles(&ws);
        let found = articles_from(candidates("/published/quake.md", QUAKE), &kb, &paths, &hashes);
        assert_eq!(found.len(), 1);
        ws.merge_archived(found);
        let findings = ws.check("drafts/quake.md").findings;
        let f = findings
            .iter()
            .find(|f| f.code == crate::check::Code::InconsistentNumber)
            .expect("the archive's 34 contradicts the draft's 24");
        assert!(
            f.message
                .contains("the archived “Quake in Peru kills 34” (2026-02-10, /published/quake.md)"),
            "{}",
            f.message
        );
        assert!(f.related.iter().all(|r| r.doc == "archive:/published/quake.md"));
        // Merging the same answer again changes nothing.
        ws.merge_archived(articles_from(candidates("/published/quake.md", QUAKE), &kb, &paths, &hashes));
        assert_eq!(ws.check("drafts/quake.md").findings, findings);
        ws.clear_archived();
        assert!(
            ws.check("drafts/quake.md")
                .findings
                .iter()
                .all(|f| f.code != crate::check::Code::InconsistentNumber)
        );
    }

    /// Archived statements carry their article's date: a later archived article with a
    /// higher toll makes the draft's toll superseded, not contradicted.
    #[test]
    fn a_later_archived_total_supersedes_the_drafts() {
        const LATER: &str = "Quake toll rises to 51\nLIMA, February 14, 2026 — The earthquake in Peru killed 51 people, the agency said.\n";
        let kb = KnowledgeBase::embedded();
        let mut ws = Workspace::new(kb.clone(), Config::default());
        ws.set("drafts/quake.md", None, Arc::from(DRAFT), Format::Plain, None);
        let (paths, hashes) = own_articles(&ws);
        let found = articles_from(candidates("/published/later.md", LATER), &kb, &paths, &hashes);
        assert!(
            found[0].statements.values().all(|(s, _)| s.date.is_some() && s.day.is_some()),
            "archived statements keep the article date"
        );
        ws.merge_archived(found);
        let findings = ws.check("drafts/quake.md").findings;
        let f = findings
            .iter()
            .find(|f| f.code == crate::check::Code::SupersededFigure)
            .expect("the archive's later 51 supersedes the draft's 24");
        assert!(f.related.iter().all(|r| r.doc == "archive:/published/later.md"));
        assert!(findings.iter().all(|f| f.code != crate::check::Code::InconsistentNumber));
    }

    #[test]
    fn a_copy_of_a_workspace_article_is_left_out_by_path_or_text() {
        let kb = KnowledgeBase::embedded();
        let mut ws = Workspace::new(kb.clone(), Config::default());
        ws.set("drafts/quake.md", None, Arc::from(DRAFT), Format::Plain, None);
        let (paths, hashes) = own_articles(&ws);
        // The draft's own text archived elsewhere, and another article at the draft's key.
        assert!(articles_from(candidates("/published/elsewhere.md", DRAFT), &kb, &paths, &hashes).is_empty());
        assert!(articles_from(candidates("drafts/quake.md", QUAKE), &kb, &paths, &hashes).is_empty());
        // An article arriving after its archived copy was filed drops the copy.
        ws.merge_archived(articles_from(candidates("/published/quake.md", QUAKE), &kb, &paths, &hashes));
        assert!(ws.archived("archive:/published/quake.md").is_some());
        ws.set("scanned/quake-copy.md", None, Arc::from(QUAKE), Format::Plain, None);
        assert!(ws.archived("archive:/published/quake.md").is_none());
        assert!(ws.index().quantities.statements("archive:/published/quake.md").is_empty());
        // So does one opened in the editor (analysed off the workspace, then stored).
        ws.merge_archived(articles_from(candidates("/published/quake.md", QUAKE), &kb, &paths, &hashes));
        assert!(ws.archived("archive:/published/quake.md").is_some());
        let opened = ws.analyze("untitled:quake", None, Arc::from(QUAKE), Format::Plain, Some(1));
        ws.store(opened);
        assert!(ws.archived("archive:/published/quake.md").is_none());
    }
}
