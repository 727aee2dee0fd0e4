//! `factline.toml`: one configuration for both fronts (README, "Configuration"). Parsing is
//! lenient: a bad key or value is reported with its line and keeps its earlier value (the
//! default when there is none); a file with a syntax error is not applied at all. The client's
//! settings (JSON) are applied on top.

use globset::Glob;

use crate::check::{Code, RuleSettings, Severity};
use crate::extract::FigureKind;

pub const CONFIG_FILE: &str = "factline.toml";
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub knowledge_base: Vec<String>,
    pub default_year: Option<i32>,
    pub max_file_size: u64,
    pub rules: RuleSettings,
    pub attribution_verbs: Vec<String>,
    pub attribution_phrases: Vec<String>,
    /// The newsroom archive as written (`crate::archive::Location` reads it): an SQLite file
    /// relative to the `factline.toml`, or a `postgres://` URL without a password.
    pub archive: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            include: vec!["**/*.md".into(), "**/*.txt".into()],
            exclude: Vec::new(),
            knowledge_base: vec!["entities.toml".into()],
            default_year: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rules: RuleSettings::default(),
            attribution_verbs: Vec::new(),
            attribution_phrases: Vec::new(),
            archive: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {}: {message}", line + 1)]
pub struct ConfigError {
    /// Zero-based line in the file (0 for settings from the client).
    pub line: u32,
    pub message: String,
}

/// A problem with one key: the key's dotted path (the value to keep when it is bad), the
/// offending item of a list when there is one (to find its line), and what is wrong.
struct KeyProblem {
    key: String,
    item: Option<String>,
    message: String,
}

/// A value as either format gives it.
enum Value<'a> {
    Toml(&'a toml::Value),
    Json(&'a serde_json::Value),
}

impl Value<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Toml(v) => v.as_str(),
            Value::Json(v) => v.as_str(),
        }
    }
    fn as_int(&self) -> Option<i64> {
        match self {
            Value::Toml(v) => v.as_integer(),
            Value::Json(v) => v.as_i64(),
        }
    }
    fn as_str_list(&self) -> Option<Vec<String>> {
        match self {
            Value::Toml(v) => v.as_array()?.iter().map(|x| x.as_str().map(str::to_string)).collect(),
            Value::Json(v) => v.as_array()?.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        }
    }
    fn entries(&self) -> Option<Vec<(String, Value<'_>)>> {
        match self {
            Value::Toml(v) => Some(v.as_table()?.iter().map(|(k, v)| (k.clone(), Value::Toml(v))).collect()),
            Value::Json(v) => Some(v.as_object()?.iter().map(|(k, v)| (k.clone(), Value::Json(v))).collect()),
        }
    }
}

impl Config {
    /// Parses a `factline.toml`; problems come back with their lines, never as a failure.
    pub fn parse(text: &str) -> (Config, Vec<ConfigError>) {
        let mut config = Config::default();
        let errors = config.apply_toml(text);
        (config, errors)
    }

    /// Applies a `factline.toml` on top of this configuration; a bad value leaves its key as
    /// it was, a syntax error leaves everything as it was.
    pub fn apply_toml(&mut self, text: &str) -> Vec<ConfigError> {
        let previous = self.clone();
        self.apply_toml_keeping(text, &previous)
    }

    /// Applies client settings (`initializationOptions` / `didChangeConfiguration`) on top of
    /// this configuration; a bad value leaves its key as it was.
    pub fn apply_json(&mut self, value: &serde_json::Value) -> Vec<ConfigError> {
        let previous = self.clone();
        self.apply_json_keeping(value, &previous)
    }

    /// The configuration of a `factline.toml` text (if any) and the client's settings (if any)
    /// over the defaults. A bad value takes that key's value in `previous`, the configuration
    /// in force until now (the server's last good state; the defaults for the CLI). Returns the
    /// problems of the file and of the settings apart. A syntax error applies nothing of the
    /// file: callers with an earlier good file pass that one instead (see [`syntax_error`]).
    pub fn layered(
        file: Option<&str>,
        client: Option<&serde_json::Value>,
        previous: &Config,
    ) -> (Config, Vec<ConfigError>, Vec<ConfigError>) {
        let mut config = Config::default();
        let file_errors = file.map(|t| config.apply_toml_keeping(t, previous)).unwrap_or_default();
        let client_errors = client.map(|v| config.apply_json_keeping(v, previous)).unwrap_or_default();
        (config, file_errors, client_errors)
    }

