//! What follows a number: scale words ("million", "lakh crore", "억"), percent and point
//! words, currency words ("cedis", "원"), measures ("km", "600-kilometre") and durations
//! ("two-day", "24 years").

use super::{Scanner, is_cjk_scale, starts_with_word};
use crate::extract::FigureKind;
use crate::extract::lexicon::Unit;

/// What follows a numeric core.
pub(super) struct Tail {
    pub end: usize,
    pub kind: FigureKind,
    pub unit: Option<String>,
    pub scale: f64,
}

impl Tail {
    fn new(end: usize, kind: FigureKind, unit: &str, scale: f64) -> Tail {
        Tail {
            end,
            kind,
            unit: Some(unit.into()),
            scale,
        }
    }
}

/// The text after the scale words of a tail: `r` from `pos`, past `skip` bytes of space.
struct After<'t> {
    pos: usize,
    skip: usize,
    r: &'t str,
}

impl Scanner<'_> {
    /// Scale, currency, percent and unit words after a numeric core ending at `offset`.
    pub(super) fn tail(&self, offset: usize, is_money: bool) -> Option<Tail> {
        let (pos, scale) = self.scale_words(offset);
        let rest = self.rest(pos);
        let skip = rest.len() - rest.trim_start().len();
        let at = After {
            pos,
            skip,
            r: &rest[skip..],
        };
        let base = Tail {
            end: pos,
            kind: FigureKind::Count,
            unit: None,
            scale,
        };
        if skip <= 1 {
            if let Some(t) = self.percent_after(&at) {
                return Some(t);
            }
            if !is_money && let Some(t) = self.currency_word_after(&at, scale) {
                return Some(t);
            }
            if is_money {
                return Some(base);
            }
            if let Some(t) = self.unit_after(&at, scale) {
                return Some(t);
            }
        }
        (pos > offset).then_some(base)
    }

    /// Scale words after `offset`, possibly several ("1.5 million", "2 lakh crore", "3억"):
    /// where they end and the scale they make.
    fn scale_words(&self, offset: usize) -> (usize, f64) {
        let mut pos = offset;
        let mut scale = 1.0;
        loop {
            let rest = self.rest(pos);
            let skip = rest.len() - rest.trim_start().len();
            let r = &rest[skip..];
            // A CJK scale is one character, stuck to what follows ("3억원").
            let w_len = match r.chars().next() {
                Some(c) if is_cjk_scale(c) => c.len_utf8(),
                _ => r.find(|c: char| !c.is_alphabetic() && !is_cjk_scale(c)).unwrap_or(r.len()),
            };
            let w = &r[..w_len];
            let found = self
                .lex
                .scale_words
                .get(w)
                .or_else(|| self.lex.scale_words.get(&w.to_ascii_lowercase()));
            match found {
                // "hundred" scales only the first number word ("two hundred", not "million hundred").
                Some(&s) if skip <= 1 && !w.is_empty() && (w != "hundred" || pos == offset) => {
                    scale *= s;
                    pos += skip + w_len;
                }
                _ => return (pos, scale),
            }
        }
    }

    /// "5 percent", "5%", "25-basis-point", "2 percentage points".
    fn percent_after(&self, at: &After<'_>) -> Option<Tail> {
        let (pos, skip, r) = (at.pos, at.skip, at.r);
        let lex = self.lex;
        let percent = lex
            .percent_words
            .iter()
            .find(|w| starts_with_word(r, w) && (skip == 1 || !w.chars().all(char::is_alphabetic)));
        if let Some(w) = percent {
            return Some(Tail::new(pos + skip + w.len(), FigureKind::Percent, "%", 1.0));
        }
        let point_unit = |w: &str| if w.starts_with('b') { "bp" } else { "pp" };
        // "25-basis-point cut"
        if skip == 0 && r.starts_with('-') {
            let hyphenated = lex
                .point_words
                .iter()
                .filter(|w| w.contains('-'))
                .find(|w| starts_with_word(&r[1..], w));
            if let Some(w) = hyphenated {
                return Some(Tail::new(pos + 1 + w.len(), FigureKind::Percent, point_unit(w), 1.0));
            }
        }
        if skip == 1 {
            let spaced = lex.point_words.iter().find(|w| {
                starts_with_word(r, w)
                    && w.starts_with(['p', 'b'])
                    && (w.contains("percentage") || w.starts_with("basis") || w.starts_with("bps"))
            });
            if let Some(w) = spaced {
                return Some(Tail::new(pos + skip + w.len(), FigureKind::Percent, point_unit(w), 1.0));
            }
        }
        None
    }

    /// A currency word after the number ("2.3 million cedis"); CJK currency words may stick to
    /// it ("320억 원", "3.5億ドル").
    fn currency_word_after(&self, at: &After<'_>, scale: f64) -> Option<Tail> {
        let (pos, skip, r) = (at.pos, at.skip, at.r);
        let cjk_next = r.chars().next().is_some_and(|c| !c.is_ascii() && c.is_alphabetic());
        if skip != 1 && !cjk_next {
            return None;
        }
        let lex = self.lex;
        let (w, code) = (lex.currency_words_index.get(r.as_bytes().first().copied()))
            .map(|k| &lex.currency_words[k])
            .find(|(w, _)| starts_with_word(r, w) || (cjk_next && r.starts_with(w.as_str()) && !w.is_ascii()))?;
        Some(Tail::new(pos + skip + w.len(), FigureKind::Money, code, scale))
    }

    /// Units: "300 km", "600-kilometre", "two-day", "24 years", "six more years", "three
    /// times", "40C".
    fn unit_after(&self, at: &After<'_>, scale: f64) -> Option<Tail> {
        let (skip, r) = (at.skip, at.r);
        let hyphen = skip == 0 && r.starts_with(['-', '‑']);
        if skip == 1 || hyphen {
            // The non-breaking hyphen '‑' is three bytes long.
            let hy_len = if hyphen { r.chars().next().map_or(0, char::len_utf8) } else { 0 };
            let unit_at = After {
                pos: at.pos + skip + hy_len,
                skip: 0,
                r: &r[hy_len..],
            };
            if let Some(t) = self.measure_or_duration(&unit_at, hyphen, scale) {
                return Some(t);
            }
        }
        if skip == 1 {
            return self.spaced_count_unit(at, scale);
        }
        if skip == 0 {
            return self.stuck_measure(at, scale);
        }
        None
    }

    /// A measure or duration word at `at.r` (after a space or hyphen): "km", "kilometre",
    /// "day", "years"; "six-year term", "two-day-long".
    fn measure_or_duration(&self, at: &After<'_>, hyphen: bool, scale: f64) -> Option<Tail> {
        let (off, r) = (at.pos, at.r);
        // Single-letter units ("C", "F", "m") only when stuck to the digits.
        let lex = self.lex;
        let first = r.as_bytes().first().copied();
        let measure = (lex.measure_words_index.get(first))
            .map(|k| &lex.measure_words[k])
            .find(|(w, _)| starts_with_word(r, w) && w.chars().nth(1).is_some());
        if let Some((w, u)) = measure {
            return Some(Tail::new(off + w.len(), FigureKind::Measure, &u.unit, scale));
        }
        let (w, u) = (lex.duration_words_index.get(first))
            .map(|k| &lex.duration_words[k])
            .find(|(w, _)| starts_with_word(r, w))?;
        let mut end = off + w.len();
        if hyphen && self.text[end..].starts_with("-long") {
            end += 5;
        }
        Some(Tail::new(end, FigureKind::Duration, &u.unit, scale))
    }

    fn duration_word(&self, r: &str) -> Option<&(String, Unit)> {
        self.lex.duration_words.iter().find(|(w, _)| starts_with_word(r, w))
    }

    /// After a space: "six more years", "three times".
    fn spaced_count_unit(&self, at: &After<'_>, scale: f64) -> Option<Tail> {
        let (pos, skip, r) = (at.pos, at.skip, at.r);
        if let Some(x) = r.strip_prefix("more ")
            && let Some((w, u)) = self.duration_word(x)
        {
            return Some(Tail::new(pos + skip + 5 + w.len(), FigureKind::Duration, &u.unit, scale));
        }
        let times = ["times", "time"].into_iter().find(|w| starts_with_word(r, w))?;
        Some(Tail::new(pos + skip + times.len(), FigureKind::Count, "times", scale))
    }

    /// A short unit stuck to the digits: "40C", "300km" (not a lone lowercase letter).
    fn stuck_measure(&self, at: &After<'_>, scale: f64) -> Option<Tail> {
        let (pos, r) = (at.pos, at.r);
        let lex = self.lex;
        let (w, u) = (lex.measure_words_index.get(r.as_bytes().first().copied()))
            .map(|k| &lex.measure_words[k])
            .find(|(w, _)| {
                starts_with_word(r, w) && w.chars().nth(3).is_none() && !w.chars().all(|c| c.is_ascii_lowercase() && w.len() == 1)
            })?;
        Some(Tail::new(pos + w.len(), FigureKind::Measure, &u.unit, scale))
    }
}
