//! Quantity keys: what a figure measures — its dimension, time anchor, the entities and head
//! words of its clause — and the range of values its wording allows, so two statements of the
//! same quantity can be found and compared with the precision each was written with.
//!
//! "Japan's defence budget for 2025" and "Tokyo's military spending last year" (in a 2026
//! article) get the same key: `Money(USD)`, 2025, {budget, defence}, {japan}.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;

use super::dates::parse_month;
use super::lexicon::Unit;
use super::{Analysis, Context, EntityRef, Figure, FigureKind};
use crate::kb::KnowledgeBase;
use crate::text::{SentenceTokens, Span, Token, TokenKind, ascii_lowercase_in, lowercase as lower, trim_end_all};

/// What kind of thing a figure measures; only figures of one dimension are compared.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Money in one currency (converted only at a rate the article states: see
    /// [`Quantity::alternatives`]).
    Money(String),
    /// An exchange rate: units of the second currency for one of the first.
    Rate(String, String),
    Percent,
    /// Percentage points and basis points (in points).
    Points,
    Count,
    /// A measure dimension from `data/lexicon/units.toml` ("length", "temperature").
    Measure(String),
    /// A length of time, in days.
    Duration,
    /// When an event happened: a year or a date.
    When,
}

/// Markers that change what a figure states (see `data/lexicon/quantity.toml`).
pub mod marker {
    pub const CHANGE: u8 = 1;
    pub const PREVIOUS: u8 = 2;
    pub const PROJECTION: u8 = 4;
    pub const START: u8 = 8;
    pub const END: u8 = 16;
    /// A total its sentence goes on to split ("Of the 120 people killed, 80 …").
    pub const TOTAL: u8 = 32;
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuantityKey {
    pub dimension: Dimension,
    /// The year the figure is about (stated, relative, or the article's own year).
    pub year: Option<i32>,
    pub month: Option<u8>,
    /// Head words of its clause, synonyms folded, sorted.
    pub heads: Vec<String>,
    /// The heads next to the figure that say what it measures ("dead", "budget"): two
    /// figures whose kinds differ ("dead" and "injured") are different quantities. Sorted.
    pub kinds: Vec<String>,
    /// Entities of its clause (capitals folded into their countries), sorted.
    pub entities: Vec<EntityRef>,
    /// Bits of [`marker`].
    pub markers: u8,
    /// The year was written in the figure's sentence ("in 2023, a quake killed …"), not taken
    /// from the article.
    pub year_stated: bool,
    /// The head word of the noun phrase right after the figure ("17 goals", "79.6% efficacy",
    /// "440 kilograms of uranium"): what it measures when no kind word says so.
    pub nouns: Vec<String>,
    /// The words between the figure and its noun ("12 *foreign* workers"): two groups that
    /// share a noun but not these are different groups.
    pub modifiers: Vec<String>,
    /// A running total ("the toll has risen to 63", "so far", "as of"): an earlier article's
    /// lower value is an update, not a contradiction.
    pub running: bool,
    /// A part of a larger count ("including 12 children", "of whom 20", "in Aceh alone").
    pub part: bool,
    /// Places below a country the clause counts in ("in Aceh, 20 died"), other than the
    /// places the article is about: a province's count is not its country's.
    pub places: Vec<EntityRef>,
    /// What a share is of ("4% of GDP", "12% of exports").
    pub base: Option<String>,
    /// What a figure is per ("$900,000 per port", "$80 a barrel", "each").
    pub per: Option<String>,
}

/// A figure as a statement of a quantity.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Index into [`Analysis::figures`].
    pub figure: usize,
    pub key: QuantityKey,
    /// The value in the dimension's base unit (metres, °C, days, the year for `When`).
    pub value: f64,
    /// The values the wording allows (precision and qualifier).
    pub low: f64,
    pub high: f64,
    /// For `When`: (month, first day, last day), 0 when not stated.
    pub date: Option<(u8, u8, u8)>,
    /// The value in other units of its dimension the article gives the means to convert to:
    /// other currencies at the rates it states (`extract::rates`).
    pub alternatives: Vec<Alternative>,
    /// Index into [`Analysis::figures`] of the figure this one restates in brackets in another
    /// unit ("$4.5 million (about 50 million cedis)"): one quantity, compared in one sentence.
    pub restates: Option<usize>,
}

/// A quantity's value read in another dimension (another currency), with the range the
/// conversion allows.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    pub dimension: Dimension,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Deserialize)]
struct QuantityFile {
    stopwords: Vec<String>,
    generic: Vec<String>,
    relative_years: HashMap<String, i32>,
    synonyms: HashMap<String, Vec<String>>,
    subjects: HashMap<String, Vec<String>>,
    events: HashMap<String, Vec<String>>,
    markers: MarkerFile,
}

#[derive(Deserialize)]
struct MarkerFile {
    participles: Vec<String>,
    running: Vec<String>,
    running_kinds: Vec<String>,
    part: Vec<String>,
    per_after: Vec<String>,
    change_before: Vec<String>,
    change_after: Vec<String>,
    projection: Vec<String>,
    annual_rate: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
    total_lead: Vec<String>,
}

/// What the word lists say of one word: found in one lookup on the hot path.
#[derive(Default)]
struct WordClass {
    stop: bool,
    generic: bool,
    /// A projection marker ([`MarkerFile::projection`]).
    projection: bool,
    /// A change word after a figure ([`MarkerFile::change_after`]).
    change_after: bool,
    /// The synonym group the word belongs to.
    synonym: Option<Group>,
}

/// A synonym group, and whether it says what a figure measures (the `synonyms` groups, not the
/// `subjects`) or what happened at a date (`events`): known with the word, no second lookup.
struct Group {
    name: String,
    kind: bool,
    event: bool,
}

struct Words {
    /// Stopwords, generic words and synonyms, merged.
    class: HashMap<String, WordClass>,
    relative_years: Vec<(String, i32)>,
    relative_years_set: PhraseSet,
    change_before: HashSet<String>,
    change_after: HashSet<String>,
    projection: HashSet<String>,
    annual_rate: PhraseSet,
    start: HashSet<String>,
    end: HashSet<String>,
    total_lead: Vec<String>,
    participles: HashSet<String>,
    running: PhraseSet,
    running_kinds: HashSet<String>,
    part: PhraseSet,
    per_after: HashSet<String>,
}

/// Lowercase phrases searched for as whole words, ASCII case-insensitively, all in one pass
/// over the text (one automaton instead of a lowercased copy and a substring search per
/// phrase and call).
struct PhraseSet {
    phrases: Vec<String>,
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
    fn first(&self, hay: &str) -> Option<usize> {
        let Some(ac) = &self.ac else {
            let hay = hay.to_lowercase();
            return self.phrases.iter().position(|p| contains_phrase(&hay, p));
        };
        // Same occurrences as `match_indices` (leftmost, non-overlapping per phrase): an
        // occurrence starting inside the previous counted one of its phrase is skipped.
        let mut on_stack = [0usize; 16];
        let mut on_heap = Vec::new();
        let next_allowed: &mut [usize] = if self.phrases.len() <= on_stack.len() {
            &mut on_stack[..self.phrases.len()]
        } else {
            on_heap.resize(self.phrases.len(), 0);
            &mut on_heap
        };
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

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        // Compiled in and parsed by tests; a failure here is a build defect.
        let f: QuantityFile = toml::from_str(include_str!("../../data/lexicon/quantity.toml")).expect("quantity.toml");
        let set = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
        let mut synonym = HashMap::default();
        let kinds: HashSet<String> = f.synonyms.keys().cloned().collect();
        let events: HashSet<String> = f.events.keys().cloned().collect();
        for (group, ws) in f.synonyms.into_iter().chain(f.subjects).chain(f.events) {
            for w in ws {
                synonym.insert(w, group.clone());
            }
            synonym.insert(group.clone(), group);
        }
        let mut relative_years: Vec<(String, i32)> = f.relative_years.into_iter().collect();
        relative_years.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let relative_years_set = PhraseSet::new(relative_years.iter().map(|(p, _)| p.clone()).collect());
        let mut class: HashMap<String, WordClass> = HashMap::default();
        for word in f.stopwords {
            class.entry(word).or_default().stop = true;
        }
        for word in f.generic {
            class.entry(word).or_default().generic = true;
        }
        for (word, name) in synonym {
            let (kind, event) = (kinds.contains(&name), events.contains(&name));
            class.entry(word).or_default().synonym = Some(Group { name, kind, event });
        }
        for word in &f.markers.projection {
            class.entry(word.clone()).or_default().projection = true;
        }
        for word in &f.markers.change_after {
            class.entry(word.clone()).or_default().change_after = true;
        }
        Words {
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
            per_after: set(f.markers.per_after),
        }
    })
}

const LOWER_BOUND: &[&str] = &[
    "at least",
    "more than",
    "over",
    "upwards of",
    "above",
    "no fewer than",
    "well over",
    "just over",
    "at a minimum",
];
const UPPER_BOUND: &[&str] = &[
    "up to",
    "less than",
    "fewer than",
    "at most",
    "under",
    "below",
    "no more than",
    "as many as",
    "as much as",
    "just under",
];
/// Relative tolerance of "about", "nearly" and other approximate wording, beyond the rounding
/// the written digits allow: "about 440" is 418–462, not "more than 480"; "about 30" keeps the
/// 27–33 of its one significant digit.
const APPROX: f64 = 0.05;

fn is_boundary(p: &str) -> bool {
    matches!(p, "," | ";" | ":" | "—" | "–" | "(" | ")" | "\"" | "“" | "”")
}

enum Role {
    Value,
    Time,
    Skip,
}

fn role(f: &Figure) -> Role {
    match f.kind {
        FigureKind::Money | FigureKind::Percent | FigureKind::Measure | FigureKind::Duration => {
            if f.value.is_some() {
                Role::Value
            } else {
                Role::Skip
            }
        }
        FigureKind::Count if f.value.is_some() && f.unit.as_deref() != Some("times") => Role::Value,
        FigureKind::Date if f.date.is_some_and(|d| d.year.is_some() || d.day > 0) => Role::Time,
        FigureKind::Year if f.unit.is_none() => Role::Time,
        _ => Role::Skip,
    }
}

/// Normalises a word into a head word, or `None` for stopwords and numbers.
fn head_of(word: &str, w: &'static Words) -> Option<String> {
    head_of_lower(&lower(word), w).map(Cow::into_owned)
}

