//! The bulk places: every GeoNames city of 15,000+ people and every ISO 3166-2 subdivision
//! the TOML files do not hold (`data/kb/places.tsv`, written by `scripts/gen_kb.py`).
//!
//! Parsed as entries they would cost half a second and 160 MiB at start-up, so the table stays
//! the embedded text, sorted by spelling, and is searched in place by binary search, only for
//! the capitalised names the name finder proposes. A row is
//! `spelling, id, name, subkind, country id, population, parent`, tab-separated; a place's
//! entry id is [`BASE`] plus the byte offset of the row that spells its name (or of its only
//! row), and the entry is built when first asked for.

use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap as HashMap;

use super::{EntityKind, Entry, EntryId, Form, Origin};

static TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/kb/places.tsv"));

/// Entry ids at or above this are bulk places (far above any count of TOML entries).
pub const BASE: EntryId = 1 << 31;

/// The table's rows as `(start, end)` byte ranges are not stored: a binary search steps to the
/// start of the line around a byte offset instead.
fn line_start(table: &str, at: usize) -> usize {
    table.as_bytes()[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)
}

fn line_end(table: &str, start: usize) -> usize {
    table.as_bytes()[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(table.len(), |p| start + p)
}

fn spelling_of(row: &str) -> &str {
    row.split('\t').next().unwrap_or("")
}

/// The offset of the first row whose spelling is not less than `key`.
fn lower_bound(table: &str, key: &str) -> usize {
    let (mut lo, mut hi) = (0, table.len());
    // Invariant: rows starting before `lo` are less than `key`; rows starting at or after `hi`
    // are not; `lo` and `hi` are row starts (or the end).
    while lo < hi {
        let start = line_start(table, lo + (hi - lo) / 2).max(lo);
        let end = line_end(table, start);
        if spelling_of(&table[start..end]) < key {
            lo = (end + 1).min(table.len());
        } else {
            hi = start;
        }
    }
    lo
}

/// The rows spelled exactly `spelling`, as (offset, row).
fn rows_spelled<'t>(table: &'t str, spelling: &str) -> impl Iterator<Item = (usize, &'t str)> {
    let mut at = lower_bound(table, spelling);
    std::iter::from_fn(move || {
        if at >= table.len() {
            return None;
        }
        let end = line_end(table, at);
        let row = &table[at..end];
        if spelling_of(row) != spelling {
            return None;
        }
        let out = (at, row);
        at = end + 1;
        Some(out)
    })
}

/// The places `spelling` may mean, most populous first, with how it spells each.
pub fn find(spelling: &str) -> Vec<(EntryId, Form)> {
    find_in(TABLE, spelling)
}

fn find_in(table: &str, spelling: &str) -> Vec<(EntryId, Form)> {
    if spelling.is_empty() || spelling.contains(['\t', '\n']) {
        return Vec::new();
    }
    rows_spelled(table, spelling)
        .filter_map(|(offset, row)| {
            let f: Vec<&str> = row.split('\t').collect();
            let (id, name) = (*f.get(1)?, *f.get(2)?);
            if name == spelling {
                return Some((BASE + u32::try_from(offset).ok()?, Form::Name));
            }
            // The row that spells the name, when the table holds it (it may have been left out
            // as a common word while its folded spelling was kept).
            let canonical = rows_spelled(table, name)
                .find(|(_, r)| r.split('\t').nth(1) == Some(id))
                .map_or(offset, |(o, _)| o);
            Some((BASE + u32::try_from(canonical).ok()?, Form::Alias))
        })
        .collect()
}

/// The place of entry id `id` (a [`BASE`] id from [`find`]), built once per process.
/// `country_name` gives a country id's display name for the description.
pub fn entry(id: EntryId, country_name: &dyn Fn(&str) -> Option<String>) -> Option<&'static Entry> {
    // Entries are built on demand and kept for the process: at most one per place of the
    // table, and only for places some article named.
    static BUILT: OnceLock<Mutex<HashMap<EntryId, &'static Entry>>> = OnceLock::new();
    let built = BUILT.get_or_init(Mutex::default);
    if let Some(e) = built.lock().ok()?.get(&id) {
        return Some(e);
    }
    let e: &'static Entry = Box::leak(Box::new(build(TABLE, id, country_name)?));
    let mut map = built.lock().ok()?;
    Some(*map.entry(id).or_insert(e))
}

