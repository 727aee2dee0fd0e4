//! The name finder's view of a sentence's tokens: the shared tokenizer's words and
//! punctuation ([`crate::text::tokenize`]), each word with its shape and whether a possessive
//! "'s" follows it.

use crate::extract::lexicon::WordSet;
use crate::text::{Span, TokenKind, is_word_char};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// Capitalised word ("Berg", "Jae-myung").
    Cap,
    /// Every letter a capital, two or more letters ("IAEA", "LILONGWE").
    Upper,
    Lower,
    /// Letters of a script without case (Han, Hangul, Arabic …).
    Script,
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub span: Span,
    pub shape: Shape,
    /// Followed by a possessive "'s" (not part of the token).
    pub possessive: bool,
    /// Can be part of a name (see `Scan::is_namey`), decided once per token.
    pub namey: bool,
}

/// Letters without case: the scripts whose names stand in parentheses after a romanization.
fn is_script(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '‑' | '\'' | '’')
}

/// The tokens of `span`, appended to `out`. The shared tokenizer's, read the way names are
/// written: a possessive "'s" leaves its word ("Meghna's": "Meghna", "'", "s"); a number's
/// inner "." and "," are punctuation and a hyphen joins it to the word after ("3,200": "3",
/// ",", "200"; "19-year-old": one word); and letters without case make words of their own —
/// a run of them is one word ("佐々木"), and no hyphen or Latin letter joins one.
pub(super) fn tokenize(text: &str, span: Span, org_cues: &WordSet, out: &mut Vec<Tok>) {
    let from = out.len();
    for token in crate::text::tokenize(text, span) {
        if token.kind == TokenKind::Punct {
            push_punct(text, token.span, org_cues, out);
            continue;
        }
        // Cut the word at its joiners, at a number's "." and ",", and where letters without
        // case meet others; `push_word` joins back what a name's word keeps together.
        let word = token.span.slice(text);
        let mut piece = 0;
        let mut prev_script: Option<bool> = None;
        for (i, c) in word.char_indices() {
            let at = token.span.start + i;
            if is_joiner(c) || matches!(c, '.' | ',') {
                push_word(text, Span::new(token.span.start + piece, at), out);
                push_punct(text, Span::new(at, at + c.len_utf8()), org_cues, out);
                piece = i + c.len_utf8();
                prev_script = None;
                continue;
            }
            let script = is_script(c);
            if prev_script.is_some_and(|p| p != script) {
                push_word(text, Span::new(token.span.start + piece, at), out);
                piece = i;
            }
            prev_script = Some(script);
        }
        push_word(text, Span::new(token.span.start + piece, token.span.end), out);
    }
    for t in &mut out[from..] {
        if t.shape != Shape::Punct {
            t.shape = shape(t.span.slice(text));
        }
    }
}

fn word_token(span: Span) -> Tok {
    Tok {
        span,
        // Decided once the word is whole.
        shape: Shape::Lower,
        possessive: false,
        namey: false,
    }
}

/// Appends a piece of a word, joined to the word before it when a name's word runs on: over
/// no gap in the same kind of script, or over a joiner between letters with case ("19-year").
fn push_word(text: &str, span: Span, out: &mut Vec<Tok>) {
    let Some(first) = span.slice(text).chars().next() else { return };
    let script = is_script(first);
    let ends_like = |t: &Tok| t.span.slice(text).chars().next_back().map(is_script);
    match out.as_slice() {
        [.., last] if last.shape != Shape::Punct && last.span.end == span.start && ends_like(last) == Some(script) => {
            if let Some(last) = out.last_mut() {
                last.span.end = span.end;
            }
        }
        [.., word, joiner]
            if !script
                && word.shape != Shape::Punct
                && !word.possessive
                && ends_like(word) == Some(false)
                && word.span.end == joiner.span.start
                && joiner.span.end == span.start
                && joiner.span.slice(text).chars().next().is_some_and(is_joiner) =>
        {
            out.pop();
            if let Some(word) = out.last_mut() {
                word.span.end = span.end;
            }
        }
        _ => out.push(word_token(span)),
    }
}

