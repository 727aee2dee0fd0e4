//! The story sheet of a set of articles — who and what they name, and whom they cite — with
//! mention counts and the articles naming each. Shared by `factline sheet` and the server's
//! `factline.showSheet` command.
//!
//! Sections: persons, organizations, places (countries first), and sources: the institutions an
//! attribution names (people quoted are already listed as persons), dateline agencies, and news agencies and outlets
//! (knowledge-base subkind `agency`/`outlet`) mentioned anywhere. Each is sorted by mention
//! count, most first, then by name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use serde::Serialize;

use super::Workspace;
use crate::extract::{Analysis, EntityRef};
use crate::kb::EntityKind;
use crate::text::Span;

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Sheet {
    version: u32,
    articles: Vec<String>,
    persons: Vec<Row>,
    organizations: Vec<Row>,
    places: Vec<Row>,
    sources: Vec<SourceRow>,
}

/// A person, organization or place named in the articles.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    name: String,
    subkind: Option<String>,
    mentions: usize,
    articles: Vec<ArticleCount>,
}

#[derive(Debug, Serialize)]
struct ArticleCount {
    path: String,
    mentions: usize,
}

/// A source the articles cite or a news outlet they name.
#[derive(Debug, Serialize)]
struct SourceRow {
    /// `None` for a dateline agency the knowledge base does not know.
    id: Option<String>,
    name: String,
    kind: &'static str,
    subkind: Option<String>,
    mentions: usize,
    /// Statements attributed to it (sentences citing it, and datelines).
    citations: usize,
    articles: Vec<SourceArticle>,
}

#[derive(Debug, Serialize)]
struct SourceArticle {
    path: String,
    mentions: usize,
    citations: usize,
}

/// An entity across the articles, before it becomes a row.
struct Tally {
    id: String,
    name: String,
    kind: EntityKind,
    subkind: Option<String>,
    /// Mentions per article path.
    mentions: BTreeMap<String, usize>,
    /// Distinct cited spans per article path.
    citations: BTreeMap<String, BTreeSet<Span>>,
    /// An agency or outlet, or cited at least once.
    source: bool,
}

impl Tally {
    fn mention_count(&self) -> usize {
        self.mentions.values().sum()
    }
}

/// The tally of entity `ei` of an analysis, created on first sight.
fn slot<'t>(tallies: &'t mut BTreeMap<(EntityKind, String), Tally>, ws: &Workspace, a: &Analysis, ei: usize) -> &'t mut Tally {
    let e = &a.entities[ei];
    let id = ws.entity_id(&e.reference);
    tallies.entry((e.kind, id.clone())).or_insert_with(|| {
        let subkind = match e.reference {
            EntityRef::Kb(entry) => ws.kb().entry(entry).subkind.clone(),
            EntityRef::Local(_) => None,
        };
        let source = matches!(subkind.as_deref(), Some("agency" | "outlet"));
        Tally {
            id,
            name: e.name.clone(),
            kind: e.kind,
            subkind,
            mentions: BTreeMap::new(),
            citations: BTreeMap::new(),
            source,
        }
    })
}

/// The sheet of the articles `keys`, each found in its workspace `ws_of(key)` (the
/// project's: an entity is known by its id, so articles of several projects make one sheet)
/// and shown as `label(key)` (a path relative to the workspace root in the server, the path as
/// given in the CLI).
pub fn build<'w>(ws_of: &dyn Fn(&str) -> Option<&'w Workspace>, keys: &[String], label: &dyn Fn(&str) -> String) -> Sheet {
    let mut tallies: BTreeMap<(EntityKind, String), Tally> = BTreeMap::new();
    // Dateline agencies the knowledge base does not know: name -> citing articles.
    let mut text_sources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for key in keys {
        let Some(ws) = ws_of(key) else { continue };
        let Some(article) = ws.get(key) else { continue };
        let key = &label(key);
        let a = &article.analysis;
        for (ei, e) in a.entities.iter().enumerate() {
            *slot(&mut tallies, ws, a, ei).mentions.entry(key.clone()).or_default() += e.mentions.len();
        }
        let mut cite = |ei: usize, span: Span| {
            let t = slot(&mut tallies, ws, a, ei);
            t.source = true;
            t.citations.entry(key.clone()).or_default().insert(span);
        };
        for attr in &a.attributions {
            if let Some(ei) = attr.source.entity.filter(|&ei| is_source_kind(a, ei)) {
                cite(ei, attr.source.span);
            }
        }
        if let Some(agency) = a.dateline.as_ref().and_then(|d| d.agency) {
            match dateline_entity(a, agency) {
                Some(ei) => cite(ei, agency),
                None => {
                    let name = agency.slice(&article.text).trim().to_string();
                    if !name.is_empty() {
                        text_sources.entry(name).or_default().insert(key.clone());
                    }
                }
            }
        }
    }

    let mut sheet = Sheet {
        version: VERSION,
        articles: keys.iter().map(|k| label(k)).collect(),
        persons: Vec::new(),
        organizations: Vec::new(),
        places: Vec::new(),
        sources: Vec::new(),
    };
    for t in tallies.values() {
        let row = Row {
            id: t.id.clone(),
            name: t.name.clone(),
            subkind: t.subkind.clone(),
            mentions: t.mention_count(),
            articles: t
                .mentions
                .iter()
                .map(|(path, &mentions)| ArticleCount {
                    path: path.clone(),
                    mentions,
                })
                .collect(),
        };
        match t.kind {
            EntityKind::Person => sheet.persons.push(row),
            EntityKind::Organization => sheet.organizations.push(row),
            EntityKind::Place => sheet.places.push(row),
        }
        if t.source {
            sheet.sources.push(source_row(t));
        }
    }
    for (name, paths) in text_sources {
        sheet.sources.push(SourceRow {
            id: None,
            name,
            kind: EntityKind::Organization.as_str(),
            subkind: Some("agency".into()),
            mentions: paths.len(),
            citations: paths.len(),
            articles: paths
                .into_iter()
                .map(|path| SourceArticle {
                    path,
                    mentions: 1,
                    citations: 1,
                })
                .collect(),
        });
    }

    let by_count = |m: usize, name: &str| (std::cmp::Reverse(m), name.to_lowercase(), name.to_string());
    sheet.persons.sort_by_cached_key(|r| by_count(r.mentions, &r.name));
    sheet.organizations.sort_by_cached_key(|r| by_count(r.mentions, &r.name));
    sheet
        .places
        .sort_by_cached_key(|r| (r.subkind.as_deref() != Some("country"), by_count(r.mentions, &r.name)));
    sheet.sources.sort_by_cached_key(|r| by_count(r.mentions, &r.name));
    sort_articles(&mut sheet);
    sheet
}

