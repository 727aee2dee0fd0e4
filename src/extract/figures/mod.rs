//! Figures: every number-bearing expression with its kind, normalised value, unit and
//! qualifier, and whether a fact-checker would want a source for it.
//!
//! A hand-written scanner over each sentence's tokens: a numeric core (digits or number
//! words), what stands before it (currency symbol, qualifier, "magnitude") and after it
//! (scale word, currency word, percent, unit, month), all from `data/lexicon`. This file walks
//! the sentences and joins compound figures; `digits` reads a core of digits, `spelled` one of
//! number words, `tail` what follows a core, `checkworthy` which figures need a source.
//! Written dates are read by `super::dates`, sources assigned by `super::attribution`.

mod checkworthy;
mod digits;
mod spelled;
mod tail;
#[cfg(test)]
mod tests;

use serde::Deserialize;

use super::dates;
use super::{Analysis, CalendarDate, Context, Figure, FigureKind, Lexicon};
use crate::text::{Paragraph, Sentence, SentenceTokens, Span, Token, TokenKind, lowercase};

/// The words of `data/lexicon/figures.toml`: what the scanner reads around a number.
#[derive(Debug, Deserialize)]
pub struct FigureWords {
    /// Words after a number that make it a clock time ("10 a.m.", "14:00 GMT").
    clock_words: Vec<String>,
    /// Words after a count that are not the noun it counts ("5,000 of", "3 in").
    not_count_nouns: Vec<String>,
    /// Nouns after an ordinal that count a part of the event, not a record ("the first day").
    event_parts: Vec<String>,
    /// Words before an ordinal with a noun that make it rank something ("the fourth meeting").
    ranking_determiners: Vec<String>,
    /// Words after "the first half of" that name a whole calendar span ("the year").
    calendar_spans: Vec<String>,
}

impl FigureWords {
    /// Parses `data/lexicon/figures.toml` (compiled in; a failure is a build defect).
    pub fn load() -> FigureWords {
        toml::from_str(include_str!("../../../data/lexicon/figures.toml")).expect("data/lexicon/figures.toml is valid")
    }
}

/// Every figure of the article in text order, before [`finish`]. It reads the text, its
/// sentences and their tokens only (no entities).
pub(super) fn scan(text: &str, lex: &Lexicon, sentences: &[Sentence], paragraphs: &[Paragraph], tokens: &SentenceTokens) -> Vec<Figure> {
    let mut out = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        let toks = tokens.of(si);
        let para = paragraphs[sentence.paragraph];
        let mut scan = Scanner {
            text,
            lex,
            toks,
            sentence: sentence.span,
            si,
            out: &mut out,
        };
        let mut i = 0;
        while i < toks.len() {
            // A list item's own number ("1. First point", "- 1.Le Monde", "2) Next") is not
            // a figure.
            if toks[i].kind == TokenKind::Number && sentence.span.start == para.span.start && is_list_number(text, toks, i) {
                i += 1;
                continue;
            }
            i = scan.at(i).unwrap_or(i + 1);
        }
    }
    out.sort_by_key(|f| f.span.start);
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    merge_compounds(text, &mut out);
    out
}

/// Gives the figures [`scan`] found their quote and check-worthiness.
pub(super) fn finish(text: &str, ctx: &Context, a: &Analysis, out: &mut [Figure]) {
    let lex = &*ctx.lexicon;
    // Quotes are sorted by their opening mark; when none overlaps the next, only the last one
    // opening before a figure can hold it (a binary search, not a scan of every quote).
    let quotes = &a.quotes;
    let disjoint = quotes.windows(2).all(|w| w[0].outer.end <= w[1].outer.start);
    for f in out.iter_mut() {
        // Only a statement makes its speaker the figure's source; scare quotes do not.
        let holds = |q: &super::Quote| q.statement && q.span.covers(f.span);
        f.quote = if disjoint {
            let k = quotes.partition_point(|q| q.outer.start <= f.span.start);
            k.checked_sub(1).filter(|&k| holds(&quotes[k]))
        } else {
            quotes.iter().position(holds)
        };
        f.checkworthy = checkworthy::is_checkworthy(f, text, a, lex);
    }
}

/// The scan of one sentence: the figures found so far go to `out`.
struct Scanner<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    toks: &'a [Token],
    sentence: Span,
    si: usize,
    out: &'a mut Vec<Figure>,
}

