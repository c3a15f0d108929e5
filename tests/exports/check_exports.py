#!/usr/bin/env python3
"""Reads `lineage export` output back with real readers and checks it.

GraphML and GEXF go through NetworkX (read_graphml, read_gexf), DOT through
Graphviz (`dot -Tsvg`, the SVG through an XML parser), CSV through the csv
module, JSON through json.load. The whole 50-page Hub listing fixture is
exported in every format and the formats are compared with each other and
with the counts of the ingest summary line (the one `lineage rank` and
`lineage show` print); a hand-made input with hostile ids (/ - . : " \\,
non-ASCII, DOT keywords, control characters, U+FFFE/U+FFFF) must survive
every format. DOT of one family is drawn by `dot`, conflicts in red. Also:
the selection flags against graphs computed here from the full export,
atomic -o, and `lineage communities` (determinism, coverage, modularity
recomputed by NetworkX, Leiden against NetworkX's Louvain).

Prints "ok NAME" / "FAIL NAME: detail" lines for tests/run.sh; exit 1 on any
failure. Usage: check_exports.py LINEAGE_BINARY
Needs python3-networkx and Graphviz `dot` (tests/cli/exports.sh skips
without them).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
from networkx.readwrite import gexf as nx_gexf

# NetworkX before 3.0 (Debian 12 ships 2.8.8) reads GEXF 1.1draft and
# 1.2draft only; it finds no <graph> in the GEXF 1.3 namespace the spec
# requires. Teach its reader the 1.3 namespaces, the same table entry
# NetworkX 3 has; the parsing is still NetworkX's own.
GEXF13_NOTE = ""
if "1.3" not in nx_gexf.GEXF.versions:
    nx_gexf.GEXF.versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        "VERSION": "1.3",
    }
    GEXF13_NOTE = (f" (networkx {nx.__version__}: GEXF 1.3 namespace "
                   "registered as in networkx 3)")

LINEAGE = sys.argv[1] if len(sys.argv) > 1 else "./lineage"
LINEAGE = os.path.abspath(LINEAGE) if os.sep in LINEAGE else (
    shutil.which(LINEAGE) or LINEAGE)
ROOT_DIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT_DIR, "fixtures", "hub-listing-2024-07")
BASE = "mistralai/Mistral-7B-v0.1"
BASE_UPPER = "MISTRALAI/mistral-7b-v0.1"
FAMILY_MEMBER = "NVIDIA/openmath-mistral-7b-v0.1-HF"   # a child of BASE
UNKNOWN = "no-such-org/no-such-model"

ENV = dict(os.environ, LC_ALL="C", TZ="UTC")
TIMING = os.environ.get("CHECK_EXPORTS_TIMING")
T0 = time.monotonic()
failures = 0


def report(name, good, detail=""):
    global failures
    if TIMING:
        print(f"# {time.monotonic() - T0:6.2f}s", file=sys.stderr, flush=True)
    if good:
        print(f"ok {name}", flush=True)
    else:
        failures += 1
        detail = str(detail).replace("\n", " | ")
        if len(detail) > 1500:
            detail = detail[:1500] + "..."
        print(f"FAIL {name}: {detail}", flush=True)


def run(args, preexec=None):
    """Runs lineage; (exit status, stdout bytes, stderr text). Output goes
    through unnamed temp files, not pipes: a pipe drained by a thread that
    waits for the GIL while the main thread parses XML stalls lineage."""
    t = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.run([LINEAGE, *args], stdout=out, stderr=err, env=ENV,
                           preexec_fn=preexec)
        out.seek(0)
        err.seek(0)
        o, e = out.read(), err.read()
    if TIMING:
        print(f"# {time.monotonic() - t:5.2f}s lineage {' '.join(args[:4])}",
              file=sys.stderr, flush=True)
    return p.returncode, o, e.decode("utf-8", "replace")


def sample(items, n=5):
    items = sorted(map(repr, items))
    return ", ".join(items[:n]) + (f" (+{len(items) - n} more)"
                                   if len(items) > n else "")


def set_diff(expected, actual):
    return (f"missing {len(expected - actual)}: "
            f"{sample(expected - actual)}; extra {len(actual - expected)}: "
            f"{sample(actual - expected)}")


# --- expectations -----------------------------------------------------------

NODE_TYPES = {"label": "string", "license": "string",
              "license_family": "string", "openness": "string",
              "concluded_license": "string", "concluded_source": "string",
              "concluded_from": "string", "author": "string", "pipeline": "string", "created": "string",
              "downloads": "long", "likes": "long", "children": "long",
              "descendants": "long", "external": "boolean",
              "modularity_class": "int"}
EDGE_TYPES = {"relation": "string", "relation_source": "string",
              "verdict": "string", "reasons": "string"}
PY_TYPE = {"string": str, "long": int, "int": int, "boolean": bool}
RELATIONS = {"finetune", "adapter", "quantized", "merge"}
RELATION_SOURCES = {"tag", "card", "inferred"}
VERDICTS = {"ok", "info", "warn", "conflict"}
BAD_VALUES = {"", "None", "none", "nan", "NaN", "null", "NULL", "inf"}
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUMMARY_RE = re.compile(r"(\d+) models \((\d+) external\), (\d+) edges")
EXPORTED_RE = re.compile(r"exported (\d+) models and (\d+) edges")


def check_graphml_keys(name, path):
    """The <key> declarations, read from the file itself: before <graph>,
    each with for/attr.name/attr.type, id == attr.name, no d0-style ids."""
    with open(path, "rb") as f:
        head = f.read(1 << 16).decode("utf-8", "replace")
    cut = head.find("<graph ")
    if cut < 0:
        report(name, False, "no <graph> element in the first 64 KiB")
        return
    keys = re.findall(r"<key\b([^>]*)/?>", head[:cut])
    problems, seen = [], {}
    for k in keys:
        a = dict(re.findall(r'([\w.]+)="([^"]*)"', k))
        kid, name_, typ, for_ = (a.get("id"), a.get("attr.name"),
                                 a.get("attr.type"), a.get("for"))
        if None in (kid, name_, typ, for_):
            problems.append(f"incomplete key <key{k}>")
            continue
        if kid != name_:
            problems.append(f"key id {kid!r} != attr.name {name_!r}")
        if re.fullmatch(r"d\d+", kid):
            problems.append(f"d-style key id {kid!r}")
        if typ not in ("boolean", "int", "long", "float", "double", "string"):
            problems.append(f"key {kid}: attr.type {typ!r}")
        if for_ not in ("node", "edge"):
            problems.append(f"key {kid}: for={for_!r}")
        seen[(for_, name_)] = typ
    want = {("node", k): t for k, t in NODE_TYPES.items()}
    want.update({("edge", k): t for k, t in EDGE_TYPES.items()})
    if seen != want:
        problems.append(f"declared {sorted(seen.items())}, "
                        f"want {sorted(want.items())}")
    if "<key" in head[cut:]:
        problems.append("a <key> after <graph>")
    report(name, not problems, "; ".join(problems))


def check_typed(name, G, require_modularity_some=True):
    """Attribute types and values of a graph read back by NetworkX."""
    problems = []
    for n, d in G.nodes(data=True):
        if d.get("label") != n:
            problems.append(f"node {n!r}: label {d.get('label')!r}")
        if not isinstance(d.get("external"), bool):
            problems.append(f"node {n!r}: external {d.get('external')!r}")
        for k in ("children", "descendants"):
            if type(d.get(k)) is not int:
                problems.append(f"node {n!r}: {k} {d.get(k)!r}")
        for k, v in d.items():
            if k == "label" and v == n:
                continue    # a model may be named "None" (the Hub has one)
            if k not in NODE_TYPES:
                problems.append(f"node {n!r}: undeclared attribute {k!r}")
            elif type(v) is not PY_TYPE[NODE_TYPES[k]]:
                problems.append(f"node {n!r}: {k}={v!r} is "
                                f"{type(v).__name__}")
            elif isinstance(v, str) and (v in BAD_VALUES
                                         or XML_ILLEGAL.search(v)):
                problems.append(f"node {n!r}: {k}={v!r}")
            elif isinstance(v, int) and k != "modularity_class" and v < 0:
                problems.append(f"node {n!r}: {k}={v!r} negative")
        if len(problems) > 10:
            break
    for u, v, d in G.edges(data=True):
        if d.get("relation") not in RELATIONS:
            problems.append(f"edge {u!r}->{v!r}: relation "
                            f"{d.get('relation')!r}")
        if d.get("relation_source") not in RELATION_SOURCES:
            problems.append(f"edge {u!r}->{v!r}: relation_source "
                            f"{d.get('relation_source')!r}")
        if d.get("verdict") not in VERDICTS:
            problems.append(f"edge {u!r}->{v!r}: verdict "
                            f"{d.get('verdict')!r}")
        for k, val in d.items():
            if k == "id":
                continue
            if k not in EDGE_TYPES:
                problems.append(f"edge {u!r}->{v!r}: undeclared {k!r}")
            elif not isinstance(val, str) or val in BAD_VALUES \
                    or XML_ILLEGAL.search(val):
                problems.append(f"edge {u!r}->{v!r}: {k}={val!r}")
        if len(problems) > 10:
            break
    if require_modularity_some and G.number_of_edges() and not any(
            "modularity_class" in d for _, d in G.nodes(data=True)):
        problems.append("no node has a modularity_class")
    report(name, not problems, "; ".join(problems[:10]))


def node_attrs(G):
    return {n: {k: v for k, v in d.items()} for n, d in G.nodes(data=True)}


def edge_set(G):
    return set((u, v) for u, v in G.edges())


def read_graphml(name, path):
    try:
        return nx.read_graphml(path)
    except Exception as e:  # noqa: BLE001 - any reader error is the finding
        report(name, False, f"networkx.read_graphml: {type(e).__name__}: {e}")
        return None


def read_gexf(name, path):
    """The GEXF graph, its dynamic `start` dates checked (each node's its
    creation day, each edge's its child's) and then set aside, so the rest
    compares with the GraphML."""
    try:
        G = nx.read_gexf(path)
    except Exception as e:  # noqa: BLE001
        report(name, False, f"networkx.read_gexf: {type(e).__name__}: {e}")
        return None
    bad = [n for n, d in G.nodes(data=True)
           if d.pop("start", None) != (d.get("created") or "")[:10]
           and d.get("created")]
    bad += [(u, v) for u, v, d in G.edges(data=True)
            if d.pop("start", None) != (G.nodes[v].get("created") or "")[:10]
            and G.nodes[v].get("created")]
    report(f"{name}: start is each node's creation day, each edge's its "
           "child's (Gephi's timeline)", not bad, f"{bad[:5]}")
    return G


def read_csv_dir(name, d):
    """nodes.csv and edges.csv -> (header, node rows, edge header, rows)."""
    try:
        with open(os.path.join(d, "nodes.csv"), newline="",
                  encoding="utf-8") as f:
            nrows = list(csv.reader(f))
        with open(os.path.join(d, "edges.csv"), newline="",
                  encoding="utf-8") as f:
            erows = list(csv.reader(f))
    except Exception as e:  # noqa: BLE001
        report(name, False, f"csv: {type(e).__name__}: {e}")
        return None
    return nrows[0], nrows[1:], erows[0], erows[1:]


def check_csv(name, d, G):
    r = read_csv_dir(name, d)
    if r is None:
        return
    nhead, nrows, ehead, erows = r
    problems = []
    if nhead[:2] != ["Id", "Label"] or set(nhead[2:]) != set(NODE_TYPES) - {
            "label"}:
        problems.append(f"nodes.csv header {nhead}")
    if ehead != ["Source", "Target", "Type", "relation", "relation_source",
                 "verdict", "reasons"]:
        problems.append(f"edges.csv header {ehead}")
    bad = [row for row in nrows if len(row) != len(nhead)]
    bad += [row for row in erows if len(row) != len(ehead)]
    if bad:
        problems.append(f"rows with the wrong number of fields: {bad[:3]}")
    ids = [row[0] for row in nrows]
    if len(ids) != len(set(ids)):
        problems.append("duplicate Id rows")
    if len(nrows) != G.number_of_nodes():
        problems.append(f"{len(nrows)} node rows, GraphML has "
                        f"{G.number_of_nodes()} nodes")
    if set(ids) != set(G.nodes):
        problems.append("node Ids differ from GraphML: "
                        + set_diff(set(G.nodes), set(ids)))
    if any(row[1] != row[0] for row in nrows if len(row) > 1):
        problems.append("a Label differs from its Id")
    edges = [(row[0], row[1]) for row in erows if len(row) >= 2]
    if len(edges) != G.number_of_edges() or set(edges) != edge_set(G):
        problems.append(f"edge set differs from GraphML ({len(edges)} rows, "
                        f"{G.number_of_edges()} edges): "
                        + set_diff(edge_set(G), set(edges)))
    types = {row[2] for row in erows if len(row) > 2}
    if types - {"Directed"}:
        problems.append(f"Type values {types}")
    # every value equals the GraphML one (empty cell = value left out)
    if not problems:
        col = {h: i for i, h in enumerate(nhead)}
        for row in nrows:
            want = G.nodes[row[0]]
            for k in NODE_TYPES:
                if k == "label":
                    continue
                cell = row[col[k]]
                w = want.get(k)
                w = "" if w is None else (str(w).lower() if isinstance(
                    w, bool) else str(w))
                if cell != w and not (XML_ILLEGAL.sub("", cell) == w):
                    problems.append(f"{row[0]!r}: {k} csv {cell!r}, "
                                    f"graphml {w!r}")
            if len(problems) > 5:
                break
        for row in erows:
            ed = G.edges[row[0], row[1]]
            want = tuple(ed.get(k, "") for k in ("relation", "relation_source",
                                                 "verdict", "reasons"))
            if tuple(row[3:7]) != want:
                problems.append(f"edge {row[:2]}: csv {row[3:]} graphml "
                                f"{want}")
            if len(problems) > 5:
                break
    report(name, not problems, "; ".join(problems[:6]))


def load_json(name, data):
    try:
        return json.load(io.TextIOWrapper(io.BytesIO(data), "utf-8"))
    except Exception as e:  # noqa: BLE001
        report(name, False, f"json.load: {type(e).__name__}: {e}")
        return None


def check_json(name, doc, G):
    problems = []
    try:
        nodes = [n["data"] for n in doc["elements"]["nodes"]]
        edges = [e["data"] for e in doc["elements"]["edges"]]
    except (KeyError, TypeError) as e:
        report(name, False, f"not Cytoscape.js elements: {e!r}")
        return
    ids = [n.get("id") for n in nodes]
    if len(ids) != len(set(ids)):
        problems.append("duplicate node ids")
    if len(nodes) != G.number_of_nodes() or set(ids) != set(G.nodes):
        problems.append(f"{len(nodes)} nodes, GraphML {G.number_of_nodes()}: "
                        + set_diff(set(G.nodes), set(ids)))
    eids = [e.get("id") for e in edges]
    idset = set(ids)
    if len(eids) != len(set(eids)) or None in eids:
        problems.append("edge ids missing or not unique")
    if any(e.get("id") in idset for e in edges):
        problems.append("an edge id equals a node id (Cytoscape.js rejects)")
    es = [(e.get("source"), e.get("target")) for e in edges]
    if len(es) != G.number_of_edges() or set(es) != edge_set(G):
        problems.append(f"{len(es)} edges, GraphML {G.number_of_edges()}: "
                        + set_diff(edge_set(G), set(es)))
    for n in nodes:
        for k, v in n.items():
            if k == "id":
                continue
            if k not in NODE_TYPES:
                problems.append(f"node {n['id']!r}: unknown key {k!r}")
            elif type(v) is not PY_TYPE[NODE_TYPES[k]]:
                problems.append(f"node {n['id']!r}: {k}={v!r}")
        if n.get("id") in G and not problems:
            want = G.nodes[n["id"]]
            got = {k: (XML_ILLEGAL.sub("", v) if isinstance(v, str) else v)
                   for k, v in n.items() if k != "id"}
            if set(got) != set(want) or any(
                    got[k] != want[k] and not (
                        isinstance(got[k], str)
                        and got[k].split() == want[k].split())
                    for k in got):
                problems.append(f"node {n['id']!r}: json {got} graphml "
                                f"{want}")
        if len(problems) > 5:
            break
    report(name, not problems, "; ".join(problems[:6]))


def undirected(G):
    H = nx.Graph()
    H.add_edges_from(G.edges())
    return H


def parse_tsv(data):
    lines = data.decode("utf-8").splitlines()
    return lines[0].split("\t") if lines else [], \
        [ln.split("\t") for ln in lines[1:]]


# --- main -------------------------------------------------------------------

def main():
    if not os.path.isdir(FIXTURE):
        report("fixture present", False, f"{FIXTURE} missing")
        return
    tmp = tempfile.mkdtemp(prefix="lineage-exports.")
    try:
        checks(tmp)
    finally:
        for dirpath, dirnames, _ in os.walk(tmp):
            for dn in dirnames:
                os.chmod(os.path.join(dirpath, dn), 0o755)
        shutil.rmtree(tmp, ignore_errors=True)


def checks(tmp):
    T = lambda *p: os.path.join(tmp, *p)  # noqa: E731
    F = FIXTURE

    # Files that must survive a failed export, written before any run.
    with open(T("keep.graphml"), "w") as f:
        f.write("precious\n")
    os.mkdir(T("keepcsv"))
    for fn in ("nodes.csv", "edges.csv"):
        with open(T("keepcsv", fn), "w") as f:
            f.write(f"precious {fn}\n")

    pool = ThreadPoolExecutor(max_workers=2)
    jobs = {}

    def start(key, *args):
        jobs[key] = pool.submit(run, list(args))

    def get(key):
        return jobs[key].result()

    # In the order they are needed, two at a time.
    start("graphml", "export", "-o", T("full.graphml"), F)
    start("gexf", "export", "--format", "gexf", "-o", T("full.gexf"), F)
    start("root", "export", "--root", BASE, "-o", T("root.graphml"), F)
    start("csv", "export", "--quiet", "--format", "csv", "-o", T("csv"), F)
    start("root_dot", "export", "--quiet", "--format", "dot", "--root", BASE,
          "-o", T("root.dot"), F)
    start("json", "export", "--quiet", "--format", "json", F)
    start("root_d1", "export", "--quiet", "--root", BASE_UPPER, "--depth",
          "1", "-o", T("root_d1.graphml"), F)
    start("show_d1", "show", "--format", "tsv", "--depth", "1", BASE, F)
    start("family", "export", "--quiet", "--family", FAMILY_MEMBER,
          "-o", T("family.graphml"), F)
    start("top1", "export", "--quiet", "--top", "1", "-o", T("top1.graphml"),
          F)
    start("min100", "export", "--quiet", "--min-descendants", "100",
          "-o", T("min100.graphml"), F)
    start("unknown", "export", "--root", UNKNOWN, "-o", T("keep.graphml"), F)
    start("leiden1", "communities", "--quiet", "--format", "tsv", F)
    start("leiden2", "communities", "--quiet", "--format", "tsv",
          "--method", "leiden", "--seed", "1", F)
    start("leiden_sum", "communities", "--quiet", "--summary", "--format",
          "tsv", F)
    start("louvain1", "communities", "--quiet", "--format", "tsv",
          "--method", "louvain", "--seed", "1", F)
    start("louvain2", "communities", "--quiet", "--format", "tsv",
          "--method", "louvain", "--seed", "1", F)
    start("louvain_sum", "communities", "--quiet", "--summary", "--format",
          "tsv", "--method", "louvain", "--seed", "1", F)

    # -- the whole fixture as GraphML --------------------------------------
    rc, _, err = get("graphml")
    m = EXPORTED_RE.search(err)
    report("graphml whole fixture: exit 0, counts on stderr",
           rc == 0 and m, f"exit {rc}; stderr tail: {err[-600:]}")
    # the ingest summary line on stderr ("N models (N external), N edges",
    # the one `lineage rank` prints too)
    s = SUMMARY_RE.search(err)
    report("graphml whole fixture: ingest summary line on stderr", s,
           f"stderr tail: {err[-400:]}")
    n_models = int(s.group(1)) if s else None
    n_external = int(s.group(2)) if s else None
    n_edges = int(s.group(3)) if s else None
    if m:
        report("graphml whole fixture: 'exported N models and M edges' = "
               "the ingest summary's counts",
               (int(m.group(1)), int(m.group(2))) == (n_models, n_edges),
               f"export says {m.group(1)} models {m.group(2)} edges; "
               f"summary says {n_models} models {n_edges} edges")
    check_graphml_keys("graphml whole fixture: <key>s typed, id = attr.name,"
                       " no d0..d9 ids", T("full.graphml"))
    G = read_graphml("graphml whole fixture: networkx.read_graphml",
                     T("full.graphml")) if rc == 0 else None
    if G is None:
        report("graphml whole fixture: readable", False,
               "no graph; the checks that need it are skipped")
        pool.shutdown(wait=True)
        return
    report("graphml whole fixture: read by networkx, directed, no parallel "
           "edges, node and edge counts = the summary's",
           type(G) is nx.DiGraph and G.number_of_nodes() == n_models
           and G.number_of_edges() == n_edges,
           f"{type(G).__name__}, {G.number_of_nodes()} nodes, "
           f"{G.number_of_edges()} edges; summary: {n_models} models, "
           f"{n_edges} edges")
    check_typed("graphml whole fixture: typed attributes (long/int -> int, "
                "boolean -> bool, label = id, no None/nan)", G)
    # direction: externals have no record, hence no parents; the counts the
    # tool wrote agree with the graph read back, edge by edge
    ext = [n for n, d in G.nodes(data=True) if d.get("external")]
    problems = []
    if len(ext) != n_external:
        problems.append(f"{len(ext)} external nodes, summary says "
                        f"{n_external}")
    problems += [f"external {n!r} has a parent" for n in ext
                 if G.in_degree(n)][:3]
    problems += [f"{n!r}: children={d['children']}, out-degree "
                 f"{G.out_degree(n)}" for n, d in G.nodes(data=True)
                 if d.get("children") != G.out_degree(n)][:3]
    problems += [f"{n!r}: descendants={d['descendants']}, reachable "
                 f"{len(nx.descendants(G, n))}" for n, d in G.nodes(data=True)
                 if G.out_degree(n) and
                 d.get("descendants") != len(nx.descendants(G, n))][:3]
    if not (G.has_node(BASE) and G.out_degree(BASE) > 0
            and G.in_degree(BASE) == 0):
        problems.append(f"{BASE}: in {G.in_degree(BASE) if BASE in G else '-'}"
                        f" out {G.out_degree(BASE) if BASE in G else '-'}")
    report("graphml whole fixture: edges parent -> child (externals have no "
           "parents; children = out-degree; descendants = reachable)",
           not problems, "; ".join(problems))
    attrs = node_attrs(G)
    edges = edge_set(G)

    # -- GraphML of --root -------------------------------------------------
    rc, _, err = get("root")
    m = EXPORTED_RE.search(err)
    R = read_graphml("graphml --root: networkx.read_graphml",
                     T("root.graphml")) if rc == 0 else None
    if R is None:
        report("graphml --root: export", False, f"exit {rc}: {err[-400:]}")
    else:
        want = {BASE} | nx.descendants(G, BASE)
        check_graphml_keys("graphml --root: <key>s", T("root.graphml"))
        report("graphml --root: node count = the count lineage reports",
               m and int(m.group(1)) == R.number_of_nodes()
               and int(m.group(2)) == R.number_of_edges(),
               f"file {R.number_of_nodes()}/{R.number_of_edges()}, stderr "
               f"{m.group(0) if m else err[-300:]}")
        report("graphml --root: the root and exactly its descendants, edges "
               "induced, parent -> child",
               set(R.nodes) == want and edge_set(R) == set(
                   G.subgraph(want).edges()) and R.in_degree(BASE) == 0,
               set_diff(want, set(R.nodes)) + f"; {R.number_of_edges()} "
               f"edges vs {G.subgraph(want).number_of_edges()} induced")
        check_typed("graphml --root: typed attributes", R)
        diff = [n for n in R if n in attrs and node_attrs(R)[n] != attrs[n]]
        report("graphml --root: attributes equal the whole export's",
               not diff, f"{len(diff)} differ, e.g. {diff[:1]}: "
               f"{[(R.nodes[n], attrs[n]) for n in diff[:1]]}")
        dot_family_checks(get("root_dot"), T("root.dot"), R)

    # -- GEXF --------------------------------------------------------------
    rc, _, err = get("gexf")
    X = read_gexf("gexf whole fixture: networkx.read_gexf",
                  T("full.gexf")) if rc == 0 else None
    if X is None:
        report("gexf whole fixture: export", False, f"exit {rc}: {err[-400:]}")
    else:
        with open(T("full.gexf"), "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
        report("gexf whole fixture: GEXF 1.3 header, directed",
               'xmlns="http://gexf.net/1.3"' in head and 'version="1.3"'
               in head and 'defaultedgetype="directed"' in head, head[:400])
        types = dict(re.findall(r'<attribute id="([^"]+)"[^>]*type="([^"]+)"',
                                head))
        want_t = {k: {"int": "integer"}.get(t, t) for k, t in
                  {**NODE_TYPES, **EDGE_TYPES}.items() if k != "label"}
        report("gexf whole fixture: typed <attribute>s", types == want_t,
               f"{types}")
        report("gexf whole fixture: read by networkx, same nodes and edges "
               "as GraphML" + GEXF13_NOTE,
               type(X) is nx.DiGraph and set(X.nodes) == set(G.nodes)
               and edge_set(X) == edges,
               f"{type(X).__name__} {X.number_of_nodes()} nodes "
               f"{X.number_of_edges()} edges; nodes "
               + set_diff(set(G.nodes), set(X.nodes)))
        check_typed("gexf whole fixture: typed attributes", X)
        xa = node_attrs(X)
        diff = [n for n in attrs if xa.get(n) != attrs[n]]
        report("gexf whole fixture: node attributes equal GraphML's",
               not diff, f"{len(diff)} differ, e.g. "
               f"{[(n, xa.get(n), attrs[n]) for n in diff[:1]]}")
        diff = [(u, v) for u, v, d in X.edges(data=True)
                if (u, v) in edges and {k: w for k, w in d.items()
                                        if k != "id"} !=
                {k: w for k, w in G.edges[u, v].items() if k != "id"}]
        report("gexf whole fixture: edge attributes equal GraphML's",
               not diff, f"{len(diff)} differ, e.g. {diff[:2]}")
        del X

    # -- CSV and JSON ------------------------------------------------------
    rc, _, err = get("csv")
    if rc != 0:
        report("csv whole fixture", False, f"exit {rc}: {err[-400:]}")
    else:
        check_csv("csv whole fixture: parsed by csv, same nodes, edge set = "
                  "GraphML's, values equal", T("csv"), G)
    rc, out, err = get("json")
    doc = load_json("json whole fixture: json.load", out) if rc == 0 else None
    if rc != 0:
        report("json whole fixture", False, f"exit {rc}: {err[-400:]}")
    elif doc is not None:
        check_json("json whole fixture: Cytoscape.js elements, same nodes, "
                   "edges and values as GraphML", doc, G)
    del doc

    # -- hand-made hostile ids --------------------------------------------
    hostile_checks(T)

    nonchar_checks(T)
    json_id_checks(T)

    # -- selection flags ---------------------------------------------------
    rc, _, err = get("root_d1")
    rc2, out2, err2 = get("show_d1")
    s2 = SUMMARY_RE.search(err2)
    report("`lineage show` on the fixture reports the same model, external "
           "and edge counts as the GraphML read back",
           s2 and (int(s2.group(1)), int(s2.group(2)), int(s2.group(3))) == (
               G.number_of_nodes(), len(ext), G.number_of_edges()),
           f"show stderr: {s2.group(0) if s2 else err2[-300:]}; GraphML "
           f"{G.number_of_nodes()} nodes ({len(ext)} external), "
           f"{G.number_of_edges()} edges")
    S = read_graphml("select --root --depth 1: read", T("root_d1.graphml")) \
        if rc == 0 else None
    if S is None or rc2 != 0:
        report(f"select --root {BASE_UPPER} --depth 1", False,
               f"export exit {rc} {err[-300:]}; show exit {rc2} "
               f"{err2[-300:]}")
    else:
        head, rows = parse_tsv(out2)
        try:
            ci, cr, cd = (head.index("child"), head.index("role"),
                          head.index("depth"))
            kids = {r[ci] for r in rows if r[cr] == "descendant"
                    and r[cd] == "1"}
        except ValueError:
            kids = set()
        want = {BASE} | kids
        report(f"select --root {BASE_UPPER} --depth 1 (case ignored): the "
               f"root and its {len(kids)} children, as `lineage show "
               "--depth 1` lists them",
               kids and set(S.nodes) == want,
               f"show header {head}; " + set_diff(want, set(S.nodes)))
        report("select --root --depth 1: children = successors in the whole "
               "export, edges induced",
               kids == set(G.successors(BASE))
               and edge_set(S) == set(G.subgraph(want).edges()),
               set_diff(set(G.successors(BASE)), kids))

    comps = sorted(nx.weakly_connected_components(G), key=len, reverse=True)
    rc, _, err = get("family")
    Fm = read_graphml("select --family: read", T("family.graphml")) \
        if rc == 0 else None
    member = next((n for n in G if n.lower() == FAMILY_MEMBER.lower()), None)
    if Fm is None or member is None:
        report("select --family", False, f"exit {rc}: {err[-300:]}; "
               f"member {FAMILY_MEMBER} in graph: {member}")
    else:
        want = nx.node_connected_component(G.to_undirected(as_view=True),
                                           member)
        report(f"select --family {FAMILY_MEMBER}: one weakly connected "
               "component, the member's whole family",
               nx.is_weakly_connected(Fm) and set(Fm.nodes) == want
               and edge_set(Fm) == set(G.subgraph(want).edges()),
               f"weakly connected: {nx.is_weakly_connected(Fm)}; "
               + set_diff(want, set(Fm.nodes)))
    rc, _, err = get("top1")
    T1 = read_graphml("select --top 1: read", T("top1.graphml")) \
        if rc == 0 else None
    if T1 is None:
        report("select --top 1", False, f"exit {rc}: {err[-300:]}")
    else:
        ok = nx.is_weakly_connected(T1) and len(T1) == len(comps[0]) and (
            len(comps) < 2 or len(comps[1]) < len(comps[0])
            and set(T1.nodes) == comps[0])
        report("select --top 1: the largest family (weakly connected, "
               f"{len(comps[0])} models)", ok,
               f"got {len(T1)} models, weakly connected "
               f"{nx.is_weakly_connected(T1)}; largest families "
               f"{[len(c) for c in comps[:3]]}")
    rc, _, err = get("min100")
    M = read_graphml("select --min-descendants 100: read",
                     T("min100.graphml")) if rc == 0 else None
    if M is None:
        report("select --min-descendants 100", False, f"exit {rc}: "
               f"{err[-300:]}")
    else:
        bases = {n for n, d in attrs.items() if d["descendants"] >= 100}
        want = set(bases)
        for b in bases:
            want |= nx.descendants(G, b)
        report(f"select --min-descendants 100: the {len(bases)} models with "
               "at least 100 descendants and their descendants",
               bases and set(M.nodes) == want
               and edge_set(M) == set(G.subgraph(want).edges()),
               set_diff(want, set(M.nodes)))
    rc, out, err = get("unknown")
    report("select --root UNKNOWN: exit 1 with a message naming it",
           rc == 1 and UNKNOWN in err and not out,
           f"exit {rc}, stdout {out[:100]!r}, stderr {err[-300:]!r}")

    # -- atomic output -----------------------------------------------------
    with open(T("keep.graphml")) as f:
        kept = f.read()
    report("atomic: a failed export (unknown --root) leaves the existing "
           "-o file untouched, no temp file",
           kept == "precious\n" and sorted(os.listdir(tmp)).count(
               "keep.graphml") == 1 and not [
               x for x in os.listdir(tmp) if x.startswith("keep.graphml")
               and x != "keep.graphml" or x.startswith(".keep")],
           f"content {kept[:80]!r}; dir {sorted(os.listdir(tmp))}")
    small = T("small.jsonl")
    with open(small, "w") as f:
        f.write('{"id":"a/base"}\n{"id":"a/child","tags":'
                '["base_model:a/base"]}\n')
    rc, _, err = run(["export", "--format", "csv", "--root", UNKNOWN,
                      "-o", T("keepcsv"), small])
    got = {fn: open(T("keepcsv", fn)).read() for fn in
           os.listdir(T("keepcsv"))}
    report("atomic: a failed csv export leaves nodes.csv/edges.csv "
           "untouched", rc == 1 and got == {
               "nodes.csv": "precious nodes.csv\n",
               "edges.csv": "precious edges.csv\n"},
           f"exit {rc}; dir now {got}")
    readonly_checks(T)
    pool.shutdown(wait=True)
    left = [os.path.join(dp, fn)[len(tmp) + 1:]
            for dp, dns, fns in os.walk(tmp) for fn in fns + dns
            if fn.startswith(".")]
    report("atomic: no temporary file left behind by any export", not left,
           f"left: {left[:5]}")

    # -- communities -------------------------------------------------------
    community_checks(G, get)
    pool.shutdown(wait=True)


def is_red(color):
    color = (color or "").lower()
    if color in ("red", "red1", "red2", "red3", "red4", "firebrick",
                 "crimson"):
        return True
    m = re.fullmatch(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})", color)
    return bool(m) and int(m.group(1), 16) >= 0xb0 and max(
        int(m.group(2), 16), int(m.group(3), 16)) <= 0x60


def is_legend(name):
    """The DOT legend's nodes and cluster, which are no models."""
    return name.startswith("legend: ") or name == "cluster_legend"


