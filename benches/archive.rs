//! The newsroom archive at scale: import rate into SQLite and PostgreSQL, and the latency of
//! `factline check --archive` on one draft against a large archive. Articles are copies of
//! `tests/corpus` with digits varied (`generate`, shared with the scale benchmark), so the
//! archive restates the draft's quantities many times over.
//!
//! `cargo bench --bench archive` — 10,000 articles; `FACTLINE_ARCHIVE_N=100000` for the
//! issue's figure. PostgreSQL is measured when `FACTLINE_TEST_POSTGRES` names a server (a
//! fresh database is made on it). Prints wall time, rate, peak RSS (through `/usr/bin/time -v`
//! when the system has it) and the SQLite file's size; the processes are measured whole, as
//! a user runs them, so this is a plain bench rather than criterion. CPU time is printed too:
//! on a shared machine it is the steadier figure (PostgreSQL's own CPU is not in it).
//!
//! Figures (2 cores shared with other builds, load average 8-12, so wall times are inflated):
//!
//! Before (d1c185a; the lead's run): import 213 articles/s into SQLite, 287 into PostgreSQL;
//! `check --archive` on PostgreSQL 212 ms. Side by side with the after binary, 10,000
//! articles: SQLite import 10.9 s CPU, of which the writer thread 5.9 s (perf); PostgreSQL
//! import 5.5 s CPU in factline and 12.3 s in the PostgreSQL backend (a foreign-key check per
//! row written); a PostgreSQL check spent 207-224 ms from connecting to exit (a query per key).
//!
//! After (7784510, 100,000 articles, `FACTLINE_ARCHIVE_N=100000`): SQLite import 390.6 s wall
//! (256 articles/s at that load), 114.5 s CPU (873 articles per CPU second; 1.15 ms an
//! article, 0.85 ms at 10,000: the writer slows as the indexes outgrow its cache), peak RSS
//! 427 MiB, file 1,575 MB; re-adding unchanged files 16.1 s. PostgreSQL import 332.9 s wall
//! (300 articles/s), 49.5 s CPU in factline, peak RSS 193 MiB (at 10,000 the backend took
//! 6.8 s CPU, was 12.3). `check --archive` of one draft: median 181 ms SQLite, 294 ms
//! PostgreSQL, against 130 ms for the same check without an archive in that run. At a
//! quieter moment (load 3): 30 ms without an archive, 50 ms with PostgreSQL over
//! `sslmode=disable` (the lookup query 13 ms), 140-170 ms with `sslmode=require`: OpenSSL's
//! set-up (it parses the system's root certificates even when nothing is verified) and the
//! handshake cost 50-60 ms of CPU, more than the lookup itself.
//! Server: edit -> diagnostics median 1.2 ms with the archive, 0.8 ms without; RSS 37 MiB
//! (SQLite) and 39 MiB (PostgreSQL) against 29 MiB without.
//!
//! Import throughput (42a8426; load average 5-6 from other builds, so wall times are
//! inflated and CPU seconds vary by ±10%). Where the CPU goes, by thread (perf, cpu-clock):
//! the analysing threads take ~0.5 ms an article (read, hash, analyse, build the record:
//! 4.3 MB/s per core on 2.2 KB articles, so analysis alone would allow ~3,900 articles/s on
//! two cores). The SQLite writer took 3.7 s of 10,000 articles' CPU before, 3.2 s after the
//! first two changes; at 100,000 ~65 s before, ~47 s with 8,192 articles a transaction and
//! ~33 s without the lookup keys' index by article (schema 3): its commits rewrote the pages
//! of indexes whose rows (keyed by article id, a hash) land all over them, into the log and
//! then the file, over a quarter of its time the kernel copying pages.
//! - SQLite, 10,000: 11.3 s wall (883 articles/s), CPU 7.3 s (was 8.5-9.2 s), peak RSS
//!   351 MiB (was 260: 8,192 records wait per transaction), file 145.1 MB (was 156).
//! - SQLite, 100,000: 154.2 s wall (649 articles/s at load 6), CPU 79.2 s (was 114.5 s;
//!   1,263 articles per CPU second, ~2,500 articles/s on two idle cores, the writer no
//!   longer the longest thread), peak RSS 549 MiB, file 1,456 MB; re-adding unchanged files
//!   6.7 s.
//! - PostgreSQL, 10,000: 12.8 s wall (784 articles/s), factline CPU 5.9 s (85% analysis), the
//!   server's CPU 3.4-3.8 s with `COPY` (was 6.7-7.4 s with `INSERT ... UNNEST ... ON
//!   CONFLICT`), peak RSS 83 MiB; (5.9 + 3.6) / 2 cores is ~2,100 articles/s.
//! - PostgreSQL, 100,000: 158.6 s wall (630 articles/s), factline CPU 58.5 s, peak RSS
//!   120 MiB; re-adding unchanged files 10.4 s.
//! - `check --archive` of one draft against 100,000 articles: median 77 ms SQLite, 117 ms
//!   PostgreSQL with `sslmode=disable` (54 ms without an archive in that run). With
//!   `sslmode=require`, 168-244 ms against 67-99 ms disabled (load 6): a third of the
//!   process's CPU is libcrypto decoding the system's root certificates, which native-tls
//!   loads even when nothing is verified (since replaced by rustls, see below).
//! - The related-statement counts vary between runs (47-53): the temporary folder's name is
//!   in every archived path, so in article ids, which break ties among the newest statements.
//!
//! Latency, TLS and the import's overlap (branch arch19 after 54b3b13; load average 8-14 from
//! other builds, so medians of runs alternating the two binaries on the same 100,000-article
//! archives; `FACTLINE_ARCHIVE_DIR` kept them):
//! - Where a PostgreSQL `check --archive` went (strace, server log): ~45 ms of start-up before
//!   any archive work (the same without an archive), then connect ~3 ms, the schema check
//!   ~3 ms (two statements, each prepared first: four round trips), the lookup ~20 ms (prepared,
//!   then run: ~9 ms on the server, 827 statements of 122 articles, 550 kB with each
//!   statement's article path, headline and hash), reading and checking ~6 ms. Now: one
//!   round trip for the schema, one for the lookup (typed queries, nothing prepared), the
//!   article columns sent once per article (~3.5 ms on the server at a quiet moment, 8-10 ms
//!   median under load against 13-18 ms), and the connection opened on a thread of its own
//!   while the drafts load when `--archive` names the archive.
//! - TLS: native-tls (OpenSSL) parsed the system's root store for every connection, even for
//!   `require`, which verifies nothing. rustls now: `require`/`prefer` read no certificate,
//!   `verify-ca`/`verify-full` only `sslrootcert`. The binary no longer loads libssl and
//!   libcrypto at start either.
//! - `check --archive` of one draft, medians (before / after), two rounds at load 8-9: no
//!   archive 74.7 / 58.6 and 75.5 / 58.7 ms (CPU 29.0 / 26.3); PostgreSQL `sslmode=disable`
//!   114.3 / 111.8 and 98.1 / 84.9 ms (CPU 36.2 / 36.1 and 35.4 / 34.2, plus ~12 ms in the
//!   server's backend); `sslmode=require` 260.0 / 112.9 and 191.2 / 93.8 ms (CPU 103.4 / 43.3
//!   and 80.5 / 35.2); `verify-full` (after only) 119.6-138.9 ms, CPU 36.7 ms; SQLite
//!   121.7 / 110.3 ms (CPU 43.4 / 42.2, unchanged code). The process mostly waits for a core
//!   at this load (its CPU is 35-45 ms): the 100 ms target is met by the median in the
//!   quieter round only.
//! - Import, where the time went (perf, 10,000 articles): two analysing threads ~0.58 ms of
//!   CPU an article (read, hash, analyse, record; the record ~3% of it), the writer ~0.23 ms;
//!   but the phases took turns: the writer waited for 8,192 records, then wrote them while
//!   the analysis, two batches ahead, stopped (~7 s analysing with the writer idle, ~2.5 s
//!   writing with the analysis blocked). SQLite's writer now writes each batch as it comes
//!   into the open transaction (lookup keys at its commit), so the two overlap and only the
//!   batches in the channel wait in memory.
//! - SQLite, 100,000 articles, run at real-time priority (`chrt -f 5`: two cores otherwise
//!   idle): before 63.3 s (1,579 articles/s), CPU 78.9 s, peak RSS 545 MiB; after 56.2 s
//!   (1,779 articles/s), CPU 75.8 s, peak RSS 406 MiB; file 1,398 MB. CPU per article
//!   0.76 ms, so two fully used cores would allow ~2,640 articles/s. They are not fully used:
//!   the writer took ~40% of the CPU (~30 s, perf) and was busy a little over half of the
//!   wall time, the analysis waiting on it at times (its commits, the key inserts and the
//!   log's checkpoints), so the 2,000 target is not reached at 100,000 (at 10,000: 4.2-4.3 s,
//!   ~2,350 articles/s, against 4.5-4.6 s before). Room for eight batches in the channel
//!   instead of two: 54.0 s, 433 MiB (one run, within the noise; not kept).
//! - PostgreSQL, 10,000 articles, normal priority: 19.4-19.8 s before, 17.0-17.6 s after
//!   (factline CPU 5.9-6.2 / 5.6-5.8 s; peak RSS 81 / 84-89 MiB). 100,000, `sslmode=require`, one
//!   run each at load ~9: before 185.3 s (540 articles/s), factline CPU 59.6 s, peak RSS
//!   127 MiB; after 160.7 s (622 articles/s), CPU 60.5 s, peak RSS 144 MiB (up to a
//!   transaction's worth of batches waiting in the channel).
//! - The whole bench at 10,000 after (load ~9, `sslmode=require`): SQLite import 14.4 s, CPU
//!   6.9 s, peak RSS 206 MiB, file 138.9 MB; PostgreSQL import 14.8 s, CPU 5.9 s, peak RSS
//!   90 MiB; `check --archive` median 148.3 ms SQLite, 124.2 ms PostgreSQL (44.6 ms without);
//!   server edit -> diagnostics median 1.3 ms SQLite and 1.7 ms PostgreSQL with the archive,
//!   0.8-0.9 ms without; RSS 35 / 34 MiB with, 27 / 29 MiB without.

