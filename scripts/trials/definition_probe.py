#!/usr/bin/env python3
"""Go-to-definition through the real server on every later short mention of the trials' gold.

usage: definition_probe.py --lspclient LSPCLIENT_PY --scorer SCORE_PY --binary FACTLINE
                           SET_DIR [SET_DIR ...] [--errors]

A SET_DIR holds one folder per cluster (NAME.txt + NAME.gold.json, as for entities_pool.py).
For each gold entity with an intro and two or more surfaces, a later short mention is a gold
mention (as the scorer finds them: whole words, longest surface first, ambiguous spans out) that
starts after the intro's first occurrence and is written shorter than the intro ("Huang" after
"Jensen Huang"). The measuring LSP client starts `FACTLINE lsp` on the cluster's folder, opens its
articles and asks textDocument/definition inside each such mention; the answer is right when a
location it returns is in the same file and overlaps the intro's first occurrence. Prints the
count per set and over all sets; `--errors` lists each wrong answer with what it returned.
Standard library only (the client itself needs pygls); the texts stay outside the repository.
"""
import argparse
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def later_short_mentions(scorer, g):
    """(mention start, end, intro start, end) in chars for each later short mention of g."""
    text = g["_text"]
    mentions, _ = scorer.gold_mentions(g)
    out = []
    for e in g.get("entities", []):
        intro = e.get("intro")
        if not intro or len(e.get("surfaces", [])) < 2:
            continue
        first = scorer.find_all(text, intro)
        if not first:
            continue
        a, b = first[0]
        for start, end, _, eid in mentions:
            if eid == e["id"] and start >= b and end - start < len(intro):
                out.append((start, end, a, b))
    return out


def probe_of(name, text, start, end):
    """A probe at the mention's second char, found by raw occurrence as the client counts them."""
    surface = text[start:end]
    occurrence = 0
    at = text.find(surface)
    while 0 <= at < start:
        occurrence += 1
        at = text.find(surface, at + 1)
    return {"file": name, "method": "definition", "match": surface, "occurrence": occurrence,
            "offset_in_match": min(1, len(surface) - 1)}


def locations(result):
    if result is None:
        return []
    items = result if isinstance(result, list) else [result]
    out = []
    for item in items:
        uri = item.get("uri") or item.get("targetUri")
        rng = item.get("range") or item.get("targetSelectionRange") or item.get("targetRange")
        if uri and rng:
            out.append((uri, rng))
    return out


def check_cluster(client, scorer, binary, cluster, timeout):
    docs, _ = scorer.load_gold(cluster)
    wanted, probes = [], []
    for g in docs.values():
        name = os.path.basename(g["_path"])
        for start, end, a, b in later_short_mentions(scorer, g):
            probes.append(probe_of(name, g["_text"], start, end))
            wanted.append((g, name, start, end, a, b))
    if not probes:
        return 0, 0, []
    with tempfile.TemporaryDirectory() as tmp:
        probe_path = os.path.join(tmp, "probes.json")
        out_path = os.path.join(tmp, "report.json")
        with open(probe_path, "w", encoding="utf-8") as f:
            json.dump(probes, f)
        cmd = ["python3", client.__file__, "--cmd", f"{binary} lsp", "--root", cluster,
               "--all-in-root", "*.txt", "--probe", probe_path, "--out", out_path,
               "--timeout", str(timeout)]
        subprocess.run(cmd, capture_output=True, text=True)
        with open(out_path, encoding="utf-8") as f:
            report = json.load(f)
    encoding = report.get("position_encoding", "utf-16")
    answers = report.get("probes", [])
    ok, errors = 0, []
    for (g, name, start, end, a, b), answer in zip(wanted, answers):
        text = g["_text"]
        got = []
        for uri, rng in locations(answer.get("result")):
            path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
            s = client.pos_to_offset(text, rng["start"]["line"], rng["start"]["character"], encoding)
            t = client.pos_to_offset(text, rng["end"]["line"], rng["end"]["character"], encoding)
            same = os.path.basename(path) == name
            got.append((same, s, t, os.path.basename(path)))
        if any(same and s < b and a < t for same, s, t, _ in got):
            ok += 1
            continue
        shown = [f"{f}:{text[s:t]!r}@{s}" if same else f"{f}@{s}" for same, s, t, f in got]
        problem = answer.get("error") or (shown if shown else "no location")
        errors.append(f"{name}: {text[start:end]!r}@{start} intro {text[a:b]!r}@{a} got {problem}")
    return ok, len(wanted), errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lspclient", required=True)
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("sets", nargs="+")
    a = ap.parse_args()
    scorer = load_module("scorer", a.scorer)
    client = load_module("lspclient", a.lspclient)
    binary = os.path.abspath(a.binary)
    all_ok = all_total = 0
    for set_dir in a.sets:
        name = os.path.basename(os.path.normpath(set_dir))
        ok = total = 0
        for cluster in sorted(glob.glob(os.path.join(set_dir, "*", ""))):
            if not glob.glob(os.path.join(cluster, "*.gold.json")):
                continue
            c_ok, c_total, errors = check_cluster(client, scorer, binary, os.path.abspath(cluster), a.timeout)
            ok, total = ok + c_ok, total + c_total
            for e in errors if a.errors else []:
                print(f"error {name} {os.path.basename(os.path.normpath(cluster))} {e}")
        print(f"{name:12} definition on later short mentions {ok}/{total}"
              f" ({ok / total if total else 0:.3f})")
        all_ok, all_total = all_ok + ok, all_total + total
    print(f"{'all':12} definition on later short mentions {all_ok}/{all_total}"
          f" ({all_ok / all_total if all_total else 0:.3f})")
    return 0 if all_total else 1


if __name__ == "__main__":
    sys.exit(main())
