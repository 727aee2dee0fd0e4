//! What an article is about (its most mentioned places and organisations) and how an entity
//! stands for another in a key: a capital for its country, an institution for its country.

use super::{Analysis, EntityRef};
use crate::kb::KnowledgeBase;

/// What the article is about: its most mentioned places and organisations (up to three, a
/// capital standing for its country), leaving out the names that only appear as a source or in
/// the dateline's agency. Articles that share none of these are about different stories.
pub fn topics(a: &Analysis, kb: &KnowledgeBase) -> Vec<EntityRef> {
    let mut counted: Vec<(usize, usize, EntityRef)> = Vec::new();
    let mut in_sources: Vec<(usize, usize, EntityRef)> = Vec::new();
    for e in &a.entities {
        if !matches!(e.kind, crate::kb::EntityKind::Place | crate::kb::EntityKind::Organization) {
            continue;
        }
        let in_source = |m: &crate::extract::Mention| {
            a.attributions_in(m.sentence).iter().any(|x| x.source.span.covers(m.span))
                || a.dateline.as_ref().and_then(|d| d.agency).is_some_and(|ag| ag.covers(m.span))
        };
        let n = e.mentions.iter().filter(|&&m| !in_source(&a.mentions[m])).count();
        let first = e.mentions.first().copied().unwrap_or(usize::MAX);
        if n > 0 {
            counted.push((n, first, fold_capital(&e.reference, kb)));
        } else if e.kind == crate::kb::EntityKind::Place {
            in_sources.push((e.mentions.len(), first, fold_capital(&e.reference, kb)));
        }
    }
    // An article that names its place only in a source ("Myanmar's military leader said …")
    // is still about that place.
    if counted.is_empty() {
        counted = in_sources;
    }
    counted.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut out: Vec<EntityRef> = Vec::new();
    for (_, _, r) in counted {
        if !out.contains(&r) {
            out.push(r);
        }
        if out.len() == 3 {
            break;
        }
    }
    // An institution belongs to its country's stories too ("the Bank of Korea" and "South
    // Korea's central bank"); a city's story stays its own.
    for i in 0..out.len() {
        if let EntityRef::Kb(id) = &out[i]
            && kb.entry(*id).kind == crate::kb::EntityKind::Organization
            && let Some(c) = kb.entry(*id).country.as_deref().and_then(|c| kb.get(c))
            && !out.contains(&EntityRef::Kb(c))
        {
            out.push(EntityRef::Kb(c));
        }
    }
    out
}

/// A capital stands for its country ("Tokyo's military spending" is Japan's).
pub(super) fn fold_capital(r: &EntityRef, kb: &KnowledgeBase) -> EntityRef {
    if let EntityRef::Kb(id) = r {
        let e = kb.entry(*id);
        if let Some(country) = e.country.as_deref().and_then(|c| kb.get(c))
            && kb.entry(country).capital.as_deref() == Some(e.id.as_str())
        {
            return EntityRef::Kb(country);
        }
    }
    r.clone()
}

/// The country of an organisation the knowledge base places in one.
pub(super) fn institution_country(r: &EntityRef, kb: &KnowledgeBase) -> Option<EntityRef> {
    let EntityRef::Kb(id) = r else { return None };
    let e = kb.entry(*id);
    if e.kind != crate::kb::EntityKind::Organization {
        return None;
    }
    e.country.as_deref().and_then(|c| kb.get(c)).map(EntityRef::Kb)
}

/// A place the knowledge base knows as a country.
pub(super) fn is_country(r: &EntityRef, kb: &KnowledgeBase) -> bool {
    matches!(r, EntityRef::Kb(id) if kb.entry(*id).subkind.as_deref() == Some("country"))
}
