//! Tests of the figure scanner: each family of figures (money, percent, counts, measures,
//! durations, ordinals, dates) in small sentences, near misses, qualifiers, check-worthiness.

use super::*;
use crate::extract::{Context, Weekday, analyze};
use crate::kb::KnowledgeBase;
use std::sync::Arc;

fn figs(body: &str) -> Vec<(String, FigureKind, Option<f64>, Option<String>)> {
    let text = format!("Headline\n{body}");
    let ctx = Context::new(Arc::new(KnowledgeBase::empty()));
    let a = analyze(&text, &ctx);
    a.figures
        .iter()
        .map(|f| (f.span.slice(&text).to_string(), f.kind, f.value, f.unit.clone()))
        .collect()
}

#[test]
fn every_number_head_starts_a_number_word_and_plain_words_do_not() {
    let lex = Lexicon::builtin();
    for h in lex.number_heads.iter() {
        for w in [h.clone(), h.to_uppercase(), format!("{h}-day"), format!("{h}\u{2011}fold")] {
            assert!(spelled::starts_number_word(&w, &lex), "{w}");
        }
    }
    for w in ["the", "said", "Minister", "an", "and", "Reuters", "it's", "\u{212A}ilo"] {
        assert!(!spelled::starts_number_word(w, &lex), "{w}");
    }
}

#[test]
fn a_non_breaking_hyphen_joins_a_number_word_and_its_unit() {
    // U+2011 is three bytes: the unit after it was once cut inside the character.
    let plain = one("They began a two-day visit.");
    let nb = one("They began a two\u{2011}day visit.");
    assert_eq!(nb.0, "two\u{2011}day");
    assert_eq!((nb.1, nb.2, nb.3), (plain.1, plain.2, plain.3));
}

#[test]
fn a_day_range_with_an_en_dash_ends_after_its_last_day() {
    // '–' is three bytes: the range once ended inside it, and the year after it was sliced
    // there ("May 1–4, 2024" crashed check and the server).
    let hyphen = one("The talks ran May 1-4, 2024 in Nairobi.");
    let dash = one("The talks ran May 1–4, 2024 in Nairobi.");
    assert_eq!(dash.0, "May 1–4, 2024");
    assert_eq!((dash.1, hyphen.0.as_str()), (hyphen.1, "May 1-4, 2024"));
    assert_eq!(one("Talks ran June 3–7.").0, "June 3–7");
}

fn one(body: &str) -> (String, FigureKind, Option<f64>, Option<String>) {
    let f = figs(body);
    assert_eq!(f.len(), 1, "{body}: {f:?}");
    f.into_iter().next().unwrap()
}

#[test]
fn a_day_range_with_an_en_dash_keeps_its_days_and_year() {
    // The en dash is three bytes: the range once ended inside it, and the year after it
    // was looked for there ("The summit ran June 3–7 in Vienna." crashed check).
    assert_eq!(one("The summit ran June 3–7 in Vienna.").0, "June 3–7");
    assert_eq!(one("The summit ran June 3–7, 2026 in Vienna.").0, "June 3–7, 2026");
    assert_eq!(one("The summit ran June 3-7 in Vienna.").0, "June 3-7");
    let text = "Headline\nThe summit ran June 3–7, 2026.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    let d = a.figures[0].date.unwrap();
    assert_eq!((d.day, d.end_day, d.year), (3, Some(7), Some(2026)));
    assert_eq!(a.day_ranges[0].days, 5);
}

#[test]
fn an_iso_date_cut_by_a_multibyte_character_is_no_date() {
    // "2026-06-1’s": the day's second byte is the first of '’' (three bytes).
    for body in ["It was 2026-06-1’s day.", "It was 2026-0\u{301}6-01.", "It was 2026-06-1\u{a0}1."] {
        let f = figs(body);
        assert!(!f.iter().any(|(_, k, ..)| *k == FigureKind::Date), "{body}: {f:?}");
    }
    assert_eq!(one("It was 2026-06-01.").0, "2026-06-01");
    assert_eq!(one("It was 2026-06-01’s best day.").0, "2026-06-01");
}

