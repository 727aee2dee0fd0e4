//! Calendar dates and weekdays: parsing month and weekday names and the dates an article
//! writes ("March 5-7, 2026", "5 March", "2026-03-05", "the first half of 2025"), the weekday
//! a date falls on, and the article's reference date that supplies missing years.

use serde::Deserialize;

use super::{Analysis, Context, FigureKind};
use crate::text::{SentenceTokens, Span, Token, TokenKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }

    /// A full weekday name, or an abbreviation written with its period ("Tues.").
    pub fn parse(word: &str) -> Option<Weekday> {
        let abbrev = word.strip_suffix('.');
        Weekday::ALL.into_iter().find(|d| {
            let n = d.name();
            word == n || abbrev.is_some_and(|w| w.len() >= 3 && n.starts_with(w))
        })
    }

    /// Days from `self` forward to `other` (0..7).
    pub fn days_until(self, other: Weekday) -> u32 {
        (other as u32 + 7 - self as u32) % 7
    }
}

/// A date as the article states it; the year may come from context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: Option<i32>,
    pub month: u8,
    pub day: u8,
    /// The last day of a range within one month ("March 5-7").
    pub end_day: Option<u8>,
    /// True when the year was supplied by context, not written next to the date.
    pub year_inferred: bool,
}

/// The calendar words of `data/lexicon/dates.toml`, a part of the one
/// [`Lexicon`](super::Lexicon).
#[derive(Debug, Deserialize)]
pub struct DateWords {
    /// The month names, January first.
    months: Vec<String>,
    /// A term of office, for `arithmetic-mismatch`.
    pub terms: TermWords,
}

/// The head words of a quantity key that make a duration a term of office.
#[derive(Debug, Deserialize)]
pub struct TermWords {
    /// Words that name a term ("term", "mandate").
    pub heads: Vec<String>,
    /// Words saying when it stops ("expires", "until").
    pub ends: Vec<String>,
}

impl DateWords {
    /// Parses `data/lexicon/dates.toml` (compiled in and parsed by tests: a failure is a build
    /// defect).
    pub fn load() -> DateWords {
        toml::from_str(include_str!("../../data/lexicon/dates.toml")).expect("data/lexicon/dates.toml is valid")
    }

    /// "March", "Mar.", "Sept." → 3 or 9. Case-sensitive: month names are capitalised in
    /// prose. Abbreviations need their period ("Jan" alone is a first name).
    pub fn month(&self, word: &str) -> Option<u8> {
        let abbrev = word.strip_suffix('.').filter(|w| (3..=4).contains(&w.len()));
        self.months
            .iter()
            .position(|m| m == word || abbrev.is_some_and(|w| m.starts_with(w)))
            .and_then(|i| u8::try_from(i + 1).ok())
    }
}

/// A date written month first at token `i` of the sentence `sentence` (whose tokens are
/// `toks`): "March 5", "Sept. 5th", "March 16-17, 2026", "May 2024". Its span and date.
pub(super) fn month_first_at(text: &str, words: &DateWords, sentence: Span, toks: &[Token], i: usize) -> Option<(Span, CalendarDate)> {
    let t = toks[i];
    // Month names are capitalised: most words end here.
    if !t.span.slice(text).starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let month = month_at(text, words, t)?;
    let mend = end_with_period(text, t);
    let rest = &text[mend..sentence.end];
    let lead = rest.len() - rest.trim_start().len();
    if lead != 1 {
        return None;
    }
    let r = &rest[lead..];
    let n = r.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || r[n..].starts_with(|c: char| c.is_alphabetic() && !matches!(c, 's' | 'n' | 'r' | 't')) {
        return None;
    }
    let num: u32 = r[..n].parse().ok()?;
    let end = mend + lead + n;
    let date = CalendarDate {
        year: None,
        month,
        day: 0,
        end_day: None,
        year_inferred: false,
    };
    if n == 4 && (1800..=2100).contains(&num) {
        let date = CalendarDate {
            year: Some(num as i32),
            ..date
        };
        return Some((Span::new(t.span.start, end), date));
    }
    if !(1..=31).contains(&num) || n > 2 {
        return None;
    }
    let date = CalendarDate { day: num as u8, ..date };
    let (date, end) = day_range_and_year(text, sentence, date, end + ordinal_suffix_len(&r[n..]));
    Some((Span::new(t.span.start, end), date))
}

