//! Speech and reporting verbs with their subject: "X said", "said X", "X, a senior fellow at
//! Y, told Z", ", saying …" (the sentence's subject).

use std::ops::ControlFlow;

use super::{PRONOUNS, SentenceCues, find_str, is_function_word, words};
use crate::extract::{Attribution, Lexicon, dates};
use crate::kb::EntityKind;
use crate::text::{Span, Token, lowercase, trim_end_all};

impl SentenceCues<'_> {
    /// Speech verbs with their subject, before or after.
    pub(super) fn verb_cues(&self, out: &mut Vec<Attribution>) {
        out.extend(self.word_ranges().filter_map(|(ws, we)| self.verb_cue(ws, we)));
    }

    /// The attribution of the word at `ws..we` (in the sentence) when it is a speech verb
    /// with a subject.
    fn verb_cue(&self, ws: usize, we: usize) -> Option<Attribution> {
        let (st, lower, lex) = (self.st, self.lower.as_str(), self.lex);
        let w = &lower[ws..we];
        if !lex.any_verbs.contains(w) {
            return None;
        }
        let quote_only = lex.quote_verbs.contains(w);
        // A capitalised "States" or "Reports" is part of a name, not a verb.
        if (!quote_only && !lex.verbs.contains(w)) || st[ws..we].starts_with(char::is_uppercase) {
            return None;
        }
        // "believed to be trapped", "expected to rise", "is said to be": no one is named.
        if lower[we..].trim_start().starts_with("to ") && lex.passive_to.contains(w) {
            return None;
        }
        // "the government's forecast": after a possessive the word is a noun.
        if st[..ws].trim_end().ends_with("'s") || st[..ws].trim_end().ends_with("’s") {
            return None;
        }
        // "put the toll at 40": these verbs report a figure only with "at".
        if lex.verbs_with_at.contains(w) && !lower[we..].split_whitespace().take(6).any(|x| x == "at") {
            return None;
        }
        let src = self.verb_subject(w, ws, we)?;
        let mut x = self.attribution(Span::new(ws, we), src);
        // "Indonesia records thousands of earthquakes": a place that is not speaking
        // reports nothing; "China said" (its government) does.
        let place = x.source.entity.is_some_and(|e| self.a.entities[e].kind == EntityKind::Place);
        if place && !lex.inverted_verbs.contains(w) && !matches!(w, "told" | "tells" | "announced" | "announces") {
            return None;
        }
        x.quote_only = quote_only;
        Some(x)
    }

    /// The subject of the speech verb `w` at `ws..we`: before it, after it (`"…," said Berg`),
    /// or, for ", saying that …", the sentence's own subject.
    fn verb_subject(&self, w: &str, ws: usize, we: usize) -> Option<Span> {
        let st = self.st;
        let participle = w.ends_with("ing") && st[..ws].trim_end().ends_with(',');
        if participle {
            // After the dateline ("WASHINGTON, September 10 —"), if the sentence holds it.
            let from = self
                .a
                .dateline
                .as_ref()
                .filter(|d| self.span.start <= d.span.start && d.span.end <= self.span.start + ws)
                .map_or(0, |d| d.span.end - self.span.start);
            return sentence_subject(&st[from..], self.lex).map(|x| Span::new(x.start + from, x.end + from));
        }
        // "said X" only after a clause: `"…," said Berg`, `…, said the ministry`.
        let after_clause = st[..ws].trim_end().ends_with([',', '"', '”', '’', '\'', '—', '–']);
        subject_before(st, ws, self.lex, self.toks, self.span.start).or_else(|| {
            (after_clause && self.lex.inverted_verbs.contains(w))
                .then(|| subject_after(st, self.lex, we))
                .flatten()
        })
    }
}

/// The subject that opens a sentence: "The Trump administration on Wednesday gave …".
fn sentence_subject(s: &str, lex: &Lexicon) -> Option<Span> {
    let mut end = None;
    for (n, (ws, we)) in words(s).enumerate() {
        let w = &s[ws..we];
        let lw = lowercase(w);
        let gap = &s[end.unwrap_or(0)..ws];
        if n > 0 && gap.contains([',', ';', '(', ':']) {
            break;
        }
        let name = w.starts_with(char::is_uppercase) && !is_function_word(lex, &lw) && dates::Weekday::parse(w).is_none();
        if name || lex.source_heads.contains(lw.as_ref()) || lex.vague_sources.contains(lw.as_ref()) {
            end = Some(we);
        } else if !(n == 0 && is_function_word(lex, &lw)) {
            break;
        }
        if n >= 6 {
            break;
        }
    }
    let end = end?;
    let start = s.len() - s.trim_start().len();
    Some(Span::new(start, end))
}

