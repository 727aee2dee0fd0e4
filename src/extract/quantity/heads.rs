//! The words of a sentence each figure takes as its head words: a word goes to the nearest
//! quantity figure, and the words of a clause before its first figure are the subject of all
//! its figures; the mentions of the sentence go to their nearest figure too.

use std::borrow::Cow;

use super::sentence::{Article, SentenceScratch, token_range};
use super::words::Head;
use crate::extract::{Attribution, Mention};
use crate::text::{Span, TokenKind, lowercase as lower};

/// The head words of one sentence's figures. Heads are kept once per sentence in `arena`;
/// figures and clauses hold indexes into it. The buffers are kept from one sentence to the next.
#[derive(Default)]
pub(super) struct HeadWords<'a> {
    pub(super) arena: Vec<Head<'a, 'a>>,
    /// By figure: its head words.
    pub(super) of_figure: Vec<Vec<usize>>,
    /// By clause: the head words of its subject ("The bank cut its base rate by 25 basis
    /// points to 2.25%").
    pub(super) subject: Vec<Vec<usize>>,
    /// By figure: whether a projection word ("forecast") is among its words.
    pub(super) projection: Vec<bool>,
    /// The mentions of the sentence, and by mention the figure it belongs to.
    pub(super) mentions: &'a [Mention],
    pub(super) mention_owner: Vec<Option<usize>>,
    /// By clause: the first token of its first quantity figure.
    clause_first: Vec<usize>,
    /// By token: whether it belongs to a figure (no head word then).
    in_figure: Vec<bool>,
    /// By token: the conjunctions before it ("3,408 were injured and 139 missing": "injured" is
    /// the first figure's, not the nearer second's).
    conjunctions: Vec<usize>,
}

/// Clears the first `n` lists of `lists` (keeping their capacity) and makes sure there are `n`.
fn reset(lists: &mut Vec<Vec<usize>>, n: usize) {
    if lists.len() < n {
        lists.resize_with(n, Vec::new);
    }
    lists[..n].iter_mut().for_each(Vec::clear);
}

impl<'a> HeadWords<'a> {
    /// Reads the head words and mentions of the sentence `s` for its quantity figures.
    pub(super) fn read(&mut self, art: &Article<'a>, s: &SentenceScratch<'a>) {
        let n = s.ranges.len();
        self.arena.clear();
        reset(&mut self.of_figure, n);
        reset(&mut self.subject, s.clauses());
        self.projection.clear();
        self.projection.resize(n, false);
        self.mark_tokens(art, s);
        self.assign_words(art, s);
        self.assign_mentions(art, s);
    }

    /// Where each clause's figures start, which tokens are figures', the conjunctions.
    fn mark_tokens(&mut self, art: &Article<'_>, s: &SentenceScratch<'_>) {
        self.clause_first.clear();
        self.clause_first.resize(s.clauses(), usize::MAX);
        for &k in &s.quantities {
            let f = &mut self.clause_first[s.clause_of(k)];
            *f = (*f).min(s.ranges[k].0);
        }
        let len = s.toks.len();
        self.in_figure.clear();
        self.in_figure.resize(len, false);
        for &(from, to) in &s.ranges {
            self.in_figure[from.min(len)..to.min(len)].fill(true);
        }
        self.conjunctions.clear();
        let mut n = 0;
        for t in s.toks {
            self.conjunctions.push(n);
            if t.kind == TokenKind::Word && matches!(t.span.slice(art.text), "and" | "while" | "but" | "whereas") {
                n += 1;
            }
        }
    }

