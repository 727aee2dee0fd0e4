//! Attribution: who a sentence says states its content.
//!
//! Cues from `data/lexicon/attribution.toml`: phrases before a source ("according to X",
//! "citing X", "data from X"), speech verbs with their subject ("X said", "said X",
//! "X, a senior fellow at Y, told Z"). A dateline agency is the publisher, not a source.

use std::ops::Range;

use super::{Analysis, Attribution, Context, Source};
use crate::kb::EntityKind;
use crate::text::{ParagraphKind, SentenceTokens, Span, lowercase, trim_end_all};

const PRONOUNS: [&str; 8] = ["he", "she", "they", "it", "He", "She", "They", "It"];

/// The attributions of the sentences `range` (a part of the article, so that long articles
/// can be cut in parts analysed at once), in text order; [`finish`] completes them.
pub(super) fn find(text: &str, ctx: &Context, a: &Analysis, tokens: &SentenceTokens, range: Range<usize>) -> Vec<Attribution> {
    let lex = &*ctx.lexicon;
    let mut out = Vec::new();
    for si in range {
        let s = &a.sentences[si];
        if a.paragraphs[s.paragraph].kind == ParagraphKind::Headline {
            continue;
        }
        let st = s.span.slice(text);
        // ASCII lowering keeps byte offsets equal to those of `st`.
        let lower = st.to_ascii_lowercase();
        // Phrases before the source: "according to the ministry" (one automaton pass).
        for m in lex.before_source_matcher.find_overlapping_iter(st) {
            let (at, end) = (m.start(), m.end());
            if !word_bounded(&lower, at, end) {
                continue;
            }
            if let Some(src) = noun_phrase_after(st, end, lex) {
                let cue = Span::new(s.span.start + at, s.span.start + end);
                let span = Span::new(s.span.start + src.start, s.span.start + src.end);
                out.push(make(text, a, lex, cue, span, si));
            }
        }
        // "recorded so far by the NDMA": a participle cue with a short adverbial inside.
        for (cue, src) in split_by_cues(st, &lower, lex) {
            let cue = Span::new(s.span.start + cue.start, s.span.start + cue.end);
            let span = Span::new(s.span.start + src.start, s.span.start + src.end);
            out.push(make(text, a, lex, cue, span, si));
        }
        // "by the agency's own yardstick", "on the ministry's figures".
        possessive_sources(text, a, lex, s.span, si, tokens.of(si), &mut out);
        // "(Source: X)"
        if let Some(at) = find_str(st, "Source:").or_else(|| find_str(st, "Sources:")) {
            let colon = at + st[at..].find(':').unwrap_or(0) + 1;
            if let Some(src) = noun_phrase_after(st, colon, lex) {
                let cue = Span::new(s.span.start + at, s.span.start + colon);
                out.push(make(
                    text,
                    a,
                    lex,
                    cue,
                    Span::new(s.span.start + src.start, s.span.start + src.end),
                    si,
                ));
            }
        }
        // Speech verbs with their subject, before or after.
        let sentence_words = tokens
            .of(si)
            .iter()
            .filter(|t| t.kind == crate::text::TokenKind::Word)
            .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start));
        for (ws, we) in sentence_words {
            let w = &lower[ws..we];
            if !lex.any_verbs.contains(w) {
                continue;
            }
            let quote_only = lex.quote_verbs.contains(w);
            // A capitalised "States" or "Reports" is part of a name, not a verb.
            if (!quote_only && !lex.verbs.contains(w)) || st[ws..we].starts_with(char::is_uppercase) {
                continue;
            }
            // "believed to be trapped", "expected to rise", "is said to be": no one is named.
            if lower[we..].trim_start().starts_with("to ") && lex.passive_to.contains(w) {
                continue;
            }
            // "the government's forecast": after a possessive the word is a noun.
            if st[..ws].trim_end().ends_with("'s") || st[..ws].trim_end().ends_with("’s") {
                continue;
            }
            // "put the toll at 40": these verbs report a figure only with "at".
            if lex.verbs_with_at.contains(w) && !lower[we..].split_whitespace().take(6).any(|x| x == "at") {
                continue;
            }
            let cue = Span::new(s.span.start + ws, s.span.start + we);
            // ", saying that …": the participle's subject opens the sentence.
            let participle = w.ends_with("ing") && st[..ws].trim_end().ends_with(',');
            let src = if participle {
                // After the dateline ("WASHINGTON, September 10 —"), if the sentence holds it.
                let from = a
                    .dateline
                    .as_ref()
                    .filter(|d| s.span.start <= d.span.start && d.span.end <= s.span.start + ws)
                    .map_or(0, |d| d.span.end - s.span.start);
                sentence_subject(&st[from..], lex).map(|x| Span::new(x.start + from, x.end + from))
            } else {
                // "said X" only after a clause: `"…," said Berg`, `…, said the ministry`.
                let after_clause = st[..ws].trim_end().ends_with([',', '"', '”', '’', '\'', '—', '–']);
                subject_before(st, ws, lex, tokens.of(si), s.span.start).or_else(|| {
                    (after_clause && lex.inverted_verbs.contains(w))
                        .then(|| subject_after(st, we))
                        .flatten()
                })
            };
            if let Some(src) = src {
                let span = Span::new(s.span.start + src.start, s.span.start + src.end);
                let mut x = make(text, a, lex, cue, span, si);
                // "Indonesia records thousands of earthquakes": a place that is not speaking
                // reports nothing; "China said" (its government) does.
                let place = x.source.entity.is_some_and(|e| a.entities[e].kind == EntityKind::Place);
                if place && !lex.inverted_verbs.contains(w) && !matches!(w, "told" | "tells" | "announced" | "announces") {
                    continue;
                }
                x.quote_only = quote_only;
                out.push(x);
            }
        }
    }
    out
}

