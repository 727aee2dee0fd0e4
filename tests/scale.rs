//! Scale work, end to end through the binary: the output on our own articles is what main's
//! binary prints without the indexes and the bounded related information (but for the added
//! `related_total`), and related information is capped with its total counted.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Runs `factline check --format json` on `path` (relative to the repository) from the
/// repository root, so paths in the output are stable.
fn check_json(path: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json", path])
        .output()
        .expect("run factline");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// FNV-1a, 64 bits: enough to tell two outputs apart without storing them.
fn digest(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The output as main printed it: every `related_total` line dropped, after
/// checking that it counts the related statements listed (none of these articles has more
/// than eight, so none is capped).
fn without_related_total(json: &str) -> String {
    let v: Value = serde_json::from_str(json).expect("JSON");
    for file in v["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            let listed = d["related"].as_array().expect("related").len() as u64;
            assert_eq!(d["related_total"].as_u64(), Some(listed), "{d}");
        }
    }
    // `related_total` follows `related`, last in its object: the comma before it goes too.
    let mut out: Vec<String> = Vec::new();
    for line in json.lines() {
        if line.trim_start().starts_with("\"related_total\":") {
            if let Some(prev) = out.last_mut()
                && prev.ends_with(',')
            {
                prev.pop();
            }
            continue;
        }
        out.push(line.to_string());
    }
    out.into_iter().map(|l| l + "\n").collect()
}

/// Every story of `tests/corpus` and the bundled examples.
fn workspaces() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<String> = std::fs::read_dir(root.join("tests/corpus"))
        .expect("tests/corpus")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| format!("tests/corpus/{}", e.file_name().to_string_lossy()))
        .collect();
    out.sort();
    // All the stories as one workspace too: cross-article comparisons between stories.
    out.push("tests/corpus".to_string());
    out.push("examples".to_string());
    out
}

/// Digests of `check --format json` per workspace as main's binary printed them, at the main
/// commit last merged into the scale work (see the merge commit's message for how they were
/// taken: each workspace's output of that commit's `factline`, hashed with [`digest`]). The
/// first ones were taken at 833e9ad, where the scale work started. `FACTLINE_BLESS=1` rewrites
/// them from this binary, for a change of output made on purpose.
const BASELINE: &str = "tests/fixtures/scale/baseline-digests.txt";

#[test]
fn output_on_the_corpus_and_examples_is_that_of_main_but_related_total() {
    let got: Vec<String> = workspaces()
        .iter()
        .map(|w| {
            let json = check_json(w);
            let normal = if json.contains("\"related_total\"") {
                without_related_total(&json)
            } else {
                json
            };
            format!("{w} {:016x} {}", digest(&normal), normal.len())
        })
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BASELINE);
    if std::env::var_os("FACTLINE_BLESS").is_some() {
        std::fs::write(&path, got.join("\n") + "\n").expect("write baseline");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("baseline digests");
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(got, want, "the output changed (FACTLINE_BLESS=1 records a change made on purpose)");
}

#[test]
fn related_statements_are_capped_at_eight_and_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Twelve articles, one a day, each stating the quake's toll with its own value, falling
    // (a toll that rose would be an update: `superseded-figure`).
    for day in 1..=12 {
        let text = format!(
            "Quake toll\n\nLIMA, March {day}, 2026 — The earthquake in Peru killed {} people, officials said.\n",
            1003 + 10 * (13 - day)
        );
        std::fs::write(dir.path().join(format!("day-{day:02}.txt")), text).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--no-config", "."])
        .output()
        .expect("run factline");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("day-01.txt")))
        .expect("day-01.txt");
    let d = first["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "inconsistent-number")
        .expect("an inconsistent-number finding");
    let related: Vec<&str> = d["related"]
        .as_array()
        .expect("related")
        .iter()
        .map(|r| r["path"].as_str().unwrap_or(""))
        .collect();
    // The eight nearest in date, of the eleven others; the message counts all but the one
    // it names.
    let nearest: Vec<String> = (2..=9).map(|day| format!("day-{day:02}.txt")).collect();
    assert_eq!(related.len(), 8, "{d}");
    for (got, want) in related.iter().zip(&nearest) {
        assert!(got.ends_with(want.as_str()), "{related:?}");
    }
    assert_eq!(d["related_total"], 11, "{d}");
    assert!(d["message"].as_str().unwrap_or("").contains("and 10 other statements"), "{d}");
}

