//! The source of each figure: its quotation's speaker, else an attribution of its sentence
//! whose scope covers it.

use crate::extract::{Analysis, Attribution, Figure, Lexicon, Source};

/// Gives each figure its source: its quote's speaker, else an attribution of its sentence
/// whose scope covers it (see [`covers`]), a named source before a vague one.
pub(in crate::extract) fn assign_sources(text: &str, lex: &Lexicon, a: &mut Analysis) {
    let mut figures = std::mem::take(&mut a.figures);
    for f in &mut figures {
        let from_quote = f.quote.and_then(|q| a.quotes[q].speaker.clone());
        f.source = from_quote.or_else(|| attributed_source(text, lex, a, f));
    }
    a.figures = figures;
}

/// The source of an attribution of the figure's sentence that covers it: a named one if there
/// is one, else the first.
fn attributed_source(text: &str, lex: &Lexicon, a: &Analysis, f: &Figure) -> Option<Source> {
    let mut in_sentence = a
        .attributions_in(f.sentence)
        .iter()
        .filter(|x| !x.quote_only)
        .filter(|x| covers(text, lex, a, f, x));
    let first = in_sentence.clone().find(|x| !x.source.vague).or_else(|| in_sentence.next());
    first.map(|x| x.source.clone())
}

/// Whether the attribution `x` covers the figure `f`. A subject-verb cue in the middle of a
/// sentence ("… even as one member argued …") covers what follows the verb; one set off by a
/// comma (", the bank said") or opening the sentence covers the whole sentence.
fn covers(text: &str, lex: &Lexicon, a: &Analysis, f: &Figure, x: &Attribution) -> bool {
    let subject_first = x.source.span.end <= x.cue.start;
    if !subject_first || f.span.start >= x.source.span.start {
        return true;
    }
    let sentence_start = a.sentences[f.sentence].span.start;
    let before = text[sentence_start..x.source.span.start].trim_end();
    if before.is_empty() || before.ends_with([',', '—', '–', ';', ':']) {
        return true;
    }
    // ", a 2024 study by the World Bank found": a few words after the last comma, none of
    // them opening a subordinate clause ("even as one member … argued").
    let Some(comma) = before.rfind([',', '—', '–', ';']) else {
        return false;
    };
    let lead: Vec<&str> = before[comma..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    lead.len() <= 5 && !lead.iter().any(|w| lex.clauses.clause_openers.contains(&w.to_lowercase()))
}
