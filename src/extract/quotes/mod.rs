//! Quotations and their speakers.
//!
//! Straight and curly, double and single marks; nested quotes stay inside their outer quote;
//! a quote running over several paragraphs (opening mark on each, closing only on the last)
//! is one quote. Short quoted words and those after "so-called" are scare quotes or titles,
//! not statements. The speaker is the source of an attribution in the quote's sentences, or
//! in the sentence right before or after it.

mod runs;

use serde::Deserialize;

use super::{Analysis, Context, Lexicon, Quote, Source};
use crate::kb::EntityKind;
use crate::text::{ParagraphKind, Span};
use runs::{closing_speaker, run_speaker};

/// The word lists of `data/lexicon/quotes.toml`.
#[derive(Debug, Deserialize)]
pub struct QuoteWords {
    korean_quoting_particles: Vec<String>,
    korean_speech_verbs: Vec<String>,
    korean_subject_particles: Vec<String>,
    unnamed_speaker_openers: Vec<String>,
    pronoun_speakers: Vec<String>,
    /// Cues that report speech ("said", "told"), not only a figure ("puts", "estimates").
    speech_cues: Vec<String>,
}

impl QuoteWords {
    /// Parses `data/lexicon/quotes.toml` (compiled in and parsed by tests: a failure is a
    /// build defect).
    pub fn load() -> QuoteWords {
        toml::from_str(include_str!("../../../data/lexicon/quotes.toml")).expect("data/lexicon/quotes.toml is valid")
    }
}

impl Quote {
    /// A statement whose speaker names nobody: a vague source ("officials said") or an
    /// indefinite one ("said a relative of one of the victims", "one expert said"). The
    /// quotation is not attributed, though its sentence says who in general spoke.
    /// A place in the speaker's words does not name them ("a travel agent in Chicago"); a
    /// person named in the sentence right after does ("A founder of the school believes
    /// "…". Thea White is one of its founders.").
    pub fn speaker_unnamed(&self, a: &Analysis) -> bool {
        // The rules ask this without a context: these words are never configured.
        let lex = Lexicon::builtin();
        let words = &lex.quotes;
        let unnamed = self.speaker.as_ref().is_some_and(|s| {
            s.entity.and_then(|e| a.entities.get(e)).is_none_or(|e| e.kind == EntityKind::Place)
                && (s.vague
                    || words.pronoun_speakers.iter().any(|p| p.eq_ignore_ascii_case(s.text.trim()))
                    || s.text
                        .split_whitespace()
                        .next()
                        .is_some_and(|first| words.unnamed_speaker_openers.iter().any(|o| o == first)))
        });
        let named_next = a.sentences.get(self.sentences.1 + 1).is_some_and(|next| {
            let para = |si: usize| a.sentences.get(si).map(|x| x.paragraph);
            para(self.sentences.1 + 1)
                .zip(para(self.sentences.1))
                .is_some_and(|(n, q)| n <= q + 1)
                && a.mentions_within(next.span)
                    .iter()
                    .any(|m| a.entities[m.entity].kind == EntityKind::Person)
        });
        unnamed && !named_next
    }
}

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
        // Only quote marks do anything below: jump between the bytes that can start one
        // (the curly marks all start with 0xE2).
        let mut from = 0;
        while let Some(i) = memchr::memchr3(b'"', b'\'', 0xE2, &s.as_bytes()[from..]).map(|k| from + k) {
            let Some((c, len)) = crate::text::char_at(s, i) else { break };
            from = i + len;
            if !matches!(c, '“' | '"' | '‘' | '\'' | '”' | '’') {
                continue;
            }
            let continuation_open = i == 0 && open.is_some();
            let prev = s[..i].chars().next_back();
            let next = s[i + c.len_utf8()..].chars().next();
            let at = p.span.start + i;
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
    let statement =
        !scare && (words >= 4 || short_sentence_spoken(ctx, inner.slice(text), &before, words)) && !is_title_line(text, a, outer);
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

/// A quoted sentence of two or three words introduced by a verb of speech (`saying,
/// "Everything is gone."`, `said: "We will return."`): a statement though short.
fn short_sentence_spoken(ctx: &Context, inner: &str, before: &str, words: usize) -> bool {
    let inner = inner.trim();
    let sentence = inner.starts_with(char::is_uppercase) && inner.ends_with(['.', '!', '?']);
    let Some(intro) = before.strip_suffix([',', ':']) else {
        return false;
    };
    let verb = intro.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    words >= 2 && sentence && ctx.lexicon.quotes.speech_cues.iter().any(|c| c == verb)
}

/// A quote that is a whole line in title case ("‘CCP Won’t Stop Its Assistance’") is a
/// subheading, not a statement.
fn is_title_line(text: &str, a: &Analysis, outer: Span) -> bool {
    let Some(p) = a.paragraphs.iter().find(|p| p.span.covers(outer)) else {
        return false;
    };
    let rest = text[outer.end..p.span.end].trim();
    if !text[p.span.start..outer.start].trim().is_empty() || !rest.is_empty() {
        return false;
    }
    let words: Vec<&str> = outer
        .slice(text)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with(char::is_uppercase))
        .count();
    words.len() >= 3 && capitalised * 10 >= words.len() * 8 && !outer.slice(text).contains(['.', ','])
}

