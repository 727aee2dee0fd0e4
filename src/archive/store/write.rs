//! The writers of `Archive::write` for both engines: an import's batch of articles, each
//! replacing what the archive held for its path, and the clearing of an article's rows.

use std::sync::Arc;

use rusqlite::{OptionalExtension, params};

use crate::archive::record::ArticleRecord;

pub(super) fn write_sqlite(c: &mut rusqlite::Connection, records: &[&ArticleRecord]) -> rusqlite::Result<()> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    write_sqlite_articles(&tx, records)?;
    insert_sqlite_keys(&tx, key_rows(records))?;
    tx.commit()
}

fn insert_sqlite_keys<'a>(c: &rusqlite::Connection, rows: impl IntoIterator<Item = (&'a str, &'a str, i64, i64)>) -> rusqlite::Result<()> {
    let mut key = c.prepare_cached("INSERT OR IGNORE INTO statement_keys (key, date, article_id, ord) VALUES (?1, ?2, ?3, ?4)")?;
    for (k, date, id, ord) in rows {
        key.execute(params![k, date, id, ord])?;
    }
    Ok(())
}

/// The lookup-key rows of an open SQLite transaction, inserted at its commit in the order of
/// their index (as `key_rows` orders one batch): the rows of a key then come from the
/// transaction's thousands of articles together rather than from each batch of a few hundred.
/// A few tens of MiB at 8,192 articles, against the ~150 MiB their whole records took.
#[derive(Default)]
pub(super) struct PendingKeys(rustc_hash::FxHashMap<String, Vec<KeyRow>>);

/// A lookup key's row but the key: its article's date, the article, the statement.
type KeyRow = (Arc<str>, i64, i64);

impl PendingKeys {
    pub(super) fn add(&mut self, records: &[&ArticleRecord]) {
        for r in records {
            let date: Arc<str> = Arc::from(r.date.as_deref().unwrap_or(""));
            for (i, s) in r.statements.iter().enumerate() {
                for k in &s.keys {
                    let row = (date.clone(), r.id, i as i64);
                    match self.0.get_mut(k.as_str()) {
                        Some(rows) => rows.push(row),
                        None => {
                            self.0.insert(k.clone(), vec![row]);
                        }
                    }
                }
            }
        }
    }

    /// Inserts the rows gathered (each key's sorted by date, article and statement) and
    /// forgets them.
    pub(super) fn insert(&mut self, c: &rusqlite::Connection) -> rusqlite::Result<()> {
        let mut groups: Vec<(String, Vec<KeyRow>)> = std::mem::take(&mut self.0).into_iter().collect();
        groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, rows) in &mut groups {
            rows.sort_unstable();
        }
        insert_sqlite_keys(
            c,
            groups
                .iter()
                .flat_map(|(k, rows)| rows.iter().map(move |(d, id, ord)| (k.as_str(), &**d, *id, *ord))),
        )
    }
}

/// Writes `records` (sorted by id) inside the caller's transaction, each replacing what the
/// archive held for its path: the article, statement and entity rows; not the lookup keys.
pub(super) fn write_sqlite_articles(c: &rusqlite::Connection, records: &[&ArticleRecord]) -> rusqlite::Result<()> {
    let mut held = c.prepare_cached("SELECT COALESCE(date, '') FROM articles WHERE id = ?1")?;
    let mut upsert = c.prepare_cached(
        "INSERT INTO articles (id, path, headline, date, content_hash) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (id) DO UPDATE SET path = excluded.path, headline = excluded.headline, \
         date = excluded.date, content_hash = excluded.content_hash",
    )?;
    let mut statement = c.prepare_cached(
        "INSERT INTO statements (article_id, ord, dimension, low, high, span_start, span_end, source, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut entity = c.prepare_cached("INSERT INTO entity_mentions (entity, article_id, mentions, spans) VALUES (?1, ?2, ?3, ?4)")?;
    for r in records {
        // Only an article held before has rows to clear: a new one (most of an import)
        // costs one lookup. The write lock is ours, so this stays true.
        let held_date: Option<String> = held.query_row(params![r.id], |row| row.get(0)).optional()?;
        if let Some(date) = held_date {
            clear_sqlite(c, r.id, &date)?;
        }
        upsert.execute(params![r.id, r.path, r.headline, r.date, r.content_hash])?;
        for (i, s) in r.statements.iter().enumerate() {
            statement.execute(params![
                r.id,
                i as i64,
                s.dimension,
                s.low,
                s.high,
                s.span.start as i64,
                s.span.end as i64,
                s.source,
                s.body
            ])?;
        }
        for e in &r.entities {
            entity.execute(params![e.entity, r.id, e.mentions as i64, e.spans])?;
        }
    }
    Ok(())
}

/// Deletes the statements, lookup keys and entity mentions of the article `id`, whose keys
/// were filed under `date` ('' when it has none). SQLite's archive has no index of the keys
/// by article (migration 3): they are read off the article's statement bodies and deleted by
/// the table's primary key; only a body this version cannot read costs a scan of the table.
pub(super) fn clear_sqlite(c: &rusqlite::Connection, id: i64, date: &str) -> rusqlite::Result<()> {
    let bodies: Vec<(i64, String)> = c
        .prepare_cached("SELECT ord, body FROM statements WHERE article_id = ?1")?
        .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut key = c.prepare_cached("DELETE FROM statement_keys WHERE key = ?1 AND date = ?2 AND article_id = ?3 AND ord = ?4")?;
    let mut unreadable = false;
    for (ord, body) in &bodies {
        match crate::archive::record::body_keys(body) {
            Some(keys) => {
                for k in keys {
                    key.execute(params![k, date, id, ord])?;
                }
            }
            None => unreadable = true,
        }
    }
    if unreadable {
        c.prepare_cached("DELETE FROM statement_keys WHERE article_id = ?1")?
            .execute(params![id])?;
    }
    c.prepare_cached("DELETE FROM statements WHERE article_id = ?1")?
        .execute(params![id])?;
    c.prepare_cached("DELETE FROM entity_mentions WHERE article_id = ?1")?
        .execute(params![id])?;
    Ok(())
}

/// The lookup-key rows of a batch (key, article date, article id, statement number) in the
/// order of their index, so neighbouring inserts land on the same index pages. Grouped by key
/// through a hash map, the articles taken in (date, id) order so that each group comes out
/// sorted: sorting all the rows by their strings took a seventh of the writer's time.
pub(super) fn key_rows<'a>(records: &[&'a ArticleRecord]) -> Vec<(&'a str, &'a str, i64, i64)> {
    let date = |r: &'a ArticleRecord| r.date.as_deref().unwrap_or("");
    let mut by_date: Vec<&'a ArticleRecord> = records.to_vec();
    by_date.sort_unstable_by(|a, b| (date(a), a.id).cmp(&(date(b), b.id)));
    let mut groups: rustc_hash::FxHashMap<&'a str, Vec<(&'a str, i64, i64)>> = Default::default();
    let mut n = 0;
    for r in by_date {
        for (i, s) in r.statements.iter().enumerate() {
            for k in &s.keys {
                groups.entry(k.as_str()).or_default().push((date(r), r.id, i as i64));
                n += 1;
            }
        }
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(n);
    for (k, rows) in groups {
        out.extend(rows.into_iter().map(|(d, id, ord)| (k, d, id, ord)));
    }
    out
}

