"""Shared pieces of the real-article trials: clusters, annotations, running factline, matching.

A trials folder holds one sub-folder per cluster (articles on one event from different outlets):

    <cluster>/<outlet>.txt   the articles (headline first, then the text)
    <cluster>/meta.json      event, outlets, urls, dates (not read here)
    <cluster>/pairs.json     the annotated same-quantity statements (format in README.md)

Offsets are UTF-8 byte offsets, as in `factline check --format json`.
"""

import json
import pathlib
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

LABELS = ("consistent", "inconsistent", "update", "different")
# Labels of two statements of one quantity that must not draw a warning.
QUIET = ("consistent", "update")


class AnnotationError(Exception):
    pass


@dataclass(frozen=True)
class Statement:
    """One annotated figure: where it is in its article."""

    file: str
    text: str
    start: int
    end: int

    def overlaps(self, path: str, start: int, end: int) -> bool:
        return path == self.file and start < self.end and self.start < end

    def key(self):
        return (self.file, self.start, self.end)


@dataclass
class Pair:
    a: Statement
    b: Statement
    label: str
    quantity: str = ""
    cls: str = ""  # why the pair could be mistaken (quiet / different) or was missed
    miss_class: str = ""  # why a contradiction here (real or injected) goes unflagged
    note: str = ""
    source: str = ""  # the group, relation or explicit pair the annotation came from

    def unit(self):
        """What the measures count: one annotation between two articles (or within one), however
        many times each article restates the figure."""
        return (self.source, *sorted((self.a.file, self.b.file)))


@dataclass
class Cluster:
    name: str
    folder: pathlib.Path
    articles: list  # file names, sorted
    pairs: list = field(default_factory=list)
    # why an injected change of a statement goes unflagged: {(file, start, end): class}
    miss_classes: dict = field(default_factory=dict)
    # publication dates from meta.json, full dates only: {file: "YYYY-MM-DD"}
    dates: dict = field(default_factory=dict)

    def text(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()


def locate(folder: pathlib.Path, side: dict) -> Statement:
    """The byte span of `text` inside the unique occurrence of `near` (or of `text` alone)."""
    name, text = side["file"], side["text"]
    near = side.get("near", text)
    data = (folder / name).read_bytes()
    needle = near.encode()
    at = data.find(needle)
    if at < 0:
        raise AnnotationError(f"{folder.name}/{name}: snippet not found: {near!r}")
    if data.find(needle, at + 1) >= 0:
        raise AnnotationError(f"{folder.name}/{name}: snippet not unique: {near!r}")
    inner = needle.find(text.encode())
    if inner < 0:
        raise AnnotationError(f"{folder.name}/{name}: figure {text!r} not inside {near!r}")
    start = at + inner
    return Statement(name, text, start, start + len(text.encode()))


def load_cluster(folder: pathlib.Path) -> Cluster:
    articles = sorted(p.name for p in folder.glob("*.txt"))
    cluster = Cluster(folder.name, folder, articles)
    meta_file = folder / "meta.json"
    if meta_file.exists():
        for a in json.loads(meta_file.read_text()).get("articles", []):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(a.get("date", ""))):
                cluster.dates[a["file"]] = a["date"]
    pairs_file = folder / "pairs.json"
    if not pairs_file.exists():
        return cluster
    spec = json.loads(pairs_file.read_text())
    errors = []

    def find(side):
        try:
            return locate(folder, side)
        except AnnotationError as e:
            errors.append(str(e))
            return None

    # Report every bad snippet at once, not one per run.
    for g in spec.get("groups", []):
        for s in g["statements"]:
            find(s)
    for p in spec.get("pairs", []):
        find(p["a"])
        find(p["b"])
    if errors:
        raise AnnotationError("\n".join(errors))
    groups = {}
    for g in spec.get("groups", []):
        members = [locate(folder, s) for s in g["statements"]]
        groups[g["id"]] = (g, members)
        for side, st in zip(g["statements"], members):
            if side.get("miss_class") or g.get("miss_class"):
                cluster.miss_classes[st.key()] = side.get("miss_class") or g["miss_class"]
        label = g.get("label", "consistent")
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                cluster.pairs.append(
                    Pair(a, b, label, g.get("quantity", g["id"]), g.get("class", ""),
                         g.get("miss_class", ""), g.get("note", ""), g["id"])
                )
    for r in spec.get("relations", []):
        ga, ma = groups[r["a"]]
        gb, mb = groups[r["b"]]
        if r["label"] not in LABELS:
            raise AnnotationError(f"{folder.name}: unknown label {r['label']!r}")
        for a in ma:
            for b in mb:
                cluster.pairs.append(
                    Pair(a, b, r["label"], f"{ga.get('quantity', ga['id'])} / {gb.get('quantity', gb['id'])}",
                         r.get("class", ""), r.get("miss_class", ""), r.get("note", ""), f"{r['a']}~{r['b']}")
                )
    for n, p in enumerate(spec.get("pairs", [])):
        if p["label"] not in LABELS:
            raise AnnotationError(f"{folder.name}: unknown label {p['label']!r}")
        cluster.pairs.append(
            Pair(locate(folder, p["a"]), locate(folder, p["b"]), p["label"], p.get("quantity", ""),
                 p.get("class", ""), p.get("miss_class", ""), p.get("note", ""), f"pair {n + 1}")
        )
    return cluster