/// Gives every statement its speaker.
///
/// In order: an attribution in the quote's own sentences (`"…," Berg said`, `Berg said: "…"`);
/// a dash after the closing mark (`"…" — Anna Berg`); a person or body named in the same
/// sentence around an embedded quote (`Putin hailed the "…"`); the sentence before when it
/// introduces the quote with a colon or holds a quote of its own with a speaker (a quote
/// continued after `"…," Berg said.`); a short attribution sentence right after. A
/// neighbouring sentence that merely has a source for its own content (`…, INEGI reported.`)
/// does not name the quote's speaker.
pub(super) fn assign_speakers(text: &str, lex: &Lexicon, a: &mut Analysis) {
    let mut quotes = std::mem::take(&mut a.quotes);
    for qi in 0..quotes.len() {
        if !quotes[qi].statement {
            continue;
        }
        let speaker = speaker_of(text, lex, a, &quotes, qi);
        quotes[qi].speaker = speaker;
    }
    a.quotes = quotes;
}

fn speaker_of(text: &str, lex: &Lexicon, a: &Analysis, quotes: &[Quote], qi: usize) -> Option<Source> {
    let q = &quotes[qi];
    let inside_quote = |span: Span| quotes.iter().any(|o| o.statement && o.outer.covers(span));
    let best_in = |si: usize| {
        a.attributions_in(si)
            .iter()
            .filter(|x| !inside_quote(x.cue) && !inside_quote(x.source.span))
            .min_by_key(|x| (x.source.vague, x.source.entity.is_none(), x.cue.start.abs_diff(q.outer.end)))
            .map(|x| x.source.clone())
    };
    let (first, last) = q.sentences;
    // 1. Its own sentences.
    if let Some(s) = (first..=last).find_map(best_in) {
        return Some(s);
    }
    // 1b. Korean: `"…"라고 말했다`, `"…"고 밝혔다` after the sentence's subject.
    if let Some(s) = korean_speaker(text, lex, a, q) {
        return Some(s);
    }
    // 2. "— Anna Berg" after the closing mark.
    if let Some(s) = dash_speaker(text, a, q) {
        return Some(s);
    }
    // 3. A sentence whose subject names nobody ("A founder of a school where Combs will speak
    // believes "…"") has that subject as its speaker, not a name further on; otherwise a
    // person or body named in the sentence outside the quote.
    if let Some(s) = unnamed_subject(text, lex, a, q) {
        return Some(s);
    }
    if let Some(s) = (first..=last).find_map(|si| named_around(text, a, quotes, si)) {
        return Some(s);
    }
    let para_of = |si: usize| a.sentences.get(si).map(|x| x.paragraph);
    let near = |si: usize| para_of(si).zip(para_of(first)).is_some_and(|(p, f)| p.abs_diff(f) <= 1);
    // 4. The sentence before: a colon introduction, or a quote of its own with a speaker.
    if first > 0 && near(first - 1) {
        let prev = first - 1;
        let ps = a.sentences[prev].span;
        let intro = text[ps.start..ps.end.min(q.outer.start)].trim_end().ends_with(':');
        if intro && let Some(s) = best_in(prev).or_else(|| named_around(text, a, quotes, prev)) {
            return Some(s);
        }
        // A sentence led by its speaker ("Yohanes Lamba, who …, said the first nights were
        // the worst.") introduces the quote after it; one that only sources its own figures
        // at the end ("…, INEGI reported.") does not.
        let led = a.attributions_in(prev).iter().find(|x| {
            !x.source.vague
                && !inside_quote(x.source.span)
                && x.source.span.start <= ps.start + 1
                && x.cue.start > x.source.span.end
                && is_speech_cue(text, lex, x.cue)
        });
        if let Some(x) = led {
            return Some(x.source.clone());
        }
        // A sentence of the same paragraph that closes on its speaker (`…," he said.`):
        // the quote right after continues that speaker.
        if para_of(prev) == para_of(first)
            && let Some(x) = closing_speaker(text, lex, a, prev)
        {
            return Some(x);
        }
        let carried = quotes[..qi]
            .iter()
            .rev()
            .find(|o| o.statement && o.sentences.1 == prev)
            .and_then(|o| o.speaker.clone());
        if carried.is_some() {
            return carried;
        }
    }
    // 5. A short attribution sentence right after ("That was Anna Berg, speaking on Monday.").
    let next = last + 1;
    if next < a.sentences.len() && near(next) {
        let ns = a.sentences[next].span;
        let starts_with_quote = quotes.iter().any(|o| o.outer.start == ns.start);
        let n_words = ns.slice(text).split_whitespace().count();
        if !starts_with_quote
            && n_words <= 12
            && let Some(s) = best_in(next).filter(|s| !s.vague)
        {
            return Some(s);
        }
    }
    // 6. A quotation that is a paragraph of its own, and a next paragraph opening with who said
    // it in other words.
    if let Some(s) = next_paragraph_speaker(text, lex, a, q) {
        return Some(s);
    }
    // 7. A paragraph of quotations with no speaker of its own continues the run of the named
    // speaker of the paragraph before.
    run_speaker(text, lex, a, quotes, qi)
}