    fn apply_toml_keeping(&mut self, text: &str, previous: &Config) -> Vec<ConfigError> {
        if let Some(e) = syntax_error(text) {
            return vec![e];
        }
        let Ok(table) = text.parse::<toml::Table>() else {
            return Vec::new();
        };
        let entries: Vec<(String, Value<'_>)> = table.iter().map(|(k, v)| (k.clone(), Value::Toml(v))).collect();
        let problems = self.apply(entries);
        let mut errors: Vec<ConfigError> = problems
            .into_iter()
            .map(|p| {
                self.keep(&p.key, previous);
                ConfigError {
                    line: line_of(text, &p.key, p.item.as_deref()),
                    message: p.message,
                }
            })
            .collect();
        errors.sort_by_key(|e| e.line);
        errors
    }

    fn apply_json_keeping(&mut self, value: &serde_json::Value, previous: &Config) -> Vec<ConfigError> {
        match Value::Json(value).entries() {
            Some(entries) => self
                .apply(entries)
                .into_iter()
                .map(|p| {
                    self.keep(&p.key, previous);
                    ConfigError {
                        line: 0,
                        message: p.message,
                    }
                })
                .collect(),
            None if value.is_null() => Vec::new(),
            None => vec![ConfigError {
                line: 0,
                message: "settings must be an object".into(),
            }],
        }
    }

    /// Gives the key at the dotted path `key` its value in `previous`.
    fn keep(&mut self, key: &str, previous: &Config) {
        fn copy<K: std::hash::Hash + Eq + Copy, V: Clone>(
            to: &mut std::collections::HashMap<K, V>,
            from: &std::collections::HashMap<K, V>,
            k: K,
        ) {
            match from.get(&k) {
                Some(v) => {
                    to.insert(k, v.clone());
                }
                None => {
                    to.remove(&k);
                }
            }
        }
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            ["include"] => self.include = previous.include.clone(),
            ["exclude"] => self.exclude = previous.exclude.clone(),
            ["knowledge_base"] => self.knowledge_base = previous.knowledge_base.clone(),
            ["default_year"] => self.default_year = previous.default_year,
            ["max_file_size"] => self.max_file_size = previous.max_file_size,
            ["archive"] => self.archive = previous.archive.clone(),
            ["rules"] => self.rules = previous.rules.clone(),
            ["rules", code] => {
                if let Some(c) = Code::parse(code) {
                    copy(&mut self.rules.overrides, &previous.rules.overrides, c);
                }
            }
            ["rules", _, "default"] => copy(&mut self.rules.overrides, &previous.rules.overrides, Code::UnsourcedFigure),
            ["rules", _, kind] => {
                if let Some(k) = FigureKind::parse(kind) {
                    copy(&mut self.rules.figure_kinds, &previous.rules.figure_kinds, k);
                }
            }
            ["attribution"] => {
                self.attribution_verbs = previous.attribution_verbs.clone();
                self.attribution_phrases = previous.attribution_phrases.clone();
            }
            ["attribution", "verbs"] => self.attribution_verbs = previous.attribution_verbs.clone(),
            ["attribution", "phrases"] => self.attribution_phrases = previous.attribution_phrases.clone(),
            // An unknown key has no value to keep.
            _ => {}
        }
    }

