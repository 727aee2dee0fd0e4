//! End-to-end scale: `factline check --format json` on workspaces of copies of our own
//! `tests/corpus` articles (digits varied, `generate`), and on one figure-heavy article.
//!
//! `cargo bench --bench scale` — for 1,000 and 10,000 articles and for figure-heavy articles
//! of 1 and 2 MB, prints the wall time, throughput, peak RSS (through `/usr/bin/time -v`
//! when the system has it) and the JSON output's size against the input's. The process is
//! measured whole, as a user runs it, so this is a plain bench rather than criterion.
//!
//! Then `factline lsp` on 10,000 articles (`benches/server`): when the opened document's own
//! diagnostics arrive against the end of the initial scan, the edit-to-diagnostics time
//! (median, p95) and the server's peak RSS.
//!
//! `FACTLINE_SCALE=300,1000 cargo bench --bench scale` picks the article counts (`0` for
//! none); `FACTLINE_SCALE_SERVER` the server's; `FACTLINE_SCALE_HEAVY=1,4` the figure-heavy
//! sizes in MB. `cargo bench --bench scale -- server DIR` runs the server part on a folder.
//! `cargo bench --bench scale -- generate DIR N` only writes a workspace of N articles, and
//! `cargo bench --bench scale -- heavy FILE MB` one figure-heavy article, for manual runs
//! (the server, a profiler).
//!
//! Baseline, before the scale work (833e9ad, 2 shared cores, release):
//! 1,000 articles (2.5 MB): 2.8 s, 0.9 MB/s, 366 MiB peak, JSON 92 MB (37 x input);
//! 3,000 articles (7.5 MB): 31.4 s, 0.2 MB/s, 1,977 MiB peak, JSON 696 MB (93 x input);
//! 10,000 articles: not run (quadratic: several minutes, tens of GiB of RSS and JSON);
//! figure-heavy 1 MB: 0.58 s, 136 MiB, JSON 28 MB; 2 MB: 1.94 s, 375 MiB, JSON 96 MB.
//!
//! After it (3d5623c, same machine shared with other builds, load average 9-11 on 2 cores, so
//! wall times are inflated and CPU time is the steadier figure): 1,000 articles: 0.76 s CPU,
//! 87 MiB, JSON 13.9 x input; 10,000: 8.84 s CPU (11.6 x the 1,000), 672 MiB, JSON 14.4 x;
//! figure-heavy 1 MB: 0.31 s CPU, 68 MiB; 2 MB: 0.63 s CPU. On a less loaded moment (load
//! about 4): 1,000 in 1.33 s and 10,000 in 10.9 s wall, figure-heavy 1 MB in 0.27 s, 2 MB in
//! 0.51 s. Server on 10,000: the opened document's diagnostics after 108-528 ms, before the
//! scan ends (3.9 s at load 4, 6.7 s at load 11); edit to diagnostics median 0.8 ms, p95
//! 1.2-5.7 ms; peak RSS 537-549 MiB.
//!
//! Then (05048bc; load 3-4 with a CI run beside it; old and new binaries run alternately):
//! local names filed once per distinct name (the name-variant lookup was quadratic in a
//! folder of running stories), JSON written a batch of files at a time, the spelling index in
//! sorted vectors, quantities shared between an analysis and the index. 1,000 articles: 92 ->
//! 77 MiB, 1.36 -> 1.33 s; 10,000: 682 -> 482 MiB, 17.6 -> 12.2 s wall (15.4 -> 11.5 s CPU);
//! figure-heavy 1 MB: 0.44-0.66 s against 0.52-0.64 s, 78 MiB.
//!
//! Then (branch scale16, from 1e0df94; old and new binaries run alternately; instruction counts
//! from callgrind, times on a quiet moment, load average under 2): the same-quantity decisions
//! made once per statement for both rules that ask (`check::index::Decisions`), each file's
//! JSON made on its checking thread (a file over 16 kB printed straight into the output),
//! analyses shrunk to fit, an article's own members of a cluster counted from the cluster.
//! Instructions: 1,000 articles 4.79 G -> 4.06 G; figure-heavy 1 MB 3.80 G -> 2.90 G.
//! 1,000 articles (2.16 MB): 0.54-0.59 -> 0.44-0.51 s wall (3.7-4.0 -> 4.2-4.9 MB/s; 10 MB/s
//! is not reached), 0.86-0.88 -> 0.74-0.80 s CPU, 73-74 -> 69-70 MiB (64 wanted: mimalloc v3
//! keeps freed pages 1 s; `MIMALLOC_PURGE_DELAY=10` gives 64 MiB), JSON 12.6 x input.
//! 10,000 articles (21.6 MB): 6.09 -> 4.98 s wall (10-11 x the 1,000), 9.5 -> 7.7 s CPU,
//! 462 -> 397 MiB, JSON 13.3 x input.
//! Figure-heavy, wall old -> new: 0.5 MB 0.22 -> 0.18 s, 1 MB 0.58 -> 0.44 s, 2 MB 1.28 ->
//! 0.85 s, 4 MB 3.31 -> 2.65 s; peak RSS unchanged (139-147 MiB at 4 MB). Not linear yet (2.4-3
//! x per doubling): callgrind puts the growth in `extract::entities::names` (a token's
//! `is_namey` walks every skipped span), `extract::rates::apply` (each quantity against every
//! rate) and `said_otherwise`.
//! Server on 10,000: opened document's diagnostics at 120-178 ms, before the scan's end at
//! 4.8-5.3 s (old 5.1 s; 3 s is not reached); edit to diagnostics median 1.2-1.7 ms, p95
//! 2.6-6.4 ms, the old binary's run between the two new ones 1.2 and 1.7 ms (this work leaves
//! an edit's path as it was; the spread is the machine's); peak RSS 464 -> 393-396 MiB.
//!
//! Then (branch scale16b, from 107d38d; callgrind instruction counts of `check --format json`
//! on the figure-heavy articles, old and new binaries side by side): the skipped dateline spans
//! and a name's knowledge-base matches found by binary search (`SpanSet`), an undefined
//! acronym's organizations looked up once per acronym (`Spelled`), the rates looked up by
//! figure and folded per currency pair, a change's levels gathered per sentence. Figure-heavy
//! 1 MB 3.58 G -> 2.68 G instructions, 2 MB 9.35 G -> 5.63 G, 4 MB 12.82 G: 2.61 x -> 2.10 x
//! per doubling from 1 to 2 MB, 2.28 x from 2 to 4 MB (`entities::extract` 3.25 x -> 2.30 x;
//! `rates::apply` 3.96 x -> 2.0 x; `names::detect` 2.53 x -> 2.22 x; arithmetic-mismatch 4.0 x
//! -> linear). What still grows faster than the text, 2 to 4 MB: `Builder::mention` 3.8 x (its
//! `SpanSet` inserts into a sorted vector), `names::evidence::context_evidence` 2.9 x. Wall on
//! a quiet moment (load 1.3, two runs each): 1 MB 0.42-0.45 -> 0.34-0.36 s, 2 MB 1.09-1.10 ->
//! 0.77-0.83 s, 4 MB 2.98-3.08 -> 1.77-1.89 s; peak RSS unchanged (150 MiB at 4 MB); 1,000
//! articles 0.42-0.45 -> 0.40-0.41 s (0.69-0.74 -> 0.66-0.67 s CPU), 67-69 MiB both. Output
//! byte-identical (heavy 2 MB and 1,000 articles compared with cmp; tests/scale.rs).
//! Server on 10,000 (load under 2, base and new run alternately): the next chunk analysed while
//! one is stored, and a chunk split into a few pieces per thread (one analysis thread started
//! per piece): scan done at 3.73-3.97 -> 3.41-3.59 s; edits and RSS unchanged (1.1 ms median,
//! 390 MiB). Timed by phase (a throwaway build): reading every file before any analysis 0.55
//! s, waiting for analysis 2.0 s, storing 0.88 s (now beside the next chunk's analysis), so
//! reading the files inside the parallel analysis is the next step to 3 s.
//! The mimalloc crate (0.1.52, libmimalloc-sys 0.1.49) names no purge-delay option (its
//! `extended` constants stop at `mi_option_max_segment_reclaim`), so the 1 s purge delay of
//! mimalloc v3 stays: 1,000 articles peak at 69-70 MiB (64 with `MIMALLOC_PURGE_DELAY=10`).

