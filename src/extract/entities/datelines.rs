//! Datelines: the heads of paragraphs that open with a place in capitals ("LAGOS (AP) —",
//! "AHMEDABAD:"), their places matched against the knowledge base as if written in title case,
//! or kept as local places.

use super::super::{Analysis, Context};
use super::NameWords;
use crate::kb::KbMatch;
use crate::text::Span;

/// The article's dateline and every other paragraph that opens like one: a place in capitals
/// with a news agency or a country before a dash ("LAGOS (AP) —" opening a later section or
/// a live blog's entry). Spans of the whole head, up to the dash.
///
/// Second, the heads written with a colon ("AHMEDABAD: A plane …"), whose place counts only
/// when the knowledge base knows it: "UPDATE:" opens a line just as well.
pub(super) fn dateline_heads(text: &str, a: &Analysis, w: &NameWords) -> (Vec<Span>, Vec<Span>) {
    // An editorial label where the place would stand ("UPDATE —", "EXCLUSIVE-") is no dateline.
    let label = |head: &str| {
        let place = head
            .split([',', '(', '—', '–', ':'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches([' ', '-']);
        w.editorial_labels.contains(&place.to_uppercase())
    };
    let mut out: Vec<Span> = a.dateline.iter().map(|d| d.span).filter(|s| !label(s.slice(text))).collect();
    let mut colon: Vec<Span> = Vec::new();
    // Every line of the body: a live blog's entry may follow its time stamp's line.
    let line_starts = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == crate::text::ParagraphKind::Body)
        .flat_map(|p| {
            let s = p.span.slice(text);
            std::iter::once(p.span.start).chain(s.match_indices('\n').map(move |(i, _)| p.span.start + i + 1))
        });
    for start in line_starts {
        if out.iter().any(|d| d.start == start) {
            continue;
        }
        let s = &text[start..];
        let cut = (0..=s.len().min(80)).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
        let head = s[..cut].split('\n').next().unwrap_or("");
        // Up to a dash, or up to the agency's closing parenthesis ("KERRVILLE, Texas (AP) A …").
        let dash = ["—", " – ", " - "]
            .iter()
            .filter_map(|d| head.find(d).map(|i| (i, i + d.len())))
            .min_by_key(|&(i, _)| i);
        let agency_end = head.find('(').and_then(|o| head[o..].find(')').map(|c| (o, o + c + 1)));
        let (end_of_prefix, end) = match (dash, agency_end) {
            (Some((d, e)), _) => (d, e),
            (None, Some((o, e))) => (o, e),
            (None, None) => {
                if let Some(c) = head.find(": ")
                    && !label(&head[..c])
                    && head[..c].chars().filter(|c| c.is_alphabetic()).count() >= 3
                    && head[..c].chars().all(|c| c.is_uppercase() || c == ' ' || c == '-' || c == '.')
                {
                    colon.push(Span::new(start, start + c + 1));
                }
                continue;
            }
        };
        let prefix = &head[..end_of_prefix];
        let city_end = prefix.find([',', '(']).unwrap_or(prefix.len());
        let letters = prefix[..city_end].chars().filter(|c| c.is_alphabetic()).count();
        // Only with an agency or a country after the place: a line of capitals before a dash
        // may be a heading ("UPDATE — …").
        let agency_or_country = prefix[city_end..].trim().starts_with(['(', ',']) || (dash.is_none() && agency_end.is_some());
        if letters >= 3 && agency_or_country && !label(prefix) && !prefix[..city_end].chars().any(char::is_lowercase) {
            out.push(Span::new(start, start + end));
        }
    }
    (out, colon)
}

/// A dateline's place in capitals when the knowledge base has no match there, with its
/// name in title case.
pub(super) fn dateline_place(text: &str, head: Span, kb: &[Span]) -> Option<(Span, String)> {
    let d = head;
    let s = d.slice(text);
    let end = s.find([',', '(', '—', '–']).unwrap_or(s.len());
    let city = s[..end].trim_end();
    let span = Span::new(d.start, d.start + city.len());
    if city.chars().filter(|c| c.is_alphabetic()).count() < 3 || city.chars().any(char::is_lowercase) || kb.iter().any(|k| k.overlaps(span))
    {
        return None;
    }
    let mut name = String::with_capacity(city.len());
    let mut prev_letter = false;
    for c in city.chars() {
        if prev_letter {
            name.extend(c.to_lowercase());
        } else {
            name.push(c);
        }
        prev_letter = c.is_alphabetic();
    }
    Some((span, name))
}

/// The datelines' places written in capitals ("LILONGWE", "MEXICO CITY", "DAR ES SALAAM"),
/// matched against the knowledge base as if written in title case, particles in lowercase.
pub(super) fn dateline_matches(text: &str, ctx: &Context, heads: &[Span], w: &NameWords) -> Vec<KbMatch> {
    let mut out = Vec::new();
    for d in heads {
        let s = d.slice(text);
        let mut titled = String::with_capacity(s.len());
        let mut prev_letter = false;
        for c in s.chars() {
            let lower: Vec<char> = c.to_lowercase().collect();
            let same_len = lower.len() == 1 && lower[0].len_utf8() == c.len_utf8();
            if prev_letter && c.is_uppercase() && same_len {
                titled.push(lower[0]);
            } else {
                titled.push(c);
            }
            prev_letter = c.is_alphabetic();
        }
        // "Dar Es Salaam" → "Dar es Salaam": a particle inside the name (same byte length).
        let mut folded = String::with_capacity(titled.len());
        for (at, word) in titled.split(' ').enumerate() {
            if at > 0 {
                folded.push(' ');
            }
            let lower = word.to_lowercase();
            if at > 0 && lower.len() == word.len() && w.particles.contains(lower.as_str()) {
                folded.push_str(&lower);
            } else {
                folded.push_str(word);
            }
        }
        let titled = if folded.len() == titled.len() { folded } else { titled };
        out.extend(
            ctx.kb
                .matcher()
                .find(&titled)
                .into_iter()
                .filter(|m| {
                    let orig = m.span.slice(s);
                    orig.chars().filter(|c| c.is_alphabetic()).count() >= 3 && orig.chars().all(|c| !c.is_lowercase())
                })
                .map(|mut m| {
                    m.span = Span::new(m.span.start + d.start, m.span.end + d.start);
                    m
                }),
        );
    }
    out
}
