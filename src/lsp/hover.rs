//! Hover: who an entity is (a card with its knowledge-base entry, where the article introduces
//! it and how often it is named here and in the workspace), or what a figure says and who says it.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::extract::quantity::weigh;
use crate::extract::{CalendarDate, EntityRef};
use crate::text::Span;
use crate::workspace::{Article, Workspace, figure_fingerprint};

/// Markdown for the thing under `offset`, if any. `scanned` is false when the workspace scan
/// has not finished, so workspace-wide counts would be partial.
pub fn hover(ws: &Workspace, article: &Article, offset: usize, scanned: bool) -> Option<String> {
    let a = &article.analysis;
    if let Some(mi) = a.mention_at(offset) {
        return Some(entity_card(ws, article, a.mentions[mi].entity, scanned));
    }
    a.figure_at(offset).map(|fi| figure_card(ws, article, fi))
}

fn entity_card(ws: &Workspace, article: &Article, ei: usize, scanned: bool) -> String {
    let a = &article.analysis;
    let e = &a.entities[ei];
    let mut s = format!("**{}** · {}", escape(&e.name), e.kind.as_str());
    if let EntityRef::Kb(id) = &e.reference {
        let entry = ws.kb().entry(*id);
        if let Some(sub) = &entry.subkind {
            let _ = write!(s, " ({})", escape(sub));
        }
        s.push('\n');
        if let Some(d) = &entry.description {
            let _ = write!(s, "\n{}\n", escape(d));
        }
        if !entry.aliases.is_empty() {
            let aliases: Vec<String> = entry.aliases.iter().map(|x| escape(x)).collect();
            let _ = write!(s, "\nAlso: {}\n", aliases.join(", "));
        }
        if !entry.origin.embedded {
            let file = std::path::Path::new(&entry.origin.file)
                .file_name()
                .map_or_else(|| entry.origin.file.clone(), |n| n.to_string_lossy().into_owned());
            let _ = write!(s, "\nFrom the workspace knowledge base: `{file}` line {}\n", entry.origin.line + 1);
        }
    } else {
        s.push_str("\n\nNot in the knowledge base.\n");
    }
    match e.intro {
        Some(intro) => {
            let m = &a.mentions[intro];
            let line = article.line_index.line_of(m.span.start);
            let sentence = a.sentences.get(m.sentence).map_or(m.span, |x| x.span);
            let excerpt = excerpt(&article.text, sentence, m.span);
            let quoted: Vec<String> = excerpt.lines().map(|l| format!("> {}", escape(l.trim()))).collect();
            let _ = write!(s, "\nIntroduced on line {}:\n\n{}\n", line + 1, quoted.join("\n"));
        }
        None => s.push_str("\nNever introduced by a full name in this article.\n"),
    }
    let here = e.mentions.len();
    let _ = write!(s, "\nMentions: {here} in this article");
    if scanned {
        let all = ws.mentions_of(&e.reference);
        let docs: BTreeSet<&str> = all.iter().map(|m| m.key.as_str()).collect();
        let _ = write!(
            s,
            "; {} in {} article{} of the workspace",
            all.len(),
            docs.len(),
            plural(docs.len())
        );
    } else {
        s.push_str("; workspace still indexing");
    }
    s
}

