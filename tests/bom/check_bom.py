#!/usr/bin/python3
"""check_bom.py - the CycloneDX and SPDX exports, read back and checked.

On the real listing fixture, the BOMs of `--tree meta-llama/Meta-Llama-3-8B`:

CycloneDX: valid against the official 1.6 JSON schema (the validator of
@cyclonedx/cyclonedx-library, tests/bom/validate.js; its output is shown);
what the schema cannot say: bom-refs unique, purls and URLs well formed
and naming the model, the components exactly the tree and its ancestors;
each component's pedigree equal to its ancestry computed here from the
whole graph's edges.csv (nearest first, every parent, relation, verdict),
and for a few models (merges among them) to the ancestor chains that
`lineage show --format json` prints; licences declared and concluded as
the CSV export's columns say; the same bytes twice.

SPDX 3.0.1: every property the 3.0.1 model requires of each class
emitted, present and well formed; every reference resolving; the JSON-LD
parsed by rdflib (with the local copy of the context, tests/bom/README.md)
into the expected triples: one ai_AIPackage per model, each descendantOf
from the child's package to its parents' (the relation in its comment),
exactly one declared and one concluded licence per package, LicenseRef-
with the licence link off the SPDX list.

Both: the licence table's spdx= ids on the SPDX License List as CycloneDX
ships it; hostile ids (quotes, controls, U+2028, broken UTF-8 in licence
names and links) giving a valid BOM and valid JSON-LD.

Usage: check_bom.py LINEAGE. Prints "ok NAME" / "FAIL NAME: detail" for
tests/run.sh; exits 1 on any failure. Needs node with tests/bom/node_modules
(tests/bom/setup.sh) and python3-rdflib: without them it fails.
"""
import atexit
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(ROOT, "fixtures", "hub-listing-2024-07")
TREE = "meta-llama/Meta-Llama-3-8B"
LINEAGE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else \
    os.path.join(ROOT, "lineage")
ENV = dict(os.environ, LC_ALL="C", TZ="UTC")
TMP = tempfile.mkdtemp(prefix="check-bom.")
atexit.register(shutil.rmtree, TMP, True)

SPDX_TERMS = "https://spdx.org/rdf/3.0.1/terms/"
NO_ELEMENT = SPDX_TERMS + "Core/NoAssertionElement"
NO_LICENSE = SPDX_TERMS + "ExpandedLicensing/NoAssertionLicense"
TIME_RE = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
# RFC 3986: a URI of unreserved, reserved and percent-encoded characters
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:"
                    r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")
PURL_RE = re.compile(r"^pkg:huggingface/(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+"
                     r"(?:/(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+)*$")
LICENSE_REF_RE = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")

failures = 0


def report(name, good, detail=""):
    global failures
    if good:
        print(f"ok {name}", flush=True)
    else:
        failures += 1
        detail = str(detail).replace("\n", " | ")
        print(f"FAIL {name}: {detail[:1500]}", flush=True)


def run(args):
    p = subprocess.run([LINEAGE, *args], capture_output=True, env=ENV)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def sample(items, n=4):
    items = sorted(map(repr, items))
    return ", ".join(items[:n]) + (f" (+{len(items) - n})"
                                   if len(items) > n else "")


def id_key(model):
    """lg_id_compare: byte order of the ASCII-lower-cased ids."""
    return model.encode("utf-8").lower()


def export(fmt, out, *args, inputs=(FIXTURE,)):
    rc, _, err = run(["export", "--quiet", "--format", fmt, "-o", out,
                      *args, *inputs])
    report(f"{fmt}: export {' '.join(args)} exits 0", rc == 0, err[-500:])
    return rc == 0


def validate(paths, label):
    """The official validator on CycloneDX files; its output is shown."""
    p = subprocess.run(["node", os.path.join(HERE, "validate.js"), *paths],
                       capture_output=True, text=True)
    for line in (p.stdout + p.stderr).splitlines():
        print(f"# validator: {line}")
    report(f"cyclonedx: {label} valid against the official CycloneDX 1.6 "
           "JSON schema (@cyclonedx/cyclonedx-library)", p.returncode == 0,
           (p.stdout + p.stderr)[-800:])


# -- the whole graph, from the CSV export --------------------------------

