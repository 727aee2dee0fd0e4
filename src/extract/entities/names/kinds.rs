//! What a name region is: an organization, a place or a person by its cue words, the shape
//! of its words and the evidence around it; or nothing of its own (an event, a role, a plural
//! demonym).

use super::super::coref::initials_spell;
use super::aliases::{abbreviates_common_phrase, alias_after};
use super::chunks::dotted_suffix;
use super::evidence::{Evidence, appositive_person, context_evidence};
use super::tokens::{Shape, Tok};
use super::{Detected, NameWords, Scan, Sent, push};
use crate::kb::EntityKind;
use crate::text::Span;

/// Types the name words of `toks[a..b]` and records the name (or the alias after it, or the
/// acronym of a common phrase) in `out`; `title_person` when a title stood before them.
pub(super) fn analyse_region(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize, title_person: bool, out: &mut Detected) {
    let w = scan.w;
    let toks = sent.toks;
    let span = Span::new(toks[a].span.start, toks[b - 1].span.end);
    let name_words: Vec<&Tok> = toks[a..b].iter().filter(|t| scan.namey(t)).collect();
    if name_words.is_empty() {
        return;
    }
    // "gross written premiums (GWP)", "property & casualty (P&C)": the short form of a common
    // noun phrase, no organization, here or anywhere else in the article.
    if abbreviates_common_phrase(scan, toks, sent.first_word, a, b) {
        out.common_acronyms.push(span);
        return;
    }
    let last = scan.t(name_words[name_words.len() - 1]);
    // "Chief Financial", "Chief Executive": a title cut from its name, not a person.
    let title_like = |t: &&Tok| w.title_words.contains(scan.t(t)) || w.title_modifiers.contains(scan.t(t));
    if name_words.len() >= 2 && name_words.iter().all(title_like) && name_words.iter().any(|t| w.title_words.contains(scan.t(t))) {
        return;
    }
    // An acronym or a name in its own script in parentheses right after: the same entity.
    alias_after(scan, sent, b, span, out);
    // An event, law or plan: no entity of its own (places inside it still count).
    if w.non_entity_last.contains(last) && name_words.len() >= 2 {
        return;
    }
    let kb_exact = scan.kb_exact(span);
    let evidence = context_evidence(scan, sent, a, b);
    let person_evidence = title_person || evidence.person;
    if let Some(kind) = kind_by_cues(scan, sent, a, b, &name_words, person_evidence) {
        if !kb_exact {
            push(out, span, Some(kind), region_words(scan, toks, a, b), false, sent);
        }
        return;
    }
    if name_words.len() >= 2 {
        // Words whose initials the acronym in parentheses after them spells name an
        // organization ("Inter-Services Public Relations (ISPR)").
        let spelled = || {
            out.aliases.last().is_some_and(|al| {
                let words: Vec<&str> = name_words.iter().map(|t| scan.t(t)).collect();
                al.target == span && al.acronym && initials_spell(al.span.slice(scan.text), &words, w)
            })
        };
        // Untyped words that spell a place of the bulk table whole ("Davao del Sur", around
        // the known city "Davao"): that place.
        let kind = several_words_kind(scan, sent, a, span, &name_words, &evidence, person_evidence)
            .or_else(|| spelled().then_some(EntityKind::Organization))
            .or_else(|| (scan.bulk_place)(span.slice(scan.text)).then_some(EntityKind::Place));
        if !kb_exact && let Some(kind) = kind {
            push(out, span, Some(kind), region_words(scan, toks, a, b), false, sent);
        }
        return;
    }
    one_word(scan, sent, a, b, &evidence, title_person, out);
}

/// The name's words (particles included, other lowercase words left out).
fn region_words(scan: &Scan<'_>, toks: &[Tok], a: usize, b: usize) -> Vec<Span> {
    toks[a..b]
        .iter()
        .filter(|t| {
            t.shape != Shape::Punct && !(t.shape == Shape::Lower && !scan.hyphen_particle(t) && !scan.w.particles.contains(scan.t(t)))
        })
        .map(|t| t.span)
        .collect()
}

