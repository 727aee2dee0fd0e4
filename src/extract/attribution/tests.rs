//! Tests of attribution: cue styles, the sources of figures, configured cues, dateline
//! agencies, sources that name an entity.

use crate::extract::{Context, analyze};
use crate::kb::KnowledgeBase;
use std::sync::Arc;

fn sources(body: &str) -> Vec<(String, bool)> {
    let text = format!("Headline\n{body}");
    let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
    a.attributions.iter().map(|x| (x.source.text.clone(), x.source.vague)).collect()
}

#[test]
fn a_subject_after_of_and_a_wide_space_starts_at_its_word() {
    // The span was the phrase's length from the space after "of": an em space is three
    // bytes, so it ended inside 'É'.
    for space in [" ", "\u{2003}", "\u{a0}", "\u{202f}"] {
        let body = format!("Nobody knew that of {space}Élodie Brun said 5 people died.");
        let text = format!("Headline\n{body}");
        let a = analyze(&text, &Context::new(Arc::new(KnowledgeBase::empty())));
        let src = a
            .attributions
            .iter()
            .map(|x| x.source.span)
            .find(|s| s.slice(&text).contains("Brun"));
        assert_eq!(src.map(|s| text.get(s.start..s.end)), Some(Some("Élodie Brun")), "{body:?}");
    }
}

/// The source that sources `figure` in `body`, if any.
fn source_of(body: &str, figure: &str) -> Option<(String, bool)> {
    let text = format!("Headline\n{body}");
    let a = analyze(&text, &Context::new(KnowledgeBase::embedded()));
    let f = a
        .figures
        .iter()
        .find(|f| f.span.slice(&text) == figure)
        .unwrap_or_else(|| panic!("{figure} in {body}"));
    f.source.as_ref().map(|s| (s.text.clone(), s.vague))
}

fn named(body: &str, fig: &str, src: &str) {
    assert_eq!(source_of(body, fig), Some((src.to_string(), false)), "{body}");
}

fn vague(body: &str, fig: &str) {
    assert!(source_of(body, fig).is_some_and(|s| s.1), "{body}: {:?}", source_of(body, fig));
}

fn none(body: &str, fig: &str) {
    assert_eq!(source_of(body, fig), None, "{body}");
}

#[test]
fn named_sources_of_figures() {
    named(
        "Exports rose 5 percent, according to the customs office.",
        "5 percent",
        "the customs office",
    );
    named("Anna Berg said exports rose 5 percent.", "5 percent", "Anna Berg");
    named("Exports rose 5 percent, Anna Berg said.", "5 percent", "Anna Berg");
    named("Exports rose 5 percent, said Anna Berg.", "5 percent", "Anna Berg");
    named("Exports rose 5 percent, the ministry says.", "5 percent", "the ministry");
    named("Anna Berg told reporters that exports rose 5 percent.", "5 percent", "Anna Berg");
    named("The agency reported that exports rose 5 percent.", "5 percent", "The agency");
    named("The central bank estimated growth at 2 percent.", "2 percent", "The central bank");
    named("The ministry announced a $2 billion plan.", "$2 billion", "The ministry");
    named(
        "Exports rose 5 percent, as per the statistics office.",
        "5 percent",
        "the statistics office",
    );
    named(
        "Exports rose 5 percent, data from the customs office show.",
        "5 percent",
        "the customs office",
    );
    named("Exports rose 5 percent, data released by Eurostat show.", "5 percent", "Eurostat");
    named(
        "Exports rose 5 percent, figures published by the ministry show.",
        "5 percent",
        "the ministry",
    );
    named(
        "The ministry's figures show exports rose 5 percent.",
        "5 percent",
        "The ministry's figures",
    );
    named("Exports rose 5 percent, citing customs data.", "5 percent", "customs data");
    named("Exports rose 5 percent (Source: Eurostat).", "5 percent", "Eurostat");
    named("Exports rose 5 percent, as reported by Eurostat.", "5 percent", "Eurostat");
    named(
        "The 210 deaths recorded so far by the NDMA make this the worst season.",
        "210",
        "the NDMA",
    );
    named(
        "Exports rose 5 percent, figures published last week by the statistics office show.",
        "5 percent",
        "the statistics office",
    );
    none("The 210 deaths recorded so far by Tuesday make this the worst season.", "210");
    // A time after "by" is no source.
    let by_july = source_of("Cases recorded in the camps by the end of July reached 1,200.", "1,200");
    assert!(by_july.as_ref().is_none_or(|(s, _)| !s.contains("July")), "{by_july:?}");
    named("By the agency's own count, 40 people died.", "40", "the agency's own count");
    named(
        "At least 34 people died, the disaster agency (BNPB) said on Tuesday.",
        "34",
        "the disaster agency",
    );
    named("The commission on Sunday said 56 percent voted.", "56 percent", "The commission");
    named("The USGS put the magnitude at 6.1.", "6.1", "The USGS");
    named(
        "Colombia's negotiator, Laura Restrepo, says 80 countries agree.",
        "80",
        "Laura Restrepo",
    );
    named(
        "The cost is 40 million rupiah, a 2024 study by the World Bank found.",
        "40 million rupiah",
        "the World Bank",
    );
    named(
        "The administration responded, saying Iran had 480 kilograms of uranium.",
        "480 kilograms",
        "The administration",
    );
    named(
        "Turnout was 76 percent, the electoral commission said.",
        "76 percent",
        "the electoral commission",
    );
    named("Ana Silva, 34, a nurse at the hospital, said 12 patients died.", "12", "Ana Silva");
    named(
        "Yields fell 40 percent, the national grain association said on Wednesday.",
        "40 percent",
        "the national grain association",
    );
}

