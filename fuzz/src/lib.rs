//! What the analysis targets share: an article checked as `factline check` checks it (analysis,
//! every rule with the other articles in view, the JSON, human and SARIF outputs and the story
//! sheet), with every reported span required to lie on character boundaries.

use std::sync::{Arc, OnceLock};

use factline::cli::FileReport;
use factline::extract::Format;
use factline::kb::KnowledgeBase;
use factline::text::Span;
use factline::workspace::{Config, Workspace, sheet};

fn kb() -> Arc<KnowledgeBase> {
    static KB: OnceLock<Arc<KnowledgeBase>> = OnceLock::new();
    KB.get_or_init(KnowledgeBase::embedded).clone()
}

fn assert_on_boundaries(text: &str, what: &str, span: Span) {
    assert!(
        span.start <= span.end && text.get(span.start..span.end).is_some(),
        "{what} {span:?} is not a char-boundary range of {text:?}"
    );
}

/// Checks the articles as one workspace, as `factline check` does with the files of one call.
pub fn check_like_cli(articles: &[(&str, &str)], format: Format) {
    let mut ws = Workspace::new(kb(), Config::default());
    for (key, text) in articles {
        let article = ws.set(key, None, Arc::from(*text), format, None);
        // A caught panic in the analysis is still a bug.
        assert_eq!(ws.fault(key), None);
        for (what, span) in article.analysis.spans() {
            assert_on_boundaries(text, what, span);
        }
    }
    let mut reports = Vec::new();
    for (key, text) in articles {
        // A rule that panicked is a bug too (check::run catches it).
        let findings = ws.check(key).assert_clean();
        for f in &findings {
            assert_on_boundaries(text, f.code.as_str(), f.span);
            for fix in &f.fixes {
                for (span, _) in &fix.edits {
                    assert_on_boundaries(text, "fix", *span);
                }
            }
            for r in &f.related {
                let other = articles.iter().find(|(k, _)| *k == r.doc).map_or(*text, |(_, t)| *t);
                assert_on_boundaries(other, "related", r.span);
            }
        }
        if let Some(article) = ws.get(key) {
            reports.push(FileReport {
                path: key.to_string(),
                article: article.clone(),
                findings,
            });
        }
    }
    let offsets = factline::cli::check::DiskOffsets::default();
    let _ = factline::cli::json::render(&reports, &ws, &offsets);
    let _ = factline::cli::sarif::render(&reports, &ws, &offsets);
    let _ = factline::cli::human::render(&reports, &ws, false);
    let keys: Vec<String> = articles.iter().map(|(k, _)| k.to_string()).collect();
    let _ = sheet::markdown(&sheet::build(&ws, &keys, &|k| k.to_string()));
}

/// Characters that byte arithmetic trips over, for the bytes that never occur in UTF-8
/// (0xF5..=0xFF): dashes, the non-breaking hyphen, curly quotes and apostrophe, no-break
/// spaces, a combining mark, an emoji and a CJK character.
const TRICKY: [&str; 11] = ["–", "—", "\u{2011}", "’", "“", "”", "\u{a0}", "\u{202f}", "\u{301}", "🙂", "会"];

/// The text of fuzzer bytes: UTF-8 as it is, invalid sequences replaced (U+FFFD, three bytes).
/// With `tricky`, each byte 0xF5..=0xFF first becomes one of [`TRICKY`], so that mutations
/// of ASCII prose put multi-byte characters next to digits and words.
pub fn decode(bytes: &[u8], tricky: bool) -> String {
    if !tricky {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.split_inclusive(|&b| b >= 0xF5) {
        match chunk.split_last() {
            Some((&b, head)) if b >= 0xF5 => {
                out.push_str(&String::from_utf8_lossy(head));
                out.push_str(TRICKY[usize::from(b - 0xF5)]);
            }
            _ => out.push_str(&String::from_utf8_lossy(chunk)),
        }
    }
    out
}

/// One article, or (when `split`) its two halves cut at a character boundary as two articles
/// of one workspace, so the cross-article rules compare them.
pub fn check_text(text: &str, format: Format, split: bool) {
    let ext = if format == Format::Markdown { "md" } else { "txt" };
    let (a, b) = (format!("a.{ext}"), format!("b.{ext}"));
    if split {
        let mut mid = text.len() / 2;
        while !text.is_char_boundary(mid) {
            mid -= 1;
        }
        check_like_cli(&[(&a, &text[..mid]), (&b, &text[mid..])], format);
    } else {
        check_like_cli(&[(&a, text)], format);
    }
}
