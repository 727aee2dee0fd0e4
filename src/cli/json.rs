//! `check --format json`, version 1: the shape the README documents for scripts and editor
//! plugins. This module owns that shape; the core's types are never serialized directly.

use serde::Serialize;

use super::FileReport;
use super::check::DiskOffsets;
use crate::check::Finding;
use crate::extract::{Analysis, Source};
use crate::text::{PositionEncoding, Span, TextPosition};
use crate::workspace::{Article, Projects, Workspace};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(bound = "")]
struct Output<'a, I: Iterator<Item = FileReport>> {
    version: u32,
    files: Files<'a, I>,
}

/// The files, each made as it is serialized (and dropped after): the reports are drawn from
/// `reports` one at a time, so the findings of a large workspace are never held whole.
struct Files<'a, I> {
    reports: std::cell::RefCell<I>,
    projects: &'a Projects,
    offsets: &'a DiskOffsets,
}

impl<I: Iterator<Item = FileReport>> Serialize for Files<'_, I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        let mut reports = self.reports.borrow_mut();
        for r in reports.by_ref() {
            seq.serialize_element(&file(&r, self.projects.workspace_of(&r.path), self.offsets))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    entities: Vec<Entity<'a>>,
    figures: Vec<Figure<'a>>,
    quotes: Vec<Quote<'a>>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: String,
    name: &'a str,
    kind: &'static str,
    intro: Option<Range>,
    mentions: Vec<Mention<'a>>,
}

#[derive(Serialize)]
struct Range {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Mention<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Figure<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    kind: &'static str,
    value: Option<f64>,
    unit: Option<&'a str>,
    /// "about", "at least", … as written (lowercased), or null.
    qualifier: Option<&'a str>,
    sourced: bool,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct Quote<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    speaker: Option<String>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    start: usize,
    end: usize,
    range: LspRange,
    /// The nearest related statements, at most `check::RELATED_MAX`.
    related: Vec<Related<'a>>,
    /// All the related statements, listed or not.
    related_total: usize,
}

#[derive(Serialize)]
struct LspRange {
    start: LspPosition,
    end: LspPosition,
}

#[derive(Serialize)]
struct LspPosition {
    line: u32,
    character: u32,
}

impl From<TextPosition> for LspPosition {
    fn from(p: TextPosition) -> Self {
        LspPosition {
            line: p.line,
            character: p.character,
        }
    }
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    message: &'a str,
}

/// The whole output, pretty-printed, with a final newline, written into `out` one file at a
/// time. `start`/`end` index the files as on disk: `offsets` (a byte-order mark) is added to
/// the analysed text's offsets.
pub fn write(
    out: &mut impl std::io::Write,
    reports: impl IntoIterator<Item = FileReport>,
    projects: &Projects,
    offsets: &DiskOffsets,
) -> serde_json::Result<()> {
    let output = Output {
        version: VERSION,
        files: Files {
            reports: std::cell::RefCell::new(reports.into_iter()),
            projects,
            offsets,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// `ws`: the workspace of the file's project (none for a configuration file, which has no
/// entities).
fn file<'a>(report: &'a FileReport, ws: Option<&Workspace>, offsets: &DiskOffsets) -> File<'a> {
    let at = offsets.of(&report.path);
    let article = &*report.article;
    let text = &*article.text;
    let a = &article.analysis;
    let span_text = |span: Span| span.slice(text);

    let mut entities: Vec<(usize, Entity<'a>)> = a
        .entities
        .iter()
        .map(|e| {
            let mentions: Vec<Mention<'a>> = e
                .mentions
                .iter()
                .map(|&mi| a.mentions[mi].span)
                .map(|s| Mention {
                    text: span_text(s),
                    start: at + s.start,
                    end: at + s.end,
                })
                .collect();
            let first = mentions.iter().map(|m| m.start).min().unwrap_or(usize::MAX);
            let intro = e.intro.map(|mi| a.mentions[mi].span).map(|s| Range {
                start: at + s.start,
                end: at + s.end,
            });
            (
                first,
                Entity {
                    id: ws.map(|ws| ws.entity_id(&e.reference)).unwrap_or_default(),
                    name: &e.name,
                    kind: e.kind.as_str(),
                    intro,
                    mentions,
                },
            )
        })
        .collect();
    for (_, e) in &mut entities {
        e.mentions.sort_by_key(|m| (m.start, m.end));
    }
    entities.sort_by(|(fa, ea), (fb, eb)| fa.cmp(fb).then_with(|| ea.id.cmp(&eb.id)));

    let mut figures: Vec<Figure<'a>> = a
        .figures
        .iter()
        .map(|f| Figure {
            text: span_text(f.span),
            start: at + f.span.start,
            end: at + f.span.end,
            kind: f.kind.as_str(),
            // JSON has no NaN or infinity; such a value is no value.
            value: f.value.filter(|v| v.is_finite()),
            unit: f.unit.as_deref(),
            qualifier: f.qualifier.as_deref(),
            sourced: f.source.is_some(),
            source: f.source.as_ref().map(|s| s.text.as_str()),
        })
        .collect();
    figures.sort_by_key(|f| (f.start, f.end));

    let mut quotes: Vec<Quote<'a>> = a
        .quotes
        .iter()
        .map(|q| Quote {
            text: span_text(q.span),
            start: at + q.span.start,
            end: at + q.span.end,
            speaker: q.speaker.as_ref().map(|s| speaker(s, a, ws)),
        })
        .collect();
    quotes.sort_by_key(|q| (q.start, q.end));

    let mut diagnostics: Vec<Diagnostic<'a>> = report.findings.iter().map(|f| diagnostic(f, article, at, offsets)).collect();
    diagnostics.sort_by_key(|d| (d.start, d.end));

    File {
        path: &report.path,
        entities: entities.into_iter().map(|(_, e)| e).collect(),
        figures,
        quotes,
        diagnostics,
    }
}

/// The speaker's entity id when the source names an entity, else its text.
fn speaker(source: &Source, a: &Analysis, ws: Option<&Workspace>) -> String {
    match source.entity.and_then(|i| a.entities.get(i)) {
        Some(e) if let Some(ws) = ws => ws.entity_id(&e.reference),
        _ => source.text.clone(),
    }
}

/// `range` stays as an editor shows the text (editors hide a byte-order mark); `start`/`end`
/// are offsets into the file, `at` being the bytes before the text.
fn diagnostic<'a>(f: &'a Finding, article: &Article, at: usize, offsets: &DiskOffsets) -> Diagnostic<'a> {
    let (start, end) = article.line_index.range(&article.text, f.span, PositionEncoding::Utf16);
    Diagnostic {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        start: at + f.span.start,
        end: at + f.span.end,
        range: LspRange {
            start: start.into(),
            end: end.into(),
        },
        // The workspace key of every article is its display path.
        related: f
            .related
            .iter()
            .map(|r| Related {
                path: &r.doc,
                start: offsets.of(&r.doc) + r.span.start,
                end: offsets.of(&r.doc) + r.span.end,
                message: &r.message,
            })
            .collect(),
        related_total: f.related.len() + f.related_more,
    }
}
