#!/usr/bin/env python3
"""Pool the corpus scorer's entity and quote counts over the cluster folders of trial sets.

usage: entities_pool.py --scorer SCORE_PY --binary FACTLINE SET_DIR [SET_DIR ...] [--errors]

A SET_DIR holds one folder per cluster, each with NAME.txt and NAME.gold.json (the corpus
annotation guidelines' format). Each cluster is checked in one `factline check --format json`
call through the scorer; the scorer's counts are summed per set and over all sets, so a set's
F1 is over its mentions, not an average of clusters. `--errors` also prints the scorer's entity,
coreference, intro and quote errors, one per line, for classing them by hand.
Standard library only; the texts stay outside the repository (scripts/trials/README.md).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ERROR_KINDS = ("entity_fn", "entity_fp", "entity_type", "coref", "intro", "quote_fn", "quote_fp")


def score(scorer, binary, cluster, verbose):
    cmd = ["python3", scorer, cluster, "--cmd", f"{binary} check --format json"]
    counts = json.loads(subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True).stdout)["counts"]
    errors = []
    if verbose:
        section = None
        text = subprocess.run(cmd + ["-v"], capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            if line.startswith("--- "):
                section = line.split()[1]
            elif line.startswith("    ") and section in ERROR_KINDS:
                errors.append(f"{section} {line.strip()}")
    return counts, errors


def f1(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def show(name, c):
    p, r, f = f1(c["ent_tp_typed"], c["ent_pred"], c["ent_gold"])
    fu = f1(c["ent_tp_any"], c["ent_pred"], c["ent_gold"])[2]
    qp = c["q_tp_pred"] / c["q_pred"] if c["q_pred"] else 1.0
    qr = c["q_tp"] / c["q_gold"] if c["q_gold"] else 1.0
    print(f"{name:12} articles {c['docs']:3} gold {c['ent_gold']:4} pred {c['ent_pred']:4} "
          f"typed P/R/F1 {p:.3f}/{r:.3f}/{f:.3f} untyped F1 {fu:.3f} "
          f"coref {c['coref_ok']}/{c['coref_total']} intro {c['intro_ok']}/{c['intro_total']} "
          f"unattributed quotes P/R {qp:.2f}/{qr:.2f} (gold {c['q_gold']}, flagged {c['q_pred']})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("sets", nargs="+")
    a = ap.parse_args()
    total = {}
    for set_dir in a.sets:
        name = os.path.basename(os.path.normpath(set_dir))
        tally = {"docs": 0}
        for cluster in sorted(glob.glob(os.path.join(set_dir, "*", ""))):
            docs = glob.glob(os.path.join(cluster, "*.gold.json"))
            if not docs:
                continue
            counts, errors = score(a.scorer, a.binary, cluster, a.errors)
            counts["docs"] = len(docs)
            for k, v in counts.items():
                tally[k] = tally.get(k, 0) + v
                total[k] = total.get(k, 0) + v
            cluster_name = os.path.basename(os.path.normpath(cluster))
            for e in errors:
                print(f"error {name} {cluster_name} {e}")
        if tally["docs"]:
            show(name, tally)
        else:
            print(f"{name}: no cluster folder with gold files", file=sys.stderr)
    if total:
        show("all", total)


if __name__ == "__main__":
    main()
