//! Quantity keys, comparison and weighed evidence on small articles of our own.

use super::*;
use crate::extract::analyze;
use crate::kb::KnowledgeBase;
use std::sync::Arc;

fn quantities(text: &str) -> (Analysis, Vec<Quantity>) {
    let ctx = Context::new(KnowledgeBase::embedded());
    let a = analyze(text, &ctx);
    let q = a.quantities.iter().map(|q| (**q).clone()).collect();
    (a, q)
}

fn key_of<'a>(text: &str, a: &'a Analysis, figure_text: &str) -> &'a Quantity {
    a.quantities
        .iter()
        .find(|q| a.figures[q.figure].span.slice(text) == figure_text)
        .unwrap_or_else(|| panic!("no quantity {figure_text:?} in {:?}", a.quantities))
}

#[test]
fn the_evidence_weights_file_parses_and_a_score_is_the_sum_of_its_pieces() {
    let w = Weights::get();
    // What is measured must be able to carry a match on its own or with one more piece.
    assert!(w.weights.kind > 0 && w.weights.kind + w.weights.subject.max(w.weights.entity) >= w.match_at);
    let e = Evidence {
        kind: true,
        entity: true,
        place_one_side: true,
        ..Evidence::default()
    };
    assert_eq!(w.score(&e), w.weights.kind + w.weights.entity + w.weights.place_one_side);
    assert_eq!(w.score(&Evidence::default()), 0);
    // Every piece named in the file is one the decision weighs.
    let file: toml::Value = toml::from_str(include_str!("../../../data/lexicon/evidence.toml")).unwrap();
    let names: Vec<&str> = e.pieces().iter().map(|(n, _)| *n).collect();
    for k in file["weights"].as_table().unwrap().keys() {
        assert!(names.contains(&k.as_str()), "{k} is weighed by nothing");
    }
}

#[test]
fn synonyms_capitals_and_relative_years_give_one_key() {
    let t1 = "Defence\nTOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion, the ministry said.\n";
    let t2 = "Spending\nTOKYO, March 4, 2026 — Tokyo's military spending last year reached $55.1 billion.\n";
    let (a1, _) = quantities(t1);
    let (a2, _) = quantities(t2);
    let q1 = key_of(t1, &a1, "$55 billion");
    let q2 = key_of(t2, &a2, "$55.1 billion");
    assert_eq!(q1.key.year, Some(2025));
    assert_eq!(q2.key.year, Some(2025));
    assert!(same_quantity(&q1.key, &q2.key), "{:?}\n{:?}", q1.key, q2.key);
    assert!(agree(q1, q2));
}

#[test]
fn the_unemployed_are_the_jobless_and_apartments_are_homes() {
    let t = "Jobs\nThe long-term unemployed made up 25.7% of the total. The long-term jobless made up 25.7% of the total.\n\
             The fire burned through 1,980 apartments. The fire burned through 1,980 homes.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| starting_with(t, &a, s);
    let shares: Vec<&Quantity> = a
        .quantities
        .iter()
        .filter(|x| a.figures[x.figure].span.slice(t) == "25.7%")
        .map(|x| &**x)
        .collect();
    assert_eq!(shares.len(), 2);
    assert_eq!(shares[0].key.kinds, ["unemployment"]);
    assert!(
        same_quantity(&shares[0].key, &shares[1].key),
        "{:?}\n{:?}",
        shares[0].key,
        shares[1].key
    );
    assert_eq!(q("1,980").key.kinds, ["home"]);
}

#[test]
fn a_term_requested_is_not_the_term_imposed() {
    let t = "Court\nProsecutors requested a sentence of 135 months. The judge imposed a sentence of 135 months.\n\
             Prosecutors sought a sentence of 11 years.\n";
    let (a, _) = quantities(t);
    let terms: Vec<&Quantity> = a
        .quantities
        .iter()
        .filter(|x| a.figures[x.figure].span.slice(t) == "135 months")
        .map(|x| &**x)
        .collect();
    assert_eq!(terms.len(), 2);
    // A request carries the projection marker, like a forecast: not compared with an outcome.
    assert_ne!(terms[0].key.markers, terms[1].key.markers);
    assert!(!same_quantity(&terms[0].key, &terms[1].key));
    assert_eq!(starting_with(t, &a, "11 years").key.markers, terms[0].key.markers);
}

