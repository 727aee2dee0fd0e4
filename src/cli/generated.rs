//! What is generated from the rule registry, so that a new rule is one file plus one line:
//! `docs/rules.md` (a fixed introduction, one section per code with its default severity and
//! the doc text its rule file holds, then how to silence findings), the schema of VS Code's
//! `factline.rules` setting in `editors/vscode/package.json`, and the code and figure-kind
//! lists of `editors/vscode/src/registry.ts`. `tests/tidy.rs` fails when a file on disk is
//! stale (`FACTLINE_BLESS=1` rewrites them).

use serde_json::{Value, json};

use crate::check::Code;
use crate::extract::FigureKind;

const INTRODUCTION: &str = r#"# factline rules

Every diagnostic factline reports carries one of these codes (`source: factline`). Severities
are the defaults; change them per code in `factline.toml` under `[rules]` (`error`, `warning`,
`information`, `hint`, `off`).

"#;

const SILENCING: &str = r#"## Silencing findings

**Inline, in Markdown.** An HTML comment silences findings on the next non-blank line:

```markdown
<!-- factline-disable-next-line unsourced-figure -->
The port would cost $3.2 billion.
```

Name one or more codes (separated by spaces or commas) to silence only those; with no code, every
code is silenced on that line. Unknown codes are ignored. The comment is invisible when the article
is rendered; plain-text articles have no such comment, since it would be part of the text. Both
the editor and `factline check` honour it.

**Checked figures.** A figure someone has verified can be marked as checked (the editor's **Mark
as checked** action on an `unsourced-figure` or `vague-source` diagnostic). It is recorded in
`.factline/checked.toml` at the workspace root:

```toml
[[checked]]
fingerprint = "4f1c9a0d2b7e6a13"
figure = "$3.2 billion"
sentence = "The port would cost $3.2 billion."
```

The fingerprint is a hash of the words of the figure's sentence and of the figure (case, spacing
and punctuation ignored), so edits elsewhere in the article keep the mark; rewording the sentence
makes the figure new again. A checked figure is reported neither as `unsourced-figure` nor as
`vague-source`, by the editor or by `factline check`. Each project keeps its own file, beside
its `factline.toml` (without one, in the workspace folder; for `factline check`, the working
folder); `--no-config` ignores it. Delete an entry to have the figure flagged again. A syntax
error in the file is a `config-error` at its line, in the editor (where the last version that
parsed stays in force) and in `factline check` (which then ignores the file).
"#;

/// The whole of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::from(INTRODUCTION);
    for &code in Code::ALL {
        let info = code.info();
        out.push_str(&format!("## {}\nDefault: {}. {}\n", info.code, info.severity.as_str(), info.doc));
    }
    out.push_str(SILENCING);
    out
}

/// The severities a rule can be set to, `off` last.
const LEVELS: [&str; 5] = ["error", "warning", "information", "hint", "off"];

/// The figure kinds `unsourced-figure` can flag, each with its own severity; `default` is the
/// rule's own. Dates and years are never flagged.
fn figure_kind_keys() -> Vec<&'static str> {
    let kinds = FigureKind::ALL
        .into_iter()
        .filter(|k| !matches!(k, FigureKind::Date | FigureKind::Year));
    std::iter::once("default").chain(kinds.map(FigureKind::as_str)).collect()
}

/// The JSON schema of VS Code's `factline.rules` setting.
pub fn vscode_rules_schema() -> Value {
    let level = json!({"type": "string", "enum": LEVELS});
    let mut properties = serde_json::Map::new();
    for &code in Code::ALL {
        let info = code.info();
        let described = |mut schema: Value| {
            schema["markdownDescription"] = json!(format!("{} (default: `{}`).", info.summary, info.severity.as_str()));
            schema
        };
        let schema = if code == Code::UnsourcedFigure {
            let kinds: serde_json::Map<String, Value> = figure_kind_keys().into_iter().map(|k| (k.to_string(), level.clone())).collect();
            described(json!({"anyOf": [level, {
                "type": "object",
                "additionalProperties": false,
                "markdownDescription": "A severity per figure kind (`default` is the rule's own).",
                "properties": kinds,
            }]}))
        } else {
            described(level.clone())
        };
        properties.insert(info.code.to_string(), schema);
    }
    json!({
        "type": "object",
        "default": {},
        "additionalProperties": false,
        "markdownDescription": "Severity per rule (`error`, `warning`, `information`, `hint`, `off`), on top of `factline.toml`'s `[rules]` (see docs/rules.md), e.g. `{\"vague-source\": \"off\"}`. `unsourced-figure` also takes a severity per figure kind: `{\"unsourced-figure\": {\"default\": \"warning\", \"money\": \"error\", \"ordinal\": \"off\"}}`.",
        "properties": properties,
    })
}

