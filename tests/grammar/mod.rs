//! Article-shaped text from a stream of choices: a grammar of news fragments (datelines,
//! dates and date ranges, money, percentages, counts and units, quotations, names,
//! attributions, Markdown) joined by every Unicode dash, quote mark, space and combining
//! mark, so that multi-byte characters land next to the digits and words the extractors
//! measure in bytes.
//!
//! Shared by `tests/properties.rs` (proptest drives it with random bytes) and the fuzz target
//! `fuzz/fuzz_targets/analyze_grammar.rs` (libFuzzer drives it with its input), which
//! includes this file by path. It depends on nothing but `std`.

#![allow(dead_code)]

/// Every dash and hyphen: ASCII, hyphen, non-breaking hyphen, figure, en, em, horizontal
/// bar, minus, small and fullwidth forms.
pub const DASHES: &[&str] = &[
    "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE58}", "\u{FE63}", "\u{FF0D}",
];

/// Every quotation mark and apostrophe: straight, curly, low-9, guillemets, CJK corner
/// brackets, primes, fullwidth, backtick and acute.
pub const QUOTES: &[&str] = &[
    "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201E}", "\u{201B}", "\u{201F}", "\u{AB}", "\u{BB}",
    "\u{2039}", "\u{203A}", "\u{300C}", "\u{300D}", "\u{300E}", "\u{300F}", "\u{2032}", "\u{2033}", "\u{FF02}", "\u{FF07}", "`", "\u{B4}",
];

/// Every kind of white space and its look-alikes: no-break, narrow no-break, thin, figure,
/// en, em, hair, ideographic, zero-width, BOM, tab, line/paragraph separators, NEL.
pub const SPACES: &[&str] = &[
    " ", "\u{A0}", "\u{202F}", "\u{2009}", "\u{2007}", "\u{2002}", "\u{2003}", "\u{200A}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\t",
    "\u{1680}", "\u{205F}", "\u{2028}", "\u{2029}", "\u{85}", "\u{B}", "\u{C}",
];

/// Combining marks and joiners that attach to the character before them.
pub const COMBINING: &[&str] = &[
    "\u{301}",
    "\u{302}",
    "\u{308}",
    "\u{327}",
    "\u{20E3}",
    "\u{FE0F}",
    "\u{200D}",
    "\u{200C}",
    "\u{1AB0}",
    "\u{1DC0}",
    "\u{20D0}",
    "\u{FE20}",
    "\u{64B}",
    "\u{E31}",
    "\u{E48}",
    "\u{3099}",
    "\u{1F3FD}",
];

/// Emoji, with flags, skin tones, keycaps and ZWJ sequences.
pub const EMOJI: &[&str] = &[
    "\u{1F642}",
    "\u{1F1F0}\u{1F1EA}",
    "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    "\u{1F44D}\u{1F3FD}",
    "1\u{FE0F}\u{20E3}",
    "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
    "\u{2764}\u{FE0F}",
    "\u{1F4B0}",
    "\u{1F4C8}",
];

/// CJK words, numbers with CJK scales and currencies, CJK punctuation.
/// Every dash, quote mark, space, combining mark, emoji and CJK fragment above: the pieces
/// that stress byte arithmetic.
pub fn tricky() -> Vec<&'static str> {
    [DASHES, QUOTES, SPACES, COMBINING, EMOJI, CJK].concat()
}

