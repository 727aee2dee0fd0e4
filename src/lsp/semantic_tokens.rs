//! Semantic tokens: every entity mention coloured by kind. The legend's types are `person`,
//! `organization` and `place` (custom types, in that order); a client that lists the token
//! types it knows without these gets the standard `variable`, `class` and `namespace` instead.
//! One modifier, `declaration`, marks the mention that introduces an entity.

use tower_lsp_server::ls_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend};

use crate::kb::EntityKind;
use crate::text::{PositionEncoding, Span};
use crate::workspace::Article;

pub const CUSTOM_TYPES: [&str; 3] = ["person", "organization", "place"];

/// The legend for a client that listed `client_types` (empty: it did not say).
pub fn legend(client_types: &[String]) -> SemanticTokensLegend {
    let custom = client_types.is_empty() || CUSTOM_TYPES.iter().all(|t| client_types.iter().any(|c| c == t));
    let token_types = if custom {
        CUSTOM_TYPES.iter().map(|t| SemanticTokenType::new(t)).collect()
    } else {
        vec![SemanticTokenType::VARIABLE, SemanticTokenType::CLASS, SemanticTokenType::NAMESPACE]
    };
    SemanticTokensLegend {
        token_types,
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

fn type_index(kind: EntityKind) -> u32 {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
    }
}

/// The delta-encoded tokens of the mentions inside `within` (all when `None`), with columns
/// and lengths in the negotiated encoding.
pub fn tokens(article: &Article, enc: PositionEncoding, within: Option<Span>) -> Vec<SemanticToken> {
    let a = &article.analysis;
    let (text, index) = (&*article.text, &*article.line_index);
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for (mi, m) in a.mentions.iter().enumerate() {
        if within.is_some_and(|w| !w.overlaps(m.span)) || m.span.is_empty() {
            continue;
        }
        let Some(e) = a.entities.get(m.entity) else { continue };
        let start = index.position(text, m.span.start, enc);
        // Tokens may not span lines; a mention never should, but clip one that does.
        let line_end = index.line_span(start.line as usize).end;
        let end = index.position(text, m.span.end.min(line_end), enc);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        // Deltas only go forward; an overlapping mention would need a negative one.
        if (start.line, start.character) < (prev_line, prev_start + out.last().map_or(0, |t: &SemanticToken| t.length)) {
            continue;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: type_index(e.kind),
            token_modifiers_bitset: u32::from(e.intro == Some(mi)),
        });
        (prev_line, prev_start) = (start.line, start.character);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_falls_back_when_the_client_lists_other_types() {
        assert_eq!(legend(&[]).token_types[0].as_str(), "person");
        let std_only: Vec<String> = ["variable", "class", "namespace"].iter().map(|s| s.to_string()).collect();
        assert_eq!(legend(&std_only).token_types[2].as_str(), "namespace");
        let both: Vec<String> = ["variable", "person", "organization", "place"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(legend(&both).token_types[1].as_str(), "organization");
    }
}
