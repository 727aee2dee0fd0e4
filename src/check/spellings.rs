//! The spellings of every entity across the workspace, and the articles naming each: a rule
//! asking how other articles spell an entity, or the server asking where it is mentioned,
//! touches only the articles naming it. Updated per article.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::ArticleView;
use crate::extract::variants::likely_same_name;
use crate::extract::{Analysis, EntityRef, MentionForm};
use crate::kb::EntityKind;
use crate::text::Span;

/// Where an article uses one spelling: its rank among the article's spellings of the entity
/// (order of first use) and its first span.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Use {
    order: u32,
    first: Span,
}

#[derive(Clone, Debug, Default)]
pub struct SpellingIndex {
    /// Entity -> spelling -> the articles using it, in key order.
    spellings: FxHashMap<EntityRef, HashMap<Arc<str>, DocMap<Use>>>,
    /// Entity -> the articles naming it (in any form).
    naming: FxHashMap<EntityRef, DocMap<()>>,
    /// Article -> its entities and their spellings, to take them out again.
    docs: HashMap<Arc<str>, Vec<Filed>>,
    /// The distinct full names of people and organizations outside the knowledge base, each
    /// filed under its words with one of them left out ([`name_keys`]): two names that can be
    /// one name spelled two ways (`likely_same_name`) share such a key. Names, not uses: the
    /// comparison runs once per distinct name, however many articles repeat it.
    local_names: FxHashMap<(EntityKind, String), Vec<Arc<str>>>,
    /// Each distinct local name -> the articles introducing it, in key order.
    local_uses: FxHashMap<(EntityKind, Arc<str>), DocMap<LocalUse>>,
    /// Article -> its local names, to take them out again.
    local_keys: HashMap<Arc<str>, Vec<(EntityKind, Arc<str>)>>,
}

/// An entity an article names, with its spellings in order of first use.
pub type Filed = (EntityRef, Vec<Arc<str>>);

/// Articles (by key, in key order) with a value each: a sorted vector, as most entities and
/// spellings are named by one article or a few and a tree's node would be mostly empty.
#[derive(Clone, Debug)]
struct DocMap<V>(Vec<(Arc<str>, V)>);

impl<V> Default for DocMap<V> {
    fn default() -> Self {
        DocMap(Vec::new())
    }
}

impl<V> DocMap<V> {
    fn position(&self, doc: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(d, _)| (**d).cmp(doc))
    }

    /// Files `value` for `doc`, unless it has one already (then false).
    fn insert_new(&mut self, doc: &Arc<str>, value: V) -> bool {
        match self.position(doc) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, (doc.clone(), value));
                true
            }
        }
    }

    fn remove(&mut self, doc: &str) {
        if let Ok(at) = self.position(doc) {
            self.0.remove(at);
        }
    }

    fn get(&self, doc: &str) -> Option<(&Arc<str>, &V)> {
        self.position(doc).ok().map(|at| (&self.0[at].0, &self.0[at].1))
    }

    fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &V)> {
        self.0.iter().map(|(d, v)| (d, v))
    }

    fn keys(&self) -> impl Iterator<Item = &Arc<str>> {
        self.0.iter().map(|(d, _)| d)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where an article introduces a full name outside the knowledge base.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LocalUse {
    /// Its rank among the article's local names (entity order).
    order: u32,
    span: Span,
}

/// Another article's name that may be the same name spelled another way.
#[derive(Clone, Debug, PartialEq)]
pub struct NameElsewhere<'a> {
    pub doc: &'a str,
    pub name: &'a str,
    pub span: Span,
}

/// The article's people and organizations outside the knowledge base, by the full mention
/// that introduces each: (name, kind, span), in entity order.
pub fn local_names(text: &str, analysis: &Analysis) -> Vec<(String, EntityKind, Span)> {
    analysis
        .entities
        .iter()
        .filter(|e| matches!(e.reference, EntityRef::Local(_)) && e.kind != EntityKind::Place)
        .filter_map(|e| {
            let m = analysis.mentions.get(e.intro?)?;
            (m.form == MentionForm::Full).then(|| (m.span.slice(text).to_string(), e.kind, m.span))
        })
        .collect()
}