impl<'a> Scanner<'a> {
    fn tok(&self, i: usize) -> &'a str {
        self.toks[i].span.slice(self.text)
    }

    /// Tries a figure at token `i`; returns the next token index when one was taken.
    fn at(&mut self, i: usize) -> Option<usize> {
        match self.toks[i].kind {
            TokenKind::Number => self.number(i),
            TokenKind::Word => self.date(i).or_else(|| self.stuck_money(i)).or_else(|| self.number_words(i)),
            TokenKind::Punct => None,
        }
    }

    /// The index of the first token that starts at or after `offset`.
    fn next_token_after(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < offset)
    }

    /// The rest of the sentence from `offset`.
    fn rest(&self, offset: usize) -> &'a str {
        &self.text[offset..self.sentence.end]
    }

    fn push(&mut self, span: Span, kind: FigureKind, value: Option<f64>, unit: Option<String>, precision: u8) {
        let qualifier = qualifier_before(self.text, self.sentence.start, span.start, self.lex);
        self.out.push(Figure {
            span,
            kind,
            value,
            unit,
            qualifier,
            precision,
            step: 0.0,
            sentence: self.si,
            checkworthy: false,
            date: None,
            weekday: None,
            quote: None,
            source: None,
        });
    }

    /// A date figure, with the weekday written beside it when there is one.
    fn push_date(&mut self, span: Span, date: CalendarDate) {
        self.push(span, FigureKind::Date, None, None, 0);
        let weekday = dates::weekday_beside(self.text, self.sentence, span);
        let f = self.last();
        f.date = Some(date);
        f.weekday = weekday;
    }

    fn last(&mut self) -> &mut Figure {
        let n = self.out.len() - 1;
        &mut self.out[n]
    }

    /// Month Day[-Day][, Year] or Month Year, with a weekday beside it.
    fn date(&mut self, i: usize) -> Option<usize> {
        let (span, date) = dates::month_first_at(self.text, &self.lex.dates, self.sentence, self.toks, i)?;
        self.push_date(span, date);
        Some(self.next_token_after(span.end))
    }
}

/// Joins neighbouring figures that state one quantity: "19 of 22", "4-1", "three in four",
/// "2014 to 2020", "2.3–2.5C", "the first 36 hours".
fn merge_compounds(text: &str, out: &mut Vec<Figure>) {
    // `out[..=i]` are the figures kept so far; each next one `out[j]` merges into `out[i]` or
    // moves up to `out[i + 1]` (no `Vec::remove`, which shifts every later figure).
    let mut i = 0;
    for j in 1..out.len() {
        let merged = (out[i].sentence == out[j].sentence)
            .then(|| compound(text, &out[i], &out[j]))
            .flatten();
        if let Some((kind, value, unit)) = merged {
            let end = out[j].span.end;
            let f = &mut out[i];
            f.span = Span::new(f.span.start, end);
            f.kind = kind;
            f.value = value;
            f.unit = unit;
            continue;
        }
        i += 1;
        if i != j {
            out.swap(i, j);
        }
    }
    out.truncate(i + 1);
}

/// The kind, value and unit of figure `a` and the next figure `b` of its sentence read as one.
fn compound(text: &str, a: &Figure, b: &Figure) -> Option<(FigureKind, Option<f64>, Option<String>)> {
    let gap = &text[a.span.end..b.span.start];
    let digits = |f: &Figure| f.span.slice(text).starts_with(|c: char| c.is_ascii_digit());
    match (a.kind, b.kind) {
        // "19 of 22 economists", "4-1 vote": one count.
        (FigureKind::Count, FigureKind::Count) if digits(a) && digits(b) && (gap == " of " || gap == "-" || gap == "–") => {
            Some((FigureKind::Count, a.value, b.unit.clone().or(a.unit.clone())))
        }
        // "three in four voters": a proportion.
        (FigureKind::Count, FigureKind::Count) if gap == " in " && a.value.zip(b.value).is_some_and(|(x, y)| x < y && y <= 10.0) => Some((
            FigureKind::Percent,
            a.value.zip(b.value).map(|(x, y)| 100.0 * x / y),
            Some("%".into()),
        )),
        // "2014 to 2020", "2021-2027": one period.
        (FigureKind::Year, FigureKind::Year) if matches!(gap, "-" | "–" | " to " | " until " | " through " | " and ") => {
            Some((FigureKind::Year, a.value, None))
        }
        // "2.3–2.5C": a range in the unit of its upper end.
        (FigureKind::Count, FigureKind::Measure | FigureKind::Percent | FigureKind::Money) if digits(a) && (gap == "-" || gap == "–") => {
            Some((b.kind, b.value, b.unit.clone()))
        }
        // "24조6000억 원": a CJK number written in parts, the larger scale first.
        (FigureKind::Count, FigureKind::Count | FigureKind::Money)
            if gap.is_empty() && digits(b) && a.span.slice(text).ends_with(is_cjk_scale) && a.value > b.value =>
        {
            Some((b.kind, a.value.zip(b.value).map(|(x, y)| x + y), b.unit.clone()))
        }
        // "the first 36 hours": one stretch of time.
        (FigureKind::Ordinal, FigureKind::Duration) if gap == " " => Some((FigureKind::Duration, b.value, b.unit.clone())),
        _ => None,
    }
}