def read_graph():
    d = os.path.join(TMP, "all-csv")
    if not export("csv", d):
        sys.exit(1)
    with open(os.path.join(d, "nodes.csv"), newline="") as f:
        nodes = {r["Id"]: r for r in csv.DictReader(f)}
    parents = defaultdict(dict)
    with open(os.path.join(d, "edges.csv"), newline="") as f:
        for r in csv.DictReader(f):
            parents[r["Target"]][r["Source"]] = r
    return nodes, parents


def ancestry(model, parents):
    """[(distance, id)] nearest first, each once, id order within one
    distance: what pedigree.ancestors should list."""
    seen, out, level, dist = {model}, [], [model], 0
    while level:
        dist += 1
        nxt = []
        for m in level:
            for p in parents.get(m, {}):
                if p not in seen:
                    seen.add(p)
                    nxt.append(p)
        nxt.sort(key=id_key)
        out += [(dist, p) for p in nxt]
        level = nxt
    return out


def closure(models, parents):
    out, todo = set(models), list(models)
    while todo:
        for p in parents.get(todo.pop(), {}):
            if p not in out:
                out.add(p)
                todo.append(p)
    return out


# -- licences as the licence table names them -------------------------------

def license_table():
    """{hub id: spdx= value or None} of data/licenses.tab."""
    table = {}
    with open(os.path.join(ROOT, "data", "licenses.tab")) as f:
        for line in f:
            fields = line.split("#")[0].split()
            if len(fields) >= 3 and fields[0] == "license":
                spdx = [x[5:] for x in fields[3:] if x.startswith("spdx=")]
                table[fields[1]] = spdx[-1] if spdx else None
    return table


def spdx_list():
    path = os.path.join(HERE, "node_modules", "@cyclonedx",
                        "cyclonedx-library", "res", "schema",
                        "spdx.SNAPSHOT.schema.json")
    try:
        with open(path) as f:
            s = json.load(f)
        return set(s["enum"]), s.get("$comment", "")
    except (OSError, ValueError, KeyError) as e:
        report("spdx list: CycloneDX's copy of the SPDX License List", False,
               e)
        return set(), ""


def check_license_table(table, ids, version):
    listed = {k: v for k, v in table.items()
              if v and not v.startswith("LicenseRef-")}
    report(f"licenses.tab: every spdx= id ({len(listed)}) is on the SPDX "
           f"License List ({version})", ids and set(listed.values()) <= ids,
           sample(set(listed.values()) - ids))
    lower = {i.lower(): i for i in ids}
    missed = {k for k, v in table.items() if k in lower and v != lower[k]}
    report("licenses.tab: every Hub id that is an SPDX id (ignoring case) "
           "maps to it", not missed, sample(missed))
    refs = {v for v in table.values() if v and v.startswith("LicenseRef-")}
    report("licenses.tab: its LicenseRef- values are idstrings",
           all(LICENSE_REF_RE.match(r) for r in refs), sample(refs))


def expected_refs(text, table):
    """The SPDX tokens of a CSV licence text ("llama3", "other:NAME")."""
    out = []
    for part in text.split(","):
        hub, _, name = part.partition(":")
        spdx = table.get(hub)
        if name:
            out.append(("name", name))
        elif spdx and not spdx.startswith("LicenseRef-"):
            out.append(("id", spdx))
        else:
            out.append(("name", hub))
    return out


# -- CycloneDX -------------------------------------------------------------

def props(c, name):
    return [p.get("value") for p in c.get("properties", [])
            if p.get("name") == name]


def model_of(c):
    return c["group"] + "/" + c["name"] if "group" in c else c["name"]


def purl_model(purl):
    body = purl[len("pkg:huggingface/"):]
    return "/".join(urllib.parse.unquote(s) for s in body.split("/"))


