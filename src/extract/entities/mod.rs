//! Entity mentions and their coreference within one article.
//!
//! Two sources of names: the knowledge base's spellings (one automaton pass, plus the
//! dateline's capitalised place) and [`names`], which finds names the knowledge base does not
//! know by titles, honorifics, cue words and context. Local names become entities of their
//! own; short forms (surnames, family names, acronyms defined in parentheses, the head of an
//! organization's name) link to the entity they stand for ([`coref`], [`known`]); the intro is
//! the first full mention.

mod acronyms;
mod builder;
mod coref;
mod datelines;
mod known;
mod names;
pub mod variants;
pub(super) mod words;

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use super::{Analysis, Context, EntityRef, MentionForm};
use crate::kb::{EntityKind, Form, KbMatch, KnowledgeBase};
use crate::text::Span;

use builder::{Builder, SpanSet, coordinated};
use known::{OrgNames, PersonNames, org_for, org_heads, person_for, place_short_forms};
use names::{Cand, Detected, Scan};
use words::NameWords;

/// The article's entities and their mentions, linked from the surest names to the least sure.
pub(super) fn extract(text: &str, ctx: &Context, a: &mut Analysis) {
    let kb = &*ctx.kb;
    let w = &ctx.lexicon.names;
    let mut kb_matches = kb.matcher().find(text);
    let (heads, colon_heads) = datelines::dateline_heads(text, a, w);
    let all_heads: Vec<Span> = heads.iter().chain(&colon_heads).copied().collect();
    let dateline_places = datelines::dateline_matches(text, ctx, &all_heads, w);
    let mut skip: Vec<Span> = dateline_places.iter().map(|m| m.span).collect();
    let dateline_set: SpanSet = skip.iter().copied().collect();
    kb_matches.retain(|m| !dateline_set.overlaps(m.span));
    kb_matches.extend(dateline_places);
    kb_matches.sort_by_key(|m| m.span.start);
    let kb_spans: Vec<Span> = kb_matches.iter().map(|m| m.span).collect();

    // A dateline's place the knowledge base does not know ("POSO, Indonesia —").
    let dateline_local: Vec<(Span, String)> = heads
        .iter()
        .filter_map(|h| datelines::dateline_place(text, *h, &kb_spans))
        .collect();
    skip.extend(dateline_local.iter().map(|(s, _)| *s));
    // Every token and name asks whether it is in a skipped span: a long file has thousands.
    let skip: SpanSet = skip.into_iter().collect();
    let kb_spelling = |s: &str| kb.matcher().find(s).iter().any(|m| m.span.start == 0 && m.span.end == s.len());
    // A place's name or alias, not its demonym ("Texas", not "African").
    let kb_place_name = |s: &str| {
        kb.matcher().find(s).iter().any(|m| {
            m.span.start == 0
                && m.span.end == s.len()
                && m.candidates
                    .first()
                    .is_some_and(|&(id, form)| form != Form::Demonym && kb.entry(id).kind == EntityKind::Place)
        })
    };
    let sentences: Vec<(Span, bool)> = (0..a.sentences.len()).map(|i| (a.sentences[i].span, a.is_headline(i))).collect();
    let scan = Scan {
        text,
        w,
        kb: &kb_spans,
        skip: &skip,
        kb_spelling: &kb_spelling,
        kb_place_name: &kb_place_name,
        bulk_place: &|s: &str| !kb.place(s).is_empty(),
    };
    let mut det = names::detect(&scan, &sentences);
    trim_bylines(text, kb, &kb_matches, &mut det);
    let kb_spans = add_bulk_places(text, kb, &mut kb_matches, kb_spans, &skip, &det);

    let capacity = kb_matches.len() + det.cands.len();
    let mut link = Linker {
        text,
        kb,
        w,
        b: Builder::new(text, a, capacity),
        org_names: OrgNames::default(),
        person_names: PersonNames::default(),
        // Acronyms the article defines as short for a common noun phrase ("(GWP)").
        common: det.common_acronyms.iter().map(|s| s.slice(text)).collect(),
        legal_names: Vec::new(),
    };
    link.dateline_places(&dateline_local);
    let claimed = link.full_names(&det, &kb_matches, &kb_spans);
    link.kb_matches(&det, &kb_matches, &claimed);
    let acronyms = link.acronyms(&det, ctx);
    link.short_names(&det, &acronyms);

    link.b.a.mentions.sort_by_key(|m| m.span.start);
    link.legal_names_introduce();
    finish(text, link.b.a, &all_heads);
}

