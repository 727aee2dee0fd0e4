//! Code actions: every fix a finding carries as a quick fix (and "all in this file" when a
//! file has several of one kind); for figures, "add a source" and "mark as checked"; for a
//! name the knowledge base does not know, "add to the workspace knowledge base".

use std::collections::BTreeMap;

use serde_json::json;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, TextEdit, Uri};

use super::commands::MARK_CHECKED;
use super::convert;
use super::edits::EditBuilder;
use super::state::{ClientCaps, EditableFile};
use crate::check::{Code, Finding};
use crate::extract::{EntityRef, MentionForm, slug};
use crate::text::{LineIndex, PositionEncoding, Span};
use crate::workspace::{Article, Workspace};

/// What the actions need besides the article.
pub struct Env<'a> {
    pub ws: &'a Workspace,
    pub article: &'a Article,
    pub uri: &'a Uri,
    pub enc: PositionEncoding,
    pub caps: &'a ClientCaps,
    /// The workspace knowledge-base file to add entries to, or why it may not be edited
    /// (outside the workspace folders, a directory …). `None`: no workspace folder.
    pub kb_file: Option<Result<EditableFile, String>>,
    /// Whether figures can be marked as checked in the workspace's checked-figures file, or
    /// why not. `None`: no workspace folder.
    pub checked_file: Option<Result<(), String>>,
}

/// The actions for the byte range `span` of the article, and lines saying why an action that
/// would apply here is not offered.
pub fn actions(env: &Env<'_>, span: Span) -> (Vec<CodeActionOrCommand>, Vec<String>) {
    let mut notes = Vec::new();
    let key = env.article.key.as_str();
    let findings = env.ws.check(key).findings;
    let touches = |f: &Finding| f.span.start <= span.end && span.start <= f.span.end;
    let mut out = Vec::new();
    for f in findings.iter().filter(|f| touches(f)) {
        let diag = convert::diagnostic(env.ws, key, f, env.enc);
        for (i, fix) in f.fixes.iter().enumerate() {
            let mut edits = EditBuilder::default();
            for (s, text) in &fix.edits {
                edits.replace(env.article, *s, text, env.enc);
            }
            out.push(quick_fix(fix.title.clone(), diag.clone(), edits.build(env.caps), i == 0));
        }
        if matches!(f.code, Code::UnsourcedFigure | Code::VagueSource) {
            figure_actions(env, f, diag.clone(), &mut out, &mut notes);
        }
    }
    // The same fix for several findings of the file, all at once.
    let mut groups: BTreeMap<(Code, &str), Vec<&Finding>> = BTreeMap::new();
    for f in &findings {
        for fix in &f.fixes {
            groups.entry((f.code, fix.title.as_str())).or_default().push(f);
        }
    }
    for ((code, title), members) in groups {
        if members.len() < 2 || !members.iter().any(|f| touches(f)) {
            continue;
        }
        let mut edits = EditBuilder::default();
        for f in &members {
            for fix in f.fixes.iter().filter(|x| x.title == title) {
                for (s, text) in &fix.edits {
                    edits.replace(env.article, *s, text, env.enc);
                }
            }
        }
        let diags: Vec<Diagnostic> = members
            .iter()
            .filter_map(|f| convert::diagnostic(env.ws, key, f, env.enc))
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("{title} (all {} {code} in this file)", members.len()),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(diags),
            edit: Some(edits.build(env.caps)),
            ..CodeAction::default()
        }));
    }
    canonical_spelling(env, &findings, &touches, &mut out);
    match add_to_knowledge_base(env, span) {
        Some(Ok(action)) => out.push(action),
        Some(Err(why)) => notes.push(format!("factline: \"Add to the workspace knowledge base\" is not offered: {why}")),
        None => {}
    }
    (out, notes)
}

