//! What kind of thing a name the knowledge base does not know is: cue words, appositives, business
//! context, legal suffixes.

use super::*;

#[test]
fn appositives_type_people_and_places() {
    let text = format!(
        "{BODY}\"It is late,\" said Tomás Ruiz, a senior fellow at the Lowy Institute. Kim Min-jun, a professor at Seoul National University, agreed.\n"
    );
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Tomás Ruiz"), Some(EntityKind::Person));
    assert_eq!(kind_of(&text, &a, "Kim Min-jun"), Some(EntityKind::Person));
    assert_eq!(kind_of(&text, &a, "Lowy Institute"), Some(EntityKind::Organization));
    assert_eq!(kind_of(&text, &a, "Seoul National University"), Some(EntityKind::Organization));
    let text = format!("{BODY}Aid reached Tentena, a town on the lake, on Friday. Trucks left Tentena at dawn.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Tentena"), Some(EntityKind::Place));
    assert_eq!(a.entities.iter().filter(|e| e.name == "Tentena").count(), 1);
    assert_eq!(a.entities[entity_of(&text, &a, "Tentena").unwrap()].mentions.len(), 2);
}

#[test]
fn organizations_by_cue_word_and_x_of_y() {
    let text = format!(
        "{BODY}The University of Malawi and the Statistical Centre of Iran disagreed with the Ministry of Economy, Trade and Industry (METI). Calder & Finch agreed.\n"
    );
    let a = run(&text);
    for org in [
        "University of Malawi",
        "Statistical Centre of Iran",
        "Ministry of Economy, Trade and Industry",
        "Calder & Finch",
    ] {
        assert_eq!(
            kind_of(&text, &a, org),
            Some(EntityKind::Organization),
            "{org}: {:?}",
            mentions(&text, &a)
        );
    }
}

#[test]
fn places_by_preposition_facility_and_coordination() {
    let text = format!(
        "{BODY}Shelters opened in Tentena and Pendolo. The Kamuzu Stadium and Lake Poso were closed. Farmers near Sulewana fled.\n"
    );
    let a = run(&text);
    for place in ["Tentena", "Pendolo", "Kamuzu Stadium", "Lake Poso", "Sulewana"] {
        assert_eq!(
            kind_of(&text, &a, place),
            Some(EntityKind::Place),
            "{place}: {:?}",
            mentions(&text, &a)
        );
    }
}

#[test]
fn mixed_case_acronyms_and_company_cues() {
    let text = format!("{BODY}The Bank of Zambia (BoZ) and Barrick Gold met. BoZ said rates would hold. First Quantum Minerals agreed.\n");
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "BoZ"), entity_of(&text, &a, "Bank of Zambia"));
    assert_eq!(kind_of(&text, &a, "Barrick Gold"), Some(EntityKind::Organization));
    assert_eq!(kind_of(&text, &a, "First Quantum Minerals"), Some(EntityKind::Organization));
}

#[test]
fn company_words_type_organizations_and_person_evidence_wins() {
    let (a, k) = kinds(DRUGMAKER);
    let org = Some(EntityKind::Organization);
    let person = Some(EntityKind::Person);
    for name in [
        "Meghna Biologics",
        "Padma Insights",
        "Sonar Pharmaceutical",
        "Kiran Research",
        "Delta Crest Energy",
    ] {
        assert_eq!(k(&a, name), org, "{name}: {:?}", mentions(DRUGMAKER, &a));
    }
    for name in ["Rafiq Chowdhury", "Tahmina Akter", "Imran Hossain", "Sarah Power", "John Energy"] {
        assert_eq!(k(&a, name), person, "{name}");
    }
    // The qualifier is not part of the name.
    assert_eq!(k(&a, "Patuakhali"), Some(EntityKind::Place));
    assert_eq!(k(&a, "Barguna"), Some(EntityKind::Place));
    assert!(
        !surfaces(DRUGMAKER, &a)
            .iter()
            .any(|s| s.starts_with("Neighbouring") || s.starts_with("Rival"))
    );
    // "Chief Financial Officer" is a role.
    assert!(!surfaces(DRUGMAKER, &a).iter().any(|s| s.contains("Chief")));
    // Short forms of a company are the company.
    assert_eq!(
        entity_of(DRUGMAKER, &a, "Delta Crest"),
        entity_of(DRUGMAKER, &a, "Delta Crest Energy")
    );
    assert_eq!(entity_of(DRUGMAKER, &a, "Meghna"), entity_of(DRUGMAKER, &a, "Meghna Biologics"));
    assert_eq!(intro(DRUGMAKER, &a, "Delta Crest").as_deref(), Some("Delta Crest Energy"));
}