mod generate;
mod server;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_factline");

struct Run {
    seconds: f64,
    /// User plus system CPU time: what the work costs whatever else the machine runs.
    cpu_seconds: Option<f64>,
    peak_rss_kib: Option<u64>,
    output_bytes: u64,
}

/// Runs `factline check --format json PATH`, stdout to a file, under `/usr/bin/time -v` when
/// there is one.
fn check(path: &Path, scratch: &Path) -> std::io::Result<Run> {
    let out_path = scratch.join("out.json");
    let stdout = std::fs::File::create(&out_path)?;
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(["check", "--format", "json", "--no-config"])
        .arg(path)
        .stdout(stdout)
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = cmd.output()?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak_rss_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    let cpu_seconds = field("User time (seconds):")
        .zip(field("System time (seconds):"))
        .map(|(u, s)| u + s);
    // 0 (no warnings) and 1 (warnings) are both a finished check.
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(std::io::Error::other(format!("factline check failed: {}", stderr.trim())));
    }
    Ok(Run {
        seconds,
        cpu_seconds,
        peak_rss_kib,
        output_bytes: std::fs::metadata(&out_path)?.len(),
    })
}

fn report(label: &str, input_bytes: u64, run: &Run) {
    let mb = input_bytes as f64 / 1e6;
    let rss = run
        .peak_rss_kib
        .map_or_else(|| "n/a".to_string(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
    let cpu = run.cpu_seconds.map_or_else(|| "n/a".to_string(), |c| format!("{c:.2} s"));
    println!(
        "{label:<28} input {mb:>7.2} MB  time {:>8.3} s  {:>6.1} MB/s  CPU {cpu:>8}  peak RSS {rss:>8}  JSON {:>8.2} MB ({:.1} x input)",
        run.seconds,
        mb / run.seconds,
        run.output_bytes as f64 / 1e6,
        run.output_bytes as f64 / input_bytes as f64
    );
}

fn list(var: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(var) {
        Ok(v) => v.split(',').filter_map(|x| x.trim().parse().ok()).filter(|&n| n > 0).collect(),
        Err(_) => default.to_vec(),
    }
}

fn main() -> std::io::Result<()> {
    // `cargo bench` passes `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate", dir, n] => {
            let n: usize = n.parse().map_err(std::io::Error::other)?;
            let bytes = generate::workspace(Path::new(dir), n)?;
            println!("{n} articles, {bytes} bytes, in {dir}");
            return Ok(());
        }
        ["server", dir] => return server::run(BIN, Path::new(dir), 200),
        ["heavy", file, mb] => {
            let mb: usize = mb.parse().map_err(std::io::Error::other)?;
            let text = generate::figure_heavy(mb * 1_000_000)?;
            std::fs::write(file, &text)?;
            println!("{} bytes in {file}", text.len());
            return Ok(());
        }
        _ => {}
    }
    let scratch = std::env::temp_dir().join(format!("factline-scale-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    for n in list("FACTLINE_SCALE", &[1_000, 10_000]) {
        let dir = scratch.join(format!("ws-{n}"));
        let bytes = generate::workspace(&dir, n)?;
        let run = check(&dir, &scratch)?;
        report(&format!("check, {n} articles"), bytes, &run);
        std::fs::remove_dir_all(&dir)?;
    }
    for n in list("FACTLINE_SCALE_SERVER", &[10_000]) {
        let dir = scratch.join(format!("server-{n}"));
        generate::workspace(&dir, n)?;
        println!("server, {n} articles:");
        server::run(BIN, &dir, 200)?;
        std::fs::remove_dir_all(&dir)?;
    }
    for mb in list("FACTLINE_SCALE_HEAVY", &[1, 2]) {
        let file = scratch.join(format!("heavy-{mb}mb.txt"));
        let text = generate::figure_heavy(mb * 1_000_000)?;
        std::fs::write(&file, &text)?;
        let run = check(&file, &scratch)?;
        report(&format!("check, figure-heavy {mb} MB"), text.len() as u64, &run);
    }
    std::fs::remove_dir_all(&scratch)?;
    Ok(())
}