/// For a name variant: every full spelling or misspelling of that entity in the file that is
/// not its canonical name, replaced by it (short forms and acronyms stay).
fn canonical_spelling(env: &Env<'_>, findings: &[Finding], touches: &dyn Fn(&Finding) -> bool, out: &mut Vec<CodeActionOrCommand>) {
    let a = &env.article.analysis;
    let mut done: Vec<usize> = Vec::new();
    for f in findings.iter().filter(|f| f.code == Code::NameVariant && touches(f)) {
        let Some(mi) = a.mention_at(f.span.start) else { continue };
        let ei = a.mentions[mi].entity;
        if done.contains(&ei) {
            continue;
        }
        done.push(ei);
        let e = &a.entities[ei];
        let mut edits = EditBuilder::default();
        let mut n = 0;
        for &other in &e.mentions {
            let m = &a.mentions[other];
            if matches!(m.form, MentionForm::Full | MentionForm::Misspelling) && m.span.slice(&env.article.text) != e.name {
                edits.replace(env.article, m.span, &e.name, env.enc);
                n += 1;
            }
        }
        if n == 0 {
            continue;
        }
        let diags: Vec<Diagnostic> = findings
            .iter()
            .filter(|g| g.code == Code::NameVariant && a.mention_at(g.span.start).is_some_and(|x| a.mentions[x].entity == ei))
            .filter_map(|g| convert::diagnostic(env.ws, &env.article.key, g, env.enc))
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Use the canonical spelling {:?} throughout this file ({n} to change)", e.name),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(diags),
            edit: Some(edits.build(env.caps)),
            ..CodeAction::default()
        }));
    }
}

fn quick_fix(
    title: String,
    diag: Option<Diagnostic>,
    edit: tower_lsp_server::ls_types::WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diag.map(|d| vec![d]),
        edit: Some(edit),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// "Add a source" after the figure's clause, and "mark as checked".
fn figure_actions(env: &Env<'_>, f: &Finding, diag: Option<Diagnostic>, out: &mut Vec<CodeActionOrCommand>, notes: &mut Vec<String>) {
    let a = &env.article.analysis;
    let Some(fi) = a.figures.iter().position(|g| g.span == f.span) else {
        return;
    };
    let figure = &a.figures[fi];
    // Inside a quotation the missing piece is the speaker, not an "according to".
    if f.code == Code::UnsourcedFigure
        && figure.quote.is_none()
        && let Some(sentence) = a.sentences.get(figure.sentence)
    {
        let at = clause_end(&env.article.text, sentence.span, figure.span.end);
        let mut edits = EditBuilder::default();
        edits.replace(env.article, Span::new(at, at), ", according to [source]", env.enc);
        out.push(quick_fix(
            "Add a source: \", according to [source]\"".into(),
            diag.clone(),
            edits.build(env.caps),
            false,
        ));
    }
    if !env.caps.apply_edit {
        return;
    }
    if let Some(Err(why)) = &env.checked_file {
        notes.push(format!("factline: \"Mark as checked\" is not offered: {why}"));
    }
    if let Some(Ok(())) = &env.checked_file {
        let position = convert::position(&env.article.line_index, &env.article.text, figure.span.start, env.enc);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Mark {:?} as checked", figure.span.slice(&env.article.text)),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: diag.map(|d| vec![d]),
            command: Some(Command {
                title: "Mark as checked".into(),
                command: MARK_CHECKED.into(),
                arguments: Some(vec![json!(env.uri.as_str()), json!(position)]),
            }),
            ..CodeAction::default()
        }));
    }
}

/// Where the clause holding `from` ends inside `sentence`: before the next comma, semicolon,
/// colon, dash or parenthesis (a digit group's comma does not count), else before the
/// sentence's closing punctuation.
fn clause_end(text: &str, sentence: Span, from: usize) -> usize {
    let end = sentence.end.min(text.len());
    let Some(rest) = text.get(from..end) else { return from.min(end) };
    let mut prev: Option<char> = None;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let digit_group = c == ',' && prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        if matches!(c, ',' | ';' | ':' | '—' | '–' | '(') && !digit_group {
            // Before any space that precedes a dash or parenthesis.
            return from + rest[..i].trim_end().len();
        }
        prev = Some(c);
    }
    from + rest.trim_end().trim_end_matches(['.', '!', '?', '…']).trim_end().len()
}

