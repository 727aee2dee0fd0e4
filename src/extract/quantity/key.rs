//! Key building: every value figure (and every date or year that is no other figure's time
//! anchor) becomes a [`Quantity`], its key read from its sentence — what it measures, when,
//! of whom and where, whether it is a change, a part or a running total — and its value range.

use super::heads::HeadWords;
use super::sentence::{Article, Role, SentenceScratch, role};
use super::topics::{fold_capital, institution_country, is_country};
use super::value::{UnitCache, unitless_measure, value_range};
use super::{Analysis, Context, Dimension, EntityRef, FigureKind, Quantity, QuantityKey, marker};
use crate::extract::Figure;
use crate::kb::EntityKind;
use crate::text::{SentenceTokens, TokenKind, lowercase as lower};

/// The quantities of the article's sentences, in text order.
pub(in crate::extract) fn find(text: &str, ctx: &Context, a: &Analysis, tokens: &SentenceTokens) -> Vec<Quantity> {
    let art = Article::new(text, ctx, a);
    let mut sentence = SentenceScratch::default();
    let mut heads = HeadWords::default();
    let mut units = UnitCache::default();
    let mut out = Vec::new();
    let mut fi = 0;
    for si in 0..a.sentences.len() {
        let first = fi;
        while fi < a.figures.len() && a.figures[fi].sentence == si {
            fi += 1;
        }
        let toks = tokens.of(si);
        if first == fi || toks.is_empty() {
            continue;
        }
        sentence.read(&art, si, first..fi, toks);
        if sentence.quantities.is_empty() {
            continue;
        }
        heads.read(&art, &sentence);
        for &k in &sentence.quantities {
            out.extend(quantity(&art, &sentence, &mut heads, &mut units, k));
        }
    }
    out
}

/// The quantity figure `k` of the sentence states, if its value can be read.
fn quantity<'a>(
    art: &Article<'a>,
    s: &SentenceScratch<'a>,
    heads: &mut HeadWords<'a>,
    units: &mut UnitCache<'a>,
    k: usize,
) -> Option<Quantity> {
    let f = s.figure(art, k);
    if let Some(person) = s.age_of(art, k) {
        return age(art, s, units, k, person);
    }
    add_own_heads(art, heads, f, k);
    let is_time = matches!(role(f), Role::Time);
    let kinds = kinds(heads, k, is_time);
    let head_words = head_words(heads, k, s.clause_of(k));
    let markers = markers(art, s, heads.projection[k], k, is_time);
    let entities = entities(art, heads, k);
    let places = places(art, heads, k);
    let part = is_part(art, s, k);
    // Counts and sums run ("the toll has risen to 63", "aid so far"); a wind speed in a
    // sentence about the toll does not. The running word is the figure's clause's.
    let w = art.words;
    let runs = matches!(f.kind, FigureKind::Count | FigureKind::Money);
    let clause = s.clause_span(s.clause_of(k)).slice(art.text);
    let running = runs && (w.running.first(clause).is_some() || kinds.iter().any(|k| w.running_kinds.contains(k)));
    let (value, low, high, mut dimension, date) = value_range(f, art.text, art.ctx, units)?;
    // "Its magnitude was 6.8": a bare number whose clause names a unitless measure.
    if dimension == Dimension::Count
        && f.unit.is_none()
        && let Some(d) = kinds.iter().find(|k| unitless_measure(art.ctx, k))
    {
        dimension = Dimension::Measure(d.clone());
    }
    let (year, month) = if is_time { (None, None) } else { s.anchor[k] };
    // A total of an earlier year ("in 2001, a quake killed 74") no longer runs.
    let running = running && year.is_none_or(|y| art.ref_year.is_none_or(|r| y >= r));
    Some(Quantity::new(
        s.first + k,
        QuantityKey {
            dimension,
            year,
            month,
            quarter: if is_time { None } else { s.quarter(k) },
            heads: head_words,
            kinds,
            entities,
            markers,
            year_stated: !is_time && s.stated[k],
            nouns: Vec::new(),
            modifiers: Vec::new(),
            running,
            part,
            places,
            base: None,
            per: None,
        },
        (value, low, high),
        date,
    ))
}

