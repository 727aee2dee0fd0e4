//! `vague-source`: a check-worthy figure whose only source names nobody ("analysts say",
//! "some reports", "officials").
//!
//! ```text
//! Inflation will reach 9 percent, analysts say.
//!                      ^^^^^^^^^ vague-source
//! ```

use super::{Code, CodeInfo, Finding, Rule, RuleContext, Severity};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "vague-source",
    severity: Severity::Hint,
    summary: "A figure whose only source is vague",
    doc: r#"A check-worthy figure whose only source names nobody: "analysts say", "some
reports", "officials".
"#,
};

pub struct VagueSource;

impl Rule for VagueSource {
    fn code(&self) -> Code {
        Code::VagueSource
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        for f in &cx.article.analysis.figures {
            if let Some(src) = f.source.as_ref().filter(|s| s.vague && f.checkworthy) {
                let message = format!(
                    "the only source of {:?} is {:?}, which names no person or body",
                    f.span.slice(cx.article.text),
                    src.text
                );
                out.push(Finding::new(Code::VagueSource, f.span, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn vague_sources_are_hinted_named_ones_are_not() {
        check_rule(
            Code::VagueSource,
            r#"Headline
Inflation will reach 9 percent, analysts say.
                     ^^^^^^^^^ vague-source
Inflation will reach 9 percent, the central bank said.
Some reports say 300 people were hurt.
                 ^^^ vague-source
Officials said 20 ships were stuck.
               ^^ vague-source
Experts estimate the damage at $4 billion, but the ministry said $3 billion.
                               ^^^^^^^^^^ vague-source
Senior officials at the World Bank said 40 projects were at risk.
"#,
        );
    }
}
