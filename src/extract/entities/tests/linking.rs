//! Short forms linked to the full names they stand for: surnames, honorifics, acronyms, head words,
//! other scripts, the knowledge base's names.

use super::*;

#[test]
fn honorifics_make_a_person_and_link_to_the_full_name() {
    let text = format!("{BODY}Tomás Ruiz runs the fund. Mr Ruiz said returns fell. Dr. Ruiz is his sister.\n");
    let a = run(&text);
    let ruiz = entity_of(&text, &a, "Tomás Ruiz");
    assert!(ruiz.is_some());
    let shorts: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "Ruiz").collect();
    assert_eq!(shorts.len(), 2);
    assert!(shorts.iter().all(|m| Some(m.entity) == ruiz && m.form == MentionForm::Short));
    // The honorific is not part of the span.
    assert!(!surfaces(&text, &a).iter().any(|s| s.starts_with("Mr") || s.starts_with("Dr")));
    // Alone, an honorific still makes a person.
    let text = format!("{BODY}Ms Halvorsen said the vote would be close.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Halvorsen"), Some(EntityKind::Person));
}

#[test]
fn acronym_definitions_bind_in_the_article() {
    let text =
        format!("{BODY}The National Disaster Management Agency (BNPB) said 40 died. BNPB later raised the toll. The IMF was not asked.\n");
    let a = run(&text);
    let agency = entity_of(&text, &a, "National Disaster Management Agency");
    let acr: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "BNPB").collect();
    assert_eq!(acr.len(), 2);
    assert!(acr.iter().all(|m| Some(m.entity) == agency && m.form == MentionForm::Acronym));
    // The intro is the full name, not the acronym.
    assert_eq!(intro(&text, &a, "BNPB").as_deref(), Some("National Disaster Management Agency"));
    // An acronym nobody defined is an organization of its own.
    assert_eq!(kind_of(&text, &a, "IMF"), Some(EntityKind::Organization));
}

#[test]
fn surnames_shared_by_two_people_stay_unlinked() {
    let text = format!("{BODY}Anna Berg met Erik Berg in Oslo. Berg said nothing.\n");
    let a = run(&text);
    let anna = entity_of(&text, &a, "Anna Berg");
    let erik = entity_of(&text, &a, "Erik Berg");
    assert_ne!(anna, erik);
    assert!(
        !a.mentions.iter().any(|m| m.span.slice(&text) == "Berg"),
        "{:?}",
        mentions(&text, &a)
    );
}

#[test]
fn family_names_first() {
    let text = format!("{BODY}Former president Moon Jae-in met Kim Min-jun. Moon smiled; Kim did not.\n");
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "Moon"), entity_of(&text, &a, "Moon Jae-in"));
    assert_eq!(entity_of(&text, &a, "Kim"), entity_of(&text, &a, "Kim Min-jun"));
    let text = format!("{BODY}Prime Minister Takaichi Sanae spoke. Takaichi left early.\n");
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "Takaichi"), entity_of(&text, &a, "Takaichi Sanae"));
}

#[test]
fn names_in_their_own_script_are_the_same_entity() {
    let text = format!("{BODY}President Lee Jae-myung (이재명) met Kishida Fumio (岸田文雄). Hua Chunying 华春莹 posted.\n");
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "이재명"), entity_of(&text, &a, "Lee Jae-myung"));
    assert_eq!(entity_of(&text, &a, "岸田文雄"), entity_of(&text, &a, "Kishida Fumio"));
    assert_eq!(entity_of(&text, &a, "华春莹"), entity_of(&text, &a, "Hua Chunying"));
    assert_eq!(intro(&text, &a, "이재명").as_deref(), Some("Lee Jae-myung"));
}

