#!/usr/bin/env python3
"""Measure factline's consistency checks on annotated real-article clusters.

    python3 scripts/trials/measure.py FACTLINE TRIALS_DIR [--injected OUT_DIR] [--json FILE] [--list]
                                      [--detail] [--dates] [--only CLUSTER ...]

FACTLINE is the binary; TRIALS_DIR holds one folder per cluster (see README.md); OUT_DIR is what
inject.py wrote. Each cluster is checked as one workspace (`factline check --format json`).

Measures:
  injected flagged   an injected change draws an inconsistent-number tying it to a statement of
                     the same quantity (weekday changes: a weekday-mismatch on it), and that link
                     was not there before the change;
  false warnings     inconsistent-number diagnostics on the untouched articles that do not join an
                     annotated inconsistent pair, per article;
  real flagged       annotated inconsistent pairs that a diagnostic joins;
  quiet              annotated consistent pairs (and running-total updates) that no diagnostic joins.
Pairs are counted once per pair of articles (or once within an article), however often each
article restates the figure.
--list prints every diagnostic with its verdict, and every missed or loud pair, to help annotate.
"""

import argparse
import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import trials  # noqa: E402


def pct(k, n):
    return f"{k}/{n} ({100.0 * k / n:.0f}%)" if n else "-"


def measure_cluster(factline, cluster, dates=False):
    report = trials.run_check(factline, cluster.folder, cluster.articles, cluster.dates if dates else None)
    diags = trials.diagnostics(report)
    all_links = trials.links(diags)
    superseded = trials.links(trials.diagnostics(report, ("superseded-figure",)))
    by_diag = collections.defaultdict(list)
    for link in all_links:
        by_diag[link.diag_index].append(link)
    verdicts = []
    for i, path, d in diags:
        verdict, cls = trials.judge_diagnostic(by_diag[i], cluster.pairs)
        other = by_diag[i][0] if by_diag[i] else None
        verdicts.append({
            "file": path, "start": d["start"], "end": d["end"], "message": d["message"],
            "other": [other.other_path, other.other_start, other.other_end] if other else None,
            "verdict": verdict, "class": cls,
        })
    # Count annotations between two articles once, however often each restates the figure: a
    # unit is flagged when any of its statement pairs is.
    units = {}
    for p in cluster.pairs:
        joined = any(trials.link_joins(link, p.a, p.b) for link in all_links)
        marked = any(trials.link_joins(link, p.a, p.b) for link in superseded)
        u = units.setdefault(p.unit(), {"label": p.label, "quantity": p.quantity, "class": p.cls,
                                        "miss_class": p.miss_class, "a": [p.a.file, p.a.text, p.a.start],
                                        "b": [p.b.file, p.b.text, p.b.start], "flagged": False,
                                        "superseded": False, "statement_pairs": 0})
        u["statement_pairs"] += 1
        u["flagged"] = u["flagged"] or joined
        u["superseded"] = u["superseded"] or marked
    pairs = list(units.values())
    return {"cluster": cluster.name, "articles": len(cluster.articles), "diagnostics": verdicts,
            "pairs": pairs, "links": all_links, "report": report}


def touches(link, path, start, end):
    here = link.path == path and link.start < end and start < link.end
    there = link.other_path == path and link.other_start < end and start < link.other_end
    return here, there


def statement_miss_class(cluster, file, span):
    if (file, span[0], span[1]) in cluster.miss_classes:
        return cluster.miss_classes[(file, span[0], span[1])]
    for p in cluster.pairs:
        for st in (p.a, p.b):
            if st.file == file and [st.start, st.end] == span and p.miss_class:
                return p.miss_class
    return ""


