//! The newsroom archive end to end, on both back ends: `factline archive add|remove|stats`
//! and `factline check --archive`, with the real binary. SQLite always; PostgreSQL against
//! the server whose URL `FACTLINE_TEST_POSTGRES` names (`.ci/run` starts one). Without it the
//! PostgreSQL cases are skipped with a loud line, except in CI (`CI=true`), where that fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn factline(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run factline");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

const PUBLISHED: &str = "# Quake in Peru kills 34\n\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, the civil defence agency said on Tuesday.\n\nRescuers searched collapsed homes in the south of the country.\n";
const DRAFT: &str =
    "# Peru counts the cost of the quake\n\nLIMA, February 12, 2026 — The earthquake in Peru killed 24 people, officials said.\n";
const FERRY: &str = "# Ferry sinks\n\nDHAKA, March 1, 2026 — The ferry carried 120 passengers, the port authority said.\n";
const AGREEING: &str = "# Peru mourns\n\nLIMA, February 12, 2026 — The earthquake in Peru killed 34 people, officials said.\n";

/// Where a test's archive lives: a file in its folder, or a fresh PostgreSQL database.
#[derive(Clone, Debug)]
enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    fn url(&self, dir: &Path) -> String {
        match self {
            Backend::Sqlite => dir.join("archive.db").to_string_lossy().into_owned(),
            Backend::Postgres(url) => url.clone(),
        }
    }
}

/// SQLite, and PostgreSQL with a fresh database each call when the server is configured.
fn backends(name: &str) -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    match std::env::var("FACTLINE_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => out.push(Backend::Postgres(fresh_database(&base, name))),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but FACTLINE_TEST_POSTGRES is not set: the PostgreSQL cases must run in CI")
        }
        _ => eprintln!("\n!!! FACTLINE_TEST_POSTGRES is not set: the PostgreSQL cases of {name} are SKIPPED (.ci/run sets it) !!!\n"),
    }
    out
}

/// A new, empty database on the test server, named after the test (and the process, so two
/// runs at once never share one).
fn fresh_database(base: &str, name: &str) -> String {
    let db = format!(
        "factline_{}_{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    );
    // The test's own connection goes without TLS; factline's uses the URL's sslmode.
    let admin = base
        .replace("sslmode=require", "sslmode=prefer")
        .replace("sslmode=verify-full", "sslmode=prefer");
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to FACTLINE_TEST_POSTGRES");
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .expect("drop database");
    client.batch_execute(&format!("CREATE DATABASE {db}")).expect("create database");
    let (before, query) = match base.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (base, String::new()),
    };
    let host = before.rsplit_once('/').map_or(before, |(h, _)| h);
    format!("{host}/{db}{query}")
}