/// A byline's outlet after the writer's name ("By Molly Smith Bloomberg"): the name ends
/// where an organization of the knowledge base ends the line's run of capitalised words.
fn trim_bylines(text: &str, kb: &KnowledgeBase, kb_matches: &[KbMatch], det: &mut Detected) {
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
}

/// Adds the bulk places to the knowledge-base matches, and returns the matches' spans. They
/// are searched only for the names the finder proposes with no type, or as places, whole and
/// outside any knowledge-base spelling ("Tacloban", "Ormoc").
fn add_bulk_places(
    text: &str,
    kb: &KnowledgeBase,
    kb_matches: &mut Vec<KbMatch>,
    kb_spans: Vec<Span>,
    skip: &SpanSet,
    det: &Detected,
) -> Vec<Span> {
    let named: Vec<crate::kb::EntryId> = kb_matches.iter().flat_map(|m| m.candidates.first().map(|c| c.0)).collect();
    // A name of two words or more may hold a shorter known name ("Davao del Sur" around the
    // city "Davao"): the longer place of the bulk table wins.
    // `kb_spans` is start-sorted: only spans starting at most the longest one's length before a
    // name can reach into it (a long file has thousands of matches and of names).
    let longest = kb_spans.iter().map(|s| s.len()).max().unwrap_or(0);
    let outside_kb = |c: &Cand| {
        let first = kb_spans.partition_point(|s| s.start < c.span.start.saturating_sub(longest));
        kb_spans[first..]
            .iter()
            .take_while(|s| s.start < c.span.end)
            .filter(|s| s.overlaps(c.span))
            .all(|s| c.words.len() >= 2 && c.span.covers(*s) && *s != c.span)
    };
    let bulk: Vec<KbMatch> = det
        .cands
        .iter()
        .filter(|c| !c.acronym && matches!(c.kind, None | Some(EntityKind::Place)))
        .filter(|c| outside_kb(c) && !skip.overlaps(c.span))
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
    if bulk.is_empty() {
        return kb_spans;
    }
    kb_matches.retain(|m| !bulk.iter().any(|b| b.span.covers(m.span) && b.span != m.span));
    kb_matches.extend(bulk);
    kb_matches.sort_by_key(|m| m.span.start);
    kb_matches.dedup_by_key(|m| m.span);
    kb_matches.iter().map(|m| m.span).collect()
}

/// Links the names found to entities, in passes from the surest to the least sure.
struct Linker<'t, 'a> {
    text: &'t str,
    kb: &'t KnowledgeBase,
    w: &'t NameWords,
    b: Builder<'t, 'a>,
    /// The organizations and people named in full so far, which shorter names link to.
    org_names: OrgNames<'t>,
    person_names: PersonNames<'t>,
    /// Acronyms the article defines as short for a common noun phrase ("(GWP)").
    common: Vec<&'t str>,
    /// Known companies' names with their legal suffix ("Samsung Electronics Co."), by entity.
    legal_names: Vec<(usize, Span)>,
}