#[test]
fn clubs_stadiums_and_outlets() {
    let (a, k) = kinds(CUP);
    let org = Some(EntityKind::Organization);
    for name in [
        "Grêmio Serrano",
        "Costa Norte FC",
        "Atlético Ribeira",
        "Real Cordeiro",
        "Litoral Times",
        "Serra Wire",
        "Costa Norte United",
        "Club Aurora",
    ] {
        assert_eq!(k(&a, name), org, "{name}: {:?}", mentions(CUP, &a));
    }
    assert_eq!(k(&a, "Estádio Vale Verde"), Some(EntityKind::Place));
    assert_eq!(k(&a, "Arena Pinhal"), Some(EntityKind::Place));
    assert_eq!(k(&a, "FLORIANÓPOLIS"), Some(EntityKind::Place));
    assert_eq!(k(&a, "Mauro Teixeira"), Some(EntityKind::Person));
    assert!(!surfaces(CUP, &a).iter().any(|s| s.contains("Coach")));
}

#[test]
fn legal_suffixes_belong_to_the_name() {
    let (a, k) = kinds(BOND);
    let org = Some(EntityKind::Organization);
    for name in [
        "Nigerian Exchange Limited",
        "Okonkwo Holdings Ltd",
        "Zenara Petroleum PLC",
        "Bello Logistics Inc.",
        "Kaduna Capital",
    ] {
        assert_eq!(k(&a, name), org, "{name}: {:?}", mentions(BOND, &a));
    }
    assert_eq!(entity_of(BOND, &a, "Okonkwo Holdings"), entity_of(BOND, &a, "Okonkwo Holdings Ltd"));
    assert_eq!(intro(BOND, &a, "Okonkwo Holdings").as_deref(), Some("Okonkwo Holdings Ltd"));
    assert_eq!(k(&a, "Ngozi Adeyemi"), Some(EntityKind::Person));
    assert!(!surfaces(BOND, &a).iter().any(|s| s.contains("Chief")), "{:?}", surfaces(BOND, &a));
}

#[test]
fn context_types_organizations() {
    let (a, k) = kinds(OUTBREAK);
    let org = Some(EntityKind::Organization);
    for name in [
        "Andean Health Watch",
        "Altiplano Therapeutics",
        "Cordillera Research",
        "Pacha Logistics",
    ] {
        assert_eq!(k(&a, name), org, "{name}: {:?}", mentions(OUTBREAK, &a));
    }
    assert_eq!(k(&a, "Quispe Mamani"), Some(EntityKind::Person));
    assert_eq!(k(&a, "Lucía Torres"), Some(EntityKind::Person));
    assert_eq!(k(&a, "Oruro"), Some(EntityKind::Place));
}

#[test]
fn organization_evidence_from_context() {
    let org = Some(EntityKind::Organization);
    let cases = [
        ("Shares of Tembo Mavuno fell 4 percent on Friday.", "Tembo Mavuno"),
        ("The profit warning hit Ruvu Kanda's shares hard.", "Ruvu Kanda"),
        ("Nyota Baraka said in a statement that it would appeal.", "Nyota Baraka"),
        ("Amina Yusuf, an analyst at Simba Kilele, expects a cut.", "Simba Kilele"),
        ("Jabali Mwamba, which makes tiles, cut jobs.", "Jabali Mwamba"),
        ("Lwanda Kisiwa, a Nairobi-based lender, raised rates.", "Lwanda Kisiwa"),
        ("Mto Safi, the state water company, raised tariffs.", "Mto Safi"),
        ("Upendo Rovers, a club in the coastal league, won again.", "Upendo Rovers"),
        ("Kora Pharmaceuticals said prices would rise.", "Kora Pharmaceuticals"),
        ("Ziwa Airlines added two routes.", "Ziwa Airlines"),
        ("Baobab Capital led the round.", "Baobab Capital"),
        ("Savanna Motors recalled 300 cars.", "Savanna Motors"),
        ("Pwani Daily first reported the deal.", "Pwani Daily"),
        ("Karoo Petroleum drilled a dry well.", "Karoo Petroleum"),
    ];
    for (sentence, name) in cases {
        assert_eq!(kind_in(sentence, name), org, "{sentence}");
    }
}