def svg_counts(svg, dot_json):
    """Nodes and edges Graphviz drew, the legend's left out."""
    groups = [g.get("class") for g in ET.fromstring(svg).iter(
        "{http://www.w3.org/2000/svg}g")]
    d = json.loads(dot_json)
    names = [o["name"] for o in d["objects"]]
    legend_nodes = sum(1 for o in d["objects"]
                       if o["name"].startswith("legend: "))
    legend_edges = sum(1 for e in d.get("edges", [])
                       if is_legend(names[e["tail"]]))
    return (groups.count("node") - legend_nodes,
            groups.count("edge") - legend_edges)


def dot_family_checks(result, path, R):
    """One family as DOT: Graphviz draws it; conflicts (and only they) red."""
    name = f"dot --root {BASE}"
    rc, _, err = result
    if rc != 0:
        report(name, False, f"exit {rc}: {err[-300:]}")
        return
    p = subprocess.run(["dot", "-Tsvg", path], capture_output=True)
    pj = subprocess.run(["dot", "-Tjson", path], capture_output=True)
    detail = p.stderr.decode("utf-8", "replace")[-400:]
    nodes = edges = -1
    if p.returncode == 0:
        try:
            nodes, edges = svg_counts(p.stdout, pj.stdout)
        except (ET.ParseError, ValueError, KeyError) as e:
            detail = f"SVG does not parse: {e}"
    report(f"{name}: dot -Tsvg renders the family (exit 0, SVG parses, "
           f"{R.number_of_nodes()} nodes, {R.number_of_edges()} edges)",
           p.returncode == 0 and (nodes, edges) == (R.number_of_nodes(),
                                                    R.number_of_edges()),
           f"dot exit {p.returncode}: {detail}; drew {nodes} nodes, "
           f"{edges} edges")
    p = subprocess.run(["dot", "-Tjson", path], capture_output=True)
    try:
        d = json.loads(p.stdout)
        names = [o["name"] for o in d["objects"]]
        drawn = {(names[e["tail"]], names[e["head"]]): e.get("color")
                 for e in d.get("edges", [])
                 if not is_legend(names[e["tail"]])}
        legend = {n[len("legend: "):] for n in names
                  if n.startswith("legend: ") and " " not in n[8:]}
        families = {dd.get("license_family")
                    for _, dd in R.nodes(data=True)}
        report(f"{name}: a legend names every licence family drawn",
               families <= legend, f"families {families}, legend {legend}")
    except (ValueError, KeyError, IndexError) as e:
        report(f"{name}: dot -Tjson", False, f"exit {p.returncode}: {e!r}")
        return
    wrong = [(u, v, dd.get("verdict"), drawn.get((u, v)))
             for u, v, dd in R.edges(data=True)
             if (u, v) not in drawn or is_red(drawn[(u, v)])
             != (dd.get("verdict") == "conflict")]
    n_conf = sum(1 for *_, dd in R.edges(data=True)
                 if dd.get("verdict") == "conflict")
    report(f"{name}: the {n_conf} licence conflicts drawn in red, no other "
           "edge red, same edges as the GraphML", n_conf and not wrong
           and set(drawn) == edge_set(R), f"{len(wrong)} wrong: {wrong[:3]}")


