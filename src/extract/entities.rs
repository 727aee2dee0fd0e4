//! Entity mentions and their coreference within one article.
//!
//! Mentions come from the knowledge base's spellings (one automaton pass). A mention
//! becomes an [`Entity`] of the article; later short forms (surnames, acronyms, aliases)
//! link to the same entity; the intro is the first full mention outside the headline.

use std::collections::HashMap;

use super::{Analysis, Context, Entity, EntityRef, Mention, MentionForm};
use crate::kb::{EntityKind, Form, KnowledgeBase};
use crate::text::Span;

pub(super) fn extract(text: &str, ctx: &Context, a: &mut Analysis) {
    let kb = &*ctx.kb;
    let mut by_ref: HashMap<EntityRef, usize> = HashMap::new();
    for m in kb.matcher().find(text) {
        let Some(&(entry_id, form)) = m.candidates.first() else { continue };
        if form == Form::Demonym {
            continue;
        }
        let Some(sentence) = a.sentence_at(m.span.start) else { continue };
        let entry = kb.entry(entry_id);
        let surface = m.span.slice(text);
        let mention_form = match form {
            Form::Misspelling => MentionForm::Misspelling,
            Form::Name => MentionForm::Full,
            _ => classify_alias(surface, &entry.name, entry.kind),
        };
        let key = EntityRef::Kb(entry_id);
        let ei = *by_ref.entry(key.clone()).or_insert_with(|| {
            a.entities.push(Entity {
                reference: key,
                name: entry.name.clone(),
                kind: entry.kind,
                intro: None,
                mentions: Vec::new(),
            });
            a.entities.len() - 1
        });
        a.mentions.push(Mention {
            span: m.span,
            entity: ei,
            form: mention_form,
            sentence,
        });
    }
    a.mentions.sort_by_key(|m| m.span.start);
    finish(a, kb);
}

/// An alias is short when it is one word of the canonical name ("Putin", "Xi"), an acronym
/// when it is written in capitals ("IAEA", "U.S."), otherwise a full spelling.
fn classify_alias(surface: &str, name: &str, kind: EntityKind) -> MentionForm {
    let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
    {
        return MentionForm::Acronym;
    }
    if kind == EntityKind::Person && !surface.contains(' ') && name.split_whitespace().any(|w| w == surface) {
        return MentionForm::Short;
    }
    MentionForm::Full
}

/// Fills each entity's mention list and intro: the first full mention outside the headline,
/// else the first full mention at all.
fn finish(a: &mut Analysis, _kb: &KnowledgeBase) {
    for e in &mut a.entities {
        e.mentions.clear();
    }
    for (i, m) in a.mentions.iter().enumerate() {
        a.entities[m.entity].mentions.push(i);
    }
    for ei in 0..a.entities.len() {
        let full = |i: &&usize| matches!(a.mentions[**i].form, MentionForm::Full | MentionForm::Misspelling);
        let mentions = &a.entities[ei].mentions;
        let intro = mentions
            .iter()
            .filter(full)
            .find(|&&i| !a.is_headline(a.mentions[i].sentence))
            .or_else(|| mentions.iter().find(full))
            .copied();
        a.entities[ei].intro = intro;
    }
}

/// Mentions whose span overlaps `span`.
#[allow(dead_code)]
pub(super) fn overlapping(a: &Analysis, span: Span) -> impl Iterator<Item = &Mention> {
    a.mentions.iter().filter(move |m| m.span.overlaps(span))
}