/// The length of an ordinal suffix ("st" of "5th") at the start of `s`, else 0.
fn ordinal_suffix_len(s: &str) -> usize {
    let stands_alone = ["st", "nd", "rd", "th"]
        .iter()
        .any(|sfx| s.starts_with(sfx) && !s[2..].starts_with(char::is_alphanumeric));
    if stands_alone { 2 } else { 0 }
}

/// After a date's day ending at `end`: the last day of a range ("16-17", "16–17") and a year
/// (", 2026"), when written; the date with them and its new end.
fn day_range_and_year(text: &str, sentence: Span, mut date: CalendarDate, mut end: usize) -> (CalendarDate, usize) {
    let after = &text[end..sentence.end];
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
    if let Some((y, e)) = year_after(text, sentence, end) {
        date.year = Some(y);
        end = e;
    }
    (date, end)
}

/// A date written day first: the day `day` at token `i`, then a month ("5 March", "5 March
/// 2026"). Its span and date.
pub(super) fn day_first_at(
    text: &str,
    words: &DateWords,
    sentence: Span,
    toks: &[Token],
    i: usize,
    day: u8,
) -> Option<(Span, CalendarDate)> {
    let next = toks.get(i + 1).filter(|t| t.kind == TokenKind::Word)?;
    let month = month_at(text, words, *next)?;
    let mut end = end_with_period(text, *next);
    let mut year = None;
    if let Some((y, e)) = year_after(text, sentence, end) {
        year = Some(y);
        end = e;
    }
    let date = CalendarDate {
        year,
        month,
        day,
        end_day: None,
        year_inferred: false,
    };
    Some((Span::new(toks[i].span.start, end), date))
}

