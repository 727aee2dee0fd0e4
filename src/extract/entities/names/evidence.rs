//! The words around a name that say what it is: a preposition of place ("in Palu"), an
//! honorific, an appositive (", a professor at …"), business news about it ("the insurer
//! Zurich", "Zurich's shares").

use super::tokens::Shape;
use super::{NameWords, Scan, Sent};
use crate::kb::EntityKind;
use crate::text::Span;

/// ", who …" or ", a farmer …" right after the name.
pub(super) fn appositive_person(scan: &Scan<'_>, sent: &Sent<'_>, b: usize) -> bool {
    appositive(scan, sent, b) == Some(EntityKind::Person)
}

/// What an appositive right after the name makes it: ", a professor at …" a person, ", a
/// town on the lake" a place.
fn appositive(scan: &Scan<'_>, sent: &Sent<'_>, b: usize) -> Option<EntityKind> {
    let toks = sent.toks;
    if toks.get(b).is_none_or(|t| scan.t(t) != ",") {
        return None;
    }
    for (i, tok) in toks.iter().enumerate().take(b + 8).skip(b + 1) {
        let word = scan.t(tok);
        if i == b + 1 && word == "who" {
            return Some(EntityKind::Person);
        }
        // An age: "John Energy, 54, said".
        if i == b + 1 && tok.shape == Shape::Number && word.len() <= 3 && toks.get(i + 1).is_some_and(|t| scan.t(t) == ",") {
            return Some(EntityKind::Person);
        }
        // "a Dhaka-based drugmaker": a capitalised compound adjective.
        let compound = word
            .rsplit_once('-')
            .is_some_and(|(_, suffix)| scan.w.compound_suffixes.contains(suffix));
        if tok.shape != Shape::Lower && tok.shape != Shape::Number && !compound {
            return None;
        }
        // "the bourse's chief executive": the possessor is not what the name is.
        if tok.possessive {
            continue;
        }
        if scan.w.person_appositives.contains(word) {
            return Some(EntityKind::Person);
        }
        // Only a noun phrase opened by a determiner: ", told reporters the company …" is none.
        if scan.w.org_appositives.contains(word) && matches!(scan.t(&toks[b + 1]), "a" | "an" | "the" | "one" | "its") {
            return Some(EntityKind::Organization);
        }
        if scan.w.place_appositives.contains(word) {
            return Some(EntityKind::Place);
        }
    }
    None
}

/// What the words around a name say it is.
#[derive(Default)]
pub(super) struct Evidence {
    pub person: bool,
    pub place: bool,
    pub org: bool,
}

const PERSON: Evidence = Evidence {
    person: true,
    place: false,
    org: false,
};
const PLACE: Evidence = Evidence {
    person: false,
    place: true,
    org: false,
};
const ORG: Evidence = Evidence {
    person: false,
    place: false,
    org: true,
};

