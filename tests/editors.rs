//! The README's Helix configuration, as printed. Helix cannot be installed on the test machines
//! (no package registry they reach ships it), so Helix itself is not run: this test reads the
//! README's `languages.toml` block, parses it as TOML with the keys Helix accepts, and starts
//! and drives the real server the way Helix does from it (`helix-lsp`'s `Client::start` and
//! `initialize`, and the editor's handling of `initialized`): the `command` found on `PATH`,
//! `args`, the root folder as working directory, `config` as `initializationOptions` and then
//! in a `workspace/didChangeConfiguration`, and each file's language from its `file-types`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Client, file_uri};
use serde_json::{Value, json};

/// A plain-text article (real facts): "$10 billion" has no source. The em dash makes the
/// UTF-8, UTF-16 and UTF-32 columns of the figure differ.
const TELESCOPE: &str = "Webb telescope\n\nBALTIMORE, December 27, 2021 — The James Webb Space Telescope lifted off from Kourou, French Guiana, on Saturday, December 25, 2021, aboard a European rocket. The observatory cost about $10 billion to build.\n";

/// A Markdown article with no year: "Saturday, July 19" is checked only when `default_year` is
/// set (July 19, 2026 is a Sunday; the slip is deliberate). "82,500" has no source.
const FINAL: &str = "# World Cup final\n\nThe World Cup final is set for Saturday, July 19, at MetLife Stadium in East Rutherford, New Jersey. The stadium holds 82,500 spectators.\n";

/// Languages Helix defines itself, which a user's `[[language]]` of the same name is merged
/// into: name and the file types of Helix's own `languages.toml` that this test uses.
const HELIX_BUILTIN_LANGUAGES: &[(&str, &[&str])] = &[("markdown", &["md", "markdown"])];

/// The keys Helix accepts in a `[language-server.NAME]` table and in a `[[language]]` table
/// (it refuses any other in the latter: `deny_unknown_fields`).
const SERVER_KEYS: &[&str] = &["command", "args", "environment", "config", "timeout", "required-root-patterns"];
const LANGUAGE_KEYS: &[&str] = &[
    "name",
    "language-id",
    "scope",
    "file-types",
    "shebangs",
    "roots",
    "comment-token",
    "comment-tokens",
    "block-comment-tokens",
    "text-width",
    "soft-wrap",
    "auto-format",
    "formatter",
    "path-completion",
    "word-completion",
    "diagnostic-severity",
    "grammar",
    "injection-regex",
    "language-servers",
    "indent",
    "debugger",
    "auto-pairs",
    "rulers",
    "workspace-lsp-roots",
    "persistent-diagnostic-sources",
    "rainbow-brackets",
];

/// The ```toml block under the README's "### Helix" heading, as printed.
fn readme_helix_block() -> String {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split_once("\n### Helix\n").expect("README has a \"### Helix\" section").1;
    let section = section.split("\n### ").next().unwrap();
    let block = section.split_once("```toml\n").expect("a ```toml block under ### Helix").1;
    block.split_once("\n```").expect("the ```toml block is closed").0.to_string()
}

/// What Helix takes from the block: the factline server and the languages that use it.
struct HelixConfig {
    command: String,
    args: Vec<String>,
    environment: Vec<(String, String)>,
    /// `config`, which Helix sends as JSON.
    config: Option<Value>,
    /// (language name, LSP languageId, file types) of each language using the server.
    languages: Vec<(String, String, Vec<String>)>,
}

fn strings(v: Option<&toml::Value>, what: &str) -> Vec<String> {
    v.map(|v| {
        v.as_array()
            .unwrap_or_else(|| panic!("{what} is not an array"))
            .iter()
            .map(|s| s.as_str().unwrap_or_else(|| panic!("{what} holds a non-string")).to_string())
            .collect()
    })
    .unwrap_or_default()
}

