//! The knowledge base: who and what a name can refer to.
//!
//! An embedded default (every `data/kb/*.toml`, compiled in) plus workspace files that add or
//! override entries by id. Names are found in text by one aho-corasick automaton over every
//! spelling ([`Matcher`]).

mod load;
mod matcher;

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
    reviewed: Option<String>,
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
            Arc::new(KnowledgeBase::from_entries(entries, reviewed))
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
        Ok(KnowledgeBase::from_entries(entries, base.reviewed.clone()))
    }

    fn from_entries(entries: Vec<Entry>, reviewed: Option<String>) -> KnowledgeBase {
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as EntryId)).collect();
        let matcher = Matcher::new(&entries);
        KnowledgeBase {
            entries,
            by_id,
            matcher,
            reviewed,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id as usize]
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
}