#[test]
fn different_years_or_subjects_are_not_the_same_quantity() {
    let t = "Budgets\nTOKYO, March 3, 2026 — Japan's defence budget for 2025 was $55 billion.\n\
             Japan's defence budget for 2024 was $50 billion.\n\
             China's defence budget for 2025 was $230 billion.\n";
    let (a, _) = quantities(t);
    let q1 = key_of(t, &a, "$55 billion");
    let q2 = key_of(t, &a, "$50 billion");
    let q3 = key_of(t, &a, "$230 billion");
    assert!(!same_quantity(&q1.key, &q2.key));
    assert!(!same_quantity(&q1.key, &q3.key));
}

#[test]
fn precision_qualifiers_and_units() {
    let t = "Figures\nThe deal was worth $3.2 billion. The deal was worth $3.24 billion. The deal was worth $3.6 billion.\n\
             At least 30 people were killed. 32 people were killed. About 30 people were killed. 45 people were killed.\n\
             The pipeline is 300 km long. The pipeline is 186 miles long. It was 40C. It was 104F.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert!(agree(q("$3.2 billion"), q("$3.24 billion")));
    assert!(!agree(q("$3.2 billion"), q("$3.6 billion")));
    assert!(agree(q("30"), q("32")));
    let about = a
        .quantities
        .iter()
        .find(|x| a.figures[x.figure].qualifier.as_deref() == Some("about"))
        .unwrap();
    assert!(!agree(about, q("45")));
    assert!(agree(about, q("32")));
    assert!(agree(q("300 km"), q("186 miles")));
    assert!(agree(q("40C"), q("104F")));
    assert_eq!(q("300 km").key.dimension, q("186 miles").key.dimension);
}

#[test]
fn dates_and_years_of_one_event_compare_on_the_year() {
    let t = "Museum\nThe museum opened in 1977, its director said.\nIt opened on March 23, 1979 to crowds.\nIt opened on March 23, 1977 to crowds.\n";
    let (a, _) = quantities(t);
    let y = &a.quantities[0];
    assert_eq!(y.key.dimension, Dimension::When);
    assert!(same_quantity(&y.key, &a.quantities[1].key));
    assert!(!agree(y, &a.quantities[1]));
    assert!(agree(y, &a.quantities[2]));
}

/// The quantity whose figure's text starts with `s`.
fn starting_with<'a>(t: &str, a: &'a Analysis, s: &str) -> &'a Quantity {
    a.quantities
        .iter()
        .find(|x| a.figures[x.figure].span.slice(t).starts_with(s))
        .unwrap_or_else(|| panic!("no quantity {s:?}"))
}

#[test]
fn touching_ranges_and_approximate_wording() {
    let t = "Stock\nThe country held about 440 kilograms of uranium. It held more than 480 kilograms of uranium.\n\
             It held about 470 kilograms of uranium. He scored 17 goals. He scored 16 goals.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| starting_with(t, &a, s);
    assert!(!agree(q("440"), q("480")));
    assert!(agree(q("470"), q("480")));
    assert!(!agree(q("17"), q("16")));
}