// Shared with the scale benchmark, which uses all of it.
#[path = "server/client.rs"]
mod client;
#[allow(dead_code)]
mod generate;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_factline");

struct Run {
    seconds: f64,
    /// User and system CPU time (from `/usr/bin/time -v`): on a shared machine the steadier
    /// figure.
    cpu_seconds: Option<f64>,
    peak_rss_kib: Option<u64>,
    stdout: String,
}

fn run(args: &[&str], cwd: &Path) -> Run {
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(args).current_dir(cwd).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output().expect("run factline");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "factline {args:?} failed: {}",
        stderr.lines().filter(|l| !l.starts_with('\t')).collect::<Vec<_>>().join("\n")
    );
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    Run {
        seconds,
        cpu_seconds: field("User time (seconds):")
            .zip(field("System time (seconds):"))
            .map(|(u, s)| u + s),
        peak_rss_kib: stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok()),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn rss(r: &Run) -> String {
    r.peak_rss_kib
        .map_or_else(|| "n/a".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A new database on the test server.
fn fresh_postgres(base: &str) -> String {
    let db = format!("factline_bench_{}", std::process::id());
    let admin = base.replace("sslmode=require", "sslmode=prefer");
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to FACTLINE_TEST_POSTGRES");
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).expect("drop");
    c.batch_execute(&format!("CREATE DATABASE {db}")).expect("create");
    let (before, query) = base.split_once('?').map_or((base, String::new()), |(b, q)| (b, format!("?{q}")));
    let host = before.rsplit_once('/').map_or(before, |(h, _)| h);
    format!("{host}/{db}{query}")
}

/// Opens the draft in a server on `root`, makes 40 edits (a digit changed each time) and
/// returns the median edit -> diagnostics time, the archive finding count after the edits
/// and the server's peak RSS.
fn server_edits(root: &Path, draft: &str) -> (f64, usize, u64) {
    let mut lsp = client::Server::start(BIN).expect("start lsp");
    // The next message the predicate accepts (the server's own requests answered on the way).
    let wait = |lsp: &mut client::Server, pred: &dyn Fn(&serde_json::Value) -> bool| loop {
        let m = lsp.next(std::time::Duration::from_secs(60)).expect("server answers");
        if pred(&m) {
            return m;
        }
    };
    let root_uri = format!("file://{}", root.display());
    let id = lsp.request(
        "initialize",
        serde_json::json!({"processId": null, "rootUri": root_uri, "capabilities": {},
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}]}),
    );
    wait(&mut lsp, &|m| m["id"] == id);
    lsp.notify("initialized", serde_json::json!({}));
    let uri = format!("file://{}", root.join("draft.md").display());
    lsp.notify(
        "textDocument/didOpen",
        serde_json::json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft}}),
    );
    wait(&mut lsp, &|m| client::is_publish(m, &uri, Some(1)));
    // Let the scan and the first archive answer settle.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let mut times = Vec::new();
    let mut archived = 0;
    for i in 0..40i64 {
        let version = i + 2;
        let text = draft.replacen('1', &((i % 9) + 1).to_string(), 1);
        let started = Instant::now();
        lsp.notify(
            "textDocument/didChange",
            serde_json::json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        let m = wait(&mut lsp, &|m| client::is_publish(m, &uri, Some(version)));
        times.push(started.elapsed().as_secs_f64());
        archived = m["params"]["diagnostics"].to_string().matches("the archived").count();
    }
    let rss = lsp.peak_rss_kib().unwrap_or(0);
    lsp.stop();
    (median(times), archived, rss)
}