#[test]
fn superseded_figures_name_the_newest_eight_and_count_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Twelve articles, one a day, the toll rising: each earlier figure is out of date.
    for day in 1..=12 {
        let text = format!(
            "Quake toll\n\nLIMA, March {day}, 2026 — The earthquake in Peru killed {} people, officials said.\n",
            1003 + 10 * day
        );
        std::fs::write(dir.path().join(format!("day-{day:02}.txt")), text).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--no-config", "."])
        .output()
        .expect("run factline");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = v["files"].as_array().expect("files");
    let first = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("day-01.txt")))
        .expect("day-01.txt");
    let diagnostics = first["diagnostics"].as_array().expect("diagnostics");
    assert!(!diagnostics.iter().any(|d| d["code"] == "inconsistent-number"), "{first}");
    let d = diagnostics
        .iter()
        .find(|d| d["code"] == "superseded-figure")
        .expect("a superseded-figure finding");
    let related: Vec<&str> = d["related"]
        .as_array()
        .expect("related")
        .iter()
        .map(|r| r["path"].as_str().unwrap_or(""))
        .collect();
    // The eight newest of the eleven later ones, newest first; the message names the newest.
    assert_eq!(related.len(), 8, "{d}");
    for (got, day) in related.iter().zip((5..=12).rev()) {
        assert!(got.ends_with(&format!("day-{day:02}.txt")), "{related:?}");
    }
    assert_eq!(d["related_total"], 11, "{d}");
    assert!(d["message"].as_str().unwrap_or("").contains("1123"), "{d}");
    // The newest article has nothing newer.
    let last = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("day-12.txt")))
        .expect("day-12.txt");
    assert!(
        !last["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["code"] == "superseded-figure")
    );
}

#[path = "../benches/generate/mod.rs"]
mod generate;

/// Runs factline with `args` in `dir` and returns its standard output.
fn output_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run factline");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Digests of every output a refactoring must leave byte for byte as it was: JSON, human and
/// sheet output on each corpus story and the examples, and the JSON on the benchmarks' inputs
/// (a generated workspace and a figure-heavy article, at sizes a dev build checks quickly).
/// `FACTLINE_BLESS=1` records them again after a change of output made on purpose.
const IDENTICAL: &str = "tests/fixtures/scale/identical-digests.txt";

#[test]
fn every_output_is_byte_identical_to_the_recorded_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut got: Vec<String> = Vec::new();
    let mut record = |name: &str, text: String| {
        got.push(format!("{name} {:016x} {}", digest(&text), text.len()));
    };
    for w in workspaces() {
        record(&format!("json {w}"), output_in(root, &["check", "--format", "json", &w]));
        record(&format!("human {w}"), output_in(root, &["check", &w]));
        record(&format!("sheet {w}"), output_in(root, &["sheet", "--format", "json", &w]));
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let generated = scratch.path().join("generated");
    generate::workspace(&generated, 240).expect("generate a workspace");
    record(
        "json generated-240",
        output_in(scratch.path(), &["check", "--format", "json", "--no-config", "generated"]),
    );
    let heavy = generate::figure_heavy(150_000).expect("a figure-heavy article");
    std::fs::write(scratch.path().join("heavy.txt"), heavy).expect("write");
    record(
        "json heavy-150k",
        output_in(scratch.path(), &["check", "--format", "json", "--no-config", "heavy.txt"]),
    );
    let path = root.join(IDENTICAL);
    if std::env::var_os("FACTLINE_BLESS").is_some() {
        std::fs::write(&path, got.join("\n") + "\n").expect("write digests");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("recorded digests");
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(got, want, "the output changed (FACTLINE_BLESS=1 records a change made on purpose)");
}