pub const CJK: &[&str] = &[
    "会谈中",
    "李明",
    "이재명",
    "東京",
    "３億円",
    "320억 원",
    "3.5億ドル",
    "5万人",
    "2兆",
    "。",
    "！",
    "？",
    "、",
    "ｶﾀｶﾅ",
    "「合意」",
    "（共同）",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Sept.",
    "Sep.",
    "Dec.",
    "Mar",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Tues.",
    "Thu.",
];
const DIGITS: &[&str] = &[
    "0",
    "1",
    "3",
    "5",
    "7",
    "9",
    "12",
    "16",
    "17",
    "29",
    "30",
    "31",
    "32",
    "40",
    "99",
    "100",
    "130",
    "240",
    "2026",
    "2024",
    "1976",
    "1990",
    "3.2",
    "2.5",
    "0.25",
    "1,000",
    "40,000",
    "5,000",
    "9,999,999",
    "1,233.60",
    "17.62",
    "11.2",
    "3,200.5",
    "1.",
    "2,",
    "00",
];
const DAYS: &[&str] = &["1", "3", "5", "7", "9", "14", "16", "17", "29", "30", "31", "32", "0", "05", "123"];
const CURRENCY_BEFORE: &[&str] = &[
    "$", "US$", "€", "£", "¥", "₹", "₩", "₦", "R$", "Rs.", "Rs", "USD ", "EUR", "N", "C$", "HK$", "CHF ", "₱", "฿", "GH₵", "KSh",
];
const SCALES: &[&str] = &[
    " billion",
    " million",
    " trillion",
    " thousand",
    " crore",
    " lakh",
    " lakh crore",
    "bn",
    "m",
    "k",
    "万",
    "億",
    "억",
    " hundred",
];
const CURRENCY_AFTER: &[&str] = &[
    " dollars",
    " yen",
    " rupees",
    " euros",
    " cedis",
    " naira",
    " taka",
    " won",
    " Danish kroner",
    " pesos",
    "원",
    "円",
    "ドル",
    " per dollar",
    " per share",
];
const PERCENT: &[&str] = &[
    "%",
    " percent",
    " per cent",
    "pc",
    " percentage points",
    " percentage point",
    "-basis-point",
    " basis points",
    " bps",
    "‰",
    "％",
];
const UNITS: &[&str] = &[
    "km",
    " km",
    "°C",
    "C",
    "F",
    " kilometres",
    "-kilometre",
    " tonnes",
    " barrels a day",
    " mm",
    "cm",
    " hectares",
    " km²",
    "m²",
    " MW",
    " years",
    " days",
    "-day",
    "-year-old",
    " hours",
    " weeks",
    "-month",
    " times",
    " people",
    " troops",
    " cases",
];
const NUMBER_WORDS: &[&str] = &[
    "two",
    "Two",
    "three",
    "forty",
    "forty-two",
    "fifty",
    "hundred",
    "thousand",
    "a dozen",
    "dozens of",
    "half",
    "a quarter",
    "third",
    "second",
    "first",
    "once",
    "twice",
    "one",
    "thousands of",
    "magnitude",
    "mid",
    "early",
    "late",
    "Three",
];
const NAMES: &[&str] = &[
    "Ana Duarte",
    "Ruiz",
    "Kim",
    "Lee Jae-myung",
    "Zelenskyy",
    "Zelensky",
    "Jean‑Luc Mélenchon",
    "O’Brien",
    "D'Souza",
    "Sa\u{301}o Paulo",
    "Erdoğan",
    "Ilse Brandvold",
    "the International Atomic Energy Agency (IAEA)",
    "IAEA",
    "U.S.",
    "South Korea",
    "Kyiv",
    "Vienna",
    "Lagos",
    "Reuters",
    "World Bank",
    "Meridian Wire",
    "Mc",
    "Ğ",
    "Ｔｏｋｙｏ",
];
const TITLES: &[&str] = &[
    "President",
    "Mr",
    "Mr.",
    "Dr.",
    "Minister",
    "Prime Minister",
    "Gen.",
    "Ms",
    "CEO",
    "spokeswoman",
];
const CUES: &[&str] = &[
    "said",
    "says",
    "told reporters",
    "according to",
    "officials said",
    "analysts say",
    "some reports",
    "the bank said",
    "data showed",
    "estimated",
    "wrote",
    "added",
    "per figures from",
    "(Reuters) —",
    "— Anna Berg",
];
const WORDS: &[&str] = &[
    "the",
    "budget",
    "rose",
    "fell",
    "from",
    "to",
    "in",
    "on",
    "at",
    "talks",
    "ran",
    "summit",
    "a",
    "of",
    "and",
    "between",
    "until",
    "through",
    "than",
    "about",
    "more than",
    "nearly",
    "up to",
    "some",
    "anniversary",
    "term",
    "ago",
    "so-called",
    "the first half of",
    "the third quarter of",
    "it's",
    "aged",
    "per",
    "share",
    "of the",
    "visit",
    "cut",
    "rate",
    "straight",
    "largest",
    "Headline",
];
const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    "**",
    "_",
    "`",
    "```\n",
    "---\n",
    "| ",
    " | ",
    "|---|---|",
    "[",
    "](https://x.org/9-million)",
    "<!-- factline-disable-next-line -->",
    "<div>",
    "</div>",
    "\\",
    "&amp;",
    "&#x2013;",
    "~~",
    "[^1]",
    "![img](a.png)",
];
const ENDS: &[&str] = &[".", "!", "?", ".”", ".\"", "。", "…", ":", ";", "", "?!", ".’", ".)"];
const BREAKS: &[&str] = &["\n\n", "\r\n\r\n", "\n", "\r\n", "\r", "\n \n", "\u{2028}", "\n\n\n"];

