//! `workspace/executeCommand`: `factline.markChecked` (record a figure in
//! `.factline/checked.toml` through an edit the client applies) and `factline.showSheet` (the
//! story sheet of the workspace as Markdown).

use std::path::PathBuf;

use serde_json::Value;
use tower_lsp_server::ls_types::{Position, Range, TextEdit, Uri, WorkspaceEdit};

use super::convert;
use super::edits::EditBuilder;
use super::state::State;
use crate::text::LineIndex;
use crate::workspace::{CHECKED_FILE, checked, figure_fingerprint, sheet};

pub const MARK_CHECKED: &str = "factline.markChecked";
pub const SHOW_SHEET: &str = "factline.showSheet";
pub const ALL: [&str; 2] = [MARK_CHECKED, SHOW_SHEET];

/// A figure to record as checked: its fingerprint, the root of the project whose
/// `.factline/checked.toml` records it, and the edit adding it to the file (`None` when it is
/// already recorded).
pub struct MarkChecked {
    pub fingerprint: String,
    pub root: Option<PathBuf>,
    pub edit: Option<WorkspaceEdit>,
}

/// Arguments: the document URI and the position of the figure.
pub fn mark_checked(st: &mut State, args: &[Value]) -> Result<MarkChecked, String> {
    let usage = || format!("{MARK_CHECKED} takes a document URI and a position");
    let uri: Uri = args
        .first()
        .and_then(Value::as_str)
        .and_then(convert::uri_from_key)
        .ok_or_else(usage)?;
    let pos: Position = args.get(1).and_then(|v| serde_json::from_value(v.clone()).ok()).ok_or_else(usage)?;
    let key = uri.to_string();
    let project = st.project_of_key(&key).ok_or("the document is not open")?;
    let checked_file = project
        .checked_file()
        .ok_or("marking a figure as checked needs a workspace folder or a factline.toml")?;
    let (fingerprint, figure, sentence) = {
        let article = st
            .workspace_of(&key)
            .and_then(|ws| ws.get(&key))
            .ok_or("the document is not open")?;
        let offset = convert::offset(&article.line_index, &article.text, pos, st.encoding);
        let a = &article.analysis;
        let fi = a.figure_at(offset).ok_or("no figure at this position")?;
        let f = &a.figures[fi];
        let sentence = a.sentences.get(f.sentence).map_or("", |s| s.span.slice(&article.text)).to_string();
        (
            figure_fingerprint(&article.text, a, fi),
            f.span.slice(&article.text).to_string(),
            sentence,
        )
    };
    let root = project.root.clone();
    if project.checked.contains(&fingerprint) {
        return Ok(MarkChecked {
            fingerprint,
            root,
            edit: None,
        });
    }
    // Never an edit outside the workspace folders (through a linked `.factline/`, say).
    let file = st
        .editable_file(&checked_file)
        .map_err(|why| format!("cannot mark the figure as checked: {why}"))?;
    let file_uri = convert::path_to_uri(&file.path).ok_or("cannot name the checked-figures file")?;
    let missing = file.text.is_none();
    if missing && !(st.caps.document_changes && st.caps.create_files) {
        return Err(format!("the client cannot create {CHECKED_FILE}; create it (empty) and try again"));
    }
    let (text, version) = (file.text.unwrap_or_default(), file.version);
    let entry = checked::entry_toml(&fingerprint, &figure, &sentence, &text);
    let index = LineIndex::new(&text);
    let end = convert::position(&index, &text, text.len(), st.encoding);
    let mut edits = EditBuilder::default();
    if missing {
        edits.create(file_uri.clone());
    }
    edits.edit(file_uri.as_str(), version, TextEdit::new(Range { start: end, end }, entry));
    Ok(MarkChecked {
        fingerprint,
        root,
        edit: Some(edits.build(&st.caps)),
    })
}

/// The story sheet of the project of the document named by the optional argument (for a
/// document opened outside every folder, that document's own), else of the first folder's
/// project; paths relative to the first folder.
pub fn show_sheet(st: &mut State, args: &[Value]) -> String {
    let named = args.first().and_then(Value::as_str).filter(|k| st.workspace_of(k).is_some());
    let first = match named {
        Some(_) => None,
        None => Some(st.project_for(None).root.clone()),
    };
    let ws = match (named, &first) {
        (Some(k), _) => st.workspace_of(k),
        (None, Some(root)) => st.projects.by_root(root),
        (None, None) => None,
    };
    let keys: Vec<String> = ws.map(|ws| ws.articles().map(|a| a.key.clone()).collect()).unwrap_or_default();
    let root = st.folders.first().map(PathBuf::as_path);
    let label = |key: &str| -> String {
        let path = convert::uri_from_key(key).and_then(|u| convert::uri_to_path(&u));
        match (path, root) {
            (Some(p), Some(r)) => p.strip_prefix(r).unwrap_or(&p).to_string_lossy().into_owned(),
            (Some(p), None) => p.to_string_lossy().into_owned(),
            _ => key.to_string(),
        }
    };
    sheet::markdown(&sheet::build(&|_| ws, &keys, &label))
}
