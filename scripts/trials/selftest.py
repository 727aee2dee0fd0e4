#!/usr/bin/env python3
"""Self-test of the trials tools on a synthetic cluster written for it (selftest/budget-vote).

    python3 scripts/trials/selftest.py target/release/factline

Checks that annotations resolve to the right bytes, that injection is reproducible from its seed
and changes exactly one figure per copy, and that measure.py runs end to end with the binary:
the untouched consistent pairs stay quiet and an injected budget figure is flagged.
Not run by CI (the trials need real articles, which are never committed).
"""

import json
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import trials  # noqa: E402


def main() -> int:
    factline = str(pathlib.Path(sys.argv[1]).resolve())
    root = HERE / "selftest"
    cluster = trials.load_cluster(root / "budget-vote")
    budget = [p for p in cluster.pairs if p.quantity == "2026 budget"][0]
    text = cluster.text(budget.a.file)
    assert text[budget.a.start : budget.a.end].decode() == "€48 million", "locate() must give byte offsets"
    assert len(cluster.pairs) == 1 + 1 + 4, [p.quantity for p in cluster.pairs]  # two groups of two, 2x2 across

    with tempfile.TemporaryDirectory() as tmp:
        out1, out2 = pathlib.Path(tmp) / "a", pathlib.Path(tmp) / "b"
        for out in (out1, out2):
            subprocess.run([sys.executable, str(HERE / "inject.py"), str(root), str(out), "--seed", "7",
                            "--per-cluster", "3"], check=True, capture_output=True)
        m1 = json.loads((out1 / "manifest.json").read_text())
        m2 = json.loads((out2 / "manifest.json").read_text())
        assert m1["injections"] == m2["injections"], "same seed, same injections"
        assert m1["injections"], "the cluster has injectable figures"
        for inj in m1["injections"]:
            copy = out1 / inj["id"]
            changed = [n for n in cluster.articles if (copy / n).read_bytes() != cluster.text(n)]
            assert changed == [inj["file"]], (inj, changed)
            s, e = inj["span"]
            assert (copy / inj["file"]).read_bytes()[s:e].decode() == inj["replacement"], inj
        report = pathlib.Path(tmp) / "m.json"
        subprocess.run([sys.executable, str(HERE / "measure.py"), factline, str(root), "--injected", str(out1),
                        "--json", str(report)], check=True, capture_output=True)
        res = json.loads(report.read_text())
        tot = res["totals"]
        assert tot["consistent"] == tot["consistent_ok"], "untouched consistent pairs stay quiet"
        budget_injections = [i for i in res["injections"]["budget-vote"] if "48" in i["original"]]
        assert all(i["detected"] for i in budget_injections), budget_injections

    # Checked with their dates as a dateline line, diagnostics still land on the plain files' offsets.
    assert cluster.dates == {"northport-herald.txt": "2026-03-03", "valley-times.txt": "2026-03-04"}
    dated = trials.run_check(factline, cluster.folder, cluster.articles, cluster.dates)
    assert sorted(f["path"] for f in dated["files"]) == cluster.articles
    for f in dated["files"]:
        size = len(cluster.text(f["path"]))
        for d in f["diagnostics"]:
            assert 0 <= d["start"] < d["end"] <= size, d
            for r in d.get("related", []):
                assert r["path"] in cluster.articles and 0 <= r["start"] < r["end"] <= len(cluster.text(r["path"])), r
    print("trials self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
