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
        ("cross-doc: inconsistent flagged", s.pairs_inconsistent_flagged, 0.46),
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