fn findings(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn inconsistent(out: &Output) -> Vec<Value> {
    findings(out).into_iter().filter(|d| d["code"] == "inconsistent-number").collect()
}

/// A published article in `published/`, added to the archive; a draft folder beside it.
fn archived_setup(dir: &Path, backend: &Backend) -> String {
    write(dir, "published/quake.md", PUBLISHED);
    let url = backend.url(dir);
    let out = factline(dir, &["archive", "add", "--archive", &url, "published"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("1 added or updated"), "{}", out.stdout);
    url
}

#[test]
fn a_draft_contradicting_an_archived_article_gets_inconsistent_number_naming_it() {
    for backend in backends("contradiction") {
        let dir = tempfile::tempdir().unwrap();
        let url = archived_setup(dir.path(), &backend);
        write(dir.path(), "drafts/draft.md", DRAFT);
        write(dir.path(), "agreeing/agreeing.md", AGREEING);
        // Without the archive the draft is alone: nothing to contradict.
        let alone = factline(dir.path(), &["check", "--format", "json", "--fail-on", "none", "drafts/draft.md"]);
        assert!(inconsistent(&alone).is_empty(), "{backend:?}: {}", alone.stdout);

        let out = factline(
            dir.path(),
            &["check", "--format", "json", "--fail-on", "none", "--archive", &url, "drafts"],
        );
        assert_eq!(out.code, 0, "{backend:?}: {}", out.stderr);
        assert!(!out.stderr.contains("archive not used"), "{backend:?}: {}", out.stderr);
        let found = inconsistent(&out);
        assert_eq!(found.len(), 1, "{backend:?}: {}", out.stdout);
        let d = &found[0];
        let message = d["message"].as_str().unwrap_or_default();
        assert!(message.starts_with("24 contradicts 34"), "{backend:?}: {message}");
        assert!(message.contains("“Quake in Peru kills 34” (2026-02-10"), "{backend:?}: {message}");
        // The body's 34, in the archived article (its Markdown headline is no statement).
        let related = d["related"].as_array().cloned().unwrap_or_default();
        assert_eq!(related.len(), 1, "{backend:?}: {d}");
        for r in &related {
            let path = r["path"].as_str().unwrap_or_default();
            assert!(
                path.starts_with("archive:") && path.ends_with("published/quake.md"),
                "{backend:?}: {path}"
            );
        }

        // A draft that agrees with the archive gets nothing.
        let agreeing = factline(
            dir.path(),
            &["check", "--format", "json", "--fail-on", "none", "--archive", &url, "agreeing"],
        );
        assert!(inconsistent(&agreeing).is_empty(), "{backend:?}: {}", agreeing.stdout);
        // The human output names the archived article too.
        let human = factline(dir.path(), &["check", "--fail-on", "none", "--archive", &url, "drafts/draft.md"]);
        assert!(
            human.stdout.contains("the archived “Quake in Peru kills 34”"),
            "{backend:?}: {}",
            human.stdout
        );
    }
}

#[test]
fn the_archive_of_factline_toml_is_used_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newsroom/published/quake.md", PUBLISHED);
    write(dir.path(), "newsroom/factline.toml", "archive = \"archive.db\"\n");
    write(dir.path(), "newsroom/drafts/draft.md", DRAFT);
    // `archive add` without --archive uses the setting, relative to factline.toml (not to the
    // working folder, the folder above it).
    let add = factline(&dir.path().join("newsroom"), &["archive", "add", "published"]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    assert!(dir.path().join("newsroom/archive.db").is_file());
    let out = factline(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "none", "newsroom/drafts/draft.md"],
    );
    assert_eq!(inconsistent(&out).len(), 1, "{}{}", out.stdout, out.stderr);
    let stats = factline(&dir.path().join("newsroom"), &["archive", "stats"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(stats.stdout.contains("articles: 1"), "{}", stats.stdout);
    // No setting and no --archive: the archive commands say how to name one.
    let none = factline(dir.path(), &["archive", "stats"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("--archive"), "{}", none.stderr);
}

#[test]
fn a_password_in_factline_toml_is_a_config_error_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "factline.toml",
        "archive = \"postgres://desk:s3cret@127.0.0.1:1/news\"\n",
    );
    write(dir.path(), "draft.md", DRAFT);
    let out = factline(dir.path(), &["check", "--format", "json", "--fail-on", "none", "draft.md"]);
    let config_errors: Vec<Value> = findings(&out).into_iter().filter(|d| d["code"] == "config-error").collect();
    assert_eq!(config_errors.len(), 1, "{}", out.stdout);
    assert!(config_errors[0]["message"].as_str().unwrap_or_default().contains("PGPASSWORD"));
    assert!(!out.stdout.contains("s3cret") && !out.stderr.contains("s3cret"));
}

#[test]
fn unchanged_files_are_skipped_changed_ones_replaced_and_removed_ones_gone() {
    for backend in backends("reimport") {
        let dir = tempfile::tempdir().unwrap();
        let url = archived_setup(dir.path(), &backend);
        write(dir.path(), "published/ferry.md", FERRY);
        let again = factline(dir.path(), &["archive", "add", "--archive", &url, "published"]);
        assert!(
            again.stdout.contains("1 added or updated, 1 unchanged"),
            "{backend:?}: {}",
            again.stdout
        );
        // The quake article now says 28: its old statement is gone, the draft's 24 contradicts
        // 28 only.
        write(dir.path(), "published/quake.md", &PUBLISHED.replace("34", "28"));
        let changed = factline(dir.path(), &["archive", "add", "--archive", &url, "published/quake.md"]);
        assert!(
            changed.stdout.contains("1 added or updated, 0 unchanged"),
            "{backend:?}: {}",
            changed.stdout
        );
        write(dir.path(), "drafts/draft.md", DRAFT);
        let out = factline(
            dir.path(),
            &["check", "--format", "json", "--fail-on", "none", "--archive", &url, "drafts"],
        );
        let found = inconsistent(&out);
        let related: Vec<String> = found
            .iter()
            .flat_map(|d| d["related"].as_array().cloned().unwrap_or_default())
            .map(|r| r["message"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(related.iter().any(|m| m.starts_with("28")), "{backend:?}: {related:?}");
        assert!(!related.iter().any(|m| m.starts_with("34 ")), "{backend:?}: {related:?}");

        let stats = factline(dir.path(), &["archive", "stats", "--archive", &url]);
        assert!(stats.stdout.contains("articles: 2"), "{backend:?}: {}", stats.stdout);
        let removed = factline(dir.path(), &["archive", "remove", "--archive", &url, "published"]);
        assert!(removed.stdout.contains("2 removed"), "{backend:?}: {}", removed.stdout);
        let stats = factline(dir.path(), &["archive", "stats", "--archive", &url]);
        assert!(
            // No foreign key cascades: the writer removes an article's rows itself.
            stats.stdout.contains("articles: 0")
                && stats.stdout.contains("quantity statements: 0")
                && stats.stdout.contains("entity rows: 0"),
            "{backend:?}: {}",
            stats.stdout
        );
    }
}

#[test]
fn an_article_is_never_compared_with_its_archived_copy() {
    for backend in backends("selfcopy") {
        let dir = tempfile::tempdir().unwrap();
        let url = archived_setup(dir.path(), &backend);
        // The archived file itself, and a copy of its text elsewhere, each next to nothing
        // else: no finding may point back at the archive.
        write(dir.path(), "copy/quake-copy.md", PUBLISHED);
        for target in ["published/quake.md", "copy"] {
            let out = factline(
                dir.path(),
                &["check", "--format", "json", "--fail-on", "none", "--archive", &url, target],
            );
            assert!(out.stdout.contains("\"files\""), "{}", out.stderr);
            assert!(!out.stdout.contains("archive:"), "{backend:?} {target}: {}", out.stdout);
        }
    }
}

fn assert_goes_on_without(out: &Output, why: &str) {
    let lines: Vec<&str> = out.stderr.lines().filter(|l| l.contains("archive not used")).collect();
    assert_eq!(lines.len(), 1, "one line, saying {why}: {}", out.stderr);
    assert!(lines[0].contains(why), "{why}: {}", lines[0]);
    // The check itself ran: the draft's own findings are there.
    assert!(out.stdout.contains("\"files\""), "{}", out.stdout);
    assert_eq!(out.code, 0);
}

#[test]
fn a_missing_corrupt_locked_or_newer_archive_costs_one_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts/draft.md", DRAFT);
    let check = |url: &str| {
        factline(
            dir.path(),
            &["check", "--format", "json", "--fail-on", "none", "--archive", url, "drafts"],
        )
    };

    assert_goes_on_without(&check("missing.db"), "no archive there");

    write(dir.path(), "corrupt.db", &"not a database at all\n".repeat(200));
    assert_goes_on_without(&check("corrupt.db"), "not a factline archive");

    let url = archived_setup(dir.path(), &Backend::Sqlite);
    // The import wrote through a write-ahead log and folded it back in: one file again.
    assert!(!dir.path().join("archive.db-wal").exists(), "the import left its log");
    let conn = rusqlite::Connection::open(&url).unwrap();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete");
    conn.execute_batch("INSERT INTO factline_schema (version) VALUES (99)").unwrap();
    assert_goes_on_without(&check(&url), "newer than this factline's");
    conn.execute_batch("DELETE FROM factline_schema WHERE version = 99").unwrap();
    assert_eq!(inconsistent(&check(&url)).len(), 1);

    // Another program holds the write lock through its commit: readers are shut out.
    conn.execute_batch("BEGIN EXCLUSIVE; DELETE FROM statements;").unwrap();
    let started = std::time::Instant::now();
    assert_goes_on_without(&check(&url), "locked");
    assert!(started.elapsed().as_secs() < 10, "a locked archive is given up quickly");
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(inconsistent(&check(&url)).len(), 1);
}

#[test]
fn a_postgresql_archive_of_a_newer_schema_or_an_empty_database_costs_one_line() {
    for backend in backends("pgfaults") {
        let Backend::Postgres(url) = &backend else { continue };
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "drafts/draft.md", DRAFT);
        let check = |url: &str| {
            factline(
                dir.path(),
                &["check", "--format", "json", "--fail-on", "none", "--archive", url, "drafts"],
            )
        };
        // A database nothing was ever added to.
        assert_goes_on_without(&check(url), "no archive there");
        let url = archived_setup(dir.path(), &backend);
        let admin = url.replace("sslmode=require", "sslmode=prefer");
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        c.batch_execute("INSERT INTO factline_schema (version) VALUES (99)").unwrap();
        assert_goes_on_without(&check(&url), "newer than this factline's");
        // A writer refuses it too, rather than write rows of an older shape.
        let add = factline(dir.path(), &["archive", "add", "--archive", &url, "drafts"]);
        assert_eq!(add.code, 2, "{}", add.stdout);
        assert!(add.stderr.contains("newer than this factline's"), "{}", add.stderr);
        c.batch_execute("DELETE FROM factline_schema WHERE version = 99").unwrap();
        assert_eq!(inconsistent(&check(&url)).len(), 1);
    }
}

/// An archive of schema version 1 holds statement bodies of an older format: readers refuse
/// it with one line until `archive add` upgrades it, which analyses its files again even
/// though their text is unchanged.
#[test]
fn an_archive_of_the_older_statement_format_is_upgraded_by_add() {
    for backend in backends("upgrade") {
        let dir = tempfile::tempdir().unwrap();
        let url = archived_setup(dir.path(), &backend);
        write(dir.path(), "drafts/draft.md", DRAFT);
        // What version 1 left: its own version, bodies this factline cannot read.
        const DOWNGRADE: &str = "DELETE FROM factline_schema WHERE version > 1; UPDATE statements SET body = '{\"f\":0}'";
        match &backend {
            Backend::Sqlite => rusqlite::Connection::open(&url).unwrap().execute_batch(DOWNGRADE).unwrap(),
            Backend::Postgres(u) => postgres::Client::connect(&u.replace("sslmode=require", "sslmode=prefer"), postgres::NoTls)
                .unwrap()
                .batch_execute(DOWNGRADE)
                .unwrap(),
        }
        let check = || {
            factline(
                dir.path(),
                &["check", "--format", "json", "--fail-on", "none", "--archive", &url, "drafts"],
            )
        };
        assert_goes_on_without(&check(), "older than this factline's");
        let add = factline(dir.path(), &["archive", "add", "--archive", &url, "published"]);
        assert_eq!(add.code, 0, "{backend:?}: {}", add.stderr);
        assert!(
            add.stdout.contains("1 added or updated, 0 unchanged"),
            "{backend:?}: {}",
            add.stdout
        );
        assert_eq!(inconsistent(&check()).len(), 1, "{backend:?}");
    }
}

#[test]
fn an_unreachable_postgresql_costs_one_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts/draft.md", DRAFT);
    // Port 1 on the loopback: nothing listens there.
    let out = factline(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--archive",
            "postgres://desk@127.0.0.1:1/news?sslmode=disable",
            "drafts",
        ],
    );
    assert_goes_on_without(&out, "cannot reach the PostgreSQL server");
    let stats = factline(dir.path(), &["archive", "stats", "--archive", "postgres://desk@127.0.0.1:1/news"]);
    assert_eq!(stats.code, 2);
    assert_eq!(stats.stderr.lines().count(), 1, "{}", stats.stderr);
}

