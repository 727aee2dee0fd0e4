//! Figures: every number-bearing expression with its kind, normalised value, unit and
//! qualifier, and whether a fact-checker would want a source for it.
//!
//! A hand-written scanner over each sentence's tokens: a numeric core (digits or number
//! words), what stands before it (currency symbol, qualifier, "magnitude") and after it
//! (scale word, currency word, percent, unit, month), all from `data/lexicon`.

use super::dates::{Weekday, may_start_month, parse_month};
use super::lexicon::NumberHeadFilter;
use super::{Analysis, CalendarDate, Context, Figure, FigureKind, Lexicon};
use crate::text::{Paragraph, Sentence, SentenceTokens, Span, Token, TokenKind, ascii_lowercase_in, lowercase};

/// Every figure of the article in text order, before [`finish`]. It reads the text, its
/// sentences and their tokens only (no entities), so it can run while entities are found.
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
        f.checkworthy = is_checkworthy(f, text, a, lex);
    }
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

struct Scanner<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    toks: &'a [Token],
    sentence: Span,
    si: usize,
    out: &'a mut Vec<Figure>,
}

/// What follows a numeric core.
struct Tail {
    end: usize,
    kind: FigureKind,
    unit: Option<String>,
    scale: f64,
}

impl Scanner<'_> {
    fn tok(&self, i: usize) -> &str {
        self.toks[i].span.slice(self.text)
    }

    /// Tries a figure at token `i`; returns the next token index when one was taken.
    fn at(&mut self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        match t.kind {
            TokenKind::Number => self.number(i),
            // Most words start nothing: a test of their first bytes comes before each scanner.
            TokenKind::Word => {
                let first = self.tok(i).as_bytes()[0];
                if may_start_month(first)
                    && let Some(next) = self.date(i)
                {
                    return Some(next);
                }
                if self.lex.stuck_prefixes.iter().any(|(p, _)| p.as_bytes().first() == Some(&first))
                    && let Some(next) = self.stuck_money(i)
                {
                    return Some(next);
                }
                if !self.lex.number_head_filter.may_start(self.tok(i)) {
                    return None;
                }
                self.number_words(i)
            }
            TokenKind::Punct => None,
        }
    }

    /// The first currency symbol (in list order) that `before` ends with. A symbol ends either
    /// `before` itself or, for a code, `before` less one space: only those last bytes' buckets
    /// can hold it.
    fn currency_symbol_before(&self, before: &str) -> Option<&(String, String)> {
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

    fn next_token_after(&self, offset: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < offset)
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

    /// A figure whose core is digits: money, percent, measure, duration, date, year, count.
    fn number(&mut self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        let raw = self.tok(i);
        let digits_len = raw.bytes().take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.').count();
        let (digits, suffix) = raw.split_at(digits_len);
        let digits = digits.trim_end_matches([',', '.']);
        let value: f64 = if digits.contains(',') {
            digits.replace(',', "").parse().ok()?
        } else {
            digits.parse().ok()?
        };
        let precision = significant_digits(digits);
        let after = &self.text[t.span.end..self.sentence.end];
        // "Resolution 2231", "Flight 370": a name, not a quantity.
        let prev_word = self.text[self.sentence.start..t.span.start]
            .strip_suffix(' ')
            .map(|b| b.rsplit(' ').next().unwrap_or(""));
        if suffix.is_empty() && prev_word.is_some_and(|w| self.lex.identifier_nouns.contains(w)) {
            return Some(i + 1);
        }
        // "23일", "1분기": a date part written with a counter, not a count.
        let counter_after = if suffix.is_empty() { after } else { suffix };
        if self.lex.calendar_counters.iter().any(|c| counter_after.starts_with(c.as_str())) {
            return Some(i + 1);
        }
        // Clock times and scores: "10:30", "3-1" are not figures here.
        if after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Some(self.next_token_after(t.span.end + 3));
        }
        if starts_with_any_word(after.trim_start(), &["a.m.", "p.m.", "am", "pm", "GMT", "UTC", "local time", "hrs"]) {
            return Some(i + 1);
        }
        // ISO dates: 2026-03-05.
        if digits.len() == 4
            && suffix.is_empty()
            && let Some(d) = iso_date(value as i32, after)
        {
            let span = Span::new(t.span.start, t.span.end + 6);
            self.push(span, FigureKind::Date, None, None, 0);
            self.last().date = Some(d);
            return Some(self.next_token_after(span.end));
        }
        // Ordinals: 1st, 50th.
        if matches!(suffix, "st" | "nd" | "rd" | "th") {
            self.push(t.span, FigureKind::Ordinal, Some(value), None, precision);
            return Some(i + 1);
        }
        // Day Month [Year]: "5 March 2026".
        if suffix.is_empty()
            && (1.0..=31.0).contains(&value)
            && digits.len() <= 2
            && let Some(next) = self.toks.get(i + 1)
            && next.kind == TokenKind::Word
            && let Some(month) = self.month_at(i + 1)
        {
            let mut end = self.end_with_period(i + 1);
            let mut year = None;
            if let Some((y, e)) = self.year_after(end) {
                year = Some(y);
                end = e;
            }
            let span = Span::new(t.span.start, end);
            self.push(span, FigureKind::Date, None, None, 0);
            let d = CalendarDate {
                year,
                month,
                day: value as u8,
                end_day: None,
                year_inferred: false,
            };
            self.last().date = Some(d);
            self.attach_weekday(span);
            return Some(self.next_token_after(end));
        }
        let mut start = t.span.start;
        let mut kind = None;
        let mut unit = None;
        let mut scale = 1.0;
        // Before: currency symbol or code ("$", "US$", "USD ", "Rs."), "magnitude".
        let before = &self.text[self.sentence.start..t.span.start];
        // Only a character some symbol ends with ("$", "D" of "USD", "." of "Rs.") can end
        // one: rule out the usual words before a number without searching every symbol.
        let last = before.strip_suffix(' ').unwrap_or(before).chars().next_back();
        let may_be_symbol = last.is_some_and(|c| self.lex.symbol_last_chars.contains(&c));
        if may_be_symbol && let Some((sym, code)) = self.currency_symbol_before(before) {
            let sym_start = t.span.start - before.len() + before.trim_end().len() - sym.len();
            start = sym_start;
            kind = Some(FigureKind::Money);
            unit = Some(code.clone());
        } else if let Some((w, u)) = {
            let b = before.trim_end();
            let lex = self.lex;
            lex.measure_before_index
                .get(b.as_bytes().last().copied())
                .map(|k| &lex.measure_before[k])
                .find(|(w, _)| b.ends_with(w.as_str()) && (w.ends_with('-') || before.len() > b.len()))
        } {
            start = t.span.start - (before.len() - before.trim_end().len()) - w.len();
            kind = Some(FigureKind::Measure);
            unit = Some(u.unit.clone());
        }
        // Suffix stuck to the digits: "3.2bn", "5m", "40C", "300km", "1990s".
        let mut end = t.span.end;
        if !suffix.is_empty() {
            if let Some(&s) = self.lex.attached_scales.get(suffix) {
                scale = s;
            } else if let Some((_, u)) = self.lex.measure_words.iter().find(|(w, _)| w == suffix) {
                kind = kind.or(Some(FigureKind::Measure));
                unit = unit.or(Some(u.unit.clone()));
            } else if suffix == "s" && digits.len() == 4 {
                self.push(t.span, FigureKind::Year, Some(value), Some("decade".into()), precision);
                return Some(i + 1);
            } else if suffix == "s" {
                self.push(t.span, FigureKind::Count, None, None, precision);
                return Some(i + 1);
            } else {
                // A code or model name ("5G", "A380" never reach here; "3D", "4x4" do).
                return Some(i + 1);
            }
        }
        let tail = self.tail(end, kind == Some(FigureKind::Money));
        if let Some(tl) = tail {
            end = tl.end;
            scale *= tl.scale;
            // A tail decides the kind unless a currency symbol already made it money.
            let takes =
                kind.is_none() || tl.kind == FigureKind::Money || (tl.kind == FigureKind::Percent && kind != Some(FigureKind::Money));
            if takes {
                kind = Some(tl.kind);
                if tl.unit.is_some() {
                    unit = tl.unit;
                }
            }
        }
        // "17.62 per dollar" is a price in another currency; "20,000 yen per child" a rate.
        if let Some((per_end, code)) = self.per_unit(end) {
            match (kind, code) {
                (None | Some(FigureKind::Count), Some(code)) => {
                    kind = Some(FigureKind::Money);
                    unit = Some(format!("per {code}"));
                    end = per_end;
                }
                (Some(FigureKind::Money), _) => end = per_end,
                _ => {}
            }
        }
        if kind == Some(FigureKind::Count) && unit.is_none() {
            unit = self.count_noun(end);
        }
        let kind = match kind {
            Some(k) => k,
            None if digits.len() == 4 && !digits.contains([',', '.']) && (1800.0..=2100.0).contains(&value) => {
                self.push(Span::new(start, end), FigureKind::Year, Some(value), None, 4);
                return Some(self.next_token_after(end));
            }
            None => {
                if let Some(n) = self.count_noun(end) {
                    unit = Some(n);
                }
                FigureKind::Count
            }
        };
        let decimals = digits.split_once('.').map_or(0, |(_, frac)| frac.len());
        let step = scale / 10f64.powi(decimals as i32);
        self.push(Span::new(start, end), kind, Some(value * scale), unit, precision);
        self.last().step = step;
        Some(self.next_token_after(end))
    }

    /// Money written with a letter stuck to the digits ("N96.3bn", "N1,233.60", "N4.50 per
    /// share" naira). The letter alone is no evidence ("N1" road, "N95" mask): a scale suffix
    /// or word, a thousands separator, two decimals or "per share" must make it a price.
    fn stuck_money(&mut self, i: usize) -> Option<usize> {
        let lex = self.lex;
        let t = self.toks[i];
        let word = self.tok(i);
        let (p, code) = lex.stuck_prefixes.iter().find(|(p, _)| {
            // The first byte decides for almost every word, without a `memcmp` call.
            word.as_bytes().first() == p.as_bytes().first()
                && word
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })?;
        let num_start = t.span.start + p.len();
        let rest = &self.text[num_start..self.sentence.end];
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
        if self.text[end..self.sentence.end].starts_with(" per share") {
            end += " per share".len();
            evidence = true;
        }
        if !evidence {
            return None;
        }
        self.push(
            Span::new(t.span.start, end),
            FigureKind::Money,
            Some(value * scale),
            Some(code.clone()),
            significant_digits(digits),
        );
        Some(self.next_token_after(end))
    }

    fn last(&mut self) -> &mut Figure {
        let n = self.out.len() - 1;
        &mut self.out[n]
    }

    /// The month named by the word at token `i` with a following period when there is one
    /// ("Jan."), built in a stack buffer: this runs for every capitalised word.
    fn month_at(&self, i: usize) -> Option<u8> {
        let t = self.toks[i];
        let w = t.span.slice(self.text);
        if !self.text[t.span.end..].starts_with('.') {
            return parse_month(w);
        }
        let mut buf = [0u8; 32];
        if w.len() >= buf.len() {
            return parse_month(&format!("{w}."));
        }
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[w.len()] = b'.';
        std::str::from_utf8(&buf[..=w.len()]).ok().and_then(parse_month)
    }

    fn end_with_period(&self, i: usize) -> usize {
        let t = self.toks[i];
        let w = t.span.slice(self.text);
        if w.len() <= 4 && self.text[t.span.end..].starts_with('.') {
            t.span.end + 1
        } else {
            t.span.end
        }
    }

    /// ", 2026" or " 2026" right after `offset`.
    fn year_after(&self, offset: usize) -> Option<(i32, usize)> {
        let rest = &self.text[offset..self.sentence.end];
        let trimmed = rest.strip_prefix(',').unwrap_or(rest);
        let lead = rest.len() - trimmed.len() + (trimmed.len() - trimmed.trim_start().len());
        if lead == 0 || lead > 2 {
            return None;
        }
        let t = &rest[lead..];
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        if n != 4 || t[n..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let y: i32 = t[..n].parse().ok()?;
        (1800..=2100).contains(&y).then_some((y, offset + lead + n))
    }

    /// Month Day[-Day][, Year] or Month Year, with a weekday before it.
    fn date(&mut self, i: usize) -> Option<usize> {
        // Month names are capitalised; skip the allocation for every other word.
        if !self.tok(i).starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        let month = self.month_at(i)?;
        let t = self.toks[i];
        let mend = self.end_with_period(i);
        let rest = &self.text[mend..self.sentence.end];
        let lead = rest.len() - rest.trim_start().len();
        if lead == 0 || lead > 1 {
            return None;
        }
        let r = &rest[lead..];
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || r[n..].starts_with(|c: char| c.is_alphabetic() && !matches!(c, 's' | 'n' | 'r' | 't')) {
            return None;
        }
        let num: u32 = r[..n].parse().ok()?;
        let mut end = mend + lead + n;
        let mut date = CalendarDate {
            year: None,
            month,
            day: 0,
            end_day: None,
            year_inferred: false,
        };
        if n == 4 && (1800..=2100).contains(&num) {
            date.year = Some(num as i32);
        } else if (1..=31).contains(&num) && n <= 2 {
            date.day = num as u8;
            // "5th"
            let sfx = &r[n..];
            for s in ["st", "nd", "rd", "th"] {
                if sfx.starts_with(s) && !sfx[2..].starts_with(char::is_alphanumeric) {
                    end += 2;
                }
            }
            // Range: "16-17", "16–17".
            let after = &self.text[end..self.sentence.end];
            if let Some(r2) = after.strip_prefix(['-', '–']) {
                let m = r2.bytes().take_while(u8::is_ascii_digit).count();
                if (1..=2).contains(&m)
                    && let Ok(d2) = r2[..m].parse::<u8>()
                    && d2 > date.day
                    && d2 <= 31
                {
                    date.end_day = Some(d2);
                    // The en dash is three bytes, the hyphen one.
                    end += after.len() - r2.len() + m;
                }
            }
            if let Some((y, e)) = self.year_after(end) {
                date.year = Some(y);
                end = e;
            }
        } else {
            return None;
        }
        let span = Span::new(t.span.start, end);
        self.push(span, FigureKind::Date, None, None, 0);
        self.last().date = Some(date);
        self.attach_weekday(span);
        Some(self.next_token_after(end))
    }

    /// A weekday written just before the date: "Tuesday (May 14)", "Tuesday, March 5", "on
    /// Thursday March 5"; or just after it: "May 14 (Tuesday)".
    fn attach_weekday(&mut self, span: Span) {
        let before = self.text[self.sentence.start..span.start].trim_end_matches([' ', '(', ',']);
        // Just after the last character that cannot be in a weekday (it may be multi-byte: “).
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphabetic() && c != '.')
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = &before[word_start..];
        let gap = span.start - self.sentence.start - before.len();
        if gap <= 3
            && let Some(wd) = Weekday::parse(word)
        {
            let ws = self.sentence.start + word_start;
            self.last().weekday = Some((wd, Span::new(ws, ws + word.len())));
            return;
        }
        let after = &self.text[span.end..self.sentence.end];
        let trimmed = after.trim_start_matches([' ', '(', ',']);
        let gap = after.len() - trimmed.len();
        let w_len = trimmed.find(|c: char| !c.is_alphabetic() && c != '.').unwrap_or(trimmed.len());
        if gap <= 3
            && let Some(wd) = Weekday::parse(&trimmed[..w_len])
        {
            let ws = span.end + gap;
            self.last().weekday = Some((wd, Span::new(ws, ws + w_len)));
        }
    }

    /// Scale, currency, percent and unit words after a numeric core ending at `offset`.
    fn tail(&self, offset: usize, is_money: bool) -> Option<Tail> {
        let lex = self.lex;
        let mut pos = offset;
        let mut scale = 1.0;
        let mut took_scale = false;
        // Scale words, possibly several ("1.5 million", "2 lakh crore").
        loop {
            let rest = &self.text[pos..self.sentence.end];
            let skip = rest.len() - rest.trim_start().len();
            let r = &rest[skip..];
            let w_len = r.find(|c: char| !c.is_alphabetic() && !is_cjk_scale(c)).unwrap_or(r.len());
            let w = &r[..w_len];
            let cjk = r.chars().next().is_some_and(is_cjk_scale);
            let (w, w_len) = if cjk {
                let c = r.chars().next().unwrap_or(' ');
                (&r[..c.len_utf8()], c.len_utf8())
            } else {
                (w, w_len)
            };
            // The lowercase retry only when there is an uppercase letter to fold (no allocation
            // for every word after a number).
            let found = lex.scale_words.get(w).or_else(|| {
                w.bytes()
                    .any(|b| b.is_ascii_uppercase())
                    .then(|| lex.scale_words.get(&w.to_ascii_lowercase()))
                    .flatten()
            });
            match found {
                Some(&s) if skip <= 1 && !w.is_empty() && (w != "hundred" || !took_scale) => {
                    scale *= s;
                    took_scale = true;
                    pos += skip + w_len;
                }
                _ => break,
            }
        }
        let rest = &self.text[pos..self.sentence.end];
        let skip = rest.len() - rest.trim_start().len();
        let r = &rest[skip..];
        let base = Tail {
            end: pos,
            kind: FigureKind::Count,
            unit: None,
            scale,
        };
        if skip <= 1 {
            for w in &lex.percent_words {
                if starts_with_word(r, w) && (skip == 1 || !w.chars().all(char::is_alphabetic)) {
                    return Some(Tail {
                        end: pos + skip + w.len(),
                        kind: FigureKind::Percent,
                        unit: Some("%".into()),
                        scale: 1.0,
                    });
                }
            }
            // "25-basis-point cut"
            if r.starts_with('-') && skip == 0 {
                for w in lex.point_words.iter().filter(|w| w.contains('-')) {
                    if starts_with_word(&r[1..], w) {
                        let unit = if w.starts_with('b') { "bp" } else { "pp" };
                        return Some(Tail {
                            end: pos + 1 + w.len(),
                            kind: FigureKind::Percent,
                            unit: Some(unit.into()),
                            scale: 1.0,
                        });
                    }
                }
            }
            if skip == 1 {
                for w in &lex.point_words {
                    if starts_with_word(r, w)
                        && w.starts_with(['p', 'b'])
                        && (w.contains("percentage") || w.starts_with("basis") || w.starts_with("bps"))
                    {
                        let unit = if w.starts_with('b') { "bp" } else { "pp" };
                        return Some(Tail {
                            end: pos + skip + w.len(),
                            kind: FigureKind::Percent,
                            unit: Some(unit.into()),
                            scale: 1.0,
                        });
                    }
                }
            }
            // "320억 원", "3.5億ドル": CJK currency words may stick to the number.
            let cjk_next = r.chars().next().is_some_and(|c| !c.is_ascii() && c.is_alphabetic());
            if !is_money && (skip == 1 || cjk_next) {
                for (w, code) in lex
                    .currency_words_index
                    .get(r.as_bytes().first().copied())
                    .map(|k| &lex.currency_words[k])
                {
                    if starts_with_word(r, w) || (cjk_next && r.starts_with(w.as_str()) && !w.is_ascii()) {
                        return Some(Tail {
                            end: pos + skip + w.len(),
                            kind: FigureKind::Money,
                            unit: Some(code.clone()),
                            scale,
                        });
                    }
                }
            }
            if is_money {
                return Some(base);
            }
            // Units: "300 km", "600-kilometre", "two-day", "24 years", "40C".
            let hy = skip == 0 && r.starts_with(['-', '‑']);
            // The non-breaking hyphen '‑' is three bytes long.
            let hy_len = if hy { r.chars().next().map_or(0, char::len_utf8) } else { 0 };
            let r2 = &r[hy_len..];
            let off = pos + skip + hy_len;
            if skip == 1 || hy {
                for (w, u) in lex
                    .measure_words_index
                    .get(r2.as_bytes().first().copied())
                    .map(|k| &lex.measure_words[k])
                {
                    // Single-letter units ("C", "F", "m") only when stuck to the digits.
                    if starts_with_word(r2, w) && w.chars().nth(1).is_some() {
                        return Some(Tail {
                            end: off + w.len(),
                            kind: FigureKind::Measure,
                            unit: Some(u.unit.clone()),
                            scale,
                        });
                    }
                }
                for (w, u) in lex
                    .duration_words_index
                    .get(r2.as_bytes().first().copied())
                    .map(|k| &lex.duration_words[k])
                {
                    if starts_with_word(r2, w) {
                        let mut end = off + w.len();
                        // "six-year term", "two-day-long"
                        if hy && self.text[end..].starts_with("-long") {
                            end += 5;
                        }
                        return Some(Tail {
                            end,
                            kind: FigureKind::Duration,
                            unit: Some(u.unit.clone()),
                            scale,
                        });
                    }
                }
                // "six more years"
                if skip == 1
                    && let Some(x) = r.strip_prefix("more ")
                    && let Some((w, u)) = lex.duration_words.iter().find(|(w, _)| starts_with_word(x, w))
                {
                    return Some(Tail {
                        end: pos + skip + 5 + w.len(),
                        kind: FigureKind::Duration,
                        unit: Some(u.unit.clone()),
                        scale,
                    });
                }
                if skip == 1 && (starts_with_word(r, "times") || starts_with_word(r, "time")) {
                    let w = if starts_with_word(r, "times") { 5 } else { 4 };
                    return Some(Tail {
                        end: pos + skip + w,
                        kind: FigureKind::Count,
                        unit: Some("times".into()),
                        scale,
                    });
                }
            }
            if skip == 0 {
                for (w, u) in lex
                    .measure_words_index
                    .get(r.as_bytes().first().copied())
                    .map(|k| &lex.measure_words[k])
                {
                    if starts_with_word(r, w) && w.chars().nth(3).is_none() && !w.chars().all(|c| c.is_ascii_lowercase() && w.len() == 1) {
                        return Some(Tail {
                            end: pos + w.len(),
                            kind: FigureKind::Measure,
                            unit: Some(u.unit.clone()),
                            scale,
                        });
                    }
                }
            }
        }
        took_scale.then_some(base)
    }

    /// The noun a count counts ("5,000 troops" → "troops"), when one follows.
    fn count_noun(&self, offset: usize) -> Option<String> {
        // "thousands of" ending a sentence (or a table cell) has its noun beyond the sentence.
        let r = self.text.get(offset..self.sentence.end)?.trim_start();
        let w: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
        let stop = [
            "of", "and", "or", "to", "in", "on", "at", "for", "the", "a", "per", "by", "from", "with", "as", "than", "is", "was", "were",
            "are",
        ];
        (!w.is_empty() && w.chars().all(char::is_lowercase) && !stop.contains(&w.as_str())).then_some(w)
    }

    /// Spelled numbers: "forty-two", "two hundred thousand", "a dozen", "dozens of",
    /// ordinals ("third"), fractions ("a quarter"), hyphenated durations ("two-day").
    fn number_words(&mut self, i: usize) -> Option<usize> {
        let lex = self.lex;
        let t = self.toks[i];
        let word = self.tok(i);
        if !starts_number_word(word, lex) {
            return None;
        }
        let lower = lowercase(word);
        let rest_from_t = &self.text[t.span.start..self.sentence.end];
        // Fixed phrases and fractions ("a dozen", "a quarter", "half a dozen").
        let first = rest_from_t.as_bytes()[0].to_ascii_lowercase();
        let starts_phrase = |phrase: &str| {
            // Most phrases differ in the first letter: rule them out before comparing.
            phrase.as_bytes().first().is_some_and(|b| b.to_ascii_lowercase() == first)
                && rest_from_t.len() >= phrase.len()
                && rest_from_t.is_char_boundary(phrase.len())
                && rest_from_t[..phrase.len()].eq_ignore_ascii_case(phrase)
                && !rest_from_t[phrase.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '‑')
        };
        // The phrase lists are scanned only when the word at hand starts one of their phrases.
        let run = rest_from_t.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest_from_t.len());
        let run_key = &rest_from_t[..run];
        let may_start_phrase = if run_key.bytes().any(|b| b.is_ascii_uppercase()) {
            lex.number_phrase_keys.contains(&run_key.to_ascii_lowercase())
        } else {
            lex.number_phrase_keys.contains(run_key)
        };
        if may_start_phrase {
            // Fractions of a point: "a quarter-point cut", "half a percentage point".
            if let Some((p, v)) = lex.point_phrases.iter().find(|(p, _)| starts_phrase(p)) {
                let end = t.span.start + p.len();
                let unit = if p.contains("percent") && !p.contains("percentage") {
                    "%"
                } else {
                    "pp"
                };
                self.push(Span::new(t.span.start, end), FigureKind::Percent, Some(*v), Some(unit.into()), 1);
                return Some(self.next_token_after(end));
            }
        }
        // "mid-2022", "early-2023", "late 2024" read as the year.
        if let Some(y) = ["mid-", "early-", "late-"].iter().find_map(|p| lower.strip_prefix(p))
            && y.len() == 4
            && let Ok(v) = y.parse::<u16>()
            && (1800..=2100).contains(&v)
        {
            self.push(t.span, FigureKind::Year, Some(f64::from(v)), None, 4);
            return Some(i + 1);
        }
        // "magnitude-six"
        if let Some(rest) = lower.strip_prefix("magnitude-")
            && let Some(&v) = lex.number_units.get(rest)
        {
            self.push(t.span, FigureKind::Measure, Some(v), Some("magnitude".into()), 1);
            return Some(i + 1);
        }
        if may_start_phrase {
            if let Some((p, v)) = lex.fixed_numbers.iter().find(|(p, _)| starts_phrase(p)) {
                let end = t.span.start + p.len();
                let tail = self.tail(end, false);
                let (end, kind, unit, scale) = match tail {
                    Some(tl) => (tl.end, tl.kind, tl.unit, tl.scale),
                    None => (end, FigureKind::Count, self.count_noun(end), 1.0),
                };
                self.push(Span::new(t.span.start, end), kind, Some(v * scale), unit, 2);
                return Some(self.next_token_after(end));
            }
            if let Some((p, v)) = lex.fractions.iter().find(|(p, _)| starts_phrase(p)) {
                // "half" alone is only a figure before "of" ("half of the budget").
                let end = t.span.start + p.len();
                // "a third straight quarter" ranks; "a third of voters" is a share.
                let next: String = self.text[end..self.sentence.end]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                if lex.ordinal_after.contains(next.as_str()) {
                    return None;
                }
                if p != "half" || self.text[end..].trim_start().starts_with("of ") {
                    self.push(Span::new(t.span.start, end), FigureKind::Percent, Some(*v), Some("%".into()), 2);
                    return Some(self.next_token_after(end));
                }
                return None;
            }
            if let Some(p) = lex.vague_numbers.iter().find(|p| starts_phrase(p)) {
                let end = t.span.start + p.len();
                // "thousands of people", not "two thousand" (taken above as a number).
                let unit = self.text[end..]
                    .trim_start()
                    .strip_prefix("of ")
                    .and_then(|_| self.count_noun(end + self.text[end..].find("of ").unwrap_or(0) + 3));
                self.push(Span::new(t.span.start, end), FigureKind::Count, None, unit, 0);
                return Some(self.next_token_after(end));
            }
        }
        // Ordinals, also hyphenated ("second-largest").
        let head = lower.split(['-', '‑']).next().unwrap_or("");
        if let Some(&v) = lex.ordinals.get(head) {
            if head == "second" && self.text[..t.span.start].trim_end().ends_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            // "the first half of March", "the second half of the year", "the third quarter":
            // a part of the calendar.
            if head == lower.as_ref()
                && let Some(end) = self.calendar_part(t.span.end)
            {
                self.push(Span::new(t.span.start, end), FigureKind::Date, None, None, 0);
                return Some(self.next_token_after(end));
            }
            self.push(t.span, FigureKind::Ordinal, Some(v), None, 0);
            return Some(i + 1);
        }
        if lower == "once" || lower == "twice" {
            let v = if lower == "once" { 1.0 } else { 2.0 };
            self.push(t.span, FigureKind::Count, Some(v), Some("times".into()), 0);
            return Some(i + 1);
        }
        // Cardinal number words, possibly hyphenated ("forty-two", "two-day").
        let parts: Vec<&str> = lower.split(['-', '‑']).collect();
        let mut value = 0.0;
        let mut n_num = 0;
        for p in &parts {
            if let Some(&v) = lex.number_units.get(*p) {
                value += v;
                n_num += 1;
            } else {
                break;
            }
        }
        if n_num == 0 {
            return None;
        }
        if n_num < parts.len() {
            // "two-day", "five-year-old", "three-month": a unit after the hyphen.
            let unit_part = &word[word.char_indices().filter(|&(_, c)| c == '-' || c == '‑').nth(n_num - 1)?.0..];
            let tail = self.tail(t.span.start + (word.len() - unit_part.len()), false)?;
            if !matches!(tail.kind, FigureKind::Duration | FigureKind::Measure) {
                return None;
            }
            let mut end = tail.end.max(t.span.end);
            if tail.kind == FigureKind::Duration && self.text[tail.end..].starts_with("-old") {
                end = tail.end + 4;
            }
            let term = self.duration_noun(end);
            let end = term.unwrap_or(end);
            self.push(Span::new(t.span.start, end), tail.kind, Some(value), tail.unit, 0);
            return Some(self.next_token_after(end));
        }
        // Multi-word: "two hundred and fifty thousand".
        let mut end = t.span.end;
        let mut j = i + 1;
        let mut total = 0.0;
        let mut current = value;
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
        let value = total + current;
        let lower_t = lower.as_ref();
        let tail = self.tail(end, false);
        let (end, kind, unit, scale) = match tail {
            Some(tl) => (tl.end, tl.kind, tl.unit, tl.scale),
            None => {
                // "one" alone is mostly a pronoun ("one of the"); keep it only with a noun.
                let noun = self.count_noun(end);
                if lower_t == "one" && j == i + 1 && noun.is_none() {
                    return None;
                }
                (end, FigureKind::Count, noun, 1.0)
            }
        };
        self.push(Span::new(t.span.start, end), kind, Some(value * scale), unit, 0);
        Some(self.next_token_after(end))
    }

    /// " per dollar", " per child", " per litre" after `end`: the end of that phrase and the
    /// currency when the noun is one.
    fn per_unit(&self, end: usize) -> Option<(usize, Option<String>)> {
        let r = self.text[end..self.sentence.end].strip_prefix(" per ")?;
        let lex = self.lex;
        let code = lex
            .currency_words_index
            .get(r.as_bytes().first().copied())
            .map(|k| &lex.currency_words[k])
            .find(|(w, _)| starts_with_word(r, w))
            .map(|(w, c)| (w.len(), c.clone()));
        if let Some((n, c)) = code {
            return Some((end + 5 + n, Some(c)));
        }
        let n = r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len());
        let w = &r[..n];
        (n > 0 && w.chars().all(char::is_lowercase) && !matches!(w, "cent" | "capita" | "annum" | "head")).then_some((end + 5 + n, None))
    }

    /// After an ordinal: " half" or " quarter", with " of March", " of the year", " of 2025"
    /// when written; the end of that calendar part.
    fn calendar_part(&self, after: usize) -> Option<usize> {
        let r = &self.text[after..self.sentence.end];
        let part = ["half", "quarter"]
            .into_iter()
            .find(|w| r.strip_prefix(' ').is_some_and(|x| starts_with_word(x, w)))?;
        let mut end = after + 1 + part.len();
        let rest = &self.text[end..self.sentence.end];
        if let Some(of) = rest.strip_prefix(" of ") {
            let w: String = of.chars().take_while(|c| c.is_alphanumeric()).collect();
            let two: String = of.chars().take_while(|c| c.is_alphanumeric() || *c == ' ').collect();
            let two = two.split(' ').take(2).collect::<Vec<_>>().join(" ");
            if parse_month(&w).is_some() || (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())) {
                end += 4 + w.len();
            } else if matches!(
                two.as_str(),
                "the year" | "this year" | "next year" | "last year" | "the decade" | "the century"
            ) {
                end += 4 + two.len();
            } else if part == "half" {
                // "the first half of the match" is still a part of an event, but "half of the
                // voters" after an ordinal is rare; keep the part alone.
            }
        }
        Some(end)
    }

    /// "six-year term": the noun a duration adjective qualifies, kept in the span when it is
    /// "term" (the only one whose meaning changes the figure).
    fn duration_noun(&self, end: usize) -> Option<usize> {
        let r = &self.text[end..self.sentence.end];
        r.strip_prefix(' ').filter(|x| starts_with_word(x, "term")).map(|_| end + 5)
    }
}

