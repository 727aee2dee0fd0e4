//! Paragraphs, sentences and tokens with byte spans.
//!
//! Sentence ends survive abbreviations ("U.S.", "Dr.", "Jan."), decimals ("$3.2 billion"),
//! initials ("J. K. Rowling"), closing quotes and list bullets. CJK full stops end sentences
//! without a following space.

use super::Span;
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphKind {
    Body,
    /// A Markdown heading or the short first line of a plain-text article.
    Headline,
    ListItem,
    TableCell,
    BlockQuote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParagraphKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into the paragraphs this sentence was cut from.
    pub paragraph: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Words that end with a period without ending the sentence, matched case-sensitively
/// against the word before the period. The extractor's lexicon loads them from
/// `data/lexicon/abbreviations.toml` and passes them in.
#[derive(Clone, Debug, Default)]
pub struct Abbreviations {
    /// Titles and honorifics: never end a sentence ("Dr. Kim said").
    pub titles: HashSet<String>,
    /// Abbreviations that often end a sentence too ("Acme Inc. The deal"): they end one only
    /// before a usual sentence opener.
    pub may_end: HashSet<String>,
    /// Words that usually open a sentence; they decide `may_end` and initialisms ("U.S.").
    pub openers: HashSet<String>,
}

/// Letters, digits and combining marks: the characters a word is made of.
pub fn is_word_char(c: char) -> bool {
    // The common case first: no table lookups for ASCII.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '」' | '』' | '»' | '*' | '_')
}

/// Splits every paragraph into sentences.
pub fn segment(text: &str, paragraphs: &[Paragraph], abbreviations: &Abbreviations) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(paragraphs.len() * 2);
    for (pi, p) in paragraphs.iter().enumerate() {
        split_sentences(text, p.span, abbreviations, |span| out.push(Sentence { span, paragraph: pi }));
    }
    out
}

fn split_sentences(text: &str, para: Span, abbreviations: &Abbreviations, mut emit: impl FnMut(Span)) {
    let s = para.slice(text);
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Only '.', '!', '?' and '。', '！', '？', '…' (lead bytes 0xE3, 0xEF, 0xE2) end a
    // sentence: jump between those bytes, each found once by memchr (None: not searched yet).
    let (mut next_mark, mut next_lead): (Option<usize>, Option<usize>) = (None, None);
    while i < bytes.len() {
        if next_mark.is_none_or(|p| p < i) {
            next_mark = Some(memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(bytes.len(), |k| i + k));
        }
        if next_lead.is_none_or(|p| p < i) {
            next_lead = Some(memchr::memchr3(0xE2, 0xE3, 0xEF, &bytes[i..]).map_or(bytes.len(), |k| i + k));
        }
        i = next_mark.min(next_lead).unwrap_or(bytes.len());
        let Some((c, len)) = char_at(s, i) else { break };
        let end_here = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => sentence_ends_after(s, start, i, c, i + len, abbreviations),
            _ => false,
        };
        if !end_here {
            i += len;
            continue;
        }
        // Take closing quotes and brackets into the sentence.
        let mut end = i + len;
        while let Some(d) = s[end..].chars().next().filter(|&d| is_closing(d)) {
            end += d.len_utf8();
        }
        push_trimmed(para.start, s, start, end, &mut emit);
        start = end;
        i = end;
    }
    push_trimmed(para.start, s, start, s.len(), &mut emit);
}

fn push_trimmed(base: usize, s: &str, a: usize, b: usize, emit: &mut impl FnMut(Span)) {
    let piece = &s[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        emit(Span::new(base + a + lead, base + b - trail));
    }
}

