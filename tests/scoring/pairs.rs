//! The measure across articles: a pair of figures the gold calls inconsistent must carry an
//! `inconsistent-number` (error or warning) on one side whose related information points at
//! the other side; a consistent pair must carry none. A `superseded` pair (a running total
//! and its later, higher value) counts as consistent and must also carry a
//! `superseded-figure` on its older side (`a`) pointing at the newer.

use std::collections::HashMap;

use super::Tally;
use super::gold::{Folder, PairSide};
use super::prediction::{File, file_name};
use super::text::{Chars, Span, overlap};

pub fn score(folder: &Folder, predicted: &HashMap<&str, &File>, tally: &mut Tally) {
    let texts: HashMap<&str, Chars> = folder.articles.iter().map(|a| (a.name.as_str(), Chars::new(&a.text))).collect();
    // A side's first located span (its named occurrence, if any).
    let locate = |side: &PairSide| -> Option<Span> {
        let all = texts.get(side.doc.as_str())?.find(&side.text);
        all.get(side.occurrence.unwrap_or(0)).copied()
    };
    for pair in &folder.pairs {
        let mut label = format!("{}:{:?} vs {}:{:?}", pair.a.doc, pair.a.text, pair.b.doc, pair.b.text);
        if let Some(class) = &pair.class {
            label.push_str(&format!(" [{class}]"));
        }
        let (Some(a), Some(b)) = (locate(&pair.a), locate(&pair.b)) else {
            tally.error("pair_missing", label);
            continue;
        };
        let flagged_with = |code: &str, side: &PairSide, at: Span, other: &PairSide, other_at: Span| -> bool {
            let (Some(file), Some(chars), Some(other_chars)) = (
                predicted.get(side.doc.as_str()),
                texts.get(side.doc.as_str()),
                texts.get(other.doc.as_str()),
            ) else {
                return false;
            };
            file.diagnostics
                .iter()
                .filter(|d| d.code == code && (code != "inconsistent-number" || matches!(d.severity.as_deref(), Some("error" | "warning"))))
                .filter(|d| overlap(chars.span(d.start, d.end), at) > 0)
                .flat_map(|d| &d.related)
                .any(|r| file_name(&r.path) == other.doc && overlap(other_chars.span(r.start, r.end), other_at) > 0)
        };
        let flagged =
            |side: &PairSide, at: Span, other: &PairSide, other_at: Span| flagged_with("inconsistent-number", side, at, other, other_at);
        let found = flagged(&pair.a, a, &pair.b, b) || flagged(&pair.b, b, &pair.a, a);
        // An update of a running total: no contradiction, and the older side (`a`) is marked
        // as superseded by the newer.
        if pair.verdict == "superseded" {
            let marked = flagged_with("superseded-figure", &pair.a, a, &pair.b, b);
            let c = &mut tally.counts;
            c.pair_superseded += 1;
            if marked {
                c.pair_superseded_marked += 1;
            } else {
                tally.error("superseded_fn", label.clone());
            }
        }
        let c = &mut tally.counts;
        if pair.verdict == "inconsistent" {
            c.pair_inconsistent += 1;
            if found {
                c.pair_inconsistent_flagged += 1;
            } else {
                tally.error("xdoc_fn", label);
            }
        } else {
            c.pair_consistent += 1;
            if found {
                tally.error("xdoc_fp", label);
            } else {
                c.pair_consistent_quiet += 1;
            }
        }
    }
}