/// [`head_of`] of a word already lowercased; borrowed from the word or the word lists
/// whenever it can be (this runs for every word near a figure).
fn head_of_lower<'a>(lower: &'a str, w: &'static Words) -> Option<Cow<'a, str>> {
    head_word(lower, w).0.map(Head::into_text)
}

/// A head word: a synonym group of the word lists, or the word itself (singular).
enum Head<'a> {
    Group(&'static Group),
    Word(Cow<'a, str>),
}

impl<'a> Head<'a> {
    fn into_text(self) -> Cow<'a, str> {
        match self {
            Head::Group(g) => Cow::Borrowed(&g.name),
            Head::Word(x) => x,
        }
    }

    fn text(&self) -> &str {
        match self {
            Head::Group(g) => &g.name,
            Head::Word(x) => x,
        }
    }

    /// Says what a figure measures (only a group can).
    fn is_kind(&self) -> bool {
        matches!(self, Head::Group(g) if g.kind)
    }

    /// Says what happened at a date.
    fn is_event(&self) -> bool {
        matches!(self, Head::Group(g) if g.event)
    }

    fn into_owned<'b>(self) -> Head<'b> {
        match self {
            Head::Group(g) => Head::Group(g),
            Head::Word(x) => Head::Word(Cow::Owned(x.into_owned())),
        }
    }
}

/// Clears the first `n` lists of `lists` (keeping their capacity) and makes sure there are `n`.
fn reset(lists: &mut Vec<Vec<usize>>, n: usize) {
    if lists.len() < n {
        lists.resize_with(n, Vec::new);
    }
    lists[..n].iter_mut().for_each(Vec::clear);
}

/// The head of a lowercased word (see [`head_of`]), and whether the word is a projection
/// marker: both from one lookup in the merged word table when the word needs no trimming.
fn head_word<'a>(lower: &'a str, w: &'static Words) -> (Option<Head<'a>>, bool) {
    let trimmed = trim_end_all(trim_end_all(lower, "'s"), "’s");
    // Most words start and end with an ASCII letter: nothing to trim, no char decoding.
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let trimmed = if alnum(trimmed.as_bytes().first()) && alnum(trimmed.as_bytes().last()) {
        trimmed
    } else {
        trimmed.trim_matches(|c: char| !c.is_alphanumeric())
    };
    let projection = |class: Option<&WordClass>| {
        if trimmed.len() == lower.len() {
            class.is_some_and(|c| c.projection)
        } else {
            w.projection.contains(lower)
        }
    };
    if trimmed.is_empty() || trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, w.projection.contains(lower));
    }
    let class = w.class.get(trimmed);
    let projection = projection(class);
    if class.is_some_and(|c| c.stop) {
        return (None, projection);
    }
    if let Some(g) = class.and_then(|c| c.synonym.as_ref()) {
        return (Some(Head::Group(g)), projection);
    }
    let singular: Cow<'a, str> = if trimmed.len() > 3 && trimmed.ends_with("ies") {
        let stem = &trimmed[..trimmed.len() - 3];
        let mut y = String::with_capacity(stem.len() + 1);
        y.push_str(stem);
        y.push('y');
        Cow::Owned(y)
    } else if trimmed.len() > 3 && trimmed.ends_with('s') && !trimmed.ends_with("ss") {
        Cow::Borrowed(&trimmed[..trimmed.len() - 1])
    } else {
        Cow::Borrowed(trimmed)
    };
    let singular_class = if singular == trimmed {
        class
    } else {
        w.class.get(singular.as_ref())
    };
    if let Some(g) = singular_class.and_then(|c| c.synonym.as_ref()) {
        return (Some(Head::Group(g)), projection);
    }
    if singular_class.is_some_and(|c| c.stop || c.generic) || class.is_some_and(|c| c.generic) {
        return (None, projection);
    }
    (Some(Head::Word(singular)), projection)
}

/// Token index range [start, end) of `span` in `toks`.
fn token_range(toks: &[Token], span: Span) -> (usize, usize) {
    let s = toks.partition_point(|t| t.span.end <= span.start);
    let e = toks.partition_point(|t| t.span.start < span.end);
    (s, e.max(s + 1).min(toks.len().max(s + 1)))
}