HOSTILE = [
    {"id": 'org/Model-7B.Q4:K"M', "tags": ["license:mit"], "downloads": 5,
     "author": "o<&>'\"\x02rg\\",
     "pipeline_tag": "text\x01gen\x1f<&>\\"},
    {"id": "ünï/çødé-模型", "tags": ['base_model:org/Model-7B.Q4:K"M'],
     "cardData": {"license": "other",
                  "license_name": "weird\x07name <&> 'q' \"dq\" \\x\\"},
     "downloads": 7},
    {"id": "a.b/c-d:e\\",
     "tags": ["base_model:finetune:ünï/çødé-模型", "base_model:graph",
              "license:foo<&>\x03\"bar\\"], "downloads": 1},
    {"id": "x/node", "tags": ["base_model:a.b/c-d:e\\", "base_model:strict",
                              "base_model:-->", "base_model:node"]},
    {"id": "emoji/🤗-\u2028-x", "tags": ["base_model:x/node"]},
]
HOSTILE_IDS = {'org/Model-7B.Q4:K"M', "ünï/çødé-模型", "a.b/c-d:e\\",
               "x/node", "emoji/🤗-\u2028-x", "graph", "strict", "-->",
               "node"}
HOSTILE_EDGES = {('org/Model-7B.Q4:K"M', "ünï/çødé-模型"),
                 ("ünï/çødé-模型", "a.b/c-d:e\\"), ("graph", "a.b/c-d:e\\"),
                 ("a.b/c-d:e\\", "x/node"), ("strict", "x/node"),
                 ("-->", "x/node"), ("node", "x/node"),
                 ("x/node", "emoji/🤗-\u2028-x")}


