//! The shared extraction core: from an article's text to an [`Analysis`].
//!
//! Pure functions, no I/O: layout (paragraphs, headline, dateline), sentences, entity
//! mentions and their coreference, figures with normalised values, dates, attributions and
//! quotations. Rules and the fronts read the analysis; nothing re-reads the text.

mod attribution;
mod dates;
mod entities;
mod figures;
mod layout;
pub mod lexicon;
pub mod quantity;
mod quotes;
pub mod rates;
mod tables;

use std::sync::Arc;

pub use dates::{CalendarDate, DayRange, Weekday, days_in_month, weekday_of};
pub use entities::variants;
pub use lexicon::Lexicon;
pub use quantity::{Alternative, Dimension, Quantity, QuantityKey};
pub use rates::ExchangeRate;
pub use tables::Table;

use crate::kb::{EntityKind, EntryId, KnowledgeBase};
use crate::text::{Paragraph, ParagraphKind, Sentence, Span};

/// How the article's text is marked up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
}

impl Format {
    /// Markdown for `.md`/`.markdown` paths or a `markdown` language id, plain otherwise.
    pub fn from_path_or_language(path: &str, language_id: Option<&str>) -> Format {
        let lower = path.to_ascii_lowercase();
        if language_id == Some("markdown") || lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// Everything `analyze` needs besides the text.
#[derive(Clone, Debug)]
pub struct Context {
    pub kb: Arc<KnowledgeBase>,
    pub lexicon: Arc<Lexicon>,
    pub format: Format,
    /// The year for dates the article states without one (`factline.toml`'s `default_year`).
    pub default_year: Option<i32>,
}

impl Context {
    pub fn new(kb: Arc<KnowledgeBase>) -> Context {
        Context {
            kb,
            lexicon: Lexicon::builtin(),
            format: Format::Plain,
            default_year: None,
        }
    }

    pub fn with_format(mut self, format: Format) -> Context {
        self.format = format;
        self
    }
}

/// What an entity of this article is: a knowledge-base entry or a name found only in text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityRef {
    Kb(EntryId),
    /// A slug of the canonical name (stable across files of one run).
    Local(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub reference: EntityRef,
    /// Canonical name: the knowledge-base name, or the fullest spelling in the article.
    pub name: String,
    pub kind: EntityKind,
    /// Index into [`Analysis::mentions`] of the introducing mention, if the article has one.
    pub intro: Option<usize>,
    /// Indexes into [`Analysis::mentions`], in text order.
    pub mentions: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionForm {
    /// A full spelling: the name or an accepted full alias.
    Full,
    /// A surname, family name or other part of a full name.
    Short,
    /// An acronym or initialism ("IAEA", "U.S.").
    Acronym,
    /// A spelling the knowledge base lists as a misspelling.
    Misspelling,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    /// Index into [`Analysis::entities`].
    pub entity: usize,
    pub form: MentionForm,
    pub sentence: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FigureKind {
    Money,
    Percent,
    Count,
    Measure,
    Duration,
    Date,
    Year,
    Ordinal,
}

impl FigureKind {
    pub const ALL: [FigureKind; 8] = [
        FigureKind::Money,
        FigureKind::Percent,
        FigureKind::Count,
        FigureKind::Measure,
        FigureKind::Duration,
        FigureKind::Date,
        FigureKind::Year,
        FigureKind::Ordinal,
    ];

    pub fn parse(s: &str) -> Option<FigureKind> {
        FigureKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Count => "count",
            FigureKind::Measure => "measure",
            FigureKind::Duration => "duration",
            FigureKind::Date => "date",
            FigureKind::Year => "year",
            FigureKind::Ordinal => "ordinal",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub span: Span,
    pub kind: FigureKind,
    /// The normalised value (money in units of `unit`, percentages as 25.0 for 25%); `None`
    /// for vague quantities ("dozens").
    pub value: Option<f64>,
    /// ISO currency code, measure unit, "%" or "pp", a duration unit, or a count's noun.
    pub unit: Option<String>,
    /// "about", "at least" … as written, lowercased.
    pub qualifier: Option<String>,
    /// How many significant digits the writer gave (for comparing with precision).
    pub precision: u8,
    /// The place of the last digit written, in the value's units: 1 for "130", 0.1e9 for
    /// "$4.8 billion"; 0 for figures without digits. Trailing zeros count here ("from 100 to
    /// 130" states those numbers), unlike in `precision`.
    pub step: f64,
    pub sentence: usize,
    /// A figure a reader could dispute (money, percentages, counts, measures, records).
    pub checkworthy: bool,
    /// The calendar date, for dates.
    pub date: Option<CalendarDate>,
    /// A weekday written next to the date ("Tuesday (May 14)") and where.
    pub weekday: Option<(Weekday, Span)>,
    /// Index into [`Analysis::quotes`] when the figure sits inside a quotation.
    pub quote: Option<usize>,
    /// Who states it: an attribution of its sentence, or its quote's speaker.
    pub source: Option<Source>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub span: Span,
    pub text: String,
    /// "analysts", "officials": a source that names nobody.
    pub vague: bool,
    /// Index into [`Analysis::entities`] when the source names one.
    pub entity: Option<usize>,
}

/// A cue in a sentence that says who states its content.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    /// The cue itself ("according to", "said").
    pub cue: Span,
    pub source: Source,
    pub sentence: usize,
    /// A pronoun source ("she said"), resolved to the last person named before it.
    pub pronoun: bool,
    /// A cue that names a quotation's speaker but sources no figure ("hailed", "urged").
    pub quote_only: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub span: Span,
    /// From the opening to the closing mark (or the paragraph end for an unclosed one).
    pub outer: Span,
    /// Sentences the quote touches (first, last).
    pub sentences: (usize, usize),
    /// A statement rather than scare quotes or a title.
    pub statement: bool,
    pub speaker: Option<Source>,
    /// The quotation mark never closes.
    pub unclosed: bool,
}

/// The article's dateline ("LAGOS (Reuters) —", "SEOUL, March 4 —").
#[derive(Clone, Debug, PartialEq)]
pub struct Dateline {
    pub span: Span,
    pub agency: Option<Span>,
}

#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub format: Format,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub dateline: Option<Dateline>,
    /// The article's own date (dateline or first full date), for relative dates and weekdays.
    pub reference_date: Option<CalendarDate>,
    /// The article's own date (front matter, else a full dateline date, else the first full
    /// date of its opening paragraph; never a file time): orders the statements of a running
    /// total across articles.
    pub article_date: Option<CalendarDate>,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub figures: Vec<Figure>,
    pub attributions: Vec<Attribution>,
    pub quotes: Vec<Quote>,
    /// Figures as statements of a quantity (see [`quantity`]), in figure order.
    pub quantities: Vec<Arc<Quantity>>,
    /// Exchange rates the article states (see [`rates`]), in text order.
    pub rates: Vec<ExchangeRate>,
    /// Stated spans of days ("June 3-7", "from Thursday to Saturday").
    pub day_ranges: Vec<DayRange>,
    /// "its 50th anniversary": ordinal anniversaries and the year each falls in.
    pub anniversaries: Vec<quantity::Anniversary>,
    /// Tables (Markdown or plain-text `|` rows), in text order.
    pub tables: Vec<Table>,
}

impl Analysis {
    /// Gives back the room its lists grew into: a workspace keeps an analysis per article for
    /// as long as it runs, and a list grown by doubling is a quarter empty on average (the
    /// quantities, collected in place from the larger `Quantity` values, many times more).
    fn shrink_to_fit(&mut self) {
        self.paragraphs.shrink_to_fit();
        self.sentences.shrink_to_fit();
        self.entities.shrink_to_fit();
        for e in &mut self.entities {
            e.mentions.shrink_to_fit();
        }
        self.mentions.shrink_to_fit();
        self.figures.shrink_to_fit();
        self.attributions.shrink_to_fit();
        self.quotes.shrink_to_fit();
        self.quantities.shrink_to_fit();
        self.rates.shrink_to_fit();
        self.day_ranges.shrink_to_fit();
        self.anniversaries.shrink_to_fit();
        self.tables.shrink_to_fit();
    }

    /// Every span the analysis reports, each named (for checks that they all lie on character
    /// boundaries of the text: the property tests and the fuzz targets).
    pub fn spans(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        out.extend(self.paragraphs.iter().map(|p| ("paragraph", p.span)));
        out.extend(self.sentences.iter().map(|s| ("sentence", s.span)));
        if let Some(d) = &self.dateline {
            out.push(("dateline", d.span));
            out.extend(d.agency.map(|s| ("dateline agency", s)));
        }
        out.extend(self.mentions.iter().map(|m| ("mention", m.span)));
        for f in &self.figures {
            out.push(("figure", f.span));
            out.extend(f.weekday.map(|(_, s)| ("figure weekday", s)));
            out.extend(f.source.as_ref().map(|s| ("figure source", s.span)));
        }
        for x in &self.attributions {
            out.push(("attribution cue", x.cue));
            out.push(("attribution source", x.source.span));
        }
        for q in &self.quotes {
            out.push(("quote", q.span));
            out.push(("quote outer", q.outer));
            out.extend(q.speaker.as_ref().map(|s| ("quote speaker", s.span)));
        }
        out.extend(self.rates.iter().map(|r| ("rate", r.span)));
        out.extend(self.day_ranges.iter().map(|r| ("day range", r.span)));
        out
    }

    pub fn is_headline(&self, sentence: usize) -> bool {
        self.sentences
            .get(sentence)
            .is_some_and(|s| self.paragraphs[s.paragraph].kind == ParagraphKind::Headline)
    }

    /// The sentence containing `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }

    /// The mention covering `offset`, if any.
    pub fn mention_at(&self, offset: usize) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.span.end <= offset);
        (i < self.mentions.len() && self.mentions[i].span.start <= offset).then_some(i)
    }

    /// The mentions inside `span`, found by binary search: mentions are sorted by start and do
    /// not overlap, so per-figure or per-cue lookups stay logarithmic in the article's length.
    pub fn mentions_within(&self, span: Span) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.span.start < span.start);
        let to = from + self.mentions[from..].partition_point(|m| m.span.end <= span.end);
        &self.mentions[from..to]
    }

    /// The mentions that end at or before `offset`, in text order.
    pub fn mentions_before(&self, offset: usize) -> &[Mention] {
        &self.mentions[..self.mentions.partition_point(|m| m.span.end <= offset)]
    }

    /// The attributions of sentence `si` (they are sorted by sentence).
    pub fn attributions_in(&self, si: usize) -> &[Attribution] {
        let from = self.attributions.partition_point(|x| x.sentence < si);
        let to = from + self.attributions[from..].partition_point(|x| x.sentence == si);
        &self.attributions[from..to]
    }

    /// The figure covering `offset`, if any.
    pub fn figure_at(&self, offset: usize) -> Option<usize> {
        self.figures
            .iter()
            .position(|f| f.span.start <= offset && offset < f.span.end.max(f.span.start + 1))
    }
}

