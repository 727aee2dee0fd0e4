//! Runs of name words ("chunks") in a sentence's tokens, and the titles and roles that open
//! them ("Foreign Minister …", "Dr. …"), split off before the rest is typed.

use super::kinds::analyse_region;
use super::tokens::{Shape, Tok};
use super::{Detected, Scan, Sent};
use crate::text::Span;

/// A line in Title Case ("Putin Arrives in China on a Mission"): every lowercase word a
/// small function word, five or more capitalised ones (a signature line has fewer). Names in it only link.
pub(super) fn title_case(scan: &Scan<'_>, toks: &[Tok]) -> bool {
    let mut cap = 0;
    for t in toks {
        match t.shape {
            Shape::Cap if !scan.w.never_names.contains(scan.t(t)) && !scan.w.calendar.contains(scan.t(t)) => cap += 1,
            Shape::Lower if !scan.w.title_case_small_words.contains(scan.t(t)) => return false,
            _ => {}
        }
    }
    cap >= 5
}

/// The end (exclusive) of the run of name words starting at `start`.
pub(super) fn chunk_end(scan: &Scan<'_>, toks: &[Tok], start: usize) -> usize {
    let text = scan.text;
    let adjacent = |a: &Tok, b: &Tok| !text[a.span.end..b.span.start].contains('\n');
    let mut end = start + 1;
    let mut of_at: Option<usize> = None;
    let mut first_comma: Option<usize> = None;
    let mut saw_and_after_comma = false;
    loop {
        let prev = &toks[end - 1];
        if prev.possessive || end >= toks.len() {
            break;
        }
        let next = &toks[end];
        if !adjacent(prev, next) {
            break;
        }
        let after = toks.get(end + 1);
        let after_namey = after.is_some_and(|t| scan.namey(t) || scan.hyphen_particle(t));
        let nt = scan.t(next);
        if scan.namey(next) || scan.hyphen_particle(next) {
            end += 1;
            continue;
        }
        // "Co." and "Mr." keep their period; the run goes on after a title's.
        if nt == "." && next.span.start == prev.span.end {
            match after_period(scan, toks, end) {
                Run::Continue(e) => {
                    end = e;
                    continue;
                }
                Run::End(e) => end = e,
                Run::Stop => {}
            }
            break;
        }
        // Particles: "da Silva", "von der Leyen".
        if next.shape == Shape::Lower && scan.w.particles.contains(nt) && scan.namey(prev) && !scan.is_cue(scan.t(prev)) {
            let mut k = end;
            while k < toks.len() && k < end + 3 && toks[k].shape == Shape::Lower && scan.w.particles.contains(scan.t(&toks[k])) {
                k += 1;
            }
            if toks.get(k).is_some_and(|t| scan.namey(t)) {
                end = k + 1;
                continue;
            }
        }
        if next.shape == Shape::Lower && after_namey {
            if matches!(nt, "of" | "for" | "on") && scan.is_cue(scan.t(prev)) {
                of_at.get_or_insert(end);
                end += 2;
                continue;
            }
            if nt == "and" && (of_at.is_some() || first_comma.is_some()) {
                saw_and_after_comma |= first_comma.is_some();
                end += 2;
                continue;
            }
        }
        // ("Trading on the Dar es Salaam Stock Exchange" opens a sentence: "on the" is no
        // part of a name.)
        if matches!(nt, "of" | "for")
            && scan.is_cue(scan.t(prev))
            && after.is_some_and(|t| scan.t(t) == "the")
            && toks.get(end + 2).is_some_and(|t| scan.namey(t))
        {
            of_at.get_or_insert(end);
            end += 3;
            continue;
        }
        if nt == "&" && after_namey {
            end += 2;
            continue;
        }
        // "Micron Technology, Inc.": a legal suffix after a comma ends the name.
        if nt == ","
            && let Some(suffix) = after.filter(|t| scan.w.legal_suffixes.contains(scan.t(t)))
        {
            end += 2;
            if toks.get(end).is_some_and(|d| scan.t(d) == "." && d.span.start == suffix.span.end) {
                end += 1;
            }
            break;
        }
        if nt == "," && after_namey && toks.get(end + 2).is_some_and(|t| scan.t(t) != ",") {
            first_comma.get_or_insert(end);
            end += 2;
            continue;
        }
        break;
    }
    match first_comma {
        Some(comma) => list_end(scan, toks, start, end, comma, of_at, saw_and_after_comma),
        None => end,
    }
}

/// How a run of name words goes on at a token.
enum Run {
    /// Past the token, up to this index.
    Continue(usize),
    /// With the token, ending at this index.
    End(usize),
    /// Before the token.
    Stop,
}

