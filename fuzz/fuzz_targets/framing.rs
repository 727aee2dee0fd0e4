//! The protocol guard over any byte stream: it never panics, the way the input is split into
//! reads never changes what it does, everything it passes on decodes as a tower-lsp message,
//! and everything it answers is a JSON-RPC response.
//!
//! The first byte picks the read size; the rest is the stream.

#![no_main]

use factline::lsp::{Sanitized, sanitize_reads, server_decodes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, input)) = data.split_first() else {
        return;
    };
    let whole = sanitize_reads([input]);
    let split = sanitize_reads(input.chunks(usize::from(size).max(1)));
    assert_eq!(whole, split, "reads of {size} bytes changed the result");
    for sanitized in &whole {
        let (Sanitized::ToServer(body) | Sanitized::ToClient(body)) = sanitized;
        assert!(server_decodes(body), "not a tower-lsp message: {:?}", String::from_utf8_lossy(body));
    }
});
