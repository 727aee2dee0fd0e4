//! Tables: the rows and columns of a Markdown table or of plain-text lines of `|`-separated
//! cells, and the rows labelled as a total ("| **Total** | **€4.8 billion** |"), so a rule can
//! add a column up.

use super::Lexicon;
use crate::text::{Paragraph, ParagraphKind, Span};

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The rows in order, the header first; each row is its cells, in column order (a
    /// cell's span is its trimmed content, markup included; an empty cell is an empty span).
    pub rows: Vec<Vec<Span>>,
    /// Indexes into `rows` of the rows whose label names a total.
    pub totals: Vec<usize>,
}

/// The tables of an article, from its table-cell paragraphs (`text` is the file's own text:
/// the cell separators are not prose).
pub(super) fn find(text: &str, paragraphs: &[Paragraph], lex: &Lexicon) -> Vec<Table> {
    let mut out = Vec::new();
    // The lines of the current table, in order.
    let mut lines: Vec<Span> = Vec::new();
    for p in paragraphs {
        if p.kind != ParagraphKind::TableCell {
            flush(text, &mut lines, lex, &mut out);
            continue;
        }
        let line = line_of(text, p.span.start);
        if lines.last() == Some(&line) {
            continue;
        }
        // A blank line between two rows ends a table.
        if lines
            .last()
            .is_some_and(|prev| has_blank_line(text.get(prev.end..line.start).unwrap_or("")))
        {
            flush(text, &mut lines, lex, &mut out);
        }
        lines.push(line);
    }
    flush(text, &mut lines, lex, &mut out);
    out
}

fn flush(text: &str, lines: &mut Vec<Span>, lex: &Lexicon, out: &mut Vec<Table>) {
    let rows: Vec<Vec<Span>> = lines
        .drain(..)
        .map(|line| cells(text, line))
        .filter(|cells| !is_delimiter_row(text, cells))
        .collect();
    if rows.len() < 2 {
        return;
    }
    let totals = (1..rows.len()).filter(|&r| is_total(text, &rows[r], lex)).collect();
    out.push(Table { rows, totals });
}

/// The line holding `offset`, without its line break.
fn line_of(text: &str, offset: usize) -> Span {
    let start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(offset..).and_then(|t| t.find('\n')).map_or(text.len(), |i| offset + i);
    let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
    Span::new(start, end)
}

/// True when the text between two rows (from the end of one line to the start of another)
/// holds a whole line that is blank.
fn has_blank_line(between: &str) -> bool {
    let pieces: Vec<&str> = between.split('\n').collect();
    pieces.len() > 2 && pieces[1..pieces.len() - 1].iter().any(|l| l.trim().is_empty())
}

/// The cells of a row, split at `|` (not at an escaped `\|`), outer pipes dropped.
fn cells(text: &str, line: Span) -> Vec<Span> {
    let row = line.slice(text);
    let mut bounds = vec![0];
    let mut escaped = false;
    for (i, c) in row.char_indices() {
        match c {
            '\\' => escaped = !escaped,
            '|' if !escaped => bounds.push(i),
            _ => escaped = false,
        }
    }
    bounds.push(row.len());
    let mut out: Vec<Span> = bounds
        .windows(2)
        .map(|w| {
            // Skip the pipe that opens each cell after the first.
            let from = if w[0] == 0 && !row.starts_with('|') { 0 } else { w[0] + 1 };
            let from = from.min(w[1]);
            let cell = &row[from..w[1]];
            let lead = cell.len() - cell.trim_start().len();
            let start = line.start + from + lead;
            Span::new(start, start + cell.trim().len())
        })
        .collect();
    // "| a | b |": the pieces before the first pipe and after the last are no cells.
    if row.trim_start().starts_with('|') && !out.is_empty() {
        out.remove(0);
    }
    if row.trim_end().ends_with('|') && out.last().is_some_and(|c| c.start == c.end) {
        out.pop();
    }
    out
}

/// "|---|:---:|": the line under a Markdown table's header.
fn is_delimiter_row(text: &str, cells: &[Span]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let s = c.slice(text);
            s.contains('-') && s.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
        })
}

/// A row whose label (its first cell with words) names a total, markup aside.
fn is_total(text: &str, row: &[Span], lex: &Lexicon) -> bool {
    let strip = |s: &str| s.trim_matches(|c: char| matches!(c, '*' | '_' | ':' | ' ')).to_lowercase();
    row.iter()
        .map(|c| strip(c.slice(text)))
        .find(|label| label.chars().any(char::is_alphanumeric))
        .is_some_and(|label| lex.total_labels.contains(&label))
}

#[cfg(test)]
mod tests {
    use crate::extract::{Context, Format, analyze};
    use crate::kb::KnowledgeBase;

    fn tables(text: &str, format: Format) -> Vec<(Vec<Vec<String>>, Vec<usize>)> {
        let ctx = Context::new(KnowledgeBase::embedded()).with_format(format);
        analyze(text, &ctx)
            .tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.slice(text).to_string()).collect())
                    .collect();
                (rows, t.totals.clone())
            })
            .collect()
    }

    #[test]
    fn markdown_rows_columns_and_the_total_row() {
        let text = "# Pledges\n\nThe breakdown:\n\n| Donor | Pledge |\n|---|---:|\n| Germany | €1.5 billion |\n| \
                    | €0.2 billion |\n| **Total** | **€1.7 billion** |\n\nMore text.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n";
        let got = tables(text, Format::Markdown);
        assert_eq!(got.len(), 2, "{got:?}");
        let (rows, totals) = &got[0];
        assert_eq!(rows[0], ["Donor", "Pledge"]);
        // An empty cell keeps the columns in place.
        assert_eq!(rows[2], ["", "€0.2 billion"]);
        assert_eq!(rows[3], ["**Total**", "**€1.7 billion**"]);
        assert_eq!(totals, &[3]);
        assert_eq!(got[1].0, [["A", "B"], ["1", "2"]]);
        assert!(got[1].1.is_empty());
    }

    #[test]
    fn plain_text_rows_with_crlf_escapes_and_cjk() {
        let text = "Budget 2026\r\n\r\nThe plan:\r\n\r\n| 部門 | 予算 |\r\n|------|------|\r\n| 防衛 \\| 外交 | 3.2億ドル |\r\n| \
                    Overall: | 5億ドル |\r\n\r\nMore text follows.\r\n";
        let got = tables(text, Format::Plain);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].0,
            [["部門", "予算"], ["防衛 \\| 外交", "3.2億ドル"], ["Overall:", "5億ドル"]]
        );
        assert_eq!(got[0].1, [2]);
    }

    #[test]
    fn a_lone_row_is_no_table() {
        assert!(tables("Note\n\n| just one line |\n\nText.\n", Format::Plain).is_empty());
    }
}
