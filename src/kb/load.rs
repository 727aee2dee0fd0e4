//! Parsing and validating knowledge-base TOML files.

use std::collections::HashMap;

use serde::Deserialize;

use super::{EntityKind, Entry, Origin};

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{}: {message}", line + 1)]
pub struct KbError {
    pub file: String,
    /// Zero-based line of the problem.
    pub line: u32,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    reviewed: Option<String>,
    #[serde(default)]
    entity: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    name: String,
    kind: EntityKind,
    #[serde(default)]
    subkind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    misspellings: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    capital: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
    #[serde(default)]
    priority: i32,
}

fn line_of(text: &str, offset: usize) -> u32 {
    LineCursor::default().line_at(text, offset)
}

/// Counts lines forward from the last position asked for: entries come in file order, so
/// finding every entry's line stays linear in the file size.
#[derive(Default)]
struct LineCursor {
    offset: usize,
    line: u32,
}

impl LineCursor {
    fn line_at(&mut self, text: &str, offset: usize) -> u32 {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = LineCursor::default();
        }
        self.line += text.as_bytes()[self.offset..offset].iter().filter(|&&b| b == b'\n').count() as u32;
        self.offset = offset;
        self.line
    }
}

/// Parses one file. Errors carry the file's line so they can be shown there.
pub(super) fn parse_file(file: &str, text: &str, embedded: bool) -> Result<(Vec<Entry>, Option<String>), Vec<KbError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        vec![KbError {
            file: file.to_string(),
            line,
            message: e.message().trim().to_string(),
        }]
    })?;
    let mut errors = Vec::new();
    let mut entries = Vec::with_capacity(raw.entity.len());
    let mut lines = LineCursor::default();
    for spanned in raw.entity {
        let line = lines.line_at(text, spanned.span().start);
        let r = spanned.into_inner();
        let err = |message: String| KbError {
            file: file.to_string(),
            line,
            message,
        };
        if r.id.is_empty() || !r.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            errors.push(err(format!("id {:?} must be a lowercase slug of a-z, 0-9 and '-'", r.id)));
            continue;
        }
        if r.name.trim().is_empty() {
            errors.push(err(format!("entity {:?} has an empty name", r.id)));
            continue;
        }
        if let Some(bad) = r.aliases.iter().chain(&r.misspellings).find(|a| a.trim().is_empty()) {
            errors.push(err(format!("entity {:?} has an empty spelling {bad:?}", r.id)));
            continue;
        }
        entries.push(Entry {
            id: r.id,
            name: r.name,
            kind: r.kind,
            subkind: r.subkind,
            aliases: r.aliases,
            misspellings: r.misspellings,
            demonyms: r.demonyms,
            country: r.country,
            capital: r.capital,
            description: r.description,
            ambiguous: r.ambiguous,
            priority: r.priority,
            origin: Origin {
                file: file.to_string(),
                line,
                embedded,
            },
        });
    }
    if errors.is_empty() {
        Ok((entries, raw.reviewed))
    } else {
        Err(errors)
    }
}

/// Parses every embedded file, keeping what parses and reporting the rest.
pub(super) fn parse_embedded(files: &[(&str, &str)]) -> (Vec<Entry>, Option<String>, Vec<KbError>) {
    let mut entries = Vec::new();
    let mut reviewed: Option<String> = None;
    let mut errors = Vec::new();
    for (name, text) in files {
        match parse_file(name, text, true) {
            Ok((mut e, r)) => {
                entries.append(&mut e);
                // The oldest review date is the honest one for the whole base.
                if let Some(r) = r
                    && reviewed.as_ref().is_none_or(|cur| r < *cur)
                {
                    reviewed = Some(r);
                }
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    (entries, reviewed, errors)
}

pub(super) fn validate(entries: &[Entry]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: HashMap<&str, &Entry> = HashMap::new();
    for e in entries {
        if let Some(prev) = ids.insert(&e.id, e) {
            problems.push(format!(
                "duplicate id {:?} ({}:{} and {}:{})",
                e.id,
                prev.origin.file,
                prev.origin.line + 1,
                e.origin.file,
                e.origin.line + 1
            ));
        }
    }
    let mut owners: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in entries {
        for s in std::iter::once(&e.name).chain(&e.aliases).chain(&e.misspellings) {
            let list = owners.entry(s.as_str()).or_default();
            if !list.iter().any(|x| x.id == e.id) {
                list.push(e);
            }
        }
        for (field, target) in [("country", &e.country), ("capital", &e.capital)] {
            if let Some(t) = target
                && !ids.contains_key(t.as_str())
            {
                problems.push(format!("{}: {field} {t:?} is not an entry id", e.id));
            }
        }
    }
    for (spelling, list) in &owners {
        if list.len() > 1 {
            for e in list {
                if !e.ambiguous.iter().any(|a| a == spelling) {
                    let others: Vec<_> = list.iter().filter(|x| x.id != e.id).map(|x| x.id.as_str()).collect();
                    problems.push(format!(
                        "{}: spelling {spelling:?} is shared with {others:?} but not listed in `ambiguous`",
                        e.id
                    ));
                }
            }
        }
    }
    problems.sort();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_line() {
        let text = "reviewed = \"2026-11-23\"\n\n[[entity]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\n";
        let errs = parse_file("kb.toml", text, false).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.contains("planet") || errs[0].message.contains("variant"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[0].line, 5);
        let text = "[[entity]]\nid = \"Bad Id\"\nname = \"X\"\nkind = \"place\"\n";
        assert_eq!(parse_file("kb.toml", text, false).unwrap_err()[0].line, 0);
        let text = "[[entity]]\nid = \"x\"\nname = \"X\"\nkind = \"place\"\ncolour = \"red\"\n";
        assert!(parse_file("kb.toml", text, false).unwrap_err()[0].message.contains("colour"));
    }

    #[test]
    fn shared_spellings_must_be_marked() {
        let text = "[[entity]]\nid = \"a\"\nname = \"Georgia\"\nkind = \"place\"\n[[entity]]\nid = \"b\"\nname = \"Georgia\"\nkind = \"place\"\nambiguous = [\"Georgia\"]\n";
        let (entries, _) = parse_file("kb.toml", text, false).unwrap();
        let problems = validate(&entries);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("a:"), "{problems:?}");
    }
}
