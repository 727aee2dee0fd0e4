//! Detection of names the knowledge base may not know: a sentence's tokens ([`tokens`]), runs
//! of capitalised words ([`chunks`]: titles and roles split off), each remaining name typed by
//! its cue words ("Commission", "Lake …") and its context ("in Palu", ", a professor at") in
//! [`kinds`] and [`evidence`], and the other spellings written after a name ([`aliases`]).

mod aliases;
mod chunks;
mod evidence;
mod kinds;
mod openers;
mod tokens;

use super::builder::SpanSet;
use super::words::NameWords;
use crate::kb::EntityKind;
use crate::text::Span;

use chunks::{analyse_chunk, chunk_end, title_case};
pub(super) use evidence::business_context;
use openers::Openers;
use tokens::{Shape, Tok};

/// A name found in text, before it is linked to an entity.
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub span: Span,
    /// The type its cue words or context give; `None` for a bare word that can only link.
    pub kind: Option<EntityKind>,
    /// The name's words (particles included), for matching short forms.
    pub words: Vec<Span>,
    pub acronym: bool,
    /// A one-word name introduced by an appositive ("said Hasni, a farmer from …"): a
    /// mononym's full introduction rather than a short form.
    pub introduced: bool,
    pub sentence: usize,
    pub headline: bool,
}

/// A spelling in parentheses that names the same entity as the name before it: an acronym
/// ("(MEC)") or the name in its own script ("(이재명)").
#[derive(Clone, Copy, Debug)]
pub(super) struct Alias {
    pub span: Span,
    pub target: Span,
    pub acronym: bool,
    pub sentence: usize,
}

#[derive(Default, Debug)]
pub(super) struct Detected {
    pub cands: Vec<Cand>,
    /// Spans whose knowledge-base matches are not mentions (inside an event's name, a title).
    pub blocked: Vec<Span>,
    pub aliases: Vec<Alias>,
    /// Acronyms the article defines as short for a common noun phrase ("(GWP)").
    pub common_acronyms: Vec<Span>,
}

pub(super) struct Scan<'a> {
    pub text: &'a str,
    pub w: &'a NameWords,
    /// Knowledge-base matches (start-sorted), demonyms included.
    pub kb: &'a [Span],
    /// Spans already handled (the dateline's capitalised place), searched per token.
    pub skip: &'a SpanSet,
    /// Whether a string is a knowledge-base spelling (for plural demonyms: "South Koreans").
    pub kb_spelling: &'a (dyn Fn(&str) -> bool + Sync),
    /// Whether a string is the name or an alias of a knowledge-base place (not a demonym).
    pub kb_place_name: &'a (dyn Fn(&str) -> bool + Sync),
    /// A spelling of the bulk places ("Davao del Sur"), searched only for untyped names.
    pub bulk_place: &'a (dyn Fn(&str) -> bool + Sync),
}

struct Sent<'a> {
    toks: &'a [Tok],
    /// Sentence openers the article also writes in lowercase (see [`Openers`]).
    openers: &'a Openers,
    index: usize,
    headline: bool,
    /// Index of the first word token.
    first_word: usize,
    /// Written in capitals ("PUTIN ARRIVES IN CHINA"): its words are not acronyms.
    shouting: bool,
}

