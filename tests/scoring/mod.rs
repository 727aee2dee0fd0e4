//! Scores `factline check --format json` against the gold annotations of `tests/corpus/`
//! (format: `gold.rs`). Each story folder is one workspace, checked in one call. Spans are
//! compared in characters; a prediction matches a gold item by overlap (`article.rs`,
//! `pairs.rs` say how much for each measure).

mod article;
pub mod gold;
mod pairs;
pub mod prediction;
pub mod text;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

/// The raw counts every measure is computed from.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct Counts {
    pub entity_gold: usize,
    pub entity_predicted: usize,
    pub entity_matched: usize,
    pub entity_matched_typed: usize,
    pub coref_total: usize,
    pub coref_right: usize,
    pub intro_total: usize,
    pub intro_right: usize,
    pub figure_gold: usize,
    pub figure_predicted: usize,
    pub figure_matched: usize,
    pub figure_matched_kind: usize,
    /// Gold figures that want a source and have none; flags; gold ones flagged; right flags.
    pub unsourced_gold: usize,
    pub unsourced_predicted: usize,
    pub unsourced_found: usize,
    pub unsourced_right: usize,
    pub quote_gold: usize,
    pub quote_predicted: usize,
    pub quote_found: usize,
    pub quote_right: usize,
    pub calendar_inconsistent: usize,
    pub calendar_inconsistent_flagged: usize,
    pub calendar_consistent: usize,
    pub calendar_consistent_quiet: usize,
    pub pair_inconsistent: usize,
    pub pair_inconsistent_flagged: usize,
    pub pair_consistent: usize,
    pub pair_consistent_quiet: usize,
    pub pair_superseded: usize,
    pub pair_superseded_marked: usize,
}

/// Counts plus, per kind of mistake, the items behind it (for a reader hunting a regression).
#[derive(Default)]
pub struct Tally {
    pub counts: Counts,
    pub errors: BTreeMap<&'static str, Vec<String>>,
}

impl Tally {
    fn error(&mut self, kind: &'static str, item: String) {
        self.errors.entry(kind).or_default().push(item);
    }

    /// Scores one story folder against the binary's output for its articles.
    pub fn add_folder(&mut self, folder: &gold::Folder, output: &prediction::Output) {
        let predicted: HashMap<&str, &prediction::File> = output.files.iter().map(|f| (f.name(), f)).collect();
        for a in &folder.articles {
            match predicted.get(a.name.as_str()) {
                Some(_) if a.gold.pairs_only => {}
                Some(file) => article::score(a, file, self),
                None => self.error("missing", format!("{}: no prediction", a.name)),
            }
        }
        pairs::score(folder, &predicted, self);
    }

    pub fn scores(&self) -> Scores {
        let c = &self.counts;
        Scores {
            entities: Prf::new(c.entity_matched, c.entity_predicted, c.entity_gold),
            entities_typed: Prf::new(c.entity_matched_typed, c.entity_predicted, c.entity_gold),
            coreference: ratio(c.coref_right, c.coref_total),
            introductions: ratio(c.intro_right, c.intro_total),
            figures: Prf::new(c.figure_matched, c.figure_predicted, c.figure_gold),
            figures_kind: Prf::new(c.figure_matched_kind, c.figure_predicted, c.figure_gold),
            unsourced: Prf::of_flags(c.unsourced_right, c.unsourced_predicted, c.unsourced_found, c.unsourced_gold),
            unattributed: Prf::of_flags(c.quote_right, c.quote_predicted, c.quote_found, c.quote_gold),
            calendar_inconsistent_flagged: ratio(c.calendar_inconsistent_flagged, c.calendar_inconsistent),
            calendar_consistent_quiet: ratio(c.calendar_consistent_quiet, c.calendar_consistent),
            pairs_inconsistent_flagged: ratio(c.pair_inconsistent_flagged, c.pair_inconsistent),
            pairs_consistent_quiet: ratio(c.pair_consistent_quiet, c.pair_consistent),
        }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f: f64,
}

impl Prf {
    /// From matches, predictions and gold items. No prediction is perfect precision only
    /// when nothing was to be found; no gold item is perfect recall.
    pub fn new(matched: usize, predicted: usize, gold: usize) -> Prf {
        Prf::of_flags(matched, predicted, matched, gold)
    }

    /// When one flag may cover several gold items (or the reverse): precision counts the
    /// right flags, recall the gold items found.
    pub fn of_flags(right: usize, predicted: usize, found: usize, gold: usize) -> Prf {
        let p = match (predicted, gold) {
            (0, 0) => 1.0,
            (0, _) => 0.0,
            _ => right as f64 / predicted as f64,
        };
        let r = if gold == 0 { 1.0 } else { found as f64 / gold as f64 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Prf { p, r, f }
    }
}

/// A share of a total; None when there was nothing to count.
fn ratio(part: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| part as f64 / total as f64)
}

#[derive(Debug, Clone, Copy)]
pub struct Scores {
    pub entities: Prf,
    pub entities_typed: Prf,
    pub coreference: Option<f64>,
    pub introductions: Option<f64>,
    pub figures: Prf,
    pub figures_kind: Prf,
    pub unsourced: Prf,
    pub unattributed: Prf,
    pub calendar_inconsistent_flagged: Option<f64>,
    pub calendar_consistent_quiet: Option<f64>,
    pub pairs_inconsistent_flagged: Option<f64>,
    pub pairs_consistent_quiet: Option<f64>,
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.3}"))
}