/// PostgreSQL takes the articles of a batch as arrays in one upsert (`UNNEST`), and their
/// statements, lookup keys and entity mentions through `COPY` (binary): a round trip per row
/// would cap the import at a few hundred articles a second, and `COPY` spares the server the
/// planning and executor work of an `INSERT` for each of the ~90 rows an article has.
///
/// No conflict can meet the copied rows: each article's row is upserted first, which holds
/// another writer of the same article until this transaction ends, and then its old rows are
/// deleted.
pub(super) fn write_postgres(c: &mut postgres::Client, records: &[&ArticleRecord]) -> Result<(), postgres::Error> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;

    let mut tx = c.transaction()?;
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let paths: Vec<&str> = records.iter().map(|r| r.path.as_str()).collect();
    let headlines: Vec<&str> = records.iter().map(|r| r.headline.as_str()).collect();
    let dates: Vec<Option<&str>> = records.iter().map(|r| r.date.as_deref()).collect();
    let hashes: Vec<&str> = records.iter().map(|r| r.content_hash.as_str()).collect();
    tx.execute(
        "INSERT INTO articles (id, path, headline, date, content_hash) \
         SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[]) \
         ON CONFLICT (id) DO UPDATE SET path = excluded.path, headline = excluded.headline, \
         date = excluded.date, content_hash = excluded.content_hash",
        &[&ids, &paths, &headlines, &dates, &hashes],
    )?;
    for t in ["statement_keys", "statements", "entity_mentions"] {
        tx.execute(&format!("DELETE FROM {t} WHERE article_id = ANY($1)"), &[&ids])?;
    }
    let mut rows = BinaryCopyInWriter::new(
        tx.copy_in(
            "COPY statements (article_id, ord, dimension, low, high, span_start, span_end, source, body) \
             FROM STDIN (FORMAT binary)",
        )?,
        &[
            Type::INT8,
            Type::INT4,
            Type::TEXT,
            Type::FLOAT8,
            Type::FLOAT8,
            Type::INT4,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
        ],
    );
    for r in records {
        for (i, s) in r.statements.iter().enumerate() {
            rows.write(&[
                &r.id,
                &(i as i32),
                &s.dimension,
                &s.low,
                &s.high,
                &(s.span.start as i32),
                &(s.span.end as i32),
                &s.source,
                &s.body,
            ])?;
        }
    }
    rows.finish()?;
    let mut rows = BinaryCopyInWriter::new(
        tx.copy_in("COPY statement_keys (key, date, article_id, ord) FROM STDIN (FORMAT binary)")?,
        &[Type::TEXT, Type::TEXT, Type::INT8, Type::INT4],
    );
    for (key, date, id, ord) in key_rows(records) {
        rows.write(&[&key, &date, &id, &(ord as i32)])?;
    }
    rows.finish()?;
    let mut rows = BinaryCopyInWriter::new(
        tx.copy_in("COPY entity_mentions (entity, article_id, mentions, spans) FROM STDIN (FORMAT binary)")?,
        &[Type::TEXT, Type::INT8, Type::INT4, Type::TEXT],
    );
    for r in records {
        for e in &r.entities {
            rows.write(&[&e.entity, &r.id, &(e.mentions as i32), &e.spans])?;
        }
    }
    rows.finish()?;
    tx.commit()
}