/// Article lists follow the sheet's article order (path order), not string order.
fn sort_articles(sheet: &mut Sheet) {
    let order: HashMap<&str, usize> = sheet.articles.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let rank = |p: &str| order.get(p).copied().unwrap_or(usize::MAX);
    for row in sheet.persons.iter_mut().chain(&mut sheet.organizations).chain(&mut sheet.places) {
        row.articles.sort_by_key(|a| rank(&a.path));
    }
    for row in &mut sheet.sources {
        row.articles.sort_by_key(|a| rank(&a.path));
    }
}

fn source_row(t: &Tally) -> SourceRow {
    let paths: BTreeSet<&String> = t.mentions.keys().chain(t.citations.keys()).collect();
    SourceRow {
        id: Some(t.id.clone()),
        name: t.name.clone(),
        kind: t.kind.as_str(),
        subkind: t.subkind.clone(),
        mentions: t.mention_count(),
        citations: t.citations.values().map(BTreeSet::len).sum(),
        articles: paths
            .into_iter()
            .map(|p| SourceArticle {
                path: p.clone(),
                mentions: t.mentions.get(p).copied().unwrap_or(0),
                citations: t.citations.get(p).map_or(0, BTreeSet::len),
            })
            .collect(),
    }
}

/// The sources section lists institutions — outlets, agencies, bodies — as aggregators print
/// them; a person cited is listed under persons, and a place ("Paris said") is not a source.
fn is_source_kind(a: &Analysis, ei: usize) -> bool {
    a.entities.get(ei).is_some_and(|e| e.kind == EntityKind::Organization)
}

/// The organization named inside a dateline's agency parentheses, if any.
fn dateline_entity(a: &Analysis, agency: Span) -> Option<usize> {
    a.mentions
        .iter()
        .filter(|m| m.span.overlaps(agency))
        .map(|m| m.entity)
        .find(|&ei| is_source_kind(a, ei))
}

pub fn markdown(sheet: &Sheet) -> String {
    let mut out = String::from("# Story sheet\n\n");
    let n = sheet.articles.len();
    let list: Vec<String> = sheet.articles.iter().map(|p| code(p)).collect();
    let _ = writeln!(out, "{n} article{}: {}\n", if n == 1 { "" } else { "s" }, list.join(", "));

    let entity_table = |out: &mut String, title: &str, rows: &[Row], with_type: bool| {
        let _ = writeln!(out, "## {title} ({})\n", rows.len());
        if rows.is_empty() {
            out.push_str("_None found._\n\n");
            return;
        }
        if with_type {
            out.push_str("| Name | Type | Mentions | Articles |\n| --- | --- | ---: | --- |\n");
        } else {
            out.push_str("| Name | Mentions | Articles |\n| --- | ---: | --- |\n");
        }
        for r in rows {
            let articles: Vec<String> = r.articles.iter().map(|a| format!("{} ({})", code(&a.path), a.mentions)).collect();
            let kind = if with_type {
                format!(" {} |", cell(r.subkind.as_deref().unwrap_or("")))
            } else {
                String::new()
            };
            let _ = writeln!(out, "| {} |{kind} {} | {} |", cell(&r.name), r.mentions, articles.join(", "));
        }
        out.push('\n');
    };
    entity_table(&mut out, "Persons", &sheet.persons, false);
    entity_table(&mut out, "Organizations", &sheet.organizations, false);
    entity_table(&mut out, "Places", &sheet.places, true);

    let _ = writeln!(out, "## Sources ({})\n", sheet.sources.len());
    if sheet.sources.is_empty() {
        out.push_str("_None found._\n");
    } else {
        out.push_str("| Source | Type | Mentions | Cited | Articles |\n| --- | --- | ---: | ---: | --- |\n");
        for r in &sheet.sources {
            let kind = r.subkind.as_deref().unwrap_or(r.kind);
            let articles: Vec<String> = r
                .articles
                .iter()
                .map(|a| format!("{} ({} mentioned, {} cited)", code(&a.path), a.mentions, a.citations))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&r.name),
                cell(kind),
                r.mentions,
                r.citations,
                articles.join(", ")
            );
        }
    }
    out
}

/// Text made safe for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A path as inline code (plain when it holds a backtick), safe in a table cell.
fn code(path: &str) -> String {
    if path.contains('`') {
        cell(path)
    } else {
        format!("`{}`", cell(path))
    }
}
