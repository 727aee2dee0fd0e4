//! Conversion between the core's byte spans and LSP types: ranges in the negotiated encoding,
//! findings as diagnostics, paths as URIs. Nothing else in the server converts positions.

use std::path::Path;
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range, Uri,
};

use crate::check::{Finding, Severity};
use crate::text::{LineIndex, PositionEncoding, Span, TextPosition};
use crate::workspace::{FaultReport, Workspace};

pub fn position(index: &LineIndex, text: &str, offset: usize, enc: PositionEncoding) -> Position {
    let p = index.position(text, offset, enc);
    Position {
        line: p.line,
        character: p.character,
    }
}

pub fn range(index: &LineIndex, text: &str, span: Span, enc: PositionEncoding) -> Range {
    Range {
        start: position(index, text, span.start, enc),
        end: position(index, text, span.end, enc),
    }
}

pub fn offset(index: &LineIndex, text: &str, pos: Position, enc: PositionEncoding) -> usize {
    index.offset(text, text_position(pos), enc)
}

/// The bytes a range covers (its ends in order, each clamped into the text).
pub fn span(index: &LineIndex, text: &str, range: Range, enc: PositionEncoding) -> Span {
    let (start, end) = (offset(index, text, range.start, enc), offset(index, text, range.end, enc));
    Span::new(start.min(end), end.max(start))
}

/// A whole line of a file the server holds no text of (a configuration problem's line); the
/// client clamps the end to the line's end.
pub fn line_range(line: u32) -> Range {
    Range::new(Position::new(line, 0), Position::new(line, u32::MAX / 2))
}

/// The start of a line of a file the server holds no text of (a knowledge-base entry's header:
/// an editor jumping there needs no column).
pub fn line_start(line: u32) -> Range {
    let at = Position::new(line, 0);
    Range::new(at, at)
}

pub fn text_position(pos: Position) -> TextPosition {
    TextPosition {
        line: pos.line,
        character: pos.character,
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn uri_from_key(key: &str) -> Option<Uri> {
    Uri::from_str(key).ok()
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn uri_to_path(uri: &Uri) -> Option<std::path::PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// The one diagnostic of a document whose latest version could not be analysed (a panic or
/// the deadline), at its start. It has no code: it is about factline, not the article.
pub fn fault_diagnostic(fault: &FaultReport) -> Diagnostic {
    Diagnostic {
        range: line_start(0),
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some("factline".into()),
        message: fault.user_message(),
        ..Diagnostic::default()
    }
}

/// Related information in an archived article: its path (or URL) and the position stored
/// with the statement (UTF-16 columns, the protocol's default).
fn archived_related(a: &crate::archive::ArchivedArticle, r: &crate::check::Related) -> Option<DiagnosticRelatedInformation> {
    let uri = if a.path.contains("://") {
        Uri::from_str(&a.path).ok()?
    } else {
        path_to_uri(Path::new(&a.path))?
    };
    let [l0, c0, l1, c1] = a.position_of(r.span).unwrap_or_default();
    Some(DiagnosticRelatedInformation {
        location: Location {
            uri,
            range: Range::new(Position::new(l0, c0), Position::new(l1, c1)),
        },
        message: format!("{}: {}", a.name(), r.message),
    })
}

/// A finding as a diagnostic of the article `key`; related spans in other articles are
/// converted with their own line index.
pub fn diagnostic(ws: &Workspace, key: &str, f: &Finding, enc: PositionEncoding) -> Option<Diagnostic> {
    let article = ws.get(key)?;
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            if let Some(archived) = ws.archived(&r.doc) {
                return archived_related(archived, r);
            }
            let other = ws.get(&r.doc)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: uri_from_key(&r.doc)?,
                    range: range(&other.line_index, &other.text, r.span, enc),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    Some(Diagnostic {
        range: range(&article.line_index, &article.text, f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.as_str().to_string())),
        code_description: Uri::from_str(&f.code.docs_url()).ok().map(|href| CodeDescription { href }),
        source: Some("factline".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}
