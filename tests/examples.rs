//! The bundled examples do what `examples/README.md` promises. The README's two tables are
//! read here: every code a row names for a file (bold in the per-file table, or the files the
//! code table names) must have a promise below, every promise must quote the README, and the
//! built binary must report each promise's code on the text it names. The broken
//! configuration example is checked through its stderr and exit status.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use factline::check::Code;
use serde_json::Value;

/// One finding the README promises.
struct Promise {
    file: &'static str,
    code: &'static str,
    /// How the README says it, word for word (in the file's row or the code's row).
    readme: &'static str,
    /// Text of the file that locates the finding (its first occurrence).
    context: &'static str,
    /// The part of `context` the finding must cover.
    flagged: &'static str,
    /// For an inconsistency: the other statement's file and text (located the same way), which
    /// the finding's related information must point at.
    related: Option<(&'static str, &'static str, &'static str)>,
}

const fn promise(file: &'static str, code: &'static str, readme: &'static str, context: &'static str, flagged: &'static str) -> Promise {
    Promise {
        file,
        code,
        readme,
        context,
        flagged,
        related: None,
    }
}

const SUMMIT: &str = "kyiv-recovery-summit.md";
const WIRE: &str = "kyiv-recovery-wire.txt";
const CHIP: &str = "chip-earnings-seoul.txt";
const FLOOD: &str = "flood-sindh.txt";
const CONTROL: &str = "rate-decision-brief.txt";

fn promises() -> Vec<Promise> {
    vec![
        promise(
            SUMMIT,
            "duration-mismatch",
            "\"a three-day recovery summit that ran from June 3-7\" (five days)",
            "a three-day recovery summit that ran from June 3-7",
            "three-day",
        ),
        promise(
            SUMMIT,
            "arithmetic-mismatch",
            "the pledge table's parts (€1.5bn + €900m + €1.1bn + €1.0bn = €4.5bn) do not add up",
            "| **Total** | **€4.8 billion** |",
            "€4.8 billion",
        ),
        promise(
            SUMMIT,
            "name-variant",
            "\"Volodymyr Zelensky\" and later \"Volodymyr Zelenskyy\" in one article",
            "President Volodymyr Zelenskyy later",
            "Volodymyr Zelenskyy",
        ),
        Promise {
            related: Some((WIRE, "pledged €4.2 billion", "€4.2 billion")),
            ..promise(
                SUMMIT,
                "inconsistent-number",
                "€4.8bn pledged here, €4.2bn in `kyiv-recovery-wire.txt`",
                "pledged €4.8 billion",
                "€4.8 billion",
            )
        },
        promise(
            SUMMIT,
            "unsourced-figure",
            "\"about 9 gigawatts\"",
            "about 9 gigawatts",
            "9 gigawatts",
        ),
        promise(SUMMIT, "unsourced-figure", "\"31 countries\"", "31 countries", "31"),
        promise(
            SUMMIT,
            "vague-source",
            "\"Analysts say the full repair bill could exceed $20 billion\"",
            "Analysts say the full repair bill could exceed $20 billion",
            "$20 billion",
        ),
        promise(
            SUMMIT,
            "unattributed-quote",
            "the closing blockquote, with no speaker nearby",
            "Every transformer we install",
            "Every transformer",
        ),
        promise(
            WIRE,
            "weekday-mismatch",
            "\"Saturday, June 7, 2026\" (a Sunday)",
            "Saturday, June 7, 2026",
            "Saturday, June 7, 2026",
        ),
        promise(
            WIRE,
            "unintroduced-name",
            "\"Kallas told delegates …\" before \"Kaja Kallas\" is introduced",
            "Kallas told delegates",
            "Kallas",
        ),
        promise(
            WIRE,
            "name-variant",
            "\"Zelenskyy\" here, \"Zelensky\" in the Markdown article",
            "President Volodymyr Zelenskyy said",
            "Volodymyr Zelenskyy",
        ),
        promise(
            WIRE,
            "vague-source",
            "\"Some reports …\"",
            "Some reports put the number of substations damaged this year at over 600",
            "600",
        ),
        promise(
            WIRE,
            "vague-source",
            "\"… analysts say\"",
            "$1.5 billion of new equipment before winter, analysts say",
            "$1.5 billion",
        ),
        Promise {
            related: Some((SUMMIT, "pledged €4.8 billion", "€4.8 billion")),
            ..promise(
                WIRE,
                "inconsistent-number",
                "€4.2bn against the Markdown article's €4.8bn",
                "pledged €4.2 billion",
                "€4.2 billion",
            )
        },
        promise(
            WIRE,
            "unsourced-figure",
            "every article except the control",
            "more than half of its generating capacity",
            "half",
        ),
        promise(
            CHIP,
            "arithmetic-mismatch",
            "\"rose 45% to 11.4 trillion won from 7.0 trillion won\" (that is +63%)",
            "rose 45% to 11.4 trillion won from 7.0 trillion won",
            "45%",
        ),
        promise(
            CHIP,
            "unsourced-figure",
            "\"more than 40% of its DRAM sales\"",
            "more than 40% of its DRAM sales",
            "40%",
        ),
        promise(CHIP, "unsourced-figure", "the closing share moves", "closed up 3.1%", "3.1%"),
        promise(CHIP, "unsourced-figure", "the closing share moves", "gained 1.4%", "1.4%"),
        Promise {
            related: Some((FLOOD, "The 210 deaths", "210")),
            ..promise(
                FLOOD,
                "inconsistent-number",
                "\"Floods have killed 120 people\"",
                "Floods have killed 120 people",
                "120",
            )
        },
        Promise {
            related: Some((FLOOD, "Floods have killed 120 people", "120")),
            ..promise(
                FLOOD,
                "inconsistent-number",
                "\"The 210 deaths recorded so far by the NDMA\"",
                "The 210 deaths recorded so far by the NDMA",
                "210",
            )
        },
        promise(
            FLOOD,
            "name-variant",
            "\"Shebaz Sharif\" is a listed misspelling of Shehbaz Sharif",
            "Prime Minister Shebaz Sharif",
            "Shebaz Sharif",
        ),
        promise(
            FLOOD,
            "vague-source",
            "\"Officials estimate …\"",
            "Officials estimate the damage to crops at 180 billion rupees",
            "180 billion rupees",
        ),
        promise(
            FLOOD,
            "vague-source",
            "\"Aid agencies say …\"",
            "Aid agencies say the camps hold about 300,000 people",
            "300,000",
        ),
        promise(
            FLOOD,
            "vague-source",
            "\"Health officials have recorded …\"",
            "Health officials have recorded more than 12,000 cases",
            "12,000",
        ),
        promise(
            FLOOD,
            "unattributed-quote",
            "the unfinished last quotation",
            "\"The next ten days will decide",
            "The next ten days",
        ),
        promise(
            FLOOD,
            "unsourced-figure",
            "every article except the control",
            "9.5 metres",
            "9.5 metres",
        ),
        promise(
            CONTROL,
            "vague-source",
            "Only one finding is expected: **vague-source** on \"Experts estimate that household debt has reached 87%\"",
            "Experts estimate that household debt has reached 87%",
            "87%",
        ),
    ]
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of the Markdown table under the line `header`, as trimmed cells.
fn table<'a>(readme: &'a str, header: &str) -> Vec<Vec<&'a str>> {
    let mut lines = readme.lines().skip_while(|l| l.trim() != header).skip(2);
    let mut rows = Vec::new();
    for line in lines.by_ref() {
        let Some(inner) = line.trim().strip_prefix('|').and_then(|l| l.strip_suffix('|')) else {
            break;
        };
        rows.push(inner.split('|').map(str::trim).collect());
    }
    assert!(!rows.is_empty(), "examples/README.md has no table under {header:?}");
    rows
}