def hostile_checks(T):
    path = T("hostile.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in HOSTILE:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tag = "hostile ids"
    for fmt in ("graphml", "gexf"):
        out = T(f"hostile.{fmt}")
        rc, _, err = run(["export", "--quiet", "--format", fmt, "-o", out,
                          path])
        G = (read_graphml if fmt == "graphml" else read_gexf)(
            f"{tag}: {fmt} read back", out) if rc == 0 else None
        if G is None:
            report(f"{tag}: {fmt}", False, f"exit {rc}: {err[-300:]}")
            continue
        report(f"{tag}: {fmt} read by networkx with the exact ids and "
               "edges" + (GEXF13_NOTE if fmt == "gexf" else ""),
               set(G.nodes) == HOSTILE_IDS and edge_set(G) == HOSTILE_EDGES,
               set_diff(HOSTILE_IDS, set(G.nodes)) + "; edges "
               + set_diff(HOSTILE_EDGES, edge_set(G)))
        d = G.nodes.get('org/Model-7B.Q4:K"M', {})
        o = G.nodes.get("ünï/çødé-模型", {})
        a = G.nodes.get("a.b/c-d:e\\", {})
        report(f"{tag}: {fmt} control characters removed, the rest of the "
               "values kept",
               d.get("pipeline") == "textgen<&>\\"
               and d.get("author") == "o<&>'\"rg\\"
               and "weirdname <&> 'q' \"dq\" \\x\\" in o.get("license", "")
               and "foo<&>\"bar\\" in a.get("license", ""),
               f"pipeline {d.get('pipeline')!r}, author {d.get('author')!r},"
               f" licences {o.get('license')!r} {a.get('license')!r}")
        check_typed(f"{tag}: {fmt} typed attributes", G)

    # DOT through Graphviz
    rc, out, err = run(["export", "--quiet", "--format", "dot", path])
    if rc != 0:
        report(f"{tag}: dot export", False, f"exit {rc}: {err[-300:]}")
    else:
        p = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True)
        svg_ok, detail = p.returncode == 0, p.stderr.decode(
            "utf-8", "replace")[-500:]
        nodes = edges_ = 0
        if svg_ok:
            pj = subprocess.run(["dot", "-Tjson"], input=out,
                                capture_output=True)
            try:
                nodes, edges_ = svg_counts(p.stdout, pj.stdout)
            except (ET.ParseError, ValueError, KeyError) as e:
                svg_ok, detail = False, f"SVG does not parse: {e}"
        report(f"{tag}: dot -Tsvg renders (exit 0, the SVG parses as XML, "
               f"{len(HOSTILE_IDS)} nodes, {len(HOSTILE_EDGES)} edges)",
               svg_ok and nodes == len(HOSTILE_IDS)
               and edges_ == len(HOSTILE_EDGES),
               f"dot exit {p.returncode}: {detail}; {nodes} nodes, "
               f"{edges_} edges drawn")
        # node names as Graphviz parsed them: in a quoted DOT ID only \" is
        # an escape, so an id's backslash written as \\ stays \\ in the name
        p = subprocess.run(["dot", "-Tjson"], input=out, capture_output=True)
        try:
            objs = json.loads(p.stdout)
            names = {o["name"] for o in objs.get("objects", [])
                     if not is_legend(o["name"])}
            ok_names = all(i in names or i.replace("\\", "\\\\") in names
                           for i in HOSTILE_IDS) and len(names) == len(
                               HOSTILE_IDS)
            report(f"{tag}: dot ids parsed by Graphviz as written "
                   "(quoted, keywords and ports not interpreted)", ok_names,
                   f"names {sorted(names)}")
        except (ValueError, KeyError) as e:
            report(f"{tag}: dot -Tjson", False, f"exit {p.returncode}: {e}")
        if "\x01" in out.decode("utf-8", "replace") or \
                "\x07" in out.decode("utf-8", "replace"):
            report(f"{tag}: dot has no control characters", False,
                   "raw \\x01 or \\x07 in the DOT text")
    # CSV and JSON
    rc, _, err = run(["export", "--quiet", "--format", "csv", "-o",
                      T("hostile-csv"), path])
    r = read_csv_dir(f"{tag}: csv", T("hostile-csv")) if rc == 0 else None
    if r is None:
        report(f"{tag}: csv", False, f"exit {rc}: {err[-300:]}")
    else:
        ids = {row[0] for row in r[1]}
        es = {(row[0], row[1]) for row in r[3]}
        report(f"{tag}: csv parsed back with the exact ids and edges",
               ids == HOSTILE_IDS and es == HOSTILE_EDGES,
               set_diff(HOSTILE_IDS, ids) + "; edges "
               + set_diff(HOSTILE_EDGES, es))
    rc, out, err = run(["export", "--quiet", "--format", "json", path])
    doc = load_json(f"{tag}: json", out) if rc == 0 else None
    if doc is None:
        report(f"{tag}: json", False, f"exit {rc}: {err[-300:]}")
    else:
        ids = {n["data"]["id"] for n in doc["elements"]["nodes"]}
        es = {(e["data"]["source"], e["data"]["target"])
              for e in doc["elements"]["edges"]}
        report(f"{tag}: json parsed back with the exact ids and edges",
               ids == HOSTILE_IDS and es == HOSTILE_EDGES,
               set_diff(HOSTILE_IDS, ids) + "; edges "
               + set_diff(HOSTILE_EDGES, es))