#[test]
fn vague_thousands_of_ending_a_table_cell_has_no_noun() {
    // The cell ends after "of": its noun was looked for past the end of the cell.
    let text = "| Year | Note |\n|---|---|\n| 2026 | thousands of | x |\n";
    let ctx = Context::new(Arc::new(KnowledgeBase::empty())).with_format(crate::extract::Format::Markdown);
    let a = analyze(text, &ctx);
    let f = a.figures.iter().find(|f| f.span.slice(text) == "thousands");
    assert_eq!(f.map(|f| (f.kind, f.unit.clone())), Some((FigureKind::Count, None)));
    assert_eq!(one("Thousands of people marched.").3.as_deref(), Some("people"));
}

#[test]
fn money_in_many_forms() {
    let cases: &[(&str, &str, f64, &str)] = &[
        ("It cost $3.2 billion.", "$3.2 billion", 3.2e9, "USD"),
        ("It cost $3.25bn.", "$3.25bn", 3.25e9, "USD"),
        ("It cost US$5m.", "US$5m", 5e6, "USD"),
        ("It cost €3.2bn.", "€3.2bn", 3.2e9, "EUR"),
        ("It cost £40,000.", "£40,000", 4e4, "GBP"),
        ("It cost ¥1.5 trillion.", "¥1.5 trillion", 1.5e12, "JPY"),
        ("It cost 1.5 trillion yen.", "1.5 trillion yen", 1.5e12, "JPY"),
        ("It cost 300 million rupees.", "300 million rupees", 3e8, "INR"),
        ("It cost USD 2 million.", "USD 2 million", 2e6, "USD"),
        ("It cost R$10 billion.", "R$10 billion", 1e10, "BRL"),
    ];
    for (body, span, value, unit) in cases {
        let (s, k, v, u) = one(body);
        assert_eq!((s.as_str(), k, u.as_deref()), (*span, FigureKind::Money, Some(*unit)), "{body}");
        assert!((v.unwrap() - value).abs() < 1.0, "{body}: {v:?}");
    }
}

#[test]
fn percentages_and_points() {
    assert_eq!(one("Prices rose 25 percent.").0, "25 percent");
    assert_eq!(one("Prices rose 25%.").0, "25%");
    assert_eq!(one("Prices rose 25 per cent.").0, "25 per cent");
    let (s, k, _, u) = one("Rates rose 3 percentage points.");
    assert_eq!(
        (s.as_str(), k, u.as_deref()),
        ("3 percentage points", FigureKind::Percent, Some("pp"))
    );
    assert_eq!(one("A quarter of voters stayed home.").1, FigureKind::Percent);
}

#[test]
fn counts_measures_durations_ordinals() {
    assert_eq!(one("He visited 17 times.").0, "17 times");
    assert_eq!(one("About 5,000 troops left.").2, Some(5000.0));
    assert_eq!(one("Forty-two people died.").2, Some(42.0));
    assert_eq!(one("Two hundred thousand people marched.").2, Some(200000.0));
    assert_eq!(one("Dozens of people marched.").2, None);
    assert_eq!(one("A dozen people marched.").2, Some(12.0));
    assert_eq!(one("They built a 600-kilometre pipeline.").1, FigureKind::Measure);
    assert_eq!(one("The line runs 300 km.").3.as_deref(), Some("km"));
    assert_eq!(one("It struck with magnitude 6.1 force.").0, "magnitude 6.1");
    assert_eq!(one("It was 40C outside.").3.as_deref(), Some("°C"));
    assert_eq!(one("Output hit 2.5 million barrels a day.").3.as_deref(), Some("bbl"));
    assert_eq!(one("The three-day summit ended.").1, FigureKind::Duration);
    assert_eq!(one("She won a five-year term.").0, "five-year term");
    assert_eq!(one("It was the third meeting.").1, FigureKind::Ordinal);
    assert_eq!(one("It marks the 50th anniversary.").1, FigureKind::Ordinal);
}

#[test]
fn dates_and_years() {
    assert_eq!(one("They met on March 5.").1, FigureKind::Date);
    assert_eq!(one("They meet March 5-7.").0, "March 5-7");
    assert_eq!(one("They met on 5 March 2026.").0, "5 March 2026");
    assert_eq!(one("They met on 2026-03-05.").0, "2026-03-05");
    assert_eq!(one("They met in 2023.").1, FigureKind::Year);
    assert_eq!(one("They met in February 2022.").0, "February 2022");
    let text = "Headline\nThe ministry said Tuesday (May 14) that it agreed.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    let f = &a.figures[0];
    assert_eq!(f.weekday.map(|w| w.0), Some(Weekday::Tuesday));
}

