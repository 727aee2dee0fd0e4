#!/usr/bin/env python3
"""Inject contradictions into copies of annotated clusters, drawn at random with a seed.

    python3 scripts/trials/inject.py TRIALS_DIR OUT_DIR [--seed 1] [--per-cluster 5]

Each injection is one change in one article of one copy of a cluster (OUT_DIR/<cluster>__<n>/):
  number   a figure that an annotated consistent pair ties to another article, scaled by a
           random factor in x0.5-0.9 or x1.1-2 (the direction chosen so that the change really
           contradicts the other statements: "at least 69" is not contradicted by 90);
  year     a year that an annotated consistent pair ties to another article, moved by 1-3;
  weekday  a weekday written next to a date ("Friday, Oct. 3") in an article that states a
           year, changed to another weekday.
OUT_DIR/manifest.json lists each change: where, what it was, what it became, and the statements
of the same quantity (in the copy's offsets) that it now contradicts. OUT_DIR is replaced.
"""

import argparse
import json
import pathlib
import random
import re
import shutil
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import trials  # noqa: E402

NUMBER = re.compile(rb"\d[\d,]*(?:\.\d+)?")
YEAR = re.compile(rb"^(19|20)\d\d$")
PERCENT = re.compile(rb"%|per ?cent", re.IGNORECASE)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
MONTH_NAME = re.compile((r"\b" + MONTH + r"(?![a-z])").encode())
WEEKDAY_DATE = re.compile(
    (r"\b(" + "|".join(WEEKDAYS) + r")\b,?\s*\(?(?:" + MONTH + r"\s+\d{1,2}\b|\d{1,2}\s+" + MONTH + r")").encode()
)
FULL_DATE = re.compile(
    (r"(?:" + MONTH + r"\s+\d{1,2},?\s+(?:19|20)\d\d|\d{1,2}\s+" + MONTH + r",?\s+(?:19|20)\d\d|(?:19|20)\d\d[/-]\d{1,2}[/-]\d{1,2})").encode()
)
LOWER_CUES = (b"at least", b"more than", b"over ", b"above", b"exceed", b"surpass", b"beyond",
              b"in excess of", b"upwards of", b"topped", b"tops", b"past ")
UPPER_CUES = (b"up to", b"nearly", b"almost", b"under ", b"less than", b"fewer than", b"close to",
              b"shy of", b"as many as")
APPROX_CUES = (b"about", b"around", b"approximately", b"roughly", b"some ", b"an estimated", b"~")


def number_token(text: bytes):
    m = NUMBER.search(text)
    return m if m else None


def precision(token: bytes) -> float:
    """Half a unit of the last written digit (trailing zeros of a whole number count as rounding)."""
    plain = token.replace(b",", b"")
    if b"." in plain:
        return 0.5 * 10 ** -len(plain.split(b".")[1])
    zeros = len(plain) - len(plain.rstrip(b"0"))
    return 0.5 * 10 ** min(zeros, len(plain) - 1)


def interval(data: bytes, st: trials.Statement, value: float, prec: float):
    """The values a statement allows, from its cue words ("at least", "nearly", "about")."""
    before = data[max(0, st.start - 24) : st.start].lower() + data[st.start : st.end].lower()
    tail = before[-24 - (st.end - st.start) :]
    if any(c in tail for c in LOWER_CUES):
        return (value - prec, float("inf"))
    if any(c in tail for c in UPPER_CUES):
        return (value * 0.8, value + prec)
    if any(c in tail for c in APPROX_CUES):
        return (min(value * 0.95, value - prec), max(value * 1.05, value + prec))
    return (value - prec, value + prec)


def disjoint(x, y) -> bool:
    return x[1] < y[0] or y[1] < x[0]


def format_like(token: bytes, value: float) -> bytes:
    """The value written like the token: same decimals, same separators, and a whole number
    rounded like the token ("385,000" scaled stays a round thousand)."""
    plain = token.replace(b",", b"")
    decimals = len(plain.split(b".")[1]) if b"." in plain else 0
    if not decimals:
        zeros = min(len(plain) - len(plain.rstrip(b"0")), len(plain) - 1)
        value = round(value / 10**zeros) * 10**zeros
    text = f"{value:,.{decimals}f}" if b"," in token else f"{value:.{decimals}f}"
    return text.encode()


def partners_of(cluster: trials.Cluster, st: trials.Statement, labels=("consistent",)):
    """The statements a consistent pair ties to st, in any article (a restatement in the same
    article is contradicted by the change too)."""
    out = []
    for p in cluster.pairs:
        if p.label not in labels:
            continue
        if p.a == st:
            out.append((p.b, p))
        elif p.b == st:
            out.append((p.a, p))
    return out


