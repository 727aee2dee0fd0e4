//! `arithmetic-mismatch`: a stated percentage change that disagrees with the two values it
//! connects.
//!
//! ```text
//! Exports rose 40% to $5.2 billion from $4.8 billion.
//!              ^^^ arithmetic-mismatch (the values give 8.3%)
//! ```
//! The change, the new level and the previous level ("from …") come from the quantity keys
//! of one sentence and must share a dimension; the change is checked within the precision
//! it was written with (and 10% for "about").

use super::{Code, Finding, Related, Rule, RuleContext};
use crate::extract::quantity::marker;
use crate::extract::{Dimension, FigureKind};

pub struct ArithmeticMismatch;

impl Rule for ArithmeticMismatch {
    fn code(&self) -> Code {
        Code::ArithmeticMismatch
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        let text = cx.article.text;
        for change in &a.quantities {
            let cf = &a.figures[change.figure];
            if change.key.dimension != Dimension::Percent || change.key.markers & marker::CHANGE == 0 || cf.kind != FigureKind::Percent {
                continue;
            }
            let same_sentence = a
                .quantities
                .iter()
                .filter(|q| a.figures[q.figure].sentence == cf.sentence && q.figure != change.figure);
            let levels: Vec<_> = same_sentence.filter(|q| q.key.dimension != Dimension::Percent).collect();
            let previous = levels.iter().find(|q| q.key.markers & marker::PREVIOUS != 0);
            let Some(previous) = previous else { continue };
            let current = levels
                .iter()
                .find(|q| q.key.markers & marker::PREVIOUS == 0 && q.key.dimension == previous.key.dimension);
            let Some(current) = current else { continue };
            if previous.value == 0.0 {
                continue;
            }
            // The change the two values allow, from their extreme readings.
            let lo = (current.low - previous.high) / previous.high * 100.0;
            let hi = (current.high - previous.low) / previous.low * 100.0;
            let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            let implied = (current.value - previous.value) / previous.value * 100.0;
            // "fell 20%" states a size; the sign comes from the verb.
            let stated_matches = |sign: f64| sign * change.high >= lo && sign * change.low <= hi;
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
                let s = a.figures[q.figure].span;
                finding.related.push(Related {
                    doc: cx.article.key.to_string(),
                    span: s,
                    message: s.slice(text).to_string(),
                });
            }
            out.push(finding);
        }
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
"#,
        );
    }
}
