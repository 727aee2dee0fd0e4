//! The command line, end to end: the built `factline` binary on fixture articles
//! (`tests/fixtures/cli/`) and on broken files written here. Checks the JSON contract of
//! the README, exit statuses, the human and SARIF outputs, and the story sheet; snapshots of
//! every output format live in `tests/snapshots/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd` (never a terminal, so no colour and no progress bar).
fn factline(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run factline");
    Output {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

/// A temporary folder holding a copy of the fixtures under `articles/`, so display paths are
/// `articles/…` and tests can add files without touching the repository.
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), articles.join(entry.file_name())).unwrap();
    }
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", out.stdout))
}

fn file<'a>(output: &'a Value, path: &str) -> &'a Value {
    output["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path}"))
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().expect("an object").keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn slice<'a>(text: &'a [u8], v: &Value) -> &'a str {
    let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
    assert!(s <= e && e <= text.len(), "span {s}..{e} outside the text");
    std::str::from_utf8(&text[s..e]).expect("a span falls on char boundaries")
}

/// LSP position of a byte offset, computed here independently of the core: lines end at
/// `\n`, `\r\n` or `\r`; characters are UTF-16 code units.
fn lsp_position(text: &str, offset: usize) -> (u64, u64) {
    let mut line = 0;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset {
                    i += 1;
                }
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, text[line_start..offset].encode_utf16().count() as u64)
}

/// The entity of one file's JSON named `name`.
fn entity_named(file: &Value, name: &str) -> Value {
    file["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {file:#}"))
        .clone()
}

/// The text of each mention of an entity.
fn mention_texts<'a>(text: &'a str, entity: &Value) -> Vec<&'a str> {
    entity["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| slice(text.as_bytes(), m))
        .collect()
}

fn is_sorted_by_start(list: &Value) -> bool {
    let starts: Vec<u64> = list.as_array().unwrap().iter().map(|x| x["start"].as_u64().unwrap()).collect();
    starts.windows(2).all(|w| w[0] <= w[1])
}

/// Replaces the temporary folder's path so snapshots do not change from run to run.
fn snapshot_settings(dir: &TempDir) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    for p in [dir.path().to_path_buf(), dir.path().canonicalize().unwrap()] {
        settings.add_filter(&regex::escape(&p.to_string_lossy()), "[TMP]");
    }
    settings.add_filter(&format!("\"{}\"", regex::escape(env!("CARGO_PKG_VERSION"))), "\"[VERSION]\"");
    settings
}

const CODES: [&str; 11] = [
    "unsourced-figure",
    "unattributed-quote",
    "inconsistent-number",
    "superseded-figure",
    "weekday-mismatch",
    "duration-mismatch",
    "arithmetic-mismatch",
    "name-variant",
    "unintroduced-name",
    "vague-source",
    "config-error",
];
const SEVERITIES: [&str; 4] = ["error", "warning", "information", "hint"];

#[test]
fn json_follows_the_contract() {
    let dir = workspace();
    let out = factline(dir.path(), &["check", "articles", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(keys(&v), ["files", "version"]);
    assert_eq!(v["version"], 1);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "articles/cjk-emoji.txt",
            "articles/clean.txt",
            "articles/crlf.txt",
            "articles/harbour-budget.txt",
            "articles/markdown.md"
        ]
    );
    for f in v["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let bytes = std::fs::read(dir.path().join(path)).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(keys(f), ["diagnostics", "entities", "figures", "path", "quotes"]);
        for e in f["entities"].as_array().unwrap() {
            assert_eq!(keys(e), ["id", "intro", "kind", "mentions", "name"]);
            assert!(["person", "organization", "place"].contains(&e["kind"].as_str().unwrap()));
            assert!(!e["id"].as_str().unwrap().is_empty() && e["name"].is_string());
            assert!(is_sorted_by_start(&e["mentions"]));
            for m in e["mentions"].as_array().unwrap() {
                assert_eq!(keys(m), ["end", "start", "text"]);
                assert_eq!(slice(&bytes, m), m["text"].as_str().unwrap(), "{path}");
            }
            match &e["intro"] {
                Value::Null => {}
                intro => {
                    assert_eq!(keys(intro), ["end", "start"]);
                    assert!(
                        e["mentions"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|m| m["start"] == intro["start"] && m["end"] == intro["end"])
                    );
                }
            }
        }
        let first_starts: Vec<u64> = f["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["mentions"][0]["start"].as_u64().unwrap())
            .collect();
        assert!(first_starts.windows(2).all(|w| w[0] <= w[1]), "entities in start order");
        assert!(is_sorted_by_start(&f["figures"]));
        for fig in f["figures"].as_array().unwrap() {
            assert_eq!(
                keys(fig),
                ["end", "kind", "qualifier", "source", "sourced", "start", "text", "unit", "value"]
            );
            assert!(fig["qualifier"].is_null() || fig["qualifier"].is_string());
            assert_eq!(slice(&bytes, fig), fig["text"].as_str().unwrap());
            assert!(
                ["money", "percent", "count", "measure", "duration", "date", "year", "ordinal"].contains(&fig["kind"].as_str().unwrap())
            );
            assert!(fig["value"].is_null() || fig["value"].is_f64());
            assert!(fig["unit"].is_null() || fig["unit"].is_string());
            assert_eq!(fig["sourced"].as_bool().unwrap(), fig["source"].is_string());
        }
        assert!(is_sorted_by_start(&f["quotes"]));
        for q in f["quotes"].as_array().unwrap() {
            assert_eq!(keys(q), ["end", "speaker", "start", "text"]);
            assert_eq!(slice(&bytes, q), q["text"].as_str().unwrap());
            assert!(q["speaker"].is_null() || q["speaker"].is_string());
        }
        assert!(is_sorted_by_start(&f["diagnostics"]));
        for d in f["diagnostics"].as_array().unwrap() {
            assert_eq!(
                keys(d),
                ["code", "end", "message", "range", "related", "related_total", "severity", "start"]
            );
            let listed = d["related"].as_array().unwrap().len() as u64;
            assert!(listed <= 8 && d["related_total"].as_u64().unwrap() >= listed, "{d}");
            assert!(CODES.contains(&d["code"].as_str().unwrap()));
            assert!(SEVERITIES.contains(&d["severity"].as_str().unwrap()));
            assert!(!d["message"].as_str().unwrap().is_empty());
            slice(&bytes, d);
            for (end, offset) in [("start", d["start"].as_u64().unwrap()), ("end", d["end"].as_u64().unwrap())] {
                let (line, character) = lsp_position(text, offset as usize);
                assert_eq!(keys(&d["range"][end]), ["character", "line"]);
                assert_eq!(
                    (
                        d["range"][end]["line"].as_u64().unwrap(),
                        d["range"][end]["character"].as_u64().unwrap()
                    ),
                    (line, character),
                    "{path} {d}"
                );
            }
            for r in d["related"].as_array().unwrap() {
                assert_eq!(keys(r), ["end", "message", "path", "start"]);
                assert!(paths.contains(&r["path"].as_str().unwrap()));
            }
        }
    }
}

#[test]
fn utf16_ranges_after_cjk_and_emoji() {
    let dir = workspace();
    let v = json(&factline(dir.path(), &["check", "articles/cjk-emoji.txt", "--format", "json"]));
    let f = file(&v, "articles/cjk-emoji.txt");
    let text = std::fs::read_to_string(dir.path().join("articles/cjk-emoji.txt")).unwrap();
    let at = text.find("3,400 tonnes").unwrap();
    let d = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["start"] == at)
        .expect("the figure after CJK and emoji is flagged");
    assert_eq!(d["code"], "unsourced-figure");
    assert_eq!(d["end"], at + "3,400 tonnes".len());
    // "港湾局の報告 🚢📦 shows ": six CJK characters (three bytes, one code unit each), two
    // emoji (four bytes, two units each), three spaces and "shows": 34 bytes, 18 code units.
    assert_eq!(at - text.find('港').unwrap(), 34);
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 2, "character": 18}));
    assert_eq!(d["range"]["end"], serde_json::json!({"line": 2, "character": 30}));
}