/// The keys a name is filed under: its words with the i-th left out, for each i. Two names
/// `likely_same_name` accepts have the same number of words and differ in one word at most,
/// so they share a key.
fn name_keys(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return Vec::new();
    }
    (0..words.len())
        .map(|i| {
            let mut key = format!("{}|{i}", words.len());
            for (j, w) in words.iter().enumerate() {
                if j != i {
                    key.push(' ');
                    key.push_str(w);
                }
            }
            key
        })
        .collect()
}

/// Another article's spelling of an entity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Elsewhere<'a> {
    pub doc: &'a str,
    pub spelling: &'a str,
    pub span: Span,
}

impl SpellingIndex {
    /// Replaces what is filed for `doc`.
    pub fn update(&mut self, doc: &str, text: &str, analysis: &Analysis) {
        self.remove(doc);
        let key: Arc<str> = Arc::from(doc);
        let view = ArticleView {
            key: doc,
            name: doc,
            text,
            analysis,
        };
        let mut filed = Vec::new();
        for e in &analysis.entities {
            if filed.iter().any(|(r, _)| r == &e.reference) {
                continue;
            }
            self.naming.entry(e.reference.clone()).or_default().insert_new(&key, ());
            let mine = spellings(&view, &e.reference);
            let by_spelling = self.spellings.entry(e.reference.clone()).or_default();
            let mut shared = Vec::with_capacity(mine.len());
            for (order, (spelling, spans)) in mine.into_iter().enumerate() {
                let spelling: Arc<str> = match by_spelling.get_key_value(spelling.as_str()) {
                    Some((s, _)) => s.clone(),
                    None => Arc::from(spelling),
                };
                let first = spans[0];
                by_spelling.entry(spelling.clone()).or_default().insert_new(
                    &key,
                    Use {
                        order: order as u32,
                        first,
                    },
                );
                shared.push(spelling);
            }
            filed.push((e.reference.clone(), shared));
        }
        let mut names = Vec::new();
        for (order, (name, kind, span)) in local_names(text, analysis).into_iter().enumerate() {
            let name: Arc<str> = Arc::from(name);
            let uses = self.local_uses.entry((kind, name.clone())).or_default();
            if uses.is_empty() {
                for k in name_keys(&name) {
                    self.local_names.entry((kind, k)).or_default().push(name.clone());
                }
            }
            // An article naming one person twice keeps its first introduction.
            if uses.insert_new(&key, LocalUse { order: order as u32, span }) {
                names.push((kind, name));
            }
        }
        if !names.is_empty() {
            self.local_keys.insert(key.clone(), names);
        }
        self.docs.insert(key, filed);
    }

    /// The articles (other than `doc`) with a name outside the knowledge base that is likely
    /// one of `doc`'s spelled another way: their `name-variant` findings may change with it.
    pub fn local_neighbours(&self, doc: &str) -> HashSet<Arc<str>> {
        let mut out = HashSet::new();
        for (kind, mine) in self.local_keys.get(doc).into_iter().flatten() {
            for other in self.likely_variants(mine, *kind) {
                let Some(uses) = self.local_uses.get(&(*kind, other.clone())) else {
                    continue;
                };
                out.extend(uses.keys().filter(|d| ***d != *doc).cloned());
            }
        }
        out
    }

    /// The distinct local names of `kind` that are likely `name` spelled another way.
    fn likely_variants(&self, name: &str, kind: EntityKind) -> Vec<&Arc<str>> {
        let mut out: Vec<&Arc<str>> = Vec::new();
        for n in name_keys(name)
            .into_iter()
            .filter_map(|k| self.local_names.get(&(kind, k)))
            .flatten()
        {
            if !out.contains(&n) && likely_same_name(n, name, kind) {
                out.push(n);
            }
        }
        out
    }

