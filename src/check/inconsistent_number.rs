//! `inconsistent-number`: the same quantity stated with values that contradict each other,
//! beyond the precision of the less precise statement, in this article or another of the
//! workspace.
//!
//! ```text
//! The quake killed 34 people, the agency said.      (other.txt: "killed 43 people")
//!                  ^^ inconsistent-number
//! ```
//! Statements are matched on their quantity key (`extract::quantity`): one dimension, no
//! different year or subject, shared head words. "$3.2 billion" and "$3.24 billion" agree,
//! "at least 30" and "32" agree, "about 30" and "45" do not. Amounts in two currencies are
//! compared only at an exchange rate one of the two articles states ("$4.5 million (24
//! million cedis)" next to "11.2 cedis to the dollar"), allowing for the rate's precision.
//! Every statement gets its own finding, with the others as related information.

use super::{Code, Finding, Related, Rule, RuleContext};
use crate::extract::quantity::common_view;
use crate::workspace::{QuantityIndex, QuantityMatch, Statement};

pub struct InconsistentNumber;

impl Rule for InconsistentNumber {
    fn code(&self) -> Code {
        Code::InconsistentNumber
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let local;
        let index = match cx.quantities {
            Some(ix) => ix,
            None => {
                let mut ix = QuantityIndex::new();
                ix.update(cx.article.key, cx.article.text, cx.article.analysis, cx.kb);
                for o in cx.others {
                    ix.update(o.key, o.text, o.analysis, cx.kb);
                }
                local = ix;
                &local
            }
        };
        let key = cx.article.key;
        for (i, me) in index.statements(key).iter().enumerate() {
            let conflicts: Vec<QuantityMatch<'_>> = index.matches(key, i).into_iter().filter(|m| !m.agrees).collect();
            if conflicts.is_empty() {
                continue;
            }
            let first = &conflicts[0];
            let place = if first.doc == key {
                "earlier in this article".to_string()
            } else {
                format!("in {}", cx.name_of(first.doc))
            };
            let place = if first.doc == key && first.statement.span.start > me.span.start {
                "later in this article".to_string()
            } else {
                place
            };
            let more = match conflicts.len() {
                1 => String::new(),
                n => format!(" (and {} other statement{})", n - 1, if n > 2 { "s" } else { "" }),
            };
            // Statements in two currencies were compared at a rate an article states.
            let converted = common_view(&me.quantity, &first.statement.quantity).is_some_and(|(x, y)| x.converted || y.converted);
            let message = format!(
                "{} contradicts {} {place}{}{}{more}",
                me.text,
                first.statement.text,
                source_note(first.statement),
                if converted { " at the stated exchange rate" } else { "" }
            );
            let mut finding = Finding::new(Code::InconsistentNumber, me.span, message);
            finding.related = conflicts
                .iter()
                .map(|m| Related {
                    doc: m.doc.to_string(),
                    span: m.statement.span,
                    message: format!("{}{}", m.statement.text, source_note(m.statement)),
                })
                .collect();
            out.push(finding);
        }
    }
}

fn source_note(s: &Statement) -> String {
    match &s.source {
        Some(src) => format!(" (source: {src})"),
        None => " (no source)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::test_support::check_rule;
    use crate::check::{ArticleView, Code, RuleContext, RuleSettings, run};
    use crate::extract::{Context, analyze};
    use crate::kb::KnowledgeBase;

    #[test]
    fn contradictions_within_one_article() {
        check_rule(
            Code::InconsistentNumber,
            r#"Quake kills dozens
The earthquake killed 34 people on Monday, the disaster agency said.
                      ^^ inconsistent-number
Rescuers searched the rubble through the night.
By Tuesday the agency said the quake had killed 43 people.
                                                ^^ inconsistent-number
The region's budget for reconstruction is $3.2 billion, the governor said.
Officials later put the reconstruction budget at $3.24 billion.
About 300 homes were damaged.
Some 310 homes were damaged, a survey found.
"#,
        );
    }

    #[test]
    fn different_years_subjects_and_changes_are_not_compared() {
        check_rule(
            Code::InconsistentNumber,
            r#"Budgets
TOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion, the ministry said.
Japan's defence budget for 2024 was $50 billion.
China's defence budget for 2025 was $230 billion.
Inflation eased to 3.6% in March from 3.8% in February.
Inflation was 3.8% in February, the statistics office said.
"#,
        );
    }

    #[test]
    fn currencies_compared_at_the_rate_the_article_states() {
        check_rule(
            Code::InconsistentNumber,
            r#"Roads loan
ACCRA, March 3, 2026 — The World Bank approved a loan of $4.5 million (24 million cedis) for rural roads, the ministry said.
                                                         ^^^^^^^^^^^^ inconsistent-number
                                                                       ^^^^^^^^^^^^^^^^ inconsistent-number
The ministry converted the loan at 11.2 cedis to the dollar.
Emergency aid reached $2 million (about 22 million cedis) last week.
Ghana's debt to the fund was $3 million, the ministry said.
The debt to the fund stood at 33.6 million cedis, a minister said.
Ghana's budget for water was $8 million, the ministry said.
                             ^^^^^^^^^^ inconsistent-number
The water budget was 120 million cedis, a minister said.
                     ^^^^^^^^^^^^^^^^^ inconsistent-number
"#,
        );
        // Without a stated rate, two currencies are never compared.
        check_rule(
            Code::InconsistentNumber,
            r#"Roads loan
ACCRA, March 3, 2026 — The World Bank approved a loan of $4.5 million (24 million cedis) for rural roads, the ministry said.
Ghana's budget for water was $8 million, the ministry said.
The water budget was 120 million cedis, a minister said.
"#,
        );
    }

    #[test]
    fn across_articles_with_related_information() {
        let kb = KnowledgeBase::embedded();
        let ctx = Context::new(kb.clone());
        let a_text = "Spending\nTOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion, the ministry said.\n";
        let b_text = "Spending\nTOKYO, March 9, 2026 — Tokyo's military spending last year reached $61 billion, analysts said.\n";
        let c_text = "Spending\nTOKYO, March 9, 2026 — Tokyo's military spending last year reached $55.2 billion.\n";
        let (a, b, c) = (analyze(a_text, &ctx), analyze(b_text, &ctx), analyze(c_text, &ctx));
        let others = [
            ArticleView {
                key: "file:///w/b.txt",
                name: "desk/b.txt",
                text: b_text,
                analysis: &b,
            },
            ArticleView {
                key: "file:///w/c.txt",
                name: "desk/c.txt",
                text: c_text,
                analysis: &c,
            },
        ];
        let cx = RuleContext {
            article: ArticleView {
                key: "file:///w/a.txt",
                name: "desk/a.txt",
                text: a_text,
                analysis: &a,
            },
            others: &others,
            kb: &kb,
            quantities: None,
        };
        let found: Vec<_> = run(&cx, &RuleSettings::default())
            .into_iter()
            .filter(|f| f.code == Code::InconsistentNumber)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].span.slice(a_text), "$55 billion");
        assert_eq!(found[0].related.len(), 1);
        // Related information points at the other article's key; the message names it.
        assert_eq!(found[0].related[0].doc, "file:///w/b.txt");
        assert!(found[0].message.contains(" in desk/b.txt"), "{}", found[0].message);
        assert!(!found[0].message.contains("file:"), "{}", found[0].message);
        assert_eq!(found[0].related[0].span.slice(b_text), "$61 billion");
        assert!(found[0].message.contains("$61 billion"), "{}", found[0].message);
        assert!(found[0].related[0].message.contains("analysts"), "{}", found[0].related[0].message);
    }
}
