#!/usr/bin/python3
"""The lineage pipeline as a Python user would write it with NetworkX.

Usage: networkx_peer.py [-o OUT.graphml] [--seed S] INPUT...

This is the yardstick of SPEC section 6 ("against the same pipeline in Python +
NetworkX: load, descendant counts, Louvain, GraphML"), run side by side with
`lineage` by tests/bench/bench.sh.  It is written the obvious way, with
the library calls a researcher would reach for, not tuned:

  load         read the listing (gzip or plain; JSON lines, arrays or single
               objects) and build an nx.DiGraph parent -> child from the
               `base_model:` tags (cardData.base_model as the fallback), ids
               matched lower-cased.  Parsing and the lineage rules are
               tests/reference/lineage_ref.py's, imported, so both tools see
               the same graph.
  descendants  len(nx.descendants(G, n)) for every node with children
  licenses     every edge's licences compared: the declared licence of each
               record (cardData.license, else its license: tags, lower-cased)
               kept at load, then per edge: same, changed, or one side
               missing, counted (the comparison a researcher writes by hand;
               NetworkX has no licence rules)
  louvain      nx.community.louvain_communities(G.to_undirected(), seed=S)
  modularity   nx.community.modularity of that partition
  graphml      nx.write_graphml with the label, downloads, children,
               descendants and modularity_class of every node and the
               relation of every edge

Output on stdout, one `name<TAB>value` per line: the graph's size, each
phase's wall-clock seconds (`load_s`, ..., `graphml_s`, and `total_s`, their
sum), the modularity and the number
of communities (of two or more models; NetworkX leaves every isolated model in
a community of its own, which does not change the modularity).  Peak memory is
for the caller to measure (/usr/bin/time).  Without -o the GraphML goes to a
temporary file that is deleted after its size is reported.
"""

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))

import networkx as nx  # noqa: E402

import lineage_ref  # noqa: E402


def declared_license(rec):
    """cardData.license (a string or list), else the license: tags."""
    card = rec.get("cardData")
    value = card.get("license") if isinstance(card, dict) else None
    if isinstance(value, str):
        return value.strip().lower() or None
    if isinstance(value, list):
        items = [v.strip().lower() for v in value if isinstance(v, str) and v.strip()]
        return ",".join(sorted(items)) or None
    tags = rec.get("tags")
    if isinstance(tags, list):
        items = [t[8:].strip().lower() for t in tags
                 if isinstance(t, str) and t.startswith("license:")]
        return ",".join(sorted(items)) or None
    return None


def with_licenses(records, licenses):
    """Passes records through, keeping each one's declared licence by id."""
    for rec in records:
        rid = lineage_ref.record_id(rec) if isinstance(rec, dict) else None
        if rid:
            licenses[lineage_ref.ascii_lower(rid)] = declared_license(rec)
        yield rec


def load(paths, licenses):
    stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0, "truncated": 0}
    records = with_licenses(lineage_ref.read_inputs(paths, stats), licenses)
    g = lineage_ref.build_graph(records, stats)
    G = nx.DiGraph()
    # Node ids are the lower-cased keys (the matching rule); the label keeps
    # the display spelling.  Models with a record come first, then externals.
    for key, name in g.name.items():
        attrs = {"label": name}
        if key in g.downloads:
            attrs["downloads"] = g.downloads[key]
            attrs["external"] = False
        else:
            attrs["external"] = True
        G.add_node(key, **attrs)
    for parent, kids in g.children.items():
        for child, relation in kids.items():
            G.add_edge(parent, child, relation=relation)
    return G, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("-o", dest="out", help="GraphML file to keep (default: a temporary file)")
    ap.add_argument("--seed", type=int, default=1, help="Louvain seed (default 1)")
    a = ap.parse_args()

    times = {}

    def phase(name, start):
        times[name] = time.perf_counter() - start
        print(f"networkx_peer: {name} done in {times[name]:.1f} s", file=sys.stderr, flush=True)

    t = time.perf_counter()
    licenses = {}
    G, stats = load(a.inputs, licenses)
    phase("load", t)

    t = time.perf_counter()
    for n in G.nodes:
        if G.out_degree(n) > 0:
            d = nx.descendants(G, n)
            d.discard(n)  # on a cycle a node reaches itself; it is not its own descendant
            G.nodes[n]["descendants"] = len(d)
            G.nodes[n]["children"] = G.out_degree(n)
    phase("descendants", t)

    t = time.perf_counter()
    verdicts = {"same": 0, "changed": 0, "missing": 0}
    for parent, child in G.edges:
        lp, lc = licenses.get(parent), licenses.get(child)
        kind = "missing" if lp is None or lc is None else "same" if lp == lc else "changed"
        verdicts[kind] += 1
        G.edges[parent, child]["license_change"] = kind
    phase("licenses", t)

    t = time.perf_counter()
    U = G.to_undirected()
    communities = nx.community.louvain_communities(U, seed=a.seed)
    phase("louvain", t)

    t = time.perf_counter()
    modularity = nx.community.modularity(U, communities)
    phase("modularity", t)
    del U

    t = time.perf_counter()
    for i, members in enumerate(sorted(communities, key=len, reverse=True)):
        for n in members:
            G.nodes[n]["modularity_class"] = i
    if a.out:
        out = a.out
    else:
        fd, out = tempfile.mkstemp(suffix=".graphml")
        os.close(fd)
    try:
        nx.write_graphml(G, out)
        size = os.path.getsize(out)
    finally:
        if not a.out:
            os.unlink(out)
    phase("graphml", t)

    print(f"networkx\t{nx.__version__}")
    print(f"records\t{stats['kept']}")
    print(f"nodes\t{G.number_of_nodes()}")
    print(f"edges\t{G.number_of_edges()}")
    for name in ("load", "descendants", "licenses", "louvain", "modularity", "graphml"):
        print(f"{name}_s\t{times[name]:.3f}")
    print(f"total_s\t{sum(times.values()):.3f}")
    print(f"modularity\t{modularity:.6f}")
    print(f"communities\t{sum(1 for c in communities if len(c) > 1)}")
    print(f"graphml_bytes\t{size}")
    for kind, count in verdicts.items():
        print(f"license_{kind}\t{count}")


if __name__ == "__main__":
    main()