/// "-MM-DD" after the year `year`: an ISO date ("2026-03-05").
pub(super) fn iso_date(year: i32, after: &str) -> Option<CalendarDate> {
    // Checked byte by byte, so that the slices below fall on ASCII digits (a multi-byte
    // character after "2026-06-1" must not be cut).
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

/// The month named by the word token `t`, with a following period when there is one ("Jan.").
fn month_at(text: &str, words: &DateWords, t: Token) -> Option<u8> {
    let w = t.span.slice(text);
    if text[t.span.end..].starts_with('.') {
        words.month(&format!("{w}."))
    } else {
        words.month(w)
    }
}

/// The end of the word token `t`, after its period when it is an abbreviation ("Jan.").
fn end_with_period(text: &str, t: Token) -> usize {
    let w = t.span.slice(text);
    if w.len() <= 4 && text[t.span.end..].starts_with('.') {
        t.span.end + 1
    } else {
        t.span.end
    }
}

/// ", 2026" or " 2026" right after `offset`: the year and where it ends.
fn year_after(text: &str, sentence: Span, offset: usize) -> Option<(i32, usize)> {
    let rest = &text[offset..sentence.end];
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

/// A weekday written just before the date at `date`: "Tuesday (May 14)", "Tuesday, March 5",
/// "on Thursday March 5"; or just after it: "May 14 (Tuesday)". The weekday and its span.
pub(super) fn weekday_beside(text: &str, sentence: Span, date: Span) -> Option<(Weekday, Span)> {
    let before = text[sentence.start..date.start].trim_end_matches([' ', '(', ',']);
    // Just after the last character that cannot be in a weekday (it may be multi-byte: “).
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic() && c != '.')
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    let gap = date.start - sentence.start - before.len();
    if gap <= 3
        && let Some(wd) = Weekday::parse(word)
    {
        let ws = sentence.start + word_start;
        return Some((wd, Span::new(ws, ws + word.len())));
    }
    let after = &text[date.end..sentence.end];
    let trimmed = after.trim_start_matches([' ', '(', ',']);
    let gap = after.len() - trimmed.len();
    let w_len = trimmed.find(|c: char| !c.is_alphabetic() && c != '.').unwrap_or(trimmed.len());
    let wd = Weekday::parse(&trimmed[..w_len]).filter(|_| gap <= 3)?;
    let ws = date.end + gap;
    Some((wd, Span::new(ws, ws + w_len)))
}

/// After an ordinal ending at `after`: " half" or " quarter", with " of March", " of the
/// year", " of 2025" when written; the end of that part of the calendar. `spans` are the
/// phrases that name a whole span after "of" ("the year", "the decade").
pub(super) fn calendar_part(text: &str, words: &DateWords, sentence: Span, after: usize, spans: &[String]) -> Option<usize> {
    let r = &text[after..sentence.end];
    let part = ["half", "quarter"].into_iter().find(|w| {
        r.strip_prefix(' ')
            .is_some_and(|x| x.starts_with(w) && !x[w.len()..].starts_with(char::is_alphanumeric))
    })?;
    let mut end = after + 1 + part.len();
    // "the first half of the match" is still a part of an event, but "half of the voters"
    // after an ordinal is rare: without a month, year or span the part stands alone.
    if let Some(of) = text[end..sentence.end].strip_prefix(" of ") {
        let w: String = of.chars().take_while(|c| c.is_alphanumeric()).collect();
        let two: String = of.chars().take_while(|c| c.is_alphanumeric() || *c == ' ').collect();
        let two = two.split(' ').take(2).collect::<Vec<_>>().join(" ");
        if words.month(&w).is_some() || (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())) {
            end += 4 + w.len();
        } else if spans.contains(&two) {
            end += 4 + two.len();
        }
    }
    Some(end)
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The weekday of a proleptic Gregorian date (Sakamoto's method).
pub fn weekday_of(year: i32, month: u8, day: u8) -> Weekday {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let dow = (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[(month as usize - 1) % 12] + day as i32).rem_euclid(7);
    // Sakamoto gives 0 = Sunday.
    Weekday::ALL[((dow + 6) % 7) as usize]
}

/// The date a Markdown article's front matter gives it (`date: 2026-05-14`, also with a time
/// after the day, quoted, or written "May 14, 2026" / "14 May 2026"). `text` is the file as
/// written (the front matter is not prose).
pub fn front_matter_date(text: &str, words: &DateWords) -> Option<CalendarDate> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    for line in lines {
        let line = line.trim();
        if line == fence || line == "..." {
            return None;
        }
        let Some((k, v)) = line.split_once([':', '=']) else { continue };
        if !k.trim().eq_ignore_ascii_case("date") {
            continue;
        }
        return parse_written_date(v.trim().trim_matches(['"', '\'']), words);
    }
    None
}

/// "2026-05-14" (a time may follow), "May 14, 2026" or "14 May 2026".
fn parse_written_date(v: &str, calendar: &DateWords) -> Option<CalendarDate> {
    let full = |year: i32, month: u8, day: u8| {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(CalendarDate {
            year: Some(year),
            month,
            day,
            end_day: None,
            year_inferred: false,
        })
    };
    let iso = v
        .get(..10)
        .filter(|d| d.as_bytes().get(4) == Some(&b'-') && d.as_bytes().get(7) == Some(&b'-'));
    if let Some(d) = iso {
        let (y, m, dd) = (d.get(..4)?.parse().ok()?, d.get(5..7)?.parse().ok()?, d.get(8..10)?.parse().ok()?);
        return full(y, m, dd);
    }
    let words: Vec<&str> = v.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [m, d, y] if calendar.month(m).is_some() => full(y.parse().ok()?, calendar.month(m)?, d.parse().ok()?),
        [d, m, y] if calendar.month(m).is_some() => full(y.parse().ok()?, calendar.month(m)?, d.parse().ok()?),
        _ => None,
    }
}

/// The article's own date, for ordering the statements of a running total: its front matter's
/// `date:`, else a full date in its dateline, else the first full date of its opening paragraph.
/// A year or day supplied by context does not count; file times never do.
fn article_date(front_matter: Option<CalendarDate>, dateline: Option<CalendarDate>, a: &Analysis) -> Option<CalendarDate> {
    let full = |d: &CalendarDate| d.year.is_some() && !d.year_inferred && d.day > 0 && d.month > 0;
    if let Some(d) = front_matter {
        return Some(d);
    }
    if let Some(d) = dateline.filter(full) {
        return Some(d);
    }
    let opening = a.paragraphs.iter().position(|p| p.kind == crate::text::ParagraphKind::Body)?;
    a.figures
        .iter()
        .filter(|f| f.kind == FigureKind::Date && a.sentences.get(f.sentence).is_some_and(|s| s.paragraph == opening))
        .filter_map(|f| f.date)
        .find(full)
}