impl Scan<'_> {
    fn t(&self, tok: &Tok) -> &str {
        tok.span.slice(self.text)
    }

    fn kb_exact(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.start < span.start);
        self.kb.get(i).is_some_and(|s| *s == span)
    }

    fn kb_inside(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.start < span.start);
        self.kb.get(i).is_some_and(|s| s.end <= span.end)
    }

    fn kb_overlaps(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.end <= span.start);
        self.kb.get(i).is_some_and(|s| s.start < span.end)
    }

    /// A token that can be part of a name.
    fn namey(&self, tok: &Tok) -> bool {
        tok.namey
    }

    fn is_namey(&self, tok: &Tok) -> bool {
        if !matches!(tok.shape, Shape::Cap | Shape::Upper) {
            return false;
        }
        let t = self.t(tok);
        // "H20", "A320": a model's or product's code, not a name word.
        if tok.shape == Shape::Cap && t.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        !self.w.calendar.contains(t)
            && !self.w.never_names.contains(t)
            && !t
                .rsplit_once('-')
                .is_some_and(|(_, suffix)| self.w.compound_suffixes.contains(suffix))
            && !self.skip.overlaps(tok.span)
    }

    /// "al-Sisi": a lowercase particle joined by a hyphen to a capitalised name.
    fn hyphen_particle(&self, tok: &Tok) -> bool {
        let t = self.t(tok);
        tok.shape == Shape::Lower
            && t.split_once(['-', '‑'])
                .is_some_and(|(p, rest)| self.w.hyphen_particles.contains(p) && rest.chars().next().is_some_and(char::is_uppercase))
    }

    fn is_cue(&self, word: &str) -> bool {
        self.w.org_cues.contains(word)
            || self.w.media_cues.contains(word)
            || self.w.place_last.contains(word)
            || self.w.title_words.contains(word)
    }
}

/// Name candidates of every sentence.
pub(super) fn detect(scan: &Scan<'_>, sentences: &[(Span, bool)]) -> Detected {
    // Every sentence's tokens first: the sentences' first words decide which words of the
    // text the lowercase test has to look at.
    let mut all = Vec::with_capacity(scan.text.len() / 5);
    let mut starts = Vec::with_capacity(sentences.len() + 1);
    for &(span, _) in sentences {
        starts.push(all.len());
        tokens::tokenize(scan.text, span, &scan.w.org_cues, &mut all);
    }
    starts.push(all.len());
    for t in all.iter_mut() {
        t.namey = scan.is_namey(t);
    }
    let first_words = starts.windows(2).filter_map(|w| {
        let toks = &all[w[0]..w[1]];
        toks.iter().find(|t| t.shape != Shape::Punct).filter(|t| t.shape == Shape::Cap)
    });
    let openers = Openers::new(scan.text, first_words.map(|t| scan.t(t)));
    let mut out = Detected::default();
    for (index, &(_, headline)) in sentences.iter().enumerate() {
        detect_in(scan, &all[starts[index]..starts[index + 1]], &openers, index, headline, &mut out);
    }
    out
}

/// The name candidates of one sentence, `toks` its tokens.
fn detect_in(scan: &Scan<'_>, toks: &[Tok], openers: &Openers, index: usize, headline: bool, out: &mut Detected) {
    let first_word = toks.iter().position(|t| t.shape != Shape::Punct).unwrap_or(0);
    let sent = Sent {
        toks,
        openers,
        index,
        headline: headline || title_case(scan, toks),
        first_word,
        shouting: {
            let (upper, lower) = toks.iter().fold((0, 0), |(u, l), t| match t.shape {
                Shape::Upper => (u + 1, l),
                Shape::Lower => (u, l + 1),
                _ => (u, l),
            });
            upper >= 3 && upper > lower
        },
    };
    let mut i = 0;
    while i < toks.len() {
        if !scan.namey(&toks[i]) {
            i += 1;
            continue;
        }
        let end = chunk_end(scan, toks, i);
        // "de Vries told reporters": a surname's leading particles.
        let mut start = i;
        while start > 0
            && start + 2 > i
            && toks[start - 1].shape == Shape::Lower
            && scan.w.leading_particles.contains(scan.t(&toks[start - 1]))
            && !scan.text[toks[start - 1].span.end..toks[start].span.start].contains('\n')
        {
            start -= 1;
        }
        if start < i
            && start > 0
            && (scan.namey(&toks[start - 1])
                || toks[start - 1].shape == Shape::Lower && scan.w.leading_particles.contains(scan.t(&toks[start - 1])))
        {
            start = i;
        }
        analyse_chunk(scan, &sent, start, end, out);
        i = end.max(i + 1);
    }
}

fn push(out: &mut Detected, span: Span, kind: Option<EntityKind>, words: Vec<Span>, acronym: bool, sent: &Sent<'_>) {
    out.cands.push(Cand {
        span,
        kind,
        words,
        acronym,
        introduced: false,
        sentence: sent.index,
        headline: sent.headline,
    });
}
