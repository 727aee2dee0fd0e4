//! Names in articles through the real binary: two spellings of a name outside the knowledge
//! base (`name-variant`, in one article and across the workspace), a well-known surname the
//! article never introduces (definition at its first mention), organizations of business
//! news and Korean quote patterns in the JSON output; short forms of organizations (initials
//! the article never defines, contractions in parentheses, a known company's acronym after its
//! full name) whose definition is the full name; names with a plural's apostrophe, curly or
//! straight.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Client, file_uri};
use serde_json::{Value, json};

fn check(dir: &Path, files: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .expect("run factline");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON contract")
}

/// (code, flagged text) of every diagnostic of the file at `index`.
fn flagged(v: &Value, index: usize, text: &str) -> Vec<(String, String)> {
    v["files"][index]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (s, e) = (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize);
            (d["code"].as_str().unwrap().to_string(), text[s..e].to_string())
        })
        .collect()
}

#[test]
fn a_name_outside_the_knowledge_base_spelled_two_ways_is_a_name_variant() {
    let dir = tempfile::tempdir().unwrap();
    let one = "Port strike\n\nDock worker Joseph Mwakilema said the strike would go on. Later Joseph Mwakilima said talks resumed.\n";
    let two = "Port talks\n\nUnion leader Joseph Mwakilima said talks resumed on Friday.\n";
    let other = "Port news\n\nUnion leader Joan Mwakilema said the port was quiet on Friday.\n";
    fs::write(dir.path().join("one.txt"), one).unwrap();
    fs::write(dir.path().join("two.txt"), two).unwrap();
    fs::write(dir.path().join("other.txt"), other).unwrap();
    let v = check(dir.path(), &["one.txt"]);
    assert_eq!(flagged(&v, 0, one), [("name-variant".to_string(), "Joseph Mwakilima".to_string())]);
    // Across the workspace: each article's spelling is flagged against the other's; a
    // different given name is another person.
    let v = check(dir.path(), &["two.txt", "other.txt"]);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    let two_at = paths.iter().position(|p| p.ends_with("two.txt")).unwrap();
    assert!(flagged(&v, two_at, two).is_empty(), "{v}");
    fs::write(
        dir.path().join("other.txt"),
        one.replace("Later Joseph Mwakilima said talks resumed. ", ""),
    )
    .unwrap();
    let v = check(dir.path(), &["two.txt", "other.txt"]);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    let two_at = paths.iter().position(|p| p.ends_with("two.txt")).unwrap();
    assert_eq!(
        flagged(&v, two_at, two),
        [("name-variant".to_string(), "Joseph Mwakilima".to_string())]
    );
    // A typographic apostrophe is no second spelling.
    let apostrophes = "Vote count\n\nThe Workers’ Party met on Monday. The Workers' Party left on Tuesday.\n";
    fs::write(dir.path().join("apostrophes.txt"), apostrophes).unwrap();
    let v = check(dir.path(), &["apostrophes.txt"]);
    assert!(flagged(&v, 0, apostrophes).is_empty(), "{v}");
    let names: Vec<&str> = v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Workers' Party"], "both spellings are the knowledge base's party");
}

#[test]
fn business_names_and_korean_quotes_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Insurer results\n\nThe insurer Castellan said in a statement that claims rose. Analysts at Brightwater said the cut was small.\n\n\
                한 증권사 관계자는 \"외국인 매수가 계속될지 지켜봐야 한다\"라고 밝혔다.\n\n박정민 씨는 \"주가가 너무 빨리 올라서 걱정된다\"고 말했다.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let kinds: Vec<(String, String)> = v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["kind"].as_str().unwrap().to_string()))
        .collect();
    for org in ["Castellan", "Brightwater"] {
        assert!(kinds.contains(&(org.to_string(), "organization".to_string())), "{org}: {kinds:?}");
    }
    let quotes = v["files"][0]["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    assert_eq!(quotes[1]["speaker"], "박정민");
    // The unnamed official's quotation is reported; the named investor's is not.
    assert_eq!(
        flagged(&v, 0, text),
        [("unattributed-quote".to_string(), "외국인 매수가 계속될지 지켜봐야 한다".to_string())]
    );
}