/// Gives every value figure (and every date or year that is not another figure's time anchor)
/// its quantity key and value range.
/// The quantities of the sentences `range` (a part of the article, so that long articles can
/// be cut in parts analysed at once), in text order.
pub(super) fn find(text: &str, ctx: &Context, a: &Analysis, tokens: &SentenceTokens, range: std::ops::Range<usize>) -> Vec<Quantity> {
    let w = words();
    let ref_year = a.reference_date.and_then(|d| d.year).or(ctx.default_year);
    // The places the article is about: where the event is, not a part of it.
    let story = topics(a, &ctx.kb);
    let mut out = Vec::new();
    let mut fi = a.figures.partition_point(|f| f.sentence < range.start);
    // Buffers reused by every sentence (most sentences with a figure need all of them).
    let mut seg: Vec<usize> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut values: Vec<usize> = Vec::new();
    let mut times: Vec<usize> = Vec::new();
    let mut quantities: Vec<usize> = Vec::new();
    let mut anchored: Vec<bool> = Vec::new();
    let mut anchor: Vec<(Option<i32>, Option<u8>)> = Vec::new();
    // Whether a figure's year was written in its sentence (not the article's, not inferred).
    let mut stated: Vec<bool> = Vec::new();
    let mut projection: Vec<bool> = Vec::new();
    let mut arena: Vec<Head<'_>> = Vec::new();
    let mut heads: Vec<Vec<usize>> = Vec::new();
    let mut subject: Vec<Vec<usize>> = Vec::new();
    let mut seg_first: Vec<usize> = Vec::new();
    let mut in_figure: Vec<bool> = Vec::new();
    let mut conjunctions: Vec<usize> = Vec::new();
    let mut mention_owner: Vec<Option<usize>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let mut units = UnitCache::default();
    // By clause of the sentence: its relative year and month, once read.
    let mut clause_time: Vec<Option<(Option<i32>, Option<u8>)>> = Vec::new();
    for si in range {
        let sentence = &a.sentences[si];
        let first = fi;
        while fi < a.figures.len() && a.figures[fi].sentence == si {
            fi += 1;
        }
        if first == fi {
            continue;
        }
        // The sentence's figures, `first..fi`: figure `k` of the sentence is `first + k`.
        let figs = first..fi;
        let toks = tokens.of(si);
        if toks.is_empty() {
            continue;
        }
        // Clause segments: a comma, dash or bracket starts a new one.
        seg.clear();
        let mut s = 0usize;
        for t in toks {
            if t.kind == TokenKind::Punct && is_boundary(t.span.slice(text)) {
                s += 1;
            }
            seg.push(s);
        }
        // A figure's tokens include its qualifier ("about 140").
        ranges.clear();
        ranges.extend(figs.clone().map(|f| {
            let (s, e) = token_range(toks, a.figures[f].span);
            let q = a.figures[f].qualifier.as_deref().map_or(0, |q| q.split_whitespace().count());
            (s.saturating_sub(q), e)
        }));
        let seg_of = |k: usize| seg[ranges[k].0.min(seg.len() - 1)];
        // Time anchors of value figures: a year or date in the figure's own clause, else in an
        // opening clause ("In 2025, ...") that holds no value figure.
        values.clear();
        values.extend((0..figs.len()).filter(|&k| matches!(role(&a.figures[first + k]), Role::Value)));
        // "Since 2022, growth has averaged 4%": a period's start is not the time a value is
        // about, and stays a statement of its own.
        let since = |k: usize| {
            let (s, _) = ranges[k];
            (0..s)
                .rev()
                .take_while(|&i| seg[i] == seg[s])
                .any(|i| toks[i].span.slice(text).eq_ignore_ascii_case("since"))
        };
        // "invest $600 billion by the end of 2028": a deadline is not the time a value is about.
        let deadline = |k: usize| {
            let (s, _) = ranges[k];
            let word = |i: usize| toks.get(i).map_or("", |t| t.span.slice(text));
            let by_end = s >= 4 && word(s - 4).eq_ignore_ascii_case("by") && word(s - 1).eq_ignore_ascii_case("of");
            s >= 1 && word(s - 1).eq_ignore_ascii_case("by") || by_end
        };
        times.clear();
        times.extend((0..figs.len()).filter(|&k| matches!(role(&a.figures[first + k]), Role::Time) && !since(k) && !deadline(k)));
        anchored.clear();
        anchored.resize(figs.len(), false);
        anchor.clear();
        anchor.resize(figs.len(), (None, None));
        stated.clear();
        stated.resize(figs.len(), false);
        clause_time.clear();
        // What does not depend on the value is worked out once per sentence (per value, a
        // sentence of many figures would cost the cube of their number).
        let value_in_first_clause = values.iter().any(|&o| seg_of(o) == 0);
        let mut aside_once: Option<Option<usize>> = None;
        for &v in &values {
            let own = times.iter().copied().find(|&t| seg_of(t) == seg_of(v));
            let intro = || {
                times
                    .iter()
                    .copied()
                    .find(|&t| seg_of(t) == 0 && seg_of(v) > 0 && !value_in_first_clause)
            };
            // "The last deadly quake, in 2001, killed 74 people": the only year of the
            // sentence, in a clause of its own.
            let aside = || -> Option<usize> {
                let lone: Vec<usize> = times
                    .iter()
                    .copied()
                    .filter(|&t| !values.iter().any(|&o| seg_of(o) == seg_of(t)))
                    .collect();
                let t = *lone.first()?;
                let (s, _) = ranges[t];
                let prev = if s > 0 { toks[s - 1].span.slice(text) } else { "" };
                // Only a bare aside ("in 2001"), not a clause of its own ("founded in 1967").
                let words = (0..toks.len())
                    .filter(|&i| seg[i] == seg_of(t) && toks[i].kind != TokenKind::Punct)
                    .count();
                (lone.len() == 1 && prev.eq_ignore_ascii_case("in") && words <= ranges[t].1 - ranges[t].0 + 1).then_some(t)
            };
            // "since 2022, when floods killed 1,700 people": a clause opening with "when" right
            // after a year or date is about that time (a period's start included).
            let when = || {
                if seg_of(v) == 0 {
                    return None;
                }
                // The clause starts with its break (the comma), then "when".
                let opens = (0..ranges[v].0).find(|&i| seg[i] == seg_of(v))?;
                if !toks.get(opens + 1)?.span.slice(text).eq_ignore_ascii_case("when") {
                    return None;
                }
                // The time figure ends right before the break.
                (0..figs.len()).find(|&t| matches!(role(&a.figures[first + t]), Role::Time) && ranges[t].1 == opens)
            };
            // "… since a ferry sank in 2024, killing 78 people": a clause opening with a
            // participle tells what the event of the clause before it did, at its time.
            let participle = || {
                let c = seg_of(v);
                if c == 0 {
                    return None;
                }
                let opens = (0..ranges[v].0).find(|&i| seg[i] == c)?;
                let first_word = toks.get(opens + 1)?.span.slice(text);
                if !w.participles.contains(&*lower(first_word)) {
                    return None;
                }
                (0..figs.len())
                    .rev()
                    .find(|&t| matches!(role(&a.figures[first + t]), Role::Time) && seg_of(t) + 1 == c && !deadline(t))
            };
            let aside_cached = || *aside_once.get_or_insert_with(aside);
            if let Some(t) = own.or_else(participle).or_else(when).or_else(intro).or_else(aside_cached) {
                anchored[t] = true;
                let f = &a.figures[first + t];
                anchor[v] = match (f.kind, f.date) {
                    (FigureKind::Date, Some(d)) => (d.year, (d.month > 0).then_some(d.month)),
                    _ => (f.value.map(|y| y as i32), None),
                };
                stated[v] = f.date.is_none_or(|d| !d.year_inferred) && anchor[v].0.is_some();
            } else {
                // Relative years ("last year") and bare months ("in March") of its clause: read
                // once per clause, whatever the number of its figures.
                let c = seg_of(v);
                if clause_time.len() <= c {
                    clause_time.resize(c + 1, None);
                }
                anchor[v] = *clause_time[c].get_or_insert_with(|| {
                    let clause = clause_span(toks, &seg, c).slice(text);
                    // A clause with no relative year of its own takes the one of the clause
                    // before it ("… last year, about 10% of all exports").
                    let rel = w.relative_years_set.first(clause).map(|i| w.relative_years[i].1).or_else(|| {
                        let before = clause_span(toks, &seg, c.checked_sub(1)?).slice(text);
                        w.relative_years_set.first(before).map(|i| w.relative_years[i].1)
                    });
                    let year = match rel {
                        Some(d) => ref_year.map(|y| y + d),
                        None => ref_year,
                    };
                    // The clause's tokens: segments are runs of the sentence's tokens.
                    let (from, to) = (seg.partition_point(|&x| x < c), seg.partition_point(|&x| x <= c));
                    let month = toks[from..to]
                        .iter()
                        .filter(|t| t.kind == TokenKind::Word)
                        .find_map(|t| parse_month(t.span.slice(text)).filter(|_| t.span.slice(text) != "May"));
                    (year, month)
                });
            }
        }
        // The dateline's date is the article's own, not a statement.
        let in_dateline = |k: usize| a.dateline.as_ref().is_some_and(|d| d.span.covers(a.figures[first + k].span));
        quantities.clear();
        quantities.extend(
            (0..figs.len())
                .filter(|&k| !in_dateline(k) && !is_age(a, toks, text, ranges[k].0, first + k))
                .filter(|&k| match role(&a.figures[first + k]) {
                    Role::Value => true,
                    Role::Time => !anchored[k] || since(k),
                    Role::Skip => false,
                }),
        );
        if quantities.is_empty() {
            continue;
        }
        // Head words: each word goes to the nearest quantity figure of its sentence, a clause
        // boundary counting as two tokens of distance. Heads are kept once per sentence in
        // `arena`; figures and clauses hold indexes into it.
        arena.clear();
        reset(&mut heads, figs.len());
        projection.clear();
        projection.resize(figs.len(), false);
        // Words of a clause before its first figure are its subject, shared by its figures
        // ("The bank cut its base rate by 25 basis points to 2.25%").
        let segments = seg.last().map_or(0, |&x| x + 1);
        reset(&mut subject, segments);
        // The first token of each clause's first quantity figure.
        seg_first.clear();
        seg_first.resize(segments, usize::MAX);
        for &k in &quantities {
            let f = &mut seg_first[seg_of(k)];
            *f = (*f).min(ranges[k].0);
        }
        // The tokens of the sentence's figures: no head words.
        in_figure.clear();
        in_figure.resize(toks.len(), false);
        for &(s, e) in ranges.iter() {
            in_figure[s.min(toks.len())..e.min(toks.len())].fill(true);
        }
        // Conjunctions before each token ("3,408 were injured and 139 missing": "injured" is
        // the first figure's, not the nearer second's).
        conjunctions.clear();
        let mut n = 0;
        for t in toks {
            conjunctions.push(n);
            if t.kind == TokenKind::Word && matches!(t.span.slice(text), "and" | "while" | "but" | "whereas") {
                n += 1;
            }
        }
        let nearest = |i: usize| -> Option<usize> {
            let mut best: Option<(usize, usize)> = None;
            for &k in &quantities {
                let (s, e) = ranges[k];
                if i >= s && i < e {
                    return None;
                }
                // Words after a figure belong to it more than words before ("27 people").
                let d = if i < s { s - i + 1 } else { i + 1 - e };
                let joined = if i < s { conjunctions[s] - conjunctions[i + 1] } else { 0 };
                let d = d + 2 * seg[i].abs_diff(seg_of(k)) + 2 * joined.min(1);
                if d <= 10 && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, k));
                }
            }
            best.map(|(_, k)| k)
        };
        // Per-sentence lookups, done once rather than per word and per figure.
        let attrs = a.attributions_in(si);
        let sentence_mentions = a.mentions_within(sentence.span);
        // The first mention that may overlap the current word: words come in text order.
        let mut mention_cursor = a.mentions.partition_point(|m| m.span.end <= sentence.span.start);
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word || in_figure[i] {
                continue;
            }
            while a.mentions.get(mention_cursor).is_some_and(|m| m.span.end <= t.span.start) {
                mention_cursor += 1;
            }
            if skip_word(a.mentions.get(mention_cursor), attrs, t.span) {
                continue;
            }
            let in_subject = i < seg_first[seg[i]];
            let k = nearest(i);
            if !in_subject && k.is_none() {
                continue;
            }
            // One lowercasing and one lookup per word, shared by the subject and the nearest
            // figure; an ASCII word with capitals is lowercased on the stack.
            let word = t.span.slice(text);
            let mut buf = [0u8; 32];
            let capitals = word.bytes().any(|b| b.is_ascii_uppercase());
            let (head, is_projection) = if capitals && let Some(l) = ascii_lowercase_in(word, &mut buf) {
                let (h, p) = head_word(l, w);
                (h.map(Head::into_owned), p)
            } else {
                match lower(word) {
                    Cow::Borrowed(l) => head_word(l, w),
                    Cow::Owned(l) => {
                        let (h, p) = head_word(&l, w);
                        (h.map(Head::into_owned), p)
                    }
                }
            };
            let h = head.map(|h| {
                arena.push(h);
                arena.len() - 1
            });
            if in_subject && let Some(h) = h {
                subject[seg[i]].push(h);
            }
            let Some(k) = k else { continue };
            if is_projection {
                projection[k] = true;
            }
            if let Some(h) = h {
                heads[k].push(h);
            }
        }
        // The figure each mention of the sentence belongs to (the nearest), once per mention
        // rather than once per mention and figure.
        mention_owner.clear();
        mention_owner.extend(sentence_mentions.iter().map(|m| {
            if m.sentence != si || attrs.iter().any(|x| !x.quote_only && x.source.span.covers(m.span)) {
                return None;
            }
            nearest(token_range(toks, m.span).0)
        }));
        for &k in &quantities {
            let fig_index = first + k;
            let f = &a.figures[fig_index];
            let (s, e) = ranges[k];
            let mut own_head = |word: &str, only_kind: bool| {
                if let (Some(h), _) = head_word(&lower(word), w)
                    && (!only_kind || h.is_kind())
                {
                    arena.push(h.into_owned());
                    heads[k].push(arena.len() - 1);
                }
            };
            if let Some(n) = &f.unit
                && f.kind == FigureKind::Count
            {
                own_head(n, false);
            }
            // A duration adjective names its noun ("two-day visit", "five-year term").
            if f.kind == FigureKind::Duration
                && let Some(x) = f.span.slice(text).rsplit([' ', '-']).next()
            {
                own_head(x, false);
            }
            // A measure names its own kind ("magnitude 6.8").
            if f.kind == FigureKind::Measure
                && let Some(u) = f.unit.as_deref()
            {
                own_head(u, true);
            }
            let is_time = matches!(role(f), Role::Time);
            let mut kinds: Vec<String> = heads[k]
                .iter()
                .map(|&h| &arena[h])
                .filter(|h| if is_time { h.is_event() } else { h.is_kind() })
                .map(|h| h.text().to_string())
                .collect();
            kinds.sort();
            kinds.dedup();
            // Its heads and its clause's subject, sorted, each once.
            order.clear();
            order.extend_from_slice(&heads[k]);
            order.extend_from_slice(&subject[seg_of(k)]);
            order.sort_by(|&x, &y| arena[x].text().cmp(arena[y].text()));
            order.dedup_by(|x, y| arena[*x].text() == arena[*y].text());
            let hs: Vec<String> = order.iter().map(|&h| arena[h].text().to_string()).collect();
            let mut markers = if projection[k] { marker::PROJECTION } else { 0 };
            let word_at = |i: usize| toks.get(i).filter(|t| t.kind == TokenKind::Word).map(|t| lower(t.span.slice(text)));
            let before = if s > 0 { word_at(s - 1) } else { None };
            let qualifier_words = 0;
            let lead = before.as_deref().unwrap_or("");
            if is_time {
                if w.start.contains(lead) {
                    markers |= marker::START;
                } else if w.end.contains(lead) {
                    markers |= marker::END;
                }
            } else if s == 2
                && let (Some(w0), Some(w1)) = (word_at(0), word_at(1))
                && w.total_lead.iter().any(|p| p.split_once(' ') == Some((w0.as_ref(), w1.as_ref())))
            {
                markers |= marker::TOTAL;
            } else if lead == "from" {
                markers |= marker::PREVIOUS;
            } else if lead == "by" {
                markers |= marker::CHANGE;
            } else if lead != "to" {
                let from = s.saturating_sub(3 + qualifier_words);
                let changed = (from..s).filter_map(word_at).any(|x| w.change_before.contains(x.as_ref()));
                let after = word_at(e).is_some_and(|x| w.change_after.contains(x.as_ref()));
                let clause = clause_span(toks, &seg, seg_of(k)).slice(text);
                let annual = f.kind == FigureKind::Percent && w.annual_rate.first(clause).is_some();
                if (changed || after) && !annual {
                    markers |= marker::CHANGE;
                }
            }
            // Entities of the clause, not the source that states the figure.
            let mut entities: Vec<EntityRef> = sentence_mentions
                .iter()
                .zip(&mention_owner)
                .filter(|(_, owner)| **owner == Some(k))
                .map(|(m, _)| fold_capital(&a.entities[m.entity].reference, &ctx.kb))
                .collect();
            // An institution speaks for its country ("the Bundesrat" and "Germany's fund");
            // a province does not.
            let countries: Vec<EntityRef> = entities.iter().filter_map(|e| institution_country(e, &ctx.kb)).collect();
            entities.extend(countries);
            entities.sort();
            entities.dedup();
            // "In Aceh, 20 died" / "20 died in Aceh": a place below a country, named after "in".
            let mut places: Vec<EntityRef> = sentence_mentions
                .iter()
                .zip(&mention_owner)
                .filter(|(m, owner)| {
                    **owner == Some(k) && a.entities[m.entity].kind == crate::kb::EntityKind::Place && {
                        let before = text.get(..m.span.start).unwrap_or("").trim_end();
                        let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                        last.eq_ignore_ascii_case("in")
                    }
                })
                .map(|(m, _)| fold_capital(&a.entities[m.entity].reference, &ctx.kb))
                .filter(|r| !is_country(r, &ctx.kb) && !story.contains(r))
                .collect();
            places.sort();
            places.dedup();
            // The figure's clause: what it says of the figure (running total, part).
            let clause = clause_span(toks, &seg, seg_of(k));
            // "alone" after a place marks the sentence's count as a part wherever it stands ("In
            // Aceh alone, 20 died"); the other cues mark the figures of their own clause.
            // Only after a place: "in the past 24 hours alone" is a period, not a part.
            let alone = || {
                sentence_mentions.iter().any(|m| {
                    a.entities[m.entity].kind == crate::kb::EntityKind::Place
                        && text.get(m.span.end..).is_some_and(|rest| {
                            let rest = rest.trim_start();
                            rest.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("alone"))
                                && !rest[5..].starts_with(|c: char| c.is_alphanumeric())
                        })
                })
            };
            // The cue right before the figure: at most three words between ("including at
            // least 12", "of whom 20"), so a cue of an earlier figure does not reach it.
            // Across a comma too: "Among the deaths, four were health workers".
            let near = {
                let before = text.get(sentence.span.start..f.span.start).unwrap_or("");
                let words: Vec<&str> = before.split_whitespace().collect();
                words[words.len().saturating_sub(5)..].join(" ")
            };
            // "30 of the deaths", "169 of the 230 passengers": a part of a count named after it.
            // A share "of the vote" is a percentage's base, not a part.
            let of_the = || {
                if f.kind != FigureKind::Count {
                    return false;
                }
                let mut after = text.get(f.span.end..sentence.span.end).unwrap_or("").split_whitespace();
                after.next().is_some_and(|x| x.eq_ignore_ascii_case("of"))
                    && after.next().is_some_and(|x| {
                        ["the", "those", "them", "whom", "which", "these"]
                            .iter()
                            .any(|y| x.eq_ignore_ascii_case(y))
                    })
            };
            let part = w.part.first(&near).is_some_and(|i| w.part.phrases[i] != "alone") || alone() || of_the();
            // Counts and sums run ("the toll has risen to 63", "aid so far"); a wind speed in a
            // sentence about the toll does not. The running word is the figure's clause's.
            let runs = matches!(f.kind, FigureKind::Count | FigureKind::Money);
            let running = runs && (w.running.first(clause.slice(text)).is_some() || kinds.iter().any(|k| w.running_kinds.contains(k)));
            let Some((value, low, high, mut dimension, date)) = value_range(f, text, ctx, &mut units) else {
                continue;
            };
            // "Its magnitude was 6.8": a bare number whose clause names a unitless measure.
            if dimension == Dimension::Count
                && f.unit.is_none()
                && let Some(d) = kinds.iter().find(|k| unitless_measure(ctx, k))
            {
                dimension = Dimension::Measure(d.clone());
            }
            let (year, month) = if is_time { (None, None) } else { anchor[k] };
            // A total of an earlier year ("in 2001, a quake killed 74") no longer runs.
            let running = running && year.is_none_or(|y| ref_year.is_none_or(|r| y >= r));
            out.push(Quantity {
                figure: fig_index,
                key: QuantityKey {
                    dimension,
                    year,
                    month,
                    heads: hs,
                    kinds,
                    entities,
                    markers,
                    year_stated: !is_time && stated[k],
                    nouns: Vec::new(),
                    modifiers: Vec::new(),
                    running,
                    part,
                    places,
                    base: None,
                    per: None,
                },
                value,
                low,
                high,
                date,
                alternatives: Vec::new(),
                restates: None,
            });
        }
    }
    out
}

