//! The word lists the extractor reads, loaded from `data/lexicon/*.toml` (compiled in) plus
//! the attribution cues a workspace adds in `factline.toml`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::entities::words::NameWords;
use super::quantity::{QuantityWords, Weights};

#[derive(Deserialize)]
struct UnitsFile {
    currency: Vec<CurrencyRaw>,
    scales: ScalesRaw,
    percent: PercentRaw,
    measure: Vec<MeasureRaw>,
    duration: Vec<DurationRaw>,
}

/// `data/lexicon/currencies.toml`: every ISO 4217 currency, generated.
#[derive(Deserialize)]
struct CurrenciesFile {
    currency: Vec<CurrencyRaw>,
}

#[derive(Deserialize)]
struct CurrencyRaw {
    code: String,
    symbols: Vec<String>,
    words: Vec<String>,
    #[serde(default)]
    stuck: Vec<String>,
}

#[derive(Deserialize)]
struct ScalesRaw {
    words: HashMap<String, f64>,
    attached: HashMap<String, f64>,
}

#[derive(Deserialize)]
struct PercentRaw {
    words: Vec<String>,
    points: Vec<String>,
}

#[derive(Deserialize)]
struct MeasureRaw {
    unit: String,
    dimension: String,
    factor: f64,
    words: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
}

#[derive(Deserialize)]
struct DurationRaw {
    unit: String,
    factor: f64,
    words: Vec<String>,
}

/// `data/lexicon/abbreviations.toml`: words that end with a period without ending the sentence.
#[derive(Deserialize)]
struct AbbreviationsFile {
    titles: Vec<String>,
    may_end: Vec<String>,
    sentence_openers: Vec<String>,
}

#[derive(Deserialize)]
struct NumbersFile {
    units: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    fixed: HashMap<String, f64>,
    vague: Vec<String>,
    fractions: HashMap<String, f64>,
    point_phrases: HashMap<String, f64>,
    identifier_nouns: Vec<String>,
    calendar_counters: Vec<String>,
    ordinal_after: Vec<String>,
    ordinals: HashMap<String, f64>,
    qualifiers: Vec<String>,
    record_nouns: Vec<String>,
    total_labels: Vec<String>,
}

#[derive(Deserialize)]
struct AttributionFile {
    verbs: Vec<String>,
    inverted_verbs: Vec<String>,
    quote_verbs: Vec<String>,
    speech_words: Vec<String>,
    source_heads: Vec<String>,
    verbs_with_at: Vec<String>,
    passive_to: Vec<String>,
    before_source: Vec<String>,
    source_nouns: Vec<String>,
    vague_sources: Vec<String>,
    scare_quote_markers: Vec<String>,
    clauses: super::attribution::ClauseWords,
}

/// A unit with what it measures and the factor to its dimension's base unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub unit: String,
    pub dimension: String,
    pub factor: f64,
}

/// A set of words, looked up by the lowercased (or as-written) word.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    set: HashSet<String>,
}

impl WordSet {
    pub fn insert(&mut self, word: String) -> bool {
        self.set.insert(word)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.set.iter()
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> WordSet {
        let mut set = WordSet::default();
        set.extend(iter);
        set
    }
}

impl Extend<String> for WordSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for w in iter {
            self.insert(w);
        }
    }
}

/// A list's entries grouped by one byte of each phrase (its first or its last), in list order:
/// a scan for the phrase at some place of the text tries only the entries that can match there,
/// and the first match is the same as a scan of the whole list.
#[derive(Debug, Default)]
pub struct ByteBuckets {
    /// 256 buckets by byte and one for an empty haystack; an empty phrase is in every bucket.
    buckets: Vec<Vec<u16>>,
}

impl ByteBuckets {
    fn new<'a>(phrases: impl Iterator<Item = &'a str>, last: bool) -> ByteBuckets {
        let mut buckets = vec![Vec::new(); 257];
        for (i, p) in phrases.enumerate() {
            let i = u16::try_from(i).expect("lexicon lists have fewer than 65,536 entries");
            match if last { p.as_bytes().last() } else { p.as_bytes().first() } {
                Some(&b) => buckets[usize::from(b)].push(i),
                None => buckets.iter_mut().for_each(|v| v.push(i)),
            }
        }
        ByteBuckets { buckets }
    }

    /// By the first byte of each phrase.
    pub fn by_first<'a>(phrases: impl Iterator<Item = &'a str>) -> ByteBuckets {
        ByteBuckets::new(phrases, false)
    }

    /// By the last byte of each phrase.
    pub fn by_last<'a>(phrases: impl Iterator<Item = &'a str>) -> ByteBuckets {
        ByteBuckets::new(phrases, true)
    }

    /// Indexes of the entries whose byte is `byte` (`None`: only empty phrases), ascending.
    pub fn get(&self, byte: Option<u8>) -> impl Iterator<Item = usize> + '_ {
        self.buckets[byte.map_or(256, usize::from)].iter().map(|&i| usize::from(i))
    }
}

