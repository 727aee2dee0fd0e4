//! The cross-document index: what the rules ask of the other articles of a workspace, keyed so
//! that a lookup touches only candidates and updated per article (replacing one article touches
//! only its own entries).
//!
//! Quantities: every figure of every article under its dimension, head words and topics. The
//! statements filed under the same keys with the same quantity (key, values, conversions,
//! topics) form one cluster, so the same-quantity decision (`extract::quantity`) runs once per
//! cluster and checking a figure costs about the same with 10 or 10,000 statements of its
//! quantity. Within a cluster, members are kept by article date, then sourced first, so the
//! nearest statements are found without walking them all. Spellings of entities and names of
//! articles are in [`SpellingIndex`] and [`Index`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use super::ArticleView;
pub use super::spellings::SpellingIndex;
use super::superseded_figure::supersedes;
use crate::extract::quantity::{agree, common_view, same_quantity_of, topics};
use crate::extract::{Analysis, CalendarDate, Dimension, EntityRef, Quantity};
use crate::kb::KnowledgeBase;
use crate::text::Span;
use decisions::Decided;
pub use decisions::Decisions;
use pairs::{near_enough, own_article_too, said_otherwise};

/// Everything the cross-document rules look up: one per workspace, passed down to the rules.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub quantities: QuantityIndex,
    pub spellings: SpellingIndex,
    /// How messages name each article (its key when absent).
    names: HashMap<Arc<str>, String>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Replaces everything filed for `article`.
    pub fn update(&mut self, article: &ArticleView<'_>, kb: &KnowledgeBase) {
        self.quantities.update(article.key, article.text, article.analysis, kb);
        self.update_entities(article);
    }

    /// Replaces `article`'s spellings and name only (its statements are replaced through
    /// [`QuantityIndex::replace`]).
    pub fn update_entities(&mut self, article: &ArticleView<'_>) {
        self.spellings.update(article.key, article.text, article.analysis);
        self.names.insert(Arc::from(article.key), article.name.to_string());
    }

    pub fn remove(&mut self, key: &str) {
        self.quantities.remove(key);
        self.spellings.remove(key);
        self.names.remove(key);
    }

    /// The name messages give the article `key`, if it is indexed.
    pub fn name_of(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    /// An index of one article and the others in view (rule tests, one-off checks).
    pub fn of_views(article: &ArticleView<'_>, others: &[ArticleView<'_>], kb: &KnowledgeBase) -> Index {
        let mut ix = Index::new();
        for v in std::iter::once(article).chain(others) {
            ix.update(v, kb);
        }
        ix
    }
}

/// One statement of a quantity, with what a message or hover needs to name it.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub quantity: Arc<Quantity>,
    /// The figure as written and where.
    pub span: Span,
    pub text: String,
    /// Who states it, as written ("the finance ministry").
    pub source: Option<String>,
    pub sentence: usize,
    /// The article's topics and the entities of the statement's clause: statements are only
    /// compared when they share one (no topic at all is a topic of its own).
    /// Shared between the statements of an article that have the same.
    pub topics: Arc<[EntityRef]>,
    /// The article's own date ([`Analysis::article_date`]): orders a running total's
    /// statements (`superseded-figure`).
    pub date: Option<CalendarDate>,
    /// The same date as a day number (ordered, not a calendar count), when it has a year:
    /// related statements nearest in date come first.
    pub day: Option<i32>,
    /// In the article's headline: terse, so weighed against its own body as against another
    /// article's, where other statements of one article must restate each other
    /// ([`restatement`]).
    pub headline: bool,
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
            && self.date == other.date
    }

    /// True when the two state one quantity with one wording of it, under the same topics and
    /// in articles of the same date: every decision about one holds for the other (the
    /// figure's place aside). The decision reads the whole key (`extract::quantity::weigh`),
    /// the values, the conversions and the topics; whether a running total was updated
    /// (`superseded-figure`) reads the article's date.
    fn same_cluster(&self, other: &Statement) -> bool {
        let (a, b) = (&self.quantity, &other.quantity);
        a.key == b.key
            && (a.value.to_bits(), a.low.to_bits(), a.high.to_bits()) == (b.value.to_bits(), b.low.to_bits(), b.high.to_bits())
            && a.date == b.date
            && a.alternatives == b.alternatives
            && self.topics == other.topics
            && self.date == other.date
            && self.headline == other.headline
    }

    /// A hash agreeing with [`Statement::same_cluster`].
    fn cluster_hash(&self) -> u64 {
        let q = &self.quantity;
        let k = &q.key;
        let mut h = FxHasher::default();
        (
            &k.dimension,
            k.year,
            k.month,
            k.quarter,
            &k.heads,
            &k.kinds,
            &k.entities,
            k.markers,
            &k.nouns,
        )
            .hash(&mut h);
        (k.year_stated, &k.modifiers, k.running, k.part, &k.places, &k.base, &k.per).hash(&mut h);
        (q.value.to_bits(), q.low.to_bits(), q.high.to_bits(), q.date).hash(&mut h);
        for x in &q.alternatives {
            (&x.dimension, x.value.to_bits(), x.low.to_bits(), x.high.to_bits()).hash(&mut h);
        }
        self.topics.hash(&mut h);
        self.date.hash(&mut h);
        self.headline.hash(&mut h);
        h.finish()
    }
}

