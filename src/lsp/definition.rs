//! Go to definition: from any mention to where the article introduces the entity. Go to
//! declaration: to the entity's entry in a workspace knowledge-base file.

use std::path::PathBuf;

use crate::extract::EntityRef;
use crate::text::Span;
use crate::workspace::{Article, Workspace};

/// The span of the introducing mention of the entity under `offset`.
pub fn definition(article: &Article, offset: usize) -> Option<Span> {
    let a = &article.analysis;
    let mi = a.mention_at(offset)?;
    let e = &a.entities[a.mentions[mi].entity];
    let target = e.intro.or_else(|| e.mentions.first().copied())?;
    Some(a.mentions[target].span)
}

/// The workspace knowledge-base file and zero-based line declaring the entity under `offset`
/// (none for embedded entries: they have no file the user can open).
pub fn declaration(ws: &Workspace, article: &Article, offset: usize) -> Option<(PathBuf, u32)> {
    let a = &article.analysis;
    let mi = a.mention_at(offset)?;
    let EntityRef::Kb(id) = &a.entities[a.mentions[mi].entity].reference else {
        return None;
    };
    let origin = &ws.kb().entry(*id).origin;
    (!origin.embedded).then(|| (PathBuf::from(&origin.file), origin.line))
}
