//! What the scorer reads of `factline check --format json` (the README's contract, version 1).

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Output {
    pub files: Vec<File>,
}

#[derive(Deserialize)]
pub struct File {
    pub path: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

impl File {
    /// The file name the gold annotations know the article by.
    pub fn name(&self) -> &str {
        file_name(&self.path)
    }
}

pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[derive(Deserialize)]
pub struct Entity {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub intro: Option<Range>,
    #[serde(default)]
    pub mentions: Vec<Range>,
}

impl Entity {
    /// The identity mentions are grouped by: the id, else the name.
    pub fn identity(&self) -> Option<&str> {
        self.id.as_deref().filter(|id| !id.is_empty()).or(self.name.as_deref())
    }
}

/// UTF-8 byte offsets into the file.
#[derive(Deserialize, Clone, Copy)]
pub struct Range {
    pub start: u64,
    pub end: u64,
}

#[derive(Deserialize)]
pub struct Figure {
    pub start: u64,
    pub end: u64,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Deserialize)]
pub struct Diagnostic {
    pub code: String,
    #[serde(default)]
    pub severity: Option<String>,
    pub start: u64,
    pub end: u64,
    #[serde(default)]
    pub related: Vec<Related>,
}

#[derive(Deserialize)]
pub struct Related {
    pub path: String,
    pub start: u64,
    pub end: u64,
}