#[test]
fn the_noun_a_figure_measures_stands_in_for_a_kind() {
    let t = "Season\nHe scored 17 goals in 29 matches last season. He scored 16 league goals last season.\n\
             The vaccine showed 79.6% efficacy in the trial. It showed 69.6 percent efficacy in the trial.\n\
             Iran held 440.9 kilograms of uranium enriched to 60 percent. It held more than 480 kilograms of highly enriched uranium.\n\
             He may play in 19 remaining league games. The district has 250 beds. The hospital has 500 beds.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| starting_with(t, &a, s);
    assert_eq!(q("79.6%").key.nouns, ["efficacy"]);
    assert!(same_quantity_of(q("17"), q("16")), "{:?}\n{:?}", q("17").key, q("16").key);
    assert!(!same_quantity_of(q("17"), q("29")));
    assert!(same_quantity_of(q("79.6%"), q("69.6 percent")));
    assert!(!agree(q("79.6%"), q("69.6 percent")));
    assert_eq!(q("440.9 kilograms").key.nouns, ["uranium"]);
    assert_eq!(q("480 kilograms").key.nouns, ["uranium"]);
    assert_eq!(q("19").key.nouns, ["game"]);
    assert!(!same_quantity_of(q("16"), q("19")));
    // Sharing only a noun, values far apart are different quantities.
    assert!(!same_quantity_of(q("250"), q("500")));
    assert!(same_quantity_of(q("440.9 kilograms"), q("480 kilograms")));
    // One names a kind, the other only the noun it is "of", which the first also names.
    let t2 = "Budget\nThey agreed a 2026 budget of €192.8 billion in commitments. Negotiators agreed on commitments of €198.2 billion for 2026.\n";
    let (a2, _) = quantities(t2);
    let q2 = |s: &str| key_of(t2, &a2, s);
    assert_eq!(q2("€198.2 billion").key.nouns, ["commitment"]);
    assert!(same_quantity_of(q2("€192.8 billion"), q2("€198.2 billion")));
    assert!(!agree(q("440.9 kilograms"), q("480 kilograms")));
}

#[test]
fn a_shared_noun_with_values_far_apart_needs_a_second_piece_of_evidence() {
    let t = "Seats\nThe opposition will hold 144 seats in parliament. The opposition is leading in 224 seats in parliament.\n\
             The district has 250 beds. The hospital has 420 beds.\n\
             The opposition is leading in 288 seats in parliament. The opposition is leading in 310 seats in parliament.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| starting_with(t, &a, s);
    let (seats, more) = (q("144"), q("224"));
    // 1.56 times apart: the noun alone would not do, the noun and the subject do.
    let v = weigh(seats, more);
    assert!(v.same, "{v:?}");
    assert!(v.evidence.noun && v.evidence.subject, "{v:?}");
    assert_eq!(v.score, Weights::get().weights.noun + Weights::get().weights.subject - 1);
    assert!(v.reason().contains("values far apart"), "{}", v.reason());
    // The noun alone, as far apart: two quantities.
    let v = weigh(q("250"), q("420"));
    assert!(!v.same, "{v:?}");
    // Twice apart, a shared noun counts for nothing; more than about twice apart the index
    // never compares them (`too_far_apart`).
    let v = weigh(seats, q("288"));
    assert!(!v.same && !v.evidence.noun, "{v:?}");
    assert!(too_far_apart(seats, q("310")));
}

#[test]
fn a_when_clause_is_about_the_time_before_it() {
    let t = "Floods\nKARACHI, August 13, 2026 — Floods have killed 120 people this season.\n\
             It is the worst season since 2022, when floods killed more than 1,700 people.\n\
             Rain returned in 2010, when floods killed 1,985 people, and again this week.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert_eq!(q("120").key.year, Some(2026));
    assert_eq!(q("1,700").key.year, Some(2022));
    assert_eq!(q("1,985").key.year, Some(2010));
    assert!(!same_quantity_of(q("120"), q("1,700")));
}

#[test]
fn a_cue_that_sources_no_figure_keeps_its_words() {
    // "pledged" names who speaks a quotation but sources no figure: it says what the
    // figure is, as it does when its subject is no source ("Western donors").
    let t = "Aid\nDonor governments pledged €4.8 billion to rebuild the grid, the ministry said.\n\
             Western donors pledged €4.2 billion to repair the grid, the organisers said.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert_eq!(q("€4.8 billion").key.kinds, ["aid"]);
    assert!(
        same_quantity_of(q("€4.8 billion"), q("€4.2 billion")),
        "{:?}\n{:?}",
        q("€4.8 billion").key,
        q("€4.2 billion").key
    );
    assert!(!agree(q("€4.8 billion"), q("€4.2 billion")));
}

