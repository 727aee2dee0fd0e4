//! Attribution: who a sentence says states its content.
//!
//! Cues from `data/lexicon/attribution.toml`: phrases before a source ("according to X",
//! "citing X", "data from X"; `cues`), speech verbs with their subject ("X said", "said X",
//! "X, a senior fellow at Y, told Z"; `subjects`). A dateline agency is the publisher, not a
//! source. `sources` gives each figure the source that states it.

mod cues;
mod sources;
mod subjects;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;

use super::{Analysis, Attribution, Context, Lexicon, Source};
use crate::kb::EntityKind;
use crate::text::{ParagraphKind, SentenceTokens, Span, Token, lowercase};

pub(super) use sources::assign_sources;

const PRONOUNS: [&str; 8] = ["he", "she", "they", "it", "He", "She", "They", "It"];

/// The `[clauses]` words of `data/lexicon/attribution.toml`: how a source's phrase and the
/// clause around it are told apart from the rest of the sentence.
#[derive(Debug, Deserialize)]
pub struct ClauseWords {
    /// Articles, prepositions, pronouns, auxiliaries, conjunctions: no part of a name.
    function_words: HashSet<String>,
    /// Words between a subject and its verb ("X also said", "X has told").
    between_subject_and_verb: Vec<String>,
    /// Words that end the noun phrase after a cue ("figures from X that …", "X on Monday").
    phrase_ends: Vec<String>,
    /// Words that open a subordinate clause: a cue after one covers only what follows it
    /// ("even as one member argued …").
    clause_openers: HashSet<String>,
    /// Times after "on", "last", "this" … between a subject and its verb ("X on Sunday said").
    times: Vec<String>,
    /// Auxiliaries that end the noun phrase after a cue ("polled by the paper had expected").
    auxiliaries: Vec<String>,
}

/// One sentence as the cue finders read it.
struct SentenceCues<'a> {
    text: &'a str,
    a: &'a Analysis,
    lex: &'a Lexicon,
    si: usize,
    /// The sentence's span in the text.
    span: Span,
    /// The sentence's text, and that text ASCII-lowercased (so byte offsets are equal).
    st: &'a str,
    lower: String,
    /// The sentence's tokens (spans in the text).
    toks: &'a [Token],
}

impl SentenceCues<'_> {
    /// The attribution of `cue` to the source `src` (both spans in the sentence).
    fn attribution(&self, cue: Span, src: Span) -> Attribution {
        let at = |s: Span| Span::new(self.span.start + s.start, self.span.start + s.end);
        make(self.text, self.a, self.lex, at(cue), at(src), self.si)
    }

    /// The sentence's word tokens, as byte ranges in the sentence.
    fn word_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.toks
            .iter()
            .filter(|t| t.kind == crate::text::TokenKind::Word)
            .map(|t| (t.span.start - self.span.start, t.span.end - self.span.start))
    }
}

/// The attributions of every sentence, in text order; [`finish`] completes them.
pub(super) fn find(text: &str, ctx: &Context, a: &Analysis, tokens: &SentenceTokens) -> Vec<Attribution> {
    let mut out = Vec::new();
    for si in 0..a.sentences.len() {
        let s = &a.sentences[si];
        if a.paragraphs[s.paragraph].kind == ParagraphKind::Headline {
            continue;
        }
        let st = s.span.slice(text);
        let sentence = SentenceCues {
            text,
            a,
            lex: &ctx.lexicon,
            si,
            span: s.span,
            st,
            lower: st.to_ascii_lowercase(),
            toks: tokens.of(si),
        };
        sentence.phrase_cues(&mut out);
        sentence.verb_cues(&mut out);
    }
    out
}

/// Adds the sources of tables to the attributions [`find`] gave for every sentence, in text
/// order, and drops repeats.
pub(super) fn finish(text: &str, ctx: &Context, a: &Analysis, out: &mut Vec<Attribution>) {
    // A dateline agency ("LAGOS (Reuters) —") is the publisher, not a source: the newsroom's
    // own report of a figure still needs someone who states it (GUIDELINES).
    cues::table_sources(text, a, &ctx.lexicon, out);
    out.sort_by_key(|x| (x.sentence, x.cue.start));
    out.dedup_by(|b, a| a.sentence == b.sentence && a.source.span == b.source.span);
}

fn make(text: &str, a: &Analysis, lex: &super::Lexicon, cue: Span, span: Span, sentence: usize) -> Attribution {
    let src_text = span.slice(text);
    let pronoun = PRONOUNS.contains(&src_text);
    let entity = a
        .mentions_within(span)
        .iter()
        .min_by_key(|m| {
            // Prefer a person, then the last-named entity ("spokeswoman of the ministry Anna Berg").
            (a.entities[m.entity].kind != EntityKind::Person, std::cmp::Reverse(m.span.start))
        })
        .map(|m| m.entity)
        .or_else(|| {
            pronoun
                .then(|| {
                    a.mentions_before(span.start)
                        .iter()
                        .rev()
                        .find(|m| a.entities[m.entity].kind == EntityKind::Person)
                        .map(|m| m.entity)
                })
                .flatten()
        });
    let lower = lowercase(src_text);
    let head = lower.split_whitespace().last().unwrap_or("");
    let has_name = src_text.split_whitespace().skip(1).any(|w| w.starts_with(char::is_uppercase)) || !a.mentions_within(span).is_empty();
    let vague = !has_name && (lex.vague_sources.contains(head) || lex.vague_sources.contains(lower.as_ref()));
    Attribution {
        cue,
        source: Source {
            span,
            text: src_text.to_string(),
            vague,
            entity,
        },
        sentence,
        pronoun,
        quote_only: false,
    }
}

/// Byte ranges of the words of `s` (letters, digits, inner apostrophes and hyphens).
fn words(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    crate::text::tokenize(s, Span::new(0, s.len()))
        .filter(|t| t.kind == crate::text::TokenKind::Word)
        .map(|t| (t.span.start, t.span.end))
}

/// `hay.find(needle)`, first testing with memchr for a byte of the needle that prose seldom
/// has (not a space or a lowercase letter: the "'" of "'s "): most sentences do not hold it,
/// and the std searcher is set up anew on every call.
fn find_str(hay: &str, needle: &str) -> Option<usize> {
    if let Some(&rare) = needle.as_bytes().iter().find(|b| **b != b' ' && !b.is_ascii_lowercase()) {
        memchr::memchr(rare, hay.as_bytes())?;
    }
    hay.find(needle)
}

fn word_bounded(s: &str, a: usize, b: usize) -> bool {
    !s[..a].ends_with(char::is_alphanumeric) && !s[b..].starts_with(char::is_alphanumeric)
}

/// Whether `w` (lowercase) is a function word: an article, preposition, pronoun, auxiliary or
/// conjunction.
fn is_function_word(lex: &Lexicon, w: &str) -> bool {
    lex.clauses.function_words.contains(w)
}
