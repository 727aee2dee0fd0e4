//! `docs/rules.md`, generated from the registry: a fixed introduction, one section per code
//! (its default severity and the doc text its rule file holds), and how to silence findings.
//! A test in `tests/tidy.rs` fails when the file on disk is stale.

use super::Code;

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
`vague-source`, by the editor or by `factline check` (which reads the nearest
`.factline/checked.toml` at or above the first path it is given; `--no-config` ignores it).
Delete an entry to have the figure flagged again. A syntax error in the file is a `config-error`
there in the editor, where the last version that parsed stays in force; `factline check` reports
it on stderr and ignores the file.
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
