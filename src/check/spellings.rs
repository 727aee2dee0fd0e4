//! The spellings of every entity across the workspace, and the articles naming each: a rule
//! asking how other articles spell an entity, or the server asking where it is mentioned,
//! touches only the articles naming it. Updated per article.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::ArticleView;
use crate::extract::{Analysis, EntityRef, MentionForm};
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
    spellings: FxHashMap<EntityRef, HashMap<String, BTreeMap<Arc<str>, Use>>>,
    /// Entity -> the articles naming it (in any form).
    naming: FxHashMap<EntityRef, BTreeSet<Arc<str>>>,
    /// Article -> its entities and their spellings, to take them out again.
    docs: HashMap<Arc<str>, Vec<(EntityRef, Vec<String>)>>,
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
            self.naming.entry(e.reference.clone()).or_default().insert(key.clone());
            let mine = spellings(&view, &e.reference);
            let by_spelling = self.spellings.entry(e.reference.clone()).or_default();
            for (order, (spelling, spans)) in mine.iter().enumerate() {
                by_spelling.entry(spelling.clone()).or_default().insert(
                    key.clone(),
                    Use {
                        order: order as u32,
                        first: spans[0],
                    },
                );
            }
            filed.push((e.reference.clone(), mine.into_iter().map(|(s, _)| s).collect()));
        }
        self.docs.insert(key, filed);
    }

    pub fn remove(&mut self, doc: &str) {
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
                if let Some(docs) = by_spelling.get_mut(&s) {
                    docs.remove(doc);
                    if docs.is_empty() {
                        by_spelling.remove(&s);
                    }
                }
            }
            if by_spelling.is_empty() {
                self.spellings.remove(&reference);
            }
        }
    }

    /// What is filed for `doc`: its entities, each with its spellings in order of first use.
    pub fn filed(&self, doc: &str) -> Option<&Vec<(EntityRef, Vec<String>)>> {
        self.docs.get(doc)
    }

    /// The keys of the articles naming the entity, in key order.
    pub fn naming_keys(&self, reference: &EntityRef) -> impl Iterator<Item = &Arc<str>> {
        self.naming.get(reference).into_iter().flatten()
    }

    /// The articles naming the entity, in key order.
    pub fn naming(&self, reference: &EntityRef) -> impl Iterator<Item = &str> {
        self.naming.get(reference).into_iter().flatten().map(|d| &**d)
    }

    /// The first article (in key order) other than `doc` spelling the entity in a way
    /// `variant` accepts, with the first such spelling of that article (order of first use).
    pub fn variant_elsewhere(&self, reference: &EntityRef, doc: &str, variant: impl Fn(&str) -> bool) -> Option<Elsewhere<'_>> {
        let by_spelling = self.spellings.get(reference)?;
        let variants: Vec<(&String, &BTreeMap<Arc<str>, Use>)> = by_spelling.iter().filter(|(s, _)| variant(s)).collect();
        let first_doc = variants.iter().filter_map(|(_, docs)| docs.keys().find(|d| ***d != *doc)).min()?;
        variants
            .iter()
            .filter_map(|(s, docs)| docs.get_key_value(first_doc).map(|(d, u)| (u.order, s.as_str(), &**d, u.first)))
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
}