def nonchar_checks(T):
    """U+FFFE and U+FFFF are valid UTF-8 but not XML characters: a value
    holding one must not make the file unreadable, and an id holding one
    is no id (stripping it could merge two models), so that record is
    skipped and that parent ignored, each with a warning."""
    path = T("nonchar.jsonl")
    recs = [{"id": "o/a\uffffb", "tags": ["license:mit"]},
            {"id": "o/c", "pipeline_tag": "x\ufffey",
             "cardData": {"license": "other", "license_name": "n\uffffm"}},
            {"id": "o/d", "cardData": {"base_model": "card\ufffeparent"}}]
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    for fmt in ("graphml", "gexf"):
        out = T(f"nonchar.{fmt}")
        rc, _, err = run(["export", "--quiet", "--format", fmt, "-o", out,
                          path])
        try:
            G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
            res = f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
            good = (sorted(G.nodes()) == ["o/c", "o/d"] and
                    G.number_of_edges() == 0 and
                    G.nodes["o/c"].get("pipeline") == "xy")
        except Exception as e:  # noqa: BLE001
            res, good = f"{type(e).__name__}: {e}", False
        report(f"noncharacters: {fmt} well-formed when an id, a card "
               "base_model, pipeline_tag and license_name hold U+FFFE/U+FFFF"
               " (the bad id and parent refused; values stripped)",
               rc == 0 and good,
               f"exit {rc} {err[-200:]}; networkx: {res}; `lineage export "
               f"--format {fmt}` of the JSON lines "
               + " ".join(json.dumps(r) for r in recs))