/// Token `i` numbers a list item: only bullets before it, and "." or ")" right after it
/// (not a decimal point).
fn is_list_number(text: &str, toks: &[Token], i: usize) -> bool {
    let t = toks[i];
    let raw = t.span.slice(text);
    if t.kind != TokenKind::Number || raw.len() > 3 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let bullets_only = toks[..i]
        .iter()
        .all(|b| b.kind == TokenKind::Punct && matches!(b.span.slice(text), "-" | "*" | "+" | "•" | "–" | "#"));
    let after = &text[t.span.end..];
    bullets_only && after.starts_with(['.', ')']) && !after[1..].starts_with(|c: char| c.is_ascii_digit())
}

fn is_cjk_scale(c: char) -> bool {
    matches!(c, '万' | '億' | '亿' | '억' | '조' | '兆' | '千' | '만')
}

/// Significant digits as written: "240" → 2, "240.1" → 4, "3,200" → 2, "0.05" → 1.
fn significant_digits(digits: &str) -> u8 {
    // Leading zeros never count, trailing zeros only after a decimal point.
    let mut leading = true;
    let (mut n, mut trailing_zeros) = (0usize, 0usize);
    for b in digits.bytes().filter(u8::is_ascii_digit) {
        if leading && b == b'0' {
            continue;
        }
        leading = false;
        n += 1;
        trailing_zeros = if b == b'0' { trailing_zeros + 1 } else { 0 };
    }
    if !digits.contains('.') {
        n -= trailing_zeros;
    }
    n.max(1) as u8
}

/// True when `s` starts with `w` and `w` is not the start of a longer word.
fn starts_with_word(s: &str, w: &str) -> bool {
    s.starts_with(w) && (!s[w.len()..].starts_with(|c: char| c.is_alphanumeric()) || w.ends_with('.'))
}

/// The qualifier right before a figure ("about", "more than"), lowercased.
fn qualifier_before(text: &str, sentence_start: usize, start: usize, lex: &Lexicon) -> Option<String> {
    let before = text[sentence_start..start].trim_end();
    // A qualifier ends with its last word or symbol: most words before a number ("to", "the")
    // end none, and need no search.
    let last = before.chars().next_back()?;
    if last.is_ascii_alphabetic() {
        let run = before.len() - before.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
        let non_ascii_letter_before = before[..run].chars().next_back().is_some_and(char::is_alphabetic);
        if !non_ascii_letter_before && !lex.qualifier_last_words.contains(&lowercase(&before[run..])) {
            return None;
        }
    } else if !last.is_alphabetic() && !lex.qualifier_last_symbols.contains(&last) {
        return None;
    }
    // Only the end can hold a qualifier: lowercase the last few dozen bytes (and one more
    // character, to see what precedes the longest qualifier), not the whole sentence so far.
    let longest = lex.qualifiers.first().map_or(0, String::len);
    let mut from = before.len().saturating_sub(longest + 8);
    while !before.is_char_boundary(from) {
        from -= 1;
    }
    let lower = before[from..].to_lowercase();
    lex.qualifiers
        .iter()
        .find(|q| lower.ends_with(q.as_str()) && !lower[..lower.len() - q.len()].ends_with(|c: char| c.is_alphanumeric()))
        .cloned()
}