/// Text between pairs of `open`/`close` marks ("`x`", "**x**", "\"x\"").
fn marked<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(a) = rest.find(open) {
        let after = &rest[a + open.len()..];
        let Some(b) = after.find(close) else { break };
        out.push(&after[..b]);
        rest = &after[b + close.len()..];
    }
    out
}

/// The example articles and configuration, as paths relative to `examples/`.
fn example_files() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(examples())
        .expect("examples/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| (n.ends_with(".txt") || n.ends_with(".md")) && n != "README.md")
        .collect();
    out.push("config-error/factline.toml".into());
    out.sort();
    out
}

/// What the README's tables promise: (file, code) pairs, the per-file rows and the code rows.
struct Readme {
    pairs: BTreeSet<(String, String)>,
    file_rows: Vec<(String, String)>,
    code_rows: Vec<(String, String)>,
}

fn readme() -> Readme {
    let text = read(&examples().join("README.md"));
    let files = example_files();
    let is_code = |s: &str| Code::parse(s).is_some();
    let mut pairs = BTreeSet::new();
    let mut file_rows = Vec::new();
    for row in table(&text, "| file | format | what it exercises |") {
        let named: Vec<&str> = marked(row[0], "`", "`");
        let [file] = named[..] else { continue };
        assert!(
            files.iter().any(|f| f == file),
            "the README describes {file}, which is not in examples/"
        );
        for code in marked(row[2], "**", "**").into_iter().filter(|c| is_code(c)) {
            pairs.insert((file.to_string(), code.to_string()));
        }
        file_rows.push((file.to_string(), row[2].to_string()));
    }
    let mut code_rows = Vec::new();
    for row in table(&text, "| code | example |") {
        let code = marked(row[0], "`", "`").first().copied().unwrap_or_default();
        assert!(is_code(code), "the README's code table lists {code:?}, which is no code");
        // Files by name (`flood-sindh.txt`) or by a word only one file's name holds ("summit").
        let mut named: Vec<&str> = marked(row[1], "`", "`");
        for words in marked(row[1], "(", ")") {
            named.extend(words.split([',', ' ']).filter(|w| w.len() >= 4 && !w.contains('`')));
        }
        for name in named {
            let matching: Vec<&String> = files.iter().filter(|f| f.as_str() == name || f.contains(name)).collect();
            if let [file] = matching[..] {
                pairs.insert((file.clone(), code.to_string()));
            }
        }
        code_rows.push((code.to_string(), row[1].to_string()));
    }
    Readme {
        pairs,
        file_rows,
        code_rows,
    }
}

