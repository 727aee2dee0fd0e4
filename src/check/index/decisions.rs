//! The same-quantity decisions of one check run, kept so that each rule asking for a
//! statement's does not make them again.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::{ClusterId, Relation};

/// The clusters and same-sentence statements one statement states the quantity of.
#[derive(Debug)]
pub(super) struct Decided {
    /// Each with whether its members in `me`'s own article count: statements of one article
    /// are one quantity only when one restates the other (`evidence::restatement`), as a writer who
    /// gives two values with different words means two things.
    pub(super) clusters: Vec<(ClusterId, Relation, bool)>,
    pub(super) restated: Vec<(u32, Relation)>,
}

/// The same-quantity decisions made for one article's statements in one check run (against
/// one unchanged index): `inconsistent-number` and `superseded-figure` both ask for every
/// statement's, and the decision is most of a check's cost on a figure-heavy article.
#[derive(Debug, Default)]
pub struct Decisions {
    made: RefCell<Option<Made>>,
}

/// The decisions kept for one article: each statement's by index (`None` when it is no
/// statement).
#[derive(Debug)]
struct Made {
    doc: String,
    by_statement: FxHashMap<usize, Option<Rc<Decided>>>,
}

impl Decisions {
    /// The decision for `doc`'s statement `i`, made by `decide` the first time.
    pub(super) fn get_or(&self, doc: &str, i: usize, decide: impl FnOnce() -> Option<Decided>) -> Option<Rc<Decided>> {
        if let Some(made) = &*self.made.borrow()
            && made.doc == doc
            && let Some(found) = made.by_statement.get(&i)
        {
            return found.clone();
        }
        let decided = decide().map(Rc::new);
        let mut made = self.made.borrow_mut();
        match &mut *made {
            Some(m) if m.doc == doc => {
                m.by_statement.insert(i, decided.clone());
            }
            // Another article: the decisions kept are not for it.
            _ => {
                *made = Some(Made {
                    doc: doc.to_string(),
                    by_statement: FxHashMap::from_iter([(i, decided.clone())]),
                })
            }
        }
        decided
    }
}