/// The speaker of a quotation that is a paragraph of its own, named by the next paragraph in
/// other words ("That was how Anna Berg described it", "Berg made the remark while …").
fn next_paragraph_speaker(text: &str, lex: &Lexicon, a: &Analysis, q: &Quote) -> Option<Source> {
    let (first, last) = q.sentences;
    let next = last + 1;
    let para_of = |si: usize| a.sentences.get(si).map(|x| x.paragraph);
    let own_paragraph = para_of(first).is_some_and(|p| {
        let ps = a.paragraphs[p].span.slice(text);
        let lead = ps.len() - ps.trim_start().len();
        let end = a.paragraphs[p].span.start + ps.trim_end().len();
        q.outer.start == a.paragraphs[p].span.start + lead && q.outer.end == end
    });
    if own_paragraph && next < a.sentences.len() && para_of(next) == para_of(last).map(|p| p + 1) {
        let ns = a.sentences[next].span;
        let speech = ns
            .slice(text)
            .split(|c: char| !c.is_alphabetic())
            .any(|w| lex.speech_words.contains(&w.to_lowercase()));
        let person = a
            .mentions_within(ns)
            .iter()
            .find(|m| a.entities[m.entity].kind == EntityKind::Person);
        if speech && let Some(m) = person {
            return Some(Source {
                span: m.span,
                text: m.span.slice(text).to_string(),
                vague: false,
                entity: Some(m.entity),
            });
        }
    }
    None
}