/// A stream of choices read from bytes. When the bytes run out, a generator seeded by them
/// goes on for up to `GENERATED_PER_BYTE` times as many choices (so a fuzzer's first short
/// inputs already make whole articles); after that every choice is 0, so a generator driven
/// by it always ends.
pub struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
    /// xorshift state for the choices after the bytes.
    state: u64,
}

const GENERATED_PER_BYTE: usize = 3;

impl<'a> Choices<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        // FNV-1a of the bytes: every byte changes the generated tail.
        let state = bytes
            .iter()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        Choices {
            bytes,
            at: 0,
            state: state | 1,
        }
    }

    pub fn exhausted(&self) -> bool {
        self.at >= self.bytes.len() * (1 + GENERATED_PER_BYTE)
    }

    /// A number below `n` (at most 256 different ones).
    pub fn below(&mut self, n: usize) -> usize {
        let b = match self.bytes.get(self.at) {
            Some(&b) => b,
            None if !self.exhausted() => {
                self.state ^= self.state << 13;
                self.state ^= self.state >> 7;
                self.state ^= self.state << 17;
                (self.state >> 32) as u8
            }
            None => 0,
        };
        self.at += 1;
        usize::from(b) % n.max(1)
    }

    /// True with about `percent` in 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.below(items.len())]
    }
}

/// An article: a headline, then paragraphs of sentences (or Markdown blocks) until the
/// choices run out or `max_paragraphs` is reached.
pub fn article(c: &mut Choices<'_>, max_paragraphs: usize) -> String {
    let mut out = String::new();
    if c.chance(70) {
        sentence(c, &mut out);
        out.push_str(c.pick(BREAKS));
    }
    if c.chance(30) {
        dateline(c, &mut out);
    }
    for _ in 0..max_paragraphs {
        if c.exhausted() {
            break;
        }
        paragraph(c, &mut out);
        out.push_str(c.pick(BREAKS));
    }
    out
}

fn dateline(c: &mut Choices<'_>, out: &mut String) {
    out.push_str(c.pick(&["LAGOS", "KYIV", "TOKYO", "NARA, Japan", "VIENNA", "SÃO PAULO"]));
    if c.chance(50) {
        out.push_str(c.pick(&[" (Reuters)", " (AP)", " (Meridian Wire)", "（共同）"]));
    }
    out.push_str(c.pick(SPACES));
    out.push_str(c.pick(DASHES));
    out.push_str(c.pick(SPACES));
}

