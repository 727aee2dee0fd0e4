//! Acronyms: the ones an article defines in parentheses, and the ones it never defines, linked
//! to the one organization named in full before them whose initials they spell.

use rustc_hash::FxHashMap as HashMap;

use super::names::Detected;
use super::{Context, EntityKind, Linker, MentionForm, coref};

/// The mentions of organizations named in full whose initials one acronym spells.
pub(super) struct Spelled {
    /// (start, entity), by start.
    pub(super) named: Vec<(usize, usize)>,
    /// How many of the first are of the first one's entity.
    pub(super) same: usize,
}

impl Spelled {
    /// The one organization so named before `at`, if the names before it are all of one.
    pub(super) fn of_one_before(&self, at: usize) -> Option<usize> {
        let before = self.named.partition_point(|&(start, _)| start < at);
        (before > 0 && before <= self.same).then(|| self.named[0].1)
    }
}

impl<'t> Linker<'t, '_> {
    /// Parenthesised acronyms and other-script spellings, then every acronym; returns the
    /// acronyms the article defines, with their entities.
    pub(super) fn acronyms(&mut self, det: &Detected, ctx: &Context) -> HashMap<&'t str, usize> {
        let text = self.text;
        let mut acronyms: HashMap<&str, usize> = HashMap::default();
        for al in &det.aliases {
            let mut found = self.b.entity_at(al.target);
            // A one-word name typed by its context has no entity yet ("Broadcom (NASDAQ:AVGO)").
            if found.is_none()
                && let Some(c) = det.cands.iter().find(|c| c.span == al.target && !c.headline && !c.acronym)
                && let Some(kind) = c.kind
            {
                found = Some(self.b.local_mention(c.span, kind, c.sentence));
            }
            let Some(ei) = found else { continue };
            if al.acronym {
                acronyms.entry(al.span.slice(text)).or_insert(ei);
            } else if !self.b.taken(al.span) {
                self.b.mention(al.span, ei, MentionForm::Full, al.sentence);
            }
        }
        // Only acronyms' mentions are added below, so the organizations named in full stay as
        // they are: each acronym's are looked up once (a long file repeats its acronyms).
        let mut spelled: HashMap<&str, Spelled> = HashMap::default();
        for c in det.cands.iter().filter(|c| c.acronym) {
            if self.b.taken(c.span) {
                continue;
            }
            let t = c.span.slice(text);
            if self.common.contains(&t) {
                continue;
            }
            let spelling = || {
                spelled
                    .entry(t)
                    .or_insert_with(|| self.orgs_spelling(t))
                    .of_one_before(c.span.start)
            };
            if let Some(ei) = acronyms.get(t).copied().or_else(spelling) {
                self.b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
            } else if !self.w.non_entity_acronyms.contains(t) && !c.headline && !ctx.lexicon.currency_symbols.iter().any(|(s, _)| s == t) {
                let ei = self.b.local(t, EntityKind::Organization);
                self.b.mention(c.span, ei, MentionForm::Acronym, c.sentence);
            }
        }
        acronyms
    }

    /// The organizations named in full whose initials `acronym` spells, where the article never
    /// writes the acronym in parentheses ("the Congressional Budget Office", then "the CBO").
    fn orgs_spelling(&self, acronym: &str) -> Spelled {
        let (text, a) = (self.text, &*self.b.a);
        let mut named: Vec<(usize, usize)> = a
            .mentions
            .iter()
            .filter(|m| {
                m.form == MentionForm::Full
                    && a.entities[m.entity].kind == EntityKind::Organization
                    && coref::initials_spell(acronym, &m.span.slice(text).split_whitespace().collect::<Vec<_>>(), self.w)
            })
            .map(|m| (m.span.start, m.entity))
            .collect();
        named.sort_unstable();
        let same = named.iter().take_while(|&&(_, ei)| Some(ei) == named.first().map(|n| n.1)).count();
        Spelled { named, same }
    }
}
