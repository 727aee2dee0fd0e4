//! The word lists of `data/lexicon/names.toml`: titles, honorifics, particles and the cue
//! words that type a name the knowledge base does not know.

use crate::extract::lexicon::WordSet;
use rustc_hash::FxHashMap;

use serde::Deserialize;

#[derive(Deserialize)]
struct Raw {
    titles: Vec<String>,
    title_modifiers: Vec<String>,
    honorifics: Vec<String>,
    particles: Vec<String>,
    hyphen_particles: Vec<String>,
    organization_cues: Vec<String>,
    organization_cues_first: Vec<String>,
    organization_appositives: Vec<String>,
    organization_possessions: Vec<String>,
    organization_possession_qualifiers: Vec<String>,
    organization_of_nouns: Vec<String>,
    organization_statement_nouns: Vec<String>,
    organization_nouns_after: Vec<String>,
    organization_nouns_before: Vec<String>,
    legal_suffixes: Vec<String>,
    domain_suffixes: Vec<String>,
    leading_adjectives: Vec<String>,
    media_cues: Vec<String>,
    place_cues_last: Vec<String>,
    place_cues_first: Vec<String>,
    place_region_words: Vec<String>,
    place_nouns_after: Vec<String>,
    place_prepositions: Vec<String>,
    place_appositives: Vec<String>,
    person_appositives: Vec<String>,
    person_nouns_after: Vec<String>,
    non_entity_last: Vec<String>,
    never_names: Vec<String>,
    leading_drop: Vec<String>,
    leading_particles: Vec<String>,
    calendar: Vec<String>,
    editorial_labels: Vec<String>,
    place_short_heads: Vec<String>,
    title_case_small_words: Vec<String>,
    compound_suffixes: Vec<String>,
    non_entity_acronyms: Vec<String>,
    camel_case_prefixes: Vec<String>,
    romaji_onsets: Vec<String>,
    role_determiners: Vec<String>,
}

/// The name finder's words, a part of the one [`Lexicon`](crate::extract::Lexicon).
#[derive(Debug)]
pub struct NameWords {
    /// Titles as word sequences (periods dropped) by their first word, longest first (Fx:
    /// looked up for every word of every name region).
    pub titles_by_first: FxHashMap<String, Vec<Vec<String>>>,
    pub title_modifiers: WordSet,
    pub honorifics: WordSet,
    pub particles: WordSet,
    pub hyphen_particles: WordSet,
    pub org_cues: WordSet,
    pub org_first: WordSet,
    pub org_appositives: WordSet,
    pub org_possessions: WordSet,
    /// Words between "X's" and a possession ("X's latest earnings").
    pub org_possession_qualifiers: WordSet,
    pub org_of_nouns: WordSet,
    pub org_statement_nouns: WordSet,
    /// Phrases right after a name that make it an organization, as word sequences.
    pub org_nouns_after: Vec<Vec<String>>,
    pub legal_suffixes: WordSet,
    /// "com" of "Briefing.com": a web domain's last part.
    pub domain_suffixes: WordSet,
    pub org_nouns_before: WordSet,
    pub leading_adjectives: WordSet,
    pub media_cues: WordSet,
    pub place_last: WordSet,
    pub place_first: WordSet,
    /// "Central" of "Central Texas": a region of the known place after it.
    pub place_region_words: WordSet,
    pub place_after: WordSet,
    pub place_prepositions: WordSet,
    pub place_appositives: WordSet,
    pub person_appositives: WordSet,
    pub person_nouns_after: WordSet,
    pub non_entity_last: WordSet,
    pub never_names: WordSet,
    pub leading_drop: WordSet,
    pub leading_particles: WordSet,
    pub calendar: WordSet,
    pub editorial_labels: WordSet,
    pub place_short_heads: WordSet,
    pub title_case_small_words: WordSet,
    pub compound_suffixes: WordSet,
    /// Organization cues written with a period ("Co."), whose period is part of the name.
    pub abbreviated_cues: WordSet,
    pub non_entity_acronyms: WordSet,
    /// Every word of every title, for "of" inside "Secretary of State".
    pub title_words: WordSet,
    /// Surname prefixes before an inner capital ("McDonald"): no sign of a brand's name.
    pub camel_case_prefixes: WordSet,
    /// The consonants that open a Japanese syllable in romaji, two letters before one.
    pub romaji_onsets: Vec<String>,
    /// Words that make a run of capitalised words after them a role ("a Senior Research Scientist").
    pub role_determiners: WordSet,
}

