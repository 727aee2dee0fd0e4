//! Hostile text never panics the core: thousands of generated articles built from fragments
//! that stress byte offsets and heuristics (CJK, emoji, combining marks, CRLF, stray quotes,
//! every Unicode dash, quote mark and space, dangling numbers, Markdown), analysed and checked
//! through the whole workspace; and every input that once crashed `factline check`, through
//! the real binary.

mod grammar;

use std::process::Command;
use std::sync::Arc;

use factline::extract::Format;
use factline::kb::KnowledgeBase;
use factline::workspace::{Config, Workspace};

const FRAGMENTS: &[&str] = &[
    "President Ana Duarte said",
    " $3.2 billion",
    " about 40%",
    " 会谈中 李明 ",
    "🙂🇰🇪",
    "e\u{301}\u{302}",
    "\r\n",
    "\n\n",
    " \"",
    " “",
    "”",
    " '",
    "’s",
    " (Reuters) —",
    "LAGOS —",
    " Tuesday, March 3, 2026",
    " June 3-7",
    " a three-day summit",
    " a two\u{2011}day visit",
    "\u{2011}",
    " 1.",
    "- 2.",
    " | 12 | 4.5% |",
    "# Heading",
    "<!-- factline-disable-next-line -->",
    " according to",
    " the International Atomic Energy Agency (IAEA)",
    " IAEA",
    " Mr Ruiz",
    " 50th anniversary of its founding in 1976",
    " rose 20% from 100 to 130",
    " N96.3bn",
    " 120 crore taka",
    ",",
    ".",
    ":",
    " —",
    "…",
    " 0",
    " 9,999,999,999,999,999,999",
    "\u{feff}",
    "\t",
    " Mc",
    "Ğ",
    // Forms that once crashed the extraction (see `CRASHES` below).
    " June 3–7",
    " June 3–7, 2026",
    " 2026-06-1’s",
    " 2026-06-01",
    " thousands of",
    " of \u{2003}Élodie Brun said",
    " 3\u{301}",
    " 5\u{a0}%",
    " 40\u{202f}km",
    " €\u{a0}3.2\u{a0}bn",
    " March\u{a0}5",
];

/// The fragments above, then every dash, quote mark, space, combining mark and emoji of the
/// grammar the property tests and fuzz targets use (`tests/grammar`).
fn fragments() -> Vec<&'static str> {
    [FRAGMENTS, &grammar::tricky()].concat()
}

/// A small deterministic generator (xorshift) so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

#[test]
fn generated_hostile_articles_never_panic() {
    let kb = KnowledgeBase::embedded();
    let mut ws = Workspace::new(Arc::clone(&kb), Config::default());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let fragments = fragments();
    for round in 0..2000 {
        let len = 1 + rng.next() % 60;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(fragments[rng.next() % fragments.len()]);
        }
        let format = if round % 3 == 0 { Format::Markdown } else { Format::Plain };
        let key = format!("file:///fuzz/{}.{}", round % 7, if round % 3 == 0 { "md" } else { "txt" });
        let article = ws.set(&key, None, text.clone().into(), format, Some(round));
        // Every span the analysis reports slices the text on character boundaries.
        let a = &article.analysis;
        for span in a
            .mentions
            .iter()
            .map(|m| m.span)
            .chain(a.figures.iter().map(|f| f.span))
            .chain(a.quotes.iter().map(|q| q.span))
        {
            assert!(text.get(span.start..span.end).is_some(), "span {span:?} of round {round}: {text:?}");
        }
        assert_eq!(ws.fault(&key), None, "round {round}: {text:?}");
        ws.check(&key).assert_clean();
    }
}

/// Every input that once crashed `factline check` (exit 101), one file each, with the unit
/// test next to its fix.
const CRASHES: &[(&str, &str)] = &[
    // figures::tests::a_day_range_with_an_en_dash_ends_after_its_last_day
    ("en-dash-range.txt", "The summit ran June 3–7 in Vienna.\n\nMore.\n"),
    ("en-dash-range-year.txt", "Talks\n\nThe summit ran June 3–7, 2026 in Vienna.\n"),
    // figures::tests::an_iso_date_cut_by_a_multibyte_character_is_no_date
    ("iso-date-apostrophe.txt", "It was 2026-06-1’s day.\n\nMore.\n"),
    // figures::tests::vague_thousands_of_ending_a_table_cell_has_no_noun
    ("thousands-of-cell.md", "| Year | Note |\n|---|---|\n| 2026 | thousands of | x |\n"),
    // figures::tests::a_non_breaking_hyphen_joins_a_number_word_and_its_unit
    ("nb-hyphen.txt", "Visit\n\nThey began a two\u{2011}day visit.\n"),
    // attribution::tests::a_subject_after_of_and_a_wide_space_starts_at_its_word (a span
    // inside 'É': no crash in check itself, but every consumer slicing it would)
    (
        "subject-after-of.txt",
        "Deaths\n\nNobody knew that of \u{2003}Élodie Brun said 5 people died.\n",
    ),
];

fn check_json(dir: &std::path::Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .expect("run factline");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Every offset the JSON output gives for `file` falls on a character boundary of its text.
fn assert_offsets_on_boundaries(dir: &std::path::Path, file: &serde_json::Value) {
    let path = file["path"].as_str().expect("path");
    let text = std::fs::read_to_string(dir.join(path)).expect("article");
    let items = ["figures", "quotes", "diagnostics"]
        .iter()
        .flat_map(|k| file[k].as_array().into_iter().flatten());
    for item in items {
        let (start, end) = (
            item["start"].as_u64().unwrap_or(0) as usize,
            item["end"].as_u64().unwrap_or(0) as usize,
        );
        assert!(text.get(start..end).is_some(), "{path}: {start}..{end} in {text:?}");
    }
}

#[test]
fn inputs_that_once_crashed_check_are_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in CRASHES {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let report = check_json(dir.path());
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), CRASHES.len());
    for file in files {
        assert_offsets_on_boundaries(dir.path(), file);
    }
    let figures = |path: &str| -> Vec<String> {
        let file = files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .expect(path);
        file["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["text"].as_str().map(str::to_string))
            .collect()
    };
    assert!(figures("en-dash-range.txt").contains(&"June 3–7".to_string()));
    assert!(figures("en-dash-range-year.txt").contains(&"June 3–7, 2026".to_string()));
    assert!(figures("nb-hyphen.txt").contains(&"two\u{2011}day".to_string()));
}

#[test]
fn a_blank_configured_attribution_phrase_does_not_crash_check() {
    // attribution::tests / lexicon::tests::blank_configured_cues_are_ignored: an empty
    // phrase matched inside "é".
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("factline.toml"),
        "[attribution]\nphrases = [\" \", \"\"]\nverbs = [\"\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("a.txt"),
        "Prices\n\nCafé prices in Zürich rose 5%, officials said.\n",
    )
    .expect("write");
    let report = check_json(dir.path());
    let file = &report["files"][0];
    assert_offsets_on_boundaries(dir.path(), file);
    assert_eq!(file["figures"][0]["text"], "5%");
}
