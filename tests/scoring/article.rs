//! The measures on one article: entity mentions (typed and untyped), coreference, the
//! mention each entity is introduced by, figures and their kinds, and the findings of the
//! single-article rules (unsourced figures, unattributed quotes, weekdays and durations).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Tally;
use super::gold::Annotated;
use super::prediction::File;
use super::text::{Chars, Span, overlap};

pub fn score(article: &Annotated, predicted: &File, tally: &mut Tally) {
    let chars = Chars::new(&article.text);
    let matched = entities(article, predicted, &chars, tally);
    coreference(article, &matched, tally);
    introductions(article, predicted, &chars, &matched, tally);
    let gold_figures = figures(article, predicted, &chars, tally);
    findings(article, predicted, &chars, &gold_figures, tally);
}

/// A mention the gold annotations imply: every whole-word occurrence of a surface, longest
/// first, none overlapping another, none on an ambiguous surface.
struct GoldMention<'g> {
    span: Span,
    kind: &'g str,
    id: &'g str,
}

fn gold_mentions<'g>(article: &'g Annotated, chars: &Chars) -> (Vec<GoldMention<'g>>, Vec<Span>) {
    let ambiguous: Vec<Span> = article.gold.ambiguous_surfaces.iter().flat_map(|s| chars.find_words(s)).collect();
    let mut candidates: Vec<GoldMention> = article
        .gold
        .entities
        .iter()
        .flat_map(|e| {
            e.surfaces.iter().flat_map(|s| chars.find_words(s)).map(|span| GoldMention {
                span,
                kind: &e.kind,
                id: &e.id,
            })
        })
        .filter(|m| !ambiguous.iter().any(|&a| overlap(m.span, a) > 0))
        .collect();
    // Longest first, then leftmost; a stable sort keeps the first entity listed on a tie.
    candidates.sort_by_key(|m| (std::cmp::Reverse(m.span.1 - m.span.0), m.span.0));
    let mut taken: Vec<GoldMention> = Vec::new();
    for m in candidates {
        if !taken.iter().any(|t| overlap(m.span, t.span) > 0) {
            taken.push(m);
        }
    }
    taken.sort_by_key(|m| m.span);
    (taken, ambiguous)
}

/// Identities of the predicted entities matched by each gold entity's mentions, by gold id.
type Matched<'a> = BTreeMap<&'a str, Vec<Option<&'a str>>>;

fn entities<'a>(article: &'a Annotated, predicted: &'a File, chars: &Chars, tally: &mut Tally) -> Matched<'a> {
    let name = &article.name;
    let (gold, ambiguous) = gold_mentions(article, chars);
    let mentions: Vec<(Span, Option<&str>, Option<&str>)> = predicted
        .entities
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(move |m| (chars.span(m.start, m.end), e.kind.as_deref(), e.identity()))
        })
        .collect();
    let mut used = vec![false; mentions.len()];
    let mut matched = Matched::new();
    let (mut any, mut typed) = (0, 0);
    for g in &gold {
        // A match covers at least half of each side.
        let hit = mentions.iter().enumerate().position(|(i, (span, _, _))| {
            let shared = 2 * overlap(g.span, *span);
            !used[i] && shared >= g.span.1 - g.span.0 && shared >= span.1 - span.0
        });
        let Some(i) = hit else {
            tally.error("entity_fn", format!("{name}: {:?} ({})", chars.slice(g.span), g.kind));
            continue;
        };
        used[i] = true;
        any += 1;
        let (_, kind, identity) = mentions[i];
        if kind == Some(g.kind) {
            typed += 1;
        } else {
            tally.error(
                "entity_type",
                format!("{name}: {:?} gold {} pred {kind:?}", chars.slice(g.span), g.kind),
            );
        }
        matched.entry(g.id).or_default().push(identity);
    }
    // An unmatched prediction on an ambiguous surface is neither right nor wrong.
    let mut ignored = 0;
    for (i, (span, kind, _)) in mentions.iter().enumerate() {
        if used[i] {
            continue;
        }
        if ambiguous.iter().any(|&a| overlap(*span, a) > 0) {
            ignored += 1;
        } else {
            tally.error("entity_fp", format!("{name}: {:?} ({kind:?})", chars.slice(*span)));
        }
    }
    let c = &mut tally.counts;
    c.entity_gold += gold.len();
    c.entity_predicted += mentions.len() - ignored;
    c.entity_matched += any;
    c.entity_matched_typed += typed;
    matched
}

