//! Two statements side by side: read in one dimension (through the conversions an article
//! states), whether their values agree or are too far apart to be one quantity, and the
//! headline statements their own body restates.

use super::evidence::weigh;
use super::{Analysis, Dimension, Quantity, QuantityKey};

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
    /// A statement of figure `figure` with its key and value range, in no other unit.
    pub fn new(figure: usize, key: QuantityKey, (value, low, high): (f64, f64, f64), date: Option<(u8, u8, u8)>) -> Quantity {
        Quantity {
            figure,
            key,
            value,
            low,
            high,
            date,
            alternatives: Vec::new(),
            restates: None,
        }
    }

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

/// True when two values are too far apart to be two statements of one quantity: one more than
/// [`MAX_RESTATED_RATIO`] times the other, unless it is the other with its decimal point moved
/// (a slipped digit: "1,400" and "14,000" is still a contradiction).
pub fn too_far_apart(a: &Quantity, b: &Quantity) -> bool {
    ratio(a, b).is_some_and(|(lo, hi)| hi / lo > MAX_RESTATED_RATIO && !slipped_digit(lo, hi))
}

/// The values another statement may have and still be a restatement of `q` that agrees with
/// it: `q`'s range, cut to what [`too_far_apart`] leaves ("more than 30" is open upwards, but a
/// figure over twice 30 is not its restatement).
pub fn restated_values(q: &Quantity) -> (f64, f64) {
    let v = q.value;
    if v > 0.0 {
        (q.low.max(v / MAX_RESTATED_RATIO), q.high.min(v * MAX_RESTATED_RATIO))
    } else {
        let finite = |x: f64| if x.is_finite() { x } else { v };
        (finite(q.low), finite(q.high))
    }
}

/// True when two values of a running total are too far apart to be one total at two times
/// (more than twelve times: a toll can grow many times over between two days' reports).
pub fn too_far_apart_for_a_total(a: &Quantity, b: &Quantity) -> bool {
    ratio(a, b).is_some_and(|(lo, hi)| hi / lo > 12.0)
}

/// The smaller and the larger of two values read in one dimension, when both are numbers
/// above zero (not dates).
fn ratio(a: &Quantity, b: &Quantity) -> Option<(f64, f64)> {
    if a.key.dimension == Dimension::When {
        return None;
    }
    let (va, vb) = common_view(a, b).unwrap_or((a.view(), b.view()));
    let (x, y) = (va.value.abs(), vb.value.abs());
    let (lo, hi) = if x < y { (x, y) } else { (y, x) };
    (lo > 0.0).then_some((lo, hi))
}

/// How far apart two statements of one quantity may be. On the real-article trials
/// (docs/trials.md), 14 of the 15 contradictions between outlets that the decision weighs differ
/// by less than 1.5 times, while more than half of the pairs of different quantities it takes as
/// one (a province's toll and the country's, one party's seats and another's, May's rate and
/// June's) differ by more than twice: a figure restated wrongly is off by a margin, not by a
/// multiple. The small excess over 2 lets a doubled figure written rounded through.
const MAX_RESTATED_RATIO: f64 = 2.05;

/// True when `hi` is `lo` times 10, 100 or 1,000 (within rounding) and `lo` has two significant
/// digits or more: the same digits with the decimal point moved ("1,450" and "14,500"). Round
/// figures of one digit ("40" and "4,000") are as often two quantities.
fn slipped_digit(lo: f64, hi: f64) -> bool {
    let ratio = hi / lo;
    let digits = {
        let scaled = lo / 10f64.powi(lo.log10().floor() as i32);
        // 1.45 -> 145: count the digits of the mantissa written to 6 places.
        format!("{scaled:.6}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .replace('.', "")
            .len()
    };
    digits >= 2 && [10.0, 100.0, 1000.0].iter().any(|p| (ratio / p - 1.0).abs() <= 0.01)
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

/// Drops the headline's statements that its own body restates (the same quantity, agreeing):
/// the body's statement speaks for both, so a headline adds a finding only when it states
/// something the body does not, or states it differently.
pub(in crate::extract) fn drop_restated_headlines(a: &mut Analysis) {
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