/// The scratch folder, named as `tempfile::TempDir` names it.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn path(&self) -> &Path {
        &self.0
    }
}

/// Removes the scratch folder at the end unless it is to be kept.
struct Removed(Option<std::path::PathBuf>);

impl Drop for Removed {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn main() {
    let n: usize = std::env::var("FACTLINE_ARCHIVE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // `FACTLINE_ARCHIVE_DIR`: generate into (and keep) that folder, so the archive and the
    // articles stay for measuring one phase again by hand.
    let kept = std::env::var_os("FACTLINE_ARCHIVE_DIR").map(std::path::PathBuf::from);
    let scratch = match &kept {
        Some(dir) => {
            std::fs::create_dir_all(dir).expect("FACTLINE_ARCHIVE_DIR");
            tempfile::Builder::new().prefix("bench-").tempdir_in(dir).expect("tempdir").keep()
        }
        None => tempfile::tempdir().expect("tempdir").keep(),
    };
    let _removed = Removed(kept.is_none().then(|| scratch.clone()));
    let scratch = Scratch(scratch);
    let articles = scratch.path().join("published");
    let bytes = generate::workspace(&articles, n).expect("generate");
    println!("archive bench: {n} articles, {:.1} MB", bytes as f64 / 1e6);
    if kept.is_some() {
        println!("kept in {}", scratch.path().display());
    }

    // The draft: a corpus article with digits varied as no archived copy has them.
    let corpus = generate::corpus().expect("corpus");
    let drafts = scratch.path().join("drafts");
    std::fs::create_dir_all(&drafts).expect("drafts");
    let (name, text) = corpus
        .iter()
        .find(|(n, _)| n.contains("quake") || n.contains("dengue"))
        .unwrap_or(&corpus[0]);
    std::fs::write(drafts.join("draft.md"), generate::vary(text, 7)).expect("draft");
    println!("draft: a copy of {name}");

    let mut targets = vec![("SQLite", scratch.path().join("archive.db").to_string_lossy().into_owned())];
    if let Ok(base) = std::env::var("FACTLINE_TEST_POSTGRES")
        && !base.is_empty()
    {
        let url = fresh_postgres(&base);
        if kept.is_some() {
            println!("PostgreSQL archive kept at {url}");
        }
        targets.push(("PostgreSQL", url));
    }
    let no_archive: Vec<f64> = (0..5)
        .map(|_| run(&["check", "--format", "json", "--fail-on", "none", "drafts"], scratch.path()).seconds)
        .collect();
    println!("check of one draft without archive: median {:.1} ms", median(no_archive) * 1e3);
    for (label, url) in targets {
        let import = run(&["archive", "add", "--archive", &url, "published"], scratch.path());
        let size = std::fs::metadata(&url)
            .map(|m| format!(", file {:.1} MB", m.len() as f64 / 1e6))
            .unwrap_or_default();
        let cpu = import.cpu_seconds.map_or_else(String::new, |c| {
            format!(" (CPU {c:.1} s: {:.0} articles per CPU second)", n as f64 / c)
        });
        println!(
            "{label:<10} import: {:.1} s, {:.0} articles/s{cpu}, peak RSS {}{size} — {}",
            import.seconds,
            n as f64 / import.seconds,
            rss(&import),
            import.stdout.trim()
        );
        let again = run(&["archive", "add", "--archive", &url, "published"], scratch.path());
        println!("{label:<10} re-add (all unchanged): {:.1} s", again.seconds);
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..7 {
            let r = run(
                &["check", "--format", "json", "--fail-on", "none", "--archive", &url, "drafts"],
                scratch.path(),
            );
            times.push(r.seconds);
            last = Some(r);
        }
        let last = last.expect("ran");
        let related = last.stdout.matches("\"archive:").count();
        println!(
            "{label:<10} check --archive of one draft: median {:.1} ms (min {:.1}), peak RSS {}, {related} related archive statements",
            median(times.clone()) * 1e3,
            times.iter().copied().fold(f64::INFINITY, f64::min) * 1e3,
            rss(&last)
        );
        // The server on a folder holding the draft, with and without the archive.
        let draft_text = std::fs::read_to_string(drafts.join("draft.md")).expect("draft");
        for with in [false, true] {
            let root = scratch.path().join(format!("server-{label}-{with}"));
            std::fs::create_dir_all(&root).expect("root");
            std::fs::write(root.join("draft.md"), &draft_text).expect("draft");
            if with {
                std::fs::write(root.join("factline.toml"), format!("archive = \"{url}\"\n")).expect("toml");
            }
            let (edit, found, rss_kib) = server_edits(&root, &draft_text);
            println!(
                "{label:<10} server {} archive: edit -> diagnostics median {:.1} ms, {found} archive findings, RSS {:.0} MiB",
                if with { "with   " } else { "without" },
                edit * 1e3,
                rss_kib as f64 / 1024.0
            );
        }
    }
}