def check_identity(bom):
    comps = bom.get("components", [])
    refs = [c.get("bom-ref") for c in comps]
    report("cyclonedx: every bom-ref unique",
           len(refs) == len(set(refs)) and None not in refs,
           sample(r for r in refs if refs.count(r) > 1))
    bad = [c.get("bom-ref") for c in comps
           if c.get("type") != "machine-learning-model"
           or c.get("purl") != c.get("bom-ref")
           or not PURL_RE.match(c.get("purl", ""))
           or purl_model(c["purl"]) != model_of(c)]
    report("cyclonedx: each component a machine-learning-model whose purl "
           "(its bom-ref) is pkg:huggingface/ORG/NAME of its group and name",
           not bad, sample(bad))
    bad = []
    for c in comps:
        urls = [r.get("url") for r in c.get("externalReferences", [])
                if r.get("type") == "model-card"]
        urls += [u for lic in c.get("licenses", [])
                 for u in [lic["license"].get("url")] if u]
        urls += c.get("supplier", {}).get("url", [])
        want = "https://huggingface.co/" + urllib.parse.quote(
            model_of(c), safe="/-._~")
        if want not in urls or not all(URI_RE.match(u) for u in urls):
            bad.append((model_of(c), urls))
    report("cyclonedx: the model card (https://huggingface.co/ID) and every "
           "URL a well-formed URI", not bad, sample(bad))
    top = {c["purl"] for c in comps}
    dangling = {a["purl"] for c in comps
                for a in c.get("pedigree", {}).get("ancestors", [])} - top
    report("cyclonedx: every pedigree ancestor is a top-level component "
           "too (grype reads no pedigree)", not dangling, sample(dangling))
    m = bom.get("serialNumber", "")
    report("cyclonedx: serialNumber a urn:uuid (version 8: from a digest)",
           re.match(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-"
                    r"[89ab][0-9a-f]{3}-[0-9a-f]{12}$", m), m)


def check_members(bom, tree_models, parents):
    got = {model_of(c) for c in bom["components"]}
    want = closure(tree_models, parents)
    report(f"cyclonedx: the components are the tree ({len(tree_models)}) "
           f"and its ancestors ({len(want)} in all)", got == want,
           f"missing {sample(want - got)}; extra {sample(got - want)}")
    ids = [model_of(c) for c in bom["components"]]
    report("cyclonedx: components in id order",
           ids == sorted(ids, key=id_key), ids[:5])


def check_pedigrees(bom, parents):
    bad = []
    for c in bom["components"]:
        m = model_of(c)
        anc = c.get("pedigree", {}).get("ancestors", [])
        got = [(int(props(a, "lineage:distance")[0]), model_of(a))
               for a in anc]
        if got != ancestry(m, parents):
            bad.append((m, got[:3], ancestry(m, parents)[:3]))
            continue
        for a in anc:
            if props(a, "lineage:distance") != ["1"]:
                continue
            e = parents[m][model_of(a)]
            want = [e["relation"], e["relation_source"], e["verdict"]]
            have = [props(a, "lineage:relation"),
                    props(a, "lineage:relation_source"),
                    props(a, "lineage:verdict")]
            reasons = props(a, "lineage:reasons")
            if have != [[w] for w in want] or \
                    reasons != ([e["reasons"]] if e["reasons"] else []):
                bad.append((m, model_of(a), have, want))
        kinds = {e["relation"] for e in parents.get(m, {}).values()}
        if set(props(c, "lineage:relation")) != kinds:
            bad.append((m, props(c, "lineage:relation"), kinds))
    with_anc = sum(1 for c in bom["components"] if c.get("pedigree"))
    report(f"cyclonedx: every pedigree ({with_anc} components have one) "
           "lists the ancestors nearest first, each once, as the whole "
           "graph's edges give them; parents with relation, source, verdict "
           "and reasons; the component's lineage:relation its edges' kinds",
           not bad, sample(bad, 2))


def show_json(model, depth):
    rc, out, err = run(["show", "--quiet", "--format", "json", "--depth",
                        str(depth), model, FIXTURE])
    return (json.loads(out), "") if rc == 0 else (None, err[-300:])


def show_ancestry(model):
    """{ancestor: distance}, {parent: relation} from the chains `show`
    prints; None when it truncated them (too many chains to print)."""
    doc, why = show_json(model, 1)
    if doc is None or doc.get("ancestors_truncated"):
        return None, why or "ancestor chains truncated"
    dist, rel = {}, {}
    for chain in doc["ancestors"]:
        for i, step in enumerate(chain):
            dist[step["model"]] = min(dist.get(step["model"], 99), i + 1)
            if i == 0:
                rel[step["model"]] = step["relation"]
    return (dist, rel), ""


def show_tree(model):
    """The model, its ancestors and every descendant `show --depth 0`
    prints; the number of them it states."""
    doc, why = show_json(model, 0)
    if doc is None:
        return None, 0, why
    up = {s["model"] for chain in doc["ancestors"] for s in chain}
    out, todo = {model} | up, list(doc["tree"])
    while todo:
        node = todo.pop()
        out.add(node["model"])
        todo += node.get("derived", [])
    return out, 1 + len(up) + doc["descendants"], ""