#[test]
fn person_evidence_still_wins() {
    let person = Some(EntityKind::Person);
    let cases = [
        ("Sarah Power, who chairs the board, resigned.", "Sarah Power"),
        ("John Energy, 61, was elected on Friday.", "John Energy"),
        ("Dr. Grace Capital said the trial worked.", "Grace Capital"),
        ("Minister Peter Holdings opened the plant.", "Peter Holdings"),
        ("Mary Research, a lecturer at the college, disagreed.", "Mary Research"),
        ("Kofi Mensah, who runs a shop, said prices rose.", "Kofi Mensah"),
        ("Tendai Moyo told reporters the company was hiring.", "Tendai Moyo"),
        ("Ana Lima, 38, said the clinic had closed.", "Ana Lima"),
        ("Juma Capital said he would appeal.", "Juma Capital"),
    ];
    for (sentence, name) in cases {
        assert_eq!(kind_in(sentence, name), person, "{sentence}");
    }
    // Near misses: a place's context wins over "which", a one-word opener stays no entity.
    assert_eq!(
        kind_in("Floods reached villages in Barisal, which lies on the delta.", "Barisal"),
        Some(EntityKind::Place)
    );
    assert_eq!(kind_in("Inflation, which rose in March, eased.", "Inflation"), None);
}

#[test]
fn dotted_legal_suffixes() {
    let text = format!("{BODY}Output at Cobre Austral S.A. rose. Cobre Austral said more would follow. Rio Lento N.V. agreed.\n");
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Cobre Austral S.A."),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(entity_of(&text, &a, "Cobre Austral"), entity_of(&text, &a, "Cobre Austral S.A."));
    assert_eq!(kind_of(&text, &a, "Rio Lento N.V."), Some(EntityKind::Organization));
    // Initials of a person are no suffix.
    let text = format!("{BODY}George W. Bush spoke.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "George W. Bush"), Some(EntityKind::Person));
}

#[test]
fn business_context_makes_organizations() {
    let text = format!(
        "{BODY}The insurer Castellan said in a statement that claims rose. Analysts at Brightwater said the cut was small. \
         A Norvane analyst disagreed, and Skyhop chief executive Ilse Marten said demand held. Its budget carrier, Fennair, grew. \
         Quantor (NASDAQ:QNTR) and Helix Memory, Inc. gained, as did Atlas Air Lines, Borealis Airlines and Cobalt Airways.\n"
    );
    let a = run(&text);
    for org in [
        "Castellan",
        "Brightwater",
        "Norvane",
        "Skyhop",
        "Fennair",
        "Quantor",
        "Helix Memory, Inc.",
        "Atlas Air Lines",
        "Borealis Airlines",
        "Cobalt Airways",
    ] {
        assert_eq!(
            kind_of(&text, &a, org),
            Some(EntityKind::Organization),
            "{org}: {:?}",
            mentions(&text, &a)
        );
    }
    assert_eq!(kind_of(&text, &a, "Ilse Marten"), Some(EntityKind::Person));
    // The ticker is the company's other name.
    assert_eq!(entity_of(&text, &a, "QNTR"), entity_of(&text, &a, "Quantor"));
}

#[test]
fn results_and_rivals_make_one_word_companies() {
    // A one-word company the knowledge base does not know, typed by one mention's context and
    // linked from the others.
    for (text, org) in [
        (
            "Corvair profits rose 20% in the half. Corvair flew more passengers than ever.",
            "Corvair",
        ),
        ("Skyhop grew fast. Analysts praised Skyhop’s latest earnings call.", "Skyhop"),
        ("Fennair cut fares. Fennair is a competitor of Norvane on most routes.", "Norvane"),
        ("Quantor lifted its forecast. Quantor's first-half profit doubled.", "Quantor"),
        // Taken up as "the airline" by the next sentence or later in its own.
        (
            "Corvair has revealed higher earnings. The low-cost airline flew more people. Fares charged by Corvair rose.",
            "Corvair",
        ),
        (
            "Corvair lifted its outlook, the airline said on Monday. Analysts expect Corvair to grow.",
            "Corvair",
        ),
    ] {
        let text = format!("{BODY}{text}\n");
        let a = run(&text);
        assert_eq!(
            kind_of(&text, &a, org),
            Some(EntityKind::Organization),
            "{org}: {:?}",
            mentions(&text, &a)
        );
        let n = text.matches(org).count();
        let linked = entity_of(&text, &a, org).map(|e| a.entities[e].mentions.len());
        assert_eq!(linked, Some(n), "{org}: {:?}", mentions(&text, &a));
    }
    // A common word opening a sentence is not taken up by "the airline" after it.
    let text = format!("{BODY}Analysts expect a slower winter. The airline cut fares. Looking ahead, the company said little.\n");
    let a = run(&text);
    let found: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(&text)).collect();
    assert!(!found.contains(&"Analysts") && !found.contains(&"Looking"), "{found:?}");
    // A person's possessive with a qualifier and no possession stays untyped by it.
    let text = format!("{BODY}Ilse Marten spoke. Marten's latest speech was short.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Ilse Marten"), Some(EntityKind::Person));
}

