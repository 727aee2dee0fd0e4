#!/usr/bin/env python3
"""Self-check for data/kb/*.toml: the rules the Rust loader enforces, plus a few lint checks.

Errors (exit status 1):
  * unknown keys, wrong types, missing id/name/kind, kind not person|organization|place
  * ids not unique across files, or not lowercase ascii slugs [a-z0-9-]
  * `country` / `capital` naming an id that does not exist
  * a name/alias/misspelling string owned by more than one entry but missing from the
    `ambiguous` list of one of them (demonyms are checked the same way among themselves)
  * an alias or misspelling with no capital letter and no digit that is a single word
    (aliases match case-sensitively, so an all-lowercase one would match ordinary prose)
  * demonyms on entries that are not places; empty strings; duplicates inside one entry
Warnings:
  * `ambiguous` listing a string nobody else has
  * shared strings whose owners tie on priority
  * single-word aliases whose lowercase form is an ordinary English word (needs
    /usr/share/dict/words, Debian package `wamerican`), unless reviewed in WORD_OK below
Prints counts per file and kind.  Usage: python3 scripts/check_kb.py [--quiet]
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

KB = Path(__file__).resolve().parent.parent / "data" / "kb"
KEYS = {"id": str, "name": str, "kind": str, "subkind": str, "aliases": list,
        "misspellings": list, "demonyms": list, "country": str, "capital": str,
        "description": str, "ambiguous": list, "priority": int}
KINDS = {"person", "organization", "place"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Single-word names that are also lowercase English words, reviewed and kept: they are the
# real, usual names of the entity and the capitalised word is rare in other senses.
WORD_OK = {
    "Amazon", "Apple", "Chad", "China", "Turkey", "Guinea", "Java", "Jersey", "Cork", "Shell",
    "Meta", "Alphabet", "Oracle", "Delta", "Baltic", "Atlantic", "Pacific", "Mediterranean",
    "Caribbean", "Arctic", "Sahara", "Alps", "Andes", "Rockies", "Urals", "Balkans", "Levant",
    "Sahel", "Nile", "Congo", "Niger", "Jordan", "Georgia", "Victoria", "Wales", "Kent",
    "Capitol", "Pentagon", "Congress", "Senate", "House", "Fed", "Kremlin", "Parliament",
    "Mint", "Reuters", "Times", "Guardian", "Economist", "Independent", "Telegraph", "Mirror",
    "Sun", "Post", "Nation", "Star", "Express", "Observer", "Spectator", "Monitor", "Herald",
    "Politico", "Axios", "Punch", "Dawn", "Vanguard", "Tribune", "Standard", "Globe",
    # places
    "Anchorage", "Astrakhan", "Bologna", "Cayenne", "Madras", "Cologne", "Hue", "Mecca",
    "Muscat", "Perm", "Phoenix", "Queens", "Shanghai", "Tangier", "Wellington", "Chile",
    "Japan", "Morocco", "Acre", "Afar", "Canaries",
    # organizations and media
    "Liberation", "Welt", "Tempo", "Quad", "Commonwealth", "Treasury", "Republicans",
    "Democrats", "Conservatives", "Liberals", "Google", "Intel", "Twitter", "Chevron",
    "Nestle", "Vale", "Swift", "Pew", "Oxford", "Amnesty",
}


def load_words():
    p = Path("/usr/share/dict/words")
    if not p.exists():
        return None
    return {w.strip() for w in p.read_text(encoding="utf-8", errors="ignore").splitlines()
            if w.strip() and w.strip().islower()}


WORDS = None


def main():
    global WORDS
    WORDS = load_words()
    quiet = "--quiet" in sys.argv
    errors, warnings = [], []
    entries = []  # (file, entry)
    counts = defaultdict(Counter)
    for path in sorted(KB.glob("*.toml")):
        try:
            with open(path, "rb") as f:
                doc = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{path.name}: TOML error: {e}")
            continue
        for k, v in doc.items():
            if k == "reviewed":
                if not (isinstance(v, str) and DATE_RE.match(v)):
                    errors.append(f"{path.name}: reviewed must be an ISO date string")
            elif k != "entity":
                errors.append(f"{path.name}: unknown top-level key {k!r}")
        for e in doc.get("entity", []):
            entries.append((path.name, e))
            counts[path.name][e.get("kind", "?")] += 1

    ids = Counter(e.get("id") for _, e in entries)
    by_id = {e.get("id"): e for _, e in entries}
    owners = defaultdict(set)
    dem_owners = defaultdict(set)
    for fn, e in entries:
        where = f"{fn}:{e.get('id')}"
        for k, v in e.items():
            if k not in KEYS:
                errors.append(f"{where}: unknown key {k!r}")
            elif not isinstance(v, KEYS[k]) or (KEYS[k] is int and isinstance(v, bool)):
                errors.append(f"{where}: {k} must be {KEYS[k].__name__}")
            elif KEYS[k] is list and not all(isinstance(x, str) and x.strip() for x in v):
                errors.append(f"{where}: {k} must hold non-empty strings")
        for k in ("id", "name", "kind"):
            if not e.get(k):
                errors.append(f"{where}: missing {k}")
        if not isinstance(e.get("id"), str):
            continue
        if not ID_RE.match(e["id"]):
            errors.append(f"{where}: id is not a lowercase ascii slug")
        if ids[e["id"]] > 1:
            errors.append(f"{where}: duplicate id")
        if e.get("kind") not in KINDS:
            errors.append(f"{where}: bad kind {e.get('kind')!r}")
        for ref in ("country", "capital"):
            if ref in e and e[ref] not in by_id:
                errors.append(f"{where}: {ref} {e[ref]!r} is not an id")
        if "capital" in e and by_id.get(e["capital"], {}).get("kind") != "place":
            errors.append(f"{where}: capital is not a place")
        if "country" in e and by_id.get(e["country"], {}).get("kind") not in ("place", None):
            errors.append(f"{where}: country is not a place")
        if e.get("demonyms") and e.get("kind") != "place":
            errors.append(f"{where}: demonyms on a non-place")
        strings = [e.get("name", "")] + e.get("aliases", []) + e.get("misspellings", [])
        dup = [s for s, n in Counter(strings).items() if n > 1]
        if dup:
            errors.append(f"{where}: repeated strings {dup}")
        if set(e.get("misspellings", [])) & set([e.get("name")] + e.get("aliases", [])):
            errors.append(f"{where}: a misspelling is also an accepted spelling")
        for s in set(strings):
            owners[s].add(e["id"])
        for d in set(e.get("demonyms", [])):
            dem_owners[d].add(e["id"])
        for s in e.get("aliases", []) + e.get("misspellings", []):
            if s == s.lower() and " " not in s and "-" not in s:
                if WORDS is None or s in WORDS:
                    errors.append(f"{where}: all-lowercase alias {s!r} is an ordinary word")
                else:
                    warnings.append(f"{where}: all-lowercase alias {s!r}")

    # ambiguity
    for s, who in sorted(owners.items()):
        if len(who) < 2:
            continue
        for i in sorted(who):
            if s not in by_id[i].get("ambiguous", []):
                others = sorted(who - {i})
                errors.append(f"{i}: {s!r} is shared with {others} but not in ambiguous")
        prios = Counter(by_id[i].get("priority", 0) for i in who)
        top = max(prios)
        if prios[top] > 1:
            tied = sorted(i for i in who if by_id[i].get("priority", 0) == top)
            warnings.append(f"{s!r}: owners tie on priority {top}: {tied}")
    for d, who in sorted(dem_owners.items()):
        if len(who) < 2:
            continue
        for i in sorted(who):
            if d not in by_id[i].get("ambiguous", []):
                errors.append(f"{i}: demonym {d!r} shared with {sorted(who - {i})} but not in ambiguous")
    for _, e in entries:
        for s in e.get("ambiguous", []):
            if len(owners.get(s, ())) < 2 and len(dem_owners.get(s, ())) < 2:
                warnings.append(f"{e['id']}: ambiguous {s!r} is not shared with another entry")

    words = WORDS
    if words is None:
        warnings.append("no /usr/share/dict/words (apt-get install wamerican): word check skipped")
    else:
        for _, e in entries:
            for s in [e["name"]] + e.get("aliases", []):
                if " " in s or s in WORD_OK or s.isupper():
                    continue
                if s.lower() in words and s == s[:1] + s[1:].lower() and s[:1].isupper():
                    warnings.append(f"{e['id']}: {s!r} is also an English word")

    for fn in sorted(counts):
        total = sum(counts[fn].values())
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(counts[fn].items()))
        print(f"{fn:22} {total:5}  ({kinds})")
    allk = Counter()
    for c in counts.values():
        allk.update(c)
    print(f"{'total':22} {sum(allk.values()):5}  (" +
          ", ".join(f"{k} {n}" for k, n in sorted(allk.items())) + ")")
    nonc = sum(1 for _, e in entries if e.get("kind") == "place" and
               e.get("subkind") not in ("country", "territory"))
    print(f"non-country places: {nonc}")
    size = sum(p.stat().st_size for p in KB.glob("*.toml"))
    print(f"size of data/kb/*.toml: {size / 1024:.0f} KiB")
    if not quiet:
        for w in warnings:
            print("warning:", w)
    else:
        print(f"{len(warnings)} warnings (run without --quiet to see them)")
    for err in errors:
        print("error:", err)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