/// Another statement of the same quantity somewhere in the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantityMatch<'a> {
    pub doc: &'a str,
    pub statement: &'a Statement,
    pub agrees: bool,
}

/// Which other statements a lookup wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    All,
    /// Those that contradict it: they disagree and neither is an update of the other (a
    /// running total that rose between two dated articles, `superseded-figure`).
    Conflicting,
    /// Later statements of a running total that it is an out-of-date, lower value of.
    Superseding,
}

/// How another statement of a quantity stands to a statement: whether they agree, and
/// whether one is a later update of the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Relation {
    agrees: bool,
    /// The other is a later, higher value of the running total `me` states.
    newer: bool,
    /// `me` is a later, higher value of the running total the other states.
    older: bool,
}

impl Relation {
    fn of(me: &Statement, other: &Statement) -> Relation {
        Relation {
            agrees: agree(&me.quantity, &other.quantity),
            newer: supersedes(other, me),
            older: supersedes(me, other),
        }
    }

    fn wanted(self, wanted: Wanted) -> bool {
        match wanted {
            Wanted::All => true,
            Wanted::Conflicting => !self.agrees && !self.newer && !self.older,
            Wanted::Superseding => !self.agrees && self.newer,
        }
    }
}

/// The other statements of a quantity a lookup found: the `limit` nearest (same article, then
/// nearest in date, then sourced first), in article then position order, and how many there
/// are in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found<'a> {
    pub matches: Vec<QuantityMatch<'a>>,
    pub total: usize,
}

/// A statement weighed against another ([`QuantityIndex::candidates`]).
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub doc: &'a str,
    pub statement: &'a Statement,
    /// One of the two restates the other in brackets in another unit.
    pub restated: bool,
}

type Posting = (Dimension, String, EntityRef);
type ClusterId = u32;
/// Members of a cluster from one article, under one date: (unsourced, article) -> statement
/// indices in the article, ascending.
type Members = BTreeMap<(bool, Arc<str>), Vec<u32>>;

#[derive(Clone, Debug)]
struct Cluster {
    /// The first member, standing for all in every decision.
    rep: Statement,
    count: usize,
    dated: BTreeMap<i32, Members>,
    undated: Members,
}

impl Cluster {
    /// How many members `doc`, dated `date` (its statements' day), has: read off its entries
    /// rather than by walking the article's statements, which made a lookup in a long article
    /// cost as much as the article.
    fn members_of(&self, date: Option<i32>, doc: &Arc<str>) -> usize {
        let group = match date {
            Some(d) => self.dated.get(&d),
            None => Some(&self.undated),
        };
        let Some(group) = group else { return 0 };
        [false, true]
            .into_iter()
            .filter_map(|unsourced| group.get(&(unsourced, doc.clone())))
            .map(Vec::len)
            .sum()
    }

    fn members_mut(&mut self, date: Option<i32>) -> &mut Members {
        match date {
            Some(d) => self.dated.entry(d).or_default(),
            None => &mut self.undated,
        }
    }
}

#[derive(Clone, Debug)]
struct DocEntry {
    statements: Arc<Vec<Statement>>,
    /// The cluster of each statement.
    clusters: Vec<ClusterId>,
    /// The statements of each sentence.
    by_sentence: FxHashMap<usize, Vec<u32>>,
    /// The statements by value, in order: which of them state a given value.
    by_value: Vec<(f64, u32)>,
}