/// Adds the sources of tables to the attributions [`find`] gave for every sentence, in text
/// order, and drops repeats.
pub(super) fn finish(text: &str, ctx: &Context, a: &Analysis, out: &mut Vec<Attribution>) {
    // A dateline agency ("LAGOS (Reuters) —") is the publisher, not a source: the newsroom's
    // own report of a figure still needs someone who states it (GUIDELINES).
    table_sources(text, a, &ctx.lexicon, out);
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

/// Cues of the form "<participle> by" ("recorded by", "compiled by") with up to three words
/// between the two ("recorded so far by the NDMA", "published last week by the ministry"),
/// as (cue, source) spans in the sentence. The source must name someone: not "by Tuesday" or
/// "by the end of July". (Without words between, the phrase itself is a cue already.)
fn split_by_cues(st: &str, lower: &str, lex: &super::Lexicon) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    // Most sentences have no "by" at all.
    if !lower.contains(" by ") {
        return out;
    }
    let ws: Vec<(usize, usize)> = words(st).collect();
    for (i, &(ps, pe)) in ws.iter().enumerate() {
        let participle = &lower[ps..pe];
        if !participle.ends_with("ed") || !lex.before_source.iter().any(|p| p.strip_suffix(" by") == Some(participle)) {
            continue;
        }
        // The "by" after one to three plain words (no punctuation, figure or verb between).
        let Some(j) = (i + 2..ws.len().min(i + 5)).find(|&j| &lower[ws[j].0..ws[j].1] == "by") else {
            continue;
        };
        let between = &st[pe..ws[j].0];
        let plain = between.chars().all(|c| c.is_alphabetic() || c.is_whitespace())
            && ws[i + 1..j]
                .iter()
                .all(|&(a, b)| !lex.verbs.contains(&lower[a..b]) && &lower[a..b] != "by");
        if !plain {
            continue;
        }
        let Some(src) = noun_phrase_after(st, ws[j].1, lex) else { continue };
        if let Some(len) = someone_named(src.slice(st), lex) {
            out.push((Span::new(ps, ws[j].1), Span::new(src.start, src.start + len)));
        }
    }
    out
}

