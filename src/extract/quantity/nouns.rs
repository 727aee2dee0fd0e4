//! The noun a figure measures ("17 *goals*", "440 kilograms of *uranium*") and the words before
//! it, what it is per ("$80 a barrel") and what a share is of ("4% of GDP").

use super::words::QuantityWords;
use super::{Analysis, Context, Dimension, FigureKind};
use crate::text::lowercase as lower;

/// Fills each quantity's [`QuantityKey::nouns`]: the head of the noun phrase right after the
/// figure — its last word, the phrase ending at a stopword, name, punctuation or a participle
/// after a noun ("440 kilograms of uranium enriched to …" → uranium; "19 remaining league
/// games" → game) — else a count's own noun.
pub(in crate::extract) fn measured_nouns(text: &str, ctx: &Context, a: &mut Analysis) {
    let w = &ctx.lexicon.quantity;
    for q in &mut a.quantities {
        // Not shared yet (the analysis is being made): no copy.
        let q = std::sync::Arc::make_mut(q);
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
            phrase.iter().filter_map(|m| w.head_of(m)).collect()
        } else {
            Vec::new()
        };
        modifiers.sort();
        modifiers.dedup();
        q.key.modifiers = modifiers;
        let head = match last {
            Some(l) => w.head_of_lower(&l).map(std::borrow::Cow::into_owned),
            None if f.kind == FigureKind::Count => f.unit.as_deref().and_then(|u| w.head_of(u)),
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
                .then(|| w.head_of(word))
                .flatten()
        });
        q.key.nouns = head.into_iter().collect();
    }
}

/// What a figure is per, from the words right after it: "per port", "a barrel" (a unit the
/// lexicon lists), "each", "apiece", "per capita".
fn per_unit(rest: &str, w: &QuantityWords) -> Option<String> {
    let mut words = rest
        .split_whitespace()
        .map(|x| x.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = words.next()?;
    match first.as_str() {
        "each" | "apiece" => Some("each".to_string()),
        "per" => words.next().filter(|x| !x.is_empty()).map(|x| w.head_of(&x).unwrap_or(x)),
        "a" | "an" => words.next().filter(|x| w.per_after.contains(x)).map(|x| w.head_of(&x).unwrap_or(x)),
        _ => None,
    }
}

/// What a share is of: the noun after "of" right after a percentage ("4% of GDP", "12% of
/// the country's exports" → export).
fn share_base(rest: &str, w: &QuantityWords) -> Option<String> {
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
            return base.map(|b| format!("{} {l}", w.head_of(&b).unwrap_or(b)));
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
    base.map(|b| w.head_of(&b).unwrap_or(b))
}
