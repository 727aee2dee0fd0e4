//! Figures whose core is digits ("$3.2bn", "5 percent", "300 km", "1990s", "5 March"), and
//! money with a letter stuck to the digits ("N96.3bn").

use super::{Scanner, significant_digits, starts_with_word};
use crate::extract::FigureKind;
use crate::extract::dates;
use crate::text::Span;

/// A number token's digits as written and what is stuck to them ("3.2" and "bn").
struct Digits<'a> {
    /// The digits with their separators, without a trailing one ("3,200", "0.5").
    digits: &'a str,
    /// Letters after the digits ("bn", "km", "th", "s"); often empty.
    suffix: &'a str,
    value: f64,
    precision: u8,
}

impl Digits<'_> {
    fn parse(raw: &str) -> Option<Digits<'_>> {
        let digits_len = raw.bytes().take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.').count();
        let (digits, suffix) = raw.split_at(digits_len);
        let digits = digits.trim_end_matches([',', '.']);
        let value: f64 = if digits.contains(',') {
            digits.replace(',', "").parse().ok()?
        } else {
            digits.parse().ok()?
        };
        Some(Digits {
            digits,
            suffix,
            value,
            precision: significant_digits(digits),
        })
    }

    /// Four plain digits of a plausible year ("2026", not "2,026" or "3000").
    fn is_year(&self) -> bool {
        self.digits.len() == 4 && !self.digits.contains([',', '.']) && (1800.0..=2100.0).contains(&self.value)
    }
}

/// What the words around a core of digits make of it so far.
struct Reading {
    start: usize,
    end: usize,
    kind: Option<FigureKind>,
    unit: Option<String>,
    scale: f64,
}

impl<'a> Scanner<'a> {
    /// A figure whose core is digits: money, percent, measure, duration, date, year, count.
    pub(super) fn number(&mut self, i: usize) -> Option<usize> {
        let d = Digits::parse(self.tok(i))?;
        if let Some(next) = self.not_a_quantity(i, &d) {
            return Some(next);
        }
        if let Some(next) = self.date_in_digits(i, &d) {
            return Some(next);
        }
        let t = self.toks[i];
        // Ordinals: 1st, 50th.
        if matches!(d.suffix, "st" | "nd" | "rd" | "th") {
            self.push(t.span, FigureKind::Ordinal, Some(d.value), None, d.precision);
            return Some(i + 1);
        }
        let mut r = self.unit_before(t.span);
        if !d.suffix.is_empty()
            && let Some(next) = self.stuck_suffix(i, &d, &mut r)
        {
            return Some(next);
        }
        self.read_tail(&mut r);
        self.read_per_unit(&mut r);
        if r.kind == Some(FigureKind::Count) && r.unit.is_none() {
            r.unit = self.count_noun(r.end);
        }
        let kind = match r.kind {
            Some(k) => k,
            None if d.is_year() => {
                self.push(Span::new(r.start, r.end), FigureKind::Year, Some(d.value), None, 4);
                return Some(self.next_token_after(r.end));
            }
            None => {
                if let Some(n) = self.count_noun(r.end) {
                    r.unit = Some(n);
                }
                FigureKind::Count
            }
        };
        let decimals = d.digits.split_once('.').map_or(0, |(_, frac)| frac.len());
        self.push(Span::new(r.start, r.end), kind, Some(d.value * r.scale), r.unit, d.precision);
        self.last().step = r.scale / 10f64.powi(decimals as i32);
        Some(self.next_token_after(r.end))
    }

