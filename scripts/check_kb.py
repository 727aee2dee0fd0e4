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
Coverage (errors): every UN member and observer state, the territories and features in
  REQUIRED_PLACES, the spellings in REQUIRED_SPELLINGS resolving to the right entry, minimum
  counts per file, news outlets on every continent; people: a dated "(as of YYYY)" description,
  no bare surname as an alias; every file has a `reviewed` date.
Word collisions (scripts/kb_overrides/word_collisions.toml): a listed given name, surname or
  ordinary word owned by an entry must be in that entry's `ambiguous` (error); unlisted
  candidates found in /usr/share/dict/words or gender-guesser's given names are warnings.
Prints counts per file and kind.
Usage: python3 scripts/check_kb.py [--quiet] [--scan PATH...]
  --scan runs target/release/factline over the given .txt/.md files (or folders) and lists the
  knowledge-base matches that look spurious: collision words, and single words glued to other
  capitalised words (part of a longer name the base does not know).
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "data" / "kb"
OVR = ROOT / "scripts" / "kb_overrides"
AS_OF_RE = re.compile(r"\(as of (\d{4})\)")

# Spelling -> the entry it must resolve to (first owner by priority).
REQUIRED_SPELLINGS = {
    "U.S.": "united-states", "US": "united-states", "USA": "united-states",
    "America": "united-states", "United States of America": "united-states",
    "UK": "united-kingdom", "U.K.": "united-kingdom", "Britain": "united-kingdom",
    "Great Britain": "united-kingdom", "UAE": "united-arab-emirates", "DRC": "democratic-republic-of-the-congo",
    "South Korea": "south-korea", "North Korea": "north-korea", "Ivory Coast": "ivory-coast",
    "Côte d'Ivoire": "ivory-coast", "Czechia": "czech-republic", "Burma": "myanmar",
    "Holland": "netherlands", "Türkiye": "turkey", "Vatican": "vatican-city",
    "Gaza": "gaza-strip", "Gaza Strip": "gaza-strip", "West Bank": "west-bank",
    "Taiwan": "taiwan", "Kosovo": "kosovo", "Hong Kong": "hong-kong", "Macau": "macau",
    "Western Sahara": "western-sahara", "Puerto Rico": "puerto-rico", "Greenland": "greenland",
    "Crimea": "crimea", "Palestine": "palestine",
    "UN": "united-nations", "EU": "european-union", "NATO": "nato", "IMF": "imf",
    "World Bank": "world-bank", "WTO": "wto", "WHO": "who", "IAEA": "iaea",
    "European Central Bank": "ecb", "Federal Reserve": "federal-reserve",
    "Reuters": "reuters", "Associated Press": "associated-press", "AFP": "afp", "Xinhua": "xinhua",
}
# Places (names or aliases) news names often; each must exist as a place.
REQUIRED_PLACES = """
Taiwan|Kosovo|Hong Kong|Macau|Gaza Strip|West Bank|East Jerusalem|Golan Heights|Western Sahara|Puerto Rico
Greenland|Crimea|Northern Cyprus|Transnistria|Abkhazia|South Ossetia|Somaliland|Nagorno-Karabakh|Guam
Falkland Islands|Gibraltar|New Caledonia|Faroe Islands|Scotland|Wales|England|Northern Ireland
Strait of Hormuz|Andes|Red Sea|Gulf of Aden|Sahel|Donbas|Kashmir|Bab el-Mandeb|Suez Canal|Panama Canal
South China Sea|East China Sea|Black Sea|Taiwan Strait|Persian Gulf|Himalayas|Amazon|Nile|Mediterranean
Baltic Sea|Arctic|Horn of Africa|Middle East|Balkans|Caucasus|Sinai|Korean Peninsula|Sea of Japan
Strait of Malacca|English Channel|North Sea|Caspian Sea|Sea of Azov|Bosphorus|Dead Sea|Euphrates|Tigris
Danube|Rhine|Yangtze|Mekong|Ganges|Indus|Sahara|Alps|Pyrenees|Siberia|Indian Ocean|Antarctica
Darfur|Tigray|Xinjiang|Tibet|Kurdistan|Rakhine|Balochistan|Sindh|Punjab|Kherson|Zaporizhzhia|Donetsk
Luhansk|Kursk|Kharkiv|Odesa|Idlib|Aleppo|Khan Younis|Rafah|Kerch Bridge|Three Gorges Dam
Grand Ethiopian Renaissance Dam|Zaporizhzhia Nuclear Power Plant|Chernobyl|Fukushima|Heathrow Airport
Ben Gurion Airport|Kerem Shalom|Diego Garcia|Spratly Islands|Paracel Islands|Scarborough Shoal
Senkaku Islands|Kuril Islands|Line of Control|Ladakh|Arunachal Pradesh|Catalonia|Quebec|Texas|California
Latin America|Southeast Asia|Central Asia|Indo-Pacific|Wall Street|Capitol Hill
Davos|Silicon Valley|Kharg Island|Sinjar|Abyei|Cabo Delgado|Aksai Chin|Ogaden
""".replace("\n", "|").strip("|").split("|")
REQUIRED_PLACES = [p.strip() for p in REQUIRED_PLACES if p.strip()]
MIN_COUNTS = {"people.toml": 150, "organizations.toml": 200, "media.toml": 150}
MIN_NON_COUNTRY_PLACES = 1000
MIN_OUTLETS_PER_CONTINENT = 3
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
# UN member and observer states left without a capital on purpose (see
# kb_overrides/countries.toml): a capital in transition, city-states, a disputed one.
NO_CAPITAL = {"equatorial-guinea", "san-marino", "palestine", "monaco", "singapore", "vatican-city"}


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
        if "reviewed" not in doc:
            errors.append(f"{path.name}: no `reviewed` date")
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
            cased = any(c.lower() != c.upper() for c in s)
            if cased and s == s.lower() and " " not in s and "-" not in s:
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
    collisions, drop, reviewed = load_collisions()
    for _, e in entries:
        for s in e.get("ambiguous", []):
            if s in collisions:
                continue
            if len(owners.get(s, ())) < 2 and len(dem_owners.get(s, ())) < 2:
                warnings.append(f"{e['id']}: ambiguous {s!r} is not shared with another entry")

    check_collisions(entries, collisions, drop, reviewed, errors, warnings)
    check_people(entries, errors)
    check_coverage(entries, by_id, counts, errors)

    words = WORDS
    if words is None:
        warnings.append("no /usr/share/dict/words (apt-get install wamerican): word check skipped")
    else:
        for _, e in entries:
            for s in [e["name"]] + e.get("aliases", []):
                if " " in s or s in WORD_OK or s in collisions or s.isupper():
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
    if "--scan" in sys.argv:
        scan(sys.argv[sys.argv.index("--scan") + 1:], collisions)
    return 1 if errors else 0