def check_tree_against_show(bom, parents):
    tree, stated, why = show_tree(TREE)
    if tree is None:
        report(f"cyclonedx: `lineage show {TREE}` runs", False, why)
        return
    got = {model_of(c) for c in bom["components"]}
    more = closure(tree, parents) - tree
    print(f"# {TREE}: show prints {len(tree)} models (itself, ancestors, "
          f"descendants); the BOM holds {len(got)} components: those and "
          f"{len(more)} other ancestors of its merges")
    report(f"cyclonedx: the components are {TREE}, the ancestors and "
           "descendants `show --depth 0` prints and their ancestors",
           len(tree) == stated and got == tree | more,
           f"{len(got)} vs {len(tree)} + {len(more)}; show states {stated}")
    with open(os.path.join(ROOT, "README.md")) as f:
        said = re.search(r"That BOM holds (\d+) components: Meta-Llama-3-8B, "
                         r"its (\d+) descendants and\s+the (\d+) other",
                         f.read())
    report("README: the counts it gives of this BOM are these",
           said and [int(x) for x in said.groups()] ==
           [len(got), len(tree) - 1, len(more)],
           said and said.groups())


def check_against_show(bom):
    """Pedigrees of merges (most ancestors first) and of the deepest
    models equal the ancestry `show` prints; models whose chains `show`
    truncates are passed over (it prints at most so many)."""
    comps = [c for c in bom["components"] if c.get("pedigree")]
    merges = sorted((c for c in comps
                     if "merge" in props(c, "lineage:relation")),
                    key=lambda c: (-len(c["pedigree"]["ancestors"]),
                                   id_key(model_of(c))))
    deep = sorted(comps, key=lambda c: (
        -max(int(props(a, "lineage:distance")[0])
             for a in c["pedigree"]["ancestors"]), id_key(model_of(c))))
    checked, passed_over = {"merge": 0, "deep": 0}, 0
    for kind, c in [("merge", c) for c in merges] + \
            [("deep", c) for c in deep]:
        m = model_of(c)
        if checked[kind] == 3:
            continue
        shown, why = show_ancestry(m)
        if shown is None:
            passed_over += 1
            continue
        checked[kind] += 1
        dist, rel = shown
        anc = c["pedigree"]["ancestors"]
        got = {model_of(a): int(props(a, "lineage:distance")[0])
               for a in anc}
        got_rel = {model_of(a): props(a, "lineage:relation")[0]
                   for a in anc if props(a, "lineage:distance") == ["1"]}
        order = [got[model_of(a)] for a in anc]
        report(f"cyclonedx: pedigree of {m} ({kind}; {len(anc)} ancestors, "
               f"{len(got_rel)} parents) is the ancestry `lineage show "
               "--format json` prints: same models, distances, parent "
               "relations, nearest first",
               got == dist and got_rel == rel and order == sorted(order),
               f"pedigree {sorted(got.items())[:4]}, show "
               f"{sorted(dist.items())[:4]}; relations {got_rel} vs {rel}")
    report(f"cyclonedx: 3 merges and 3 deep models compared with `show` "
           f"({passed_over} passed over: show truncates their chains)",
           checked == {"merge": 3, "deep": 3}, checked)


def check_licenses(bom, nodes, table):
    bad = []
    for c in bom["components"]:
        m = model_of(c)
        row = nodes[m]
        lic = c.get("licenses", [])
        got = defaultdict(list)
        for entry in lic:
            x = entry["license"]
            got[x["acknowledgement"]].append(
                ("id", x["id"]) if "id" in x else ("name", x["name"]))
        declared = [] if row["license"] in ("", "unknown") else \
            expected_refs(row["license"], table)
        concluded = [] if row["concluded_source"] in ("", "none") else \
            expected_refs(row["concluded_license"], table)
        src = props(c, "lineage:concluded_license_source")
        frm = props(c, "lineage:concluded_license_from")
        want_src = row["concluded_source"] or "none"
        want_frm = [row["concluded_from"]] if row["concluded_from"] else []
        if got["declared"] != declared or got["concluded"] != concluded or \
                src != [want_src] or frm != want_frm:
            bad.append((m, dict(got), declared, concluded, src, frm))
    n_inh = sum(1 for c in bom["components"]
                if props(c, "lineage:concluded_license_source")
                == ["inherited"])
    report("cyclonedx: licences declared and concluded (SPDX id on the "
           "list, else name) as the CSV export's license and "
           f"concluded_* columns say ({n_inh} concluded by inheritance, "
           "with the model they come from)", not bad, sample(bad, 2))
    llama = next((c for c in bom["components"] if model_of(c) == TREE), {})
    report(f"cyclonedx: {TREE} declares llama3 by name, with Meta's "
           "licence URL",
           llama.get("licenses", [{}])[0].get("license") ==
           {"name": "llama3", "acknowledgement": "declared",
            "url": "https://llama.meta.com/llama3/license/"},
           llama.get("licenses"))


