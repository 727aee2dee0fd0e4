//! `check --format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, IDEs).
//!
//! One run; every code is a rule; regions are 1-based with columns in UTF-16 code units
//! (`columnKind: utf16CodeUnits`), the same units as the LSP, from the same line index.

use serde_json::{Value, json};

use super::FileReport;
use super::check::DiskOffsets;
use crate::check::{Code, Finding, Related, Severity};
use crate::text::{PositionEncoding, Span};
use crate::workspace::{Article, Projects};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/factline/factline";
/// Relative artifact URIs resolve against the working directory the CLI ran in.
const SRCROOT: &str = "%SRCROOT%";

/// `offsets`: bytes before each file's analysed text (a byte-order mark), added to
/// `byteOffset`, which counts from the start of the file; columns are as editors show the text.
pub fn render(reports: &[FileReport], projects: &Projects, offsets: &DiskOffsets) -> serde_json::Result<String> {
    let rules: Vec<Value> = Code::ALL.iter().map(|&c| rule(c)).collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| result(r, f, projects, offsets)))
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "factline",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": rules,
        }},
        "columnKind": "utf16CodeUnits",
        "results": results,
    });
    if let Ok(cwd) = std::env::current_dir() {
        let mut base = file_uri(&cwd.to_string_lossy());
        if !base.ends_with('/') {
            base.push('/');
        }
        run["originalUriBaseIds"] = json!({ SRCROOT: {"uri": base} });
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "shortDescription": {"text": code.info().summary},
        "helpUri": code.docs_url(),
        "defaultConfiguration": {"level": level(code.default_severity())},
    })
}

fn result(report: &FileReport, f: &Finding, projects: &Projects, offsets: &DiskOffsets) -> Value {
    let mut value = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": Code::ALL.iter().position(|&c| c == f.code).unwrap_or(0),
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location(&report.path, &report.article, f.span, offsets.of(&report.path))],
    });
    let related: Vec<Value> = f
        .related
        .iter()
        .enumerate()
        .filter_map(|(i, r)| related(i, r, projects, offsets))
        .collect();
    if !related.is_empty() {
        value["relatedLocations"] = Value::Array(related);
    }
    value
}

fn related(id: usize, r: &Related, projects: &Projects, offsets: &DiskOffsets) -> Option<Value> {
    let article = projects.get(&r.doc)?;
    let mut loc = location(&r.doc, article, r.span, offsets.of(&r.doc));
    loc["id"] = json!(id);
    loc["message"] = json!({"text": r.message});
    Some(loc)
}

fn location(path: &str, article: &Article, span: Span, disk_offset: usize) -> Value {
    let (start, end) = article.line_index.range(&article.text, span, PositionEncoding::Utf16);
    let mut artifact = json!({"uri": uri(path)});
    if !std::path::Path::new(path).is_absolute() {
        artifact["uriBaseId"] = json!(SRCROOT);
    }
    json!({"physicalLocation": {
        "artifactLocation": artifact,
        "region": {
            "startLine": start.line + 1,
            "startColumn": start.character + 1,
            "endLine": end.line + 1,
            // SARIF's end column is the column just past the region.
            "endColumn": end.character + 1,
            "byteOffset": disk_offset + span.start,
            "byteLength": span.len(),
        },
    }})
}

/// A relative path as a URI reference, an absolute one as a `file://` URI.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    if path.starts_with('/') {
        file_uri(path)
    } else {
        percent_encode(path)
    }
}

fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    // Windows paths ("C:/x") need a slash before the drive, whose colon stays.
    match path.split_once(':') {
        Some((drive, rest)) if drive.len() == 1 => format!("file:///{drive}:{}", percent_encode(rest)),
        _ => format!("file://{}", percent_encode(&path)),
    }
}

/// Escapes what may not stand in a URI path: everything but unreserved characters and '/'.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri("news/a b.txt"), "news/a%20b.txt");
        assert_eq!(uri("./a.txt"), "a.txt");
        assert_eq!(uri("/tmp/ü.md"), "file:///tmp/%C3%BC.md");
        assert_eq!(uri("news/日本.txt"), "news/%E6%97%A5%E6%9C%AC.txt");
    }
}
