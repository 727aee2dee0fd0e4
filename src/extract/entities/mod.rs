//! Entity mentions and their coreference within one article.
//!
//! Two sources of names: the knowledge base's spellings (one automaton pass, plus the
//! dateline's capitalised place) and [`names`], which finds names the knowledge base does not
//! know by titles, honorifics, cue words and context. Local names become entities of their
//! own; short forms (surnames, family names, acronyms defined in parentheses, the head of an
//! organization's name) link to the entity they stand for ([`coref`]); the intro is the first
//! full mention.

mod coref;
mod names;
pub mod variants;
pub(super) mod words;

use rustc_hash::FxHashMap as HashMap;

use super::{Analysis, Context, Entity, EntityRef, Mention, MentionForm, slug};
use crate::kb::{EntityKind, Form, KbMatch};
use crate::text::Span;

use names::{Cand, Scan};

/// `parallel`: a long article, whose sentences may be read on two cores.
pub(super) fn extract(text: &str, ctx: &Context, a: &mut Analysis, parallel: bool) {
    let kb = &*ctx.kb;
    let w = &ctx.lexicon.names;
    let mut kb_matches = kb.matcher().find(text);
    let (heads, colon_heads) = dateline_heads(text, a, w);
    let all_heads: Vec<Span> = heads.iter().chain(&colon_heads).copied().collect();
    let dateline_places = dateline_matches(text, ctx, &all_heads, w);
    let skip: Vec<Span> = dateline_places.iter().map(|m| m.span).collect();
    kb_matches.retain(|m| !skip.iter().any(|s| s.overlaps(m.span)));
    kb_matches.extend(dateline_places);
    kb_matches.sort_by_key(|m| m.span.start);
    let kb_spans: Vec<Span> = kb_matches.iter().map(|m| m.span).collect();

    // A dateline's place the knowledge base does not know ("POSO, Indonesia —").
    let dateline_local: Vec<(Span, String)> = heads.iter().filter_map(|h| dateline_place(text, *h, &kb_spans)).collect();
    let mut skip = skip;
    skip.extend(dateline_local.iter().map(|(s, _)| *s));
    let kb_spelling = |s: &str| kb.matcher().find(s).iter().any(|m| m.span.start == 0 && m.span.end == s.len());
    let sentences: Vec<(Span, bool)> = (0..a.sentences.len()).map(|i| (a.sentences[i].span, a.is_headline(i))).collect();
    let scan = Scan {
        text,
        w,
        kb: &kb_spans,
        skip: &skip,
        kb_spelling: &kb_spelling,
    };
    let mut det = names::detect(&scan, &sentences, parallel);
    // A byline's outlet after the writer's name ("By Molly Smith Bloomberg"): the name ends
    // where an organization of the knowledge base ends the line's run of capitalised words.
    for c in det
        .cands
        .iter_mut()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.words.len() >= 3)
    {
        let line = text[..c.span.start].rsplit('\n').next().unwrap_or("");
        if line.trim() != "By" {
            continue;
        }
        let outlet = kb_matches.iter().find(|m| {
            m.span.end == c.span.end
                && m.candidates
                    .first()
                    .is_some_and(|(id, _)| kb.entry(*id).kind == EntityKind::Organization)
                && c.words.iter().skip(2).any(|w| w.start == m.span.start)
        });
        if let Some(m) = outlet {
            c.words.retain(|w| w.end <= m.span.start);
            if let Some(last) = c.words.last() {
                c.span = Span::new(c.span.start, last.end);
            }
        }
    }
    // The bulk places are searched only for the names the finder proposes with no type, or
    // as places, whole and outside any knowledge-base spelling ("Tacloban", "Ormoc").
    let named: Vec<crate::kb::EntryId> = kb_matches.iter().flat_map(|m| m.candidates.first().map(|c| c.0)).collect();
    let bulk: Vec<KbMatch> = det
        .cands
        .iter()
        .filter(|c| !c.acronym && matches!(c.kind, None | Some(EntityKind::Place)))
        .filter(|c| !kb_spans.iter().any(|s| s.overlaps(c.span)) && !skip.iter().any(|s| s.overlaps(c.span)))
        .filter_map(|c| {
            let mut candidates = kb.place(c.span.slice(text));
            // A town of a country the article names first ("San Jose" of the Philippines).
            candidates.sort_by_key(|(id, _)| {
                !kb.entry(*id)
                    .country
                    .as_deref()
                    .and_then(|c| kb.get(c))
                    .is_some_and(|c| named.contains(&c))
            });
            (!candidates.is_empty()).then_some(KbMatch { span: c.span, candidates })
        })
        .collect();
    let kb_spans = if bulk.is_empty() {
        kb_spans
    } else {
        kb_matches.extend(bulk);
        kb_matches.sort_by_key(|m| m.span.start);
        kb_matches.dedup_by_key(|m| m.span);
        kb_matches.iter().map(|m| m.span).collect()
    };

    let mut b = Builder {
        text,
        a,
        by_ref: HashMap::default(),
        taken: SpanSet::default(),
        // Sized for every mention up front: growing a table rehashes it.
        by_start: HashMap::with_capacity_and_hasher(kb_matches.len() + det.cands.len(), Default::default()),
        by_end: HashMap::with_capacity_and_hasher(kb_matches.len() + det.cands.len(), Default::default()),
        local_names: HashMap::default(),
    };
    for (span, name) in &dateline_local {
        if let Some(sentence) = b.a.sentence_at(span.start) {
            // A town of the bulk places ("TACLOBAN, Philippines —"), of the dateline's country
            // when it names one.
            let towns = kb.place(name);
            let country = text.get(span.end..).and_then(|rest| rest.strip_prefix(", ")).unwrap_or("");
            let town = towns
                .iter()
                .find(|(id, _)| {
                    kb.entry(*id)
                        .country
                        .as_deref()
                        .and_then(|c| kb.get(c))
                        .is_some_and(|c| country.starts_with(kb.entry(c).name.as_str()))
                })
                .or(towns.first());
            let ei = match town {
                Some(&(id, _)) => {
                    let entry = kb.entry(id);
                    let ei = b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
                    // Later bare uses of the name are this town, as a local dateline place's are.
                    b.local_names.insert(name, ei);
                    ei
                }
                None => b.local(name, EntityKind::Place),
            };
            b.mention(*span, ei, MentionForm::Full, sentence);
        }
    }
    // Acronyms the article defines as short for a common noun phrase ("(GWP)").
    let common: Vec<&str> = det.common_acronyms.iter().map(|s| s.slice(text)).collect();
    // 1. Names found by their cue words and context (outside headlines) claim their span.
    let mut claimed: Vec<Span> = Vec::new();
    let mut persons: Vec<&Cand> = Vec::new();
    let mut others: Vec<(&Cand, EntityKind)> = Vec::new();
    for c in &det.cands {
        if c.headline || c.acronym || c.words.len() < 2 {
            continue;
        }
        let Some(kind) = c.kind else { continue };
        // Also a name ending in one ("Life BOP" after "business operating profit (BOP)").
        if common.contains(&c.span.slice(text)) || c.words.last().is_some_and(|l| common.contains(&l.slice(text))) {
            continue;
        }
        // A longer knowledge-base spelling around it wins ("Bank of Japan").
        let before = kb_spans.partition_point(|s| s.start <= c.span.start);
        if before > 0 && kb_spans[before - 1].covers(c.span) && kb_spans[before - 1] != c.span {
            continue;
        }
        claimed.push(c.span);
        if kind == EntityKind::Person {
            persons.push(c);
        } else {
            others.push((c, kind));
        }
    }
    // Organizations and places, the longest names first: a shorter one that leaves off only
    // company words or a legal suffix is the same organization ("Delta Crest" for "Delta
    // Crest Energy", "Okonkwo Holdings" for "Okonkwo Holdings Ltd").
    others.sort_by_key(|(c, _)| (std::cmp::Reverse(c.words.len()), c.span.start));
    let mut org_names = OrgNames::default();
    // The knowledge base's organizations the article names in full: a shorter local name is
    // their short form ("Taiwan Semiconductor" after "Taiwan Semiconductor Manufacturing Co.").
    for m in &kb_matches {
        let Some(&(id, form)) = m.candidates.first() else { continue };
        let entry = kb.entry(id);
        let surface = m.span.slice(text);
        if entry.kind == EntityKind::Organization && matches!(form, Form::Name | Form::Alias) && surface.contains(' ') {
            let ei = b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
            org_names.push(ei, surface.split(' ').collect());
        }
    }
    for (c, kind) in others {
        let ws: Vec<&str> = c.words.iter().map(|s| s.slice(text)).collect();
        if let Some(ei) = org_for(&org_names, &ws, w, 2) {
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        let name = c.span.slice(text).trim_end_matches('.');
        let ei = b.local(name, kind);
        b.mention(c.span, ei, MentionForm::Full, c.sentence);
        if kind == EntityKind::Organization {
            org_names.push(ei, ws);
        }
    }
    // People: the longest names first; a part of one already seen is its short form.
    persons.sort_by_key(|c| (std::cmp::Reverse(c.words.len()), c.span.start));
    let mut person_names = PersonNames::default();
    for c in persons {
        let ws: Vec<&str> = c.words.iter().map(|s| s.slice(text)).collect();
        // A name typed a person for want of evidence that is an organization's short form.
        if let Some(ei) = org_for(&org_names, &ws, w, 2) {
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        let particle = |s: &str| w.particles.contains(s);
        if let Some((ei, full)) = person_names.candidates(&ws).find(|(_, full)| *full == ws) {
            let _ = full;
            b.mention(c.span, *ei, MentionForm::Full, c.sentence);
            continue;
        }
        let owners: Vec<usize> = person_names
            .candidates(&ws)
            .filter(|(_, full)| coref::short_form_of(&ws, full, &particle))
            .map(|(ei, _)| *ei)
            .collect();
        if owners.len() == 1 {
            b.mention(c.span, owners[0], MentionForm::Short, c.sentence);
            continue;
        }
        let ei = b.local(c.span.slice(text), EntityKind::Person);
        b.mention(c.span, ei, MentionForm::Full, c.sentence);
        person_names.push((ei, ws));
    }

    // 2. Knowledge-base matches not claimed by a longer local name.
    let mut no_kb = SpanSet::default();
    for s in det.blocked.iter().chain(&claimed) {
        no_kb.insert(*s);
    }
    let blocked = |span: Span| no_kb.overlaps(span);
    // Cities' names that the article uses for an organization somewhere ("the insurer Zurich"):
    // every mention of them that no place word governs is that organization.
    let place_word_before = |span: Span| {
        text[..span.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|p| w.place_prepositions.contains(p))
    };
    let mut city_orgs: Vec<&str> = Vec::new();
    for m in &kb_matches {
        let Some(&(id, _)) = m.candidates.first() else { continue };
        let entry = kb.entry(id);
        let surface = m.span.slice(text);
        if entry.kind == EntityKind::Place
            && entry.subkind.as_deref() == Some("city")
            && !surface.contains(' ')
            && !blocked(m.span)
            && names::business_context(text, m.span, w)
        {
            city_orgs.push(surface);
        }
    }
    for m in &kb_matches {
        let Some(&(entry_id, form)) = m.candidates.first() else { continue };
        // "shares of American, Delta and Southwest" after "American Airlines": a demonym used as
        // a noun is the short form of the company it begins.
        let surface = m.span.slice(text);
        if form == Form::Demonym && !blocked(m.span) {
            let rest = &text[m.span.end..];
            let noun = rest.starts_with([',', '.', ';', ')']) || rest.starts_with(" and ") || rest.starts_with(" or ");
            if noun
                && !surface.contains(' ')
                && let Some(ei) = org_for(&org_names, &[surface], w, 1)
                && let Some(sentence) = b.a.sentence_at(m.span.start)
            {
                b.mention(m.span, ei, MentionForm::Short, sentence);
            }
            continue;
        }
        // "US$1.05", "HK$30": a currency's prefix, not the place.
        if blocked(m.span) || text[m.span.end..].starts_with('$') {
            continue;
        }
        let Some(sentence) = b.a.sentence_at(m.span.start) else { continue };
        let entry = kb.entry(entry_id);
        // A one-word place or organization that is also the surname of someone this article
        // names is that person ("Ishikawa" after "Ishikawa Rina").
        if entry.kind != EntityKind::Person
            && !surface.contains(' ')
            && let Some(ei) = person_for(&person_names, &[surface], w, false)
        {
            b.mention(m.span, ei, MentionForm::Short, sentence);
            continue;
        }
        // A city's name that is an organization's here: the short form of a company the
        // article names ("Zurich" after "Zurich Insurance Group AG", unless "in Zurich"), or
        // a name in business context ("the insurer Zurich", "Zurich shares").
        if entry.kind == EntityKind::Place
            && entry.subkind.as_deref() == Some("city")
            && !surface.contains(' ')
            && !place_word_before(m.span)
        {
            if let Some(ei) = org_for(&org_names, &[surface], w, 1) {
                b.mention(m.span, ei, MentionForm::Short, sentence);
                continue;
            }
            if city_orgs.contains(&surface) {
                let ei = b.local(surface, EntityKind::Organization);
                b.mention(m.span, ei, MentionForm::Full, sentence);
                continue;
            }
        }
        let mention_form = match form {
            Form::Misspelling => MentionForm::Misspelling,
            Form::Name => MentionForm::Full,
            _ => classify_alias(surface, &entry.name, entry.kind),
        };
        let ei = b.kb_entity(EntityRef::Kb(entry_id), &entry.name, entry.kind);
        b.mention(m.span, ei, mention_form, sentence);
        if entry.kind == EntityKind::Person && mention_form == MentionForm::Full {
            let ws: Vec<&str> = surface.split(' ').collect();
            if ws.len() >= 2 && !person_names.candidates(&ws).any(|(e, n)| *e == ei && *n == ws) {
                person_names.push((ei, ws));
            }
        }
    }

    // 3. Parenthesised acronyms and other-script spellings, then every acronym.
    let mut acronyms: HashMap<&str, usize> = HashMap::default();
    for al in &det.aliases {
        let mut found = b.entity_at(al.target);
        // A one-word name typed by its context has no entity yet ("Broadcom (NASDAQ:AVGO)").
        if found.is_none()
            && let Some(c) = det.cands.iter().find(|c| c.span == al.target && !c.headline && !c.acronym)
            && let Some(kind) = c.kind
        {
            found = Some(b.local_mention(c.span, kind, c.sentence));
        }
        let Some(ei) = found else { continue };
        if al.acronym {
            acronyms.entry(al.span.slice(text)).or_insert(ei);
        } else if !b.taken(al.span) {
            b.mention(al.span, ei, MentionForm::Full, al.sentence);
        }
    }
    for c in det.cands.iter().filter(|c| c.acronym) {
        if b.taken(c.span) {
            continue;
        }
        let t = c.span.slice(text);
        if common.contains(&t) {
            continue;
        }
        if let Some(&ei) = acronyms.get(t) {
            b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
        } else if !w.non_entity_acronyms.contains(t) && !c.headline && !ctx.lexicon.currency_symbols.iter().any(|(s, _)| s == t) {
            let ei = b.local(t, EntityKind::Organization);
            b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
        }
    }

    // 4. Single words and headline names: link to a person or an organization's head word,
    // or stand alone when their context types them ("in Palu", "Mr Ruiz", "Xi and Putin").
    let heads = org_heads(&b, w);
    let place_heads = place_short_forms(&b, w);
    let mut typed: Vec<&Cand> = Vec::new();
    let mut deferred: Vec<&Cand> = Vec::new();
    for c in det.cands.iter().filter(|c| !c.acronym) {
        if b.taken(c.span) {
            continue;
        }
        let ws: Vec<&str> = c.words.iter().map(|s| s.slice(text)).collect();
        // A mixed-case acronym defined in parentheses ("BoZ").
        if let Some(&ei) = acronyms.get(c.span.slice(text)) {
            b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
            continue;
        }
        if let Some(ei) = person_for(&person_names, &ws, w, false) {
            let form = if person_names.candidates(&ws).any(|(e, n)| *e == ei && *n == ws) {
                MentionForm::Full
            } else {
                MentionForm::Short
            };
            b.mention(c.span, ei, form, c.sentence);
            continue;
        }
        if ws.len() == 1
            && let Some(ei) = heads.get(ws[0]).copied().or_else(|| org_for(&org_names, &ws, w, 1))
        {
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        if ws.len() == 1
            && c.kind.is_none_or(|k| k == EntityKind::Place)
            && let Some(&ei) = place_heads.get(ws[0])
        {
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        // A well-known person's bare surname the article never introduces ("Macron").
        if ws.len() == 1
            && c.kind.is_none_or(|k| k == EntityKind::Person)
            && let Some(id) = kb.person_by_surname(ws[0])
        {
            let entry = kb.entry(id);
            let ei = b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        if c.kind.is_some() && ws.len() == 1 && !c.headline {
            typed.push(c);
        } else {
            deferred.push(c);
        }
    }
    for c in typed {
        let Some(kind) = coordinated(&b, c.span).filter(|k| *k == EntityKind::Person).or(c.kind) else {
            continue;
        };
        let ei = b.local_mention(c.span, kind, c.sentence);
        if c.introduced
            && let Some(m) = b.a.mentions.last_mut()
            && m.entity == ei
            && m.span == c.span
        {
            m.form = MentionForm::Full;
        }
    }
    // Exact repeats of a name already found ("Poso" after "in Poso"; a headline's full name),
    // a first name nothing else explains, a word joined by "and" to a typed name.
    let mut surfaces: HashMap<&str, (usize, MentionForm)> = HashMap::default();
    for m in &b.a.mentions {
        surfaces.entry(m.span.slice(text)).or_insert((m.entity, m.form));
    }
    for c in deferred {
        if b.taken(c.span) {
            continue;
        }
        let ws: Vec<&str> = c.words.iter().map(|s| s.slice(text)).collect();
        if let Some(&(ei, form)) = surfaces.get(c.span.slice(text)) {
            b.mention(c.span, ei, form, c.sentence);
            continue;
        }
        if c.headline && ws.len() > 1 {
            // A Title Case line: each word on its own.
            for s in &c.words {
                if let Some(&(ei, form)) = surfaces.get(s.slice(text)) {
                    b.mention(*s, ei, form, c.sentence);
                } else if let Some(ei) = person_for(&person_names, &[s.slice(text)], w, false) {
                    b.mention(*s, ei, MentionForm::Short, c.sentence);
                }
            }
            continue;
        }
        if let Some(ei) = person_for(&person_names, &ws, w, true) {
            b.mention(c.span, ei, MentionForm::Short, c.sentence);
            continue;
        }
        // "Western" in "Tehran and Western capitals" is an adjective.
        let adjective = ["an", "ese", "ish", "ern"].iter().any(|s| ws[0].ends_with(s));
        if ws.len() == 1
            && !c.headline
            && let Some(kind) = coordinated(&b, c.span).filter(|k| *k == EntityKind::Person || !adjective)
        {
            let ei = b.local_mention(c.span, kind, c.sentence);
            surfaces.entry(ws[0]).or_insert((ei, b.a.mentions[b.a.mentions.len() - 1].form));
        }
    }

    b.a.mentions.sort_by_key(|m| m.span.start);
    finish(text, b.a, &all_heads);
}

struct Builder<'t, 'a> {
    text: &'t str,
    a: &'a mut Analysis,
    by_ref: HashMap<EntityRef, usize>,
    /// Spans of the mentions so far, for overlap tests in logarithmic time.
    taken: SpanSet,
    /// Mention index by start and by end offset (for "X and Y").
    by_start: HashMap<usize, usize>,
    by_end: HashMap<usize, usize>,
    /// Local entities by the name they were made from: a repeated name skips its slug.
    local_names: HashMap<&'t str, usize>,
}

/// A set of spans answering "does anything overlap this span?" without a linear scan.
/// (A start-sorted vector: an article's few hundred spans insert faster than into a B-tree.)
#[derive(Default)]
struct SpanSet {
    /// (start, furthest end) per start, sorted by start.
    by_start: Vec<(usize, usize)>,
    longest: usize,
}

impl SpanSet {
    fn insert(&mut self, s: Span) {
        match self.by_start.binary_search_by_key(&s.start, |&(start, _)| start) {
            Ok(i) => self.by_start[i].1 = self.by_start[i].1.max(s.end),
            Err(i) => self.by_start.insert(i, (s.start, s.end)),
        }
        self.longest = self.longest.max(s.len());
    }

    fn overlaps(&self, s: Span) -> bool {
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

impl<'t> Builder<'t, '_> {
    fn kb_entity(&mut self, key: EntityRef, name: &str, kind: EntityKind) -> usize {
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

    fn local(&mut self, name: &'t str, kind: EntityKind) -> usize {
        if let Some(&ei) = self.local_names.get(name) {
            return ei;
        }
        let ei = self.kb_entity(EntityRef::Local(slug(name)), name, kind);
        self.local_names.insert(name, ei);
        ei
    }

    /// A one-word name typed by its context: a person's is a short form, a place's full.
    fn local_mention(&mut self, span: Span, kind: EntityKind, sentence: usize) -> usize {
        let form = if kind == EntityKind::Person {
            MentionForm::Short
        } else {
            MentionForm::Full
        };
        let ei = self.local(span.slice(self.text), kind);
        self.mention(span, ei, form, sentence);
        ei
    }

    fn mention(&mut self, span: Span, entity: usize, form: MentionForm, sentence: usize) {
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

    fn taken(&self, span: Span) -> bool {
        self.taken.overlaps(span)
    }

    /// The entity of the mention that ends where `target` ends (or overlaps it).
    fn entity_at(&self, target: Span) -> Option<usize> {
        let ms = &self.a.mentions;
        ms.iter()
            .find(|m| m.span.end == target.end && target.covers(m.span))
            .or_else(|| ms.iter().find(|m| m.span.overlaps(target)))
            .map(|m| m.entity)
            .filter(|_| !self.text.is_empty())
    }
}

/// The organizations the article names in full (entity index and words, in the order found),
/// indexed by first word: a short form is compared only with the names it can begin.
#[derive(Default)]
struct OrgNames<'t> {
    names: Vec<(usize, Vec<&'t str>)>,
    by_first: HashMap<&'t str, Vec<usize>>,
}

impl<'t> OrgNames<'t> {
    fn push(&mut self, ei: usize, words: Vec<&'t str>) {
        if let Some(&first) = words.first() {
            self.by_first.entry(first).or_default().push(self.names.len());
        }
        self.names.push((ei, words));
    }
}

/// The one organization whose name is `short` followed only by company words or a legal
/// suffix ("Delta Crest" → "Delta Crest Energy"); `min` words at least.
fn org_for(orgs: &OrgNames<'_>, short: &[&str], w: &words::NameWords, min: usize) -> Option<usize> {
    if short.len() < min {
        return None;
    }
    fn trim(s: &str) -> &str {
        s.trim_end_matches('.')
    }
    let list = orgs.by_first.get(short.first()?)?;
    let mut found = list.iter().map(|&k| &orgs.names[k]).filter(|(_, full)| {
        full.len() > short.len()
            && full[..short.len()] == *short
            && (full[short.len()..]
                .iter()
                .all(|x| w.org_cues.contains(trim(x)) || w.media_cues.contains(trim(x)))
                // A dotted suffix's letters: "S.A." → "SA".
                || w.org_cues.contains(&full[short.len()..].iter().map(|x| trim(x)).collect::<String>()))
    });
    let first = found.next()?.0;
    // The same organization may be written in full more than once.
    found.all(|(ei, _)| *ei == first).then_some(first)
}

/// The kind of the name joined to `span` by "and" or "or" ("Xi and Putin",
/// "Tentena and Pendolo").
fn coordinated(b: &Builder<'_, '_>, span: Span) -> Option<EntityKind> {
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

/// The one person whose name `short` is part of; none when two share it. `loose` accepts a
/// first name too.
/// The people the article names in full (entity index and words, in the order found), with an
/// index from each word, and each word without its lowercase prefix ("Burhan" of "al-Burhan"),
/// ASCII-lowercased, to the names holding it: a short form is compared only with the names
/// that share its first word, not with every person of a long article.
#[derive(Default)]
struct PersonNames<'t> {
    names: Vec<(usize, Vec<&'t str>)>,
    by_word: HashMap<String, Vec<usize>>,
}

impl<'t> PersonNames<'t> {
    fn push(&mut self, name: (usize, Vec<&'t str>)) {
        let at = self.names.len();
        for w in &name.1 {
            for key in [w.to_ascii_lowercase(), coref::without_prefix(w).to_ascii_lowercase()] {
                let list = self.by_word.entry(key).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
            }
        }
        self.names.push(name);
    }

    /// The names that may match `short` under [`coref::same_word`] on its first word, in the
    /// order they were found. (`same_word(a, b)` needs `a` and `b`, or one of them without its
    /// prefix, to be equal ignoring ASCII case.)
    fn candidates<'s>(&'s self, short: &[&str]) -> impl Iterator<Item = &'s (usize, Vec<&'t str>)> + 's {
        let lookup = |w: &str| -> &'s [usize] {
            let found = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                // On the stack when it fits (the common case): no allocation per question.
                let mut buf = [0u8; 32];
                match crate::text::ascii_lowercase_in(w, &mut buf) {
                    Some(l) => self.by_word.get(l),
                    None => self.by_word.get(&w.to_ascii_lowercase()),
                }
            } else {
                self.by_word.get(w)
            };
            found.map_or(&[], Vec::as_slice)
        };
        let (whole, bare) = match short.first() {
            Some(first) => {
                let bare = coref::without_prefix(first);
                (lookup(first), if bare.len() == first.len() { &[][..] } else { lookup(bare) })
            }
            None => (&[][..], &[][..]),
        };
        // Both lists ascend: merge them, once each.
        let (mut i, mut j) = (0, 0);
        std::iter::from_fn(move || {
            let next = match (whole.get(i), bare.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (None, None) => return None,
            };
            Some(&self.names[next])
        })
    }
}

fn person_for(persons: &PersonNames<'_>, short: &[&str], w: &words::NameWords, loose: bool) -> Option<usize> {
    let particle = |s: &str| w.particles.contains(s);
    let mut found: Option<usize> = None;
    for (ei, full) in persons.candidates(short) {
        let part = if loose {
            coref::loose_short_form_of(short, full, &particle)
        } else {
            coref::short_form_of(short, full, &particle)
        };
        if part || coref::same_words(full, short, &particle) {
            match found {
                Some(f) if f != *ei => return None,
                _ => found = Some(*ei),
            }
        }
    }
    found
}

/// The head word of each organization named in full ("Commission" for "European
/// Commission"), when only one organization has it.
fn org_heads(b: &Builder<'_, '_>, w: &words::NameWords) -> HashMap<String, usize> {
    let mut heads: HashMap<String, Option<usize>> = HashMap::default();
    let mut add = |word: &str, ei: usize| {
        if w.org_cues.contains(word) {
            let e = heads.entry(word.to_string()).or_insert(Some(ei));
            if *e != Some(ei) {
                *e = None;
            }
        }
    };
    for (ei, e) in b.a.entities.iter().enumerate() {
        if e.kind != EntityKind::Organization {
            continue;
        }
        if let Some(head) = head_word(&e.name) {
            add(head, ei);
        }
    }
    for m in &b.a.mentions {
        let e = &b.a.entities[m.entity];
        let s = m.span.slice(b.text);
        if e.kind == EntityKind::Organization
            && let Some(head) = head_word(s)
        {
            add(head, m.entity);
        }
    }
    heads.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// The short forms of the article's administrative places: "Gaines" for "Gaines County", when
/// no other place of the article shares the word.
fn place_short_forms<'t>(b: &Builder<'t, '_>, w: &words::NameWords) -> HashMap<&'t str, usize> {
    let mut short: HashMap<&'t str, Option<usize>> = HashMap::default();
    for m in &b.a.mentions {
        if b.a.entities[m.entity].kind != EntityKind::Place {
            continue;
        }
        let s = m.span.slice(b.text);
        if let Some((first, head)) = s.split_once(' ')
            && !first.contains(' ')
            && !head.contains(' ')
            && w.place_short_heads.contains(head)
        {
            let e = short.entry(first).or_insert(Some(m.entity));
            if *e != Some(m.entity) {
                *e = None;
            }
        }
    }
    short.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// An organization name's head word: before "of" ("Council of the EU"), else the last.
fn head_word(name: &str) -> Option<&str> {
    if !name.contains(' ') {
        return None;
    }
    // A byte search for the first " of ": cheaper than a substring searcher on short names.
    match name.as_bytes().windows(4).position(|w| w == b" of ") {
        Some(i) => name[..i].split_whitespace().last(),
        None => name.split_whitespace().last(),
    }
}

/// The article's dateline and every other paragraph that opens like one: a place in capitals
/// with a news agency or a country before a dash ("LAGOS (AP) —" opening a later section or
/// a live blog's entry). Spans of the whole head, up to the dash.
///
/// Second, the heads written with a colon ("AHMEDABAD: A plane …"), whose place counts only
/// when the knowledge base knows it: "UPDATE:" opens a line just as well.
fn dateline_heads(text: &str, a: &Analysis, w: &words::NameWords) -> (Vec<Span>, Vec<Span>) {
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
fn dateline_place(text: &str, head: Span, kb: &[Span]) -> Option<(Span, String)> {
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
fn dateline_matches(text: &str, ctx: &Context, heads: &[Span], w: &words::NameWords) -> Vec<KbMatch> {
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

/// Fills each entity's mention list and intro (the first full mention), drops entities left
/// without mentions, and names each local entity by its longest full spelling.
fn finish(text: &str, a: &mut Analysis, datelines: &[Span]) {
    // Entities may have lost all their mentions to longer names: renumber the rest.
    let mut used = vec![false; a.entities.len()];
    for m in &a.mentions {
        used[m.entity] = true;
    }
    let mut remap = vec![usize::MAX; a.entities.len()];
    let mut kept = Vec::with_capacity(a.entities.len());
    for (i, e) in std::mem::take(&mut a.entities).into_iter().enumerate() {
        if used[i] {
            remap[i] = kept.len();
            kept.push(e);
        }
    }
    a.entities = kept;
    for m in &mut a.mentions {
        m.entity = remap[m.entity];
    }
    for e in &mut a.entities {
        e.mentions.clear();
    }
    for (i, m) in a.mentions.iter().enumerate() {
        a.entities[m.entity].mentions.push(i);
    }
    // The intro is the first mention of the fullest spelling ("UN Security Council" over an
    // earlier "Security Council"; "Bank of Mexico" over "Banxico").
    for e in &mut a.entities {
        // The dateline's spelling is the one the article introduces ("CAIRO"); its agency's
        // abbreviation ("(AP)") is not the agency's introduction.
        if let Some(i) = e
            .mentions
            .iter()
            .copied()
            .find(|&i| e.kind == EntityKind::Place && datelines.iter().any(|d| d.covers(a.mentions[i].span)))
        {
            e.intro = Some(i);
            continue;
        }
        let full = |i: &&usize| matches!(a.mentions[**i].form, MentionForm::Full | MentionForm::Misspelling);
        let words = |i: usize| a.mentions[i].span.slice(text).split_whitespace().count();
        let kb = matches!(e.reference, EntityRef::Kb(_));
        let canonical = e
            .mentions
            .iter()
            .find(|&&i| kb && a.mentions[i].span.slice(text).eq_ignore_ascii_case(&e.name))
            .copied();
        let most = e.mentions.iter().filter(full).map(|&i| words(i)).max();
        e.intro = canonical.or_else(|| e.mentions.iter().filter(full).find(|&&i| Some(words(i)) == most).copied());
        // A knowledge-base entity the article only names in short ("Macron"): its first mention.
        if e.intro.is_none() && kb {
            e.intro = e.mentions.first().copied();
        }
    }
}

#[cfg(test)]
mod tests;