#[derive(Clone, Debug, Default)]
pub struct QuantityIndex {
    /// (dimension, head word, topic) -> the clusters filed under it.
    postings: FxHashMap<Posting, Vec<ClusterId>>,
    /// Slots; `None` is free.
    clusters: Vec<Option<Cluster>>,
    free: Vec<ClusterId>,
    by_hash: FxHashMap<u64, Vec<ClusterId>>,
    docs: HashMap<Arc<str>, DocEntry>,
}

/// The statements of one analysed article.
pub fn statements_of(text: &str, analysis: &Analysis, kb: &KnowledgeBase) -> Vec<Statement> {
    let doc_topics = topics(analysis, kb);
    let date = analysis.article_date;
    let day = date.and_then(day_number);
    // Most statements of an article have its topics and no others: one copy serves them all.
    let mut last: Option<Arc<[EntityRef]>> = None;
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
            let topics = match &last {
                Some(shared) if **shared == *topics => shared.clone(),
                _ => {
                    let shared: Arc<[EntityRef]> = Arc::from(topics);
                    last = Some(shared.clone());
                    shared
                }
            };
            Statement {
                quantity: q.clone(),
                span: f.span,
                text: f.span.slice(text).to_string(),
                source: f.source.as_ref().map(|s| s.text.clone()),
                sentence: f.sentence,
                topics,
                date,
                day,
                headline: analysis.is_headline(f.sentence),
            }
        })
        .collect()
}