/// Decides whether the terminator `c` at byte `i` of `s` ends a sentence.
fn sentence_ends_after(s: &str, sent_start: usize, i: usize, c: char, after: usize, sets: &Abbreviations) -> bool {
    let rest = &s[after..];
    // Skip closing marks, then require whitespace (or the end).
    let rest_trim = rest.trim_start_matches(is_closing);
    if rest_trim.is_empty() {
        return true;
    }
    if !rest_trim.starts_with(char::is_whitespace) {
        return false;
    }
    let next_word_start = rest_trim.trim_start();
    let Some(next) = next_word_start.chars().next() else { return true };
    let next_opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '「' | '—' | '-' | '*')
        || (next.is_alphabetic() && !next.is_lowercase());
    if !next_opens {
        return false;
    }
    if c != '.' {
        return true;
    }
    // The word before the period, including inner periods ("U.S", "a.m").
    let before = &s[sent_start..i];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| is_word_char(ch) || ch == '.')
        .last()
        .map_or(before.len(), |(j, _)| j);
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let next_word: &str = next_word_start.split(|ch: char| !is_word_char(ch)).next().unwrap_or("");
    if sets.titles.contains(word) {
        return false;
    }
    // Initials: "J. K. Rowling", "George W. Bush".
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_uppercase()
    {
        return false;
    }
    if sets.may_end.contains(word) || word.contains('.') {
        return sets.openers.contains(next_word);
    }
    true
}

/// `u8::is_ascii_alphanumeric` as a table: the word characters among ASCII bytes (false for
/// the bytes of other chars), decided without decoding a char in the loops that look at every
/// byte (tokenizers, the knowledge-base matcher).
pub static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Words, numbers and punctuation inside `span`, skipping white space.
pub fn tokenize(text: &str, span: Span) -> impl Iterator<Item = Token> + '_ {
    let s = span.slice(text);
    let base = span.start;
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let (c, c_len) = char_at(s, i)?;
            if c.is_whitespace() {
                i += c_len;
                continue;
            }
            let start = i;
            if is_word_char(c) {
                let numeric = c.is_ascii_digit();
                let cjk = is_cjk(c);
                let mut end = i + c_len;
                loop {
                    // Runs of ASCII letters and digits join any word but a CJK one.
                    if !cjk {
                        while s.as_bytes().get(end).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
                            end += 1;
                        }
                    }
                    let Some((d, d_len)) = char_at(s, end) else { break };
                    let joins = if d.is_ascii_alphanumeric() {
                        !cjk
                    } else if is_word_char(d) {
                        is_cjk(d) == cjk
                    } else if matches!(d, '\'' | '’' | '-' | '‑' | '.' | ',') {
                        // Inner apostrophes and hyphens join words; inner . and , join digits.
                        match (d, char_at(s, end + d_len).map(|(n, _)| n)) {
                            ('.' | ',', Some(n)) => numeric && n.is_ascii_digit(),
                            (_, Some(n)) => !numeric && is_word_char(n),
                            _ => false,
                        }
                    } else {
                        false
                    };
                    if !joins {
                        break;
                    }
                    end += d_len;
                }
                i = end;
                let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
                return Some(Token {
                    span: Span::new(base + start, base + end),
                    kind,
                });
            }
            i += c_len;
            return Some(Token {
                span: Span::new(base + start, base + i),
                kind: TokenKind::Punct,
            });
        }
    })
}

/// The character at byte `i` of `s` and its length, decoding only when it is not ASCII.
#[inline]
pub fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    s.get(i..)?.chars().next().map(|c| (c, c.len_utf8()))
}

/// Every sentence's tokens, cut once and shared by the extraction phases (each used to
/// tokenize the sentences again).
#[derive(Debug, Default)]
pub struct SentenceTokens {
    tokens: Vec<Token>,
    /// `starts[i]..starts[i + 1]` are sentence `i`'s tokens.
    starts: Vec<usize>,
}

impl SentenceTokens {
    pub fn new(text: &str, sentences: &[Sentence]) -> SentenceTokens {
        // About one token per five bytes of prose.
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut starts = Vec::with_capacity(sentences.len() + 1);
        for s in sentences {
            starts.push(tokens.len());
            tokens.extend(tokenize(text, s.span));
        }
        starts.push(tokens.len());
        SentenceTokens { tokens, starts }
    }

    /// The tokens of sentence `si`, with byte spans into the text.
    pub fn of(&self, si: usize) -> &[Token] {
        match (self.starts.get(si), self.starts.get(si + 1)) {
            (Some(&a), Some(&b)) => &self.tokens[a..b],
            _ => &[],
        }
    }
}

