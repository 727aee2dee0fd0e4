//! Figures someone marked as checked, kept in `.factline/checked.toml` at the workspace root.
//! A checked figure is not reported as `unsourced-figure` or `vague-source` by either front.
//!
//! A figure is recognised by a fingerprint of its sentence's words and its own words
//! (lowercased, punctuation and spacing dropped), so edits elsewhere in the article, a moved
//! paragraph or re-wrapped lines keep it checked; rewording its sentence makes it new again.
//! The file is plain TOML a person can read and prune:
//!
//! ```toml
//! [[checked]]
//! fingerprint = "4f1c9a0d2b7e6a13"
//! figure = "$3.2 billion"
//! sentence = "The port would cost $3.2 billion."
//! ```
//! Parsing and writing happen here; reading the file is the fronts' business.

use std::collections::HashSet;

use serde::Deserialize;

use super::ConfigError;
use crate::check::{Code, Finding};
use crate::extract::Analysis;

/// The file's place under a workspace root.
pub const CHECKED_FILE: &str = ".factline/checked.toml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckedFigures {
    fingerprints: HashSet<String>,
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    checked: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    fingerprint: String,
}

impl CheckedFigures {
    /// Parses the file; a syntax error comes back with its zero-based line.
    pub fn parse(text: &str) -> Result<CheckedFigures, ConfigError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| ConfigError {
            line: e.span().map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() as u32),
            message: format!("checked figures: {}", e.message().trim()),
        })?;
        Ok(CheckedFigures {
            fingerprints: raw.checked.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    pub fn insert(&mut self, fingerprint: String) -> bool {
        self.fingerprints.insert(fingerprint)
    }

    /// Drops the sourcing findings of figures marked as checked.
    pub fn filter(&self, text: &str, analysis: &Analysis, findings: &mut Vec<Finding>) {
        if self.is_empty() {
            return;
        }
        findings.retain(|f| {
            if !matches!(f.code, Code::UnsourcedFigure | Code::VagueSource) {
                return true;
            }
            let Some(fi) = analysis.figures.iter().position(|g| g.span == f.span) else {
                return true;
            };
            !self.contains(&figure_fingerprint(text, analysis, fi))
        });
    }
}

/// The fingerprint of figure `fi`: its sentence's words and its own words.
pub fn figure_fingerprint(text: &str, analysis: &Analysis, fi: usize) -> String {
    let f = &analysis.figures[fi];
    let sentence = analysis.sentences.get(f.sentence).map_or("", |s| s.span.slice(text));
    fingerprint(sentence, f.span.slice(text))
}

/// FNV-1a over the normalised words: stable across builds and platforms, unlike std's hasher.
pub fn fingerprint(sentence: &str, figure: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (i, part) in [sentence, figure].into_iter().enumerate() {
        if i > 0 {
            feed(0x1f);
        }
        let mut first = true;
        for word in part.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if !first {
                feed(b' ');
            }
            first = false;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0; 4];
                c.encode_utf8(&mut buf).bytes().for_each(&mut feed);
            }
        }
    }
    format!("{hash:016x}")
}

/// One `[[checked]]` entry, to append to the file (starts with a blank line when the file
/// already has content).
pub fn entry_toml(fingerprint: &str, figure: &str, sentence: &str, existing: &str) -> String {
    let sentence: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    if existing.trim().is_empty() {
        out.push_str("# Figures marked as checked in factline. Matched by the words of their sentence;\n");
        out.push_str("# delete an entry to have the figure flagged again.\n");
    } else if !existing.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\n[[checked]]\n");
    out.push_str(&format!("fingerprint = {}\n", toml_string(fingerprint)));
    out.push_str(&format!("figure = {}\n", toml_string(figure)));
    out.push_str(&format!("sentence = {}\n", toml_string(&sentence)));
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_case_spacing_and_punctuation_but_not_words() {
        let a = fingerprint("The port would cost $3.2 billion.", "$3.2 billion");
        assert_eq!(a, fingerprint("the  port would\ncost $3.2 billion", "$3.2 billion"));
        assert_ne!(a, fingerprint("The port would cost $3.5 billion.", "$3.5 billion"));
        assert_ne!(a, fingerprint("The port would cost $3.2 billion.", "3.2"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn entries_round_trip_through_the_file() {
        let first = entry_toml("00aa", "$3.2 \"billion\"", "It cost\n$3.2 billion.", "");
        let second = entry_toml("00bb", "40%", "Up 40%.", &first);
        let text = format!("{first}{second}");
        let checked = CheckedFigures::parse(&text).unwrap();
        assert!(checked.contains("00aa") && checked.contains("00bb"));
        assert!(!checked.contains("00cc"));
        assert!(CheckedFigures::parse("").unwrap().is_empty());
    }

    #[test]
    fn a_workspace_does_not_flag_checked_figures_even_after_edits_elsewhere() {
        use crate::extract::Format;
        use crate::kb::KnowledgeBase;
        use crate::workspace::{Config, Workspace};
        let mut ws = Workspace::new(std::sync::Arc::new(KnowledgeBase::empty()), Config::default());
        let text = "Port news\nThe port would cost $3.2 billion. Some 300 families will move.\n";
        let a = ws.set("a", None, text.into(), Format::Plain, None);
        let codes = |ws: &Workspace| {
            ws.check("a")
                .assert_clean()
                .iter()
                .map(|f| f.span.slice(&ws.get("a").unwrap().text).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&ws), ["$3.2 billion", "300"]);
        let fi = a
            .analysis
            .figures
            .iter()
            .position(|f| f.span.slice(text) == "$3.2 billion")
            .unwrap();
        let mut checked = CheckedFigures::default();
        checked.insert(figure_fingerprint(text, &a.analysis, fi));
        ws.set_checked(std::sync::Arc::new(checked));
        assert_eq!(codes(&ws), ["300"]);
        // A new first paragraph moves every offset; the figure stays checked.
        let edited = format!("Port news\nA new lead paragraph.\n\n{}", &text["Port news\n".len()..]);
        ws.set("a", None, edited.into(), Format::Plain, None);
        assert_eq!(codes(&ws), ["300"]);
    }

    #[test]
    fn syntax_errors_carry_their_line() {
        let err = CheckedFigures::parse("[[checked]]\nfingerprint = \"ab\"\nfigure = \n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
