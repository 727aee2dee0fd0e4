//! `arithmetic-mismatch`: a stated percentage change that disagrees with the two values it
//! connects, parts that exceed the total their sentence opens with, a term whose length
//! disagrees with its years, or an "Nth anniversary" that disagrees with the founding year.
//!
//! ```text
//! Exports rose 40% to $5.2 billion from $4.8 billion.
//!              ^^^ arithmetic-mismatch (the values give 8.3%)
//! The bloc, founded in 1967, marks its 50th anniversary this year.   (a 2026 article)
//!                                      ^^^^ arithmetic-mismatch (59th)
//! Of the 120 people killed, 80 died in Lima and 50 in Callao.
//!        ^^^ arithmetic-mismatch (the parts add up to 130)
//! | Germany   | €1.5 billion     |
//! | France    | €900 million     |
//! | **Total** | **€2.8 billion** |
//!                 ^^^^^^^^^^^^ arithmetic-mismatch (the rows above add up to 2.4 billion)
//! She began a six-year term in 2020 that runs until 2027.
//!             ^^^^^^^^^^^^^ arithmetic-mismatch (2020 to 2027 is 7 years)
//! ```
//! The change, the new level and the previous level ("from …") come from the quantity keys
//! of one sentence and must share a dimension; the change is checked within the precision
//! it was written with (and 10% for "about"). An anniversary is checked against the one
//! founding year the article states ("founded", "established", "opened in …"). A table's
//! total row (labelled "Total", "Overall" …) is checked against the money or counts above it
//! in its column, each read as written (±half its last digit); a column with a gap may only
//! fall short of its total. A term's
//! length is checked against its start year (the duration's own time anchor) and one later
//! bare year of its sentence that the sentence marks as its end ("until", "ends", "runs to").

use super::{Code, CodeInfo, Finding, Rule, RuleContext, Severity};
use crate::extract::quantity::marker;
use crate::extract::{Analysis, Dimension, FigureKind, Quantity};
use rustc_hash::FxHashMap as HashMap;

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "arithmetic-mismatch",
    severity: Severity::Warning,
    summary: "A stated change, percentage or total that disagrees with the stated values",
    doc: r#"A stated percentage change that disagrees with the two values it connects