def check_cyclonedx(nodes, parents, table):
    path = os.path.join(TMP, "bom.json")
    if not export("cyclonedx", path, "--tree", TREE):
        return None
    validate([path], f"--tree {TREE}")
    with open(path, encoding="utf-8") as f:
        bom = json.load(f)
    broken = os.path.join(TMP, "broken.json")
    with open(broken, "w") as f:  # a property 1.6 does not define
        json.dump(dict(bom, components=[dict(bom["components"][0],
                                             lineage="x")]), f)
    p = subprocess.run(["node", os.path.join(HERE, "validate.js"), broken],
                       capture_output=True, text=True)
    report("cyclonedx: the validator rejects a component with a property "
           "the schema does not define", p.returncode == 1,
           (p.stdout + p.stderr)[-300:])
    tree_csv = os.path.join(TMP, "tree-csv")
    export("csv", tree_csv, "--tree", TREE)
    with open(os.path.join(tree_csv, "nodes.csv"), newline="") as f:
        tree_models = {r["Id"] for r in csv.DictReader(f)}
    check_identity(bom)
    check_members(bom, tree_models, parents)
    check_pedigrees(bom, parents)
    check_tree_against_show(bom, parents)
    check_against_show(bom)
    check_licenses(bom, nodes, table)
    times = [t for m in (model_of(c) for c in bom["components"])
             for t in [nodes[m]["created"]] if t]
    want = max(times)[:19] + "Z" if times else None
    report("cyclonedx: metadata.timestamp is the newest creation time "
           "among its models (same input, same bytes)",
           bom["metadata"].get("timestamp") == want,
           f"{bom['metadata'].get('timestamp')} vs {want}")
    again = os.path.join(TMP, "bom-again.json")
    export("cyclonedx", again, "--tree", TREE)
    report("cyclonedx: the same input gives the same bytes",
           open(path, "rb").read() == open(again, "rb").read())
    other = os.path.join(TMP, "bom-other.json")
    export("cyclonedx", other, "--tree", "mistralai/Mistral-7B-v0.1")
    with open(other) as f:
        other_serial = json.load(f)["serialNumber"]
    report("cyclonedx: another selection, another serialNumber",
           other_serial != bom["serialNumber"], other_serial)
    return bom


# -- SPDX --------------------------------------------------------------------

# What the SPDX 3.0.1 model requires (minCount 1) of each class emitted,
# with Element's own (creationInfo; spdxId, the node's IRI) on all but
# CreationInfo and DictionaryEntry, which are no Elements.
REQUIRED = {
    "CreationInfo": ["@id", "specVersion", "created", "createdBy"],
    "SoftwareAgent": [], "Tool": [], "Agent": [], "SpdxDocument": [],
    "ai_AIPackage": ["releaseTime", "suppliedBy", "software_downloadLocation",
                     "software_packageVersion", "software_primaryPurpose"],
    "Relationship": ["from", "to", "relationshipType"],
    "simplelicensing_LicenseExpression": ["simplelicensing_licenseExpression"],
}
ELEMENT = ["spdxId", "creationInfo"]


