//! The capitalised words that open a sentence and that the article also writes in lowercase
//! somewhere ("Turnout" … "turnout"): common words, not names.

use rustc_hash::FxHashMap as HashMap;

/// Each sentence opener, lowercased, and whether the text writes it so. Only a sentence's
/// first word is ever asked about, so only those are looked for among the text's words.
pub(super) struct Openers {
    seen: HashMap<String, bool>,
}

impl Openers {
    pub(super) fn new<'t>(text: &str, first_words: impl Iterator<Item = &'t str>) -> Openers {
        let mut seen: HashMap<String, bool> = first_words.map(|w| (w.to_lowercase(), false)).collect();
        if seen.is_empty() {
            return Openers { seen };
        }
        // Here a word is a run of letters, digits and hyphens.
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            if word.starts_with(char::is_lowercase)
                && let Some(found) = seen.get_mut(word)
            {
                *found = true;
            }
        }
        Openers { seen }
    }

    /// Whether `word`, a sentence's first word, is a common word the article writes in lowercase.
    pub(super) fn is_common(&self, word: &str) -> bool {
        let lower = crate::text::lowercase(word);
        debug_assert!(self.seen.contains_key(&*lower), "only sentence openers are asked about: {word}");
        self.seen.get(&*lower).copied().unwrap_or(false)
    }
}