    /// The quantity figure token `i` belongs to: the nearest, a clause boundary counting as
    /// two tokens of distance, within ten.
    fn nearest(&self, s: &SentenceScratch<'_>, i: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for &k in &s.quantities {
            let (from, to) = s.ranges[k];
            if i >= from && i < to {
                return None;
            }
            // Words after a figure belong to it more than words before ("27 people").
            let d = if i < from { from - i + 1 } else { i + 1 - to };
            let joined = if i < from {
                self.conjunctions[from] - self.conjunctions[i + 1]
            } else {
                0
            };
            let d = d + 2 * s.clause[i].abs_diff(s.clause_of(k)) + 2 * joined.min(1);
            if d <= 10 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// Each word's head goes to its clause's subject and to its nearest figure.
    fn assign_words(&mut self, art: &Article<'a>, s: &SentenceScratch<'a>) {
        let a = art.a;
        let sentence = &a.sentences[s.index];
        let attrs = a.attributions_in(s.index);
        // The first mention that may overlap the current word: words come in text order.
        let mut mention_cursor = a.mentions.partition_point(|m| m.span.end <= sentence.span.start);
        for (i, t) in s.toks.iter().enumerate() {
            if t.kind != TokenKind::Word || self.in_figure[i] {
                continue;
            }
            while a.mentions.get(mention_cursor).is_some_and(|m| m.span.end <= t.span.start) {
                mention_cursor += 1;
            }
            if skip_word(a.mentions.get(mention_cursor), attrs, t.span) {
                continue;
            }
            let in_subject = i < self.clause_first[s.clause[i]];
            let k = self.nearest(s, i);
            if !in_subject && k.is_none() {
                continue;
            }
            // One lowercasing and one lookup per word, shared by the subject and the figure.
            let (head, is_projection) = match lower(t.span.slice(art.text)) {
                Cow::Borrowed(l) => art.words.head_word(l),
                Cow::Owned(l) => {
                    let (h, p) = art.words.head_word(&l);
                    (h.map(Head::into_owned), p)
                }
            };
            let h = head.map(|h| {
                self.arena.push(h);
                self.arena.len() - 1
            });
            if in_subject && let Some(h) = h {
                self.subject[s.clause[i]].push(h);
            }
            let Some(k) = k else { continue };
            if is_projection {
                self.projection[k] = true;
            }
            if let Some(h) = h {
                self.of_figure[k].push(h);
            }
        }
    }

    /// The figure each mention of the sentence belongs to (the nearest), once per mention
    /// rather than once per mention and figure; a mention inside a source belongs to none.
    fn assign_mentions(&mut self, art: &Article<'a>, s: &SentenceScratch<'_>) {
        let a = art.a;
        let attrs = a.attributions_in(s.index);
        self.mentions = a.mentions_within(a.sentences[s.index].span);
        self.mention_owner.clear();
        for m in self.mentions {
            let owner = if m.sentence != s.index || attrs.iter().any(|x| !x.quote_only && x.source.span.covers(m.span)) {
                None
            } else {
                self.nearest(s, token_range(s.toks, m.span).0)
            };
            self.mention_owner.push(owner);
        }
    }

    /// Adds a word of the figure itself to its heads ("27 *campers*", "two-*day*"); with
    /// `only_kind`, only a word saying what it measures.
    pub(super) fn add_own(&mut self, art: &Article<'a>, k: usize, word: &str, only_kind: bool) {
        if let (Some(h), _) = art.words.head_word(&lower(word))
            && (!only_kind || h.is_kind())
        {
            self.arena.push(h.into_owned());
            self.of_figure[k].push(self.arena.len() - 1);
        }
    }

    /// The mentions of the sentence that belong to figure `k`.
    pub(super) fn mentions_of(&self, k: usize) -> impl Iterator<Item = &'a Mention> + '_ {
        self.mentions
            .iter()
            .zip(&self.mention_owner)
            .filter(move |(_, owner)| **owner == Some(k))
            .map(|(m, _)| m)
    }
}

/// Names (they are the key's entities) and attribution words ("the ministry said") are not
/// head words. A cue that sources no figure ("Donors pledged €4.8 billion") is the figure's
/// own verb and subject: its words stay.
/// `next_mention` is the first mention that ends after the word starts.
fn skip_word(next_mention: Option<&Mention>, attrs: &[Attribution], span: Span) -> bool {
    if next_mention.is_some_and(|m| m.span.overlaps(span)) {
        return true;
    }
    attrs
        .iter()
        .any(|x| !x.quote_only && (x.cue.overlaps(span) || x.source.span.overlaps(span)))
}