/// The length of the name at the start of `phrase`: up to the first word that names a body,
/// role or person (a capitalised name that is no weekday or month, or a source noun: "the
/// ministry", "health officials") and is not followed by another such word or a capital.
/// `None` when no word names anyone ("the end of July").
fn someone_named(phrase: &str, lex: &super::Lexicon) -> Option<usize> {
    let names = |word: &str| {
        let bare = trim_end_all(trim_end_all(word, "'s"), "’s");
        let lower = lowercase(bare);
        (bare.starts_with(char::is_uppercase)
            && !is_function_word(&lower)
            && super::dates::Weekday::parse(bare).is_none()
            && super::dates::parse_month(bare).is_none())
            || lex.source_heads.contains(lower.as_ref())
            || lex.source_nouns.contains(lower.as_ref())
            || lex.vague_sources.contains(lower.as_ref())
    };
    let ws: Vec<(usize, usize)> = words(phrase).collect();
    (0..ws.len()).find_map(|i| {
        let word = &phrase[ws[i].0..ws[i].1];
        let goes_on = ws.get(i + 1).is_some_and(|&(a, b)| {
            let next = &phrase[a..b];
            next.starts_with(char::is_uppercase) || names(next)
        });
        (names(word) && !goes_on).then_some(ws[i].1)
    })
}

fn word_bounded(s: &str, a: usize, b: usize) -> bool {
    !s[..a].ends_with(char::is_alphanumeric) && !s[b..].starts_with(char::is_alphanumeric)
}

