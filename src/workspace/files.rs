//! The file system, for the whole core: finding article files (include/exclude globs,
//! `.gitignore`), reading what factline reads (articles, configuration, knowledge-base and
//! checked-figure files) with a size cap and only from regular files, and telling where a path
//! really leads (symbolic links resolved) so the fronts keep to their workspace folders. The
//! only module of the core that touches the file system (with `notify` watching in `lsp`).

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::Config;

/// The cap on configuration, knowledge-base and checked-figure files: far above any real one,
/// low enough that a runaway file cannot exhaust memory.
pub const MAX_CONFIG_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// A UTF-8 byte-order mark. Editors hide it, so the text factline analyses starts after it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many symbolic links [`resolve`] follows before it gives up (the kernel's own limit).
const MAX_LINKS: usize = 40;

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
    #[error("not a regular file ({0}); only regular files are read")]
    NotRegular(&'static str),
    #[error("{0}; not read")]
    Outside(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// An article's text and where it sits in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleFile {
    /// The text as an editor shows it (without a byte-order mark).
    pub text: String,
    /// Bytes of the file before `text` (3 for a byte-order mark, else 0): offsets into `text`
    /// plus this index the file on disk.
    pub disk_offset: usize,
}

/// Reads an article, refusing what factline cannot analyse. With `within`, the path must lead
/// inside those folders once symbolic links are resolved (a file found there by discovery);
/// without, it is read wherever it leads (a file named by the user).
pub fn read_article_file(path: &Path, max_size: u64, within: Option<&Folders>) -> Result<ArticleFile, ReadError> {
    if let Some(folders) = within {
        folders.check(path).map_err(ReadError::Outside)?;
    }
    decode_article_file(read_capped(path, max_size)?)
}

/// The text of an article found under `within` (see [`read_article_file`]).
pub fn read_article(path: &Path, max_size: u64, within: Option<&Folders>) -> Result<String, ReadError> {
    read_article_file(path, max_size, within).map(|f| f.text)
}

/// Reads a configuration, knowledge-base or checked-figures file (TOML): a regular file of at
/// most [`MAX_CONFIG_FILE_SIZE`] bytes of UTF-8; a byte-order mark is dropped.
pub fn read_config_file(path: &Path) -> Result<String, ReadError> {
    let mut bytes = read_capped(path, MAX_CONFIG_FILE_SIZE)?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The bytes of a regular file, at most `max` of them. The file type is checked before
/// opening (opening a FIFO for reading would block until a writer comes), the file is opened
/// without blocking and checked again (the path may have changed in between), and reading
/// stops one byte past the cap, so a file that grows meanwhile cannot exhaust memory.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    regular(&meta)?;
    if meta.len() > max {
        return Err(ReadError::TooLarge { size: meta.len(), max });
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    regular(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// The ignore file of `dir` (`.gitignore`, `.ignore`, `.git/info/exclude`) that exists but is
/// not a regular file, said as a reason.
fn unreadable_ignore_file(dir: &Path) -> Option<String> {
    [".gitignore", ".ignore", ".git/info/exclude"].into_iter().find_map(|name| {
        let meta = fs::metadata(dir.join(name)).ok()?;
        (!meta.is_file()).then(|| format!("its {name} is not a regular file ({})", special_kind(&meta.file_type())))
    })
}

/// True when anything exists at `path` (a file, folder, FIFO …; a link counts even when it
/// dangles), so what is there can be read and reported rather than passed over.
pub fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Refuses a path that exists as anything but a regular file (a directory, a FIFO …): a file
/// factline may ask an editor to create or append to.
pub fn regular_or_absent(path: &Path) -> Result<(), ReadError> {
    match fs::metadata(path) {
        Ok(meta) => regular(&meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Refuses anything but a regular file, naming what it is.
fn regular(meta: &fs::Metadata) -> Result<(), ReadError> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(ReadError::Directory);
    }
    Err(ReadError::NotRegular(special_kind(&t)))
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "a special file"
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; on a regular
    // file it changes nothing.
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// Checks bytes for being an article's text: no NUL bytes, valid UTF-8; a BOM is dropped.
pub fn decode_article(bytes: Vec<u8>) -> Result<String, ReadError> {
    decode_article_file(bytes).map(|f| f.text)
}

/// Like [`decode_article`], keeping how many bytes (a BOM) came before the text.
pub fn decode_article_file(mut bytes: Vec<u8>) -> Result<ArticleFile, ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    // Editors strip the BOM from the text they show and send, so positions computed without
    // it match theirs; the CLI adds `disk_offset` back where it promises offsets into the file.
    let disk_offset = if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
        BOM.len()
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(ArticleFile { text, disk_offset }),
        Err(e) => Err(ReadError::InvalidUtf8 {
            offset: disk_offset + e.utf8_error().valid_up_to(),
        }),
    }
}

/// `path` made absolute, with `.` and `..` taken out by name alone (no file-system look).
pub fn lexical_normal(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root stays at the root.
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where `path` really leads: made absolute, the part that exists resolved through its
/// symbolic links (a dangling link is followed to where it points), the rest appended.
pub fn resolve(path: &Path) -> PathBuf {
    resolve_from(lexical_normal(path), 0)
}

fn resolve_from(path: PathBuf, links: usize) -> PathBuf {
    let mut existing = path.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(&existing) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        // A link whose target does not exist: writing through it would create the target.
        if links < MAX_LINKS
            && let Ok(target) = fs::read_link(&existing)
        {
            let parent = existing.parent().unwrap_or(Path::new("/"));
            let joined = rest.iter().rev().fold(parent.join(target), |p, c| p.join(c));
            return resolve_from(lexical_normal(&joined), links + 1);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path,
        }
    }
}

/// Workspace folders as named and as resolved, to tell whether a path stays inside them.
#[derive(Clone, Debug, Default)]
pub struct Folders {
    named: Vec<PathBuf>,
    real: Vec<PathBuf>,
}

impl Folders {
    pub fn new(folders: &[PathBuf]) -> Folders {
        Folders {
            named: folders.iter().map(|f| lexical_normal(f)).collect(),
            real: folders.iter().map(|f| resolve(f)).collect(),
        }
    }

    /// The folders as named (made absolute and normal).
    pub fn named(&self) -> &[PathBuf] {
        &self.named
    }

    /// True when `path` lies inside a folder by its name, and still does once its symbolic
    /// links are resolved.
    pub fn contains(&self, path: &Path) -> bool {
        self.check(path).is_ok()
    }

    /// `path` made normal when it stays inside the folders (see [`Folders::contains`]);
    /// otherwise why not, in words.
    pub fn check(&self, path: &Path) -> Result<PathBuf, String> {
        let named = lexical_normal(path);
        if !self.named.iter().any(|f| named.starts_with(f)) {
            return Err(format!("{} is outside the workspace folders", named.display()));
        }
        let real = resolve(&named);
        if !self.real.iter().any(|f| real.starts_with(f)) {
            return Err(format!(
                "{} leads to {} through a symbolic link, outside the workspace folders",
                named.display(),
                real.display()
            ));
        }
        Ok(named)
    }
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

    /// Every file (discovery then leaves the choice to each file's own configuration).
    pub fn all() -> ArticleFilter {
        let everything = Config {
            include: vec!["**".into()],
            exclude: Vec::new(),
            ..Config::default()
        };
        ArticleFilter::new(&everything).0
    }

    /// True when `path` (relative to the root) matches an `exclude` glob.
    pub fn excludes(&self, relative: &Path) -> bool {
        self.exclude.is_match(relative)
    }

    /// True when `path` (relative to the root) is an article.
    pub fn matches(&self, relative: &Path) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

/// Every article file under `root`, honouring `.gitignore` (also outside git repositories)
/// and hidden files, in path order. Symbolic links and special files (FIFOs, sockets) that
/// match are listed too, for reading to follow or refuse with a reason; linked directories
/// are not entered (what lies inside the folder is found at its own place).
///
/// The walker opens each folder's ignore files itself, so a folder whose `.gitignore` or
/// `.ignore` is a FIFO or a device (opening it would block, reading it never end) is skipped
/// with one line on stderr; at the root, the ignore files are not read at all then.
pub fn discover(root: &Path, filter: &ArticleFilter) -> Vec<PathBuf> {
    let root_safe = match unreadable_ignore_file(root) {
        Some(why) => {
            eprintln!("factline: {}: ignore files not read: {why}", root.display());
            false
        }
        None => true,
    };
    let found = std::sync::Mutex::new(Vec::new());
    // The parallel walker applies `filter_entry` before it opens a folder's ignore files (the
    // sequential one opens them even for a folder it then skips).
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .standard_filters(root_safe)
        .hidden(true)
        .threads(1)
        .filter_entry(|e| {
            let is_dir = e.depth() > 0 && e.file_type().is_some_and(|t| t.is_dir());
            match is_dir.then(|| unreadable_ignore_file(e.path())).flatten() {
                Some(why) => {
                    eprintln!("factline: {}: skipped: {why}", e.path().display());
                    false
                }
                None => true,
            }
        })
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                if let Ok(e) = entry
                    && e.file_type().is_some_and(|t| !t.is_dir())
                    && e.path().strip_prefix(root).is_ok_and(|rel| filter.matches(rel))
                {
                    found.lock().unwrap_or_else(|p| p.into_inner()).push(e.into_path());
                }
                ignore::WalkState::Continue
            })
        });
    let mut out = found.into_inner().unwrap_or_else(|p| p.into_inner());
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_for_an_ignore_file_never_blocks_discovery() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("news")).unwrap();
        fs::create_dir_all(root.join("odd")).unwrap();
        fs::write(root.join("news/a.txt"), "A").unwrap();
        fs::write(root.join("odd/b.txt"), "B").unwrap();
        let mkfifo = |p: &Path| assert!(std::process::Command::new("mkfifo").arg(p).status().unwrap().success());
        mkfifo(&root.join("odd/.gitignore"));
        let (filter, _) = ArticleFilter::new(&Config::default());
        let rel = |found: Vec<PathBuf>| -> Vec<String> {
            found
                .iter()
                .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
                .collect()
        };
        // A folder with such a file is skipped; the rest is found.
        assert_eq!(rel(discover(root, &filter)), ["news/a.txt"]);
        // At the root, the walk goes on without ignore files.
        mkfifo(&root.join(".gitignore"));
        assert_eq!(rel(discover(root, &filter)), ["news/a.txt"]);
    }

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

    #[cfg(unix)]
    #[test]
    fn discovery_lists_links_and_special_files_for_reading_to_judge() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("real")).unwrap();
        fs::write(root.join("real/a.txt"), "A").unwrap();
        std::os::unix::fs::symlink(root.join("real/a.txt"), root.join("link.txt")).unwrap();
        // A linked folder is not entered: its files are found at their own place.
        std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(root.join("pipe.txt"))
                .status()
                .unwrap()
                .success()
        );
        let (filter, _) = ArticleFilter::new(&Config::default());
        let found: Vec<_> = discover(root, &filter)
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["link.txt", "pipe.txt", "real/a.txt"]);
    }

    #[test]
    fn bad_files_are_refused_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        fs::write(&p, b"ok \xff\xfe bad").unwrap();
        assert!(matches!(read_article(&p, 100, None), Err(ReadError::InvalidUtf8 { offset: 3 })));
        fs::write(&p, b"bin\0ary").unwrap();
        assert!(matches!(read_article(&p, 100, None), Err(ReadError::Binary)));
        fs::write(&p, "x".repeat(200)).unwrap();
        assert!(matches!(read_article(&p, 100, None), Err(ReadError::TooLarge { .. })));
        assert!(matches!(
            read_article(&dir.path().join("none"), 100, None),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(read_article(dir.path(), 100, None), Err(ReadError::Directory)));
        fs::write(&p, "x".repeat(100)).unwrap();
        assert_eq!(read_article(&p, 100, None).unwrap().len(), 100);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        fs::write(&p, b"\xEF\xBB\xBFhello").unwrap();
        let f = read_article_file(&p, 100, None).unwrap();
        assert_eq!((f.text.as_str(), f.disk_offset), ("hello", 3));
        fs::write(&p, b"hello").unwrap();
        assert_eq!(read_article_file(&p, 100, None).unwrap().disk_offset, 0);
        // The bad byte's offset is into the file, BOM included.
        fs::write(&p, b"\xEF\xBB\xBFok \xff").unwrap();
        assert!(matches!(read_article(&p, 100, None), Err(ReadError::InvalidUtf8 { offset: 6 })));
        fs::write(&p, b"\xEF\xBB\xBFa = 1\n").unwrap();
        assert_eq!(read_config_file(&p).unwrap(), "a = 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking_or_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // Opening a FIFO for reading would block here until a writer came.
        assert!(matches!(read_article(&fifo, 100, None), Err(ReadError::NotRegular("a FIFO"))));
        assert!(matches!(read_config_file(&fifo), Err(ReadError::NotRegular("a FIFO"))));
        let socket = dir.path().join("sock.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        assert!(matches!(read_article(&socket, 100, None), Err(ReadError::NotRegular("a socket"))));
        // Through a symbolic link too; /dev/zero would otherwise be read without end.
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(read_config_file(&zero), Err(ReadError::NotRegular("a character device"))));
        assert!(matches!(
            read_config_file(Path::new("/dev/zero")),
            Err(ReadError::NotRegular("a character device"))
        ));
    }

    #[test]
    fn paths_are_made_normal_by_name() {
        assert_eq!(lexical_normal(Path::new("/w/a/../b/./c.toml")), PathBuf::from("/w/b/c.toml"));
        assert_eq!(lexical_normal(Path::new("/w/../../x")), PathBuf::from("/x"));
        let folders = Folders::new(&[PathBuf::from("/w/news")]);
        assert!(folders.check(Path::new("/w/news/entities.toml")).is_ok());
        let outside = folders.check(Path::new("/w/news/../../outside.toml")).unwrap_err();
        assert!(outside.contains("/outside.toml is outside the workspace folders"), "{outside}");
        assert!(folders.check(Path::new("/etc/passwd")).is_err());
        // A sibling folder whose name starts the same is not inside.
        assert!(folders.check(Path::new("/w/newsroom/a.txt")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_resolved_before_the_check() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let ws = tempfile::tempdir().unwrap();
        let root = ws.path();
        fs::write(outside.path().join("secret.toml"), "x = 1\n").unwrap();
        fs::write(root.join("real.txt"), "A").unwrap();
        symlink(outside.path().join("secret.toml"), root.join("entities.toml")).unwrap();
        symlink(outside.path(), root.join(".factline")).unwrap();
        symlink(outside.path().join("missing.toml"), root.join("dangling.toml")).unwrap();
        symlink(root.join("real.txt"), root.join("inner.txt")).unwrap();
        symlink(root.join("loop-b"), root.join("loop-a")).unwrap();
        symlink(root.join("loop-a"), root.join("loop-b")).unwrap();
        let folders = Folders::new(&[root.to_path_buf()]);
        for bad in ["entities.toml", ".factline/checked.toml", "dangling.toml"] {
            let why = folders.check(&root.join(bad)).unwrap_err();
            assert!(why.contains("through a symbolic link"), "{bad}: {why}");
        }
        assert!(folders.check(&root.join("inner.txt")).is_ok());
        assert!(folders.check(&root.join("new/file.toml")).is_ok());
        // A loop resolves to something (inside, by name), without hanging.
        let _ = folders.check(&root.join("loop-a/x"));
        // Reading with `within` follows only a link that stays inside.
        let within = Some(&folders);
        assert!(matches!(
            read_article(&root.join("entities.toml"), 100, within),
            Err(ReadError::Outside(_))
        ));
        assert_eq!(read_article(&root.join("inner.txt"), 100, within).unwrap(), "A");
        assert_eq!(read_article(&root.join("entities.toml"), 100, None).unwrap(), "x = 1\n");
    }
}