/// Sets the article's reference date and gives year-less dates a year: from the reference
/// date (the dateline's date, the front matter's, or the first date with a year), else the
/// configured default. Also sets [`Analysis::article_date`].
pub(super) fn resolve(ctx: &Context, front_matter: Option<CalendarDate>, a: &mut Analysis) {
    let dateline_date = a.dateline.as_ref().and_then(|d| {
        a.figures
            .iter()
            .find(|f| f.kind == FigureKind::Date && d.span.covers(f.span))
            .and_then(|f| f.date)
    });
    // A full date has a day, a month and a year: "since March 2024" says nothing of today.
    let first_full = a.figures.iter().filter_map(|f| f.date).find(|d| d.year.is_some() && d.day > 0);
    a.article_date = article_date(front_matter, dateline_date, a);
    let first_full = front_matter.or(first_full);
    let year = dateline_date
        .and_then(|d| d.year)
        .or(first_full.and_then(|d| d.year))
        .or(ctx.default_year);
    a.reference_date = match (dateline_date, first_full) {
        (Some(d), _) => Some(CalendarDate {
            year: d.year.or(year),
            year_inferred: d.year.is_none(),
            ..d
        }),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    };
    if let Some(y) = year {
        for f in &mut a.figures {
            if let Some(d) = &mut f.date
                && d.year.is_none()
            {
                d.year = Some(y);
                d.year_inferred = true;
            }
        }
    }
}

/// A stated span of days: "June 3-7" (5 days), "from Thursday to Saturday" (3 days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    pub span: Span,
    /// Days counted inclusively.
    pub days: u32,
    pub sentence: usize,
}