/// Fills each quantity's [`QuantityKey::nouns`]: the head of the noun phrase right after the
/// figure — its last word, the phrase ending at a stopword, name, punctuation or a participle
/// after a noun ("440 kilograms of uranium enriched to …" → uranium; "19 remaining league
/// games" → game) — else a count's own noun.
pub(super) fn measured_nouns(text: &str, a: &mut Analysis) {
    let w = words();
    for q in &mut a.quantities {
        if q.key.dimension == Dimension::When {
            continue;
        }
        let f = &a.figures[q.figure];
        let Some(sentence) = a.sentences.get(f.sentence) else { continue };
        let rest = text.get(f.span.end..sentence.span.end).unwrap_or("");
        q.key.per = per_unit(rest, w);
        q.key.base = (f.kind == FigureKind::Percent).then(|| share_base(rest, w)).flatten();
        let mut last: Option<std::borrow::Cow<'_, str>> = None;
        let mut phrase: Vec<String> = Vec::new();
        let mut lead = true;
        for word in rest.split_whitespace() {
            let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            // No other text lowercases to these ASCII words.
            if lead && (bare.eq_ignore_ascii_case("of") || bare.eq_ignore_ascii_case("the")) {
                continue;
            }
            lead = false;
            let plain = !bare.is_empty() && bare.chars().all(|c| c.is_alphabetic() || c == '-') && !bare.starts_with(char::is_uppercase);
            if !plain {
                break;
            }
            let lw = lower(bare);
            let class = w.class.get(lw.as_ref());
            let stop = class.is_some_and(|c| c.stop);
            // "uranium enriched to", "people killed": a participle after a noun ends its
            // phrase; after an adverb ("highly enriched uranium") it is part of it.
            let participle = (lw.ends_with("ed") || lw.ends_with("ing")) && last.as_deref().is_some_and(|l| !l.ends_with("ly"));
            if stop || participle || class.is_some_and(|c| c.change_after) {
                break;
            }
            let ends = bare.len() != word.len();
            if let Some(l) = last.take() {
                phrase.push(l.into_owned());
            }
            last = Some(lw);
            if ends {
                break;
            }
        }
        // The words before the noun, as head words ("foreign" of "12 foreign workers").
        let mut modifiers: Vec<String> = if last.is_some() {
            phrase.iter().filter_map(|m| head_of(m, w)).collect()
        } else {
            Vec::new()
        };
        modifiers.sort();
        modifiers.dedup();
        q.key.modifiers = modifiers;
        let head = match last {
            Some(l) => head_of_lower(&l, w).map(std::borrow::Cow::into_owned),
            None if f.kind == FigureKind::Count => f.unit.as_deref().and_then(|u| head_of(u, w)),
            None => None,
        };
        // "commitments of €198.2 billion": the noun the figure is "of".
        let head = head.or_else(|| {
            let before = text.get(sentence.span.start..f.span.start)?.trim_end();
            let before = match f.qualifier.as_deref() {
                Some(q) if before.len() >= q.len() && before.get(before.len() - q.len()..).is_some_and(|t| t.eq_ignore_ascii_case(q)) => {
                    before[..before.len() - q.len()].trim_end()
                }
                _ => before,
            };
            let word = before.strip_suffix(" of")?.rsplit(' ').next()?;
            word.chars()
                .all(|c| c.is_lowercase() || c == '-')
                .then(|| head_of(word, w))
                .flatten()
        });
        q.key.nouns = head.into_iter().collect();
    }
}