/// An article date as a day number (ordered, not a calendar count), when it has a year.
pub fn day_number(d: CalendarDate) -> Option<i32> {
    d.year
        .map(|y| y * 372 + i32::from(d.month.max(1) - 1) * 31 + i32::from(d.day.max(1) - 1))
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
        let mut clusters = Vec::with_capacity(statements.len());
        let mut by_sentence: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for (i, s) in statements.iter().enumerate() {
            by_sentence.entry(s.sentence).or_default().push(i as u32);
            let id = self.cluster_for(s);
            if let Some(c) = self.clusters[id as usize].as_mut() {
                c.count += 1;
                c.members_mut(s.day)
                    .entry((s.source.is_none(), key.clone()))
                    .or_default()
                    .push(i as u32);
            }
            clusters.push(id);
        }
        let mut by_value: Vec<(f64, u32)> = statements.iter().enumerate().map(|(i, s)| (s.quantity.value, i as u32)).collect();
        by_value.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.docs.insert(
            key,
            DocEntry {
                statements: Arc::new(statements),
                clusters,
                by_sentence,
                by_value,
            },
        );
    }

    /// The cluster `s` belongs to, made (and filed under its postings) when it is the first.
    fn cluster_for(&mut self, s: &Statement) -> ClusterId {
        let hash = s.cluster_hash();
        if let Some(ids) = self.by_hash.get(&hash)
            && let Some(&id) = ids
                .iter()
                .find(|&&id| self.clusters[id as usize].as_ref().is_some_and(|c| c.rep.same_cluster(s)))
        {
            return id;
        }
        let cluster = Cluster {
            rep: s.clone(),
            count: 0,
            dated: BTreeMap::new(),
            undated: BTreeMap::new(),
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.clusters[id as usize] = Some(cluster);
                id
            }
            None => {
                self.clusters.push(Some(cluster));
                (self.clusters.len() - 1) as ClusterId
            }
        };
        self.by_hash.entry(hash).or_default().push(id);
        for p in postings(s) {
            let list = self.postings.entry(p).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
        id
    }

    pub fn remove(&mut self, doc: &str) {
        let Some((key, old)) = self.docs.remove_entry(doc) else { return };
        for (i, (s, &id)) in old.statements.iter().zip(&old.clusters).enumerate() {
            let Some(c) = self.clusters[id as usize].as_mut() else { continue };
            let members = c.members_mut(s.day);
            let slot = (s.source.is_none(), key.clone());
            if let Some(list) = members.get_mut(&slot) {
                list.retain(|&j| j as usize != i);
                if list.is_empty() {
                    members.remove(&slot);
                }
            }
            if let Some(d) = s.day
                && c.dated.get(&d).is_some_and(BTreeMap::is_empty)
            {
                c.dated.remove(&d);
            }
            c.count -= 1;
            if c.count == 0 {
                self.drop_cluster(id);
            }
        }
    }

    fn drop_cluster(&mut self, id: ClusterId) {
        let Some(c) = self.clusters[id as usize].take() else { return };
        for p in postings(&c.rep) {
            if let Some(list) = self.postings.get_mut(&p) {
                list.retain(|&x| x != id);
                if list.is_empty() {
                    self.postings.remove(&p);
                }
            }
        }
        let hash = c.rep.cluster_hash();
        if let Some(list) = self.by_hash.get_mut(&hash) {
            list.retain(|&x| x != id);
            if list.is_empty() {
                self.by_hash.remove(&hash);
            }
        }
        self.free.push(id);
    }

    pub fn statements(&self, doc: &str) -> &[Statement] {
        self.docs.get(doc).map_or(&[], |e| e.statements.as_slice())
    }

    /// The clusters stating the quantity of `doc`'s statement `i`, each with whether it agrees,
    /// and the statements of its own sentence it is compared with (a restatement in brackets),
    /// each with whether it agrees. Figures of one sentence are otherwise never compared (a
    /// sentence that gives two values states a change or a range).
    fn same_quantity(&self, doc: &str, i: usize, memo: Option<&Decisions>) -> Option<Same<'_>> {
        let entry = self.docs.get(doc)?;
        let me = entry.statements.get(i)?;
        let decided = match memo {
            Some(memo) => memo.get_or(doc, i, || self.decide(entry, i))?,
            None => Rc::new(self.decide(entry, i)?),
        };
        let sentence: &[u32] = entry.by_sentence.get(&me.sentence).map_or(&[], Vec::as_slice);
        Some(Same {
            key: self.docs.get_key_value(doc)?.0,
            me,
            entry,
            sentence,
            decided,
        })
    }

    /// The same-quantity decisions for `entry`'s statement `i`: the costly part of a lookup,
    /// which [`Decisions`] keeps for the other rules of one check run.
    fn decide(&self, entry: &DocEntry, i: usize) -> Option<Decided> {
        let me = entry.statements.get(i)?;
        let mut candidates: Vec<ClusterId> = Vec::new();
        for p in postings(me) {
            if let Some(list) = self.postings.get(&p) {
                candidates.extend(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let clusters = candidates
            .iter()
            .filter_map(|&id| {
                let c = self.clusters[id as usize].as_ref()?;
                let same = same_quantity_of(&me.quantity, &c.rep.quantity) && near_enough(me, &c.rep) && !said_otherwise(entry, i, &c.rep);
                same.then(|| (id, Relation::of(me, &c.rep), own_article_too(me, &c.rep)))
            })
            .collect();
        // The statements of `me`'s sentence: left out of the clusters' walks, and compared
        // only when one restates the other.
        let sentence: &[u32] = entry.by_sentence.get(&me.sentence).map_or(&[], Vec::as_slice);
        let restated = sentence
            .iter()
            .map(|&j| j as usize)
            .filter(|&j| j != i)
            .filter_map(|j| {
                let other = &entry.statements[j];
                let shares = candidates.binary_search(&entry.clusters[j]).is_ok();
                // A figure and its own restatement in brackets are one quantity however far
                // apart their values are.
                let same = shares && restates(me, other) && common_view(&me.quantity, &other.quantity).is_some();
                same.then(|| (j as u32, Relation::of(me, other)))
            })
            .collect();
        Some(Decided { clusters, restated })
    }

    /// Every statement the decision could weigh against `doc`'s statement `i`: the members of
    /// each cluster sharing a posting with it, other than itself and the other figures of its
    /// sentence (a figure's bracketed restatement aside). For `factline debug pairs`, which
    /// shows the evidence of each pair; it walks every member, so checks use [`Self::find`].
    pub fn candidates(&self, doc: &str, i: usize) -> Vec<Candidate<'_>> {
        let Some(me) = self.docs.get(doc).and_then(|e| e.statements.get(i)) else {
            return Vec::new();
        };
        let mut ids: Vec<ClusterId> = postings(me).filter_map(|p| self.postings.get(&p)).flatten().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for c in ids.iter().filter_map(|&id| self.clusters[id as usize].as_ref()) {
            for members in c.dated.values().chain(std::iter::once(&c.undated)) {
                for ((_, d), list) in members {
                    let Some(entry) = self.docs.get(d) else { continue };
                    for &j in list {
                        let Some(other) = entry.statements.get(j as usize) else { continue };
                        if std::ptr::eq(other, me) {
                            continue;
                        }
                        // Other figures of one sentence are compared only as a restatement.
                        let restated = **d == *doc && restates(me, other);
                        if **d == *doc && other.sentence == me.sentence && !restated {
                            continue;
                        }
                        out.push(Candidate {
                            doc: d,
                            statement: other,
                            restated,
                        });
                    }
                }
            }
        }
        out
    }

    /// The other statements of the quantity of `doc`'s statement `i` (all, or those that
    /// contradict it): the `limit` nearest, and how many there are.
    pub fn find<'a>(&'a self, doc: &str, i: usize, wanted: Wanted, limit: usize) -> Found<'a> {
        self.find_deciding(None, doc, i, wanted, limit)
    }

    /// [`Self::find`], with the same-quantity decisions kept in `memo` for the next lookup of
    /// the same statement (see [`Decisions`]).
    pub fn find_deciding<'a>(&'a self, memo: Option<&Decisions>, doc: &str, i: usize, wanted: Wanted, limit: usize) -> Found<'a> {
        let Some(same) = self.same_quantity(doc, i, memo) else {
            return Found::default();
        };
        let mut total = 0;
        // (other article, date distance, unsourced, article, statement index, agrees)
        let mut picked: Vec<Pick<'a>> = Vec::new();
        let own = same.key;
        for &(j, relation) in &same.decided.restated {
            let agrees = relation.agrees;
            if relation.wanted(wanted) {
                total += 1;
                let unsourced = same.entry.statements[j as usize].source.is_none();
                picked.push((false, 0, unsourced, own, j, agrees));
            }
        }
        let my_date = same.me.day;
        for &(id, relation, own_too) in &same.decided.clusters {
            let agrees = relation.agrees;
            if !relation.wanted(wanted) {
                continue;
            }
            let Some(c) = self.clusters[id as usize].as_ref() else { continue };
            let in_sentence = same.sentence.iter().filter(|&&j| same.entry.clusters[j as usize] == id).count();
            // This article's own members, when they do not count: all of them are in the
            // group of its date (the sentence's own among them).
            let own_uncounted = if own_too { in_sentence } else { c.members_of(my_date, own) };
            total += c.count - own_uncounted;
            if limit == 0 {
                continue;
            }
            let mut take = |date: Option<i32>, members: &'a Members, room: &mut usize| -> bool {
                let distance = match (my_date, date) {
                    (Some(a), Some(b)) => i64::from(a.abs_diff(b)),
                    _ => i64::MAX,
                };
                take_from(&mut picked, members, own, (distance, agrees), room)
            };
            // Then outwards in date from the article's own, each side in order of distance.
            match my_date {
                Some(d) => {
                    let mut room = limit;
                    for (&date, members) in c.dated.range(d..) {
                        if !take(Some(date), members, &mut room) {
                            break;
                        }
                    }
                    let mut room = limit;
                    for (&date, members) in c.dated.range(..d).rev() {
                        if !take(Some(date), members, &mut room) {
                            break;
                        }
                    }
                }
                // Undated: no date is nearer than another; each date's sourced come first.
                None => {
                    for (&date, members) in &c.dated {
                        let mut room = limit;
                        take(Some(date), members, &mut room);
                    }
                }
            }
            let mut room = limit;
            take(None, &c.undated, &mut room);
            // This article's own statements: the nearest in date and place.
            if own_too {
                let own_group = match my_date {
                    Some(d) => c.dated.get(&d),
                    None => Some(&c.undated),
                };
                take_own(&mut picked, own_group, &same, (limit, agrees));
            }
        }
        picked.sort_by(|a, b| (a.0, a.1, a.2, a.3, a.4).cmp(&(b.0, b.1, b.2, b.3, b.4)));
        picked.dedup_by(|a, b| Arc::ptr_eq(a.3, b.3) && a.4 == b.4);
        picked.truncate(limit);
        let mut matches: Vec<QuantityMatch<'_>> = picked
            .into_iter()
            .filter_map(|(_, _, _, d, j, agrees)| {
                let statement = self.docs.get(d)?.statements.get(j as usize)?;
                Some(QuantityMatch { doc: d, statement, agrees })
            })
            .collect();
        matches.sort_by(|a, b| a.doc.cmp(b.doc).then(a.statement.span.start.cmp(&b.statement.span.start)));
        Found { matches, total }
    }

    /// Every other statement of the quantity of `doc`'s statement `i`, agreeing or not, in
    /// article then position order.
    pub fn matches(&self, doc: &str, i: usize) -> Vec<QuantityMatch<'_>> {
        self.find(doc, i, Wanted::All, usize::MAX).matches
    }

    /// Adds to `out` the articles (other than `doc`) stating the quantity of `doc`'s
    /// statement `i`: the ones whose cross-document findings may change with it.
    pub fn add_stating(&self, doc: &str, i: usize, out: &mut HashSet<Arc<str>>) {
        let Some(same) = self.same_quantity(doc, i, None) else { return };
        for &(id, _, _) in &same.decided.clusters {
            let Some(c) = self.clusters[id as usize].as_ref() else { continue };
            for members in c.dated.values().chain(std::iter::once(&c.undated)) {
                for (_, d) in members.keys() {
                    if **d != *doc && !out.contains(d) {
                        out.insert(d.clone());
                    }
                }
            }
        }
    }

    /// The documents (other than `doc`) holding a statement of the same quantity as one of
    /// `doc`'s: the ones whose cross-document findings may change when `doc` changes.
    pub fn affected(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for i in 0..self.statements(doc).len() {
            self.add_stating(doc, i, &mut out);
        }
        out
    }

    /// The documents (other than `doc`) holding a statement that shares a posting with one of
    /// `doc`'s (a superset of [`QuantityIndex::affected`]).
    pub fn neighbours(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for s in self.statements(doc) {
            for p in postings(s) {
                for &id in self.postings.get(&p).into_iter().flatten() {
                    let Some(c) = self.clusters[id as usize].as_ref() else { continue };
                    for members in c.dated.values().chain(std::iter::once(&c.undated)) {
                        out.extend(members.keys().filter(|(_, d)| **d != *doc).map(|(_, d)| d.clone()));
                    }
                }
            }
        }
        out
    }
}

