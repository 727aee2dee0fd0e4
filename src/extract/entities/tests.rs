//! Detection, guards and coreference on small articles written for these tests.

use std::sync::Arc;

use super::super::{Analysis, Context, MentionForm, analyze};
use crate::kb::{EntityKind, KnowledgeBase};

fn run_with(text: &str, kb: Arc<KnowledgeBase>) -> Analysis {
    analyze(text, &Context::new(kb))
}

fn run(text: &str) -> Analysis {
    run_with(text, Arc::new(KnowledgeBase::empty()))
}

fn kb(toml: &str) -> Arc<KnowledgeBase> {
    let base = KnowledgeBase::empty();
    Arc::new(KnowledgeBase::with_workspace_files(&base, &[("kb.toml".to_string(), toml.to_string())]).expect("test kb parses"))
}

/// Every mention as (surface, kind, entity name).
fn mentions(text: &str, a: &Analysis) -> Vec<(String, EntityKind, String)> {
    a.mentions
        .iter()
        .map(|m| {
            let e = &a.entities[m.entity];
            (m.span.slice(text).to_string(), e.kind, e.name.clone())
        })
        .collect()
}

fn surfaces(text: &str, a: &Analysis) -> Vec<String> {
    a.mentions.iter().map(|m| m.span.slice(text).to_string()).collect()
}

fn kind_of(text: &str, a: &Analysis, surface: &str) -> Option<EntityKind> {
    a.mentions
        .iter()
        .find(|m| m.span.slice(text) == surface)
        .map(|m| a.entities[m.entity].kind)
}

fn entity_of(text: &str, a: &Analysis, surface: &str) -> Option<usize> {
    a.mentions.iter().find(|m| m.span.slice(text) == surface).map(|m| m.entity)
}

fn intro(text: &str, a: &Analysis, surface: &str) -> Option<String> {
    let e = &a.entities[entity_of(text, a, surface)?];
    e.intro.map(|i| a.mentions[i].span.slice(text).to_string())
}

