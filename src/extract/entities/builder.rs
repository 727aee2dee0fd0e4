//! The mentions and entities of one article as they are found: each mention claims its span
//! (a later overlapping one is dropped), each entity is made once per knowledge-base entry or
//! local name.

use rustc_hash::FxHashMap as HashMap;

use super::super::{Analysis, Entity, EntityRef, Mention, MentionForm, slug};
use crate::kb::EntityKind;
use crate::text::Span;

/// The article's mentions and entities so far.
pub(super) struct Builder<'t, 'a> {
    pub text: &'t str,
    pub a: &'a mut Analysis,
    by_ref: HashMap<EntityRef, usize>,
    /// Spans of the mentions so far, for overlap tests in logarithmic time.
    taken: SpanSet,
    /// Mention index by start and by end offset (for "X and Y").
    by_start: HashMap<usize, usize>,
    by_end: HashMap<usize, usize>,
    /// Local entities by the name they were made from: a repeated name skips its slug.
    pub local_names: HashMap<&'t str, usize>,
}

/// A set of spans answering "does anything overlap this span?" without a linear scan.
/// (A start-sorted vector: an article's few hundred spans insert faster than into a B-tree.)
#[derive(Default)]
pub(super) struct SpanSet {
    /// (start, furthest end) per start, sorted by start.
    by_start: Vec<(usize, usize)>,
    longest: usize,
}

impl FromIterator<Span> for SpanSet {
    /// Sorts once instead of inserting one span at a time (a long file's thousands of spans).
    fn from_iter<I: IntoIterator<Item = Span>>(spans: I) -> SpanSet {
        let mut by_start: Vec<(usize, usize)> = spans.into_iter().map(|s| (s.start, s.end)).collect();
        by_start.sort_unstable();
        // Equal starts keep the furthest end, as `insert` does; sorted, that is the last one.
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(by_start.len());
        for (start, end) in by_start {
            match merged.last_mut() {
                Some(last) if last.0 == start => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let longest = merged.iter().map(|&(start, end)| end.saturating_sub(start)).max().unwrap_or(0);
        SpanSet { by_start: merged, longest }
    }
}

impl SpanSet {
    pub fn insert(&mut self, s: Span) {
        match self.by_start.binary_search_by_key(&s.start, |&(start, _)| start) {
            Ok(i) => self.by_start[i].1 = self.by_start[i].1.max(s.end),
            Err(i) => self.by_start.insert(i, (s.start, s.end)),
        }
        self.longest = self.longest.max(s.len());
    }

    pub fn overlaps(&self, s: Span) -> bool {
        // Only spans starting within `longest` bytes before `s` can reach into it.
        let from = s.start.saturating_sub(self.longest);
        let to = s.end.max(s.start + 1);
        let first = self.by_start.partition_point(|&(start, _)| start < from);
        self.by_start[first..]
            .iter()
            .take_while(|&&(start, _)| start < to)
            .any(|&(start, end)| Span::new(start, end).overlaps(s) || start == s.start)
    }
}

impl<'t, 'a> Builder<'t, 'a> {
    pub fn new(text: &'t str, a: &'a mut Analysis, capacity: usize) -> Builder<'t, 'a> {
        Builder {
            text,
            a,
            by_ref: HashMap::default(),
            taken: SpanSet::default(),
            // Sized for every mention up front: growing a table rehashes it.
            by_start: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            by_end: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            local_names: HashMap::default(),
        }
    }

    pub fn kb_entity(&mut self, key: EntityRef, name: &str, kind: EntityKind) -> usize {
        // Most calls find their entity: no clone of the key for those.
        if let Some(&ei) = self.by_ref.get(&key) {
            return ei;
        }
        let entities = &mut self.a.entities;
        entities.push(Entity {
            reference: key.clone(),
            name: name.to_string(),
            kind,
            intro: None,
            mentions: Vec::new(),
        });
        self.by_ref.insert(key, entities.len() - 1);
        entities.len() - 1
    }

    pub fn local(&mut self, name: &'t str, kind: EntityKind) -> usize {
        if let Some(&ei) = self.local_names.get(name) {
            return ei;
        }
        let ei = self.kb_entity(EntityRef::Local(slug(name)), name, kind);
        self.local_names.insert(name, ei);
        ei
    }

    /// A one-word name typed by its context: a person's is a short form, a place's full.
    pub fn local_mention(&mut self, span: Span, kind: EntityKind, sentence: usize) -> usize {
        let form = if kind == EntityKind::Person {
            MentionForm::Short
        } else {
            MentionForm::Full
        };
        let ei = self.local(span.slice(self.text), kind);
        self.mention(span, ei, form, sentence);
        ei
    }

    pub fn mention(&mut self, span: Span, entity: usize, form: MentionForm, sentence: usize) {
        if self.taken(span) {
            return;
        }
        self.by_start.insert(span.start, self.a.mentions.len());
        self.by_end.insert(span.end, self.a.mentions.len());
        self.taken.insert(span);
        self.a.mentions.push(Mention {
            span,
            entity,
            form,
            sentence,
        });
    }

    pub fn taken(&self, span: Span) -> bool {
        self.taken.overlaps(span)
    }

    /// The entity of the mention that ends where `target` ends (or overlaps it).
    pub fn entity_at(&self, target: Span) -> Option<usize> {
        let ms = &self.a.mentions;
        ms.iter()
            .find(|m| m.span.end == target.end && target.covers(m.span))
            .or_else(|| ms.iter().find(|m| m.span.overlaps(target)))
            .map(|m| m.entity)
            .filter(|_| !self.text.is_empty())
    }
}

/// The kind of the name joined to `span` by "and" or "or" ("Xi and Putin",
/// "Tentena and Pendolo").
pub(super) fn coordinated(b: &Builder<'_, '_>, span: Span) -> Option<EntityKind> {
    let text = b.text;
    let after = &text[span.end..];
    let joiners = [" and ", " or ", " & "];
    let next = joiners.iter().find_map(|j| after.starts_with(j).then(|| span.end + j.len()));
    let before = &text[..span.start];
    let prev = joiners.iter().find_map(|j| before.ends_with(j).then(|| span.start - j.len()));
    let kind = |i: &usize| b.a.entities[b.a.mentions[*i].entity].kind;
    next.and_then(|n| b.by_start.get(&n).map(kind))
        .or_else(|| prev.and_then(|p| b.by_end.get(&p).map(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_set_collected_at_once_answers_as_one_built_span_by_span() {
        let spans = [
            Span::new(40, 52),
            Span::new(3, 9),
            Span::new(3, 14),
            Span::new(60, 61),
            Span::new(20, 30),
        ];
        let mut inserted = SpanSet::default();
        for s in spans {
            inserted.insert(s);
        }
        let collected: SpanSet = spans.into_iter().collect();
        assert_eq!(collected.by_start, inserted.by_start);
        assert_eq!(collected.longest, inserted.longest);
        for start in 0..70 {
            for len in 1..16 {
                let probe = Span::new(start, start + len);
                let by_walk = spans.iter().any(|s| s.overlaps(probe));
                assert_eq!(collected.overlaps(probe), by_walk, "{probe:?}");
            }
        }
    }
}