impl<'t> Linker<'t, '_> {
    fn words(&self, c: &Cand) -> Vec<&'t str> {
        let text = self.text;
        c.words.iter().map(|s| s.slice(text)).collect()
    }

    /// The local dateline places, or towns of the bulk places ("TACLOBAN, Philippines —").
    fn dateline_places(&mut self, dateline_local: &'t [(Span, String)]) {
        let (text, kb) = (self.text, self.kb);
        for (span, name) in dateline_local {
            let Some(sentence) = self.b.a.sentence_at(span.start) else {
                continue;
            };
            // A town of the bulk places, of the dateline's country when it names one.
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
                    let ei = self.b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
                    // Later bare uses of the name are this town, as a local dateline place's are.
                    self.b.local_names.insert(name, ei);
                    ei
                }
                None => self.b.local(name, EntityKind::Place),
            };
            self.b.mention(*span, ei, MentionForm::Full, sentence);
        }
    }

    /// Names of two words or more found by their cue words and context (outside headlines)
    /// claim their span; returns those spans. Organizations and places first, then people, the
    /// longest names first: a shorter one is the short form of a longer one seen.
    fn full_names(&mut self, det: &'t Detected, kb_matches: &[KbMatch], kb_spans: &[Span]) -> Vec<Span> {
        let text = self.text;
        let mut claimed: Vec<Span> = Vec::new();
        let mut persons: Vec<&Cand> = Vec::new();
        let mut others: Vec<(&Cand, EntityKind)> = Vec::new();
        for c in &det.cands {
            if c.headline || c.acronym || c.words.len() < 2 {
                continue;
            }
            let Some(kind) = c.kind else { continue };
            // Also a name ending in one ("Life BOP" after "business operating profit (BOP)").
            if self.common.contains(&c.span.slice(text)) || c.words.last().is_some_and(|l| self.common.contains(&l.slice(text))) {
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
        // A headline that repeats one of these names whole ("… in Texas Hill Country" above
        // "the Texas Hill Country"): the name claims its span there too, before a shorter
        // knowledge-base match inside it ("Texas") can; the repeat links to it later.
        let body: HashSet<&str> = claimed.iter().map(|s| s.slice(text)).collect();
        let repeated: Vec<Span> = det
            .cands
            .iter()
            .filter(|c| c.headline && c.words.len() >= 2 && body.contains(c.span.slice(text)))
            .map(|c| c.span)
            .collect();
        claimed.extend(repeated);
        self.organizations_and_places(others, kb_matches);
        self.people(persons);
        claimed
    }

    /// Organizations and places, the longest names first: a shorter one that leaves off only
    /// company words or a legal suffix is the same organization ("Delta Crest" for "Delta
    /// Crest Energy", "Okonkwo Holdings" for "Okonkwo Holdings Ltd").
    fn organizations_and_places(&mut self, mut others: Vec<(&Cand, EntityKind)>, kb_matches: &[KbMatch]) {
        let (text, kb, w) = (self.text, self.kb, self.w);
        others.sort_by_key(|(c, _)| (std::cmp::Reverse(c.words.len()), c.span.start));
        // The knowledge base's organizations the article names in full: a shorter local name is
        // their short form ("Taiwan Semiconductor" after "Taiwan Semiconductor Manufacturing Co.").
        for m in kb_matches {
            let Some(&(id, form)) = m.candidates.first() else { continue };
            let entry = kb.entry(id);
            let surface = m.span.slice(text);
            if entry.kind == EntityKind::Organization && matches!(form, Form::Name | Form::Alias) && surface.contains(' ') {
                let ei = self.b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
                self.org_names.push(ei, surface.split(' ').collect());
            }
        }
        // Local places named so far, for the short forms of administrative units.
        let mut places: Vec<(&str, usize)> = Vec::new();
        for (c, kind) in others {
            let ws = self.words(c);
            if let Some(ei) = org_for(&self.org_names, &ws, w, 2) {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            // "NVIDIA Corporation", "Samsung Electronics Co.": a known company's name with a
            // legal suffix or company word after it is that company.
            if kind == EntityKind::Organization
                && let Some((id, entry)) = self.kb_company_before_suffix(&ws)
            {
                let ei = self.b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
                self.b.mention(c.span, ei, MentionForm::Full, c.sentence);
                self.legal_names.push((ei, c.span));
                continue;
            }
            let name = c.span.slice(text).trim_end_matches('.');
            // "St. Elizabeth" after "St. Elizabeth Parish": an administrative unit's name
            // without its head word is its short form.
            let unit = places.iter().find(|(full, _)| {
                full.strip_prefix(name)
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|head| w.place_short_heads.contains(head))
            });
            if kind == EntityKind::Place
                && let Some(&(_, ei)) = unit
            {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            let ei = self.b.local(name, kind);
            self.b.mention(c.span, ei, MentionForm::Full, c.sentence);
            if kind == EntityKind::Organization {
                self.org_names.push(ei, ws);
            } else if kind == EntityKind::Place {
                places.push((name, ei));
            }
        }
    }

    /// A company's name with its legal suffix introduces it: a shorter spelling of it, before
    /// or after ("Samsung Electronics" in the headline, "Samsung Electronics Co." in the body),
    /// is its short form.
    fn legal_names_introduce(&mut self) {
        let text = self.text;
        for &(ei, legal) in &self.legal_names {
            let full = legal.slice(text).to_lowercase();
            for m in self.b.a.mentions.iter_mut() {
                if m.entity == ei && m.span != legal && m.form == MentionForm::Full && full.starts_with(&m.span.slice(text).to_lowercase())
                {
                    m.form = MentionForm::Short;
                }
            }
        }
    }

    /// The knowledge-base organization named by `ws` without its last company words and legal
    /// suffixes ("Corporation", "Co."), when at least one is left off.
    fn kb_company_before_suffix(&self, ws: &[&str]) -> Option<(crate::kb::EntryId, &'t crate::kb::Entry)> {
        let (kb, w) = (self.kb, self.w);
        let mut n = ws.len();
        while n > 1 && {
            let last = ws[n - 1].trim_end_matches('.');
            w.legal_suffixes.contains(last) || w.org_cues.contains(last)
        } {
            n -= 1;
        }
        if n == ws.len() {
            return None;
        }
        let name = ws[..n].join(" ");
        kb.matcher()
            .find(&name)
            .iter()
            .filter(|m| m.span.start == 0 && m.span.end == name.len())
            .find_map(|m| m.candidates.first().map(|&(id, _)| id))
            .map(|id| (id, kb.entry(id)))
            .filter(|(_, e)| e.kind == EntityKind::Organization)
    }

    /// People, the longest names first; a part of one already seen is its short form.
    fn people(&mut self, mut persons: Vec<&Cand>) {
        let (text, w) = (self.text, self.w);
        persons.sort_by_key(|c| (std::cmp::Reverse(c.words.len()), c.span.start));
        for c in persons {
            let ws = self.words(c);
            // A name typed a person for want of evidence that is an organization's short form.
            if let Some(ei) = org_for(&self.org_names, &ws, w, 2) {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            if let Some((ei, _)) = self.person_names.candidates(&ws).find(|(_, full)| *full == ws) {
                self.b.mention(c.span, *ei, MentionForm::Full, c.sentence);
                continue;
            }
            let owners: Vec<usize> = self
                .person_names
                .candidates(&ws)
                .filter(|(_, full)| coref::short_form_of(&ws, full, w))
                .map(|(ei, _)| *ei)
                .collect();
            if owners.len() == 1 {
                self.b.mention(c.span, owners[0], MentionForm::Short, c.sentence);
                continue;
            }
            let ei = self.b.local(c.span.slice(text), EntityKind::Person);
            self.b.mention(c.span, ei, MentionForm::Full, c.sentence);
            self.person_names.push((ei, ws));
        }
    }

    /// Knowledge-base matches not claimed by a longer local name (nor blocked: inside an
    /// event's name, a title).
    fn kb_matches(&mut self, det: &Detected, kb_matches: &[KbMatch], claimed: &[Span]) {
        let (text, kb, w) = (self.text, self.kb, self.w);
        let mut no_kb = SpanSet::default();
        for s in det.blocked.iter().chain(claimed) {
            no_kb.insert(*s);
        }
        let blocked = |span: Span| no_kb.overlaps(span);
        // Cities' names that the article uses for an organization somewhere ("the insurer Zurich"):
        // every mention of them that no place word governs is that organization.
        let mut city_orgs: Vec<&str> = Vec::new();
        for m in kb_matches {
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
        for m in kb_matches {
            let Some(&(entry_id, form)) = m.candidates.first() else { continue };
            // "shares of American, Delta and Southwest" after "American Airlines": a demonym used as
            // a noun is the short form of the company it begins.
            let surface = m.span.slice(text);
            if form == Form::Demonym && !blocked(m.span) {
                let rest = &text[m.span.end..];
                let noun = rest.starts_with([',', '.', ';', ')']) || rest.starts_with(" and ") || rest.starts_with(" or ");
                if noun
                    && !surface.contains(' ')
                    && let Some(ei) = org_for(&self.org_names, &[surface], w, 1)
                    && let Some(sentence) = self.b.a.sentence_at(m.span.start)
                {
                    self.b.mention(m.span, ei, MentionForm::Short, sentence);
                }
                continue;
            }
            // "US$1.05", "HK$30": a currency's prefix, not the place.
            if blocked(m.span) || text[m.span.end..].starts_with('$') {
                continue;
            }
            let Some(sentence) = self.b.a.sentence_at(m.span.start) else {
                continue;
            };
            if !self.kb_match_as_local(m, entry_id, sentence, &city_orgs) {
                self.kb_mention(m, entry_id, form, sentence);
            }
        }
    }

    /// A knowledge-base place or organization that is a name of this article's instead:
    /// whether it was linked so.
    fn kb_match_as_local(&mut self, m: &KbMatch, entry_id: crate::kb::EntryId, sentence: usize, city_orgs: &[&str]) -> bool {
        let (text, kb, w) = (self.text, self.kb, self.w);
        let entry = kb.entry(entry_id);
        let surface = m.span.slice(text);
        // A one-word place or organization that is also the surname of someone this article
        // names is that person ("Ishikawa" after "Ishikawa Rina").
        if entry.kind != EntityKind::Person
            && !surface.contains(' ')
            && let Some(ei) = person_for(&self.person_names, &[surface], w, false)
        {
            self.b.mention(m.span, ei, MentionForm::Short, sentence);
            return true;
        }
        // A city's name that is an organization's here: the short form of a company the
        // article names ("Zurich" after "Zurich Insurance Group AG", unless "in Zurich"), or
        // a name in business context ("the insurer Zurich", "Zurich shares").
        let place_word_before = || {
            text[..m.span.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|p| w.place_prepositions.contains(p))
        };
        if entry.kind == EntityKind::Place && entry.subkind.as_deref() == Some("city") && !surface.contains(' ') && !place_word_before() {
            if let Some(ei) = org_for(&self.org_names, &[surface], w, 1) {
                self.b.mention(m.span, ei, MentionForm::Short, sentence);
                return true;
            }
            if city_orgs.contains(&surface) {
                let ei = self.b.local(surface, EntityKind::Organization);
                self.b.mention(m.span, ei, MentionForm::Full, sentence);
                return true;
            }
        }
        false
    }

    /// A mention of the knowledge-base entry; a person's full name is one that short forms
    /// link to.
    fn kb_mention(&mut self, m: &KbMatch, entry_id: crate::kb::EntryId, form: Form, sentence: usize) {
        let entry = self.kb.entry(entry_id);
        let surface = m.span.slice(self.text);
        let mention_form = match form {
            Form::Misspelling => MentionForm::Misspelling,
            Form::Name => MentionForm::Full,
            _ => classify_alias(surface, &entry.name, entry.kind),
        };
        let ei = self.b.kb_entity(EntityRef::Kb(entry_id), &entry.name, entry.kind);
        self.b.mention(m.span, ei, mention_form, sentence);
        if entry.kind == EntityKind::Person && mention_form == MentionForm::Full {
            let ws: Vec<&str> = surface.split(' ').collect();
            if ws.len() >= 2 && !self.person_names.candidates(&ws).any(|(e, n)| *e == ei && *n == ws) {
                self.person_names.push((ei, ws));
            }
        }
    }

    /// Single words and headline names: link to a person or an organization's head word, or
    /// stand alone when their context types them ("in Palu", "Mr Ruiz", "Xi and Putin").
    fn short_names(&mut self, det: &'t Detected, acronyms: &HashMap<&str, usize>) {
        let (text, kb, w) = (self.text, self.kb, self.w);
        let heads = org_heads(&self.b, w);
        let place_heads = place_short_forms(&self.b, w);
        let mut typed: Vec<&Cand> = Vec::new();
        let mut deferred: Vec<&Cand> = Vec::new();
        for c in det.cands.iter().filter(|c| !c.acronym) {
            if self.b.taken(c.span) {
                continue;
            }
            let ws = self.words(c);
            // A mixed-case acronym defined in parentheses ("BoZ").
            if let Some(&ei) = acronyms.get(c.span.slice(text)) {
                self.b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
                continue;
            }
            if let Some(ei) = person_for(&self.person_names, &ws, w, false) {
                let form = if self
                    .person_names
                    .candidates(&ws)
                    .any(|(e, n)| *e == ei && coref::same_spelling(n, &ws))
                {
                    MentionForm::Full
                } else {
                    MentionForm::Short
                };
                self.b.mention(c.span, ei, form, c.sentence);
                continue;
            }
            if ws.len() == 1
                && let Some(ei) = heads.get(ws[0]).copied().or_else(|| org_for(&self.org_names, &ws, w, 1))
            {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            if ws.len() == 1
                && c.kind.is_none_or(|k| k == EntityKind::Place)
                && let Some(&ei) = place_heads.get(ws[0])
            {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            // A well-known person's bare surname the article never introduces ("Macron").
            if ws.len() == 1
                && c.kind.is_none_or(|k| k == EntityKind::Person)
                && let Some(id) = kb.person_by_surname(ws[0])
            {
                let entry = kb.entry(id);
                let ei = self.b.kb_entity(EntityRef::Kb(id), &entry.name, entry.kind);
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            if c.kind.is_some() && ws.len() == 1 && !c.headline {
                typed.push(c);
            } else {
                deferred.push(c);
            }
        }
        self.typed_words(typed);
        self.repeats(deferred);
    }

    /// One-word names their context types ("in Palu"); joined by "and" to a person, a person.
    fn typed_words(&mut self, typed: Vec<&Cand>) {
        for c in typed {
            let Some(kind) = coordinated(&self.b, c.span).filter(|k| *k == EntityKind::Person).or(c.kind) else {
                continue;
            };
            let ei = self.b.local_mention(c.span, kind, c.sentence);
            if c.introduced
                && let Some(m) = self.b.a.mentions.last_mut()
                && m.entity == ei
                && m.span == c.span
            {
                m.form = MentionForm::Full;
            }
        }
    }

    /// Exact repeats of a name already found ("Poso" after "in Poso"; a headline's full name),
    /// a first name nothing else explains, a word joined by "and" to a typed name.
    fn repeats(&mut self, deferred: Vec<&Cand>) {
        let (text, w) = (self.text, self.w);
        // Keyed with straight apostrophes: "O'Leary" in a headline repeats "O’Leary".
        let mut surfaces: HashMap<Cow<'t, str>, (usize, MentionForm)> = HashMap::default();
        for m in &self.b.a.mentions {
            surfaces.entry(straight(m.span.slice(text))).or_insert((m.entity, m.form));
        }
        for c in deferred {
            if self.b.taken(c.span) {
                continue;
            }
            let ws = self.words(c);
            if let Some(&(ei, form)) = surfaces.get(&straight(c.span.slice(text))) {
                self.b.mention(c.span, ei, form, c.sentence);
                continue;
            }
            if c.headline && ws.len() > 1 {
                // A Title Case line: each word on its own.
                for s in &c.words {
                    if let Some(&(ei, form)) = surfaces.get(&straight(s.slice(text))) {
                        self.b.mention(*s, ei, form, c.sentence);
                    } else if let Some(ei) = person_for(&self.person_names, &[s.slice(text)], w, false) {
                        self.b.mention(*s, ei, MentionForm::Short, c.sentence);
                    }
                }
                continue;
            }
            if let Some(ei) = person_for(&self.person_names, &ws, w, true) {
                self.b.mention(c.span, ei, MentionForm::Short, c.sentence);
                continue;
            }
            // "Western" in "Tehran and Western capitals" is an adjective.
            let adjective = ["an", "ese", "ish", "ern"].iter().any(|s| ws[0].ends_with(s));
            if ws.len() == 1
                && !c.headline
                && let Some(kind) = coordinated(&self.b, c.span).filter(|k| *k == EntityKind::Person || !adjective)
            {
                let ei = self.b.local_mention(c.span, kind, c.sentence);
                surfaces
                    .entry(straight(ws[0]))
                    .or_insert((ei, self.b.a.mentions[self.b.a.mentions.len() - 1].form));
            }
        }
    }
}

/// `s` with straight apostrophes for curly ones: the same name in another typography.
fn straight(s: &str) -> Cow<'_, str> {
    if s.contains('’') {
        Cow::Owned(s.replace('’', "'"))
    } else {
        Cow::Borrowed(s)
    }
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
            .filter(full)
            .find(|&&i| kb && a.mentions[i].span.slice(text).eq_ignore_ascii_case(&e.name))
            .copied();
        // A knowledge-base name that is an acronym ("TSMC") does not introduce the entity where
        // a fuller spelling came first ("Taiwan Semiconductor Manufacturing Co.").
        let acronym_name = e.name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        let canonical = canonical.map(|i| {
            let fuller_before = e.mentions.iter().filter(full).find(|&&j| j < i && words(j) > words(i));
            match fuller_before {
                Some(&j) if acronym_name => j,
                _ => i,
            }
        });
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
