//! Inline suppression in Markdown articles: an HTML comment
//! `<!-- factline-disable-next-line unsourced-figure vague-source -->` silences those codes
//! (every code when none is named) on the next non-blank line. Comments are invisible in the
//! rendered article, which is why only Markdown gets them: in plain text the directive would be
//! part of the story.
//!
//! This is a filter over findings, not a rule: it reads the directive comments, which are not
//! prose and so never reach the analysis.

use super::{Code, Finding};
use crate::extract::Format;
use crate::text::LineIndex;

const DIRECTIVE: &str = "factline-disable-next-line";

/// One directive: the line it silences and the codes (`None`: all).
#[derive(Clone, Debug, PartialEq)]
struct Directive {
    line: usize,
    codes: Option<Vec<Code>>,
}

/// The directives of an article, in line order.
fn directives(text: &str, index: &LineIndex) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(DIRECTIVE) {
        let at = from + found;
        from = at + DIRECTIVE.len();
        // Only inside an HTML comment that opens on the same line and closes after the name.
        let line = index.line_of(at);
        let span = index.line_span(line);
        let before = &text[span.start..at];
        let Some(open) = before.rfind("<!--") else { continue };
        if !before[open + 4..].trim().is_empty() {
            continue;
        }
        let rest = &text[from..span.end];
        let Some(close) = rest.find("-->") else { continue };
        let args = &rest[..close];
        // "factline-disable-next-line-foo" is another word, not the directive.
        if !args.is_empty() && !args.starts_with(char::is_whitespace) {
            continue;
        }
        let names: Vec<&str> = args
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .collect();
        // Unknown names are ignored; a directive naming only unknown codes silences nothing.
        let codes = (!names.is_empty()).then(|| names.iter().filter_map(|n| Code::parse(n)).collect());
        if let Some(target) = next_non_blank_line(text, index, line + 1) {
            out.push(Directive { line: target, codes });
        }
    }
    out
}

fn next_non_blank_line(text: &str, index: &LineIndex, mut line: usize) -> Option<usize> {
    while line < index.line_count() {
        if !index.line_span(line).slice(text).trim().is_empty() {
            return Some(line);
        }
        line += 1;
    }
    None
}

/// Removes the findings a directive silences. Costs one substring search when the article
/// has no directive.
pub fn apply(text: &str, format: Format, findings: &mut Vec<Finding>) {
    if format != Format::Markdown || !text.contains(DIRECTIVE) {
        return;
    }
    let index = LineIndex::new(text);
    let found = directives(text, &index);
    if found.is_empty() {
        return;
    }
    findings.retain(|f| {
        let line = index.line_of(f.span.start);
        !found
            .iter()
            .any(|d| d.line == line && d.codes.as_ref().is_none_or(|codes| codes.contains(&f.code)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn finding(text: &str, needle: &str, code: Code) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::new(code, Span::new(start, start + needle.len()), "x")
    }

    #[test]
    fn named_codes_silence_only_themselves_on_the_next_non_blank_line() {
        let text = "# Port\n\n<!-- factline-disable-next-line unsourced-figure -->\n\nIt cost $3 billion, analysts say, and 40 jobs.\nLater $9 billion.\n";
        let mut fs = vec![
            finding(text, "$3 billion", Code::UnsourcedFigure),
            finding(text, "40 jobs", Code::VagueSource),
            finding(text, "$9 billion", Code::UnsourcedFigure),
        ];
        apply(text, Format::Markdown, &mut fs);
        let left: Vec<&str> = fs.iter().map(|f| f.span.slice(text)).collect();
        assert_eq!(left, ["40 jobs", "$9 billion"]);
    }

    #[test]
    fn a_bare_directive_silences_every_code_and_lists_may_use_commas() {
        let text = "<!-- factline-disable-next-line -->\nIt cost $3 billion.\n<!-- factline-disable-next-line vague-source, unsourced-figure -->\nAnd $4 billion.\n";
        let mut fs = vec![
            finding(text, "$3 billion", Code::UnsourcedFigure),
            finding(text, "$3 billion", Code::VagueSource),
            finding(text, "$4 billion", Code::UnsourcedFigure),
        ];
        apply(text, Format::Markdown, &mut fs);
        assert!(fs.is_empty(), "{fs:?}");
    }

    #[test]
    fn plain_text_unknown_codes_and_lookalikes_silence_nothing() {
        let text = "<!-- factline-disable-next-line -->\nIt cost $3 billion.\n";
        let mut fs = vec![finding(text, "$3 billion", Code::UnsourcedFigure)];
        apply(text, Format::Plain, &mut fs);
        assert_eq!(fs.len(), 1);
        for text in [
            "<!-- factline-disable-next-line no-such-code -->\nIt cost $3 billion.\n",
            "<!-- factline-disable-next-line-please -->\nIt cost $3 billion.\n",
            "factline-disable-next-line\nIt cost $3 billion.\n",
            "<!-- factline-disable-next-line unclosed\nIt cost $3 billion.\n",
        ] {
            let mut fs = vec![finding(text, "$3 billion", Code::UnsourcedFigure)];
            apply(text, Format::Markdown, &mut fs);
            assert_eq!(fs.len(), 1, "{text}");
        }
        // A directive on the last line has no next line; nothing to do, no panic.
        let text = "It cost $3 billion.\n<!-- factline-disable-next-line -->";
        let mut fs = vec![finding(text, "$3 billion", Code::UnsourcedFigure)];
        apply(text, Format::Markdown, &mut fs);
        assert_eq!(fs.len(), 1);
    }
}
