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

/// How deep a file's object sits in the output: in the `files` array of the top object.
const FILE_INDENT: &[u8] = b"    ";

/// Above this much text, a file's JSON (ten to twenty times the text) is written straight
/// into the output rather than made beforehand in memory.
const MADE_UP_TO: usize = 16 * 1024;

/// A file's object, made on the thread that checked it, or (a long file) its report, to be
/// serialized as it is written.
pub enum FileJson {
    Made(Vec<u8>),
    Report(FileReport),
}

/// The whole output, pretty-printed as `serde_json` prints it, with a final newline, written
/// into `out` one file at a time. `start`/`end` index the files as on disk: `offsets` (a
/// byte-order mark) is added to the analysed text's offsets.
pub fn write(
    out: &mut impl std::io::Write,
    files: impl IntoIterator<Item = serde_json::Result<FileJson>>,
    projects: &Projects,
    offsets: &DiskOffsets,
) -> serde_json::Result<()> {
    let io = serde_json::Error::io;
    write!(out, "{{\n  \"version\": {VERSION},\n  \"files\": [").map_err(io)?;
    let mut any = false;
    for file in files {
        out.write_all(if any { b",\n" } else { b"\n" }).map_err(io)?;
        out.write_all(FILE_INDENT).map_err(io)?;
        match file? {
            FileJson::Made(made) => out.write_all(&made).map_err(io)?,
            FileJson::Report(report) => write_file(&mut *out, &report, projects, offsets)?,
        }
        any = true;
    }
    out.write_all(if any { b"\n  ]\n}\n" } else { b"]\n}\n" }).map_err(io)
}

/// One file's object for [`write`]: made now, pretty-printed as it stands in the output, when
/// the file is short (so that files are serialized in parallel, each on the thread that
/// checked it); else the report, which `write` serializes straight into the output.
pub fn file_json(report: FileReport, projects: &Projects, offsets: &DiskOffsets) -> serde_json::Result<FileJson> {
    if report.article.text.len() > MADE_UP_TO {
        return Ok(FileJson::Report(report));
    }
    let mut made = Vec::new();
    write_file(&mut made, &report, projects, offsets)?;
    Ok(FileJson::Made(made))
}

fn write_file(out: impl std::io::Write, report: &FileReport, projects: &Projects, offsets: &DiskOffsets) -> serde_json::Result<()> {
    let file = file(report, projects.workspace_of(&report.path), offsets);
    file.serialize(&mut serde_json::Serializer::with_formatter(out, FilePretty::default()))
}

/// `serde_json`'s pretty printer (two spaces a level) started at the depth of a file's object,
/// so a file prints as it stands in the whole output.
struct FilePretty {
    depth: usize,
    has_value: bool,
}

impl Default for FilePretty {
    fn default() -> Self {
        FilePretty {
            depth: FILE_INDENT.len() / 2,
            has_value: false,
        }
    }
}

impl FilePretty {
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for FilePretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// The whole document as `serde_json` prints it in one go, fields in this order.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        files: &'a [Value],
    }

    #[test]
    fn files_written_one_at_a_time_make_serde_json_s_pretty_print_of_the_whole() {
        let files = [
            json!({"path": "a\nb \"c\".txt", "entities": [], "figures": [{"text": "3\u{a0}km", "value": 3.5}],
                   "diagnostics": [{"related": [], "range": {"start": {"line": 0}}}]}),
            json!({"path": "d.md", "quotes": [{"text": "ñ — 日本"}]}),
        ];
        let projects = Projects::new(crate::workspace::Guard::inline());
        for n in 0..=files.len() {
            let want = serde_json::to_string_pretty(&Whole {
                version: VERSION,
                files: &files[..n],
            })
            .unwrap()
                + "\n";
            let made = files[..n].iter().map(|f| {
                let mut made = Vec::new();
                f.serialize(&mut serde_json::Serializer::with_formatter(&mut made, FilePretty::default()))?;
                Ok(FileJson::Made(made))
            });
            let mut got = Vec::new();
            write(&mut got, made, &projects, &DiskOffsets::default()).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), want, "{n} files");
        }
    }
}
