//! Symbols: the article's entities grouped by kind (document symbols, an outline), and a fuzzy
//! search over every entity of the workspace by name, alias or spelling (workspace symbols).

use std::collections::{BTreeMap, HashSet};

use tower_lsp_server::ls_types::{DocumentSymbol, Location, OneOf, Range, SymbolKind, WorkspaceSymbol};

use super::convert;
use crate::extract::{EntityRef, slug};
use crate::kb::EntityKind;
use crate::text::PositionEncoding;
use crate::workspace::{Article, Workspace};

/// The symbol kind shown for each entity kind (LSP has none for people or places).
pub fn symbol_kind(kind: EntityKind) -> SymbolKind {
    match kind {
        EntityKind::Person => SymbolKind::OBJECT,
        EntityKind::Organization => SymbolKind::STRUCT,
        EntityKind::Place => SymbolKind::CONSTANT,
    }
}

fn group_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Persons",
        EntityKind::Organization => "Organizations",
        EntityKind::Place => "Places",
    }
}

/// One group per entity kind present, each entity at its introducing (or first) mention.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written as a field.
pub fn document_symbols(article: &Article, enc: PositionEncoding) -> Vec<DocumentSymbol> {
    let a = &article.analysis;
    let mut groups: BTreeMap<EntityKind, Vec<(usize, DocumentSymbol)>> = BTreeMap::new();
    for e in &a.entities {
        let Some(at) = e.intro.or_else(|| e.mentions.first().copied()) else {
            continue;
        };
        let Some(m) = a.mentions.get(at) else { continue };
        let range = convert::range(&article.line_index, &article.text, m.span, enc);
        let n = e.mentions.len();
        groups.entry(e.kind).or_default().push((
            m.span.start,
            DocumentSymbol {
                name: e.name.clone(),
                detail: Some(format!("{} · {n} mention{}", e.kind.as_str(), if n == 1 { "" } else { "s" })),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: None,
            },
        ));
    }
    groups
        .into_iter()
        .map(|(kind, mut children)| {
            children.sort_by_key(|(start, _)| *start);
            let children: Vec<DocumentSymbol> = children.into_iter().map(|(_, s)| s).collect();
            // A parent's range must enclose its children's.
            let start = children
                .iter()
                .map(|c| c.range.start)
                .min_by_key(|p| (p.line, p.character))
                .unwrap_or_default();
            let end = children
                .iter()
                .map(|c| c.range.end)
                .max_by_key(|p| (p.line, p.character))
                .unwrap_or_default();
            let range = Range { start, end };
            DocumentSymbol {
                name: group_name(kind).to_string(),
                detail: Some(format!("{} entit{}", children.len(), if children.len() == 1 { "y" } else { "ies" })),
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range,
                selection_range: Range { start, end: start },
                children: Some(children),
            }
        })
        .collect()
}

/// How well `query` matches a spelling: lower is better, `None` is no match. Both sides are
/// folded to slugs, so case, accents and punctuation do not matter.
fn score(query: &str, spelling: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(5);
    }
    let s = slug(spelling);
    if s == query {
        return Some(0);
    }
    if s.starts_with(query) {
        return Some(1);
    }
    if s.split('-').any(|w| w.starts_with(query)) {
        return Some(2);
    }
    if s.contains(query) {
        return Some(3);
    }
    // Every query character in order ("jmln" finds "Jean-Marie Le Pen").
    let mut chars = s.chars().filter(|c| *c != '-');
    query.chars().filter(|c| *c != '-').all(|q| chars.any(|c| c == q)).then_some(4)
}

/// The better of two scores, a match beating no match.
fn better(a: Option<u8>, b: Option<u8>) -> Option<u8> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

struct Candidate {
    name: String,
    kind: EntityKind,
    score: u8,
    location: Location,
    article: String,
}

/// Every entity of the workspaces whose name, alias or spelling matches `query` (all of them
/// for an empty query), best match first; each entity once, at its first introduction.
pub fn workspace_symbols(workspaces: &[&Workspace], query: &str, enc: PositionEncoding) -> Vec<WorkspaceSymbol> {
    let q = slug(query);
    let mut seen: HashSet<(EntityKind, String)> = HashSet::new();
    let mut out: Vec<Candidate> = Vec::new();
    for ws in workspaces {
        for article in ws.articles() {
            let a = &article.analysis;
            for e in &a.entities {
                let id = ws.entity_id(&e.reference);
                if seen.contains(&(e.kind, id.clone())) {
                    continue;
                }
                let mut best = score(&q, &e.name);
                // An empty query matches everything; other spellings need no look.
                if !q.is_empty()
                    && let EntityRef::Kb(entry) = &e.reference
                {
                    for alias in &ws.kb().entry(*entry).aliases {
                        best = better(best, score(&q, alias));
                    }
                }
                for &mi in e.mentions.iter().filter(|_| !q.is_empty()) {
                    let spelled = a.mentions[mi].span.slice(&article.text);
                    best = better(best, score(&q, spelled));
                }
                let Some(score) = best else { continue };
                let Some(at) = e.intro.or_else(|| e.mentions.first().copied()) else {
                    continue;
                };
                let Some(uri) = convert::uri_from_key(&article.key) else { continue };
                seen.insert((e.kind, id));
                out.push(Candidate {
                    name: e.name.clone(),
                    kind: e.kind,
                    score,
                    location: Location {
                        uri,
                        range: convert::range(&article.line_index, &article.text, a.mentions[at].span, enc),
                    },
                    article: article.key.clone(),
                });
            }
        }
    }
    out.sort_by(|x, y| {
        x.score
            .cmp(&y.score)
            .then_with(|| x.name.cmp(&y.name))
            .then_with(|| x.article.cmp(&y.article))
    });
    out.into_iter()
        .map(|c| WorkspaceSymbol {
            name: c.name,
            kind: symbol_kind(c.kind),
            tags: None,
            container_name: Some(c.kind.as_str().to_string()),
            location: OneOf::Left(c.location),
            data: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn fuzzy_scores_prefer_exact_then_prefix_then_word_then_anywhere() {
        assert_eq!(score("kenya", "Kenya"), Some(0));
        assert_eq!(score("ken", "Kenya"), Some(1));
        assert_eq!(score("guterres", "António Guterres"), Some(2));
        assert_eq!(score("anto", "António Guterres"), Some(1));
        assert_eq!(score("terr", "António Guterres"), Some(3));
        assert_eq!(score("agu", "António Guterres"), Some(4));
        assert_eq!(score("xyz", "António Guterres"), None);
        assert_eq!(score("", "Anything"), Some(5));
    }
}