/// The verdict on the first quantity starting with `x` in `t1` and the first starting
/// with `y` in `t2`.
fn verdict(t1: &str, x: &str, t2: &str, y: &str) -> Verdict {
    let (a1, _) = quantities(t1);
    let (a2, _) = quantities(t2);
    weigh(starting_with(t1, &a1, x), starting_with(t2, &a2, y))
}

#[test]
fn evidence_supports_with_reasons_and_vetoes_name_the_difference() {
    let v = verdict(
        "Budget\nBERLIN, March 18, 2026 — Germany's defence budget for 2026 is €108 billion.\n",
        "€108",
        "Budget\nBERLIN, March 19, 2026 — The Bundestag set military spending for 2026 at €110 billion.\n",
        "€110",
    );
    // The institution carries its country: one subject.
    assert!(v.same, "{v:?}");
    assert_eq!(
        v.reason(),
        "same measure: budget; same subject: defence; same entity; same period: 2026"
    );
    // A part is not its whole.
    let total = "Floods\nAUSTIN, July 7, 2025 — The floods have killed 104 people, officials said.\n";
    let part = "Floods\nAUSTIN, July 7, 2025 — The floods killed 104 people, including 27 campers, officials said.\n";
    let v = verdict(total, "104", part, "27");
    assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
    let alone = "Floods\nKERRVILLE, July 7, 2025 — In Kerr County alone, 84 people died, officials said.\n";
    assert!(!verdict(total, "104", alone, "84").same);
    // Shares of different bases.
    let v = verdict(
        "Trade\nBERLIN, April 3, 2025 — Exports to the US were 10% of all German exports, the office said.\n",
        "10%",
        "Trade\nBERLIN, April 3, 2025 — Exports to the US were 3.7% of German output, the office said.\n",
        "3.7%",
    );
    assert!(!v.same, "{v:?}");
    // Per unit against a total.
    let v = verdict(
        "Deal\nBRUSSELS, July 28, 2025 — The EU will buy $750 billion of energy over three years.\n",
        "$750",
        "Deal\nBRUSSELS, July 28, 2025 — The EU will buy $250 billion a year of energy.\n",
        "$250",
    );
    assert_eq!(v.veto.as_deref(), Some("a per-unit figure is not a total"), "{v:?}");
    // Two groups sharing a noun.
    let v = verdict(
        "Hostages\nTEL AVIV, October 13, 2025 — Hamas freed the 20 living hostages on Monday.\n",
        "20",
        "Hostages\nTEL AVIV, October 13, 2025 — Hamas still holds 24 deceased hostages.\n",
        "24",
    );
    assert_eq!(v.veto.as_deref(), Some("different groups"), "{v:?}");
    // The clause's own year, not the article's.
    let t = "Boats\nKINSHASA, April 18, 2025 — A boat fire killed 148 people. It was the worst disaster since a ferry sank on Lake Kivu in 2024, killing 78 people.\n";
    let v = verdict(t, "148", t, "78");
    assert_eq!(v.veto.as_deref(), Some("different period: 2025 and 2024"), "{v:?}");
}

