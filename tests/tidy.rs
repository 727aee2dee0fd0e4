//! Keeps the layers honest: the core never touches the protocol, the runtime or the file
//! system; every module file says what it is; every module is on the ARCHITECTURE.md map.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "tidy/rules.rs"]
mod rules;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The file's code before its `#[cfg(test)]` module.
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

#[test]
fn core_layers_stay_pure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for layer in ["text", "extract", "check", "kb"] {
        for f in rust_files(&root.join(layer)) {
            let text = fs::read_to_string(&f).unwrap();
            // A module's tests in their own file (`x/tests.rs`) are test code throughout.
            let code = if f.ends_with("tests.rs") { "" } else { non_test_code(&text) };
            for banned in ["tower_lsp_server", "tokio", "std::fs", "serde_json", "notify::"] {
                assert!(!code.contains(banned), "{} uses {banned}", f.display());
            }
        }
    }
}

#[test]
fn every_module_file_has_a_doc_line_and_is_on_the_map() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = fs::read_to_string(manifest.join("ARCHITECTURE.md")).unwrap();
    for f in rust_files(&manifest.join("src")) {
        let text = fs::read_to_string(&f).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with a //! line", f.display());
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = f.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let named = if name == "mod" { dir.clone() } else { name.clone() };
        if matches!(named.as_str(), "main" | "lib" | "src" | "test_support") {
            continue;
        }
        assert!(
            map.contains(&format!("`{named}`")) || map.contains(&format!("`src/{named}/`")),
            "{named} ({}) is not in ARCHITECTURE.md",
            f.display()
        );
    }
}

#[test]
fn every_code_is_documented() {
    let docs = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")).unwrap();
    for code in factline::check::Code::ALL {
        assert!(
            docs.contains(&format!("## {}\n", code.as_str())),
            "docs/rules.md lacks a section for {code}"
        );
    }
}

/// `rust-version` in Cargo.toml is at least every dependency's own (a fresh toolchain of that
/// version must build the tests too).
#[test]
fn rust_version_covers_every_dependency() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(manifest)
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata json");
    let version = |v: &str| -> (u32, u32) {
        let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    };
    let packages = meta["packages"].as_array().expect("packages");
    let ours = packages.iter().find(|p| p["name"] == "factline").expect("factline");
    let declared = version(ours["rust_version"].as_str().expect("rust-version set"));
    for p in packages {
        if let Some(needed) = p["rust_version"].as_str() {
            assert!(
                version(needed) <= declared,
                "{} needs Rust {needed}, above rust-version {declared:?}",
                p["name"]
            );
        }
    }
}

/// Files generated from the rule registry match it. Regenerate with
/// `FACTLINE_BLESS=1 cargo test --test tidy generated`.
#[test]
fn generated_files_follow_the_rule_registry() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("FACTLINE_BLESS").is_some();
    use factline::cli::generated;
    let package = fs::read_to_string(manifest.join("editors/vscode/package.json")).unwrap();
    let generated = [
        ("docs/rules.md", generated::rules_markdown()),
        (
            "editors/vscode/package.json",
            generated::vscode_package_json(&package).expect("package.json has factline.rules"),
        ),
        ("editors/vscode/src/registry.ts", generated::vscode_registry_ts()),
    ];
    for (path, want) in generated {
        let file = manifest.join(path);
        if bless {
            fs::write(&file, &want).unwrap();
        }
        let have = fs::read_to_string(&file).unwrap_or_default();
        assert!(
            have == want,
            "{path} is stale: run FACTLINE_BLESS=1 cargo test --test tidy generated"
        );
    }
}

/// The Rust files under `src/`, each with its path relative to the crate (`src/text/mod.rs`)
/// and its text.
fn sources() -> Vec<(String, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    rust_files(&manifest.join("src"))
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(manifest).unwrap().to_string_lossy().replace('\\', "/");
            (rel, fs::read_to_string(&f).unwrap())
        })
        .collect()
}

/// Holds the files offending one rule to its allow-list: a file off the list that offends fails,
/// and so does a listed file that no longer offends (or is gone), so the list only shrinks.
fn hold_to(rule: &str, allowed: &[&str], offending: BTreeMap<String, Vec<String>>) {
    let mut problems = Vec::new();
    for (file, what) in &offending {
        if !allowed.contains(&file.as_str()) {
            problems.push(format!("{file}: {}", what.join(", ")));
        }
    }
    for file in allowed {
        if !offending.contains_key(*file) {
            problems.push(format!("{file} is allow-listed but no longer offends: take it off the list"));
        }
    }
    assert!(problems.is_empty(), "{rule}:\n  {}", problems.join("\n  "));
}

