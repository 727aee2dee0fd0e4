//! Hostile text never panics the core: thousands of generated articles built from fragments
//! that stress byte offsets and heuristics (CJK, emoji, combining marks, CRLF, stray quotes,
//! dangling numbers, Markdown), analysed and checked through the whole workspace.

use std::sync::Arc;

use factline::extract::Format;
use factline::kb::KnowledgeBase;
use factline::workspace::{Config, Workspace};

const FRAGMENTS: &[&str] = &[
    "President Ana Duarte said",
    " $3.2 billion",
    " about 40%",
    " 会谈中 李明 ",
    "🙂🇰🇪",
    "e\u{301}\u{302}",
    "\r\n",
    "\n\n",
    " \"",
    " “",
    "”",
    " '",
    "’s",
    " (Reuters) —",
    "LAGOS —",
    " Tuesday, March 3, 2026",
    " June 3-7",
    " a three-day summit",
    " a two\u{2011}day visit",
    "\u{2011}",
    " 1.",
    "- 2.",
    " | 12 | 4.5% |",
    "# Heading",
    "<!-- factline-disable-next-line -->",
    " according to",
    " the International Atomic Energy Agency (IAEA)",
    " IAEA",
    " Mr Ruiz",
    " 50th anniversary of its founding in 1976",
    " rose 20% from 100 to 130",
    " N96.3bn",
    " 120 crore taka",
    ",",
    ".",
    ":",
    " —",
    "…",
    " 0",
    " 9,999,999,999,999,999,999",
    "\u{feff}",
    "\t",
    " Mc",
    "Ğ",
];

/// A small deterministic generator (xorshift) so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

#[test]
fn generated_hostile_articles_never_panic() {
    let kb = KnowledgeBase::embedded();
    let mut ws = Workspace::new(Arc::clone(&kb), Config::default());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..2000 {
        let len = 1 + rng.next() % 60;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(FRAGMENTS[rng.next() % FRAGMENTS.len()]);
        }
        let format = if round % 3 == 0 { Format::Markdown } else { Format::Plain };
        let key = format!("file:///fuzz/{}.{}", round % 7, if round % 3 == 0 { "md" } else { "txt" });
        let article = ws.set(&key, None, text.clone().into(), format, Some(round));
        // Every span the analysis reports slices the text on character boundaries.
        let a = &article.analysis;
        for span in a
            .mentions
            .iter()
            .map(|m| m.span)
            .chain(a.figures.iter().map(|f| f.span))
            .chain(a.quotes.iter().map(|q| q.span))
        {
            assert!(text.get(span.start..span.end).is_some(), "span {span:?} of round {round}: {text:?}");
        }
        assert_eq!(ws.fault(&key), None, "round {round}: {text:?}");
        ws.check(&key).assert_clean();
    }
}