#[test]
fn a_name_with_its_web_domain_is_an_organization() {
    let text = format!("{BODY}Payrolls rose by 38,000 (Briefing.com consensus: 90,000). Visit example.com for more.\n");
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Briefing.com"),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
    assert!(!a.mentions.iter().any(|m| m.span.slice(&text).contains("example")));
}

#[test]
fn a_title_between_a_place_and_a_name_splits_them() {
    let text = format!("{BODY}Tarlan District Magistrate Ana Lind told reporters. Lt. Gov. Rob Ferris agreed.\n");
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Ana Lind"),
        Some(EntityKind::Person),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(
        kind_of(&text, &a, "Rob Ferris"),
        Some(EntityKind::Person),
        "{:?}",
        mentions(&text, &a)
    );
    let texts: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(&text)).collect();
    assert!(!texts.iter().any(|t| t.contains("Magistrate") || t.contains("Gov")), "{texts:?}");
    // A union's form of address is a title too; an administrative "Area" is a place.
    let text = format!("{BODY}Comrade Ade Bello led the search in Kudu Local Government Area on Friday.\n");
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Ade Bello"),
        Some(EntityKind::Person),
        "{:?}",
        mentions(&text, &a)
    );
    assert_eq!(
        kind_of(&text, &a, "Kudu Local Government Area"),
        Some(EntityKind::Place),
        "{:?}",
        mentions(&text, &a)
    );
}

#[test]
fn a_city_named_for_a_company_is_the_company() {
    let kb = kb(r#"
[[entity]]
id = "zurich"
name = "Zurich"
kind = "place"
subkind = "city"
"#);
    let text = format!("{BODY}Zurich Insurance Group AG reported record profit. Zurich shares fell in early trading in Zurich.\n");
    let a = run_with(&text, kb.clone());
    let company = entity_of(&text, &a, "Zurich Insurance Group AG");
    let zurichs: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "Zurich").collect();
    assert_eq!(zurichs.len(), 2);
    assert_eq!(Some(zurichs[0].entity), company, "{:?}", mentions(&text, &a));
    // "in Zurich" stays the city.
    assert_eq!(a.entities[zurichs[1].entity].kind, EntityKind::Place);
    // Business context alone: "the insurer Zurich", and its other mentions.
    let text = format!("{BODY}The insurer Zurich bid for a rival. Zurich's board backed the offer.\n");
    let a = run_with(&text, kb);
    assert!(
        a.mentions.iter().all(|m| a.entities[m.entity].kind == EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
}

#[test]
fn features_and_structures_by_their_head_word() {
    let text = format!("{BODY}Rescuers searched Cedar Creek and the Larkhill Reservoir. Leaders met at the Chequers estate.\n");
    let a = run(&text);
    for place in ["Cedar Creek", "Larkhill Reservoir", "Chequers"] {
        assert_eq!(
            kind_of(&text, &a, place),
            Some(EntityKind::Place),
            "{place}: {:?}",
            mentions(&text, &a)
        );
    }
}

#[test]
fn a_name_and_an_acronym_after_it_name_a_body() {
    let text = format!(
        "{BODY}Ruritania CDC Director General Dr Ana Bello flew in. The Ruritania CDC sent experts. Ebola virus disease (EVD) spread, and EVD cases rose. \
         Pope Leo XIV and King Charles III met. The business operating profit (BOP) grew, and the Life BOP too.\n"
    );
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Ruritania CDC"),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(&text, &a)
    );
    // A second title is cut off the name in front of it.
    let bodies: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "Ruritania CDC").collect();
    assert_eq!(bodies.len(), 2, "{:?}", mentions(&text, &a));
    assert_eq!(kind_of(&text, &a, "Ana Bello"), Some(EntityKind::Person));
    let s = surfaces(&text, &a);
    assert!(
        !s.iter().any(|x| x.contains("EVD")
            || x.contains("BOP")
            || x.ends_with("XIV") && kind_of(&text, &a, x) == Some(EntityKind::Organization)),
        "{s:?}"
    );
}