#[test]
#[should_panic(expected = "src/new.rs: 900 lines")]
fn an_offender_off_the_allow_list_fails() {
    hold_to(
        "rule",
        &["src/old.rs"],
        BTreeMap::from([
            ("src/old.rs".to_string(), vec!["850 lines".to_string()]),
            ("src/new.rs".to_string(), vec!["900 lines".to_string()]),
        ]),
    );
}

#[test]
#[should_panic(expected = "src/fixed.rs is allow-listed but no longer offends")]
fn an_allow_listed_file_that_no_longer_offends_fails() {
    hold_to(
        "rule",
        &["src/old.rs", "src/fixed.rs"],
        BTreeMap::from([("src/old.rs".to_string(), vec!["850 lines".to_string()])]),
    );
}

/// Files over `rules::MAX_FILE_LINES` today. Each is being split on its own branch; the list
/// is emptied as those branches merge (issue 18).
const LONG_FILES: &[&str] = &[];

#[test]
fn no_file_is_over_800_lines() {
    let offending = sources()
        .into_iter()
        .filter_map(|(file, text)| rules::too_long(&text).map(|n| (file, vec![format!("{n} lines")])))
        .collect();
    hold_to(
        "files over 800 lines (split by concern; move tests to a sibling tests.rs)",
        LONG_FILES,
        offending,
    );
}

/// Files with a function over `rules::MAX_FN_LINES` lines today (issue 18's other branches).
const LONG_FUNCTIONS: &[&str] = &[];

#[test]
fn no_function_is_over_100_lines() {
    let offending = sources()
        .into_iter()
        .map(|(file, text)| (file, rules::long_functions(&rules::parse(&text))))
        .filter(|(_, found)| !found.is_empty())
        .collect();
    hold_to("functions over 100 lines", LONG_FUNCTIONS, offending);
}

/// Each top-level module names only modules of lower layers (`rules::LAYERS`, the order
/// ARCHITECTURE.md states): no exceptions.
#[test]
fn imports_follow_the_layer_order() {
    let mut problems = Vec::new();
    for (file, text) in sources() {
        let Some(rest) = file.strip_prefix("src/") else { continue };
        let mut module: Vec<String> = rest.trim_end_matches(".rs").split('/').map(str::to_string).collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        // The crate root and the binary sit above every layer.
        if matches!(module.as_slice(), [m] if m == "lib" || m == "main") {
            continue;
        }
        let named = rules::named_modules(&rules::parse(&text), &module);
        problems.extend(
            rules::layer_violations(&module[0], &named)
                .into_iter()
                .map(|v| format!("{file}: {v}")),
        );
    }
    assert!(problems.is_empty(), "imports against the layer order:\n  {}", problems.join("\n  "));
    let map = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    let stated: String = rules::LAYERS.iter().map(|l| l.join(", ")).collect::<Vec<_>>().join(" < ");
    assert!(map.contains(&stated), "ARCHITECTURE.md does not state the layer order `{stated}`");
}

/// The core's file system access is `workspace::files` alone (ARCHITECTURE.md): no other file of
/// the core layers names `std::fs` outside its tests.
#[test]
fn only_workspace_files_touches_the_file_system() {
    let core = ["src/text/", "src/kb/", "src/extract/", "src/check/", "src/workspace/"];
    let mut problems = Vec::new();
    for (file, text) in sources() {
        // Tests read their fixtures from disk.
        let test_code = file.ends_with("/tests.rs") || file.contains("/tests/");
        if !core.iter().any(|c| file.starts_with(c)) || file == "src/workspace/files.rs" || test_code {
            continue;
        }
        let named = rules::paths(&rules::parse(&text));
        problems.extend(rules::naming(&named, "std::fs").into_iter().map(|p| format!("{file}: {p}")));
    }
    assert!(
        problems.is_empty(),
        "file system access outside workspace::files:\n  {}",
        problems.join("\n  ")
    );
}