def candidates(cluster: trials.Cluster):
    """{kind: [(statement, partner statements, pair)]} of the cluster's injectable figures."""
    seen, numbers, years = set(), [], []
    for p in cluster.pairs:
        if p.label != "consistent" or p.a.file == p.b.file:
            continue
        for st in (p.a, p.b):
            if st.key() in seen:
                continue
            seen.add(st.key())
            text = st.text.encode()
            same = partners_of(cluster, st)
            if YEAR.match(text):
                years.append((st, same))
            elif len(NUMBER.findall(text)) == 1 and not MONTH_NAME.search(text):
                # a range ("70 to 87 months") has no one value to scale, and a date is not a figure
                numbers.append((st, same))
    weekdays = []
    for name in cluster.articles:
        data = cluster.text(name)
        if not FULL_DATE.search(data):
            continue  # no year in the article: a weekday cannot be checked against its date
        for m in WEEKDAY_DATE.finditer(data):
            weekdays.append((trials.Statement(name, m.group(1).decode(), m.start(1), m.end(1)), []))
    return {"number": numbers, "year": years, "weekday": weekdays}


def draw_number(rng, cluster, st, partners):
    data = cluster.text(st.file)
    text = data[st.start : st.end]
    tok = number_token(text)
    value = float(tok.group().replace(b",", b""))
    if value == 0:
        return None
    prec = precision(tok.group())
    others = []
    for other, _ in partners:
        odata = cluster.text(other.file)
        otok = number_token(odata[other.start : other.end])
        if not otok:
            continue
        others.append(interval(odata, other, float(otok.group().replace(b",", b"")), precision(otok.group())))
    directions = [(0.5, 0.9), (1.1, 2.0)]
    rng.shuffle(directions)
    for lo, hi in directions:
        factor = rng.uniform(lo, hi)
        new_tok = format_like(tok.group(), value * factor)
        if new_tok == tok.group():
            continue
        new_value = float(new_tok.replace(b",", b""))
        if new_value > 100 and PERCENT.search(text):
            continue  # a share over 100% would be a different kind of error
        mine = interval(data, st, new_value, prec)
        if others and all(disjoint(mine, o) for o in others):
            new_text = text[: tok.start()] + new_tok + text[tok.end() :]
            return new_text, {"factor": round(factor, 3)}
    return None


def draw_year(rng, cluster, st, partners):
    delta = rng.choice([-3, -2, -1, 1, 2, 3])
    return str(int(st.text) + delta).encode(), {"delta": delta}


def draw_weekday(rng, cluster, st, partners):
    new = rng.choice([w for w in WEEKDAYS if w != st.text])
    return new.encode(), {}


DRAW = {"number": draw_number, "year": draw_year, "weekday": draw_weekday}
WEIGHTS = {"number": 6, "year": 2, "weekday": 2}


def shifted(st: trials.Statement, changed: trials.Statement, delta: int) -> dict:
    start, end = st.start, st.end
    if st.file == changed.file and st.start >= changed.end:
        start, end = start + delta, end + delta
    return {"file": st.file, "text": st.text, "start": start, "end": end}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trials_dir", type=pathlib.Path)
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-cluster", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="cluster names to use (default: all)")
    args = ap.parse_args(argv)

    clusters = trials.load_clusters(args.trials_dir, args.only)
    if args.out_dir.exists():
        shutil.rmtree(args.out_dir)
    args.out_dir.mkdir(parents=True)
    manifest = {"seed": args.seed, "trials_dir": str(args.trials_dir.resolve()), "injections": []}
    for cluster in clusters:
        # One stream per cluster: adding or removing a cluster leaves the others' draws alone.
        rng = random.Random(f"{args.seed}:{cluster.name}")
        pool = {k: list(v) for k, v in candidates(cluster).items()}
        made = 0
        while made < args.per_cluster and any(pool.values()):
            kinds = [k for k in ("number", "year", "weekday") if pool[k]]
            kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
            st, partners = pool[kind].pop(rng.randrange(len(pool[kind])))
            drawn = DRAW[kind](rng, cluster, st, partners)
            if drawn is None:
                continue
            new_text, detail = drawn
            data = cluster.text(st.file)
            old_text = data[st.start : st.end]
            copy = args.out_dir / f"{cluster.name}__{made + 1}"
            copy.mkdir()
            for name in cluster.articles:
                shutil.copyfile(cluster.folder / name, copy / name)
            (copy / st.file).write_bytes(data[: st.start] + new_text + data[st.end :])
            delta = len(new_text) - len(old_text)
            manifest["injections"].append({
                "id": copy.name,
                "cluster": cluster.name,
                "kind": kind,
                "file": st.file,
                "original": old_text.decode(),
                "replacement": new_text.decode(),
                "original_span": [st.start, st.end],
                "span": [st.start, st.start + len(new_text)],
                "partners": [shifted(o, st, delta) for o, _ in partners],
                **detail,
            })
            made += 1
    (args.out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    kinds = {}
    for inj in manifest["injections"]:
        kinds[inj["kind"]] = kinds.get(inj["kind"], 0) + 1
    print(f"{len(manifest['injections'])} injections in {len(clusters)} clusters (seed {args.seed}): "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