def measure_injection(factline, inj, out_dir, baseline, cluster, dates=False):
    folder = out_dir / inj["id"]
    articles = sorted(p.name for p in folder.glob("*.txt"))
    codes = ("weekday-mismatch",) if inj["kind"] == "weekday" else ("inconsistent-number",)
    report = trials.run_check(factline, folder, articles, cluster.dates if dates else None)
    diags = trials.diagnostics(report, codes)
    file, (s, e) = inj["file"], inj["span"]
    os_, oe = inj["original_span"]
    if inj["kind"] == "weekday":
        before = any(p == file and d["start"] < oe and os_ < d["end"]
                     for _, p, d in trials.diagnostics(baseline["report"], codes))
        flagged = any(p == file and d["start"] < e and s < d["end"] for _, p, d in diags)
        detected = flagged and not before
        linked_to = []
    else:
        delta = (e - s) - (oe - os_)
        partners = [(q["file"], q["start"], q["end"]) for q in inj["partners"]]

        def partner_hit(path, start, end, shift):
            for pf, ps, pe in partners:
                if pf == path:
                    if shift and pf == file and ps >= e:
                        ps, pe = ps - delta, pe - delta  # back to the untouched file's offsets
                    if start < pe and ps < end:
                        return True
            return False

        before_links = set()
        for link in baseline["links"]:
            here, there = touches(link, file, os_, oe)
            if here and partner_hit(link.other_path, link.other_start, link.other_end, True):
                before_links.add((link.other_path, link.other_start))
            if there and partner_hit(link.path, link.start, link.end, True):
                before_links.add((link.path, link.start))
        linked_to = []
        for link in trials.links(diags):
            here, there = touches(link, file, s, e)
            if here and partner_hit(link.other_path, link.other_start, link.other_end, False):
                linked_to.append(link.other_path)
            if there and partner_hit(link.path, link.start, link.end, False):
                linked_to.append(link.path)
        detected = bool(linked_to) and not before_links
        flagged = bool(linked_to)
    miss_class = ""
    if not detected:
        if inj["kind"] == "weekday":
            miss_class = "weekday not checked"
        else:
            miss_class = statement_miss_class(cluster, file, inj["original_span"]) or "(unclassified)"
    return {**inj, "detected": detected, "flagged": flagged, "linked_to": sorted(set(linked_to)),
            "miss_class": miss_class}


