//! The index against comparing every pair of statements, on the corpus and on copies of it.

use super::*;
use crate::extract::quantity::restated_values;
use crate::extract::{Context, analyze};
use crate::kb::KnowledgeBase;

fn add(ix: &mut QuantityIndex, doc: &str, text: &str) {
    let kb = KnowledgeBase::embedded();
    let a = analyze(text, &Context::new(kb.clone()));
    ix.update(doc, text, &a, &kb);
}

#[test]
fn finds_across_documents_and_updates_in_place() {
    let mut ix = QuantityIndex::new();
    add(&mut ix, "a.txt", "Quake\nThe earthquake killed 34 people, officials said.\n");
    add(&mut ix, "b.txt", "Quake\nThe death toll from the earthquake rose to 43.\n");
    add(&mut ix, "c.txt", "Budget\nThe city budget is $3 billion.\n");
    let m = ix.matches("a.txt", 0);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!((m[0].doc, m[0].agrees), ("b.txt", false));
    assert_eq!(ix.neighbours("a.txt").len(), 1);
    assert_eq!(ix.affected("a.txt").len(), 1);
    assert!(ix.affected("c.txt").is_empty());
    add(&mut ix, "b.txt", "Quake\nThe death toll from the earthquake rose to 34.\n");
    let m = ix.matches("a.txt", 0);
    assert!(m[0].agrees);
    ix.remove("b.txt");
    assert!(ix.matches("a.txt", 0).is_empty());
    assert!(ix.neighbours("a.txt").is_empty());
}

/// The same-quantity lookup without clusters: every statement sharing a posting with
/// `doc`'s statement `i`, compared one by one (the way the index worked before it grouped
/// statements), as (article, span start, agrees, a later update of it, an earlier value it
/// updates), sorted.
fn brute_force(docs: &[(String, Vec<Statement>)], doc: &str, i: usize) -> Vec<(String, usize, bool, bool, bool)> {
    let mine_all = &docs.iter().find(|(d, _)| d == doc).unwrap().1;
    let me = &mine_all[i];
    let mine: HashSet<Posting> = postings(me).collect();
    let mut out = Vec::new();
    for (d, statements) in docs {
        for (j, other) in statements.iter().enumerate() {
            if d == doc && j == i || !postings(other).any(|p| mine.contains(&p)) {
                continue;
            }
            let restated = d == doc && restates(me, other);
            if d == doc && other.sentence == me.sentence && !restated {
                continue;
            }
            let same = if restated {
                common_view(&me.quantity, &other.quantity).is_some()
            } else {
                same_quantity_of(&me.quantity, &other.quantity)
                    && near_enough(me, other)
                    && (d != doc || own_article_too(me, other))
                    && !said_otherwise_by_any(mine_all, me, other)
            };
            if same {
                out.push((
                    d.clone(),
                    other.span.start,
                    agree(&me.quantity, &other.quantity),
                    supersedes(other, me),
                    supersedes(me, other),
                ));
            }
        }
    }
    out.sort();
    out
}

/// [`said_otherwise`] one statement of the article at a time: the first 16 of the value range
/// in value order, as the index looks.
fn said_otherwise_by_any(mine: &[Statement], me: &Statement, other: &Statement) -> bool {
    let q = &other.quantity;
    let (low, high) = restated_values(q);
    let mut in_range: Vec<(f64, usize)> = mine
        .iter()
        .enumerate()
        .filter(|(_, s)| (low..=high).contains(&s.quantity.value))
        .map(|(j, s)| (s.quantity.value, j))
        .collect();
    in_range.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    !me.headline
        && in_range
            .iter()
            .take(16)
            .map(|&(_, j)| &mine[j])
            .any(|s| !std::ptr::eq(s, me) && agree(&s.quantity, q) && !own_article_too(me, s) && same_quantity_of(&s.quantity, q))
}

/// Our corpus articles, and a copy of each with digits varied (so clusters hold
/// several statements, agreeing and not), as (key, text).
fn corpus_with_copies() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flat_map(|story| std::fs::read_dir(story.unwrap().path()).into_iter().flatten())
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (n, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        for copy in 0..2 {
            // Every copy but the first changes the last digit of one number in three.
            let mut seen = 0;
            let varied: String = text
                .split_inclusive(|c: char| !c.is_ascii_digit())
                .map(|piece| {
                    let digits = piece.trim_end_matches(|c: char| !c.is_ascii_digit());
                    if digits.is_empty() || !piece.starts_with(|c: char| c.is_ascii_digit()) {
                        return piece.to_string();
                    }
                    seen += 1;
                    if copy == 0 || seen % 3 != n % 3 {
                        return piece.to_string();
                    }
                    let last = digits.as_bytes()[digits.len() - 1] - b'0';
                    format!(
                        "{}{}{}",
                        &digits[..digits.len() - 1],
                        (last + copy as u8) % 10,
                        &piece[digits.len()..]
                    )
                })
                .collect();
            out.push((format!("{copy}/{}", f.strip_prefix(&root).unwrap().display()), varied));
        }
    }
    out
}