fn paragraph(c: &mut Choices<'_>, out: &mut String) {
    match c.below(10) {
        0 => {
            // A Markdown heading or list item, or a quote block.
            out.push_str(c.pick(MARKDOWN));
            sentence(c, out);
        }
        1 => {
            // A table: a header, a rule and a row of figures.
            out.push_str("| Year | Budget | Share |\n|---|---:|---|\n| ");
            piece(c, out);
            out.push_str(" | ");
            piece(c, out);
            out.push_str(" |");
        }
        2 => {
            // A quotation running over two paragraphs: the opening mark repeated, one close.
            let (open, close) = quote_pair(c);
            out.push_str(open);
            sentence(c, out);
            out.push_str(c.pick(BREAKS));
            out.push_str(open);
            sentence(c, out);
            out.push_str(close);
        }
        _ => {
            let n = 1 + c.below(4);
            for i in 0..n {
                if i > 0 {
                    out.push_str(c.pick(SPACES));
                }
                sentence(c, out);
            }
        }
    }
}

fn sentence(c: &mut Choices<'_>, out: &mut String) {
    let n = 1 + c.below(8);
    for i in 0..n {
        if i > 0 {
            glue(c, out);
        }
        piece(c, out);
        if c.exhausted() {
            break;
        }
    }
    out.push_str(c.pick(ENDS));
}

/// What stands between two pieces: mostly a space, sometimes nothing or a character that
/// sticks to both sides.
fn glue(c: &mut Choices<'_>, out: &mut String) {
    match c.below(32) {
        0 => {}
        1 => out.push_str(c.pick(SPACES)),
        2 => out.push_str(c.pick(DASHES)),
        3 => out.push_str(c.pick(QUOTES)),
        4 => out.push_str(c.pick(COMBINING)),
        5 => out.push_str(c.pick(EMOJI)),
        6 => out.push_str(c.pick(&[", ", ": ", "; ", " (", ") ", " — ", " – ", "/", "…", ",", ".", "·", "•", "’s "])),
        7 => {
            out.push(' ');
            out.push_str(c.pick(SPACES));
        }
        _ => out.push(' '),
    }
}

/// One fragment: a date, a figure, a quotation, a name, a cue, CJK, emoji, Markdown or words.
pub fn piece(c: &mut Choices<'_>, out: &mut String) {
    match c.below(24) {
        0 | 1 => date(c, out),
        2 => {
            // "June 3–7", "2014–2020", "2.3–2.5C", "4-1", "Monday–Wednesday".
            match c.below(4) {
                0 => {
                    out.push_str(c.pick(MONTHS));
                    out.push_str(c.pick(SPACES));
                    out.push_str(c.pick(DIGITS));
                }
                1 => out.push_str(c.pick(WEEKDAYS)),
                _ => out.push_str(c.pick(DIGITS)),
            }
            out.push_str(c.pick(DASHES));
            match c.below(3) {
                0 => out.push_str(c.pick(WEEKDAYS)),
                _ => {
                    out.push_str(c.pick(DIGITS));
                    if c.chance(40) {
                        tail(c, out);
                    }
                }
            }
        }
        3 | 4 => money(c, out),
        5 => {
            out.push_str(c.pick(DIGITS));
            out.push_str(c.pick(PERCENT));
        }
        6 | 7 => {
            out.push_str(c.pick(DIGITS));
            tail(c, out);
        }
        8 => number_word(c, out),
        9 | 10 => quote(c, out),
        11 | 12 => name(c, out),
        13 => out.push_str(c.pick(CUES)),
        14 => out.push_str(c.pick(CJK)),
        15 => out.push_str(c.pick(EMOJI)),
        16 => {
            // Combining marks right after digits and letters.
            out.push_str(c.pick(DIGITS));
            out.push_str(c.pick(COMBINING));
            if c.chance(50) {
                out.push_str(c.pick(UNITS));
            }
        }
        17 => out.push_str(c.pick(MARKDOWN)),
        18 => {
            // Clock times, ordinals, identifiers, anniversaries.
            out.push_str(c.pick(&[
                "10:30",
                "5 p.m.",
                "1st",
                "50th",
                "22nd",
                "Resolution 2231",
                "Flight 370",
                "G7",
                "COVID-19",
                "F-16",
                "3D",
                "4x4",
                "the 50th anniversary of its founding in 1976",
                "mid-2022",
                "1990s",
                "N96.3bn",
                "N1",
                "N95",
                "at 11.2 cedis to the dollar",
                "19 of 22",
                "three in four",
                "rose 20% from 100 to 130",
            ]));
        }
        19 => {
            // A digit or word glued to an odd character on both sides.
            out.push_str(c.pick(DIGITS));
            out.push_str(c.pick(&["’s", "’", "”", "\u{A0}", "\u{202F}", "–", "—", "\u{2011}", "\u{301}", "°", "·", "/"]));
            out.push_str(c.pick(DIGITS));
        }
        _ => {
            let n = 1 + c.below(3);
            for i in 0..n {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(c.pick(WORDS));
            }
        }
    }
}