/// What a figure is per, from the words right after it: "per port", "a barrel" (a unit the
/// lexicon lists), "each", "apiece", "per capita".
fn per_unit(rest: &str, w: &'static Words) -> Option<String> {
    let mut words = rest
        .split_whitespace()
        .map(|x| x.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = words.next()?;
    match first.as_str() {
        "each" | "apiece" => Some("each".to_string()),
        "per" => words.next().filter(|x| !x.is_empty()).map(|x| head_of(&x, w).unwrap_or(x)),
        "a" | "an" => words
            .next()
            .filter(|x| w.per_after.contains(x))
            .map(|x| head_of(&x, w).unwrap_or(x)),
        _ => None,
    }
}

/// What a share is of: the noun after "of" right after a percentage ("4% of GDP", "12% of
/// the country's exports" → export).
fn share_base(rest: &str, w: &'static Words) -> Option<String> {
    let mut words = rest.split_whitespace().map(|x| x.trim_matches(|c: char| !c.is_alphanumeric()));
    if !words.next()?.eq_ignore_ascii_case("of") {
        return None;
    }
    // The last word of the noun phrase: up to a stopword, a break or three words.
    let mut base: Option<String> = None;
    for x in words.take(4) {
        let l = lower(x);
        // "94% of the votes counted" is how far a count has got, not a share of the votes.
        if base.is_some() && matches!(l.as_ref(), "counted" | "tallied" | "processed" | "verified") {
            return base.map(|b| format!("{} {l}", head_of(&b, w).unwrap_or(b)));
        }
        if l.is_empty() || l.ends_with("ed") || l.ends_with("ing") {
            break;
        }
        if w.class.get(l.as_ref()).is_some_and(|c| c.stop) {
            if base.is_some() {
                break;
            }
            continue;
        }
        // A possessive belongs to the noun that follows ("the country's exports").
        if l.ends_with("'s") || l.ends_with("’s") {
            continue;
        }
        base = Some(l.into_owned());
    }
    base.map(|b| head_of(&b, w).unwrap_or(b))
}

/// The country of an organisation the knowledge base places in one.
fn institution_country(r: &EntityRef, kb: &KnowledgeBase) -> Option<EntityRef> {
    let EntityRef::Kb(id) = r else { return None };
    let e = kb.entry(*id);
    if e.kind != crate::kb::EntityKind::Organization {
        return None;
    }
    e.country.as_deref().and_then(|c| kb.get(c)).map(EntityRef::Kb)
}

/// A place the knowledge base knows as a country.
fn is_country(r: &EntityRef, kb: &KnowledgeBase) -> bool {
    matches!(r, EntityRef::Kb(id) if kb.entry(*id).subkind.as_deref() == Some("country"))
}

/// Drops the headline's statements that its own body restates (the same quantity, agreeing):
/// the body's statement speaks for both, so a headline adds a finding only when it states
/// something the body does not, or states it differently.
pub(super) fn drop_restated_headlines(a: &mut Analysis) {
    let headline = |q: &Quantity| a.is_headline(a.figures[q.figure].sentence);
    let restated: Vec<bool> = a
        .quantities
        .iter()
        .map(|h| {
            headline(h)
                && a.quantities
                    .iter()
                    .any(|b| !headline(b) && (weigh(h, b).same || h.key.dimension == b.key.dimension && h.value == b.value) && agree(h, b))
        })
        .collect();
    let mut i = 0;
    a.quantities.retain(|_| {
        i += 1;
        !restated[i - 1]
    });
}

fn unitless_measure(ctx: &Context, kind: &str) -> bool {
    ctx.lexicon
        .measure_before
        .iter()
        .any(|(_, u)| u.dimension == kind && u.unit == kind)
}

/// "Rosa Quispe, 54," gives an age, not a count.
fn is_age(a: &Analysis, toks: &[Token], text: &str, s: usize, fig: usize) -> bool {
    let f = &a.figures[fig];
    if f.kind != FigureKind::Count || f.unit.is_some() || s < 2 || toks[s - 1].span.slice(text) != "," {
        return false;
    }
    // A capitalised name before it and a comma or bracket after it.
    let prev = toks[s - 2].span.slice(text);
    let next = toks.get(s + 1).map_or("", |t| t.span.slice(text));
    prev.starts_with(char::is_uppercase) && matches!(next, "," | ")" | ".")
}

/// Names (they are the key's entities) and attribution words ("the ministry said") are not
/// head words. A cue that sources no figure ("Donors pledged €4.8 billion") is the figure's
/// own verb and subject: its words stay.
/// `next_mention` is the first mention that ends after the word starts.
fn skip_word(next_mention: Option<&super::Mention>, attrs: &[super::Attribution], span: Span) -> bool {
    if next_mention.is_some_and(|m| m.span.overlaps(span)) {
        return true;
    }
    attrs
        .iter()
        .any(|x| !x.quote_only && (x.cue.overlaps(span) || x.source.span.overlaps(span)))
}

/// An "Nth anniversary" and the year it falls in (the article's year, moved by a relative
/// year of its sentence: "next year").
#[derive(Clone, Debug, PartialEq)]
pub struct Anniversary {
    /// Index into [`Analysis::figures`] of the ordinal.
    pub figure: usize,
    pub nth: u32,
    pub year: Option<i32>,
}

pub(super) fn anniversaries(text: &str, ctx: &Context, a: &Analysis) -> Vec<Anniversary> {
    let w = words();
    let ref_year = a.reference_date.and_then(|d| d.year).or(ctx.default_year);
    let mut out = Vec::new();
    for (i, f) in a.figures.iter().enumerate() {
        if f.kind != FigureKind::Ordinal || a.is_headline(f.sentence) {
            continue;
        }
        let Some(nth) = f.value.filter(|v| *v >= 1.0 && v.fract() == 0.0) else {
            continue;
        };
        let after = text.get(f.span.end..a.sentences[f.sentence].span.end).unwrap_or("").trim_start();
        if !after.to_lowercase().starts_with("anniversary") {
            continue;
        }
        let sentence = a.sentences[f.sentence].span.slice(text);
        let shift = w.relative_years_set.first(sentence).map_or(0, |i| w.relative_years[i].1);
        // A year stated after it ("its 50th anniversary in 2027") wins.
        let stated = a
            .figures
            .iter()
            .find(|g| g.sentence == f.sentence && g.kind == FigureKind::Year && g.span.start > f.span.end)
            .and_then(|g| g.value)
            .map(|y| y as i32);
        out.push(Anniversary {
            figure: i,
            nth: nth as u32,
            year: stated.or(ref_year.map(|y| y + shift)),
        });
    }
    out
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

fn clause_span(toks: &[Token], seg: &[usize], s: usize) -> Span {
    let first = seg.iter().position(|&x| x == s).unwrap_or(0);
    let last = seg.iter().rposition(|&x| x == s).unwrap_or(first);
    Span::new(toks[first].span.start, toks[last].span.end)
}

/// What the article is about: its most mentioned places and organisations (up to three, a
/// capital standing for its country), leaving out the names that only appear as a source or in
/// the dateline's agency. Articles that share none of these are about different stories.
pub fn topics(a: &Analysis, kb: &KnowledgeBase) -> Vec<EntityRef> {
    let mut counted: Vec<(usize, usize, EntityRef)> = Vec::new();
    let mut in_sources: Vec<(usize, usize, EntityRef)> = Vec::new();
    for e in &a.entities {
        if !matches!(e.kind, crate::kb::EntityKind::Place | crate::kb::EntityKind::Organization) {
            continue;
        }
        let in_source = |m: &super::Mention| {
            a.attributions_in(m.sentence).iter().any(|x| x.source.span.covers(m.span))
                || a.dateline.as_ref().and_then(|d| d.agency).is_some_and(|ag| ag.covers(m.span))
        };
        let n = e.mentions.iter().filter(|&&m| !in_source(&a.mentions[m])).count();
        let first = e.mentions.first().copied().unwrap_or(usize::MAX);
        if n > 0 {
            counted.push((n, first, fold_capital(&e.reference, kb)));
        } else if e.kind == crate::kb::EntityKind::Place {
            in_sources.push((e.mentions.len(), first, fold_capital(&e.reference, kb)));
        }
    }
    // An article that names its place only in a source ("Myanmar's military leader said …")
    // is still about that place.
    if counted.is_empty() {
        counted = in_sources;
    }
    counted.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut out: Vec<EntityRef> = Vec::new();
    for (_, _, r) in counted {
        if !out.contains(&r) {
            out.push(r);
        }
        if out.len() == 3 {
            break;
        }
    }
    // An institution belongs to its country's stories too ("the Bank of Korea" and "South
    // Korea's central bank"); a city's story stays its own.
    for i in 0..out.len() {
        if let EntityRef::Kb(id) = &out[i]
            && kb.entry(*id).kind == crate::kb::EntityKind::Organization
            && let Some(c) = kb.entry(*id).country.as_deref().and_then(|c| kb.get(c))
            && !out.contains(&EntityRef::Kb(c))
        {
            out.push(EntityRef::Kb(c));
        }
    }
    out
}

/// A capital stands for its country ("Tokyo's military spending" is Japan's).
fn fold_capital(r: &EntityRef, kb: &KnowledgeBase) -> EntityRef {
    if let EntityRef::Kb(id) = r {
        let e = kb.entry(*id);
        if let Some(country) = e.country.as_deref().and_then(|c| kb.get(c))
            && kb.entry(country).capital.as_deref() == Some(e.id.as_str())
        {
            return EntityRef::Kb(country);
        }
    }
    r.clone()
}

type Range = (f64, f64, f64, Dimension, Option<(u8, u8, u8)>);

/// The lexicon entries of the units an article's figures use, each looked up once: the unit
/// lists have hundreds of entries and an article uses a few units many times.
#[derive(Default)]
struct UnitCache<'a> {
    /// (unit, a duration rather than a measure, its first entry).
    found: Vec<(&'a str, bool, Option<&'a Unit>)>,
}

impl<'a> UnitCache<'a> {
    fn find(&mut self, unit: &'a str, duration: bool, scan: impl FnOnce() -> Option<&'a Unit>) -> Option<&'a Unit> {
        if let Some(&(_, _, u)) = self.found.iter().find(|(x, d, _)| *x == unit && *d == duration) {
            return u;
        }
        let u = scan();
        self.found.push((unit, duration, u));
        u
    }
}

/// The value in base units, the range its wording allows, its dimension and (for dates) the
/// month and days.
fn value_range<'a>(f: &'a Figure, text: &str, ctx: &'a Context, units: &mut UnitCache<'a>) -> Option<Range> {
    if matches!(f.kind, FigureKind::Date | FigureKind::Year) {
        let (year, date) = match (f.kind, f.date) {
            (FigureKind::Date, Some(d)) => (d.year?, Some((d.month, d.day, d.end_day.unwrap_or(d.day)))),
            _ => (f.value? as i32, None),
        };
        let y = f64::from(year);
        return Some((y, y, y, Dimension::When, date));
    }
    let v = f.value?;
    let written = f.span.slice(text);
    let has_digits = written.bytes().any(|b| b.is_ascii_digit());
    let digits = if f.precision == 0 { significant(v) } else { f.precision };
    let ulp = if v == 0.0 {
        1.0
    } else {
        10f64.powi(v.abs().log10().floor() as i32 - i32::from(digits) + 1)
    };
    // Trailing zeros hide precision ("100 miles"); a writer's rounding stays within 10%.
    let half = (ulp / 2.0).min(0.1 * v.abs()).max(f64::EPSILON);
    let (mut low, mut high) = (v - half, v + half);
    let q = f.qualifier.as_deref().unwrap_or("");
    if LOWER_BOUND.contains(&q) {
        high = f64::INFINITY;
    } else if UPPER_BOUND.contains(&q) {
        low = f64::NEG_INFINITY;
    } else if !q.is_empty() || !has_digits && f.kind == FigureKind::Percent {
        // "about 30", "nearly $5 billion", "a quarter": approximate wording.
        let tol = half.max(APPROX * v.abs());
        low = v - tol;
        high = v + tol;
    }
    let unit = f.unit.as_deref().unwrap_or("");
    let (dimension, factor, offset) = match f.kind {
        FigureKind::Money => (Dimension::Money(unit.to_string()), 1.0, 0.0),
        FigureKind::Percent if unit == "pp" => (Dimension::Points, 1.0, 0.0),
        FigureKind::Percent if unit == "bp" => (Dimension::Points, 0.01, 0.0),
        FigureKind::Percent => (Dimension::Percent, 1.0, 0.0),
        FigureKind::Count => (Dimension::Count, 1.0, 0.0),
        FigureKind::Duration => {
            let factor = units
                .find(unit, true, || {
                    ctx.lexicon.duration_words.iter().map(|(_, u)| u).find(|u| u.unit == unit)
                })
                .map_or(1.0, |u| u.factor);
            (Dimension::Duration, factor, 0.0)
        }
        FigureKind::Measure => {
            if unit == "°F" {
                (Dimension::Measure("temperature".into()), 5.0 / 9.0, -32.0)
            } else {
                let u = units.find(unit, false, || {
                    let lex = &ctx.lexicon;
                    lex.measure_words
                        .iter()
                        .chain(&lex.measure_before)
                        .map(|(_, u)| u)
                        .find(|u| u.unit == unit)
                })?;
                (Dimension::Measure(u.dimension.clone()), u.factor, 0.0)
            }
        }
        _ => return None,
    };
    let conv = |x: f64| (x + offset) * factor;
    Some((conv(v), conv(low), conv(high), dimension, None))
}