/// Analyses one article. Pure: the same text and context always give the same analysis.
/// Sequential: the fronts use every core by analysing files in parallel.
pub fn analyze(text: &str, ctx: &Context) -> Analysis {
    let layout = layout::layout(text, ctx.format);
    let prose = layout.prose.as_deref().unwrap_or(text);
    let sentences = crate::text::segment(prose, &layout.paragraphs, &ctx.lexicon.abbreviations);
    let mut a = Analysis {
        format: ctx.format,
        paragraphs: layout.paragraphs,
        sentences,
        dateline: layout.dateline,
        ..Analysis::default()
    };
    // Cell separators are not prose: the rows are read from the file's own text.
    a.tables = tables::find(text, &a.paragraphs, &ctx.lexicon);
    entities::extract(prose, ctx, &mut a);
    let tokens = crate::text::SentenceTokens::new(prose, &a.sentences);
    let mut figures = figures::scan(prose, &ctx.lexicon, &a.sentences, &a.paragraphs, &tokens);
    a.quotes = quotes::find(prose, ctx, &a);
    let mut attributions = attribution::find(prose, ctx, &a, &tokens);
    attribution::finish(prose, ctx, &a, &mut attributions);
    a.attributions = attributions;
    quotes::assign_speakers(prose, &ctx.lexicon, &mut a);
    figures::finish(prose, ctx, &a, &mut figures);
    a.figures = figures;
    let front_matter = (ctx.format == Format::Markdown)
        .then(|| dates::front_matter_date(text, &ctx.lexicon.dates))
        .flatten();
    dates::resolve(ctx, front_matter, &mut a);
    attribution::assign_sources(prose, &ctx.lexicon, &mut a);
    a.rates = rates::find(prose, ctx, &a);
    rates::mark_units(&mut a);
    a.quantities = quantity::find(prose, ctx, &a, &tokens).into_iter().map(Arc::new).collect();
    quantity::measured_nouns(prose, ctx, &mut a);
    rates::apply(prose, &ctx.lexicon, &mut a);
    quantity::drop_restated_headlines(&mut a);
    a.anniversaries = quantity::anniversaries(prose, ctx, &a);
    a.day_ranges = dates::ranges(prose, &a, &tokens);
    a.shrink_to_fit();
    a
}

/// A slug of a name: lowercase ASCII letters and digits joined by '-', with common accents
/// folded ("António Guterres" → "antonio-guterres"); other scripts are kept as they are.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        let folded = fold_accent(c);
        if folded.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(folded.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ű' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
        'ç' | 'č' | 'ć' => 'c',
        'Ç' | 'Č' | 'Ć' => 'C',
        'ñ' | 'ń' => 'n',
        'Ñ' => 'N',
        'ş' | 'š' | 'ś' => 's',
        'Ş' | 'Š' | 'Ś' => 'S',
        'ğ' => 'g',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' => 'Z',
        'ł' => 'l',
        'Ł' => 'L',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(slug("António Guterres"), "antonio-guterres");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("Kim Min-jun"), "kim-min-jun");
        assert_eq!(slug("习近平"), "习近平");
    }
}
