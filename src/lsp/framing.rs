//! Cuts the client's byte stream into `Content-Length` frames, tolerating what editors and
//! broken clients send, and finding the next frame again after anything broken.
//!
//! A header block is lines `Name: value` ended by CRLF, then an empty line. Names are
//! case-insensitive and exactly one `Content-Length` is required; other headers
//! (`Content-Type`) are accepted and dropped, since the guard hands tower-lsp a canonical
//! `Content-Length: N` header of its own. A header block is *broken* when a line is not a
//! header, the length is missing, not a number, larger than [`MAX_BODY`], given twice, or the
//! block grows past [`MAX_HEADER`] without ending. Reading then resumes at the next
//! `content-length` (any case) after the block's first byte, so a broken header never
//! swallows the valid frame behind it.
//!
//! A declared length can also lie. A raw `content-length: N<CR><LF>` line cannot occur inside
//! JSON (JSON strings hold no raw CR, and outside strings there are no letters), so a body
//! still waiting for its bytes that already holds such a line is cut there. A complete body
//! that is not JSON is cut at the first `content-length` that starts inside it: the frame
//! behind a too-short length is found again. A cut frame becomes a parse error.
//!
//! Every decision depends only on the bytes, never on how they were split into reads
//! (tested by `tests::any_split_of_the_input_gives_the_same_frames` and the proptest), so the
//! server behaves the same over a pipe, a socket or a fuzzer.

use memchr::memmem;

/// The largest body accepted; a longer `Content-Length` is a broken header.
pub const MAX_BODY: usize = 256 * 1024 * 1024;
/// The longest header block; editors send about 30 bytes.
pub const MAX_HEADER: usize = 8 * 1024;

const NAME: &[u8] = b"content-length";

/// What the framer found at the front of its buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// A complete frame's body.
    Body(Vec<u8>),
    /// A frame cut short by the header of the next one (its length lied), or a complete body
    /// that is not JSON and holds the start of the next frame: `len` bytes of body were kept.
    Cut { len: usize },
    /// Bytes that belong to no frame: garbage, or a broken header block.
    Skipped { len: usize },
}

/// Whether a complete body is JSON: the framer asks before deciding where the frame ends.
pub trait BodyCheck {
    fn is_json(&mut self, body: &[u8]) -> bool;
}

impl<F: FnMut(&[u8]) -> bool> BodyCheck for F {
    fn is_json(&mut self, body: &[u8]) -> bool {
        self(body)
    }
}

/// A buffer of input bytes and the state of the frame being read.
#[derive(Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Bytes of `buf` already consumed (dropped in bulk on the next push).
    pos: usize,
    /// How far (relative to `pos`) an incomplete body has been searched for a header line.
    scanned: usize,
}

enum Header {
    NeedMore,
    Broken,
    Complete { header_len: usize, body_len: usize },
}

enum Line {
    Length(usize),
    Other,
    Partial,
    Bad,
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next piece of input, or `None` when more bytes are needed. At `eof` nothing more
    /// will come: what is left is returned as skipped.
    pub fn next(&mut self, eof: bool, check: &mut impl BodyCheck) -> Option<Piece> {
        let data = &self.buf[self.pos..];
        if data.is_empty() {
            return None;
        }
        let (piece, consumed) = match parse_header(data) {
            Header::NeedMore if eof => (Piece::Skipped { len: data.len() }, data.len()),
            Header::NeedMore => return None,
            Header::Broken => {
                let len = resync_point(data, eof);
                (Piece::Skipped { len }, len)
            }
            Header::Complete { header_len, body_len } => {
                let body_end = header_len + body_len;
                let cut = |at: usize| (Piece::Cut { len: at - header_len }, at);
                if data.len() < body_end {
                    let from = self.scanned.max(header_len);
                    if let Some(at) = header_line_in(data, header_len, from, data.len()) {
                        cut(at)
                    } else if eof {
                        (Piece::Skipped { len: data.len() }, data.len())
                    } else {
                        // A CRLF may be split from its line: look at the last byte again.
                        self.scanned = data.len() - 1;
                        return None;
                    }
                } else if check.is_json(&data[header_len..body_end]) {
                    (Piece::Body(data[header_len..body_end].to_vec()), body_end)
                } else if let Some(at) = header_line_in(data, header_len, header_len, body_end) {
                    cut(at)
                } else {
                    match name_inside(data, header_len, body_end, eof) {
                        Search::Found(at) => cut(at),
                        Search::Undecided => return None,
                        Search::None => (Piece::Body(data[header_len..body_end].to_vec()), body_end),
                    }
                }
            }
        };
        self.pos += consumed;
        self.scanned = 0;
        Some(piece)
    }
}

/// The length of the whole frames at the front of `data` (output of tower-lsp, always well
/// formed); a broken header there is passed through whole rather than held forever.
pub fn whole_frames(data: &[u8]) -> usize {
    let mut at = 0;
    while at < data.len() {
        match parse_header(&data[at..]) {
            Header::Complete { header_len, body_len } if data.len() - at >= header_len + body_len => {
                at += header_len + body_len;
            }
            Header::Complete { .. } | Header::NeedMore => break,
            Header::Broken => return data.len(),
        }
    }
    at
}

