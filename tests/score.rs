//! The score of the built binary on our annotated articles (`tests/corpus/`): entity
//! mentions, coreference, introductions, figures, unsourced figures, unattributed quotes,
//! calendar checks and inconsistent figures across articles, each against a floor a little
//! under today's figure, so a regression fails here. The output is deterministic.
//!
//! `cargo test --test score -- --nocapture` prints the table; with `FACTLINE_SCORE_DETAILS=1`
//! also every missed, wrong or mistyped item.

mod scoring;

use std::path::Path;
use std::process::Command;

use scoring::prediction::Output;

/// `factline check --format json` on one story folder's articles, as one workspace.
fn check(paths: &[&Path]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["check", "--format", "json"])
        .args(paths)
        .output()
        .expect("run factline");
    // 0: no findings at or above warning, 1: some; anything else is a failure.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "factline check failed ({:?}) on {paths:?}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("output on {paths:?} is not the JSON contract: {e}"))
}

#[test]
fn corpus_scores_stay_above_their_floors() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let tally = scoring::score_corpus(&corpus, check);
    println!("{tally}");
    if std::env::var_os("FACTLINE_SCORE_DETAILS").is_some() {
        println!("{}", scoring::details(&tally));
    }
    let s = tally.scores();
    let floors = [
        ("entity mentions, untyped F1", Some(s.entities.f), 0.97),
        ("entity mentions, typed F1", Some(s.entities_typed.f), 0.96),
        ("coreference accuracy", s.coreference, 0.99),
        ("intro accuracy", s.introductions, 0.96),
        ("figures F1", Some(s.figures.f), 0.98),
        ("figures with kind F1", Some(s.figures_kind.f), 0.97),
        ("unsourced-figure precision", Some(s.unsourced.p), 0.95),
        ("unsourced-figure recall", Some(s.unsourced.r), 0.91),
        ("unattributed-quote precision", Some(s.unattributed.p), 0.99),
        ("unattributed-quote recall", Some(s.unattributed.r), 0.99),
        ("calendar: inconsistent flagged", s.calendar_inconsistent_flagged, 0.99),
        ("calendar: consistent quiet", s.calendar_consistent_quiet, 0.99),
        ("cross-doc: inconsistent flagged", s.pairs_inconsistent_flagged, 0.60),
        ("cross-doc: consistent quiet", s.pairs_consistent_quiet, 0.99),
    ];
    let below: Vec<String> = floors
        .iter()
        .filter(|(_, score, floor)| score.is_none_or(|x| x < *floor))
        .map(|(name, score, floor)| format!("{name}: {score:?} is below its floor {floor}"))
        .collect();
    assert!(
        below.is_empty(),
        "{}\n\n{tally}\n(FACTLINE_SCORE_DETAILS=1 cargo test --test score -- --nocapture lists every item)",
        below.join("\n")
    );
}

/// One folder per failure class of the same-quantity decision (`tests/corpus/classes/`): part
/// against whole, shares of different bases, groups sharing a noun, a clause's own year, per
/// unit against total, running totals across dated articles, lower bounds, and the too-strict
/// side (synonyms, "last week" against a date, headline against body, other entity sets). Each
/// pair must come out as its gold says; the table prints per class.
#[test]
fn every_failure_class_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/classes");
    let mut classes: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/corpus/classes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    classes.sort();
    assert!(classes.len() >= 15, "{classes:?}");
    let mut wrong = Vec::new();
    for dir in &classes {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let tally = scoring::score_corpus(dir, check);
        let c = &tally.counts;
        println!(
            "{name:18} inconsistent flagged {}/{}, consistent quiet {}/{}, superseded marked {}/{}",
            c.pair_inconsistent_flagged,
            c.pair_inconsistent,
            c.pair_consistent_quiet,
            c.pair_consistent,
            c.pair_superseded_marked,
            c.pair_superseded
        );
        assert!(c.pair_inconsistent + c.pair_consistent > 0, "{name}: no pairs");
        for kind in ["xdoc_fn", "xdoc_fp", "superseded_fn", "pair_missing", "missing"] {
            for item in tally.errors.get(kind).into_iter().flatten() {
                wrong.push(format!("{name}: {kind}: {item}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
