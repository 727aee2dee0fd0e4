//! Text basics shared by every layer: byte spans, documents as ropes, the line index that
//! converts byte offsets to editor positions, and sentence/token segmentation.
//!
//! Everything in the core is a byte range into the document's text; only [`LineIndex`]
//! knows about UTF-16 or line/character positions.

mod document;
mod line_index;
pub mod markdown;
mod segment;

pub use document::{ContentChange, Document, DocumentError};
pub use line_index::{LineIndex, PositionEncoding, TextPosition};
pub use segment::{
    ASCII_ALNUM, Abbreviations, Paragraph, ParagraphKind, Sentence, SentenceTokens, Token, TokenKind, char_at, is_word_char,
    plain_paragraphs, segment, tokenize,
};

/// `word.to_lowercase()`, borrowed when the word is lowercase ASCII already (the common case
/// on the extraction's hot paths).
pub fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// `word.trim_end_matches(suffix)`, without setting up a substring searcher per call.
pub fn trim_end_all<'a>(mut word: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = word.strip_suffix(suffix) {
        word = rest;
    }
    word
}

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// True when `inner` lies wholly inside `self`.
    pub const fn covers(self, inner: Span) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }

    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers, or "" when it does not fall on char boundaries.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}
