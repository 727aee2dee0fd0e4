//! Datelines and bylines: places in capitals heading paragraphs, editorial labels, colon heads, a
//! byline's outlet.

use super::*;

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
