fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
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
