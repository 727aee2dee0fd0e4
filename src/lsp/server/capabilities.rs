//! Capability negotiation: what the client offers (position encoding, edits, watching,
//! progress, semantic token types, settings) and what the server announces in return.

use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::super::state::ClientCaps;
use super::super::{commands, convert, semantic_tokens};
use super::Backend;
use crate::text::PositionEncoding;

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let ws = params.capabilities.workspace.as_ref();
    let edit = ws.and_then(|w| w.workspace_edit.as_ref());
    ClientCaps {
        document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
        create_files: edit
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
        token_types: params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.semantic_tokens.as_ref())
            .map(|s| s.token_types.iter().map(|t| t.as_str().to_string()).collect())
            .unwrap_or_default(),
    }
}

fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) && !list.contains(&PositionEncodingKind::UTF16) => PositionEncoding::Utf8,
        Some(list) if list.first() == Some(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

pub(super) fn settings_from(value: &serde_json::Value) -> Option<serde_json::Value> {
    match value.get("factline") {
        Some(v) => Some(v.clone()),
        None if value.is_object() && !value.as_object().is_some_and(|o| o.is_empty()) => Some(value.clone()),
        None => None,
    }
}

/// The workspace folders the client names (its root when it names none).
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| convert::uri_to_path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if folders.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(convert::uri_to_path)
    {
        folders.push(root);
    }
    folders
}

/// What the server offers, in the negotiated encoding, with the semantic token types the
/// client knows.
fn server_capabilities(encoding: PositionEncoding, token_types: &[String]) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        declaration_provider: Some(DeclarationCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
            work_done_progress_options: WorkDoneProgressOptions::default(),
            legend: semantic_tokens::legend(token_types),
            range: Some(true),
            full: Some(SemanticTokensFullOptions::Bool(true)),
        })),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: None,
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: commands::ALL.iter().map(|c| c.to_string()).collect(),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: None,
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The files the client is asked to watch for the server, when it can.
const WATCHED: [&str; 4] = [
    "**/*.{txt,md,markdown}",
    "**/factline.toml",
    "**/*.toml",
    "**/.factline/checked.toml",
];

impl Backend {
    /// `initialize`: takes in what the client offers (folders, encoding, settings,
    /// capabilities), loads the configuration, and says what the server offers.
    pub(super) fn negotiate(&self, params: &InitializeParams) -> InitializeResult {
        let encoding = negotiate_encoding(params);
        let client = params.capabilities.workspace.as_ref();
        let watch_dynamic = client
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        *self.client_watches.lock().unwrap_or_else(|p| p.into_inner()) = watch_dynamic;
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        *self.progress_supported.lock().unwrap_or_else(|p| p.into_inner()) = progress;
        let token_types = {
            let mut st = self.state();
            st.encoding = encoding;
            st.set_folders(workspace_folders(params));
            st.resolver
                .set_settings(params.initialization_options.as_ref().and_then(settings_from));
            st.caps = client_caps(params);
            let reloaded = st.reload();
            st.file_problems = reloaded.problems;
            st.pending_log = reloaded.refusals;
            st.caps.token_types.clone()
        };
        InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "factline".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: server_capabilities(encoding, &token_types),
        }
    }

    /// Changes on disk: the client watches when it can register watchers, the server's own
    /// watcher (`scan::watch`) otherwise.
    pub(super) async fn watch_files(&self) {
        if !*self.client_watches.lock().unwrap_or_else(|p| p.into_inner()) {
            let folders = self.state().folders.clone();
            if !folders.is_empty() {
                self.watch_folders(&folders).await;
            }
            return;
        }
        let watchers = WATCHED
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
        let reg = Registration {
            id: "factline-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
        };
        if self.client.register_capability(vec![reg]).await.is_err() {
            self.client
                .log_message(
                    MessageType::WARNING,
                    "factline: client refused file watching; changes on disk are not seen",
                )
                .await;
        }
    }

    /// Once initialized: what loading the configuration refused, and its problems.
    pub(super) async fn report_startup(&self) {
        let pending = std::mem::take(&mut self.state().pending_log);
        for line in pending {
            self.client.log_message(MessageType::WARNING, line).await;
        }
        let has_problems = self.state().file_problems.values().any(|v| !v.is_empty());
        if has_problems {
            self.reload_config().await;
        }
    }
}