/// Significant digits of a value written in words ("two hundred" → 1).
fn significant(v: f64) -> u8 {
    let s = format!("{}", v.abs().round() as u64);
    s.trim_end_matches('0').len().max(1) as u8
}

/// True when two keys name the same quantity: one dimension and [`weigh_keys`] finds them one
/// (values not considered).
pub fn same_quantity(a: &QuantityKey, b: &QuantityKey) -> bool {
    a.dimension == b.dimension && weigh_keys(a, b, !matches!(a.dimension, Dimension::Rate(..)), None).same
}

/// A value of a quantity read in one dimension: its own, or an [`Alternative`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View<'a> {
    pub dimension: &'a Dimension,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Read through a conversion the article states.
    pub converted: bool,
}

impl Quantity {
    /// The quantity in its own dimension.
    pub fn view(&self) -> View<'_> {
        View {
            dimension: &self.key.dimension,
            value: self.value,
            low: self.low,
            high: self.high,
            converted: false,
        }
    }

    fn views(&self) -> impl Iterator<Item = View<'_>> {
        std::iter::once(self.view()).chain(self.alternatives.iter().map(|x| View {
            dimension: &x.dimension,
            value: x.value,
            low: x.low,
            high: x.high,
            converted: true,
        }))
    }
}

/// The two statements read in one dimension: their own when it is the same, else through
/// the conversions either article states (one side converted before both).
pub fn common_view<'a>(a: &'a Quantity, b: &'a Quantity) -> Option<(View<'a>, View<'a>)> {
    if a.key.dimension == b.key.dimension {
        return Some((a.view(), b.view()));
    }
    let mut best: Option<(View<'a>, View<'a>)> = None;
    for x in a.views() {
        for y in b.views() {
            if x.dimension == y.dimension
                && best.is_none_or(|(p, q)| u8::from(x.converted) + u8::from(y.converted) < u8::from(p.converted) + u8::from(q.converted))
            {
                best = Some((x, y));
            }
        }
    }
    best
}

/// [`same_quantity`] for two statements, reading each in the other's currency when an
/// article states the rate.
pub fn same_quantity_of(a: &Quantity, b: &Quantity) -> bool {
    weigh(a, b).same
}

/// Why two statements were (or were not) taken as one quantity: the evidence for, and the
/// first veto against. Shown in the hover ("same measure: dead; same period: 2026").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    pub same: bool,
    /// The sum of the supporting and weakening evidence's weights ([`Weights`]).
    pub score: i32,
    /// The evidence, strongest first, each "what: value".
    pub reasons: Vec<String>,
    /// What ruled a match out, when something did.
    pub veto: Option<String>,
    /// The pieces of evidence found (all false under a veto): what the weights are fitted on.
    pub evidence: Evidence,
}

impl Verdict {
    fn veto(reason: impl Into<String>) -> Verdict {
        Verdict {
            veto: Some(reason.into()),
            ..Verdict::default()
        }
    }

    /// The reasons as one line for a hover.
    pub fn reason(&self) -> String {
        match &self.veto {
            Some(v) => v.clone(),
            None => self.reasons.join("; "),
        }
    }
}

/// The weighed evidence that two statements state one quantity, one flag a piece; each has a
/// weight in [`Weights`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// A shared word saying what both measure ("killed", "death toll"), or an exchange rate's
    /// currencies.
    pub kind: bool,
    /// No kind word on either side, the noun right after each figure shared, values close.
    pub noun: bool,
    /// A shared subject word of the clause ("quake", "defence").
    pub subject: bool,
    /// A shared entity of the clause.
    pub entity: bool,
    /// A year written in one statement's sentence, none at all on the other side.
    pub year_one_side: bool,
    /// A place below a country named on one side only.
    pub place_one_side: bool,
}

impl Evidence {
    /// The pieces by name, in the order of `data/lexicon/evidence.toml`.
    pub fn pieces(&self) -> [(&'static str, bool); 6] {
        [
            ("kind", self.kind),
            ("noun", self.noun),
            ("subject", self.subject),
            ("entity", self.entity),
            ("year_one_side", self.year_one_side),
            ("place_one_side", self.place_one_side),
        ]
    }
}

/// The weight of each piece of [`Evidence`] and the score from which two statements are one
/// quantity: `data/lexicon/evidence.toml`, chosen on the real-article trials
/// (`scripts/trials/fit.py`; the file says how). What is measured is the strong evidence; whose
/// and where add or take away; what says the two are different things vetoes outright, since
/// one such difference is enough to make two figures two quantities.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct Weights {
    pub match_at: i32,
    pub weights: PieceWeights,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PieceWeights {
    pub kind: i32,
    pub noun: i32,
    pub subject: i32,
    pub entity: i32,
    pub year_one_side: i32,
    pub place_one_side: i32,
}

impl Weights {
    /// The compiled-in weights.
    pub fn get() -> &'static Weights {
        static W: OnceLock<Weights> = OnceLock::new();
        // Compiled in and parsed by tests; a failure here is a build defect.
        W.get_or_init(|| toml::from_str(include_str!("../../data/lexicon/evidence.toml")).expect("evidence.toml"))
    }

    /// The weight of one piece, by its name in [`Evidence::pieces`].
    pub fn of(&self, piece: &str) -> i32 {
        let w = &self.weights;
        match piece {
            "kind" => w.kind,
            "noun" => w.noun,
            "subject" => w.subject,
            "entity" => w.entity,
            "year_one_side" => w.year_one_side,
            "place_one_side" => w.place_one_side,
            _ => 0,
        }
    }

    /// The score of a set of evidence.
    pub fn score(&self, e: &Evidence) -> i32 {
        e.pieces().iter().filter(|(_, on)| *on).map(|(name, _)| self.of(name)).sum()
    }
}

/// The evidence that two statements state one quantity (see [`Weights`]).
pub fn weigh(a: &Quantity, b: &Quantity) -> Verdict {
    let Some((x, y)) = common_view(a, b) else {
        return Verdict::veto("different dimension");
    };
    let values = {
        let (p, q) = (x.value.abs(), y.value.abs());
        let (lo, hi) = if p < q { (p, q) } else { (q, p) };
        lo > 0.0 && hi / lo <= NOUN_ONLY_RATIO
    };
    // An exchange rate's currencies say what it measures: it needs no kind word.
    weigh_keys(&a.key, &b.key, !matches!(x.dimension, Dimension::Rate(..)), Some(values))
}

/// How far apart two statements that share only their noun may be and still be compared.
const NOUN_ONLY_RATIO: f64 = 1.5;

/// [`weigh`] on the keys; `need_kind`: a word saying what both measure must be shared;
/// `close`: whether the values are close enough for a noun-only match (`None`: not known, as
/// for keys alone, taken as close).
pub fn weigh_keys(a: &QuantityKey, b: &QuantityKey, need_kind: bool, close: Option<bool>) -> Verdict {
    if let Some(veto) = veto(a, b) {
        return Verdict::veto(veto);
    }
    let weights = Weights::get();
    let mut v = Verdict::default();
    let mut e = Evidence::default();
    let shared_kinds: Vec<&String> = a.kinds.iter().filter(|k| b.kinds.binary_search(k).is_ok()).collect();
    // A word saying what both measure ("killed", "budget", "founded"): sharing only subject
    // words ("the visit", "the quake") is not enough — "a two-day visit" and "a visit in six
    // months" are different durations.
    if !shared_kinds.is_empty() {
        e.kind = true;
        v.reasons.push(format!("same measure: {}", join(&shared_kinds)));
    } else if !need_kind {
        e.kind = true;
        v.reasons.push("same exchange rate".to_string());
    } else {
        // Neither names a kind: the noun each measures ("17 goals" and "16 league goals"); one
        // names none: its noun is among the other's words ("commitments of €198.2 billion" and
        // "a budget of €192.8 billion in commitments").
        let shared = |x: &[String], y: &[String]| x.iter().find(|n| y.contains(n)).cloned();
        let noun = match (a.kinds.is_empty(), b.kinds.is_empty()) {
            (true, true) => shared(&a.nouns, &b.nouns),
            (true, false) => shared(&a.nouns, &b.nouns).or_else(|| shared(&a.nouns, &b.heads)),
            (false, true) => shared(&b.nouns, &a.nouns).or_else(|| shared(&b.nouns, &a.heads)),
            (false, false) => None,
        };
        match noun {
            // Sharing only a noun is weaker evidence ("250 beds" in a district, "500 beds" in a
            // hospital): one quantity only when the values are close, as a restated figure
            // that went wrong usually is.
            Some(n) if close != Some(false) => {
                e.noun = true;
                v.reasons.push(format!("same noun: {n}"));
            }
            Some(n) => v.reasons.push(format!("same noun ({n}) but values far apart")),
            None => v.reasons.push("nothing says what both measure".to_string()),
        }
    }
    let subjects: Vec<&String> = a
        .heads
        .iter()
        // The noun a figure counts is weighed as the noun, not again as a subject.
        .filter(|h| !(a.kinds.contains(h) || b.kinds.contains(h) || a.nouns.contains(h) && b.nouns.contains(h)))
        .filter(|h| b.heads.binary_search(h).is_ok())
        .collect();
    if !subjects.is_empty() {
        e.subject = true;
        v.reasons.push(format!("same subject: {}", join(&subjects)));
    }
    let shared_entities = a.entities.iter().filter(|x| b.entities.contains(x)).count();
    if shared_entities > 0 {
        e.entity = true;
        v.reasons.push(match shared_entities {
            1 => "same entity".to_string(),
            n => format!("{n} entities in common"),
        });
    }
    if a.year_stated && b.year.is_none() || b.year_stated && a.year.is_none() {
        e.year_one_side = true;
        v.reasons.push("a year stated on one side only".to_string());
    }
    if a.places.is_empty() != b.places.is_empty() {
        e.place_one_side = true;
        v.reasons.push("a place named on one side only".to_string());
    }
    match (a.year, a.month) {
        (Some(y), Some(m)) if b.year.is_some() && b.month.is_some() => v.reasons.push(format!("same period: {y}-{m:02}")),
        (Some(y), _) if b.year.is_some() => v.reasons.push(format!("same period: {y}")),
        _ => {}
    }
    v.score = weights.score(&e);
    v.evidence = e;
    v.same = v.score >= weights.match_at;
    v
}

