//! The two back ends behind one interface: SQLite (rusqlite, the library bundled) and
//! PostgreSQL (the `postgres` client, TLS through rustls: `tls`). One schema, versioned
//! migrations in `migrations/`, applied by writers only.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use rusqlite::{OpenFlags, OptionalExtension, params};

use super::location::{Location, pgpass_file, pgpass_lookup};
use super::record::ArticleRecord;

/// The migrations, in order: migration `i` brings the schema to version `i + 1`. Each is
/// SQL for both engines, then SQL for PostgreSQL alone (what SQLite cannot or need not do),
/// then SQL for SQLite alone.
/// A change to what a statement body holds (`record::Body`) needs one too, clearing the
/// bodies it cannot read (as `0002` does).
const MIGRATIONS: &[(&str, &str, &str)] = &[
    (include_str!("migrations/0001_init.sql"), "", ""),
    (
        include_str!("migrations/0002_statement_format.sql"),
        include_str!("migrations/0002_postgres.sql"),
        "",
    ),
    ("", "", include_str!("migrations/0003_sqlite.sql")),
];
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the archive cannot be used. Every variant is one line: callers report it once and go
/// on without the archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{0}: no archive there (`factline archive add` creates one)")]
    Missing(String),
    #[error("{0}: not a factline archive or damaged ({1})")]
    Corrupt(String, String),
    #[error("{0}: the archive is locked by another program")]
    Locked(String),
    #[error("{at}: the archive's schema version {found} is newer than this factline's ({known}); update factline")]
    Newer { at: String, found: i64, known: i64 },
    #[error("{at}: the archive's schema version {found} is older than this factline's ({known}); `factline archive add` upgrades it")]
    Older { at: String, found: i64, known: i64 },
    #[error("{0}: cannot reach the PostgreSQL server ({1})")]
    Unreachable(String, String),
    #[error("{0}: no TLS connection to the PostgreSQL server ({1})")]
    Tls(String, String),
    #[error("{0}: {1}")]
    Database(String, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Checking: never creates or migrates anything, waits briefly for locks.
    Read,
    /// `archive add`/`remove`: creates the archive, applies migrations, waits for other writers.
    Write,
}

/// Timeouts of one use: the server's are short (a keystroke never waits on the archive).
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    pub connect: Duration,
    pub busy: Duration,
}

impl Timeouts {
    pub fn for_mode(mode: Mode) -> Timeouts {
        match mode {
            Mode::Read => Timeouts {
                connect: Duration::from_secs(3),
                busy: Duration::from_millis(500),
            },
            Mode::Write => Timeouts {
                connect: Duration::from_secs(10),
                busy: Duration::from_secs(60),
            },
        }
    }
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

pub struct Archive {
    conn: Conn,
    shown: String,
    mode: Mode,
    /// An import's SQLite transaction is open (`write_into_open`).
    open: bool,
    /// The lookup keys of the open transaction, inserted as it commits.
    open_keys: write::PendingKeys,
}

impl Drop for Archive {
    /// A writer puts an SQLite archive back to one file (no `-wal`, `-shm` beside it) when
    /// it is the last one using it; otherwise the last writer to finish does. Waiting for
    /// others is not worth it: the log is folded in when the last connection closes anyway.
    fn drop(&mut self) {
        if let (Conn::Sqlite(c), Mode::Write) = (&self.conn, self.mode) {
            // An import that failed half-way leaves nothing of its open transaction.
            if self.open {
                let _ = c.execute_batch("ROLLBACK");
            }
            let _ = c.busy_timeout(Duration::ZERO);
            let _ = c.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()));
        }
    }
}

/// An archived statement found for a lookup key, with its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub content_hash: String,
    pub ord: i64,
    pub body: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    pub articles: i64,
    pub statements: i64,
    pub entity_rows: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub schema_version: i64,
}

impl Archive {
    pub fn open(location: &Location, mode: Mode) -> Result<Archive, ArchiveError> {
        Archive::open_with(location, mode, Timeouts::for_mode(mode))
    }

