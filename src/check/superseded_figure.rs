//! `superseded-figure`: a running total (a death toll, a count "so far", "has risen to", "as
//! of") lower than the same total in a later-dated article of the workspace: an update, not a
//! contradiction, but the older figure is out of date.
//!
//! ```text
//! monday.md (date: 2026-03-02):    The floods have killed 41 people, the agency said.
//!                                                         ^^ superseded-figure
//! wednesday.md (date: 2026-03-04): The death toll has risen to at least 63.
//! ```
//! Articles are ordered by their own date (`Analysis::article_date`: front matter, dateline,
//! or the first full date of the opening paragraph); an article without one is never ordered.
//! Related information points at every later, higher statement, the newest first; the fix
//! writes the newest value (and its source, where the older statement names one).

use super::index::{Statement, Wanted};
use super::{Code, CodeInfo, Finding, Fix, RELATED_MAX, Related, Rule, RuleContext, Severity};
use crate::extract::CalendarDate;
use crate::extract::quantity::{Dimension, common_view};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "superseded-figure",
    severity: Severity::Information,
    summary: "A running total lower than the same total in a later-dated article",
    doc: r#"A running total — a death toll, a count "so far", a figure that "has risen to" or
is given "as of" a date, or a count of the dead, injured, displaced or missing — that is lower
than the same total in a later-dated article of the workspace. Tolls grow as a story goes on:
41 dead on Monday and at least 63 by Wednesday is an update, not a contradiction, so it is not
an `inconsistent-number`; the older figure is marked as out of date instead, with related
information at the newer statement(s), newest first.

An article's date is its Markdown front matter's `date:`, else a full date (day, month and
year) in its dateline, else the first full date of its opening paragraph; an article with none
of these (file times never count) is not ordered, and its figures are compared as before. A
later total that is lower than an earlier one is still an `inconsistent-number`.

Fix: replace the figure with the newest value, and its source with the newest statement's
source where the sentence names one.
"#,
};

pub struct SupersededFigure;

/// True when `older` is an earlier, lower statement of a running total that `newer` states
/// later: an update, not a contradiction.
pub(crate) fn supersedes(newer: &Statement, older: &Statement) -> bool {
    let (Some(n), Some(o)) = (newer.date, older.date) else {
        return false;
    };
    if !is_earlier(o, n) || !(newer.quantity.key.running || older.quantity.key.running) {
        return false;
    }
    if older.quantity.key.dimension == Dimension::When {
        return false;
    }
    let Some((new, old)) = common_view(&newer.quantity, &older.quantity) else {
        return false;
    };
    // Lower beyond what either wording allows ("at least 41" is not below 63's range).
    old.high <= new.low || old.value < new.value && old.high < new.high
}

/// Day order of two full dates.
fn is_earlier(a: CalendarDate, b: CalendarDate) -> bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
}

impl Rule for SupersededFigure {
    fn code(&self) -> Code {
        Code::SupersededFigure
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let index = cx.index();
        let index = &index.quantities;
        let key = cx.article.key;
        let a = cx.article.analysis;
        for (i, me) in index.statements(key).iter().enumerate() {
            // All of them: the newest is named, whatever its distance in date.
            let found = index.find_deciding(cx.decisions(), key, i, Wanted::Superseding, usize::MAX);
            let mut newer = found.matches;
            // Newest first; on one day, the higher value first.
            newer.sort_by(|x, y| {
                let (dx, dy) = (x.statement.date, y.statement.date);
                dy.cmp(&dx).then(y.statement.quantity.value.total_cmp(&x.statement.quantity.value))
            });
            let Some(newest) = newer.first() else { continue };
            let when = |s: &Statement| s.date.map_or_else(String::new, |d| format!(" on {}", date(d)));
            let message = format!(
                "{} is out of date: {} {}{} in {}{}",
                me.text,
                newest.statement.text,
                if newest.statement.quantity.key.running { "as the total rose" } else { "later" },
                when(newest.statement),
                cx.name_of(newest.doc),
                source_note(newest.statement)
            );
            let mut finding = Finding::new(Code::SupersededFigure, me.span, message);
            // The newest few are listed; `related_more` counts the rest.
            finding.related = newer
                .iter()
                .take(RELATED_MAX)
                .map(|m| Related {
                    doc: m.doc.to_string(),
                    span: m.statement.span,
                    message: format!("{}{}{}", m.statement.text, when(m.statement), source_note(m.statement)),
                })
                .collect();
            finding.related_more = newer.len() - finding.related.len();
            let mut edits = vec![(me.span, newest.statement.text.clone())];
            let own_source = a.figures.get(me.quantity.figure).and_then(|f| f.source.as_ref());
            if let (Some(src), Some(new_src)) = (own_source, &newest.statement.source)
                && src.text != *new_src
                && !src.span.overlaps(me.span)
            {
                edits.push((src.span, new_src.clone()));
            }
            finding.fixes.push(Fix {
                title: format!(
                    "Update to {}{}",
                    newest.statement.text,
                    newest.statement.source.as_deref().map_or_else(String::new, |s| format!(" ({s})"))
                ),
                edits,
            });
            out.push(finding);
        }
    }
}

