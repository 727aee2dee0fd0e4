//! Extraction throughput on generated articles and on our own annotated articles, and the cost
//! of one keystroke.
//!
//! `cargo bench --bench analyze` — reports MB/s for `extract::analyze` with the full embedded
//! knowledge base (5 KB and 50 KB generated, 50 KB of tests/corpus prose), and the time to
//! apply one edit and re-analyse a 5 KB article.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factline::extract::{Context, analyze};
use factline::kb::KnowledgeBase;
use factline::text::{ContentChange, Document, PositionEncoding, TextPosition};

// The binary's allocator (src/main.rs), so the figures are the ones a user gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sentences in the shape of news prose (our own), cycled with varying numbers.
const SENTENCES: &[&str] = &[
    "Finance Minister Ana Duarte said the budget would rise to $3.{n} billion next year.",
    "According to the statistics office, inflation eased to {n}.2 percent in March.",
    "“We are not going to cut pensions,” Duarte told reporters in Lisbon on Tuesday, March 3, 2026.",
    "About {n}00 people marched through the capital, police said.",
    "The European Commission and the International Monetary Fund welcomed the plan.",
    "Analysts say the deficit could reach {n} percent of output by 2027.",
    "Chinese President Xi Jinping and Vladimir Putin met in Beijing for a two-day summit.",
    "The 600-kilometre pipeline will carry 2.{n} million barrels a day to the coast.",
    "It was the third meeting of the two leaders this year, the Kremlin said.",
    "Some {n},000 troops remain in the region, a “historic” high.",
];

fn article(bytes: usize) -> String {
    let mut s = String::from("Budget talks resume\n");
    let mut i = 0;
    while s.len() < bytes {
        let line = SENTENCES[i % SENTENCES.len()].replace("{n}", &((i % 9) + 1).to_string());
        s.push_str(&line);
        s.push(if i % 3 == 2 { '\n' } else { ' ' });
        i += 1;
    }
    s
}

fn corpus_prose(bytes: usize) -> String {
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
        .expect("tests/corpus")
        .flatten()
        .flat_map(|story| std::fs::read_dir(story.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    let mut s = String::new();
    for p in paths {
        if s.len() >= bytes {
            break;
        }
        s.push_str(&std::fs::read_to_string(&p).expect("article"));
        s.push_str("\n\n");
    }
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn benches(c: &mut Criterion) {
    let ctx = Context::new(KnowledgeBase::embedded());
    let mut g = c.benchmark_group("analyze");
    for size in [5_000usize, 50_000] {
        let text = article(size);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{}KB", size / 1000), |b| b.iter(|| analyze(black_box(&text), &ctx)));
    }
    // Real prose: our annotated test articles (tests/corpus), one after another, cut to 50 KB.
    // Names are denser and more varied than in the generated article.
    let prose = corpus_prose(50_000);
    g.throughput(Throughput::Bytes(prose.len() as u64));
    g.bench_function("50KB-corpus", |b| b.iter(|| analyze(black_box(&prose), &ctx)));
    g.finish();

    let text = article(5_000);
    c.bench_function("keystroke/5KB", |b| {
        let mut doc = Document::new(&text, 1);
        let mut v = 1;
        b.iter(|| {
            v += 1;
            let at = TextPosition { line: 1, character: 10 };
            let change = ContentChange {
                range: Some((at, at)),
                text: if v % 2 == 0 { "x".into() } else { String::new() },
            };
            doc.apply(&[change], v, PositionEncoding::Utf16).unwrap();
            let (t, _) = doc.snapshot();
            black_box(analyze(&t, &ctx))
        })
    });
}

criterion_group!(analyze_benches, benches);
criterion_main!(analyze_benches);
