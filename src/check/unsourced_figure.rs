//! `unsourced-figure`: a check-worthy figure whose sentence, or the quote it sits in, names
//! no source.
//!
//! ```text
//! The bridge will cost $3.2 billion.
//!                      ^^^^^^^^^^^^ unsourced-figure
//! ```
//! Headlines, dates, years, ages and the event's own duration are never flagged (see
//! GUIDELINES: they are not statistics a reader would dispute).

use super::{Code, CodeInfo, Finding, Rule, RuleContext, Severity};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "unsourced-figure",
    severity: Severity::Warning,
    summary: "A check-worthy figure whose sentence, or the quote it sits in, names no source",
    doc: r#"A check-worthy figure (money, percentage, count, measure, or an ordinal that
states a record such as "second visit in six months") whose sentence names no source, or that
sits in a quotation whose speaker is not named. Dates, years, ages, the event's own duration
("a three-day summit") and anything in a headline are never flagged. A duration counts when it
measures what the article reports ("after 16 hours of talks", "has not grown for three years").

Sources: "according to X", "X said/told/estimated/reported/showed", "said X", "as per X", "data
from X", "citing X", "X's figures show", "by X's count", "(Source: X)", a table's Source column,
and the speaker of the quotation a figure sits in. A cue in the middle of a sentence ("… even as
one member argued …") covers what follows it; one set off by a comma (", the bank said") covers
the sentence. A dateline agency ("LAGOS (Reuters) —") is the publisher, not a source.

Severity per figure kind (kinds: money, percent, count, measure, duration, ordinal; `default`
is the code's own):
```toml
[rules.unsourced-figure]
default = "warning"
money = "error"
ordinal = "off"
```
"#,
};

pub struct UnsourcedFigure;

impl Rule for UnsourcedFigure {
    fn code(&self) -> Code {
        Code::UnsourcedFigure
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        for f in a.figures.iter().filter(|f| f.checkworthy && f.source.is_none()) {
            let text = f.span.slice(cx.article.text);
            let message = if f.quote.is_some() {
                format!("{} {text:?} is in a quotation whose speaker is not named", f.kind.as_str())
            } else {
                format!(
                    "{} {text:?} has no source in its sentence (no \"according to …\", \"… said\")",
                    f.kind.as_str()
                )
            };
            out.push(Finding::new(Code::UnsourcedFigure, f.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn flags_only_unsourced_checkworthy_figures() {
        check_rule(
            Code::UnsourcedFigure,
            r#"Bridge plan for $9 billion approved
The bridge will cost $3.2 billion and take a three-day review.
                     ^^^^^^^^^^^^ unsourced-figure
The ministry said 4,000 workers would build it by 2030.
Prices rose 12 percent on March 5, according to the statistics office.
Some 300 families will move.
     ^^^ unsourced-figure
"#,
        );
    }

    #[test]
    fn cues_scope_and_quotes() {
        check_rule(
            Code::UnsourcedFigure,
            r#"Harbour plan
HAVENPORT (Coastal Wire) — The board approved a $2.4 billion plan on Monday.
                                                ^^^^^^^^^^^^ unsourced-figure
Traffic rose 12 percent, data from the port authority show.
By the board's own count, 300 ships called last year.
The port cut fees by 5 percent, even as one member of its board argued for a pause.
                     ^^^^^^^^^ unsourced-figure
                                        ^^^ unsourced-figure
"We will hire 1,200 workers," port director Mara Lind said.
The quay, a 600-metre stretch, is the second-largest in the region.
            ^^^^^^^^^ unsourced-figure
                                      ^^^^^^^^^^^^^^ unsourced-figure
Ana Silva, 34, a crane driver, has worked there for a two-day stint.
"We will hire 1,200 more workers next year and then some."
              ^^^^^ unsourced-figure
"#,
        );
    }
}
