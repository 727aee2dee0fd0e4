//! Tests of the store: the order lookup keys are written in, and what replacing and removing
//! articles leave behind in an SQLite archive.

use super::write::key_rows;
use super::*;
use crate::archive::record::StatementRecord;
use crate::text::Span;

fn record(id: i64, date: Option<&str>, keys: &[&[&str]]) -> ArticleRecord {
    ArticleRecord {
        id,
        path: format!("/a/{id}.md"),
        headline: String::new(),
        date: date.map(str::to_string),
        content_hash: String::new(),
        statements: keys
            .iter()
            .map(|ks| StatementRecord {
                dimension: "count".into(),
                low: 1.0,
                high: 1.0,
                span: Span::new(0, 1),
                source: None,
                body: String::new(),
                keys: ks.iter().map(|k| k.to_string()).collect(),
            })
            .collect(),
        entities: Vec::new(),
    }
}

fn analysed(path: &str, text: &str) -> ArticleRecord {
    let kb = crate::kb::KnowledgeBase::embedded();
    let a = crate::extract::analyze(text, &crate::extract::Context::new(kb.clone()));
    ArticleRecord::new(path, text, &a, &kb)
}

fn sqlite(archive: &Archive) -> &rusqlite::Connection {
    match &archive.conn {
        Conn::Sqlite(c) => c,
        Conn::Postgres(_) => unreachable!("a file archive"),
    }
}

/// Every lookup-key row, as (key, date, article, statement), sorted.
fn key_table(archive: &Archive) -> Vec<(String, String, i64, i64)> {
    let mut st = sqlite(archive)
        .prepare("SELECT key, date, article_id, ord FROM statement_keys ORDER BY 1, 2, 3, 4")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn expected_keys(records: &[&ArticleRecord]) -> Vec<(String, String, i64, i64)> {
    let mut out: Vec<_> = key_rows(records)
        .into_iter()
        .map(|(k, d, id, ord)| (k.to_string(), d.to_string(), id, ord))
        .collect();
    out.sort();
    out
}

const QUAKE: &str = "Quake kills 34 in Peru\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, officials said. Damage reached $3.2 billion.\n";
const QUAKE_LATER: &str = "Quake toll rises in Peru\nLIMA, March 2, 2026 — Rescuers said 51 people died and 12 villages lost power; the budget for repairs is 40 percent higher.\n";
const FERRY_LATER: &str =
    "Ferry found\nDHAKA, March 4, 2026 — Divers reached the ferry; 14 people are missing and the search cost $2 million.\n";
const FERRY: &str = "Ferry sinks\nDHAKA, March 1, 2026 — The ferry carried 120 passengers and 9 crew, the port authority said.\n";

/// Schema 3 keeps no index of the lookup keys by article in SQLite: replacing an article
/// (its date and keys changed) or removing it leaves none of its old keys behind, and an
/// archive of schema 2 loses the index when a writer opens it.
#[test]
fn replaced_and_removed_articles_leave_no_lookup_keys_behind() {
    let dir = tempfile::tempdir().unwrap();
    let location = Location::Sqlite(dir.path().join("archive.db"));
    let mut archive = Archive::open(&location, Mode::Write).unwrap();
    let index_count = |a: &Archive| -> i64 {
        sqlite(a)
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'statement_keys_article'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(index_count(&archive), 0);
    let quake = analysed("/news/quake.md", QUAKE);
    let ferry = analysed("/news/ferry.md", FERRY);
    archive.write(&[quake.clone(), ferry.clone()]).unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&quake, &ferry]));
    // The same path, new text: another date, other keys.
    let later = analysed("/news/quake.md", QUAKE_LATER);
    assert_ne!(later.date, quake.date);
    archive.write(std::slice::from_ref(&later)).unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&later, &ferry]));
    // A body this version cannot read: its article's keys still go (by a scan).
    sqlite(&archive)
        .execute("UPDATE statements SET body = '{\"f\":0}' WHERE article_id = ?1", params![ferry.id])
        .unwrap();
    let ferry_later = analysed("/news/ferry.md", FERRY_LATER);
    archive.write(std::slice::from_ref(&ferry_later)).unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&later, &ferry_later]));
    assert_eq!(archive.remove("/news").unwrap(), 2);
    assert!(key_table(&archive).is_empty());
    let stats = archive.stats().unwrap();
    assert_eq!((stats.articles, stats.statements, stats.entity_rows), (0, 0, 0));
    // Schema 2, with its index: a writer brings it to 3.
    sqlite(&archive)
        .execute_batch(
            "DELETE FROM factline_schema WHERE version = 3; \
             CREATE INDEX statement_keys_article ON statement_keys (article_id)",
        )
        .unwrap();
    drop(archive);
    assert!(matches!(
        Archive::open(&location, Mode::Read),
        Err(ArchiveError::Older { found: 2, .. })
    ));
    let archive = Archive::open(&location, Mode::Write).unwrap();
    assert_eq!(index_count(&archive), 0);
    assert_eq!(archive_version(&archive), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 3);
}

