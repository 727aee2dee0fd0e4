//! Annotated-article fixtures for rule tests: the article with caret lines under it, the way
//! an editor draws squiggles.
//!
//! ```text
//! The deal is worth $3 billion.
//!                   ^^^^^^^^^^ unsourced-figure
//! ```
//! A caret line marks the characters of the line above it and names the expected code.

use super::{ArticleView, Code, RuleContext, RuleSettings, run};
use crate::extract::{Context, analyze};
use crate::kb::KnowledgeBase;
use crate::text::Span;

/// Splits a fixture into the article text and its expected (span, code) marks.
pub(crate) fn parse_fixture(fixture: &str) -> (String, Vec<(Span, String)>) {
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut prev_line_start = 0;
    let mut prev_line = String::new();
    for line in fixture.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let t = body.trim_start();
        if t.starts_with('^') {
            let col = body.chars().take_while(|c| *c == ' ').count();
            let width = t.chars().take_while(|c| *c == '^').count();
            let code = t[width..].trim().to_string();
            let byte = |chars: usize| prev_line.char_indices().nth(chars).map_or(prev_line.len(), |(i, _)| i);
            expected.push((Span::new(prev_line_start + byte(col), prev_line_start + byte(col + width)), code));
            continue;
        }
        prev_line_start = text.len();
        prev_line = body.to_string();
        text.push_str(line);
    }
    (text, expected)
}

/// Checks that exactly the marked spans get `code` in the fixture.
pub(crate) fn check_rule(code: Code, fixture: &str) {
    let (text, expected) = parse_fixture(fixture);
    let kb = KnowledgeBase::embedded();
    let ctx = Context::new(kb.clone());
    let analysis = analyze(&text, &ctx);
    let cx = RuleContext {
        article: ArticleView {
            key: "fixture.txt",
            name: "fixture.txt",
            text: &text,
            analysis: &analysis,
        },
        others: &[],
        kb: &kb,
        lexicon: &ctx.lexicon,
        index: None,
        decisions: Default::default(),
    };
    let checked = run(&cx, &RuleSettings::default());
    assert_eq!(checked.failures, Vec::new(), "a rule panicked on\n{text}");
    let got: Vec<(Span, String)> = checked
        .findings
        .into_iter()
        .filter(|f| f.code == code)
        .map(|f| (f.span, f.code.as_str().to_string()))
        .collect();
    let want: Vec<(Span, String)> = expected.into_iter().filter(|(_, c)| c == code.as_str()).collect();
    let show = |v: &[(Span, String)]| v.iter().map(|(s, c)| format!("{:?} {c}", s.slice(&text))).collect::<Vec<_>>();
    assert_eq!(show(&got), show(&want), "\n{text}");
}
