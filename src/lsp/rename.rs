//! Rename an entity's spelling: the spelling under the cursor is replaced in every mention of
//! that entity spelled exactly so, in every article of the workspace the server may edit (the
//! caller says which: inside the workspace folders). Other spellings (a bare surname, an
//! acronym) stay as they are.

use super::edits::EditBuilder;
use crate::text::{PositionEncoding, Span};
use crate::workspace::{Article, Workspace};

/// The mention under `offset` and its spelling, for `prepareRename`.
pub fn prepare(article: &Article, offset: usize) -> Option<(Span, String)> {
    let a = &article.analysis;
    let m = &a.mentions[a.mention_at(offset)?];
    Some((m.span, m.span.slice(&article.text).to_string()))
}

/// Why a new name is refused, if it is.
pub fn invalid_name(new_name: &str) -> Option<&'static str> {
    if new_name.trim().is_empty() {
        Some("the new name is empty")
    } else if new_name.contains(['\n', '\r']) {
        Some("the new name spans lines")
    } else if new_name.trim() != new_name {
        Some("the new name starts or ends with a space")
    } else {
        None
    }
}

/// The edits renaming the spelling under `offset` in the articles `may_edit` allows (and the
/// article itself); `None` when no mention is there.
pub fn rename(
    ws: &Workspace,
    article: &Article,
    offset: usize,
    new_name: &str,
    enc: PositionEncoding,
    may_edit: &dyn Fn(&Article) -> bool,
) -> Option<EditBuilder> {
    let a = &article.analysis;
    let m = &a.mentions[a.mention_at(offset)?];
    let spelling = m.span.slice(&article.text);
    let reference = &a.entities[m.entity].reference;
    let mut edits = EditBuilder::default();
    for other in ws.articles().filter(|o| o.key == article.key || may_edit(o)) {
        let oa = &other.analysis;
        let Some(e) = oa.entities.iter().find(|e| &e.reference == reference) else {
            continue;
        };
        for &mi in &e.mentions {
            let span = oa.mentions[mi].span;
            if span.slice(&other.text) == spelling {
                edits.replace(other, span, new_name, enc);
            }
        }
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_refused_when_blank_or_multi_line() {
        assert!(invalid_name("").is_some());
        assert!(invalid_name("   ").is_some());
        assert!(invalid_name("Ana\nBerg").is_some());
        assert!(invalid_name(" Ana").is_some());
        assert!(invalid_name("Ana Berg").is_none());
        assert!(invalid_name("李明").is_none());
    }
}
