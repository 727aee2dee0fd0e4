//! Finding the article files of the workspace folders and watching them: blocking file work
//! runs on tokio's blocking pool; a `notify` watcher stands in when the client cannot watch.

use std::path::{Path, PathBuf};

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::workspace::{ArticleFilter, Folders, ReadError, Resolver, discover, read_article};

/// Every article under the folders (by its own project's include/exclude globs) with its
/// text or the reason it was skipped. A symbolic link is followed only to a target inside the
/// folders, the rule for changes too ([`crate::lsp::state::State::read_disk_article`]).
pub fn scan(roots: &Folders, resolver: &mut Resolver) -> Vec<(PathBuf, Result<String, ReadError>)> {
    let mut out = Vec::new();
    let everything = ArticleFilter::all();
    for folder in roots.named() {
        for path in discover(folder, &everything) {
            if resolver.is_article(&path, folder) {
                let max = resolver.project_for(&path).config.max_file_size;
                let text = read_article(&path, max, Some(roots));
                out.push((path, text));
            }
        }
    }
    out
}

/// A file-system change the server cares about.
#[derive(Debug)]
pub enum FileEvent {
    Changed(PathBuf),
    Removed(PathBuf),
}

/// Watches the folders recursively; events arrive on the returned channel. The watcher
/// lives as long as the returned handle.
pub fn watch(folders: &[PathBuf]) -> notify::Result<(notify::RecommendedWatcher, mpsc::UnboundedReceiver<FileEvent>)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        // Reading a file raises access events; reacting to them would loop forever.
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let e = if path.exists() {
                FileEvent::Changed(path)
            } else {
                FileEvent::Removed(path)
            };
            let _ = tx.send(e);
        }
    })?;
    for f in folders {
        watcher.watch(Path::new(f), RecursiveMode::Recursive)?;
    }
    Ok((watcher, rx))
}