/// A related statement in the running: (in another article, date distance, unsourced,
/// article, statement index, agrees). Sorted, the nearest come first.
type Pick<'a> = (bool, i64, bool, &'a Arc<str>, u32, bool);

/// Takes statements of other articles than `own` from one date's members, in order, until
/// `room` runs out (false then).
fn take_from<'a>(
    picked: &mut Vec<Pick<'a>>,
    members: &'a Members,
    own: &Arc<str>,
    (distance, agrees): (i64, bool),
    room: &mut usize,
) -> bool {
    for ((unsourced, d), list) in members {
        // Every member holds a clone of its article's one key.
        if Arc::ptr_eq(d, own) {
            continue;
        }
        for &j in list {
            if *room == 0 {
                return false;
            }
            picked.push((true, distance, *unsourced, d, j, agrees));
            *room -= 1;
        }
    }
    *room > 0
}

/// Takes the statements of `same`'s own article from its date's members (`group`), the
/// sourced first, up to `limit` of each, leaving out the statements of its sentence.
fn take_own<'a>(picked: &mut Vec<Pick<'a>>, group: Option<&'a Members>, same: &Same<'a>, (limit, agrees): (usize, bool)) {
    for unsourced in [false, true] {
        let Some((key, list)) = group.and_then(|m| m.get_key_value(&(unsourced, same.key.clone()))) else {
            continue;
        };
        let own = &key.1;
        list.iter()
            .filter(|j| !same.sentence.contains(j))
            .take(limit)
            .for_each(|&j| picked.push((false, 0, unsourced, own, j, agrees)));
    }
}

/// What [`QuantityIndex::same_quantity`] found for one statement.
struct Same<'a> {
    key: &'a Arc<str>,
    me: &'a Statement,
    entry: &'a DocEntry,
    /// The statement indices of `me`'s sentence.
    sentence: &'a [u32],
    decided: Rc<Decided>,
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
mod decisions;
mod pairs;
#[cfg(test)]
mod tests;
