//! Finds every knowledge-base spelling that stands as a whole word (or run of words) in a text.
//!
//! A spelling that starts with a letter or digit can only match where a word starts, and the
//! text's word there must be the spelling's first word: one hash lookup per word of the text
//! finds its candidates (a text-wide automaton over 6,000 spellings was slower, its states
//! missing the cache). Spellings that start with another character go through an automaton.

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Entry, EntryId};
use crate::text::{Span, is_word_char};

/// How a spelling relates to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// The canonical name.
    Name,
    /// An accepted spelling.
    Alias,
    /// A spelling that is always flagged.
    Misspelling,
    /// An adjective form of a place ("French"): not a mention, but it ties a clause to it.
    Demonym,
}

/// A spelling found in text, with every entry it may mean (best first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KbMatch {
    pub span: Span,
    pub candidates: Vec<(EntryId, Form)>,
}

pub struct Matcher {
    patterns: Vec<Box<str>>,
    /// Patterns that start with a word character, by their first word (its run of word
    /// characters).
    by_first_word: HashMap<Box<str>, Vec<usize>>,
    /// The other patterns, and the pattern index of each of its patterns.
    automaton: Option<AhoCorasick>,
    automaton_patterns: Vec<usize>,
    /// For each pattern, the entries that spell it so, highest priority first.
    owners: Vec<Vec<(EntryId, Form)>>,
}

/// The end of the run of word characters starting at `i`.
fn word_run_end(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(s.len(), |(k, _)| i + k)
}

impl Matcher {
    pub fn new(entries: &[Entry]) -> Matcher {
        let mut index: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::default();
        let mut patterns: Vec<std::borrow::Cow<'_, str>> = Vec::new();
        let mut owners: Vec<Vec<(EntryId, Form)>> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let forms = std::iter::once((&e.name, Form::Name))
                .chain(e.aliases.iter().map(|a| (a, Form::Alias)))
                .chain(e.misspellings.iter().map(|a| (a, Form::Misspelling)))
                .chain(e.demonyms.iter().map(|a| (a, Form::Demonym)));
            // A spelling with an apostrophe is also written with the typographic one
            // ("Workers' Party", "Workers’ Party"), and the other way round.
            let forms = forms.flat_map(|(s, form)| {
                let folded = if s.contains('\'') {
                    Some(s.replace('\'', "’"))
                } else if s.contains('’') {
                    Some(s.replace('’', "'"))
                } else {
                    None
                };
                std::iter::once((std::borrow::Cow::Borrowed(s.as_str()), form)).chain(folded.map(|f| (std::borrow::Cow::Owned(f), form)))
            });
            for (s, form) in forms {
                if s.is_empty() {
                    continue;
                }
                let p = match index.get(&s) {
                    Some(&p) => p,
                    None => {
                        patterns.push(s.clone());
                        owners.push(Vec::new());
                        index.insert(s, patterns.len() - 1);
                        patterns.len() - 1
                    }
                };
                if !owners[p].iter().any(|(id, _)| *id == i as EntryId) {
                    owners[p].push((i as EntryId, form));
                }
            }
        }
        for list in &mut owners {
            // Names before demonyms, then priority, then definition order (stable).
            list.sort_by_key(|&(id, form)| (form == Form::Demonym, -entries[id as usize].priority));
        }
        let mut by_first_word: HashMap<Box<str>, Vec<usize>> = HashMap::default();
        let mut automaton_patterns = Vec::new();
        for (p, s) in patterns.iter().enumerate() {
            let first_end = word_run_end(s, 0);
            if first_end > 0 {
                by_first_word.entry(s[..first_end].into()).or_default().push(p);
            } else {
                automaton_patterns.push(p);
            }
        }
        let automaton = if automaton_patterns.is_empty() {
            None
        } else {
            let other: Vec<&str> = automaton_patterns.iter().map(|&p| &*patterns[p]).collect();
            AhoCorasick::builder().match_kind(MatchKind::Standard).build(&other).ok()
        };
        Matcher {
            patterns: patterns.iter().map(|s| (**s).into()).collect(),
            by_first_word,
            automaton,
            automaton_patterns,
            owners,
        }
    }

    /// Every spelling that stands as a whole word (or run of words) in `text`; where matches
    /// overlap, the longest wins ("South Korea" over "Korea").
    pub fn find(&self, text: &str) -> Vec<KbMatch> {
        let mut found: Vec<(Span, usize)> = Vec::new();
        // Every word start: a word character after none.
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let end = word_run_end(text, i);
            if let Some(candidates) = self.by_first_word.get(&text[i..end]) {
                for &p in candidates {
                    let pattern = &*self.patterns[p];
                    // The first word is already equal: compare only the rest. A one-word
                    // spelling is the whole run of word characters, so it stands at word
                    // boundaries already.
                    let rest = &pattern.as_bytes()[end - i..];
                    let matched =
                        rest.is_empty() || (text.as_bytes()[end..].starts_with(rest) && at_word_boundaries(text, i, i + pattern.len()));
                    if matched {
                        found.push((Span::new(i, i + pattern.len()), p));
                    }
                }
            }
            i = end;
        }
        if let Some(ac) = &self.automaton {
            found.extend(
                ac.find_overlapping_iter(text)
                    .filter(|m| at_word_boundaries(text, m.start(), m.end()))
                    .map(|m| (Span::new(m.start(), m.end()), self.automaton_patterns[m.pattern().as_usize()])),
            );
        }
        // Longest first, then leftmost; keep those that do not overlap a kept one.
        found.sort_by_key(|(s, _)| (std::cmp::Reverse(s.len()), s.start));
        let mut kept: Vec<(Span, usize)> = Vec::with_capacity(found.len());
        // One bit per byte of the text claimed by a kept span: a candidate overlaps a kept span
        // exactly when one of its bytes is claimed (cheaper than an ordered map of kept spans).
        let mut claimed = vec![0u64; text.len() / 64 + 1];
        for (span, p) in found {
            if span.start >= span.end {
                // An empty span overlaps nothing.
                kept.push((span, p));
                continue;
            }
            if !(span.start..span.end).any(|b| claimed[b / 64] & (1 << (b % 64)) != 0) {
                for b in span.start..span.end {
                    claimed[b / 64] |= 1 << (b % 64);
                }
                kept.push((span, p));
            }
        }
        kept.sort_by_key(|(s, _)| s.start);
        kept.into_iter()
            .map(|(span, p)| KbMatch {
                span,
                candidates: self.owners[p].clone(),
            })
            .collect()
    }
}

