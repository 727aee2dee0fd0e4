//! Check-worthiness: which figures a fact-checker would want a source for (GUIDELINES) —
//! money, percentages, counts and measures a reader could dispute, ordinals that state a
//! record, durations that measure what the article reports.

use crate::extract::{Analysis, Figure, FigureKind, Lexicon};

/// GUIDELINES: money, percentages, counts and measures a reader could dispute, and ordinals
/// that state a record; not dates, years, ages, the event's own duration, or headlines.
pub(super) fn is_checkworthy(f: &Figure, text: &str, a: &Analysis, lex: &Lexicon) -> bool {
    if a.is_headline(f.sentence) {
        return false;
    }
    match f.kind {
        FigureKind::Money | FigureKind::Percent | FigureKind::Measure => true,
        FigureKind::Count => {
            // Vague words alone ("dozens") are not a figure to source; "two leaders" names a set.
            // Only ASCII lowercases to "two".
            let two = || f.span.slice(text).eq_ignore_ascii_case("two");
            f.value.is_some() && !(f.value == Some(2.0) && f.unit.is_none() && two()) && !is_age(f, text, a)
        }
        FigureKind::Ordinal => ordinal_states_record(f, text, a, lex),
        FigureKind::Duration => duration_is_claim(f, text, a),
        FigureKind::Date | FigureKind::Year => false,
    }
}

/// "Ana Silva, 34, said", "aged 34", "a man, 62,": a person's age, not a statistic.
fn is_age(f: &Figure, text: &str, a: &Analysis) -> bool {
    if f.unit.is_some() || !f.value.is_some_and(|v| v.fract() == 0.0 && (1.0..130.0).contains(&v)) {
        return false;
    }
    let s = a.sentences[f.sentence].span;
    let before = text[s.start..f.span.start].trim_end();
    let after = &text[f.span.end..s.end];
    let between_commas = before.ends_with(',') && after.starts_with([',', ')']);
    let word_before = before.trim_end_matches(',').rsplit(' ').next().unwrap_or("");
    (between_commas && !word_before.starts_with(|c: char| c.is_ascii_digit())) || before.ends_with("aged") || before.ends_with("age")
}

/// An ordinal states a record ("the fourth meeting between them", "Japan's first female prime
/// minister", "the second-largest economy", "a third straight quarter") unless it counts a part
/// of the event ("the first day", "the third night"), an anniversary, or a place in a list
/// ("second-to-last").
fn ordinal_states_record(f: &Figure, text: &str, a: &Analysis, lex: &Lexicon) -> bool {
    let s = a.sentences[f.sentence].span;
    let word = f.span.slice(text).to_lowercase();
    if let Some((_, rest)) = word.split_once(['-', '‑']) {
        // "second-largest", "third-biggest", "first-ever": a record; "second-to-last" is not.
        return rest.ends_with("est") || rest.ends_with("most") || rest == "ever";
    }
    let after = text[f.span.end..s.end].to_lowercase();
    let words: Vec<&str> = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let Some(&next) = words.first() else { return false };
    if lex.figures.event_parts.iter().any(|p| p == next) {
        return false;
    }
    if words.iter().take(2).any(|w| lex.record_nouns.iter().any(|r| r == w)) {
        return true;
    }
    // After a determiner or a possessive, an ordinal with a noun ranks something.
    let before = text[s.start..f.span.start].trim_end();
    let prev = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    lex.figures.ranking_determiners.contains(&prev) || prev.ends_with("'s") || prev.ends_with("’s")
}

/// A duration is a claim when it measures something the article reports ("after 16 hours of
/// talks", "has barely grown for three years", "1,400 years ago"), not when it names the
/// event's own length ("a two-day visit", "a six-year term") or a time anchor ("two years ago").
fn duration_is_claim(f: &Figure, text: &str, a: &Analysis) -> bool {
    let span_text = f.span.slice(text);
    if span_text.contains(['-', '‑']) || span_text.contains("more") {
        return false;
    }
    let s = a.sentences[f.sentence].span;
    let after = text[f.span.end..s.end].trim_start();
    if after.starts_with("ago") {
        // Beyond living memory it is a historical claim, not an anchor.
        return f.unit.as_deref() == Some("year") && f.value.is_some_and(|v| v >= 50.0);
    }
    let before = text[s.start..f.span.start].to_lowercase();
    let mut before = before.trim_end();
    if let Some(q) = &f.qualifier {
        before = before.strip_suffix(q.as_str()).unwrap_or(before).trim_end();
    }
    before.ends_with(" for") || before.ends_with(" after") || before == "for" || before == "after"
}