pub(super) fn context_evidence(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize) -> Evidence {
    let w = scan.w;
    let toks = sent.toks;
    let t = |i: usize| toks.get(i).map(|t| scan.t(t)).unwrap_or("");
    let mut place = false;
    let mut org = false;
    if a > 0 {
        let before = t(a - 1);
        if w.place_prepositions.contains(before) {
            place = true;
        }
        // "the village of Sulewana", "hometown of Andong".
        if before == "of" && a > 1 && w.place_appositives.contains(t(a - 2)) {
            return PLACE;
        }
        if w.honorifics.contains(before.trim_end_matches('.')) {
            return PERSON;
        }
        // A byline: "By Josh White" alone on its line.
        let line_ends = toks
            .get(b)
            .is_none_or(|n| scan.text[toks[b - 1].span.end..n.span.start].contains('\n'));
        let line_starts = scan.text[..toks[a - 1].span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
        if before == "By" && line_starts && line_ends && toks[a..b].iter().filter(|t| t.namey).count() >= 2 {
            return PERSON;
        }
        // "shares of Meghna Biologics"; "an analyst at Padma Insights".
        if before == "of" && a > 1 && w.org_of_nouns.contains(&crate::text::lowercase(t(a - 2))) {
            org = true;
        }
        // "analysts at Jefferies" as well as "an analyst at …".
        if before == "at" && a > 1 {
            let noun = t(a - 2).to_lowercase();
            if w.person_appositives.contains(noun.as_str()) || noun.strip_suffix('s').is_some_and(|s| w.person_appositives.contains(s)) {
                org = true;
            }
        }
    }
    if business_context(scan.text, Span::new(toks[a].span.start, toks[b - 1].span.end), w) {
        org = true;
    }
    // "Meghna's shares", "X said in a statement", "X, which …".
    // (The possessive's apostrophe and "s" are tokens of their own.)
    let after_possessive = if matches!(t(b), "'" | "’") && t(b + 1) == "s" { b + 2 } else { b };
    if toks[b - 1].possessive && w.org_possessions.contains(t(after_possessive)) {
        org = true;
    }
    if company_cues(scan, sent, a, b) {
        org = true;
    }
    if t(b) == "said" && t(b + 1) == "in" && matches!(t(b + 2), "a" | "an" | "its") && w.org_statement_nouns.contains(t(b + 3)) {
        org = true;
    }
    // (Only for a name of two words or more: "Inflation, which …" opens a sentence.)
    // "Amaru Quispe said he …".
    if t(b) == "said" && matches!(t(b + 1), "he" | "she") {
        return PERSON;
    }
    if t(b) == "," && t(b + 1) == "which" && toks[a..b].iter().filter(|t| t.namey).count() >= 2 {
        org = true;
    }
    // "Horyuji temple", but not an adjective ("Korean peninsula").
    let adjective = ["an", "ese", "ish"].iter().any(|s| t(b - 1).ends_with(s));
    if toks.get(b).is_some_and(|n| n.shape == Shape::Lower) && w.place_after.contains(t(b)) && !toks[b - 1].possessive && !adjective {
        place = true;
    }
    // "the Trump administration".
    if w.person_nouns_after.contains(t(b)) && !toks[b - 1].possessive {
        return PERSON;
    }
    // Appositive: "Nadia Haddad, an economist at …", "Tentena, a town on the lake".
    match appositive(scan, sent, b) {
        Some(EntityKind::Person) => return PERSON,
        Some(EntityKind::Place) => return PLACE,
        Some(EntityKind::Organization) => return ORG,
        _ => {}
    }
    // A place's context wins over "which" ("in Barguna, which …").
    Evidence {
        person: false,
        place,
        org: org && !place,
    }
}

/// The cues of a company the knowledge base does not know, beyond [`business_context`]:
/// "Corvair's latest earnings" (a qualifier before the possession), and a subject taken up
/// as "the airline" after it.
fn company_cues(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize) -> bool {
    let w = scan.w;
    let toks = sent.toks;
    let t = |i: usize| toks.get(i).map(|t| scan.t(t)).unwrap_or("");
    let after_possessive = if matches!(t(b), "'" | "’") && t(b + 1) == "s" { b + 2 } else { b };
    // ("Lagos's annual revenue" is the city's: only names the knowledge base does not know
    // come here.)
    let qualified_possession = toks[b - 1].possessive
        && w.org_possession_qualifiers.contains(t(after_possessive))
        && w.org_possessions.contains(t(after_possessive + 1));
    // "Corvair has revealed soaring earnings. The low-cost airline …". (A common word opening
    // a sentence, "Analysts" or "Looking", is never written with its capital inside one: the
    // name must be.)
    let taken_up = a == sent.first_word
        && b == a + 1
        && taken_up_as_organization(scan.text, toks[a].span.end, w)
        && capitalised_inside_a_sentence(scan.text, t(a));
    qualified_possession || taken_up
}

/// Whether `word` stands somewhere in `text` after a word or a comma of its sentence, not
/// at a sentence's or line's start.
fn capitalised_inside_a_sentence(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].trim_end_matches(' ');
        let after = text[i + word.len()..].chars().next();
        before.len() < i
            && !after.is_some_and(char::is_alphanumeric)
            && before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';'))
    })
}

