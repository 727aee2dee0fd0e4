//! An open document: a rope that takes incremental edits, its version, and a snapshot of its
//! text with a line index for the version the analysis ran on.

use std::sync::Arc;

use ropey::Rope;

use super::{LineIndex, PositionEncoding, TextPosition};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("edit range end {end:?} is before its start {start:?}")]
    InvertedRange { start: TextPosition, end: TextPosition },
}

/// One change of a `didChange`: a range to replace (or the whole text when `None`).
#[derive(Clone, Debug)]
pub struct ContentChange {
    pub range: Option<(TextPosition, TextPosition)>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The text of the current version; rebuilt lazily after edits.
    snapshot: Option<(Arc<str>, Arc<LineIndex>)>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            snapshot: None,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    /// Applies edits in order, each to the result of the one before. Positions past the end
    /// clamp to the end, as clients expect. An inverted range fails the whole batch, leaving
    /// the document as it was.
    pub fn apply(&mut self, changes: &[ContentChange], version: i32, enc: PositionEncoding) -> Result<(), DocumentError> {
        let mut rope = self.rope.clone();
        for change in changes {
            match change.range {
                None => rope = Rope::from_str(&change.text),
                Some((start, end)) => {
                    if end < start {
                        return Err(DocumentError::InvertedRange { start, end });
                    }
                    let a = LineIndex::rope_char(&rope, start, enc);
                    let b = LineIndex::rope_char(&rope, end, enc).max(a);
                    rope.remove(a..b);
                    rope.insert(a, &change.text);
                }
            }
        }
        self.rope = rope;
        self.version = version;
        self.snapshot = None;
        Ok(())
    }

    /// The length of the current text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// The current text and its line index (built once per version, shared with the
    /// analysis of that version).
    pub fn snapshot(&mut self) -> (Arc<str>, Arc<LineIndex>) {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        // One buffer of the text's size, copied once into the shared string.
        let mut buffer = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            buffer.push_str(chunk);
        }
        let text: Arc<str> = Arc::from(buffer);
        let index = Arc::new(LineIndex::new(&text));
        self.snapshot = Some((text.clone(), index.clone()));
        (text, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> TextPosition {
        TextPosition { line, character }
    }

    fn edit(doc: &mut Document, a: TextPosition, b: TextPosition, text: &str) {
        let v = doc.version() + 1;
        doc.apply(
            &[ContentChange {
                range: Some((a, b)),
                text: text.into(),
            }],
            v,
            PositionEncoding::Utf16,
        )
        .unwrap();
    }

    #[test]
    fn incremental_edits_after_emoji_and_cjk() {
        let mut doc = Document::new("Moon 🙂 met 习近平.\r\nSecond line", 1);
        // Replace "met" (UTF-16 columns 8..11).
        edit(&mut doc, pos(0, 8), pos(0, 11), "greeted");
        assert_eq!(&*doc.snapshot().0, "Moon 🙂 greeted 习近平.\r\nSecond line");
        // Insert at the end of line 0 (before the CRLF) and at the very end.
        edit(&mut doc, pos(0, 20), pos(0, 20), "!");
        edit(&mut doc, pos(1, 11), pos(1, 11), ".");
        assert_eq!(&*doc.snapshot().0, "Moon 🙂 greeted 习近平.!\r\nSecond line.");
        assert_eq!(doc.version(), 4);
    }

    #[test]
    fn out_of_range_edits_clamp_and_inverted_ranges_fail() {
        let mut doc = Document::new("ab\ncd", 1);
        edit(&mut doc, pos(0, 99), pos(7, 0), "!");
        assert_eq!(&*doc.snapshot().0, "ab!");
        let err = doc.apply(
            &[ContentChange {
                range: Some((pos(0, 2), pos(0, 1))),
                text: String::new(),
            }],
            9,
            PositionEncoding::Utf16,
        );
        assert!(err.is_err());
        assert_eq!(doc.version(), 2);
        assert_eq!(&*doc.snapshot().0, "ab!");
    }

    #[test]
    fn utf8_columns_and_full_replacement() {
        let mut doc = Document::new("é🙂x", 1);
        doc.apply(
            &[ContentChange {
                range: Some((pos(0, 6), pos(0, 7))),
                text: "y".into(),
            }],
            2,
            PositionEncoding::Utf8,
        )
        .unwrap();
        assert_eq!(&*doc.snapshot().0, "é🙂y");
        doc.apply(
            &[ContentChange {
                range: None,
                text: "new".into(),
            }],
            3,
            PositionEncoding::Utf8,
        )
        .unwrap();
        assert_eq!(&*doc.snapshot().0, "new");
    }
}