/// What makes two keys two quantities whatever else they share, if anything does.
fn veto(a: &QuantityKey, b: &QuantityKey) -> Option<String> {
    // A change and a level are different quantities.
    if a.markers != b.markers {
        return Some("a change is not a level".to_string());
    }
    if let (Some(x), Some(y)) = (a.year, b.year)
        && x != y
    {
        return Some(format!("different period: {x} and {y}"));
    }
    if let (Some(x), Some(y)) = (a.month, b.month)
        && x != y
    {
        return Some("different month".to_string());
    }
    if !a.entities.is_empty() && !b.entities.is_empty() && !a.entities.iter().any(|e| b.entities.contains(e)) {
        return Some("different subjects".to_string());
    }
    // What each measures must not differ: one's kinds contain the other's.
    let subset = |x: &[String], y: &[String]| x.iter().all(|k| y.binary_search(k).is_ok());
    if !a.kinds.is_empty() && !b.kinds.is_empty() && !subset(&a.kinds, &b.kinds) && !subset(&b.kinds, &a.kinds) {
        return Some(format!("different measures: {} and {}", a.kinds.join(", "), b.kinds.join(", ")));
    }
    if a.part != b.part {
        return Some("a part is not its whole".to_string());
    }
    if let (Some(x), Some(y)) = (&a.base, &b.base)
        && x != y
    {
        return Some(format!("shares of different bases: {x} and {y}"));
    }
    if a.per != b.per {
        return Some("a per-unit figure is not a total".to_string());
    }
    if !a.modifiers.is_empty() && !b.modifiers.is_empty() && !a.modifiers.iter().any(|m| b.modifiers.contains(m)) {
        return Some("different groups".to_string());
    }
    if !a.places.is_empty() && !b.places.is_empty() && !a.places.iter().any(|p| b.places.contains(p)) {
        return Some("different places".to_string());
    }
    // "12 crew" and "230 passengers": counts of two things (a measure's noun is too loose:
    // "35 km below the surface", "a depth of 22 miles").
    // A noun that is itself a measure word ("26 lives") names no thing.
    let things = |k: &QuantityKey| -> Vec<String> {
        k.nouns
            .iter()
            .filter(|n| !a.kinds.contains(n) && !b.kinds.contains(n))
            .cloned()
            .collect()
    };
    let (ta, tb) = (things(a), things(b));
    if a.dimension == Dimension::Count && !ta.is_empty() && !tb.is_empty() && !ta.iter().any(|n| tb.contains(n)) {
        return Some(format!("different things counted: {} and {}", ta.join(", "), tb.join(", ")));
    }
    None
}

fn join(xs: &[&String]) -> String {
    xs.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
}

/// True when two values are too far apart to be two statements of one quantity (more than
/// twelve times; a slipped digit, ten times, is still a contradiction).
pub fn too_far_apart(a: &Quantity, b: &Quantity) -> bool {
    if a.key.dimension == Dimension::When {
        return false;
    }
    let (va, vb) = common_view(a, b).unwrap_or((a.view(), b.view()));
    let (x, y) = (va.value.abs(), vb.value.abs());
    let (lo, hi) = if x < y { (x, y) } else { (y, x) };
    lo > 0.0 && hi / lo > 12.0
}

