#!/usr/bin/python3
"""check_diff.py - `lineage diff OLD NEW` on two real-data snapshots,
checked against changes computed here.

OLD is the real listing fixture (fixtures/hub-listing-2024-07, 50,000
models). NEW is the same records changed by this script, with a fixed
seed: models removed (leaves, and bases with children), models added
(children of real bases), licences changed (relicensed, dropped, given
where there was none), parents re-pointed to other real models, download
counts changed; NEW is a directory of two files (one gzip, one plain JSON
lines), so a directory input is diffed too.

The expected changes come from the independent oracles, sharing no code
with the C tool: the graph of tests/reference/lineage_ref.py (models,
edges with their relation, descendant counts, downloads), the licence
sets of tests/stats/check_stats.py and the concluded-licence walk of
tests/compliance/concluded_ref.py. Findings are checked against the set
difference of `lineage audit` on each snapshot (the audit itself is
checked by tests/audit/check_audit.py). Every table must hold exactly the
expected rows: every change reported, nothing else; and every mutation
must show in them. Also: a snapshot against itself has no change, and
--fail-on new-conflict exits 3 exactly when NEW adds a conflict.

Usage: check_diff.py [LINEAGE]. Prints "ok NAME" / "FAIL NAME: detail",
then "N passed, N failed"; exits 1 on any failure.
"""

import csv
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True
for sub in ("reference", "stats", "compliance"):
    sys.path.insert(0, os.path.join(ROOT, "tests", sub))
import lineage_ref as ref  # noqa: E402
import check_stats as lic  # noqa: E402
import concluded_ref  # noqa: E402

LINEAGE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                          else os.environ.get("LINEAGE", "./lineage"))
OLD = os.path.join(ROOT, "fixtures", "hub-listing-2024-07")
ENV = dict(os.environ, LC_ALL="C")

passed = failed = 0


def report(name, good, detail=""):
    global passed, failed
    if good:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {str(detail)[:2000]}")
    sys.stdout.flush()


def run(*args):
    return subprocess.run([LINEAGE, *args], capture_output=True, text=True,
                          env=ENV)


# -- the changed snapshot --------------------------------------------------------

def old_records():
    stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0,
             "truncated": 0}
    return list(ref.read_inputs([OLD], stats))


def base_tags(rec):
    return [t for t in rec.get("tags", []) if t.startswith("base_model:")]


def set_licence(rec, lid):
    """Declares lid (None: nothing) in the tags and nowhere else."""
    rec["tags"] = [t for t in rec.get("tags", [])
                   if not t.startswith("license:")]
    if lid:
        rec["tags"].append("license:" + lid)
    card = rec.get("cardData")
    if isinstance(card, dict):
        for key in ("license", "license_name", "license_link"):
            card.pop(key, None)


def mutate(records, rng):
    """NEW's records, and what was done (name -> ids)."""
    recs = [json.loads(json.dumps(r)) for r in records]
    ids = [ref.record_id(r) for r in recs]
    has_kids = set()
    for r in recs:
        for t in base_tags(r):
            has_kids.add(ref.ascii_lower(t.split(":")[-1]))
    done = {k: [] for k in ("removed", "added", "relicensed", "repointed",
                            "downloads")}
    order = list(range(len(recs)))
    rng.shuffle(order)
    removed = set()
    for i in order:
        key = ref.ascii_lower(ids[i] or "")
        want_kids = len(done["removed"]) < 5
        if ids[i] and (key in has_kids) == want_kids and \
                len(done["removed"]) < 25:
            removed.add(i)
            done["removed"].append(ids[i])
    rest = [i for i in order if i not in removed and ids[i]]
    for n, i in enumerate(rest[:40]):
        choice = ["mit", "cc-by-nc-4.0", "llama3", None, "apache-2.0"][n % 5]
        set_licence(recs[i], choice)
        done["relicensed"].append(ids[i])
    with_parent = [i for i in rest[40:] if base_tags(recs[i])]
    for i in with_parent[:20]:
        target = ids[rng.choice(rest)]
        if ref.ascii_lower(target) == ref.ascii_lower(ids[i]):
            continue
        recs[i]["tags"] = [t for t in recs[i]["tags"]
                           if not t.startswith("base_model:")]
        recs[i]["tags"].append("base_model:" + target)
        done["repointed"].append(ids[i])
    for i in rest[200:240]:
        d = recs[i].get("downloads")
        recs[i]["downloads"] = (d if isinstance(d, int) else 0) * 2 + 7
        done["downloads"].append(ids[i])
    new = [recs[i] for i in range(len(recs)) if i not in removed]
    bases = ["meta-llama/Meta-Llama-3-8B", "mistralai/Mistral-7B-v0.1",
             "stabilityai/stable-diffusion-xl-base-1.0"]
    for n in range(10):
        rid = f"lineage-diff-test/new-model-{n}"
        new.append({"id": rid, "modelId": rid, "downloads": n,
                    "createdAt": "2024-07-12T00:00:00.000Z",
                    "tags": [f"base_model:{bases[n % 3]}",
                             "license:" + ("mit" if n % 2 else "other")]})
        done["added"].append(rid)
    return new, done