def check_spdx_shape(doc, n_models, table_ids):
    graph = doc.get("@graph", [])
    report("spdx: @context is the SPDX 3.0.1 context",
           doc.get("@context") == "https://spdx.org/rdf/3.0.1/"
           "spdx-context.jsonld", doc.get("@context"))
    missing, unknown = [], set()
    for el in graph:
        t = el.get("type")
        if t not in REQUIRED:
            unknown.add(t)
            continue
        need = REQUIRED[t] + (ELEMENT if t != "CreationInfo" else [])
        lack = [p for p in need if p in (None, "") or el.get(p) in
                (None, "", [])]
        if lack:
            missing.append((el.get("spdxId"), t, lack))
        for entry in el.get("simplelicensing_customIdToUri", []):
            if entry.get("type") != "DictionaryEntry" or not entry.get("key"):
                missing.append((el.get("spdxId"), "DictionaryEntry", "key"))
    report("spdx: every element has what the 3.0.1 model requires of its "
           "class (AI profile: releaseTime, suppliedBy, downloadLocation, "
           "packageVersion, primaryPurpose; creationInfo, relationship "
           "from/to/type, licenseExpression, CreationInfo created/createdBy/"
           "specVersion)", not missing and not unknown,
           f"{sample(missing, 3)}; unknown types {unknown}")
    by_id = {el.get("spdxId") or el.get("@id"): el for el in graph}
    ids = [el.get("spdxId") or el.get("@id") for el in graph]
    report("spdx: element ids unique, each an absolute URI",
           len(ids) == len(set(ids)) and all(
               URI_RE.match(i) for i in ids if i != "_:creationinfo"),
           sample(i for i in ids if ids.count(i) > 1 or not URI_RE.match(i)))
    ci = [el for el in graph if el.get("type") == "CreationInfo"]
    bad = []
    if len(ci) != 1 or ci[0].get("@id") != "_:creationinfo" or \
            ci[0].get("specVersion") != "3.0.1" or \
            not TIME_RE.match(ci[0].get("created", "")):
        bad.append(ci)
    for el in graph:
        t = el.get("type")
        if t != "CreationInfo" and el.get("creationInfo") != "_:creationinfo":
            bad.append((el.get("spdxId"), "creationInfo"))
        if t == "ai_AIPackage":
            sup = by_id.get(el["suppliedBy"], {}).get("type")
            if not TIME_RE.match(el["releaseTime"]) or \
                    el["software_primaryPurpose"] != "model" or \
                    el["software_packageVersion"] != "NOASSERTION" or \
                    not URI_RE.match(el["software_downloadLocation"]) or \
                    (sup != "Agent" and el["suppliedBy"] != NO_ELEMENT):
                bad.append((el["spdxId"], "package values"))
        if t == "Relationship":
            ends = [el["from"]] + el["to"]
            if any(e not in by_id and e != NO_LICENSE for e in ends):
                bad.append((el["spdxId"], "dangling", ends))
        if t == "simplelicensing_LicenseExpression":
            toks = el["simplelicensing_licenseExpression"].split(" AND ")
            if not all(x in table_ids or LICENSE_REF_RE.match(x)
                       for x in toks):
                bad.append((el["spdxId"], toks))
    c = ci[0] if ci else {}
    if [by_id.get(x, {}).get("type") for x in c.get("createdBy", [])] != \
            ["SoftwareAgent"] or [by_id.get(x, {}).get("type") for x in
                                  c.get("createdUsing", [])] != ["Tool"]:
        bad.append(("CreationInfo", "createdBy/createdUsing"))
    docs = [el for el in graph if el.get("type") == "SpdxDocument"]
    if len(docs) != 1 or not docs[0].get("rootElement") or any(
            by_id.get(r, {}).get("type") != "ai_AIPackage"
            for r in docs[0]["rootElement"]):
        bad.append(("SpdxDocument", "rootElement"))
    report("spdx: one CreationInfo _:creationinfo (3.0.1, created by the "
           "lineage SoftwareAgent using the lineage Tool) shared by all; "
           "packages with releaseTime, NOASSERTION packageVersion, purpose "
           "model, an Agent or NoAssertionElement supplier; every reference "
           "resolves; licence expressions of list ids and LicenseRef-s; the "
           "document's roots are packages", not bad, sample(bad, 3))
    pk = [el for el in graph if el.get("type") == "ai_AIPackage"]
    report(f"spdx: one ai_AIPackage per model of the BOM ({n_models})",
           len(pk) == n_models, len(pk))
    return graph


def rdf_graph(doc):
    import rdflib
    with open(os.path.join(HERE, "spdx-context-3.0.1.jsonld")) as f:
        context = json.load(f)["@context"]
    local = dict(doc, **{"@context": context})
    g = rdflib.Graph()
    g.parse(data=json.dumps(local), format="json-ld")
    return g


