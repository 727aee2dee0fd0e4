//! The quantity word tables of `data/lexicon/quantity.toml` (a field of the [`Lexicon`]) and
//! what they say of one word: its head word, whether it is a projection marker.
//!
//! [`Lexicon`]: crate::extract::lexicon::Lexicon

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use serde::Deserialize;

use crate::text::{lowercase as lower, trim_end_all};

#[derive(Deserialize)]
struct QuantityFile {
    stopwords: Vec<String>,
    generic: Vec<String>,
    relative_years: HashMap<String, i32>,
    synonyms: HashMap<String, Vec<String>>,
    subjects: HashMap<String, Vec<String>>,
    events: HashMap<String, Vec<String>>,
    markers: MarkerFile,
    bounds: BoundsFile,
}

#[derive(Deserialize)]
struct MarkerFile {
    participles: Vec<String>,
    running: Vec<String>,
    running_kinds: Vec<String>,
    part: Vec<String>,
    part_of: Vec<String>,
    per_after: Vec<String>,
    change_before: Vec<String>,
    change_after: Vec<String>,
    projection: Vec<String>,
    annual_rate: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
    total_lead: Vec<String>,
}

#[derive(Deserialize)]
struct BoundsFile {
    lower: Vec<String>,
    upper: Vec<String>,
}

/// What the word lists say of one word: found in one lookup.
#[derive(Debug, Default)]
pub(super) struct WordClass {
    pub(super) stop: bool,
    pub(super) generic: bool,
    /// A projection marker (`markers.projection`).
    pub(super) projection: bool,
    /// A change word after a figure (`markers.change_after`).
    pub(super) change_after: bool,
    /// The synonym group the word belongs to.
    pub(super) synonym: Option<Group>,
}

/// A synonym group, and whether it says what a figure measures (the `synonyms` groups, not the
/// `subjects`) or what happened at a date (`events`): known with the word, no second lookup.
#[derive(Debug)]
pub(super) struct Group {
    pub(super) name: String,
    pub(super) kind: bool,
    pub(super) event: bool,
}

/// `data/lexicon/quantity.toml`, parsed: the words that build a figure's quantity key.
#[derive(Debug)]
pub struct QuantityWords {
    /// Stopwords, generic words and synonyms, merged.
    pub(super) class: HashMap<String, WordClass>,
    /// Relative years ("last year"), longest first.
    pub(super) relative_years: Vec<(String, i32)>,
    pub(super) relative_years_set: PhraseSet,
    pub(super) change_before: HashSet<String>,
    pub(super) change_after: HashSet<String>,
    pub(super) projection: HashSet<String>,
    pub(super) annual_rate: PhraseSet,
    pub(super) start: HashSet<String>,
    pub(super) end: HashSet<String>,
    pub(super) total_lead: Vec<String>,
    pub(super) participles: HashSet<String>,
    pub(super) running: PhraseSet,
    pub(super) running_kinds: HashSet<String>,
    pub(super) part: PhraseSet,
    /// Words after "of" that make a count a part of one named after it ("30 of the deaths").
    pub(super) part_of: Vec<String>,
    pub(super) per_after: HashSet<String>,
    /// Qualifiers that make a figure a lower bound ("at least") or an upper bound ("up to").
    pub(super) lower_bound: Vec<String>,
    pub(super) upper_bound: Vec<String>,
}

