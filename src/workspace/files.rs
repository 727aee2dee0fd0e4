//! Finding and reading article files: include/exclude globs, `.gitignore`, size limits, and
//! refusing binary or non-UTF-8 files with a clear reason. The only module of the core that
//! touches the file system (with `notify` watching in `lsp`).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::Config;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("file is {size} bytes, over the {max}-byte limit (max_file_size)")]
    TooLarge { size: u64, max: u64 },
    #[error("binary file (contains NUL bytes)")]
    Binary,
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 { offset: usize },
    #[error("is a directory")]
    Directory,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads an article, refusing what factline cannot analyse.
pub fn read_article(path: &Path, max_size: u64) -> Result<String, ReadError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > max_size {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max: max_size,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)?.take(max_size + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max: max_size,
        });
    }
    decode_article(bytes)
}

/// Checks bytes for being an article's text: no NUL bytes, valid UTF-8; a BOM is dropped.
pub fn decode_article(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        // Keep offsets stable for editors by blanking rather than removing? Editors strip the
        // BOM themselves, so offsets computed without it match what they show.
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Include/exclude globs relative to a root.
#[derive(Clone, Debug)]
pub struct ArticleFilter {
    include: GlobSet,
    exclude: GlobSet,
}

impl ArticleFilter {
    /// Builds the filter; invalid globs are returned as messages and left out.
    pub fn new(config: &Config) -> (ArticleFilter, Vec<String>) {
        let mut errors = Vec::new();
        let mut build = |pats: &[String]| {
            let mut b = GlobSetBuilder::new();
            for p in pats {
                match Glob::new(p) {
                    Ok(g) => {
                        b.add(g);
                    }
                    Err(e) => errors.push(format!("invalid glob {p:?}: {e}")),
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let include = build(&config.include);
        let exclude = build(&config.exclude);
        (ArticleFilter { include, exclude }, errors)
    }

    /// True when `path` (relative to the root) is an article.
    pub fn matches(&self, relative: &Path) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

/// Every article file under `root`, honouring `.gitignore` (also outside git repositories)
/// and hidden files, in path order.
pub fn discover(root: &Path, filter: &ArticleFilter) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.strip_prefix(root).is_ok_and(|rel| filter.matches(rel)))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_honours_globs_and_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("drafts")).unwrap();
        fs::create_dir_all(root.join("news")).unwrap();
        fs::write(root.join("news/a.txt"), "A").unwrap();
        fs::write(root.join("news/b.md"), "B").unwrap();
        fs::write(root.join("news/c.rs"), "C").unwrap();
        fs::write(root.join("drafts/d.txt"), "D").unwrap();
        fs::write(root.join("ignored.txt"), "I").unwrap();
        fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
        let config = Config {
            exclude: vec!["drafts/**".into()],
            ..Config::default()
        };
        let (filter, errors) = ArticleFilter::new(&config);
        assert!(errors.is_empty());
        let found: Vec<_> = discover(root, &filter)
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["news/a.txt", "news/b.md"]);
    }

    #[test]
    fn bad_files_are_refused_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        fs::write(&p, b"ok \xff\xfe bad").unwrap();
        assert!(matches!(read_article(&p, 100), Err(ReadError::InvalidUtf8 { offset: 3 })));
        fs::write(&p, b"bin\0ary").unwrap();
        assert!(matches!(read_article(&p, 100), Err(ReadError::Binary)));
        fs::write(&p, "x".repeat(200)).unwrap();
        assert!(matches!(read_article(&p, 100), Err(ReadError::TooLarge { .. })));
        assert!(matches!(read_article(&dir.path().join("none"), 100), Err(ReadError::NotFound)));
        fs::write(&p, b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(read_article(&p, 100).unwrap(), "hello");
    }
}