/// True when the match is not part of a longer word. A trailing period of an initialism
/// ("U.S.") may double as a sentence end, so a match ending in '.' needs no boundary after.
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ends_in_period = text[..end].ends_with('.');
    let first_is_word = text[start..].chars().next().is_some_and(is_word_char);
    let last_is_word = text[..end].chars().next_back().is_some_and(is_word_char);
    (!first_is_word || !before.is_some_and(is_word_char)) && (ends_in_period || !last_is_word || !after.is_some_and(is_word_char))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{EntityKind, Origin};

    fn entry(id: &str, name: &str, aliases: &[&str], demonyms: &[&str]) -> Entry {
        Entry {
            id: id.into(),
            name: name.into(),
            kind: EntityKind::Place,
            subkind: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            misspellings: vec![],
            demonyms: demonyms.iter().map(|s| s.to_string()).collect(),
            country: None,
            capital: None,
            description: None,
            ambiguous: vec![],
            priority: 0,
            origin: Origin {
                file: "t".into(),
                line: 0,
                embedded: true,
            },
        }
    }

    #[test]
    fn longest_whole_word_matches_win() {
        let m = Matcher::new(&[
            entry("korea-south", "South Korea", &[], &["South Korean"]),
            entry("korea", "Korea", &[], &[]),
            entry("us", "United States", &["U.S.", "US"], &["American"]),
        ]);
        let text = "South Korea and the U.S. met; US-Mexico ties; USAID; Koreans; the South Korean side.";
        let got: Vec<_> = m
            .find(text)
            .into_iter()
            .map(|k| (k.span.slice(text).to_string(), k.candidates[0].1))
            .collect();
        assert_eq!(
            got,
            [
                ("South Korea".to_string(), Form::Name),
                ("U.S.".to_string(), Form::Alias),
                ("US".to_string(), Form::Alias),
                ("South Korean".to_string(), Form::Demonym),
            ]
        );
    }

    #[test]
    fn apostrophes_match_in_either_form() {
        let m = Matcher::new(&[entry("pt", "Workers' Party", &[], &[]), entry("ci", "Côte d’Ivoire", &[], &[])]);
        for text in [
            "The Workers’ Party met.",
            "The Workers' Party met.",
            "In Côte d'Ivoire.",
            "In Côte d’Ivoire.",
        ] {
            let got: Vec<_> = m.find(text).into_iter().map(|k| k.span.slice(text).to_string()).collect();
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(got[0].starts_with("Workers") || got[0].starts_with("Côte"), "{text}: {got:?}");
        }
    }
}