#[test]
fn crlf_lines_and_markdown_prose() {
    let dir = workspace();
    let v = json(&factline(
        dir.path(),
        &["check", "articles/crlf.txt", "articles/markdown.md", "--format", "json"],
    ));
    let crlf = file(&v, "articles/crlf.txt");
    let text = std::fs::read_to_string(dir.path().join("articles/crlf.txt")).unwrap();
    assert!(text.contains("\r\n"), "the fixture keeps its CRLF line ends (see .gitattributes)");
    let variant = crlf["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "name-variant")
        .expect("misspelling flagged");
    assert_eq!(variant["start"], text.find("Ilse Brandvolt").unwrap());
    assert_eq!(variant["range"]["start"], serde_json::json!({"line": 6, "character": 0}));
    for fig in crlf["figures"].as_array().unwrap() {
        assert!(!fig["text"].as_str().unwrap().contains('\r'));
    }

    let md = file(&v, "articles/markdown.md");
    let texts: Vec<&str> = md["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"310,000"), "{texts:?}");
    // Front matter, fenced code and link targets are not prose.
    for not_prose in ["9999", "4,500", "77%", "99"] {
        assert!(!texts.iter().any(|t| t.contains(not_prose)), "{not_prose} in {texts:?}");
    }
    let quote = &md["quotes"][0];
    assert_eq!(quote["text"], "It is the fuel,");
    assert_eq!(
        quote["speaker"], "tomasz-achterberg",
        "a speaker named by an entity is given by its id"
    );
}

#[test]
fn entity_ids_are_stable_across_files() {
    let dir = workspace();
    let v = json(&factline(
        dir.path(),
        &["check", "articles", "--format", "json", "--fail-on", "none"],
    ));
    let mut seen = 0;
    for f in v["files"].as_array().unwrap() {
        for e in f["entities"].as_array().unwrap() {
            if e["name"] == "Tomasz Achterberg" {
                assert_eq!(e["id"], "tomasz-achterberg");
                seen += 1;
            }
        }
    }
    assert!(seen >= 3, "Achterberg is named in several fixtures");
    let budget = file(&v, "articles/harbour-budget.txt");
    let money = budget["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "$4.2 billion")
        .unwrap();
    assert_eq!(money["kind"], "money");
    assert_eq!(money["value"], 4.2e9);
    assert_eq!(money["unit"], "USD");
}

#[test]
fn names_beyond_the_knowledge_base_link_their_short_forms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Port strike widens\n\nDockworkers walked out on Monday. Union negotiator Marieke Oosterhuis said the Harbour Employers Council (HEC) had refused to talk. \"We wait,\" Oosterhuis said. HEC declined to comment, and Mr Oosterhuis left for Vlissingen, a port town.\n";
    write(dir.path(), "strike.txt", text);
    let v = json(&factline(
        dir.path(),
        &["check", "strike.txt", "--format", "json", "--fail-on", "none"],
    ));
    let f = file(&v, "strike.txt");
    let entity = |name: &str| entity_named(f, name);
    let person = entity("Marieke Oosterhuis");
    assert_eq!(person["kind"], "person");
    let surfaces: Vec<&str> = mention_texts(text, &person);
    assert_eq!(surfaces, ["Marieke Oosterhuis", "Oosterhuis", "Oosterhuis"]);
    assert_eq!(slice(text.as_bytes(), &person["intro"]), "Marieke Oosterhuis");
    let council = entity("Harbour Employers Council");
    assert_eq!(council["kind"], "organization");
    let acr: Vec<&str> = mention_texts(text, &council);
    assert_eq!(acr, ["Harbour Employers Council", "HEC", "HEC"]);
    assert_eq!(entity("Vlissingen")["kind"], "place");
}

#[test]
fn companies_without_cues_are_organizations_and_their_short_forms_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Refiner expands\n\nShares of Kasai Biologics rose on Monday. Tumba Crest Energy, the state oil company, said Tumba Crest would add a unit. Chief Financial Officer Aline Mbuyi said costs fell. Neema Power, who leads the union, welcomed it.\n";
    write(dir.path(), "refiner.txt", text);
    let v = json(&factline(
        dir.path(),
        &["check", "refiner.txt", "--format", "json", "--fail-on", "none"],
    ));
    let f = file(&v, "refiner.txt");
    let entity = |name: &str| entity_named(f, name);
    assert_eq!(entity("Kasai Biologics")["kind"], "organization");
    let energy = entity("Tumba Crest Energy");
    assert_eq!(energy["kind"], "organization");
    let surfaces: Vec<&str> = mention_texts(text, &energy);
    assert_eq!(surfaces, ["Tumba Crest Energy", "Tumba Crest"]);
    assert_eq!(slice(text.as_bytes(), &energy["intro"]), "Tumba Crest Energy");
    assert_eq!(entity("Aline Mbuyi")["kind"], "person");
    assert_eq!(entity("Neema Power")["kind"], "person");
    assert!(
        !f["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"].as_str().unwrap().contains("Chief"))
    );
}