def load_clusters(root: pathlib.Path, only=None) -> list:
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if only and folder.name not in only:
            continue
        if not any(folder.glob("*.txt")):
            continue
        out.append(load_cluster(folder))
    return out


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def run_check(factline: str, folder: pathlib.Path, articles: list, dates=None) -> dict:
    """`factline check --format json` on the articles of one folder, as one workspace.

    With dates ({file: "YYYY-MM-DD"}), each dated article is checked as a copy with a dateline
    line ("October 2, 2025") under its headline, as a newsroom's copy would carry it, and the
    diagnostics are mapped back to the plain file's offsets (one on the added line is dropped)."""
    if not dates:
        return _check(factline, folder, articles)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        added = write_dated(folder, articles, dates, tmp)
        report = _check(factline, tmp, articles)

    def back(path, offset):
        return back_offset(added, path, offset)

    for f in report["files"]:
        kept = []
        for d in f["diagnostics"]:
            d["start"], d["end"] = back(f["path"], d["start"]), back(f["path"], d["end"])
            if d["start"] is None or d["end"] is None:
                continue
            related = []
            for r in d.get("related", []):
                r["start"], r["end"] = back(r["path"], r["start"]), back(r["path"], r["end"])
                if r["start"] is not None and r["end"] is not None:
                    related.append(r)
            d["related"] = related
            kept.append(d)
        f["diagnostics"] = kept
    return report


def write_dated(folder: pathlib.Path, articles: list, dates: dict, tmp: pathlib.Path) -> dict:
    """Copies the articles into tmp, each dated one with a dateline line ("October 2, 2025") under
    its headline; returns {file: (offset where the line was inserted, its length in bytes)}."""
    added = {}
    for name in articles:
        data = (folder / name).read_bytes()
        if name in dates:
            y, m, d = (int(x) for x in dates[name].split("-"))
            line = f"{MONTHS[m - 1]} {d}, {y}\n".encode()
            at = data.find(b"\n") + 1 if b"\n" in data else len(data)
            data = data[:at] + line + data[at:]
            added[name] = (at, len(line))
        (tmp / name).write_bytes(data)
    return added


def back_offset(added: dict, path: str, offset: int):
    """An offset into a dated copy as an offset into the plain file (None on the added line)."""
    at, n = added.get(path, (0, 0))
    if offset < at:
        return offset
    return offset - n if offset >= at + n else None


def candidate_pairs(factline: str, folder: pathlib.Path, articles: list, dates=None) -> dict:
    """`factline debug pairs` on the articles of one folder (dated as in run_check when dates are
    given, offsets mapped back to the plain files; a pair touching an added line is dropped)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        added = write_dated(folder, articles, dates or {}, tmp)
        proc = subprocess.run([factline, "debug", "pairs", "--no-config", *articles], cwd=tmp, capture_output=True,
                              text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"factline debug pairs failed on {folder}: {proc.stderr.strip()}")
    out = json.loads(proc.stdout)
    kept = []
    for p in out["pairs"]:
        ok = True
        for side in (p["a"], p["b"]):
            side["start"] = back_offset(added, side["path"], side["start"])
            side["end"] = back_offset(added, side["path"], side["end"])
            ok = ok and side["start"] is not None and side["end"] is not None
        if ok:
            kept.append(p)
    out["pairs"] = kept
    return out


def _check(factline: str, folder: pathlib.Path, articles: list) -> dict:
    proc = subprocess.run(
        [factline, "check", "--format", "json", "--fail-on", "none", "--no-config", *articles],
        cwd=folder, capture_output=True, text=True, check=False,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"factline failed on {folder}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


@dataclass
class Link:
    """One statement a diagnostic ties to another: the diagnostic's own span and a related one."""

    code: str
    path: str
    start: int
    end: int
    other_path: str
    other_start: int
    other_end: int
    message: str
    diag_index: int  # which diagnostic of the run this link belongs to


def diagnostics(report: dict, codes=("inconsistent-number",)) -> list:
    """[(index, path, diagnostic)] of the given codes."""
    out = []
    for f in report["files"]:
        for d in f["diagnostics"]:
            if d["code"] in codes:
                out.append((len(out), f["path"], d))
    return out


def links(diags: list) -> list:
    out = []
    for i, path, d in diags:
        for r in d.get("related", []):
            out.append(Link(d["code"], path, d["start"], d["end"], r["path"], r["start"], r["end"],
                            d["message"], i))
    return out


def link_joins(link: Link, a: Statement, b: Statement) -> bool:
    """Does the link tie statement a to statement b (either way round)?"""
    here_a = a.overlaps(link.path, link.start, link.end)
    here_b = b.overlaps(link.path, link.start, link.end)
    there_a = a.overlaps(link.other_path, link.other_start, link.other_end)
    there_b = b.overlaps(link.other_path, link.other_start, link.other_end)
    return (here_a and there_b) or (here_b and there_a)


def judge_diagnostic(diag_links: list, pairs: list):
    """(verdict, class) of one diagnostic from its links (in the order of its related list):
    'right' when the first link (the statement its message names) joins an annotated inconsistent
    pair; 'right-listed' when only a later link does (the editor finds the contradiction in the
    list); else 'wrong' with the class of the first annotated pair a link joins; else 'unjudged'."""
    found = []
    for n, link in enumerate(diag_links):
        for p in pairs:
            if link_joins(link, p.a, p.b):
                found.append((n, p))
    if any(n == 0 and p.label == "inconsistent" for n, p in found):
        return "right", ""
    if any(p.label == "inconsistent" for _, p in found):
        return "right-listed", ""
    if found:
        p = found[0][1]
        return "wrong", p.cls or f"({p.label}, unclassified)"
    return "unjudged", ""