def json_id_checks(T):
    """Cytoscape.js wants one id space for nodes and edges: a model named
    like an edge id (the Hub has bare legacy ids) must not collide."""
    path = T("edge-like-ids.jsonl")
    with open(path, "w") as f:
        f.write('{"id":"e1","tags":["license:mit"]}\n'
                '{"id":"o/c","tags":["base_model:e1"]}\n'
                '{"id":"o/d","tags":["base_model:e0"]}\n')
    rc, out, err = run(["export", "--quiet", "--format", "json", path])
    doc = load_json("json: edge-like model ids", out) if rc == 0 else None
    if doc is None:
        report("json: edge-like model ids", False, f"exit {rc}: {err[-300:]}")
        return
    nodes = [n["data"]["id"] for n in doc["elements"]["nodes"]]
    edges = [e["data"] for e in doc["elements"]["edges"]]
    ids = nodes + [e.get("id") for e in edges]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    es = {(e.get("source"), e.get("target")) for e in edges}
    report("json: element ids unique across nodes and edges with models "
           "named e0 and e1 (Cytoscape.js rejects a second element with the"
           " same id)", not dup and es == {("e1", "o/c"), ("e0", "o/d")},
           f"ids used twice: {dup}; edges {sorted(es)}; input: "
           + " ".join(l for l in open(path).read().splitlines()))