/// The run at a period right after `toks[end - 1]`: an initial's ("George W. Bush"), a title's
/// ("Dr. Grace Kaseya") or an abbreviated cue's ("Co.").
fn after_period(scan: &Scan<'_>, toks: &[Tok], end: usize) -> Run {
    let pt = scan.t(&toks[end - 1]);
    let after_namey = toks.get(end + 1).is_some_and(|t| scan.namey(t));
    // "Briefing.com": a web domain's last part, right after the period, ends the name.
    if toks
        .get(end + 1)
        .is_some_and(|t| t.span.start == toks[end].span.end && scan.w.domain_suffixes.contains(scan.t(t)))
        && !toks
            .get(end + 2)
            .is_some_and(|t| t.span.start == toks[end + 1].span.end && t.shape != Shape::Punct)
    {
        return Run::End(end + 2);
    }
    // An initial: "George W. Bush", "J. K. Rowling".
    let initial = pt.chars().count() == 1 && pt.chars().all(char::is_uppercase);
    // A dotted legal suffix ends the name: "Andes Cobre S.A.", "Rio Verde N.V.".
    if initial && dotted_suffix(scan, toks, end - 1) {
        return Run::End(end + 3);
    }
    if initial && after_namey {
        return Run::Continue(end + 1);
    }
    // "St. Elizabeth Parish", "Mt. Apo": an abbreviated first word of a place's name.
    if pt.len() <= 2 && scan.w.place_first.contains(pt) && after_namey {
        return Run::Continue(end + 1);
    }
    if scan.w.honorifics.contains(pt) || scan.w.title_words.contains(pt) {
        if after_namey {
            return Run::Continue(end + 1);
        }
    } else if scan.w.abbreviated_cues.contains(pt) {
        return Run::End(end + 1);
    }
    Run::Stop
}

/// Where a run with a comma at `comma` ends. A list joined by commas belongs to one name only
/// in "Ministry of Economy, Trade and Industry" or "Meteorology, Climatology and Geophysics
/// Agency".
fn list_end(
    scan: &Scan<'_>,
    toks: &[Tok],
    start: usize,
    end: usize,
    comma: usize,
    of_at: Option<usize>,
    saw_and_after_comma: bool,
) -> usize {
    let c = comma;
    let last = scan.t(&toks[end - 1]);
    let ends_in_cue = scan.w.org_cues.contains(last);
    // "American Airlines, Delta Air Lines and Southwest Airlines": items that end in a cue
    // of their own are a list of names.
    // So are items that are a known name on their own ("American, Delta and Skyline Air").
    let item_ends_in_cue = scan.is_cue(scan.t(&toks[c - 1])) || scan.kb_exact(Span::new(toks[start].span.start, toks[c - 1].span.end));
    if !(saw_and_after_comma && (of_at.is_some_and(|o| o < c) || ends_in_cue)) || item_ends_in_cue {
        c
    } else {
        end
    }
}

/// "S.A.", "N.V.": two initials with periods at `i` that spell an organization cue.
pub(super) fn dotted_suffix(scan: &Scan<'_>, toks: &[Tok], i: usize) -> bool {
    let [x, d1, y, d2] = match toks.get(i..i + 4) {
        Some([x, d1, y, d2]) => [x, d1, y, d2],
        _ => return false,
    };
    let one = |t: &Tok| t.span.len() == 1 && scan.t(t).chars().all(|c| c.is_ascii_uppercase());
    let tight = x.span.end == d1.span.start && d1.span.end == y.span.start && y.span.end == d2.span.start;
    tight && one(x) && one(y) && scan.t(d1) == "." && scan.t(d2) == "." && scan.w.org_cues.contains(&format!("{}{}", scan.t(x), scan.t(y)))
}

