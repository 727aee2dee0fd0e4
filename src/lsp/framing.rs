//! A guard in front of the protocol reader: tower-lsp-server stops reading its input after
//! the first undecodable message (tokio-util's framed reader ends on an error), which would
//! leave the editor with a dead server. Every framed message is checked here first; a body
//! that is not JSON is replaced by a `$/factline/malformed` notification, which the server
//! ignores, and a broken header is skipped up to the next `Content-Length`.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Copies framed messages from `input` to `output`, repairing what would stop the reader.
pub async fn sanitize<R, W>(mut input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        // Emit every complete message in the buffer.
        loop {
            match next_frame(&buf) {
                Frame::Complete { header_end, body_len } => {
                    let body = &buf[header_end..header_end + body_len];
                    let ok = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
                    let write = if ok {
                        output.write_all(&buf[..header_end + body_len]).await
                    } else {
                        eprintln!("factline: ignored a message that is not valid JSON ({body_len} bytes)");
                        let note = br#"{"jsonrpc":"2.0","method":"$/factline/malformed","params":null}"#;
                        let framed = [format!("Content-Length: {}\r\n\r\n", note.len()).as_bytes(), note].concat();
                        output.write_all(&framed).await
                    };
                    if write.is_err() {
                        return;
                    }
                    buf.drain(..header_end + body_len);
                }
                Frame::Skip(n) => {
                    eprintln!("factline: skipped {n} bytes of input without a valid header");
                    buf.drain(..n);
                }
                Frame::Incomplete => break,
            }
        }
        let _ = output.flush().await;
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

enum Frame {
    Complete {
        header_end: usize,
        body_len: usize,
    },
    /// Bytes to drop: garbage before a header, or a header without a usable length.
    Skip(usize),
    Incomplete,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn next_frame(buf: &[u8]) -> Frame {
    if buf.is_empty() {
        return Frame::Incomplete;
    }
    let Some(start) = find(buf, b"Content-Length") else {
        // Keep a tail that may be the start of a header split across reads.
        return if buf.len() > 32 {
            Frame::Skip(buf.len() - 16)
        } else {
            Frame::Incomplete
        };
    };
    if start > 0 {
        return Frame::Skip(start);
    }
    let Some(end) = find(buf, b"\r\n\r\n") else {
        return if buf.len() > 4096 { Frame::Skip(14) } else { Frame::Incomplete };
    };
    let header_end = end + 4;
    let headers = String::from_utf8_lossy(&buf[..end]);
    let len = headers.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())
            .flatten()
    });
    match len {
        Some(n) if n <= MAX_MESSAGE => {
            if buf.len() < header_end + n {
                Frame::Incomplete
            } else {
                Frame::Complete { header_end, body_len: n }
            }
        }
        _ => Frame::Skip(header_end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bad_bodies_are_replaced_and_good_ones_pass() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 9\r\n\r\n{{not json garbage Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let (w, mut r) = tokio::io::duplex(4096);
        sanitize(input.as_bytes(), w).await;
        let mut out = String::new();
        r.read_to_string(&mut out).await.unwrap();
        assert!(out.contains("$/factline/malformed"), "{out}");
        assert!(out.ends_with(good), "{out}");
    }
}
