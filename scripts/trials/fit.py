#!/usr/bin/env python3
"""Choose the weights of the same-quantity evidence on the annotated trial pairs.

    python3 scripts/trials/fit.py FACTLINE TRIALS_DIR [--dates] [--beta B] [--only CLUSTER ...]

Runs `factline debug pairs` on each cluster (every candidate statement pair the decision weighs,
with its evidence), labels the pairs the annotations cover — same quantity (consistent,
inconsistent, update) or not (different) — and searches the weights of
`data/lexicon/evidence.toml` and the threshold for the best F-beta of "same quantity" (beta 0.5
by default: precision first, since a false match is a false warning when the values differ).

The figures that matter are held out: leave-one-cluster-out cross-validation fits on the other
clusters and scores the left-out one, summed over the clusters. It also prints the figures of the
weights in force and of the weights fitted on every cluster (the ones to write into
evidence.toml), and what no weight can change: same-quantity pairs vetoed (by which veto) or
never weighed (no shared head word and topic).
"""

import argparse
import collections
import itertools
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import trials  # noqa: E402

PIECES = ("kind", "noun", "subject", "entity", "year_one_side", "place_one_side")
# The search space: what each piece may weigh, and the threshold.
GRID = {
    "kind": range(1, 5),
    "noun": range(0, 5),
    "subject": range(0, 3),
    "entity": range(0, 3),
    "year_one_side": range(-4, 1),
    "place_one_side": range(-4, 1),
}
THRESHOLDS = range(1, 6)


def overlaps(side, st):
    return side["path"] == st.file and side["start"] < st.end and st.start < side["end"]


def label_cluster(cluster, dump, annotated_only=False):
    """[(pattern, same, veto, warns)] for each candidate pair, and the same-quantity annotated
    pairs no candidate covers. A pair no annotation covers is taken as two different quantities
    (every statement of an annotated quantity is in its group, and every warning of the measured
    binaries was judged) unless annotated_only. warns: the values disagree (and are not too far
    apart to be compared), so a match there is a warning."""
    out, covered = [], set()
    for p in dump["pairs"]:
        if p["restated"]:
            continue
        labels = set()
        for ann in cluster.pairs:
            if (overlaps(p["a"], ann.a) and overlaps(p["b"], ann.b)) or (overlaps(p["a"], ann.b) and overlaps(p["b"], ann.a)):
                labels.add(ann.label)
                covered.add(id(ann))
        if not labels:
            if annotated_only:
                continue
            labels = {"different"}
        same = labels != {"different"}
        if "different" in labels and same:
            continue  # annotated both ways (overlapping groups): no label
        pattern = tuple(bool(p["evidence"][k]) for k in PIECES)
        veto = p["veto"].split(":")[0] if p["veto"] else None
        out.append((pattern, same, veto, not p["agree"] and not p["too_far_apart"]))
    unweighed = [a for a in cluster.pairs if a.label != "different" and id(a) not in covered]
    return out, unweighed


def confusion(rows, weights, match_at):
    """(tp, fp, fn, tn) over labelled rows (pattern counts) with these weights: a different pair
    judged the same counts against only when it warns (its values disagree); one whose values
    agree shows nothing."""
    tp = fp = fn = tn = 0
    for (pattern, same, vetoed, warns), n in rows.items():
        decided = not vetoed and sum(w for w, on in zip(weights, pattern) if on) >= match_at
        if decided and same:
            tp += n
        elif decided and warns:
            fp += n
        elif same:
            fn += n
        else:
            tn += n
    return tp, fp, fn, tn


def fbeta(c, beta):
    tp, fp, fn, _ = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


def best(rows, beta, current, kind_alone=True):
    """The weights and threshold of the best F-beta; ties go to the ones nearest the weights in
    force (fewest changes), so the data decides only where it says something. kind_alone: only
    weights under which a shared measure word carries a match by itself (the design: what is
    measured is the strong evidence; the rest add or take away)."""
    top = None
    for combo in itertools.product(*(GRID[k] for k in PIECES)):
        for t in THRESHOLDS:
            if kind_alone and combo[0] < t:
                continue
            f = fbeta(confusion(rows, combo, t), beta)
            dist = sum(abs(a - b) for a, b in zip(combo + (t,), current))
            key = (round(f, 9), -dist)
            if top is None or key > top[0]:
                top = (key, combo, t)
    return top[1], top[2]


def counts(rows):
    """Rows as {(pattern, same, vetoed): n}: the search scores patterns, not pairs."""
    c = collections.Counter()
    for pattern, same, veto, warns in rows:
        c[(pattern, same, veto is not None, warns)] += 1
    return c


def show(name, c):
    tp, fp, fn, tn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"  {name:<34} precision {p:.3f}  recall {r:.3f}  (same judged same {tp}, different judged same with "
          f"values apart {fp}, same missed {fn}, different kept apart or agreeing {tn})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("factline")
    ap.add_argument("trials_dir", type=pathlib.Path)
    ap.add_argument("--dates", action="store_true", help="give each article its date from meta.json as a dateline")
    ap.add_argument("--beta", type=float, default=0.5, help="F-beta to maximise (below 1: precision first)")
    ap.add_argument("--only", nargs="*", help="cluster names (default: all)")
    ap.add_argument("--annotated-only", action="store_true",
                    help="leave out candidate pairs no annotation covers (else: different quantities)")
    ap.add_argument("--free-kind", action="store_true",
                    help="also try weights under which a shared measure word alone is not enough")
    args = ap.parse_args(argv)
    if "/" in args.factline:
        args.factline = str(pathlib.Path(args.factline).resolve())

    per_cluster, unweighed, vetoes = {}, collections.Counter(), collections.Counter()
    current = None
    for cluster in trials.load_clusters(args.trials_dir, args.only):
        dump = trials.candidate_pairs(args.factline, cluster.folder, cluster.articles,
                                      cluster.dates if args.dates else None)
        current = tuple(dump["weights"][k] for k in PIECES) + (dump["match_at"],)
        rows, missing = label_cluster(cluster, dump, args.annotated_only)
        per_cluster[cluster.name] = rows
        for a in missing:
            unweighed[a.cls or a.label] += 1
        for _, same, veto, _ in rows:
            if same and veto:
                vetoes[veto] += 1
    if current is None:
        print("no clusters")
        return 1
    everything = counts(r for rows in per_cluster.values() for r in rows)
    n_same = sum(n for (_, same, _, _), n in everything.items() if same)
    print(f"labelled candidate pairs: {sum(everything.values())} ({n_same} same quantity) in {len(per_cluster)} clusters")
    print("weights in force:", dict(zip(PIECES + ("match_at",), current)))
    show("in force (all clusters)", confusion(everything, current[:-1], current[-1]))

    # Leave one cluster out: fit on the others, score the one left out.
    held = [0, 0, 0, 0]
    for name in per_cluster:
        train = counts(r for other, rows in per_cluster.items() if other != name for r in rows)
        w, t = best(train, args.beta, current, not args.free_kind)
        for i, x in enumerate(confusion(counts(per_cluster[name]), w, t)):
            held[i] += x
    show("held out (leave-one-cluster-out)", tuple(held))

    w, t = best(everything, args.beta, current, not args.free_kind)
    print("fitted on all clusters:", dict(zip(PIECES + ("match_at",), w + (t,))))
    show("fitted (all clusters, not held out)", confusion(everything, w, t))
    print("same-quantity pairs vetoed (no weight changes these):", dict(vetoes.most_common()))
    print("same-quantity annotated pairs never weighed (no shared head word and topic), by class:",
          dict(unweighed.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