#[test]
fn parts_counts_and_what_is_counted_veto_a_match() {
    // "30 of the deaths", "Among the dead, four …": parts.
    let v = verdict(
        "Quake\nCEBU, October 2, 2025 — The quake killed 72 people, officials said.\n",
        "72",
        "Quake\nCEBU, October 2, 2025 — Officials said 30 of the deaths were in Bogo City.\n",
        "30",
    );
    assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
    let v = verdict(
        "Outbreak\nKINSHASA, September 9, 2025 — The outbreak has killed 15 people, the ministry said.\n",
        "15",
        "Outbreak\nKINSHASA, September 9, 2025 — Among the dead, four were health workers, the ministry said.\n",
        "four",
    );
    assert_eq!(v.veto.as_deref(), Some("a part is not its whole"), "{v:?}");
    // How far a count has got is not a share of the vote.
    let v = verdict(
        "Vote\nSEOUL, June 4, 2025 — Lee won 49.4% of the vote, the commission said.\n",
        "49.4%",
        "Vote\nSEOUL, June 4, 2025 — With 94.4% of the votes counted, Lee led, the commission said.\n",
        "94.4%",
    );
    assert!(!v.same, "{v:?}");
    // Two things counted: firefighters are not pilgrims; "26 lives" names no thing.
    let fire = "Fire\nHONG KONG, November 27, 2025 — The fire killed 12 firefighters, officials said.\n";
    let v = verdict(
        fire,
        "12",
        "Fire\nHONG KONG, November 27, 2025 — The fire killed 10 pilgrims, officials said.\n",
        "10",
    );
    assert!(
        v.veto.as_deref().is_some_and(|x| x.starts_with("different things counted")),
        "{v:?}"
    );
    let v = verdict(
        "Attack\nSRINAGAR, April 23, 2025 — The attack claimed 26 civilian lives, police said.\n",
        "26",
        "Attack\nSRINAGAR, April 23, 2025 — The attack killed 27 civilians, police said.\n",
        "27",
    );
    assert!(v.same, "{v:?}");
    // Undated articles: a year written in one sentence only is likely background.
    let v = verdict(
        "Quake\nIn 2023, a quake in Herat killed 1,500 people.\n",
        "1,500",
        "Quake\nThe quake killed 1,400 people, officials said.\n",
        "1,400",
    );
    assert!(!v.same && v.reason().contains("a year stated on one side only"), "{v:?}");
    // A verb says which people: the trapped are not the rescued.
    let v = verdict(
        "Mine\nLIMA, May 2, 2026 — Rescuers said 12 miners were trapped.\n",
        "12",
        "Mine\nLIMA, May 2, 2026 — Rescuers said 14 miners were rescued.\n",
        "14",
    );
    assert!(!v.same, "{v:?}");
}

#[test]
fn running_totals_parts_and_deadlines_in_the_key() {
    let t = "Floods\nNAIROBI, March 3, 2026 — The death toll has risen to 52, and 3,900 people were injured and 270 missing. \
             In 2024, floods killed 74 people. Firms will invest $600 billion by 2028.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert!(q("52").key.running);
    // "injured" goes to the figure before "and", not to the nearer one after it.
    assert_eq!(q("3,900").key.kinds, ["injured"]);
    // A total of an earlier year no longer runs.
    assert!(!q("74").key.running);
    // A deadline is not the year a figure is about.
    assert_eq!(q("$600 billion").key.year, Some(2026));
    assert_eq!(q("$600 billion").key.kinds, ["investment"]);
}

#[test]
fn changes_and_levels_differ() {
    let t = "Rates\nThe bank cut its rate by 25 basis points to 6.75%. Inflation rose 0.4% in March. Inflation was 3.8% in March.\n";
    let (a, _) = quantities(t);
    let change = key_of(t, &a, "0.4%");
    let level = key_of(t, &a, "3.8%");
    assert_ne!(change.key.markers, level.key.markers);
    assert!(!same_quantity(&change.key, &level.key));
    let _ = Arc::new(());
}

#[test]
fn a_quarter_of_the_year_is_part_of_the_key() {
    let t = "Deliveries\nAUSTIN, October 2, 2025 — Tesla delivered 497,099 vehicles in the third quarter of 2025.\n\
             In the fourth quarter of 2024, Tesla delivered 495,570 vehicles.\n\
             Tesla delivered 384,122 vehicles in Q2, the company said.\n\
             Tesla delivered 1.6 million vehicles last year.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert_eq!((q("497,099").key.quarter, q("497,099").key.year), (Some(3), Some(2025)));
    // The year of "the fourth quarter of 2024" is the opening clause's time.
    assert_eq!((q("495,570").key.quarter, q("495,570").key.year), (Some(4), Some(2024)));
    assert_eq!(q("384,122").key.quarter, Some(2));
    assert_eq!(q("1.6 million").key.quarter, None);
    let v = weigh(q("497,099"), q("384,122"));
    assert_eq!(v.veto.as_deref(), Some("different quarter: Q3 and Q2"));
}

