//! Exchange rates an article states ("at 11.2 cedis to the dollar", "$1 = 83 rupees", "€1
//! bought $1.08") and the conversions they allow: a money figure gets its value in the other
//! currency of each rate, so statements in two currencies can be compared, and a figure
//! restated in brackets in another unit ("$4.5 million (about 50 million cedis)") is marked as
//! a statement of the same quantity. Without a stated rate, currencies are never converted.
//!
//! Cue words live in `data/lexicon/rates.toml`; currencies are the figures module's
//! (`units.toml`, `currencies.toml`), so any ISO currency works.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

use super::quantity::{Alternative, Dimension};
use super::{Analysis, Context, Figure, FigureKind, Lexicon};
use crate::text::Span;

/// A price of one unit of `base` in `quote`: "11.2 cedis to the dollar" is 11.2 GHS per USD.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeRate {
    /// The currency one unit of which is priced ("USD").
    pub base: String,
    /// The currency of the price ("GHS").
    pub quote: String,
    /// Units of `quote` for one `base`, and the range the rate's written precision allows.
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Index into [`Analysis::figures`] of the price ("11.2 cedis").
    pub figure: usize,
    /// The figure that states the one unit ("$1", "€1"), when it is one: not a statement of
    /// its own.
    pub unit_figure: Option<usize>,
    /// From the first figure of the rate to the currency it prices.
    pub span: Span,
}

/// How far a writer's conversion may stray from the rate the article states (rates move
/// during a day; writers convert at their own rate and round).
const RATE_SLACK: f64 = 0.015;

#[derive(Deserialize)]
struct RatesFile {
    per: Vec<String>,
    equals: Vec<String>,
    one: Vec<String>,
    restatement: Vec<String>,
}

/// The cue words of `data/lexicon/rates.toml`.
#[derive(Debug)]
pub struct RateWords {
    /// Links between a price and the currency it prices ("to the", "per"), longest first.
    per: Vec<String>,
    /// Signs between one unit and its price ("=", "bought"), longest first.
    equals: Vec<String>,
    /// Words that state one unit ("one", "a").
    one: Vec<String>,
    /// Words that open a restatement in brackets ("or about", "worth").
    restatement: Vec<String>,
}

impl RateWords {
    /// Parses `data/lexicon/rates.toml` (compiled in and parsed by tests; a failure is a build
    /// defect).
    pub fn load() -> RateWords {
        let f: RatesFile = toml::from_str(include_str!("../../data/lexicon/rates.toml")).expect("rates.toml");
        let longest_first = |mut v: Vec<String>| {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v
        };
        RateWords {
            per: longest_first(f.per),
            equals: longest_first(f.equals),
            one: f.one,
            restatement: f.restatement,
        }
    }
}

/// `s` starts with `w` (ASCII case-insensitive) as whole words.
fn starts_with_words(s: &str, w: &str) -> bool {
    s.len() >= w.len()
        && s.is_char_boundary(w.len())
        && s[..w.len()].eq_ignore_ascii_case(w)
        && !s[w.len()..].starts_with(|c: char| c.is_alphanumeric())
}

/// `s` ends with `w` (ASCII case-insensitive) as whole words.
fn ends_with_words(s: &str, w: &str) -> bool {
    let Some(at) = s.len().checked_sub(w.len()) else { return false };
    s.is_char_boundary(at)
        && s[at..].eq_ignore_ascii_case(w)
        && !s[..at].ends_with(|c: char| c.is_alphanumeric())
        // "=" and other symbols need no space before them.
        || w.starts_with(|c: char| !c.is_alphanumeric()) && s.ends_with(w)
}

/// The currency word `s` starts with: its length and code.
fn currency_at<'l>(s: &str, lex: &'l Lexicon) -> Option<(usize, &'l str)> {
    // Only the words whose first byte is either case of `s`'s can match (the list has hundreds);
    // the lowest index of the two buckets is the first match of the whole list.
    let first_in = |b: Option<u8>| {
        lex.currency_words_index
            .get(b)
            .find(|&k| starts_with_words(s, &lex.currency_words[k].0))
    };
    let k = match s.as_bytes().first() {
        Some(&b) if b.is_ascii_alphabetic() => match (first_in(Some(b.to_ascii_lowercase())), first_in(Some(b.to_ascii_uppercase()))) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        },
        b => first_in(b.copied()),
    }?;
    let (w, c) = &lex.currency_words[k];
    Some((w.len(), c.as_str()))
}

