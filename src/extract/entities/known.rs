//! The names the article writes in full, which shorter names link to: organizations by their
//! first words ("Delta Crest" for "Delta Crest Energy") and head word ("the Commission"), people
//! by any of their words, administrative places by their first word ("Gaines" for "Gaines
//! County").

use rustc_hash::FxHashMap as HashMap;

use super::NameWords;
use super::builder::Builder;
use super::coref;
use crate::kb::EntityKind;

/// The organizations the article names in full (entity index and words, in the order found),
/// indexed by first word: a short form is compared only with the names it can begin.
#[derive(Default)]
pub(super) struct OrgNames<'t> {
    names: Vec<(usize, Vec<&'t str>)>,
    by_first: HashMap<&'t str, Vec<usize>>,
}

impl<'t> OrgNames<'t> {
    pub fn push(&mut self, ei: usize, words: Vec<&'t str>) {
        if let Some(&first) = words.first() {
            self.by_first.entry(first).or_default().push(self.names.len());
        }
        self.names.push((ei, words));
    }
}

/// The one organization whose name is `short` followed only by company words or a legal
/// suffix ("Delta Crest" → "Delta Crest Energy"); `min` words at least.
pub(super) fn org_for(orgs: &OrgNames<'_>, short: &[&str], w: &NameWords, min: usize) -> Option<usize> {
    if short.len() < min {
        return None;
    }
    fn trim(s: &str) -> &str {
        s.trim_end_matches('.')
    }
    let list = orgs.by_first.get(short.first()?)?;
    let mut found = list.iter().map(|&k| &orgs.names[k]).filter(|(_, full)| {
        full.len() > short.len()
            && full[..short.len()] == *short
            && (full[short.len()..]
                .iter()
                .all(|x| w.org_cues.contains(trim(x)) || w.media_cues.contains(trim(x)))
                // A dotted suffix's letters: "S.A." → "SA".
                || w.org_cues.contains(&full[short.len()..].iter().map(|x| trim(x)).collect::<String>()))
    });
    let first = found.next()?.0;
    // The same organization may be written in full more than once.
    found.all(|(ei, _)| *ei == first).then_some(first)
}

/// The people the article names in full (entity index and words, in the order found), with an
/// index from each word, and each word without its lowercase prefix ("Burhan" of "al-Burhan"),
/// ASCII-lowercased, to the names holding it: a short form is compared only with the names
/// that share its first word, not with every person of a long article.
#[derive(Default)]
pub(super) struct PersonNames<'t> {
    names: Vec<(usize, Vec<&'t str>)>,
    by_word: HashMap<String, Vec<usize>>,
}

impl<'t> PersonNames<'t> {
    pub fn push(&mut self, name: (usize, Vec<&'t str>)) {
        let at = self.names.len();
        for w in &name.1 {
            for key in [w.to_ascii_lowercase(), coref::without_prefix(w).to_ascii_lowercase()] {
                let list = self.by_word.entry(key).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
            }
        }
        self.names.push(name);
    }

    /// The names that may match `short` under [`coref::same_word`] on its first word, in the
    /// order they were found. (`same_word(a, b)` needs `a` and `b`, or one of them without its
    /// prefix, to be equal ignoring ASCII case.)
    pub fn candidates<'s>(&'s self, short: &[&str]) -> impl Iterator<Item = &'s (usize, Vec<&'t str>)> + 's {
        let lookup = |w: &str| -> &'s [usize] { self.by_word.get(&w.to_ascii_lowercase()).map_or(&[], Vec::as_slice) };
        let (whole, bare) = match short.first() {
            Some(first) => {
                let bare = coref::without_prefix(first);
                (lookup(first), if bare.len() == first.len() { &[][..] } else { lookup(bare) })
            }
            None => (&[][..], &[][..]),
        };
        // Both lists ascend: merge them, once each.
        let (mut i, mut j) = (0, 0);
        std::iter::from_fn(move || {
            let next = match (whole.get(i), bare.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (None, None) => return None,
            };
            Some(&self.names[next])
        })
    }
}

/// The one person whose name `short` is part of; none when two share it. `loose` accepts a
/// first name too.
pub(super) fn person_for(persons: &PersonNames<'_>, short: &[&str], w: &NameWords, loose: bool) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (ei, full) in persons.candidates(short) {
        let part = if loose {
            coref::loose_short_form_of(short, full, w)
        } else {
            coref::short_form_of(short, full, w)
        };
        if part || coref::same_words(full, short, w) {
            match found {
                Some(f) if f != *ei => return None,
                _ => found = Some(*ei),
            }
        }
    }
    found
}

/// The head word of each organization named in full ("Commission" for "European
/// Commission"), when only one organization has it.
pub(super) fn org_heads(b: &Builder<'_, '_>, w: &NameWords) -> HashMap<String, usize> {
    let mut heads: HashMap<String, Option<usize>> = HashMap::default();
    let mut add = |word: &str, ei: usize| {
        if w.org_cues.contains(word) {
            let e = heads.entry(word.to_string()).or_insert(Some(ei));
            if *e != Some(ei) {
                *e = None;
            }
        }
    };
    for (ei, e) in b.a.entities.iter().enumerate() {
        if e.kind != EntityKind::Organization {
            continue;
        }
        if let Some(head) = head_word(&e.name) {
            add(head, ei);
        }
    }
    for m in &b.a.mentions {
        let e = &b.a.entities[m.entity];
        let s = m.span.slice(b.text);
        if e.kind == EntityKind::Organization
            && let Some(head) = head_word(s)
        {
            add(head, m.entity);
        }
    }
    heads.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// The short forms of the article's administrative places: "Gaines" for "Gaines County", when
/// no other place of the article shares the word.
pub(super) fn place_short_forms<'t>(b: &Builder<'t, '_>, w: &NameWords) -> HashMap<&'t str, usize> {
    let mut short: HashMap<&'t str, Option<usize>> = HashMap::default();
    for m in &b.a.mentions {
        if b.a.entities[m.entity].kind != EntityKind::Place {
            continue;
        }
        let s = m.span.slice(b.text);
        if let Some((first, head)) = s.split_once(' ')
            && !first.contains(' ')
            && !head.contains(' ')
            && w.place_short_heads.contains(head)
        {
            let e = short.entry(first).or_insert(Some(m.entity));
            if *e != Some(m.entity) {
                *e = None;
            }
        }
    }
    short.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// An organization name's head word: before "of" ("Council of the EU"), else the last.
fn head_word(name: &str) -> Option<&str> {
    if !name.contains(' ') {
        return None;
    }
    match name.find(" of ") {
        Some(i) => name[..i].split_whitespace().last(),
        None => name.split_whitespace().last(),
    }
}