pub(super) fn analyse_chunk(scan: &Scan<'_>, sent: &Sent<'_>, mut a: usize, mut b: usize, out: &mut Detected) {
    let w = scan.w;
    let toks = sent.toks;
    // The tail of an event's, law's or index's name after "for" or "of" ("Consumer Price Index
    // for All Urban Consumers"): no entity of its own.
    let mut k = a;
    while k > 0 && w.never_names.contains(scan.t(&toks[k - 1])) {
        k -= 1;
    }
    if k >= 2 && matches!(scan.t(&toks[k - 1]), "for" | "of" | "on") && w.non_entity_last.contains(scan.t(&toks[k - 2])) {
        return;
    }
    // Leading function words and a sentence-initial common word are not part of the name.
    while a < b {
        let t = scan.t(&toks[a]);
        let initial = a == sent.first_word || (a > 0 && is_opening(scan.t(&toks[a - 1])) && a <= sent.first_word + 1);
        let common = initial
            && toks[a].shape == Shape::Cap
            && !scan.kb_overlaps(toks[a].span)
            && !w.particles.contains(&crate::text::lowercase(t))
            && sent.openers.is_common(t);
        // "Neighbouring Patuakhali": a sentence-initial qualifier before a name.
        let qualifier = initial && a + 1 < b && toks[a + 1].namey && w.leading_adjectives.contains(t);
        // "Club Aurora", "Real Cordeiro": a club's first word, even where the article also
        // writes it in lowercase.
        let common = common && !(a + 1 < b && toks[a + 1].shape == Shape::Cap && toks[a + 1].namey && w.org_first.contains(t));
        // "Additionally, …", "Separately, …": a sentence adverb, not a name.
        let adverb = initial
            && a + 1 == b
            && t.len() >= 8
            && ["ally", "ately", "ively", "ingly", "ntly"].iter().any(|e| t.ends_with(e))
            && toks.get(b).is_some_and(|x| scan.t(x) == ",");
        if w.never_names.contains(t) || w.leading_drop.contains(t) || common || qualifier || adverb {
            a += 1;
        } else {
            break;
        }
    }
    let domain = |k: usize| k >= 2 && scan.t(&toks[k - 2]) == "." && w.domain_suffixes.contains(scan.t(&toks[k - 1]));
    while b > a && !(scan.namey(&toks[b - 1]) || scan.t(&toks[b - 1]) == "." || scan.hyphen_particle(&toks[b - 1]) || domain(b)) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    // Titles and roles: "Foreign Minister Abbas Araghchi", "Bank of Japan Governor Kazuo Ueda".
    let last = word_text(scan, toks, b);
    let ends_in_cue = w.org_cues.contains(last) || w.media_cues.contains(last) || w.place_last.contains(last);
    let mut person = false;
    let mut honorific = false;
    // A name ending in a cue keeps a title only where the title opens the run and two name
    // words follow ("Dr. Grace Capital", "Minister Peter Holdings"): given name and surname.
    let title = last_title(scan, toks, a, b).filter(|&(ts, te)| {
        if !ends_in_cue {
            return true;
        }
        let mut ps = ts;
        while ps > a && w.title_modifiers.contains(scan.t(&toks[ps - 1])) {
            ps -= 1;
        }
        let rest: Vec<&Tok> = toks[te..b].iter().filter(|t| t.shape != Shape::Punct).collect();
        ps == a && rest.len() == 2 && rest.iter().all(|t| t.shape == Shape::Cap) && !scan.is_cue(scan.t(rest[0]))
    });
    if let Some((ts, te)) = title {
        let mut ps = ts;
        while ps > a && w.title_modifiers.contains(scan.t(&toks[ps - 1])) {
            ps -= 1;
        }
        // A second title before it ("Africa CDC Director General Dr Jean Kaseya") is no part of
        // the name in front.
        let mut name_end = ps;
        while name_end > a
            && (w.title_words.contains(scan.t(&toks[name_end - 1])) || w.title_modifiers.contains(scan.t(&toks[name_end - 1])))
        {
            name_end -= 1;
        }
        if name_end > a {
            analyse_region(scan, sent, a, name_end, false, out);
        }
        out.blocked.push(Span::new(toks[name_end.max(a)].span.start, toks[te - 1].span.end));
        honorific = w.honorifics.contains(scan.t(&toks[te - 1]));
        person = true;
        a = te;
        while a < b && scan.t(&toks[a]) == "." {
            a += 1;
        }
    }
    if a < b {
        let _ = honorific;
        analyse_region(scan, sent, a, b, person, out);
    }
}

fn word_text<'t>(scan: &Scan<'t>, toks: &[Tok], b: usize) -> &'t str {
    let mut i = b;
    while i > 0 {
        i -= 1;
        if toks[i].shape != Shape::Punct {
            return toks[i].span.slice(scan.text);
        }
    }
    ""
}

/// Punctuation that may open a name's run: quotation marks, brackets, dashes, list bullets.
const OPENING: &str = "\"“'‘([«—–-*•#";

fn is_opening(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if OPENING.contains(c))
}

/// The title that ends last in `[a, b)` and is followed by a name word, as a token range.
fn last_title(scan: &Scan<'_>, toks: &[Tok], a: usize, b: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for k in a..b {
        let Some(titles) = scan.w.titles_by_first.get(scan.t(&toks[k])) else {
            continue;
        };
        for title in titles {
            let mut j = k;
            let mut ok = true;
            for word in title {
                while j < b && scan.t(&toks[j]) == "." {
                    j += 1;
                }
                if j < b && scan.t(&toks[j]) == word {
                    j += 1;
                } else {
                    ok = false;
                    break;
                }
            }
            if !ok {
                continue;
            }
            let mut n = j;
            while n < b && scan.t(&toks[n]) == "." {
                n += 1;
            }
            let followed = n < b && scan.namey(&toks[n]) && !scan.w.title_words.contains(scan.t(&toks[n]));
            if followed && best.is_none_or(|(_, e)| j > e) {
                best = Some((k, j));
            }
            break;
        }
    }
    best
}
