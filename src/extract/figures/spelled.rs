//! Figures spelled in words: "forty-two", "two hundred thousand", "a dozen", "dozens of",
//! ordinals ("third", "second-largest"), fractions ("a quarter"), fractions of a point ("a
//! quarter-point"), hyphenated durations ("two-day"), "mid-2022", "once", "twice".

use std::ops::ControlFlow;

use super::{Scanner, starts_with_word};
use crate::extract::{FigureKind, Lexicon, dates};
use crate::text::{Span, lowercase};

/// Words that start a spelled figure without being a number ("mid-2020", "magnitude-six").
const NUMBER_PREFIXES: [&str; 4] = ["mid", "early", "late", "magnitude"];

/// What a spelled-number reader decided: `Break(next)` ends the search at this word (`next`
/// the token to go on from, `None`: no figure here), `Continue` lets the next reader try.
type Decision = ControlFlow<Option<usize>>;

impl Scanner<'_> {
    /// A figure whose core is spelled in words, at token `i`.
    pub(super) fn number_words(&mut self, i: usize) -> Option<usize> {
        let word = self.tok(i);
        if !starts_number_word(word, self.lex) {
            return None;
        }
        let lower = lowercase(word).into_owned();
        // The phrase lists are read only when the word starts one of their phrases.
        let rest = self.rest(self.toks[i].span.start);
        let run = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        let may_start_phrase = self.lex.number_phrase_keys.contains(&rest[..run].to_ascii_lowercase());
        if may_start_phrase && let Some(next) = self.point_phrase(i) {
            return Some(next);
        }
        if let Some(next) = self.prefixed_year(i, &lower).or_else(|| self.magnitude(i, &lower)) {
            return Some(next);
        }
        if may_start_phrase && let ControlFlow::Break(next) = self.number_phrase(i) {
            return next;
        }
        if let ControlFlow::Break(next) = self.ordinal(i, &lower) {
            return next;
        }
        if lower == "once" || lower == "twice" {
            let v = if lower == "once" { 1.0 } else { 2.0 };
            self.push(self.toks[i].span, FigureKind::Count, Some(v), Some("times".into()), 0);
            return Some(i + 1);
        }
        self.cardinal(i, &lower)
    }

    /// Whether the text at `start` begins with `phrase` (ASCII case-insensitive), followed by
    /// no letter, digit or hyphen.
    fn phrase_at(&self, start: usize, phrase: &str) -> bool {
        let rest = self.rest(start);
        rest.len() >= phrase.len()
            && rest.is_char_boundary(phrase.len())
            && rest[..phrase.len()].eq_ignore_ascii_case(phrase)
            && !rest[phrase.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '‑')
    }

    /// Fractions of a point: "a quarter-point cut", "half a percentage point".
    fn point_phrase(&mut self, i: usize) -> Option<usize> {
        let start = self.toks[i].span.start;
        let (p, v) = self.lex.point_phrases.iter().find(|(p, _)| self.phrase_at(start, p))?;
        let end = start + p.len();
        let unit = if p.contains("percent") && !p.contains("percentage") {
            "%"
        } else {
            "pp"
        };
        self.push(Span::new(start, end), FigureKind::Percent, Some(*v), Some(unit.into()), 1);
        Some(self.next_token_after(end))
    }

    /// "mid-2022", "early-2023", "late-2024" read as the year.
    fn prefixed_year(&mut self, i: usize, lower: &str) -> Option<usize> {
        let y = ["mid-", "early-", "late-"].iter().find_map(|p| lower.strip_prefix(p))?;
        let v = y.parse::<u16>().ok().filter(|v| y.len() == 4 && (1800..=2100).contains(v))?;
        self.push(self.toks[i].span, FigureKind::Year, Some(f64::from(v)), None, 4);
        Some(i + 1)
    }

    /// "magnitude-six".
    fn magnitude(&mut self, i: usize, lower: &str) -> Option<usize> {
        let v = *self.lex.number_units.get(lower.strip_prefix("magnitude-")?)?;
        self.push(self.toks[i].span, FigureKind::Measure, Some(v), Some("magnitude".into()), 1);
        Some(i + 1)
    }

    /// Fixed phrases ("a dozen", "half a dozen"), fractions ("a quarter", "two-thirds") and
    /// vague numbers ("thousands of").
    fn number_phrase(&mut self, i: usize) -> Decision {
        let lex = self.lex;
        let start = self.toks[i].span.start;
        if let Some((p, v)) = lex.fixed_numbers.iter().find(|(p, _)| self.phrase_at(start, p)) {
            let end = start + p.len();
            let (end, kind, unit, scale) = match self.tail(end, false) {
                Some(tl) => (tl.end, tl.kind, tl.unit, tl.scale),
                None => (end, FigureKind::Count, self.count_noun(end), 1.0),
            };
            self.push(Span::new(start, end), kind, Some(v * scale), unit, 2);
            return ControlFlow::Break(Some(self.next_token_after(end)));
        }
        if let Some((p, v)) = lex.fractions.iter().find(|(p, _)| self.phrase_at(start, p)) {
            return ControlFlow::Break(self.fraction(start, p, *v));
        }
        if let Some(p) = lex.vague_numbers.iter().find(|p| self.phrase_at(start, p)) {
            let end = start + p.len();
            // "thousands of people", not "two thousand" (taken as a number).
            let unit = self.text[end..]
                .trim_start()
                .strip_prefix("of ")
                .and_then(|_| self.count_noun(end + self.text[end..].find("of ").unwrap_or(0) + 3));
            self.push(Span::new(start, end), FigureKind::Count, None, unit, 0);
            return ControlFlow::Break(Some(self.next_token_after(end)));
        }
        ControlFlow::Continue(())
    }

    /// The fraction `p` of value `v` at `start`, a share: "a third of voters" (but "a third
    /// straight quarter" ranks, and "half" alone is a share only before "of").
    fn fraction(&mut self, start: usize, p: &str, v: f64) -> Option<usize> {
        let end = start + p.len();
        let next: String = self.rest(end).trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
        if self.lex.ordinal_after.contains(next.as_str()) {
            return None;
        }
        if p != "half" || self.text[end..].trim_start().starts_with("of ") {
            self.push(Span::new(start, end), FigureKind::Percent, Some(v), Some("%".into()), 2);
            return Some(self.next_token_after(end));
        }
        None
    }

    /// Ordinals, also hyphenated ("second-largest"), and the parts of the calendar they
    /// start ("the first half of March", "the third quarter").
    fn ordinal(&mut self, i: usize, lower: &str) -> Decision {
        let t = self.toks[i];
        let head = lower.split(['-', '‑']).next().unwrap_or("");
        let Some(&v) = self.lex.ordinals.get(head) else {
            return ControlFlow::Continue(());
        };
        // "a 30 second advert": after a number, "second" is a unit of time.
        if head == "second" && self.text[..t.span.start].trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            return ControlFlow::Break(None);
        }
        if head == lower
            && let Some(end) = dates::calendar_part(
                self.text,
                &self.lex.dates,
                self.sentence,
                t.span.end,
                &self.lex.figures.calendar_spans,
            )
        {
            self.push(Span::new(t.span.start, end), FigureKind::Date, None, None, 0);
            return ControlFlow::Break(Some(self.next_token_after(end)));
        }
        self.push(t.span, FigureKind::Ordinal, Some(v), None, 0);
        ControlFlow::Break(Some(i + 1))
    }

    /// Cardinal number words, possibly hyphenated ("forty-two", "two-day") or several
    /// ("two hundred and fifty thousand").
    fn cardinal(&mut self, i: usize, lower: &str) -> Option<usize> {
        let parts: Vec<&str> = lower.split(['-', '‑']).collect();
        let numbers = parts.iter().map_while(|p| self.lex.number_units.get(*p));
        let (value, n_num) = numbers.fold((0.0_f64, 0_usize), |(v, n), x| (v + *x, n + 1));
        if n_num == 0 {
            return None;
        }
        if n_num < parts.len() {
            return self.number_with_unit(i, value, n_num);
        }
        self.cardinal_words(i, value, lower)
    }

    /// "two-day", "five-year-old", "three-month": number words joined to a unit by a hyphen;
    /// `n_num` number words of value `value` come before it.
    fn number_with_unit(&mut self, i: usize, value: f64, n_num: usize) -> Option<usize> {
        let t = self.toks[i];
        let word = self.tok(i);
        let unit_part = &word[word.char_indices().filter(|&(_, c)| c == '-' || c == '‑').nth(n_num - 1)?.0..];
        let tail = self.tail(t.span.start + (word.len() - unit_part.len()), false)?;
        if !matches!(tail.kind, FigureKind::Duration | FigureKind::Measure) {
            return None;
        }
        let mut end = tail.end.max(t.span.end);
        if tail.kind == FigureKind::Duration && self.text[tail.end..].starts_with("-old") {
            end = tail.end + 4;
        }
        // "six-year term": the one noun whose meaning changes the figure stays in its span.
        if self.rest(end).strip_prefix(' ').is_some_and(|x| starts_with_word(x, "term")) {
            end += 5;
        }
        self.push(Span::new(t.span.start, end), tail.kind, Some(value), tail.unit, 0);
        Some(self.next_token_after(end))
    }

    /// Number words from token `i` (the first of value `first`) on, with what follows them.
    fn cardinal_words(&mut self, i: usize, first: f64, lower: &str) -> Option<usize> {
        let (value, end, j) = self.number_word_run(i, first);
        let (end, kind, unit, scale) = match self.tail(end, false) {
            Some(tl) => (tl.end, tl.kind, tl.unit, tl.scale),
            None => {
                // "one" alone is mostly a pronoun ("one of the"); keep it only with a noun.
                let noun = self.count_noun(end);
                if lower == "one" && j == i + 1 && noun.is_none() {
                    return None;
                }
                (end, FigureKind::Count, noun, 1.0)
            }
        };
        self.push(Span::new(self.toks[i].span.start, end), kind, Some(value * scale), unit, 0);
        Some(self.next_token_after(end))
    }

    /// The value of the number words from token `i` on ("two hundred and fifty thousand",
    /// "two lakh crore"), where they end, and the token after them.
    fn number_word_run(&self, i: usize, first: f64) -> (f64, usize, usize) {
        let lex = self.lex;
        let mut end = self.toks[i].span.end;
        let mut j = i + 1;
        let (mut total, mut current) = (0.0, first);
        while j < self.toks.len() {
            let w = self.tok(j).to_lowercase();
            if let Some(&s) = lex.number_scales.get(w.as_str()) {
                if s == 100.0 {
                    current *= 100.0;
                } else if current == 0.0 && total > 0.0 {
                    // "two lakh crore": a scale of a scale.
                    total *= s;
                } else {
                    total += current * s;
                    current = 0.0;
                }
            } else if let Some(v) = hyphen_number(&w, lex) {
                current += v;
            } else if w == "and" && j + 1 < self.toks.len() && hyphen_number(&self.tok(j + 1).to_lowercase(), lex).is_some() {
                j += 1;
                continue;
            } else {
                break;
            }
            end = self.toks[j].span.end;
            j += 1;
        }
        (total + current, end, j)
    }
}

/// Whether the word's first part (before any hyphen), lowercased, can start a spelled
/// number.
pub(super) fn starts_number_word(word: &str, lex: &Lexicon) -> bool {
    let head = lowercase(word.split(['-', '‑']).next().unwrap_or(word));
    lex.number_heads.contains(&head) || NUMBER_PREFIXES.contains(&head.as_ref())
}

/// The value of number words joined by hyphens ("forty-two").
fn hyphen_number(w: &str, lex: &Lexicon) -> Option<f64> {
    let mut v = 0.0;
    for p in w.split('-') {
        v += lex.number_units.get(p)?;
    }
    Some(v)
}