/// "Rosa Quispe, 54,": the age of one person, in the year the sentence is about. Compared only
/// with that person's age (the entity), whatever else the sentence says.
fn age<'a>(art: &Article<'a>, s: &SentenceScratch<'a>, units: &mut UnitCache<'a>, k: usize, person: EntityRef) -> Option<Quantity> {
    let f = s.figure(art, k);
    let (value, _, _, _, date) = value_range(f, art.text, art.ctx, units)?;
    // A whole number of years, exact: "30" is not a round "about 30".
    let (low, high) = (value - 0.5, value + 0.5);
    let (year, month) = s.anchor[k];
    let age = || vec!["age".to_string()];
    Some(Quantity::new(
        s.first + k,
        QuantityKey {
            year,
            month,
            heads: age(),
            kinds: age(),
            entities: vec![fold_capital(&person, &art.ctx.kb)],
            year_stated: s.stated[k],
            ..QuantityKey::default()
        },
        (value, low, high),
        date,
    ))
}

/// The figure's own words that say what it is: a count's noun, a duration adjective's noun
/// ("two-day visit", "five-year term"), a measure's unit ("magnitude 6.8").
fn add_own_heads<'a>(art: &Article<'a>, heads: &mut HeadWords<'a>, f: &Figure, k: usize) {
    if let Some(n) = &f.unit
        && f.kind == FigureKind::Count
    {
        heads.add_own(art, k, n, false);
    }
    if f.kind == FigureKind::Duration
        && let Some(x) = f.span.slice(art.text).rsplit([' ', '-']).next()
    {
        heads.add_own(art, k, x, false);
    }
    if f.kind == FigureKind::Measure
        && let Some(u) = f.unit.as_deref()
    {
        heads.add_own(art, k, u, true);
    }
}

