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

use super::index::{Statement, Wanted};
use super::{Code, CodeInfo, Finding, RELATED_MAX, Related, Rule, RuleContext, Severity};
use crate::extract::quantity::common_view;

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "inconsistent-number",
    severity: Severity::Warning,
    summary: "The same quantity stated with values that contradict each other",
    doc: r#"The same quantity stated with values that contradict each other beyond the
precision of the less precise statement, in this article or another of the workspace. Related
information points at the other statement(s), each with its own source: at most 8, those of
the same article first, then the nearest in date, then the sourced ones; the message counts
them all, and the hover on the figure lists them all.

Two figures state the same quantity when they share a dimension (money in one currency,
percentages, percentage points, counts, lengths, temperatures …, durations, event dates), no
different year or month (a stated year, "last year" resolved against the article's date, the
year a "when" clause follows — "the worst since 2022, when floods killed 1,700" is about 2022 —
else the article's own year), no different subject (the knowledge-base entities of their clauses,
a capital standing for its country), the same markers (a change "by 25 basis points" is not a
level "to 2.25%"; a forecast is not an outcome, nor a request — "prosecutors sought 135
months" — the sentence imposed; "from 3.8%" is a previous value) and enough
head words — with synonyms folded, `data/lexicon/quantity.toml` — in common ("defence budget"
and "military spending"; "killed" and "death toll"; "houses" and "homes"). Figures of one
sentence are never compared, except a figure and its restatement in brackets in another unit
("$4.5 million (24 million cedis)", "300 km (186 miles)"). Figures of one article are compared
only when one restates the other (the same measure, thing counted, group, base and unit, an
entity or place left out on one side at most, and a clause word in common, or one running
total: "120 killed since late July" and "the 210 deaths recorded so far") or one is in the
headline: a writer who gives two values in other words means two things. Likewise a figure is
not compared with another article's when its own article gives that article's value of the
quantity in another statement it does not restate ("magnitude 7.7" for the quake and "6.4" for
its strongest aftershock). Values more than about twice apart are two quantities (a figure
restated wrongly is off by a margin, not a multiple), unless one is the other with its decimal
point moved ("1,450" and "14,500"); a running total may grow further between two dated
articles (`superseded-figure`). A quarter of the year ("Q3", "the third quarter of 2024") is
part of the period; a share of a named base ("48.7% of the vote") is not compared with a share
of another thing ("71% turnout"); a person's age after the name ("Bryan Kohberger, 30,") is
that person's age, compared only with the same person's.

Values are compared with the precision each was written with: "$3.2 billion" and "$3.24
billion" agree, "$3.2 billion" and "$3.6 billion" do not; "16" and "17" goals do not (ranges
that only touch do not overlap); "at least 30" and "32" agree; "about" allows the rounding of
its digits or 5% either way, whichever is wider ("about 30" is 27–33 and disagrees with "45";
"about 440" disagrees with "more than 480"). When neither statement has a word saying what it
measures, the head of the noun right after the figure does ("17 goals" and "16 league goals",
"79.6% efficacy", "440 kilograms of uranium"), or the noun it is "of" ("commitments of €198.2
billion", matching a "budget of €192.8 billion in commitments"), alone only for values within
1.5 times of each other ("250 beds" in a district and "500 beds" in a hospital are not compared),
further apart (less than twice) only with a subject word or entity in common as well ("the
opposition with 144 seats" and "the opposition on 224 seats"). A
figure restated after a comma ("23.1 trillion yen stimulus package, or about $147 billion") is
one quantity, like a bracketed one. Units of one dimension are converted
(km and miles, metres and feet, °C and °F). Currencies are converted only at an exchange rate
one of the two articles states ("at 11.2 cedis to the dollar", "$1 = 83 rupees", "€1 bought
$1.08", "the cedi traded at 11.2 to the dollar"; cue words in `data/lexicon/rates.toml`), with
the rate's written precision and 1.5% slack; the message then says "at the stated exchange
rate". A stated rate is itself a statement of the rate (compared with other statements of the
same pair, either direction), not an amount of money; the "$1" of "$1 = 83 rupees" states
nothing and needs no source. A year and a full
date of one event are compared on the year ("opened in 1977" and "opened on March 23, 1979"
disagree).

The decision is weighed evidence (`extract::quantity::weigh`), and the hover on a figure says
why two statements were taken as one quantity ("same measure: dead; same subject: quake; same
period: 2026"). What is measured — a shared kind word, or with none on either side the counted
noun with values within 1.5 times (a little less further apart) — is the strong evidence; a shared subject word or entity adds
to it; a place below a country named on one side only ("in Kerr County", other than the place
the story is about) takes away, so it needs a second piece of evidence to stand. The weights
and the threshold are in `data/lexicon/evidence.toml`, chosen on annotated real-article trials
(not on the test articles). Any one of
these rules a match out: another year or month (a clause's own time first — "since a ferry
sank in 2024, killing 78" is about 2024; "by 2028" is a deadline, not the time), a change
against a level, another measure ("trapped" and "rescued", "hired" and "laid off"), a part
against its whole ("including 27 campers", "of whom 20", "in Aceh alone"), shares of different
bases ("10% of exports", "3.7% of output"), per unit against a total ("$250 billion a year",
"$900,000 per port", "each"), different groups sharing a noun ("20 living hostages", "24
deceased hostages"), counts of different things ("12 firefighters", "10 pilgrims"), different
places; with no article date, a year written in one statement's sentence only weighs against
("In 2023, a quake killed 1,500" against this year's undated count). An institution stands for its country ("the Bundesrat"
and "Germany's fund"); a province does not. A headline figure is a statement too, unless the
body restates it.

A running total that rose between two dated articles is not a contradiction but an update:
see `superseded-figure`.
"#,
};

pub struct InconsistentNumber;

impl Rule for InconsistentNumber {
    fn code(&self) -> Code {
        Code::InconsistentNumber
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let index = cx.index();
        let index = &index.quantities;
        let key = cx.article.key;
        for (i, me) in index.statements(key).iter().enumerate() {
            // The nearest few are listed; the message counts them all. A running total that
            // rose between two dated articles is an update (`superseded-figure`), not one.
            let found = index.find_deciding(cx.decisions(), key, i, Wanted::Conflicting, RELATED_MAX);
            let conflicts = found.matches;
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
            let more = match found.total {
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
            finding.related_more = found.total - finding.related.len();
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
            lexicon: &ctx.lexicon,
            index: None,
            decisions: Default::default(),
        };
        let checked = run(&cx, &RuleSettings::default());
        assert_eq!(checked.failures, Vec::new());
        let found: Vec<_> = checked
            .findings
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