fn archive_version(archive: &Archive) -> i64 {
    sqlite(archive)
        .query_row("SELECT MAX(version) FROM factline_schema", [], |r| r.get(0))
        .unwrap()
}

/// The rows come out as a full sort of them would give (the index's order): keys shared
/// across articles and statements, dates out of order and missing, negative ids.
#[test]
fn key_rows_come_in_the_order_of_their_index() {
    let records = [
        record(
            7,
            Some("2026-03-01"),
            &[&["count\u{1f}people", "count\u{1f}dead"], &["percent\u{1f}rate"]],
        ),
        record(
            -3,
            Some("2026-03-01"),
            &[&["count\u{1f}people"], &["count\u{1f}people", "percent\u{1f}rate"]],
        ),
        record(2, None, &[&["count\u{1f}dead"]]),
        record(-9, Some("2025-12-31"), &[&["count\u{1f}people"], &[], &["money:USD\u{1f}cost"]]),
    ];
    let refs: Vec<&ArticleRecord> = records.iter().collect();
    let mut expected: Vec<(&str, &str, i64, i64)> = records
        .iter()
        .flat_map(|r| {
            r.statements.iter().enumerate().flat_map(move |(i, s)| {
                s.keys
                    .iter()
                    .map(move |k| (k.as_str(), r.date.as_deref().unwrap_or(""), r.id, i as i64))
            })
        })
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 9);
    assert_eq!(key_rows(&refs), expected);
}

/// An import's streamed writes: its parts land in one open transaction, which readers do not
/// see until it commits; its lookup keys are inserted at the commit (the same rows one
/// `write` gives, re-added articles replaced); an archive dropped with the transaction open
/// keeps nothing of it.
#[test]
fn streamed_parts_commit_together_and_a_dropped_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let location = Location::Sqlite(dir.path().join("archive.db"));
    let quake = analysed("/news/quake.md", QUAKE);
    let ferry = analysed("/news/ferry.md", FERRY);
    let mut archive = Archive::open(&location, Mode::Write).unwrap();
    archive.write_into_open(std::slice::from_ref(&quake)).unwrap();
    archive.write_into_open(std::slice::from_ref(&ferry)).unwrap();
    // Nothing yet for a reader, and no key rows written yet even inside the transaction.
    assert_eq!(Archive::open(&location, Mode::Read).unwrap().stats().unwrap().articles, 0);
    assert!(key_table(&archive).is_empty());
    archive.commit_open().unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&quake, &ferry]));
    assert_eq!(Archive::open(&location, Mode::Read).unwrap().stats().unwrap().articles, 2);
    // A later import replaces one article, then fails before committing.
    let later = analysed("/news/quake.md", QUAKE_LATER);
    archive.write_into_open(std::slice::from_ref(&later)).unwrap();
    drop(archive);
    let mut archive = Archive::open(&location, Mode::Write).unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&quake, &ferry]));
    archive.write_into_open(std::slice::from_ref(&later)).unwrap();
    archive.commit_open().unwrap();
    // Committing with nothing open does nothing.
    archive.commit_open().unwrap();
    assert_eq!(key_table(&archive), expected_keys(&[&later, &ferry]));
}