/// libpq's sslmode over TLS against the test server, whose certificate names "localhost"
/// (not "127.0.0.1") and is signed by the CA `FACTLINE_TEST_POSTGRES_CA` names: `require`
/// encrypts without checking, `verify-ca` checks the chain, `verify-full` the chain and the
/// name; a wrong or missing root costs one line. `.ci/run` sets both variables.
#[test]
fn each_sslmode_checks_what_libpq_checks() {
    let (Ok(base), Ok(ca)) = (std::env::var("FACTLINE_TEST_POSTGRES"), std::env::var("FACTLINE_TEST_POSTGRES_CA")) else {
        assert!(
            std::env::var("CI").is_ok_and(|v| v != "true") || std::env::var("CI").is_err(),
            "CI=true but FACTLINE_TEST_POSTGRES or FACTLINE_TEST_POSTGRES_CA is not set"
        );
        eprintln!("\n!!! FACTLINE_TEST_POSTGRES_CA is not set: the TLS cases are SKIPPED (.ci/run sets it) !!!\n");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = archived_setup(dir.path(), &Backend::Postgres(fresh_database(&base, "tls")));
    write(dir.path(), "drafts/draft.md", DRAFT);
    let plain = url.split_once('?').map_or(url.as_str(), |(u, _)| u).to_string();
    let check = |url: &str| {
        factline(
            dir.path(),
            &["check", "--format", "json", "--fail-on", "none", "--archive", url, "drafts"],
        )
    };
    let works = |url: &str| {
        let out = check(url);
        assert!(!out.stderr.contains("archive not used"), "{url}: {}", out.stderr);
        assert_eq!(inconsistent(&out).len(), 1, "{url}: {}", out.stdout);
    };
    let ca_param = format!("sslrootcert={}", ca.replace('%', "%25").replace(' ', "%20"));
    // Nothing verified: no root needed (the test machine's home folder holds no
    // ~/.postgresql/root.crt, which would make `require` verify).
    works(&format!("{plain}?sslmode=require"));
    works(&format!("{plain}?sslmode=prefer"));
    works(&format!("{plain}?sslmode=disable"));
    // The chain against the CA; the host name is not compared (127.0.0.1 is not in the
    // certificate).
    works(&format!("{plain}?sslmode=verify-ca&{ca_param}"));
    // `require` with a root named verifies like verify-ca (libpq's rule).
    works(&format!("{plain}?sslmode=require&{ca_param}"));
    // The name too: "localhost" is the certificate's, "127.0.0.1" is not.
    works(&format!(
        "{}?sslmode=verify-full&{ca_param}",
        plain.replace("127.0.0.1", "localhost")
    ));
    let wrong_name = check(&format!("{plain}?sslmode=verify-full&{ca_param}"));
    assert_goes_on_without(&wrong_name, "no TLS connection to the PostgreSQL server");
    assert!(wrong_name.stderr.contains("certificate"), "{}", wrong_name.stderr);
    // A root that did not sign the server's certificate: the chain fails, in every verifying mode.
    let other_ca = write(dir.path(), "other-ca.crt", OTHER_CA);
    for mode in ["verify-ca", "verify-full", "require"] {
        let out = check(&format!(
            "{}?sslmode={mode}&sslrootcert={}",
            plain.replace("127.0.0.1", "localhost"),
            other_ca.display()
        ));
        assert_goes_on_without(&out, "no TLS connection to the PostgreSQL server");
        assert!(out.stderr.contains("certificate"), "{mode}: {}", out.stderr);
    }
    // A verifying mode without its root file says which file is missing.
    let missing = dir.path().join("no-such-root.crt");
    let out = check(&format!("{plain}?sslmode=verify-full&sslrootcert={}", missing.display()));
    assert_goes_on_without(&out, "no-such-root.crt");
}

/// A CA certificate (made once with openssl, its key thrown away) that signed nothing the
/// test server holds.
const OTHER_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUGgN/n9H4+10MN24q/Tjsy1ggkkcwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRZmFjdGxpbmUtb3RoZXItY2EwIBcNMjYxMjA4MDE0MTM3WhgP
MjEyNjExMTQwMTQxMzdaMBwxGjAYBgNVBAMMEWZhY3RsaW5lLW90aGVyLWNhMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4g9GqUbbAtbfdmxDjAopvMtK11ycjz9v
PMIwQwhGf9qUm7MbGDFcPJSHy6fDRpeEzACmuYYz6GKZaNs4We24BaNTMFEwHQYD
VR0OBBYEFH+TXhBypcCAj6wFezPBDrVCd/gHMB8GA1UdIwQYMBaAFH+TXhBypcCA
j6wFezPBDrVCd/gHMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
AOq3IbeQVaIFMivm3CYURJMZmzDWzkkFIvgWZQ03ol2rAiBicIlMzp9tklgXND9G
lAzPMGjHgHUW7/11c1rHTOKbSg==
-----END CERTIFICATE-----
";

#[test]
fn two_imports_at_once_lose_nothing() {
    for backend in backends("concurrent") {
        let dir = tempfile::tempdir().unwrap();
        let url = backend.url(dir.path());
        // Two overlapping sets: 30 articles each, 10 in both.
        for i in 0..50 {
            let text = PUBLISHED
                .replace("34", &(100 + i).to_string())
                .replace("Peru", &format!("Peru region {i}"));
            let folder = if i < 20 {
                "a"
            } else if i < 30 {
                "both"
            } else {
                "b"
            };
            write(dir.path(), &format!("{folder}/quake-{i}.md"), &text);
        }
        let spawn = |folders: &[&str]| {
            let mut args = vec!["archive", "add", "--archive", url.as_str()];
            args.extend_from_slice(folders);
            Command::new(env!("CARGO_BIN_EXE_factline"))
                .current_dir(dir.path())
                .args(&args)
                .output()
                .expect("run factline")
        };
        let (one, two) = std::thread::scope(|s| {
            let one = s.spawn(|| spawn(&["a", "both"]));
            let two = s.spawn(|| spawn(&["both", "b"]));
            (one.join().unwrap(), two.join().unwrap())
        });
        for out in [&one, &two] {
            assert!(out.status.success(), "{backend:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let stats = factline(dir.path(), &["archive", "stats", "--archive", &url]);
        assert!(stats.stdout.contains("articles: 50\n"), "{backend:?}: {}", stats.stdout);
        // Every article kept its statements once (none doubled by the overlap).
        let again = factline(dir.path(), &["archive", "add", "--archive", &url, "a", "both", "b"]);
        assert!(
            again.stdout.contains("0 added or updated, 50 unchanged"),
            "{backend:?}: {}",
            again.stdout
        );
        let statements: i64 = stats
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("quantity statements: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(-1);
        // The same files imported one after the other, into a file of their own.
        let sequential = {
            let u = dir.path().join("sequential.db").to_string_lossy().into_owned();
            factline(dir.path(), &["archive", "add", "--archive", &u, "a", "both", "b"]);
            let s = factline(dir.path(), &["archive", "stats", "--archive", &u]);
            s.stdout
                .lines()
                .find_map(|l| l.strip_prefix("quantity statements: "))
                .and_then(|n| n.trim().parse::<i64>().ok())
                .unwrap_or(-1)
        };
        assert!(statements > 0);
        assert_eq!(statements, sequential, "{backend:?}");
    }
}

mod common;

/// The server: a draft opened in the editor gets the archive's contradiction, its related
/// information points at the archived file, and hovering an entity counts archive mentions.
#[test]
fn the_server_compares_open_drafts_with_the_archive() {
    use serde_json::json;
    for backend in backends("server") {
        let dir = tempfile::tempdir().unwrap();
        let url = archived_setup(dir.path(), &backend);
        let ws = dir.path().join("ws");
        let setting = match &backend {
            Backend::Sqlite => "../archive.db".to_string(),
            Backend::Postgres(u) => u.clone(),
        };
        assert!(url.ends_with("archive.db") || matches!(backend, Backend::Postgres(_)));
        write(&ws, "factline.toml", &format!("archive = \"{setting}\"\n"));
        let draft = write(&ws, "draft.md", DRAFT);
        let uri = common::file_uri(&draft);
        let mut client = common::Client::start();
        client.initialize(Some(&ws), json!({}), json!({}));
        client.open(&uri, "markdown", DRAFT, 1);
        let found = wait_for_finding(&mut client, &uri, DRAFT, &format!("{backend:?}"));
        let message = found["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("the archived “Quake in Peru kills 34” (2026-02-10"),
            "{backend:?}: {message}"
        );
        let related = found["relatedInformation"].as_array().cloned().unwrap_or_default();
        assert!(!related.is_empty(), "{backend:?}: {found}");
        for r in &related {
            let target = r["location"]["uri"].as_str().unwrap_or_default();
            assert!(
                target.starts_with("file://") && target.ends_with("published/quake.md"),
                "{backend:?}: {target}"
            );
            assert!(
                r["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("the archived “Quake in Peru kills 34”")
            );
        }
        // The body's 34 sits on line 3 (0-based 2) of the archived file.
        assert!(
            related.iter().any(|r| r["location"]["range"]["start"]["line"] == 2),
            "{backend:?}: {related:?}"
        );

        // Hover on "Peru" in the draft: the card counts the archive's mentions.
        let peru = DRAFT.find("Peru").unwrap_or(0);
        let line = DRAFT[..peru].matches('\n').count();
        let character = DRAFT[..peru].rsplit('\n').next().unwrap_or("").encode_utf16().count();
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let text = hover["result"]["contents"]["value"].as_str().unwrap_or_default().to_string();
        assert!(text.contains("in 1 archived article"), "{backend:?}: {text}");
        client.shutdown();
    }
}

/// Waits for an `inconsistent-number` in a publish of `uri`. The first publish comes before
/// the archive answers (and before the scan ends); an answer later than the server's deadline
/// shows from the next publish on, so when none has it for a while an edit (the same text, a
/// new version) asks for one.
fn wait_for_finding(client: &mut common::Client, uri: &str, text: &str, what: &str) -> Value {
    use serde_json::json;
    use std::time::Duration;
    let mut version = 1;
    let mut seen = Vec::new();
    for _ in 0..8 {
        while let Some(msg) = client.wait_for(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri,
            Duration::from_secs(3),
        ) {
            let diags = msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            if let Some(d) = diags.iter().find(|d| d["code"] == "inconsistent-number") {
                return d.clone();
            }
            seen.push(diags);
        }
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    panic!("{what}: no inconsistent-number for {uri}: {seen:?}");
}

/// An archive the server cannot use costs one log line; diagnostics come as ever.
#[test]
fn the_server_goes_on_without_a_broken_archive() {
    use serde_json::json;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "factline.toml",
        "archive = \"postgres://desk@127.0.0.1:1/news?sslmode=disable\"\n",
    );
    let draft = write(dir.path(), "draft.md", DRAFT);
    let other = write(dir.path(), "other.md", AGREEING);
    let mut client = common::Client::start();
    client.initialize(Some(dir.path()), json!({}), json!({}));
    let uri = common::file_uri(&draft);
    client.open(&uri, "markdown", DRAFT, 1);
    // The workspace's own contradiction (other.md says 34) is there.
    wait_for_finding(&mut client, &uri, DRAFT, "broken archive");
    client.open(&common::file_uri(&other), "markdown", AGREEING, 1);
    let _ = client.diagnostics(&common::file_uri(&other), Some(1));
    let logged = client.wait_for(
        |m| m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.contains("archive not used")),
        Duration::from_secs(10),
    );
    let line = logged
        .map(|m| m["params"]["message"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(line.contains("cannot reach the PostgreSQL server"), "{line}");
    // Once: a second document does not log it again.
    let again = client.wait_for(
        |m| m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.contains("archive not used")),
        Duration::from_secs(2),
    );
    assert!(again.is_none(), "{again:?}");
    client.shutdown();
}

/// An archive answer later than the deadline is published when it comes, without another
/// edit (after an edit only the affected documents are republished, so "the next publish"
/// may never come): the test holds a lock on the archive's key table while the draft opens.
#[test]
fn a_late_archive_answer_is_published_without_an_edit() {
    use serde_json::json;
    use std::time::Duration;
    let Some(backend) = backends("late").into_iter().find(|b| matches!(b, Backend::Postgres(_))) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = archived_setup(dir.path(), &backend);
    let ws = dir.path().join("ws");
    write(&ws, "factline.toml", &format!("archive = \"{url}\"\n"));
    let draft = write(&ws, "draft.md", DRAFT);
    let uri = common::file_uri(&draft);
    let admin = url.replace("sslmode=require", "sslmode=prefer");
    let mut locker = postgres::Client::connect(&admin, postgres::NoTls).expect("connect");
    let mut held = locker.transaction().expect("begin");
    held.batch_execute("LOCK TABLE statement_keys IN ACCESS EXCLUSIVE MODE")
        .expect("lock");

    let mut client = common::Client::start();
    client.initialize(Some(&ws), json!({}), json!({}));
    client.open(&uri, "markdown", DRAFT, 1);
    let is_publish = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str();
    let has_finding = |m: &Value| {
        m["params"]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["code"] == "inconsistent-number"))
    };
    let first = client
        .wait_for(is_publish, Duration::from_secs(10))
        .expect("the draft's diagnostics");
    assert!(!has_finding(&first), "the archive is locked: {first}");
    // Past the server's deadline, then the lock goes and the answer comes late.
    std::thread::sleep(Duration::from_millis(800));
    held.commit().expect("commit");
    let mut late = None;
    while let Some(m) = client.wait_for(is_publish, Duration::from_secs(10)) {
        if has_finding(&m) {
            late = Some(m);
            break;
        }
    }
    let late = late.expect("the late archive answer published without an edit");
    assert_eq!(late["params"]["version"], 1, "{late}");
    client.shutdown();
}