/// Only `src/archive/` talks to a database (ARCHITECTURE.md).
#[test]
fn only_the_archive_talks_to_a_database() {
    let mut problems = Vec::new();
    for (file, text) in sources() {
        if file.starts_with("src/archive/") {
            continue;
        }
        let named = rules::paths(&rules::parse(&text));
        for client in ["rusqlite", "postgres", "tokio_postgres_rustls", "rustls"] {
            problems.extend(rules::naming(&named, client).into_iter().map(|p| format!("{file}: {p}")));
        }
    }
    assert!(
        problems.is_empty(),
        "database clients outside src/archive:\n  {}",
        problems.join("\n  ")
    );
}

/// `LineIndex` is the one place that converts positions (ARCHITECTURE.md): editor positions are
/// made there, and as the protocol's types in `lsp::convert`; nowhere else.
#[test]
fn positions_are_made_only_by_the_line_index_and_convert() {
    const MAKERS: [&str; 2] = ["src/text/line_index.rs", "src/lsp/convert.rs"];
    let mut problems = Vec::new();
    for (file, text) in sources() {
        if MAKERS.contains(&file.as_str()) || file.ends_with("/tests.rs") {
            continue;
        }
        let made = rules::positions_made(&rules::parse(&text));
        problems.extend(made.into_iter().map(|m| format!("{file}: {m}")));
    }
    assert!(
        problems.is_empty(),
        "positions made outside LineIndex and lsp::convert:\n  {}",
        problems.join("\n  ")
    );
}

/// The `LanguageServer` impl routes only (ARCHITECTURE.md, `src/lsp/`): each handler hands its
/// message on in a few lines; logic that grows there belongs in the module it is about.
#[test]
fn the_server_dispatch_routes_only() {
    const DISPATCH: &str = "src/lsp/server/dispatch.rs";
    /// A handler that unpacks its message and calls one function.
    const HANDLER_LINES: usize = 7;
    let (_, text) = sources().into_iter().find(|(file, _)| file == DISPATCH).expect("dispatch.rs");
    let long = rules::functions_over(&rules::parse(&text), HANDLER_LINES);
    assert!(
        long.is_empty(),
        "{DISPATCH} handlers over {HANDLER_LINES} lines (move the logic out): {}",
        long.join(", ")
    );
}

/// One article is analysed on one core: the fronts parallelise over files (ARCHITECTURE.md,
/// `src/extract/`), so nothing in the extraction core names rayon or spawns a thread.
#[test]
fn the_analysis_of_one_article_is_sequential() {
    let mut problems = Vec::new();
    for (file, text) in sources() {
        if !file.starts_with("src/extract/") {
            continue;
        }
        let named = rules::paths(&rules::parse(&text));
        for parallel in ["rayon", "std::thread"] {
            problems.extend(rules::naming(&named, parallel).into_iter().map(|p| format!("{file}: {p}")));
        }
    }
    assert!(
        problems.is_empty(),
        "parallelism inside one article's analysis (parallelise over files instead):\n  {}",
        problems.join("\n  ")
    );
}

/// Files under `src/extract/` holding a lazily built data global today; their data moves into
/// the one `Lexicon` as issue 18's branches merge.
const DATA_GLOBALS: &[&str] = &[];
/// Not a data global of its own: the one built-in `Lexicon` every analysis shares.
const THE_LEXICON: &str = "src/extract/lexicon.rs";

#[test]
fn no_data_globals_in_extract() {
    let offending = sources()
        .into_iter()
        .filter(|(file, _)| file.starts_with("src/extract/") && file != THE_LEXICON)
        .map(|(file, text)| (file, rules::data_globals(&rules::parse(&text))))
        .filter(|(_, found)| !found.is_empty())
        .collect();
    hold_to(
        "OnceLock/LazyLock data globals in src/extract (a Lexicon field instead)",
        DATA_GLOBALS,
        offending,
    );
}

/// Files under `src/extract/` and `src/check/` with an inline word list today.
const WORD_LISTS: &[&str] = &[];

#[test]
fn no_inline_word_lists_in_extract_or_check() {
    let offending = sources()
        .into_iter()
        .filter(|(file, _)| file.starts_with("src/extract/") || file.starts_with("src/check/"))
        // Test inputs are not word lists.
        .filter(|(file, _)| !file.ends_with("/tests.rs") && !file.ends_with("/test_support.rs"))
        .map(|(file, text)| (file, rules::word_lists(&rules::parse(&text))))
        .filter(|(_, found)| !found.is_empty())
        .collect();
    hold_to("inline word lists (data/lexicon/*.toml instead)", WORD_LISTS, offending);
}
