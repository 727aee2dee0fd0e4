//! What the archive keeps of one article, made from its analysis, and the statement codec:
//! a workspace [`Statement`] written as JSON and read back, so archived statements are judged
//! by the same decision as open ones.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::index::{Statement, day_number, statements_of};
use crate::extract::{Alternative, Analysis, CalendarDate, Dimension, EntityRef, Quantity, QuantityKey};
use crate::kb::KnowledgeBase;
use crate::text::{LineIndex, ParagraphKind, PositionEncoding, Span};

/// Separates the dimension from the head word in a lookup key (ASCII unit separator: in no
/// word).
const KEY_SEPARATOR: char = '\u{1f}';

/// One article as the archive stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleRecord {
    pub id: i64,
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub content_hash: String,
    pub statements: Vec<StatementRecord>,
    pub entities: Vec<EntityRecord>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatementRecord {
    pub dimension: String,
    pub low: f64,
    pub high: f64,
    pub span: Span,
    pub source: Option<String>,
    pub body: String,
    pub keys: Vec<String>,
}

/// One row of an article's entity mentions: one per entity id (two references of the analysis
/// can share one when a knowledge-base id is also a slug).
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRecord {
    /// The stable id: knowledge-base id, or the slug of a name found in the text.
    pub entity: String,
    pub mentions: usize,
    /// Where: "start-end,start-end" (byte offsets).
    pub spans: String,
}

