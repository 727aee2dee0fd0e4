//! `LineIndex` on arbitrary text: every byte offset converts to a UTF-16 and a UTF-8 position
//! and back to itself (or to its line's end inside a line break, to its character's start
//! inside a character); positions past a line's end or the last line clamp.

#![no_main]

use factline::text::{LineIndex, PositionEncoding, TextPosition};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [PositionEncoding; 2] = [PositionEncoding::Utf16, PositionEncoding::Utf8];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let idx = LineIndex::new(text);
    let mut char_start = 0;
    for offset in 0..=text.len() + 2 {
        if text.is_char_boundary(offset.min(text.len())) {
            char_start = offset.min(text.len());
        }
        let line = idx.line_of(char_start);
        let content = idx.line_span(line);
        let expect = char_start.min(content.end);
        for enc in ENCODINGS {
            let pos = idx.position(text, offset, enc);
            assert_eq!(pos.line as usize, line, "offset {offset} in {text:?}");
            let column_text = &text[content.start..expect];
            let column = match enc {
                PositionEncoding::Utf16 => column_text.encode_utf16().count(),
                PositionEncoding::Utf8 => column_text.len(),
            };
            assert_eq!(pos.character as usize, column, "offset {offset} in {text:?}");
            assert_eq!(idx.offset(text, pos, enc), expect, "offset {offset} -> {pos:?} in {text:?}");
        }
    }
    for line in 0..idx.line_count() + 1 {
        let span = idx.line_span(line);
        for character in (0..=span.len() as u32 + 2).chain([u32::MAX]) {
            for enc in ENCODINGS {
                let pos = TextPosition {
                    line: line as u32,
                    character,
                };
                let offset = idx.offset(text, pos, enc);
                if line >= idx.line_count() {
                    assert_eq!(offset, text.len());
                } else {
                    assert!(span.start <= offset && offset <= span.end, "{pos:?} -> {offset} in {text:?}");
                    assert!(text.is_char_boundary(offset), "{pos:?} -> {offset} in {text:?}");
                }
            }
        }
    }
});