/// Paragraphs of a plain-text article. With blank lines in the text, a paragraph runs to the
/// next blank line (hard-wrapped prose); without them, every line is a paragraph. List items,
/// table rows and a short first line (the headline) stand alone either way.
pub fn plain_paragraphs(text: &str) -> Vec<Paragraph> {
    let blank_mode = has_blank_line(text);
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    let mut first = true;
    for line in lines(text) {
        let content = line.slice(text);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if let Some(p) = current.take() {
                out.push(Paragraph {
                    span: p,
                    kind: ParagraphKind::Body,
                });
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let span = Span::new(line.start + lead, line.start + lead + trimmed.len());
        let kind = line_kind(trimmed);
        if first {
            first = false;
            // A headline heads something: the only line of a file is its body.
            let more = !text.get(line.end..).unwrap_or("").trim().is_empty();
            if more && is_headline(trimmed) {
                out.push(Paragraph {
                    span,
                    kind: ParagraphKind::Headline,
                });
                continue;
            }
        }
        if !blank_mode || kind != ParagraphKind::Body {
            if let Some(p) = current.take() {
                out.push(Paragraph {
                    span: p,
                    kind: ParagraphKind::Body,
                });
            }
            out.push(Paragraph { span, kind });
            continue;
        }
        current = Some(match current {
            Some(p) => Span::new(p.start, span.end),
            None => span,
        });
    }
    if let Some(p) = current {
        out.push(Paragraph {
            span: p,
            kind: ParagraphKind::Body,
        });
    }
    out
}

/// A first line reads as a headline when it is short and does not end like a sentence.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let ends_sentence = line.ends_with(['.', '!', '?', '"', '”', ':', '。']);
    words <= 20 && line.chars().count() <= 160 && (!ends_sentence || words <= 12 && !line.contains(". "))
}

