//! `weekday-mismatch`: a weekday written next to a date it does not fall on.
//!
//! ```text
//! The summit opened on Tuesday, March 5, 2026.
//!                      ^^^^^^^^^^^^^^^^^^^^^^ weekday-mismatch
//! ```
//! The year is the date's own, else the article's reference date or `default_year`; with no
//! year at all no check is made. The fix replaces the weekday with the right one.

use super::{Code, CodeInfo, Finding, Fix, Rule, RuleContext, Severity};
use crate::extract::weekday_of;
use crate::text::Span;

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "weekday-mismatch",
    severity: Severity::Error,
    summary: "A weekday next to a date that falls on another weekday",
    doc: r#"A weekday next to a date it does not fall on ("Tuesday, March 5, 2026" — a
Thursday). The year is the date's own, else the article's dateline or first full date, else
`default_year`; with no year, no check is made. Fix: the right weekday.
"#,
};

pub struct WeekdayMismatch;

impl Rule for WeekdayMismatch {
    fn code(&self) -> Code {
        Code::WeekdayMismatch
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        for f in &cx.article.analysis.figures {
            let (Some(date), Some((stated, wspan))) = (f.date, f.weekday) else {
                continue;
            };
            let Some(year) = date.year else { continue };
            if date.day == 0 || date.day > crate::extract::days_in_month(year, date.month) {
                continue;
            }
            let actual = weekday_of(year, date.month, date.day);
            // "Thursday to Friday (May 16-17)": the weekday next to a range may name its end.
            let end_matches = date
                .end_day
                .is_some_and(|e| e <= crate::extract::days_in_month(year, date.month) && weekday_of(year, date.month, e) == stated);
            if actual == stated || end_matches {
                continue;
            }
            let span = Span::new(wspan.start.min(f.span.start), wspan.end.max(f.span.end));
            // An inferred year is the article's own when its date states one, else the
            // configured `default_year`.
            let dated = cx.article.analysis.reference_date.is_some_and(|d| d.year.is_some() && !d.year_inferred);
            let year_note = match (date.year_inferred, dated) {
                (false, _) => String::new(),
                (true, true) => format!(" (year {year} from the article's date)"),
                (true, false) => format!(" (year {year} from `default_year`)"),
            };
            let message = format!(
                "{} falls on a {}, not a {}{year_note}",
                f.span.slice(cx.article.text),
                actual.name(),
                stated.name()
            );
            let mut finding = Finding::new(Code::WeekdayMismatch, span, message);
            finding.fixes.push(Fix {
                title: format!("Change to {}", actual.name()),
                edits: vec![(wspan, actual.name().to_string())],
            });
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn weekdays_against_dates() {
        check_rule(
            Code::WeekdayMismatch,
            r#"Headline
The summit opened on Tuesday, March 5, 2026.
                     ^^^^^^^^^^^^^^^^^^^^^^ weekday-mismatch
It closed on Thursday, March 5, 2026, as planned.
The ministry said Thursday (May 14) that talks went well.
Leaders meet Thursday to Friday (March 5-6, 2026).
"#,
        );
    }

    #[test]
    fn year_comes_from_the_article() {
        check_rule(
            Code::WeekdayMismatch,
            r#"Headline
Talks began on March 2, 2026 in Geneva.
They resumed on Friday, March 6 and again on Monday, March 10.
                                             ^^^^^^^^^^^^^^^^ weekday-mismatch
"#,
        );
    }

    #[test]
    fn no_year_no_check() {
        check_rule(
            Code::WeekdayMismatch,
            r#"Headline
They resumed on Monday, March 10.
"#,
        );
    }
}
