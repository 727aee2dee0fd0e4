//! Hover: who an entity is, or what a figure says and who says it.

use std::fmt::Write;

use crate::extract::Figure;
use crate::workspace::{Article, Workspace};

/// Markdown for the thing under `offset`, if any.
pub fn hover(ws: &Workspace, article: &Article, offset: usize) -> Option<String> {
    let a = &article.analysis;
    if let Some(mi) = a.mention_at(offset) {
        return Some(entity_card(ws, article, a.mentions[mi].entity));
    }
    a.figure_at(offset).map(|fi| figure_card(article, &a.figures[fi]))
}

fn entity_card(ws: &Workspace, article: &Article, ei: usize) -> String {
    let a = &article.analysis;
    let e = &a.entities[ei];
    let mut s = format!("**{}** · {}\n", e.name, e.kind.as_str());
    if let crate::extract::EntityRef::Kb(id) = &e.reference {
        let entry = ws.kb().entry(*id);
        if let Some(d) = &entry.description {
            let _ = write!(s, "\n{d}\n");
        }
        if !entry.aliases.is_empty() {
            let _ = write!(s, "\nAlso: {}\n", entry.aliases.join(", "));
        }
    }
    if let Some(intro) = e.intro {
        let m = &a.mentions[intro];
        let line = article.line_index.line_of(m.span.start);
        let sentence = a.sentences[m.sentence].span.slice(&article.text);
        let _ = write!(s, "\nIntroduced on line {}: > {}\n", line + 1, sentence.trim());
    }
    let here = e.mentions.len();
    let all = ws.mentions_of(&e.reference);
    let docs: std::collections::BTreeSet<&str> = all.iter().map(|m| m.key.as_str()).collect();
    let _ = write!(
        s,
        "\n{here} mention{} in this article; {} in {} article{} of the workspace",
        plural(here),
        all.len(),
        docs.len(),
        plural(docs.len())
    );
    s
}

fn figure_card(article: &Article, f: &Figure) -> String {
    let mut s = format!("**{}** · {}", f.span.slice(&article.text), f.kind.as_str());
    if let Some(v) = f.value {
        let _ = write!(s, "\n\nValue: {v}");
        if let Some(u) = &f.unit {
            let _ = write!(s, " {u}");
        }
    }
    if let Some(q) = &f.qualifier {
        let _ = write!(s, " (qualified: {q})");
    }
    if let Some(d) = &f.date {
        let _ = write!(
            s,
            "\n\nDate: {}-{:02}-{:02}",
            d.year.map_or("????".into(), |y| y.to_string()),
            d.month,
            d.day
        );
    }
    match &f.source {
        Some(src) if src.vague => {
            let _ = write!(s, "\n\nSource: {} (vague)", src.text);
        }
        Some(src) => {
            let _ = write!(s, "\n\nSource: {}", src.text);
        }
        None if f.checkworthy => s.push_str("\n\nNo source in this sentence"),
        None => {}
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
