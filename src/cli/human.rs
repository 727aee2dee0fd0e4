//! `check --format human`: compiler-style findings for a terminal or a CI log.
//!
//! ```text
//! news/harbour.txt:3:24: warning[unsourced-figure]: …
//!   |
//! 3 | The council will spend $3.2 billion on the harbour.
//!   |                        ^^^^^^^^^^^^
//!   = related: news/other.txt:4:10: …
//! ```
//! Columns count characters (1-based); the caret line pads by display width so CJK and
//! emoji line up in a terminal.

use std::fmt::Write;

use super::FileReport;
use crate::check::{Finding, Severity};
use crate::workspace::{Article, Projects};

/// ANSI styles, or nothing when colour is off.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity_code(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;34",
            Severity::Hint => "1;36",
        }
    }
}

const GUTTER: &str = "1;34";
const BOLD: &str = "1";

pub fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "information",
        Severity::Hint => "hint",
    }
}

pub fn render(reports: &[FileReport], projects: &Projects, color: bool) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for report in reports {
        // Findings on one span share one block, as rustc and ruff print them.
        for same_span in report.findings.chunk_by(|a, b| a.span == b.span) {
            block(&mut out, &style, &report.path, &report.article, same_span, projects);
            out.push('\n');
        }
    }
    out.push_str(&style.paint(BOLD, &summary(reports)));
    out.push('\n');
    out
}

/// One block: the header line of each finding on the span, the source line with the span
/// underlined, then each finding's related statements, the fixes the editor offers (`help`)
/// and where its rule is documented.
fn block(out: &mut String, style: &Style, path: &str, article: &Article, findings: &[Finding], projects: &Projects) {
    let Some(first) = findings.first() else { return };
    let text = &*article.text;
    let (line, col) = article.line_index.line_and_char_column(text, first.span.start);
    for f in findings {
        let sev = Style::severity_code(f.severity);
        let _ = writeln!(
            out,
            "{}: {}: {}",
            style.paint(BOLD, &format!("{path}:{}:{}", line + 1, col + 1)),
            style.paint(sev, &format!("{}[{}]", label(f.severity), f.code)),
            f.message
        );
    }

    let number = (line + 1).to_string();
    let pad = " ".repeat(number.len());
    let bar = style.paint(GUTTER, "|");
    let line_span = article.line_index.line_span(line);
    let source = line_span.slice(text);
    // The underline runs to the end of the first line of a span that goes on.
    let start = first.span.start.clamp(line_span.start, line_span.end) - line_span.start;
    let end = first.span.end.clamp(line_span.start, line_span.end) - line_span.start;
    let (shown, before, under) = window(source, start, end.max(start));
    let carets = "^".repeat(width(under).max(1));
    let strongest = findings.iter().map(|f| f.severity).max().unwrap_or(first.severity);
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {}", style.paint(GUTTER, &number), expand_tabs(&shown));
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(before),
        style.paint(Style::severity_code(strongest), &carets)
    );

    let eq = style.paint(GUTTER, "=");
    for f in findings {
        for r in &f.related {
            let at = match projects.get(&r.doc) {
                Some(other) => {
                    let (l, c) = other.line_index.line_and_char_column(&other.text, r.span.start);
                    format!("{}:{}:{}", r.doc, l + 1, c + 1)
                }
                None => r.doc.clone(),
            };
            let _ = writeln!(out, "{pad} {eq} related: {at}: {}", r.message);
        }
        for fix in &f.fixes {
            let _ = writeln!(out, "{pad} {eq} {}: {}", style.paint(BOLD, "help"), lowercase_first(&fix.title));
        }
    }
    let mut documented = Vec::new();
    for f in findings {
        if !documented.contains(&f.code) {
            documented.push(f.code);
            let _ = writeln!(out, "{pad} {eq} docs: {}", f.code.docs_url());
        }
    }
}

/// "Change to Tuesday" as a help line reads "change to Tuesday".
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Widest source line shown whole; a longer one (a news paragraph is often one line) is cut
/// to the span and some context on each side, so the caret line does not wrap away from it.
const MAX_LINE_WIDTH: usize = 100;
const CONTEXT_WIDTH: usize = 40;
const ELLIPSIS: &str = "…";

/// The part of `line` to show, the display width before the span in it, and the span's text
/// (`start..end` are byte offsets into `line`, on char boundaries).
fn window(line: &str, start: usize, end: usize) -> (String, usize, &str) {
    let before = line.get(..start).unwrap_or("");
    let under = line.get(start..end).unwrap_or("");
    let after = line.get(end..).unwrap_or("");
    if width(line) <= MAX_LINE_WIDTH {
        return (line.to_string(), width(before), under);
    }
    let mut left = String::new();
    if width(before) > CONTEXT_WIDTH {
        let mut w = 0;
        let cut = before.char_indices().rev().find(|&(_, c)| {
            w += char_width(c);
            w > CONTEXT_WIDTH
        });
        let from = cut.map_or(0, |(i, c)| i + c.len_utf8());
        left.push_str(ELLIPSIS);
        left.push_str(&before[from..]);
    } else {
        left.push_str(before);
    }
    let budget = MAX_LINE_WIDTH
        .saturating_sub(width(&left) + width(under))
        .max(CONTEXT_WIDTH.min(width(after)));
    let mut right = String::new();
    let mut w = 0;
    for c in after.chars() {
        w += char_width(c);
        if w > budget {
            right.push_str(ELLIPSIS);
            break;
        }
        right.push(c);
    }
    let before_width = width(&left);
    (format!("{left}{under}{right}"), before_width, under)
}

/// "1 error, 3 warnings in 2 files", or "no findings in 1 file".
pub fn summary(reports: &[FileReport]) -> String {
    let count = |s: Severity| reports.iter().flat_map(|r| &r.findings).filter(|f| f.severity == s).count();
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Information, Severity::Hint]
        .into_iter()
        .filter_map(|s| {
            let n = count(s);
            (n > 0).then(|| format!("{n} {}{}", label(s), if n == 1 || s == Severity::Information { "" } else { "s" }))
        })
        .collect();
    let files = reports.len();
    let files = format!("{files} file{}", if files == 1 { "" } else { "s" });
    if parts.is_empty() {
        format!("no findings in {files}")
    } else {
        format!("{} in {files}", parts.join(", "))
    }
}

const TAB_WIDTH: usize = 4;

fn expand_tabs(s: &str) -> String {
    s.replace('\t', &" ".repeat(TAB_WIDTH))
}

/// Terminal columns a text takes: wide East Asian characters and emoji take two, combining
/// marks and joiners none. An approximation without a Unicode-width table, good enough to
/// put carets under the right word.
fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match c as u32 {
        0x09 => TAB_WIDTH,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F680..=0x1F6FF
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_of_scripts() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("习近平"), 6);
        assert_eq!(width("🙂"), 2);
        assert_eq!(width("e\u{0301}"), 1);
        assert_eq!(width("서울"), 4);
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}$3.2 billion{}", "word ".repeat(40), " tail".repeat(40));
        let start = line.find('$').unwrap();
        let (shown, before, under) = window(&line, start, start + "$3.2 billion".len());
        assert_eq!(under, "$3.2 billion");
        assert!(shown.starts_with(ELLIPSIS) && shown.ends_with(ELLIPSIS), "{shown}");
        assert_eq!(shown.chars().skip(before).take(12).collect::<String>(), "$3.2 billion");
        assert!(width(&shown) <= MAX_LINE_WIDTH + 1);
        let short = "A short line with $5.";
        assert_eq!(window(short, 18, 20), (short.to_string(), 18, "$5"));
    }
}