/// Each gold entity named at least twice (by two or more distinct surfaces) must be one
/// predicted entity, and that predicted entity no other gold entity.
fn coreference(article: &Annotated, matched: &Matched, tally: &mut Tally) {
    let mut owners: HashMap<Option<&str>, BTreeSet<&str>> = HashMap::new();
    for (&gold_id, identities) in matched {
        for &identity in identities {
            owners.entry(identity).or_default().insert(gold_id);
        }
    }
    for (&gold_id, identities) in matched {
        let surfaces: BTreeSet<&str> = article
            .gold
            .entities
            .iter()
            .filter(|e| e.id == gold_id)
            .flat_map(|e| e.surfaces.iter().map(String::as_str))
            .collect();
        if identities.len() < 2 || surfaces.len() < 2 {
            continue;
        }
        tally.counts.coref_total += 1;
        let one = identities.iter().all(|&i| i == identities[0]);
        if one && owners.get(&identities[0]).is_some_and(|o| o.len() == 1) {
            tally.counts.coref_right += 1;
        } else {
            let distinct: BTreeSet<_> = identities.iter().collect();
            tally.error("coref", format!("{}: {gold_id} -> {distinct:?}", article.name));
        }
    }
}

/// Go-to-definition on a later mention lands on the gold introduction.
fn introductions(article: &Annotated, predicted: &File, chars: &Chars, matched: &Matched, tally: &mut Tally) {
    let mut predicted_intro: HashMap<Option<&str>, Span> = HashMap::new();
    for e in &predicted.entities {
        if let Some(intro) = e.intro {
            predicted_intro.insert(e.identity(), chars.span(intro.start, intro.end));
        }
    }
    for e in &article.gold.entities {
        let Some(intro) = e.intro.as_deref() else { continue };
        if e.surfaces.len() < 2 {
            continue;
        }
        let Some(&first) = chars.find_words(intro).first() else { continue };
        let identities: BTreeSet<Option<&str>> = matched.get(e.id.as_str()).into_iter().flatten().copied().collect();
        let [identity] = identities.into_iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        tally.counts.intro_total += 1;
        let landed = predicted_intro.get(&identity).copied();
        if landed.is_some_and(|span| overlap(span, first) > 0) {
            tally.counts.intro_right += 1;
        } else {
            let got = landed.map(|span| chars.slice(span));
            tally.error("intro", format!("{}: {} intro {intro:?} pred {got:?}", article.name, e.id));
        }
    }
}

/// The contract's kind for a gold kind (a year is a date, an ordinal a count).
fn contract_kind(kind: &str) -> &str {
    match kind {
        "percentage" => "percent",
        "year" => "date",
        "ordinal" => "count",
        other => other,
    }
}

/// Gold figures at their spans (every occurrence unless one is named), and the ambiguous ones.
struct GoldFigures<'g> {
    located: Vec<(Span, &'g super::gold::Figure)>,
    ambiguous: Vec<Span>,
}

fn figures<'g>(article: &'g Annotated, predicted: &File, chars: &Chars, tally: &mut Tally) -> GoldFigures<'g> {
    let name = &article.name;
    let located: Vec<(Span, &super::gold::Figure)> = article
        .gold
        .figures
        .iter()
        .flat_map(|f| {
            let all = chars.find(&f.text);
            let spans = match f.occurrence {
                Some(n) => all.get(n).copied().into_iter().collect(),
                None => all,
            };
            spans.into_iter().map(move |span| (span, f))
        })
        .collect();
    let ambiguous: Vec<Span> = article.gold.ambiguous_figures.iter().flat_map(|t| chars.find(t)).collect();
    let found: Vec<(Span, Option<&str>)> = predicted
        .figures
        .iter()
        .map(|f| (chars.span(f.start, f.end), f.kind.as_deref()))
        .collect();
    let mut used = vec![false; found.len()];
    let (mut hits, mut kinds) = (0, 0);
    for (span, figure) in &located {
        // A match covers at least half of the shorter side.
        let hit = found.iter().enumerate().position(|(i, (p, _))| {
            let shorter = (span.1 - span.0).min(p.1 - p.0);
            !used[i] && shorter > 0 && 2 * overlap(*span, *p) >= shorter
        });
        let Some(i) = hit else {
            tally.error("figure_fn", format!("{name}: {:?}", figure.text));
            continue;
        };
        used[i] = true;
        hits += 1;
        let (gold_kind, kind) = (contract_kind(&figure.kind), found[i].1.map(contract_kind));
        if kind == Some(gold_kind) {
            kinds += 1;
        } else {
            tally.error("figure_kind", format!("{name}: {:?} gold {gold_kind} pred {kind:?}", figure.text));
        }
    }
    let mut ignored = 0;
    for (i, (span, _)) in found.iter().enumerate() {
        if used[i] {
            continue;
        }
        if ambiguous.iter().any(|&a| overlap(*span, a) > 0) {
            ignored += 1;
        } else {
            tally.error("figure_fp", format!("{name}: {:?}", chars.slice(*span)));
        }
    }
    let c = &mut tally.counts;
    c.figure_gold += located.len();
    c.figure_predicted += found.len() - ignored;
    c.figure_matched += hits;
    c.figure_matched_kind += kinds;
    GoldFigures { located, ambiguous }
}