#[derive(Debug)]
pub struct Lexicon {
    /// Currency symbols and codes that stand before a number, longest first.
    pub currency_symbols: Vec<(String, String)>,
    /// The last characters of the currency symbols, for a quick test before searching them.
    pub symbol_last_chars: HashSet<char>,
    /// `currency_symbols` by last byte.
    pub currency_symbols_index: ByteBuckets,
    /// Letters stuck to the digits that make money only with evidence ("N96.3bn" naira).
    pub stuck_prefixes: Vec<(String, String)>,
    /// Currency words after a number, longest first.
    pub currency_words: Vec<(String, String)>,
    /// `currency_words` by first byte.
    pub currency_words_index: ByteBuckets,
    pub scale_words: HashMap<String, f64>,
    pub attached_scales: HashMap<String, f64>,
    pub percent_words: Vec<String>,
    pub point_words: Vec<String>,
    /// Measure words after a number, longest first.
    pub measure_words: Vec<(String, Unit)>,
    /// `measure_words` by first byte.
    pub measure_words_index: ByteBuckets,
    /// Measure words before a number ("magnitude 6.1").
    pub measure_before: Vec<(String, Unit)>,
    /// `measure_before` by last byte.
    pub measure_before_index: ByteBuckets,
    pub duration_words: Vec<(String, Unit)>,
    /// `duration_words` by first byte.
    pub duration_words_index: ByteBuckets,
    pub number_units: HashMap<String, f64>,
    pub number_scales: HashMap<String, f64>,
    pub fixed_numbers: Vec<(String, f64)>,
    pub vague_numbers: Vec<String>,
    pub fractions: Vec<(String, f64)>,
    /// Fractions of a percentage point or percent ("quarter-point", "half a percent").
    pub point_phrases: Vec<(String, f64)>,
    /// Words after which a number names something ("Resolution 2231", "Flight 370").
    pub identifier_nouns: WordSet,
    /// Korean, Chinese and Japanese counters that make the digits before them a date part
    /// ("23일", "3월", "1분기"), not a count.
    pub calendar_counters: Vec<String>,
    /// Nouns that make "a third" an ordinal ("a third straight quarter").
    pub ordinal_after: WordSet,
    pub ordinals: HashMap<String, f64>,
    /// First words (before any hyphen) of every spelled number, fraction, ordinal and
    /// number phrase, lowercased: a word not in here starts no spelled figure.
    pub number_heads: WordSet,
    pub qualifiers: Vec<String>,
    /// The first words (up to a space or hyphen) of the point phrases, fixed numbers, fractions
    /// and vague numbers, lowercased: a word that is none of these starts none of them.
    pub number_phrase_keys: WordSet,
    /// The last words of the qualifiers ("than", "nearly") and their last characters that
    /// are not letters ("±"): what stands right before a number decides whether to look.
    pub qualifier_last_words: WordSet,
    pub qualifier_last_symbols: HashSet<char>,
    pub record_nouns: Vec<String>,
    /// Labels of a table's total row ("Total", "Overall"), lowercase.
    pub total_labels: Vec<String>,
    pub verbs: WordSet,
    /// Verbs that may stand before their subject ("said the ministry").
    pub inverted_verbs: WordSet,
    /// Verbs that name a quotation's speaker but source no figure ("hailed", "urged").
    pub quote_verbs: WordSet,
    /// `verbs` and `quote_verbs` together: one lookup rules out most words of a sentence.
    pub any_verbs: WordSet,
    /// Words that say a sentence reports what someone said ("described", "remark").
    pub speech_words: WordSet,
    /// Last words of a lowercase subject that make it a source ("the commission said").
    pub source_heads: WordSet,
    /// Verbs that report a figure only with "at" after them ("put the toll at 40").
    pub verbs_with_at: WordSet,
    /// Verbs that report no one when "to" follows ("believed to be", "expected to rise").
    pub passive_to: WordSet,
    pub before_source: Vec<String>,
    /// One automaton over `before_source`, ASCII case-insensitive (rebuilt with extra cues).
    pub before_source_matcher: aho_corasick::AhoCorasick,
    pub source_nouns: WordSet,
    pub vague_sources: WordSet,
    pub scare_markers: Vec<String>,
    /// For sentence splitting (`text::segment`, which sits below the lexicon and is given them).
    pub abbreviations: crate::text::Abbreviations,
    /// The name finder's words (`data/lexicon/names.toml`).
    pub names: NameWords,
    /// The words that build a figure's quantity key (`data/lexicon/quantity.toml`).
    pub quantity: QuantityWords,
    /// The weights of the same-quantity evidence (`data/lexicon/evidence.toml`).
    pub evidence: Weights,
    /// What the figure scanner reads around a number (`data/lexicon/figures.toml`).
    pub figures: super::figures::FigureWords,
    /// How a source's phrase and its clause are told apart (`attribution.toml`'s `[clauses]`).
    pub clauses: super::attribution::ClauseWords,
    /// Quotation words: Korean particles and verbs, unnamed speakers (`quotes.toml`).
    pub quotes: super::quotes::QuoteWords,
    /// Exchange-rate cues (`rates.toml`).
    pub rates: super::rates::RateWords,
    /// Month names and the words of a term of office (`dates.toml`).
    pub dates: super::dates::DateWords,
}

