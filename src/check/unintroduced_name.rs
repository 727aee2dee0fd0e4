//! `unintroduced-name`: a person's short mention (a bare surname) before the article
//! introduces them by full name.
//!
//! ```text
//! Berg told reporters the plan was final. Defence Ministry spokeswoman Anna Berg said...
//! ^^^^ unintroduced-name
//! ```
//! Headlines are exempt: they use surnames by convention.

use super::{Code, CodeInfo, Finding, Rule, RuleContext, Severity};
use crate::extract::MentionForm;
use crate::kb::EntityKind;

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "unintroduced-name",
    severity: Severity::Information,
    summary: "A short mention with no full introduction earlier in the article",
    doc: r#"A person's bare surname used before the article introduces them by full
name. Headlines are exempt.
"#,
};

pub struct UnintroducedName;

impl Rule for UnintroducedName {
    fn code(&self) -> Code {
        Code::UnintroducedName
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        for e in a.entities.iter().filter(|e| e.kind == EntityKind::Person) {
            // A person the article only names in short has that short mention as its
            // definition ("Macron"), which introduces nobody.
            let intro_start = e.intro.filter(|&i| a.mentions[i].form != MentionForm::Short).map(|i| a.mentions[i].span.start);
            for &mi in &e.mentions {
                let m = &a.mentions[mi];
                if m.form != MentionForm::Short || a.is_headline(m.sentence) {
                    continue;
                }
                if intro_start.is_none_or(|s| m.span.start < s) {
                    let surface = m.span.slice(cx.article.text);
                    let message = match intro_start {
                        Some(_) => format!("{surface:?} is used before the article introduces {} by full name", e.name),
                        None => format!("{surface:?} is never introduced by full name ({})", e.name),
                    };
                    out.push(Finding::new(Code::UnintroducedName, m.span, message));
                }
                // Only the first short mention needs the note.
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Code;
    use crate::check::test_support::check_rule;

    #[test]
    fn surnames_before_the_full_name_are_flagged_once() {
        check_rule(
            Code::UnintroducedName,
            concat!(
                "Ministers met on Tuesday.\n\n",
                "Halvorsen told reporters the plan was final. Port spokeswoman Ingrid Halvorsen said so. Halvorsen left.\n",
                "^^^^^^^^^ unintroduced-name\n",
            ),
        );
    }

    #[test]
    fn introduced_names_headlines_and_mononyms_are_not_flagged() {
        check_rule(
            Code::UnintroducedName,
            concat!(
                "Halvorsen Warns Of Delays As Port Talks Drag On\n\n",
                "Port spokeswoman Ingrid Halvorsen said ships were waiting. Halvorsen said talks would go on.\n",
                "\"The wall fell,\" said Hasni, a farmer from the village of Sulewana. Hasni lost her home.\n",
            ),
        );
    }
}
