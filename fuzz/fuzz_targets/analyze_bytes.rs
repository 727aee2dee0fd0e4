//! Arbitrary bytes as an article: the first byte picks the format (plain or Markdown), whether
//! the text is checked whole or as two articles, and whether the bytes that never occur in
//! UTF-8 stand for tricky characters (dashes, curly quotes, no-break spaces, …); the rest is
//! the text, taken as it is when it is UTF-8 and lossily decoded otherwise (the CLI refuses
//! invalid UTF-8, the server receives only valid strings).

#![no_main]

use factline::extract::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = factline_fuzz::decode(rest, mode & 4 == 4);
    let format = if mode & 1 == 1 { Format::Markdown } else { Format::Plain };
    factline_fuzz::check_text(&text, format, mode & 2 == 2);
});
