//! `duration-mismatch`: a stated duration that disagrees with a stated span of days.
//!
//! ```text
//! The three-day summit runs June 3-7 in Lisbon.
//!     ^^^^^^^^^ duration-mismatch
//! ```
//! A duration in days ("three-day", "two days") is compared with a date range ("June 3-7")
//! or weekday range ("from Thursday to Saturday") of its sentence, else with the only range
//! of its paragraph. Days are counted inclusively: "June 3-7" is five days.

use super::{Code, CodeInfo, Finding, Related, Rule, RuleContext, Severity};
use crate::extract::{DayRange, FigureKind};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "duration-mismatch",
    severity: Severity::Warning,
    summary: "A stated duration that disagrees with a stated range",
    doc: r#"A stated duration that disagrees with a stated range ("a three-day summit …
June 3-7", "a two-day visit from Thursday to Saturday"). The duration is compared with a date
or weekday range of its sentence, else with the only range of its paragraph; days are counted
inclusively ("June 3-7" is five days).
"#,
};

pub struct DurationMismatch;

impl Rule for DurationMismatch {
    fn code(&self) -> Code {
        Code::DurationMismatch
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        for f in &a.figures {
            if f.kind != FigureKind::Duration || f.unit.as_deref() != Some("day") || f.qualifier.is_some() {
                continue;
            }
            let Some(days) = f.value.filter(|v| v.fract() == 0.0 && *v >= 1.0) else {
                continue;
            };
            let para = a.sentences[f.sentence].paragraph;
            let in_sentence: Vec<&DayRange> = a.day_ranges.iter().filter(|r| r.sentence == f.sentence).collect();
            let candidates = if in_sentence.is_empty() {
                let in_para: Vec<&DayRange> = a.day_ranges.iter().filter(|r| a.sentences[r.sentence].paragraph == para).collect();
                if in_para.len() == 1 { in_para } else { Vec::new() }
            } else {
                in_sentence
            };
            // Any range of the sentence that matches settles it ("two-day visit, Thursday to
            // Friday (May 16-17)").
            if candidates.is_empty() || candidates.iter().any(|r| f64::from(r.days) == days) {
                continue;
            }
            let r = candidates[0];
            let text = cx.article.text;
            let message = format!(
                "{} does not match {}, which is {} day{}",
                f.span.slice(text),
                r.span.slice(text),
                r.days,
                if r.days == 1 { "" } else { "s" }
            );
            let mut finding = Finding::new(Code::DurationMismatch, f.span, message);
            finding.related.push(Related {
                doc: cx.article.key.to_string(),
                span: r.span,
                message: format!("{} ({} days)", r.span.slice(text), r.days),
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
    fn durations_against_ranges() {
        check_rule(
            Code::DurationMismatch,
            r#"Summits
The three-day summit runs June 3-7 in Lisbon.
    ^^^^^^^^^ duration-mismatch
The two-day visit runs from Thursday to Saturday.
    ^^^^^^^ duration-mismatch
The two-day visit runs from Thursday to Friday (May 16-17).
A five-day conference opens on June 3-7 in Porto.
"#,
        );
    }
}