/// The subject right before a speech verb: "Hua Chunying said", "the ministry said",
/// "Elizabeth Wishnick, a scientist at CNA, told AFP", "Beijing’s foreign ministry said".
/// `toks` are the sentence's tokens, `base` its start in the text (token spans are in the text,
/// `s` is the sentence).
fn subject_before(s: &str, verb_start: usize, lex: &Lexicon, toks: &[Token], base: usize) -> Option<Span> {
    let end = match past_appositives(before_verb(&s[..verb_start], lex)) {
        ControlFlow::Continue(t) => t.len(),
        ControlFlow::Break(subject) => return subject,
    };
    let start = match subject_start(s, end, lex, toks, base) {
        ControlFlow::Continue(start) => start,
        ControlFlow::Break(subject) => return subject,
    };
    // Don't end on a dangling "of"/"the"/"and".
    let mut phrase = &s[start..end];
    for lead in ["of ", "and ", "at ", "for "] {
        phrase = phrase.strip_prefix(lead).unwrap_or(phrase);
    }
    // The span starts where the trimmed phrase does: after "of " more white space may follow
    // (a no-break or em space is several bytes).
    let unlead = phrase.trim_start();
    let start = end - unlead.len();
    let phrase = unlead.trim_end();
    if phrase.is_empty() || phrase.eq_ignore_ascii_case("the") || !names_a_source(phrase, lex) {
        return None;
    }
    Some(Span::new(start, start + phrase.len()))
}

/// The text before a speech verb without what may stand between the subject and the verb:
/// an adverb or auxiliary ("X also said", "X has told"), a time ("the government on Sunday
/// hailed"), a parenthesised acronym ("the agency (BNPB) said").
fn before_verb<'s>(before: &'s str, lex: &Lexicon) -> &'s str {
    let trimmed = strip_last_word_if(before.trim_end(), &lex.clauses.between_subject_and_verb);
    let trimmed = strip_time(trimmed, lex);
    match trimmed.strip_suffix(')').and_then(|t| t.rfind('(').map(|o| &t[..o])) {
        Some(t) if trimmed.len() - t.len() <= 14 => t.trim_end(),
        _ => trimmed,
    }
}

/// Skips appositives before the verb: "Name, a role at Org, told", "Ana Silva, 34, a nurse,
/// said". `Continue` with the text that ends with the subject; `Break` with the answer when
/// the appositives decide it ("Colombia's lead negotiator, Laura Restrepo, says": the name
/// is the appositive).
fn past_appositives(before: &str) -> ControlFlow<Option<Span>, &str> {
    let mut t = before;
    let mut skipped = false;
    while let Some(inner) = t.strip_suffix(',') {
        let Some(open) = inner.rfind(',') else {
            return if skipped {
                ControlFlow::Continue(inner)
            } else {
                ControlFlow::Break(None)
            };
        };
        let appos = inner[open + 1..].trim_start();
        // An appositive starts lowercase ("a scientist at CNA") or is an age ("34").
        if appos.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
            t = &inner[..=open];
            skipped = true;
            continue;
        }
        if skipped {
            return ControlFlow::Continue(inner);
        }
        let n = appos.split_whitespace().count();
        let all_caps = appos.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
        if (1..=4).contains(&n) && all_caps {
            let at = inner.len() - appos.len();
            return ControlFlow::Break(Some(Span::new(at, at + appos.len())));
        }
        return ControlFlow::Break(None);
    }
    ControlFlow::Continue(t)
}

/// Walks back from `end` over the words that can be part of a subject: `Continue` with where
/// the subject starts; `Break` with the answer when the last word decides it (a pronoun, or
/// punctuation that leaves no subject).
fn subject_start(s: &str, end: usize, lex: &Lexicon, toks: &[Token], base: usize) -> ControlFlow<Option<Span>, usize> {
    let region = &s[..end];
    // The region's words are the sentence's tokens that end by `end`, unless one runs across it
    // (then it is cut there: tokenize the region itself).
    let before_end = toks.partition_point(|t| t.span.end - base <= end);
    let region_words: Vec<(usize, usize)> = if toks.get(before_end).is_some_and(|t| t.span.start - base < end) {
        words(region).collect()
    } else {
        toks[..before_end]
            .iter()
            .filter(|t| t.kind == crate::text::TokenKind::Word)
            .map(|t| (t.span.start - base, t.span.end - base))
            .collect()
    };
    let mut start = end;
    let mut n = 0;
    for (ws, we) in region_words.into_iter().rev() {
        let gap = &region[we..start];
        if n > 0
            && !gap
                .chars()
                .all(|c| c.is_whitespace() || c == '’' || c == '\'' || c == '-' || c == '.')
        {
            break;
        }
        if n == 0
            && !region[we..end]
                .trim()
                .trim_matches(|c| c == '’' || c == '\'' || c == '.')
                .is_empty()
        {
            return ControlFlow::Break(None);
        }
        let w = &region[ws..we];
        let lw = lowercase(w);
        if is_function_word(lex, &lw) && !matches!(lw.as_ref(), "the" | "of" | "for" | "at" | "and") {
            if n == 0 && PRONOUNS.contains(&w) {
                return ControlFlow::Break(Some(Span::new(ws, we)));
            }
            break;
        }
        if lex.verbs.contains(lw.as_ref()) && n > 0 {
            break;
        }
        start = ws;
        n += 1;
        if n >= 8 {
            break;
        }
    }
    ControlFlow::Continue(start)
}

