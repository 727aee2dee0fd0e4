//! The cross-document quantity index: every figure of every article (open or closed) under
//! its dimension and head words, so the statements of one quantity are found without
//! comparing every pair of articles. Updated per article: replacing one article touches only
//! its own postings.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::extract::quantity::{agree, common_view, same_quantity_of, too_far_apart, topics};
use crate::extract::{Analysis, Dimension, EntityRef, Quantity};
use crate::kb::KnowledgeBase;
use crate::text::Span;

/// One statement of a quantity, with what a message or hover needs to name it.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub quantity: Quantity,
    /// The figure as written and where.
    pub span: Span,
    pub text: String,
    /// Who states it, as written ("the finance ministry").
    pub source: Option<String>,
    pub sentence: usize,
    /// The article's topics and the entities of the statement's clause: statements are only
    /// compared when they share one (no topic at all is a topic of its own).
    pub topics: Vec<EntityRef>,
}

impl Statement {
    /// The same statement, wherever it sits: an edit elsewhere in the article leaves it be.
    pub fn same_as(&self, other: &Statement) -> bool {
        let (a, b) = (&self.quantity, &other.quantity);
        self.text == other.text
            && a.key == b.key
            && (a.value, a.low, a.high, a.date) == (b.value, b.low, b.high, b.date)
            && a.alternatives == b.alternatives
            && a.restates.is_some() == b.restates.is_some()
            && self.topics == other.topics
            && self.source == other.source
    }
}

/// Another statement of the same quantity somewhere in the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantityMatch<'a> {
    pub doc: &'a str,
    pub statement: &'a Statement,
    pub agrees: bool,
}

type Posting = (Dimension, String, EntityRef);
/// A posting holds its document's statements, so a query never looks documents up by name.
type Entry = (Arc<str>, Arc<Vec<Statement>>, u32);

#[derive(Clone, Debug, Default)]
pub struct QuantityIndex {
    /// (dimension, head word, topic) -> (document, its statements, statement index).
    postings: HashMap<Posting, Vec<Entry>>,
    docs: HashMap<Arc<str>, Arc<Vec<Statement>>>,
}

impl QuantityIndex {
    pub fn new() -> QuantityIndex {
        QuantityIndex::default()
    }

    /// Replaces the statements of `doc` with those of its new analysis.
    pub fn update(&mut self, doc: &str, text: &str, analysis: &Analysis, kb: &KnowledgeBase) {
        let statements = statements_of(text, analysis, kb);
        self.replace(doc, statements);
    }

    /// Replaces the statements of `doc` (as made by [`statements_of`]).
    pub fn replace(&mut self, doc: &str, statements: Vec<Statement>) {
        self.remove(doc);
        let key: Arc<str> = Arc::from(doc);
        let statements = Arc::new(statements);
        for (i, s) in statements.iter().enumerate() {
            for p in postings(s) {
                self.postings
                    .entry(p)
                    .or_default()
                    .push((key.clone(), statements.clone(), i as u32));
            }
        }
        self.docs.insert(key, statements);
    }
}

/// The statements of one analysed article.
pub fn statements_of(text: &str, analysis: &Analysis, kb: &KnowledgeBase) -> Vec<Statement> {
    let doc_topics = topics(analysis, kb);
    analysis
        .quantities
        .iter()
        .map(|q| {
            let f = &analysis.figures[q.figure];
            let mut topics = doc_topics.clone();
            for e in &q.key.entities {
                if !topics.contains(e) {
                    topics.push(e.clone());
                }
            }
            if topics.is_empty() {
                topics.push(EntityRef::Local(String::new()));
            }
            Statement {
                quantity: q.clone(),
                span: f.span,
                text: f.span.slice(text).to_string(),
                source: f.source.as_ref().map(|s| s.text.clone()),
                sentence: f.sentence,
                topics,
            }
        })
        .collect()
}

impl QuantityIndex {
    pub fn remove(&mut self, doc: &str) {
        let Some(old) = self.docs.remove(doc) else { return };
        for s in old.iter() {
            for p in postings(s) {
                if let Some(list) = self.postings.get_mut(&p) {
                    list.retain(|(d, _, _)| &**d != doc);
                    if list.is_empty() {
                        self.postings.remove(&p);
                    }
                }
            }
        }
    }

    pub fn statements(&self, doc: &str) -> &[Statement] {
        self.docs.get(doc).map_or(&[], |v| v.as_slice())
    }

