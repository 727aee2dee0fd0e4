//! Spans in characters: the measures compare lengths of overlap, so they count characters
//! (a CJK name is as long as its romanisation's share of the text, not three times longer).
//! The binary reports UTF-8 byte offsets; `Chars` turns them into character offsets.

/// A half-open range of character offsets.
pub type Span = (usize, usize);

/// Characters shared by two spans.
pub fn overlap(a: Span, b: Span) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One text with its byte-to-character map.
pub struct Chars<'a> {
    pub text: &'a str,
    /// For every byte offset 0..=len, the character offset of the char boundary at or before it.
    char_of_byte: Vec<usize>,
}

impl<'a> Chars<'a> {
    pub fn new(text: &'a str) -> Chars<'a> {
        let mut char_of_byte = Vec::with_capacity(text.len() + 1);
        for (n, c) in text.chars().enumerate() {
            char_of_byte.extend(std::iter::repeat_n(n, c.len_utf8()));
        }
        char_of_byte.push(text.chars().count());
        Chars { text, char_of_byte }
    }

    /// The character offset of a byte offset: inside a character it counts from that
    /// character's start; past the end it is the end.
    pub fn char_at(&self, byte: u64) -> usize {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        self.char_of_byte[byte]
    }

    pub fn span(&self, start: u64, end: u64) -> Span {
        (self.char_at(start), self.char_at(end))
    }

    /// The text of a character span (for error lists).
    pub fn slice(&self, span: Span) -> String {
        self.text.chars().skip(span.0).take(span.1.saturating_sub(span.0)).collect()
    }

    /// Every occurrence of `needle`, left to right, never overlapping.
    pub fn find(&self, needle: &str) -> Vec<Span> {
        self.find_where(needle, false)
    }

    /// Every occurrence of `needle` that is a whole word: no letter, digit or underscore
    /// right before or after it.
    pub fn find_words(&self, needle: &str) -> Vec<Span> {
        self.find_where(needle, true)
    }

    fn find_where(&self, needle: &str, whole_words: bool) -> Vec<Span> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let mut at = 0;
        while let Some(found) = self.text.get(at..).and_then(|rest| rest.find(needle)) {
            let (start, end) = (at + found, at + found + needle.len());
            let bounded = !whole_words || (!is_word(self.text[..start].chars().next_back()) && !is_word(self.text[end..].chars().next()));
            if bounded {
                out.push((self.char_of_byte[start], self.char_of_byte[end]));
                at = end;
            } else {
                // Try again one character further on, as a regex scan would.
                at = start + self.text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters() {
        let t = Chars::new("é 東京 x");
        assert_eq!(t.find("x"), vec![(5, 6)]);
        assert_eq!(t.span(3, 9), (2, 4));
        // A byte inside a character counts from its start; past the end is the end.
        assert_eq!(t.char_at(4), 2);
        assert_eq!(t.char_at(99), 6);
        assert_eq!(t.slice((2, 4)), "東京");
    }

    #[test]
    fn whole_words_skip_parts_of_words() {
        let t = Chars::new("Xi, Xiamen and Xi_2 and Xi.");
        assert_eq!(t.find_words("Xi"), vec![(0, 2), (24, 26)]);
        assert_eq!(t.find("Xi").len(), 4);
        assert_eq!(overlap((0, 5), (3, 9)), 2);
        assert_eq!(overlap((0, 2), (3, 9)), 0);
    }
}