fn line_kind(line: &str) -> ParagraphKind {
    if line.starts_with('|') {
        return ParagraphKind::TableCell;
    }
    if line.starts_with("> ") {
        return ParagraphKind::BlockQuote;
    }
    if let Some(rest) = line.strip_prefix(['-', '*', '+', '•', '–']) {
        if rest.starts_with(' ') {
            return ParagraphKind::ListItem;
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && line[digits..].starts_with([')', '.']) && line[digits + 1..].starts_with(' ') {
        return ParagraphKind::ListItem;
    }
    ParagraphKind::Body
}

fn has_blank_line(text: &str) -> bool {
    let mut seen_content = false;
    let mut lines = lines(text).map(|l| l.slice(text).trim().is_empty()).peekable();
    while let Some(blank) = lines.next() {
        if !blank {
            seen_content = true;
        } else if seen_content && lines.peek() == Some(&false) {
            return true;
        }
    }
    false
}

/// Line spans without their line breaks (`\n`, `\r\n`, `\r`).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        // memchr: lines run to hundreds of bytes in unwrapped prose.
        let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map(|i| pos + i) else {
            done = true;
            pos = bytes.len();
            return Some(Span::new(start, pos));
        };
        pos = at
            + if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        Some(Span::new(start, at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The abbreviations these tests meet (the full list is the lexicon's).
    fn abbreviations() -> Abbreviations {
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
        Abbreviations {
            titles: set(&["Dr", "Mr", "Jan"]),
            may_end: set(&["Inc"]),
            openers: set(&["The", "He"]),
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        let paras = plain_paragraphs(text);
        segment(text, &paras, &abbreviations()).iter().map(|s| s.span.slice(text)).collect()
    }

    #[test]
    fn may_end_abbreviations_end_a_sentence_only_before_an_opener() {
        let text = "Headline\nShe sold it to Acme Inc. The deal closed. He works at Acme Inc. in Ohio.";
        assert_eq!(
            sentences(text),
            [
                "Headline",
                "She sold it to Acme Inc.",
                "The deal closed.",
                "He works at Acme Inc. in Ohio."
            ]
        );
        // Without the list, "Dr." ends a sentence: the words come from the caller.
        let text = "Headline\nDr. Kim came.";
        let paras = plain_paragraphs(text);
        let none = segment(text, &paras, &Abbreviations::default());
        assert_eq!(none.len(), 3);
    }

    #[test]
    fn abbreviations_decimals_and_initials_do_not_end_sentences() {
        let text = "Intro line that is long enough to be a sentence and not a headline, really quite long indeed.\nDr. Kim met Mr. Ruiz in the U.S. capital on Jan. 5. The deal is worth $3.2 billion. J. K. Rowling wrote it. Sales rose 2.5 percent.";
        let s = sentences(text);
        assert_eq!(s[1], "Dr. Kim met Mr. Ruiz in the U.S. capital on Jan. 5.");
        assert_eq!(s[2], "The deal is worth $3.2 billion.");
        assert_eq!(s[3], "J. K. Rowling wrote it.");
        assert_eq!(s[4], "Sales rose 2.5 percent.");
    }

    #[test]
    fn initialism_ends_sentence_before_an_opener() {
        let text = "Headline\nTroops left the U.S. The move surprised allies.";
        let s = sentences(text);
        assert_eq!(s, ["Headline", "Troops left the U.S.", "The move surprised allies."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "Headline\n“We will not pay,” she said. “Never.” He left. \"Go!\" he shouted.";
        let s = sentences(text);
        assert_eq!(
            s,
            [
                "Headline",
                "“We will not pay,” she said.",
                "“Never.”",
                "He left.",
                "\"Go!\" he shouted."
            ]
        );
    }

    #[test]
    fn cjk_full_stops_split_without_spaces() {
        let text = "标题\n习近平会见了普京。双方签署了协议！";
        assert_eq!(sentences(text), ["标题", "习近平会见了普京。", "双方签署了协议！"]);
    }

    #[test]
    fn blank_lines_make_paragraphs_and_bullets_stand_alone() {
        let text = "Title here\n\nFirst line of a wrapped\nparagraph goes on.\n\n- 1. item one\n- item two\n1. numbered\n";
        let paras = plain_paragraphs(text);
        let got: Vec<_> = paras.iter().map(|p| (p.span.slice(text), p.kind)).collect();
        assert_eq!(got[0], ("Title here", ParagraphKind::Headline));
        assert_eq!(got[1], ("First line of a wrapped\nparagraph goes on.", ParagraphKind::Body));
        assert_eq!(got[2].1, ParagraphKind::ListItem);
        assert_eq!(got[4], ("1. numbered", ParagraphKind::ListItem));
        // The bullet's "1." is not a sentence of its own.
        let s = segment(text, &paras, &abbreviations());
        assert_eq!(s.iter().filter(|s| s.paragraph == 2).count(), 1);
    }

    #[test]
    fn long_first_line_is_not_a_headline() {
        let text = "Russia and China signed a long list of agreements on energy, trade and security on Thursday, officials said.\nMore.";
        assert_eq!(plain_paragraphs(text)[0].kind, ParagraphKind::Body);
    }

    #[test]
    fn tokens_keep_numbers_hyphens_and_apostrophes() {
        let text = "Beijing’s $3,200.5 two-day 习近平 e\u{301}t U.S.";
        let toks: Vec<_> = tokenize(text, Span::new(0, text.len()))
            .map(|t| (t.span.slice(text), t.kind))
            .collect();
        assert!(toks.contains(&("Beijing’s", TokenKind::Word)));
        assert!(toks.contains(&("3,200.5", TokenKind::Number)));
        assert!(toks.contains(&("two-day", TokenKind::Word)));
        assert!(toks.contains(&("习近平", TokenKind::Word)));
        assert!(toks.contains(&("e\u{301}t", TokenKind::Word)));
        assert!(toks.contains(&("$", TokenKind::Punct)));
    }

    #[test]
    fn crlf_lines() {
        let text = "The port would cost $3.2 billion.\n";
        assert_eq!(
            plain_paragraphs(text)[0].kind,
            ParagraphKind::Body,
            "a one-line file has no headline"
        );
        let text = "Headline\r\nOne. Two.\r\n";
        assert_eq!(sentences(text), ["Headline", "One.", "Two."]);
    }
}