/// The kind the region's own words give: a dotted legal suffix, "&", a cue word last or before
/// "of" ("Bank of …"), a first word that opens places or organizations, capitalised words
/// before an acronym ("Africa CDC"); a person when person evidence meets a surname that is a
/// company word ("John Energy, 54,").
fn kind_by_cues(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize, name_words: &[&Tok], person_evidence: bool) -> Option<EntityKind> {
    let w = scan.w;
    let toks = sent.toks;
    let first = scan.t(name_words[0]);
    let last = scan.t(name_words[name_words.len() - 1]);
    let of_at = toks[a..b]
        .iter()
        .position(|t| matches!(scan.t(t), "of" | "for" | "on"))
        .map(|p| a + p);
    let has_amp = toks[a..b].iter().any(|t| scan.t(t) == "&");
    let multi = name_words.len() >= 2;
    let cue_kind = |word: &str| {
        if w.org_cues.contains(word) || w.media_cues.contains(word) {
            Some(EntityKind::Organization)
        } else if w.place_last.contains(word) {
            Some(EntityKind::Place)
        } else {
            None
        }
    };
    let mut kind = None;
    if b >= a + 4 && dotted_suffix(scan, toks, b - 4) {
        kind = Some(EntityKind::Organization);
    } else if multi {
        if has_amp {
            kind = Some(EntityKind::Organization);
        } else if let Some(o) = of_at {
            kind = cue_kind(scan.t(&toks[o - 1]));
        }
        kind = kind.or_else(|| cue_kind(last.trim_end_matches('.')));
        if kind.is_none() && w.place_first.contains(first) {
            kind = Some(EntityKind::Place);
        }
        if kind.is_none() && w.org_first.contains(first) {
            kind = Some(EntityKind::Organization);
        }
    }
    // "Sarah Power, who …", "John Energy, 54,": a given name and a surname that happens to
    // be a company word; person evidence wins over the cue.
    if kind == Some(EntityKind::Organization)
        && person_evidence
        && name_words.len() == 2
        && of_at.is_none()
        && !has_amp
        && !w.org_cues.contains(first)
        && !w.org_first.contains(first)
        && !w.media_cues.contains(first)
    {
        kind = Some(EntityKind::Person);
    }
    // "Africa CDC", "City AM": capitalised words and an acronym after them name a body.
    if kind.is_none() && multi && !sent.shouting && !person_evidence {
        let last_tok = name_words[name_words.len() - 1];
        let letters = last.chars().filter(|c| c.is_alphabetic()).count();
        // "Louis XIV", "World War II" ("CDC" spells no numeral of a name).
        let roman = last.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        if last_tok.shape == Shape::Upper
            && (2..=6).contains(&letters)
            && !roman
            && !w.non_entity_acronyms.contains(last)
            && name_words[..name_words.len() - 1].iter().all(|t| t.shape == Shape::Cap)
        {
            kind = Some(EntityKind::Organization);
        }
    }
    kind
}

/// The kind of a name of several words that no cue types, from the evidence around it; none
/// for a role in capitals, a plural demonym or the tail of a longer name.
fn several_words_kind(
    scan: &Scan<'_>,
    sent: &Sent<'_>,
    a: usize,
    span: Span,
    name_words: &[&Tok],
    evidence: &Evidence,
    person_evidence: bool,
) -> Option<EntityKind> {
    let toks = sent.toks;
    let last = scan.t(name_words[name_words.len() - 1]);
    let all_cap = name_words.iter().all(|t| t.shape == Shape::Cap);
    if !all_cap && !person_evidence {
        return None;
    }
    // "South Koreans": a plural demonym, not a name.
    if last.strip_suffix('s').is_some_and(|singular| {
        let start = name_words[0].span.start;
        let end = name_words[name_words.len() - 1].span.end - 1;
        (scan.kb_spelling)(&scan.text[start..end]) || (scan.kb_spelling)(singular)
    }) {
        return None;
    }
    let kb_inside = scan.kb_inside(span) || scan.kb_overlaps(span);
    // "a Senior Research Scientist": a role in capitals, not a name.
    let determiner = a > 0 && scan.w.role_determiners.contains(scan.t(&toks[a - 1]));
    // "Transparency and Policy Tracker": the tail of a longer name cut at "and".
    // (A name after "the" is no person's: "the Harbour Transparency and Policy Monitor".)
    let tail = a > 1 && matches!(scan.t(&toks[a - 1]), "and" | "&" | "of" | "for") && toks[a - 2].namey && {
        let mut k = a - 2;
        while k > 0 && toks[k - 1].namey {
            k -= 1;
        }
        k > 0 && matches!(scan.t(&toks[k - 1]), "the" | "The")
    };
    // "Central Texas": a region word and a place the knowledge base knows, exactly (its name,
    // not its demonym: "Southern African").
    let region = name_words.len() == 2
        && scan.w.place_region_words.contains(scan.t(name_words[0]))
        && scan.kb_exact(name_words[1].span)
        && (scan.kb_place_name)(scan.t(name_words[1]));
    if person_evidence {
        Some(EntityKind::Person)
    } else if region {
        Some(EntityKind::Place)
    } else if evidence.org && !evidence.place {
        Some(EntityKind::Organization)
    } else if determiner || tail {
        None
    } else if evidence.place {
        Some(EntityKind::Place)
    } else if evidence.org {
        Some(EntityKind::Organization)
    } else if kb_inside {
        None
    } else {
        Some(EntityKind::Person)
    }
}

