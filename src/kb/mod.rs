//! The knowledge base: who and what a name can refer to.
//!
//! An embedded default (every `data/kb/*.toml`, compiled in) plus workspace files that add or
//! override entries by id. Names are found in text by one aho-corasick automaton over every
//! spelling ([`Matcher`]).

mod load;
mod matcher;
pub mod places;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

pub use load::KbError;
pub use matcher::{Form, KbMatch, Matcher};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// Index of an entry in its [`KnowledgeBase`].
pub type EntryId = u32;

/// Where an entry was defined: the embedded file name or a workspace path, and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// Zero-based line of the entry's `[[entity]]` header.
    pub line: u32,
    pub embedded: bool,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub subkind: Option<String>,
    pub aliases: Vec<String>,
    pub misspellings: Vec<String>,
    pub demonyms: Vec<String>,
    pub country: Option<String>,
    pub capital: Option<String>,
    pub description: Option<String>,
    pub ambiguous: Vec<String>,
    pub priority: i32,
    pub origin: Origin,
}

pub struct KnowledgeBase {
    entries: Vec<Entry>,
    by_id: HashMap<String, EntryId>,
    matcher: Matcher,
    /// Each person's surname (the last word of the name) when no other entry shares it.
    surnames: HashMap<String, EntryId>,
    reviewed: Option<String>,
    /// Whether the bulk places of [`places`] are searched (the embedded knowledge base and
    /// workspace files laid over it; not an empty one).
    bulk_places: bool,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase").field("entries", &self.entries.len()).finish()
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
}

impl KnowledgeBase {
    /// The compiled-in knowledge base, parsed once per process.
    pub fn embedded() -> Arc<KnowledgeBase> {
        static KB: OnceLock<Arc<KnowledgeBase>> = OnceLock::new();
        KB.get_or_init(|| {
            let (entries, reviewed, errors) = load::parse_embedded(embedded::EMBEDDED);
            // The embedded data is checked by tests; a bad entry is skipped, never fatal.
            for e in &errors {
                eprintln!("factline: embedded knowledge base: {e}");
            }
            let mut kb = KnowledgeBase::from_entries(entries, reviewed);
            kb.bulk_places = true;
            Arc::new(kb)
        })
        .clone()
    }

    /// An empty knowledge base (for tests and `--no-kb`).
    pub fn empty() -> KnowledgeBase {
        KnowledgeBase::from_entries(Vec::new(), None)
    }

    /// The embedded entries with workspace files laid over them: an entry whose id exists
    /// replaces it, others are added. Any error in any file rejects the whole overlay, so the
    /// caller can keep the previous knowledge base in force.
    pub fn with_workspace_files(base: &KnowledgeBase, files: &[(String, String)]) -> Result<KnowledgeBase, Vec<KbError>> {
        let mut entries = base.entries.clone();
        let mut index: HashMap<String, usize> = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let mut errors = Vec::new();
        for (path, text) in files {
            match load::parse_file(path, text, false) {
                Ok((file_entries, _)) => {
                    for e in file_entries {
                        match index.get(&e.id) {
                            Some(&i) => entries[i] = e,
                            None => {
                                index.insert(e.id.clone(), entries.len());
                                entries.push(e);
                            }
                        }
                    }
                }
                Err(mut errs) => errors.append(&mut errs),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut kb = KnowledgeBase::from_entries(entries, base.reviewed.clone());
        kb.bulk_places = base.bulk_places;
        Ok(kb)
    }

    fn from_entries(entries: Vec<Entry>, reviewed: Option<String>) -> KnowledgeBase {
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as EntryId)).collect();
        let matcher = Matcher::new(&entries);
        let surnames = surnames(&entries, &matcher);
        KnowledgeBase {
            entries,
            by_id,
            matcher,
            surnames,
            reviewed,
            bulk_places: false,
        }
    }