fn prf3(x: Prf) -> String {
    format!("{:.3} {:.3} {:.3}", x.p, x.r, x.f)
}

impl fmt::Display for Tally {
    fn fmt(&self, out: &mut fmt::Formatter) -> fmt::Result {
        let (s, c) = (self.scores(), &self.counts);
        writeln!(out, "entity mentions (P R F, untyped): {}", prf3(s.entities))?;
        writeln!(out, "entity mentions (P R F, typed):   {}", prf3(s.entities_typed))?;
        writeln!(
            out,
            "coreference accuracy:             {}  ({}/{})",
            share(s.coreference),
            c.coref_right,
            c.coref_total
        )?;
        writeln!(
            out,
            "intro (definition) accuracy:      {}  ({}/{})",
            share(s.introductions),
            c.intro_right,
            c.intro_total
        )?;
        writeln!(out, "figures detected (P R F):         {}", prf3(s.figures))?;
        writeln!(out, "figures with kind (P R F):        {}", prf3(s.figures_kind))?;
        let (u, q) = (s.unsourced, s.unattributed);
        writeln!(
            out,
            "unsourced-figure (P R):           {:.3} {:.3}  (gold {}, pred {})",
            u.p, u.r, c.unsourced_gold, c.unsourced_predicted
        )?;
        writeln!(
            out,
            "unattributed-quote (P R):         {:.3} {:.3}  (gold {}, pred {})",
            q.p, q.r, c.quote_gold, c.quote_predicted
        )?;
        writeln!(
            out,
            "calendar: bad flagged {}, good quiet {}  ({}/{}, {}/{})",
            share(s.calendar_inconsistent_flagged),
            share(s.calendar_consistent_quiet),
            c.calendar_inconsistent_flagged,
            c.calendar_inconsistent,
            c.calendar_consistent_quiet,
            c.calendar_consistent
        )?;
        writeln!(
            out,
            "cross-doc: inconsistent flagged {}, consistent quiet {}  ({}/{}, {}/{})",
            share(s.pairs_inconsistent_flagged),
            share(s.pairs_consistent_quiet),
            c.pair_inconsistent_flagged,
            c.pair_inconsistent,
            c.pair_consistent_quiet,
            c.pair_consistent
        )
    }
}

/// The raw counts, then the items behind each kind of mistake, one per line.
pub fn details(tally: &Tally) -> String {
    let mut out = format!("{:#?}\n", tally.counts);
    for (kind, items) in &tally.errors {
        out.push_str(&format!("--- {kind} ({})\n", items.len()));
        for item in items {
            out.push_str(&format!("    {item}\n"));
        }
    }
    out
}