    /// Sets every good value; the problems name their keys, whose values are left as they were.
    fn apply(&mut self, entries: Vec<(String, Value<'_>)>) -> Vec<KeyProblem> {
        let mut problems = Vec::new();
        let mut err = |key: &str, item: Option<&String>, message: String| {
            problems.push(KeyProblem {
                key: key.to_string(),
                item: item.cloned(),
                message,
            })
        };
        for (key, value) in entries {
            match key.as_str() {
                "include" | "exclude" => match value.as_str_list() {
                    // A glob that does not parse would match nothing, silently: the list is refused.
                    Some(list) => match list.iter().find_map(|p| Glob::new(p).err().map(|e| (p, e))) {
                        Some((p, e)) => err(&key, Some(p), format!("invalid glob {p:?} in `{key}`: {}", e.kind())),
                        None if key == "include" => self.include = list,
                        None => self.exclude = list,
                    },
                    None => err(&key, None, format!("`{key}` must be a list of strings")),
                },
                "knowledge_base" => match value.as_str_list() {
                    Some(list) => self.knowledge_base = list,
                    None => err(&key, None, format!("`{key}` must be a list of strings")),
                },
                "default_year" => match value.as_int() {
                    Some(y) if (1000..=9999).contains(&y) => self.default_year = Some(y as i32),
                    _ => err(&key, None, "`default_year` must be a four-digit year".into()),
                },
                "archive" => match value.as_str() {
                    // The file is shared and committed: a password belongs in PGPASSWORD or ~/.pgpass.
                    Some(url) if crate::archive::location::has_password(url) => {
                        err(&key, None, "`archive` must not hold a password: use PGPASSWORD or ~/.pgpass".into())
                    }
                    Some(v) if !v.trim().is_empty() => self.archive = Some(v.trim().to_string()),
                    _ => err(&key, None, "`archive` must be a file name or a postgres:// URL".into()),
                },
                "max_file_size" => match parse_size(&value) {
                    Some(n) => self.max_file_size = n,
                    None => err(
                        &key,
                        None,
                        "`max_file_size` must be a size like \"5MB\", \"500KB\" or a number of bytes".into(),
                    ),
                },
                "rules" => match value.entries() {
                    Some(rules) => self.apply_rules(rules, &mut err),
                    None => err(&key, None, "`rules` must be a table".into()),
                },
                "attribution" => match value.entries() {
                    Some(entries) => {
                        for (k, v) in entries {
                            let path = format!("attribution.{k}");
                            match (k.as_str(), v.as_str_list()) {
                                ("verbs", Some(list)) => self.attribution_verbs = list,
                                ("phrases", Some(list)) => self.attribution_phrases = list,
                                ("verbs" | "phrases", None) => err(&path, None, format!("`attribution.{k}` must be a list of strings")),
                                _ => err(&path, None, format!("unknown key `attribution.{k}` (expected verbs, phrases)")),
                            }
                        }
                    }
                    None => err(&key, None, "`attribution` must be a table".into()),
                },
                _ => err(&key, None, format!("unknown key `{key}`")),
            }
        }
        problems
    }

    /// `[rules]`: a severity (or `off`) per rule code, and per figure kind for
    /// `unsourced-figure`.
    fn apply_rules(&mut self, rules: Vec<(String, Value<'_>)>, err: &mut impl FnMut(&str, Option<&String>, String)) {
        for (code, level) in rules {
            let path = format!("rules.{code}");
            match (Code::parse(&code), level.as_str()) {
                (None, _) => err(&path, None, format!("unknown rule `{code}`")),
                // `[rules.unsourced-figure]`: a severity per figure kind.
                (Some(Code::UnsourcedFigure), None) if level.entries().is_some() => {
                    self.apply_figure_kinds(&path, level.entries().unwrap_or_default(), err);
                }
                (Some(c), Some("off")) => {
                    self.rules.overrides.insert(c, None);
                }
                (Some(c), Some(l)) if Severity::parse(l).is_some() => {
                    self.rules.overrides.insert(c, Severity::parse(l));
                }
                (Some(_), _) => err(
                    &path,
                    None,
                    format!("`{code}` must be one of error, warning, information, hint, off"),
                ),
            }
        }
    }

    /// `[rules.unsourced-figure]`: a severity (or `off`) per figure kind, `default` for the rest.
    fn apply_figure_kinds(&mut self, path: &str, kinds: Vec<(String, Value<'_>)>, err: &mut impl FnMut(&str, Option<&String>, String)) {
        for (kind, sev) in kinds {
            let kpath = format!("{path}.{kind}");
            let parsed = match sev.as_str() {
                Some("off") => Some(None),
                Some(l) => Severity::parse(l).map(Some),
                None => None,
            };
            match (kind.as_str(), FigureKind::parse(&kind), parsed) {
                ("default", _, Some(p)) => {
                    self.rules.overrides.insert(Code::UnsourcedFigure, p);
                }
                (_, Some(k), Some(p)) => {
                    self.rules.figure_kinds.insert(k, p);
                }
                (_, None, _) if kind != "default" => err(
                    &kpath,
                    None,
                    format!("unknown figure kind `{kind}` (expected default, money, percent, count, measure, duration, ordinal)"),
                ),
                _ => err(
                    &kpath,
                    None,
                    format!("`{kind}` must be one of error, warning, information, hint, off"),
                ),
            }
        }
    }
}

fn parse_size(value: &Value<'_>) -> Option<u64> {
    if let Some(n) = value.as_int() {
        return u64::try_from(n).ok().filter(|&n| n > 0);
    }
    let s = value.as_str()?.trim().to_ascii_uppercase();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match unit.trim() {
        "" | "B" => 1.0,
        "KB" | "K" | "KIB" => 1024.0,
        "MB" | "M" | "MIB" => 1024.0 * 1024.0,
        "GB" | "G" | "GIB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = n * mult;
    (bytes >= 1.0).then_some(bytes as u64)
}

/// The syntax error of a TOML text, if it has one, at its line.
pub fn syntax_error(text: &str) -> Option<ConfigError> {
    let e = text.parse::<toml::Table>().err()?;
    let line = e.span().map_or(0, |s| {
        text.get(..s.start.min(text.len())).map_or(0, |t| t.matches('\n').count() as u32)
    });
    Some(ConfigError {
        line,
        message: format!("syntax error: {}", e.message().trim()),
    })
}

/// The line of a problem: the line of `item` (a string of the key's list) when it can be
/// found in the key's value, else the key's own line.
fn line_of(text: &str, key: &str, item: Option<&str>) -> u32 {
    let at = line_of_key(text, key);
    let Some(item) = item else { return at };
    let quoted = [toml::Value::String(item.to_string()).to_string(), format!("'{item}'")];
    for (i, line) in text.lines().enumerate().skip(at as usize) {
        if quoted.iter().any(|q| line.contains(q.as_str())) {
            return i as u32;
        }
        // Past the line that closes the list the item is not to be found.
        if line.contains(']') {
            break;
        }
    }
    at
}

/// The line of `key` (or `table.key`) in a TOML text, for error messages.
fn line_of_key(text: &str, path: &str) -> u32 {
    let (table, key) = path.rsplit_once('.').map_or((None, path), |(t, k)| (Some(t), k));
    let mut in_table = false;
    let mut seen_header = false;
    let mut table_line = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(header) = t.strip_prefix('[') {
            seen_header = true;
            let name = header.trim_end().trim_end_matches(']').trim();
            in_table = table.is_some_and(|tb| tb == name);
            if in_table {
                table_line = Some(i as u32);
            }
            continue;
        }
        let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
        // Top-level keys stand before the first table header.
        let top_level_ok = table.is_none() && !seen_header;
        if (in_table || top_level_ok) && k == key && t.contains('=') {
            return i as u32;
        }
    }
    table_line.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let text = r#"
include = ["**/*.md", "**/*.txt"]
exclude = ["drafts/**"]
knowledge_base = ["entities.toml"]
default_year = 2026
max_file_size = "5MB"

[rules]
unsourced-figure = "warning"
unintroduced-name = "off"

[attribution]
verbs = ["briefed"]
phrases = ["per figures from"]
"#;
        let (c, errors) = Config::parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c.default_year, Some(2026));
        assert_eq!(c.max_file_size, 5 * 1024 * 1024);
        assert_eq!(c.rules.severity(Code::UnintroducedName), None);
        assert_eq!(c.attribution_phrases, ["per figures from"]);
    }

    #[test]
    fn bad_values_report_their_line_and_keep_defaults() {
        let text = "default_year = \"soon\"\ncolour = 1\n\n[rules]\nunsourced-figure = \"loud\"\nno-such-rule = \"error\"\n";
        let (c, errors) = Config::parse(text);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [0, 1, 4, 5], "{errors:?}");
        assert_eq!(c, Config::default());
    }