/// Joins neighbouring figures that state one quantity: "19 of 22", "4-1", "three in four",
/// "2014 to 2020", "2.3–2.5C", "the first 36 hours".
fn merge_compounds(text: &str, out: &mut Vec<Figure>) {
    // `out[..=i]` are the figures kept so far; each next one `out[j]` merges into `out[i]` or
    // moves up to `out[i + 1]` (no `Vec::remove`, which shifts every later figure).
    let mut i = 0;
    for j in 1..out.len() {
        let (a, b) = (&out[i], &out[j]);
        if a.sentence != b.sentence {
            i += 1;
            if i != j {
                out.swap(i, j);
            }
            continue;
        }
        let gap = &text[a.span.end..b.span.start];
        let digits = |f: &Figure| f.span.slice(text).starts_with(|c: char| c.is_ascii_digit());
        let merged: Option<(FigureKind, Option<f64>, Option<String>)> = match (a.kind, b.kind) {
            // "19 of 22 economists", "4-1 vote": one count.
            (FigureKind::Count, FigureKind::Count) if digits(a) && digits(b) && (gap == " of " || gap == "-" || gap == "–") => {
                Some((FigureKind::Count, a.value, b.unit.clone().or(a.unit.clone())))
            }
            // "three in four voters": a proportion.
            (FigureKind::Count, FigureKind::Count) if gap == " in " && a.value.zip(b.value).is_some_and(|(x, y)| x < y && y <= 10.0) => {
                Some((
                    FigureKind::Percent,
                    a.value.zip(b.value).map(|(x, y)| 100.0 * x / y),
                    Some("%".into()),
                ))
            }
            // "2014 to 2020", "2021-2027": one period.
            (FigureKind::Year, FigureKind::Year) if matches!(gap, "-" | "–" | " to " | " until " | " through " | " and ") => {
                Some((FigureKind::Year, a.value, None))
            }
            // "2.3–2.5C": a range in the unit of its upper end.
            (FigureKind::Count, FigureKind::Measure | FigureKind::Percent | FigureKind::Money)
                if digits(a) && (gap == "-" || gap == "–") =>
            {
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
        };
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

/// Whether the word's first part (before any hyphen), lowercased, can start a spelled
/// number. Runs for every word of the text: an already-lowercase head (most words) is
/// looked up as it is, without a copy.
fn starts_number_word(word: &str, lex: &Lexicon) -> bool {
    let b = word.as_bytes();
    let mut end = 0;
    let mut lower = true;
    while end < b.len() {
        match b[end] {
            b'-' => break,
            // '‑' (U+2011) is E2 80 91.
            0xE2 if b[end + 1..].starts_with(&[0x80, 0x91]) => break,
            b'a'..=b'z' => {}
            _ => lower = false,
        }
        end += 1;
    }
    let head = &word[..end];
    let known = |h: &str| lex.number_heads.contains(h) || NumberHeadFilter::EXTRA.contains(&h);
    if lower {
        return known(head);
    }
    let mut buf = [0u8; 24];
    match ascii_lowercase_in(head, &mut buf) {
        Some(h) => known(h),
        None => known(&head.to_lowercase()),
    }
}

fn is_cjk_scale(c: char) -> bool {
    matches!(c, '万' | '億' | '亿' | '억' | '조' | '兆' | '千' | '만')
}

fn hyphen_number(w: &str, lex: &Lexicon) -> Option<f64> {
    let mut v = 0.0;
    for p in w.split('-') {
        v += lex.number_units.get(p)?;
    }
    Some(v)
}

fn iso_date(year: i32, after: &str) -> Option<CalendarDate> {
    // "-MM-DD": checked byte by byte, so that the slices below fall on ASCII digits (a
    // multi-byte character after "2026-06-1" must not be cut).
    let b = after.as_bytes();
    let two_digits = |i: usize| b[i].is_ascii_digit() && b[i + 1].is_ascii_digit();
    if b.len() < 6 || b[0] != b'-' || b[3] != b'-' || !two_digits(1) || !two_digits(4) {
        return None;
    }
    let month: u8 = after[1..3].parse().ok()?;
    let day: u8 = after[4..6].parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || b.get(6).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(CalendarDate {
        year: Some(year),
        month,
        day,
        end_day: None,
        year_inferred: false,
    })
}

/// Significant digits as written: "240" → 2, "240.1" → 4, "3,200" → 2, "0.05" → 1.
fn significant_digits(digits: &str) -> u8 {
    // Digits only, without building the string: leading zeros never count, trailing zeros
    // only after a decimal point.
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
#[inline(always)]
fn starts_with_word(s: &str, w: &str) -> bool {
    // Most candidates differ in the first byte: decide that without a `memcmp` call.
    if let (Some(a), Some(b)) = (s.as_bytes().first(), w.as_bytes().first())
        && a != b
    {
        return false;
    }
    s.starts_with(w) && (!s[w.len()..].starts_with(|c: char| c.is_alphanumeric()) || w.ends_with('.'))
}

fn starts_with_any_word(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| starts_with_word(s, w))
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

/// The qualifier right before a figure ("about", "more than"), lowercased.
fn qualifier_before(text: &str, sentence_start: usize, start: usize, lex: &Lexicon) -> Option<String> {
    let before = text[sentence_start..start].trim_end();
    // A qualifier ends with its last word or symbol: most words before a number ("to", "the")
    // end none, and need no lowercasing or search.
    let last = before.chars().next_back()?;
    if last.is_ascii_alphabetic() {
        let run = before.len() - before.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
        let word = &before[run..];
        let non_ascii_letter_before = before[..run].chars().next_back().is_some_and(char::is_alphabetic);
        let mut buf = [0u8; 24];
        if !non_ascii_letter_before
            && let Some(lower_word) = ascii_lowercase_in(word, &mut buf)
            && !lex.qualifier_last_words.contains(lower_word)
        {
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
    let tail = &before[from..];
    if tail.is_ascii() {
        // ASCII lowercasing keeps every byte in place: compare in place, no copy.
        let b = tail.as_bytes();
        return lex
            .qualifiers
            .iter()
            .find(|q| {
                let q = q.as_bytes();
                q.len() <= b.len()
                    && b[b.len() - q.len()..].iter().zip(q).all(|(x, y)| x.to_ascii_lowercase() == *y)
                    && !b[..b.len() - q.len()].last().is_some_and(u8::is_ascii_alphanumeric)
            })
            .cloned();
    }
    let lower = tail.to_lowercase();
    lex.qualifiers
        .iter()
        .find(|q| lower.ends_with(q.as_str()) && !lower[..lower.len() - q.len()].ends_with(|c: char| c.is_alphanumeric()))
        .cloned()
}

/// GUIDELINES: money, percentages, counts and measures a reader could dispute, and ordinals
/// that state a record; not dates, years, ages, the event's own duration, or headlines.
fn is_checkworthy(f: &Figure, text: &str, a: &Analysis, lex: &Lexicon) -> bool {
    if a.is_headline(f.sentence) {
        return false;
    }
    match f.kind {
        FigureKind::Money | FigureKind::Percent | FigureKind::Measure => true,
        FigureKind::Count => {
            // Vague words alone ("dozens") are not a figure to source; "two leaders" names a set.
            // Only ASCII lowercases to "two".
            let two = || f.span.slice(text).eq_ignore_ascii_case("two");
            f.value.is_some() && !(f.value == Some(2.0) && f.unit.is_none() && two()) && !is_age(f, text, a)
        }
        FigureKind::Ordinal => ordinal_states_record(f, text, a, lex),
        FigureKind::Duration => duration_is_claim(f, text, a),
        FigureKind::Date | FigureKind::Year => false,
    }
}

/// "Ana Silva, 34, said", "aged 34", "a man, 62,": a person's age, not a statistic.
fn is_age(f: &Figure, text: &str, a: &Analysis) -> bool {
    if f.unit.is_some() || !f.value.is_some_and(|v| v.fract() == 0.0 && (1.0..130.0).contains(&v)) {
        return false;
    }
    let s = a.sentences[f.sentence].span;
    let before = text[s.start..f.span.start].trim_end();
    let after = &text[f.span.end..s.end];
    let between_commas = before.ends_with(',') && after.starts_with([',', ')']);
    let word_before = before.trim_end_matches(',').rsplit(' ').next().unwrap_or("");
    (between_commas && !word_before.starts_with(|c: char| c.is_ascii_digit())) || before.ends_with("aged") || before.ends_with("age")
}

/// An ordinal states a record ("the fourth meeting between them", "Japan's first female prime
/// minister", "the second-largest economy", "a third straight quarter") unless it counts a part
/// of the event ("the first day", "the third night"), an anniversary, or a place in a list
/// ("second-to-last").
fn ordinal_states_record(f: &Figure, text: &str, a: &Analysis, lex: &Lexicon) -> bool {
    let s = a.sentences[f.sentence].span;
    let word = f.span.slice(text).to_lowercase();
    if let Some((_, rest)) = word.split_once(['-', '‑']) {
        // "second-largest", "third-biggest", "first-ever": a record; "second-to-last" is not.
        return rest.ends_with("est") || rest.ends_with("most") || rest == "ever";
    }
    let after = text[f.span.end..s.end].to_lowercase();
    let words: Vec<&str> = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let Some(&next) = words.first() else { return false };
    let internal = [
        "anniversary",
        "day",
        "days",
        "night",
        "nights",
        "round",
        "half",
        "session",
        "leg",
        "stage",
        "phase",
        "morning",
        "evening",
        "hour",
        "hours",
        "week",
        "of",
        "and",
        "to",
        "place",
        "page",
        "paragraph",
        "item",
        "step",
        "part",
        "lady",
        "deputy",
        "secretary",
        "reading",
    ];
    if internal.contains(&next) {
        return false;
    }
    if words.iter().take(2).any(|w| lex.record_nouns.iter().any(|r| r == w)) {
        return true;
    }
    // After a determiner or a possessive, an ordinal with a noun ranks something.
    let before = text[s.start..f.span.start].trim_end();
    let prev = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    matches!(
        prev.as_str(),
        "the" | "a" | "its" | "his" | "her" | "their" | "our" | "this" | "whose"
    ) || prev.ends_with("'s")
        || prev.ends_with("’s")
}

/// A duration is a claim when it measures something the article reports ("after 16 hours of
/// talks", "has barely grown for three years", "1,400 years ago"), not when it names the
/// event's own length ("a two-day visit", "a six-year term") or a time anchor ("two years ago").
fn duration_is_claim(f: &Figure, text: &str, a: &Analysis) -> bool {
    let span_text = f.span.slice(text);
    if span_text.contains(['-', '‑']) || span_text.contains("more") {
        return false;
    }
    let s = a.sentences[f.sentence].span;
    let after = text[f.span.end..s.end].trim_start();
    if after.starts_with("ago") {
        // Beyond living memory it is a historical claim, not an anchor.
        return f.unit.as_deref() == Some("year") && f.value.is_some_and(|v| v >= 50.0);
    }
    let before = text[s.start..f.span.start].to_lowercase();
    let mut before = before.trim_end();
    if let Some(q) = &f.qualifier {
        before = before.strip_suffix(q.as_str()).unwrap_or(before).trim_end();
    }
    before.ends_with(" for") || before.ends_with(" after") || before == "for" || before == "after"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;
    use std::sync::Arc;

    fn figs(body: &str) -> Vec<(String, FigureKind, Option<f64>, Option<String>)> {
        let text = format!("Headline\n{body}");
        let ctx = Context::new(Arc::new(KnowledgeBase::empty()));
        let a = analyze(&text, &ctx);
        a.figures
            .iter()
            .map(|f| (f.span.slice(&text).to_string(), f.kind, f.value, f.unit.clone()))
            .collect()
    }

    #[test]
    fn head_filter_keeps_every_head_and_rules_out_plain_words() {
        let lex = Lexicon::builtin();
        let heads = &lex.number_head_filter;
        assert!(heads.bits.is_some());
        for h in lex.number_heads.iter().map(String::as_str).chain(NumberHeadFilter::EXTRA) {
            for w in [h.to_string(), h.to_uppercase(), format!("{h}-day"), format!("{h}‑fold")] {
                assert!(heads.may_start(&w), "{w}");
                assert!(!starts_number_word(&w, &lex) || heads.may_start(&w));
            }
        }
        for w in ["the", "said", "Minister", "an", "and", "Reuters"] {
            assert!(!heads.may_start(w), "{w}");
        }
        // Words it cannot judge by ASCII letters are left to the full test.
        assert!(heads.may_start("\u{212A}ilo") && heads.may_start("it's"));
    }

    #[test]
    fn a_non_breaking_hyphen_joins_a_number_word_and_its_unit() {
        // U+2011 is three bytes: the unit after it was once cut inside the character.
        let plain = one("They began a two-day visit.");
        let nb = one("They began a two\u{2011}day visit.");
        assert_eq!(nb.0, "two\u{2011}day");
        assert_eq!((nb.1, nb.2, nb.3), (plain.1, plain.2, plain.3));
    }

    #[test]
    fn a_day_range_with_an_en_dash_ends_after_its_last_day() {
        // '–' is three bytes: the range once ended inside it, and the year after it was sliced
        // there ("May 1–4, 2024" crashed check and the server).
        let hyphen = one("The talks ran May 1-4, 2024 in Nairobi.");
        let dash = one("The talks ran May 1–4, 2024 in Nairobi.");
        assert_eq!(dash.0, "May 1–4, 2024");
        assert_eq!((dash.1, hyphen.0.as_str()), (hyphen.1, "May 1-4, 2024"));
        assert_eq!(one("Talks ran June 3–7.").0, "June 3–7");
    }

    fn one(body: &str) -> (String, FigureKind, Option<f64>, Option<String>) {
        let f = figs(body);
        assert_eq!(f.len(), 1, "{body}: {f:?}");
        f.into_iter().next().unwrap()
    }

    #[test]
    fn a_day_range_with_an_en_dash_keeps_its_days_and_year() {
        // The en dash is three bytes: the range once ended inside it, and the year after it
        // was looked for there ("The summit ran June 3–7 in Vienna." crashed check).
        assert_eq!(one("The summit ran June 3–7 in Vienna.").0, "June 3–7");
        assert_eq!(one("The summit ran June 3–7, 2026 in Vienna.").0, "June 3–7, 2026");
        assert_eq!(one("The summit ran June 3-7 in Vienna.").0, "June 3-7");
        let text = "Headline\nThe summit ran June 3–7, 2026.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let d = a.figures[0].date.unwrap();
        assert_eq!((d.day, d.end_day, d.year), (3, Some(7), Some(2026)));
        assert_eq!(a.day_ranges[0].days, 5);
    }

    #[test]
    fn an_iso_date_cut_by_a_multibyte_character_is_no_date() {
        // "2026-06-1’s": the day's second byte is the first of '’' (three bytes).
        for body in ["It was 2026-06-1’s day.", "It was 2026-0\u{301}6-01.", "It was 2026-06-1\u{a0}1."] {
            let f = figs(body);
            assert!(!f.iter().any(|(_, k, ..)| *k == FigureKind::Date), "{body}: {f:?}");
        }
        assert_eq!(one("It was 2026-06-01.").0, "2026-06-01");
        assert_eq!(one("It was 2026-06-01’s best day.").0, "2026-06-01");
    }

    #[test]
    fn vague_thousands_of_ending_a_table_cell_has_no_noun() {
        // The cell ends after "of": its noun was looked for past the end of the cell.
        let text = "| Year | Note |\n|---|---|\n| 2026 | thousands of | x |\n";
        let ctx = Context::new(Arc::new(KnowledgeBase::empty())).with_format(crate::extract::Format::Markdown);
        let a = analyze(text, &ctx);
        let f = a.figures.iter().find(|f| f.span.slice(text) == "thousands");
        assert_eq!(f.map(|f| (f.kind, f.unit.clone())), Some((FigureKind::Count, None)));
        assert_eq!(one("Thousands of people marched.").3.as_deref(), Some("people"));
    }

    #[test]
    fn money_in_many_forms() {
        let cases: &[(&str, &str, f64, &str)] = &[
            ("It cost $3.2 billion.", "$3.2 billion", 3.2e9, "USD"),
            ("It cost $3.25bn.", "$3.25bn", 3.25e9, "USD"),
            ("It cost US$5m.", "US$5m", 5e6, "USD"),
            ("It cost €3.2bn.", "€3.2bn", 3.2e9, "EUR"),
            ("It cost £40,000.", "£40,000", 4e4, "GBP"),
            ("It cost ¥1.5 trillion.", "¥1.5 trillion", 1.5e12, "JPY"),
            ("It cost 1.5 trillion yen.", "1.5 trillion yen", 1.5e12, "JPY"),
            ("It cost 300 million rupees.", "300 million rupees", 3e8, "INR"),
            ("It cost USD 2 million.", "USD 2 million", 2e6, "USD"),
            ("It cost R$10 billion.", "R$10 billion", 1e10, "BRL"),
        ];
        for (body, span, value, unit) in cases {
            let (s, k, v, u) = one(body);
            assert_eq!((s.as_str(), k, u.as_deref()), (*span, FigureKind::Money, Some(*unit)), "{body}");
            assert!((v.unwrap() - value).abs() < 1.0, "{body}: {v:?}");
        }
    }

    #[test]
    fn percentages_and_points() {
        assert_eq!(one("Prices rose 25 percent.").0, "25 percent");
        assert_eq!(one("Prices rose 25%.").0, "25%");
        assert_eq!(one("Prices rose 25 per cent.").0, "25 per cent");
        let (s, k, _, u) = one("Rates rose 3 percentage points.");
        assert_eq!(
            (s.as_str(), k, u.as_deref()),
            ("3 percentage points", FigureKind::Percent, Some("pp"))
        );
        assert_eq!(one("A quarter of voters stayed home.").1, FigureKind::Percent);
    }

    #[test]
    fn counts_measures_durations_ordinals() {
        assert_eq!(one("He visited 17 times.").0, "17 times");
        assert_eq!(one("About 5,000 troops left.").2, Some(5000.0));
        assert_eq!(one("Forty-two people died.").2, Some(42.0));
        assert_eq!(one("Two hundred thousand people marched.").2, Some(200000.0));
        assert_eq!(one("Dozens of people marched.").2, None);
        assert_eq!(one("A dozen people marched.").2, Some(12.0));
        assert_eq!(one("They built a 600-kilometre pipeline.").1, FigureKind::Measure);
        assert_eq!(one("The line runs 300 km.").3.as_deref(), Some("km"));
        assert_eq!(one("It struck with magnitude 6.1 force.").0, "magnitude 6.1");
        assert_eq!(one("It was 40C outside.").3.as_deref(), Some("°C"));
        assert_eq!(one("Output hit 2.5 million barrels a day.").3.as_deref(), Some("bbl"));
        assert_eq!(one("The three-day summit ended.").1, FigureKind::Duration);
        assert_eq!(one("She won a five-year term.").0, "five-year term");
        assert_eq!(one("It was the third meeting.").1, FigureKind::Ordinal);
        assert_eq!(one("It marks the 50th anniversary.").1, FigureKind::Ordinal);
    }

    #[test]
    fn dates_and_years() {
        assert_eq!(one("They met on March 5.").1, FigureKind::Date);
        assert_eq!(one("They meet March 5-7.").0, "March 5-7");
        assert_eq!(one("They met on 5 March 2026.").0, "5 March 2026");
        assert_eq!(one("They met on 2026-03-05.").0, "2026-03-05");
        assert_eq!(one("They met in 2023.").1, FigureKind::Year);
        assert_eq!(one("They met in February 2022.").0, "February 2022");
        let text = "Headline\nThe ministry said Tuesday (May 14) that it agreed.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let f = &a.figures[0];
        assert_eq!(f.weekday.map(|w| w.0), Some(Weekday::Tuesday));
    }

    #[test]
    fn near_misses_are_not_figures() {
        assert!(figs("The G7 and G20 met over COVID-19 and F-16 jets on I-95.").is_empty());
        assert!(figs("They met at 10:30 and left at 5 p.m.").is_empty());
        assert!(figs("One of the leaders left.").is_empty());
        assert!(figs("The Fed held rates.").is_empty());
    }

    /// (body, figure text, kind, value, unit) for one figure per sentence.
    /// (body, figure text, kind, value, unit)
    type Case<'a> = (&'a str, &'a str, FigureKind, Option<f64>, Option<&'a str>);

    fn check_one(cases: &[Case<'_>]) {
        for (body, span, kind, value, unit) in cases {
            let got = figs(body);
            assert_eq!(got.len(), 1, "{body}: {got:?}");
            let (s, k, v, u) = &got[0];
            assert_eq!((s.as_str(), *k), (*span, *kind), "{body}");
            if let Some(value) = value {
                let v = v.unwrap_or(f64::NAN);
                assert!((v - value).abs() <= value.abs() * 1e-9 + 1e-9, "{body}: value {v}");
            }
            if let Some(unit) = unit {
                assert_eq!(u.as_deref(), Some(*unit), "{body}");
            }
        }
    }

    #[test]
    fn money_family() {
        use FigureKind::Money as M;
        check_one(&[
            ("Aid reached $3.2 billion.", "$3.2 billion", M, Some(3.2e9), Some("USD")),
            ("Aid reached $3.25bn.", "$3.25bn", M, Some(3.25e9), Some("USD")),
            ("Aid reached US$5m.", "US$5m", M, Some(5e6), Some("USD")),
            ("Aid reached €3.2bn.", "€3.2bn", M, Some(3.2e9), Some("EUR")),
            ("Aid reached £40,000.", "£40,000", M, Some(4e4), Some("GBP")),
            ("Aid reached ¥1.5 trillion.", "¥1.5 trillion", M, Some(1.5e12), Some("JPY")),
            ("Aid reached 1.5 trillion yen.", "1.5 trillion yen", M, Some(1.5e12), Some("JPY")),
            ("Aid reached 300 million rupees.", "300 million rupees", M, Some(3e8), Some("INR")),
            ("Aid reached USD 2 million.", "USD 2 million", M, Some(2e6), Some("USD")),
            ("Aid reached R$10 billion.", "R$10 billion", M, Some(1e10), Some("BRL")),
            ("Aid reached $40.", "$40", M, Some(40.0), Some("USD")),
            (
                "Aid reached 26.5 billion Danish kroner.",
                "26.5 billion Danish kroner",
                M,
                Some(2.65e10),
                Some("DKK"),
            ),
            (
                "Aid reached 350 billion kwacha.",
                "350 billion kwacha",
                M,
                Some(3.5e11),
                Some("MWK"),
            ),
            ("Aid reached 320억 원.", "320억 원", M, Some(3.2e10), Some("KRW")),
            (
                "1분기 영업이익은 24조6000억 원이다.",
                "24조6000억 원",
                M,
                Some(2.46e13),
                Some("KRW"),
            ),
            ("Aid reached 3.5億ドル.", "3.5億ドル", M, Some(3.5e8), Some("USD")),
            ("Aid reached ₹500 crore.", "₹500 crore", M, Some(5e9), Some("INR")),
            ("Aid reached HK$12bn.", "HK$12bn", M, Some(1.2e10), Some("HKD")),
            (
                "The peso weakened to 17.62 per dollar.",
                "17.62 per dollar",
                M,
                Some(17.62),
                Some("per USD"),
            ),
            (
                "Families get 20,000 yen per child.",
                "20,000 yen per child",
                M,
                Some(2e4),
                Some("JPY"),
            ),
            ("Petrol fell 25.1 yen per litre.", "25.1 yen per litre", M, Some(25.1), Some("JPY")),
            ("Aid reached 2 million dollars.", "2 million dollars", M, Some(2e6), Some("USD")),
            ("Aid reached €40 million.", "€40 million", M, Some(4e7), Some("EUR")),
            ("Aid reached Rs 500 crore.", "Rs 500 crore", M, Some(5e9), Some("INR")),
            ("Aid reached KSh 300 million.", "KSh 300 million", M, Some(3e8), Some("KES")),
            ("Aid reached Rp 10,000.", "Rp 10,000", M, Some(1e4), Some("IDR")),
        ]);
    }

    #[test]
    fn percent_family() {
        use FigureKind::Percent as P;
        check_one(&[
            ("Prices rose 25 percent.", "25 percent", P, Some(25.0), Some("%")),
            ("Prices rose 25%.", "25%", P, Some(25.0), Some("%")),
            ("Prices rose 25 per cent.", "25 per cent", P, Some(25.0), Some("%")),
            ("Prices rose 2.5 pct.", "2.5 pct", P, Some(2.5), Some("%")),
            ("Rates rose 3 percentage points.", "3 percentage points", P, Some(3.0), Some("pp")),
            ("Rates fell 25 basis points.", "25 basis points", P, Some(25.0), Some("bp")),
            ("It was a 25-basis-point cut.", "25-basis-point", P, Some(25.0), Some("bp")),
            ("It was a quarter-point cut.", "quarter-point", P, Some(0.25), Some("pp")),
            ("Rates could fall half a percent.", "half a percent", P, Some(0.5), Some("%")),
            (
                "Rates could fall half a percentage point.",
                "half a percentage point",
                P,
                Some(0.5),
                Some("pp"),
            ),
            ("A quarter of voters stayed home.", "A quarter", P, Some(25.0), Some("%")),
            ("Two-thirds of voters stayed home.", "Two-thirds", P, Some(66.667), Some("%")),
            ("Half of the voters stayed home.", "Half", P, Some(50.0), Some("%")),
            ("Three in four voters stayed home.", "Three in four", P, Some(75.0), Some("%")),
            ("Turnout was 76 percent of voters.", "76 percent", P, Some(76.0), Some("%")),
        ]);
        // Near misses: "half" alone, points in a game.
        assert!(figs("They left at half time.").is_empty(), "{:?}", figs("They left at half time."));
    }

    #[test]
    fn count_family() {
        use FigureKind::Count as C;
        check_one(&[
            ("He visited 17 times.", "17 times", C, Some(17.0), Some("times")),
            ("About 5,000 troops left.", "5,000", C, Some(5000.0), Some("troops")),
            ("Dozens of people marched.", "Dozens", C, None, None),
            ("Three people died.", "Three", C, Some(3.0), Some("people")),
            ("A dozen people marched.", "A dozen", C, Some(12.0), Some("people")),
            ("Half a dozen people marched.", "Half a dozen", C, Some(6.0), Some("people")),
            ("Two dozen aftershocks followed.", "Two dozen", C, Some(24.0), Some("aftershocks")),
            ("Hundreds of thousands of people marched.", "Hundreds of thousands", C, None, None),
            ("Thousands of people marched.", "Thousands", C, None, None),
            (
                "Two hundred thousand people marched.",
                "Two hundred thousand",
                C,
                Some(2e5),
                Some("people"),
            ),
            ("Forty-two people died.", "Forty-two", C, Some(42.0), Some("people")),
            ("Three million people voted.", "Three million", C, Some(3e6), Some("people")),
            (
                "Nine hundred and ninety-nine people voted.",
                "Nine hundred and ninety-nine",
                C,
                Some(999.0),
                Some("people"),
            ),
            ("It rose by 100s of units.", "100s", C, None, None),
            ("It was passed by 19 of 22 members.", "19 of 22", C, Some(19.0), Some("members")),
            ("It was passed by a 4-1 vote.", "4-1", C, Some(4.0), None),
            ("He voted twice.", "twice", C, Some(2.0), Some("times")),
            ("Some 1.2 million people voted.", "1.2 million", C, Some(1.2e6), Some("people")),
        ]);
    }

    #[test]
    fn measure_family() {
        use FigureKind::Measure as Me;
        check_one(&[
            ("They built a 600-kilometre pipeline.", "600-kilometre", Me, Some(600.0), Some("km")),
            ("The line runs 300 km.", "300 km", Me, Some(300.0), Some("km")),
            ("The line runs 300km.", "300km", Me, Some(300.0), Some("km")),
            (
                "It struck with magnitude 6.1 force.",
                "magnitude 6.1",
                Me,
                Some(6.1),
                Some("magnitude"),
            ),
            ("A 6.3-magnitude quake struck.", "6.3-magnitude", Me, Some(6.3), Some("magnitude")),
            ("A magnitude-six event struck.", "magnitude-six", Me, Some(6.0), Some("magnitude")),
            ("It was 40C outside.", "40C", Me, Some(40.0), Some("°C")),
            ("It was 104F outside.", "104F", Me, Some(104.0), Some("°F")),
            (
                "Output hit 2.5 million barrels a day.",
                "2.5 million barrels",
                Me,
                Some(2.5e6),
                Some("bbl"),
            ),
            ("The camp covers 1.2 sq km.", "1.2 sq km", Me, Some(1.2), Some("km2")),
            ("Warming could reach 2.3–2.5C.", "2.3–2.5C", Me, Some(2.5), Some("°C")),
            ("It holds 480 kilograms of uranium.", "480 kilograms", Me, Some(480.0), Some("kg")),
            ("The fire burned 5,000 hectares.", "5,000 hectares", Me, Some(5000.0), Some("ha")),
        ]);
    }

    #[test]
    fn duration_and_ordinal_family() {
        use FigureKind::{Duration as D, Ordinal as O};
        check_one(&[
            ("The three-day summit ended.", "three-day", D, Some(3.0), Some("day")),
            ("She won a five-year term.", "five-year term", D, Some(5.0), Some("year")),
            ("Talks lasted 16 hours.", "16 hours", D, Some(16.0), Some("hour")),
            ("He rules for six more years.", "six more years", D, Some(6.0), Some("year")),
            (
                "Aftershocks came in the first 36 hours.",
                "first 36 hours",
                D,
                Some(36.0),
                Some("hour"),
            ),
            ("It was a two-day-long visit.", "two-day-long", D, Some(2.0), Some("day")),
            ("It was the third meeting.", "third", O, Some(3.0), None),
            ("It marks the 50th anniversary.", "50th", O, Some(50.0), None),
            ("It is the second-largest economy.", "second-largest", O, Some(2.0), None),
        ]);
    }

    #[test]
    fn date_family() {
        use FigureKind::{Date as Dt, Year as Y};
        check_one(&[
            ("They met on March 5.", "March 5", Dt, None, None),
            ("They meet March 5-7.", "March 5-7", Dt, None, None),
            ("They met on 5 March 2026.", "5 March 2026", Dt, None, None),
            ("They met on 2026-03-05.", "2026-03-05", Dt, None, None),
            ("They met on Thursday (March 5).", "March 5", Dt, None, None),
            ("They met on Jan. 5, 2026.", "Jan. 5, 2026", Dt, None, None),
            ("They met in 2023.", "2023", Y, Some(2023.0), None),
            ("He led it from 2014 to 2020.", "2014 to 2020", Y, Some(2014.0), None),
            ("It covers the 2021-2027 cycle.", "2021-2027", Y, Some(2021.0), None),
            ("Growth slowed in the first half of March.", "first half of March", Dt, None, None),
            (
                "Growth will pick up in the second half of the year.",
                "second half of the year",
                Dt,
                None,
                None,
            ),
            ("Growth slowed in the third quarter.", "third quarter", Dt, None, None),
            ("Rates peaked in mid-2022.", "mid-2022", Y, Some(2022.0), None),
            ("Prices rose in the 1990s.", "1990s", Y, Some(1990.0), None),
        ]);
        // Relative dates are not figures.
        assert!(figs("It happened earlier this month and last year.").is_empty());
    }

    #[test]
    fn non_figures() {
        for body in [
            "The G7 and G20 met over COVID-19.",
            "F-16 jets flew over I-95.",
            "They met at 10:30 and left at 5 p.m.",
            "One of the leaders left.",
            "It adopted Resolution 2231 on Iran.",
            "The Fed held rates.",
            "They used 5G and 3D printers.",
        ] {
            assert!(figs(body).is_empty(), "{body}: {:?}", figs(body));
        }
        // List numbering, with and without a bullet before it.
        let text = "Headline\n- 1.Le Monde\n- 12.CGTN\n2) Next item\n3. Last item with 40 people";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let got: Vec<&str> = a.figures.iter().map(|f| f.span.slice(text)).collect();
        assert_eq!(got, ["40"]);
    }

    #[test]
    fn qualifiers_family() {
        let text = "Headline\nAbout 3 died, nearly 4 fled, almost 5 hid, more than 6 left, at least 7 wept, up to 8 ran, some 9 sat, roughly 10 ate, over 11 slept, under 12 woke.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let q: Vec<_> = a.figures.iter().map(|f| f.qualifier.as_deref().unwrap_or("-")).collect();
        assert_eq!(
            q,
            [
                "about",
                "nearly",
                "almost",
                "more than",
                "at least",
                "up to",
                "some",
                "roughly",
                "over",
                "under"
            ]
        );
    }

    fn checkworthy(body: &str) -> Vec<(String, bool)> {
        let text = format!("Headline with 3 figures\n{body}");
        let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
        a.figures
            .iter()
            .filter(|f| !a.is_headline(f.sentence))
            .map(|f| (f.span.slice(&text).to_string(), f.checkworthy))
            .collect()
    }

    #[test]
    fn checkworthiness() {
        let yes = |b: &str, f: &str| assert!(checkworthy(b).contains(&(f.to_string(), true)), "{b}: {:?}", checkworthy(b));
        let no = |b: &str, f: &str| assert!(checkworthy(b).contains(&(f.to_string(), false)), "{b}: {:?}", checkworthy(b));
        yes("The bridge cost $3 billion.", "$3 billion");
        yes("It is the fourth in-person meeting between them.", "fourth");
        yes("She became Japan's first female prime minister.", "first");
        yes("It was the first written understanding between them.", "first");
        yes("Investment fell for a third straight quarter.", "third");
        yes("It is Latin America's second-largest economy.", "second-largest");
        yes("The deal came after 16 hours of talks.", "16 hours");
        yes("The economy has barely grown for three years.", "three years");
        yes("Culture entered Japan 1,400 years ago.", "1,400 years");
        yes("Some 300 families will move.", "300");
        no("Ana Silva, 34, said she would stay.", "34");
        no("A man aged 62 was hurt.", "62");
        no("It marks the 75th anniversary of ties.", "75th");
        no("The first day of the summit was calm.", "first");
        no("The first nights were the worst.", "first");
        no("The budget is the second-to-last of the cycle.", "second-to-last");
        no("He began a two-day visit.", "two-day");
        no("He began a six-year term.", "six-year term");
        no("The easing began two years ago.", "two years");
        no("The meeting lasted about 90 minutes.", "90 minutes");
        no("He will rule for six more years.", "six more years");
        no("They met on March 5.", "March 5");
        no("They met in 2023.", "2023");
        // Headlines never.
        let text = "Quake kills 34 in Sulawesi\nThe toll rose, officials said.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        assert!(!a.figures[0].checkworthy);
    }

    #[test]
    fn qualifiers_are_recorded_not_spanned() {
        let text = "Headline\nAt least 30 people died and nearly $5 billion was lost.";
        let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let q: Vec<_> = a.figures.iter().map(|f| (f.span.slice(text), f.qualifier.as_deref())).collect();
        assert_eq!(q, [("30", Some("at least")), ("$5 billion", Some("nearly"))]);
    }

    #[test]
    fn generated_currencies_and_curated_ones_win() {
        use FigureKind::Money as M;
        check_one(&[
            ("Aid reached 120 crore taka.", "120 crore taka", M, Some(1.2e9), Some("BDT")),
            ("Aid reached 1.2 billion taka.", "1.2 billion taka", M, Some(1.2e9), Some("BDT")),
            ("Fees reached 1,500 taka.", "1,500 taka", M, Some(1500.0), Some("BDT")),
            ("Aid reached 38 billion taka.", "38 billion taka", M, Some(3.8e10), Some("BDT")),
            ("Aid reached 2.3 million cedis.", "2.3 million cedis", M, Some(2.3e6), Some("GHS")),
            (
                "Aid reached 5 million Ghanaian cedis.",
                "5 million Ghanaian cedis",
                M,
                Some(5e6),
                Some("GHS"),
            ),
            (
                "Aid reached 40 billion Nigerian naira.",
                "40 billion Nigerian naira",
                M,
                Some(4e10),
                Some("NGN"),
            ),
            ("Aid reached 12 million dalasis.", "12 million dalasis", M, Some(1.2e7), Some("GMD")),
            ("Aid reached 3 billion kyat.", "3 billion kyat", M, Some(3e9), Some("MMK")),
            ("Aid reached 900 million tenge.", "900 million tenge", M, Some(9e8), Some("KZT")),
            (
                "Aid reached 2.5 billion Iraqi dinars.",
                "2.5 billion Iraqi dinars",
                M,
                Some(2.5e9),
                Some("IQD"),
            ),
            (
                "Aid reached 7 million Tanzanian shillings.",
                "7 million Tanzanian shillings",
                M,
                Some(7e6),
                Some("TZS"),
            ),
            (
                "Aid reached 10 million Moroccan dirhams.",
                "10 million Moroccan dirhams",
                M,
                Some(1e7),
                Some("MAD"),
            ),
            ("Aid reached 500 million ringgit.", "500 million ringgit", M, Some(5e8), Some("MYR")),
            (
                "Aid reached 80 million Omani rials.",
                "80 million Omani rials",
                M,
                Some(8e7),
                Some("OMR"),
            ),
            (
                "Aid reached 300 million Sri Lankan rupees.",
                "300 million Sri Lankan rupees",
                M,
                Some(3e8),
                Some("LKR"),
            ),
            (
                "Aid reached 4 billion Ugandan shillings.",
                "4 billion Ugandan shillings",
                M,
                Some(4e9),
                Some("UGX"),
            ),
            (
                "Aid reached 4 billion Uganda shillings.",
                "4 billion Uganda shillings",
                M,
                Some(4e9),
                Some("UGX"),
            ),
            ("Aid reached GHS 12 million.", "GHS 12 million", M, Some(1.2e7), Some("GHS")),
            ("Aid reached UGX 4 billion.", "UGX 4 billion", M, Some(4e9), Some("UGX")),
            ("Aid reached KZT 300 billion.", "KZT 300 billion", M, Some(3e11), Some("KZT")),
            ("Aid reached Tk 500 crore.", "Tk 500 crore", M, Some(5e9), Some("BDT")),
            ("Aid reached GH₵2.3 million.", "GH₵2.3 million", M, Some(2.3e6), Some("GHS")),
            ("Aid reached ৳1,000.", "৳1,000", M, Some(1000.0), Some("BDT")),
            ("Aid reached ₦96.3bn.", "₦96.3bn", M, Some(9.63e10), Some("NGN")),
            // Words several currencies share go to the curated one.
            ("Aid reached 300 million francs.", "300 million francs", M, Some(3e8), Some("CHF")),
            ("Aid reached 5 million pesos.", "5 million pesos", M, Some(5e6), Some("MXN")),
            ("Aid reached 2 billion won.", "2 billion won", M, Some(2e9), Some("KRW")),
            (
                "Aid reached 9 million Argentine pesos.",
                "9 million Argentine pesos",
                M,
                Some(9e6),
                Some("ARS"),
            ),
        ]);
        let lex = Lexicon::builtin();
        let code = |w: &str| lex.currency_words.iter().find(|(x, _)| x == w).map(|(_, c)| c.as_str());
        assert_eq!(code("francs"), Some("CHF"));
        assert_eq!(code("dinars"), None, "shared by many currencies");
        assert!(
            lex.currency_symbols
                .iter()
                .all(|(s, _)| !matches!(s.as_str(), "COP" | "TOP" | "SDG" | "ALL" | "AMD"))
        );
    }

    #[test]
    fn currency_codes_that_read_as_words_stay_counts() {
        for (body, span) in [
            ("Leaders met at COP 28 in Dubai.", "28"),
            ("The TOP 10 list came out.", "10"),
            ("Goal SDG 4 covers schooling.", "4"),
            ("The bill passed 5 sum votes.", "5"),
        ] {
            let got = figs(body);
            assert!(
                got.iter().any(|(s, k, _, _)| s == span && *k != FigureKind::Money),
                "{body}: {got:?}"
            );
            assert!(got.iter().all(|(_, k, _, _)| *k != FigureKind::Money), "{body}: {got:?}");
        }
    }

    #[test]
    fn south_asian_scales() {
        use FigureKind::{Count as C, Money as M};
        check_one(&[
            ("Aid reached ₹2 lakh crore.", "₹2 lakh crore", M, Some(2e12), Some("INR")),
            ("Aid reached Rs 5 lakh.", "Rs 5 lakh", M, Some(5e5), Some("INR")),
            (
                "Aid reached 3.5 lakh crore rupees.",
                "3.5 lakh crore rupees",
                M,
                Some(3.5e12),
                Some("INR"),
            ),
            (
                "It cost two lakh crore rupees.",
                "two lakh crore rupees",
                M,
                Some(2e12),
                Some("INR"),
            ),
            ("It cost five crore rupees.", "five crore rupees", M, Some(5e7), Some("INR")),
            ("Some 3 lakh people fled.", "3 lakh", C, Some(3e5), None),
            ("Some 12 crores were spent.", "12 crores", C, Some(1.2e8), None),
            ("Two thousand million people voted.", "Two thousand million", C, Some(2e9), None),
        ]);
    }

    #[test]
    fn stuck_naira_needs_evidence() {
        use FigureKind::Money as M;
        check_one(&[
            ("Profit reached N96.3bn.", "N96.3bn", M, Some(9.63e10), Some("NGN")),
            ("Shares closed at N1,233.60.", "N1,233.60", M, Some(1233.6), Some("NGN")),
            (
                "It paid a dividend of N4.50 per share.",
                "N4.50 per share",
                M,
                Some(4.5),
                Some("NGN"),
            ),
            ("It paid N2 per share.", "N2 per share", M, Some(2.0), Some("NGN")),
            ("Revenue hit N2.5 trillion.", "N2.5 trillion", M, Some(2.5e12), Some("NGN")),
            ("Revenue hit N450m.", "N450m", M, Some(4.5e8), Some("NGN")),
            ("Revenue hit N1.2tn.", "N1.2tn", M, Some(1.2e12), Some("NGN")),
            ("Fares rose to N1,500.", "N1,500", M, Some(1500.0), Some("NGN")),
            ("Revenue hit N3 billion.", "N3 billion", M, Some(3e9), Some("NGN")),
        ]);
        // A letter before digits is a road, a mask, a model, a grid square or a code.
        for body in [
            "He drove along the N1 towards the coast.",
            "Nurses wore N95 masks.",
            "The N2.5 engine was quiet.",
            "The N7 motorway closed.",
            "The unit sits in square N12.",
            "Model N10x sold well.",
            "The N3.1.2 release shipped.",
            "They took the N1,2 exit.",
        ] {
            assert!(
                figs(body).iter().all(|(_, k, _, _)| *k != FigureKind::Money),
                "{body}: {:?}",
                figs(body)
            );
        }
        // Other capital letters are not naira.
        assert!(
            figs("The M4 carried 96.3bn.")
                .iter()
                .all(|(_, _, _, u)| u.as_deref() != Some("NGN"))
        );
        assert!(figs("The P96.3bn budget.").iter().all(|(_, _, _, u)| u.as_deref() != Some("NGN")));
    }

    #[test]
    fn production_rates() {
        use FigureKind::Measure as Me;
        check_one(&[
            ("Output was 41,200 boepd.", "41,200 boepd", Me, Some(41200.0), Some("boe/d")),
            ("Output was 41,200 boe/d.", "41,200 boe/d", Me, Some(41200.0), Some("boe/d")),
            (
                "Output rose to 30,000 barrels of oil equivalent per day.",
                "30,000 barrels of oil equivalent per day",
                Me,
                Some(3e4),
                Some("boe/d"),
            ),
            ("Reserves hold 120 million boe.", "120 million boe", Me, Some(1.2e8), Some("boe")),
            ("Output hit 120,000 bpd.", "120,000 bpd", Me, Some(1.2e5), Some("bbl/d")),
            (
                "Output hit 1.2 million barrels per day.",
                "1.2 million barrels per day",
                Me,
                Some(1.2e6),
                Some("bbl/d"),
            ),
            (
                "Output hit 2.5 million barrels a day.",
                "2.5 million barrels",
                Me,
                Some(2.5e6),
                Some("bbl"),
            ),
            (
                "Gas sold at 3 dollars per mcf.",
                "3 dollars per mcf",
                FigureKind::Money,
                Some(3.0),
                Some("USD"),
            ),
            ("Wells made 500 mcf.", "500 mcf", Me, Some(500.0), Some("mcf")),
            ("Wells made 80 MMcf.", "80 MMcf", Me, Some(80.0), Some("MMcf")),
            ("Reserves hold 3 tcf.", "3 tcf", Me, Some(3.0), Some("tcf")),
            (
                "The field holds 1.5 trillion cubic feet.",
                "1.5 trillion cubic feet",
                Me,
                Some(1.5e12),
                Some("ft3"),
            ),
            (
                "Russia shipped 20 billion cubic metres.",
                "20 billion cubic metres",
                Me,
                Some(2e10),
                Some("m3"),
            ),
            ("The plant makes 90 MMscfd.", "90 MMscfd", Me, Some(90.0), Some("MMscf/d")),
            (
                "The plant makes 2,000 tonnes per day.",
                "2,000 tonnes per day",
                Me,
                Some(2000.0),
                Some("t/d"),
            ),
            ("The plant makes 2,000 tpd.", "2,000 tpd", Me, Some(2000.0), Some("t/d")),
        ]);
    }

    #[test]
    fn cjk_date_counters_are_not_counts() {
        let found: Vec<String> = figs("회사는 23일 1분기 실적을 발표했다. 3月5日に発表した。직원 300명이 참석했다.")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(found, ["300"]);
    }
}