def family(cls: str) -> str:
    """A class's family: its text before a bracketed detail ("part vs whole (segment)")."""
    return cls.split(" (")[0] if not cls.startswith("(") else cls


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("factline")
    ap.add_argument("trials_dir", type=pathlib.Path)
    ap.add_argument("--injected", type=pathlib.Path, help="folder written by inject.py")
    ap.add_argument("--json", type=pathlib.Path, help="write every figure and verdict here")
    ap.add_argument("--list", action="store_true", help="print each warning's verdict and each missed pair")
    ap.add_argument("--only", nargs="*", help="cluster names to measure (default: all)")
    ap.add_argument("--detail", action="store_true", help="per-class tables with each bracketed detail")
    ap.add_argument("--dates", action="store_true",
                    help="check each article with its publication date from meta.json (as a dateline under the headline)")
    args = ap.parse_args(argv)
    if "/" in args.factline:
        args.factline = str(pathlib.Path(args.factline).resolve())  # checks run in each cluster's folder

    clusters = trials.load_clusters(args.trials_dir, args.only)
    results = {}
    for cluster in clusters:
        results[cluster.name] = measure_cluster(args.factline, cluster, args.dates)

    injected = collections.defaultdict(list)
    if args.injected:
        manifest = json.loads((args.injected / "manifest.json").read_text())
        by_name = {c.name: c for c in clusters}
        for inj in manifest["injections"]:
            if inj["cluster"] not in results:
                continue
            injected[inj["cluster"]].append(
                measure_injection(args.factline, inj, args.injected, results[inj["cluster"]], by_name[inj["cluster"]],
                                  args.dates))

    rows, tot = [], collections.Counter()
    false_cls, miss_cls, loud_cls, inj_cls, inj_kind = (collections.Counter() for _ in range(5))
    for name, r in results.items():
        verdicts = collections.Counter(v["verdict"] for v in r["diagnostics"])
        false = verdicts["wrong"] + verdicts["unjudged"]
        real = [p for p in r["pairs"] if p["label"] == "inconsistent"]
        quiet = [p for p in r["pairs"] if p["label"] in trials.QUIET]
        inj = injected.get(name, [])
        c = collections.Counter(
            articles=r["articles"], warnings=len(r["diagnostics"]), right=verdicts["right"] + verdicts["right-listed"],
            right_listed=verdicts["right-listed"], false=false,
            unjudged=verdicts["unjudged"], real=len(real), real_flagged=sum(p["flagged"] for p in real),
            quiet=len(quiet), quiet_ok=sum(not p["flagged"] for p in quiet),
            consistent=sum(p["label"] == "consistent" for p in quiet),
            consistent_ok=sum(p["label"] == "consistent" and not p["flagged"] for p in quiet),
            injected=len(inj), injected_flagged=sum(i["detected"] for i in inj),
            updates=sum(p["label"] == "update" for p in quiet),
            updates_superseded=sum(p["label"] == "update" and p["superseded"] for p in quiet),
        )
        tot.update(c)
        rows.append((name, c))
        for v in r["diagnostics"]:
            if v["verdict"] == "wrong":
                false_cls[v["class"]] += 1
            elif v["verdict"] == "unjudged":
                false_cls["(unjudged)"] += 1
        for p in real:
            if not p["flagged"]:
                miss_cls[p["miss_class"] or "(unclassified)"] += 1
        for p in quiet:
            if p["flagged"]:
                loud_cls[p["class"] or "(unclassified)"] += 1
        for i in inj:
            inj_kind[(i["kind"], i["detected"])] += 1
            if not i["detected"]:
                inj_cls[i["miss_class"]] += 1

    head = f"{'cluster':<28} {'art':>3} {'warn':>4} {'right':>5} {'false':>5} {'f/art':>5}  {'real flagged':<14} {'quiet':<16} {'injected flagged':<16}"
    print(head)
    print("-" * len(head))
    for name, c in rows + [("TOTAL", tot)]:
        if name == "TOTAL":
            print("-" * len(head))
        print(f"{name:<28} {c['articles']:>3} {c['warnings']:>4} {c['right']:>5} {c['false']:>5} "
              f"{c['false'] / c['articles']:>5.2f}  {pct(c['real_flagged'], c['real']):<14} "
              f"{pct(c['quiet_ok'], c['quiet']):<16} {pct(c['injected_flagged'], c['injected']):<16}")
    print()
    print(f"injected contradictions flagged: {pct(tot['injected_flagged'], tot['injected'])}")
    for kind in ("number", "year", "weekday"):
        n = inj_kind[(kind, True)] + inj_kind[(kind, False)]
        if n:
            print(f"  {kind:<8} {pct(inj_kind[(kind, True)], n)}")
    print(f"warnings judged right: {tot['right']} ({tot['right_listed']} of them only through a statement further"
          f" down the related list, the message naming a wrong one)")
    print(f"false consistency warnings per article: {tot['false']}/{tot['articles']} = "
          f"{tot['false'] / max(tot['articles'], 1):.2f} ({tot['unjudged']} not yet judged)")
    print(f"annotated real contradictions flagged: {pct(tot['real_flagged'], tot['real'])}")
    print(f"consistent pairs left quiet: {pct(tot['consistent_ok'], tot['consistent'])}; "
          f"with running-total updates: {pct(tot['quiet_ok'], tot['quiet'])}")
    by_family = {}
    for name, counter in (("false", false_cls), ("real_missed", miss_cls), ("quiet_flagged", loud_cls),
                          ("injected_missed", inj_cls)):
        fam = collections.Counter()
        for cls, n in counter.items():
            fam[family(cls)] += n
        by_family[name] = fam
    detailed = {"false": dict(false_cls), "real_missed": dict(miss_cls), "quiet_flagged": dict(loud_cls),
                "injected_missed": dict(inj_cls)}
    if not args.detail:
        false_cls, miss_cls, loud_cls, inj_cls = (by_family[k] for k in ("false", "real_missed", "quiet_flagged",
                                                                         "injected_missed"))
    print(f"running-total updates marked superseded-figure: {pct(tot['updates_superseded'], tot['updates'])}")
    for title, counter in (("false warnings by class", false_cls), ("real contradictions missed by class", miss_cls),
                           ("quiet pairs flagged by class", loud_cls), ("injected contradictions missed by class", inj_cls)):
        if counter:
            print(f"\n{title}:")
            for cls, n in counter.most_common():
                print(f"  {n:>4}  {cls}")

    if args.list:
        for name, r in results.items():
            print(f"\n== {name}")
            for v in r["diagnostics"]:
                print(f"  [{v['verdict']}{': ' + v['class'] if v['class'] else ''}] {v['file']}@{v['start']}: {v['message']}")
            for p in r["pairs"]:
                bad = (p["label"] == "inconsistent" and not p["flagged"]) or (p["label"] in trials.QUIET and p["flagged"])
                if bad:
                    print(f"  pair {p['label']} {'FLAGGED' if p['flagged'] else 'missed'}: {p['a']} ~ {p['b']} ({p['quantity']})")
            for i in injected.get(name, []):
                if not i["detected"]:
                    print(f"  injection missed: {i['id']} {i['kind']} {i['file']}: {i['original']} -> {i['replacement']}")

    if args.json:
        out = {
            "totals": dict(tot),
            "clusters": {name: dict(c) for name, c in rows},
            "by_class": detailed,
            "by_family": {k: dict(v) for k, v in by_family.items()},
            "injected_by_kind": {f"{k}:{'flagged' if d else 'missed'}": n for (k, d), n in inj_kind.items()},
            "diagnostics": {name: r["diagnostics"] for name, r in results.items()},
            "pairs": {name: r["pairs"] for name, r in results.items()},
            "injections": {name: v for name, v in injected.items()},
        }
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