/// A subject needs a noun: its last word decides — a name ("Anna Berg", "INEGI"), or a noun
/// that names a body or role ("the commission", "Parliament's negotiators"); not "mobility
/// projects". In "a Parliament summary of the deal shows" the head stands before "of".
fn names_a_source(phrase: &str, lex: &Lexicon) -> bool {
    let lower = lowercase(phrase);
    let last = lower.split_whitespace().last().unwrap_or("");
    let (head_raw, head) = match find_str(phrase, " of ") {
        Some(p) if !lex.source_heads.contains(last) && !trim_end_all(last, "'s").is_empty() => {
            let h = phrase[..p].split_whitespace().last().unwrap_or("");
            (h, lowercase(h))
        }
        _ => (phrase.split_whitespace().last().unwrap_or(""), std::borrow::Cow::Borrowed(last)),
    };
    let head = trim_end_all(trim_end_all(head.as_ref(), "'s"), "’s");
    (head_raw.starts_with(char::is_uppercase)
        && !is_function_word(lex, head)
        && dates::Weekday::parse(head_raw).is_none()
        && lex.dates.month(head_raw).is_none())
        || lex.source_nouns.contains(head)
        || lex.vague_sources.contains(head)
        || lex.source_heads.contains(head)
        || lex
            .source_heads
            .iter()
            .any(|h| head.len() > h.len() + 2 && head.ends_with(h.as_str()))
}

/// The subject after an inverted verb: "said Hua Chunying", "said the ministry".
fn subject_after(s: &str, lex: &Lexicon, verb_end: usize) -> Option<Span> {
    let rest = &s[verb_end..];
    let lead = rest.len() - rest.trim_start().len();
    if lead == 0 {
        return None;
    }
    let r = &rest[lead..];
    let end = r.find([',', '.', ';', ':', '"', '“', '”', '(', ')']).unwrap_or(r.len());
    let phrase = r[..end].trim_end();
    let first = phrase.split_whitespace().next()?;
    let capital = first.starts_with(char::is_uppercase);
    let det = matches!(first, "the" | "a" | "an");
    if !(capital || det) || phrase.split_whitespace().count() > 8 {
        return None;
    }
    // "said on Tuesday" / "said in a statement": no subject after.
    if matches!(first, "on" | "in" | "at" | "that" | "it" | "to") {
        return None;
    }
    if det && phrase.split_whitespace().count() < 2 {
        return None;
    }
    // Capitalised weekday or month right after the verb is a time, not a subject.
    if capital && (dates::Weekday::parse(first).is_some() || lex.dates.month(first).is_some()) {
        return None;
    }
    Some(Span::new(verb_end + lead, verb_end + lead + phrase.len()))
}

/// Drops a trailing time adverbial: "on Sunday", "last week", "on Tuesday evening", "today".
fn strip_time<'s>(s: &'s str, lex: &Lexicon) -> &'s str {
    // Only the last three words matter: (start, word), last first.
    let mut last3: [(usize, &str); 3] = [(0, ""); 3];
    let mut n = 0;
    let mut end = s.len();
    for w in s.rsplitn(4, ' ') {
        if n == 3 {
            // More words before these: as many as the test below needs to know.
            n = 4;
            break;
        }
        last3[n] = (end - w.len(), w);
        end = (end - w.len()).saturating_sub(1);
        n += 1;
    }
    // `words[n - k]` of the full list is `last3[k - 1]`.
    let word_from_end = |k: usize| last3[k - 1];
    let is_time = |w: &str| dates::Weekday::parse(w).is_some() || lex.clauses.times.iter().any(|t| t == w);
    for take in [1usize, 2, 3] {
        if n <= take {
            break;
        }
        let first = word_from_end(take).1;
        let last = word_from_end(1).1;
        let lead_ok =
            matches!(first, "on" | "last" | "this" | "earlier" | "later") || (take == 1 && matches!(first, "today" | "yesterday"));
        if lead_ok && is_time(last) {
            return s[..word_from_end(take).0].trim_end();
        }
    }
    s
}

/// `s` without its last word when that is one of `words`.
fn strip_last_word_if<'a>(s: &'a str, words: &[String]) -> &'a str {
    let t = s.trim_end();
    for w in words {
        if let Some(p) = t.strip_suffix(w.as_str())
            && p.ends_with(' ')
        {
            return p.trim_end();
        }
    }
    t
}