fn figure_card(ws: &Workspace, article: &Article, fi: usize) -> String {
    let a = &article.analysis;
    let f = &a.figures[fi];
    let mut sections = vec![format!("**{}** · {}", escape(f.span.slice(&article.text)), f.kind.as_str())];
    let mut value = String::new();
    if let Some(v) = f.value {
        let _ = write!(value, "Value: {}", number(v));
        match f.unit.as_deref() {
            Some("%") => value.push('%'),
            Some(u) => {
                let _ = write!(value, " {}", escape(u));
            }
            None => {}
        }
    } else {
        value.push_str("Value: not a precise number");
    }
    if let Some(q) = &f.qualifier {
        let _ = write!(value, " (qualified: \"{}\")", escape(q));
    }
    sections.push(value);
    if let Some(d) = &f.date {
        sections.push(format!(
            "Date: {}-{:02}-{:02}",
            d.year.map_or("????".into(), |y| y.to_string()),
            d.month,
            d.day
        ));
    }
    sections.push(match &f.source {
        Some(src) if src.vague => format!("Source: {} (vague: names nobody)", escape(&src.text)),
        Some(src) => format!("Source: {}", escape(&src.text)),
        None if f.quote.is_some() => "No source: the quotation's speaker is not named".to_string(),
        None => "No source in this sentence".to_string(),
    });
    if ws.checked().contains(&figure_fingerprint(&article.text, a, fi)) {
        sections.push("Marked as checked (`.factline/checked.toml`)".to_string());
    }
    // Further sections about this figure are pushed here, each one paragraph.
    if let Some(same) = same_quantity_section(ws, article, f.span.start) {
        sections.push(same);
    }
    sections.join("\n\n")
}

/// The sentence around a mention, cut to about [`EXCERPT_MAX`] bytes at word boundaries with
/// an ellipsis where it was cut, so a long sentence does not fill the hover.
fn excerpt(text: &str, sentence: Span, mention: Span) -> String {
    let whole = sentence.slice(text).trim();
    if whole.len() <= EXCERPT_MAX {
        return whole.to_string();
    }
    let half = (EXCERPT_MAX.saturating_sub(mention.len())) / 2;
    let mut start = mention.start.saturating_sub(half).max(sentence.start);
    let mut end = (mention.end + half).min(sentence.end);
    while start > sentence.start && !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < sentence.end && !text.is_char_boundary(end) {
        end += 1;
    }
    // Whole words only: drop the partial words at the cut ends (never the mention).
    let (mut from, mut to) = (start, end);
    if start > sentence.start
        && let Some(i) = text.get(start..mention.start.max(start)).and_then(|t| t.find(char::is_whitespace))
    {
        from = start + i;
    }
    if end < sentence.end
        && let Some(i) = text.get(mention.end.min(end)..end).and_then(|t| t.rfind(char::is_whitespace))
    {
        to = mention.end.min(end) + i;
    }
    let cut = text.get(from..to).unwrap_or("");
    let mut out = String::new();
    if start > sentence.start {
        out.push_str("… ");
    }
    out.push_str(cut.trim());
    if end < sentence.end {
        out.push_str(" …");
    }
    out
}

const EXCERPT_MAX: usize = 200;

/// Statements of one quantity per page of the figure's hover.
const HOVER_PAGE: usize = 20;