fn parse_helix(block: &str) -> HelixConfig {
    let table: toml::Table = toml::from_str(block).unwrap_or_else(|e| panic!("the README's Helix block is not TOML: {e}"));
    let server = table
        .get("language-server")
        .and_then(|s| s.get("factline"))
        .and_then(toml::Value::as_table)
        .expect("[language-server.factline]");
    for key in server.keys() {
        assert!(SERVER_KEYS.contains(&key.as_str()), "Helix knows no language-server key {key:?}");
    }
    let command = server
        .get("command")
        .and_then(toml::Value::as_str)
        .expect("command = \"…\"")
        .to_string();
    let args = strings(server.get("args"), "args");
    let environment = server
        .get("environment")
        .and_then(toml::Value::as_table)
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect())
        .unwrap_or_default();
    let config = server.get("config").map(|c| serde_json::to_value(c).unwrap());

    let mut languages = Vec::new();
    for language in table.get("language").and_then(toml::Value::as_array).expect("[[language]] entries") {
        let language = language.as_table().expect("[[language]] is a table");
        for key in language.keys() {
            assert!(LANGUAGE_KEYS.contains(&key.as_str()), "Helix refuses the language key {key:?}");
        }
        let name = language
            .get("name")
            .and_then(toml::Value::as_str)
            .expect("name = \"…\"")
            .to_string();
        if !strings(language.get("language-servers"), "language-servers").contains(&"factline".to_string()) {
            continue;
        }
        let builtin = HELIX_BUILTIN_LANGUAGES.iter().find(|(n, _)| *n == name);
        // A language Helix does not define itself needs its own scope and file types.
        if builtin.is_none() {
            assert!(language.get("scope").is_some_and(toml::Value::is_str), "{name}: scope is required");
            assert!(language.get("file-types").is_some(), "{name}: file-types is required");
        }
        let mut file_types = strings(language.get("file-types"), "file-types");
        if file_types.is_empty()
            && let Some((_, builtin_types)) = builtin
        {
            file_types = builtin_types.iter().map(|t| t.to_string()).collect();
        }
        let language_id = language
            .get("language-id")
            .and_then(toml::Value::as_str)
            .unwrap_or(&name)
            .to_string();
        languages.push((name, language_id, file_types));
    }
    HelixConfig {
        command,
        args,
        environment,
        config,
        languages,
    }
}

impl HelixConfig {
    /// The LSP languageId Helix gives `path` (by its extension), if a language using factline
    /// covers it.
    fn language_id(&self, path: &Path) -> Option<&str> {
        let ext = path.extension()?.to_str()?;
        self.languages
            .iter()
            .find(|(_, _, types)| types.iter().any(|t| t == ext))
            .map(|(_, id, _)| id.as_str())
    }

    /// Starts the server as Helix does: `command` looked up on `path_var`, `args`,
    /// `environment`, the root as working directory; then `initialize` with `config` as
    /// `initializationOptions`, `initialized`, and `config` again in didChangeConfiguration.
    fn start(&self, root: &Path, path_var: &Path) -> (Client, Value) {
        let program = std::env::split_paths(&path_var.as_os_str().to_owned())
            .map(|dir| dir.join(&self.command))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{} is not on PATH", self.command));
        let mut cmd = Command::new(program);
        cmd.args(&self.args)
            .envs(self.environment.iter().map(|(k, v)| (k, v)))
            .env("PATH", path_var)
            .current_dir(root);
        let mut client = Client::spawn(cmd);
        let root_uri = file_uri(root);
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        let init = client.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootPath": root.to_str(),
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": name}],
                "initializationOptions": self.config,
                "clientInfo": {"name": "helix", "version": "25.07.1"},
                "capabilities": {
                    "workspace": {
                        "configuration": true,
                        "didChangeConfiguration": {"dynamicRegistration": false},
                        "workspaceFolders": true,
                        "applyEdit": true,
                        "didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": false},
                        "workspaceEdit": {"documentChanges": true},
                    },
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown"]},
                        "publishDiagnostics": {"versionSupport": true, "tagSupport": {"valueSet": [1, 2]}},
                    },
                    "window": {"workDoneProgress": true},
                    "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
                },
            }),
        );
        assert!(init.get("error").is_none(), "initialize failed: {init}");
        client.notify("initialized", json!({}));
        if let Some(config) = &self.config {
            client.notify("workspace/didChangeConfiguration", json!({ "settings": config }));
        }
        (client, init)
    }
}

/// The column of byte `byte` of `line` in the position encoding the server chose.
fn column(line: &str, byte: usize, encoding: &str) -> usize {
    let before = &line[..byte];
    match encoding {
        "utf-8" => before.len(),
        "utf-32" => before.chars().count(),
        _ => before.encode_utf16().count(),
    }
}

/// A workspace folder with both articles, and a folder holding `factline` for PATH.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("desk");
    let bin = tmp.path().join("bin");
    fs::create_dir_all(&root).unwrap();
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_factline"), bin.join("factline")).unwrap();
    fs::write(root.join("telescope.txt"), TELESCOPE).unwrap();
    fs::write(root.join("final.md"), FINAL).unwrap();
    (tmp, root, bin)
}

