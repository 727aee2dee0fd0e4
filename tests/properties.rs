//! Property tests: the extraction core never panics and reports spans on character
//! boundaries, for arbitrary strings and for article-shaped text from the fragment grammar
//! (`tests/grammar`), and the line index converts offsets and positions both ways.
//!
//! Deterministic: a fixed seed and no persistence files. `PROPTEST_CASES=N` runs more cases
//! (256 by default).

mod grammar;

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use factline::extract::{Context, Format, analyze};
use factline::kb::KnowledgeBase;
use factline::text::{LineIndex, PositionEncoding, Span, TextPosition};
use factline::workspace::{Config as WorkspaceConfig, Workspace};

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x5eed_fac7),
        ..Config::default()
    }
}

fn kb() -> Arc<KnowledgeBase> {
    static KB: OnceLock<Arc<KnowledgeBase>> = OnceLock::new();
    KB.get_or_init(KnowledgeBase::embedded).clone()
}

fn assert_on_boundaries(text: &str, what: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && text.get(span.start..span.end).is_some(),
        "{what} {span:?} is not a char-boundary range of {text:?}"
    );
    Ok(())
}

/// Analyses `text` in both formats, checks every span, then runs the rules through a
/// workspace as the CLI does and checks the findings' spans too.
fn analyze_and_check(text: &str) -> Result<(), TestCaseError> {
    for format in [Format::Plain, Format::Markdown] {
        let ctx = Context::new(kb()).with_format(format);
        let a = analyze(text, &ctx);
        for (what, span) in a.spans() {
            assert_on_boundaries(text, what, span)?;
        }
        let mut ws = Workspace::new(kb(), WorkspaceConfig::default());
        let key = if format == Format::Markdown { "a.md" } else { "a.txt" };
        ws.set(key, None, text.into(), format, None);
        for f in ws.check(key).assert_clean() {
            assert_on_boundaries(text, f.code.as_str(), f.span)?;
            for r in &f.related {
                assert_on_boundaries(text, "related", r.span)?;
            }
            for fix in &f.fixes {
                for (span, _) in &fix.edits {
                    assert_on_boundaries(text, "fix", *span)?;
                }
            }
        }
    }
    Ok(())
}

/// Characters that stress byte arithmetic, mixed with ASCII prose characters.
fn tricky_char() -> impl Strategy<Value = char> {
    let pools = grammar::tricky();
    let special: Vec<char> = pools.iter().flat_map(|s| s.chars()).collect();
    prop_oneof![
        4 => prop::sample::select(b"abcdefghijklmnopqrstuvwxyzJMSTADNOF0123456789 .,$%-:\n\r#|*".as_slice()).prop_map(char::from),
        3 => prop::sample::select(special),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..300).prop_map(String::from_iter)
}

/// Text that a grammar of news fragments builds from random choices.
fn grammar_article() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..200).prop_map(|bytes| grammar::article(&mut grammar::Choices::new(&bytes), 12))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn analyze_never_panics_on_arbitrary_text(text in prop_oneof![any::<String>(), tricky_string()]) {
        analyze_and_check(&text)?;
    }

    #[test]
    fn analyze_never_panics_on_generated_articles(text in grammar_article()) {
        analyze_and_check(&text)?;
    }

    #[test]
    fn line_index_round_trips(text in tricky_string()) {
        line_index_properties(&text)?;
    }
}

fn line_index_properties(text: &str) -> Result<(), TestCaseError> {
    let idx = LineIndex::new(text);
    let boundaries = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    for offset in boundaries {
        let line = idx.line_of(offset);
        let content = idx.line_span(line);
        // Offsets inside a line break stand for the end of their line's content.
        let expect = offset.min(content.end);
        for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
            let pos = idx.position(text, offset, enc);
            prop_assert_eq!(pos.line as usize, line);
            let column_text = &text[content.start..expect];
            let column = match enc {
                PositionEncoding::Utf16 => column_text.encode_utf16().count(),
                PositionEncoding::Utf8 => column_text.len(),
            };
            prop_assert_eq!(pos.character as usize, column, "offset {} in {:?}", offset, text);
            prop_assert_eq!(idx.offset(text, pos, enc), expect, "offset {} -> {:?} in {:?}", offset, pos, text);
        }
    }
    // Offsets inside a character stand for its start.
    for (i, c) in text.char_indices() {
        for inside in i + 1..i + c.len_utf8() {
            for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                prop_assert_eq!(idx.position(text, inside, enc), idx.position(text, i, enc));
            }
        }
    }
    // Columns past a line's end clamp to it; lines past the last clamp to the text's end.
    for line in 0..idx.line_count() {
        let end = idx.line_span(line).end;
        for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
            let far = TextPosition {
                line: line as u32,
                character: u32::MAX,
            };
            prop_assert_eq!(idx.offset(text, far, enc), end);
            let past = idx.position(text, end, enc);
            let one_more = TextPosition {
                character: past.character + 1,
                ..past
            };
            prop_assert_eq!(idx.offset(text, one_more, enc), end);
        }
    }
    let below = TextPosition {
        line: idx.line_count() as u32,
        character: 0,
    };
    prop_assert_eq!(idx.offset(text, below, PositionEncoding::Utf16), text.len());
    let last = idx.position(text, text.len(), PositionEncoding::Utf16);
    prop_assert_eq!(idx.position(text, text.len() + 7, PositionEncoding::Utf16), last);
    // Every column inside a character (half a surrogate pair, a byte inside UTF-8) maps to a
    // char boundary.
    for line in 0..idx.line_count() {
        for character in 0..=(idx.line_span(line).len() as u32 + 1) {
            for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                let offset = idx.offset(
                    text,
                    TextPosition {
                        line: line as u32,
                        character,
                    },
                    enc,
                );
                prop_assert!(text.is_char_boundary(offset), "{:?} {} {} -> {}", enc, line, character, offset);
            }
        }
    }
    Ok(())
}
