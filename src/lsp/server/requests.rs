//! Answering requests: under the state lock, the article and offset a request is about are
//! found and the feature module asked; cross-document requests wait for the initial scan.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::super::{code_actions, commands, convert, definition, hover, references, rename, semantic_tokens, symbols};
use super::{Backend, HOVER_SCAN_WAIT, request_failed};
use crate::workspace::Article;

impl Backend {
    /// The hover card at a position, with the archive's mention counts when it answers in time.
    pub(super) async fn hover_at(&self, params: HoverParams) -> Result<Option<Hover>> {
        let scanned = self.wait_scanned(HOVER_SCAN_WAIT).await;
        let Some((key, offset)) = self.key_offset(&params.text_document_position_params) else {
            return Ok(None);
        };
        let archived = self.archive_mentions(&key, offset).await;
        let st = self.state();
        let Some(ws) = st.workspace_of(&key) else { return Ok(None) };
        let Some(article) = ws.get(&key) else { return Ok(None) };
        let md = hover::hover(ws, article, offset, scanned).map(|md| match archived {
            Some((articles, mentions)) => format!(
                "{md}; {mentions} in {articles} archived article{}",
                if articles == 1 { "" } else { "s" }
            ),
            None => md,
        });
        Ok(md.map(|value| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        }))
    }

    /// Where the entity at a position is first introduced in its article.
    pub(super) fn definition_of(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = &params.text_document_position_params;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(span) = definition::definition(&article, offset) else {
            return Ok(None);
        };
        let range = convert::range(&article.line_index, &article.text, span, st.encoding);
        Ok(Some(GotoDefinitionResponse::Scalar(Location {
            uri: p.text_document.uri.clone(),
            range,
        })))
    }

    /// The knowledge-base entry of the entity at a position: the header line of its file.
    pub(super) fn declaration_of(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = &params.text_document_position_params;
        let (file, line) = {
            let st = self.state();
            let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
                return Ok(None);
            };
            let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
            let Some(found) = definition::declaration(ws, &article, offset) else {
                return Ok(None);
            };
            found
        };
        let Some(uri) = convert::path_to_uri(&file) else { return Ok(None) };
        Ok(Some(GotoDefinitionResponse::Scalar(Location {
            uri,
            range: convert::line_start(line),
        })))
    }

    /// Every mention of the entity at a position across the project (once scanned).
    pub(super) async fn references_to(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.require_scanned().await?;
        let p = &params.text_document_position;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
        let found = references::references(ws, &article, offset, st.encoding);
        Ok((!found.is_empty()).then_some(found))
    }

    /// The article's outline: headline, entities and figures.
    pub(super) fn document_symbols(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
            article,
            st.encoding,
        ))))
    }

    /// The entities of every project matching a query (once scanned).
    pub(super) async fn workspace_symbols(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.require_scanned().await?;
        let st = self.state();
        let workspaces = st.workspaces();
        let found = symbols::workspace_symbols(&workspaces, &params.query, st.encoding);
        Ok(Some(WorkspaceSymbolResponse::Nested(found)))
    }

    /// Semantic tokens of a whole article.
    pub(super) fn tokens_of(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens::tokens(article, st.encoding, None),
        })))
    }

    /// Semantic tokens of the part of an article a range covers.
    pub(super) fn tokens_in(&self, params: SemanticTokensRangeParams) -> Result<Option<SemanticTokensRangeResult>> {
        let st = self.state();
        let key = params.text_document.uri.to_string();
        let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)) else {
            return Ok(None);
        };
        let within = convert::span(&article.line_index, &article.text, params.range, st.encoding);
        Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens::tokens(article, st.encoding, Some(within)),
        })))
    }

    /// What a rename at a position would rename, and its current spelling.
    pub(super) fn rename_target(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &params.text_document.uri, params.position) else {
            return Ok(None);
        };
        Ok(
            rename::prepare(&article, offset).map(|(span, placeholder)| PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&article.line_index, &article.text, span, st.encoding),
                placeholder,
            }),
        )
    }

    /// The edits renaming an entity in every article that names it (and its knowledge-base entry).
    pub(super) async fn rename_edits(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        if let Some(why) = rename::invalid_name(&params.new_name) {
            return Err(Error::invalid_params(format!("cannot rename: {why}")));
        }
        self.require_scanned().await?;
        let p = &params.text_document_position;
        let st = self.state();
        let Some((article, offset)) = Self::article_at(&st, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(ws) = st.workspace_of(&article.key) else { return Ok(None) };
        let may_edit = |a: &Article| st.may_edit(a);
        let Some(edits) = rename::rename(ws, &article, offset, &params.new_name, st.encoding, &may_edit) else {
            return Ok(None);
        };
        Ok(Some(edits.build(&st.caps)))
    }

    /// The quick fixes for a range; notes about files that cannot be edited are logged once.
    pub(super) async fn code_actions_in(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (found, notes) = {
            let mut st = self.state();
            let key = params.text_document.uri.to_string();
            let Some(article) = st.workspace_of(&key).and_then(|ws| ws.get(&key)).cloned() else {
                return Ok(None);
            };
            let enc = st.encoding;
            let within = convert::span(&article.line_index, &article.text, params.range, enc);
            // The article's project's files, each checked to lie inside the workspace folders
            // (links resolved).
            let project = st.project_of_key(&key);
            let kb_file = project.as_ref().and_then(|p| p.kb_file()).map(|path| st.editable_file(&path));
            let checked_file = project
                .as_ref()
                .and_then(|p| p.checked_file())
                .map(|path| st.edit_target(&path).map(|_| ()));
            let Some(ws) = st.workspace_of(&key) else { return Ok(None) };
            let env = code_actions::Env {
                ws,
                article: &article,
                uri: &params.text_document.uri,
                enc,
                caps: &st.caps,
                kb_file,
                checked_file,
            };
            let (found, notes) = code_actions::actions(&env, within);
            let notes: Vec<String> = notes.into_iter().filter_map(|n| st.note_once(n)).collect();
            (found, notes)
        };
        for line in notes {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        Ok(Some(found))
    }

    /// `factline.showSheet` and `factline.markChecked`.
    pub(super) async fn run_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            commands::SHOW_SHEET => {
                self.require_scanned().await?;
                let md = commands::show_sheet(&mut self.state(), &params.arguments);
                Ok(Some(LSPAny::String(md)))
            }
            commands::MARK_CHECKED => {
                let marked = {
                    let mut st = self.state();
                    if !st.caps.apply_edit {
                        return Err(request_failed("the client cannot apply workspace edits"));
                    }
                    commands::mark_checked(&mut st, &params.arguments).map_err(Error::invalid_params)?
                };
                if let Some(edit) = marked.edit {
                    let applied = self.client.apply_edit(edit).await;
                    match applied {
                        Ok(r) if r.applied => {}
                        Ok(r) => {
                            let why = r.failure_reason.unwrap_or_else(|| "no reason given".into());
                            return Err(request_failed(format!("the client did not apply the edit: {why}")));
                        }
                        Err(e) => return Err(e),
                    }
                }
                // The file may stay unsaved in the editor; the server knows at once.
                let batch = {
                    let mut st = self.state();
                    st.mark_checked(&marked.root, marked.fingerprint.clone());
                    Self::collect_all(&st)
                };
                self.publish(batch).await;
                Ok(Some(serde_json::json!({ "fingerprint": marked.fingerprint })))
            }
            other => Err(Error::invalid_params(format!("unknown command {other:?}"))),
        }
    }
}