/// The currency word `s` ends with: its length and code.
fn currency_before<'l>(s: &str, lex: &'l Lexicon) -> Option<(usize, &'l str)> {
    lex.currency_words
        .iter()
        .find(|(w, _)| ends_with_words(s, w))
        .map(|(w, c)| (w.len(), c.as_str()))
}

/// A money figure's currency, unless it is a price per something ("per USD").
fn currency_of(f: &Figure) -> Option<&str> {
    (f.kind == FigureKind::Money)
        .then_some(f.unit.as_deref())
        .flatten()
        .filter(|u| !u.starts_with("per "))
}

/// The written figure has a scale word ("million", "bn").
fn scaled(written: &str, lex: &Lexicon) -> bool {
    written
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.trim_start_matches(|c: char| c.is_ascii_digit()))
        .any(|w| lex.scale_words.contains_key(w) || lex.attached_scales.contains_key(w))
}

/// The half-width of the range a rate written with `f`'s digits allows.
fn rate_range(f: &Figure, v: f64) -> (f64, f64) {
    let half = if f.precision == 0 || v <= 0.0 {
        0.005 * v.abs()
    } else {
        0.5 * 10f64.powi(v.log10().floor() as i32 - i32::from(f.precision) + 1)
    };
    (v - half, v + half)
}

/// The exchange rates the article states, in text order.
pub(super) fn find(text: &str, ctx: &Context, a: &Analysis) -> Vec<ExchangeRate> {
    let lex = &*ctx.lexicon;
    let w = &lex.rates;
    let mut out: Vec<ExchangeRate> = Vec::new();
    for (i, f) in a.figures.iter().enumerate() {
        // A rate is a plain price: never "$5 million" ("paid $5 million to the euro zone").
        let Some(v) = f.value.filter(|v| *v > 0.0 && *v < 1e6) else {
            continue;
        };
        if scaled(f.span.slice(text), lex) {
            continue;
        }
        let Some(sentence) = a.sentences.get(f.sentence) else { continue };
        let rate = price_per_unit(text, lex, w, a, i, sentence.span).or_else(|| unit_equals_price(text, lex, w, a, i, sentence.span));
        if let Some((base, quote, unit_figure, start, end)) = rate
            && base != quote
        {
            let (low, high) = rate_range(f, v);
            out.push(ExchangeRate {
                base,
                quote,
                value: v,
                low,
                high,
                figure: i,
                unit_figure,
                span: Span::new(start, end),
            });
        }
    }
    out
}

type Found = (String, String, Option<usize>, usize, usize);

/// "11.2 cedis to the dollar", "83 rupees per dollar", "17.62 per dollar" (the peso's, named
/// before it), "the cedi traded at 11.2 to the dollar".
fn price_per_unit(text: &str, lex: &Lexicon, w: &RateWords, a: &Analysis, i: usize, sentence: Span) -> Option<Found> {
    let f = &a.figures[i];
    let written = f.span.slice(text);
    let (base, end) = if let Some(code) = f.unit.as_deref().and_then(|u| u.strip_prefix("per ")) {
        (code.to_string(), f.span.end)
    } else if f.kind == FigureKind::Money
        && let Some(p) = written.rfind(" per ")
        && let Some((n, code)) = currency_at(&written[p + 5..], lex)
        && p + 5 + n == written.len()
    {
        (code.to_string(), f.span.end)
    } else {
        let rest = text.get(f.span.end..sentence.end)?.strip_prefix(' ')?;
        let link = w.per.iter().find(|l| starts_with_words(rest, l))?;
        let after = rest[link.len()..].strip_prefix(' ')?;
        let (n, code) = currency_at(after, lex)?;
        // "to the euro-zone fund": the currency word is part of a longer name.
        if after[n..].starts_with(['-', '‑']) {
            return None;
        }
        (code.to_string(), f.span.end + 1 + link.len() + 1 + n)
    };
    let quote = match f.kind {
        FigureKind::Money => currency_of(f).map(str::to_string),
        // A bare number ("11.4 against the dollar" reads "against" as its noun).
        FigureKind::Count if f.unit.as_deref() != Some("times") => None,
        _ => return None,
    };
    let quote = match quote {
        Some(q) => q,
        None => named_currency(text, lex, a, i, sentence, &base)?,
    };
    Some((base, quote, None, f.span.start, end))
}

