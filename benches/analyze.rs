//! Extraction throughput on generated articles and the cost of one keystroke.
//!
//! `cargo bench --bench analyze` — reports MB/s for `extract::analyze` with the full embedded
//! knowledge base, and the time to apply one edit and re-analyse a 5 KB article.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factline::extract::{Context, analyze};
use factline::kb::KnowledgeBase;
use factline::text::{ContentChange, Document, PositionEncoding, TextPosition};

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

fn benches(c: &mut Criterion) {
    let ctx = Context::new(KnowledgeBase::embedded());
    let mut g = c.benchmark_group("analyze");
    for size in [5_000usize, 50_000] {
        let text = article(size);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{}KB", size / 1000), |b| b.iter(|| analyze(black_box(&text), &ctx)));
    }
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