/// The fixture `tests/corpus/quote-runs-and-titles`: one speaker's quotations across a
/// `"…," he said.` sentence, a paragraph of quotation and an interviewer's question; a short
/// quoted sentence from an unnamed voice; a one-word airline; a title between a place and a
/// name.
#[test]
fn quote_runs_titles_and_one_word_airlines_in_the_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/quote-runs-and-titles");
    let v = check(&dir, &["ryanair-half-year.txt", "dharali-flood.txt"]);
    let files = v["files"].as_array().unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap()
    };
    let kinds = |f: &Value| -> Vec<(String, String)> {
        f["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["name"].as_str().unwrap().to_string(), e["kind"].as_str().unwrap().to_string()))
            .collect()
    };
    let airline = file("ryanair-half-year.txt");
    assert!(
        kinds(airline).contains(&("Ryanair".to_string(), "organization".to_string())),
        "{:?}",
        kinds(airline)
    );
    // Every statement is the chief executive's: none is flagged.
    let codes: Vec<&str> = airline["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"unattributed-quote"), "{codes:?}");
    let speakers: Vec<&Value> = airline["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["speaker"])
        .filter(|s| !s.is_null())
        .collect();
    assert_eq!(speakers.len(), 3, "{:?}", airline["quotes"]);
    assert!(speakers.iter().all(|s| *s == "michael-o-leary"), "{speakers:?}");
    let flood = file("dharali-flood.txt");
    let flood_text = fs::read_to_string(dir.join("dharali-flood.txt")).unwrap();
    let k = kinds(flood);
    assert!(k.contains(&("Prashant Arya".to_string(), "person".to_string())), "{k:?}");
    assert!(k.iter().any(|(n, kind)| n.starts_with("Uttarkashi") && kind == "place"), "{k:?}");
    assert!(!k.iter().any(|(n, _)| n.contains("Magistrate")), "{k:?}");
    let index = files.iter().position(|f| std::ptr::eq(f, flood)).unwrap();
    assert_eq!(
        flagged(&v, index, &flood_text)
            .into_iter()
            .filter(|(c, _)| c == "unattributed-quote")
            .collect::<Vec<_>>(),
        [("unattributed-quote".to_string(), "Everything is gone.".to_string())]
    );
}

/// A company named with its web domain, a title between a place and a name, and a union's
/// form of address, in the JSON.
#[test]
fn domain_names_titles_and_forms_of_address_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Payrolls and floods\n\nPayrolls rose by 38,000 in the month (Quillbook.com consensus: 90,000), and Quillbook.com revised July up.\n\n\
                Doro District Magistrate Ana Lind and Comrade Ade Bello met families in Kudu Local Government Area.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let kinds: Vec<(String, String)> = v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["kind"].as_str().unwrap().to_string()))
        .collect();
    for (name, kind) in [
        ("Quillbook.com", "organization"),
        ("Ana Lind", "person"),
        ("Ade Bello", "person"),
        ("Kudu Local Government Area", "place"),
    ] {
        assert!(kinds.contains(&(name.to_string(), kind.to_string())), "{name}: {kinds:?}");
    }
    assert!(
        !kinds.iter().any(|(n, _)| n.contains("Magistrate") || n.contains("Comrade")),
        "{kinds:?}"
    );
}