/// SHA-256 of an article's text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The article id: the first 8 bytes of the path's SHA-256. Derived, not allocated, so two
/// writers on two machines give one path one id (and upsert rather than collide).
pub fn article_id(path: &str) -> i64 {
    let digest = Sha256::digest(path.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// The lookup keys of a statement: its dimension (and each it converts to) with each head
/// word. The archive is searched by these alone.
pub fn lookup_keys(s: &Statement) -> Vec<String> {
    let k = &s.quantity.key;
    let mut out: Vec<String> = std::iter::once(&k.dimension)
        .chain(s.quantity.alternatives.iter().map(|a| &a.dimension))
        .flat_map(|d| k.heads.iter().map(move |h| format!("{}{KEY_SEPARATOR}{h}", dimension_name(d))))
        .collect();
    out.sort();
    out.dedup();
    out
}

pub fn dimension_name(d: &Dimension) -> String {
    match d {
        Dimension::Money(c) => format!("money:{c}"),
        Dimension::Rate(a, b) => format!("rate:{a}:{b}"),
        Dimension::Percent => "percent".into(),
        Dimension::Points => "points".into(),
        Dimension::Count => "count".into(),
        Dimension::Measure(m) => format!("measure:{m}"),
        Dimension::Duration => "duration".into(),
        Dimension::When => "when".into(),
    }
}

fn parse_dimension(s: &str) -> Option<Dimension> {
    Some(match s {
        "percent" => Dimension::Percent,
        "points" => Dimension::Points,
        "count" => Dimension::Count,
        "duration" => Dimension::Duration,
        "when" => Dimension::When,
        _ => match s.split_once(':')? {
            ("money", c) => Dimension::Money(c.into()),
            ("measure", m) => Dimension::Measure(m.into()),
            ("rate", pair) => {
                let (a, b) = pair.split_once(':')?;
                Dimension::Rate(a.into(), b.into())
            }
            _ => return None,
        },
    })
}

/// The headline: the first headline paragraph, else the first non-blank line.
pub fn headline(text: &str, analysis: &Analysis) -> String {
    let from_layout = analysis
        .paragraphs
        .iter()
        .find(|p| p.kind == ParagraphKind::Headline)
        .and_then(|p| text.get(p.span.start..p.span.end));
    let line = from_layout.or_else(|| text.lines().find(|l| !l.trim().is_empty())).unwrap_or("");
    let line = line.trim().trim_start_matches('#').trim();
    // Headlines are one line; a cap keeps a file without one from storing its first paragraph.
    match line.char_indices().nth(200) {
        Some((cut, _)) => line[..cut].to_string(),
        None => line.to_string(),
    }
}

impl ArticleRecord {
    pub fn new(path: &str, text: &str, analysis: &Analysis, kb: &KnowledgeBase) -> ArticleRecord {
        let line_index = LineIndex::new(text);
        let statements = statements_of(text, analysis, kb)
            .iter()
            .map(|s| {
                let (start, end) = line_index.range(text, s.span, PositionEncoding::Utf16);
                StatementRecord {
                    dimension: dimension_name(&s.quantity.key.dimension),
                    low: s.quantity.low,
                    high: s.quantity.high,
                    span: s.span,
                    source: s.source.clone(),
                    body: encode(s, kb, [start.line, start.character, end.line, end.character]),
                    keys: lookup_keys(s),
                }
            })
            .collect();
        let entities = entity_rows(analysis, kb);
        let date = analysis.article_date.and_then(|d| {
            let year = d.year?;
            Some(format!("{year:04}-{:02}-{:02}", d.month, d.day))
        });
        ArticleRecord {
            id: article_id(path),
            path: path.to_string(),
            headline: headline(text, analysis),
            date,
            content_hash: content_hash(text),
            statements,
            entities,
        }
    }
}

/// The entity rows of an article, made here (on the analysing threads) rather than by the
/// archive's one writer: mentions counted and spans joined per entity id.
fn entity_rows(analysis: &Analysis, kb: &KnowledgeBase) -> Vec<EntityRecord> {
    use std::fmt::Write;
    let mut rows: Vec<EntityRecord> = Vec::new();
    for e in &analysis.entities {
        let spans: Vec<Span> = e
            .mentions
            .iter()
            .filter_map(|&m| analysis.mentions.get(m))
            .map(|m| m.span)
            .collect();
        if spans.is_empty() {
            continue;
        }
        let entity = entity_id(&e.reference, kb);
        let i = match rows.iter().position(|r| r.entity == entity) {
            Some(i) => i,
            None => {
                rows.push(EntityRecord {
                    entity,
                    mentions: 0,
                    spans: String::new(),
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        for s in &spans {
            if !row.spans.is_empty() {
                row.spans.push(',');
            }
            // Writing to a String cannot fail.
            let _ = write!(row.spans, "{}-{}", s.start, s.end);
        }
        row.mentions += spans.len();
    }
    rows
}

/// The stable id of an entity: knowledge-base ids are indexes into one knowledge base, so the
/// archive keeps the entry's own id.
pub fn entity_id(reference: &EntityRef, kb: &KnowledgeBase) -> String {
    match reference {
        EntityRef::Kb(id) => format!("kb:{}", kb.entry(*id).id),
        EntityRef::Local(slug) => format!("name:{slug}"),
    }
}

/// The entity an archived id stands for in this knowledge base: an id the knowledge base no
/// longer has becomes a name of its own, equal only to itself.
fn entity_ref(id: &str, kb: &KnowledgeBase) -> EntityRef {
    match id.split_once(':') {
        Some(("kb", kb_id)) => kb.get(kb_id).map_or_else(|| EntityRef::Local(id.to_string()), EntityRef::Kb),
        Some(("name", slug)) => EntityRef::Local(slug.to_string()),
        _ => EntityRef::Local(id.to_string()),
    }
}

/// An article date as stored: year, month, day, end day, year inferred.
type StoredDate = (Option<i32>, u8, u8, Option<u8>, bool);

/// A statement as stored. Changing its fields changes the archive's format: add a migration
/// (`store::MIGRATIONS`) that clears the bodies older versions wrote — unless the field is new
/// and optional, read as absent from older bodies (`qu`).
#[derive(Serialize, Deserialize)]
struct Body {
    f: usize,
    d: String,
    y: Option<i32>,
    mo: Option<u8>,
    /// Added after schema 2: absent in older rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    qu: Option<u8>,
    h: Vec<String>,
    k: Vec<String>,
    e: Vec<String>,
    m: u8,
    n: Vec<String>,
    v: f64,
    lo: f64,
    hi: f64,
    dt: Option<(u8, u8, u8)>,
    alt: Vec<(String, f64, f64, f64)>,
    r: Option<usize>,
    span: (usize, usize),
    /// Start line, character, end line, character (UTF-16), for editors' related information.
    at: [u32; 4],
    t: String,
    src: Option<String>,
    s: usize,
    top: Vec<String>,
    /// The rest of the key the same-quantity decision weighs.
    ys: bool,
    md: Vec<String>,
    run: bool,
    pt: bool,
    pl: Vec<String>,
    b: Option<String>,
    per: Option<String>,
    /// The article's date (year, month, day, end day, year inferred): orders running totals
    /// (`superseded-figure`) and related statements by nearness in date.
    ad: Option<StoredDate>,
}

fn encode(s: &Statement, kb: &KnowledgeBase, at: [u32; 4]) -> String {
    let q = &s.quantity;
    let body = Body {
        f: q.figure,
        d: dimension_name(&q.key.dimension),
        y: q.key.year,
        mo: q.key.month,
        qu: q.key.quarter,
        h: q.key.heads.clone(),
        k: q.key.kinds.clone(),
        e: q.key.entities.iter().map(|e| entity_id(e, kb)).collect(),
        m: q.key.markers,
        n: q.key.nouns.clone(),
        v: q.value,
        lo: q.low,
        hi: q.high,
        dt: q.date,
        alt: q
            .alternatives
            .iter()
            .map(|a| (dimension_name(&a.dimension), a.value, a.low, a.high))
            .collect(),
        r: q.restates,
        span: (s.span.start, s.span.end),
        at,
        t: s.text.clone(),
        src: s.source.clone(),
        s: s.sentence,
        top: s.topics.iter().map(|e| entity_id(e, kb)).collect(),
        ys: q.key.year_stated,
        md: q.key.modifiers.clone(),
        run: q.key.running,
        pt: q.key.part,
        pl: q.key.places.iter().map(|e| entity_id(e, kb)).collect(),
        b: q.key.base.clone(),
        per: q.key.per.clone(),
        ad: s.date.map(|d| (d.year, d.month, d.day, d.end_day, d.year_inferred)),
    };
    // A struct of strings and numbers always serialises (non-finite floats become null).
    serde_json::to_string(&body).unwrap_or_default()
}

/// The lookup keys a stored statement was filed under (what [`lookup_keys`] gave when it was
/// written), read off its body; `None` when the body is not one this version wrote.
pub fn body_keys(body: &str) -> Option<Vec<String>> {
    use serde::de::IgnoredAny;
    /// The fields of [`Body`] the keys are made of.
    #[derive(Deserialize)]
    struct Keyed {
        d: String,
        h: Vec<String>,
        alt: Vec<(String, IgnoredAny, IgnoredAny, IgnoredAny)>,
    }
    let b: Keyed = serde_json::from_str(body).ok()?;
    let mut out: Vec<String> = std::iter::once(&b.d)
        .chain(b.alt.iter().map(|a| &a.0))
        .flat_map(|d| b.h.iter().map(move |h| format!("{d}{KEY_SEPARATOR}{h}")))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// A statement read back, with where it sits in its article for editors.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub statement: Statement,
    /// Start line, character, end line, character (UTF-16).
    pub at: [u32; 4],
}

/// Reads a stored statement; `None` when the body is not one this version wrote.
pub fn decode(body: &str, kb: &KnowledgeBase) -> Option<Decoded> {
    let b: Body = serde_json::from_str(body).ok()?;
    let alternatives = b
        .alt
        .iter()
        .map(|(d, value, low, high)| {
            Some(Alternative {
                dimension: parse_dimension(d)?,
                value: *value,
                low: *low,
                high: *high,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let quantity = Quantity {
        figure: b.f,
        key: QuantityKey {
            dimension: parse_dimension(&b.d)?,
            year: b.y,
            month: b.mo,
            quarter: b.qu,
            heads: b.h,
            kinds: b.k,
            entities: b.e.iter().map(|e| entity_ref(e, kb)).collect(),
            markers: b.m,
            year_stated: b.ys,
            nouns: b.n,
            modifiers: b.md,
            running: b.run,
            part: b.pt,
            places: b.pl.iter().map(|e| entity_ref(e, kb)).collect(),
            base: b.b,
            per: b.per,
        },
        value: b.v,
        low: b.lo,
        high: b.hi,
        date: b.dt,
        alternatives,
        restates: b.r,
    };
    let date = b.ad.map(|(year, month, day, end_day, year_inferred)| CalendarDate {
        year,
        month,
        day,
        end_day,
        year_inferred,
    });
    Some(Decoded {
        statement: Statement {
            quantity: quantity.into(),
            span: Span::new(b.span.0, b.span.1),
            text: b.t,
            source: b.src,
            sentence: b.s,
            topics: b.top.iter().map(|e| entity_ref(e, kb)).collect::<Vec<_>>().into(),
            date,
            day: date.and_then(day_number),
            // Only weighed between statements of one article, never with an archived one.
            headline: false,
        },
        at: b.at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Context, analyze};

    const QUAKE: &str = "Quake kills 34 in Peru\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, officials said. Damage reached $3.2 billion (about 12 billion soles).\n";

    #[test]
    fn a_statement_reads_back_as_it_was() {
        let kb = KnowledgeBase::embedded();
        let a = analyze(QUAKE, &Context::new(kb.clone()));
        let record = ArticleRecord::new("/news/quake.md", QUAKE, &a, &kb);
        let statements = statements_of(QUAKE, &a, &kb);
        assert!(!statements.is_empty());
        assert_eq!(record.statements.len(), statements.len());
        for (r, s) in record.statements.iter().zip(&statements) {
            let back = decode(&r.body, &kb).map(|d| d.statement);
            assert_eq!(back.as_ref(), Some(s));
        }
        assert_eq!(record.headline, "Quake kills 34 in Peru");
        assert_eq!(record.date.as_deref(), Some("2026-02-10"));
        assert!(record.entities.iter().any(|e| e.entity.starts_with("kb:")));
        // One row per entity id, its count the number of spans it lists, each span a mention.
        let mut ids: Vec<&str> = record.entities.iter().map(|e| e.entity.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), record.entities.len());
        for e in &record.entities {
            let spans: Vec<&str> = e.spans.split(',').collect();
            assert_eq!(spans.len(), e.mentions, "{e:?}");
            for span in spans {
                let (start, end) = span.split_once('-').unwrap_or_default();
                let (start, end): (usize, usize) = (start.parse().unwrap_or(0), end.parse().unwrap_or(0));
                assert!(a.mentions.iter().any(|m| m.span == Span::new(start, end)), "{span} is no mention");
            }
        }
    }

    /// A writer finds the keys of an article it replaces through its bodies: they must be
    /// exactly the keys the statements were filed under.
    #[test]
    fn a_body_names_the_keys_it_was_filed_under() {
        let kb = KnowledgeBase::embedded();
        let a = analyze(QUAKE, &Context::new(kb.clone()));
        let record = ArticleRecord::new("/news/quake.md", QUAKE, &a, &kb);
        assert!(record.statements.iter().any(|s| s.keys.len() > 1));
        for s in &record.statements {
            assert_eq!(body_keys(&s.body).as_ref(), Some(&s.keys), "{}", s.body);
        }
        assert_eq!(body_keys("{\"f\":0}"), None);
        assert_eq!(body_keys("not json"), None);
    }

    #[test]
    fn keys_name_dimension_and_head_and_nothing_else() {
        let kb = KnowledgeBase::embedded();
        let a = analyze(QUAKE, &Context::new(kb.clone()));
        for s in statements_of(QUAKE, &a, &kb) {
            for k in lookup_keys(&s) {
                let (d, h) = k.split_once(KEY_SEPARATOR).unwrap_or_default();
                assert!(parse_dimension(d).is_some(), "{k}");
                assert!(s.quantity.key.heads.iter().any(|x| x == h), "{k}");
                // The figure as written is never part of a key.
                assert!(!k.contains(&s.text), "{k}");
            }
        }
    }

    #[test]
    fn headlines_are_one_line_and_cut_on_a_character() {
        let kb = KnowledgeBase::embedded();
        let long = format!("{}\nBody text.\n", "報".repeat(300));
        let a = analyze(&long, &Context::new(kb.clone()));
        assert_eq!(headline(&long, &a).chars().count(), 200);
        assert_eq!(content_hash("a").len(), 64);
        assert_ne!(article_id("/a.md"), article_id("/b.md"));
    }

    #[test]
    fn an_unknown_body_or_dimension_is_refused() {
        let kb = KnowledgeBase::embedded();
        assert!(decode("{}", &kb).is_none());
        assert!(decode("not json", &kb).is_none());
        assert_eq!(parse_dimension("money:USD"), Some(Dimension::Money("USD".into())));
        assert_eq!(parse_dimension("rate:USD:GHS"), Some(Dimension::Rate("USD".into(), "GHS".into())));
        assert_eq!(parse_dimension("furlongs"), None);
    }
}
