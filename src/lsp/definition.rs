//! Go to definition: from any mention to where the article introduces the entity.

use crate::text::Span;
use crate::workspace::Article;

/// The span of the introducing mention of the entity under `offset`.
pub fn definition(article: &Article, offset: usize) -> Option<Span> {
    let a = &article.analysis;
    let mi = a.mention_at(offset)?;
    let e = &a.entities[a.mentions[mi].entity];
    let target = e.intro.or_else(|| e.mentions.first().copied())?;
    Some(a.mentions[target].span)
}
