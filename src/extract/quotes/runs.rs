//! One speaker's quotations over several sentences and lines: `…," he said. "…"`, a
//! paragraph of quotation after its speaker's paragraph, fragments after an interviewer's
//! question.

use super::{Analysis, Lexicon, Quote, Source, is_speech_cue};
use crate::kb::EntityKind;
use crate::text::{ParagraphKind, Span};

/// The speaker of sentence `si` when it ends on its attribution after a quotation
/// (`…," he said.`, `…," Anna Berg told reporters.`): a named or resolved speaker with a
/// speech cue, right after a quotation mark or the comma closing one.
pub(super) fn closing_speaker(text: &str, lex: &Lexicon, a: &Analysis, si: usize) -> Option<Source> {
    let ss = a.sentences.get(si)?.span;
    a.attributions_in(si).iter().rev().find_map(|x| {
        let start = x.source.span.start.min(x.cue.start);
        let end = x.source.span.end.max(x.cue.end);
        let before = text.get(ss.start..start)?.trim_end();
        let after = text.get(end..ss.end)?;
        let closes = before.ends_with(['”', '"', '’', '\'']) || before.ends_with(",”") || before.ends_with(",\"");
        let ends = after.split_whitespace().count() <= 3;
        (closes && ends && !x.source.vague && x.source.entity.is_some() && is_speech_cue(text, lex, x.cue)).then(|| x.source.clone())
    })
}

/// The speaker of quotation `qi` when its line opens with a quotation mark and names no
/// speaker: the last person or organization the line before gives a quotation or a verb of
/// speech to, not a source of figures (one quotation's speaker running over several
/// paragraphs, "…," he said and then a line of fragments). A question standing alone between them (an interview's prompt) is
/// skipped; a line that names no speaker ends the run. Lines, not paragraphs: many pages
/// break paragraphs with one newline.
pub(super) fn run_speaker(text: &str, lex: &Lexicon, a: &Analysis, quotes: &[Quote], qi: usize) -> Option<Source> {
    let q = &quotes[qi];
    let line_start = text.get(..q.outer.start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text.get(line_start..)?.trim_start().starts_with(['“', '"', '‘', '\'']) {
        return None;
    }
    let line_end = text.get(q.outer.start..)?.find('\n').map_or(text.len(), |i| q.outer.start + i);
    let inside_quote = |span: Span| quotes.iter().any(|o| o.statement && o.outer.covers(span));
    let attributions_within = |from: usize, to: usize| {
        let first = a.sentence_at(from).unwrap_or(0);
        let last = a.sentence_at(to.saturating_sub(1)).unwrap_or(first);
        (first..=last)
            .flat_map(|si| a.attributions_in(si).iter())
            .filter(move |x| x.cue.start >= from && x.cue.end <= to)
            .filter(|x| !inside_quote(x.cue) && !inside_quote(x.source.span))
    };
    // Its own line names a speaker outside its quotations: not a continuation.
    if attributions_within(line_start, line_end).next().is_some() {
        return None;
    }
    let (mut from, mut to) = line_before(text, line_start)?;
    let is_prompt = |line: &str| line.ends_with('?') && !line.contains(['“', '"', '”']) && line.split_whitespace().count() <= 20;
    if is_prompt(text.get(from..to)?) {
        (from, to) = line_before(text, from)?;
    }
    let headline = a
        .paragraphs
        .iter()
        .find(|p| p.span.start <= from && from < p.span.end)
        .is_none_or(|p| p.kind == ParagraphKind::Headline);
    if headline {
        return None;
    }
    // The speaker of that line's last sentence, from its quotations and its attributions (a
    // speaker named earlier in the paragraph, "since she told parliament …", is no longer the
    // one speaking).
    let from = a
        .sentence_at(to.saturating_sub(1))
        .and_then(|si| a.sentences.get(si))
        .map_or(from, |s| s.span.start.max(from));
    let from_quotes = quotes[..qi]
        .iter()
        .filter(|o| o.statement && o.outer.end > from && o.outer.start < to)
        .filter_map(|o| o.speaker.as_ref().map(|s| (o.outer.end, s)));
    // A verb of speech or one that only names a quotation's speaker ("urged"); not one that
    // sources a figure ("…, INEGI reported").
    let from_verbs = attributions_within(from, to)
        .filter(|x| x.quote_only || is_speech_cue(text, lex, x.cue))
        .map(|x| (x.cue.end, &x.source));
    let named = |s: &&Source| {
        !s.vague
            && s.entity
                .and_then(|e| a.entities.get(e))
                .is_some_and(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organization))
    };
    from_quotes
        .chain(from_verbs)
        .max_by_key(|(at, _)| *at)
        .map(|(_, s)| s)
        .filter(named)
        .cloned()
}

/// The non-blank line before the one starting at `line_start`, trimmed, as a byte range.
fn line_before(text: &str, line_start: usize) -> Option<(usize, usize)> {
    let before = text.get(..line_start)?.trim_end();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(start..)?;
    let lead = line.len() - line.trim_start().len();
    (!line.trim().is_empty()).then_some((start + lead, before.len()))
}