/// `package.json` with its `factline.rules` schema replaced by [`vscode_rules_schema`]; the rest
/// of the file stays as written. `None` when the file has no such setting.
pub fn vscode_package_json(current: &str) -> Option<String> {
    const KEY: &str = "\"factline.rules\": ";
    let key_at = current.find(KEY)?;
    let value_at = key_at + KEY.len();
    let value_end = value_at + json_value_len(&current[value_at..])?;
    let indent = current[..key_at].rsplit('\n').next().unwrap_or("").len();
    let pretty = serde_json::to_string_pretty(&vscode_rules_schema()).ok()?;
    let pad = " ".repeat(indent);
    let value = pretty.replace('\n', &format!("\n{pad}"));
    Some(format!("{}{value}{}", &current[..value_at], &current[value_end..]))
}

/// The length of the JSON object or array at the start of `text` (brackets counted outside
/// strings).
fn json_value_len(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'{' | b'[' if !in_string => depth += 1,
            b'}' | b']' if !in_string => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `editors/vscode/src/registry.ts`: the lists the extension's settings code checks against.
pub fn vscode_registry_ts() -> String {
    let list = |items: Vec<&str>| items.iter().map(|i| format!("  \"{i}\",\n")).collect::<String>();
    format!(
        "// Generated from the rule registry (src/check/mod.rs; src/cli/generated.rs) by `FACTLINE_BLESS=1 cargo test --test tidy`;\n\
         // do not edit. tests/tidy.rs fails when it is stale.\n\n\
         /** Every diagnostic code the server emits (docs/rules.md). */\n\
         export const RULE_CODES = [\n{}] as const;\n\n\
         /** The severities a rule can be set to. */\n\
         export const SEVERITIES = [\n{}] as const;\n\n\
         /**\n * The keys of `unsourced-figure`'s severity per figure kind: `default` is the rule's own, the\n * others figure kinds.\n */\n\
         export const FIGURE_KINDS = [\n{}] as const;\n",
        list(Code::ALL.iter().map(|c| c.as_str()).collect()),
        list(LEVELS.to_vec()),
        list(figure_kind_keys()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_schema_replaces_only_its_own_value() {
        let file = "{\n  \"a\": 1,\n  \"p\": {\n    \"factline.rules\": {\"x\": \"}\\\"{\", \"y\": [1, {}]},\n    \"b\": 2\n  }\n}\n";
        let out = vscode_package_json(file).expect("found");
        assert!(out.starts_with("{\n  \"a\": 1,\n  \"p\": {\n    \"factline.rules\": {\n      \"additionalProperties\": false,"));
        assert!(out.ends_with("\n    },\n    \"b\": 2\n  }\n}\n"), "{out}");
        let parsed: Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(parsed["p"]["factline.rules"], vscode_rules_schema());
        assert_eq!(vscode_package_json("{}"), None);
    }

    #[test]
    fn every_code_has_a_setting_and_unsourced_figure_one_per_kind() {
        let schema = vscode_rules_schema();
        let props = schema["properties"].as_object().expect("properties");
        assert_eq!(props.len(), Code::ALL.len());
        let kinds = &schema["properties"]["unsourced-figure"]["anyOf"][1]["properties"];
        assert_eq!(kinds.as_object().map(|k| k.len()), Some(7));
        assert!(kinds.get("date").is_none());
    }
}