/// The subject that opens a sentence: "The Trump administration on Wednesday gave …".
fn sentence_subject(s: &str, lex: &super::Lexicon) -> Option<Span> {
    let mut end = None;
    for (n, (ws, we)) in words(s).enumerate() {
        let w = &s[ws..we];
        let lw = lowercase(w);
        let gap = &s[end.unwrap_or(0)..ws];
        if n > 0 && gap.contains([',', ';', '(', ':']) {
            break;
        }
        let name = w.starts_with(char::is_uppercase) && !is_function_word(&lw) && super::dates::Weekday::parse(w).is_none();
        if name || lex.source_heads.contains(lw.as_ref()) || lex.vague_sources.contains(lw.as_ref()) {
            end = Some(we);
        } else if !(n == 0 && is_function_word(&lw)) {
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

/// "by the IAEA's own yardstick", "on the ministry's figures": a possessor with a source noun
/// after "by"/"on"/"under"/"in".
/// `toks` are the sentence's tokens (spans in the text).
fn possessive_sources(
    text: &str,
    a: &Analysis,
    lex: &super::Lexicon,
    span: Span,
    si: usize,
    toks: &[crate::text::Token],
    out: &mut Vec<Attribution>,
) {
    let st = span.slice(text);
    if find_str(st, "'s ").is_none() && find_str(st, "’s ").is_none() {
        return;
    }
    let ws: Vec<(usize, usize)> = toks
        .iter()
        .filter(|t| t.kind == crate::text::TokenKind::Word)
        .map(|t| (t.span.start - span.start, t.span.end - span.start))
        .collect();
    for (k, &(ns, ne)) in ws.iter().enumerate() {
        let w = &st[ns..ne];
        let known = if w.bytes().all(|b| b.is_ascii_lowercase()) {
            lex.source_nouns.contains(w)
        } else {
            lex.source_nouns.contains(w.to_lowercase().as_str())
        };
        if !known {
            continue;
        }
        // Back over one adjective ("own", "latest") to the possessive word.
        let mut j = k;
        while j > 0 && j + 2 >= k && !(st[..ws[j - 1].1].ends_with("'s") || st[..ws[j - 1].1].ends_with("’s")) {
            j -= 1;
        }
        if j == 0 || j + 2 < k {
            continue;
        }
        let poss = j - 1;
        // Walk back over the possessor's name ("the agency's", "the IAEA's") to the preposition.
        let is_prep = |b: usize| matches!(st[ws[b].0..ws[b].1].to_lowercase().as_str(), "by" | "on" | "under" | "in" | "from");
        let mut b = poss;
        while b > 0 && !is_prep(b) && poss - b < 7 && !st[ws[b - 1].1..ws[b].0].contains([',', ';', '(', ')']) {
            b -= 1;
        }
        if !is_prep(b) || b == poss {
            continue;
        }
        let src = Span::new(span.start + ws[b + 1].0, span.start + ne);
        let cue = Span::new(span.start + ws[b].0, span.start + ws[b].1);
        out.push(make(text, a, lex, cue, src, si));
    }
}

/// A table with a "Source" column sources the figures of each of its rows.
fn table_sources(text: &str, a: &Analysis, lex: &super::Lexicon, out: &mut Vec<Attribution>) {
    let mut column: Option<usize> = None;
    let mut prev_table = false;
    for (pi, p) in a.paragraphs.iter().enumerate() {
        if p.kind != ParagraphKind::TableCell {
            prev_table = false;
            column = None;
            continue;
        }
        let row = p.span.slice(text);
        let cells: Vec<(usize, &str)> = row
            .split('|')
            .scan(0usize, |pos, c| {
                let at = *pos;
                *pos += c.len() + 1;
                Some((at, c))
            })
            .collect();
        if !prev_table {
            // The header row names the columns.
            column = cells
                .iter()
                .position(|(_, c)| matches!(c.trim().to_lowercase().as_str(), "source" | "sources" | "source(s)"));
            prev_table = true;
            continue;
        }
        prev_table = true;
        let Some(col) = column else { continue };
        let Some(&(at, cell)) = cells.get(col) else { continue };
        let lead = cell.len() - cell.trim_start().len();
        let name = cell.trim();
        if name.is_empty() || name.chars().all(|c| matches!(c, '-' | ':')) {
            continue;
        }
        let src = Span::new(p.span.start + at + lead, p.span.start + at + lead + name.len());
        for (si, _) in a.sentences.iter().enumerate().filter(|(_, s)| s.paragraph == pi) {
            out.push(make(text, a, lex, src, src, si));
        }
    }
}

/// The noun phrase after a cue: up to the next clause break, at most 14 words.
fn noun_phrase_after(s: &str, from: usize, lex: &super::Lexicon) -> Option<Span> {
    let rest = &s[from..];
    let lead = rest.len() - rest.trim_start().len();
    let r = &rest[lead..];
    let mut end = r
        .find([',', '.', ';', ':', ')', '(', '"', '“', '”', '—', '?', '!'])
        .unwrap_or(r.len());
    // Trim trailing clauses: "... figures show that", "who said".
    for stop in [
        " that ",
        " which ",
        " who ",
        " show",
        " showed",
        " released ",
        " published ",
        " on ",
        " in 20",
        " last ",
    ] {
        if let Some(p) = r[..end].find(stop) {
            if p > 0 {
                end = p;
            }
        }
    }
    // The phrase ends before a verb of its own: "polled by the paper expected".
    if let Some((ws, _)) = words(&r[..end]).skip(1).find(|&(ws, we)| {
        lex.verbs.contains(r[ws..we].to_ascii_lowercase().as_str())
            || matches!(&r[ws..we], "had" | "has" | "have" | "was" | "were" | "is" | "are" | "will")
    }) {
        end = ws;
    }
    let phrase = r[..end].trim_end();
    let nwords = phrase.split_whitespace().count();
    (nwords > 0 && nwords <= 14).then(|| Span::new(from + lead, from + lead + phrase.len()))
}

/// The subject right before a speech verb: "Hua Chunying said", "the ministry said",
/// "Elizabeth Wishnick, a scientist at CNA, told AFP", "Beijing’s foreign ministry said".
/// `toks` are the sentence's tokens, `base` its start in the text (token spans are in the text,
/// `s` is the sentence).
fn subject_before(s: &str, verb_start: usize, lex: &super::Lexicon, toks: &[crate::text::Token], base: usize) -> Option<Span> {
    let before = &s[..verb_start];
    let trimmed = before.trim_end();
    // An adverb between subject and verb: "X also said", "X later told".
    let trimmed = strip_last_word_if(
        trimmed,
        &[
            "also",
            "later",
            "previously",
            "earlier",
            "has",
            "had",
            "have",
            "was",
            "were",
            "is",
            "separately",
            "recently",
            "reportedly",
            "then",
            "first",
            "already",
            "initially",
            "repeatedly",
            "publicly",
            "again",
            "still",
            "now",
            "today",
            "yesterday",
        ],
    );
    // A time between subject and verb: "the government on Sunday hailed", "X last week said".
    let trimmed = strip_time(trimmed);
    // A parenthesised acronym after the name: "the agency (BNPB) said".
    let trimmed = match trimmed.strip_suffix(')').and_then(|t| t.rfind('(').map(|o| &t[..o])) {
        Some(t) if trimmed.len() - t.len() <= 14 => t.trim_end(),
        _ => trimmed,
    };
    // Skip appositives: "Name, a role at Org, told", "Ana Silva, 34, a nurse, said".
    let mut t = trimmed;
    let mut skipped = false;
    while let Some(inner) = t.strip_suffix(',') {
        let Some(open) = inner.rfind(',') else {
            if skipped {
                t = inner;
                break;
            }
            return None;
        };
        let appos = inner[open + 1..].trim_start();
        // An appositive starts lowercase ("a scientist at CNA") or is an age ("34").
        if appos.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
            t = &inner[..=open];
            skipped = true;
            continue;
        }
        if skipped {
            t = inner;
            break;
        }
        // "Colombia's lead negotiator, Laura Restrepo, says": the name is the appositive.
        let n = appos.split_whitespace().count();
        let all_caps = appos.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
        if (1..=4).contains(&n) && all_caps {
            let at = inner.len() - appos.len();
            return Some(Span::new(at, at + appos.len()));
        }
        return None;
    }
    let end = t.len();
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
    // Walk back over words that can be part of a subject.
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
            return None;
        }
        let w = &region[ws..we];
        let lw = lowercase(w);
        if is_function_word(&lw) && !matches!(lw.as_ref(), "the" | "of" | "for" | "at" | "and") {
            if n == 0 && PRONOUNS.contains(&w) {
                return Some(Span::new(ws, we));
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
    // Don't end on a dangling "of"/"the"/"and".
    let mut phrase = &s[start..end];
    for lead in ["of ", "and ", "at ", "for "] {
        if let Some(p) = phrase.strip_prefix(lead) {
            phrase = p;
            start = end - phrase.len();
        }
    }
    // The span starts where the trimmed phrase does: after "of " more white space may follow
    // (a no-break or em space is several bytes).
    let unlead = phrase.trim_start();
    start += phrase.len() - unlead.len();
    let phrase = unlead.trim_end();
    if phrase.is_empty() || phrase.eq_ignore_ascii_case("the") {
        return None;
    }
    // A subject needs a noun: a capitalised word, a source noun, or a vague source.
    let lower = lowercase(phrase);
    let head = lower.split_whitespace().last().unwrap_or("");
    // The subject's last word decides: a name ("Anna Berg", "INEGI"), or a noun that names a
    // body or role ("the commission", "Parliament's negotiators"); not "mobility projects".
    // "a Parliament summary of the deal shows": the head stands before "of".
    let (phrase_head, head) = match find_str(phrase, " of ") {
        Some(p) if !lex.source_heads.contains(head) && !trim_end_all(head, "'s").is_empty() => {
            let h = phrase[..p].split_whitespace().last().unwrap_or("");
            (h, lowercase(h))
        }
        _ => (phrase.split_whitespace().last().unwrap_or(""), std::borrow::Cow::Borrowed(head)),
    };
    let head = head.as_ref();
    let head_raw = phrase_head;
    let head = trim_end_all(trim_end_all(head, "'s"), "’s");
    let ok = (head_raw.starts_with(char::is_uppercase)
        && !is_function_word(head)
        && super::dates::Weekday::parse(head_raw).is_none()
        && super::dates::parse_month(head_raw).is_none())
        || lex.source_nouns.contains(head)
        || lex.vague_sources.contains(head)
        || lex.source_heads.contains(head)
        || lex
            .source_heads
            .iter()
            .any(|h| head.len() > h.len() + 2 && head.ends_with(h.as_str()));
    ok.then(|| Span::new(start, start + phrase.len()))
}

/// The subject after an inverted verb: "said Hua Chunying", "said the ministry".
fn subject_after(s: &str, verb_end: usize) -> Option<Span> {
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
    if capital && (super::dates::Weekday::parse(first).is_some() || super::dates::parse_month(first).is_some()) {
        return None;
    }
    Some(Span::new(verb_end + lead, verb_end + lead + phrase.len()))
}

/// Drops a trailing time adverbial: "on Sunday", "last week", "on Tuesday evening", "today".
fn strip_time(s: &str) -> &str {
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
    let is_time = |w: &str| {
        super::dates::Weekday::parse(w).is_some()
            || matches!(
                w,
                "today" | "yesterday" | "week" | "month" | "year" | "morning" | "evening" | "afternoon" | "night"
            )
    };
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

fn strip_last_word_if<'a>(s: &'a str, words: &[&str]) -> &'a str {
    let t = s.trim_end();
    for w in words {
        if let Some(p) = t.strip_suffix(w)
            && p.ends_with(' ')
        {
            return p.trim_end();
        }
    }
    t
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "as"
            | "by"
            | "with"
            | "from"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "this"
            | "these"
            | "those"
            | "there"
            | "not"
            | "also"
            | "when"
            | "while"
            | "if"
            | "than"
            | "after"
            | "before"
            | "since"
            | "so"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "can"
            | "should"
            | "what"
            | "how"
            | "why"
            | "where"
    )
}

/// Gives each figure its source: its quote's speaker, else an attribution of its sentence
/// whose scope covers it. A subject-verb cue in the middle of a sentence ("… even as one
/// member argued …") covers what follows the verb; one set off by a comma (", the bank
/// said") or opening the sentence covers the whole sentence.
pub(super) fn assign_sources(text: &str, a: &mut Analysis) {
    let mut figures = std::mem::take(&mut a.figures);
    for f in &mut figures {
        let from_quote = f.quote.and_then(|q| a.quotes[q].speaker.clone());
        f.source = from_quote.or_else(|| {
            let sentence_start = a.sentences[f.sentence].span.start;
            let covers = |x: &&super::Attribution| {
                let subject_first = x.source.span.end <= x.cue.start;
                if !subject_first || f.span.start >= x.source.span.start {
                    return true;
                }
                let before = text[sentence_start..x.source.span.start].trim_end();
                if before.is_empty() || before.ends_with([',', '—', '–', ';', ':']) {
                    return true;
                }
                // ", a 2024 study by the World Bank found": a few words after the last comma,
                // none of them opening a subordinate clause ("even as one member … argued").
                let Some(comma) = before.rfind([',', '—', '–', ';']) else {
                    return false;
                };
                let lead: Vec<&str> = before[comma..]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                lead.len() <= 5
                    && !lead.iter().any(|w| {
                        matches!(
                            w.to_lowercase().as_str(),
                            "as" | "while"
                                | "when"
                                | "because"
                                | "after"
                                | "before"
                                | "if"
                                | "although"
                                | "even"
                                | "since"
                                | "that"
                                | "which"
                                | "who"
                                | "whom"
                                | "where"
                                | "what"
                                | "and"
                                | "but"
                        )
                    })
            };
            // Prefer a named source over a vague one in the same sentence.
            let mut in_sentence = a.attributions_in(f.sentence).iter().filter(|x| !x.quote_only).filter(covers);
            let first = in_sentence.clone().find(|x| !x.source.vague).or_else(|| in_sentence.next());
            first.map(|x| x.source.clone())
        });
    }
    a.figures = figures;
}

#[cfg(test)]
mod tests {
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;
    use std::sync::Arc;

    fn sources(body: &str) -> Vec<(String, bool)> {
        let text = format!("Headline\n{body}");
        let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
        a.attributions.iter().map(|x| (x.source.text.clone(), x.source.vague)).collect()
    }

    #[test]
    fn a_subject_after_of_and_a_wide_space_starts_at_its_word() {
        // The span was the phrase's length from the space after "of": an em space is three
        // bytes, so it ended inside 'É'.
        for space in [" ", "\u{2003}", "\u{a0}", "\u{202f}"] {
            let body = format!("Nobody knew that of {space}Élodie Brun said 5 people died.");
            let text = format!("Headline\n{body}");
            let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
            let src = a
                .attributions
                .iter()
                .map(|x| x.source.span)
                .find(|s| s.slice(&text).contains("Brun"));
            assert_eq!(src.map(|s| text.get(s.start..s.end)), Some(Some("Élodie Brun")), "{body:?}");
        }
    }

    /// The source that sources `figure` in `body`, if any.
    fn source_of(body: &str, figure: &str) -> Option<(String, bool)> {
        let text = format!("Headline\n{body}");
        let a = analyze(&text, &Context::new(KnowledgeBase::embedded()));
        let f = a
            .figures
            .iter()
            .find(|f| f.span.slice(&text) == figure)
            .unwrap_or_else(|| panic!("{figure} in {body}"));
        f.source.as_ref().map(|s| (s.text.clone(), s.vague))
    }

    #[test]
    fn sources_of_figures() {
        let named = |body: &str, fig: &str, src: &str| assert_eq!(source_of(body, fig), Some((src.to_string(), false)), "{body}");
        let vague = |body: &str, fig: &str| assert!(source_of(body, fig).is_some_and(|s| s.1), "{body}: {:?}", source_of(body, fig));
        let none = |body: &str, fig: &str| assert_eq!(source_of(body, fig), None, "{body}");
        named(
            "Exports rose 5 percent, according to the customs office.",
            "5 percent",
            "the customs office",
        );
        named("Anna Berg said exports rose 5 percent.", "5 percent", "Anna Berg");
        named("Exports rose 5 percent, Anna Berg said.", "5 percent", "Anna Berg");
        named("Exports rose 5 percent, said Anna Berg.", "5 percent", "Anna Berg");
        named("Exports rose 5 percent, the ministry says.", "5 percent", "the ministry");
        named("Anna Berg told reporters that exports rose 5 percent.", "5 percent", "Anna Berg");
        named("The agency reported that exports rose 5 percent.", "5 percent", "The agency");
        named("The central bank estimated growth at 2 percent.", "2 percent", "The central bank");
        named("The ministry announced a $2 billion plan.", "$2 billion", "The ministry");
        named(
            "Exports rose 5 percent, as per the statistics office.",
            "5 percent",
            "the statistics office",
        );
        named(
            "Exports rose 5 percent, data from the customs office show.",
            "5 percent",
            "the customs office",
        );
        named("Exports rose 5 percent, data released by Eurostat show.", "5 percent", "Eurostat");
        named(
            "Exports rose 5 percent, figures published by the ministry show.",
            "5 percent",
            "the ministry",
        );
        named(
            "The ministry's figures show exports rose 5 percent.",
            "5 percent",
            "The ministry's figures",
        );
        named("Exports rose 5 percent, citing customs data.", "5 percent", "customs data");
        named("Exports rose 5 percent (Source: Eurostat).", "5 percent", "Eurostat");
        named("Exports rose 5 percent, as reported by Eurostat.", "5 percent", "Eurostat");
        named(
            "The 210 deaths recorded so far by the NDMA make this the worst season.",
            "210",
            "the NDMA",
        );
        named(
            "Exports rose 5 percent, figures published last week by the statistics office show.",
            "5 percent",
            "the statistics office",
        );
        none("The 210 deaths recorded so far by Tuesday make this the worst season.", "210");
        // A time after "by" is no source.
        let by_july = source_of("Cases recorded in the camps by the end of July reached 1,200.", "1,200");
        assert!(by_july.as_ref().is_none_or(|(s, _)| !s.contains("July")), "{by_july:?}");
        named("By the agency's own count, 40 people died.", "40", "the agency's own count");
        named(
            "At least 34 people died, the disaster agency (BNPB) said on Tuesday.",
            "34",
            "the disaster agency",
        );
        named("The commission on Sunday said 56 percent voted.", "56 percent", "The commission");
        named("The USGS put the magnitude at 6.1.", "6.1", "The USGS");
        named(
            "Colombia's negotiator, Laura Restrepo, says 80 countries agree.",
            "80",
            "Laura Restrepo",
        );
        named(
            "The cost is 40 million rupiah, a 2024 study by the World Bank found.",
            "40 million rupiah",
            "the World Bank",
        );
        named(
            "The administration responded, saying Iran had 480 kilograms of uranium.",
            "480 kilograms",
            "The administration",
        );
        named(
            "Turnout was 76 percent, the electoral commission said.",
            "76 percent",
            "the electoral commission",
        );
        named("Ana Silva, 34, a nurse at the hospital, said 12 patients died.", "12", "Ana Silva");
        named(
            "Yields fell 40 percent, the national grain association said on Wednesday.",
            "40 percent",
            "the national grain association",
        );
        vague("Analysts expect food prices to rise 6 percent.", "6 percent");
        vague("Prices will rise 5 percent, analysts say.", "5 percent");
        vague("Some reports say 300 people died.", "300");
        vague("Experts estimate the cost at $4 billion.", "$4 billion");
        vague("Officials said 20 people were hurt.", "20");
        vague("Aid agencies say the camps hold about 300,000 people.", "300,000");
        none("Exports rose 5 percent last year.", "5 percent");
        none("The peso weakened 0.4% to 17.62 per dollar.", "0.4%");
        none("Her cabinet put a price on it: a 23.1 trillion yen package.", "23.1 trillion yen");
        none("At least six people are believed to be trapped.", "six");
        none("The economy grew 0.8%, well short of the government's forecast.", "0.8%");
        none("The mobility projects receive €1.9bn.", "€1.9bn");
        none(
            "The bank cut rates by 25 basis points, even as one member of its board argued for a pause.",
            "25 basis points",
        );
        none("The government hailed the $3 billion deal.", "$3 billion");
        none("The United States struck three nuclear sites.", "three");
        none("Growth is expected to reach 3 percent.", "3 percent");
        named(
            "The decision, which 19 of 22 economists polled by the paper expected, passed by a 4-1 vote.",
            "19 of 22",
            "the paper",
        );
        named("Anna Berg, who heads the office, said 40 people died.", "40", "Anna Berg");
        none(
            "Indonesia, an archipelago of 17,000 islands, records thousands of quakes a year.",
            "17,000",
        );
        named("China said trade reached $240 billion.", "$240 billion", "China");
    }

    #[test]
    fn extra_cues_from_configuration() {
        let text = "Headline\nThe ministry intimated that 40 people died. In the estimation of the port, 12 ships left.";
        let mut ctx = Context::new(Arc::new(KnowledgeBase::empty()));
        let a = analyze(text, &ctx);
        assert!(a.figures.iter().all(|f| f.source.is_none()));
        ctx.lexicon = crate::extract::Lexicon::with_extra_cues(&["intimated".into()], &["in the estimation of".into()]);
        let a = analyze(text, &ctx);
        let got: Vec<_> = a.figures.iter().map(|f| f.source.as_ref().map(|s| s.text.as_str())).collect();
        assert_eq!(got, [Some("The ministry"), Some("the port")]);
    }

    #[test]
    fn a_dateline_agency_is_not_a_source() {
        let text = "Headline\nLAGOS (Reuters) — The bank raised rates by 2 percentage points.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        assert_eq!(a.figures[0].source, None);
    }

    #[test]
    fn sources_resolve_to_entity_mentions() {
        let text = "Headline\nExports rose 5 percent, according to the United Nations.";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        let src = a.figures[0].source.as_ref().unwrap();
        let e = src.entity.map(|e| a.entities[e].name.as_str());
        assert_eq!(e, Some("United Nations"), "{:?}", a.entities);
    }

    #[test]
    fn cue_styles() {
        assert_eq!(
            sources("Trade hit $240 billion, according to Chinese customs figures."),
            [("Chinese customs figures".to_string(), false)]
        );
        assert_eq!(
            sources("The ministry said the deal was worth $3 billion."),
            [("The ministry".to_string(), false)]
        );
        assert_eq!(
            sources("The visit will last two days, foreign ministry spokeswoman Hua Chunying said."),
            [("foreign ministry spokeswoman Hua Chunying".to_string(), false)]
        );
        assert_eq!(
            sources("“We are worried,” Elizabeth Wishnick, a scientist at CNA, told AFP."),
            [("Elizabeth Wishnick".to_string(), false)]
        );
        assert_eq!(sources("The toll rose to 30, said Anna Berg."), [("Anna Berg".to_string(), false)]);
        assert_eq!(
            sources("Prices will rise 5 percent, analysts say."),
            [("analysts".to_string(), true)]
        );
        assert_eq!(
            sources("Output fell 3 percent, as per the statistics office."),
            [("the statistics office".to_string(), false)]
        );
        assert!(sources("Output fell 3 percent last year.").is_empty());
        assert_eq!(sources("The ministry briefed reporters on the $2 billion plan.").len(), 1);
    }
}