def check_spdx_rdf(doc, bom, parents, nodes, table):
    import rdflib
    try:
        g = rdf_graph(doc)
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        report("spdx: the JSON-LD parses with rdflib", False,
               f"{type(e).__name__}: {e}")
        return
    core = rdflib.Namespace(SPDX_TERMS + "Core/")
    sw = rdflib.Namespace(SPDX_TERMS + "Software/")
    ai = rdflib.Namespace(SPDX_TERMS + "AI/")
    sl = rdflib.Namespace(SPDX_TERMS + "SimpleLicensing/")
    rel = rdflib.Namespace(SPDX_TERMS + "Core/RelationshipType/")
    types = defaultdict(int)
    for _, _, o in g.triples((None, rdflib.RDF.type, None)):
        types[str(o).rsplit("/", 1)[-1]] += 1
    print(f"# rdflib: {len(g)} triples; by type: " + ", ".join(
        f"{k} {v}" for k, v in sorted(types.items())))
    pkgs = set(g.subjects(rdflib.RDF.type, ai.AIPackage))
    name = {p: str(g.value(p, core.name)) for p in pkgs}
    models = {model_of(c) for c in bom["components"]}
    report(f"spdx/rdf: the JSON-LD parses with rdflib ({len(g)} triples) "
           f"into one AIPackage per model ({len(pkgs)}), named by its id",
           set(name.values()) == models and len(pkgs) == len(models),
           f"missing {sample(models - set(name.values()))}")
    purpose = {g.value(p, sw.primaryPurpose) for p in pkgs}
    report("spdx/rdf: every package's primaryPurpose is "
           "SoftwarePurpose/model",
           purpose == {rdflib.URIRef(SPDX_TERMS + "Software/"
                                     "SoftwarePurpose/model")}, purpose)
    got = set()
    for r in g.subjects(core.relationshipType, rel.descendantOf):
        frm = g.value(r, core["from"])
        kind = str(g.value(r, core.comment))
        for to in g.objects(r, core.to):
            got.add((name.get(frm), name.get(to), kind))
    want = {(m, p, e["relation"]) for m in models
            for p, e in parents.get(m, {}).items()}
    report(f"spdx/rdf: descendantOf from each child's package to its "
           f"parents', the relation in its comment ({len(want)} edges)",
           got == want, f"missing {sample(want - got)}; extra "
           f"{sample(got - want)}")
    lic_of = {}
    bad = []
    for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
        per = defaultdict(list)
        for r in g.subjects(core.relationshipType, rel[kind]):
            per[g.value(r, core["from"])] += list(g.objects(r, core.to))
        if set(per) != pkgs or any(len(v) != 1 for v in per.values()):
            bad.append((kind, len(per)))
        lic_of[kind] = {name[p]: v[0] for p, v in per.items() if p in name}
    report("spdx/rdf: exactly one hasDeclaredLicense and one "
           "hasConcludedLicense per package", not bad, bad)

    def expr(node):
        if str(node) == NO_LICENSE:
            return "NOASSERTION"
        text = g.value(node, sl.licenseExpression)
        uris = {str(g.value(e, core.key)): str(g.value(e, core.value))
                for e in g.objects(node, sl.customIdToUri)}
        return (str(text), uris)

    bad = []
    for m in models:
        row = nodes[m]
        d = expr(lic_of["hasDeclaredLicense"][m])
        c = expr(lic_of["hasConcludedLicense"][m])
        want_d = "NOASSERTION" if row["license"] in ("", "unknown") else \
            " AND ".join(v if k == "id" else None or spdx_ref(v, table)
                         for k, v in expected_refs(row["license"], table))
        if (d if d == "NOASSERTION" else d[0]) != want_d:
            bad.append((m, "declared", d, want_d))
        src = row["concluded_source"]
        if src == "inherited":
            if lic_of["hasConcludedLicense"][m] != \
                    lic_of["hasDeclaredLicense"][row["concluded_from"]]:
                bad.append((m, "concluded not its ancestor's declared"))
        elif src == "declared":
            if lic_of["hasConcludedLicense"][m] != \
                    lic_of["hasDeclaredLicense"][m]:
                bad.append((m, "concluded not its declared"))
        elif c != "NOASSERTION":
            bad.append((m, "concluded", c))
    report("spdx/rdf: hasDeclaredLicense to the licence expression of the "
           "model's licence (SPDX ids, LicenseRef- off the list, "
           "NoAssertionLicense for none); hasConcludedLicense to the same, "
           "to the declaring ancestor's, or to NoAssertionLicense",
           not bad, sample(bad, 2))
    d = expr(lic_of["hasDeclaredLicense"][TREE])
    report(f"spdx/rdf: {TREE} declares LicenseRef-llama3, its "
           "customIdToUri Meta's licence URL",
           d == ("LicenseRef-llama3", {
               "LicenseRef-llama3": "https://llama.meta.com/llama3/license/"}),
           d)