/// `data/lexicon/abbreviations.toml`, for the sentence splitter.
fn abbreviations() -> crate::text::Abbreviations {
    // Compiled in and parsed by tests; failing here is a build defect.
    let file: AbbreviationsFile = toml::from_str(include_str!("../../data/lexicon/abbreviations.toml")).expect("abbreviations.toml");
    crate::text::Abbreviations {
        titles: file.titles.into_iter().collect(),
        may_end: file.may_end.into_iter().collect(),
        openers: file.sentence_openers.into_iter().collect(),
    }
}

/// Every (overlapping) occurrence of the phrases, ASCII case-insensitive.
fn phrase_matcher(phrases: &[String]) -> aho_corasick::AhoCorasick {
    // Built from the compiled-in lists plus short configured phrases; cannot exceed limits.
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(phrases)
        .expect("attribution phrases build an automaton")
}

fn by_len_desc<T>(v: &mut [(String, T)]) {
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
}

/// The last words of the qualifiers ("than", "nearly") and their last characters that are
/// not letters ("±").
fn qualifier_ends(qualifiers: &[String]) -> (WordSet, HashSet<char>) {
    let words = qualifiers
        .iter()
        .filter_map(|q| q.rsplit(' ').next().filter(|w| w.chars().all(char::is_alphabetic)))
        .map(str::to_string)
        .collect();
    let symbols = qualifiers
        .iter()
        .filter_map(|q| q.chars().next_back())
        .filter(|c| !c.is_alphabetic())
        .collect();
    (words, symbols)
}

/// The list sorted longest first (stable: equal lengths keep their order).
fn longest_first(mut v: Vec<String>) -> Vec<String> {
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

/// The first words (up to a space or hyphen) of the phrases, lowercased.
fn first_words<'p>(phrases: impl Iterator<Item = &'p str>) -> WordSet {
    phrases
        .map(|p| p.split([' ', '-', '‑']).next().unwrap_or(p).to_lowercase())
        .collect()
}

/// The currency symbols, words (both longest first) and stuck prefixes, each with its code:
/// curated entries first; a generated one adds only codes, symbols and words they lack.
type CodedWords = Vec<(String, String)>;
fn currencies(curated: &[CurrencyRaw], generated: &[CurrencyRaw]) -> (CodedWords, CodedWords, CodedWords) {
    let mut currency_symbols: CodedWords = Vec::new();
    let mut currency_words: CodedWords = Vec::new();
    let mut stuck_prefixes: CodedWords = Vec::new();
    let curated_codes: HashSet<&str> = curated.iter().map(|c| c.code.as_str()).collect();
    let generated = generated.iter().filter(|c| !curated_codes.contains(c.code.as_str()));
    for c in curated.iter().chain(generated) {
        stuck_prefixes.extend(c.stuck.iter().map(|s| (s.clone(), c.code.clone())));
        for s in &c.symbols {
            if !currency_symbols.iter().any(|(x, _)| x == s) {
                currency_symbols.push((s.clone(), c.code.clone()));
            }
        }
        for w in &c.words {
            if !currency_words.iter().any(|(x, _)| x == w) {
                currency_words.push((w.clone(), c.code.clone()));
            }
        }
    }
    by_len_desc(&mut currency_symbols);
    by_len_desc(&mut currency_words);
    (currency_symbols, currency_words, stuck_prefixes)
}

