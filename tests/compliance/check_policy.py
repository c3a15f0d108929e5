#!/usr/bin/python3
"""check_policy.py - which edges a policy denying non-commercial licences
for `sell` must fail, worked out in Python.

Usage: check_policy.py BASELINE.tsv POLICY.tsv INPUT...

BASELINE.tsv is `lineage audit --all --format tsv INPUT...`, POLICY.tsv the
same with `--policy F --use sell`, F holding the one rule

    deny  family:non-commercial  sell

The policy judges each edge by the licence it was judged against (the
declared licence of the model in the `basis` column) and by the child's
concluded licence (lg_policy.h); a model offering several licences may
pick the one the policy likes best, so a licence set is denied only when
every licence in it is non-commercial. The expected edges are computed
here: the licence sets from the records (tests/stats/check_stats.py's
normalisation, data/licenses.tab as data), the child's concluded licence
from the walk of tests/compliance/concluded_ref.py, the edges from
tests/reference/lineage_ref.py; only the basis is taken from the binary's
BASELINE rows (choosing it needs the whole verdict matrix).

Checks: the POLICY_DENY edges are exactly the expected ones (the count
named); each of them is a conflict whose reasons are the baseline's plus
POLICY_DENY; every other row equals its baseline row byte for byte.
Prints "ok NAME" / "FAIL NAME: detail"; exit 1 if any check failed.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True
for sub in ("reference", "stats", "compliance"):
    sys.path.insert(0, os.path.join(ROOT, "tests", sub))
import lineage_ref as ref  # noqa: E402
import check_stats as lic  # noqa: E402
import check_concluded as cc  # noqa: E402  (its walk() and reporting)

NC = "non-commercial"


def all_nc(lset):
    return bool(lset) and all(lic.TABLE.lic[lid]["family"] == NC
                              for lid, _ in lset)


def first_nc(lset):
    return bool(lset) and lic.TABLE.lic[lset[0][0]]["family"] == NC


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    rows = {}
    for line in lines[1:]:
        if line:
            r = dict(zip(head, line.split("\t")))
            r["_line"] = line
            rows[(ref.ascii_lower(r["parent"]),
                  ref.ascii_lower(r["child"]))] = r
    return rows


def main(baseline_path, policy_path, inputs):
    g, lsets, con = cc.walk(inputs)
    base, pol = read_tsv(baseline_path), read_tsv(policy_path)
    edges = {(p, c) for p, kids in g.children.items() for c in kids}
    cc.report(f"policy: both runs list the walk's {len(edges)} edges",
              set(base) == edges and set(pol) == edges,
              f"baseline {len(base)}, policy {len(pol)}")

    want, by_basis, by_child, loose = set(), 0, 0, 0
    for e in edges:
        b = base.get(e, {}).get("basis", "")
        blset = lsets.get(ref.ascii_lower(b), ()) if b else ()
        clset = con[e[1]].lset
        by_basis += all_nc(blset)
        by_child += all_nc(clset)
        if all_nc(blset) or all_nc(clset):
            want.add(e)
        elif first_nc(blset) or first_nc(clset):
            loose += 1  # a non-commercial first licence, a way out after
    got = {e for e, r in pol.items() if "POLICY_DENY" in
           r["reasons"].split(",")}

    def name(e):
        r = pol.get(e) or base.get(e) or {}
        return f"{r.get('parent', e[0])} -> {r.get('child', e[1])}"

    missing, extra = sorted(want - got), sorted(got - want)
    cc.report(f"policy: deny family:non-commercial for sell fails exactly "
              f"the {len(want)} expected edges ({by_basis} judged against a "
              f"non-commercial licence, {by_child} into a child concluded "
              f"non-commercial; {loose} more whose sets name a "
              "non-commercial licence first but offer another, spared)",
              not missing and not extra,
              f"lineage denies {len(got)}; missing "
              f"{[name(e) for e in missing[:8]]}; extra "
              f"{[name(e) for e in extra[:8]]}")

    bad_deny, bad_rest = [], []
    for e in edges & set(pol) & set(base):
        p, b = pol[e], base[e]
        if e in got:
            reasons = [x for x in b["reasons"].split(",") if x]
            want_reasons = set(reasons) | {"POLICY_DENY"}
            same = all(p[k] == b[k] for k in b
                       if k not in ("verdict", "reasons", "_line"))
            if p["verdict"] != "conflict" or \
                    set(p["reasons"].split(",")) != want_reasons or not same:
                bad_deny.append(f"{name(e)}: {p['verdict']} {p['reasons']} "
                                f"(baseline {b['verdict']} {b['reasons']})")
        elif p["_line"] != b["_line"]:
            bad_rest.append(f"{name(e)}: {p['_line']!r} / baseline "
                            f"{b['_line']!r}")
    raised = sum(1 for e in got if base.get(e, {}).get("verdict") !=
                 "conflict")
    cc.report(f"policy: each denied edge is a conflict with POLICY_DENY "
              f"added to its reasons, the rest of its row unchanged "
              f"({raised} of them were not conflicts before)",
              not bad_deny, "; ".join(bad_deny[:8]))
    cc.report("policy: every edge not denied keeps its baseline row",
              not bad_rest, "; ".join(bad_rest[:8]))
    print(f"# policy: {len(got)} edges denied, {raised} raised to conflict")
    print(f"{cc.passed} passed, {cc.failed} failed")
    return 1 if cc.failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit("usage: check_policy.py BASELINE.tsv POLICY.tsv INPUT...")
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