/// The first file's entities as (name, kind, number of mentions).
fn entity_names(v: &Value) -> Vec<(&str, &str, usize)> {
    v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["mentions"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

/// A headline naming a longer place around a known one, and a region word before a known
/// place: the longer place, not the known one.
#[test]
fn region_names_around_a_known_place_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Flash floods hit Texas Hill Country\n\nCentral Texas woke to rivers over their banks. Camps across the Texas Hill Country were cut off.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let names = entity_names(&v);
    assert!(names.contains(&("Texas Hill Country", "place", 2)), "{names:?}");
    assert!(names.contains(&("Central Texas", "place", 1)), "{names:?}");
    assert!(!names.iter().any(|(n, _, _)| *n == "Texas"), "{names:?}");
    // An abbreviated "St." opening a parish's name, and the name without "Parish" after it.
    let text = "Storm toll rises\n\nFour people died in St. Elizabeth Parish, and roads across St. Elizabeth stayed shut.\n";
    fs::write(dir.path().join("b.txt"), text).unwrap();
    let v = check(dir.path(), &["b.txt"]);
    let names = entity_names(&v);
    assert_eq!(names, [("St. Elizabeth Parish", "place", 2)], "{names:?}");
}

/// A known company named with its legal suffix is that company, introduced there.
#[test]
fn a_known_company_with_its_legal_suffix_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nvidia revenue tops forecasts\n\nNVIDIA Corporation reported revenue of $46.7 billion for its second quarter. NVIDIA said data centre sales led the rise.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let entities = v["files"][0]["entities"].as_array().unwrap();
    let companies: Vec<&Value> = entities.iter().filter(|e| e["kind"] == "organization").collect();
    assert_eq!(companies.len(), 1, "{entities:?}");
    assert_eq!(companies[0]["mentions"].as_array().map(Vec::len), Some(3), "{entities:?}");
    let intro = &companies[0]["intro"];
    let (s, e) = (intro["start"].as_u64().unwrap() as usize, intro["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..e], "NVIDIA Corporation");
}

#[test]
fn definition_of_a_bare_well_known_surname_is_its_first_mention() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Paris reshuffle\n\nMacron named a new prime minister on Tuesday.\n\nMacron asked him to consult the parties.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&dir.path().join("a.txt"));
    c.open(&uri, "plaintext", text, 1);
    let diags = c.diagnostics(&uri, Some(1));
    assert!(common::codes(&diags).contains(&"unintroduced-name".to_string()), "{diags:?}");
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 2}}),
    );
    assert_eq!(def["result"]["uri"], uri.as_str(), "{def}");
    assert_eq!(def["result"]["range"]["start"], json!({"line": 2, "character": 0}), "{def}");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 2}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Emmanuel Macron"),
        "{hover}"
    );
    assert!(c.shutdown().success());
}

/// (mention texts, intro text) of the entity that has a mention spelled `surface`.
fn entity_of(v: &Value, text: &str, surface: &str) -> (Vec<String>, Option<String>) {
    let slice = |m: &Value| text[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize].to_string();
    let entities = v["files"][0]["entities"].as_array().unwrap();
    let e = entities
        .iter()
        .find(|e| e["mentions"].as_array().unwrap().iter().any(|m| slice(m) == surface))
        .unwrap_or_else(|| panic!("{surface}: {entities:?}"));
    let intro = e["intro"].is_object().then(|| slice(&e["intro"]));
    (e["mentions"].as_array().unwrap().iter().map(slice).collect(), intro)
}