/// The subject of a Korean sentence that reports the quote with a quoting particle and a
/// speech verb (`김민수 장관은 "…"고 밝혔다`): the first word before the quote, up to the phrase
/// that ends in a topic or subject particle.
fn korean_speaker(text: &str, lex: &Lexicon, a: &Analysis, q: &Quote) -> Option<Source> {
    let w = &lex.quotes;
    let rest = text.get(q.outer.end..)?;
    let rest = w.korean_quoting_particles.iter().find_map(|p| rest.strip_prefix(p.as_str()))?;
    // The verb follows the particle after a space ("고 밝혔다") or right away ("라고말했다").
    let verb = rest.trim_start_matches(' ');
    if !w.korean_speech_verbs.iter().any(|v| verb.starts_with(v.as_str())) {
        return None;
    }
    let si = a.sentence_at(q.outer.start)?;
    let start = a.sentences.get(si)?.span.start;
    let before = text.get(start..q.outer.start)?;
    // Words with their offsets; the subject phrase ends at the first particle.
    let mut at = 0;
    let mut phrase: Vec<(usize, &str)> = Vec::new();
    for word in before.split(' ') {
        let offset = at;
        at += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        phrase.push((offset, word));
        if w.korean_subject_particles
            .iter()
            .any(|p| word.ends_with(p.as_str()) && word.len() > p.len())
        {
            break;
        }
    }
    let &(offset, first) = phrase.first()?;
    // A one-word subject carries its particle ("대변인은"): without it.
    let name = if phrase.len() == 1 {
        w.korean_subject_particles
            .iter()
            .filter_map(|p| first.strip_suffix(p.as_str()))
            .find(|n| !n.is_empty())
            .unwrap_or(first)
    } else {
        first
    };
    if !name.chars().all(|c| c.is_alphabetic()) || name.is_empty() {
        return None;
    }
    let span = Span::new(start + offset, start + offset + name.len());
    Some(Source {
        span,
        text: name.to_string(),
        vague: false,
        entity: a.mention_at(span.start).map(|m| a.mentions[m].entity),
    })
}

/// The opening words of the quote's sentence when they start with an unnamed speaker ("A
/// founder of …", "One official …") and the quote is inside the sentence, not its start.
fn unnamed_subject(text: &str, lex: &Lexicon, a: &Analysis, q: &Quote) -> Option<Source> {
    let si = a.sentence_at(q.outer.start)?;
    let ss = a.sentences.get(si)?.span;
    let before = text.get(ss.start..q.outer.start)?;
    let first = before.split_whitespace().next()?;
    // ("A day after the vote, Merz hailed "…"": words before a comma may be no subject.)
    let vague = lex.vague_sources.contains(first.to_lowercase().as_str());
    if before.trim().is_empty() || before.contains(',') || !(vague || lex.quotes.unnamed_speaker_openers.iter().any(|o| o == first)) {
        return None;
    }
    // Without the verb that introduces the quote ("believes", "wrote").
    let subject = before.trim_end();
    let subject = match subject.rsplit_once(' ') {
        Some((head, verb)) if verb.starts_with(char::is_lowercase) && head.contains(' ') => head,
        _ => subject,
    };
    Some(Source {
        span: Span::new(ss.start, ss.start + subject.len()),
        text: subject.to_string(),
        vague: true,
        entity: None,
    })
}

/// "said", "told", "added": a cue that reports speech (not "puts", "estimates").
fn is_speech_cue(text: &str, lex: &Lexicon, cue: Span) -> bool {
    let cue = cue.slice(text).to_lowercase();
    lex.quotes.speech_cues.contains(&cue)
}

/// "— Anna Berg" or ", – Berg" right after a closing quotation mark.
fn dash_speaker(text: &str, a: &Analysis, q: &Quote) -> Option<Source> {
    let rest = text.get(q.outer.end..)?;
    let r = rest.trim_start_matches([',', '.', ' ']);
    let r2 = r.strip_prefix(['—', '–'])?.trim_start_matches(' ');
    let start = text.len() - r2.len();
    let line_end = r2.find(['\n', '(', ',', '.', ';']).unwrap_or(r2.len());
    let name = r2[..line_end].trim_end();
    let words = name.split_whitespace().count();
    if words == 0 || words > 6 || !name.starts_with(char::is_uppercase) {
        return None;
    }
    let span = Span::new(start, start + name.len());
    Some(Source {
        span,
        text: name.to_string(),
        vague: false,
        entity: a.mention_at(span.start).map(|m| a.mentions[m].entity),
    })
}

/// A person or organization mentioned in sentence `si` outside every quote.
fn named_around(text: &str, a: &Analysis, quotes: &[Quote], si: usize) -> Option<Source> {
    a.mentions
        .iter()
        .filter(|m| m.sentence == si && matches!(a.entities[m.entity].kind, EntityKind::Person | EntityKind::Organization))
        .find(|m| !quotes.iter().any(|o| o.outer.covers(m.span)))
        .map(|m| Source {
            span: m.span,
            text: m.span.slice(text).to_string(),
            vague: false,
            entity: Some(m.entity),
        })
}

#[cfg(test)]
mod tests;
