//! Asking a project's newsroom archive on a document's behalf: the lookup keys of its new
//! statements after a publish, and the archived mentions of an entity for a hover.

use tower_lsp_server::ls_types::MessageType;

use super::Backend;

impl Backend {
    /// How many archived articles mention the entity at `offset`, and how often, when the
    /// project has an archive that answers within the deadline.
    pub(super) async fn archive_mentions(&self, key: &str, offset: usize) -> Option<(i64, i64)> {
        let rx = {
            let mut st = self.state();
            let (location, _) = st.archive_of(key)?;
            let ws = st.workspace_of(key)?;
            let a = &ws.get(key)?.analysis;
            let mi = a.mention_at(offset)?;
            let e = a.entities.get(a.mentions.get(mi)?.entity)?;
            let id = crate::archive::record::entity_id(&e.reference, ws.kb());
            let (tx, rx) = tokio::sync::oneshot::channel();
            st.archives
                .worker(&location)
                .send(super::super::archive::Job::Mentions(id, tx))
                .ok()?;
            rx
        };
        match tokio::time::timeout(super::super::archive::DEADLINE, rx).await {
            Ok(Ok(Ok(counts))) => Some(counts),
            Ok(Ok(Err(why))) => {
                let line = self.state().note_once(format!("factline: archive not used: {why}"));
                if let Some(line) = line {
                    self.client.log_message(MessageType::WARNING, line).await;
                }
                None
            }
            _ => None,
        }
    }

    /// After a publish: asks the archive about `key`'s new lookup keys and waits at most
    /// `archive::DEADLINE`. An answer in time is merged and published at once; a late one is
    /// merged when it comes and shows from the next publish on.
    pub(super) async fn consult_archive(&self, key: &str) {
        let Some(mut question) = self.state().ask_archive(key) else {
            return;
        };
        match tokio::time::timeout(super::super::archive::DEADLINE, &mut question.answer).await {
            Ok(Ok(answer)) => {
                let (log, batch) = {
                    let mut st = self.state();
                    let (log, affected) = st.archive_answered(key, &question, answer);
                    (log, Self::collect_affected(&st, key, &affected))
                };
                if let Some(line) = log {
                    self.client.log_message(MessageType::WARNING, line).await;
                }
                self.publish(batch).await;
            }
            Ok(Err(_)) => {}
            Err(_) => {
                // A late answer is published when it comes: with only the affected documents
                // republished after an edit, waiting for the next publish could be forever.
                let (state, client, publishing, key) = (self.state.clone(), self.client.clone(), self.publishing.clone(), key.to_string());
                tokio::spawn(async move {
                    if let Ok(answer) = (&mut question.answer).await {
                        let (log, batch) = {
                            let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
                            let (log, affected) = st.archive_answered(&key, &question, answer);
                            (log, Self::collect_affected(&st, &key, &affected))
                        };
                        if let Some(line) = log {
                            client.log_message(MessageType::WARNING, line).await;
                        }
                        Self::publish_to(&client, &state, &publishing, batch).await;
                    }
                });
            }
        }
    }
}