fn parse_header(data: &[u8]) -> Header {
    let window = &data[..data.len().min(MAX_HEADER)];
    let mut pos = 0;
    let mut length = None;
    loop {
        let rest = &window[pos..];
        match memmem::find(rest, b"\r\n") {
            Some(0) => {
                return match length {
                    Some(body_len) if pos > 0 => Header::Complete {
                        header_len: pos + 2,
                        body_len,
                    },
                    _ => Header::Broken,
                };
            }
            Some(end) => {
                match header_line(&rest[..end], true) {
                    Line::Length(n) => {
                        if length.replace(n).is_some() {
                            return Header::Broken;
                        }
                    }
                    Line::Other | Line::Partial => {}
                    Line::Bad => return Header::Broken,
                }
                pos += end + 2;
            }
            None => {
                // The line is still arriving; its last CR may be half of the line break.
                let partial = rest.strip_suffix(b"\r").unwrap_or(rest);
                if matches!(header_line(partial, false), Line::Bad) || data.len() >= MAX_HEADER {
                    return Header::Broken;
                }
                return Header::NeedMore;
            }
        }
    }
}

/// Checks one header line (`complete` when its CRLF was seen).
fn header_line(line: &[u8], complete: bool) -> Line {
    // A `content-length` inside a line is where a frame starts after garbage: the line is not
    // a header, and reading resumes there.
    if line.len() > 1 && find_name(&line[1..]).is_some() {
        return Line::Bad;
    }
    let Some(colon) = memchr::memchr(b':', line) else {
        return if !complete && line.iter().all(|&b| is_token(b)) {
            Line::Partial
        } else {
            Line::Bad
        };
    };
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().all(|&b| is_token(b)) || value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Line::Bad;
    }
    if !name.eq_ignore_ascii_case(NAME) {
        return if complete { Line::Other } else { Line::Partial };
    }
    let value = value.trim_ascii();
    let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
    if complete {
        if digits == 0 || digits != value.len() || digits > 20 {
            return Line::Bad;
        }
        // All ASCII digits, at most 20: parses unless it overflows.
        return match std::str::from_utf8(value).ok().and_then(|v| v.parse::<u64>().ok()) {
            Some(n) if n <= MAX_BODY as u64 => Line::Length(n as usize),
            _ => Line::Bad,
        };
    }
    // Partial: digits, maybe followed by blanks still waiting for the CRLF.
    if value[digits..].iter().all(|&b| b == b' ' || b == b'\t') {
        Line::Partial
    } else {
        Line::Bad
    }
}

/// RFC 9110 token characters (header names).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The first case-insensitive `content-length` in `hay`.
fn find_name(hay: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'c', b'C', hay).find(|&i| hay.get(i..i + NAME.len()).is_some_and(|w| w.eq_ignore_ascii_case(NAME)))
}

/// Where to resume after a broken header block at the front of `data`: the next
/// `content-length` after the first byte, or the start of a tail that may become one.
fn resync_point(data: &[u8], eof: bool) -> usize {
    if let Some(i) = find_name(&data[1..]) {
        return i + 1;
    }
    if !eof {
        let tail_from = data.len().saturating_sub(NAME.len() - 1).max(1);
        for i in tail_from..data.len() {
            let tail = &data[i..];
            if tail.eq_ignore_ascii_case(&NAME[..tail.len()]) {
                return i;
            }
        }
    }
    data.len()
}