/// Date ranges ("June 3-7") and weekday ranges ("from Thursday to Saturday", "Monday-Wednesday",
/// "between Monday and Friday"), in text order.
pub(super) fn ranges(text: &str, a: &Analysis, tokens: &SentenceTokens) -> Vec<DayRange> {
    let mut out: Vec<DayRange> = a
        .figures
        .iter()
        .filter_map(|f| {
            let d = f.date?;
            let end = d.end_day?;
            (d.day > 0 && end >= d.day).then(|| DayRange {
                span: f.span,
                days: u32::from(end - d.day) + 1,
                sentence: f.sentence,
            })
        })
        .collect();
    for (si, s) in a.sentences.iter().enumerate() {
        // Every weekday name and abbreviation starts with one of these: most sentences need
        // no tokens here.
        let b = s.span.slice(text).as_bytes();
        let is_weekday_at = |i: usize| matches!(b.get(i..i + 3), Some(b"Mon" | b"Tue" | b"Wed" | b"Thu" | b"Fri" | b"Sat" | b"Sun"));
        let may_name_weekday =
            memchr::memchr3_iter(b'M', b'T', b'W', b).any(is_weekday_at) || memchr::memchr2_iter(b'F', b'S', b).any(is_weekday_at);
        if !may_name_weekday {
            continue;
        }
        let toks = tokens.of(si);
        let word = |i: usize| toks.get(i).map(|t| t.span.slice(text)).unwrap_or("");
        for i in 0..toks.len() {
            // Every range below starts with a weekday name or abbreviation at token `i`.
            let starts_weekday = matches!(
                text.as_bytes().get(toks[i].span.start..toks[i].span.start + 3),
                Some(b"Mon" | b"Tue" | b"Wed" | b"Thu" | b"Fri" | b"Sat" | b"Sun")
            );
            if toks[i].kind != TokenKind::Word || !starts_weekday {
                continue;
            }
            // "Monday-Wednesday" is one token.
            if let Some((x, y)) = word(i).split_once(['-', '–'])
                && let (Some(first), Some(last)) = (Weekday::parse(x), Weekday::parse(y))
            {
                out.push(DayRange {
                    span: toks[i].span,
                    days: first.days_until(last) + 1,
                    sentence: si,
                });
                continue;
            }
            let Some(first) = Weekday::parse(word(i)) else { continue };
            // "Thursday to Saturday", "Thursday through Saturday", "Thursday-Saturday",
            // "between Thursday and Saturday".
            let link = word(i + 1);
            let between = i > 0 && word(i - 1).eq_ignore_ascii_case("between");
            let ok = matches!(link, "to" | "through" | "until" | "till" | "-" | "–") || (between && link == "and");
            if !ok {
                continue;
            }
            let Some(last) = Weekday::parse(word(i + 2)) else { continue };
            let start = if i > 0 && (word(i - 1).eq_ignore_ascii_case("from") || between) {
                toks[i - 1].span.start
            } else {
                toks[i].span.start
            };
            out.push(DayRange {
                span: Span::new(start, toks[i + 2].span.end),
                days: first.days_until(last) + 1,
                sentence: si,
            });
        }
    }
    out.sort_by_key(|r| r.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_own_date_comes_from_front_matter_dateline_or_opening_paragraph() {
        use crate::extract::{Format, analyze};
        let kb = crate::kb::KnowledgeBase::embedded();
        let date = |text: &str, format: Format| {
            analyze(text, &Context::new(kb.clone()).with_format(format))
                .article_date
                .map(|d| (d.year, d.month, d.day))
        };
        let md = "---\ntitle: \"Floods — día 3 🌧\"\ndate: \"2026-03-04T08:00:00Z\"\n---\n# Floods\n\nSEOUL, May 1, 2026 — Rain fell.\n";
        assert_eq!(date(md, Format::Markdown), Some((Some(2026), 3, 4)));
        // The dateline's full date; a dateline without a year is no article date.
        assert_eq!(
            date("Rain\nSEOUL, May 1, 2026 — Rain fell.\n", Format::Plain),
            Some((Some(2026), 5, 1))
        );
        assert_eq!(
            date("Rain\nSEOUL, May 1 — Rain fell on March 3, 2026.\n", Format::Plain),
            Some((Some(2026), 3, 3))
        );
        // The first full date of the opening paragraph, not a later one.
        assert_eq!(
            date(
                "Rain\nRain fell on 4 March 2026 in Busan.\n\nIt last fell on May 9, 2025.\n",
                Format::Plain
            ),
            Some((Some(2026), 3, 4))
        );
        assert_eq!(
            date("Rain\nRain fell in Busan.\n\nIt last fell on May 9, 2025.\n", Format::Plain),
            None
        );
        let words = DateWords::load();
        let front_matter_date = |text: &str| front_matter_date(text, &words);
        assert_eq!(
            front_matter_date("---\ndate: 14 May 2026\n---\n").map(|d| (d.month, d.day)),
            Some((5, 14))
        );
        assert_eq!(
            front_matter_date("---\ndate: May 14, 2026\n---\n").map(|d| (d.month, d.day)),
            Some((5, 14))
        );
        assert_eq!(front_matter_date("---\ndate: 2026-02-30\n---\n"), None);
        assert_eq!(front_matter_date("---\ntitle: x\n---\ndate: 2026-02-03\n"), None);
        assert_eq!(front_matter_date("date: 2026-02-03\n"), None);
    }

    #[test]
    fn weekdays_of_known_dates() {
        assert_eq!(weekday_of(2024, 5, 14), Weekday::Tuesday);
        assert_eq!(weekday_of(2026, 3, 5), Weekday::Thursday);
        assert_eq!(weekday_of(2000, 2, 29), Weekday::Tuesday);
        assert_eq!(weekday_of(1979, 3, 23), Weekday::Friday);
        assert_eq!(weekday_of(2026, 11, 23), Weekday::Monday);
    }

    #[test]
    fn month_and_weekday_names() {
        let words = DateWords::load();
        let parse_month = |w: &str| words.month(w);
        assert_eq!(words.month("January"), Some(1));
        assert_eq!(words.month("December"), Some(12));
        assert_eq!(parse_month("March"), Some(3));
        assert_eq!(parse_month("Sept."), Some(9));
        assert_eq!(parse_month("Jan."), Some(1));
        assert_eq!(parse_month("Jan"), None);
        assert_eq!(parse_month("Mayor"), None);
        assert_eq!(parse_month("may"), None);
        assert_eq!(words.month("Octob."), None);
        assert_eq!(Weekday::parse("Tues."), Some(Weekday::Tuesday));
        assert_eq!(Weekday::parse("Thursday"), Some(Weekday::Thursday));
        assert_eq!(Weekday::parse("Sunny"), None);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(Weekday::Thursday.days_until(Weekday::Friday), 1);
    }

    #[test]
    fn day_ranges() {
        use crate::extract::{Context, analyze};
        let text = "Talks\nThe summit runs June 3-7. Voting lasts from Thursday to Saturday, and talks run Monday-Wednesday.\n";
        let a = analyze(text, &Context::new(std::sync::Arc::new(crate::kb::KnowledgeBase::empty())));
        let got: Vec<(&str, u32)> = a.day_ranges.iter().map(|r| (r.span.slice(text), r.days)).collect();
        assert_eq!(got, [("June 3-7", 5), ("from Thursday to Saturday", 3), ("Monday-Wednesday", 3)]);
    }
}
