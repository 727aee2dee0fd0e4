//! Where the archive is: an SQLite file or a PostgreSQL URL (libpq conventions), and how the
//! URL gets its password (`PGPASSWORD`, else `~/.pgpass`; never from `factline.toml`).

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// Reads the `archive` setting: a `postgres://` or `postgresql://` URL, else a file path
    /// taken relative to `base` (the folder of the `factline.toml` naming it).
    pub fn parse(value: &str, base: Option<&Path>) -> Location {
        let v = value.trim();
        if is_postgres_url(v) {
            return Location::Postgres(v.to_string());
        }
        let path = Path::new(v);
        match base {
            Some(b) if path.is_relative() => Location::Sqlite(b.join(path)),
            _ => Location::Sqlite(path.to_path_buf()),
        }
    }

    /// How messages name it: the file, or the URL without any password.
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => without_password(url),
        }
    }
}

pub fn is_postgres_url(v: &str) -> bool {
    v.starts_with("postgres://") || v.starts_with("postgresql://")
}

/// True when a URL carries a password (`postgres://user:secret@host/db`, or `password=` in its
/// query): `factline.toml` is shared and committed, so it must not hold one.
pub fn has_password(url: &str) -> bool {
    let (user_info, _) = split_authority(url);
    user_info.is_some_and(|u| u.contains(':')) || query_params(url).any(|(k, _)| k == "password")
}

fn split_authority(url: &str) -> (Option<&str>, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    }
}

fn query_params(url: &str) -> impl Iterator<Item = (&str, &str)> {
    url.split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
}

/// The URL with its password replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail: String = match tail.split_once('?') {
        Some((path, q)) => {
            let q: Vec<String> = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some(("password", _)) => "password=***".to_string(),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// One line of a `.pgpass` file matched against a connection (libpq's rules: `*` matches
/// anything, `\` escapes `:` and `\`).
pub fn pgpass_lookup(pgpass: &str, host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    for line in pgpass.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass_line(line);
        let [h, p, d, u, password] = fields.as_slice() else { continue };
        let port_s = port.to_string();
        let matches = |field: &str, value: &str| field == "*" || field == value;
        if matches(h, host) && matches(p, &port_s) && matches(d, database) && matches(u, user) {
            return Some(password.clone());
        }
    }
    None
}

fn split_pgpass_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), out.last_mut()) {
                    last.push(next);
                }
            }
            ':' => out.push(String::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

/// `~/.pgpass`, or the file `PGPASSFILE` names.
pub fn pgpass_file() -> Option<PathBuf> {
    if let Some(f) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(f));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_relative_to_the_configuration_and_urls_are_kept() {
        assert_eq!(
            Location::parse("archive.db", Some(Path::new("/news"))),
            Location::Sqlite(PathBuf::from("/news/archive.db"))
        );
        assert_eq!(
            Location::parse("/srv/a.db", Some(Path::new("/news"))),
            Location::Sqlite(PathBuf::from("/srv/a.db"))
        );
        assert_eq!(
            Location::parse("postgres://desk@db.example/news?sslmode=require", None),
            Location::Postgres("postgres://desk@db.example/news?sslmode=require".into())
        );
    }

    #[test]
    fn passwords_are_found_and_never_shown() {
        assert!(has_password("postgres://desk:s3cret@host/db"));
        assert!(has_password("postgresql://host/db?user=desk&password=s3cret"));
        assert!(!has_password("postgres://desk@host/db?sslmode=require"));
        assert!(!has_password("postgres://host:5433/db"));
        assert_eq!(without_password("postgres://desk:s3cret@host/db"), "postgres://desk:***@host/db");
        assert_eq!(
            without_password("postgres://host/db?password=x&sslmode=disable"),
            "postgres://host/db?password=***&sslmode=disable"
        );
    }

    #[test]
    fn pgpass_follows_libpq() {
        let file = "# comment\nother:5432:*:desk:nope\nlocalhost:5432:news:desk:pa\\:ss\n*:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(file, "localhost", 5432, "news", "desk").as_deref(), Some("pa:ss"));
        assert_eq!(pgpass_lookup(file, "db", 5433, "x", "y").as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup("h:1:d:u:p\n", "h", 2, "d", "u"), None);
    }
}