#[test]
fn the_index_finds_what_comparing_every_pair_finds() {
    let kb = KnowledgeBase::embedded();
    let articles = corpus_with_copies();
    let mut docs = Vec::new();
    let mut ix = QuantityIndex::new();
    for (key, text) in &articles {
        let ctx = Context {
            default_year: Some(2026),
            ..Context::new(kb.clone())
        };
        let a = analyze(text, &ctx);
        let statements = statements_of(text, &a, &kb);
        ix.replace(key, statements.clone());
        docs.push((key.clone(), statements));
    }
    let mut compared = 0;
    let mut conflicts = 0;
    let mut updates = 0;
    // One memo for every article, as a check run's rules share one per article.
    let memo = Decisions::default();
    for (key, statements) in &docs {
        for (i, me) in statements.iter().enumerate() {
            let want = brute_force(&docs, key, i);
            let found = ix.find(key, i, Wanted::All, usize::MAX);
            let mut got: Vec<(String, usize, bool)> = found
                .matches
                .iter()
                .map(|m| (m.doc.to_string(), m.statement.span.start, m.agrees))
                .collect();
            got.sort();
            let all: Vec<(String, usize, bool)> = want.iter().map(|m| (m.0.clone(), m.1, m.2)).collect();
            assert_eq!(got, all, "{key} statement {i} ({})", me.text);
            assert_eq!(found.total, want.len());
            // The capped lookups count them all and list the nearest few of them.
            let wrong: Vec<_> = want.iter().filter(|m| !m.2 && !m.3 && !m.4).map(|m| (m.0.clone(), m.1)).collect();
            let newer: Vec<_> = want.iter().filter(|m| !m.2 && m.3).map(|m| (m.0.clone(), m.1)).collect();
            for (wanted, expected) in [(Wanted::Conflicting, &wrong), (Wanted::Superseding, &newer)] {
                let capped = ix.find(key, i, wanted, 3);
                // The decisions kept from the lookup before (or another article's) change nothing.
                assert_eq!(ix.find_deciding(Some(&memo), key, i, wanted, 3), capped, "{key} statement {i}");
                assert_eq!(capped.total, expected.len(), "{key} statement {i} {wanted:?}");
                assert_eq!(capped.matches.len(), expected.len().min(3));
                for m in &capped.matches {
                    assert!(!m.agrees && expected.contains(&(m.doc.to_string(), m.statement.span.start)));
                }
            }
            compared += want.len();
            conflicts += wrong.len();
            updates += newer.len();
        }
    }
    // The corpus and its copies do restate and contradict each other.
    assert!(compared > 1000 && conflicts > 100, "{compared} {conflicts} {updates}");
}

#[test]
fn the_nearest_in_date_come_first_then_the_sourced() {
    let mut ix = QuantityIndex::new();
    for day in 1..=20 {
        let source = if day % 2 == 0 { ", officials said" } else { "" };
        add(
            &mut ix,
            &format!("{day:02}.txt"),
            &format!(
                "Quake\nLIMA, March {day}, 2026 — The earthquake in Peru killed {} people{source}.\n",
                1003 + 10 * day
            ),
        );
    }
    // A toll rising day by day: updates, not contradictions (`superseded-figure`).
    assert_eq!(ix.find("10.txt", 0, Wanted::Conflicting, 4).total, 0);
    let newer = ix.find("10.txt", 0, Wanted::Superseding, 3);
    assert_eq!(newer.total, 10);
    assert_eq!(
        newer.matches.iter().map(|m| m.doc).collect::<Vec<_>>(),
        ["11.txt", "12.txt", "13.txt"]
    );
    let found = ix.find("10.txt", 0, Wanted::All, 4);
    assert_eq!(found.total, 19);
    let docs: Vec<&str> = found.matches.iter().map(|m| m.doc).collect();
    // Days 9 and 11 (one day off; 11 is unsourced but as near), then 8 and 12 (two days).
    assert_eq!(docs, ["08.txt", "09.txt", "11.txt", "12.txt"]);
    let found = ix.find("01.txt", 0, Wanted::All, 3);
    assert_eq!(
        found.matches.iter().map(|m| m.doc).collect::<Vec<_>>(),
        ["02.txt", "03.txt", "04.txt"]
    );
    // A statement removed leaves its cluster; the last one removed, the cluster goes.
    for day in 1..=20 {
        ix.remove(&format!("{day:02}.txt"));
    }
    assert!(ix.postings.is_empty() && ix.by_hash.is_empty());
    assert_eq!(ix.free.len(), ix.clusters.len());
}