    pub fn open_with(location: &Location, mode: Mode, timeouts: Timeouts) -> Result<Archive, ArchiveError> {
        let shown = location.shown();
        let conn = match location {
            Location::Sqlite(path) => Conn::Sqlite(open_sqlite(path, mode, timeouts, &shown)?),
            Location::Postgres(url) => Conn::Postgres(Box::new(open_postgres(url, timeouts, &shown)?)),
        };
        let mut archive = Archive {
            conn,
            shown,
            mode,
            open: false,
            open_keys: write::PendingKeys::default(),
        };
        match mode {
            Mode::Write => archive.migrate()?,
            Mode::Read => archive.check_version()?,
        }
        Ok(archive)
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.conn, Conn::Postgres(_))
    }

    fn schema_version(&mut self) -> Result<Option<i64>, ArchiveError> {
        let shown = self.shown.clone();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let exists: bool = c
                    .query_row(
                        "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'factline_schema'",
                        [],
                        |r| r.get(0),
                    )
                    .map_err(|e| sqlite_error(&shown, e))?;
                if !exists {
                    return Ok(None);
                }
                c.query_row("SELECT MAX(version) FROM factline_schema", [], |r| r.get::<_, Option<i64>>(0))
                    .map_err(|e| sqlite_error(&shown, e))
            }
            // One round trip (no statement prepared first): a missing table is the answer
            // "no archive here", not a fault.
            Conn::Postgres(c) => match c.query_typed_one("SELECT CAST(MAX(version) AS BIGINT) FROM factline_schema", &[]) {
                Ok(row) => Ok(row.get::<_, Option<i64>>(0)),
                Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => Ok(None),
                Err(e) => Err(pg_error(&shown, e)),
            },
        }
    }

    fn check_version(&mut self) -> Result<(), ArchiveError> {
        match self.schema_version()? {
            None => Err(ArchiveError::Missing(self.shown.clone())),
            Some(v) => self.compare_version(v),
        }
    }

    fn compare_version(&self, found: i64) -> Result<(), ArchiveError> {
        let at = self.shown.clone();
        match found.cmp(&SCHEMA_VERSION) {
            std::cmp::Ordering::Greater => Err(ArchiveError::Newer {
                at,
                found,
                known: SCHEMA_VERSION,
            }),
            std::cmp::Ordering::Less => Err(ArchiveError::Older {
                at,
                found,
                known: SCHEMA_VERSION,
            }),
            std::cmp::Ordering::Equal => Ok(()),
        }
    }

    /// Brings the schema to [`SCHEMA_VERSION`] inside one transaction that excludes other
    /// writers (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so two first imports at
    /// once create it once.
    fn migrate(&mut self) -> Result<(), ArchiveError> {
        const CREATE: &str = "CREATE TABLE IF NOT EXISTS factline_schema (version BIGINT NOT NULL)";
        let shown = self.shown.clone();
        let found = match &mut self.conn {
            Conn::Sqlite(c) => {
                let tx = c
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| sqlite_error(&shown, e))?;
                tx.execute_batch(CREATE).map_err(|e| sqlite_error(&shown, e))?;
                let found: i64 = tx
                    .query_row("SELECT COALESCE(MAX(version), 0) FROM factline_schema", [], |r| r.get(0))
                    .map_err(|e| sqlite_error(&shown, e))?;
                for (i, (sql, _, sqlite_only)) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
                    tx.execute_batch(sql).map_err(|e| sqlite_error(&shown, e))?;
                    tx.execute_batch(sqlite_only).map_err(|e| sqlite_error(&shown, e))?;
                    tx.execute("INSERT INTO factline_schema (version) VALUES (?1)", params![i as i64 + 1])
                        .map_err(|e| sqlite_error(&shown, e))?;
                }
                tx.commit().map_err(|e| sqlite_error(&shown, e))?;
                found
            }
            Conn::Postgres(c) => {
                let mut tx = c.transaction().map_err(|e| pg_error(&shown, e))?;
                // Any constant: it names factline's migration lock in this database.
                tx.execute("SELECT pg_advisory_xact_lock(4641957)", &[])
                    .map_err(|e| pg_error(&shown, e))?;
                tx.batch_execute(CREATE).map_err(|e| pg_error(&shown, e))?;
                let found: i64 = tx
                    .query_one("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM factline_schema", &[])
                    .map_err(|e| pg_error(&shown, e))?
                    .get(0);
                for (i, (sql, postgres_only, _)) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
                    tx.batch_execute(sql).map_err(|e| pg_error(&shown, e))?;
                    tx.batch_execute(postgres_only).map_err(|e| pg_error(&shown, e))?;
                    tx.execute("INSERT INTO factline_schema (version) VALUES ($1)", &[&(i as i64 + 1)])
                        .map_err(|e| pg_error(&shown, e))?;
                }
                tx.commit().map_err(|e| pg_error(&shown, e))?;
                found
            }
        };
        if found > SCHEMA_VERSION {
            self.compare_version(found)
        } else {
            Ok(())
        }
    }

    /// The stored content hash of each of `paths` that the archive holds.
    pub fn hashes(&mut self, paths: &[String]) -> Result<HashMap<String, String>, ArchiveError> {
        let shown = self.shown.clone();
        let mut out = HashMap::new();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut st = c
                    .prepare_cached("SELECT content_hash FROM articles WHERE path = ?1")
                    .map_err(|e| sqlite_error(&shown, e))?;
                for p in paths {
                    let h: Option<String> = st
                        .query_row(params![p], |r| r.get(0))
                        .optional()
                        .map_err(|e| sqlite_error(&shown, e))?;
                    if let Some(h) = h {
                        out.insert(p.clone(), h);
                    }
                }
            }
            Conn::Postgres(c) => {
                let rows = c
                    .query("SELECT path, content_hash FROM articles WHERE path = ANY($1)", &[&paths])
                    .map_err(|e| pg_error(&shown, e))?;
                for r in rows {
                    out.insert(r.get(0), r.get(1));
                }
            }
        }
        Ok(out)
    }

    /// Writes `records` in one transaction, each replacing what the archive held for its
    /// path. Two writers at once both succeed: an article row is upserted (the second waits
    /// for the first), then its statements are replaced; rows are taken in id order so two
    /// batches never wait on each other in a circle.
    pub fn write(&mut self, records: &[ArticleRecord]) -> Result<(), ArchiveError> {
        let mut sorted: Vec<&ArticleRecord> = records.iter().collect();
        sorted.sort_by_key(|r| r.id);
        sorted.dedup_by_key(|r| r.id);
        let shown = self.shown.clone();
        match &mut self.conn {
            Conn::Sqlite(c) => write::write_sqlite(c, &sorted).map_err(|e| sqlite_error(&shown, e)),
            Conn::Postgres(c) => write::write_postgres(c, &sorted).map_err(|e| pg_error(&shown, e)),
        }
    }

    /// Writes `records` into the import's open SQLite transaction, beginning one (it takes the
    /// write lock) when none is open; [`Archive::commit_open`] ends it. An import streams its
    /// articles this way as they are analysed, so analysis and writing overlap and no more
    /// than a few hundred records wait in memory. PostgreSQL writes them in a transaction of
    /// their own ([`Archive::write`]).
    pub fn write_into_open(&mut self, records: &[ArticleRecord]) -> Result<(), ArchiveError> {
        let shown = self.shown.clone();
        let Conn::Sqlite(c) = &mut self.conn else {
            return self.write(records);
        };
        let mut sorted: Vec<&ArticleRecord> = records.iter().collect();
        sorted.sort_by_key(|r| r.id);
        sorted.dedup_by_key(|r| r.id);
        if !self.open {
            c.execute_batch("BEGIN IMMEDIATE").map_err(|e| sqlite_error(&shown, e))?;
            self.open = true;
        }
        write::write_sqlite_articles(c, &sorted).map_err(|e| sqlite_error(&shown, e))?;
        self.open_keys.add(&sorted);
        Ok(())
    }

    /// Commits the transaction [`Archive::write_into_open`] began, if one is open.
    pub fn commit_open(&mut self) -> Result<(), ArchiveError> {
        let shown = self.shown.clone();
        if let (Conn::Sqlite(c), true) = (&mut self.conn, self.open) {
            self.open_keys.insert(c).map_err(|e| sqlite_error(&shown, e))?;
            c.execute_batch("COMMIT").map_err(|e| sqlite_error(&shown, e))?;
            self.open = false;
        }
        Ok(())
    }

    /// Removes the articles at `path` or below it (a folder); returns how many.
    pub fn remove(&mut self, path: &str) -> Result<u64, ArchiveError> {
        let below = format!("{}/", path.trim_end_matches('/'));
        let shown = self.shown.clone();
        const MATCH: &str = "path = $1 OR substr(path, 1, length($2)) = $2";
        let children = ["statement_keys", "statements", "entity_mentions"];
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let run = |c: &mut rusqlite::Connection| -> rusqlite::Result<u64> {
                    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    let gone: Vec<(i64, String)> = tx
                        .prepare(&format!("SELECT id, COALESCE(date, '') FROM articles WHERE {MATCH}"))?
                        .query_map(params![path, below], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<_>>()?;
                    for (id, date) in &gone {
                        write::clear_sqlite(&tx, *id, date)?;
                    }
                    let n = tx.execute(&format!("DELETE FROM articles WHERE {MATCH}"), params![path, below])?;
                    tx.commit()?;
                    Ok(n as u64)
                };
                run(c).map_err(|e| sqlite_error(&shown, e))
            }
            Conn::Postgres(c) => {
                let run = |c: &mut postgres::Client| -> Result<u64, postgres::Error> {
                    let mut tx = c.transaction()?;
                    for t in children {
                        tx.execute(
                            &format!("DELETE FROM {t} WHERE article_id IN (SELECT id FROM articles WHERE {MATCH})"),
                            &[&path, &below],
                        )?;
                    }
                    let n = tx.execute(&format!("DELETE FROM articles WHERE {MATCH}"), &[&path, &below])?;
                    tx.commit()?;
                    Ok(n)
                };
                run(c).map_err(|e| pg_error(&shown, e))
            }
        }
    }

    pub fn stats(&mut self) -> Result<Stats, ArchiveError> {
        const SQL: &str = "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM statements), \
             (SELECT COUNT(*) FROM entity_mentions), (SELECT MIN(date) FROM articles), (SELECT MAX(date) FROM articles)";
        let shown = self.shown.clone();
        let mut s = match &mut self.conn {
            Conn::Sqlite(c) => c
                .query_row(SQL, [], |r| {
                    Ok(Stats {
                        articles: r.get(0)?,
                        statements: r.get(1)?,
                        entity_rows: r.get(2)?,
                        first_date: r.get(3)?,
                        last_date: r.get(4)?,
                        schema_version: 0,
                    })
                })
                .map_err(|e| sqlite_error(&shown, e))?,
            Conn::Postgres(c) => {
                let r = c.query_one(SQL, &[]).map_err(|e| pg_error(&shown, e))?;
                Stats {
                    articles: r.get(0),
                    statements: r.get(1),
                    entity_rows: r.get(2),
                    first_date: r.get(3),
                    last_date: r.get(4),
                    schema_version: 0,
                }
            }
        };
        s.schema_version = self.schema_version()?.unwrap_or(0);
        Ok(s)
    }

    /// The archived statements filed under each of `keys`, at most `per_key` each, newest
    /// articles first. Only the keys travel to the database.
    pub fn candidates(&mut self, keys: &[String], per_key: usize) -> Result<Vec<Candidate>, ArchiveError> {
        let shown = self.shown.clone();
        let limit = per_key as i64;
        let mut out = Vec::new();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                // In process, a query per key costs no round trip, and each reads the newest
                // rows of its key off the end of the index.
                const SQL: &str = "SELECT a.path, a.headline, a.date, a.content_hash, s.ord, s.body \
                     FROM statement_keys k JOIN statements s ON s.article_id = k.article_id AND s.ord = k.ord \
                     JOIN articles a ON a.id = k.article_id WHERE k.key = ?1 \
                     ORDER BY k.date DESC, k.article_id DESC, k.ord DESC LIMIT ?2";
                let mut st = c.prepare_cached(SQL).map_err(|e| sqlite_error(&shown, e))?;
                for k in keys {
                    let rows = st
                        .query_map(params![k, limit], |r| {
                            Ok(Candidate {
                                path: r.get(0)?,
                                headline: r.get(1)?,
                                date: r.get(2)?,
                                content_hash: r.get(3)?,
                                ord: r.get(4)?,
                                body: r.get(5)?,
                            })
                        })
                        .map_err(|e| sqlite_error(&shown, e))?;
                    for row in rows {
                        out.push(row.map_err(|e| sqlite_error(&shown, e))?);
                    }
                }
            }
            Conn::Postgres(c) => {
                out = read::candidates_postgres(c, keys, limit).map_err(|e| pg_error(&shown, e))?;
            }
        }
        Ok(out)
    }

    /// How many archived articles mention `entity` (a stable id), and how many times in all.
    pub fn entity_mentions(&mut self, entity: &str) -> Result<(i64, i64), ArchiveError> {
        const SQL: &str = "SELECT COUNT(*), CAST(COALESCE(SUM(mentions), 0) AS BIGINT) FROM entity_mentions WHERE entity = $1";
        let shown = self.shown.clone();
        match &mut self.conn {
            Conn::Sqlite(c) => c
                .query_row(SQL, params![entity], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| sqlite_error(&shown, e)),
            Conn::Postgres(c) => {
                let r = c
                    .query_typed_one(SQL, &[(&entity, postgres::types::Type::TEXT)])
                    .map_err(|e| pg_error(&shown, e))?;
                Ok((r.get(0), r.get(1)))
            }
        }
    }
}

