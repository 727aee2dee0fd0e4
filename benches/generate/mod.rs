//! Workspaces for the scale benchmarks, made from the project's own `tests/corpus` articles:
//! N copies, each with some digits varied, so the copies restate the same quantities with
//! values that agree or contradict, the way a newsroom's folder of running stories does.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The corpus articles (`.txt` and `.md`), as (story/file name, text), in path order.
pub fn corpus() -> io::Result<Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = Vec::new();
    let mut stories: Vec<PathBuf> = fs::read_dir(&root)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    stories.sort();
    for story in stories.iter().filter(|p| p.is_dir()) {
        let mut files: Vec<PathBuf> = fs::read_dir(story)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            if !matches!(file.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
                continue;
            }
            let rel = file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().into_owned();
            out.push((rel, fs::read_to_string(&file)?));
        }
    }
    Ok(out)
}

/// `text` with some digits changed for copy `copy`: the last digit of every third number
/// (which third depends on the copy) moves by `copy % 4`, so each figure takes at most four
/// values across all copies and the others stay as written.
pub fn vary(text: &str, copy: usize) -> String {
    let shift = (copy % 4) as u8;
    let which = copy % 3;
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut number = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.extend_from_slice(&bytes[start..i]);
            if number % 3 == which
                && let Some(last) = out.last_mut()
            {
                *last = b'0' + (*last - b'0' + shift) % 10;
            }
            number += 1;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    // Only ASCII digits were replaced by ASCII digits: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Writes `n` articles under `dir` (`copy-NNNNN/story/file`), cycling through the corpus, and
/// returns the number of bytes written.
pub fn workspace(dir: &Path, n: usize) -> io::Result<u64> {
    let corpus = corpus()?;
    let mut bytes = 0;
    for i in 0..n {
        let (name, text) = &corpus[i % corpus.len()];
        let copy = i / corpus.len();
        let path = dir.join(format!("copy-{copy:05}")).join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let varied = vary(text, copy);
        bytes += varied.len() as u64;
        fs::write(path, varied)?;
    }
    Ok(bytes)
}

/// One figure-heavy article of about `size` bytes: the corpus paragraphs that hold a figure,
/// one after the other, digits varied on each pass, under the first article's headline.
pub fn figure_heavy(size: usize) -> io::Result<String> {
    let corpus = corpus()?;
    let paragraphs: Vec<&str> = corpus
        .iter()
        .flat_map(|(_, t)| t.split("\n\n").skip(1))
        .filter(|p| p.bytes().any(|b| b.is_ascii_digit()) && !p.trim().is_empty())
        .collect();
    let headline = corpus.first().and_then(|(_, t)| t.lines().next()).unwrap_or("Figures");
    let mut out = format!("{headline}\n\n");
    let mut pass = 0;
    while out.len() < size && !paragraphs.is_empty() {
        for p in &paragraphs {
            out.push_str(&vary(p.trim(), pass));
            out.push_str("\n\n");
            if out.len() >= size {
                break;
            }
        }
        pass += 1;
    }
    Ok(out)
}