    /// The one person whose surname `word` is ("Macron"), for a bare surname an article never
    /// introduces; none when two people share it or it is a spelling of anything else.
    pub fn person_by_surname(&self, word: &str) -> Option<EntryId> {
        self.surnames.get(word).copied()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of an id from [`KnowledgeBase::matcher`], [`KnowledgeBase::place`] or
    /// [`KnowledgeBase::get`]. A bulk place's id that is not one (it cannot come from those)
    /// gives a placeholder rather than a panic.
    pub fn entry(&self, id: EntryId) -> &Entry {
        if id >= places::BASE {
            let country = |c: &str| self.get(c).map(|i| self.entries[i as usize].name.clone());
            if let Some(e) = places::entry(id, &country) {
                return e;
            }
            static NONE: OnceLock<Entry> = OnceLock::new();
            return NONE.get_or_init(|| Entry {
                id: String::new(),
                name: String::new(),
                kind: EntityKind::Place,
                subkind: None,
                aliases: Vec::new(),
                misspellings: Vec::new(),
                demonyms: Vec::new(),
                country: None,
                capital: None,
                description: None,
                ambiguous: Vec::new(),
                priority: 0,
                origin: Origin {
                    file: String::new(),
                    line: 0,
                    embedded: true,
                },
            });
        }
        &self.entries[id as usize]
    }

    /// The bulk places (towns of 15,000+, subdivisions at every level) a name the article
    /// writes may be, most populous first; none when the name is a spelling of an entry.
    pub fn place(&self, spelling: &str) -> Vec<(EntryId, Form)> {
        if !self.bulk_places {
            return Vec::new();
        }
        places::find(spelling)
    }

    pub fn get(&self, id: &str) -> Option<EntryId> {
        self.by_id.get(id).copied()
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The date the embedded data was last reviewed, as the data files state it.
    pub fn reviewed(&self) -> Option<&str> {
        self.reviewed.as_deref()
    }

    /// Checks the invariants the data files promise: unique ids, valid references, and every
    /// spelling shared by two entries marked `ambiguous` in both.
    pub fn validate(entries: &[Entry]) -> Vec<String> {
        load::validate(entries)
    }
}

/// The surname index of [`KnowledgeBase::person_by_surname`]: the last word of each person's
/// name, four letters or more, shared by no other person and no spelling of any entry
/// ("Jordan" is a country, "Lee" too short to tell apart).
fn surnames(entries: &[Entry], matcher: &Matcher) -> HashMap<String, EntryId> {
    let mut seen: HashMap<String, Option<EntryId>> = HashMap::default();
    for (i, e) in entries.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        let Some(last) = e.name.split_whitespace().last().filter(|_| e.name.contains(' ')) else {
            continue;
        };
        if last.chars().count() < 4 || !last.starts_with(char::is_uppercase) || e.ambiguous.iter().any(|a| a == last) {
            continue;
        }
        let slot = seen.entry(last.to_string()).or_insert(Some(i as EntryId));
        if *slot != Some(i as EntryId) {
            *slot = None;
        }
    }
    seen.into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .filter(|(k, _)| matcher.find(k).is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads_cleanly_and_validates() {
        let (entries, reviewed, errors) = load::parse_embedded(embedded::EMBEDDED);
        assert!(errors.is_empty(), "{errors:#?}");
        let problems = KnowledgeBase::validate(&entries);
        assert!(problems.is_empty(), "{problems:#?}");
        if !embedded::EMBEDDED.is_empty() {
            assert!(reviewed.is_some(), "the knowledge base records when it was last reviewed");
        }
    }

    /// Every embedded file states when it was reviewed, as an ISO date.
    #[test]
    fn every_embedded_file_has_a_review_date() {
        for (name, text) in embedded::EMBEDDED {
            let (_, reviewed) = load::parse_file(name, text, true).unwrap();
            let r = reviewed.unwrap_or_else(|| panic!("{name} has no `reviewed` date"));
            let b = r.as_bytes();
            let iso = b.len() == 10
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
            assert!(iso, "{name}: reviewed {r:?} is not YYYY-MM-DD");
        }
    }

    /// Ids are unique across files, and a spelling shared by two entries is marked `ambiguous`
    /// in both (checked independently of `validate`, so a bug there cannot hide one).
    #[test]
    fn embedded_ids_unique_and_shared_spellings_marked() {
        let (entries, _, _) = load::parse_embedded(embedded::EMBEDDED);
        let mut ids = std::collections::HashSet::new();
        for e in &entries {
            assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
        }
        let mut owners: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in &entries {
            let mut own: Vec<&str> = std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(&e.misspellings)
                .map(String::as_str)
                .collect();
            own.sort_unstable();
            own.dedup();
            for s in own {
                owners.entry(s).or_default().push(e);
            }
        }
        let unmarked: Vec<String> = owners
            .iter()
            .filter(|(_, list)| list.len() > 1)
            .flat_map(|(s, list)| {
                list.iter()
                    .filter(move |e| !e.ambiguous.iter().any(|a| a == s))
                    .map(move |e| format!("{}: {s}", e.id))
            })
            .collect();
        assert!(unmarked.is_empty(), "shared spellings not marked ambiguous: {unmarked:?}");
    }

    /// Each file holds the kinds it is about, and people's descriptions are dated.
    #[test]
    fn embedded_kinds_fit_their_files_and_people_are_dated() {
        let (entries, _, _) = load::parse_embedded(embedded::EMBEDDED);
        let mut people = 0;
        for e in &entries {
            let want = match e.origin.file.rsplit('/').next().unwrap_or("") {
                "people.toml" => Some(EntityKind::Person),
                "organizations.toml" | "media.toml" => Some(EntityKind::Organization),
                "countries.toml" | "cities.toml" | "regions.toml" => Some(EntityKind::Place),
                _ => None,
            };
            if let Some(k) = want {
                assert_eq!(e.kind, k, "{} in {}", e.id, e.origin.file);
            }
            if e.kind == EntityKind::Person {
                people += 1;
                let d = e.description.as_deref().unwrap_or("");
                let year = d.split("(as of ").nth(1).and_then(|rest| rest.get(..5));
                let dated = year.is_some_and(|y| y.ends_with(')') && y[..4].bytes().all(|b| b.is_ascii_digit()));
                assert!(dated, "{}: description {d:?} has no \"(as of YYYY)\"", e.id);
            }
        }
        assert!(people >= 150, "only {people} people in the embedded knowledge base");
    }

    /// Common-word and given-name spellings of places are marked, and the name that produced
    /// false mentions ("Farah", an Afghan province, in an article about a person) is gone.
    #[test]
    fn given_name_spellings_are_marked_or_dropped() {
        let kb = KnowledgeBase::embedded();
        let text = "Farah Ahmed met officials in Jordan and Chad.";
        let found: Vec<_> = kb
            .matcher()
            .find(text)
            .into_iter()
            .map(|m| m.span.slice(text).to_string())
            .collect();
        assert!(!found.iter().any(|s| s == "Farah"), "{found:?}");
        for name in ["Jordan", "Chad"] {
            let e = kb.entry(kb.get(&name.to_lowercase()).unwrap());
            assert!(e.ambiguous.iter().any(|a| a == name), "{name} is not marked ambiguous");
        }
    }

    #[test]
    fn workspace_files_override_and_errors_keep_the_base() {
        let base = KnowledgeBase::embedded();
        let file = (
            "entities.toml".to_string(),
            "[[entity]]\nid = \"anna-berg\"\nname = \"Anna Berg\"\nkind = \"person\"\naliases = [\"Berg\"]\n".to_string(),
        );
        let kb = KnowledgeBase::with_workspace_files(&base, &[file]).unwrap();
        assert!(kb.get("anna-berg").is_some());
        let broken = ("entities.toml".to_string(), "[[entity]]\nid = \"x\"\nname = ".to_string());
        let errs = KnowledgeBase::with_workspace_files(&base, &[broken]).unwrap_err();
        assert_eq!(errs[0].line, 2);
    }

    #[test]
    fn surnames_index_unique_people_only() {
        let toml = r#"
[[entity]]
id = "emmanuel-macron"
name = "Emmanuel Macron"
kind = "person"

[[entity]]
id = "a-kim"
name = "Anna Kimball"
kind = "person"

[[entity]]
id = "b-kim"
name = "Bruno Kimball"
kind = "person"

[[entity]]
id = "x-lee"
name = "Jae Lee"
kind = "person"

[[entity]]
id = "j-jordan"
name = "Michael Jordan"
kind = "person"

[[entity]]
id = "jordan"
name = "Jordan"
kind = "place"
"#;
        let kb = KnowledgeBase::with_workspace_files(&KnowledgeBase::empty(), &[("kb.toml".into(), toml.into())]).unwrap();
        let macron = kb.person_by_surname("Macron").map(|id| kb.entry(id).name.clone());
        assert_eq!(macron.as_deref(), Some("Emmanuel Macron"));
        // Shared by two people, too short, or a spelling of something else: none.
        for word in ["Kimball", "Lee", "Jordan", "macron"] {
            assert!(kb.person_by_surname(word).is_none(), "{word}");
        }
    }
}