/// True when two statements of one quantity can both be right: their ranges overlap (for
/// dates: the same year, and the same month and days where both state them).
pub fn agree(a: &Quantity, b: &Quantity) -> bool {
    if a.key.dimension == Dimension::When {
        if a.value != b.value {
            return false;
        }
        return match (a.date, b.date) {
            (Some((m1, d1, e1)), Some((m2, d2, e2))) => m1 == 0 || m2 == 0 || m1 == m2 && (d1 == 0 || d2 == 0 || d1 <= e2 && d2 <= e1),
            _ => true,
        };
    }
    // Currencies are read at the stated rate (its slack is in the converted range).
    let (a, b) = common_view(a, b).unwrap_or((a.view(), b.view()));
    // Ranges that only touch do not overlap: "16" and "17" goals are [15.5, 16.5] and [16.5,
    // 17.5]; `tiny` keeps float noise out of that test.
    let max = a.value.abs().max(b.value.abs());
    let tiny = 1e-9 * max + 1e-12;
    // A small relative slack for unit conversions ("300 km (186 miles)").
    let slack = if matches!(a.dimension, Dimension::Measure(_)) {
        0.005 * max
    } else {
        0.0
    };
    a.low + tiny < b.high + slack && b.low + tiny < a.high + slack
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyze;
    use std::sync::Arc;

    fn quantities(text: &str) -> (Analysis, Vec<Quantity>) {
        let ctx = Context::new(KnowledgeBase::embedded());
        let a = analyze(text, &ctx);
        let q = a.quantities.clone();
        (a, q)
    }

    fn key_of<'a>(text: &str, a: &'a Analysis, figure_text: &str) -> &'a Quantity {
        a.quantities
            .iter()
            .find(|q| a.figures[q.figure].span.slice(text) == figure_text)
            .unwrap_or_else(|| panic!("no quantity {figure_text:?} in {:?}", a.quantities))
    }

    #[test]
    fn the_evidence_weights_file_parses_and_a_score_is_the_sum_of_its_pieces() {
        let w = Weights::get();
        // What is measured must be able to carry a match on its own or with one more piece.
        assert!(w.weights.kind > 0 && w.weights.kind + w.weights.subject.max(w.weights.entity) >= w.match_at);
        let e = Evidence {
            kind: true,
            entity: true,
            place_one_side: true,
            ..Evidence::default()
        };
        assert_eq!(w.score(&e), w.weights.kind + w.weights.entity + w.weights.place_one_side);
        assert_eq!(w.score(&Evidence::default()), 0);
        // Every piece named in the file is one the decision weighs.
        let file: toml::Value = toml::from_str(include_str!("../../data/lexicon/evidence.toml")).unwrap();
        let names: Vec<&str> = e.pieces().iter().map(|(n, _)| *n).collect();
        for k in file["weights"].as_table().unwrap().keys() {
            assert!(names.contains(&k.as_str()), "{k} is weighed by nothing");
        }
    }

    #[test]
    fn synonyms_capitals_and_relative_years_give_one_key() {
        let t1 = "Defence\nTOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion, the ministry said.\n";
        let t2 = "Spending\nTOKYO, March 4, 2026 — Tokyo's military spending last year reached $55.1 billion.\n";
        let (a1, _) = quantities(t1);
        let (a2, _) = quantities(t2);
        let q1 = key_of(t1, &a1, "$55 billion");
        let q2 = key_of(t2, &a2, "$55.1 billion");
        assert_eq!(q1.key.year, Some(2025));
        assert_eq!(q2.key.year, Some(2025));
        assert!(same_quantity(&q1.key, &q2.key), "{:?}\n{:?}", q1.key, q2.key);
        assert!(agree(q1, q2));
    }

    #[test]
    fn different_years_or_subjects_are_not_the_same_quantity() {
        let t = "Budgets\nTOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion.\n\
                 Japan's defence budget for 2024 was $50 billion.\n\
                 China's defence budget for 2025 was $230 billion.\n";
        let (a, _) = quantities(t);
        let q1 = key_of(t, &a, "$55 billion");
        let q2 = key_of(t, &a, "$50 billion");
        let q3 = key_of(t, &a, "$230 billion");
        assert!(!same_quantity(&q1.key, &q2.key));
        assert!(!same_quantity(&q1.key, &q3.key));
    }

    #[test]
    fn precision_qualifiers_and_units() {
        let t = "Figures\nThe deal was worth $3.2 billion. The deal was worth $3.24 billion. The deal was worth $3.6 billion.\n\
                 At least 30 people were killed. 32 people were killed. About 30 people were killed. 45 people were killed.\n\
                 The pipeline is 300 km long. The pipeline is 186 miles long. It was 40C. It was 104F.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| key_of(t, &a, s);
        assert!(agree(q("$3.2 billion"), q("$3.24 billion")));
        assert!(!agree(q("$3.2 billion"), q("$3.6 billion")));
        assert!(agree(q("30"), q("32")));
        let about = a
            .quantities
            .iter()
            .find(|x| a.figures[x.figure].qualifier.as_deref() == Some("about"))
            .unwrap();
        assert!(!agree(about, q("45")));
        assert!(agree(about, q("32")));
        assert!(agree(q("300 km"), q("186 miles")));
        assert!(agree(q("40C"), q("104F")));
        assert_eq!(q("300 km").key.dimension, q("186 miles").key.dimension);
    }

    #[test]
    fn dates_and_years_of_one_event_compare_on_the_year() {
        let t = "Museum\nThe museum opened in 1977, its director said.\nIt opened on March 23, 1979 to crowds.\nIt opened on March 23, 1977 to crowds.\n";
        let (a, _) = quantities(t);
        let y = &a.quantities[0];
        assert_eq!(y.key.dimension, Dimension::When);
        assert!(same_quantity(&y.key, &a.quantities[1].key));
        assert!(!agree(y, &a.quantities[1]));
        assert!(agree(y, &a.quantities[2]));
    }

    /// The quantity whose figure's text starts with `s`.
    fn starting_with<'a>(t: &str, a: &'a Analysis, s: &str) -> &'a Quantity {
        a.quantities
            .iter()
            .find(|x| a.figures[x.figure].span.slice(t).starts_with(s))
            .unwrap_or_else(|| panic!("no quantity {s:?}"))
    }

    #[test]
    fn touching_ranges_and_approximate_wording() {
        let t = "Stock\nThe country held about 440 kilograms of uranium. It held more than 480 kilograms of uranium.\n\
                 It held about 470 kilograms of uranium. He scored 17 goals. He scored 16 goals.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| starting_with(t, &a, s);
        assert!(!agree(q("440"), q("480")));
        assert!(agree(q("470"), q("480")));
        assert!(!agree(q("17"), q("16")));
    }

    #[test]
    fn the_noun_a_figure_measures_stands_in_for_a_kind() {
        let t = "Season\nHe scored 17 goals in 29 matches last season. He scored 16 league goals last season.\n\
                 The vaccine showed 79.6% efficacy in the trial. It showed 69.6 percent efficacy in the trial.\n\
                 Iran held 440.9 kilograms of uranium enriched to 60 percent. It held more than 480 kilograms of highly enriched uranium.\n\
                 He may play in 19 remaining league games. The district has 250 beds. The hospital has 500 beds.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| starting_with(t, &a, s);
        assert_eq!(q("79.6%").key.nouns, ["efficacy"]);
        assert!(same_quantity_of(q("17"), q("16")), "{:?}\n{:?}", q("17").key, q("16").key);
        assert!(!same_quantity_of(q("17"), q("29")));
        assert!(same_quantity_of(q("79.6%"), q("69.6 percent")));
        assert!(!agree(q("79.6%"), q("69.6 percent")));
        assert_eq!(q("440.9 kilograms").key.nouns, ["uranium"]);
        assert_eq!(q("480 kilograms").key.nouns, ["uranium"]);
        assert_eq!(q("19").key.nouns, ["game"]);
        assert!(!same_quantity_of(q("16"), q("19")));
        // Sharing only a noun, values far apart are different quantities.
        assert!(!same_quantity_of(q("250"), q("500")));
        assert!(same_quantity_of(q("440.9 kilograms"), q("480 kilograms")));
        // One names a kind, the other only the noun it is "of", which the first also names.
        let t2 = "Budget\nThey agreed a 2026 budget of €192.8 billion in commitments. Negotiators agreed on commitments of €198.2 billion for 2026.\n";
        let (a2, _) = quantities(t2);
        let q2 = |s: &str| key_of(t2, &a2, s);
        assert_eq!(q2("€198.2 billion").key.nouns, ["commitment"]);
        assert!(same_quantity_of(q2("€192.8 billion"), q2("€198.2 billion")));
        assert!(!agree(q("440.9 kilograms"), q("480 kilograms")));
    }

    #[test]
    fn a_when_clause_is_about_the_time_before_it() {
        let t = "Floods\nKARACHI, August 13, 2026 — Floods have killed 120 people this season.\n\
                 It is the worst season since 2022, when floods killed more than 1,700 people.\n\
                 Rain returned in 2010, when floods killed 1,985 people, and again this week.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| key_of(t, &a, s);
        assert_eq!(q("120").key.year, Some(2026));
        assert_eq!(q("1,700").key.year, Some(2022));
        assert_eq!(q("1,985").key.year, Some(2010));
        assert!(!same_quantity_of(q("120"), q("1,700")));
    }

    #[test]
    fn a_cue_that_sources_no_figure_keeps_its_words() {
        // "pledged" names who speaks a quotation but sources no figure: it says what the
        // figure is, as it does when its subject is no source ("Western donors").
        let t = "Aid\nDonor governments pledged €4.8 billion to rebuild the grid, the ministry said.\n\
                 Western donors pledged €4.2 billion to repair the grid, the organisers said.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| key_of(t, &a, s);
        assert_eq!(q("€4.8 billion").key.kinds, ["aid"]);
        assert!(
            same_quantity_of(q("€4.8 billion"), q("€4.2 billion")),
            "{:?}\n{:?}",
            q("€4.8 billion").key,
            q("€4.2 billion").key
        );
        assert!(!agree(q("€4.8 billion"), q("€4.2 billion")));
    }

    /// The verdict on the first quantity starting with `x` in `t1` and the first starting
    /// with `y` in `t2`.
    fn verdict(t1: &str, x: &str, t2: &str, y: &str) -> Verdict {
        let (a1, _) = quantities(t1);
        let (a2, _) = quantities(t2);
        weigh(starting_with(t1, &a1, x), starting_with(t2, &a2, y))
    }

    #[test]
    fn evidence_supports_with_reasons_and_vetoes_name_the_difference() {
        let v = verdict(
            "Budget\nBERLIN, March 18, 2026 — Germany's defence budget for 2026 is €108 billion.\n",
            "€108",
            "Budget\nBERLIN, March 19, 2026 — The Bundestag set military spending for 2026 at €110 billion.\n",
            "€110",
        );
        // The institution carries its country: one subject.
        assert!(v.same, "{v:?}");
        assert_eq!(
            v.reason(),
            "same measure: budget; same subject: defence; same entity; same period: 2026"
        );
        // A part is not its whole.
        let total = "Floods\nAUSTIN, July 7, 2025 — The floods have killed 104 people, officials said.\n";
        let part = "Floods\nAUSTIN, July 7, 2025 — The floods killed 104 people, including 27 campers, officials said.\n";
        let v = verdict(total, "104", part, "27");
        assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
        let alone = "Floods\nKERRVILLE, July 7, 2025 — In Kerr County alone, 84 people died, officials said.\n";
        assert!(!verdict(total, "104", alone, "84").same);
        // Shares of different bases.
        let v = verdict(
            "Trade\nBERLIN, April 3, 2025 — Exports to the US were 10% of all German exports, the office said.\n",
            "10%",
            "Trade\nBERLIN, April 3, 2025 — Exports to the US were 3.7% of German output, the office said.\n",
            "3.7%",
        );
        assert!(!v.same, "{v:?}");
        // Per unit against a total.
        let v = verdict(
            "Deal\nBRUSSELS, July 28, 2025 — The EU will buy $750 billion of energy over three years.\n",
            "$750",
            "Deal\nBRUSSELS, July 28, 2025 — The EU will buy $250 billion a year of energy.\n",
            "$250",
        );
        assert_eq!(v.veto.as_deref(), Some("a per-unit figure is not a total"), "{v:?}");
        // Two groups sharing a noun.
        let v = verdict(
            "Hostages\nTEL AVIV, October 13, 2025 — Hamas freed the 20 living hostages on Monday.\n",
            "20",
            "Hostages\nTEL AVIV, October 13, 2025 — Hamas still holds 24 deceased hostages.\n",
            "24",
        );
        assert_eq!(v.veto.as_deref(), Some("different groups"), "{v:?}");
        // The clause's own year, not the article's.
        let t = "Boats\nKINSHASA, April 18, 2025 — A boat fire killed 148 people. It was the worst disaster since a ferry sank on Lake Kivu in 2024, killing 78 people.\n";
        let v = verdict(t, "148", t, "78");
        assert_eq!(v.veto.as_deref(), Some("different period: 2025 and 2024"), "{v:?}");
        // "30 of the deaths", "Among the dead, four …": parts.
        let v = verdict(
            "Quake\nCEBU, October 2, 2025 — The quake killed 72 people, officials said.\n",
            "72",
            "Quake\nCEBU, October 2, 2025 — Officials said 30 of the deaths were in Bogo City.\n",
            "30",
        );
        assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
        let v = verdict(
            "Outbreak\nKINSHASA, September 9, 2025 — The outbreak has killed 15 people, the ministry said.\n",
            "15",
            "Outbreak\nKINSHASA, September 9, 2025 — Among the dead, four were health workers, the ministry said.\n",
            "four",
        );
        assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
        // How far a count has got is not a share of the vote.
        let v = verdict(
            "Vote\nSEOUL, June 4, 2025 — Lee won 49.4% of the vote, the commission said.\n",
            "49.4%",
            "Vote\nSEOUL, June 4, 2025 — With 94.4% of the votes counted, Lee led, the commission said.\n",
            "94.4%",
        );
        assert!(!v.same, "{v:?}");
        // Two things counted: firefighters are not pilgrims; "26 lives" names no thing.
        let fire = "Fire\nHONG KONG, November 27, 2025 — The fire killed 12 firefighters, officials said.\n";
        let v = verdict(
            fire,
            "12",
            "Fire\nHONG KONG, November 27, 2025 — The fire killed 10 pilgrims, officials said.\n",
            "10",
        );
        assert!(
            v.veto.as_deref().is_some_and(|x| x.starts_with("different things counted")),
            "{v:?}"
        );
        let v = verdict(
            "Attack\nSRINAGAR, April 23, 2025 — The attack claimed 26 civilian lives, police said.\n",
            "26",
            "Attack\nSRINAGAR, April 23, 2025 — The attack killed 27 civilians, police said.\n",
            "27",
        );
        assert!(v.same, "{v:?}");
        // Undated articles: a year written in one sentence only is likely background.
        let v = verdict(
            "Quake\nIn 2023, a quake in Herat killed 1,500 people.\n",
            "1,500",
            "Quake\nThe quake killed 1,400 people, officials said.\n",
            "1,400",
        );
        assert!(!v.same && v.reason().contains("a year stated on one side only"), "{v:?}");
        // A verb says which people: the trapped are not the rescued.
        let v = verdict(
            "Mine\nLIMA, May 2, 2026 — Rescuers said 12 miners were trapped.\n",
            "12",
            "Mine\nLIMA, May 2, 2026 — Rescuers said 14 miners were rescued.\n",
            "14",
        );
        assert!(!v.same, "{v:?}");
    }

    #[test]
    fn running_totals_parts_and_deadlines_in_the_key() {
        let t = "Floods\nNAIROBI, March 3, 2026 — The death toll has risen to 52, and 3,900 people were injured and 270 missing. \
                 In 2024, floods killed 74 people. Firms will invest $600 billion by 2028.\n";
        let (a, _) = quantities(t);
        let q = |s: &str| key_of(t, &a, s);
        assert!(q("52").key.running);
        // "injured" goes to the figure before "and", not to the nearer one after it.
        assert_eq!(q("3,900").key.kinds, ["injured"]);
        // A total of an earlier year no longer runs.
        assert!(!q("74").key.running);
        // A deadline is not the year a figure is about.
        assert_eq!(q("$600 billion").key.year, Some(2026));
        assert_eq!(q("$600 billion").key.kinds, ["investment"]);
    }

    #[test]
    fn changes_and_levels_differ() {
        let t = "Rates\nThe bank cut its rate by 25 basis points to 6.75%. Inflation rose 0.4% in March. Inflation was 3.8% in March.\n";
        let (a, _) = quantities(t);
        let change = key_of(t, &a, "0.4%");
        let level = key_of(t, &a, "3.8%");
        assert_ne!(change.key.markers, level.key.markers);
        assert!(!same_quantity(&change.key, &level.key));
        let _ = Arc::new(());
    }
}
