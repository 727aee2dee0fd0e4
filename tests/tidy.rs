//! Keeps the layers honest: the core never touches the protocol, the runtime or the file
//! system; every module file says what it is; every module is on the ARCHITECTURE.md map.

use std::fs;
use std::path::{Path, PathBuf};

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
