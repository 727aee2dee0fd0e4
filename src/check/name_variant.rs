//! `name-variant`: one entity spelled two ways (Gaddafi/Qaddafi), in this article or across
//! the workspace, or a spelling the knowledge base lists as a misspelling.
//!
//! ```text
//! Volodymyr Zelensky met reporters. Later Zelenskyy left.
//!                                         ^^^^^^^^^ name-variant
//! ```
//! Short forms ("Putin" after "Vladimir Putin") and acronyms are not variants. For places and
//! organizations only near-identical spellings count (Kiev/Kyiv), since "America" and
//! "United States" are both standard.

use super::index::Index;
use super::spellings::{local_names, spellings};
use super::{Code, CodeInfo, Finding, Fix, Related, Rule, RuleContext, Severity};
use crate::extract::MentionForm;
use crate::extract::variants::edit_distance;
use crate::kb::EntityKind;

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "name-variant",
    severity: Severity::Warning,
    summary: "One entity spelled two ways, or differently from its knowledge-base spelling",
    doc: r#"One entity spelled two ways in an article or across the workspace
(Gaddafi/Qaddafi, Zelensky/Zelenskyy), or a spelling the knowledge base lists as a misspelling.
Short forms (a surname after the full name) and acronyms are not variants. Fix: the first
spelling used, or the canonical name for a misspelling.
"#,
};

pub struct NameVariant;

impl Rule for NameVariant {
    fn code(&self) -> Code {
        Code::NameVariant
    }

    fn check(&self, cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
        let a = cx.article.analysis;
        let text = cx.article.text;
        let index = cx.index();
        for e in &a.entities {
            // Misspellings, always.
            for &mi in &e.mentions {
                let m = &a.mentions[mi];
                if m.form == MentionForm::Misspelling {
                    let surface = m.span.slice(text);
                    let mut f = Finding::new(Code::NameVariant, m.span, format!("{surface:?} is a misspelling of {:?}", e.name));
                    f.fixes.push(Fix {
                        title: format!("Replace with {:?}", e.name),
                        edits: vec![(m.span, e.name.clone())],
                    });
                    out.push(f);
                }
            }
            // Two accepted spellings: the first spelling used in the workspace sets the style.
            let first_here = spellings(&cx.article, &e.reference);
            let Some((first_spelling, first_span)) = first_here.first().map(|(s, sp)| (s.clone(), sp[0])) else {
                continue;
            };
            for (spelling, spans) in first_here.iter().skip(1) {
                if !is_variant(&first_spelling, spelling, e.kind) {
                    continue;
                }
                for &span in spans {
                    let mut f = Finding::new(
                        Code::NameVariant,
                        span,
                        format!("{spelling:?} and {first_spelling:?} are two spellings of {}; pick one", e.name),
                    );
                    f.related.push(Related {
                        doc: cx.article.key.to_string(),
                        span: first_span,
                        message: format!("spelled {first_spelling:?} here"),
                    });
                    f.fixes.push(Fix {
                        title: format!("Replace with {first_spelling:?}"),
                        edits: vec![(span, first_spelling.clone())],
                    });
                    out.push(f);
                }
            }
            // Across the workspace: another article spells it differently (the first such
            // article in key order, its first such spelling).
            for (spelling, spans) in &first_here {
                let Some(there) = index.spellings.variant_elsewhere(&e.reference, cx.article.key, |s| is_variant(s, spelling, e.kind))
                else {
                    continue;
                };
                let mut f = Finding::new(
                    Code::NameVariant,
                    spans[0],
                    format!(
                        "{spelling:?} here, {:?} in {}: two spellings of {}",
                        there.spelling,
                        index.name_of(there.doc).unwrap_or(there.doc),
                        e.name
                    ),
                );
                f.related.push(Related {
                    doc: there.doc.to_string(),
                    span: there.span,
                    message: format!("spelled {:?} here", there.spelling),
                });
                out.push(f);
            }
        }
        local_variants(cx, &index, out);
        out.sort_by_key(|f| f.span.start);
        out.dedup_by(|b, a| a.span == b.span);
    }
}

