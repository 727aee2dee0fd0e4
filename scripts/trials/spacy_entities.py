#!/usr/bin/env python3
"""Run spaCy's small English pipeline on trial texts; print entities as `factline check` does.

usage: spacy_entities.py [--model NAME] FILE [FILE ...]

The baseline of issue 17: the same articles, the same scorer, a generic statistical model. Its
output has the shape the corpus scorer reads from `factline check --format json`:
{"files": [{"path", "entities": [{"id", "kind", "intro", "mentions": [{"start", "end"}]}]}]}
with UTF-8 byte offsets. spaCy's labels map to the scorer's three kinds:
PERSON -> person, ORG -> organization, GPE / LOC / FAC -> place; every other label (NORP, DATE,
MONEY, PRODUCT, EVENT, ...) is dropped, as the gold has no such kind. An entity is one label and
one surface: spaCy has no coreference, so "Jensen Huang" and "Huang" are two entities, and its
intro is its first mention.

Runs in a virtual environment outside the repository that holds spaCy 3.8 and a build of
en_core_web_sm 3.8.0 (docs/trials-entities.md says which and from where); the scorer calls it
through entities_pool.py --cmd. Not used by the product or by CI.
"""
import argparse
import json
import sys

KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def byte_offsets(text):
    """UTF-8 byte offset of every char offset (and of the end), as the scorer expects bytes."""
    out = [0] * (len(text) + 1)
    at = 0
    for i, ch in enumerate(text):
        out[i] = at
        at += len(ch.encode("utf-8"))
    out[len(text)] = at
    return out


def entities_of(doc, to_byte):
    entities = {}
    for ent in doc.ents:
        kind = KIND.get(ent.label_)
        surface = ent.text.strip()
        if kind is None or not surface:
            continue
        key = (kind, surface)
        mention = {"start": to_byte[ent.start_char], "end": to_byte[ent.end_char]}
        if key not in entities:
            entities[key] = {"id": f"{kind}:{surface}", "name": surface, "kind": kind,
                             "intro": dict(mention), "mentions": []}
        entities[key]["mentions"].append(mention)
    return list(entities.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="en_core_web_sm")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    import spacy  # imported here so that --help works without spaCy

    nlp = spacy.load(a.model)
    files = []
    for path in a.files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc = nlp(text)
        files.append({"path": path, "entities": entities_of(doc, byte_offsets(text)),
                      "diagnostics": [], "figures": []})
    json.dump({"files": files}, sys.stdout)


if __name__ == "__main__":
    main()