/// The measure words after a number, those before it ("magnitude") and the duration words,
/// each with its unit, longest first.
type UnitWords = Vec<(String, Unit)>;
fn measures(units: &UnitsFile) -> (UnitWords, UnitWords, UnitWords) {
    let mut measure_words = Vec::new();
    let mut measure_before = Vec::new();
    for m in &units.measure {
        let u = Unit {
            unit: m.unit.clone(),
            dimension: m.dimension.clone(),
            factor: m.factor,
        };
        measure_words.extend(m.words.iter().map(|w| (w.clone(), u.clone())));
        measure_before.extend(m.before.iter().map(|w| (w.clone(), u.clone())));
    }
    by_len_desc(&mut measure_words);
    by_len_desc(&mut measure_before);
    let mut duration_words: UnitWords = units
        .duration
        .iter()
        .flat_map(|d| {
            let u = Unit {
                unit: d.unit.clone(),
                dimension: "time".into(),
                factor: d.factor,
            };
            d.words.iter().map(move |w| (w.clone(), u.clone()))
        })
        .collect();
    by_len_desc(&mut duration_words);
    (measure_words, measure_before, duration_words)
}

impl Lexicon {
    /// The built-in lexicon, parsed once.
    pub fn builtin() -> Arc<Lexicon> {
        Lexicon::shared().clone()
    }