/// Two people or organizations outside the knowledge base whose full names are one name
/// spelled two ways ("Joseph Mwakilema" / "Joseph Mwakilima"): two entities to the analysis,
/// likely one to the reader. In this article (the later spelling is flagged) and against the
/// other articles of the workspace, through the index (the first article in key order).
fn local_variants(cx: &RuleContext<'_>, index: &Index, out: &mut Vec<Finding>) {
    use crate::extract::variants::likely_same_name;
    let here = local_names(cx.article.text, cx.article.analysis);
    let mut done = vec![false; here.len()];
    for (i, (name, kind, span)) in here.iter().enumerate() {
        // The earlier spelling sets the style.
        if let Some((first, _, first_span)) = here
            .iter()
            .enumerate()
            .filter(|&(j, (other, k, s))| j != i && k == kind && s.start < span.start && likely_same_name(other, name, *kind))
            .map(|(_, x)| x)
            .next()
        {
            let mut f = Finding::new(
                Code::NameVariant,
                *span,
                format!("{name:?} and {first:?} look like two spellings of one name; pick one"),
            );
            f.related.push(Related {
                doc: cx.article.key.to_string(),
                span: *first_span,
                message: format!("spelled {first:?} here"),
            });
            f.fixes.push(Fix {
                title: format!("Replace with {first:?}"),
                edits: vec![(*span, first.clone())],
            });
            out.push(f);
            done[i] = true;
        }
    }
    // Another article's name, looked up by its words: only names that can match are compared.
    for (i, (name, kind, span)) in here.iter().enumerate() {
        if done[i] {
            continue;
        }
        let Some(there) = index.spellings.local_variant_elsewhere(name, *kind, cx.article.key) else {
            continue;
        };
        let mut f = Finding::new(
            Code::NameVariant,
            *span,
            format!(
                "{name:?} here, {:?} in {}: two spellings of one name?",
                there.name,
                index.name_of(there.doc).unwrap_or(there.doc)
            ),
        );
        f.related.push(Related {
            doc: there.doc.to_string(),
            span: there.span,
            message: format!("spelled {:?} here", there.name),
        });
        out.push(f);
    }
}

/// Two spellings are variants when neither is made of the other's words ("Putin" is part
/// of "Vladimir Putin"); for places and organizations they must also be near-identical.
fn is_variant(a: &str, b: &str, kind: EntityKind) -> bool {
    // A name in its own script beside its romanization ("Lee Jae-myung (이재명)") is a
    // translation, not a second spelling; so is a dateline's capitals ("LILONGWE").
    if a == b || cased(a) != cased(b) || a.to_lowercase() == b.to_lowercase() || crate::extract::variants::same_but_typography(a, b) {
        return false;
    }
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    if wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w)) {
        return false;
    }
    if kind == EntityKind::Person {
        // Share a word, or be close: "Volodymyr Zelensky" / "Volodymyr Zelenskyy".
        return wa.iter().any(|w| wb.contains(w)) || edit_distance(a, b) <= 2.max(a.chars().count().min(b.chars().count()) / 4);
    }
    edit_distance(a, b) <= 2
}

/// Whether a spelling is written in a script with capital letters.
fn cased(s: &str) -> bool {
    s.chars().any(|c| c.is_uppercase() || c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_non_variants() {
        assert!(is_variant("Volodymyr Zelensky", "Volodymyr Zelenskyy", EntityKind::Person));
        assert!(is_variant("Gaddafi", "Qaddafi", EntityKind::Person));
        assert!(!is_variant("Vladimir Putin", "Putin", EntityKind::Person));
        assert!(is_variant("Kiev", "Kyiv", EntityKind::Place));
        assert!(!is_variant("United States", "America", EntityKind::Place));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(!is_variant("Lee Jae-myung", "이재명", EntityKind::Person));
        assert!(!is_variant("Lilongwe", "LILONGWE", EntityKind::Place));
    }

    #[test]
    fn names_found_beyond_the_knowledge_base_are_checked_too() {
        crate::check::test_support::check_rule(
            Code::NameVariant,
            concat!(
                "Ministers met on Tuesday.\n\n",
                "Harbour official Tomasz Wiśniewski said ships were waiting. Later Tomasz Wisniewski left.\n",
                "                                                                  ^^^^^^^^^^^^^^^^^ name-variant\n",
                "President Lee Jae-myung (이재명) spoke. Lee left.\n",
            ),
        );
    }
}
