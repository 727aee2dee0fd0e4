//! The gold annotations of one story folder: `NAME.gold.json` beside each article `NAME.txt`,
//! and `clusters.gold.json` for the pairs of figures across (or within) its articles.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Article {
    /// The article's file name, beside the gold file; `NAME.txt` when absent.
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub ambiguous_surfaces: Vec<String>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub ambiguous_figures: Vec<String>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub calendar: Vec<CalendarClaim>,
    /// Annotated for the pairs of `clusters.gold.json` only (the failure-class fixtures of
    /// `tests/corpus/classes/`): its entities, figures and quotes are not scored.
    #[serde(default)]
    pub pairs_only: bool,
}

#[derive(Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// The surface at the entity's first full introduction.
    #[serde(default)]
    pub intro: Option<String>,
}

#[derive(Deserialize)]
pub struct Figure {
    pub text: String,
    pub kind: String,
    #[serde(default)]
    pub checkworthy: bool,
    #[serde(default)]
    pub sourced: bool,
    /// Which occurrence of `text` (0-based) when the same string is labelled differently.
    #[serde(default)]
    pub occurrence: Option<usize>,
}

impl Figure {
    /// A figure a fact-checker wants sourced and the article does not source.
    pub fn wants_source(&self) -> bool {
        self.checkworthy && !self.sourced
    }
}

#[derive(Deserialize)]
pub struct Quote {
    pub text: String,
    #[serde(default)]
    pub attributed: bool,
}

/// A weekday-with-date or a date range with a stated duration.
#[derive(Deserialize)]
pub struct CalendarClaim {
    pub text: String,
    #[serde(default)]
    pub consistent: bool,
}

#[derive(Deserialize)]
pub struct Pair {
    pub a: PairSide,
    pub b: PairSide,
    pub verdict: String,
    /// The failure class of the same-quantity decision the pair guards (`tests/corpus/classes/`).
    #[serde(default)]
    pub class: Option<String>,
}

#[derive(Deserialize)]
pub struct PairSide {
    pub doc: String,
    pub text: String,
    #[serde(default)]
    pub occurrence: Option<usize>,
}

/// An article with its text and gold annotations.
pub struct Annotated {
    /// The article's file name, as the binary's output is matched to it.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    pub gold: Article,
}

pub struct Folder {
    /// Sorted by gold file name.
    pub articles: Vec<Annotated>,
    pub pairs: Vec<Pair>,
}

const CLUSTERS: &str = "clusters.gold.json";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn load(folder: &Path) -> Folder {
    let mut gold_files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".gold.json") && n != CLUSTERS)
        })
        .collect();
    gold_files.sort();
    let articles = gold_files
        .iter()
        .map(|gold_path| {
            let gold: Article = serde_json::from_str(&read(gold_path)).unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
            let stem = gold_path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .trim_end_matches(".gold.json");
            let path = folder.join(gold.doc.clone().unwrap_or_else(|| format!("{stem}.txt")));
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            Annotated {
                name,
                text: read(&path),
                path,
                gold,
            }
        })
        .collect();
    let clusters = folder.join(CLUSTERS);
    let pairs = if clusters.exists() {
        serde_json::from_str(&read(&clusters)).unwrap_or_else(|e| panic!("{}: {e}", clusters.display()))
    } else {
        Vec::new()
    };
    Folder { articles, pairs }
}

/// Every folder under `root` (itself included) that holds gold files, sorted.
pub fn story_folders(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    if entries.iter().any(|p| p.to_str().is_some_and(|p| p.ends_with(".gold.json"))) {
        out.push(root.to_path_buf());
    }
    for dir in entries.iter().filter(|p| p.is_dir()) {
        out.extend(story_folders(dir));
    }
    out.sort();
    out
}