def load_collisions():
    with open(OVR / "word_collisions.toml", "rb") as f:
        w = tomllib.load(f)
    marked = set(w["given_names"]) | set(w["surnames"]) | set(w["common_words"])
    return marked, set(w["drop"]), set(w["reviewed"])


def spellings(e):
    return [e.get("name", "")] + e.get("aliases", []) + e.get("misspellings", [])


def check_collisions(entries, collisions, drop, reviewed, errors, warnings):
    for fn, e in entries:
        own = set(spellings(e))
        for s in sorted(own & collisions):
            if s not in e.get("ambiguous", []):
                errors.append(f"{fn}:{e['id']}: {s!r} is a given name, surname or common word "
                              "(word_collisions.toml) but not in its `ambiguous`")
        for s in sorted(own & drop):
            errors.append(f"{fn}:{e['id']}: {s!r} is in word_collisions.toml `drop`")
    try:
        import gender_guesser.detector as gd
    except ImportError:
        warnings.append("gender-guesser not installed (pip install gender-guesser==0.4.0): "
                        "given-name check skipped")
        return
    det = gd.Detector(case_sensitive=True)
    for fn, e in entries:
        if e.get("kind") == "person":
            continue
        for s in [e["name"]] + e.get("aliases", []):
            if (" " in s or s.isupper() or s in collisions or s in WORD_OK or s in reviewed
                    or s in e.get("ambiguous", [])):
                continue
            if det.get_gender(s) in ("male", "female", "mostly_male", "mostly_female"):
                warnings.append(f"{fn}:{e['id']}: {s!r} is also a given name; review it in "
                                "word_collisions.toml")


def check_people(entries, errors):
    for fn, e in entries:
        if e.get("kind") != "person":
            continue
        where = f"{fn}:{e['id']}"
        m = AS_OF_RE.search(e.get("description", ""))
        if not m:
            errors.append(f"{where}: a person's description needs an \"(as of YYYY)\" date")
        elif not 2000 <= int(m.group(1)) <= 2100:
            errors.append(f"{where}: implausible as-of year {m.group(1)}")
        surname = e["name"].split()[-1]
        for a in e.get("aliases", []):
            if a == surname and " " in e["name"]:
                errors.append(f"{where}: alias {a!r} is the bare surname; coreference links "
                              "surnames, so it is not an alias")


def continent_of(country):
    d = (country or {}).get("description", "")
    for c in ("Africa", "Asia", "Europe", "North America", "South America", "Oceania"):
        if f"in {c}" in d:
            return c
    return None