/// A name of one word: an acronym, or a capitalised word typed by its context (or left
/// untyped, to link to a longer name later).
fn one_word(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize, evidence: &Evidence, title_person: bool, out: &mut Detected) {
    let w = scan.w;
    let toks = sent.toks;
    let Some(tok) = toks[a..b].iter().find(|t| scan.namey(t)) else {
        return;
    };
    let first = scan.t(tok);
    let span = Span::new(toks[a].span.start, toks[b - 1].span.end);
    if tok.shape == Shape::Upper {
        let letters = first.chars().filter(|c| c.is_alphabetic()).count();
        // Roman numerals ("World War II", "Phase III") are no acronyms either.
        let roman = first.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
        // "NT$989.9 billion": a currency's prefix.
        let currency_prefix = toks.get(b).is_some_and(|n| scan.t(n) == "$" && n.span.start == tok.span.end);
        let acronym_like =
            (2..=6).contains(&letters) && !first.chars().any(|c| c.is_ascii_digit()) && !roman && !sent.shouting && !currency_prefix;
        if acronym_like && !scan.kb_overlaps(tok.span) {
            push(
                out,
                tok.span,
                Some(EntityKind::Organization),
                region_words(scan, toks, a, b),
                true,
                sent,
            );
        }
        return;
    }
    if tok.shape != Shape::Cap || w.title_words.contains(first) || w.honorifics.contains(first) || scan.kb_overlaps(tok.span) {
        return;
    }
    // "the Commission", "Parliament's negotiators": an institution named by its head word.
    let institution = w.org_cues.contains(first)
        && !w.abbreviated_cues.contains(first)
        && (tok.possessive || a > 0 && matches!(scan.t(&toks[a - 1]), "the" | "The"));
    // "Briefing.com": a name with its web domain.
    let domain = b >= a + 3 && scan.t(&toks[b - 2]) == "." && w.domain_suffixes.contains(scan.t(&toks[b - 1]));
    let kind = if domain {
        Some(EntityKind::Organization)
    } else if title_person || evidence.person {
        Some(EntityKind::Person)
    } else if evidence.place {
        Some(EntityKind::Place)
    } else if institution || evidence.org || camel_case(first, w) {
        Some(EntityKind::Organization)
    } else {
        None
    };
    push(out, span, kind, region_words(scan, toks, a, b), false, sent);
    if evidence.person && !title_person && appositive_person(scan, sent, b) {
        if let Some(c) = out.cands.last_mut() {
            c.introduced = true;
        }
    }
}

/// A word with a capital inside ("StreetAccount", "JetBlue", "OpenAI"): a company's or a
/// brand's name, unless the capital follows a surname prefix ("McDonald", "DeSantis",
/// "MacArthur", "LeBron", "O'Neill") or a hyphen.
fn camel_case(word: &str, w: &NameWords) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || word.contains(['-', '\'', '’', '‑']) {
        return false;
    }
    // "GPUs", "NGOs": an acronym's plural.
    if word.strip_suffix('s').is_some_and(|w| w.chars().all(char::is_uppercase)) {
        return false;
    }
    let inner = chars.clone().skip_while(|c| !c.is_uppercase()).count();
    let prefix_len = word.chars().skip(1).take_while(|c| c.is_lowercase()).count() + 1;
    let prefix: String = word.chars().take(prefix_len).collect();
    inner > 0 && word.chars().any(char::is_lowercase) && !w.camel_case_prefixes.contains(&prefix)
}