    /// The built-in lexicon, borrowed: for compiled-in data read where no `Context` is at hand.
    pub fn shared() -> &'static Arc<Lexicon> {
        static LEX: OnceLock<Arc<Lexicon>> = OnceLock::new();
        LEX.get_or_init(|| Arc::new(Lexicon::load()))
    }

    /// The built-in lexicon plus a workspace's extra attribution verbs and phrases.
    pub fn with_extra_cues(verbs: &[String], phrases: &[String]) -> Arc<Lexicon> {
        if verbs.is_empty() && phrases.is_empty() {
            return Lexicon::builtin();
        }
        let mut lex = Lexicon::load();
        // A blank entry would be an empty pattern, which matches at every byte, inside
        // characters too.
        let cues = |list: &[String]| -> Vec<String> { list.iter().map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).collect() };
        let (verbs, phrases) = (cues(verbs), cues(phrases));
        lex.verbs.extend(verbs.iter().cloned());
        lex.any_verbs.extend(verbs);
        lex.before_source.extend(phrases);
        lex.before_source.sort_by_key(|w| std::cmp::Reverse(w.len()));
        lex.before_source_matcher = phrase_matcher(&lex.before_source);
        Arc::new(lex)
    }

    fn load() -> Lexicon {
        // These files are compiled in and parsed by tests; failing here is a build defect.
        let units: UnitsFile = toml::from_str(include_str!("../../data/lexicon/units.toml")).expect("units.toml");
        let numbers: NumbersFile = toml::from_str(include_str!("../../data/lexicon/numbers.toml")).expect("numbers.toml");
        let attr: AttributionFile = toml::from_str(include_str!("../../data/lexicon/attribution.toml")).expect("attribution.toml");
        let generated: CurrenciesFile = toml::from_str(include_str!("../../data/lexicon/currencies.toml")).expect("currencies.toml");
        let (currency_symbols, currency_words, stuck_prefixes) = currencies(&units.currency, &generated.currency);
        let (measure_words, measure_before, duration_words) = measures(&units);
        let mut fixed_numbers: Vec<(String, f64)> = numbers.fixed.into_iter().collect();
        by_len_desc(&mut fixed_numbers);
        let mut fractions: Vec<(String, f64)> = numbers.fractions.into_iter().collect();
        by_len_desc(&mut fractions);
        let mut point_phrases: Vec<(String, f64)> = numbers.point_phrases.into_iter().collect();
        by_len_desc(&mut point_phrases);
        let vague_numbers = longest_first(numbers.vague);
        let qualifiers = longest_first(numbers.qualifiers);
        let percent_words = longest_first(units.percent.words);
        let point_words = longest_first(units.percent.points);
        let before_source = longest_first(attr.before_source);
        let number_heads = first_words(
            (numbers.units.keys().chain(numbers.scales.keys()).chain(numbers.ordinals.keys()))
                .chain([&fixed_numbers, &fractions, &point_phrases].into_iter().flatten().map(|(k, _)| k))
                .chain(&vague_numbers)
                .map(String::as_str)
                .chain(["once", "twice"]),
        );
        let before_source_matcher = phrase_matcher(&before_source);
        let (qualifier_last_words, qualifier_last_symbols) = qualifier_ends(&qualifiers);
        let phrase_key = |p: &str| {
            let end = p.find(|c: char| !c.is_alphanumeric()).unwrap_or(p.len());
            p[..end].to_ascii_lowercase()
        };
        let number_phrase_keys = point_phrases
            .iter()
            .map(|(p, _)| p)
            .chain(fixed_numbers.iter().map(|(p, _)| p))
            .chain(fractions.iter().map(|(p, _)| p))
            .chain(vague_numbers.iter())
            .map(|p| phrase_key(p))
            .filter(|k| !k.is_empty())
            .collect();
        let first = |v: &[(String, Unit)]| ByteBuckets::by_first(v.iter().map(|(w, _)| w.as_str()));
        Lexicon {
            symbol_last_chars: currency_symbols.iter().filter_map(|(s, _)| s.chars().next_back()).collect(),
            currency_symbols_index: ByteBuckets::by_last(currency_symbols.iter().map(|(w, _)| w.as_str())),
            currency_words_index: ByteBuckets::by_first(currency_words.iter().map(|(w, _)| w.as_str())),
            measure_words_index: first(&measure_words),
            measure_before_index: ByteBuckets::by_last(measure_before.iter().map(|(w, _)| w.as_str())),
            duration_words_index: first(&duration_words),
            number_phrase_keys,
            qualifier_last_words,
            qualifier_last_symbols,
            before_source_matcher,
            number_heads,
            currency_symbols,
            stuck_prefixes,
            currency_words,
            scale_words: units.scales.words,
            attached_scales: units.scales.attached,
            percent_words,
            point_words,
            measure_words,
            measure_before,
            duration_words,
            number_units: numbers.units,
            number_scales: numbers.scales,
            fixed_numbers,
            vague_numbers,
            fractions,
            point_phrases,
            identifier_nouns: numbers.identifier_nouns.into_iter().collect(),
            calendar_counters: numbers.calendar_counters,
            ordinal_after: numbers.ordinal_after.into_iter().collect(),
            ordinals: numbers.ordinals,
            qualifiers,
            record_nouns: numbers.record_nouns,
            total_labels: numbers.total_labels,
            any_verbs: attr.verbs.iter().chain(&attr.quote_verbs).cloned().collect(),
            verbs: attr.verbs.into_iter().collect(),
            inverted_verbs: attr.inverted_verbs.into_iter().collect(),
            quote_verbs: attr.quote_verbs.into_iter().collect(),
            speech_words: attr.speech_words.into_iter().collect(),
            source_heads: attr.source_heads.into_iter().collect(),
            verbs_with_at: attr.verbs_with_at.into_iter().collect(),
            passive_to: attr.passive_to.into_iter().collect(),
            before_source,
            source_nouns: attr.source_nouns.into_iter().collect(),
            vague_sources: attr.vague_sources.into_iter().collect(),
            scare_markers: attr.scare_quote_markers,
            abbreviations: abbreviations(),
            names: NameWords::load(),
            quantity: QuantityWords::load(),
            evidence: Weights::load(),
            figures: super::figures::FigureWords::load(),
            clauses: attr.clauses,
            quotes: super::quotes::QuoteWords::load(),
            rates: super::rates::RateWords::load(),
            dates: super::dates::DateWords::load(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_and_extra_cues_add() {
        let lex = Lexicon::builtin();
        assert!(lex.currency_symbols.iter().any(|(s, c)| s == "US$" && c == "USD"));
        // Longest first, so "US$" is tried before "$".
        let us = lex.currency_symbols.iter().position(|(s, _)| s == "US$").unwrap();
        let dollar = lex.currency_symbols.iter().position(|(s, _)| s == "$").unwrap();
        assert!(us < dollar);
        let extra = Lexicon::with_extra_cues(&["briefed".into(), "Conveyed".into()], &["per figures from".into()]);
        assert!(extra.verbs.contains("conveyed"));
        assert!(extra.before_source.iter().any(|p| p == "per figures from"));
    }

    #[test]
    fn blank_configured_cues_are_ignored() {
        // An empty phrase matched at every byte, inside "é" too, and crashed the analysis.
        let extra = Lexicon::with_extra_cues(&[" ".into()], &["".into(), "  ".into(), "per figures from".into()]);
        assert!(!extra.before_source.iter().any(String::is_empty));
        assert!(!extra.verbs.contains(""));
        let mut ctx = crate::extract::Context::new(std::sync::Arc::new(crate::kb::KnowledgeBase::empty()));
        ctx.lexicon = extra;
        let text = "Headline\nCafé prices in Zürich rose 5%, per figures from the statistics office.";
        let a = crate::extract::analyze(text, &ctx);
        assert!(a.attributions.iter().any(|x| x.source.span.slice(text) == "the statistics office"));
    }
}