fn date(c: &mut Choices<'_>, out: &mut String) {
    match c.below(6) {
        0 => {
            // "Tuesday, March 3, 2026"
            out.push_str(c.pick(WEEKDAYS));
            out.push_str(c.pick(&[", ", " ", " (", ",\u{A0}"]));
            month_day(c, out);
        }
        1 => {
            // "5 March 2026"
            out.push_str(c.pick(DIGITS));
            out.push_str(c.pick(SPACES));
            out.push_str(c.pick(MONTHS));
            if c.chance(60) {
                out.push_str(c.pick(SPACES));
                out.push_str(c.pick(DIGITS));
            }
        }
        2 => {
            // ISO: "2026-03-05", and broken forms: "2026-06-1’s".
            out.push_str(c.pick(&["2026", "2024", "1999"]));
            out.push_str(c.pick(DASHES));
            out.push_str(c.pick(&["06", "6", "12", "13", "0", "1’", "1\u{301}"]));
            out.push_str(c.pick(DASHES));
            out.push_str(c.pick(&["05", "1", "1’s", "31", "1\u{A0}", "1–2", "0", "1\u{301}", "1\u{1F642}"]));
        }
        3 => {
            // "May 14 (Tuesday)"
            month_day(c, out);
            out.push_str(c.pick(&[" (", " ", ", "]));
            out.push_str(c.pick(WEEKDAYS));
            out.push_str(c.pick(&[")", "", "’s"]));
        }
        _ => month_day(c, out),
    }
}

/// "March 5", "June 3–7", "Jan. 5th, 2026", "February 2022".
fn month_day(c: &mut Choices<'_>, out: &mut String) {
    out.push_str(c.pick(MONTHS));
    out.push_str(c.pick(&[" ", " ", " ", " ", "\u{A0}", "\u{202F}", "  ", ""]));
    out.push_str(c.pick(DAYS));
    if c.chance(20) {
        out.push_str(c.pick(&["st", "nd", "rd", "th", "th’s", "s"]));
    }
    if c.chance(50) {
        out.push_str(c.pick(DASHES));
        out.push_str(c.pick(DAYS));
    }
    if c.chance(50) {
        out.push_str(c.pick(&[", ", " ", ",", ",\u{A0}", ", \u{A0}", "\u{202F}"]));
        out.push_str(c.pick(&["2026", "2024", "1800", "2101", "20266", "2026’s", "2026\u{301}"]));
    }
}

fn money(c: &mut Choices<'_>, out: &mut String) {
    if c.chance(60) {
        out.push_str(c.pick(CURRENCY_BEFORE));
        if c.chance(20) {
            out.push_str(c.pick(SPACES));
        }
        out.push_str(c.pick(DIGITS));
        if c.chance(60) {
            out.push_str(c.pick(SCALES));
        }
    } else {
        out.push_str(c.pick(DIGITS));
        if c.chance(50) {
            out.push_str(c.pick(SCALES));
        }
        out.push_str(c.pick(CURRENCY_AFTER));
    }
    if c.chance(20) {
        // "$4.5 million (24 million cedis)"
        out.push_str(" (");
        out.push_str(c.pick(DIGITS));
        out.push_str(c.pick(SCALES));
        out.push_str(c.pick(CURRENCY_AFTER));
        out.push(')');
    }
}

