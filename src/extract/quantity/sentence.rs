//! One sentence as key building reads it: its clauses, each figure's tokens, which figures state
//! a value and which a time, the time each value is about, and which figures become quantities.

use std::ops::Range;

use super::topics::topics;
use super::words::QuantityWords;
use super::{Analysis, Context, EntityRef, FigureKind};
use crate::extract::Figure;
use crate::kb::EntityKind;
use crate::text::{Span, Token, TokenKind, lowercase as lower};

/// What key building reads of the whole article, the same for every sentence.
pub(super) struct Article<'a> {
    pub(super) text: &'a str,
    pub(super) ctx: &'a Context,
    pub(super) a: &'a Analysis,
    pub(super) words: &'a QuantityWords,
    /// The year of the article (its date's, else the configured one).
    pub(super) ref_year: Option<i32>,
    /// The places the article is about: where the event is, not a part of it.
    pub(super) story: Vec<EntityRef>,
}

impl<'a> Article<'a> {
    pub(super) fn new(text: &'a str, ctx: &'a Context, a: &'a Analysis) -> Article<'a> {
        Article {
            text,
            ctx,
            a,
            words: &ctx.lexicon.quantity,
            ref_year: a.reference_date.and_then(|d| d.year).or(ctx.default_year),
            story: topics(a, &ctx.kb),
        }
    }
}

/// The year and month a figure is about.
pub(super) type Time = (Option<i32>, Option<u8>);

/// What a figure is to key building.
pub(super) enum Role {
    Value,
    Time,
    Skip,
}

pub(super) fn role(f: &Figure) -> Role {
    match f.kind {
        FigureKind::Money | FigureKind::Percent | FigureKind::Measure | FigureKind::Duration => {
            if f.value.is_some() {
                Role::Value
            } else {
                Role::Skip
            }
        }
        FigureKind::Count if f.value.is_some() && f.unit.as_deref() != Some("times") => Role::Value,
        FigureKind::Date if f.date.is_some_and(|d| d.year.is_some() || d.day > 0) => Role::Time,
        FigureKind::Year if f.unit.is_none() => Role::Time,
        _ => Role::Skip,
    }
}

/// A punctuation token that ends a clause: one of `,;:—–()"“”`.
fn is_boundary(p: &str) -> bool {
    let mut chars = p.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if ",;:—–()\"“”".contains(c))
}

/// One sentence with figures; figure `k` of the sentence is `Analysis::figures[first + k]`.
/// The buffers are kept from one sentence to the next.
#[derive(Default)]
pub(super) struct SentenceScratch<'a> {
    /// Index into `Analysis::sentences`.
    pub(super) index: usize,
    pub(super) first: usize,
    pub(super) toks: &'a [Token],
    /// The clause of each token: a comma, dash or bracket starts a new one.
    pub(super) clause: Vec<usize>,
    /// Each figure's token range, its qualifier included ("about 140").
    pub(super) ranges: Vec<(usize, usize)>,
    values: Vec<usize>,
    times: Vec<usize>,
    /// Whether a time figure is some value's time anchor.
    anchored: Vec<bool>,
    /// The year and month each value figure is about.
    pub(super) anchor: Vec<Time>,
    /// Whether a figure's year was written in its sentence (not the article's, not inferred).
    pub(super) stated: Vec<bool>,
    /// By clause: its relative year and month, once read.
    clause_time: Vec<Option<Time>>,
    /// The quarters of the year the sentence names ("the third quarter", "Q3"), each with
    /// its clause, in order.
    quarters: Vec<(usize, u8)>,
    /// The figures that become quantities, in order.
    pub(super) quantities: Vec<usize>,
}

impl<'a> SentenceScratch<'a> {
    /// Reads sentence `si`, whose figures are `figs` and tokens `toks`.
    pub(super) fn read(&mut self, art: &Article<'a>, si: usize, figs: Range<usize>, toks: &'a [Token]) {
        let n = figs.len();
        (self.index, self.first, self.toks) = (si, figs.start, toks);
        self.clause.clear();
        let mut c = 0usize;
        for t in toks {
            if t.kind == TokenKind::Punct && is_boundary(t.span.slice(art.text)) {
                c += 1;
            }
            self.clause.push(c);
        }
        self.ranges.clear();
        self.ranges.extend(figs.map(|f| {
            let (s, e) = token_range(toks, art.a.figures[f].span);
            let q = art.a.figures[f].qualifier.as_deref().map_or(0, |q| q.split_whitespace().count());
            (s.saturating_sub(q), e)
        }));
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        values.extend((0..n).filter(|&k| matches!(role(self.figure(art, k)), Role::Value)));
        self.values = values;
        let mut times = std::mem::take(&mut self.times);
        times.clear();
        times.extend((0..n).filter(|&k| matches!(role(self.figure(art, k)), Role::Time) && !self.since(art, k) && !self.deadline(art, k)));
        self.times = times;
        self.anchor_values(art, n);
        self.read_quarters(art);
        self.pick_quantities(art, n);
    }