    /// Every other statement of the quantity of `doc`'s statement `i`, agreeing or not, in
    /// document then position order. Figures of one sentence are never compared (a sentence
    /// that gives two values states a change or a range).
    pub fn matches(&self, doc: &str, i: usize) -> Vec<QuantityMatch<'_>> {
        let Some(me) = self.docs.get(doc).and_then(|v| v.get(i)) else {
            return Vec::new();
        };
        // Candidates from every posting of the statement, each once.
        let mut candidates: Vec<(&Arc<str>, &Statement)> = Vec::new();
        for p in postings(me) {
            let Some(list) = self.postings.get(&p) else { continue };
            candidates.extend(list.iter().filter_map(|(d, st, j)| st.get(*j as usize).map(|s| (d, s))));
        }
        candidates.sort_unstable_by_key(|(_, s)| std::ptr::from_ref(*s) as usize);
        candidates.dedup_by_key(|(_, s)| std::ptr::from_ref(*s) as usize);
        let mut out = Vec::new();
        for (d, other) in candidates {
            if std::ptr::eq(other, me) {
                continue;
            }
            // A figure and its restatement in brackets in another unit are one quantity
            // whatever their clauses say; other figures of one sentence are never compared.
            let restated = &**d == doc && restates(me, other);
            if &**d == doc && other.sentence == me.sentence && !restated {
                continue;
            }
            let same = if restated {
                common_view(&me.quantity, &other.quantity).is_some()
            } else {
                same_quantity_of(&me.quantity, &other.quantity)
            };
            if same && !too_far_apart(&me.quantity, &other.quantity) {
                out.push(QuantityMatch {
                    doc: d,
                    statement: other,
                    agrees: agree(&me.quantity, &other.quantity),
                });
            }
        }
        out.sort_by(|a, b| a.doc.cmp(b.doc).then(a.statement.span.start.cmp(&b.statement.span.start)));
        out
    }

    /// The documents (other than `doc`) holding a statement of the same quantity as one of
    /// `doc`'s: the ones whose cross-document findings may change when `doc` changes.
    pub fn affected(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for i in 0..self.statements(doc).len() {
            for m in self.matches(doc, i) {
                if m.doc != doc
                    && let Some((k, _)) = self.docs.get_key_value(m.doc)
                {
                    out.insert(k.clone());
                }
            }
        }
        out
    }

    /// The documents (other than `doc`) holding a statement that shares a posting with one of
    /// `doc`'s (a superset of [`QuantityIndex::affected`]).
    pub fn neighbours(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for s in self.statements(doc) {
            for p in postings(s) {
                if let Some(list) = self.postings.get(&p) {
                    out.extend(list.iter().filter(|(d, _, _)| &**d != doc).map(|(d, _, _)| d.clone()));
                }
            }
        }
        out
    }
}

/// True when one of two statements of one article restates the other in brackets.
fn restates(a: &Statement, b: &Statement) -> bool {
    a.sentence == b.sentence && (a.quantity.restates == Some(b.quantity.figure) || b.quantity.restates == Some(a.quantity.figure))
}

/// A statement is filed under its own dimension and each it converts to (another currency
/// at a rate its article states), so a statement in either currency finds it.
fn postings(s: &Statement) -> impl Iterator<Item = Posting> + '_ {
    let k = &s.quantity.key;
    let dims = std::iter::once(&k.dimension).chain(s.quantity.alternatives.iter().map(|x| &x.dimension));
    dims.flat_map(move |d| {
        k.heads
            .iter()
            .flat_map(move |h| s.topics.iter().map(move |t| (d.clone(), h.clone(), t.clone())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;

    fn add(ix: &mut QuantityIndex, doc: &str, text: &str) {
        let kb = KnowledgeBase::embedded();
        let a = analyze(text, &Context::new(kb.clone()));
        ix.update(doc, text, &a, &kb);
    }

    #[test]
    fn an_edit_affects_only_the_articles_stating_a_changed_quantity() {
        use crate::extract::Format;
        use crate::workspace::{Config, Workspace};
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
        use crate::extract::Format;
        use crate::workspace::{Config, Workspace};
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

    #[test]
    fn finds_across_documents_and_updates_in_place() {
        let mut ix = QuantityIndex::new();
        add(&mut ix, "a.txt", "Quake\nThe earthquake killed 34 people, officials said.\n");
        add(&mut ix, "b.txt", "Quake\nThe death toll from the earthquake rose to 43.\n");
        add(&mut ix, "c.txt", "Budget\nThe city budget is $3 billion.\n");
        let m = ix.matches("a.txt", 0);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].doc, m[0].agrees), ("b.txt", false));
        assert_eq!(ix.neighbours("a.txt").len(), 1);
        assert_eq!(ix.affected("a.txt").len(), 1);
        assert!(ix.affected("c.txt").is_empty());
        add(&mut ix, "b.txt", "Quake\nThe death toll from the earthquake rose to 34.\n");
        let m = ix.matches("a.txt", 0);
        assert!(m[0].agrees);
        ix.remove("b.txt");
        assert!(ix.matches("a.txt", 0).is_empty());
        assert!(ix.neighbours("a.txt").is_empty());
    }
}