const BODY: &str = "Ministers met on Tuesday to discuss the plan.\n\n";

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
fn acronyms_that_name_nothing_are_skipped() {
    let text = format!("{BODY}GDP grew 2 percent, the CEO said, and the EUR rate held.\n");
    let a = run(&text);
    assert!(a.mentions.is_empty(), "{:?}", surfaces(&text, &a));
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
fn dateline_places_in_capitals() {
    let kb = kb("[[entity]]\nid = \"lilongwe\"\nname = \"Lilongwe\"\nkind = \"place\"\n");
    let text = "Vote count goes on\n\nLILONGWE (Rift Valley Courier) — Counting went on in Lilongwe on Wednesday.\n";
    let a = run_with(text, kb);
    assert_eq!(entity_of(text, &a, "LILONGWE"), entity_of(text, &a, "Lilongwe"));
    assert_eq!(intro(text, &a, "Lilongwe").as_deref(), Some("LILONGWE"));
    assert_eq!(kind_of(text, &a, "Rift Valley Courier"), Some(EntityKind::Organization));
    // A dateline place the knowledge base does not know.
    let text = "Quake toll rises\n\nPOSO, Indonesia — Rescuers in Poso worked through the night.\n";
    let a = run(text);
    assert_eq!(kind_of(text, &a, "POSO"), Some(EntityKind::Place));
    assert_eq!(entity_of(text, &a, "POSO"), entity_of(text, &a, "Poso"));
}

#[test]
fn editorial_labels_opening_the_article_are_no_dateline() {
    for opening in ["UPDATE —", "EXCLUSIVE -", "BREAKING:", "ANALYSIS —"] {
        let text = format!("Bridge shut\n\n{opening} The mayor said the bridge was shut on Monday.\n");
        let a = run(&text);
        let label = opening.trim_end_matches([' ', '—', '-', ':']);
        assert!(kind_of(&text, &a, label).is_none(), "{opening}: {:?}", mentions(&text, &a));
    }
    // A city's dateline still is one.
    let text = "Bridge shut\n\nKOLOMBA — The mayor said the bridge was shut on Monday.\n";
    assert_eq!(kind_of(text, &run(text), "KOLOMBA"), Some(EntityKind::Place));
}

#[test]
fn a_bylines_outlet_after_the_writers_name() {
    let reuters = || kb("[[entity]]\nid = \"reuters\"\nname = \"Reuters\"\nkind = \"organization\"\n");
    let text = "Rates on hold\n\nBy Ana Ruiz Reuters\nThe central bank kept its rate unchanged on Tuesday.\n";
    let a = run_with(text, reuters());
    assert_eq!(kind_of(text, &a, "Ana Ruiz"), Some(EntityKind::Person), "{:?}", mentions(text, &a));
    assert_eq!(
        kind_of(text, &a, "Reuters"),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(text, &a)
    );
    // Outside a byline a name is not cut.
    let text = "Rates on hold\n\nThe central bank said Ana Ruiz Reuters kept the rate.\n";
    let a = run_with(text, reuters());
    assert!(kind_of(text, &a, "Ana Ruiz").is_none(), "{:?}", mentions(text, &a));
}

#[test]
fn an_administrative_place_named_by_its_first_word() {
    let text = format!("{BODY}Cases rose in Harlow County and Brindle County. The outbreak spread beyond Harlow, officials said.\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Harlow"), Some(EntityKind::Place), "{:?}", mentions(&text, &a));
    assert_eq!(entity_of(&text, &a, "Harlow"), entity_of(&text, &a, "Harlow County"));
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
fn a_signature_line_is_not_a_headline() {
    let text = format!("{BODY}Ties are strong.\n— Hua Chunying 华春莹 (@SpokespersonCHN) May 16, 2024\n");
    let a = run(&text);
    assert_eq!(kind_of(&text, &a, "Hua Chunying"), Some(EntityKind::Person));
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
fn mixed_case_acronyms_and_company_cues() {
    let text = format!("{BODY}The Bank of Zambia (BoZ) and Barrick Gold met. BoZ said rates would hold. First Quantum Minerals agreed.\n");
    let a = run(&text);
    assert_eq!(entity_of(&text, &a, "BoZ"), entity_of(&text, &a, "Bank of Zambia"));
    assert_eq!(kind_of(&text, &a, "Barrick Gold"), Some(EntityKind::Organization));
    assert_eq!(kind_of(&text, &a, "First Quantum Minerals"), Some(EntityKind::Organization));
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

// Articles written for the typing of names the knowledge base does not know: companies,
// clubs, outlets and stadiums with no title or cue before them.
const DRUGMAKER: &str = "Drugmaker shares climb after regulator nod\n\n\
DHAKA, Bangladesh — Shares of Meghna Biologics rose 6 percent on Monday after the health regulator approved its dengue vaccine.\n\n\
Meghna Biologics, a Dhaka-based drugmaker, said in a statement that production would start in March. Rafiq Chowdhury, an analyst at Padma Insights, said the approval was expected. Chowdhury said demand was there.\n\n\
Meghna's chief executive, Tahmina Akter, told reporters the company would hire 400 workers. Neighbouring Patuakhali district will host a new plant, the company said. The plant in the district of Barguna will follow.\n\n\
Rival Sonar Pharmaceutical said its own trial would end next year. Chief Financial Officer Imran Hossain said profit would double. Kiran Research, which tracks drug sales, said the market grew 12 percent.\n\n\
Delta Crest Energy, the state oil company, said Delta Crest would supply fuel to the plant. Sarah Power, who heads the workers' union, said she welcomed the jobs. John Energy, 54, said he was pleased.\n";

const CUP: &str = "Serrano win cup thriller\n\n\
FLORIANÓPOLIS, Brazil — Grêmio Serrano beat Costa Norte FC 2-1 on Sunday at Estádio Vale Verde, lifting the club into the top four.\n\n\
Atlético Ribeira, a club in the state of Paraná, lost to Real Cordeiro. Coach Mauro Teixeira said his team had been tired. The match was reported by the Litoral Times and the Serra Wire.\n\n\
Costa Norte United will play at Arena Pinhal next week. Club Aurora said its ground would be closed for repairs.\n";

const BOND: &str = "Exchange lists first green bond\n\n\
LAGOS, Nigeria — Nigerian Exchange Limited listed its first green bond on Thursday, the bourse said.\n\n\
Okonkwo Holdings Ltd raised 20 billion naira in the sale. Okonkwo Holdings said the proceeds would fund solar farms. Zenara Petroleum PLC and Bello Logistics Inc. also bought the notes.\n\n\
Chief Executive Officer Ngozi Adeyemi said more bonds would follow. The Chief Executive said demand was strong. Adeyemi added that Kaduna Capital's shares rose 3 percent.\n";

const OUTBREAK: &str = "Cholera cases fall in the north\n\n\
Cases of cholera fell for a third week, Andean Health Watch said on Friday. The group, which tracks outbreaks, counted 212 new cases.\n\n\
Quispe Mamani, who runs a clinic in Oruro, said supplies had improved. Altiplano Therapeutics, the maker of the oral vaccine, said in a filing that it would double output. Workers at Altiplano Therapeutics joined the effort.\n\n\
Lucía Torres, an epidemiologist at Cordillera Research, said rains could bring a new wave. Pacha Logistics, a Lima-based shipper, carried the doses.\n";

fn kinds(text: &str) -> (Analysis, impl Fn(&Analysis, &str) -> Option<EntityKind> + '_) {
    (run(text), move |a: &Analysis, s: &str| kind_of(text, a, s))
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

/// The kind of `name` in one sentence written around it.
fn kind_in(sentence: &str, name: &str) -> Option<EntityKind> {
    let text = format!("{BODY}{sentence}\n");
    let a = run(&text);
    kind_of(&text, &a, name)
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
fn particles_inside_names_and_datelines_anywhere() {
    let text = format!(
        "{BODY}Shares rose on the Dar es Salaam Stock Exchange on Monday.\n\nKOLOMBA (AP) — The mayor said the bridge was shut.\n\nKOLOMBA, Ruritania — A later entry.\n"
    );
    let a = run(&text);
    assert_eq!(
        kind_of(&text, &a, "Dar es Salaam Stock Exchange"),
        Some(EntityKind::Organization),
        "{:?}",
        surfaces(&text, &a)
    );
    let kolomba: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(&text) == "KOLOMBA").collect();
    assert_eq!(kolomba.len(), 2, "{:?}", mentions(&text, &a));
    assert!(kolomba.iter().all(|m| a.entities[m.entity].kind == EntityKind::Place));
    // A heading in capitals before a dash is no dateline.
    let text = format!("{BODY}The council met.\n\nUPDATE — The mayor said the bridge was shut.\n");
    assert!(kind_of(&text, &run(&text), "UPDATE").is_none_or(|k| k != EntityKind::Place));
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

#[test]
fn currency_prefixes_and_datelines_without_a_dash() {
    let kb = kb(r#"
[[entity]]
id = "us"
name = "United States"
kind = "place"
aliases = ["US"]

[[entity]]
id = "kerrville"
name = "Kerrville"
kind = "place"
subkind = "city"
"#);
    let text = "Floods\n\nKERRVILLE, Texas (AP) A storm hit the hills.\n\nRevenue was US$46.7bn, and US officials met.\n\n9:31 AM on Friday\nKERRVILLE (AP) — Rescues went on.\n";
    let a = run_with(text, kb);
    let us: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(text) == "US").collect();
    assert_eq!(us.len(), 1, "{:?}", mentions(text, &a));
    let k: Vec<_> = a.mentions.iter().filter(|m| m.span.slice(text) == "KERRVILLE").collect();
    assert_eq!(k.len(), 2, "{:?}", mentions(text, &a));
}

#[test]
fn colon_datelines_need_a_known_place_and_agencies_are_no_intro() {
    let kb = kb(r#"
[[entity]]
id = "ahmedabad"
name = "Ahmedabad"
kind = "place"
subkind = "city"

[[entity]]
id = "ap"
name = "Associated Press"
kind = "organization"
aliases = ["AP"]
"#);
    let text = "Crash near Ahmedabad airport\n\nAHMEDABAD: A Skyline Air plane crashed on Thursday.\n\nUPDATE: Rescuers arrived.\n\nKOLOMBA (AP) — The Associated Press said more.\n";
    let a = run_with(text, kb);
    let e = entity_of(text, &a, "AHMEDABAD").expect("colon dateline found");
    assert_eq!(a.entities[e].kind, EntityKind::Place);
    assert_eq!(intro(text, &a, "Ahmedabad").as_deref(), Some("AHMEDABAD"));
    assert!(kind_of(text, &a, "UPDATE").is_none(), "{:?}", mentions(text, &a));
    assert_eq!(
        kind_of(text, &a, "Skyline Air"),
        Some(EntityKind::Organization),
        "{:?}",
        mentions(text, &a)
    );
    assert_eq!(intro(text, &a, "AP").as_deref(), Some("Associated Press"));
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