/// The byte span of `flagged` inside the first occurrence of `context` in `text`.
fn locate(text: &str, context: &str, flagged: &str, file: &str) -> (u64, u64) {
    let at = text.find(context).unwrap_or_else(|| panic!("{file} does not contain {context:?}"));
    let within = context
        .find(flagged)
        .unwrap_or_else(|| panic!("{flagged:?} is not part of {context:?}"));
    let start = (at + within) as u64;
    (start, start + flagged.len() as u64)
}

fn overlaps(v: &Value, (start, end): (u64, u64)) -> bool {
    let (s, e) = (v["start"].as_u64().unwrap_or(0), v["end"].as_u64().unwrap_or(0));
    s < end && start < e
}

fn check_examples() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples", "--format", "json"])
        .output()
        .expect("run factline");
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings at warning level exit 1: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn diagnostics<'a>(output: &'a Value, file: &str) -> &'a [Value] {
    let path = format!("examples/{file}");
    output["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == path.as_str()))
        .and_then(|f| f["diagnostics"].as_array())
        .map_or_else(|| panic!("no output for {path}"), Vec::as_slice)
}

#[test]
fn every_promise_of_the_readme_is_listed_here_in_its_words() {
    let readme = readme();
    let promises = promises();
    for (file, code) in &readme.pairs {
        // The broken configuration prints on stderr: `the_config_error_example_reports_each_error`.
        if code == "config-error" {
            assert_eq!(file, "config-error/factline.toml");
            continue;
        }
        assert!(
            promises.iter().any(|p| p.file == file && p.code == code),
            "examples/README.md promises {code} in {file}; add it to promises() in tests/examples.rs"
        );
    }
    for p in &promises {
        let in_file_row = readme.file_rows.iter().any(|(f, row)| f == p.file && row.contains(p.readme));
        let in_code_row = readme.code_rows.iter().any(|(c, row)| c == p.code && row.contains(p.readme));
        assert!(
            in_file_row || in_code_row,
            "examples/README.md no longer says {:?} for {} in {}",
            p.readme,
            p.code,
            p.file
        );
    }
    // The code table's quoted examples are promises too.
    for (code, row) in &readme.code_rows {
        for quoted in marked(row, "\"", "\"") {
            assert!(
                promises.iter().any(|p| p.code == code && p.context.contains(quoted)),
                "examples/README.md quotes {quoted:?} for {code}; no promise in tests/examples.rs covers it"
            );
        }
    }
}

