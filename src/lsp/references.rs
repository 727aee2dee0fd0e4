//! Find references: every mention of the entity under the cursor in every article of the
//! workspace, open or not.

use tower_lsp_server::ls_types::Location;

use super::convert;
use crate::text::PositionEncoding;
use crate::workspace::{Article, Workspace};

pub fn references(ws: &Workspace, article: &Article, offset: usize, enc: PositionEncoding) -> Vec<Location> {
    let a = &article.analysis;
    let Some(mi) = a.mention_at(offset) else { return Vec::new() };
    let reference = &a.entities[a.mentions[mi].entity].reference;
    ws.mentions_of(reference)
        .into_iter()
        .filter_map(|m| {
            let other = ws.get(&m.key)?;
            Some(Location {
                uri: convert::uri_from_key(&m.key)?,
                range: convert::range(&other.line_index, &other.text, m.span, enc),
            })
        })
        .collect()
}