#[test]
fn values_more_than_twice_apart_are_two_quantities_unless_a_digit_slipped() {
    let t = "Floods\nKARACHI, August 26, 2025 — Floods have killed 802 people, officials said.\n\
             Floods have killed 300 people, officials said.\n\
             Floods have killed 401 people, officials said.\n\
             Floods forced 14,500 people from their homes.\n\
             Floods forced 1,450 people from their homes.\n\
             Floods forced 40 people from their homes.\n\
             Floods forced 4,000 people from their homes.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert!(too_far_apart(q("802"), q("300")), "2.7 times");
    assert!(!too_far_apart(q("802"), q("401")), "twice, rounded");
    assert!(!too_far_apart(q("14,500"), q("1,450")), "a slipped digit");
    // One digit written: as often two round figures as a slip.
    assert!(too_far_apart(q("40"), q("4,000")));
    // A running total may grow many times over between two days' reports.
    assert!(!too_far_apart_for_a_total(q("802"), q("300")));
}

#[test]
fn within_an_article_only_a_restatement_or_one_running_total_is_compared() {
    let t = "Vote\nBERLIN, February 24, 2025 — The conservative alliance won 28.5% of the vote.\n\
             The far-right party came second with 20.8% of the vote.\n\
             Storms have killed 19 people in Jamaica so far.\n\
             The storm's toll so far stood at 28, officials said.\n\
             Ghana's budget for water was $8 million.\n\
             The water budget was $9 million, a minister said.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| &key_of(t, &a, s).key;
    assert!(!restatement(q("28.5%"), q("20.8%")), "two parties' shares");
    assert!(restatement(q("19"), q("28")), "one running toll");
    assert!(restatement(q("$8 million"), q("$9 million")), "an entity left out on one side");
}

#[test]
fn a_share_of_a_named_base_is_not_a_share_of_another_thing() {
    let t = "Vote\nSEOUL, June 4, 2025 — Lee Jae-myung won 49.4% of the vote.\nThe election saw 79.4% turnout.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    let v = weigh(q("49.4%"), q("79.4%"));
    assert!(v.veto.as_deref().is_some_and(|x| x.starts_with("shares of different")), "{v:?}");
}

#[test]
fn a_part_after_the_total_a_sentence_opens_with_or_after_a_place_alone() {
    let t = "Crash\nAHMEDABAD, June 13, 2025 — The plane crashed after take-off, officials said.\n\
             Of the 242 people on board, 241 died, officials said.\n\
             Kunar province alone recorded 800 deaths, officials said.\n\
             The quake killed 812 people, officials said.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| &key_of(t, &a, s).key;
    assert!(q("241").part);
    assert!(!q("242").part, "the total itself");
    assert!(q("800").part);
    assert!(!q("812").part);
}

#[test]
fn a_persons_age_after_the_name_is_that_persons_age() {
    let t = "Sentence\nBOISE, Idaho, July 23, 2025 — Bryan Kohberger, 30, was sentenced, the court said.\n\
             The victims were Kaylee Goncalves, 21; and Ethan Chapin, 20, the court said.\n\
             Kohberger, 31, did not speak.\n";
    let (a, _) = quantities(t);
    let q = |s: &str| key_of(t, &a, s);
    assert_eq!(q("30").key.kinds, ["age"]);
    assert!(weigh(q("30"), q("31")).same, "one man's age");
    assert!(!agree(q("30"), q("31")), "an age is exact");
    assert!(!weigh(q("21"), q("20")).same, "two people's ages");
}