#[test]
fn the_binary_reports_every_promise_on_its_text() {
    let output = check_examples();
    let mut missing = Vec::new();
    for p in promises() {
        let text = read(&examples().join(p.file));
        let span = locate(&text, p.context, p.flagged, p.file);
        let found: Vec<&Value> = diagnostics(&output, p.file)
            .iter()
            .filter(|d| d["code"] == p.code && overlaps(d, span))
            .collect();
        if found.is_empty() {
            missing.push(format!("{} in {} on {:?}", p.code, p.file, p.flagged));
            continue;
        }
        if let Some((other, context, flagged)) = p.related {
            let other_span = locate(&read(&examples().join(other)), context, flagged, other);
            let points = found.iter().any(|d| {
                d["related"].as_array().is_some_and(|rs| {
                    rs.iter()
                        .any(|r| r["path"] == format!("examples/{other}").as_str() && overlaps(r, other_span))
                })
            });
            if !points {
                missing.push(format!(
                    "{} in {} on {:?} relating to {flagged:?} in {other}",
                    p.code, p.file, p.flagged
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "examples/README.md promises what `factline check examples` does not report:\n{}",
        missing.join("\n")
    );
    // "The control … Only one finding is expected".
    let control: Vec<&str> = diagnostics(&output, CONTROL).iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(control, ["vague-source"]);
}

#[test]
fn markup_is_not_prose_and_unclosed_quotes_swallow_nothing() {
    let output = check_examples();
    let file = |name: &str| -> &Value {
        let path = format!("examples/{name}");
        output["files"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["path"] == path.as_str()))
            .expect("file")
    };
    // Front matter, the link target and the code span of the Markdown article give no figure.
    let summit = read(&examples().join(SUMMIT));
    let front_matter = (0, summit[3..].find("---").map_or(0, |i| i + 6) as u64);
    let not_prose = [
        front_matter,
        locate(&summit, "(https://example.org/energy/2026/06/07/summit-statement)", "https", SUMMIT),
        locate(&summit, "`pledges_2026_q2.csv`", "pledges_2026_q2.csv", SUMMIT),
    ];
    for f in file(SUMMIT)["figures"].as_array().expect("figures") {
        assert!(!not_prose.iter().any(|&span| overlaps(f, span)), "a figure from markup: {f}");
    }
    // After the first quotation that never closes, the article's figures are still found.
    let flood = read(&examples().join(FLOOD));
    let later = locate(&flood, "promised 25 billion rupees", "25 billion rupees", FLOOD);
    assert!(
        file(FLOOD)["figures"]
            .as_array()
            .expect("figures")
            .iter()
            .any(|f| overlaps(f, later)),
        "the unclosed quotation swallowed the rest of {FLOOD}"
    );
}

#[test]
fn the_config_error_example_reports_each_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/config-error", "--format", "json"])
        .output()
        .expect("run factline");
    // Each error is a config-error (an error) in factline.toml: exit 1.
    assert_eq!(out.status.code(), Some(1));
    let config = read(&examples().join("config-error/factline.toml"));
    let line_of = |key: &str| {
        config
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no {key} in the example configuration"))
    };
    let keys = ["default_year", "max_file_size", "spellcheck", "unsourced-figure"];
    // "prints one error per line on stderr".
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), keys.len(), "one error per line:\n{stderr}");
    for (line, key) in lines.iter().zip(keys) {
        let prefix = format!("examples/config-error/factline.toml:{}: config error: ", line_of(key));
        assert!(line.starts_with(&prefix) && line.contains(key), "{line:?} is not {prefix}… {key}");
    }
    let output: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let file = |path: &str| -> &Value {
        output["files"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["path"] == path))
            .unwrap_or_else(|| panic!("no {path} in {output}"))
    };
    // "in an editor opened on that folder the errors show in the file": the findings, at their lines.
    let found: Vec<(String, u64)> = file("examples/config-error/factline.toml")["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            )
        })
        .collect();
    let want: Vec<(String, u64)> = keys.iter().map(|k| ("config-error".to_string(), line_of(k) as u64)).collect();
    assert_eq!(found, want);
    // The brief is checked with the defaults; "Monday, March 2" has no year and there is no
    // valid default year: no weekday check.
    let brief = file("examples/config-error/port-strike-brief.txt");
    assert!(
        brief["figures"].as_array().is_some_and(|f| !f.is_empty()),
        "the brief was not checked"
    );
    assert!(
        brief["diagnostics"].as_array().is_some_and(|d| d.is_empty()),
        "{}",
        brief["diagnostics"]
    );
}