fn open_sqlite(path: &Path, mode: Mode, timeouts: Timeouts, shown: &str) -> Result<rusqlite::Connection, ArchiveError> {
    let flags = match mode {
        Mode::Read => {
            // Opening a missing file read-only fails with a vague message; say what it is.
            if !path.exists() {
                return Err(ArchiveError::Missing(shown.to_string()));
            }
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        }
        Mode::Write => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    };
    let c = rusqlite::Connection::open_with_flags(path, flags).map_err(|e| sqlite_error(shown, e))?;
    c.busy_timeout(timeouts.busy).map_err(|e| sqlite_error(shown, e))?;
    if mode == Mode::Write {
        // Each batch is its own transaction; a crash loses at most the batch under way. A
        // write-ahead log while writing: a commit appends the changed pages once (no rollback
        // journal of the old ones, no sync until a checkpoint), and readers (an editor's
        // server) keep reading during an import. The lookup-key index grows at random
        // places: a large page cache keeps those pages in memory between batches instead of
        // re-reading them (up to 256 MiB, for imports only).
        // Changing the journal mode needs the file to itself: another import may hold it (or be
        // switching it back as it ends). Retried for the busy timeout, then left as it is:
        // writing works in either mode.
        let since = std::time::Instant::now();
        while let Err(e) = c.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            match sqlite_error(shown, e) {
                ArchiveError::Locked(_) if since.elapsed() < timeouts.busy => std::thread::sleep(Duration::from_millis(20)),
                ArchiveError::Locked(_) => break,
                other => return Err(other),
            }
        }
        // The schema's foreign keys are not checked (PostgreSQL's are dropped, see migration
        // 2): writers delete an article's rows themselves, and a check per row written costs
        // a lookup in articles.
        c.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144")
            .map_err(|e| sqlite_error(shown, e))?;
    }
    Ok(c)
}

