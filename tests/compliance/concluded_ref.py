#!/usr/bin/python3
"""concluded_ref.py - every model's concluded licence, walked in Python.

An oracle for the concluded licence (SPEC section 4, include/lg_audit.h),
sharing no code with the C tool. It is imported by
tests/stats/check_stats.py (the stats tables' `concluded` columns) and
tests/compliance/check_concluded.py (the licence of every model, compared
with `lineage export` and `lineage audit`).

The rule, as written in lg_audit.h and the issue:
  * a model that declares a licence (a non-empty licence set) concludes
    its own: source `declared`;
  * else a breadth-first walk up its parent edges, through models (or
    external nodes, which declare nothing) that declare none, finds the
    ancestors that declare one at the smallest number of edges; of those
    tied nearest ones, the one whose licence family (the family of its
    set's first licence) is the most restrictive - permissive 0 <
    weak-copyleft 1 < copyleft 2 < use-restricted 3 < vendor 4 <
    non-commercial 5 < no-derivatives 6 < other 7 - then the smaller id
    (ASCII case-insensitive, then bytes): source `inherited`, from it;
  * else none (licence `unknown`).
The walk is one plain BFS per model, obviously right rather than fast; a
visited set ends it on a cycle. The graph is tests/reference/lineage_ref's.
"""

from collections import deque

RESTRICTIVENESS = {
    "permissive": 0, "weak-copyleft": 1, "copyleft": 2, "use-restricted": 3,
    "vendor": 4, "non-commercial": 5, "no-derivatives": 6, "other": 7,
}


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def id_key(name):
    """lg's id order: ASCII case-insensitive, then bytes."""
    return (ascii_lower(name).encode("utf-8", "surrogatepass"),
            name.encode("utf-8", "surrogatepass"))


def parents_of(g):
    """child key -> [parent keys], from lineage_ref's children map."""
    parents = {}
    for pkey, kids in g.children.items():
        for ckey in kids:
            parents.setdefault(ckey, []).append(pkey)
    return parents


class Concluded:
    __slots__ = ("source", "frm", "lset", "distance", "tied")

    def __init__(self, source, frm, lset, distance=0, tied=()):
        self.source = source      # "declared", "inherited" or "none"
        self.frm = frm            # the key of who declares it, or None
        self.lset = lset          # the licence set; () for none
        self.distance = distance  # edges up to frm (0: its own)
        self.tied = tied          # the keys of every tied nearest one


def nearest_declaring(key, parents, lsets):
    """(distance, [keys]) of the nearest ancestors declaring a licence
    (the walk passes only through nodes declaring none); (0, []) when
    there is none."""
    seen = {key}
    level = [key]
    distance = 0
    while level:
        distance += 1
        found, frontier = [], []
        for k in level:
            for p in parents.get(k, ()):
                if p in seen:
                    continue
                seen.add(p)
                if lsets.get(p):
                    found.append(p)
                else:
                    frontier.append(p)
        if found:
            return distance, found
        level = frontier
    return 0, []


def conclude(g, lsets, family_of):
    """key -> Concluded for every node of graph g (external ones too).
    lsets: key -> licence set (a tuple; empty for none) of the nodes with a
    record; family_of(lset) the family name of a non-empty set."""
    parents = parents_of(g)
    out = {}
    for key in g.name:
        own = lsets.get(key, ())
        if own:
            out[key] = Concluded("declared", key, own)
            continue
        distance, tied = nearest_declaring(key, parents, lsets)
        if not tied:
            out[key] = Concluded("none", None, ())
            continue
        best = min(tied, key=lambda k: (
            -RESTRICTIVENESS[family_of(lsets[k])], id_key(g.name[k])))
        out[key] = Concluded("inherited", best, lsets[best], distance,
                             tuple(tied))
    return out
