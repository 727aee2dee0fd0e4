//! Prints each figure's quantity key and value range for an article:
//! `cargo run --example quantities -- ARTICLE.txt` (a look inside `extract::quantity`).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: quantities ARTICLE.txt");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let ctx = factline::extract::Context::new(factline::kb::KnowledgeBase::embedded());
    let a = factline::extract::analyze(&text, &ctx);
    println!("ref {:?}", a.reference_date);
    for q in &a.quantities {
        let f = &a.figures[q.figure];
        println!(
            "{:>20} {:?} y={:?} m={:?} mk={} h={:?} e={:?} [{:.3},{:.3}]",
            &text[f.span.start..f.span.end],
            q.key.dimension,
            q.key.year,
            q.key.month,
            q.key.markers,
            q.key.heads,
            q.key.entities,
            q.low,
            q.high
        );
    }
}
