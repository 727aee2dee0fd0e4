//! The cross-document quantity index: every figure of every article (open or closed) under
//! its dimension and head words, so the statements of one quantity are found without
//! comparing every pair of articles. Updated per article: replacing one article touches only
//! its own postings.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::extract::quantity::{agree, same_quantity};
use crate::extract::{Analysis, Dimension, Quantity};
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
}

/// Another statement of the same quantity somewhere in the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantityMatch<'a> {
    pub doc: &'a str,
    pub statement: &'a Statement,
    pub agrees: bool,
}

type Posting = (Dimension, String);

#[derive(Clone, Debug, Default)]
pub struct QuantityIndex {
    /// (dimension, head word) -> (document, statement index).
    postings: HashMap<Posting, Vec<(Arc<str>, u32)>>,
    docs: HashMap<Arc<str>, Vec<Statement>>,
}

impl QuantityIndex {
    pub fn new() -> QuantityIndex {
        QuantityIndex::default()
    }

    /// Replaces the statements of `doc` with those of its new analysis.
    pub fn update(&mut self, doc: &str, text: &str, analysis: &Analysis) {
        self.remove(doc);
        let key: Arc<str> = Arc::from(doc);
        let statements: Vec<Statement> = analysis
            .quantities
            .iter()
            .map(|q| {
                let f = &analysis.figures[q.figure];
                Statement {
                    quantity: q.clone(),
                    span: f.span,
                    text: f.span.slice(text).to_string(),
                    source: f.source.as_ref().map(|s| s.text.clone()),
                    sentence: f.sentence,
                }
            })
            .collect();
        for (i, s) in statements.iter().enumerate() {
            for h in &s.quantity.key.heads {
                self.postings
                    .entry((s.quantity.key.dimension.clone(), h.clone()))
                    .or_default()
                    .push((key.clone(), i as u32));
            }
        }
        self.docs.insert(key, statements);
    }

    pub fn remove(&mut self, doc: &str) {
        let Some(old) = self.docs.remove(doc) else { return };
        for s in &old {
            for h in &s.quantity.key.heads {
                let p = (s.quantity.key.dimension.clone(), h.clone());
                if let Some(list) = self.postings.get_mut(&p) {
                    list.retain(|(d, _)| &**d != doc);
                    if list.is_empty() {
                        self.postings.remove(&p);
                    }
                }
            }
        }
    }

    pub fn statements(&self, doc: &str) -> &[Statement] {
        self.docs.get(doc).map_or(&[], Vec::as_slice)
    }

    /// Every other statement of the quantity of `doc`'s statement `i`, agreeing or not, in
    /// document then position order. Figures of one sentence are never compared (a sentence
    /// that gives two values states a change or a range).
    pub fn matches(&self, doc: &str, i: usize) -> Vec<QuantityMatch<'_>> {
        let Some(me) = self.docs.get(doc).and_then(|v| v.get(i)) else {
            return Vec::new();
        };
        let mut seen: HashSet<(&str, u32)> = HashSet::new();
        let mut out = Vec::new();
        for h in &me.quantity.key.heads {
            let Some(list) = self.postings.get(&(me.quantity.key.dimension.clone(), h.clone())) else {
                continue;
            };
            for (d, j) in list {
                if !seen.insert((d, *j)) {
                    continue;
                }
                let Some(other) = self.docs.get(d).and_then(|v| v.get(*j as usize)) else {
                    continue;
                };
                if &**d == doc && (*j as usize == i || other.sentence == me.sentence) {
                    continue;
                }
                if same_quantity(&me.quantity.key, &other.quantity.key) {
                    out.push(QuantityMatch {
                        doc: d,
                        statement: other,
                        agrees: agree(&me.quantity, &other.quantity),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.doc.cmp(b.doc).then(a.statement.span.start.cmp(&b.statement.span.start)));
        out
    }

    /// The documents (other than `doc`) holding a statement that shares a posting with one of
    /// `doc`'s: the ones whose cross-document findings may change when `doc` changes.
    pub fn neighbours(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for s in self.statements(doc) {
            for h in &s.quantity.key.heads {
                if let Some(list) = self.postings.get(&(s.quantity.key.dimension.clone(), h.clone())) {
                    out.extend(list.iter().filter(|(d, _)| &**d != doc).map(|(d, _)| d.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;

    fn add(ix: &mut QuantityIndex, doc: &str, text: &str) {
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        ix.update(doc, text, &a);
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
        add(&mut ix, "b.txt", "Quake\nThe death toll from the earthquake rose to 34.\n");
        let m = ix.matches("a.txt", 0);
        assert!(m[0].agrees);
        ix.remove("b.txt");
        assert!(ix.matches("a.txt", 0).is_empty());
        assert!(ix.neighbours("a.txt").is_empty());
    }
}
