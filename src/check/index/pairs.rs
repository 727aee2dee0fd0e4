//! How two statements stand when the index weighs them beyond the same-quantity decision:
//! near enough in value, comparable within one article, or said otherwise by the article.

use super::{DocEntry, Statement};
use crate::extract::quantity::{agree, restated_values, restatement, same_quantity_of, too_far_apart, too_far_apart_for_a_total};

/// True when `entry`'s article states `other`'s value of its quantity in another statement than
/// its `i`th, one the `i`th is not compared with in the article (not a restatement of it): the
/// writer, who gives that value in other words, means another thing by the `i`th ("7.7" for the
/// quake and "6.4" for its strongest aftershock, one party's share and another's, a day's toll
/// and the war's). A headline is terse and always compared.
pub(super) fn said_otherwise(entry: &DocEntry, i: usize, other: &Statement) -> bool {
    const SAID_OTHERWISE_LOOKS: usize = 16;
    let me = &entry.statements[i];
    if me.headline {
        return false;
    }
    let q = &other.quantity;
    let (low, high) = restated_values(q);
    let from = entry.by_value.partition_point(|&(v, _)| v < low);
    entry.by_value[from..]
        .iter()
        .take_while(|&&(v, _)| v <= high)
        // A bound on the cost in a figure-heavy article: the first few statements of the value
        // range say it as well as all of them.
        .take(SAID_OTHERWISE_LOOKS)
        .map(|&(_, j)| &entry.statements[j as usize])
        .any(|s| !std::ptr::eq(s, me) && agree(&s.quantity, q) && !own_article_too(me, s) && same_quantity_of(&s.quantity, q))
}

/// True when two statements of one quantity are near enough in value to be compared: a figure
/// restated wrongly is off by a margin, not a multiple ([`too_far_apart`]), but a running total
/// may have grown many times over from one article's date to a later one's (`superseded-figure`).
pub(super) fn near_enough(a: &Statement, b: &Statement) -> bool {
    let (x, y) = (&a.quantity, &b.quantity);
    // Only as an update: a later total lower by more than the ratio is another count (a day's
    // toll against the war's).
    let grew = match (a.day, b.day) {
        (Some(d), Some(e)) if d != e => (d < e) == (x.value < y.value),
        _ => false,
    };
    if x.key.running && y.key.running && grew {
        !too_far_apart_for_a_total(x, y)
    } else {
        !too_far_apart(x, y)
    }
}

/// True when statements `a` and `b` may be compared should they be in one article: where one
/// is in the headline, or one restates the other ([`restatement`]).
pub(super) fn own_article_too(a: &Statement, b: &Statement) -> bool {
    a.headline || b.headline || restatement(&a.quantity.key, &b.quantity.key)
}