/// Every other statement of the figure's quantity in the workspace, agreeing or not, with its
/// article, line, value, source and why it was taken as the same quantity; then, when the
/// articles are dated, the quantity's timeline (its statements in date order).
fn same_quantity_section(ws: &Workspace, article: &Article, offset: usize) -> Option<String> {
    let matches = ws.quantity_matches(&article.key, offset).matches;
    if matches.is_empty() {
        return None;
    }
    let a = &article.analysis;
    let me = a.quantities.iter().find(|q| {
        a.figures
            .get(q.figure)
            .is_some_and(|f| f.span.start <= offset && offset < f.span.end.max(f.span.start + 1))
    });
    let place_of = |doc: &str, span: Span| match ws.get(doc) {
        Some(other) => {
            let name = if doc == article.key {
                "this article".to_string()
            } else {
                other.name.clone()
            };
            (name, other.line_index.line_of(span.start) + 1)
        }
        None => (doc.to_string(), 0),
    };
    let mut s = String::from("Same quantity elsewhere:");
    // Every statement is listed (diagnostics name only the nearest few), in pages.
    let pages = matches.len().div_ceil(HOVER_PAGE);
    for (n, m) in matches.iter().enumerate() {
        if pages > 1 && n % HOVER_PAGE == 0 {
            let _ = write!(s, "\n\n*Page {} of {pages}*\n", n / HOVER_PAGE + 1);
        }
        let (place, line) = place_of(m.doc, m.statement.span);
        let verdict = if m.agrees { "agrees" } else { "contradicts" };
        let source = m
            .statement
            .source
            .as_deref()
            .map_or_else(|| "no source".to_string(), |x| format!("source: {}", escape(x)));
        let _ = write!(
            s,
            "\n- {} — {verdict}; {} line {line} ({source})",
            escape(&m.statement.text),
            escape(&place)
        );
        if let Some(me) = me {
            let reason = weigh(me, &m.statement.quantity).reason();
            if !reason.is_empty() {
                let _ = write!(s, " — {}", escape(&reason));
            }
        }
    }
    // The timeline: this statement and the others, oldest first; undated ones last.
    let mut timeline: Vec<(Option<CalendarDate>, String, usize, String)> = matches
        .iter()
        .map(|m| {
            let (place, line) = place_of(m.doc, m.statement.span);
            (m.statement.date, place, line, m.statement.text.clone())
        })
        .collect();
    if let Some(f) = me.and_then(|q| a.figures.get(q.figure)) {
        timeline.push((
            a.article_date,
            "this article".to_string(),
            article.line_index.line_of(f.span.start) + 1,
            f.span.slice(&article.text).to_string(),
        ));
    }
    if timeline.iter().filter(|t| t.0.is_some()).count() >= 2 {
        timeline.sort_by(|x, y| (x.0.is_none(), x.0, &x.1, x.2).cmp(&(y.0.is_none(), y.0, &y.1, y.2)));
        s.push_str("\n\nTimeline:");
        for (date, place, line, text) in &timeline {
            let when = date.map_or_else(
                || "undated".to_string(),
                |d| format!("{}-{:02}-{:02}", d.year.unwrap_or_default(), d.month, d.day),
            );
            let _ = write!(s, "\n- {when}: {} — {} line {line}", escape(text), escape(place));
        }
    }
    Some(s)
}

/// A value as a reader writes it: thousands separated, at most four decimals.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let fixed = format!("{:.4}", v.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c != '0' && c != ',' && c != '.') {
        out.insert(0, '-');
    }
    out
}

/// Text shown literally in Markdown.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(number(3_200_000_000.0), "3,200,000,000");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(-1500.0), "-1,500");
        assert_eq!(number(999.0), "999");
    }

    #[test]
    fn long_sentences_are_cut_around_the_mention_at_word_boundaries() {
        let words = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{words}Kenya {words}.");
        let at = text.find("Kenya").unwrap();
        let out = excerpt(&text, Span::new(0, text.len()), Span::new(at, at + 5));
        assert!(out.starts_with("… ") && out.ends_with(" …") && out.contains("Kenya"), "{out}");
        assert!(out.len() <= EXCERPT_MAX + 10, "{}", out.len());
        let inner = out.trim_start_matches("… ").trim_end_matches(" …");
        for w in inner.split_whitespace() {
            assert!(["lorem", "ipsum", "dolor", "sit", "amet", "Kenya"].contains(&w), "{w:?} in {out}");
        }
        assert_eq!(excerpt("Short one.", Span::new(0, 10), Span::new(0, 5)), "Short one.");
    }

    #[test]
    fn cards_name_the_entity_and_the_figure_source() {
        use crate::extract::Format;
        use crate::kb::KnowledgeBase;
        use crate::workspace::Config;
        let mut ws = Workspace::new(KnowledgeBase::embedded(), Config::default());
        let text = "Port deal\nKenya agreed the port would cost $3.2 billion. Kenya said so.\n";
        let a = ws.set("a", None, text.into(), Format::Plain, None);
        let card = hover(&ws, &a, text.rfind("Kenya").unwrap(), true).unwrap();
        assert!(card.contains("**Kenya** · place"), "{card}");
        assert!(card.contains("Introduced on line 2"), "{card}");
        assert!(card.contains("2 in this article; 2 in 1 article of the workspace"), "{card}");
        let card = hover(&ws, &a, text.find("$3.2").unwrap(), true).unwrap();
        assert!(card.contains("3,200,000,000 USD"), "{card}");
        assert!(card.contains("No source in this sentence"), "{card}");
        assert!(hover(&ws, &a, text.len() + 10, true).is_none());
    }
}