    /// The first article (in key order) other than `doc` with a name outside the knowledge
    /// base that is likely `name` spelled another way, and that article's first such name.
    pub fn local_variant_elsewhere(&self, name: &str, kind: EntityKind, doc: &str) -> Option<NameElsewhere<'_>> {
        self.likely_variants(name, kind)
            .into_iter()
            .filter_map(|n| {
                let uses = self.local_uses.get(&(kind, n.clone()))?;
                let (d, u) = uses.iter().find(|(d, _)| ***d != *doc)?;
                Some((d, u, n))
            })
            .min_by(|a, b| a.0.cmp(b.0).then(a.1.order.cmp(&b.1.order)))
            .map(|(d, u, n)| NameElsewhere {
                doc: d,
                name: n,
                span: u.span,
            })
    }

    pub fn remove(&mut self, doc: &str) {
        for (kind, name) in self.local_keys.remove(doc).into_iter().flatten() {
            let slot = (kind, name);
            let Some(uses) = self.local_uses.get_mut(&slot) else { continue };
            uses.remove(doc);
            if !uses.is_empty() {
                continue;
            }
            self.local_uses.remove(&slot);
            for k in name_keys(&slot.1) {
                if let Some(list) = self.local_names.get_mut(&(kind, k.clone())) {
                    list.retain(|n| *n != slot.1);
                    if list.is_empty() {
                        self.local_names.remove(&(kind, k));
                    }
                }
            }
        }
        let Some(filed) = self.docs.remove(doc) else { return };
        for (reference, spellings) in filed {
            if let Some(docs) = self.naming.get_mut(&reference) {
                docs.remove(doc);
                if docs.is_empty() {
                    self.naming.remove(&reference);
                }
            }
            let Some(by_spelling) = self.spellings.get_mut(&reference) else {
                continue;
            };
            for s in spellings {
                if let Some(docs) = by_spelling.get_mut(&*s) {
                    docs.remove(doc);
                    if docs.is_empty() {
                        by_spelling.remove(&*s);
                    }
                }
            }
            if by_spelling.is_empty() {
                self.spellings.remove(&reference);
            }
        }
    }

    /// What is filed for `doc`: its entities, each with its spellings in order of first use.
    pub fn filed(&self, doc: &str) -> Option<&Vec<Filed>> {
        self.docs.get(doc)
    }

    /// The keys of the articles naming the entity, in key order.
    pub fn naming_keys(&self, reference: &EntityRef) -> impl Iterator<Item = &Arc<str>> {
        self.naming.get(reference).into_iter().flat_map(|docs| docs.keys())
    }

    /// The articles naming the entity, in key order.
    pub fn naming(&self, reference: &EntityRef) -> impl Iterator<Item = &str> {
        self.naming.get(reference).into_iter().flat_map(|docs| docs.keys()).map(|d| &**d)
    }

    /// The first article (in key order) other than `doc` spelling the entity in a way
    /// `variant` accepts, with the first such spelling of that article (order of first use).
    pub fn variant_elsewhere(&self, reference: &EntityRef, doc: &str, variant: impl Fn(&str) -> bool) -> Option<Elsewhere<'_>> {
        let by_spelling = self.spellings.get(reference)?;
        let variants: Vec<(&Arc<str>, &DocMap<Use>)> = by_spelling.iter().filter(|(s, _)| variant(s)).collect();
        let first_doc = variants.iter().filter_map(|(_, docs)| docs.keys().find(|d| ***d != *doc)).min()?;
        variants
            .iter()
            .filter_map(|(s, docs)| docs.get(first_doc).map(|(d, u)| (u.order, &**s, &**d, u.first)))
            .min_by_key(|x| x.0)
            .map(|(_, spelling, doc, span)| Elsewhere { doc, spelling, span })
    }
}