fn strip_period(s: &str) -> String {
    s.trim_end_matches('.').to_string()
}

fn set(v: Vec<String>) -> WordSet {
    v.into_iter().map(|s| strip_period(&s)).collect()
}

impl NameWords {
    /// Parses the compiled-in `data/lexicon/names.toml` (by `Lexicon::load`, once).
    pub(crate) fn load() -> NameWords {
        // Compiled in and parsed by tests: a failure here is a build defect.
        let raw: Raw = toml::from_str(include_str!("../../../data/lexicon/names.toml")).expect("data/lexicon/names.toml is valid");
        let mut titles: Vec<Vec<String>> = raw
            .titles
            .iter()
            .map(|t| t.split_whitespace().map(strip_period).collect::<Vec<_>>())
            .filter(|t| !t.is_empty())
            .collect();
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        titles.dedup();
        let abbreviated_cues = raw
            .organization_cues
            .iter()
            .filter(|c| c.ends_with('.'))
            .map(|c| strip_period(c))
            .collect();
        let mut titles_by_first: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
        for t in &titles {
            titles_by_first.entry(t[0].clone()).or_default().push(t.clone());
        }
        let title_words = titles.iter().flatten().cloned().collect();
        NameWords {
            titles_by_first,
            title_modifiers: set(raw.title_modifiers),
            honorifics: set(raw.honorifics),
            particles: set(raw.particles),
            hyphen_particles: set(raw.hyphen_particles),
            org_cues: set(raw.organization_cues),
            org_first: set(raw.organization_cues_first),
            org_appositives: set(raw.organization_appositives),
            org_possessions: set(raw.organization_possessions),
            org_possession_qualifiers: set(raw.organization_possession_qualifiers),
            org_of_nouns: set(raw.organization_of_nouns),
            org_statement_nouns: set(raw.organization_statement_nouns),
            org_nouns_after: raw
                .organization_nouns_after
                .iter()
                .map(|p| p.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .filter(|p| !p.is_empty())
                .collect(),
            legal_suffixes: set(raw.legal_suffixes),
            domain_suffixes: set(raw.domain_suffixes),
            org_nouns_before: set(raw.organization_nouns_before),
            leading_adjectives: set(raw.leading_adjectives),
            media_cues: set(raw.media_cues),
            place_last: set(raw.place_cues_last),
            place_first: set(raw.place_cues_first),
            place_region_words: set(raw.place_region_words),
            place_after: set(raw.place_nouns_after),
            place_prepositions: set(raw.place_prepositions),
            place_appositives: set(raw.place_appositives),
            person_appositives: set(raw.person_appositives),
            person_nouns_after: set(raw.person_nouns_after),
            non_entity_last: set(raw.non_entity_last),
            never_names: set(raw.never_names),
            leading_drop: set(raw.leading_drop),
            leading_particles: set(raw.leading_particles),
            calendar: set(raw.calendar),
            editorial_labels: set(raw.editorial_labels),
            place_short_heads: set(raw.place_short_heads),
            title_case_small_words: set(raw.title_case_small_words),
            compound_suffixes: set(raw.compound_suffixes),
            non_entity_acronyms: raw.non_entity_acronyms.into_iter().collect(),
            title_words,
            abbreviated_cues,
            camel_case_prefixes: set(raw.camel_case_prefixes),
            romaji_onsets: raw.romaji_onsets,
            role_determiners: set(raw.role_determiners),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lexicon_parses() {
        let w = NameWords::load();
        assert!(w.titles_by_first["Prime"].iter().any(|t| t == &["Prime", "Minister"]));
        assert!(w.honorifics.contains("Mr") && w.honorifics.contains("Dr"));
        assert!(w.org_cues.contains("University") && w.place_last.contains("Bridge"));
        assert!(w.calendar.contains("March") && w.never_names.contains("The") && w.non_entity_acronyms.contains("GDP"));
        assert!(w.camel_case_prefixes.contains("Mc") && w.role_determiners.contains("their"));
    }
}
