//! Quantity keys: what a figure measures — its dimension, time anchor, the entities and head
//! words of its clause — and the range of values its wording allows, so two statements of the
//! same quantity can be found and compared with the precision each was written with.
//!
//! "Japan's defence budget for 2025" and "Tokyo's military spending last year" (in a 2026
//! article) get the same key: `Money(USD)`, 2025, {budget, defence}, {japan}.
//!
//! The data flows through: `words` (the word tables), `sentence` (a sentence's clauses and
//! its figures' time anchors), `heads` (the words of the sentence each figure takes), `key`
//! (one figure's key from those), `value` (its value range), `nouns` (the noun it measures),
//! `topics` (what the article is about); then `evidence` (the same-quantity decision, weighed)
//! and `compare` (reading two statements in one dimension, whether their values agree).

mod compare;
mod evidence;
mod heads;
mod key;
mod nouns;
mod sentence;
mod topics;
mod value;
mod words;

pub(super) use compare::drop_restated_headlines;
pub use compare::{View, agree, common_view, restated_values, too_far_apart, too_far_apart_for_a_total};
pub use evidence::{Evidence, PieceWeights, Verdict, Weights, restatement, same_quantity, same_quantity_of, weigh};
pub(super) use key::find;
pub(super) use nouns::measured_nouns;
pub use topics::topics;
pub use words::QuantityWords;

use super::{Analysis, Context, EntityRef, FigureKind};

/// What kind of thing a figure measures; only figures of one dimension are compared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Money in one currency (converted only at a rate the article states: see
    /// [`Quantity::alternatives`]).
    Money(String),
    /// An exchange rate: units of the second currency for one of the first.
    Rate(String, String),
    Percent,
    /// Percentage points and basis points (in points).
    Points,
    #[default]
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuantityKey {
    pub dimension: Dimension,
    /// The year the figure is about (stated, relative, or the article's own year).
    pub year: Option<i32>,
    pub month: Option<u8>,
    /// The quarter of the year (1–4), when its sentence names one ("Q3", "the third quarter").
    pub quarter: Option<u8>,
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

/// An "Nth anniversary" and the year it falls in (the article's year, moved by a relative
/// year of its sentence: "next year").
#[derive(Clone, Debug, PartialEq)]
pub struct Anniversary {
    /// Index into [`Analysis::figures`] of the ordinal.
    pub figure: usize,
    pub nth: u32,
    pub year: Option<i32>,
}

/// The "Nth anniversary" ordinals of the article's body.
pub(super) fn anniversaries(text: &str, ctx: &Context, a: &Analysis) -> Vec<Anniversary> {
    let w = &ctx.lexicon.quantity;
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
        let shift = w.relative_year(sentence).unwrap_or(0);
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

#[cfg(test)]
mod tests;
