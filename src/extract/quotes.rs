//! Quotations and their speakers.
//!
//! Straight and curly, double and single marks; nested quotes stay inside their outer quote;
//! a quote running over several paragraphs (opening mark on each, closing only on the last)
//! is one quote. Short quoted words and those after "so-called" are scare quotes or titles,
//! not statements. The speaker is the source of an attribution in the quote's sentences, or
//! in the sentence right before or after it.

use super::{Analysis, Context, Quote};
use crate::text::{ParagraphKind, Span};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Single,
}

pub(super) fn find(text: &str, ctx: &Context, a: &Analysis) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    // An unclosed quote waiting for the next paragraph to continue it.
    let mut carry: Option<(usize, Mark)> = None;
    for p in &a.paragraphs {
        if p.kind == ParagraphKind::Headline {
            continue;
        }
        let s = p.span.slice(text);
        let mut open: Option<(usize, Mark)> = None;
        if let Some((start, mark)) = carry.take() {
            // A continuation paragraph opens with the same mark.
            if opens_with(s, mark) {
                open = Some((start, mark));
            } else {
                push_unclosed(text, a, ctx, &mut out, start, mark, prev_end(a, p.span.start));
            }
        }
        let mut first = true;
        for (i, c) in s.char_indices() {
            let prev = s[..i].chars().next_back();
            let next = s[i + c.len_utf8()..].chars().next();
            let at = p.span.start + i;
            let continuation_open = first && open.is_some();
            first = false;
            if continuation_open && matches!(c, '“' | '"' | '‘' | '\'') {
                continue;
            }
            match (c, open) {
                ('“', None) => open = Some((at, Mark::Double)),
                ('"', None) if opens(prev, next) => open = Some((at, Mark::Double)),
                ('‘', None) => open = Some((at, Mark::Single)),
                ('\'', None) if opens(prev, next) && prev.is_none_or(|c| c.is_whitespace()) => open = Some((at, Mark::Single)),
                ('”' | '"', Some((start, Mark::Double))) => {
                    push(text, a, ctx, &mut out, start, at, false);
                    open = None;
                }
                ('’' | '\'', Some((start, Mark::Single))) if !next.is_some_and(char::is_alphanumeric) => {
                    push(text, a, ctx, &mut out, start, at, false);
                    open = None;
                }
                _ => {}
            }
        }
        carry = open;
    }
    if let Some((start, mark)) = carry {
        push_unclosed(
            text,
            a,
            ctx,
            &mut out,
            start,
            mark,
            a.paragraphs.last().map_or(text.len(), |p| p.span.end),
        );
    }
    out.sort_by_key(|q| q.outer.start);
    out
}

fn opens_with(s: &str, mark: Mark) -> bool {
    match mark {
        Mark::Double => s.starts_with(['“', '"']),
        Mark::Single => s.starts_with(['‘', '\'']),
    }
}

fn prev_end(a: &Analysis, before: usize) -> usize {
    a.paragraphs
        .iter()
        .rev()
        .find(|p| p.span.end <= before)
        .map_or(before, |p| p.span.end)
}

/// A straight quote opens when it follows a space, start or opening punctuation and precedes
/// a non-space.
fn opens(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | ','))
        && next.is_some_and(|c| !c.is_whitespace())
}

fn push_unclosed(text: &str, a: &Analysis, ctx: &Context, out: &mut Vec<Quote>, start: usize, _mark: Mark, end: usize) {
    if end > start {
        push(text, a, ctx, out, start, end, true);
    }
}

fn push(text: &str, a: &Analysis, ctx: &Context, out: &mut Vec<Quote>, open: usize, close: usize, unclosed: bool) {
    let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let close_len = if unclosed {
        0
    } else {
        text[close..].chars().next().map_or(1, char::len_utf8)
    };
    let inner = Span::new(open + open_len, close);
    let outer = Span::new(open, close + close_len);
    let words = inner.slice(text).split_whitespace().count();
    if words == 0 {
        return;
    }
    // Only the words just before the mark can be a scare marker; lowercasing the whole prefix
    // made every quote cost the length of the article.
    let prefix = text[..open].trim_end();
    let mut from = prefix.len().saturating_sub(48);
    while !prefix.is_char_boundary(from) {
        from += 1;
    }
    let before = prefix[from..].to_lowercase();
    let scare = ctx.lexicon.scare_markers.iter().any(|m| before.ends_with(m.as_str()));
    let statement = !scare && words >= 4;
    let first = a.sentence_at(open).or_else(|| a.sentence_at(inner.start)).unwrap_or(0);
    let last = a.sentence_at(close.saturating_sub(1)).unwrap_or(first);
    out.push(Quote {
        span: inner,
        outer,
        sentences: (first, last),
        statement,
        speaker: None,
        unclosed,
    });
}

/// Gives every statement its speaker from the attributions around it.
pub(super) fn assign_speakers(a: &mut Analysis) {
    let quotes = std::mem::take(&mut a.quotes);
    let mut out = quotes;
    for qi in 0..out.len() {
        let q = &out[qi];
        let inside_quote = |span: Span| out.iter().any(|o| o.outer.covers(span));
        let (first, last) = q.sentences;
        let para_of = |s: usize| a.sentences.get(s).map(|x| x.paragraph);
        // Its own sentences first, then the sentence after, then the one before (same or
        // neighbouring paragraph).
        let mut order: Vec<usize> = (first..=last).collect();
        order.push(last + 1);
        if first > 0 {
            order.push(first - 1);
        }
        let speaker = order.into_iter().find_map(|si| {
            if si >= a.sentences.len() {
                return None;
            }
            let near = para_of(si).zip(para_of(first)).is_some_and(|(p, f)| p.abs_diff(f) <= 1);
            // A neighbouring sentence with a quote of its own attributes that quote.
            let own = (first..=last).contains(&si);
            let other_quote = !own
                && out
                    .iter()
                    .enumerate()
                    .any(|(oj, o)| oj != qi && o.statement && (o.sentences.0..=o.sentences.1).contains(&si));
            if !near || other_quote {
                return None;
            }
            a.attributions
                .iter()
                .filter(|x| x.sentence == si && !inside_quote(x.cue) && !inside_quote(x.source.span))
                .min_by_key(|x| (x.source.vague, x.source.entity.is_none()))
                .map(|x| x.source.clone())
        });
        out[qi].speaker = speaker;
    }
    a.quotes = out;
}
