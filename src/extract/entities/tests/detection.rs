//! What is a name and where it starts and ends: titles, particles, guards against common words, Title
//! Case lines, acronyms that name nothing.

use super::*;

#[test]
fn title_and_role_are_not_part_of_the_name() {
    let text = format!("{BODY}Defence Ministry spokeswoman Anna Berg said the talks would go on. Berg declined to say more.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Anna Berg"), Some(EntityKind::Person));
    assert_eq!(entity_of(&text, &a, "Berg"), entity_of(&text, &a, "Anna Berg"));
    assert!(!surfaces(&text, &a).iter().any(|s| s.contains("spokeswoman")));
    let text = format!("{BODY}Foreign Minister Abbas Araghchi arrived late. Araghchi spoke briefly.\n");
    let a = run(&text);
    assert!(
        surfaces(&text, &a).contains(&"Abbas Araghchi".to_string()),
        "{:?}",
        surfaces(&text, &a)
    );
    assert_eq!(entity_of(&text, &a, "Araghchi"), entity_of(&text, &a, "Abbas Araghchi"));
}

#[test]
fn prefix_before_a_title_is_analysed_on_its_own() {
    let text = format!("{BODY}Harbour Authority Governor Lena Okafor said ships were waiting.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Harbour Authority"), Some(EntityKind::Organization));
    assert_eq!(kind_of(&text, &a, "Lena Okafor"), Some(EntityKind::Person));
}

#[test]
fn particles_hyphens_and_diacritics_stay_in_names() {
    let text = format!(
        "{BODY}Luiz Inácio Lula da Silva met Ursula von der Leyen and Abdel Fattah al-Sisi. Lula spoke first; von der Leyen did not.\n"
    );
    let a = run(&text);
    let s = surfaces(&text, &a);
    assert!(s.contains(&"Luiz Inácio Lula da Silva".to_string()), "{s:?}");
    assert!(s.contains(&"Ursula von der Leyen".to_string()), "{s:?}");
    assert!(s.contains(&"Abdel Fattah al-Sisi".to_string()), "{s:?}");
    assert_eq!(entity_of(&text, &a, "Lula"), entity_of(&text, &a, "Luiz Inácio Lula da Silva"));
}

#[test]
fn acronyms_that_name_nothing_are_skipped() {
    let text = format!("{BODY}GDP grew 2 percent, the CEO said, and the EUR rate held.\n");
    let a = run(&text);
    assert!(a.mentions.is_empty(), "{:?}", surfaces(&text, &a));
}

#[test]
fn guards_months_weekdays_sentence_starts_and_possessives() {
    let text = format!("{BODY}March 5 was quiet. On Tuesday, turnout fell. Turnout was low. Meanwhile prices rose.\n");
    let a = run(&text);
    assert!(a.mentions.is_empty(), "{:?}", surfaces(&text, &a));
    let text = format!("{BODY}Analyst Nadia Haddad's note was short. Haddad's view is known.\n");
    let a = run(&text);
    let s = surfaces(&text, &a);
    assert!(
        s.contains(&"Nadia Haddad".to_string()) && s.contains(&"Haddad".to_string()),
        "{s:?}"
    );
    assert!(!s.iter().any(|x| x.contains('\'')));
}

#[test]
fn a_capitalised_role_after_an_article_is_not_a_person() {
    let text = format!("{BODY}Elena Marsh, a Senior Research Scientist at the institute, said so.\n");
    let a = run(&text);
    assert_eq!(surfaces(&text, &a), ["Elena Marsh"]);
}

#[test]
fn title_case_lines_only_link() {
    let text = "Berg Warns Of Delays As Talks Drag On\n\nDefence Ministry spokeswoman Anna Berg said the talks would go on.\n";
    let a = run(text);
    let berg = a
        .mentions
        .iter()
        .find(|m| m.span.slice(text) == "Berg")
        .expect("headline surname linked");
    assert_eq!(Some(berg.entity), entity_of(text, &a, "Anna Berg"));
    assert!(!surfaces(text, &a).iter().any(|s| s.contains("Warns")));
    // The intro is in the body, not the headline's surname.
    assert_eq!(intro(text, &a, "Berg").as_deref(), Some("Anna Berg"));
}

#[test]
fn demonyms_compounds_and_events_are_not_names() {
    let kb = kb(concat!(
        "[[entity]]\nid = \"korea-south\"\nname = \"South Korea\"\nkind = \"place\"\ndemonyms = [\"South Korean\"]\n\n",
        "[[entity]]\nid = \"osaka\"\nname = \"Osaka\"\nkind = \"place\"\n\n",
        "[[entity]]\nid = \"mexico\"\nname = \"Mexico\"\nkind = \"place\"\n\n",
        "[[entity]]\nid = \"canada\"\nname = \"Canada\"\nkind = \"place\"\n",
    ));
    let text = format!(
        "{BODY}Some 9 million South Koreans visited. The Osaka-based Harbour Party grew. The Mexico-Canada Agreement holds. The Belt and Road Initiative slowed.\n"
    );
    let a = run_with(&text, kb);
    let s = surfaces(&text, &a);
    assert!(
        !s.iter()
            .any(|x| x.contains("Koreans") || x.contains("Agreement") || x.contains("Initiative") || x.contains("based")),
        "{s:?}"
    );
    assert!(
        s.contains(&"Osaka".to_string()) && s.contains(&"Harbour Party".to_string()),
        "{s:?}"
    );
    assert!(s.contains(&"Mexico".to_string()) && s.contains(&"Canada".to_string()), "{s:?}");
}

