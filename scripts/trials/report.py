#!/usr/bin/env python3
"""Markdown tables for docs/trials.md from a measure.py JSON report and the clusters' meta.json.

    python3 scripts/trials/report.py TRIALS_DIR MEASURE_JSON

Prints, per cluster: event, outlets, articles, warnings judged right / wrong, real contradictions
and injected changes flagged, and the misses and false warnings by class family. Only figures,
outlet names and the event as described in meta.json — never text from the articles.
"""

import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from measure import family  # noqa: E402


def classes(counter) -> str:
    return "; ".join(f"{c} {n}" for c, n in counter.most_common()) or "–"


def main() -> int:
    root, report = pathlib.Path(sys.argv[1]), json.loads(pathlib.Path(sys.argv[2]).read_text())
    print("| cluster | event | kind | outlets | art. | warnings right / wrong | real flagged | injected flagged "
          "| false warnings by class | misses by class |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, c in report["clusters"].items():
        meta = json.loads((root / name / "meta.json").read_text())
        outlets = ", ".join(a["outlet"] for a in meta["articles"])
        false = collections.Counter()
        for d in report["diagnostics"][name]:
            if d["verdict"] == "wrong":
                false[family(d["class"])] += 1
            elif d["verdict"] == "unjudged":
                false["(unjudged)"] += 1
        missed = collections.Counter()
        for p in report["pairs"][name]:
            if p["label"] == "inconsistent" and not p["flagged"]:
                missed["real: " + family(p["miss_class"] or "(unclassified)")] += 1
        for i in report["injections"].get(name, []):
            if not i["detected"]:
                missed[family(i["miss_class"])] += 1
        real = f"{c['real_flagged']}/{c['real']}" if c["real"] else "–"
        inj = f"{c['injected_flagged']}/{c['injected']}" if c["injected"] else "–"
        print(f"| {name} | {meta['event']} | {meta['kind']} | {outlets} | {c['articles']} | {c['right']} / {c['false']} "
              f"| {real} | {inj} | {classes(false)} | {classes(missed)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
