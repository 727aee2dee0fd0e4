//! Markdown articles: which bytes are prose.
//!
//! The result keeps every byte offset of the original file: non-prose bytes (front matter,
//! code, HTML, link targets, markup) are blanked to spaces in a copy of the text, line breaks
//! kept, so the extraction core can run on the copy and report spans into the original.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Span;
use super::segment::{Paragraph, ParagraphKind};

pub struct Prose {
    /// The text with every non-prose byte replaced by a space (line breaks kept).
    pub masked: String,
    pub paragraphs: Vec<Paragraph>,
}

pub fn prose(text: &str) -> Prose {
    let mut keep = vec![false; text.len()];
    let mut paragraphs = Vec::new();
    // (start of the block, kind, whether a nested paragraph already emitted it)
    let mut open: Vec<(usize, ParagraphKind, bool)> = Vec::new();
    let mut in_code_or_meta = 0usize;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => in_code_or_meta += 1,
                Tag::Paragraph => open.push((range.start, ParagraphKind::Body, false)),
                Tag::Heading { .. } => open.push((range.start, ParagraphKind::Headline, false)),
                Tag::Item => open.push((range.start, ParagraphKind::ListItem, false)),
                Tag::TableCell => open.push((range.start, ParagraphKind::TableCell, false)),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => in_code_or_meta = in_code_or_meta.saturating_sub(1),
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    if let Some((start, kind, emitted)) = open.pop() {
                        // A paragraph inside a list item or block quote stands for it.
                        let kind = match (kind, open.last()) {
                            (ParagraphKind::Body, Some((_, ParagraphKind::ListItem, _))) => ParagraphKind::ListItem,
                            _ => kind,
                        };
                        if let Some(parent) = open.last_mut() {
                            parent.2 = true;
                        }
                        if !emitted {
                            if let Some(span) = kept_extent(&keep, start, range.end) {
                                paragraphs.push(Paragraph { span, kind });
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Text(_) if in_code_or_meta == 0 => keep_chars(&mut keep, text, range),
            Event::SoftBreak | Event::HardBreak => keep_chars(&mut keep, text, range),
            _ => {}
        }
    }
    let mut masked = text.as_bytes().to_vec();
    for (b, k) in masked.iter_mut().zip(&keep) {
        if !k && *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    // Only whole characters are kept (`keep_chars`), so blanking the rest keeps UTF-8 valid.
    let masked = String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    paragraphs.sort_by_key(|p| p.span.start);
    Prose { masked, paragraphs }
}

/// Marks `range` as prose, widened to whole characters and clamped to the text: the parser's
/// ranges fall on character boundaries, but a stray one inside a character must neither
/// panic nor leave half a character in the masked copy.
fn keep_chars(keep: &mut [bool], text: &str, range: std::ops::Range<usize>) {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start < end {
        keep[start..end].fill(true);
    }
}

/// The part of `[start, end)` from the first to the last kept byte.
fn kept_extent(keep: &[bool], start: usize, end: usize) -> Option<Span> {
    let end = end.min(keep.len());
    let first = (start..end).find(|&i| keep[i])?;
    let last = (start..end).rev().find(|&i| keep[i])?;
    Some(Span::new(first, last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_code_html_and_links_are_not_prose() {
        let text = "---\ntitle: $5 billion\n---\n\n# Budget talks\n\nThe plan costs **$3 billion** [per the IMF](https://x.org/9-million).\n\n```\nlet x = 42;\n```\n\n<div>7 people</div>\n\nUse `500 km` code.\n";
        let p = prose(text);
        assert_eq!(p.masked.len(), text.len());
        assert!(!p.masked.contains("$5 billion"));
        assert!(!p.masked.contains("42"));
        assert!(!p.masked.contains("9-million"));
        assert!(!p.masked.contains("7 people"));
        assert!(!p.masked.contains("500 km"));
        assert!(p.masked.contains("$3 billion"));
        assert!(p.masked.contains("per the IMF"));
        let kinds: Vec<_> = p.paragraphs.iter().map(|x| (x.span.slice(text), x.kind)).collect();
        assert_eq!(kinds[0], ("Budget talks", ParagraphKind::Headline));
        assert!(kinds[1].0.starts_with("The plan costs"));
    }

    #[test]
    fn list_items_table_cells_and_quotes() {
        let text = "- first item\n- second item\n\n| Year | Budget |\n|---|---|\n| 2025 | €3.2bn |\n\n> “We agreed,” she said.\n";
        let p = prose(text);
        let got: Vec<_> = p.paragraphs.iter().map(|x| (x.span.slice(text), x.kind)).collect();
        assert!(got.contains(&("first item", ParagraphKind::ListItem)));
        assert!(got.contains(&("€3.2bn", ParagraphKind::TableCell)));
        assert!(got.contains(&("“We agreed,” she said.", ParagraphKind::Body)));
    }

    #[test]
    fn a_range_inside_a_character_keeps_the_whole_character() {
        let text = "a–b 🙂";
        let mut keep = vec![false; text.len()];
        // Byte 2 is inside '–' (bytes 1..4), byte 6 inside '🙂' (5..9); a range running past
        // the end is clamped and an inverted one keeps nothing, without a panic.
        keep_chars(&mut keep, text, 2..6);
        keep_chars(&mut keep, text, 7..99);
        #[allow(clippy::reversed_empty_ranges)]
        keep_chars(&mut keep, text, 4..1);
        let kept: String = text.char_indices().filter(|(i, _)| keep[*i]).map(|(_, c)| c).collect();
        assert_eq!(kept, "–b 🙂");
        assert_eq!(kept_extent(&keep, 0, 99), Some(Span::new(1, text.len())));
    }
}