/// The heads of figure `k` that say what it measures (for a time: what happened), sorted.
fn kinds(heads: &HeadWords<'_>, k: usize, is_time: bool) -> Vec<String> {
    let mut kinds: Vec<String> = heads.of_figure[k]
        .iter()
        .map(|&h| &heads.arena[h])
        .filter(|h| if is_time { h.is_event() } else { h.is_kind() })
        .map(|h| h.text().to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The heads of figure `k` and of its clause's subject, sorted, each once.
fn head_words(heads: &HeadWords<'_>, k: usize, clause: usize) -> Vec<String> {
    let mut words: Vec<&str> = heads.of_figure[k]
        .iter()
        .chain(&heads.subject[clause])
        .map(|&h| heads.arena[h].text())
        .collect();
    words.sort();
    words.dedup();
    words.into_iter().map(str::to_string).collect()
}

/// The [`marker`]s of figure `k`: what the words around it make of it.
fn markers(art: &Article<'_>, s: &SentenceScratch<'_>, projection: bool, k: usize, is_time: bool) -> u8 {
    let w = art.words;
    let (from, to) = s.ranges[k];
    let mut markers = if projection { marker::PROJECTION } else { 0 };
    let word_at = |i: usize| {
        s.toks
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| lower(t.span.slice(art.text)))
    };
    let before = if from > 0 { word_at(from - 1) } else { None };
    let lead = before.as_deref().unwrap_or("");
    if is_time {
        if w.start.contains(lead) {
            markers |= marker::START;
        } else if w.end.contains(lead) {
            markers |= marker::END;
        }
    } else if from == 2 && s.opens_with_total(art) {
        markers |= marker::TOTAL;
    } else if lead == "from" {
        markers |= marker::PREVIOUS;
    } else if lead == "by" {
        markers |= marker::CHANGE;
    } else if lead != "to" {
        let changed = (from.saturating_sub(3)..from)
            .filter_map(word_at)
            .any(|x| w.change_before.contains(x.as_ref()));
        let after = word_at(to).is_some_and(|x| w.change_after.contains(x.as_ref()));
        let clause = s.clause_span(s.clause_of(k)).slice(art.text);
        // "rose 3% from a year earlier" is the annual rate itself, not a change.
        let annual = s.figure(art, k).kind == FigureKind::Percent && w.annual_rate.first(clause).is_some();
        if (changed || after) && !annual {
            markers |= marker::CHANGE;
        }
    }
    markers
}

/// Entities of figure `k`'s words, not the source that states it; an institution speaks for
/// its country too ("the Bundesrat" and "Germany's fund"), a province does not.
fn entities(art: &Article<'_>, heads: &HeadWords<'_>, k: usize) -> Vec<EntityRef> {
    let kb = &art.ctx.kb;
    let mut entities: Vec<EntityRef> = heads
        .mentions_of(k)
        .map(|m| fold_capital(&art.a.entities[m.entity].reference, kb))
        .collect();
    let countries: Vec<EntityRef> = entities.iter().filter_map(|e| institution_country(e, kb)).collect();
    entities.extend(countries);
    entities.sort();
    entities.dedup();
    entities
}

/// "In Aceh, 20 died" / "20 died in Aceh": the places below a country named after "in" among
/// figure `k`'s words, other than the places the article is about.
fn places(art: &Article<'_>, heads: &HeadWords<'_>, k: usize) -> Vec<EntityRef> {
    let (a, kb) = (art.a, &art.ctx.kb);
    let mut places: Vec<EntityRef> = heads
        .mentions_of(k)
        .filter(|m| {
            a.entities[m.entity].kind == EntityKind::Place && {
                let before = art.text.get(..m.span.start).unwrap_or("").trim_end();
                let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                last.eq_ignore_ascii_case("in")
            }
        })
        .map(|m| fold_capital(&a.entities[m.entity].reference, kb))
        .filter(|r| !is_country(r, kb) && !art.story.contains(r))
        .collect();
    places.sort();
    places.dedup();
    places
}

/// Whether the figure counts a part of a larger count: a cue right before it ("including at
/// least 12", "of whom 20", across a comma too: "Among the deaths, four …"), "30 of the
/// deaths" after it, or a place "alone" anywhere in its sentence ("In Aceh alone, 20 died").
fn is_part(art: &Article<'_>, s: &SentenceScratch<'_>, k: usize) -> bool {
    let f = s.figure(art, k);
    let w = art.words;
    let sentence = art.a.sentences[s.index].span;
    // At most three words between the cue and the figure, so a cue of an earlier figure does
    // not reach it.
    let near = {
        let before = art.text.get(sentence.start..f.span.start).unwrap_or("");
        let words: Vec<&str> = before.split_whitespace().collect();
        words[words.len().saturating_sub(5)..].join(" ")
    };
    // A share "of the vote" is a percentage's base, not a part.
    let of_the = || {
        if f.kind != FigureKind::Count {
            return false;
        }
        let mut after = art.text.get(f.span.end..sentence.end).unwrap_or("").split_whitespace();
        after.next().is_some_and(|x| x.eq_ignore_ascii_case("of"))
            && after.next().is_some_and(|x| w.part_of.iter().any(|y| x.eq_ignore_ascii_case(y)))
    };
    // Only after a place ("Aceh alone", "Kunar province alone"): "in the past 24 hours alone"
    // is a period, not a part.
    let alone = || {
        art.a.mentions_within(sentence).iter().any(|m| {
            art.a.entities[m.entity].kind == EntityKind::Place
                && art.text.get(m.span.end..).is_some_and(|rest| {
                    let mut words = rest.split_whitespace();
                    let is_alone = |x: Option<&str>| x.is_some_and(|x| x.trim_end_matches([',', '.']).eq_ignore_ascii_case("alone"));
                    let first = words.next();
                    is_alone(first) || first.is_some_and(|x| x.chars().all(|c| c.is_lowercase())) && is_alone(words.next())
                })
        })
    };
    // "Of the 242 people on board, 241 died": after the total a sentence opens with, a part.
    let after_total = || s.opens_with_total(art) && s.ranges[k].0 > 2 && s.ranges.iter().any(|r| r.0 == 2);
    w.part.first(&near).is_some_and(|i| w.part.phrases[i] != "alone") || alone() || of_the() || after_total()
}
