//! The article's layout: paragraphs (from Markdown blocks or plain-text lines), the headline
//! and the dateline.

use super::{Dateline, Format};
use crate::text::{Paragraph, ParagraphKind, Span, markdown, plain_paragraphs};

pub(super) struct Layout {
    /// For Markdown, the text with non-prose bytes blanked (offsets unchanged).
    pub prose: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub dateline: Option<Dateline>,
}

pub(super) fn layout(text: &str, format: Format) -> Layout {
    let (prose, paragraphs) = match format {
        Format::Plain => (None, plain_paragraphs(text)),
        Format::Markdown => {
            let p = markdown::prose(text);
            (Some(p.masked), p.paragraphs)
        }
    };
    let body = prose.as_deref().unwrap_or(text);
    let dateline = paragraphs
        .iter()
        .find(|p| p.kind == ParagraphKind::Body)
        .and_then(|p| dateline(body, p.span));
    Layout {
        prose,
        paragraphs,
        dateline,
    }
}

/// "LAGOS (Reuters) —", "SEOUL, March 4 (Yonhap) -", "WASHINGTON —" at a paragraph's start.
fn dateline(text: &str, para: Span) -> Option<Dateline> {
    let s = para.slice(text);
    // A dateline sits in the first 80 bytes; cut there at a character boundary (CJK, emoji).
    let cut = (0..=s.len().min(80)).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    let head = &s[..cut];
    let (dash_at, dash_len) = ["—", " – ", " - ", "–"]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min_by_key(|&(i, _)| i)?;
    let prefix = &head[..dash_at];
    let city_end = prefix.find([',', '(']).unwrap_or(prefix.len());
    let city = prefix[..city_end].trim();
    let letters: Vec<char> = city.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || letters.iter().any(|c| c.is_lowercase()) {
        return None;
    }
    let agency = prefix.find('(').and_then(|open| {
        let close = prefix[open..].find(')')? + open;
        (close > open + 1).then(|| Span::new(para.start + open + 1, para.start + close))
    });
    Some(Dateline {
        span: Span::new(para.start, para.start + dash_at + dash_len),
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_with_and_without_agency() {
        let text = "Headline here\nLAGOS (Reuters) — Nigeria's central bank raised rates.";
        let l = layout(text, Format::Plain);
        let d = l.dateline.unwrap();
        assert_eq!(d.agency.unwrap().slice(text), "Reuters");
        assert!(d.span.slice(text).starts_with("LAGOS"));
        let text = "Headline\nSEOUL, March 4 - Lee Jae-myung met Kim.";
        assert!(layout(text, Format::Plain).dateline.unwrap().agency.is_none());
        let text = "Headline\nThe bank - unusually - raised rates.";
        assert!(layout(text, Format::Plain).dateline.is_none());
    }

    #[test]
    fn a_multibyte_character_across_the_dateline_window_is_no_panic() {
        // Byte 80 falls inside a three-byte character in each of these.
        for pad in 0..3 {
            let body = format!("{}{}", "a".repeat(78 + pad), "会谈中会谈中 — text");
            let text = format!("Headline\n{body}");
            let _ = layout(&text, Format::Plain);
        }
    }
}