#[test]
fn near_misses_are_not_figures() {
    assert!(figs("The G7 and G20 met over COVID-19 and F-16 jets on I-95.").is_empty());
    assert!(figs("They met at 10:30 and left at 5 p.m.").is_empty());
    assert!(figs("One of the leaders left.").is_empty());
    assert!(figs("The Fed held rates.").is_empty());
}

/// (body, figure text, kind, value, unit) for one figure per sentence.
/// (body, figure text, kind, value, unit)
type Case<'a> = (&'a str, &'a str, FigureKind, Option<f64>, Option<&'a str>);

fn check_one(cases: &[Case<'_>]) {
    for (body, span, kind, value, unit) in cases {
        let got = figs(body);
        assert_eq!(got.len(), 1, "{body}: {got:?}");
        let (s, k, v, u) = &got[0];
        assert_eq!((s.as_str(), *k), (*span, *kind), "{body}");
        if let Some(value) = value {
            let v = v.unwrap_or(f64::NAN);
            assert!((v - value).abs() <= value.abs() * 1e-9 + 1e-9, "{body}: value {v}");
        }
        if let Some(unit) = unit {
            assert_eq!(u.as_deref(), Some(*unit), "{body}");
        }
    }
}

#[test]
fn money_family() {
    use FigureKind::Money as M;
    check_one(&[
        ("Aid reached $3.2 billion.", "$3.2 billion", M, Some(3.2e9), Some("USD")),
        ("Aid reached $3.25bn.", "$3.25bn", M, Some(3.25e9), Some("USD")),
        ("Aid reached US$5m.", "US$5m", M, Some(5e6), Some("USD")),
        ("Aid reached €3.2bn.", "€3.2bn", M, Some(3.2e9), Some("EUR")),
        ("Aid reached £40,000.", "£40,000", M, Some(4e4), Some("GBP")),
        ("Aid reached ¥1.5 trillion.", "¥1.5 trillion", M, Some(1.5e12), Some("JPY")),
        ("Aid reached 1.5 trillion yen.", "1.5 trillion yen", M, Some(1.5e12), Some("JPY")),
        ("Aid reached 300 million rupees.", "300 million rupees", M, Some(3e8), Some("INR")),
        ("Aid reached USD 2 million.", "USD 2 million", M, Some(2e6), Some("USD")),
        ("Aid reached R$10 billion.", "R$10 billion", M, Some(1e10), Some("BRL")),
        ("Aid reached $40.", "$40", M, Some(40.0), Some("USD")),
        (
            "Aid reached 26.5 billion Danish kroner.",
            "26.5 billion Danish kroner",
            M,
            Some(2.65e10),
            Some("DKK"),
        ),
        (
            "Aid reached 350 billion kwacha.",
            "350 billion kwacha",
            M,
            Some(3.5e11),
            Some("MWK"),
        ),
        ("Aid reached 320억 원.", "320억 원", M, Some(3.2e10), Some("KRW")),
        (
            "1분기 영업이익은 24조6000억 원이다.",
            "24조6000억 원",
            M,
            Some(2.46e13),
            Some("KRW"),
        ),
        ("Aid reached 3.5億ドル.", "3.5億ドル", M, Some(3.5e8), Some("USD")),
        ("Aid reached ₹500 crore.", "₹500 crore", M, Some(5e9), Some("INR")),
        ("Aid reached HK$12bn.", "HK$12bn", M, Some(1.2e10), Some("HKD")),
        (
            "The peso weakened to 17.62 per dollar.",
            "17.62 per dollar",
            M,
            Some(17.62),
            Some("per USD"),
        ),
        (
            "Families get 20,000 yen per child.",
            "20,000 yen per child",
            M,
            Some(2e4),
            Some("JPY"),
        ),
        ("Petrol fell 25.1 yen per litre.", "25.1 yen per litre", M, Some(25.1), Some("JPY")),
        ("Aid reached 2 million dollars.", "2 million dollars", M, Some(2e6), Some("USD")),
        ("Aid reached €40 million.", "€40 million", M, Some(4e7), Some("EUR")),
        ("Aid reached Rs 500 crore.", "Rs 500 crore", M, Some(5e9), Some("INR")),
        ("Aid reached KSh 300 million.", "KSh 300 million", M, Some(3e8), Some("KES")),
        ("Aid reached Rp 10,000.", "Rp 10,000", M, Some(1e4), Some("IDR")),
    ]);
}

#[test]
fn percent_family() {
    use FigureKind::Percent as P;
    check_one(&[
        ("Prices rose 25 percent.", "25 percent", P, Some(25.0), Some("%")),
        ("Prices rose 25%.", "25%", P, Some(25.0), Some("%")),
        ("Prices rose 25 per cent.", "25 per cent", P, Some(25.0), Some("%")),
        ("Prices rose 2.5 pct.", "2.5 pct", P, Some(2.5), Some("%")),
        ("Rates rose 3 percentage points.", "3 percentage points", P, Some(3.0), Some("pp")),
        ("Rates fell 25 basis points.", "25 basis points", P, Some(25.0), Some("bp")),
        ("It was a 25-basis-point cut.", "25-basis-point", P, Some(25.0), Some("bp")),
        ("It was a quarter-point cut.", "quarter-point", P, Some(0.25), Some("pp")),
        ("Rates could fall half a percent.", "half a percent", P, Some(0.5), Some("%")),
        (
            "Rates could fall half a percentage point.",
            "half a percentage point",
            P,
            Some(0.5),
            Some("pp"),
        ),
        ("A quarter of voters stayed home.", "A quarter", P, Some(25.0), Some("%")),
        ("Two-thirds of voters stayed home.", "Two-thirds", P, Some(66.667), Some("%")),
        ("Half of the voters stayed home.", "Half", P, Some(50.0), Some("%")),
        ("Three in four voters stayed home.", "Three in four", P, Some(75.0), Some("%")),
        ("Turnout was 76 percent of voters.", "76 percent", P, Some(76.0), Some("%")),
    ]);
    // Near misses: "half" alone, points in a game.
    assert!(figs("They left at half time.").is_empty(), "{:?}", figs("They left at half time."));
}

#[test]
fn count_family() {
    use FigureKind::Count as C;
    check_one(&[
        ("He visited 17 times.", "17 times", C, Some(17.0), Some("times")),
        ("About 5,000 troops left.", "5,000", C, Some(5000.0), Some("troops")),
        ("Dozens of people marched.", "Dozens", C, None, None),
        ("Three people died.", "Three", C, Some(3.0), Some("people")),
        ("A dozen people marched.", "A dozen", C, Some(12.0), Some("people")),
        ("Half a dozen people marched.", "Half a dozen", C, Some(6.0), Some("people")),
        ("Two dozen aftershocks followed.", "Two dozen", C, Some(24.0), Some("aftershocks")),
        ("Hundreds of thousands of people marched.", "Hundreds of thousands", C, None, None),
        ("Thousands of people marched.", "Thousands", C, None, None),
        (
            "Two hundred thousand people marched.",
            "Two hundred thousand",
            C,
            Some(2e5),
            Some("people"),
        ),
        ("Forty-two people died.", "Forty-two", C, Some(42.0), Some("people")),
        ("Three million people voted.", "Three million", C, Some(3e6), Some("people")),
        (
            "Nine hundred and ninety-nine people voted.",
            "Nine hundred and ninety-nine",
            C,
            Some(999.0),
            Some("people"),
        ),
        ("It rose by 100s of units.", "100s", C, None, None),
        ("It was passed by 19 of 22 members.", "19 of 22", C, Some(19.0), Some("members")),
        ("It was passed by a 4-1 vote.", "4-1", C, Some(4.0), None),
        ("He voted twice.", "twice", C, Some(2.0), Some("times")),
        ("Some 1.2 million people voted.", "1.2 million", C, Some(1.2e6), Some("people")),
    ]);
}

#[test]
fn measure_family() {
    use FigureKind::Measure as Me;
    check_one(&[
        ("They built a 600-kilometre pipeline.", "600-kilometre", Me, Some(600.0), Some("km")),
        ("The line runs 300 km.", "300 km", Me, Some(300.0), Some("km")),
        ("The line runs 300km.", "300km", Me, Some(300.0), Some("km")),
        (
            "It struck with magnitude 6.1 force.",
            "magnitude 6.1",
            Me,
            Some(6.1),
            Some("magnitude"),
        ),
        ("A 6.3-magnitude quake struck.", "6.3-magnitude", Me, Some(6.3), Some("magnitude")),
        ("A magnitude-six event struck.", "magnitude-six", Me, Some(6.0), Some("magnitude")),
        ("It was 40C outside.", "40C", Me, Some(40.0), Some("°C")),
        ("It was 104F outside.", "104F", Me, Some(104.0), Some("°F")),
        (
            "Output hit 2.5 million barrels a day.",
            "2.5 million barrels",
            Me,
            Some(2.5e6),
            Some("bbl"),
        ),
        ("The camp covers 1.2 sq km.", "1.2 sq km", Me, Some(1.2), Some("km2")),
        ("Warming could reach 2.3–2.5C.", "2.3–2.5C", Me, Some(2.5), Some("°C")),
        ("It holds 480 kilograms of uranium.", "480 kilograms", Me, Some(480.0), Some("kg")),
        ("The fire burned 5,000 hectares.", "5,000 hectares", Me, Some(5000.0), Some("ha")),
    ]);
}

#[test]
fn duration_and_ordinal_family() {
    use FigureKind::{Duration as D, Ordinal as O};
    check_one(&[
        ("The three-day summit ended.", "three-day", D, Some(3.0), Some("day")),
        ("She won a five-year term.", "five-year term", D, Some(5.0), Some("year")),
        ("Talks lasted 16 hours.", "16 hours", D, Some(16.0), Some("hour")),
        ("He rules for six more years.", "six more years", D, Some(6.0), Some("year")),
        (
            "Aftershocks came in the first 36 hours.",
            "first 36 hours",
            D,
            Some(36.0),
            Some("hour"),
        ),
        ("It was a two-day-long visit.", "two-day-long", D, Some(2.0), Some("day")),
        ("It was the third meeting.", "third", O, Some(3.0), None),
        ("It marks the 50th anniversary.", "50th", O, Some(50.0), None),
        ("It is the second-largest economy.", "second-largest", O, Some(2.0), None),
    ]);
}

#[test]
fn date_family() {
    use FigureKind::{Date as Dt, Year as Y};
    check_one(&[
        ("They met on March 5.", "March 5", Dt, None, None),
        ("They meet March 5-7.", "March 5-7", Dt, None, None),
        ("They met on 5 March 2026.", "5 March 2026", Dt, None, None),
        ("They met on 2026-03-05.", "2026-03-05", Dt, None, None),
        ("They met on Thursday (March 5).", "March 5", Dt, None, None),
        ("They met on Jan. 5, 2026.", "Jan. 5, 2026", Dt, None, None),
        ("They met in 2023.", "2023", Y, Some(2023.0), None),
        ("He led it from 2014 to 2020.", "2014 to 2020", Y, Some(2014.0), None),
        ("It covers the 2021-2027 cycle.", "2021-2027", Y, Some(2021.0), None),
        ("Growth slowed in the first half of March.", "first half of March", Dt, None, None),
        (
            "Growth will pick up in the second half of the year.",
            "second half of the year",
            Dt,
            None,
            None,
        ),
        ("Growth slowed in the third quarter.", "third quarter", Dt, None, None),
        ("Rates peaked in mid-2022.", "mid-2022", Y, Some(2022.0), None),
        ("Prices rose in the 1990s.", "1990s", Y, Some(1990.0), None),
    ]);
    // Relative dates are not figures.
    assert!(figs("It happened earlier this month and last year.").is_empty());
}

#[test]
fn non_figures() {
    for body in [
        "The G7 and G20 met over COVID-19.",
        "F-16 jets flew over I-95.",
        "They met at 10:30 and left at 5 p.m.",
        "One of the leaders left.",
        "It adopted Resolution 2231 on Iran.",
        "The Fed held rates.",
        "They used 5G and 3D printers.",
    ] {
        assert!(figs(body).is_empty(), "{body}: {:?}", figs(body));
    }
    // List numbering, with and without a bullet before it.
    let text = "Headline\n- 1.Le Monde\n- 12.CGTN\n2) Next item\n3. Last item with 40 people";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    let got: Vec<&str> = a.figures.iter().map(|f| f.span.slice(text)).collect();
    assert_eq!(got, ["40"]);
}

#[test]
fn qualifiers_family() {
    let text = "Headline\nAbout 3 died, nearly 4 fled, almost 5 hid, more than 6 left, at least 7 wept, up to 8 ran, some 9 sat, roughly 10 ate, over 11 slept, under 12 woke.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    let q: Vec<_> = a.figures.iter().map(|f| f.qualifier.as_deref().unwrap_or("-")).collect();
    assert_eq!(
        q,
        [
            "about",
            "nearly",
            "almost",
            "more than",
            "at least",
            "up to",
            "some",
            "roughly",
            "over",
            "under"
        ]
    );
}

fn checkworthy(body: &str) -> Vec<(String, bool)> {
    let text = format!("Headline with 3 figures\n{body}");
    let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
    a.figures
        .iter()
        .filter(|f| !a.is_headline(f.sentence))
        .map(|f| (f.span.slice(&text).to_string(), f.checkworthy))
        .collect()
}

#[test]
fn checkworthiness() {
    let yes = |b: &str, f: &str| assert!(checkworthy(b).contains(&(f.to_string(), true)), "{b}: {:?}", checkworthy(b));
    let no = |b: &str, f: &str| assert!(checkworthy(b).contains(&(f.to_string(), false)), "{b}: {:?}", checkworthy(b));
    yes("The bridge cost $3 billion.", "$3 billion");
    yes("It is the fourth in-person meeting between them.", "fourth");
    yes("She became Japan's first female prime minister.", "first");
    yes("It was the first written understanding between them.", "first");
    yes("Investment fell for a third straight quarter.", "third");
    yes("It is Latin America's second-largest economy.", "second-largest");
    yes("The deal came after 16 hours of talks.", "16 hours");
    yes("The economy has barely grown for three years.", "three years");
    yes("Culture entered Japan 1,400 years ago.", "1,400 years");
    yes("Some 300 families will move.", "300");
    no("Ana Silva, 34, said she would stay.", "34");
    no("A man aged 62 was hurt.", "62");
    no("It marks the 75th anniversary of ties.", "75th");
    no("The first day of the summit was calm.", "first");
    no("The first nights were the worst.", "first");
    no("The budget is the second-to-last of the cycle.", "second-to-last");
    no("He began a two-day visit.", "two-day");
    no("He began a six-year term.", "six-year term");
    no("The easing began two years ago.", "two years");
    no("The meeting lasted about 90 minutes.", "90 minutes");
    no("He will rule for six more years.", "six more years");
    no("They met on March 5.", "March 5");
    no("They met in 2023.", "2023");
    // Headlines never.
    let text = "Quake kills 34 in Sulawesi\nThe toll rose, officials said.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    assert!(!a.figures[0].checkworthy);
}

#[test]
fn qualifiers_are_recorded_not_spanned() {
    let text = "Headline\nAt least 30 people died and nearly $5 billion was lost.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    let q: Vec<_> = a.figures.iter().map(|f| (f.span.slice(text), f.qualifier.as_deref())).collect();
    assert_eq!(q, [("30", Some("at least")), ("$5 billion", Some("nearly"))]);
}

#[test]
fn generated_currencies_read_as_money() {
    use FigureKind::Money as M;
    check_one(&[
        ("Aid reached 120 crore taka.", "120 crore taka", M, Some(1.2e9), Some("BDT")),
        ("Aid reached 1.2 billion taka.", "1.2 billion taka", M, Some(1.2e9), Some("BDT")),
        ("Fees reached 1,500 taka.", "1,500 taka", M, Some(1500.0), Some("BDT")),
        ("Aid reached 38 billion taka.", "38 billion taka", M, Some(3.8e10), Some("BDT")),
        ("Aid reached 2.3 million cedis.", "2.3 million cedis", M, Some(2.3e6), Some("GHS")),
        (
            "Aid reached 5 million Ghanaian cedis.",
            "5 million Ghanaian cedis",
            M,
            Some(5e6),
            Some("GHS"),
        ),
        (
            "Aid reached 40 billion Nigerian naira.",
            "40 billion Nigerian naira",
            M,
            Some(4e10),
            Some("NGN"),
        ),
        ("Aid reached 12 million dalasis.", "12 million dalasis", M, Some(1.2e7), Some("GMD")),
        ("Aid reached 3 billion kyat.", "3 billion kyat", M, Some(3e9), Some("MMK")),
        ("Aid reached 900 million tenge.", "900 million tenge", M, Some(9e8), Some("KZT")),
        (
            "Aid reached 2.5 billion Iraqi dinars.",
            "2.5 billion Iraqi dinars",
            M,
            Some(2.5e9),
            Some("IQD"),
        ),
        (
            "Aid reached 7 million Tanzanian shillings.",
            "7 million Tanzanian shillings",
            M,
            Some(7e6),
            Some("TZS"),
        ),
        (
            "Aid reached 10 million Moroccan dirhams.",
            "10 million Moroccan dirhams",
            M,
            Some(1e7),
            Some("MAD"),
        ),
        ("Aid reached 500 million ringgit.", "500 million ringgit", M, Some(5e8), Some("MYR")),
        (
            "Aid reached 80 million Omani rials.",
            "80 million Omani rials",
            M,
            Some(8e7),
            Some("OMR"),
        ),
        (
            "Aid reached 300 million Sri Lankan rupees.",
            "300 million Sri Lankan rupees",
            M,
            Some(3e8),
            Some("LKR"),
        ),
        (
            "Aid reached 4 billion Ugandan shillings.",
            "4 billion Ugandan shillings",
            M,
            Some(4e9),
            Some("UGX"),
        ),
        (
            "Aid reached 4 billion Uganda shillings.",
            "4 billion Uganda shillings",
            M,
            Some(4e9),
            Some("UGX"),
        ),
        ("Aid reached GHS 12 million.", "GHS 12 million", M, Some(1.2e7), Some("GHS")),
        ("Aid reached UGX 4 billion.", "UGX 4 billion", M, Some(4e9), Some("UGX")),
        ("Aid reached KZT 300 billion.", "KZT 300 billion", M, Some(3e11), Some("KZT")),
        ("Aid reached Tk 500 crore.", "Tk 500 crore", M, Some(5e9), Some("BDT")),
        ("Aid reached GH₵2.3 million.", "GH₵2.3 million", M, Some(2.3e6), Some("GHS")),
        ("Aid reached ৳1,000.", "৳1,000", M, Some(1000.0), Some("BDT")),
        ("Aid reached ₦96.3bn.", "₦96.3bn", M, Some(9.63e10), Some("NGN")),
        // Words several currencies share go to the curated one.
        ("Aid reached 300 million francs.", "300 million francs", M, Some(3e8), Some("CHF")),
        ("Aid reached 5 million pesos.", "5 million pesos", M, Some(5e6), Some("MXN")),
        ("Aid reached 2 billion won.", "2 billion won", M, Some(2e9), Some("KRW")),
        (
            "Aid reached 9 million Argentine pesos.",
            "9 million Argentine pesos",
            M,
            Some(9e6),
            Some("ARS"),
        ),
    ]);
}

#[test]
fn curated_currency_words_win_and_word_like_codes_are_no_symbols() {
    let lex = Lexicon::builtin();
    let code = |w: &str| lex.currency_words.iter().find(|(x, _)| x == w).map(|(_, c)| c.as_str());
    assert_eq!(code("francs"), Some("CHF"));
    assert_eq!(code("dinars"), None, "shared by many currencies");
    assert!(
        lex.currency_symbols
            .iter()
            .all(|(s, _)| !matches!(s.as_str(), "COP" | "TOP" | "SDG" | "ALL" | "AMD"))
    );
}

#[test]
fn currency_codes_that_read_as_words_stay_counts() {
    for (body, span) in [
        ("Leaders met at COP 28 in Dubai.", "28"),
        ("The TOP 10 list came out.", "10"),
        ("Goal SDG 4 covers schooling.", "4"),
        ("The bill passed 5 sum votes.", "5"),
    ] {
        let got = figs(body);
        assert!(
            got.iter().any(|(s, k, _, _)| s == span && *k != FigureKind::Money),
            "{body}: {got:?}"
        );
        assert!(got.iter().all(|(_, k, _, _)| *k != FigureKind::Money), "{body}: {got:?}");
    }
}

#[test]
fn south_asian_scales() {
    use FigureKind::{Count as C, Money as M};
    check_one(&[
        ("Aid reached ₹2 lakh crore.", "₹2 lakh crore", M, Some(2e12), Some("INR")),
        ("Aid reached Rs 5 lakh.", "Rs 5 lakh", M, Some(5e5), Some("INR")),
        (
            "Aid reached 3.5 lakh crore rupees.",
            "3.5 lakh crore rupees",
            M,
            Some(3.5e12),
            Some("INR"),
        ),
        (
            "It cost two lakh crore rupees.",
            "two lakh crore rupees",
            M,
            Some(2e12),
            Some("INR"),
        ),
        ("It cost five crore rupees.", "five crore rupees", M, Some(5e7), Some("INR")),
        ("Some 3 lakh people fled.", "3 lakh", C, Some(3e5), None),
        ("Some 12 crores were spent.", "12 crores", C, Some(1.2e8), None),
        ("Two thousand million people voted.", "Two thousand million", C, Some(2e9), None),
    ]);
}

#[test]
fn stuck_naira_needs_evidence() {
    use FigureKind::Money as M;
    check_one(&[
        ("Profit reached N96.3bn.", "N96.3bn", M, Some(9.63e10), Some("NGN")),
        ("Shares closed at N1,233.60.", "N1,233.60", M, Some(1233.6), Some("NGN")),
        (
            "It paid a dividend of N4.50 per share.",
            "N4.50 per share",
            M,
            Some(4.5),
            Some("NGN"),
        ),
        ("It paid N2 per share.", "N2 per share", M, Some(2.0), Some("NGN")),
        ("Revenue hit N2.5 trillion.", "N2.5 trillion", M, Some(2.5e12), Some("NGN")),
        ("Revenue hit N450m.", "N450m", M, Some(4.5e8), Some("NGN")),
        ("Revenue hit N1.2tn.", "N1.2tn", M, Some(1.2e12), Some("NGN")),
        ("Fares rose to N1,500.", "N1,500", M, Some(1500.0), Some("NGN")),
        ("Revenue hit N3 billion.", "N3 billion", M, Some(3e9), Some("NGN")),
    ]);
    // A letter before digits is a road, a mask, a model, a grid square or a code.
    for body in [
        "He drove along the N1 towards the coast.",
        "Nurses wore N95 masks.",
        "The N2.5 engine was quiet.",
        "The N7 motorway closed.",
        "The unit sits in square N12.",
        "Model N10x sold well.",
        "The N3.1.2 release shipped.",
        "They took the N1,2 exit.",
    ] {
        assert!(
            figs(body).iter().all(|(_, k, _, _)| *k != FigureKind::Money),
            "{body}: {:?}",
            figs(body)
        );
    }
    // Other capital letters are not naira.
    assert!(
        figs("The M4 carried 96.3bn.")
            .iter()
            .all(|(_, _, _, u)| u.as_deref() != Some("NGN"))
    );
    assert!(figs("The P96.3bn budget.").iter().all(|(_, _, _, u)| u.as_deref() != Some("NGN")));
}

#[test]
fn production_rates() {
    use FigureKind::Measure as Me;
    check_one(&[
        ("Output was 41,200 boepd.", "41,200 boepd", Me, Some(41200.0), Some("boe/d")),
        ("Output was 41,200 boe/d.", "41,200 boe/d", Me, Some(41200.0), Some("boe/d")),
        (
            "Output rose to 30,000 barrels of oil equivalent per day.",
            "30,000 barrels of oil equivalent per day",
            Me,
            Some(3e4),
            Some("boe/d"),
        ),
        ("Reserves hold 120 million boe.", "120 million boe", Me, Some(1.2e8), Some("boe")),
        ("Output hit 120,000 bpd.", "120,000 bpd", Me, Some(1.2e5), Some("bbl/d")),
        (
            "Output hit 1.2 million barrels per day.",
            "1.2 million barrels per day",
            Me,
            Some(1.2e6),
            Some("bbl/d"),
        ),
        (
            "Output hit 2.5 million barrels a day.",
            "2.5 million barrels",
            Me,
            Some(2.5e6),
            Some("bbl"),
        ),
        (
            "Gas sold at 3 dollars per mcf.",
            "3 dollars per mcf",
            FigureKind::Money,
            Some(3.0),
            Some("USD"),
        ),
        ("Wells made 500 mcf.", "500 mcf", Me, Some(500.0), Some("mcf")),
        ("Wells made 80 MMcf.", "80 MMcf", Me, Some(80.0), Some("MMcf")),
        ("Reserves hold 3 tcf.", "3 tcf", Me, Some(3.0), Some("tcf")),
        (
            "The field holds 1.5 trillion cubic feet.",
            "1.5 trillion cubic feet",
            Me,
            Some(1.5e12),
            Some("ft3"),
        ),
        (
            "Russia shipped 20 billion cubic metres.",
            "20 billion cubic metres",
            Me,
            Some(2e10),
            Some("m3"),
        ),
        ("The plant makes 90 MMscfd.", "90 MMscfd", Me, Some(90.0), Some("MMscf/d")),
        (
            "The plant makes 2,000 tonnes per day.",
            "2,000 tonnes per day",
            Me,
            Some(2000.0),
            Some("t/d"),
        ),
        ("The plant makes 2,000 tpd.", "2,000 tpd", Me, Some(2000.0), Some("t/d")),
    ]);
}

#[test]
fn cjk_date_counters_are_not_counts() {
    let found: Vec<String> = figs("회사는 23일 1분기 실적을 발표했다. 3月5日に発表した。직원 300명이 참석했다.")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(found, ["300"]);
}