/// Appends one punctuation character; an apostrophe before a lone "s" makes the word it
/// follows a possessive, and one after a capitalised plural before an organization's cue word
/// ends that word ("Workers’ Party", "Farmers' Union": the name goes on; not "Texas' Guadalupe
/// River", "Reeves' Budget").
fn push_punct(text: &str, span: Span, org_cues: &WordSet, out: &mut Vec<Tok>) {
    let c = span.slice(text);
    let after = text.get(span.end..).unwrap_or("");
    let plural_possessive = matches!(c, "'" | "’")
        && after
            .strip_prefix(' ')
            .map(|rest| rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(""))
            .is_some_and(|next| org_cues.contains(next));
    if let Some(last) = out.last_mut()
        && plural_possessive
        && last.shape != Shape::Punct
        && last.span.end == span.start
        && !last.possessive
        && last.span.slice(text).ends_with('s')
        && last.span.slice(text).chars().next().is_some_and(char::is_uppercase)
    {
        last.span.end = span.end;
        return;
    }
    let possessive = matches!(c, "'" | "’") && after.starts_with('s') && !after[1..].chars().next().is_some_and(is_word_char);
    if let Some(last) = out.last_mut()
        && possessive
        && last.shape != Shape::Punct
        && last.span.end == span.start
        && last.span.slice(text).chars().next_back().is_some_and(|c| !is_script(c))
    {
        last.possessive = true;
    }
    out.push(Tok {
        span,
        shape: Shape::Punct,
        possessive: false,
        namey: false,
    });
}

/// A word's shape, from its first character and its letters.
fn shape(word: &str) -> Shape {
    let Some(c) = word.chars().next() else { return Shape::Punct };
    if c.is_ascii_digit() || c.is_numeric() {
        Shape::Number
    } else if is_script(c) {
        Shape::Script
    } else if c.is_uppercase() {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && letters.all(char::is_uppercase) {
            Shape::Upper
        } else {
            Shape::Cap
        }
    } else {
        Shape::Lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, Shape, bool)> {
        let mut out = Vec::new();
        tokenize(
            text,
            Span::new(0, text.len()),
            &crate::extract::entities::words::NameWords::load().org_cues,
            &mut out,
        );
        out.iter().map(|t| (t.span.slice(text), t.shape, t.possessive)).collect()
    }

    #[test]
    fn a_possessive_leaves_its_word() {
        use Shape::*;
        assert_eq!(
            tokens("Meghna's shares, O'Neill’s"),
            [
                ("Meghna", Cap, true),
                ("'", Punct, false),
                ("s", Lower, false),
                ("shares", Lower, false),
                (",", Punct, false),
                ("O'Neill", Cap, true),
                ("’", Punct, false),
                ("s", Lower, false),
            ]
        );
        // A capitalised plural's apostrophe before a cue word stays in the word.
        assert_eq!(
            tokens("Workers’ Party, Farmers' Union, farmers’ Union, Workers’ party"),
            [
                ("Workers’", Cap, false),
                ("Party", Cap, false),
                (",", Punct, false),
                ("Farmers'", Cap, false),
                ("Union", Cap, false),
                (",", Punct, false),
                ("farmers", Lower, false),
                ("’", Punct, false),
                ("Union", Cap, false),
                (",", Punct, false),
                ("Workers", Cap, false),
                ("’", Punct, false),
                ("party", Lower, false),
            ]
        );
        assert_eq!(
            tokens("Texas’ Guadalupe"),
            [("Texas", Cap, false), ("’", Punct, false), ("Guadalupe", Cap, false)]
        );
        // An "s" that goes on is no possessive.
        assert_eq!(tokens("O'sullivan"), [("O'sullivan", Cap, false)]);
    }

    #[test]
    fn numbers_split_at_separators_and_join_the_word_after_a_hyphen() {
        use Shape::*;
        assert_eq!(
            tokens("3,200.5 a 19-year-old 1990's"),
            [
                ("3", Number, false),
                (",", Punct, false),
                ("200", Number, false),
                (".", Punct, false),
                ("5", Number, false),
                ("a", Lower, false),
                ("19-year-old", Number, false),
                ("1990", Number, true),
                ("'", Punct, false),
                ("s", Lower, false),
            ]
        );
    }

    #[test]
    fn letters_without_case_make_words_of_their_own() {
        use Shape::*;
        // "々" is no CJK ideograph to the shared tokenizer, but part of the name here.
        assert_eq!(tokens("佐々木"), [("佐々木", Script, false)]);
        assert_eq!(
            tokens("Kim-中 مA IAEA Jae-myung"),
            [
                ("Kim", Cap, false),
                ("-", Punct, false),
                ("中", Script, false),
                ("م", Script, false),
                ("A", Cap, false),
                ("IAEA", Upper, false),
                ("Jae-myung", Cap, false),
            ]
        );
    }
}