/// The currency a bare price is in: the nearest currency word before it in its sentence ("the
/// cedi traded at 11.2"), else the nearest money figure of its sentence in another currency.
fn named_currency(text: &str, lex: &Lexicon, a: &Analysis, i: usize, sentence: Span, base: &str) -> Option<String> {
    let f = &a.figures[i];
    let before = text.get(sentence.start..f.span.start)?;
    let mut best: Option<(usize, &str)> = None;
    for (start, _) in before.char_indices() {
        if before[..start].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        if let Some((_, code)) = currency_at(&before[start..], lex)
            && code != base
        {
            best = Some((start, code));
        }
    }
    if let Some((_, code)) = best {
        return Some(code.to_string());
    }
    let same_sentence = |g: &&Figure| g.sentence == f.sentence;
    let near = |g: &Figure| g.span.start.abs_diff(f.span.start);
    a.figures
        .iter()
        .filter(same_sentence)
        .filter_map(|g| currency_of(g).filter(|c| *c != base).map(|c| (near(g), c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// "$1 = 83 rupees", "€1 bought $1.08", "(1 = 11.5 cedis)" after a money figure in another
/// currency, "one dollar fetched 11.2 cedis".
fn unit_equals_price(text: &str, lex: &Lexicon, w: &RateWords, a: &Analysis, i: usize, sentence: Span) -> Option<Found> {
    let p = &a.figures[i];
    let quote = currency_of(p)?.to_string();
    // The words between the previous figure (or the sentence start) and the price.
    let prev = i.checked_sub(1).map(|k| &a.figures[k]).filter(|g| g.sentence == p.sentence);
    let from = prev.map_or(sentence.start, |g| g.span.end);
    let mut between = text.get(from..p.span.start)?.trim_end();
    if let Some(q) = p.qualifier.as_deref()
        && ends_with_words(between, q)
    {
        between = between[..between.len() - q.len()].trim_end();
    }
    let cue = w.equals.iter().find(|c| ends_with_words(between, c))?;
    let lead = between[..between.len() - cue.len()].trim_end();
    if lead.is_empty()
        && let Some(u) = prev
        && u.value == Some(1.0)
    {
        let base = match u.kind {
            FigureKind::Money => currency_of(u)?.to_string(),
            // "(1 = 11.5 cedis)": the unit of the amount it follows.
            FigureKind::Count if u.unit.is_none() => a.figures[..i - 1]
                .iter()
                .rev()
                .take_while(|g| g.sentence == p.sentence)
                .find_map(|g| currency_of(g).filter(|c| *c != quote))?
                .to_string(),
            _ => return None,
        };
        return Some((base, quote, Some(i - 1), u.span.start, p.span.end));
    }
    // "one dollar bought 11.2 cedis", "the euro fetched $1.08".
    let (n, code) = currency_before(lead, lex)?;
    let one = lead[..lead.len() - n].trim_end();
    w.one.iter().find(|o| ends_with_words(one, o))?;
    let start = from + lead.len() - n;
    Some((code.to_string(), quote, None, start, p.span.end))
}

/// A money statement's value in the other currency of each rate the article states, the
/// range widened by the rate's precision and [`RATE_SLACK`].
fn alternatives(value: f64, low: f64, high: f64, pairs: &[RatePair<'_>]) -> Vec<Alternative> {
    pairs
        .iter()
        .map(|p| {
            // The widest range over the pair's rates: each bound is a product of one of the
            // quantity's bounds with one rate's, so the extremes of the rates' bounds give it.
            let ends = [low, high]
                .into_iter()
                .flat_map(|x| [x * p.lo_min, x * p.lo_max, x * p.hi_min, x * p.hi_max]);
            let min = ends.clone().fold(f64::INFINITY, f64::min);
            let max = ends.fold(f64::NEG_INFINITY, f64::max);
            Alternative {
                dimension: Dimension::Money(p.other.to_string()),
                value: value * p.mid,
                low: min - RATE_SLACK * min.abs(),
                high: max + RATE_SLACK * max.abs(),
            }
        })
        .collect()
}

/// The article's rates of one currency against another, folded once so that a money figure
/// costs the number of currency pairs, not of rates (a long file restates its rates hundreds
/// of times).
struct RatePair<'r> {
    other: &'r str,
    /// Units of `other` for one unit of the currency, by the first of the rates.
    mid: f64,
    /// The extremes of the rates' low and high bounds. Two rates of one pair ("fell from 10.5 to
    /// 11.2 to the dollar"): either may be the one the writer used.
    lo_min: f64,
    lo_max: f64,
    hi_min: f64,
    hi_max: f64,
}

/// The rate pairs of each currency, in the order the article first states them.
fn rate_pairs(rates: &[ExchangeRate]) -> HashMap<&str, Vec<RatePair<'_>>> {
    let mut pairs: HashMap<&str, Vec<RatePair<'_>>> = HashMap::default();
    for r in rates {
        // Units of the other currency for one unit of `code`, both ways round.
        let forward = (r.base.as_str(), r.quote.as_str(), r.value, r.low, r.high);
        let backward = (r.quote.as_str(), r.base.as_str(), 1.0 / r.value, 1.0 / r.high, 1.0 / r.low);
        let ways = if r.base == r.quote {
            &[forward][..]
        } else {
            &[forward, backward][..]
        };
        for &(code, other, mid, lo, hi) in ways {
            if !(lo > 0.0 && hi.is_finite()) {
                continue;
            }
            let of_code = pairs.entry(code).or_default();
            match of_code.iter_mut().find(|p| p.other == other) {
                Some(p) => {
                    p.lo_min = p.lo_min.min(lo);
                    p.lo_max = p.lo_max.max(lo);
                    p.hi_min = p.hi_min.min(hi);
                    p.hi_max = p.hi_max.max(hi);
                }
                None => of_code.push(RatePair {
                    other,
                    mid,
                    lo_min: lo,
                    lo_max: lo,
                    hi_min: hi,
                    hi_max: hi,
                }),
            }
        }
    }
    pairs
}

/// Marks the one-unit figures of the rates as no claim of their own ("$1" in "$1 = 83
/// rupees"); runs before the quantities are built.
pub(super) fn mark_units(a: &mut Analysis) {
    for k in a.rates.iter().filter_map(|r| r.unit_figure) {
        if let Some(f) = a.figures.get_mut(k) {
            f.checkworthy = false;
        }
    }
}

/// Applies the article's rates to its quantities: a rate's price is a statement of the rate
/// (dimension [`Dimension::Rate`]), not an amount of money; its one-unit figure states
/// nothing; money statements get their values in the other currencies; a figure restated in
/// brackets in another unit is marked as the same quantity.
pub(super) fn apply(text: &str, lex: &Lexicon, a: &mut Analysis) {
    let rates = std::mem::take(&mut a.rates);
    if !rates.is_empty() {
        // Looked up per quantity: a long file has thousands of rates.
        let unit_figures: HashSet<usize> = rates.iter().filter_map(|r| r.unit_figure).collect();
        let mut by_figure: HashMap<usize, &ExchangeRate> = HashMap::default();
        for r in &rates {
            by_figure.entry(r.figure).or_insert(r);
        }
        let pairs = rate_pairs(&rates);
        a.quantities.retain(|q| !unit_figures.contains(&q.figure));
        for q in &mut a.quantities {
            // Not shared yet (the analysis is being made): no copy.
            let q = std::sync::Arc::make_mut(q);
            if let Some(r) = by_figure.get(&q.figure) {
                q.key.dimension = Dimension::Rate(r.base.clone(), r.quote.clone());
                q.alternatives = if q.low > 0.0 {
                    vec![Alternative {
                        dimension: Dimension::Rate(r.quote.clone(), r.base.clone()),
                        value: 1.0 / q.value,
                        low: 1.0 / q.high,
                        high: 1.0 / q.low,
                    }]
                } else {
                    Vec::new()
                };
            } else if let Dimension::Money(code) = &q.key.dimension
                && !code.starts_with("per ")
            {
                q.alternatives = pairs
                    .get(code.as_str())
                    .map_or_else(Vec::new, |p| alternatives(q.value, q.low, q.high, p));
            }
        }
    }
    a.rates = rates;
    restatements(text, &lex.rates, a);
}

/// "$4.5 million (about 50 million cedis)", "300 km (186 miles)", "23.1 trillion yen, or about
/// $147 billion": the second figure states the same quantity in another unit; it takes the key
/// of the figure it restates, with the words of its own clause added.
fn restatements(text: &str, w: &RateWords, a: &mut Analysis) {
    for j in 1..a.quantities.len() {
        let (head, tail) = a.quantities.split_at_mut(j);
        let (x, y) = (&head[j - 1], std::sync::Arc::make_mut(&mut tail[0]));
        let (fx, fy) = (&a.figures[x.figure], &a.figures[y.figure]);
        if fx.sentence != fy.sentence || fx.span.end > fy.span.start {
            continue;
        }
        let other_unit = match (&x.key.dimension, &y.key.dimension) {
            (Dimension::Money(c), Dimension::Money(d)) => c != d && !c.starts_with("per ") && !d.starts_with("per "),
            (Dimension::Measure(c), Dimension::Measure(d)) => c == d && fx.unit != fy.unit,
            _ => false,
        };
        if !other_unit {
            continue;
        }
        // "X (Y)", "X (or about Y)", "X, or about Y", "X stimulus package, or about Y".
        let Some(between) = text.get(fx.span.end..fy.span.start).map(str::trim) else {
            continue;
        };
        let between = match between.split_once(',') {
            Some((nouns, _)) if !between.starts_with('(') && plain_words(nouns, 3) => &between[nouns.len()..],
            _ => between,
        };
        let (bracket, inside) = match (between.strip_prefix('('), between.strip_prefix(',')) {
            (Some(x), _) => (true, x.trim()),
            (_, Some(x)) => (false, x.trim()),
            _ => continue,
        };
        let qualifier = fy.qualifier.as_deref().unwrap_or("");
        let lead = if !qualifier.is_empty() && ends_with_words(inside, qualifier) {
            inside[..inside.len() - qualifier.len()].trim_end()
        } else {
            inside
        };
        let listed = w.restatement.iter().any(|r| lead.eq_ignore_ascii_case(r));
        // After a comma only "or …" restates ("$4.5 million, or about 50 million cedis").
        let restates = if bracket {
            lead.is_empty() || listed
        } else {
            listed && starts_with_words(lead, "or")
        };
        if restates {
            // One quantity: the words of both clauses say what it is ("25 billion rupiah, or
            // about $1.5 million, for emergency relief").
            let mut key = x.key.clone();
            key.dimension = y.key.dimension.clone();
            union(&mut key.heads, &y.key.heads);
            union(&mut key.kinds, &y.key.kinds);
            union(&mut key.entities, &y.key.entities);
            union(&mut key.nouns, &y.key.nouns);
            y.key = key;
            y.restates = Some(x.figure);
        }
    }
}

/// `s` is at most `n` lowercase words (a noun phrase after a figure: "stimulus package").
fn plain_words(s: &str, n: usize) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() <= n && words.iter().all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
}

/// Adds the items of `more` to the sorted `list`, keeping it sorted.
fn union<T: Ord + Clone>(list: &mut Vec<T>, more: &[T]) {
    list.extend_from_slice(more);
    list.sort();
    list.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyze;
    use crate::kb::KnowledgeBase;

    fn rates(body: &str) -> Vec<(String, String, f64, String)> {
        let text = format!("Rates\n{body}\n");
        let a = analyze(&text, &Context::new(KnowledgeBase::embedded()));
        a.rates
            .iter()
            .map(|r| {
                (
                    r.base.clone(),
                    r.quote.clone(),
                    r.value,
                    a.figures[r.figure].span.slice(&text).to_string(),
                )
            })
            .collect()
    }

    fn one(body: &str) -> (String, String, f64) {
        let r = rates(body);
        assert_eq!(r.len(), 1, "{body}: {r:?}");
        (r[0].0.clone(), r[0].1.clone(), r[0].2)
    }

    #[test]
    fn the_forms_of_a_stated_rate() {
        let usd_ghs = |v: f64| ("USD".to_string(), "GHS".to_string(), v);
        assert_eq!(
            one("It was converted at an exchange rate of 11.5 cedis to the dollar."),
            usd_ghs(11.5)
        );
        assert_eq!(one("The loan is 50 million cedis ($1 = 11.5 cedis)."), usd_ghs(11.5));
        assert_eq!(one("The loan is $4.3 million (1 = 11.5 cedis)."), usd_ghs(11.5));
        assert_eq!(one("The cedi traded at 11.2 to the dollar on Monday."), usd_ghs(11.2));
        assert_eq!(one("The cedi weakened to 11.4 against the dollar."), usd_ghs(11.4));
        assert_eq!(one("One dollar fetched 11.2 cedis in Accra."), usd_ghs(11.2));
        assert_eq!(one("India paid $2 million ($1 = 83 rupees)."), ("USD".into(), "INR".into(), 83.0));
        assert_eq!(one("Tokyo paid it at 150 yen to the dollar."), ("USD".into(), "JPY".into(), 150.0));
        assert_eq!(one("On Friday €1 bought $1.08."), ("EUR".into(), "USD".into(), 1.08));
        assert_eq!(one("The peso weakened to 17.62 per dollar."), ("USD".into(), "MXN".into(), 17.62));
        assert_eq!(one("Dealers quoted 1,460 naira per dollar."), ("USD".into(), "NGN".into(), 1460.0));
        // Any ISO currency of the generated table.
        assert_eq!(
            one("It changed hands at 2,900 kwanzas to the euro."),
            ("EUR".into(), "AOA".into(), 2900.0)
        );
    }

    #[test]
    fn near_misses_state_no_rate() {
        for body in [
            "The bank kept its interest rate of 11.5% on Monday.",
            "The loan carries a rate of 5 percent.",
            "The exchange rate fell 3% against the dollar.",
            "The cedi lost 3% to the dollar this year.",
            "He gave $5 to the charity.",
            "Fuel costs 12 cedis a litre.",
            "Families get 20,000 yen per child.",
            "The fund paid $1 million to the ministry.",
            "The dollar rose 2% on Monday.",
            "Prices were 11.2 times higher.",
            "Brussels paid €5 million to the euro-zone fund.",
            "The bank lent $3 billion to the dollar-starved economy.",
        ] {
            assert!(rates(body).is_empty(), "{body}: {:?}", rates(body));
        }
    }

    #[test]
    fn conversions_and_restatements() {
        let text = "Loan\nACCRA, March 3, 2026 — The World Bank approved a loan of $4.5 million (about 50 million cedis) for rural roads.\n\
                    The loan was converted at 11.2 cedis to the dollar, officials said.\n";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        let q = |s: &str| a.quantities.iter().find(|q| a.figures[q.figure].span.slice(text) == s).unwrap();
        let usd = q("$4.5 million");
        assert_eq!(usd.alternatives.len(), 1);
        let alt = &usd.alternatives[0];
        assert_eq!(alt.dimension, Dimension::Money("GHS".into()));
        assert!((alt.value - 50.4e6).abs() < 1.0, "{alt:?}");
        assert!(alt.low < 50e6 && alt.high > 51e6 && alt.low > 47e6 && alt.high < 54e6, "{alt:?}");
        let ghs = q("50 million cedis");
        assert_eq!(ghs.restates, Some(usd.figure));
        assert!(usd.key.heads.iter().all(|h| ghs.key.heads.contains(h)), "{:?}", ghs.key);
        let rate = q("11.2 cedis");
        assert_eq!(rate.key.dimension, Dimension::Rate("USD".into(), "GHS".into()));
        assert!(rate.alternatives[0].value > 0.089 && rate.alternatives[0].value < 0.09);
    }

    #[test]
    fn restatements_after_a_comma_take_or() {
        let text = "Relief\nThe government set aside 25 billion rupiah, or about $1.5 million, for emergency relief.\n\
                    The fund holds 25 billion rupiah, $3 million of it in cash.\n";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        let q = |s: &str| a.quantities.iter().find(|q| a.figures[q.figure].span.slice(text) == s).unwrap();
        let rupiah = a
            .quantities
            .iter()
            .find(|q| a.figures[q.figure].unit.as_deref() == Some("IDR"))
            .unwrap();
        assert_eq!(q("$1.5 million").restates, Some(rupiah.figure));
        // The restatement has the words of both clauses.
        assert!(
            q("$1.5 million").key.heads.iter().any(|h| h == "aid"),
            "{:?}",
            q("$1.5 million").key
        );
        assert_eq!(q("$3 million").restates, None);
        let text = "Package\nThe cabinet approved a 23.1 trillion yen stimulus package, or about $147 billion.\n";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        let yen = a
            .quantities
            .iter()
            .find(|q| a.figures[q.figure].unit.as_deref() == Some("JPY"))
            .unwrap();
        let usd = a
            .quantities
            .iter()
            .find(|q| a.figures[q.figure].unit.as_deref() == Some("USD"))
            .unwrap();
        assert_eq!(usd.restates, Some(yen.figure));
    }

    #[test]
    fn one_unit_figures_are_no_claim() {
        let text = "Rates\nIndia paid $2 million ($1 = 83 rupees).\n";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        let unit = a.figures.iter().position(|f| f.span.slice(text) == "$1").unwrap();
        assert!(!a.figures[unit].checkworthy);
        assert!(a.quantities.iter().all(|q| q.figure != unit));
    }

    #[test]
    fn without_a_rate_currencies_get_no_other_value() {
        let text = "Loan\nThe loan of $4.5 million (about 50 million cedis) was approved.\n";
        let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
        assert!(a.rates.is_empty());
        assert!(a.quantities.iter().all(|q| q.alternatives.is_empty()));
    }
    fn rate(base: &str, quote: &str, value: f64, low: f64, high: f64) -> ExchangeRate {
        ExchangeRate {
            base: base.to_string(),
            quote: quote.to_string(),
            value,
            low,
            high,
            figure: 0,
            unit_figure: None,
            span: Span::new(0, 0),
        }
    }

    /// The range a money figure takes in the other currency, rate by rate, widest over them.
    fn widest_by_each_rate(code: &str, low: f64, high: f64, rates: &[ExchangeRate]) -> Vec<(String, f64, f64)> {
        let mut out: Vec<(String, f64, f64)> = Vec::new();
        for r in rates {
            let (other, lo, hi) = if r.base == code {
                (&r.quote, r.low, r.high)
            } else if r.quote == code {
                (&r.base, 1.0 / r.high, 1.0 / r.low)
            } else {
                continue;
            };
            let ends = [low * lo, low * hi, high * lo, high * hi];
            let min = ends.iter().copied().fold(f64::INFINITY, f64::min);
            let max = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (min, max) = (min - RATE_SLACK * min.abs(), max + RATE_SLACK * max.abs());
            match out.iter_mut().find(|x| x.0 == *other) {
                Some(x) => (x.1, x.2) = (x.1.min(min), x.2.max(max)),
                None => out.push((other.clone(), min, max)),
            }
        }
        out
    }

    #[test]
    fn folded_rate_pairs_give_the_widest_range_of_their_rates() {
        let rates = [
            rate("USD", "GHS", 11.2, 11.15, 11.25),
            rate("EUR", "USD", 1.08, 1.075, 1.085),
            rate("USD", "GHS", 10.5, 10.45, 10.55),
            rate("GHS", "USD", 0.09, 0.085, 0.095),
            rate("USD", "JPY", 150.0, 149.5, 150.5),
        ];
        let pairs = rate_pairs(&rates);
        for (code, low, high) in [("USD", 4.45, 4.55), ("GHS", 50.0, 50.0), ("EUR", -2.0, 3.0), ("JPY", 1e9, 2e9)] {
            let folded = alternatives(1.0, low, high, pairs.get(code).map_or(&[][..], |p| &p[..]));
            let got: Vec<(String, f64, f64)> = folded
                .iter()
                .map(|x| match &x.dimension {
                    Dimension::Money(c) => (c.clone(), x.low, x.high),
                    other => panic!("not money: {other:?}"),
                })
                .collect();
            assert_eq!(got, widest_by_each_rate(code, low, high, &rates), "{code}");
        }
        // The shown value is by the first rate of the pair: 1 USD = 11.2 GHS.
        let usd = alternatives(2.0, 2.0, 2.0, &pairs["USD"]);
        assert_eq!(usd[0].dimension, Dimension::Money("GHS".to_string()));
        assert_eq!(usd[0].value, 2.0 * 11.2);
        assert_eq!(usd.len(), 3);
    }
}