/// The start of the first complete header line `content-length:<digits><CR><LF>` (blanks
/// allowed around the digits) that lies wholly inside `data[lo..hi]`, looking only at line
/// breaks found at or after `from`. No JSON text contains one.
fn header_line_in(data: &[u8], lo: usize, from: usize, hi: usize) -> Option<usize> {
    let hay = &data[..hi];
    for cr in memmem::find_iter(&hay[from..], b"\r\n").map(|i| i + from) {
        let mut i = cr;
        while i > lo && matches!(hay[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        let digits_end = i;
        while i > lo && hay[i - 1].is_ascii_digit() {
            i -= 1;
        }
        if i == digits_end {
            continue;
        }
        while i > lo && matches!(hay[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        if i == lo || hay[i - 1] != b':' {
            continue;
        }
        i -= 1;
        if i >= lo + NAME.len() && hay[i - NAME.len()..i].eq_ignore_ascii_case(NAME) {
            return Some(i - NAME.len());
        }
    }
    None
}

enum Search {
    Found(usize),
    /// A match may start inside the body but its end has not arrived yet.
    Undecided,
    None,
}

/// The first `content-length` starting inside `data[lo..hi]` (it may run past `hi`).
fn name_inside(data: &[u8], lo: usize, hi: usize, eof: bool) -> Search {
    for i in memchr::memchr2_iter(b'c', b'C', &data[lo..hi]).map(|i| i + lo) {
        let avail = &data[i..data.len().min(i + NAME.len())];
        if !avail.eq_ignore_ascii_case(&NAME[..avail.len()]) {
            continue;
        }
        if avail.len() == NAME.len() {
            return Search::Found(i);
        }
        if !eof {
            return Search::Undecided;
        }
    }
    Search::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn json_ok(body: &[u8]) -> bool {
        serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
    }

    /// Feeds `input` in reads of `size` bytes; returns bodies as text, cuts as `cut:N`,
    /// skips merged into `skip`.
    fn run(input: &[u8], size: usize) -> Vec<String> {
        let mut f = Framer::default();
        let mut out = Vec::new();
        let take = |f: &mut Framer, eof: bool, out: &mut Vec<String>| {
            while let Some(p) = f.next(eof, &mut json_ok) {
                match p {
                    Piece::Body(b) => out.push(String::from_utf8_lossy(&b).into_owned()),
                    Piece::Cut { len } => out.push(format!("cut:{len}")),
                    Piece::Skipped { .. } => {
                        if out.last().is_none_or(|l| l != "skip") {
                            out.push("skip".into());
                        }
                    }
                }
            }
        };
        for chunk in input.chunks(size.max(1)) {
            f.push(chunk);
            take(&mut f, false, &mut out);
        }
        take(&mut f, true, &mut out);
        out
    }

    const A: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
    const B: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[test]
    fn headers_are_case_insensitive_and_extra_headers_are_accepted() {
        let input = format!(
            "content-length: {}\r\n\r\n{A}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:{}\r\nX-Other: 1\r\n\r\n{B}",
            A.len(),
            B.len()
        );
        assert_eq!(run(input.as_bytes(), 4096), [A, B]);
    }

    #[test]
    fn a_broken_header_never_swallows_the_next_frame() {
        for broken in [
            "Content-Length: abc\r\n\r\n".to_string(),
            "Content-Length: 99999999999999999999999\r\n\r\n".into(),
            format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1),
            "Content-Type: text/plain\r\n\r\n{}".into(),
            "Content-Length: 12\r\n".into(),
            "Content-Length: 5\r\nContent-Length: 6\r\n\r\n".into(),
            "Content-Length:".into(),
            "garbage".into(),
            "\r\n".into(),
            "Content-Length: 4\r\n\r\n".into(),
            "Content-Length: 40\r\n\r\n".into(),
            "Content-Length: 5000\r\n\r\n{\"jsonrpc\"".into(),
            "Content-Length: 3\r\nX".into(),
            "Content-Len".into(),
        ] {
            let input = format!("{broken}{}{}", frame(A), frame(B));
            for size in [1, 2, 7, 4096] {
                let got = run(input.as_bytes(), size);
                let bodies: Vec<&String> = got.iter().filter(|p| p.starts_with('{')).collect();
                assert_eq!(bodies, [A, B], "{broken:?} in reads of {size}: {got:?}");
            }
        }
    }

    #[test]
    fn a_length_that_lies_cuts_its_frame_at_the_next_header() {
        // Too long: the body is still waiting when the next header arrives.
        let input = format!("Content-Length: 100000\r\n\r\n{{\"a\":{}", frame(A));
        assert_eq!(run(input.as_bytes(), 4096), ["cut:5", A]);
        // Too short: the body is not JSON and holds the next frame's start.
        let input = format!("Content-Length: 3\r\n\r\n{}", frame(A));
        assert_eq!(run(input.as_bytes(), 4096), ["cut:0", A]);
        // A complete body that is not JSON and holds no header is one bad body.
        assert_eq!(run(frame("{not json").as_bytes(), 4096), ["{not json"]);
    }

    #[test]
    fn a_header_line_inside_a_json_string_is_not_a_frame_start() {
        // Escaped CR LF inside a string are not a raw line break: the body is whole.
        let body = r#"{"jsonrpc":"2.0","method":"x","params":"Content-Length: 5\r\n\r\nhello"}"#;
        let input = frame(body);
        for size in [1, 3, 4096] {
            assert_eq!(run(input.as_bytes(), size), [body]);
        }
    }

    #[test]
    fn any_split_of_the_input_gives_the_same_frames() {
        let input = format!(
            "junk{}Content-Length: 7\r\n\r\n{}content-length: x\r\n\r\n{}Content-Length: 900\r\n\r\n{{{}",
            frame(A),
            frame(B),
            frame("{\"é\":\"🙂\"}"),
            frame(A)
        );
        let whole = run(input.as_bytes(), input.len());
        for size in 1..40 {
            assert_eq!(run(input.as_bytes(), size), whole, "reads of {size}");
        }
    }

    #[test]
    fn garbage_at_the_end_of_input_is_skipped() {
        assert_eq!(run(b"Content-Length: 10\r\n\r\n{}", 4096), ["skip"]);
        assert_eq!(run(b"Content-Le", 4096), ["skip"]);
    }

    #[test]
    fn whole_frames_stops_before_an_incomplete_one() {
        let out = format!("{}{}", frame(A), &frame(B)[..10]);
        assert_eq!(whole_frames(out.as_bytes()), frame(A).len());
        assert_eq!(whole_frames(frame(B).as_bytes()), frame(B).len());
    }
}
