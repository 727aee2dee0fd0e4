//! Cues that stand before their source: phrases ("according to", "citing", "data from"),
//! participles with "by" ("recorded so far by the NDMA"), possessives ("by the agency's own
//! count"), "(Source: X)" and a table's "Source" column.

use super::{SentenceCues, find_str, is_function_word, make, word_bounded, words};
use crate::extract::{Analysis, Attribution, Lexicon, dates};
use crate::text::{ParagraphKind, Span, lowercase, trim_end_all};

impl SentenceCues<'_> {
    /// The cues of this sentence that stand before their source.
    pub(super) fn phrase_cues(&self, out: &mut Vec<Attribution>) {
        let (st, lex) = (self.st, self.lex);
        // Phrases before the source: "according to the ministry" (one automaton pass).
        for m in lex.before_source_matcher.find_overlapping_iter(st) {
            let (at, end) = (m.start(), m.end());
            if !word_bounded(&self.lower, at, end) {
                continue;
            }
            if let Some(src) = noun_phrase_after(st, end, lex) {
                out.push(self.attribution(Span::new(at, end), src));
            }
        }
        // "recorded so far by the NDMA": a participle cue with a short adverbial inside.
        for (cue, src) in split_by_cues(st, &self.lower, lex) {
            out.push(self.attribution(cue, src));
        }
        // "by the agency's own yardstick", "on the ministry's figures".
        possessive_sources(self, out);
        // "(Source: X)"
        if let Some(at) = find_str(st, "Source:").or_else(|| find_str(st, "Sources:")) {
            let colon = at + st[at..].find(':').unwrap_or(0) + 1;
            if let Some(src) = noun_phrase_after(st, colon, lex) {
                out.push(self.attribution(Span::new(at, colon), src));
            }
        }
    }
}

/// Cues of the form "<participle> by" ("recorded by", "compiled by") with up to three words
/// between the two ("recorded so far by the NDMA", "published last week by the ministry"),
/// as (cue, source) spans in the sentence. The source must name someone: not "by Tuesday" or
/// "by the end of July". (Without words between, the phrase itself is a cue already.)
fn split_by_cues(st: &str, lower: &str, lex: &Lexicon) -> Vec<(Span, Span)> {
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
fn someone_named(phrase: &str, lex: &Lexicon) -> Option<usize> {
    let names = |word: &str| {
        let bare = trim_end_all(trim_end_all(word, "'s"), "’s");
        let lower = lowercase(bare);
        (bare.starts_with(char::is_uppercase)
            && !is_function_word(lex, &lower)
            && dates::Weekday::parse(bare).is_none()
            && lex.dates.month(bare).is_none())
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

/// "by the IAEA's own yardstick", "on the ministry's figures": a possessor with a source noun
/// after "by"/"on"/"under"/"in".
fn possessive_sources(sentence: &SentenceCues<'_>, out: &mut Vec<Attribution>) {
    let (st, lex) = (sentence.st, sentence.lex);
    if find_str(st, "'s ").is_none() && find_str(st, "’s ").is_none() {
        return;
    }
    let ws: Vec<(usize, usize)> = sentence.word_ranges().collect();
    for (k, &(ns, ne)) in ws.iter().enumerate() {
        let w = &st[ns..ne];
        if !lex.source_nouns.contains(&lowercase(w)) {
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
        out.push(sentence.attribution(Span::new(ws[b].0, ws[b].1), Span::new(ws[b + 1].0, ne)));
    }
}

/// A table with a "Source" column sources the figures of each of its rows.
pub(super) fn table_sources(text: &str, a: &Analysis, lex: &Lexicon, out: &mut Vec<Attribution>) {
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
fn noun_phrase_after(s: &str, from: usize, lex: &Lexicon) -> Option<Span> {
    let rest = &s[from..];
    let lead = rest.len() - rest.trim_start().len();
    let r = &rest[lead..];
    let mut end = r
        .find([',', '.', ';', ':', ')', '(', '"', '“', '”', '—', '?', '!'])
        .unwrap_or(r.len());
    // Trim trailing clauses: "... figures show that", "who said".
    for stop in &lex.clauses.phrase_ends {
        if let Some(p) = r[..end].find(stop) {
            if p > 0 {
                end = p;
            }
        }
    }
    // The phrase ends before a verb of its own: "polled by the paper expected".
    if let Some((ws, _)) = words(&r[..end]).skip(1).find(|&(ws, we)| {
        lex.verbs.contains(r[ws..we].to_ascii_lowercase().as_str()) || lex.clauses.auxiliaries.iter().any(|x| x == &r[ws..we])
    }) {
        end = ws;
    }
    let phrase = r[..end].trim_end();
    let nwords = phrase.split_whitespace().count();
    (nwords > 0 && nwords <= 14).then(|| Span::new(from + lead, from + lead + phrase.len()))
}
