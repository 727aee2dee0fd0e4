//! Other spellings written right after a name: an acronym or a ticker in parentheses, the
//! name in its own script, "known as …"; and acronyms that stand for a common noun phrase.

use super::tokens::{Shape, Tok};
use super::{Alias, Detected, Scan, Sent};
use crate::text::Span;

/// Whether `toks[a..b]` stands in parentheses right after lowercase words whose initials it
/// spells ("gross written premiums (GWP)", "property & casualty (P&C)").
pub(super) fn abbreviates_common_phrase(scan: &Scan<'_>, toks: &[Tok], first_word: usize, a: usize, b: usize) -> bool {
    if a < 2 || scan.t(&toks[a - 1]) != "(" || toks.get(b).is_none_or(|t| scan.t(t) != ")") {
        return false;
    }
    let letters: Vec<char> = toks[a..b]
        .iter()
        .flat_map(|t| scan.t(t).chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    if letters.len() < 2 || letters.len() > 6 || !letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    // The words before the parenthesis, last first, skipping "&", "and", "of": lowercase ones,
    // but for a capitalised first word of the sentence ("Gross written premiums (GWP)") or a
    // name inside a common phrase ("Ebola virus disease (EVD)": the phrase ends lowercase).
    let ends_lowercase = toks.get(a.wrapping_sub(2)).is_some_and(|t| t.shape == Shape::Lower);
    let mut initials: Vec<char> = Vec::new();
    let mut k = a - 1;
    while k > 0 && initials.len() < letters.len() {
        k -= 1;
        let t = scan.t(&toks[k]);
        if matches!(t, "&" | "and" | "of" | "-") {
            continue;
        }
        let capital_allowed = k == first_word || ends_lowercase;
        if toks[k].shape != Shape::Lower && !(capital_allowed && toks[k].shape == Shape::Cap) {
            return false;
        }
        initials.extend(t.chars().next().map(|c| c.to_ascii_uppercase()));
    }
    initials.reverse();
    initials == letters
}

pub(super) fn alias_after(scan: &Scan<'_>, sent: &Sent<'_>, b: usize, target: Span, out: &mut Detected) {
    let toks = sent.toks;
    let t = |i: usize| toks.get(i).map(|t| scan.t(t)).unwrap_or("");
    // "Hua Chunying 华春莹": the name in its own script right after.
    if toks
        .get(b)
        .is_some_and(|x| x.shape == Shape::Script && !scan.text[toks[b - 1].span.end..x.span.start].contains('\n'))
    {
        out.aliases.push(Alias {
            span: toks[b].span,
            target,
            acronym: false,
            sentence: sent.index,
        });
        return;
    }
    // "the National Disaster Management Agency, known as BNPB".
    if t(b) == "," && t(b + 1) == "known" && t(b + 2) == "as" && toks.get(b + 3).is_some_and(|x| x.shape == Shape::Upper) {
        out.aliases.push(Alias {
            span: toks[b + 3].span,
            target,
            acronym: true,
            sentence: sent.index,
        });
        return;
    }
    if !matches!(t(b), "(" | "（") {
        return;
    }
    let Some(close) = (b + 1..toks.len().min(b + 8)).find(|&i| matches!(t(i), ")" | "）")) else {
        return;
    };
    if close == b + 1 {
        return;
    }
    let inner = &toks[b + 1..close];
    // "(NASDAQ:AVGO)": the ticker is the company's other name; the exchange stays one of its own.
    if let [exchange, colon, symbol] = inner
        && exchange.shape == Shape::Upper
        && scan.t(colon) == ":"
        && matches!(symbol.shape, Shape::Upper | Shape::Cap)
        && symbol.span.len() <= 6
    {
        out.aliases.push(Alias {
            span: symbol.span,
            target,
            acronym: true,
            sentence: sent.index,
        });
        return;
    }
    // "(IAEA)", and mixed-case ones with two or more capitals ("(BoZ)").
    let acronym = |x: &Tok| {
        let t = scan.t(x);
        x.shape == Shape::Upper || x.shape == Shape::Cap && t.len() <= 8 && t.chars().filter(|c| c.is_uppercase()).count() >= 2
    };
    if inner.len() == 1 && acronym(&inner[0]) {
        out.aliases.push(Alias {
            span: inner[0].span,
            target,
            acronym: true,
            sentence: sent.index,
        });
    } else if let [word] = inner
        && word.shape == Shape::Cap
        && contracts(scan.t(word), target.slice(scan.text))
        && !(scan.kb_spelling)(scan.t(word))
    {
        // "Philippine Institute of Volcanology and Seismology (Phivolcs)": a contraction.
        out.aliases.push(Alias {
            span: word.span,
            target,
            acronym: true,
            sentence: sent.index,
        });
    } else if inner.iter().all(|x| x.shape == Shape::Script) {
        out.aliases.push(Alias {
            span: Span::new(inner[0].span.start, inner[inner.len() - 1].span.end),
            target,
            acronym: false,
            sentence: sent.index,
        });
    }
}

/// Whether `word` ("Phivolcs", "Banxico") is made of the letters of the name `full`, in order,
/// from its first letter on and from two of its words at least: a contraction of it.
fn contracts(word: &str, full: &str) -> bool {
    let letters: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if letters.len() < 4 || !letters.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    let words: Vec<Vec<char>> = full
        .split_whitespace()
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    if words.len() < 2 || words[0].first() != letters.first() {
        return false;
    }
    // Greedy, in order: each letter from the current word, else from a later one.
    let (mut wi, mut ci, mut used_words) = (0, 0, 0);
    let mut last_word = usize::MAX;
    for &l in &letters {
        loop {
            let Some(w) = words.get(wi) else { return false };
            if let Some(k) = w[ci..].iter().position(|&c| c == l) {
                ci += k + 1;
                if last_word != wi {
                    used_words += 1;
                    last_word = wi;
                }
                break;
            }
            wi += 1;
            ci = 0;
        }
    }
    used_words >= 2
}

#[cfg(test)]
mod tests {
    use super::contracts;

    #[test]
    fn contractions_of_names() {
        assert!(contracts("Phivolcs", "Philippine Institute of Volcanology and Seismology"));
        assert!(contracts("Banxico", "Bank of Mexico"));
        assert!(contracts("Ofgem", "Office of Gas and Electricity Markets"));
        // One word's letters only, another first letter, too short, not in order.
        assert!(!contracts("Phil", "Philippine Institute of Volcanology"));
        assert!(!contracts("Reuters", "Royal Bank"));
        assert!(!contracts("Volc", "Philippine Institute of Volcanology"));
        assert!(!contracts("Pvhi", "Philippine Institute of Volcanology"));
        assert!(!contracts("Bañxico", "Bank of Mexico"));
    }
}