def readonly_checks(T):
    """-o into a directory the process cannot write: exit 1, no file left.
    As root, directory modes do not bind, so lineage runs as nobody."""
    base = tempfile.mkdtemp(prefix="lineage-ro.", dir="/tmp"
                            if os.path.isdir("/tmp") else None)
    try:
        os.chmod(base, 0o755)
        readonly_run(lambda *p: os.path.join(base, *p))
    finally:
        for dirpath, dirnames, _ in os.walk(base):
            for dn in dirnames:
                os.chmod(os.path.join(dirpath, dn), 0o755)
        shutil.rmtree(base, ignore_errors=True)


def readonly_run(T):
    d = T("ro")
    os.mkdir(d)
    src = T("ro-input.jsonl")
    with open(src, "w") as f:
        f.write('{"id":"a/base"}\n{"id":"a/child","tags":'
                '["base_model:a/base"]}\n')
    os.chmod(src, 0o644)
    os.chmod(d, 0o555)
    preexec, how = None, "mode 0555"
    if os.geteuid() == 0:
        def preexec():
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        how = "mode 0555, run as nobody"
    # control: the same run into a writable directory must work, or the
    # environment (not lineage) is what fails below
    rw = T("rw")
    os.mkdir(rw)
    os.chmod(rw, 0o777)
    try:
        rc, _, err = run(["export", "--quiet", "-o",
                          os.path.join(rw, "out.graphml"), src], preexec)
    except OSError as e:
        rc, err = -1, str(e)
    if rc != 0 or not os.path.exists(os.path.join(rw, "out.graphml")):
        print(f"ok atomic: -o in a read-only directory # SKIP cannot run "
              f"lineage {how} here (control run: exit {rc}: {err[-200:]})")
        return
    for fmt, target in (("graphml", os.path.join(d, "out.graphml")),
                        ("csv", os.path.join(d, "csvdir"))):
        try:
            rc, _, err = run(["export", "--format", fmt, "-o", target, src],
                             preexec)
        except (PermissionError, OSError) as e:
            report(f"atomic: {fmt} -o in a read-only directory", False,
                   f"could not run lineage as nobody: {e}")
            continue
        left = os.listdir(d)
        report(f"atomic: {fmt} -o in a read-only directory ({how}) exits 1 "
               "with a message and leaves no file",
               rc == 1 and not left and "lineage" in err,
               f"exit {rc}; files left {left}; stderr {err[-300:]!r}")
    os.chmod(d, 0o755)


