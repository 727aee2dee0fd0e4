#!/usr/bin/env python3
"""Pool the corpus scorer's entity and quote counts over the cluster folders of trial sets.

usage: entities_pool.py --scorer SCORE_PY (--binary FACTLINE | --cmd COMMAND) SET_DIR [SET_DIR ...]
                        [--errors] [--by-class]

A SET_DIR holds one folder per cluster, each with NAME.txt and NAME.gold.json (the corpus
annotation guidelines' format). Each cluster is checked in one `factline check --format json`
call through the scorer; the scorer's counts are summed per set and over all sets, so a set's
F1 is over its mentions, not an average of clusters. `--errors` also prints the scorer's entity,
coreference, intro and quote errors, one per line, for classing them by hand. `--cmd` scores
another tagger that prints the same JSON for the files appended to it (spacy_entities.py, the
baseline); `--by-class` adds typed P/R/F1 per gold kind (person, organization, place): a
mention found with the wrong kind counts as missed for its gold kind and wrong for its found kind.
Standard library only; the texts stay outside the repository (scripts/trials/README.md).
"""
import argparse
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

ERROR_KINDS = ("entity_fn", "entity_fp", "entity_type", "coref", "intro", "quote_fn", "quote_fp")


KINDS = ("person", "organization", "place")


def score(scorer, command, cluster, verbose):
    cmd = ["python3", scorer, cluster, "--cmd", command]
    counts = json.loads(subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True).stdout)["counts"]
    errors = []
    if verbose:
        section = None
        text = subprocess.run(cmd + ["-v"], capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            if line.startswith("--- "):
                section = line.split()[1]
                if section in ERROR_KINDS and int(line.split("(")[-1].rstrip(")")) > 200:
                    # the scorer prints 200 errors of a kind at most: per-class counts would be off
                    print(f"{cluster}: more than 200 {section} errors, listing cut", file=sys.stderr)
            elif line.startswith("    ") and section in ERROR_KINDS:
                errors.append(f"{section} {line.strip()}")
    return counts, errors


def gold_kinds(scorer, cluster):
    """Gold mentions per kind, as the scorer counts them (longest surface wins, ambiguous out)."""
    spec = importlib.util.spec_from_file_location("scorer", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docs, _ = module.load_gold(cluster)
    out = {}
    for g in docs.values():
        for mention in module.gold_mentions(g)[0]:
            out[mention[2]] = out.get(mention[2], 0) + 1
    return out


def class_counts(errors, gold):
    """tp / pred / gold per kind from the scorer's error lines and the gold counts."""
    c = {k: {"gold": gold.get(k, 0), "missed": 0, "wrong": 0} for k in KINDS}
    for e in errors:
        kind = e.split(" ", 1)[0]
        if kind == "entity_type":
            m = re.search(r" gold (\w+) pred (\w+)$", e)
            if m:
                c.setdefault(m.group(1), {"gold": 0, "missed": 0, "wrong": 0})["missed"] += 1
                c.setdefault(m.group(2), {"gold": 0, "missed": 0, "wrong": 0})["wrong"] += 1
        elif kind in ("entity_fn", "entity_fp"):
            m = re.search(r" \((\w+)\)$", e)
            if m:
                slot = "missed" if kind == "entity_fn" else "wrong"
                c.setdefault(m.group(1), {"gold": 0, "missed": 0, "wrong": 0})[slot] += 1
    return c


def show_classes(name, classes):
    for kind in KINDS:
        c = classes.get(kind, {"gold": 0, "missed": 0, "wrong": 0})
        tp = c["gold"] - c["missed"]
        p, r, f = f1(tp, tp + c["wrong"], c["gold"])
        print(f"{name:12}   {kind:12} gold {c['gold']:4} pred {tp + c['wrong']:4} typed P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}")


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
    tagger = ap.add_mutually_exclusive_group(required=True)
    tagger.add_argument("--binary", help="factline binary, run as BINARY check --format json")
    tagger.add_argument("--cmd", help="any command printing that JSON for the files appended")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--by-class", action="store_true")
    ap.add_argument("sets", nargs="+")
    a = ap.parse_args()
    command = a.cmd or f"{a.binary} check --format json"
    total = {}
    total_classes = {}
    for set_dir in a.sets:
        name = os.path.basename(os.path.normpath(set_dir))
        tally = {"docs": 0}
        classes = {}
        for cluster in sorted(glob.glob(os.path.join(set_dir, "*", ""))):
            docs = glob.glob(os.path.join(cluster, "*.gold.json"))
            if not docs:
                continue
            counts, errors = score(a.scorer, command, cluster, a.errors or a.by_class)
            if a.by_class:
                found = class_counts(errors, gold_kinds(a.scorer, cluster))
                for kind, c in found.items():
                    for into in (classes, total_classes):
                        slot = into.setdefault(kind, {"gold": 0, "missed": 0, "wrong": 0})
                        for k, v in c.items():
                            slot[k] += v
            counts["docs"] = len(docs)
            for k, v in counts.items():
                tally[k] = tally.get(k, 0) + v
                total[k] = total.get(k, 0) + v
            cluster_name = os.path.basename(os.path.normpath(cluster))
            for e in errors if a.errors else []:
                print(f"error {name} {cluster_name} {e}")
        if tally["docs"]:
            show(name, tally)
            if a.by_class:
                show_classes(name, classes)
        else:
            print(f"{name}: no cluster folder with gold files", file=sys.stderr)
    if total:
        show("all", total)
        if a.by_class:
            show_classes("all", total_classes)


if __name__ == "__main__":
    main()