#[test]
fn a_signature_line_is_not_a_headline() {
    let text = format!("{BODY}Ties are strong.\n— Hua Chunying 华春莹 (@SpokespersonCHN) May 16, 2024\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Hua Chunying"), Some(EntityKind::Person));
}

#[test]
fn analysis_is_a_word_inside_an_institute_name() {
    let text = format!(
        "{BODY}Grace Mwila, an economist at the Zambia Institute for Policy Analysis and Research (ZIPAR), said the gains were fragile.\n"
    );
    let a = run(&text);
    let zipar = "Zambia Institute for Policy Analysis and Research";
    assert_eq!(
        kind_of(&text, &a, zipar),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(entity_of(&text, &a, "ZIPAR"), entity_of(&text, &a, zipar));
}

#[test]
fn initials_stay_inside_a_name() {
    let text = format!("{BODY}Former president George W. Bush met Ngozi K. Adeyemi. Adeyemi spoke first.\n");
    let a = run(&text);
    let s = surfaces(&text, &a);
    assert!(
        s.contains(&"George W. Bush".to_string()) && s.contains(&"Ngozi K. Adeyemi".to_string()),
        "{s:?}"
    );
    assert_eq!(entity_of(&text, &a, "Adeyemi"), entity_of(&text, &a, "Ngozi K. Adeyemi"));
}

#[test]
fn roman_numerals_and_capitals_are_not_acronyms() {
    let text = format!(
        "{BODY}Phase III of the plan began after World War II ended, and the IMF agreed to it.\n\nMARKETS RALLY AS BANKS CUT RATES AGAIN\n"
    );
    let a = run(&text);
    assert_eq!(surfaces(&text, &a), ["IMF"]);
}

#[test]
fn title_runs_without_a_name_are_no_people() {
    for sentence in [
        "The Chief Financial Officer said costs rose.",
        "The Chief Executive said demand was strong.",
        "Its Chief Operating Officer resigned.",
        "A Chief Executive Officer was named on Monday.",
    ] {
        let text = format!("{BODY}{sentence}\n");
        let a = run(&text);
        assert!(
            a.mentions.iter().all(|m| a.entities[m.entity].kind != EntityKind::Person),
            "{sentence}: {:?}",
            mentions(&text, &a)
        );
    }
}

#[test]
fn leading_qualifiers_are_not_part_of_a_name() {
    assert_eq!(
        kind_in("Neighbouring Sylhet district reported floods.", "Sylhet"),
        Some(EntityKind::Place)
    );
    assert_eq!(
        kind_in("Rival Kijani Energy cut prices.", "Kijani Energy"),
        Some(EntityKind::Organization)
    );
    // Only at a sentence start and before a name.
    assert_eq!(kind_in("Prices rose, Neighbouring said.", "Neighbouring"), None);
}

#[test]
fn acronyms_of_common_phrases_and_currency_prefixes_are_no_organizations() {
    let text = format!(
        "{BODY}Gross written premiums (GWP) rose, and property & casualty (P&C) profit grew. GWP in life and the P&C ratio improved. \
         Revenue reached NT$989.9 billion. The Meteorological Service (MetS) warned of rain.\n"
    );
    let a = run(&text);
    let s = surfaces(&text, &a);
    assert!(!s.iter().any(|x| x == "GWP" || x == "P&C" || x == "NT"), "{s:?}");
    // An acronym after a name stays that name's.
    assert_eq!(entity_of(&text, &a, "MetS"), entity_of(&text, &a, "Meteorological Service"));
}

#[test]
fn new_cues_survive_tricky_characters() {
    // Emoji, CJK, NBSP, curly quotes and dashes around the new cues: no panic, names found.
    let text = format!(
        "{BODY}🚀 The insurer\u{a0}Castellan — “said in a statement” — rose. 東京 Quantor (NASDAQ:QNTR)… Analysts at Brightwater’s desk.\n\n\
         KOLOMBA (AP) — 東京 ✈️ the mayor spoke.\n\nÉTÉ (AP) –\n"
    );
    let a = run(&text);
    for m in &a.mentions {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
    }
    assert_eq!(kind_of(&text, &a, "Quantor"), Some(EntityKind::Organization));
}

#[test]
fn camel_case_words_bylines_titles_and_codes() {
    let text = format!(
        "{BODY}By Josh Whitby\n\nRevenue missed the StreetAccount estimate, and GPUs sold out. A shortfall in H20 chip sales hurt. \
         Kerr County Sheriff Larry Leitha said rescues went on at Camp Mystic. McDonald spoke too, and DeSantis left.\n"
    );
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "StreetAccount"),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(
        kind_of(&text, &a, "Josh Whitby"),
        Some(EntityKind::Person),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(
        kind_of(&text, &a, "Larry Leitha"),
        Some(EntityKind::Person),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(kind_of(&text, &a, "Camp Mystic"), Some(EntityKind::Place));
    let s = surfaces(&text, &a);
    for not_org in ["GPUs", "H20", "McDonald", "DeSantis"] {
        assert!(kind_of(&text, &a, not_org) != Some(EntityKind::Organization), "{not_org}: {s:?}");
    }
    assert!(!s.iter().any(|x| x.contains("Sheriff")), "{s:?}");
}