fn sqlite_error(shown: &str, e: rusqlite::Error) -> ArchiveError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => ArchiveError::Locked(shown.to_string()),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => ArchiveError::Corrupt(shown.to_string(), e.to_string()),
        Some(ErrorCode::CannotOpen) => ArchiveError::Missing(shown.to_string()),
        _ => ArchiveError::Database(shown.to_string(), e.to_string()),
    }
}

fn pg_error(shown: &str, e: postgres::Error) -> ArchiveError {
    if e.is_closed() || e.as_db_error().is_none() && e.code().is_none() {
        return ArchiveError::Unreachable(shown.to_string(), one_line(&e));
    }
    match e.code() {
        Some(c) if *c == postgres::error::SqlState::UNDEFINED_TABLE => ArchiveError::Corrupt(shown.to_string(), one_line(&e)),
        _ => ArchiveError::Database(shown.to_string(), one_line(&e)),
    }
}

fn one_line(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        source = inner.source();
    }
    s.replace('\n', " ")
}

/// Connects with libpq's conventions: the password from the URL's own environment
/// (`PGPASSWORD`) or `~/.pgpass`; `sslmode` and `sslrootcert` from the URL (see [`tls`]).
fn open_postgres(url: &str, timeouts: Timeouts, shown: &str) -> Result<postgres::Client, ArchiveError> {
    let (url, tls_params) = tls::take_tls_params(url);
    let mut config = postgres::Config::from_str(&url).map_err(|e| ArchiveError::Database(shown.to_string(), one_line(&e)))?;
    if config.get_user().is_none()
        && let Ok(user) = std::env::var("PGUSER").or_else(|_| std::env::var("USER"))
    {
        config.user(&user);
    }
    if config.get_password().is_none() {
        if let Ok(pw) = std::env::var("PGPASSWORD") {
            config.password(pw);
        } else if let Some(pw) = pgpass_password(&config) {
            config.password(pw);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(timeouts.connect);
    }
    let connector = tls::connector(&tls_params).map_err(|e| ArchiveError::Tls(shown.to_string(), e))?;
    let result = match connector {
        None => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(postgres::NoTls)
        }
        Some(connector) => {
            config.ssl_mode(if tls_params.mode == tls::SslMode::Prefer {
                postgres::config::SslMode::Prefer
            } else {
                postgres::config::SslMode::Require
            });
            config.connect(connector)
        }
    };
    result.map_err(|e| match e.as_db_error() {
        Some(_) => ArchiveError::Database(shown.to_string(), one_line(&e)),
        None if tls::is_tls_failure(&e) => ArchiveError::Tls(shown.to_string(), one_line(&e)),
        None => ArchiveError::Unreachable(shown.to_string(), one_line(&e)),
    })
}

fn pgpass_password(config: &postgres::Config) -> Option<Vec<u8>> {
    let text = std::fs::read_to_string(pgpass_file()?).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(_)) => "localhost".to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user()?.to_string();
    let db = config.get_dbname().map_or_else(|| user.clone(), str::to_string);
    pgpass_lookup(&text, &host, port, &db, &user).map(String::into_bytes)
}

mod read;
#[cfg(test)]
mod tests;
mod tls;
mod write;
