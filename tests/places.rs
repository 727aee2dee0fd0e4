//! The bulk places (GeoNames towns of 15,000+ and every ISO 3166-2 subdivision, searched in
//! the embedded table only for names the finder proposes) through the real binary: a town of
//! the story's country typed as a place with its country in the hover, and place names that
//! are ordinary words left alone in ordinary sentences.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Client, file_uri};
use serde_json::{Value, json};

fn entities(dir: &Path, file: &str) -> Vec<(String, String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir)
        .args(["check", "--format", "json", file])
        .output()
        .expect("run factline");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON contract");
    v["files"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_town_of_the_storys_country_is_a_place_with_its_country_in_the_hover() {
    let dir = tempfile::tempdir().unwrap();
    // Typhoon Kalmaegi (Tino) crossed the Visayas in November 2025.
    let text = "Storm clean-up in the Visayas\n\nMANILA, Philippines — Rescuers reached villages near Ormoc on Wednesday after the storm flooded the Philippines' central islands.\n\nRoads between Ormoc and Baybay stayed closed, the regional office said.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let found = entities(dir.path(), "a.txt");
    for town in ["Ormoc", "Baybay"] {
        assert!(
            found.iter().any(|(n, k, id)| n == town && k == "place" && id.ends_with("-ph")),
            "{town}: {found:?}"
        );
    }
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&dir.path().join("a.txt"));
    c.open(&uri, "plaintext", text, 1);
    c.diagnostics(&uri, Some(1));
    // "Ormoc" on the fourth line ("Roads between Ormoc …").
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 16}}),
    );
    let card = hover["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(
        card.contains("Ormoc") && card.contains("Philippines") && card.contains("population"),
        "{hover}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn place_names_that_are_common_words_stay_words() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A weekend at home\n\nMobile phones were banned at dinner. Nice weather kept the children outside. Reading was the only thing the grandmother wanted to do.\n\n\
                Split the bill, she said. Bath time came early. Of all the days that week, Sunday was the calmest. Long queues formed at the Central bakery.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let found = entities(dir.path(), "a.txt");
    let places: Vec<_> = found.iter().filter(|(_, k, _)| k == "place").collect();
    assert!(places.is_empty(), "{places:?}");
}

#[test]
fn a_province_named_like_its_city_is_a_place() {
    let dir = tempfile::tempdir().unwrap();
    // The magnitude 6.9 earthquake of 30 September 2025 struck off the north of Cebu.
    let text = "Schools reopen after the quake\n\nClasses resumed across Cebu on Monday, weeks after the earthquake damaged hundreds of classrooms in the north of the province.\n\nTeachers in Quezon, on Luzon, collected supplies for the pupils, an organiser said.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let found = entities(dir.path(), "a.txt");
    for (name, id) in [("Cebu", "cebu-ph"), ("Quezon", "quezon-ph")] {
        assert!(
            found.iter().any(|(n, k, i)| n == name && k == "place" && i.starts_with(id)),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn a_place_with_a_lowercase_particle_is_whole_around_a_known_city() {
    let dir = tempfile::tempdir().unwrap();
    // Davao del Sur and Zamboanga del Norte are provinces of Mindanao; Davao is its largest city.
    let text = "Relief for Mindanao\n\nAid reached Davao del Sur and Zamboanga del Norte on Monday, officials in Davao said.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let found = entities(dir.path(), "a.txt");
    for name in ["Davao del Sur", "Zamboanga del Norte"] {
        assert!(found.iter().any(|(n, k, _)| n == name && k == "place"), "{name}: {found:?}");
    }
    // Not cut at the particle: no "Zamboanga" alone, and the city is named once, on its own.
    assert!(!found.iter().any(|(n, _, _)| n == "Zamboanga"), "{found:?}");
    assert_eq!(
        found.iter().filter(|(_, _, id)| id.starts_with("davao-city")).count(),
        1,
        "{found:?}"
    );
}