#[test]
fn short_forms_of_organizations_link_to_the_full_name() {
    let dir = tempfile::tempdir().unwrap();
    // Canada's Parliamentary Budget Office; the Philippine volcanology and seismology institute.
    let text = "Budget watchdog and quake agency\n\n\
                OTTAWA — The Parliamentary Budget Office said on Tuesday that the plan would cost more than forecast. \
                The PBO put the cost at about C$9 billion a year.\n\n\
                In Manila, the Philippine Institute of Volcanology and Seismology (Phivolcs) recorded hundreds of aftershocks. \
                Phivolcs said residents should stay out of damaged homes.\n\n\
                Taiwan Semiconductor Manufacturing Co. raised its forecast. TSMC said demand for AI chips stayed strong.\n\n\
                Pakistan's military, through its Inter-Services Public Relations (ISPR), gave its own count. ISPR said the strikes had ended.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let (mentions, intro) = entity_of(&v, text, "PBO");
    assert_eq!(
        (mentions.len(), intro.as_deref()),
        (2, Some("Parliamentary Budget Office")),
        "{mentions:?}"
    );
    let (mentions, intro) = entity_of(&v, text, "Phivolcs");
    assert_eq!(mentions.len(), 3, "{mentions:?}");
    assert_eq!(intro.as_deref(), Some("Philippine Institute of Volcanology and Seismology"));
    let (mentions, intro) = entity_of(&v, text, "TSMC");
    assert_eq!(mentions.len(), 2, "{mentions:?}");
    assert_eq!(intro.as_deref(), Some("Taiwan Semiconductor Manufacturing Co."));
    let (mentions, intro) = entity_of(&v, text, "ISPR");
    assert_eq!(mentions.len(), 3, "{mentions:?}");
    assert_eq!(intro.as_deref(), Some("Inter-Services Public Relations"));
    // Two agencies with the same initials: the acronym stands for neither.
    let two = "Two offices\n\nThe Central Budget Office and the Civil Bureau of Oversight both wrote to the minister. \
               The CBO asked for more time.\n";
    fs::write(dir.path().join("b.txt"), two).unwrap();
    let v = check(dir.path(), &["b.txt"]);
    let (mentions, _) = entity_of(&v, two, "CBO");
    assert_eq!(mentions, ["CBO"]);

    // Through the server: definition on the later short forms lands on the full names.
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&dir.path().join("a.txt"));
    c.open(&uri, "plaintext", text, 1);
    c.diagnostics(&uri, Some(1));
    for (short, inside, full) in [
        ("The PBO", 5, "Parliamentary Budget Office"),
        ("Phivolcs said", 2, "Philippine Institute"),
        ("TSMC said", 1, "Taiwan Semiconductor"),
        ("ISPR said", 1, "Inter-Services"),
    ] {
        let (line, character) = position_of(text, text.find(short).unwrap() + inside);
        let def = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let (fl, fc) = position_of(text, text.find(full).unwrap());
        assert_eq!(
            def["result"]["range"]["start"],
            json!({"line": fl, "character": fc}),
            "{short}: {def}"
        );
    }
    assert!(c.shutdown().success());
}

/// LSP position (line, UTF-16 column) of a byte offset.
fn position_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col = before.rsplit('\n').next().unwrap_or("").encode_utf16().count();
    (line, col)
}

#[test]
fn apostrophes_in_names_outside_the_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Growers back the bill\n\nThe Growers' Alliance said on Monday it would back the bill, and its chair John Banda said the vote was close.\n\n\
                The Growers’ Alliance met again on Friday. Farmers’ Union members stayed away.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let v = check(dir.path(), &["a.txt"]);
    let (mentions, intro) = entity_of(&v, text, "Growers’ Alliance");
    assert_eq!(mentions, ["Growers' Alliance", "Growers’ Alliance"]);
    assert_eq!(intro.as_deref(), Some("Growers' Alliance"));
    let kinds: Vec<(&str, &str)> = v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("Farmers’ Union", "organization")), "{kinds:?}");
    // A lowercase word after the apostrophe: no name goes on ("the Growers' shares").
    assert!(!kinds.iter().any(|(n, _)| n.contains("stayed")), "{kinds:?}");

    // A headline with a straight apostrophe over a body with curly ones: one person,
    // introduced by the headline.
    let two = "Adaeze O'Connell defends the fare rise\n\nThe ferry operator's chief, Adaeze O’Connell, said on Monday fares would rise. \
               O’Connell said fuel had doubled.\n";
    fs::write(dir.path().join("b.txt"), two).unwrap();
    let v = check(dir.path(), &["b.txt"]);
    let (mentions, intro) = entity_of(&v, two, "O’Connell");
    assert_eq!(mentions, ["Adaeze O'Connell", "Adaeze O’Connell", "O’Connell"]);
    assert_eq!(intro.as_deref(), Some("Adaeze O'Connell"));
}