def spdx_ref(name, table):
    """The LicenseRef- of a licence off the list, as the writer makes it
    for the names these fixtures hold (idstring characters only)."""
    spdx = table.get(name)
    if spdx and spdx.startswith("LicenseRef-"):
        return spdx
    return "LicenseRef-" + name


def check_spdx(bom, nodes, parents, table, list_ids):
    path = os.path.join(TMP, "bom.spdx.json")
    if not export("spdx", path, "--tree", TREE):
        return
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        report("spdx: the document is JSON", False, e)
        return
    check_spdx_shape(doc, len(bom["components"]) if bom else -1, list_ids)
    if bom:
        check_spdx_rdf(doc, bom, parents, nodes, table)
    again = os.path.join(TMP, "bom-again.spdx.json")
    export("spdx", again, "--tree", TREE)
    report("spdx: the same input gives the same bytes",
           open(path, "rb").read() == open(again, "rb").read())


# -- hostile ids -----------------------------------------------------------

HOSTILE = [
    {"id": 'org/Model-7B.Q4:K"M', "tags": ["license:mit"], "author":
     "o<&>'\"\x02rg\\", "pipeline_tag": "text\x01gen\u2028",
     "createdAt": "2024-02-30T00:00:00.000Z"},
    {"id": "ünï/çødé-模型", "tags": ['base_model:org/Model-7B.Q4:K"M'],
     "cardData": {"license": "other", "license_name":
                  "weird\x07name <&> 'q' \"dq\" \\x\\ \u2028",
                  "license_link": "https://example.org/a b\"<>"},
     "createdAt": "2024-03-01T10:00:00.000Z"},
    {"id": "a.b/c-d:e\\", "tags": ["base_model:finetune:ünï/çødé-模型",
                                  "base_model:graph",
                                  "license:foo<&>\x03\"bar\\"],
     "cardData": {"license_link": "./LICENSE"}},
    {"id": "x/node", "tags": ["base_model:a.b/c-d:e\\", "base_model:-->",
                              "base_model:node"],
     "cardData": {"license": "llama3", "license_link": "LICENSE.md"}},
    {"id": "emoji/🤗-\u2028-x", "tags": ["base_model:x/node"]},
    {"id": "org/quoted\"name", "tags": ["base_model:quantized:x/node",
                                       "license:openrail++"]},
]


def check_hostile():
    src = os.path.join(TMP, "hostile.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for r in HOSTILE:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    cdx = os.path.join(TMP, "hostile.cdx.json")
    spdx = os.path.join(TMP, "hostile.spdx.json")
    ok1 = export("cyclonedx", cdx, inputs=(src,))
    ok2 = export("spdx", spdx, inputs=(src,))
    if not (ok1 and ok2):
        return
    validate([cdx], "of hostile ids, licence names and links")
    ids = {r["id"] for r in HOSTILE} | {"graph", "-->", "node"}
    try:
        with open(cdx, encoding="utf-8") as f:
            bom = json.load(f)
        got = {model_of(c) for c in bom["components"]}
        purls = {purl_model(c["purl"]) for c in bom["components"]}
        report("hostile: CycloneDX is JSON with the exact ids, as names and "
               "in the purls", got == ids and purls == ids,
               f"{sample(ids ^ got)}; purls {sample(ids ^ purls)}")
        check_identity(bom)
    except ValueError as e:
        report("hostile: CycloneDX is JSON", False, e)
    try:
        with open(spdx, encoding="utf-8") as f:
            doc = json.load(f)
        names = {el["name"] for el in doc["@graph"]
                 if el.get("type") == "ai_AIPackage"}
        report("hostile: SPDX is JSON with the exact ids as package names",
               names == ids, sample(ids ^ names))
        check_spdx_shape(doc, len(ids), spdx_list()[0])
        g = rdf_graph(doc)
        report(f"hostile: SPDX parses with rdflib ({len(g)} triples)", True)
    except Exception as e:  # noqa: BLE001
        report("hostile: SPDX is JSON-LD rdflib reads", False,
               f"{type(e).__name__}: {e}")


def main():
    try:
        import rdflib  # noqa: F401
    except ImportError:
        report("rdflib is installed (python3-rdflib)", False,
               "apt-get install python3-rdflib (tests/install-deps.sh)")
    table = license_table()
    list_ids, version = spdx_list()
    check_license_table(table, list_ids, version)
    nodes, parents = read_graph()
    bom = check_cyclonedx(nodes, parents, table)
    check_spdx(bom, nodes, parents, table, list_ids)
    check_hostile()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