def write_new(records, path):
    os.makedirs(path)
    half = len(records) // 2
    with gzip.open(os.path.join(path, "a.jsonl.gz"), "wt",
                   encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records[:half])
    with open(os.path.join(path, "b.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records[half:])


# -- what should change ------------------------------------------------------------

class Side:
    """One snapshot as the oracles see it."""

    def __init__(self, paths):
        lsets = {}

        def tap(records):
            for rec in records:
                rid = ref.record_id(rec)
                if rid is not None:
                    lsets[ref.ascii_lower(rid)] = lic.licence_set(rec)
                yield rec

        stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0,
                 "truncated": 0}
        g = ref.build_graph(tap(ref.read_inputs(paths, stats)), stats)
        self.g = g
        self.records = set(g.downloads)  # keys with a record
        self.lsets = {k: v for k, v in lsets.items() if k in g.downloads}
        self.con = concluded_ref.conclude(g, self.lsets, lic.set_family)
        self.edges = {(p, c, rel) for p, kids in g.children.items()
                      for c, rel in kids.items()}
        rows, _ = ref.rank_rows(g)
        self.desc = {r["key"]: r["descendants"] for r in rows}

    def name(self, key):
        return self.g.name[key]

    def declared(self, key):
        return lic.set_name(self.lsets.get(key, ()))

    def concluded(self, key):
        return lic.set_name(self.con[key].lset)


def expected(o, n):
    """Table name -> set of row tuples, as `diff --format json` names them."""
    k = ref.ascii_lower
    both = o.records & n.records
    exp = {
        "models": {(n.name(x), "added") for x in n.records - o.records} |
                  {(o.name(x), "removed") for x in o.records - n.records},
        "edges": {(k(o.name(p)), k(o.name(c)), r, "removed")
                  for p, c, r in o.edges - n.edges} |
                 {(k(n.name(p)), k(n.name(c)), r, "added")
                  for p, c, r in n.edges - o.edges},
        "licenses": set(),
        "growth": set(),
        "downloads": set(),
    }
    for x in both:
        for kind, get in (("declared", Side.declared),
                          ("concluded", Side.concluded)):
            if get(o, x) != get(n, x):
                exp["licenses"].add((n.name(x), kind, get(o, x), get(n, x)))
        if o.g.downloads[x] != n.g.downloads[x]:
            exp["downloads"].add((n.name(x), o.g.downloads[x],
                                  n.g.downloads[x]))
    for x, d in n.desc.items():
        if d > o.desc.get(x, 0):
            exp["growth"].add((n.name(x), o.desc.get(x, 0), d))
    return exp


def got_rows(doc, table):
    cols = {"models": ("model", "change"),
            "edges": ("parent", "child", "relation", "change"),
            "licenses": ("model", "kind", "old", "new"),
            "growth": ("model", "old_descendants", "new_descendants"),
            "downloads": ("model", "old_downloads", "new_downloads")}[table]
    rows = [tuple(r[c] for c in cols) for r in doc.get(table, [])]
    if table == "edges":  # ids as the oracle keys them
        rows = [(ref.ascii_lower(p), ref.ascii_lower(c), rel, ch)
                for p, c, rel, ch in rows]
    return rows


def audit_findings(path):
    """(parent, child, verdict, reasons) of each finding (warn or above)."""
    p = run("audit", "--format", "csv", "--quiet", "--no-cache", path)
    if p.returncode not in (0, 3):
        return None
    out = set()
    for r in csv.DictReader(io.StringIO(p.stdout)):
        if r["verdict"] in ("warn", "conflict"):
            out.add((ref.ascii_lower(r["parent"]), ref.ascii_lower(r["child"]),
                     r["verdict"], r["reasons"]))
    return out


# -- the checks ----------------------------------------------------------------

def check_tables(doc, exp, done):
    for table, want in exp.items():
        rows = got_rows(doc, table)
        got = set(rows)
        report(f"{table}: exactly the {len(want)} expected rows",
               got == want and len(rows) == len(got),
               f"missing {sorted(want - got)[:5]}, extra "
               f"{sorted(got - want)[:5]}, {len(rows) - len(got)} repeated")
    models = set(got_rows(doc, "models"))
    report("models: all 25 removed and 10 added models reported",
           all((x, "removed") in models for x in done["removed"]) and
           all((x, "added") in models for x in done["added"]) and
           len(models) == 35, f"{len(models)} rows")
    changed = {m for m, kind, *_ in got_rows(doc, "licenses")
               if kind == "declared"}
    moved = {c for p, c, r, ch in got_rows(doc, "edges") if ch == "added"}
    dl = {m for m, *_ in got_rows(doc, "downloads")}
    k = ref.ascii_lower
    report("licenses: every relicensed model whose licence changed is listed",
           len(changed) >= 30 and changed <= set(done["relicensed"]),
           f"{len(changed)} of {len(done['relicensed'])}")
    report("edges: every re-pointed model has an added edge",
           all(k(x) in moved for x in done["repointed"]) and
           len(done["repointed"]) >= 15, f"{len(done['repointed'])} re-pointed")
    report("downloads: the 40 changed counts, nothing else",
           dl == set(done["downloads"]), f"{len(dl)} rows")


def check_summary(doc):
    s = {r["change"]: r["count"] for r in doc.get("summary", [])}
    tables = {t: len(doc.get(t, [])) for t in
              ("models", "edges", "licenses", "findings", "growth",
               "downloads")}
    count = lambda t, v: sum(1 for r in doc.get(t, []) if v(r))  # noqa: E731
    want = {
        "models added": count("models", lambda r: r["change"] == "added"),
        "models removed": count("models", lambda r: r["change"] == "removed"),
        "edges added": count("edges", lambda r: r["change"] == "added"),
        "edges removed": count("edges", lambda r: r["change"] == "removed"),
        "declared licences changed":
            count("licenses", lambda r: r["kind"] == "declared"),
        "concluded licences changed":
            count("licenses", lambda r: r["kind"] == "concluded"),
        "findings new": count("findings", lambda r: r["change"] == "new"),
        "findings resolved":
            count("findings", lambda r: r["change"] == "resolved"),
        "conflicts new": count("findings", lambda r: r["change"] == "new" and
                               r["verdict"] == "conflict"),
        "bases grown": tables["growth"],
        "download counts changed": tables["downloads"],
    }
    report("summary: each count is its table's rows", s == want,
           f"got {s}, tables say {want}")
    return s


def check_findings(doc, new_dir):
    old, new = audit_findings(OLD), audit_findings(new_dir)
    if old is None or new is None:
        report("findings: audit runs on both snapshots", False)
        return
    got = {(ref.ascii_lower(r["parent"]), ref.ascii_lower(r["child"]),
            r["verdict"], ",".join(r["reasons"]), r["change"])
           for r in doc.get("findings", [])}
    want = {f + ("resolved",) for f in old - new} | \
           {f + ("new",) for f in new - old}
    report(f"findings: the set difference of the two audits "
           f"({len(want)} rows)", got == want and len(want) > 0,
           f"missing {sorted(want - got)[:3]}, extra {sorted(got - want)[:3]}")


def check_gate(new_dir, summary):
    p = run("diff", "--quiet", "--no-cache", "--fail-on", "new-conflict",
            "--table", "models", OLD, new_dir)
    adds = summary.get("conflicts new", 0) > 0
    report(f"--fail-on new-conflict exits {3 if adds else 0} "
           f"({summary.get('conflicts new')} new conflicts)",
           p.returncode == (3 if adds else 0), f"exit {p.returncode}")
    p = run("diff", "--quiet", "--no-cache", "--fail-on", "new-conflict",
            new_dir, OLD)
    back = "findings resolved"
    report("--fail-on new-conflict, NEW and OLD swapped: exits 3 only if "
           "the changes resolved a conflict", p.returncode in (0, 3) and
           (p.returncode == 3) == (summary.get(back, 0) > 0 and
                                   conflicts_resolved(new_dir)),
           f"exit {p.returncode}")


def conflicts_resolved(new_dir):
    p = run("diff", "--quiet", "--no-cache", "--format", "json", "--limit",
            "0", "--table", "findings", OLD, new_dir)
    rows = json.loads(p.stdout) if p.returncode == 0 else {}
    rows = rows.get("findings", rows) if isinstance(rows, dict) else rows
    return any(r["change"] == "resolved" and r["verdict"] == "conflict"
               for r in rows)


def check_same():
    p = run("diff", "--quiet", "--no-cache", "--format", "json", OLD, OLD)
    doc = json.loads(p.stdout) if p.returncode == 0 else {}
    counts = [r["count"] for r in doc.get("summary", [])]
    report("a snapshot against itself: no change", p.returncode == 0 and
           len(counts) == 11 and not any(counts),
           f"exit {p.returncode}, {counts}")


def main():
    scratch = tempfile.mkdtemp(prefix="check-diff.")
    try:
        new, done = mutate(old_records(), random.Random(20240711))
        new_dir = os.path.join(scratch, "new")
        write_new(new, new_dir)
        p = run("diff", "--quiet", "--no-cache", "--format", "json",
                "--limit", "0", OLD, new_dir)
        report("diff OLD NEW exits 0", p.returncode == 0, p.stderr[-500:])
        doc = json.loads(p.stdout) if p.returncode == 0 else {}
        o, n = Side([OLD]), Side([new_dir])
        check_tables(doc, expected(o, n), done)
        summary = check_summary(doc)
        check_findings(doc, new_dir)
        check_gate(new_dir, summary)
        check_same()
        print("diff summary on the pair: " + ", ".join(
            f"{r['change']} {r['count']}" for r in doc.get("summary", [])))
    finally:
        shutil.rmtree(scratch)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