/// The article's spellings of one entity in order of first use (misspellings and acronyms
/// excluded), with every span of each.
pub fn spellings(article: &ArticleView<'_>, reference: &EntityRef) -> Vec<(String, Vec<Span>)> {
    let a = article.analysis;
    let mut order: Vec<(String, Vec<Span>)> = Vec::new();
    let Some(e) = a.entities.iter().find(|e| &e.reference == reference) else {
        return order;
    };
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for &mi in &e.mentions {
        let m = &a.mentions[mi];
        if matches!(m.form, MentionForm::Misspelling | MentionForm::Acronym) {
            continue;
        }
        let s = m.span.slice(article.text).to_string();
        match index.get(&s) {
            Some(&i) => order[i].1.push(m.span),
            None => {
                index.insert(s.clone(), order.len());
                order.push((s, vec![m.span]));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;

    /// Another article's spelling the way the rule found it before the index: every other
    /// article in key order, its spellings in order of first use.
    fn brute_force<'a>(
        articles: &'a [(String, String, Analysis)],
        me: &str,
        reference: &EntityRef,
        variant: impl Fn(&str) -> bool,
    ) -> Option<(&'a str, String, Span)> {
        for (key, text, analysis) in articles.iter().filter(|(k, _, _)| k != me) {
            let view = ArticleView {
                key,
                name: key,
                text,
                analysis,
            };
            if let Some((s, spans)) = spellings(&view, reference).into_iter().find(|(s, _)| variant(s)) {
                return Some((key.as_str(), s, spans[0]));
            }
        }
        None
    }

    #[test]
    fn the_index_finds_the_spelling_walking_every_article_finds() {
        let kb = KnowledgeBase::embedded();
        let ctx = Context::new(kb);
        let texts = [
            "Talks\nVolodymyr Zelensky met reporters in Kyiv. Zelensky left.\n",
            "Talks\nVolodymyr Zelenskyy spoke in Kiev on Monday.\n",
            "Talks\nPresident Volodymyr Zelenskiy and Volodymyr Zelensky met in Kyiv.\n",
            "Talks\nHarbour official Tomasz Wiśniewski said ships were waiting.\n",
            "Talks\nHarbour official Tomasz Wisniewski said ships were waiting in Kiev.\n",
        ];
        let mut articles: Vec<(String, String, Analysis)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{}.txt", (b'e' - i as u8) as char), t.to_string(), analyze(t, &ctx)))
            .collect();
        articles.sort_by(|a, b| a.0.cmp(&b.0));
        let mut ix = SpellingIndex::default();
        for (key, text, analysis) in &articles {
            ix.update(key, text, analysis);
        }
        let mut found = 0;
        for (key, text, analysis) in &articles {
            let view = ArticleView {
                key,
                name: key,
                text,
                analysis,
            };
            for e in &analysis.entities {
                for (mine, _) in spellings(&view, &e.reference) {
                    // Any spelling but this one, and any but its first letter (so the order of
                    // first use decides too).
                    let tests: [&dyn Fn(&str) -> bool; 2] = [&|s: &str| s != mine, &|s: &str| !s.starts_with(&mine[..1])];
                    for variant in tests {
                        let want = brute_force(&articles, key, &e.reference, variant);
                        let got = ix
                            .variant_elsewhere(&e.reference, key, variant)
                            .map(|x| (x.doc, x.spelling.to_string(), x.span));
                        assert_eq!(got, want, "{key}: {mine}");
                        found += usize::from(got.is_some());
                    }
                }
            }
        }
        assert!(found > 5, "{found}");
        // Removed, an article's spellings are gone and so is the entry of an entity no
        // other article names.
        for (key, _, _) in &articles {
            ix.remove(key);
        }
        assert!(ix.spellings.is_empty() && ix.naming.is_empty() && ix.docs.is_empty());
    }

    #[test]
    fn names_outside_the_knowledge_base_are_found_as_walking_every_article_finds() {
        let ctx = Context::new(KnowledgeBase::embedded());
        let texts = [
            "Port strike\n\nDock worker Joseph Mwakilema said the strike would go on.\n",
            "Port talks\n\nUnion leader Joseph Mwakilima said talks resumed on Friday.\n",
            "Port news\n\nUnion leader Joan Mwakilema said the port was quiet on Friday.\n",
            "Port news\n\nThe Harbour Workers Association said Joseph Mwakilemma would speak.\n",
            "Port news\n\nThe Harbour Workers Asociation met on Friday.\n",
        ];
        let articles: Vec<(String, String, Analysis)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{i}.txt"), t.to_string(), analyze(t, &ctx)))
            .collect();
        let mut ix = SpellingIndex::default();
        for (key, text, analysis) in &articles {
            ix.update(key, text, analysis);
        }
        let mut found = 0;
        for (key, text, analysis) in &articles {
            for (name, kind, _) in local_names(text, analysis) {
                // The first other article (key order) with a likely same name, its first one.
                let want = articles.iter().filter(|(k, _, _)| k != key).find_map(|(k, t, a)| {
                    local_names(t, a)
                        .into_iter()
                        .find(|(n, nk, _)| *nk == kind && likely_same_name(n, &name, kind))
                        .map(|(n, _, span)| (k.as_str(), n, span))
                });
                let got = ix
                    .local_variant_elsewhere(&name, kind, key)
                    .map(|x| (x.doc, x.name.to_string(), x.span));
                assert_eq!(got, want, "{key}: {name}");
                found += usize::from(got.is_some());
                if let Some((other, _, _)) = want {
                    assert!(ix.local_neighbours(key).iter().any(|d| **d == *other));
                }
            }
        }
        assert!(found >= 2, "{found}");
        for (key, _, _) in &articles {
            ix.remove(key);
        }
        assert!(ix.local_names.is_empty() && ix.local_keys.is_empty());
    }
}