/// Opens `path` as Helix does (version 0, its language's id) and returns its diagnostics.
fn open(client: &mut Client, helix: &HelixConfig, path: &Path, text: &str) -> Vec<Value> {
    let id = helix
        .language_id(path)
        .unwrap_or_else(|| panic!("no language using factline covers {}", path.display()));
    let uri = file_uri(path);
    client.open(&uri, id, text, 0);
    client.diagnostics(&uri, Some(0))
}

/// Reads on, answering the server's requests as Helix's event loop does, until the initial
/// scan's progress ends (Helix shows it). The server is then idle: tower-lsp does not end its
/// loop on `exit` while a request of the server's own is left unanswered.
fn settle(client: &mut Client) {
    let end = client.wait_for(
        |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end",
        std::time::Duration::from_secs(20),
    );
    assert!(end.is_some(), "the scan's progress never ended");
}

fn find<'a>(diags: &'a [Value], code: &str, text: &str) -> Option<&'a Value> {
    diags
        .iter()
        .find(|d| d["code"] == code && d["message"].as_str().is_some_and(|m| m.contains(text)))
}

#[test]
fn readme_helix_languages_toml_starts_the_server_and_its_config_takes_effect() {
    let helix = parse_helix(&readme_helix_block());
    assert_eq!(helix.command, "factline");
    assert_eq!(helix.args, ["lsp"]);
    let (_tmp, root, bin) = workspace();
    // Helix's file types → languageId: .txt and .md, each with the id the server reads.
    assert_eq!(helix.language_id(&root.join("telescope.txt")), Some("text"));
    assert_eq!(helix.language_id(&root.join("final.md")), Some("markdown"));

    let (mut client, init) = helix.start(&root, &bin);
    let encoding = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap_or("utf-16")
        .to_string();
    assert_eq!(encoding, "utf-8", "the server takes the first encoding Helix offers");

    let diags = open(&mut client, &helix, &root.join("telescope.txt"), TELESCOPE);
    let d = find(&diags, "unsourced-figure", "$10 billion").unwrap_or_else(|| panic!("{diags:#?}"));
    let line = TELESCOPE.lines().nth(2).unwrap();
    let start = line.find("$10 billion").unwrap();
    assert_eq!(
        d["range"],
        json!({"start": {"line": 2, "character": column(line, start, &encoding)},
               "end": {"line": 2, "character": column(line, start + "$10 billion".len(), &encoding)}})
    );

    let diags = open(&mut client, &helix, &root.join("final.md"), FINAL);
    assert!(find(&diags, "unsourced-figure", "82,500").is_some(), "{diags:#?}");
    let weekday = find(&diags, "weekday-mismatch", "Sunday").unwrap_or_else(|| panic!("default_year 2026 not in force: {diags:#?}"));
    assert_eq!(weekday["range"]["start"]["line"], 2);
    settle(&mut client);
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn readme_helix_languages_toml_without_its_optional_config_assumes_no_year() {
    // The control for the test above: the same block without the optional `config` line.
    let mut helix = parse_helix(&readme_helix_block());
    assert!(helix.config.is_some(), "the README's block sets config");
    helix.config = None;
    let (_tmp, root, bin) = workspace();
    let (mut client, _) = helix.start(&root, &bin);
    let diags = open(&mut client, &helix, &root.join("final.md"), FINAL);
    assert!(find(&diags, "unsourced-figure", "82,500").is_some(), "{diags:#?}");
    assert!(find(&diags, "weekday-mismatch", "").is_none(), "{diags:#?}");
    settle(&mut client);
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn helix_block_parser_refuses_what_helix_refuses() {
    // The checks above are only as good as this parser: an unknown language key, a new
    // language without scope, a file type no language covers.
    let ok = "[language-server.factline]\ncommand = \"factline\"\n\n[[language]]\nname = \"text\"\nscope = \"text.plain\"\nfile-types = [\"txt\"]\nlanguage-servers = [\"factline\"]\n";
    let helix = parse_helix(ok);
    assert_eq!(helix.language_id(Path::new("a.txt")), Some("text"));
    assert_eq!(helix.language_id(Path::new("a.md")), None);
    assert!(helix.args.is_empty() && helix.config.is_none());
    let unknown = ok.replace("scope =", "filetypes = [\"txt\"]\nscope =");
    assert!(std::panic::catch_unwind(|| parse_helix(&unknown)).is_err());
    let no_scope = ok.replace("scope = \"text.plain\"\n", "");
    assert!(std::panic::catch_unwind(|| parse_helix(&no_scope)).is_err());
    let with_id = ok.replace("name = \"text\"", "name = \"text\"\nlanguage-id = \"plaintext\"");
    assert_eq!(parse_helix(&with_id).language_id(Path::new("a.txt")), Some("plaintext"));
}