def check_coverage(entries, by_id, counts, errors):
    for fn, n in MIN_COUNTS.items():
        got = sum(counts.get(fn, {}).values())
        if got < n:
            errors.append(f"coverage: {fn} has {got} entries, fewer than {n}")
    places = [e for _, e in entries if e.get("kind") == "place"]
    nonc = [e for e in places if e.get("subkind") not in ("country", "territory")]
    if len(nonc) < MIN_NON_COUNTRY_PLACES:
        errors.append(f"coverage: {len(nonc)} non-country places, fewer than {MIN_NON_COUNTRY_PLACES}")
    # resolution: first owner by priority, as the matcher orders them
    owners = defaultdict(list)
    for _, e in entries:
        for s in spellings(e):
            owners[s].append(e)
    for s, want in REQUIRED_SPELLINGS.items():
        who = sorted(owners.get(s, []), key=lambda e: -e.get("priority", 0))
        if not who:
            errors.append(f"coverage: no entry spells {s!r} (expected {want})")
        elif who[0]["id"] != want:
            errors.append(f"coverage: {s!r} resolves to {who[0]['id']}, expected {want}")
    for p in REQUIRED_PLACES:
        if not any(e.get("kind") == "place" for e in owners.get(p, [])):
            errors.append(f"coverage: no place spelled {p!r}")
    # UN members and observers: ISO codes from pycountry, membership from gen_kb.py
    countries = [e for e in places if e.get("subkind") == "country"]
    try:
        import pycountry
        sys.path.insert(0, str(ROOT / "scripts"))
        from gen_kb import NON_MEMBERS, OBSERVERS
        known = {s for e in countries for s in spellings(e)}
        with open(OVR / "countries.toml", "rb") as f:
            iso_names = {cc: o.get("name") for cc, o in tomllib.load(f)["iso"].items()}
        for c in pycountry.countries:
            if c.alpha_2 in NON_MEMBERS - OBSERVERS:
                continue
            forms = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None),
                     iso_names.get(c.alpha_2)}
            if not forms & known:
                errors.append(f"coverage: UN member/observer {c.alpha_2} {c.name} missing")
    except ImportError:
        members = sum("UN member" in e.get("description", "") or "observer state" in
                      e.get("description", "") for e in countries)
        if members < 195:
            errors.append(f"coverage: {members} UN member and observer states, expected 195")
    un = [e for e in countries if "UN member" in e.get("description", "")
          or "observer state" in e.get("description", "")]
    for e in un:
        if "capital" not in e and e["id"] not in NO_CAPITAL:
            errors.append(f"coverage: country {e['id']} has no capital")
        if not e.get("demonyms"):
            errors.append(f"coverage: country {e['id']} has no demonyms")
    per = Counter()
    for fn, e in entries:
        if fn == "media.toml" and e.get("country") in by_id:
            c = continent_of(by_id[e["country"]])
            if c:
                per[c] += 1
    for c in ("Africa", "Asia", "Europe", "North America", "South America", "Oceania"):
        if per[c] < MIN_OUTLETS_PER_CONTINENT:
            errors.append(f"coverage: {per[c]} outlets/agencies based in {c}, fewer than "
                          f"{MIN_OUTLETS_PER_CONTINENT}")
    print("outlets and agencies by continent: " + ", ".join(f"{c} {n}" for c, n in sorted(per.items())))


def scan(paths, collisions):
    """Runs the release binary over articles and lists suspicious knowledge-base matches."""
    import json
    import subprocess
    files = []
    for p in map(Path, paths):
        files += sorted(x for x in p.rglob("*") if x.suffix in (".txt", ".md")) if p.is_dir() else [p]
    binary = ROOT / "target" / "release" / "factline"
    out = subprocess.run([str(binary), "check", "--format", "json", *map(str, files)],
                         capture_output=True, check=False)
    doc = json.loads(out.stdout)
    seen = Counter()
    for f in doc["files"]:
        raw = Path(f["path"]).read_bytes()
        for ent in f["entities"]:
            for m in ent["mentions"]:
                s = m["text"]
                before = raw[max(0, m["start"] - 40):m["start"]].decode("utf-8", "replace")
                after = raw[m["end"]:m["end"] + 40].decode("utf-8", "replace")
                prev = re.search(r"([A-Z][\w'’.-]*)\s$", before)
                nxt = re.match(r"\s(?:of |de )?([A-Z][\w'’-]*)", after)
                why = None
                if s in collisions:
                    why = "collision word"
                elif " " not in s and (prev and not re.search(r"[.!?:\n]\s*\S*\s$", before)
                                       or nxt and not s.isupper()):
                    why = "glued to a capitalised word"
                if why:
                    seen[(s, ent["id"], why)] += 1
                    print(f"scan: {Path(f['path']).name}: {why}: …{before[-30:]}[{s}]{after[:30]}… "
                          f"-> {ent['id']}".replace("\n", " "))
    print(f"scan: {len(files)} files, {sum(seen.values())} suspicious matches of {len(seen)} kinds")


if __name__ == "__main__":
    sys.exit(main())