#[test]
fn vague_and_missing_sources_of_figures() {
    vague("Analysts expect food prices to rise 6 percent.", "6 percent");
    vague("Prices will rise 5 percent, analysts say.", "5 percent");
    vague("Some reports say 300 people died.", "300");
    vague("Experts estimate the cost at $4 billion.", "$4 billion");
    vague("Officials said 20 people were hurt.", "20");
    vague("Aid agencies say the camps hold about 300,000 people.", "300,000");
    none("Exports rose 5 percent last year.", "5 percent");
    none("The peso weakened 0.4% to 17.62 per dollar.", "0.4%");
    none("Her cabinet put a price on it: a 23.1 trillion yen package.", "23.1 trillion yen");
    none("At least six people are believed to be trapped.", "six");
    none("The economy grew 0.8%, well short of the government's forecast.", "0.8%");
    none("The mobility projects receive €1.9bn.", "€1.9bn");
    none(
        "The bank cut rates by 25 basis points, even as one member of its board argued for a pause.",
        "25 basis points",
    );
    none("The government hailed the $3 billion deal.", "$3 billion");
    none("The United States struck three nuclear sites.", "three");
    none("Growth is expected to reach 3 percent.", "3 percent");
    named(
        "The decision, which 19 of 22 economists polled by the paper expected, passed by a 4-1 vote.",
        "19 of 22",
        "the paper",
    );
    named("Anna Berg, who heads the office, said 40 people died.", "40", "Anna Berg");
    none(
        "Indonesia, an archipelago of 17,000 islands, records thousands of quakes a year.",
        "17,000",
    );
    named("China said trade reached $240 billion.", "$240 billion", "China");
}

#[test]
fn extra_cues_from_configuration() {
    let text = "Headline\nThe ministry intimated that 40 people died. In the estimation of the port, 12 ships left.";
    let mut ctx = Context::new(Arc::new(KnowledgeBase::empty()));
    let a = analyze(text, &ctx);
    assert!(a.figures.iter().all(|f| f.source.is_none()));
    ctx.lexicon = crate::extract::Lexicon::with_extra_cues(&["intimated".into()], &["in the estimation of".into()]);
    let a = analyze(text, &ctx);
    let got: Vec<_> = a.figures.iter().map(|f| f.source.as_ref().map(|s| s.text.as_str())).collect();
    assert_eq!(got, [Some("The ministry"), Some("the port")]);
}

#[test]
fn a_dateline_agency_is_not_a_source() {
    let text = "Headline\nLAGOS (Reuters) — The bank raised rates by 2 percentage points.";
    let a = analyze(text, &Context::new(Arc::new(KnowledgeBase::empty())));
    assert_eq!(a.figures[0].source, None);
}

#[test]
fn sources_resolve_to_entity_mentions() {
    let text = "Headline\nExports rose 5 percent, according to the United Nations.";
    let a = analyze(text, &Context::new(KnowledgeBase::embedded()));
    let src = a.figures[0].source.as_ref().unwrap();
    let e = src.entity.map(|e| a.entities[e].name.as_str());
    assert_eq!(e, Some("United Nations"), "{:?}", a.entities);
}

#[test]
fn cue_styles() {
    assert_eq!(
        sources("Trade hit $240 billion, according to Chinese customs figures."),
        [("Chinese customs figures".to_string(), false)]
    );
    assert_eq!(
        sources("The ministry said the deal was worth $3 billion."),
        [("The ministry".to_string(), false)]
    );
    assert_eq!(
        sources("The visit will last two days, foreign ministry spokeswoman Hua Chunying said."),
        [("foreign ministry spokeswoman Hua Chunying".to_string(), false)]
    );
    assert_eq!(
        sources("“We are worried,” Elizabeth Wishnick, a scientist at CNA, told AFP."),
        [("Elizabeth Wishnick".to_string(), false)]
    );
    assert_eq!(sources("The toll rose to 30, said Anna Berg."), [("Anna Berg".to_string(), false)]);
    assert_eq!(
        sources("Prices will rise 5 percent, analysts say."),
        [("analysts".to_string(), true)]
    );
    assert_eq!(
        sources("Output fell 3 percent, as per the statistics office."),
        [("the statistics office".to_string(), false)]
    );
    assert!(sources("Output fell 3 percent last year.").is_empty());
    assert_eq!(sources("The ministry briefed reporters on the $2 billion plan.").len(), 1);
}