impl QuantityWords {
    /// Parses the compiled-in `quantity.toml`.
    pub(in crate::extract) fn load() -> QuantityWords {
        // Compiled in and parsed by tests; a failure here is a build defect.
        let f: QuantityFile = toml::from_str(include_str!("../../../data/lexicon/quantity.toml")).expect("quantity.toml");
        let set = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
        let mut relative_years: Vec<(String, i32)> = f.relative_years.into_iter().collect();
        relative_years.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let relative_years_set = PhraseSet::new(relative_years.iter().map(|(p, _)| p.clone()).collect());
        let class = word_classes(f.stopwords, f.generic, f.synonyms, f.subjects, f.events, &f.markers);
        QuantityWords {
            relative_years_set,
            class,
            relative_years,
            change_before: set(f.markers.change_before),
            change_after: set(f.markers.change_after),
            projection: set(f.markers.projection),
            annual_rate: PhraseSet::new(f.markers.annual_rate),
            start: set(f.markers.start),
            end: set(f.markers.end),
            total_lead: f.markers.total_lead,
            participles: set(f.markers.participles),
            running: PhraseSet::new(f.markers.running),
            running_kinds: set(f.markers.running_kinds),
            part: PhraseSet::new(f.markers.part),
            part_of: f.markers.part_of,
            per_after: set(f.markers.per_after),
            lower_bound: f.bounds.lower,
            upper_bound: f.bounds.upper,
        }
    }

    /// The year shift of the first relative year ("last year": -1) in `hay`.
    pub(super) fn relative_year(&self, hay: &str) -> Option<i32> {
        self.relative_years_set.first(hay).map(|i| self.relative_years[i].1)
    }
}

type Groups = HashMap<String, Vec<String>>;

/// One table of what the lists say of each word.
fn word_classes(
    stopwords: Vec<String>,
    generic: Vec<String>,
    synonyms: Groups,
    subjects: Groups,
    events: Groups,
    markers: &MarkerFile,
) -> HashMap<String, WordClass> {
    let mut synonym = HashMap::default();
    let kinds: HashSet<String> = synonyms.keys().cloned().collect();
    let event_groups: HashSet<String> = events.keys().cloned().collect();
    for (group, ws) in synonyms.into_iter().chain(subjects).chain(events) {
        for w in ws {
            synonym.insert(w, group.clone());
        }
        synonym.insert(group.clone(), group);
    }
    let mut class: HashMap<String, WordClass> = HashMap::default();
    for word in stopwords {
        class.entry(word).or_default().stop = true;
    }
    for word in generic {
        class.entry(word).or_default().generic = true;
    }
    for (word, name) in synonym {
        let (kind, event) = (kinds.contains(&name), event_groups.contains(&name));
        class.entry(word).or_default().synonym = Some(Group { name, kind, event });
    }
    for word in &markers.projection {
        class.entry(word.clone()).or_default().projection = true;
    }
    for word in &markers.change_after {
        class.entry(word.clone()).or_default().change_after = true;
    }
    class
}

/// Lowercase phrases searched for as whole words, ASCII case-insensitively, all in one pass
/// over the text (one automaton instead of a lowercased copy and a substring search per
/// phrase and call).
#[derive(Debug)]
pub(super) struct PhraseSet {
    pub(super) phrases: Vec<String>,
    ac: Option<aho_corasick::AhoCorasick>,
}

impl PhraseSet {
    fn new(phrases: Vec<String>) -> PhraseSet {
        // An empty phrase would match everywhere; keep the plain per-phrase search then.
        let ac = if phrases.iter().any(String::is_empty) {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&phrases)
                .ok()
        };
        PhraseSet { phrases, ac }
    }

    /// Index of the first phrase (in list order) that `contains_phrase(hay, phrase)`.
    pub(super) fn first(&self, hay: &str) -> Option<usize> {
        let Some(ac) = &self.ac else {
            let hay = hay.to_lowercase();
            return self.phrases.iter().position(|p| contains_phrase(&hay, p));
        };
        // Same occurrences as `match_indices` (leftmost, non-overlapping per phrase): an
        // occurrence starting inside the previous counted one of its phrase is skipped.
        let mut next_allowed = vec![0usize; self.phrases.len()];
        let mut best: Option<usize> = None;
        for m in ac.find_overlapping_iter(hay) {
            let p = m.pattern().as_usize();
            if m.start() < next_allowed[p] {
                continue;
            }
            next_allowed[p] = m.end();
            if best.is_some_and(|b| b <= p) {
                continue;
            }
            if phrase_at(hay, m.start(), m.end()) {
                best = Some(p);
            }
        }
        best
    }
}