("rose 40% to $5.2 billion from $4.8 billion" — the values give 8.3%), within the precision of
each; and an "Nth anniversary" that disagrees with the one founding year the article states
and the year the anniversary falls in (the article's year, "next year", or a stated year):
"founded in 1967 … its 50th anniversary" in a 2026 article (it is the 59th); and a term's
length against its start year and the end year its sentence states ("began a six-year term in
2020 that runs until 2027" — seven years). A term cut short ("elected in 2018 to a five-year
term, she resigned in 2021") is not flagged: the later year must be marked as the term's end.
Parts against the total their sentence opens with ("Of the 120 people killed, 80 died in Lima
and 50 in Callao" — 130): only an excess is flagged, since parts may leave some out; unqualified
counts are exact, "about" allows its range. A table's total row (labelled "Total", "Overall",
"Sum" …, in Markdown or in plain-text `|` rows) against the money or counts above it in its
column (back to the header or an earlier total row), each read as written, within half its
last digit: "€1.5 billion, €900 million, €1.1 billion, €1.0 billion … **Total** €4.8 billion"
(they add up to €4.5 billion). A column with an empty cell may only fall short of its total;
columns of percentages, changes or mixed currencies are not added up.
"#,
};

pub struct ArithmeticMismatch;

/// The values a level's digits allow: half the place of its last written digit either side.
/// Qualified ("about $5 billion") or digitless levels keep the range their quantity gives.
fn as_written(a: &Analysis, q: &crate::extract::Quantity) -> (f64, f64) {
    let f = &a.figures[q.figure];
    if f.step > 0.0 && f.qualifier.is_none() && (q.low..=q.high).contains(&q.value) {
        let half = f.step / 2.0;
        // The quantity's value is in base units; scale the step the same way.
        let scale = f.value.filter(|v| *v != 0.0).map_or(1.0, |v| q.value / v);
        return (q.value - half * scale, q.value + half * scale);
    }
    (q.low, q.high)
}

impl Rule for ArithmeticMismatch {
    fn code(&self) -> Code {
        Code::ArithmeticMismatch
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        let text = cx.article.text;
        anniversaries(cx, a, out);
        terms(cx, a, out);
        totals(cx, a, out);
        table_totals(cx, a, out);
        // A change's levels are looked for in its own sentence: its quantities gathered once,
        // in the article's order (a long file has thousands of sentences with figures).
        let mut by_sentence: HashMap<usize, Vec<&Quantity>> = HashMap::default();
        for q in &a.quantities {
            by_sentence.entry(a.figures[q.figure].sentence).or_default().push(q);
        }
        for change in &a.quantities {
            let cf = &a.figures[change.figure];
            if change.key.dimension != Dimension::Percent || change.key.markers & marker::CHANGE == 0 || cf.kind != FigureKind::Percent {
                continue;
            }
            let same_sentence = by_sentence.get(&cf.sentence).into_iter().flatten().copied().filter(|q| q.figure != change.figure);
            let levels: Vec<_> = same_sentence.filter(|q| q.key.dimension != Dimension::Percent).collect();
            let previous = levels.iter().find(|q| q.key.markers & marker::PREVIOUS != 0);
            let Some(previous) = previous else { continue };
            // "Profit grew 33% to N96bn, while revenue rose to N412bn from N325bn": the change and
            // its two values must be about the same thing when their clauses say what.
            let shares = |x: &[String], y: &[String]| x.is_empty() || y.is_empty() || x.iter().any(|h| y.contains(h));
            if !shares(&change.key.heads, &previous.key.heads) {
                continue;
            }
            let current = levels.iter().find(|q| {
                q.key.markers & marker::PREVIOUS == 0
                    && q.key.dimension == previous.key.dimension
                    && shares(&q.key.heads, &previous.key.heads)
            });
            let Some(current) = current else { continue };
            if previous.value == 0.0 {
                continue;
            }
            // The change the two values allow, from their extreme readings. Values stated
            // side by side are read as written ("from 100 to 130": those numbers, not 100 as
            // "somewhere near a hundred"), unless a qualifier widens them.
            let (current_low, current_high) = as_written(a, current);
            let (previous_low, previous_high) = as_written(a, previous);
            let lo = (current_low - previous_high) / previous_high * 100.0;
            let hi = (current_high - previous_low) / previous_low * 100.0;
            let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            let implied = (current.value - previous.value) / previous.value * 100.0;
            // "fell 20%" states a size; the sign comes from the verb.
            let stated_matches = |sign: f64| {
                let (x, y) = (sign * change.low, sign * change.high);
                x.max(y) >= lo && x.min(y) <= hi
            };
            if stated_matches(1.0) || stated_matches(-1.0) {
                continue;
            }
            let message = format!(
                "{} does not match the change from {} to {}, which is {:.1}%",
                cf.span.slice(text),
                a.figures[previous.figure].span.slice(text),
                a.figures[current.figure].span.slice(text),
                implied.abs()
            );
            let mut finding = Finding::new(Code::ArithmeticMismatch, cf.span, message);
            for q in [previous, current] {
                finding.related.push(cx.related_here(a.figures[q.figure].span));
            }
            out.push(finding);
        }
    }
}

/// "Of the 120 people killed, 80 … and 50 …": parts of one sentence that together exceed the
/// total it opens with (parts may leave some out, so only an excess is a contradiction).
fn totals(cx: &RuleContext<'_>, a: &Analysis, out: &mut Vec<Finding>) {
    let text = cx.article.text;
    for total in a.quantities.iter().filter(|q| q.key.markers & marker::TOTAL != 0) {
        let sentence = a.figures[total.figure].sentence;
        let parts: Vec<_> = a
            .quantities
            .iter()
            .filter(|q| q.figure > total.figure && a.figures[q.figure].sentence == sentence)
            .filter(|q| q.key.dimension == total.key.dimension && q.key.markers & (marker::CHANGE | marker::PREVIOUS | marker::TOTAL) == 0)
            .collect();
        if parts.len() < 2 {
            continue;
        }
        // Unqualified counts are exact ("80 died"); a qualifier ("about 80") allows its range.
        let exact = std::iter::once(total)
            .chain(parts.iter().copied())
            .all(|q| a.figures[q.figure].qualifier.is_none());
        let stated: f64 = parts.iter().map(|q| q.value).sum();
        let least: f64 = parts.iter().map(|q| q.low).sum();
        if (exact && stated <= total.value) || (!exact && least <= total.high) {
            continue;
        }
        let f = &a.figures[total.figure];
        let message = format!("the parts of {} add up to {stated}, more than the total", f.span.slice(text));
        let mut finding = Finding::new(Code::ArithmeticMismatch, f.span, message);
        for q in parts {
            finding.related.push(cx.related_here(a.figures[q.figure].span));
        }
        out.push(finding);
    }
}

/// A table's total row against the rows above it (up to the header or an earlier total
/// row), column by column: only money in one currency and counts add up (a column of changes
/// or shares has no sum), and a cell with two figures leaves its column unchecked.
fn table_totals(cx: &RuleContext<'_>, a: &Analysis, out: &mut Vec<Finding>) {
    let text = cx.article.text;
    // The quantities inside a cell.
    let within = |cell: crate::text::Span| -> Vec<&crate::extract::Quantity> {
        a.quantities.iter().filter(|q| cell.covers(a.figures[q.figure].span)).map(|q| &**q).collect()
    };
    let summable = |q: &crate::extract::Quantity| {
        matches!(q.key.dimension, Dimension::Money(_) | Dimension::Count) && q.key.markers & (marker::CHANGE | marker::PREVIOUS) == 0
    };
    for table in &a.tables {
        let mut first_part = 1;
        for &t in &table.totals {
            let parts_rows = &table.rows[first_part..t];
            first_part = t + 1;
            for (column, &cell) in table.rows[t].iter().enumerate() {
                let [total] = within(cell)[..] else { continue };
                if !summable(total) {
                    continue;
                }
                let mut parts = Vec::new();
                let mut gaps = false;
                let mut unclear = false;
                for row in parts_rows {
                    match row.get(column).map(|&c| within(c)).as_deref() {
                        None | Some([]) => gaps = true,
                        Some([q]) if summable(q) && q.key.dimension == total.key.dimension => parts.push(*q),
                        Some(_) => unclear = true,
                    }
                }
                if unclear || parts.is_empty() || parts_rows.len() < 2 {
                    continue;
                }
                let (total_low, total_high) = as_written(a, total);
                let (low, high) = parts
                    .iter()
                    .map(|q| as_written(a, q))
                    .fold((0.0, 0.0), |(l, h), (x, y)| (l + x, h + y));
                // Parts a gap leaves out can only make the column fall short.
                if low <= total_high && (gaps || high >= total_low) {
                    continue;
                }
                let sum: f64 = parts.iter().map(|q| q.value).sum();
                let f = &a.figures[total.figure];
                let message = format!(
                    "{} does not match the rows above it in its column, which add up to {}",
                    f.span.slice(text),
                    amount(sum, &total.key.dimension)
                );
                let mut finding = Finding::new(Code::ArithmeticMismatch, f.span, message);
                for q in parts {
                    finding.related.push(cx.related_here(a.figures[q.figure].span));
                }
                out.push(finding);
            }
        }
    }
}

/// A sum for a message: "EUR 4.5 billion", "1,250".
fn amount(value: f64, dimension: &Dimension) -> String {
    let (scaled, scale) = [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")]
        .into_iter()
        .find(|(s, _)| value.abs() >= *s)
        .map_or((value, ""), |(s, word)| (value / s, word));
    let digits = format!("{scaled:.3}");
    let digits = if digits.contains('.') {
        digits.trim_end_matches('0').trim_end_matches('.')
    } else {
        &digits
    };
    match dimension {
        Dimension::Money(code) => format!("{code} {digits}{scale}"),
        _ => format!("{digits}{scale}"),
    }
}

/// "A five-year term from 2022 to 2026": the stated length against the stated years.
fn terms(cx: &RuleContext<'_>, a: &Analysis, out: &mut Vec<Finding>) {
    let text = cx.article.text;
    // Head words that name a term of office, and words saying when it stops.
    let words = &cx.lexicon.dates.terms;
    let in_dateline = |span| a.dateline.as_ref().is_some_and(|d| d.span.covers(span));
    for q in &a.quantities {
        let f = &a.figures[q.figure];
        if f.kind != FigureKind::Duration || !q.key.heads.iter().any(|h| words.heads.contains(h)) {
            continue;
        }
        let Some(start) = q.key.year else { continue };
        let stated = (q.value / 365.25).round();
        if stated < 1.0 || (q.value / 365.25 - stated).abs() > 0.01 {
            continue;
        }
        let ends_named = q.key.heads.iter().any(|h| words.ends.contains(h));
        let later: Vec<(usize, i32)> = a
            .figures
            .iter()
            .enumerate()
            .filter(|(_, g)| g.sentence == f.sentence && g.kind == FigureKind::Year && !in_dateline(g.span))
            .filter_map(|(i, g)| g.value.map(|v| (i, v as i32)))
            .filter(|&(_, y)| y > start)
            .collect();
        let [(end_figure, end)] = later.as_slice() else { continue };
        let end_marked = a
            .quantities
            .iter()
            .any(|o| o.figure == *end_figure && o.key.markers & marker::END != 0);
        if !(ends_named || end_marked) || f64::from(end - start) == stated {
            continue;
        }
        let message = format!(
            "{} does not match {start} to {end}, which is {} years",
            f.span.slice(text),
            end - start
        );
        let mut finding = Finding::new(Code::ArithmeticMismatch, f.span, message);
        finding.related.push(cx.related_here(a.figures[*end_figure].span));
        out.push(finding);
    }
}

/// "Nth anniversary" against the article's one founding year.
fn anniversaries(cx: &RuleContext<'_>, a: &Analysis, out: &mut Vec<Finding>) {
    let text = cx.article.text;
    let mut founded: Vec<&crate::extract::Quantity> = a
        .quantities
        .iter()
        .filter(|q| q.key.dimension == Dimension::When && q.key.kinds.iter().any(|k| k == "opened") && q.key.markers == 0)
        .map(|q| &**q)
        .collect();
    founded.dedup_by(|x, y| x.value == y.value);
    let [founding] = founded.as_slice() else { return };
    for an in &a.anniversaries {
        let Some(year) = an.year else { continue };
        let expected = year - founding.value as i32;
        if expected <= 0 || expected == an.nth as i32 {
            continue;
        }
        let f = &a.figures[an.figure];
        let message = format!(
            "{} anniversary does not match {} ({} years in {year})",
            f.span.slice(text),
            a.figures[founding.figure].span.slice(text),
            expected
        );
        let mut finding = Finding::new(Code::ArithmeticMismatch, f.span, message);
        finding.related.push(cx.related_here(a.figures[founding.figure].span));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn percentage_change_against_values() {
        check_rule(
            Code::ArithmeticMismatch,
            r#"Exports
Exports rose 40% to $5.2 billion from $4.8 billion, the ministry said.
             ^^^ arithmetic-mismatch
Imports rose 8% to $5.2 billion from $4.8 billion, the ministry said.
Sales fell 20% to 400 units from 500 units.
Sales fell about 25% to 400 units from 500 units.
                 ^^^ arithmetic-mismatch
Sales fell about 20% to 400 units from 500 units.
Sales fell about 21% to 400 units from 500 units.
Prices fell 14 percent to $2.05 from $2.38 per kilogram.
Profit grew 33% to $96 million, while revenue rose to $412 million from $325 million.
The price rose 20% from 100 to 130, the ministry said.
               ^^^ arithmetic-mismatch
Revenue rose 20% to $130 million from $100 million, the firm said.
             ^^^ arithmetic-mismatch
The price rose 30% from 100 to 130, the ministry said.
Revenue rose about 30% to roughly $130 million from $100 million, the firm said.
Output rose 3% from 1,200 to 1,240 tonnes, the ministry said.
"#,
        );
    }

    #[test]
    fn parts_against_a_stated_total() {
        check_rule(
            Code::ArithmeticMismatch,
            r#"Floods
Of the 120 people killed, 80 died in Lima and 50 in Callao, police said.
       ^^^ arithmetic-mismatch
Of the 120 people killed, 80 died in Lima and 30 in Callao, police said.
Of the 120 people killed, about 80 died in Lima and about 45 in Callao, police said.
Of those polled, 1,200 backed the plan.
The 120 victims included 80 in Lima and 50 in Callao.
"#,
        );
    }

    #[test]
    fn table_total_rows_against_their_columns() {
        check_rule(
            Code::ArithmeticMismatch,
            r#"Pledges
The ministry published the pledges.

| Donor | Pledge | Change |
|---|---|---|
| Germany | €1.5 billion | 12% |
| France | €900 million | 3% |
| **Total** | **€2.8 billion** | 15% |
                ^^^^^^^^^^^^ arithmetic-mismatch

| Region | Deaths |
|---|---|
| North | 1,200 |
| South | 850 |
| Overall | 2,050 |

| Region | Deaths |
|---|---|
| North | 1,200 |
| South | |
| Total | 1,900 |

| Region | Deaths |
|---|---|
| North | 1,200 |
| South | |
| Total | 900 |
          ^^^ arithmetic-mismatch

| Fund | 2025 | 2026 |
|---|---|---|
| Roads | $1.2 billion | $1.3 billion |
| Rail | $0.8 billion | 2.1 billion yen |
| Total | $2.0 billion | $3.0 billion |
"#,
        );
    }

    #[test]
    fn term_length_against_its_years() {
        check_rule(
            Code::ArithmeticMismatch,
            r#"Court
LIMA, March 3, 2026 — Ruiz was elected in 2021 to a five-year term that ends in 2026, the court said.
She began a six-year term in 2020 that runs until 2027, officials said.
            ^^^^^^^^^^^^^ arithmetic-mismatch
His four-year term runs from 2022 to 2026.
Elected in 2018 to a five-year term, she resigned in 2021.
The council approved a five-year plan in 2020 that ends in 2027.
"#,
        );
    }

    #[test]
    fn anniversaries_against_the_founding_year() {
        check_rule(
            Code::ArithmeticMismatch,
            r#"Bloc
JAKARTA, March 3, 2026 — The bloc, founded in 1967, marks its 50th anniversary this week.
                                                              ^^^^ arithmetic-mismatch
Leaders will celebrate the 59th anniversary with a dinner.
Its 60th anniversary next year will be held in Manila.
"#,
        );
    }
}
