//! A figure's value in its dimension's base unit and the range its wording allows (the
//! precision of its digits, "about", "at least"), looked up in the lexicon's units.

use super::{Context, Dimension, FigureKind};
use crate::extract::Figure;
use crate::extract::lexicon::Unit;

/// Relative tolerance of "about", "nearly" and other approximate wording, beyond the rounding
/// the written digits allow: "about 440" is 418–462, not "more than 480"; "about 30" keeps the
/// 27–33 of its one significant digit.
const APPROX: f64 = 0.05;

pub(super) type Range = (f64, f64, f64, Dimension, Option<(u8, u8, u8)>);

/// The lexicon entries of the units an article's figures use, each looked up once: the unit
/// lists have hundreds of entries and an article uses a few units many times.
#[derive(Default)]
pub(super) struct UnitCache<'a> {
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
pub(super) fn value_range<'a>(f: &'a Figure, text: &str, ctx: &'a Context, units: &mut UnitCache<'a>) -> Option<Range> {
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
    let words = &ctx.lexicon.quantity;
    if words.lower_bound.iter().any(|b| b == q) {
        high = f64::INFINITY;
    } else if words.upper_bound.iter().any(|b| b == q) {
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

pub(super) fn unitless_measure(ctx: &Context, kind: &str) -> bool {
    ctx.lexicon
        .measure_before
        .iter()
        .any(|(_, u)| u.dimension == kind && u.unit == kind)
}