    /// Digits that name or time something rather than count it: "Resolution 2231", "23일",
    /// "10:30", "3 p.m.". The token to go on from when they are.
    fn not_a_quantity(&self, i: usize, d: &Digits<'_>) -> Option<usize> {
        let t = self.toks[i];
        let after = self.rest(t.span.end);
        // "Resolution 2231", "Flight 370": a name, not a quantity.
        let prev_word = self.text[self.sentence.start..t.span.start]
            .strip_suffix(' ')
            .map(|b| b.rsplit(' ').next().unwrap_or(""));
        if d.suffix.is_empty() && prev_word.is_some_and(|w| self.lex.identifier_nouns.contains(w)) {
            return Some(i + 1);
        }
        // "23일", "1분기": a date part written with a counter, not a count.
        let counter_after = if d.suffix.is_empty() { after } else { d.suffix };
        if self.lex.calendar_counters.iter().any(|c| counter_after.starts_with(c.as_str())) {
            return Some(i + 1);
        }
        // Clock times and scores: "10:30", "3-1" are not figures here.
        if after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Some(self.next_token_after(t.span.end + 3));
        }
        let clock = &self.lex.figures.clock_words;
        clock.iter().any(|w| starts_with_word(after.trim_start(), w)).then_some(i + 1)
    }

    /// A date written with the digits at token `i`: "2026-03-05", "5 March 2026".
    fn date_in_digits(&mut self, i: usize, d: &Digits<'_>) -> Option<usize> {
        if !d.suffix.is_empty() {
            return None;
        }
        let t = self.toks[i];
        if d.digits.len() == 4
            && let Some(date) = dates::iso_date(d.value as i32, self.rest(t.span.end))
        {
            let span = Span::new(t.span.start, t.span.end + 6);
            self.push(span, FigureKind::Date, None, None, 0);
            self.last().date = Some(date);
            return Some(self.next_token_after(span.end));
        }
        if !(1.0..=31.0).contains(&d.value) || d.digits.len() > 2 {
            return None;
        }
        let (span, date) = dates::day_first_at(self.text, &self.lex.dates, self.sentence, self.toks, i, d.value as u8)?;
        self.push_date(span, date);
        Some(self.next_token_after(span.end))
    }

    /// A currency symbol or code ("$", "US$", "USD ", "Rs.") or a measure word ("magnitude")
    /// right before the digits spanning `digits`.
    fn unit_before(&self, digits: Span) -> Reading {
        let mut r = Reading {
            start: digits.start,
            end: digits.end,
            kind: None,
            unit: None,
            scale: 1.0,
        };
        let before = &self.text[self.sentence.start..digits.start];
        let b = before.trim_end();
        // Only a character some symbol ends with ("$", "D" of "USD", "." of "Rs.") can end
        // one: rule out the usual words before a number without searching every symbol.
        let last = before.strip_suffix(' ').unwrap_or(before).chars().next_back();
        let may_be_symbol = last.is_some_and(|c| self.lex.symbol_last_chars.contains(&c));
        if may_be_symbol && let Some((sym, code)) = self.currency_symbol_before(before) {
            r.start = digits.start - (before.len() - b.len()) - sym.len();
            r.kind = Some(FigureKind::Money);
            r.unit = Some(code.clone());
        } else if let Some((w, u)) = (self.lex.measure_before_index.get(b.as_bytes().last().copied()))
            .map(|k| &self.lex.measure_before[k])
            .find(|(w, _)| b.ends_with(w.as_str()) && (w.ends_with('-') || before.len() > b.len()))
        {
            r.start = digits.start - (before.len() - b.len()) - w.len();
            r.kind = Some(FigureKind::Measure);
            r.unit = Some(u.unit.clone());
        }
        r
    }

    /// The first currency symbol (in list order) that `before` ends with. A symbol ends either
    /// `before` itself or, for a code, `before` less one space: only those last bytes'
    /// buckets can hold it.
    fn currency_symbol_before(&self, before: &str) -> Option<&'a (String, String)> {
        let lex = self.lex;
        let first_in = |b: Option<u8>| {
            lex.currency_symbols_index
                .get(b)
                .find(|&k| symbol_ends(before, &lex.currency_symbols[k].0))
        };
        let direct = first_in(before.as_bytes().last().copied());
        let spaced = before.strip_suffix(' ').and_then(|b| first_in(b.as_bytes().last().copied()));
        let k = match (direct, spaced) {
            (Some(x), Some(y)) => x.min(y),
            (x, y) => x.or(y)?,
        };
        Some(&lex.currency_symbols[k])
    }

    /// Letters stuck to the digits: a scale ("3.2bn", "5m"), a unit ("40C", "300km"), a
    /// decade ("1990s"). The token to go on from when they decide the figure.
    fn stuck_suffix(&mut self, i: usize, d: &Digits<'_>, r: &mut Reading) -> Option<usize> {
        let t = self.toks[i];
        if let Some(&s) = self.lex.attached_scales.get(d.suffix) {
            r.scale = s;
            return None;
        }
        if let Some((_, u)) = self.lex.measure_words.iter().find(|(w, _)| w == d.suffix) {
            r.kind = r.kind.or(Some(FigureKind::Measure));
            r.unit = r.unit.take().or(Some(u.unit.clone()));
            return None;
        }
        if d.suffix == "s" && d.digits.len() == 4 {
            self.push(t.span, FigureKind::Year, Some(d.value), Some("decade".into()), d.precision);
        } else if d.suffix == "s" {
            self.push(t.span, FigureKind::Count, None, None, d.precision);
        }
        // Otherwise a code or model name ("3D", "4x4"; "5G" and "A380" never reach here).
        Some(i + 1)
    }

    /// Scale, currency, percent and unit words after the digits: a tail decides the kind
    /// unless a currency symbol already made the figure money.
    fn read_tail(&self, r: &mut Reading) {
        let Some(tl) = self.tail(r.end, r.kind == Some(FigureKind::Money)) else {
            return;
        };
        r.end = tl.end;
        r.scale *= tl.scale;
        let takes =
            r.kind.is_none() || tl.kind == FigureKind::Money || (tl.kind == FigureKind::Percent && r.kind != Some(FigureKind::Money));
        if takes {
            r.kind = Some(tl.kind);
            if tl.unit.is_some() {
                r.unit = tl.unit;
            }
        }
    }

    /// "17.62 per dollar" is a price in another currency; "20,000 yen per child" a rate.
    fn read_per_unit(&self, r: &mut Reading) {
        let Some((per_end, code)) = self.per_unit(r.end) else {
            return;
        };
        match (r.kind, code) {
            (None | Some(FigureKind::Count), Some(code)) => {
                r.kind = Some(FigureKind::Money);
                r.unit = Some(format!("per {code}"));
                r.end = per_end;
            }
            (Some(FigureKind::Money), _) => r.end = per_end,
            _ => {}
        }
    }

    /// Money written with a letter stuck to the digits ("N96.3bn", "N1,233.60", "N4.50 per
    /// share" naira). The letter alone is no evidence ("N1" road, "N95" mask): a scale suffix
    /// or word, a thousands separator, two decimals or "per share" must make it a price.
    pub(super) fn stuck_money(&mut self, i: usize) -> Option<usize> {
        let lex = self.lex;
        let t = self.toks[i];
        let word = self.tok(i);
        let (p, code) = lex.stuck_prefixes.iter().find(|(p, _)| {
            word.strip_prefix(p.as_str())
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })?;
        let num_start = t.span.start + p.len();
        let rest = self.rest(num_start);
        let b = rest.as_bytes();
        let mut n = 0;
        while n < b.len() && (b[n].is_ascii_digit() || (matches!(b[n], b',' | b'.') && b.get(n + 1).is_some_and(u8::is_ascii_digit))) {
            n += 1;
        }
        let digits = &rest[..n];
        let sfx_len = rest[n..].bytes().take_while(u8::is_ascii_alphabetic).count();
        let suffix = &rest[n..n + sfx_len];
        if rest[n + sfx_len..].starts_with(|c: char| c.is_alphanumeric()) || digits.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = digits.replace(',', "").parse().ok()?;
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut groups = int.split(',');
        let thousands = int.contains(',') && groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3);
        let mut evidence = thousands || frac.len() == 2;
        let mut scale = 1.0;
        if !suffix.is_empty() {
            scale = *lex.attached_scales.get(suffix)?;
            evidence = true;
        }
        let mut end = num_start + n + sfx_len;
        if let Some(tl) = self.tail(end, true)
            && tl.kind == FigureKind::Count
            && tl.scale != 1.0
        {
            scale *= tl.scale;
            end = tl.end;
            evidence = true;
        }
        if self.rest(end).starts_with(" per share") {
            end += " per share".len();
            evidence = true;
        }
        if !evidence {
            return None;
        }
        let span = Span::new(t.span.start, end);
        self.push(
            span,
            FigureKind::Money,
            Some(value * scale),
            Some(code.clone()),
            significant_digits(digits),
        );
        Some(self.next_token_after(end))
    }

    /// " per dollar", " per child", " per litre" after `end`: the end of that phrase and the
    /// currency when the noun is one.
    fn per_unit(&self, end: usize) -> Option<(usize, Option<String>)> {
        let r = self.rest(end).strip_prefix(" per ")?;
        let code = (self.lex.currency_words_index.get(r.as_bytes().first().copied()))
            .map(|k| &self.lex.currency_words[k])
            .find(|(w, _)| starts_with_word(r, w));
        if let Some((w, c)) = code {
            return Some((end + 5 + w.len(), Some(c.clone())));
        }
        let n = r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len());
        let w = &r[..n];
        (n > 0 && w.chars().all(char::is_lowercase) && !matches!(w, "cent" | "capita" | "annum" | "head")).then_some((end + 5 + n, None))
    }

    /// The noun a count counts ("5,000 troops" → "troops"), when one follows.
    pub(super) fn count_noun(&self, offset: usize) -> Option<String> {
        // "thousands of" ending a sentence (or a table cell) has its noun beyond the sentence.
        let r = self.text.get(offset..self.sentence.end)?.trim_start();
        let w: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
        let not_nouns = &self.lex.figures.not_count_nouns;
        (!w.is_empty() && w.chars().all(char::is_lowercase) && !not_nouns.contains(&w)).then_some(w)
    }
}

/// True when `before` ends with the currency symbol `sym` right before the number (codes
/// and "Rs." may have one space: "USD 2 million").
fn symbol_ends(before: &str, sym: &str) -> bool {
    let alpha = sym.chars().any(char::is_alphabetic);
    let b = if alpha {
        before.strip_suffix(' ').unwrap_or(before)
    } else {
        before
    };
    b.ends_with(sym) && !b[..b.len() - sym.len()].ends_with(|c: char| c.is_alphanumeric())
}