/// "Add … to the workspace knowledge base" for a name found only in text; `Some(Err)` says
/// why it applies here but cannot be offered.
fn add_to_knowledge_base(env: &Env<'_>, span: Span) -> Option<Result<CodeActionOrCommand, String>> {
    let kb_file = env.kb_file.as_ref()?;
    let a = &env.article.analysis;
    let m = &a.mentions[a.mention_at(span.start)?];
    let e = &a.entities[m.entity];
    if !matches!(e.reference, EntityRef::Local(_)) {
        return None;
    }
    let EditableFile {
        path,
        text: existing,
        version,
    } = match kb_file {
        Ok(f) => f,
        Err(why) => return Some(Err(why.clone())),
    };
    // Creating the file needs the client's resource operations; appending does not.
    if existing.is_none() && !(env.caps.document_changes && env.caps.create_files) {
        return None;
    }
    let uri = convert::path_to_uri(path)?;
    let mut id = slug(&e.name);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        id = format!("entity-{:x}", fnv(&e.name));
    }
    let base = id.clone();
    let mut n = 2;
    while env.ws.kb().get(&id).is_some() || existing.as_deref().is_some_and(|t| t.contains(&format!("id = \"{id}\""))) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let mut aliases: Vec<String> = Vec::new();
    for &mi in &e.mentions {
        let other = &a.mentions[mi];
        let spelled = other.span.slice(&env.article.text).to_string();
        if other.form == MentionForm::Full && spelled != e.name && !aliases.contains(&spelled) {
            aliases.push(spelled);
        }
    }
    let mut entry = String::new();
    let text = existing.as_deref().unwrap_or("");
    if !text.is_empty() {
        entry.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
    }
    entry.push_str("[[entity]]\n");
    entry.push_str(&format!("id = {}\n", toml_string(&id)));
    entry.push_str(&format!("name = {}\n", toml_string(&e.name)));
    entry.push_str(&format!("kind = \"{}\"\n", e.kind.as_str()));
    if !aliases.is_empty() {
        let list: Vec<String> = aliases.iter().map(|s| toml_string(s)).collect();
        entry.push_str(&format!("aliases = [{}]\n", list.join(", ")));
    }
    let index = LineIndex::new(text);
    let end = convert::position(&index, text, text.len(), env.enc);
    let mut edits = EditBuilder::default();
    if existing.is_none() {
        edits.create(uri.clone());
    }
    let range = tower_lsp_server::ls_types::Range { start: end, end };
    edits.edit(uri.as_str(), *version, TextEdit::new(range, entry));
    let file = path
        .file_name()
        .map_or_else(|| "entities.toml".into(), |n| n.to_string_lossy().into_owned());
    Some(Ok(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Add {:?} ({}) to the workspace knowledge base ({file})", e.name, e.kind.as_str()),
        kind: Some(CodeActionKind::new("quickfix.factline.addToKnowledgeBase")),
        edit: Some(edits.build(env.caps)),
        ..CodeAction::default()
    })))
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Entity, Format, Mention};
    use crate::kb::{EntityKind, KnowledgeBase};
    use crate::workspace::Config;
    use tower_lsp_server::ls_types::{DocumentChangeOperation, DocumentChanges, OneOf, ResourceOp};

    /// An article naming someone the knowledge base does not know (set by hand, so the test
    /// does not depend on how names outside the knowledge base are found).
    fn article_with_local_name(ws: &Workspace) -> Article {
        let text = "Market news\nAmara Okafor opened a stall. Okafor sold rice.\n";
        let mut article = ws
            .analyze("file:///w/a.txt", None, text.into(), Format::Plain, None)
            .expect("analysed");
        let a = &mut article.analysis;
        let full = text.find("Amara Okafor").unwrap();
        let short = text.rfind("Okafor").unwrap();
        a.mentions = vec![
            Mention {
                span: Span::new(full, full + 12),
                entity: 0,
                form: MentionForm::Full,
                sentence: 1,
            },
            Mention {
                span: Span::new(short, short + 6),
                entity: 0,
                form: MentionForm::Short,
                sentence: 2,
            },
        ];
        a.entities = vec![Entity {
            reference: EntityRef::Local("amara-okafor".into()),
            name: "Amara Okafor".into(),
            kind: EntityKind::Person,
            intro: Some(0),
            mentions: vec![0, 1],
        }];
        article
    }

    #[test]
    fn a_name_outside_the_knowledge_base_can_be_added_to_a_new_or_existing_file() {
        let ws = Workspace::new(std::sync::Arc::new(KnowledgeBase::empty()), Config::default());
        let article = article_with_local_name(&ws);
        let uri = convert::uri_from_key("file:///w/a.txt").unwrap();
        let caps = ClientCaps {
            document_changes: true,
            create_files: true,
            apply_edit: true,
            token_types: Vec::new(),
        };
        let mut env = Env {
            ws: &ws,
            article: &article,
            uri: &uri,
            enc: PositionEncoding::Utf16,
            caps: &caps,
            kb_file: Some(Ok(file(None, None))),
            checked_file: Some(Ok(())),
        };
        let at = article.text.rfind("Okafor").unwrap();
        let action = add_to_knowledge_base(&env, Span::new(at, at)).expect("an action").unwrap();
        let CodeActionOrCommand::CodeAction(action) = action else {
            panic!()
        };
        assert!(action.title.starts_with("Add \"Amara Okafor\" (person)"), "{}", action.title);
        let Some(DocumentChanges::Operations(ops)) = action.edit.unwrap().document_changes else {
            panic!()
        };
        assert!(matches!(&ops[0], DocumentChangeOperation::Op(ResourceOp::Create(c)) if c.uri.as_str() == "file:///w/entities.toml"));
        let DocumentChangeOperation::Edit(edit) = &ops[1] else { panic!() };
        let OneOf::Left(insert) = &edit.edits[0] else { panic!() };
        assert_eq!(
            insert.new_text,
            "[[entity]]\nid = \"amara-okafor\"\nname = \"Amara Okafor\"\nkind = \"person\"\n"
        );
        // Appending to an existing file: no creation, a blank line first, a fresh id.
        let existing = "[[entity]]\nid = \"amara-okafor\"\nname = \"Amara Okafor\"\nkind = \"person\"".to_string();
        env.kb_file = Some(Ok(file(Some(existing), Some(4))));
        let CodeActionOrCommand::CodeAction(action) = add_to_knowledge_base(&env, Span::new(at, at)).unwrap().unwrap() else {
            panic!()
        };
        let Some(DocumentChanges::Edits(edits)) = action.edit.unwrap().document_changes else {
            panic!()
        };
        assert_eq!(edits[0].text_document.version, Some(4));
        let OneOf::Left(insert) = &edits[0].edits[0] else { panic!() };
        assert_eq!(insert.range.start, tower_lsp_server::ls_types::Position { line: 3, character: 15 });
        assert!(
            insert.new_text.starts_with("\n\n[[entity]]\nid = \"amara-okafor-2\""),
            "{}",
            insert.new_text
        );
        // Not offered where a file would be needed but cannot be created, nor on a known name.
        let no_create = ClientCaps {
            create_files: false,
            ..caps.clone()
        };
        env.caps = &no_create;
        env.kb_file = Some(Ok(file(None, None)));
        assert!(add_to_knowledge_base(&env, Span::new(at, at)).is_none());
        env.kb_file = None;
        env.caps = &caps;
        assert!(add_to_knowledge_base(&env, Span::new(at, at)).is_none());
        // A file that may not be edited: not offered, and the reason comes back.
        env.kb_file = Some(Err("/etc/passwd is outside the workspace folders".into()));
        let why = add_to_knowledge_base(&env, Span::new(at, at)).unwrap().unwrap_err();
        assert!(why.contains("outside the workspace folders"), "{why}");
        let (found, notes) = actions(&env, Span::new(at, at));
        assert!(found.iter().all(|a| !format!("{a:?}").contains("knowledge base")), "{found:?}");
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    fn file(text: Option<String>, version: Option<i32>) -> EditableFile {
        EditableFile {
            path: std::path::PathBuf::from("/w/entities.toml"),
            text,
            version,
        }
    }

    fn insert(sentence: &str, figure: &str) -> String {
        let from = sentence.find(figure).unwrap() + figure.len();
        let at = clause_end(sentence, Span::new(0, sentence.len()), from);
        format!("{}, according to [source]{}", &sentence[..at], &sentence[at..])
    }

    #[test]
    fn a_source_goes_after_the_figures_clause() {
        assert_eq!(
            insert("The port will cost $3.2 billion.", "$3.2 billion"),
            "The port will cost $3.2 billion, according to [source]."
        );
        assert_eq!(
            insert("It cost $3 billion, and 1,200 jobs went.", "$3 billion"),
            "It cost $3 billion, according to [source], and 1,200 jobs went."
        );
        assert_eq!(
            insert("Some 1,200 jobs went, and more will.", "1,200"),
            "Some 1,200 jobs went, according to [source], and more will."
        );
        assert_eq!(
            insert("Costs rose 12% (a record) this year", "12%"),
            "Costs rose 12%, according to [source] (a record) this year"
        );
    }
}
