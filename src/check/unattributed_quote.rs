//! `unattributed-quote`: a quoted statement whose speaker is named neither in its sentence
//! nor in the sentence or paragraph right before or after it.
//!
//! ```text
//! “We will not pay a cent more,” a note on the door read.
//!  ^^^^^^^^^^^^^^^^^^^^^^^^^^^ unattributed-quote
//! ```
//! Scare quotes and titles (a “historic” deal, the so-called "peace plan") are not statements.

use super::{Code, CodeInfo, Finding, Rule, RuleContext, Severity};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "unattributed-quote",
    severity: Severity::Warning,
    summary: "A quotation whose speaker is named neither in its sentence nor in the sentence or paragraph next to it",
    doc: r#"A quoted statement whose speaker is named neither in its sentence nor in the
sentence or paragraph right before or after it. Scare quotes, titles and short quoted phrases
("a “historic” deal", the so-called "peace plan") are not statements. A neighbouring sentence
names the speaker when it introduces the quote (`Berg said:`, `Berg, who …, said the talks
failed.`), is a quote of the same speaker (`"…," Berg said. "…"`), or is a short attribution
after it; one that only sources its own content (`…, the agency reported.`) does not. A
speaker who names nobody (`said a relative of one of the victims`, `officials said`) does not
attribute the quotation either, unless the sentence right after names a person.
`"…" — Anna Berg` and a person named around an embedded quote (`Berg hailed the "…"`) count.
"#,
};

pub struct UnattributedQuote;

impl Rule for UnattributedQuote {
    fn code(&self) -> Code {
        Code::UnattributedQuote
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        for q in a.quotes.iter().filter(|q| q.statement && (q.speaker.is_none() || q.speaker_unnamed(a))) {
            let message = if q.speaker_unnamed(a) {
                "quotation names its speaker only as someone unnamed".to_string()
            } else if q.unclosed {
                "quotation (never closed) names no speaker in its sentence or the ones around it".to_string()
            } else {
                "quotation names no speaker in its sentence or the ones around it".to_string()
            };
            out.push(Finding::new(Code::UnattributedQuote, q.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn quotes_without_a_speaker_nearby() {
        check_rule(
            Code::UnattributedQuote,
            r#"Headline
The mood in the capital was tense.

“We will not pay a cent more for this,” a note on the door read.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unattributed-quote

“The talks were useful and will continue,” Anna Berg said.

The so-called "peace plan for the region" was shelved. It was a “historic” day.

Prices rose 4 percent last month, the statistics office reported.

"Lower rates will not fix a confidence problem."
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unattributed-quote

That line circulated among traders on Friday.

Anna Berg told reporters on Monday:

"We will rebuild the market before the rains come."

"We will not back down," Berg said. "The port stays open all winter long."

"The fishermen were never asked about any of it." — Mara Lind
"#,
        );
    }
}