/// Scores every story folder under `root`, checking each with `check` (the articles' paths
/// in, the JSON output out).
pub fn score_corpus(root: &Path, check: impl Fn(&[&Path]) -> prediction::Output) -> Tally {
    let mut tally = Tally::default();
    for dir in gold::story_folders(root) {
        let folder = gold::load(&dir);
        let paths: Vec<&Path> = folder.articles.iter().map(|a| a.path.as_path()).collect();
        let output = check(&paths);
        tally.add_folder(&folder, &output);
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::gold::{Annotated, Folder};
    use super::*;
    use serde_json::json;

    fn article(name: &str, text: &str, gold: serde_json::Value) -> Annotated {
        Annotated {
            name: name.into(),
            path: name.into(),
            text: text.into(),
            gold: serde_json::from_value(gold).unwrap(),
        }
    }

    /// The byte range of the first `needle` in `text`, as the binary reports spans.
    fn at(text: &str, needle: &str) -> serde_json::Value {
        let start = text.find(needle).unwrap();
        json!({"start": start, "end": start + needle.len()})
    }

    fn with(range: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
        let mut v = range;
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    }

    /// A hand-made prediction with one mistake of each kind gives the counts worked out here.
    #[test]
    fn each_kind_of_mistake_counts_where_it_should() {
        // CJK first, so byte offsets and character offsets differ.
        let a = "東京 — Vladimir Putin met Xi Jinping in Moscow on Tuesday, May 14. Putin said trade hit $240 billion, \
                 up 25 percent. \"We are friends,\" a source said.";
        let b = "Trade reached $250 billion, up 25 percent, customs said.";
        let folder = Folder {
            articles: vec![
                article(
                    "a.txt",
                    a,
                    json!({
                        "entities": [
                            {"id": "Vladimir Putin", "type": "person", "surfaces": ["Vladimir Putin", "Putin"], "intro": "Vladimir Putin"},
                            {"id": "Xi Jinping", "type": "person", "surfaces": ["Xi Jinping"], "intro": "Xi Jinping"},
                            {"id": "Moscow", "type": "place", "surfaces": ["Moscow"], "intro": "Moscow"}
                        ],
                        "figures": [
                            {"text": "May 14", "kind": "date", "checkworthy": false, "sourced": false},
                            {"text": "$240 billion", "kind": "money", "checkworthy": true, "sourced": true},
                            {"text": "25 percent", "kind": "percent", "checkworthy": true, "sourced": false}
                        ],
                        "quotes": [{"text": "We are friends", "attributed": false}],
                        "calendar": [{"text": "Tuesday, May 14", "consistent": true}]
                    }),
                ),
                article("b.txt", b, json!({})),
            ],
            pairs: serde_json::from_value(json!([
                {"a": {"doc": "a.txt", "text": "$240 billion"}, "b": {"doc": "b.txt", "text": "$250 billion"}, "verdict": "inconsistent"},
                {"a": {"doc": "a.txt", "text": "25 percent"}, "b": {"doc": "b.txt", "text": "25 percent"}, "verdict": "consistent"}
            ]))
            .unwrap(),
        };
        let output: prediction::Output = serde_json::from_value(json!({"files": [
            {"path": "/x/a.txt",
             "entities": [
                {"id": "putin", "name": "Vladimir Putin", "kind": "person", "intro": at(a, "Vladimir Putin"),
                 "mentions": [at(a, "Vladimir Putin"), at(a, "Putin said")]},
                {"id": "xi", "name": "Xi Jinping", "kind": "organization", "intro": at(a, "Xi Jinping"), "mentions": [at(a, "Xi Jinping")]},
                {"id": "tuesday", "name": "Tuesday", "kind": "person", "mentions": [at(a, "Tuesday")]}
             ],
             "figures": [
                with(at(a, "May 14"), json!({"kind": "date"})),
                with(at(a, "$240 billion"), json!({"kind": "money"})),
                with(at(a, "25 percent"), json!({"kind": "count"}))
             ],
             "diagnostics": [
                with(at(a, "25 percent"), json!({"code": "unsourced-figure", "severity": "warning"})),
                with(at(a, "$240 billion"), json!({"code": "unsourced-figure", "severity": "warning"})),
                with(at(a, "25 percent"), json!({"code": "inconsistent-number", "severity": "hint",
                    "related": [with(at(b, "25 percent"), json!({"path": "/x/b.txt"}))]}))
             ]},
            {"path": "/x/b.txt",
             "diagnostics": [with(at(b, "$250 billion"), json!({"code": "inconsistent-number", "severity": "warning",
                "related": [with(at(a, "$240 billion"), json!({"path": "/x/a.txt"}))]}))]}
        ]}))
        .unwrap();
        let mut tally = Tally::default();
        tally.add_folder(&folder, &output);
        let c = &tally.counts;
        // "Putin" inside "Putin said" is a half-covering match; "Tuesday" is a false mention.
        assert_eq!(
            (c.entity_gold, c.entity_predicted, c.entity_matched, c.entity_matched_typed),
            (4, 4, 3, 2)
        );
        assert_eq!((c.coref_total, c.coref_right, c.intro_total, c.intro_right), (1, 1, 1, 1));
        assert_eq!(
            (c.figure_gold, c.figure_predicted, c.figure_matched, c.figure_matched_kind),
            (3, 3, 3, 2)
        );
        assert_eq!(
            (c.unsourced_gold, c.unsourced_predicted, c.unsourced_found, c.unsourced_right),
            (1, 2, 1, 1)
        );
        assert_eq!((c.quote_gold, c.quote_predicted, c.quote_found), (1, 0, 0));
        assert_eq!(
            (c.calendar_consistent, c.calendar_consistent_quiet, c.calendar_inconsistent),
            (1, 1, 0)
        );
        // A hint is not a flag.
        assert_eq!(
            (
                c.pair_inconsistent,
                c.pair_inconsistent_flagged,
                c.pair_consistent,
                c.pair_consistent_quiet
            ),
            (1, 1, 1, 1)
        );
        let s = tally.scores();
        assert_eq!((s.unsourced.p, s.unsourced.r), (0.5, 1.0));
        assert_eq!((s.unattributed.p, s.unattributed.r, s.unattributed.f), (0.0, 0.0, 0.0));
        assert!((s.entities_typed.f - 0.5).abs() < 1e-9);
        assert_eq!(tally.errors["entity_type"].len(), 1);
        assert_eq!(tally.errors["entity_fn"], vec!["a.txt: \"Moscow\" (place)"]);
        assert_eq!(tally.errors["quote_fn"].len(), 1);
    }
}
