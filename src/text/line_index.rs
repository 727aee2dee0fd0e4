//! The one place where byte offsets become editor positions and back: over a document
//! version's text through its index, and over the rope of a document under edit.
//!
//! Built once per document version. Lines end at `\n`, `\r\n` or `\r` (the LSP definition).
//! Columns count UTF-16 code units unless the client negotiated UTF-8.

use ropey::Rope;

use super::Span;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    /// LSP's default: columns in UTF-16 code units.
    #[default]
    Utf16,
    /// Columns in bytes, when the client offers `positionEncoding: ["utf-8"]`.
    Utf8,
}

impl PositionEncoding {
    /// The code units `ch` takes in a column of this encoding.
    pub fn units(self, ch: char) -> usize {
        match self {
            PositionEncoding::Utf16 => ch.len_utf16(),
            PositionEncoding::Utf8 => ch.len_utf8(),
        }
    }
}

/// A zero-based line and column, the column in the index's encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextPosition {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    line_starts: Vec<usize>,
    /// Byte offset where each line's content ends (before its line break).
    line_ends: Vec<usize>,
    /// Lines that are pure ASCII, where every encoding's column is the byte column.
    ascii: Vec<bool>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut line_ends = Vec::new();
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    line_ends.push(i);
                    ascii.push(line_ascii);
                    line_ascii = true;
                    line_starts.push(i + 1);
                }
                b'\r' => {
                    line_ends.push(i);
                    ascii.push(line_ascii);
                    line_ascii = true;
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                b if b >= 0x80 => line_ascii = false,
                _ => {}
            }
            i += 1;
        }
        line_ends.push(bytes.len());
        ascii.push(line_ascii);
        LineIndex {
            line_starts,
            line_ends,
            ascii,
            len: bytes.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line containing `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte span of a line's content, without its line break.
    pub fn line_span(&self, line: usize) -> Span {
        let line = line.min(self.line_count() - 1);
        Span::new(self.line_starts[line], self.line_ends[line])
    }

    /// Converts a byte offset to a position. Offsets past the end clamp to the end; offsets
    /// inside a multi-byte character or a line break clamp to its start.
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> TextPosition {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let offset = offset.min(self.line_ends[line]);
        let character = if self.ascii[line] || enc == PositionEncoding::Utf8 {
            offset - start
        } else {
            text[start..offset].chars().map(char::len_utf16).sum()
        };
        TextPosition {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The zero-based line of a byte offset and its column in characters, as a terminal shows
    /// them (the CLI's `path:line:column`). Offsets inside a line break count to its line's end.
    pub fn line_and_char_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset.min(text.len()));
        let span = self.line_span(line);
        let upto = Span::new(span.start, offset.clamp(span.start, span.end));
        (line, upto.slice(text).chars().count())
    }

    pub fn range(&self, text: &str, span: Span, enc: PositionEncoding) -> (TextPosition, TextPosition) {
        (self.position(text, span.start, enc), self.position(text, span.end, enc))
    }

    /// Converts a position to a byte offset. A line past the end maps to the end of the text;
    /// a column past the line's end maps to the line's end; a column inside a character (half
    /// a surrogate pair, a byte inside UTF-8) maps to the character's start.
    pub fn offset(&self, text: &str, pos: TextPosition, enc: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_count() {
            return self.len;
        }
        let (start, end) = (self.line_starts[line], self.line_ends[line]);
        let want = pos.character as usize;
        if self.ascii[line] {
            return (start + want).min(end);
        }
        if enc == PositionEncoding::Utf8 {
            return floor_char_boundary(text, (start + want).min(end));
        }
        let mut units = 0;
        for (i, ch) in text[start..end].char_indices() {
            let next = units + ch.len_utf16();
            if next > want {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The char index of `pos` in a rope under edit (the edits of one change apply one after
    /// another, with no index built between them), clamped like [`LineIndex::offset`]: a line
    /// past the end maps to the end, a column past the line's end to the line's end, a column
    /// inside a character to its start.
    pub fn rope_char(rope: &Rope, pos: TextPosition, enc: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let mut units = 0usize;
        let want = pos.character as usize;
        for (i, ch) in rope.line(line).chars().enumerate() {
            if ch == '\n' || ch == '\r' {
                return line_start + i;
            }
            let w = enc.units(ch);
            if units + w > want {
                return line_start + i;
            }
            units += w;
        }
        line_start + rope.line(line).len_chars()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, enc: PositionEncoding) {
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let pos = idx.position(text, offset, enc);
            let back = idx.offset(text, pos, enc);
            // Offsets inside a line break map to the end of its line's content.
            let line = idx.line_of(offset);
            let expect = offset.min(idx.line_span(line).end);
            assert_eq!(back, expect, "offset {offset} -> {pos:?} in {text:?}");
        }
    }

    #[test]
    fn character_columns_count_each_character_once() {
        let text = "Xi 习近平 met 🙂 Moon\r\nnext";
        let idx = LineIndex::new(text);
        // "Xi " = 3, 习近平 = 3, " met " = 5, 🙂 = 1, " " = 1
        assert_eq!(idx.line_and_char_column(text, text.find("Moon").unwrap()), (0, 13));
        assert_eq!(idx.line_and_char_column(text, text.find('\n').unwrap()), (0, 17));
        assert_eq!(idx.line_and_char_column(text, text.find("next").unwrap()), (1, 0));
        assert_eq!(idx.line_and_char_column(text, text.len() + 5), (1, 4));
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_cjk() {
        let text = "Xi 习近平 met 🙂 Moon\nnext";
        let idx = LineIndex::new(text);
        let moon = text.find("Moon").unwrap();
        // "Xi " = 3, 习近平 = 3 units, " met " = 5, 🙂 = 2 units, " " = 1
        assert_eq!(
            idx.position(text, moon, PositionEncoding::Utf16),
            TextPosition { line: 0, character: 14 }
        );
        assert_eq!(
            idx.position(text, moon, PositionEncoding::Utf8),
            TextPosition {
                line: 0,
                character: moon as u32
            }
        );
        let next = text.find("next").unwrap();
        assert_eq!(
            idx.position(text, next, PositionEncoding::Utf16),
            TextPosition { line: 1, character: 0 }
        );
    }

    #[test]
    fn combining_marks_are_their_own_code_units() {
        let text = "Sa\u{0301}o Paulo";
        let idx = LineIndex::new(text);
        let p = text.find('P').unwrap();
        assert_eq!(idx.position(text, p, PositionEncoding::Utf16).character, 5);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "one\r\ntwo\rthree\nfour";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(
            idx.position(text, text.find("two").unwrap(), PositionEncoding::Utf16),
            TextPosition { line: 1, character: 0 }
        );
        assert_eq!(
            idx.position(text, text.find("three").unwrap(), PositionEncoding::Utf16),
            TextPosition { line: 2, character: 0 }
        );
        assert_eq!(idx.line_span(0).slice(text), "one");
        // The \r of a CRLF is not part of any column.
        assert_eq!(
            idx.position(text, 3, PositionEncoding::Utf16),
            TextPosition { line: 0, character: 3 }
        );
        assert_eq!(
            idx.position(text, 4, PositionEncoding::Utf16),
            TextPosition { line: 0, character: 3 }
        );
    }

    #[test]
    fn final_line_without_newline_and_trailing_newline() {
        let idx = LineIndex::new("a\nb");
        assert_eq!(idx.line_count(), 2);
        let idx = LineIndex::new("a\n");
        assert_eq!(idx.line_count(), 2);
        assert_eq!(
            idx.position("a\n", 2, PositionEncoding::Utf16),
            TextPosition { line: 1, character: 0 }
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "héllo\nworld";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, TextPosition { line: 9, character: 0 }, PositionEncoding::Utf16),
            text.len()
        );
        assert_eq!(
            idx.offset(text, TextPosition { line: 0, character: 99 }, PositionEncoding::Utf16),
            6
        );
        assert_eq!(
            idx.position(text, 999, PositionEncoding::Utf16),
            TextPosition { line: 1, character: 5 }
        );
        // An offset inside "é" clamps to its start.
        assert_eq!(
            idx.position(text, 2, PositionEncoding::Utf16),
            TextPosition { line: 0, character: 1 }
        );
        // A column inside a surrogate pair maps to the pair's start.
        let text = "a🙂b";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, TextPosition { line: 0, character: 2 }, PositionEncoding::Utf16), 1);
        assert_eq!(idx.offset(text, TextPosition { line: 0, character: 3 }, PositionEncoding::Utf16), 5);
    }

    #[test]
    fn every_offset_roundtrips() {
        for text in [
            "",
            "plain ascii",
            "Lee Jae-myung (이재명) said 🙂🙂\r\nnext\rline\n",
            "e\u{0301}\u{0301}x\n\n🇰🇷 flag",
        ] {
            roundtrip(text, PositionEncoding::Utf16);
            roundtrip(text, PositionEncoding::Utf8);
        }
    }

    /// The rope conversion of an edit and the index's agree on every position, inside
    /// characters, past line ends and past the last line included.
    #[test]
    fn rope_positions_match_the_index() {
        for text in [
            "",
            "plain ascii\n",
            "Lee Jae-myung (이재명) said 🙂🙂\r\nnext\rline\n",
            "e\u{0301}\u{0301}x\n\n🇰🇷 flag – “quoted”\u{a0}end",
        ] {
            let index = LineIndex::new(text);
            let rope = Rope::from_str(text);
            for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                for line in 0..index.line_count() as u32 + 2 {
                    for character in 0..40 {
                        let pos = TextPosition { line, character };
                        let from_rope = rope.char_to_byte(LineIndex::rope_char(&rope, pos, enc));
                        assert_eq!(from_rope, index.offset(text, pos, enc), "{text:?} {pos:?} {enc:?}");
                    }
                }
            }
        }
    }
}