fn contains_phrase(hay: &str, phrase: &str) -> bool {
    hay.match_indices(phrase).any(|(i, _)| phrase_at(hay, i, i + phrase.len()))
}

/// True when `hay[start..end]` is not part of a longer word.
fn phrase_at(hay: &str, start: usize, end: usize) -> bool {
    let before_ok = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after_ok = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// A head word: a synonym group of the word lists (borrowed from them, `'w`), or the word
/// itself, singular (borrowed from the text where it can be, `'s`).
pub(super) enum Head<'w, 's> {
    Group(&'w Group),
    Word(Cow<'s, str>),
}

impl<'w, 's> Head<'w, 's> {
    pub(super) fn into_text<'a>(self) -> Cow<'a, str>
    where
        'w: 'a,
        's: 'a,
    {
        match self {
            Head::Group(g) => Cow::Borrowed(&g.name),
            Head::Word(x) => x,
        }
    }

    pub(super) fn text(&self) -> &str {
        match self {
            Head::Group(g) => &g.name,
            Head::Word(x) => x,
        }
    }

    /// Says what a figure measures (only a group can).
    pub(super) fn is_kind(&self) -> bool {
        matches!(self, Head::Group(g) if g.kind)
    }

    /// Says what happened at a date.
    pub(super) fn is_event(&self) -> bool {
        matches!(self, Head::Group(g) if g.event)
    }

    /// The head with a word of its own, free of the text it was read from.
    pub(super) fn into_owned<'t>(self) -> Head<'w, 't> {
        match self {
            Head::Group(g) => Head::Group(g),
            Head::Word(x) => Head::Word(Cow::Owned(x.into_owned())),
        }
    }
}

impl QuantityWords {
    /// Normalises a word into a head word, or `None` for stopwords and numbers.
    pub(super) fn head_of(&self, word: &str) -> Option<String> {
        self.head_of_lower(&lower(word)).map(Cow::into_owned)
    }

    /// [`QuantityWords::head_of`] of a word already lowercased.
    pub(super) fn head_of_lower<'a>(&'a self, lower: &'a str) -> Option<Cow<'a, str>> {
        self.head_word(lower).0.map(Head::into_text)
    }

    /// The head of a lowercased word (see [`QuantityWords::head_of`]), and whether the word is
    /// a projection marker.
    pub(super) fn head_word<'s>(&self, lower: &'s str) -> (Option<Head<'_, 's>>, bool) {
        let trimmed = trim_end_all(trim_end_all(lower, "'s"), "’s");
        let trimmed = trimmed.trim_matches(|c: char| !c.is_alphanumeric());
        let projection = |class: Option<&WordClass>| {
            if trimmed.len() == lower.len() {
                class.is_some_and(|c| c.projection)
            } else {
                self.projection.contains(lower)
            }
        };
        if trimmed.is_empty() || trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            return (None, self.projection.contains(lower));
        }
        let class = self.class.get(trimmed);
        let projection = projection(class);
        if class.is_some_and(|c| c.stop) {
            return (None, projection);
        }
        if let Some(g) = class.and_then(|c| c.synonym.as_ref()) {
            return (Some(Head::Group(g)), projection);
        }
        let singular: Cow<'s, str> = if trimmed.len() > 3 && trimmed.ends_with("ies") {
            Cow::Owned(format!("{}y", &trimmed[..trimmed.len() - 3]))
        } else if trimmed.len() > 3 && trimmed.ends_with('s') && !trimmed.ends_with("ss") {
            Cow::Borrowed(&trimmed[..trimmed.len() - 1])
        } else {
            Cow::Borrowed(trimmed)
        };
        let singular_class = if singular == trimmed {
            class
        } else {
            self.class.get(singular.as_ref())
        };
        if let Some(g) = singular_class.and_then(|c| c.synonym.as_ref()) {
            return (Some(Head::Group(g)), projection);
        }
        if singular_class.is_some_and(|c| c.stop || c.generic) || class.is_some_and(|c| c.generic) {
            return (None, projection);
        }
        (Some(Head::Word(singular)), projection)
    }
}