    #[test]
    fn unsourced_figure_severity_per_kind() {
        let text = "[rules.unsourced-figure]\ndefault = \"information\"\nmoney = \"error\"\nordinal = \"off\"\nshoe = \"error\"\ncount = \"loud\"\n";
        let (c, errors) = Config::parse(text);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 5], "{errors:?}");
        assert_eq!(c.rules.severity(Code::UnsourcedFigure), Some(Severity::Information));
        assert_eq!(
            c.rules.figure_severity(FigureKind::Money, Severity::Information),
            Some(Severity::Error)
        );
        assert_eq!(c.rules.figure_severity(FigureKind::Ordinal, Severity::Information), None);
        assert_eq!(
            c.rules.figure_severity(FigureKind::Percent, Severity::Information),
            Some(Severity::Information)
        );
        // The inline form and client JSON say the same.
        let (c2, errors) = Config::parse("[rules]\nunsourced-figure = { money = \"error\", ordinal = \"off\" }\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c2.rules.figure_kinds, c.rules.figure_kinds);
        let mut c3 = Config::default();
        let errors = c3.apply_json(&serde_json::json!({"rules": {"unsourced-figure": {"money": "error", "ordinal": "off"}}}));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c3.rules.figure_kinds, c.rules.figure_kinds);
    }

    #[test]
    fn syntax_errors_give_defaults() {
        let (c, errors) = Config::parse("include = [\"a\"\n[rules\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.starts_with("syntax error"));
        assert_eq!(c, Config::default());
    }

    #[test]
    fn client_settings_apply_on_top() {
        let (mut c, _) = Config::parse("default_year = 2025\n");
        let errors = c.apply_json(&serde_json::json!({"default_year": 2026, "rules": {"vague-source": "off"}}));
        assert!(errors.is_empty());
        assert_eq!(c.default_year, Some(2026));
        assert_eq!(c.rules.severity(Code::VagueSource), None);
    }

    #[test]
    fn invalid_globs_are_errors_at_their_line_and_keep_the_list() {
        let text = "default_year = 2026\ninclude = [\n  \"**/*.md\",\n  \"news/[a\",\n]\nexclude = [\"{x\"]\n";
        let (c, errors) = Config::parse(text);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 5], "{errors:?}");
        assert!(errors[0].message.starts_with("invalid glob \"news/[a\" in `include`"), "{errors:?}");
        assert_eq!(c.include, Config::default().include);
        assert_eq!(c.exclude, Config::default().exclude);
        assert_eq!(c.default_year, Some(2026));
        let mut c = Config::default();
        let errors = c.apply_json(&serde_json::json!({"include": ["[z"]}));
        assert_eq!(errors.len(), 1);
        assert_eq!(c.include, Config::default().include);
    }

    #[test]
    fn a_bad_value_keeps_the_value_in_force_before() {
        let before = Config {
            default_year: Some(2024),
            include: vec!["**/*.txt".into()],
            rules: Config::parse("[rules]\nvague-source = \"off\"\nunsourced-figure = { money = \"error\" }\n")
                .0
                .rules,
            attribution_verbs: vec!["briefed".into()],
            ..Config::default()
        };
        let file = "default_year = \"soon\"\ninclude = [\"[\"]\nmax_file_size = \"1KB\"\n[rules]\nvague-source = \"loud\"\nunsourced-figure = { money = \"loud\" }\n[attribution]\nverbs = 3\n";
        let (c, file_errors, client_errors) = Config::layered(Some(file), None, &before);
        assert_eq!(file_errors.len(), 5, "{file_errors:?}");
        assert!(client_errors.is_empty());
        assert_eq!(c.default_year, Some(2024));
        assert_eq!(c.include, ["**/*.txt"]);
        assert_eq!(c.max_file_size, 1024);
        assert_eq!(c.rules, before.rules);
        assert_eq!(c.attribution_verbs, ["briefed"]);
        // A key the file leaves out takes its default, not its earlier value.
        let (c, _, _) = Config::layered(Some("max_file_size = 10\n"), None, &before);
        assert_eq!(c.default_year, None);
        // A bad client value keeps the earlier value; a good one wins over the file.
        let client = serde_json::json!({"default_year": "later", "rules": {"vague-source": "hint"}});
        let (c, file_errors, client_errors) = Config::layered(Some("default_year = 2030\n"), Some(&client), &before);
        assert!(file_errors.is_empty());
        assert_eq!(client_errors.len(), 1);
        assert_eq!(c.default_year, Some(2024));
        assert_eq!(c.rules.severity(Code::VagueSource), Some(Severity::Hint));
        // A syntax error applies nothing of the file.
        let (c, file_errors, _) = Config::layered(Some("default_year = 2030\n[rules\n"), None, &before);
        assert_eq!(file_errors.len(), 1);
        assert_eq!(file_errors[0].line, 1);
        assert_eq!(c, Config::default());
        assert!(syntax_error("[rules\n").is_some() && syntax_error("a = 1\n").is_none());
    }
}