#[test]
fn exit_status_follows_fail_on() {
    let dir = workspace();
    let d = dir.path();
    assert_eq!(factline(d, &["check", "articles"]).code, 1);
    assert_eq!(factline(d, &["check", "articles", "--fail-on", "none"]).code, 0);
    assert_eq!(factline(d, &["check", "articles/clean.txt"]).code, 0, "a clean article");
    assert_eq!(factline(d, &["check", "articles/clean.txt", "--fail-on", "hint"]).code, 0);
    // cjk-emoji.txt has warnings only; harbour-budget.txt a weekday error.
    assert_eq!(factline(d, &["check", "articles/cjk-emoji.txt", "--fail-on", "error"]).code, 0);
    assert_eq!(factline(d, &["check", "articles/harbour-budget.txt", "--fail-on", "error"]).code, 1);
    // markdown.md: a warning and an information finding.
    assert_eq!(factline(d, &["check", "articles/markdown.md", "--fail-on", "information"]).code, 1);
    // The JSON output is written as the files are checked: the status still counts them all.
    for format in ["json", "sarif"] {
        let status = |args: &[&str]| factline(d, &[&["check", "--format", format][..], args].concat()).code;
        assert_eq!(status(&["articles"]), 1, "{format}");
        assert_eq!(status(&["articles", "--fail-on", "none"]), 0, "{format}");
        assert_eq!(status(&["articles/cjk-emoji.txt", "--fail-on", "error"]), 0, "{format}");
        assert_eq!(status(&["articles/harbour-budget.txt", "--fail-on", "error"]), 1, "{format}");
    }
}

#[test]
fn unreadable_files_are_reported_once_and_skipped() {
    let dir = workspace();
    let d = dir.path();
    write(d, "bad/latin1.txt", b"ok \xff\xfe bad");
    write(d, "bad/image.txt", b"GIF89a\0\0\x01");

    let out = factline(d, &["check", "missing.txt", "articles/clean.txt"]);
    assert_eq!(out.code, 0, "the good file is clean");
    assert_eq!(out.stderr, "factline: missing.txt: no such file\n");
    assert!(out.stdout.ends_with("no findings in 1 file\n"), "{}", out.stdout);

    let out = factline(
        d,
        &[
            "check",
            "--format",
            "json",
            "missing.txt",
            "bad/latin1.txt",
            "articles/harbour-budget.txt",
        ],
    );
    assert_eq!(out.code, 1, "the good file has findings");
    assert_eq!(out.stderr.lines().filter(|l| l.contains("missing.txt")).count(), 1);
    assert!(
        out.stderr
            .contains("factline: bad/latin1.txt: not valid UTF-8 (first bad byte at offset 3)\n"),
        "{}",
        out.stderr
    );
    let v = json(&out);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);

    let out = factline(d, &["check", "missing.txt", "bad/latin1.txt", "bad/image.txt"]);
    assert_eq!(out.code, 2, "nothing could be checked");
    assert!(
        out.stderr.contains("factline: bad/image.txt: binary file (contains NUL bytes)\n"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().filter(|l| l.contains("latin1.txt")).count(), 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let dir = workspace();
    let d = dir.path();
    assert_eq!(factline(d, &["check"]).code, 2);
    assert_eq!(factline(d, &["check", "articles", "--format", "xml"]).code, 2);
    assert_eq!(factline(d, &["check", "articles", "--fail-on", "loud"]).code, 2);
    assert_eq!(factline(d, &["frobnicate"]).code, 2);
    std::fs::create_dir(d.join("empty")).unwrap();
    let out = factline(d, &["check", "empty"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("empty: no article files found"), "{}", out.stderr);
}

#[test]
fn version_and_help() {
    let dir = workspace();
    let out = factline(dir.path(), &["--version"]);
    assert_eq!((out.code, out.stdout.trim()), (0, concat!("factline ", env!("CARGO_PKG_VERSION"))));
    let out = factline(dir.path(), &["--help"]);
    assert_eq!(out.code, 0);
    for word in ["check", "sheet", "lsp"] {
        assert!(out.stdout.contains(word), "{}", out.stdout);
    }
    let out = factline(dir.path(), &["check", "--help"]);
    assert!(
        out.stdout.contains("--fail-on") && out.stdout.contains("--format"),
        "{}",
        out.stdout
    );
}

#[test]
fn human_output_is_compiler_style() {
    let dir = workspace();
    let out = factline(dir.path(), &["check", "articles"]);
    assert!(!out.stdout.contains('\x1b'), "no colour when stdout is not a terminal");
    let lines: Vec<&str> = out.stdout.lines().collect();
    let header = regex::Regex::new(r"^articles/[\w.-]+:\d+:\d+: (error|warning|info|hint)\[[a-z-]+\]: .+$").unwrap();
    let headers: Vec<usize> = (0..lines.len()).filter(|&i| header.is_match(lines[i])).collect();
    assert!(!headers.is_empty());
    let i = lines
        .iter()
        .position(|l| l.starts_with("articles/markdown.md:10:22: warning[unsourced-figure]: "))
        .expect("310,000 flagged");
    assert_eq!(lines[i + 1], "   |");
    assert_eq!(lines[i + 2], "10 | Ticket sales fell to 310,000 last year.");
    assert_eq!(lines[i + 3], format!("   | {}^^^^^^^", " ".repeat(21)));
    assert_eq!(*lines.last().unwrap(), "1 error, 5 warnings, 1 information, 1 hint in 5 files");

    let coloured = factline(dir.path(), &["check", "articles", "--color", "always"]);
    assert!(
        coloured.stdout.contains("\x1b[1;31merror[weekday-mismatch]\x1b[0m"),
        "{}",
        coloured.stdout
    );
}

#[test]
fn sarif_is_well_formed() {
    let dir = workspace();
    let out = factline(dir.path(), &["check", "articles", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "factline");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, CODES);
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(r["helpUri"].as_str().unwrap().ends_with(&format!("#{}", r["id"].as_str().unwrap())));
        assert!(["error", "warning", "note"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    assert_eq!(rules[4]["defaultConfiguration"]["level"], "error", "weekday-mismatch");
    assert_eq!(rules[9]["defaultConfiguration"]["level"], "note", "vague-source is a hint");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert_eq!(ids[r["ruleIndex"].as_u64().unwrap() as usize], rule);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("articles/"), "relative uri: {uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k} is 1-based");
        }
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
    }
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("file:///")
    );
    // The figure after CJK and emoji: UTF-16 column 18, 1-based 19.
    let cjk = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/cjk-emoji.txt")
        .unwrap();
    let region = &cjk["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(3), Some(19), Some(31))
    );
    let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert!(levels.contains(&"note"), "information and hint findings are notes");
}

