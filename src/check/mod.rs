//! Rules: each reads one article's analysis (and the workspace around it) and reports
//! [`Finding`]s. One file per rule; [`RULES`] lists them all.

pub mod index;
pub mod spellings;
pub mod suppress;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::extract::{Analysis, FigureKind, Lexicon};
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

/// What the registry knows of a code: everything `docs/rules.md`, SARIF and the editors'
/// settings say of it. Each rule file holds its own (`INFO`).
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// One line, for SARIF and settings descriptions.
    pub summary: &'static str,
    /// The rule's section of `docs/rules.md` (Markdown, after its "Default:" line).
    pub doc: &'static str,
}

/// The registry: one line per rule file (module, rule, code) and per code without a rule. A
/// new rule is its file plus one line here; the docs, SARIF rules and editor settings follow.
macro_rules! registry {
    (
        rules: [$($module:ident :: $rule:ident => $variant:ident),* $(,)?],
        codes: [$($code_module:ident => $code_variant:ident),* $(,)?] $(,)?
    ) => {
        $(mod $module;)*
        $(mod $code_module;)*

        /// The stable diagnostic codes (docs/rules.md).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
            $($code_variant,)*
        }

        impl Code {
            /// Every code, in the order of `docs/rules.md`.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)* $(Code::$code_variant,)*];

            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &$module::INFO,)*
                    $(Code::$code_variant => &$code_module::INFO,)*
                }
            }
        }

        /// Every rule, in a fixed order.
        pub static RULES: &[&dyn Rule] = &[$(&$module::$rule,)*];
    };
}

registry! {
    rules: [
        unsourced_figure::UnsourcedFigure => UnsourcedFigure,
        unattributed_quote::UnattributedQuote => UnattributedQuote,
        inconsistent_number::InconsistentNumber => InconsistentNumber,
        superseded_figure::SupersededFigure => SupersededFigure,
        weekday_mismatch::WeekdayMismatch => WeekdayMismatch,
        duration_mismatch::DurationMismatch => DurationMismatch,
        arithmetic_mismatch::ArithmeticMismatch => ArithmeticMismatch,
        name_variant::NameVariant => NameVariant,
        unintroduced_name::UnintroducedName => UnintroducedName,
        vague_source::VagueSource => VagueSource,
    ],
    codes: [config_error => ConfigError],
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        self.info().severity
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

/// At most this many related statements per finding: the nearest (same article, then nearest
/// in date, then the most sourced); the message and `related_more` say how many others there
/// are, and the hover on the figure lists them all.
pub const RELATED_MAX: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    /// Related statements beyond those listed (see [`RELATED_MAX`]).
    pub related_more: usize,
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
            related_more: 0,
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

/// What a rule may read: the article, the others of the workspace (through the index), the
/// knowledge base and the lexicon the articles were analysed with.
pub struct RuleContext<'a> {
    pub article: ArticleView<'a>,
    /// Other articles to index when there is no `index` (tests, one-off checks); a workspace
    /// passes none and its index.
    pub others: &'a [ArticleView<'a>],
    pub kb: &'a KnowledgeBase,
    pub lexicon: &'a Lexicon,
    /// The workspace's cross-document index, holding `article` too.
    pub index: Option<&'a index::Index>,
    /// The same-quantity decisions made for `article`'s statements by the rules run so far.
    pub decisions: index::Decisions,
}

impl RuleContext<'_> {
    /// The cross-document index: the workspace's, or one of `article` and `others`.
    pub fn index(&self) -> Cow<'_, index::Index> {
        match self.index {
            Some(ix) => Cow::Borrowed(ix),
            None => Cow::Owned(index::Index::of_views(&self.article, self.others, self.kb)),
        }
    }

    /// Where the rules keep the same-quantity decisions they make for the next rule: with the
    /// workspace's index only (an index made per call is a new one each time).
    pub fn decisions(&self) -> Option<&index::Decisions> {
        self.index.map(|_| &self.decisions)
    }

    /// The name messages give the article `key` (the key itself when it is not in view).
    pub fn name_of<'k>(&'k self, key: &'k str) -> &'k str {
        if key == self.article.key {
            return self.article.name;
        }
        if let Some(name) = self.index.and_then(|ix| ix.name_of(key)) {
            return name;
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

/// A rule that panicked on an article: its findings there are lost, the other rules' stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFailure {
    pub code: Code,
    /// The panic's message (and location, when the binary's hook saw it).
    pub message: String,
}

/// What running the rules on one article gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// Rules that panicked; empty unless factline has a bug. Tests assert it is empty, callers
    /// log it.
    pub failures: Vec<RuleFailure>,
}

