//! Article-shaped text: the fuzzer's bytes drive the grammar of news fragments the property
//! tests use (`tests/grammar`: dates and ranges with every dash, money, quotes with every
//! mark, names, every space, CJK, emoji, combining marks, CRLF, Markdown), so coverage
//! guidance explores the combinations of fragments rather than raw bytes.

#![no_main]

#[path = "../../tests/grammar/mod.rs"]
mod grammar;

use factline::extract::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = grammar::article(&mut grammar::Choices::new(rest), 24);
    let format = if mode & 1 == 1 { Format::Markdown } else { Format::Plain };
    factline_fuzz::check_text(&text, format, mode & 2 == 2);
});