/// How the flags of one code meet the gold items they should flag: gold items flagged, flags
/// on a gold item.
fn meet(
    gold: &[(Span, String)],
    flags: &[Span],
    missed: &'static str,
    wrong: &'static str,
    name: &str,
    chars: &Chars,
    tally: &mut Tally,
) -> (usize, usize) {
    let mut right_flags = BTreeSet::new();
    let mut found = 0;
    for (span, text) in gold {
        let hits: Vec<usize> = (0..flags.len()).filter(|&i| overlap(*span, flags[i]) > 0).collect();
        if hits.is_empty() {
            tally.error(missed, format!("{name}: {text:?}"));
        } else {
            found += 1;
            right_flags.extend(hits);
        }
    }
    for (i, flag) in flags.iter().enumerate() {
        if !right_flags.contains(&i) {
            tally.error(
                wrong,
                format!("{name}: {:?}", chars.slice(*flag).chars().take(60).collect::<String>()),
            );
        }
    }
    (found, right_flags.len())
}

fn findings(article: &Annotated, predicted: &File, chars: &Chars, figures: &GoldFigures, tally: &mut Tally) {
    let name = &article.name;
    let flags = |code: &str| -> Vec<Span> {
        predicted
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| chars.span(d.start, d.end))
            .collect()
    };

    let unsourced: Vec<(Span, String)> = figures
        .located
        .iter()
        .filter(|(_, f)| f.wants_source())
        .map(|(span, f)| (*span, f.text.clone()))
        .collect();
    let unsourced_flags: Vec<Span> = flags("unsourced-figure")
        .into_iter()
        .filter(|s| !figures.ambiguous.iter().any(|&a| overlap(*s, a) > 0))
        .collect();
    let (found, right) = meet(&unsourced, &unsourced_flags, "unsourced_fn", "unsourced_fp", name, chars, tally);
    let c = &mut tally.counts;
    c.unsourced_gold += unsourced.len();
    c.unsourced_predicted += unsourced_flags.len();
    c.unsourced_found += found;
    c.unsourced_right += right;

    // Each gold quotation at its first occurrence.
    let unattributed: Vec<(Span, String)> = article
        .gold
        .quotes
        .iter()
        .filter(|q| !q.attributed)
        .filter_map(|q| chars.find(&q.text).first().map(|&span| (span, q.text.chars().take(60).collect())))
        .collect();
    let quote_flags = flags("unattributed-quote");
    let (found, right) = meet(&unattributed, &quote_flags, "quote_fn", "quote_fp", name, chars, tally);
    let c = &mut tally.counts;
    c.quote_gold += unattributed.len();
    c.quote_predicted += quote_flags.len();
    c.quote_found += found;
    c.quote_right += right;

    let calendar_flags: Vec<Span> = ["weekday-mismatch", "duration-mismatch"].into_iter().flat_map(flags).collect();
    for claim in &article.gold.calendar {
        let Some(&span) = chars.find(&claim.text).first() else { continue };
        let flagged = calendar_flags.iter().any(|&f| overlap(span, f) > 0);
        let c = &mut tally.counts;
        match (claim.consistent, flagged) {
            (true, false) => {
                c.calendar_consistent += 1;
                c.calendar_consistent_quiet += 1;
            }
            (true, true) => {
                c.calendar_consistent += 1;
                tally.error("calendar_fp", format!("{name}: {:?}", claim.text));
            }
            (false, true) => {
                c.calendar_inconsistent += 1;
                c.calendar_inconsistent_flagged += 1;
            }
            (false, false) => {
                c.calendar_inconsistent += 1;
                tally.error("calendar_fn", format!("{name}: {:?}", claim.text));
            }
        }
    }
}