#[test]
fn knowledge_base_names_and_local_names_together() {
    let kb = kb(concat!(
        "[[entity]]\nid = \"malawi\"\nname = \"Malawi\"\nkind = \"place\"\ndemonyms = [\"Malawian\"]\n\n",
        "[[entity]]\nid = \"ishikawa\"\nname = \"Ishikawa\"\nkind = \"place\"\n",
    ));
    let text = format!(
        "{BODY}The Malawi Electoral Commission (MEC) said Malawian voters turned out. Malawi is calm. \"Rates will rise,\" said Ishikawa Rina, an economist. Ishikawa expects more.\n"
    );
    let a = run_with(&text, kb);
    assert_eq!(kind_of(&text, &a, "Malawi Electoral Commission"), Some(EntityKind::Organization));
    assert_eq!(entity_of(&text, &a, "MEC"), entity_of(&text, &a, "Malawi Electoral Commission"));
    assert_eq!(kind_of(&text, &a, "Malawi"), Some(EntityKind::Place));
    assert!(!surfaces(&text, &a).contains(&"Malawian".to_string()));
    assert_eq!(kind_of(&text, &a, "Ishikawa Rina"), Some(EntityKind::Person));
    assert_eq!(entity_of(&text, &a, "Ishikawa"), entity_of(&text, &a, "Ishikawa Rina"));
}

#[test]
fn an_administrative_place_named_by_its_first_word() {
    let text = format!("{BODY}Cases rose in Harlow County and Brindle County. The outbreak spread beyond Harlow, officials said.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Harlow"), Some(EntityKind::Place), "{:?}", mentions(&text, &a));
    assert_eq!(entity_of(&text, &a, "Harlow"), entity_of(&text, &a, "Harlow County"));
}

#[test]
fn head_word_links_to_the_one_organization() {
    let text = format!("{BODY}The Tobacco Commission met. The Commission said prices would hold.\n");
    let a = run(&text);
    let c: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "Commission").collect();
    assert_eq!(c.len(), 1);
    assert_eq!(Some(c[0].entity), entity_of(&text, &a, "Tobacco Commission"));
    assert_eq!(c[0].form, MentionForm::Short);
}

#[test]
fn coordination_with_a_person_makes_a_person() {
    let text = format!("{BODY}Vladimir Putin flew in. Talks between Xi and Putin lasted hours.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Xi"), Some(EntityKind::Person));
}

#[test]
fn a_one_word_name_with_an_appositive_is_introduced() {
    let text = format!("{BODY}\"The wall fell,\" said Hasni, a farmer from the village of Sulewana. Hasni lost her home.\n");
    let a = run(&text);
    let hasni = entity_of(&text, &a, "Hasni").expect("Hasni found");
    assert_eq!(a.entities[hasni].kind, EntityKind::Person);
    assert_eq!(a.mentions[a.entities[hasni].intro.expect("introduced")].form, MentionForm::Full);
    assert_eq!(kind_of(&text, &a, "Sulewana"), Some(EntityKind::Place));
    // With only an honorific, the surname stays a short form.
    let text = format!("{BODY}Mr Halvorsen said the vote would be close.\n");
    let a = run(&text);
    assert!(a.mentions.iter().all(|m| m.form == MentionForm::Short));
}

#[test]
fn leading_particles_and_capitalised_particles_link() {
    let text = format!(
        "{BODY}Union negotiator Marieke de Vries rejected the offer, de Vries told reporters. Chairman Pieter van den Berg disagreed. Van den Berg said so.\n"
    );
    let a = run(&text);
    let s = surfaces(&text, &a);
    assert!(s.contains(&"de Vries".to_string()), "{s:?}");
    assert_eq!(entity_of(&text, &a, "de Vries"), entity_of(&text, &a, "Marieke de Vries"));
    assert_eq!(entity_of(&text, &a, "Van den Berg"), entity_of(&text, &a, "Pieter van den Berg"));
}

#[test]
fn arabic_prefixes_and_cut_names() {
    let text = format!(
        "{BODY}Army chief Abdel Fattah al-Burhan met envoys. Burhan's office denied it. Analysts at the Harbour Transparency and Policy Monitor disagreed.\n"
    );
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "Burhan"), entity_of(&text, &a, "Abdel Fattah al-Burhan"));
    assert!(
        !a.entities.iter().any(|e| e.kind == EntityKind::Person && e.name.contains("Policy")),
        "{:?}",
        mentions(&text, &a)
    );
}