fn date(d: CalendarDate) -> String {
    format!("{}-{:02}-{:02}", d.year.unwrap_or_default(), d.month, d.day)
}

fn source_note(s: &Statement) -> String {
    match &s.source {
        Some(src) => format!(" (source: {src})"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{ArticleView, RuleSettings, run};
    use crate::extract::{Context, Format, analyze};
    use crate::kb::KnowledgeBase;

    const MONDAY: &str = "---\ndate: 2026-03-02\n---\n# Floods\n\nFloods in Kenya have killed 41 people, the Kenya Red Cross said.\n";
    const TUESDAY: &str = "Floods\nNAIROBI, March 3, 2026 — The death toll from floods in Kenya rose to 52, the interior ministry said.\n";
    const WEDNESDAY: &str = "Floods\nThe death toll from floods in Kenya has risen to at least 63, the interior ministry said on March 4, 2026.\n";

    /// The findings of `code` in each article of a workspace of the three.
    fn findings(texts: &[(&str, &str)], code: Code) -> Vec<(String, Finding)> {
        let kb = KnowledgeBase::embedded();
        let analyses: Vec<_> = texts
            .iter()
            .map(|(k, t)| {
                let format = if k.ends_with(".md") { Format::Markdown } else { Format::Plain };
                analyze(t, &Context::new(kb.clone()).with_format(format))
            })
            .collect();
        let views: Vec<ArticleView> = texts
            .iter()
            .zip(&analyses)
            .map(|((k, t), a)| ArticleView {
                key: k,
                name: k,
                text: t,
                analysis: a,
            })
            .collect();
        let mut out = Vec::new();
        for (i, v) in views.iter().enumerate() {
            let others: Vec<ArticleView> = views
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| ArticleView { ..*o })
                .collect();
            let cx = RuleContext {
                article: ArticleView { ..*v },
                others: &others,
                kb: &kb,
                lexicon: crate::extract::Lexicon::shared(),
                index: None,
                decisions: Default::default(),
            };
            for f in run(&cx, &RuleSettings::default()).assert_clean() {
                if f.code == code {
                    out.push((v.key.to_string(), f));
                }
            }
        }
        out
    }

    #[test]
    fn a_rising_toll_is_an_update_on_each_older_article() {
        let texts = [("mon.md", MONDAY), ("tue.txt", TUESDAY), ("wed.txt", WEDNESDAY)];
        assert_eq!(findings(&texts, Code::InconsistentNumber), Vec::new());
        let found = findings(&texts, Code::SupersededFigure);
        let at: Vec<(&str, &str)> = found
            .iter()
            .map(|(k, f)| {
                let text = texts.iter().find(|(n, _)| n == k).map(|(_, t)| *t).unwrap_or("");
                (k.as_str(), f.span.slice(text))
            })
            .collect();
        assert_eq!(at, [("mon.md", "41"), ("tue.txt", "52")], "{found:#?}");
        let (_, monday) = &found[0];
        // The newest first, then the one in between.
        assert_eq!(monday.related.len(), 2);
        assert_eq!(monday.related[0].doc, "wed.txt");
        assert!(monday.related[0].message.starts_with("63 on 2026-03-04"), "{:?}", monday.related);
        assert_eq!(monday.related[1].doc, "tue.txt");
        assert_eq!(monday.severity, Severity::Information);
        // The fix writes the newest value and its source over the older ones.
        let fix = &monday.fixes[0];
        assert_eq!(fix.title, "Update to 63 (the interior ministry)");
        let edited: Vec<(&str, &str)> = fix.edits.iter().map(|(s, t)| (s.slice(MONDAY), t.as_str())).collect();
        assert_eq!(edited, [("41", "63"), ("the Kenya Red Cross", "the interior ministry")]);
    }

    #[test]
    fn a_later_lower_total_or_undated_articles_stay_contradictions() {
        // Wednesday's article says fewer than Monday's: a contradiction, not an update.
        let lower = WEDNESDAY.replace("at least 63", "35");
        let texts = [("mon.md", MONDAY), ("wed.txt", lower.as_str())];
        assert_eq!(findings(&texts, Code::SupersededFigure), Vec::new());
        assert_eq!(findings(&texts, Code::InconsistentNumber).len(), 2);
        // No dates: nothing orders them.
        let undated = "Floods\nThe death toll from floods in Kenya has risen to at least 63, the interior ministry said.\n";
        let plain = "Floods\nFloods in Kenya have killed 41 people, the Kenya Red Cross said.\n";
        let texts = [("a.txt", plain), ("b.txt", undated)];
        assert_eq!(findings(&texts, Code::SupersededFigure), Vec::new());
        assert_eq!(findings(&texts, Code::InconsistentNumber).len(), 2);
    }
}
