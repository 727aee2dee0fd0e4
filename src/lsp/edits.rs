//! Building workspace edits: text edits per document (versioned for open documents when the
//! client takes `documentChanges`), and file creation before them.

use std::collections::{BTreeMap, HashMap};

use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, ResourceOp,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::convert;
use super::state::ClientCaps;
use crate::text::{PositionEncoding, Span};
use crate::workspace::Article;

#[derive(Default)]
pub struct EditBuilder {
    creates: Vec<Uri>,
    /// Edits by document key, with the version they were computed for.
    docs: BTreeMap<String, (Option<i32>, Vec<TextEdit>)>,
}

impl EditBuilder {
    /// Creates the file (left alone when it exists) before any text edit.
    pub fn create(&mut self, uri: Uri) {
        self.creates.push(uri);
    }

    pub fn edit(&mut self, key: &str, version: Option<i32>, edit: TextEdit) {
        let entry = self.docs.entry(key.to_string()).or_insert((version, Vec::new()));
        if !entry.1.contains(&edit) {
            entry.1.push(edit);
        }
    }

    /// Replaces `span` of an analysed article.
    pub fn replace(&mut self, article: &Article, span: Span, new_text: &str, enc: PositionEncoding) {
        let range = convert::range(&article.line_index, &article.text, span, enc);
        self.edit(&article.key, article.version, TextEdit::new(range, new_text.to_string()));
    }

    /// The edit in the form the client takes. File creation needs `documentChanges`; callers
    /// check [`ClientCaps::create_files`] before asking for it.
    pub fn build(self, caps: &ClientCaps) -> WorkspaceEdit {
        let docs: Vec<(Uri, Option<i32>, Vec<TextEdit>)> = self
            .docs
            .into_iter()
            .filter(|(_, (_, e))| !e.is_empty())
            .filter_map(|(key, (version, edits))| Some((convert::uri_from_key(&key)?, version, edits)))
            .collect();
        if caps.document_changes {
            let text_edit = |(uri, version, edits): (Uri, Option<i32>, Vec<TextEdit>)| TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            };
            let changes = if self.creates.is_empty() {
                DocumentChanges::Edits(docs.into_iter().map(text_edit).collect())
            } else {
                let mut ops: Vec<DocumentChangeOperation> = self
                    .creates
                    .into_iter()
                    .map(|uri| {
                        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                            uri,
                            options: Some(CreateFileOptions {
                                overwrite: Some(false),
                                ignore_if_exists: Some(true),
                            }),
                            annotation_id: None,
                        }))
                    })
                    .collect();
                ops.extend(docs.into_iter().map(|d| DocumentChangeOperation::Edit(text_edit(d))));
                DocumentChanges::Operations(ops)
            };
            WorkspaceEdit {
                document_changes: Some(changes),
                ..WorkspaceEdit::default()
            }
        } else {
            let changes: HashMap<Uri, Vec<TextEdit>> = docs.into_iter().map(|(uri, _, edits)| (uri, edits)).collect();
            WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }
        }
    }
}