#[test]
fn short_forms_of_companies_link() {
    let text =
        format!("{BODY}Sahel Green Power SA signed the deal. Sahel Green Power said work starts soon. Later Sahel Green said more.\n");
    let a = run(&text);
    let full = entity_of(&text, &a, "Sahel Green Power SA");
    assert!(full.is_some(), "{:?}", mentions(&text, &a));
    assert_eq!(entity_of(&text, &a, "Sahel Green Power"), full);
    // Two companies sharing a prefix leave the prefix unlinked.
    let text = format!("{BODY}Rift Vale Energy and Rift Vale Holdings both bid. Rift Vale said nothing.\n");
    let a = run(&text);
    assert_ne!(entity_of(&text, &a, "Rift Vale Energy"), entity_of(&text, &a, "Rift Vale Holdings"));
    assert_ne!(entity_of(&text, &a, "Rift Vale"), entity_of(&text, &a, "Rift Vale Energy"));
}

#[test]
fn a_well_known_surname_alone_is_the_knowledge_base_person() {
    let kb = kb(r#"
[[entity]]
id = "emmanuel-macron"
name = "Emmanuel Macron"
kind = "person"
"#);
    let text = format!("{BODY}Macron named a new prime minister. Macron then left for Brussels.\n");
    let a = run_with(&text, kb.clone());
    let e = entity_of(&text, &a, "Macron").expect("Macron found");
    assert_eq!(a.entities[e].name, "Emmanuel Macron");
    assert_eq!(a.entities[e].mentions.len(), 2);
    // Definition at the first mention.
    assert_eq!(a.entities[e].intro, Some(a.entities[e].mentions[0]));
    // A local person of that surname is the one meant.
    let text = format!("{BODY}Jules Macron, a farmer, said the harvest was poor. Macron sells at the market.\n");
    let a = run_with(&text, kb);
    assert_eq!(entity_of(&text, &a, "Macron"), entity_of(&text, &a, "Jules Macron"));
}

#[test]
fn airlines_short_forms_after_their_full_names() {
    let kb = kb(r#"
[[entity]]
id = "us"
name = "United States"
kind = "place"
demonyms = ["American"]
"#);
    let text = format!(
        "{BODY}American Airlines and Delta Air Lines cut forecasts. Shares of American, Delta and Skyline Air fell. American officials said little.\n"
    );
    let a = run_with(&text, kb);
    let american = entity_of(&text, &a, "American Airlines");
    let shorts: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "American").collect();
    assert_eq!(
        shorts.len(),
        1,
        "the adjective before \"officials\" is no mention: {:?}",
        mentions(&text, &a)
    );
    assert_eq!(Some(shorts[0].entity), american);
    assert_eq!(entity_of(&text, &a, "Delta"), entity_of(&text, &a, "Delta Air Lines"));
    assert_eq!(kind_of(&text, &a, "Skyline Air"), Some(EntityKind::Organization));
}

#[test]
fn a_headline_repeating_a_longer_place_name_is_that_place() {
    let texas = kb(r#"
[[entity]]
id = "texas"
name = "Texas"
kind = "place"
subkind = "state"
"#);
    let text = "Floods sweep Texas Hill Country\n\nRivers across the Texas Hill Country rose by several metres on Friday.\n";
    let a = run_with(text, texas.clone());
    let found: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(found, ["Texas Hill Country", "Texas Hill Country"], "{:?}", mentions(text, &a));
    assert_eq!(a.entities[a.mentions[0].entity].kind, EntityKind::Place);
    assert_eq!(a.mentions[0].entity, a.mentions[1].entity);
    // A region word before a known place, opening a sentence.
    let text = "Floods\n\nCentral Texas is still counting its dead.\n";
    let a = run_with(text, texas);
    assert_eq!(
        kind_of(text, &a, "Central Texas"),
        Some(EntityKind::Place),
        "{:?}",
        mentions(text, &a)
    );
    // Not before a demonym.
    let africa = kb(r#"
[[entity]]
id = "africa"
name = "Africa"
kind = "place"
demonyms = ["African"]
"#);
    let text = "Talks\n\nSouthern African leaders met in Lusaka.\n";
    let a = run_with(text, africa);
    assert_eq!(kind_of(text, &a, "Southern African"), None, "{:?}", mentions(text, &a));
}

#[test]
fn a_known_company_with_a_legal_suffix_is_that_company() {
    let kb = kb(r#"
[[entity]]
id = "kumo"
name = "Kumo Electronics"
kind = "organization"
aliases = ["Kumo"]
"#);
    let text = "Kumo Electronics profit rises\n\nKumo Electronics Co. said profit rose. Shares of Kumo fell, Kumo Electronics said, and KUMO Corporation is not it.\n";
    let a = run_with(text, kb);
    let full = entity_of(text, &a, "Kumo Electronics Co.");
    assert!(full.is_some(), "{:?}", mentions(text, &a));
    assert_eq!(full, entity_of(text, &a, "Kumo"), "{:?}", mentions(text, &a));
    assert_ne!(entity_of(text, &a, "KUMO Corporation"), full, "{:?}", mentions(text, &a));
    // The legal name introduces the company, not the headline's shorter name.
    let intro = full.and_then(|e| a.entities[e].intro).map(|m| a.mentions[m].span.slice(text));
    assert_eq!(intro, Some("Kumo Electronics Co."));
}

#[test]
fn an_abbreviated_saint_opens_a_place_name() {
    let text = "Storm\n\nFour people died in St. Elizabeth Parish on Tuesday, and roads in St. Elizabeth stayed shut.\n";
    let a = run(text);
    assert_eq!(
        kind_of(text, &a, "St. Elizabeth Parish"),
        Some(EntityKind::Place),
        "{:?}",
        mentions(text, &a)
    );
    assert!(!a.mentions.iter().any(|m| m.span.slice(text) == "St"), "{:?}", mentions(text, &a));
    // The unit's name without its head word is the same place.
    assert_eq!(
        entity_of(text, &a, "St. Elizabeth"),
        entity_of(text, &a, "St. Elizabeth Parish"),
        "{:?}",
        mentions(text, &a)
    );
}

#[test]
fn an_undefined_acronym_links_only_while_one_organization_spells_it() {
    let text = format!(
        "{BODY}The Congressional Budget Office said the deficit grew. The CBO expects more. \
         The Centre for Business Outlook disagreed. The CBO kept its forecast.\n"
    );
    let a = run(&text);
    let office = entity_of(&text, &a, "Congressional Budget Office");
    assert!(office.is_some());
    let acr: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "CBO").collect();
    assert_eq!(acr.len(), 2, "{:?}", surfaces(&text, &a));
    // Before the second name, one organization's initials; after it, two: no link.
    assert_eq!(Some(acr[0].entity), office);
    assert_ne!(Some(acr[1].entity), office);
    assert_ne!(Some(acr[1].entity), entity_of(&text, &a, "Centre for Business Outlook"));
}

#[test]
fn spelled_names_answer_for_the_mentions_before_a_point() {
    use super::super::acronyms::Spelled;
    let spelled = Spelled {
        named: vec![(10, 4), (30, 4), (50, 7), (70, 4)],
        same: 2,
    };
    assert_eq!(spelled.of_one_before(10), None);
    assert_eq!(spelled.of_one_before(11), Some(4));
    assert_eq!(spelled.of_one_before(50), Some(4));
    assert_eq!(spelled.of_one_before(51), None);
    assert_eq!(spelled.of_one_before(90), None);
    let none = Spelled {
        named: Vec::new(),
        same: 0,
    };
    assert_eq!(none.of_one_before(90), None);
}