    fn read_quarters(&mut self, art: &Article<'_>) {
        self.quarters.clear();
        for i in 0..self.toks.len() {
            if let Some(q) = self.quarter_at(art, i) {
                self.quarters.push((self.clause[i], q));
            }
        }
    }

    /// "Q3", or an ordinal up to "fourth" before "quarter", at token `i`.
    fn quarter_at(&self, art: &Article<'_>, i: usize) -> Option<u8> {
        if self.toks[i].kind != TokenKind::Word {
            return None;
        }
        let w = lower(self.word(art, i));
        let n = match w.strip_prefix('q').map(str::parse::<u8>) {
            Some(Ok(n)) => n,
            Some(Err(_)) | None => {
                let next = (i + 1..self.toks.len()).find(|&j| self.toks[j].kind == TokenKind::Word)?;
                if !self.word(art, next).eq_ignore_ascii_case("quarter") {
                    return None;
                }
                *art.ctx.lexicon.ordinals.get(w.as_ref())? as u8
            }
        };
        (1..=4).contains(&n).then_some(n)
    }

    /// True when the sentence opens with a phrase before a total it goes on to split ("Of the
    /// 242 people on board, 241 …").
    pub(super) fn opens_with_total(&self, art: &Article<'_>) -> bool {
        let word = |i: usize| {
            self.toks
                .get(i)
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| lower(t.span.slice(art.text)))
        };
        let (Some(w0), Some(w1)) = (word(0), word(1)) else { return false };
        art.words
            .total_lead
            .iter()
            .any(|p| p.split_once(' ') == Some((w0.as_ref(), w1.as_ref())))
    }

    /// The quarter of the year value `v` is about: the one its clause names, else the
    /// sentence's only one ("In the fourth quarter, Tesla delivered 495,570 vehicles").
    pub(super) fn quarter(&self, v: usize) -> Option<u8> {
        let c = self.clause_of(v);
        let own = self.quarters.iter().find(|(qc, _)| *qc == c).map(|&(_, q)| q);
        own.or_else(|| {
            let (&(_, first), rest) = self.quarters.split_first()?;
            rest.iter().all(|&(_, q)| q == first).then_some(first)
        })
    }

    pub(super) fn figure<'b>(&self, art: &Article<'b>, k: usize) -> &'b Figure {
        &art.a.figures[self.first + k]
    }

    /// The clause of figure `k`.
    pub(super) fn clause_of(&self, k: usize) -> usize {
        self.clause[self.ranges[k].0.min(self.clause.len() - 1)]
    }

    /// The number of clauses.
    pub(super) fn clauses(&self) -> usize {
        self.clause.last().map_or(0, |&x| x + 1)
    }

    pub(super) fn clause_span(&self, c: usize) -> Span {
        let first = self.clause.iter().position(|&x| x == c).unwrap_or(0);
        let last = self.clause.iter().rposition(|&x| x == c).unwrap_or(first);
        Span::new(self.toks[first].span.start, self.toks[last].span.end)
    }

    fn word<'t>(&self, art: &Article<'t>, i: usize) -> &'t str {
        self.toks.get(i).map_or("", |t| t.span.slice(art.text))
    }

    /// "Since 2022, growth has averaged 4%": a period's start is not the time a value is
    /// about, and stays a statement of its own.
    fn since(&self, art: &Article<'_>, k: usize) -> bool {
        let (s, _) = self.ranges[k];
        (0..s)
            .rev()
            .take_while(|&i| self.clause[i] == self.clause[s])
            .any(|i| self.word(art, i).eq_ignore_ascii_case("since"))
    }

    /// "invest $600 billion by the end of 2028": a deadline is not the time a value is about.
    fn deadline(&self, art: &Article<'_>, k: usize) -> bool {
        let (s, _) = self.ranges[k];
        let by_end = s >= 4 && self.word(art, s - 4).eq_ignore_ascii_case("by") && self.word(art, s - 1).eq_ignore_ascii_case("of");
        s >= 1 && self.word(art, s - 1).eq_ignore_ascii_case("by") || by_end
    }

    /// Time anchors of value figures: a year or date in the figure's own clause, else one
    /// the sentence's shape ties it to, else its clause's relative year and month.
    fn anchor_values(&mut self, art: &Article<'_>, n: usize) {
        self.anchored.clear();
        self.anchored.resize(n, false);
        self.anchor.clear();
        self.anchor.resize(n, (None, None));
        self.stated.clear();
        self.stated.resize(n, false);
        self.clause_time.clear();
        // What does not depend on the value is worked out once per sentence (per value, a
        // sentence of many figures would cost the cube of their number).
        let value_in_first_clause = self.values.iter().any(|&o| self.clause_of(o) == 0);
        let mut aside_once: Option<Option<usize>> = None;
        for i in 0..self.values.len() {
            let v = self.values[i];
            let time = self
                .own_time(v)
                .or_else(|| self.participle_time(art, v))
                .or_else(|| self.when_time(art, v))
                .or_else(|| self.opening_time(v, value_in_first_clause))
                .or_else(|| *aside_once.get_or_insert_with(|| self.aside_time(art)));
            match time {
                Some(t) => self.anchor_to(art, v, t),
                None => self.anchor[v] = self.clause_time(art, self.clause_of(v)),
            }
        }
    }

    /// Value `v` is about the time stated by figure `t`.
    fn anchor_to(&mut self, art: &Article<'_>, v: usize, t: usize) {
        self.anchored[t] = true;
        let f = self.figure(art, t);
        self.anchor[v] = match (f.kind, f.date) {
            (FigureKind::Date, Some(d)) => (d.year, (d.month > 0).then_some(d.month)),
            _ => (f.value.map(|y| y as i32), None),
        };
        self.stated[v] = f.date.is_none_or(|d| !d.year_inferred) && self.anchor[v].0.is_some();
    }

    /// A time in the value's own clause.
    fn own_time(&self, v: usize) -> Option<usize> {
        self.times.iter().copied().find(|&t| self.clause_of(t) == self.clause_of(v))
    }

    /// "In 2025, ...": a time in an opening clause that holds no value figure.
    fn opening_time(&self, v: usize, value_in_first_clause: bool) -> Option<usize> {
        self.times
            .iter()
            .copied()
            .find(|&t| self.clause_of(t) == 0 && self.clause_of(v) > 0 && !value_in_first_clause)
    }

    /// "The last deadly quake, in 2001, killed 74 people": the only year of the sentence, in a
    /// clause of its own.
    fn aside_time(&self, art: &Article<'_>) -> Option<usize> {
        let lone: Vec<usize> = self
            .times
            .iter()
            .copied()
            .filter(|&t| !self.values.iter().any(|&o| self.clause_of(o) == self.clause_of(t)))
            .collect();
        let t = *lone.first()?;
        let (s, e) = self.ranges[t];
        let prev = if s > 0 { self.word(art, s - 1) } else { "" };
        // Only a bare aside ("in 2001"), not a clause of its own ("founded in 1967").
        let words = (0..self.toks.len())
            .filter(|&i| self.clause[i] == self.clause_of(t) && self.toks[i].kind != TokenKind::Punct)
            .count();
        (lone.len() == 1 && prev.eq_ignore_ascii_case("in") && words <= e - s + 1).then_some(t)
    }

    /// The token that opens value `v`'s clause (its break), when the clause is not the first.
    fn clause_opening(&self, v: usize) -> Option<usize> {
        let c = self.clause_of(v);
        if c == 0 {
            return None;
        }
        (0..self.ranges[v].0).find(|&i| self.clause[i] == c)
    }

    /// "since 2022, when floods killed 1,700 people": a clause opening with "when" right
    /// after a year or date is about that time (a period's start included).
    fn when_time(&self, art: &Article<'_>, v: usize) -> Option<usize> {
        let opens = self.clause_opening(v)?;
        if !self.toks.get(opens + 1)?.span.slice(art.text).eq_ignore_ascii_case("when") {
            return None;
        }
        // The time figure ends right before the break.
        (0..self.ranges.len()).find(|&t| matches!(role(self.figure(art, t)), Role::Time) && self.ranges[t].1 == opens)
    }

    /// "… since a ferry sank in 2024, killing 78 people": a clause opening with a participle
    /// tells what the event of the clause before it did, at its time.
    fn participle_time(&self, art: &Article<'_>, v: usize) -> Option<usize> {
        let opens = self.clause_opening(v)?;
        let first_word = self.toks.get(opens + 1)?.span.slice(art.text);
        if !art.words.participles.contains(&*lower(first_word)) {
            return None;
        }
        let c = self.clause_of(v);
        (0..self.ranges.len())
            .rev()
            .find(|&t| matches!(role(self.figure(art, t)), Role::Time) && self.clause_of(t) + 1 == c && !self.deadline(art, t))
    }

    /// Relative years ("last year") and bare months ("in March") of clause `c`: read once per
    /// clause, whatever the number of its figures.
    fn clause_time(&mut self, art: &Article<'_>, c: usize) -> Time {
        if self.clause_time.len() <= c {
            self.clause_time.resize(c + 1, None);
        }
        if let Some(t) = self.clause_time[c] {
            return t;
        }
        let t = self.read_clause_time(art, c);
        self.clause_time[c] = Some(t);
        t
    }

    fn read_clause_time(&self, art: &Article<'_>, c: usize) -> Time {
        let w = art.words;
        let clause = self.clause_span(c).slice(art.text);
        // A clause with no relative year of its own takes the one of the clause before it
        // ("… last year, about 10% of all exports").
        let rel = w
            .relative_year(clause)
            .or_else(|| w.relative_year(self.clause_span(c.checked_sub(1)?).slice(art.text)));
        let year = match rel {
            Some(d) => art.ref_year.map(|y| y + d),
            None => art.ref_year,
        };
        // The clause's tokens: clauses are runs of the sentence's tokens.
        let (from, to) = (self.clause.partition_point(|&x| x < c), self.clause.partition_point(|&x| x <= c));
        let calendar = &art.ctx.lexicon.dates;
        let month = self.toks[from..to]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .find_map(|t| calendar.month(t.span.slice(art.text)).filter(|_| t.span.slice(art.text) != "May"));
        (year, month)
    }

    /// The figures that become quantities: every value, and every time that anchors no value
    /// (a period's start included); not the dateline's date (the article's own), nor an age
    /// unless it is a person's ([`Self::age_of`]).
    fn pick_quantities(&mut self, art: &Article<'_>, n: usize) {
        let mut quantities = std::mem::take(&mut self.quantities);
        quantities.clear();
        let this = &*self;
        let in_dateline = |k: usize| art.a.dateline.as_ref().is_some_and(|d| d.span.covers(this.figure(art, k).span));
        quantities.extend(
            (0..n)
                .filter(|&k| !in_dateline(k) && (!this.is_age(art, k) || this.age_of(art, k).is_some()))
                .filter(|&k| match role(this.figure(art, k)) {
                    Role::Value => true,
                    Role::Time => !this.anchored[k] || this.since(art, k),
                    Role::Skip => false,
                }),
        );
        self.quantities = quantities;
    }

    /// The person whose age figure `k` gives ("Rosa Quispe, 54,"), when the name before it is
    /// a person of the article: a statement of that person's age.
    pub(super) fn age_of(&self, art: &Article<'_>, k: usize) -> Option<EntityRef> {
        if !self.is_age(art, k) {
            return None;
        }
        let name = self.toks.get(self.ranges[k].0.checked_sub(2)?)?;
        let m = art.a.mention_at(name.span.start)?;
        let entity = &art.a.entities[art.a.mentions[m].entity];
        (entity.kind == EntityKind::Person).then(|| entity.reference.clone())
    }

    /// "Rosa Quispe, 54," gives an age, not a count.
    fn is_age(&self, art: &Article<'_>, k: usize) -> bool {
        let f = self.figure(art, k);
        let s = self.ranges[k].0;
        if f.kind != FigureKind::Count || f.unit.is_some() || s < 2 || self.word(art, s - 1) != "," {
            return false;
        }
        // A capitalised name before it and a comma or bracket after it.
        let prev = self.word(art, s - 2);
        let next = self.word(art, s + 1);
        prev.starts_with(char::is_uppercase) && matches!(next, "," | ")" | "." | ";")
    }
}

/// Token index range [start, end) of `span` in `toks`.
pub(super) fn token_range(toks: &[Token], span: Span) -> (usize, usize) {
    let s = toks.partition_point(|t| t.span.end <= span.start);
    let e = toks.partition_point(|t| t.span.start < span.end);
    (s, e.max(s + 1).min(toks.len().max(s + 1)))
}