impl Checked {
    /// The findings, asserting that no rule failed: for tests, where a panicking rule must be
    /// a red test and not a quietly shorter list.
    #[track_caller]
    pub fn assert_clean(self) -> Vec<Finding> {
        assert!(self.failures.is_empty(), "rules failed: {:?}", self.failures);
        self.findings
    }
}

/// Runs every enabled rule on one article; findings come back sorted by position.
pub fn run(cx: &RuleContext<'_>, settings: &RuleSettings) -> Checked {
    run_rules(RULES, cx, settings)
}

fn run_rules(rules: &[&dyn Rule], cx: &RuleContext<'_>, settings: &RuleSettings) -> Checked {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for rule in rules {
        let Some(severity) = settings.severity(rule.code()) else { continue };
        let start = out.len();
        // A rule that panics on odd input loses its findings, never the whole run.
        let result = {
            let _quiet = crate::panics::Quiet::enter();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut local = Vec::new();
                rule.check(cx, &mut local);
                local
            }))
        };
        match result {
            Ok(found) => out.extend(found),
            Err(payload) => failures.push(RuleFailure {
                code: rule.code(),
                message: crate::panics::describe(payload.as_ref()),
            }),
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
    Checked { findings: out, failures }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule with a bug: it panics on every article.
    struct Broken;

    impl Rule for Broken {
        fn code(&self) -> Code {
            Code::NameVariant
        }

        fn check(&self, _: &RuleContext<'_>, _: &mut Vec<Finding>) {
            panic!("broken rule");
        }
    }

    fn checked_with_broken_rule() -> Checked {
        let text = "Port deal\n\nThe port would cost $3.2 billion.\n\nIt opens in 2027.\n";
        let kb = KnowledgeBase::embedded();
        let analysis = crate::extract::analyze(text, &crate::extract::Context::new(kb.clone()));
        let cx = RuleContext {
            article: ArticleView {
                key: "a.txt",
                name: "a.txt",
                text,
                analysis: &analysis,
            },
            others: &[],
            kb: &kb,
            lexicon: crate::extract::Lexicon::shared(),
            index: None,
            decisions: Default::default(),
        };
        run_rules(&[&Broken, &unsourced_figure::UnsourcedFigure], &cx, &RuleSettings::default())
    }

    #[test]
    fn a_panicking_rule_is_returned_as_a_failure_and_the_others_still_report() {
        let checked = checked_with_broken_rule();
        assert_eq!(checked.failures.len(), 1);
        assert_eq!(checked.failures[0].code, Code::NameVariant);
        assert!(checked.failures[0].message.starts_with("broken rule"), "{:?}", checked.failures);
        assert_eq!(checked.findings.len(), 1, "{:?}", checked.findings);
        assert_eq!(checked.findings[0].code, Code::UnsourcedFigure);
    }

    #[test]
    #[should_panic(expected = "rules failed")]
    fn a_test_asserting_clean_findings_fails_on_a_panicking_rule() {
        checked_with_broken_rule().assert_clean();
    }

    #[test]
    fn codes_are_unique_and_every_rule_is_registered_once() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()));
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
        let mut rules = std::collections::HashSet::new();
        for r in RULES {
            assert!(rules.insert(r.code()), "{} registered twice", r.code());
        }
        // Every rule file under src/check is in RULES.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().replace(".rs", "").replace('_', "-");
            if matches!(name.as_str(), "mod" | "test-support" | "suppress" | "index" | "spellings") {
                continue;
            }
            // A file is a code: a rule's (with its entry in RULES) or the loaders' config-error.
            let code = Code::parse(&name).unwrap_or_else(|| panic!("file {name} is not in the registry"));
            assert!(
                RULES.iter().any(|r| r.code() == code) || code == Code::ConfigError,
                "rule file {name} is not registered"
            );
        }
    }
}