#[test]
fn config_is_the_nearest_and_errors_keep_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = "Budget talks\n\nThe council spent $4 million on roads last year.\n";
    // `news/` has a config that turns the unsourced-figure rule off, with a bad key.
    write(d, "news/factline.toml", "colour = \"blue\"\n[rules]\nunsourced-figure = \"off\"\n");
    write(d, "news/a.txt", article);
    write(d, "other/b.txt", article);

    // The bad key is a config-error in the file (an error: exit 1), the rule is still off.
    let out = factline(d, &["check", "news/a.txt"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(out.stderr, "news/factline.toml:1: config error: unknown key `colour`\n");
    assert!(
        out.stdout
            .starts_with("news/factline.toml:1:1: error[config-error]: unknown key `colour`\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("unsourced-figure"), "rule turned off: {}", out.stdout);

    // Each file has its own project's configuration, whatever the order of the paths:
    // `other/` has no factline.toml, so the rule is on there.
    let out = factline(d, &["check", "news/a.txt", "other/b.txt", "--format", "json"]);
    assert_eq!(out.code, 1);
    let files = json(&out)["files"].as_array().unwrap().clone();
    let codes: Vec<(&str, Vec<&str>)> = files
        .iter()
        .map(|f| {
            let codes = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            (f["path"].as_str().unwrap(), codes)
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("news/a.txt", vec![]),
            ("other/b.txt", vec!["unsourced-figure"]),
            ("news/factline.toml", vec!["config-error"])
        ]
    );
    let error = &files[2]["diagnostics"][0];
    assert_eq!((error["start"].as_u64(), error["end"].as_u64()), (Some(0), Some(15)));
    assert_eq!(error["severity"], "error");
    let swapped = factline(d, &["check", "other/b.txt", "news/a.txt", "--format", "json"]);
    assert_eq!(swapped.code, 1);
    assert_eq!(json(&swapped), json(&out), "the order of the paths changes nothing");
    // SARIF lists it as an error result in the configuration file.
    let out = factline(d, &["check", "news/a.txt", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["ruleId"], "config-error");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "news/factline.toml"
    );
    // Turned off in [rules], it is only logged.
    write(
        d,
        "news/factline.toml",
        "colour = \"blue\"\n[rules]\nunsourced-figure = \"off\"\nconfig-error = \"off\"\n",
    );
    let out = factline(d, &["check", "news/a.txt"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    write(d, "news/factline.toml", "colour = \"blue\"\n[rules]\nunsourced-figure = \"off\"\n");

    // --no-config ignores it.
    let out = factline(d, &["check", "--no-config", "news/a.txt"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    // A syntax error falls back to the defaults.
    write(d, "news/factline.toml", "[rules\n");
    let out = factline(d, &["check", "news/a.txt"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with("news/factline.toml:1: config error: syntax error"),
        "{}",
        out.stderr
    );
}

#[test]
fn folders_are_walked_with_the_globs_of_their_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "factline.toml", "exclude = [\"desk/drafts/**\"]\n");
    write(d, "desk/a.txt", "Harbour news\n\nThe harbour reopened.\n");
    write(d, "desk/b.md", "# Ferry\n\nThe ferry sails again.\n");
    write(d, "desk/notes.rs", "fn main() {}\n");
    write(d, "desk/drafts/c.txt", "Draft\n\nNot yet.\n");
    write(d, "desk/.gitignore", "ignored.txt\n");
    write(d, "desk/ignored.txt", "Ignored\n\nNot an article.\n");
    let out = factline(d, &["check", "desk", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let paths: Vec<String> = json(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["desk/a.txt", "desk/b.md"]);
    // A file named on the command line is checked whatever its extension.
    let out = factline(d, &["check", "desk/notes.rs", "--format", "json"]);
    assert_eq!(json(&out)["files"][0]["path"], "desk/notes.rs");
}

#[test]
fn knowledge_base_errors_keep_the_embedded_base() {
    // With the workspace entries in force, "Ilse Brandvolt" is their listed misspelling; a name
    // found in the text alone carries no such knowledge.
    let misspelling_flagged = |out: &Output| {
        let v = json(out);
        file(&v, "articles/crlf.txt")["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("misspelling"))
    };
    let dir = workspace();
    let d = dir.path();
    let good = factline(d, &["check", "articles/crlf.txt", "--format", "json"]);
    assert!(
        misspelling_flagged(&good),
        "the fixture's knowledge base should flag the misspelling"
    );

    write(
        d,
        "articles/entities.toml",
        "[[entity]]\nid = \"Bad Id\"\nname = \"X\"\nkind = \"person\"\n",
    );
    let out = factline(d, &["check", "articles/crlf.txt", "--format", "json"]);
    assert!(
        out.stderr
            .starts_with("articles/entities.toml:1: knowledge base error: id \"Bad Id\""),
        "{}",
        out.stderr
    );
    assert!(!misspelling_flagged(&out), "the broken workspace entries must not be loaded");
}

#[test]
fn sheet_lists_people_places_and_sources() {
    let dir = workspace();
    let out = factline(dir.path(), &["sheet", "articles", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(keys(&v), ["articles", "organizations", "persons", "places", "sources", "version"]);
    assert_eq!(v["articles"].as_array().unwrap().len(), 5);
    for section in ["persons", "organizations", "places", "sources"] {
        let rows = v[section].as_array().unwrap();
        let counts: Vec<u64> = rows.iter().map(|r| r["mentions"].as_u64().unwrap()).collect();
        if section != "places" {
            assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{section} by mentions: {counts:?}");
        }
        for r in rows {
            let total: u64 = r["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["mentions"].as_u64().unwrap())
                .sum();
            assert_eq!(total, r["mentions"].as_u64().unwrap(), "{r}");
        }
    }
    assert_eq!(v["persons"][0]["name"], "Tomasz Achterberg");
    assert_eq!(v["places"][0]["name"], "Norvania", "countries come first");
    assert_eq!(v["places"][0]["subkind"], "country");
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for s in ["Meridian Wire", "The Harbour Courier", "Norvanian Statistics Office"] {
        assert!(sources.contains(&s), "{s} in {sources:?}");
    }
    // A minister who is quoted is a person of the story, not one of its sources.
    assert!(!sources.contains(&"Ilse Brandvold"), "{sources:?}");
    let wire = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Meridian Wire")
        .unwrap();
    assert_eq!(
        (wire["subkind"].as_str(), wire["citations"].as_u64()),
        (Some("agency"), Some(1)),
        "cited by the dateline"
    );

    let md = factline(dir.path(), &["sheet", "articles"]);
    assert_eq!(md.code, 0);
    assert!(md.stdout.starts_with("# Story sheet\n"));
    for heading in ["## Persons (2)", "## Organizations (3)", "## Places (2)", "## Sources ("] {
        assert!(md.stdout.contains(heading), "{heading}");
    }
    assert!(
        md.stdout.contains("| Norvania | country | 2 | `articles/harbour-budget.txt` (2) |"),
        "{}",
        md.stdout
    );
}

#[test]
fn snapshots() {
    let dir = workspace();
    let d = dir.path();
    let settings = snapshot_settings(&dir);
    settings.bind(|| {
        let human = factline(d, &["check", "articles"]);
        insta::assert_snapshot!("check_human", human.stdout);
        let json = factline(d, &["check", "articles", "--format", "json"]);
        insta::assert_snapshot!("check_json", json.stdout);
        let sarif = factline(d, &["check", "articles", "--format", "sarif"]);
        insta::assert_snapshot!("check_sarif", sarif.stdout);
        let sheet = factline(d, &["sheet", "articles"]);
        insta::assert_snapshot!("sheet_markdown", sheet.stdout);
        let sheet_json = factline(d, &["sheet", "articles", "--format", "json"]);
        insta::assert_snapshot!("sheet_json", sheet_json.stdout);
        for out in [human, json, sarif, sheet, sheet_json] {
            assert!(out.stderr.is_empty(), "{}", out.stderr);
        }
    });
}

#[test]
fn inconsistent_numbers_across_files_carry_related_statements() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "quake-a.txt",
        // The same day as the others: a toll that rose from one day to the next would be an
        // update (`superseded-figure`), not a contradiction.
        "Quake\n\nLIMA, February 11, 2026 — The earthquake killed 27 people, the civil defence institute said.\n",
    );
    write(
        dir.path(),
        "quake-b.txt",
        "Quake\n\nLIMA, February 11, 2026 — The death toll from the earthquake stood at 31, officials said.\n",
    );
    write(
        dir.path(),
        "quake-c.txt",
        "Quake\n\nLIMA, February 11, 2026 — At least 25 people died in the earthquake, the Red Cross said. It was a Wednesday, February 11 in Lima.\n",
    );
    let out = factline(
        dir.path(),
        &["check", "--format", "json", "quake-a.txt", "quake-b.txt", "quake-c.txt"],
    );
    let v = json(&out);
    let a = file(&v, "quake-a.txt");
    let diags: Vec<&Value> = a["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "inconsistent-number")
        .collect();
    assert_eq!(diags.len(), 1, "{diags:?}");
    let text_a = std::fs::read(dir.path().join("quake-a.txt")).unwrap();
    assert_eq!(slice(&text_a, diags[0]), "27");
    let related = diags[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["path"], "quake-b.txt");
    let text_b = std::fs::read(dir.path().join("quake-b.txt")).unwrap();
    assert_eq!(slice(&text_b, &related[0]), "31");
    assert!(related[0]["message"].as_str().unwrap().contains("officials"), "{related:?}");
    // "At least 25" agrees with both, and the weekday is right.
    let c = file(&v, "quake-c.txt");
    assert!(
        c["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "inconsistent-number" && d["code"] != "weekday-mismatch"),
        "{c}"
    );
}

#[test]
fn currencies_are_compared_only_at_a_stated_exchange_rate() {
    let dir = tempfile::tempdir().unwrap();
    // The dollar article states the rate; the cedi articles do not.
    let usd = "Roads loan\n\nACCRA, March 3, 2026 — Ghana's loan from the World Bank for rural roads is $4.5 million, \
the finance ministry said.";
    write(
        dir.path(),
        "loan-usd.txt",
        format!("{usd} The ministry booked it at 11.2 cedis to the dollar.\n"),
    );
    write(
        dir.path(),
        "loan-ghs.txt",
        "Roads loan\n\nACCRA, March 4, 2026 — Ghana's loan from the World Bank for rural roads is 61 million cedis, \
a district official said.\n",
    );
    write(
        dir.path(),
        "loan-ok.txt",
        "Roads loan\n\nACCRA, March 4, 2026 — Ghana's loan from the World Bank for rural roads is about 50 million cedis, \
the roads agency said.\n",
    );
    let inconsistent = |files: &[&str]| -> Value {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(files);
        let v = json(&factline(dir.path(), &args));
        let mut out = serde_json::Map::new();
        for name in files {
            let diags: Vec<Value> = file(&v, name)["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["code"] == "inconsistent-number")
                .cloned()
                .collect();
            out.insert(name.to_string(), Value::Array(diags));
        }
        Value::Object(out)
    };
    let found = inconsistent(&["loan-usd.txt", "loan-ghs.txt"]);
    let ghs = found["loan-ghs.txt"].as_array().unwrap();
    assert_eq!(ghs.len(), 1, "{ghs:?}");
    let text = std::fs::read(dir.path().join("loan-ghs.txt")).unwrap();
    assert_eq!(slice(&text, &ghs[0]), "61 million cedis");
    assert!(ghs[0]["message"].as_str().unwrap().contains("exchange rate"), "{ghs:?}");
    let related = ghs[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["path"], "loan-usd.txt");
    let text_usd = std::fs::read(dir.path().join("loan-usd.txt")).unwrap();
    assert_eq!(slice(&text_usd, &related[0]), "$4.5 million");
    assert!(related[0]["message"].as_str().unwrap().contains("finance ministry"), "{related:?}");
    let usd_found = found["loan-usd.txt"].as_array().unwrap();
    assert_eq!(usd_found.len(), 1, "{usd_found:?}");
    assert_eq!(usd_found[0]["related"][0]["path"], "loan-ghs.txt");
    // "about 50 million cedis" agrees with $4.5 million at 11.2 cedis to the dollar.
    let found = inconsistent(&["loan-usd.txt", "loan-ok.txt"]);
    assert!(
        found.as_object().unwrap().values().all(|d| d.as_array().unwrap().is_empty()),
        "{found}"
    );
    // Without the stated rate, dollars and cedis are never compared.
    write(dir.path(), "loan-usd.txt", format!("{usd}\n"));
    let found = inconsistent(&["loan-usd.txt", "loan-ghs.txt"]);
    assert!(
        found.as_object().unwrap().values().all(|d| d.as_array().unwrap().is_empty()),
        "{found}"
    );
}

#[test]
fn figures_sources_quotes_and_severity_per_figure_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = "Port expansion approved\n\n\
        HAVENPORT (Coastal Wire) — The harbour board approved a $2.4 billion expansion on Monday, \
        adding 14 berths, port director Mara Lind said.\n\n\
        Traffic rose 12 percent last year. Some 300 ships call each season. The works will take a third of the quay for the fifth \
        time since 2010.\n\n\
        \"We have waited long enough for this,\" Lind told reporters.\n\nThe vote was close.\n\n\
        \"Nobody asked the fishermen what they think of it.\"\n\n\
        The slogan was painted on the harbour wall.\n";
    let path = write(d, "desk/port.txt", article);
    let text = std::fs::read(&path).unwrap();
    let out = factline(d, &["check", "--format", "json", "desk/port.txt"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = json(&out);
    let f = file(&v, "desk/port.txt");
    let figures: Vec<(&str, &str, bool)> = f["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (slice(&text, x), x["kind"].as_str().unwrap(), x["sourced"].as_bool().unwrap()))
        .collect();
    assert!(figures.contains(&("$2.4 billion", "money", true)), "{figures:?}");
    assert!(figures.contains(&("14", "count", true)), "{figures:?}");
    assert!(figures.contains(&("12 percent", "percent", false)), "{figures:?}");
    let flagged = |code: &str| -> Vec<(&str, &str)> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["code"] == code)
            .map(|x| (slice(&text, x), x["severity"].as_str().unwrap()))
            .collect()
    };
    // The dateline agency is the publisher, not a source; the body figures have none.
    assert_eq!(
        flagged("unsourced-figure"),
        [
            ("12 percent", "warning"),
            ("300", "warning"),
            ("a third", "warning"),
            ("fifth", "warning")
        ]
    );
    assert_eq!(
        flagged("unattributed-quote"),
        [("Nobody asked the fishermen what they think of it.", "warning")]
    );

    // Severity per figure kind.
    write(
        d,
        "desk/factline.toml",
        "[rules.unsourced-figure]\ndefault = \"information\"\npercent = \"error\"\nordinal = \"off\"\n",
    );
    let out = factline(d, &["check", "--format", "json", "desk/port.txt"]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let v = json(&out);
    let f = file(&v, "desk/port.txt");
    let got: Vec<(&str, &str)> = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["code"] == "unsourced-figure")
        .map(|x| (slice(&text, x), x["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("12 percent", "error"), ("300", "information"), ("a third", "error")]);
}

#[test]
fn currencies_beyond_the_curated_list_scales_and_production_rates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = "Gas field deal signed\n\n\
        The ministry said the plan costs 120 crore taka and the lender added 2.3 million cedis. \
        The company reported a profit of N96.3bn and paid N4.50 per share, its chief said. \
        Output reached 41,200 boepd, the regulator said. Trucks took the N1 road past 3 depots.\n";
    let path = write(d, "desk/gas.txt", article);
    let text = std::fs::read(&path).unwrap();
    let out = factline(d, &["check", "--format", "json", "desk/gas.txt"]);
    let v = json(&out);
    let f = file(&v, "desk/gas.txt");
    let figures: Vec<(&str, &str, Option<&str>)> = f["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (slice(&text, x), x["kind"].as_str().unwrap(), x["unit"].as_str()))
        .collect();
    for want in [
        ("120 crore taka", "money", Some("BDT")),
        ("2.3 million cedis", "money", Some("GHS")),
        ("N96.3bn", "money", Some("NGN")),
        ("N4.50 per share", "money", Some("NGN")),
        ("41,200 boepd", "measure", Some("boe/d")),
    ] {
        assert!(figures.contains(&want), "{want:?} in {figures:?}");
    }
    // "N1" names a road: no figure starts there.
    assert!(figures.iter().all(|(s, _, _)| !s.starts_with("N1")), "{figures:?}");
}

/// The README's examples of what factline finds, as a reporter would type them.
#[test]
fn the_readme_examples_are_found_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        // A one-sentence file is body text, not a headline.
        (
            "one-line.txt",
            "The port would cost $3.2 billion.\n",
            "unsourced-figure",
            "$3.2 billion",
        ),
        (
            "rose.txt",
            "Prices\n\nThe price of bread rose 20% from 100 to 130, the bakers' union said.\n",
            "arithmetic-mismatch",
            "20%",
        ),
        (
            "weekday.txt",
            "Summit\n\nThe summit opened on Tuesday, March 5, 2026, officials said.\n",
            "weekday-mismatch",
            "Tuesday, March 5, 2026",
        ),
    ];
    for (name, text, code, flagged) in cases {
        std::fs::write(dir.path().join(name), text).expect("write");
        let out = factline(dir.path(), &["check", "--format", "json", name]);
        let json: Value = serde_json::from_str(&out.stdout).expect("json");
        let found: Vec<(&str, &str)> = json["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                let (s, e) = (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize);
                (d["code"].as_str().unwrap(), &text[s..e])
            })
            .collect();
        assert!(found.contains(&(code, flagged)), "{name}: {found:?}");
        if name == "qualified.txt" {
            let qualifiers: Vec<&Value> = json["files"][0]["figures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["qualifier"])
                .collect();
            assert_eq!(qualifiers, [&Value::from("about"), &Value::from("at least")]);
        }
        assert_eq!(out.code, 1, "{name}");
    }
}

/// Findings on one span print as one block (every header, one underlined line), with the fix
/// the editor offers as `help:` and the rule's documentation.
#[test]
fn findings_on_one_span_share_a_block_with_help_and_docs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = "Harbour budget\n\nThe Kessel Bay harbour will cost $3.2 billion over five years.\n";
    let b = "Harbour budget\n\nThe Kessel Bay harbour will cost $2.3 billion over five years, the finance ministry said.\n";
    std::fs::write(dir.path().join("a.txt"), a).expect("write");
    std::fs::write(dir.path().join("b.txt"), b).expect("write");
    let out = factline(dir.path(), &["check", "a.txt", "b.txt"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("a.txt:3:34: "))
        .expect("a block for $3.2 billion");
    assert!(lines[first].contains("warning[inconsistent-number]") || lines[first].contains("warning[unsourced-figure]"));
    assert!(
        lines[first + 1].starts_with("a.txt:3:34: "),
        "both findings head one block:\n{}",
        out.stdout
    );
    assert_eq!(lines[first + 2], "  |");
    assert_eq!(
        lines.iter().filter(|l| l.contains("^^^^^^^^^^^^")).count(),
        2,
        "one underline per block:\n{}",
        out.stdout
    );
    assert!(
        lines.iter().any(|l| l.ends_with("docs/rules.md#inconsistent-number")),
        "{}",
        out.stdout
    );
    assert!(
        lines.iter().any(|l| l.ends_with("docs/rules.md#unsourced-figure")),
        "{}",
        out.stdout
    );
}

/// The README's `factline.toml` example is a valid configuration, as printed.
#[test]
fn the_readme_configuration_example_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let section = &readme[readme.find("## Configuration").expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let toml = &section[start..start + section[start..].find("```").expect("closed")];
    assert!(toml.contains("[rules]"), "{toml}");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("factline.toml"), toml).expect("write");
    std::fs::write(
        dir.path().join("a.txt"),
        "Port deal\n\nThe port would cost $3.2 billion, the minister said on Tuesday, March 2.\n",
    )
    .expect("write");
    let out = factline(dir.path(), &["check", "--format", "json", "a.txt"]);
    assert_eq!(out.stderr, "", "the example has no error");
    let json: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1), "no config-error file: {json}");
    // default_year = 2026 applies: March 2, 2026 is a Monday.
    let codes: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["weekday-mismatch"], "{json}");
    // The message says where the year came from: the configuration, not the article.
    let message = json["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.ends_with("(year 2026 from `default_year`)"), "{message}");
    std::fs::write(
        dir.path().join("a.txt"),
        "Port deal\n\nLISBON, February 9, 2026 — The port would cost $3.2 billion, the minister said on Tuesday, March 2.\n",
    )
    .expect("write");
    let out = factline(dir.path(), &["check", "--format", "json", "a.txt"]);
    let json: Value = serde_json::from_str(&out.stdout).expect("json");
    let message = json["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.ends_with("(year 2026 from the article's date)"), "{message}");
}

/// A toll that rises over three dated articles (front matter, dateline, opening paragraph):
/// updates, not contradictions — no `inconsistent-number`, and a `superseded-figure` on each of
/// the two older totals pointing at the newer statements.
#[test]
fn a_rising_toll_over_three_dated_articles_is_superseded_not_inconsistent() {
    let dir = tempfile::tempdir().unwrap();
    let monday = "---\ndate: 2026-03-02\n---\n# Floods in Kenya\n\nFloods in Kenya have killed 41 people, the Kenya Red Cross said on Monday — “the worst in years”.\n";
    let tuesday = "Floods\n\nNAIROBI, March 3, 2026 — The death toll from floods in Kenya rose to 52, the interior ministry said.\n";
    let wednesday =
        "Floods\n\nThe death toll from floods in Kenya has risen to at least 63, the interior ministry said on March 4, 2026.\n";
    write(dir.path(), "monday.md", monday);
    write(dir.path(), "tuesday.txt", tuesday);
    write(dir.path(), "wednesday.txt", wednesday);
    let out = factline(
        dir.path(),
        &["check", "--format", "json", "monday.md", "tuesday.txt", "wednesday.txt"],
    );
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    let v = json(&out);
    let mut superseded = Vec::new();
    for (name, text) in [("monday.md", monday), ("tuesday.txt", tuesday), ("wednesday.txt", wednesday)] {
        for d in file(&v, name)["diagnostics"].as_array().unwrap() {
            assert_ne!(d["code"], "inconsistent-number", "{name}: {d}");
            if d["code"] == "superseded-figure" {
                assert_eq!(d["severity"], "information");
                let related: Vec<(String, String)> = d["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        let path = r["path"].as_str().unwrap();
                        let other = std::fs::read(dir.path().join(path)).unwrap();
                        (path.to_string(), slice(&other, r).to_string())
                    })
                    .collect();
                superseded.push((name, slice(text.as_bytes(), d).to_string(), related));
            }
        }
    }
    let pairs = |xs: &[(&str, &str)]| xs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        superseded,
        [
            (
                "monday.md",
                "41".to_string(),
                pairs(&[("wednesday.txt", "63"), ("tuesday.txt", "52")])
            ),
            ("tuesday.txt", "52".to_string(), pairs(&[("wednesday.txt", "63")])),
        ]
    );
    // The human output says what the newer figure is and when it was given.
    let human = factline(dir.path(), &["check", "monday.md", "tuesday.txt", "wednesday.txt"]);
    assert!(
        human
            .stdout
            .contains("41 is out of date: 63 as the total rose on 2026-03-04 in wednesday.txt"),
        "{}",
        human.stdout
    );
}

/// `factline debug pairs` (hidden, for scripts/trials/fit.py) lists each candidate pair once,
/// with the evidence the weights of data/lexicon/evidence.toml add up, and the decision the
/// check takes: a matching toll is compared, the injured are not the dead.
#[test]
fn debug_pairs_lists_each_candidate_pair_with_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "Quake\nMANILA, October 1, 2025 — The earthquake in the Philippines killed 72 people, officials said.\n",
    );
    write(
        dir.path(),
        "b.txt",
        "Quake toll\nMANILA, October 1, 2025 — The death toll from the earthquake in the Philippines rose to 72. \
         The earthquake in the Philippines also injured 30 people.\n",
    );
    let out = factline(dir.path(), &["debug", "pairs", "--no-config", "a.txt", "b.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = json(&out);
    let w = &v["weights"];
    assert!(v["match_at"].as_i64().is_some() && w["kind"].as_i64().is_some(), "{v}");
    let pairs = v["pairs"].as_array().unwrap();
    let between = |x: &str, y: &str| {
        pairs
            .iter()
            .filter(|p| {
                let (a, b) = (p["a"]["text"].as_str().unwrap(), p["b"]["text"].as_str().unwrap());
                (a, b) == (x, y) || (b, a) == (x, y)
            })
            .collect::<Vec<_>>()
    };
    let toll = between("72", "72");
    assert_eq!(toll.len(), 1, "each pair once: {pairs:?}");
    let t = toll[0];
    assert_eq!(t["evidence"]["kind"], true, "{t}");
    assert_eq!(t["compared"], true, "{t}");
    assert_eq!(t["agree"], true, "{t}");
    // The score is the sum of the weights of the evidence found.
    let sum: i64 = t["evidence"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, on)| on.as_bool() == Some(true))
        .map(|(k, _)| w[k].as_i64().unwrap())
        .sum();
    assert_eq!(t["score"].as_i64(), Some(sum), "{t}");
    let injured = between("72", "30");
    assert!(!injured.is_empty(), "{pairs:?}");
    for p in injured {
        assert_eq!(p["compared"], false, "the injured are not the dead: {p}");
        assert!(p["veto"].as_str().is_some_and(|v| v.starts_with("different measures")), "{p}");
    }
    // Offsets are into the files.
    let a = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let side = if t["a"]["path"] == "a.txt" { &t["a"] } else { &t["b"] };
    let (s, e) = (side["start"].as_u64().unwrap() as usize, side["end"].as_u64().unwrap() as usize);
    assert_eq!(&a[s..e], "72");
}
