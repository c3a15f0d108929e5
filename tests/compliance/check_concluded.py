#!/usr/bin/python3
"""check_concluded.py - every model's concluded licence, walked again in Python.

The issue: "On the real fixtures: the concluded licence of every
licence-less model with a licensed ancestor equals an independent walk in
another language". This script runs the binary on the real fixtures
(fixtures/hub-listing-2024-07, 50,000 models and the external parents they
name) and compares, for EVERY node, what it concludes with the walk of
tests/compliance/concluded_ref.py:
  * `lineage export --format csv`: nodes.csv's concluded_license,
    concluded_source (empty for none) and concluded_from, per node;
  * `lineage audit --all --format tsv`: the concluded_license,
    concluded_source (`none` spelt out) and concluded_from of each edge's
    child, on every edge.
One check per source (declared, inherited, none), each naming its count;
then whether the audit's cap on tied nearest ancestors (MAX_TIED, 16) can
matter on the fixtures; then small hand-made inputs for the tie rules
(two tied nearest ancestors of different families, of one family, a
nearer unlicensed ancestor walked through, cycles, external parents, a
multi-licence ancestor, every family's rank), each with its expected
answer written out by hand and checked against both the walk and the
binary.

Nothing is read from the C code. Shared with other tests: the graph rules
(tests/reference/lineage_ref.py) and the licence normalisation of a record
(tests/stats/check_stats.py, which reads data/licenses.tab as data).

Usage: check_concluded.py [LINEAGE]   (else $LINEAGE, else ./lineage)
Prints "ok NAME" / "FAIL NAME: detail" per check, then "N passed, N
failed"; exit 1 if any check failed.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ left in the tree
for sub in ("reference", "stats", "compliance"):
    sys.path.insert(0, os.path.join(ROOT, "tests", sub))
import lineage_ref as ref  # noqa: E402  (the independent graph oracle)
import check_stats as lic  # noqa: E402  (licence sets, from the table)
import concluded_ref  # noqa: E402  (the walk)

LINEAGE = (sys.argv[1] if len(sys.argv) > 1
           else os.environ.get("LINEAGE", "./lineage"))
FIXTURES = os.path.join(ROOT, "fixtures", "hub-listing-2024-07")
MAX_TIED = 16  # the audit's cap on tied nearest ancestors (src/audit.c)

passed = failed = 0


def report(name, good, detail=""):
    global passed, failed
    if good:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")
    sys.stdout.flush()


# -- the walk ----------------------------------------------------------------

def walk(paths):
    """(graph, licence sets of the nodes with a record, key -> Concluded)."""
    lsets = {}

    def tap(records):
        for rec in records:
            rid = ref.record_id(rec)
            if rid is not None:  # the last record of an id wins
                lsets[ref.ascii_lower(rid)] = lic.licence_set(rec)
            yield rec

    stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0,
             "truncated": 0}
    g = ref.build_graph(tap(ref.read_inputs(paths, stats)), stats)
    lsets = {k: v for k, v in lsets.items() if k in g.downloads}
    return g, lsets, concluded_ref.conclude(g, lsets, lic.set_family)


def expected(g, con, key):
    """(licence, source, from) as the binary should print them."""
    c = con[key]
    return (lic.set_name(c.lset), c.source,
            g.name[c.frm] if c.source == "inherited" else "")


# -- the binary ----------------------------------------------------------------

def run(args):
    return subprocess.run([LINEAGE, *args], capture_output=True, text=True)


def export_nodes(inputs, scratch):
    """key -> nodes.csv row, or an error text."""
    out = os.path.join(scratch, "csv")
    p = run(["export", "--format", "csv", "-o", out, "--quiet",
             "--no-cache", *inputs])
    if p.returncode != 0:
        return f"export exits {p.returncode}: {p.stderr[-500:]}"
    with open(os.path.join(out, "nodes.csv"), newline="",
              encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for name in ("concluded_license", "concluded_source", "concluded_from"):
        if rows and name not in rows[0]:
            return f"nodes.csv has no column {name}: {list(rows[0])}"
    return {ref.ascii_lower(r["Id"]): r for r in rows}


def audit_rows(inputs):
    """The rows of `lineage audit --all --format tsv`, or an error text."""
    p = run(["audit", "--all", "--format", "tsv", "--quiet", "--no-cache",
             *inputs])
    if p.returncode != 0:
        return f"audit exits {p.returncode}: {p.stderr[-500:]}"
    lines = p.stdout.split("\n")
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:] if line]


def got_export(row):
    source = row["concluded_source"] or "none"  # empty for none
    return (row["concluded_license"], source, row["concluded_from"])


def got_audit(row):
    return (row["concluded_license"], row["concluded_source"],
            row["concluded_from"])


def show(t):
    return f"{t[0]} {t[1]}" + (f" from {t[2]}" if t[2] else "")


# -- the real fixtures ------------------------------------------------------------

def check_fixtures(scratch):
    g, lsets, con = walk([FIXTURES])
    report("fixtures: the walk reads 50000 models with a record",
           len(g.downloads) == 50000, str(len(g.downloads)))
    nodes = export_nodes([FIXTURES], scratch)
    if isinstance(nodes, str):
        report("fixtures: lineage export --format csv", False, nodes)
        return
    missing = sorted(g.name[k] for k in con if k not in nodes)
    extra = sorted(nodes[k]["Id"] for k in nodes if k not in con)
    report(f"fixtures: nodes.csv lists the walk's {len(con)} nodes "
           "(external parents too)", not missing and not extra,
           f"missing {missing[:5]}, extra {extra[:5]}")

    by_source = {"declared": [], "inherited": [], "none": []}
    for key, c in con.items():
        by_source[c.source].append(key)
    inherited = by_source["inherited"]
    with_record = sum(1 for k in inherited if k in g.downloads)
    titles = {
        "declared": f"{len(by_source['declared'])} declared: each model "
                    "declaring a licence concludes its own",
        "inherited": f"{len(inherited)} inherited: every licence-less "
                     "model with a licensed ancestor concludes the licence "
                     "and the id the walk finds",
        "none": f"{len(by_source['none'])} none: every node without a "
                "licensed ancestor concludes unknown, from nobody",
    }
    for source, keys in by_source.items():
        bad = []
        for key in sorted(keys):
            want = expected(g, con, key)
            row = nodes.get(key)
            if row is not None and got_export(row) != want:
                bad.append(f"{g.name[key]}: lineage {show(got_export(row))}"
                           f" / walk {show(want)}")
        report(f"fixtures: export nodes.csv, {titles[source]}", not bad,
               f"{len(bad)} differ: " + "; ".join(bad[:10]))

    rows = audit_rows([FIXTURES])
    if isinstance(rows, str):
        report("fixtures: lineage audit --all", False, rows)
        return
    edges = sum(len(kids) for kids in g.children.values())
    report(f"fixtures: audit --all lists the walk's {edges} edges",
           len(rows) == edges, f"{len(rows)} rows")
    bad, children = [], set()
    for r in rows:
        key = ref.ascii_lower(r["child"])
        children.add(key)
        want = expected(g, con, key) if key in con else None
        if got_audit(r) != want:
            bad.append(f"{r['parent']} -> {r['child']}: lineage "
                       f"{show(got_audit(r))} / walk "
                       f"{show(want) if want else 'no such node'}")
    counts = {s: sum(1 for k in children if con.get(k) and
                     con[k].source == s) for s in by_source}
    report(f"fixtures: audit --all, the concluded columns of every edge's "
           f"child ({len(children)} children: {counts['declared']} "
           f"declared, {counts['inherited']} inherited, {counts['none']} "
           "none)", not bad, f"{len(bad)} differ: " + "; ".join(bad[:10]))

    # MAX_TIED: the audit keeps at most 16 tied nearest ancestors per
    # model. A model's tied set holds each licence-less nearest parent's
    # tied set, so when no node has more than 16, none was ever cut.
    ties = {k: len(c.tied) for k, c in con.items() if c.source == "inherited"}
    widest = max(ties, key=lambda k: (ties[k], k)) if ties else None
    several = sum(1 for n in ties.values() if n > 1)
    report(f"fixtures: no node has more than MAX_TIED ({MAX_TIED}) tied "
           f"nearest licensed ancestors, so the audit's cap changes nothing "
           f"({several} nodes have ties; the most, "
           f"{ties.get(widest, 0)}, {g.name.get(widest)})",
           all(n <= MAX_TIED for n in ties.values()),
           ", ".join(f"{g.name[k]} {n}" for k, n in ties.items()
                     if n > MAX_TIED)[:1000])
    choice = sum(1 for k, c in con.items()
                 if c.source == "inherited" and
                 len({lic.set_name(lsets[t]) for t in c.tied}) > 1)
    print(f"# fixtures: {len(inherited)} nodes inherit ({with_record} with "
          f"a record), {several} from tied nearest ancestors, {choice} of "
          "them tied between different licences")
    assert with_record == len(inherited)  # an external node has no parent


# -- small inputs for the tie rules ---------------------------------------------

def rec(mid, *tags):
    return {"id": mid, "tags": list(tags)}


def lic_tag(lid):
    return f"license:{lid}"


def base(*parents):
    return [f"base_model:finetune:{p}" for p in parents]


# one licence of each family, least restrictive first (the rank)
BY_RANK = [("permissive", "mit"), ("weak-copyleft", "lgpl-3.0"),
           ("copyleft", "gpl-3.0"), ("use-restricted", "openrail"),
           ("vendor", "llama2"), ("non-commercial", "cc-by-nc-4.0"),
           ("no-derivatives", "cc-by-nd-4.0"), ("other", "other")]

SMALL = [
    # two tied nearest ancestors, different families: the most restrictive
    # wins over the smaller id
    rec("fam/a-mit", lic_tag("mit")),
    rec("fam/b-nc", lic_tag("cc-by-nc-4.0")),
    rec("fam/kid", *base("fam/a-mit", "fam/b-nc")),
    rec("fam/kid-swapped", *base("fam/b-nc", "fam/a-mit")),
    # same family: the smaller id, ASCII case ignored ('B' < 'a' in bytes)
    rec("same/B-apache", lic_tag("apache-2.0")),
    rec("same/a-mit", lic_tag("mit")),
    rec("same/kid", *base("same/B-apache", "same/a-mit")),
    # a nearer unlicensed ancestor is walked through; nearer beats more
    # restrictive (gpl at 2 edges over nc at 3)
    rec("near/top-gpl", lic_tag("gpl-3.0")),
    rec("near/mid", *base("near/top-gpl")),
    rec("near/far-nc", lic_tag("cc-by-nc-4.0")),
    rec("near/m2", *base("near/far-nc")),
    rec("near/m1", *base("near/m2")),
    rec("near/kid", *base("near/mid", "near/m1")),
    # a declared `unknown` declares nothing: walked through as well
    rec("near/unknown", lic_tag("unknown"), *base("near/top-gpl")),
    # a cycle of licence-less models with a licensed root above one of
    # them, a child below; and a cycle with no licence anywhere
    rec("cyc/root-mit", lic_tag("mit")),
    rec("cyc/a", *base("cyc/b")),
    rec("cyc/b", *base("cyc/a", "cyc/root-mit")),
    rec("cyc/c", *base("cyc/a")),
    rec("cyc/x", *base("cyc/y")),
    rec("cyc/y", *base("cyc/x")),
    # an external parent (no record) declares nothing and has no parents
    rec("ext/kid", *base("ext/nowhere")),
    rec("ext/kid2", *base("ext/Missing")),
    rec("ext/other-kid", *base("ext/missing")),
    # a multi-licence ancestor ranks by its first licence's family
    rec("multi/perm-first", lic_tag("apache-2.0"), lic_tag("cc-by-nc-4.0")),
    rec("multi/nc-first", lic_tag("cc-by-nc-4.0"), lic_tag("apache-2.0")),
    rec("multi/gpl", lic_tag("gpl-3.0")),
    rec("multi/kid-gpl", *base("multi/perm-first", "multi/gpl")),
    rec("multi/kid-nc", *base("multi/nc-first", "multi/gpl")),
    # the whole rank: kid k has a parent of each family of rank <= k,
    # listed most restrictive first so tag order cannot help
] + [rec(f"rank/p{i}-{fam}", lic_tag(lid))
     for i, (fam, lid) in enumerate(BY_RANK)] + [
    rec(f"rank/kid{k}", *base(*(f"rank/p{i}-{BY_RANK[i][0]}"
                                for i in range(k, -1, -1))))
    for k in range(len(BY_RANK))
] + [
    # a declaring model keeps its own, whatever its parents carry
    rec("own/kid-mit", lic_tag("mit"), *base("fam/b-nc")),
]

# child -> (licence, source, from), written out by hand from the rule
WANT = {
    "fam/kid": ("cc-by-nc-4.0", "inherited", "fam/b-nc"),
    "fam/kid-swapped": ("cc-by-nc-4.0", "inherited", "fam/b-nc"),
    "same/kid": ("mit", "inherited", "same/a-mit"),
    "near/mid": ("gpl-3.0", "inherited", "near/top-gpl"),
    "near/kid": ("gpl-3.0", "inherited", "near/top-gpl"),
    "near/m1": ("cc-by-nc-4.0", "inherited", "near/far-nc"),
    "near/unknown": ("gpl-3.0", "inherited", "near/top-gpl"),
    "cyc/a": ("mit", "inherited", "cyc/root-mit"),
    "cyc/b": ("mit", "inherited", "cyc/root-mit"),
    "cyc/c": ("mit", "inherited", "cyc/root-mit"),
    "cyc/x": ("unknown", "none", ""),
    "cyc/y": ("unknown", "none", ""),
    "ext/kid": ("unknown", "none", ""),
    "ext/nowhere": ("unknown", "none", ""),
    "ext/kid2": ("unknown", "none", ""),
    "ext/other-kid": ("unknown", "none", ""),
    "multi/kid-gpl": ("gpl-3.0", "inherited", "multi/gpl"),
    "multi/kid-nc": ("cc-by-nc-4.0,apache-2.0", "inherited",
                     "multi/nc-first"),
    "own/kid-mit": ("mit", "declared", ""),
    **{f"rank/kid{k}": (BY_RANK[k][1], "inherited",
                        f"rank/p{k}-{BY_RANK[k][0]}")
       for k in range(len(BY_RANK))},
}
WHY = {
    "fam/kid": "tied nearest, different families: non-commercial over "
               "permissive, though its id is larger",
    "fam/kid-swapped": "the same with the base_model tags swapped",
    "same/kid": "tied nearest, one family: the smaller id in any case, "
                "same/a-mit before same/B-apache",
    "near/kid": "a nearer licence-less ancestor walked through; 2 edges "
                "beat a more restrictive licence 3 edges up",
    "near/unknown": "license:unknown declares nothing",
    "cyc/c": "below a licence-less cycle with a licensed root",
    "cyc/x": "a licence-less cycle: none, and the walk ends",
    "ext/other-kid": "an external parent (any case): none",
    "multi/kid-gpl": "a multi-licence ancestor ranks by its first licence, "
                     "apache-2.0: copyleft wins",
    "multi/kid-nc": "cc-by-nc-4.0 first: it wins, the whole set carried",
    "own/kid-mit": "a declaring model keeps its own",
}


def check_small(scratch):
    path = os.path.join(scratch, "ties.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in SMALL)
    g, lsets, con = walk([path])
    nodes = export_nodes([path], scratch)
    rows = audit_rows([path])
    if isinstance(nodes, str) or isinstance(rows, str):
        report("small: export and audit run", False,
               nodes if isinstance(nodes, str) else rows)
        return
    by_child = {}
    for r in rows:
        by_child.setdefault(ref.ascii_lower(r["child"]), set()).add(
            got_audit(r))
    for child, want in WANT.items():
        key = ref.ascii_lower(child)
        walked = expected(g, con, key) if key in con else None
        row = nodes.get(key)
        exp = got_export(row) if row else None
        aud = by_child.get(key, set())  # none for a root
        problems = []
        if walked != want:
            problems.append(f"the walk says {walked}")
        if exp != want:
            problems.append(f"export says {exp}")
        if any(a != want for a in aud):
            problems.append(f"audit says {sorted(aud)}")
        why = WHY.get(child)
        report(f"small: {child} concludes {show(want)}"
               + (f" ({why})" if why else ""), not problems,
               "; ".join(problems))
    # every other node of the small input: the walk and the binary agree
    bad = [f"{g.name[k]}: lineage {show(got_export(nodes[k]))} / walk "
           f"{show(expected(g, con, k))}" for k in con
           if k in nodes and got_export(nodes[k]) != expected(g, con, k)]
    report(f"small: all {len(con)} nodes agree with the walk", not bad and
           len(nodes) == len(con), "; ".join(bad[:10]) +
           f" ({len(nodes)} rows in nodes.csv)")


def check_wide(scratch):
    """More tied nearest ancestors than the audit keeps (MAX_TIED): the
    rule still picks the most restrictive of all of them, whatever the
    order of the base_model tags."""
    recs = [rec(f"wide/p{i:02d}", lic_tag("mit")) for i in range(20)]
    recs.append(rec("wide/zz-nc", lic_tag("cc-by-nc-4.0")))
    last = [f"wide/p{i:02d}" for i in range(20)] + ["wide/zz-nc"]
    recs.append(rec("wide/kid-nc-last", *base(*last)))
    recs.append(rec("wide/kid-nc-first", *base(last[-1], *last[:-1])))
    recs.append(rec("wide/mid", *base(*last)))
    recs.append(rec("wide/kid-below-mid", *base("wide/mid")))
    path = os.path.join(scratch, "wide.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in recs)
    g, _, con = walk([path])
    nodes = export_nodes([path], scratch)
    if isinstance(nodes, str):
        report("wide: export runs", False, nodes)
        return
    want = ("cc-by-nc-4.0", "inherited", "wide/zz-nc")
    kids = ("wide/kid-nc-last", "wide/kid-nc-first", "wide/mid",
            "wide/kid-below-mid")
    walk_ok = all(expected(g, con, k) == want for k in kids)
    report("wide: the walk concludes cc-by-nc-4.0 for all 4 models with 21 "
           "tied nearest ancestors", walk_ok,
           str({k: expected(g, con, k) for k in kids}))
    got = {k: got_export(nodes[k]) for k in kids}
    name = ("wide: with 21 tied nearest ancestors (20 mit, 1 cc-by-nc-4.0) "
            "the binary concludes cc-by-nc-4.0 whatever the tag order")
    report(name, all(v == want for v in got.values()),
           "; ".join(f"{k} {show(v)}" for k, v in got.items()))


def main(scratch):
    if not os.access(LINEAGE, os.X_OK):
        print(f"check_concluded.py: {LINEAGE} is not an executable",
              file=sys.stderr)
        sys.exit(1)
    check_fixtures(scratch)
    check_small(scratch)
    check_wide(scratch)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["LINEAGE_CACHE_DIR"] = scratch  # --no-cache too, in case
        os.environ["LC_ALL"] = "C"
        main(scratch)