def community_checks(G, get):
    H = undirected(G)
    active = set(H.nodes)
    parts = {}
    for method in ("leiden", "louvain"):
        rc1, out1, err1 = get(f"{method}1")
        rc2, out2, err2 = get(f"{method}2")
        report(f"communities --method {method} --seed 1: byte-identical on "
               "two runs" + (" (one run with the defaults)"
                             if method == "leiden" else ""),
               rc1 == 0 and rc2 == 0 and out1 and out1 == out2,
               f"exits {rc1} {rc2}: {err1[-200:]} {err2[-200:]}; "
               f"{len(out1)} vs {len(out2)} bytes")
        head, rows = parse_tsv(out1)
        models = [r[0] for r in rows]
        problems = []
        if head != ["model", "community", "family"]:
            problems.append(f"header {head}")
        if len(models) != len(set(models)):
            problems.append(f"{len(models) - len(set(models))} models "
                            "listed twice")
        if set(models) != active:
            problems.append(set_diff(active, set(models)))
        comp = {}
        for i, c in enumerate(nx.connected_components(H)):
            for n in c:
                comp[n] = i
        wrong = [r for r in rows if len(r) < 3 or r[0] not in comp
                 or comp.get(r[2]) != comp[r[0]]]
        if wrong:
            problems.append(f"{len(wrong)} rows whose family is not in the "
                            f"model's component, e.g. {wrong[:2]}")
        report(f"communities --method {method}: every non-isolated model "
               f"exactly once ({len(active)}), family in its component",
               not problems, "; ".join(problems))
        part = {}
        for r in rows:
            if len(r) >= 2 and r[0] in active:
                part.setdefault(r[1], set()).add(r[0])
        parts[method] = part
        rc, out, err = get(f"{method}_sum")
        head, srows = parse_tsv(out)
        try:
            mi, ci, si = (head.index("modularity"), head.index("community"),
                          head.index("size"))
            reported = {float(r[mi]) for r in srows}
            sizes = {r[ci]: int(r[si]) for r in srows}
        except (ValueError, IndexError):
            reported, sizes = set(), {}
        if rc != 0 or len(reported) != 1 or not nx.community.is_partition(
                H, list(part.values())):
            report(f"communities --method {method} --summary: modularity "
                   "recomputed by networkx", False,
                   f"exit {rc}: {err[-200:]}; header {head}; modularity "
                   f"values {sorted(reported)[:5]}")
            continue
        q = reported.pop()
        nxq = nx.community.modularity(H, list(part.values()))
        report(f"communities --method {method} --summary: modularity {q} = "
               f"networkx's {nxq:.7f} on the same partition (to 1e-6)",
               abs(q - nxq) <= 1e-6, f"difference {abs(q - nxq):.3g}")
        report(f"communities --method {method} --summary: sizes match the "
               "rows", sizes == {c: len(s) for c, s in part.items()},
               f"{len(sizes)} summary rows vs {len(part)} communities")
        parts[method + "_q"] = nxq
    if "leiden_q" in parts:
        ref = nx.community.louvain_communities(H, seed=1)
        refq = nx.community.modularity(H, ref)
        q = parts["leiden_q"]
        report(f"communities leiden modularity {q:.6f} >= networkx "
               f"louvain_communities(seed=1) {refq:.6f} - 0.005 "
               f"({len(parts['leiden'])} vs {len(ref)} communities)",
               q >= refq - 0.005, f"leiden {q:.6f}, networkx {refq:.6f}")
    # the export's modularity_class is the same partition (same seed)
    exp = {}
    for n, d in G.nodes(data=True):
        if "modularity_class" in d:
            exp.setdefault(d["modularity_class"], set()).add(n)
    if "leiden" in parts:
        a = sorted(sorted(s) for s in exp.values())
        b = sorted(sorted(s) for s in parts["leiden"].values())
        report("export modularity_class = the partition of `lineage "
               "communities` (same seed), only non-isolated models have one",
               a == b, f"{len(exp)} classes over "
               f"{sum(map(len, exp.values()))} models vs {len(b)} over "
               f"{sum(map(len, parts['leiden'].values()))}")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - a crash is a failure, say where
        import traceback
        traceback.print_exc()
        report("check_exports.py ran to the end", False,
               f"{type(e).__name__}: {e}")
    sys.exit(1 if failures else 0)
