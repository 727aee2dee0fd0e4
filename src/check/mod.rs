//! Rules: each reads one article's analysis (and the workspace around it) and reports
//! [`Finding`]s. One file per rule; [`RULES`] lists them all.

mod arithmetic_mismatch;
mod duration_mismatch;
mod inconsistent_number;
mod name_variant;
pub mod suppress;
mod unattributed_quote;
mod unintroduced_name;
mod unsourced_figure;
mod vague_source;
mod weekday_mismatch;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::extract::{Analysis, FigureKind};
use crate::kb::KnowledgeBase;
use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// The stable diagnostic codes (DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    UnsourcedFigure,
    UnattributedQuote,
    InconsistentNumber,
    WeekdayMismatch,
    DurationMismatch,
    ArithmeticMismatch,
    NameVariant,
    UnintroducedName,
    VagueSource,
    ConfigError,
}

impl Code {
    pub const ALL: [Code; 10] = [
        Code::UnsourcedFigure,
        Code::UnattributedQuote,
        Code::InconsistentNumber,
        Code::WeekdayMismatch,
        Code::DurationMismatch,
        Code::ArithmeticMismatch,
        Code::NameVariant,
        Code::UnintroducedName,
        Code::VagueSource,
        Code::ConfigError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnsourcedFigure => "unsourced-figure",
            Code::UnattributedQuote => "unattributed-quote",
            Code::InconsistentNumber => "inconsistent-number",
            Code::WeekdayMismatch => "weekday-mismatch",
            Code::DurationMismatch => "duration-mismatch",
            Code::ArithmeticMismatch => "arithmetic-mismatch",
            Code::NameVariant => "name-variant",
            Code::UnintroducedName => "unintroduced-name",
            Code::VagueSource => "vague-source",
            Code::ConfigError => "config-error",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::WeekdayMismatch | Code::ConfigError => Severity::Error,
            Code::UnintroducedName => Severity::Information,
            Code::VagueSource => Severity::Hint,
            _ => Severity::Warning,
        }
    }

    /// Where `docs/rules.md` explains the code.
    pub fn docs_url(self) -> String {
        format!("https://github.com/factline/factline/blob/main/docs/rules.md#{}", self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another statement a finding points at, possibly in another article.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// The workspace key of the article (its path or URI).
    pub doc: String,
    pub span: Span,
    pub message: String,
}

/// A certain fix: replace these spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            span,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

/// Per-code severity overrides; `None` turns a rule off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSettings {
    pub overrides: HashMap<Code, Option<Severity>>,
    /// `unsourced-figure` per figure kind (`[rules.unsourced-figure] money = "error"`), over
    /// the code's own severity; `None` silences that kind.
    pub figure_kinds: HashMap<FigureKind, Option<Severity>>,
}

impl RuleSettings {
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.overrides.get(&code) {
            Some(s) => *s,
            None => Some(code.default_severity()),
        }
    }

    /// The severity of an `unsourced-figure` finding on a figure of `kind`.
    pub fn figure_severity(&self, kind: FigureKind, code_severity: Severity) -> Option<Severity> {
        self.figure_kinds.get(&kind).copied().unwrap_or(Some(code_severity))
    }
}

/// One article as the rules see it.
pub struct ArticleView<'a> {
    pub key: &'a str,
    /// How messages name the article: a path relative to the workspace folder in the server,
    /// the path as given in the CLI.
    pub name: &'a str,
    pub text: &'a str,
    pub analysis: &'a Analysis,
}

/// What a rule may read: the article, the others of the workspace, the knowledge base.
pub struct RuleContext<'a> {
    pub article: ArticleView<'a>,
    pub others: &'a [ArticleView<'a>],
    pub kb: &'a KnowledgeBase,
    /// The workspace's quantity index; `None` when the rule should index `article` and
    /// `others` itself (tests, one-off checks).
    pub quantities: Option<&'a crate::workspace::QuantityIndex>,
}

impl RuleContext<'_> {
    /// The name messages give the article `key` (the key itself when it is not in view).
    pub fn name_of<'k>(&'k self, key: &'k str) -> &'k str {
        if key == self.article.key {
            return self.article.name;
        }
        self.others.iter().find(|o| o.key == key).map_or(key, |o| o.name)
    }

    /// Another statement of this article, shown by its own words.
    pub fn related_here(&self, span: Span) -> Related {
        Related {
            doc: self.article.key.to_string(),
            span,
            message: span.slice(self.article.text).to_string(),
        }
    }
}

pub trait Rule: Sync {
    fn code(&self) -> Code;
    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>);
}

/// Every rule, in a fixed order.
pub static RULES: &[&dyn Rule] = &[
    &unsourced_figure::UnsourcedFigure,
    &vague_source::VagueSource,
    &unattributed_quote::UnattributedQuote,
    &weekday_mismatch::WeekdayMismatch,
    &duration_mismatch::DurationMismatch,
    &arithmetic_mismatch::ArithmeticMismatch,
    &inconsistent_number::InconsistentNumber,
    &name_variant::NameVariant,
    &unintroduced_name::UnintroducedName,
];

/// Runs every enabled rule on one article; findings come back sorted by position.
pub fn run(cx: &RuleContext<'_>, settings: &RuleSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in RULES {
        let Some(severity) = settings.severity(rule.code()) else { continue };
        let start = out.len();
        // A rule that panics on odd input loses its findings, never the whole run.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut local = Vec::new();
            rule.check(cx, &mut local);
            local
        }));
        match result {
            Ok(found) => out.extend(found),
            Err(_) => eprintln!("factline: rule {} failed on {}", rule.code(), cx.article.key),
        }
        for f in &mut out[start..] {
            f.severity = severity;
        }
        if rule.code() == Code::UnsourcedFigure && !settings.figure_kinds.is_empty() {
            let a = cx.article.analysis;
            let mut kept = start;
            for i in start..out.len() {
                let kind = a.figure_at(out[i].span.start).map(|fi| a.figures[fi].kind);
                let sev = kind.map_or(Some(severity), |k| settings.figure_severity(k, severity));
                if let Some(sev) = sev {
                    out[i].severity = sev;
                    out.swap(kept, i);
                    kept += 1;
                }
            }
            out.truncate(kept);
        }
    }
    suppress::apply(cx.article.text, cx.article.analysis.format, &mut out);
    out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.code.cmp(&b.code)));
    out
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_every_rule_is_registered_once() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()));
            assert_eq!(Code::parse(c.as_str()), Some(c));
        }
        let mut rules = std::collections::HashSet::new();
        for r in RULES {
            assert!(rules.insert(r.code()), "{} registered twice", r.code());
        }
        // Every rule file under src/check is in RULES.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().replace(".rs", "").replace('_', "-");
            if matches!(name.as_str(), "mod" | "test-support" | "suppress") {
                continue;
            }
            assert!(
                RULES.iter().any(|r| r.code().as_str() == name),
                "rule file {name} is not registered"
            );
        }
    }
}