/// Whether the subject at `from` is taken up as a kind of organization: by ", the airline
/// said" later in its sentence, or by the next sentence's opening "The low-cost carrier …"
/// (one or two words of description between "the" and the noun).
fn taken_up_as_organization(text: &str, from: usize, w: &NameWords) -> bool {
    let Some(rest) = text.get(from..) else {
        return false;
    };
    let sentence_end = |s: &str| {
        s.char_indices()
            .find(|&(i, c)| matches!(c, '.' | '!' | '?' | '\n') && s[i + 1..].starts_with([' ', '\n']) || c == '\n')
            .map_or(s.len(), |(i, _)| i)
    };
    let end = sentence_end(rest);
    let kind_noun = |words: &[&str]| -> Option<usize> {
        (1..=3).find(|&k| {
            words.get(k).is_some_and(|n| w.org_nouns_before.contains(n)) && words[1..k].iter().all(|d| d.starts_with(char::is_lowercase))
        })
    };
    let clean = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|x| x.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != ',').to_string())
            .collect()
    };
    // ", the airline said".
    let own = clean(&rest[..end]);
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    let restated = own.iter().enumerate().any(|(i, x)| {
        *x == "the"
            && i > 0
            && own[i - 1].ends_with(',')
            && kind_noun(&own[i..]).is_some_and(|k| own.get(i + k + 1).is_some_and(|v| matches!(*v, "said" | "says")))
    });
    // "The low-cost airline reported …" opening the next sentence.
    let next = rest[end..].trim_start_matches(['.', '!', '?']).trim_start();
    let next = clean(&next[..sentence_end(next)]);
    let next: Vec<&str> = next.iter().map(String::as_str).collect();
    restated || next.first() == Some(&"The") && kind_noun(&next).is_some()
}

/// Whether the words around `span` are those of business news about an organization: a
/// noun before it ("the insurer Zurich", "its budget carrier, Eurowings"), a phrase after it
/// ("Jefferies analysts", "Lufthansa chief executive …"), its possessions ("Zurich's
/// shares"), a ticker ("Broadcom (NASDAQ:AVGO)", "Delta Air Lines (DAL)") or a statement
/// ("X said in a statement"). Read from the text, so that knowledge-base matches can ask too.
pub(in crate::extract::entities) fn business_context(text: &str, span: Span, w: &NameWords) -> bool {
    let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..)) else {
        return false;
    };
    // The word before, over one comma ("carrier, Eurowings").
    let before = before.trim_end();
    let before = before.strip_suffix(',').unwrap_or(before).trim_end();
    let prev = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("");
    if prev.starts_with(char::is_lowercase) && w.org_nouns_before.contains(prev) {
        return true;
    }
    // A possessive: "Zurich's shares", "Advanced Micro Devices' (NASDAQ:AMD)".
    let (possessive, rest) = match ["'s", "’s", "'", "’"].iter().find_map(|p| after.strip_prefix(p)) {
        Some(r) => (true, r),
        None => (false, after),
    };
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(4)
        .map(|x| x.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if possessive && words.first().is_some_and(|x| w.org_possessions.contains(x)) {
        return true;
    }
    if !possessive
        && w.org_nouns_after
            .iter()
            .any(|p| p.len() <= words.len() && p.iter().zip(&words).all(|(x, y)| x == y))
    {
        return true;
    }
    if !possessive
        && words.len() >= 4
        && words[0] == "said"
        && words[1] == "in"
        && matches!(words[2], "a" | "an" | "its")
        && w.org_statement_nouns.contains(words[3])
    {
        return true;
    }
    ticker(rest)
}

/// " (NASDAQ:AVGO)", " (DAL)": a stock ticker in parentheses, exchange first or alone.
fn ticker(rest: &str) -> bool {
    let Some(inner) = rest.strip_prefix(" (").and_then(|r| r.split_once(')')).map(|(i, _)| i) else {
        return false;
    };
    let code = |s: &str| (1..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'.');
    match inner.split_once(':') {
        Some((exchange, symbol)) => code(exchange.trim()) && code(symbol.trim()),
        None => false,
    }
}
