//! Times each rule on one article of a 1,000-article generated workspace (a profiling aid for
//! `benches/index.rs`): `cargo run --release --example rule_times`.

use std::sync::Arc;
use std::time::Instant;

use factline::check::Code;
use factline::extract::Format;
use factline::kb::KnowledgeBase;
use factline::workspace::{Config, Workspace};

fn main() {
    let kb = KnowledgeBase::embedded();
    let places: Vec<String> = kb
        .entries()
        .iter()
        .filter(|e| e.subkind.as_deref() == Some("city") && e.name.chars().all(char::is_alphabetic))
        .map(|e| e.name.clone())
        .take(200)
        .collect();
    for &only in Code::ALL {
        let mut config = Config::default();
        for &c in Code::ALL {
            if c != only {
                config.rules.overrides.insert(c, None);
            }
        }
        let mut ws = Workspace::new(kb.clone(), config);
        for i in 0..1000 {
            let (story, n) = (i / 5, i % 5);
            let place = &places[story % places.len()];
            let text = format!(
                "Report {story}-{n}\n\n{}, March 4, 2026 — An earthquake in {place} killed {} people and injured 52 on Monday, officials said.\n\n{place}'s government said 390 homes were damaged and pledged $13.{n} million in relief. Exports fell 4% last year.\n",
                place.to_uppercase(),
                story % 90 + 10
            );
            ws.set(&format!("a{i}.txt"), None, Arc::from(text), Format::Plain, None);
        }
        let t = Instant::now();
        let mut n = 0;
        for i in 0..50 {
            n += ws.check(&format!("a{}.txt", i * 20)).findings.len();
        }
        println!(
            "{:<20} {:8.3} ms per check ({n} findings)",
            only.as_str(),
            t.elapsed().as_secs_f64() * 1000.0 / 50.0
        );
    }
}
