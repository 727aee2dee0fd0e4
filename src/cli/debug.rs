//! `factline debug pairs`: a hidden developer command that prints every candidate statement
//! pair of the articles named (the pairs `inconsistent-number` weighs) with its evidence, veto,
//! score and decision, as JSON. `scripts/trials/fit.py` labels these pairs from the trial
//! annotations to choose the weights of `data/lexicon/evidence.toml`.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::check::load;
use crate::check::index::Statement;
use crate::extract::quantity::{QuantityKey, Weights, agree, too_far_apart, weigh};

pub fn pairs(paths: &[std::path::PathBuf], no_config: bool) -> Result<ExitCode> {
    let Some(loaded) = load(paths, no_config) else {
        return Ok(ExitCode::from(2));
    };
    let mut out = Vec::new();
    let mut statements = Vec::new();
    for key in &loaded.keys {
        let Some(ws) = loaded.projects.workspace_of(key) else { continue };
        let index = &ws.index().quantities;
        let side = |doc: &str, s: &Statement| {
            let at = loaded.disk_offsets.of(doc);
            json!({"path": doc, "start": s.span.start + at, "end": s.span.end + at, "text": s.text})
        };
        for me in index.statements(key) {
            let topics: Vec<String> = me.topics.iter().map(|e| format!("{e:?}")).collect();
            statements.push(json!({"side": side(key, me), "key": key_json(&me.quantity.key), "topics": topics}));
        }
        for (i, me) in index.statements(key).iter().enumerate() {
            for c in index.candidates(key, i) {
                // Each pair once: from the statement that comes first (path, then position).
                if (c.doc, c.statement.span.start) <= (key.as_str(), me.span.start) {
                    continue;
                }
                let (a, b) = (&me.quantity, &c.statement.quantity);
                let verdict = weigh(a, b);
                let far = too_far_apart(a, b);
                let evidence: serde_json::Map<String, Value> = verdict
                    .evidence
                    .pieces()
                    .iter()
                    .map(|(n, on)| (n.to_string(), Value::Bool(*on)))
                    .collect();
                out.push(json!({
                    "a": side(key, me),
                    "b": side(c.doc, c.statement),
                    "dimension": format!("{:?}", a.key.dimension),
                    "restated": c.restated,
                    "evidence": evidence,
                    "veto": verdict.veto,
                    "score": verdict.score,
                    "same": verdict.same,
                    "too_far_apart": far,
                    "compared": c.restated || verdict.same && !far,
                    "agree": agree(a, b),
                    "reason": verdict.reason(),
                    "keys": [key_json(&a.key), key_json(&b.key)],
                }));
            }
        }
    }
    let w = Weights::get();
    let weights: serde_json::Map<String, Value> = crate::extract::quantity::Evidence::default()
        .pieces()
        .iter()
        .map(|(n, _)| (n.to_string(), json!(w.of(n))))
        .collect();
    let doc = json!({"match_at": w.match_at, "weights": weights, "pairs": out, "statements": statements});
    let mut text = serde_json::to_string(&doc)?;
    text.push('\n');
    super::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// A statement's key, for the fitting scripts to look for evidence the decision does not weigh yet.
fn key_json(k: &QuantityKey) -> Value {
    let names = |xs: &[crate::extract::EntityRef]| xs.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>();
    json!({
        "kinds": k.kinds, "nouns": k.nouns, "heads": k.heads, "modifiers": k.modifiers,
        "entities": names(&k.entities), "places": names(&k.places),
        "year": k.year, "month": k.month, "quarter": k.quarter, "year_stated": k.year_stated,
        "running": k.running, "part": k.part, "base": k.base, "per": k.per, "markers": k.markers,
    })
}