fn build(table: &str, id: EntryId, country_name: &dyn Fn(&str) -> Option<String>) -> Option<Entry> {
    let offset = usize::try_from(id.checked_sub(BASE)?).ok()?;
    if offset >= table.len() || line_start(table, offset) != offset {
        return None;
    }
    let row = &table[offset..line_end(table, offset)];
    let f: Vec<&str> = row.split('\t').collect();
    let [_, slug, name, subkind, country, population, parent] = f[..] else {
        return None;
    };
    let aliases: Vec<String> = {
        // Every other spelling of this place: the folded forms sort elsewhere, so they are not
        // listed; the name is what the hover and the sheet show.
        Vec::new()
    };
    let place = country_name(country).unwrap_or_else(|| country.to_string());
    let what = if subkind == "city" {
        "City".to_string()
    } else {
        capitalise(subkind)
    };
    let mut description = format!("{what} in {place}");
    if !parent.is_empty() {
        description.push_str(&format!(" ({parent})"));
    }
    if let Ok(n) = population.parse::<u64>() {
        description.push_str(&format!(", population {} (GeoNames)", thousands(n)));
    } else {
        description.push_str(" (ISO 3166-2)");
    }
    Some(Entry {
        id: slug.to_string(),
        name: name.to_string(),
        kind: EntityKind::Place,
        subkind: Some(subkind.to_string()),
        aliases,
        misspellings: Vec::new(),
        demonyms: Vec::new(),
        country: Some(country.to_string()),
        capital: None,
        description: Some(description),
        ambiguous: Vec::new(),
        // Below every TOML entry: a hand-picked or larger place of the same name wins.
        priority: 10,
        origin: Origin {
            file: "places.tsv".to_string(),
            line: u32::try_from(table.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()).unwrap_or(0),
            embedded: true,
        },
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "Alpha\talpha-xx\tAlpha\tcity\txland\t20000\t\nBeta Town\tbeta-xx\tBeta Town\tcity\txland\t50000\t\nBeta Town\tbeta-yy\tBeta Town\tprovince\tyland\t\tNorth\nGamma\tgamma-xx\tGämma\tcity\txland\t16000\t\n";

    #[test]
    fn binary_search_finds_every_row_of_a_spelling() {
        assert_eq!(find_in(T, "Alpha"), vec![(BASE, Form::Name)]);
        let beta = find_in(T, "Beta Town");
        assert_eq!(beta.len(), 2);
        assert!(beta.iter().all(|(_, f)| *f == Form::Name));
        assert!(find_in(T, "Beta").is_empty());
        assert!(find_in(T, "Zeta").is_empty());
        assert!(find_in(T, "").is_empty());
        assert!(find_in(T, "Aaa").is_empty());
    }

    #[test]
    fn a_folded_spelling_without_its_name_row_is_its_own_row() {
        let g = find_in(T, "Gamma");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].1, Form::Alias);
        let e = build(T, g[0].0, &|_| Some("Xland".into())).map(|e| (e.name, e.description));
        assert_eq!(
            e,
            Some(("Gämma".to_string(), Some("City in Xland, population 16,000 (GeoNames)".to_string())))
        );
    }

    #[test]
    fn entries_carry_country_and_parent() {
        let beta = find_in(T, "Beta Town");
        let e = build(T, beta[1].0, &|c| (c == "yland").then(|| "Yland".into()));
        let e = e.map(|e| (e.country, e.description, e.kind));
        assert_eq!(
            e,
            Some((
                Some("yland".into()),
                Some("Province in Yland (North) (ISO 3166-2)".into()),
                EntityKind::Place
            ))
        );
        // An id that is not a row start is no entry.
        assert!(build(T, BASE + 3, &|_| None).is_none());
        assert!(build(T, 5, &|_| None).is_none());
    }

    #[test]
    fn the_embedded_table_is_sorted_and_well_formed() {
        let mut last = "";
        for row in TABLE.lines() {
            let f: Vec<&str> = row.split('\t').collect();
            assert_eq!(f.len(), 7, "{row}");
            assert!(last <= f[0], "{last} > {}", f[0]);
            last = f[0];
        }
        for w in ["Mobile", "Nice", "Reading", "Split", "Bath", "Of", "Long", "Central"] {
            assert!(find(w).is_empty(), "{w} is a common word");
        }
        assert!(!find("Tacloban").is_empty());
        // A name the word list holds opens a longer place name of its own country: a place.
        for w in ["Cebu", "Quezon"] {
            assert!(!find(w).is_empty(), "{w} is a province of the Philippines");
        }
        // A name the word list holds that opens no place name of its country: a person's.
        assert!(find("Eugene").is_empty());
    }
}