/// A unit, scale or noun after a number.
fn tail(c: &mut Choices<'_>, out: &mut String) {
    match c.below(4) {
        0 => out.push_str(c.pick(SCALES)),
        1 => out.push_str(c.pick(PERCENT)),
        _ => out.push_str(c.pick(UNITS)),
    }
}

/// "forty-two", "two‑day" with every dash, "a dozen", "thousands of people".
fn number_word(c: &mut Choices<'_>, out: &mut String) {
    out.push_str(c.pick(NUMBER_WORDS));
    match c.below(4) {
        0 => {
            out.push_str(c.pick(DASHES));
            out.push_str(c.pick(&[
                "day",
                "year",
                "two",
                "largest",
                "old",
                "point",
                "2022",
                "fold",
                "to-last",
                "six",
                "kilometre",
            ]));
            if c.chance(30) {
                out.push_str(c.pick(&["-long", "-old", " term", "‑old"]));
            }
        }
        1 => out.push_str(c.pick(UNITS)),
        2 => {
            out.push(' ');
            out.push_str(c.pick(NUMBER_WORDS));
        }
        _ => {}
    }
}

fn quote_pair(c: &mut Choices<'_>) -> (&'static str, &'static str) {
    match c.below(8) {
        0 => ("\"", "\""),
        1 => ("'", "'"),
        2 => ("\u{201C}", "\u{201D}"),
        3 => ("\u{2018}", "\u{2019}"),
        4 => ("\u{AB}", "\u{BB}"),
        5 => ("\u{300C}", "\u{300D}"),
        6 => ("\u{201E}", "\u{201C}"),
        _ => (c.pick(QUOTES), c.pick(QUOTES)),
    }
}

/// A quotation with any marks, sometimes nested or unclosed, with a speaker around it.
fn quote(c: &mut Choices<'_>, out: &mut String) {
    let (open, close) = quote_pair(c);
    if c.chance(30) {
        name(c, out);
        out.push_str(c.pick(&[" said: ", " said ", ": ", " hailed the "]));
    }
    out.push_str(open);
    let n = 1 + c.below(6);
    for i in 0..n {
        if i > 0 {
            glue(c, out);
        }
        if c.chance(15) {
            let (o, cl) = quote_pair(c);
            out.push_str(o);
            out.push_str(c.pick(WORDS));
            out.push_str(cl);
        } else {
            piece_in_quote(c, out);
        }
    }
    if c.chance(85) {
        out.push_str(c.pick(&["", ",", ".", "!", "?"]));
        out.push_str(close);
    }
    if c.chance(40) {
        out.push_str(c.pick(&[" ", " — ", ", – ", ", "]));
        name(c, out);
        out.push(' ');
        out.push_str(c.pick(CUES));
    }
}

/// What a quotation holds: words, figures and names (no nested quotation beyond one level).
fn piece_in_quote(c: &mut Choices<'_>, out: &mut String) {
    match c.below(5) {
        0 => money(c, out),
        1 => name(c, out),
        2 => date(c, out),
        _ => out.push_str(c.pick(WORDS)),
    }
}

fn name(c: &mut Choices<'_>, out: &mut String) {
    if c.chance(40) {
        out.push_str(c.pick(TITLES));
        out.push_str(c.pick(&[" ", " ", "\u{A0}", ". "]));
    }
    out.push_str(c.pick(NAMES));
    if c.chance(15) {
        out.push_str(c.pick(&["’s", "'s", ", 34,", " (", "s"]));
    }
}
