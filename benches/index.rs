//! Workspace indexing and edit latency with 1,000 generated articles.
//!
//! `cargo bench --bench index` — the time to analyse and index 1,000 articles, and the time for
//! one edit in that workspace: re-analysis of the edited article, the index update, and the
//! findings of the edited article and of every article stating one of its quantities. Also
//! prints the median and 95th percentile of the edit over 200 edits. Every article states an
//! exchange rate, so its money statements are also filed under the other currency.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use factline::extract::Format;
use factline::kb::KnowledgeBase;
use factline::workspace::{Config, Workspace};

// The binary's allocator (src/main.rs), so the figures are the ones a user gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One article of story `story` (five articles per story), in our own words.
fn article(places: &[String], story: usize, n: usize) -> String {
    let place = &places[story % places.len()];
    let year = 2000 + (story % 25);
    let v = story % 90 + 10;
    let day = story % 27 + 1;
    let mut s = format!("Report {story}-{n} from {place}\n\n");
    s.push_str(&format!(
        "{}, March {day}, 2026 — An earthquake in {place} killed {v} people and injured {} on Monday, officials said.\n\n",
        place.to_uppercase(),
        v * 4
    ));
    s.push_str(&format!(
        "{place}'s government said {} homes were damaged and pledged ${}.{} million in relief.\n\n",
        v * 30,
        v,
        n % 10
    ));
    // A stated exchange rate: the pledge is also filed under the other currency.
    s.push_str(&format!(
        "At {} pesos to the dollar, the relief pledge is worth about {} million pesos, the ministry said.\n\n",
        17 + story % 3,
        v * (17 + story % 3)
    ));
    s.push_str(&format!(
        "The central bank of {place} cut its base rate by 25 basis points to {}.{}% in {year}, the bank said.\n\n",
        v % 9 + 1,
        v % 10
    ));
    s.push_str(&format!(
        "Inflation eased to {}.{} percent in February, according to the statistics office. Exports fell {}% last year.\n\n",
        v % 7 + 1,
        n,
        v % 11 + 2
    ));
    s.push_str(&format!(
        "Officials said the {}-day state of emergency would cover {} provinces, and a summit runs June 3-5.\n",
        v % 50 + 10,
        v % 8 + 2
    ));
    s
}

/// 1,000 articles: 200 stories of five, each story about its own place (a knowledge-base
/// city), so a story's figures are restated in its other four articles.
fn articles() -> Vec<(String, String)> {
    let kb = KnowledgeBase::embedded();
    let places: Vec<String> = kb
        .entries()
        .iter()
        .filter(|e| e.subkind.as_deref() == Some("city") && e.name.chars().all(|c| c.is_alphabetic()))
        .map(|e| e.name.clone())
        .take(200)
        .collect();
    assert!(places.len() >= 50, "too few cities in the knowledge base");
    (0..1000)
        .map(|i| (format!("story-{:03}/article-{}.txt", i / 5, i % 5), article(&places, i / 5, i % 5)))
        .collect()
}

fn build(list: &[(String, String)]) -> Workspace {
    let mut ws = Workspace::new(KnowledgeBase::embedded(), Config::default());
    for (k, t) in list {
        ws.set(k, None, Arc::from(t.as_str()), Format::Plain, None);
    }
    ws
}

/// One edit: re-analyse, update the index, check the edited article and the affected ones.
/// Returns the number of findings.
fn edit(ws: &mut Workspace, key: &str, text: &str) -> usize {
    let (_, affected) = ws.update(key, None, Arc::from(text), Format::Plain, Some(1));
    let mut n = ws.check(key).findings.len();
    for k in &affected {
        n += ws.check(k).findings.len();
    }
    n
}

fn percentiles(list: &[(String, String)], ws: &mut Workspace) {
    let t = Instant::now();
    let n = ws.check(&list[0].0).findings.len();
    eprintln!("one check: {:.3} ms ({n} findings)", t.elapsed().as_secs_f64() * 1000.0);
    let mut times = Vec::new();
    let mut affected_total = 0;
    let mut rechecked_max = 0;
    for i in 0..200 {
        let (key, text) = &list[(i * 37) % list.len()];
        // Change a figure (the death toll gains a qualifier), then change it back.
        let changed = text.replacen("killed", "killed at least", 1);
        for version in [&changed, text] {
            let t = Instant::now();
            let (_, affected) = ws.update(key, None, Arc::from(version.as_str()), Format::Plain, Some(1));
            let mut n = ws.check(key).findings.len();
            for k in &affected {
                n += ws.check(k).findings.len();
            }
            black_box(n);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            affected_total += affected.len();
            rechecked_max = rechecked_max.max(affected.len());
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    eprintln!(
        "edit in a 1,000-article workspace (re-analysis + index update + findings of the edited and affected articles): \
         median {:.3} ms, p95 {:.3} ms, max {:.3} ms over {} edits; {:.1} other articles re-checked on average (max {rechecked_max})",
        at(0.5),
        at(0.95),
        times[times.len() - 1],
        times.len(),
        affected_total as f64 / times.len() as f64
    );
}

fn benches(c: &mut Criterion) {
    let list = articles();
    let t = Instant::now();
    let mut ws = build(&list);
    eprintln!(
        "indexing 1,000 articles (analysis + index), first run: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    percentiles(&list, &mut ws);

    let mut g = c.benchmark_group("workspace");
    g.sample_size(10);
    g.bench_function("index/1000_articles", |b| b.iter(|| black_box(build(&list)).len()));
    g.finish();

    let (key, text) = list[500].clone();
    let changed = text.replacen("killed", "killed at least", 1);
    let mut flip = false;
    c.bench_function("edit/1000_articles", |b| {
        b.iter(|| {
            flip = !flip;
            edit(&mut ws, &key, if flip { &changed } else { &text })
        })
    });
}

criterion_group!(index_benches, benches);
criterion_main!(index_benches);
