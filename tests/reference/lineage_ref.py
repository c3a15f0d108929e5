#!/usr/bin/python3
"""Independent reference implementation of the lineage rules (SPEC section 2).

This is a test oracle for `lineage rank`: it shares no code with the C tool and
favours being obviously correct over being fast (one BFS per node).

Usage: lineage_ref.py [--format tsv] [--stats] INPUT...
(--stats adds graph facts to stderr: nodes, edges, external nodes,
self-loops, case-only matches, cycles.)

INPUT is a file, a directory (walked recursively, entries sorted by name as
bytes at each level, dotfiles skipped) or `-` for stdin.  Files may be gzip
(detected by the magic bytes 1f 8b).  Content is a JSON array of model objects,
JSON lines, or one JSON object.  Malformed records are skipped; the counts go
to stderr.

Output: the `rank` table as TSV with a header row, for every node that has at
least one child, sorted by descendants desc, children desc, lowercased id asc.

Decisions where the rules leave room (keep in step with the C tool):
  * `id` is used when it is a string, else `modelId` when it is a string
    (a wrong-typed field is ignored, as SPEC section 1 says); the chosen value
    must canonicalise to a valid id or the record is skipped.
  * Canonicalisation is applied to ids, and an id longer than 256 bytes (UTF-8)
    after canonicalisation is invalid.
  * A tag counts as a base_model tag when it starts with `base_model:`
    (case-sensitive), even if the id it names turns out invalid; such a tag
    still suppresses the cardData.base_model fallback.
  * The REL word in `base_model:REL:ID` is matched case-sensitively; when one
    parent is named by several REL tags, the first REL tag wins.
  * Self-loops are dropped before relation inference, so a self-reference does
    not make a record a "merge".
  * The `adapter_config.json` sibling must be at the repository root
    (rfilename exactly `adapter_config.json`); `.gguf` is matched case-sensitively.
  * `downloads` counts only when it is a JSON integer in 0 .. 2^63-1 (not a
    bool, a float, a negative number or a bignum); otherwise it is 0.
  * An id holding a NUL character is invalid.
  * An external node is displayed with the first spelling that referenced it,
    scanning the surviving records in input order (a record replaced by a later
    duplicate references nothing).
  * A record containing invalid UTF-8 or a lone surrogate anywhere is malformed.
  * A truncated or corrupt gzip stream yields the records decompressed before
    the damage; a JSON array that fails to parse is dropped whole.
  * Model cards (README.md with front matter) are not read: only JSON shapes.
"""

import io
import json
import os
import re
import sys
import zlib
from collections import deque

ASCII_WS = " \t\n\v\f\r"  # isspace() in the C locale; str.strip() would also eat Unicode spaces
URL_PREFIXES = (
    "https://huggingface.co/",
    "http://huggingface.co/",
    "huggingface.co/",
    "https://hf.co/",
    "hf.co/",
)
MAX_ID_BYTES = 256

RELATIONS = ("finetune", "adapter", "quantized", "merge")
QUANT_MARKERS = frozenset({
    "gguf", "gptq", "awq", "exl2", "bnb-4bit", "bnb-8bit", "4-bit", "8-bit",
    "4bit", "8bit", "bitsandbytes", "hqq", "aqlm", "quanto",
})
ADAPTER_TAGS = frozenset({"peft", "lora", "adapter-transformers"})

# str.lower() is Unicode-aware (e.g. KELVIN SIGN -> 'k'); the rules want ASCII only.
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(s):
    return s.translate(_ASCII_LOWER)


def canonical_id(raw):
    """Return the canonical spelling of an id, or None if it is invalid."""
    s = raw.strip(ASCII_WS)
    low = ascii_lower(s)
    for prefix in URL_PREFIXES:
        if low.startswith(prefix):
            s = s[len(prefix):]
            break  # only one prefix is removed
    s = s.rstrip("/").strip(ASCII_WS)
    if not s or "\0" in s or len(s.encode("utf-8", "surrogatepass")) > MAX_ID_BYTES:
        return None
    return s


# A parent written as a YAML/Python null ("base_model: None") names no model.
NO_MODEL = {"none", "null", "nan", "n/a"}


def parent_id(raw):
    pid = canonical_id(raw)
    return None if pid is None or ascii_lower(pid) in NO_MODEL else pid


# ---------------------------------------------------------------- reading input

def walk(path):
    """Yield file paths (bytes) under path in the order the tool reads them."""
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            if name.startswith(b"."):
                continue
            yield from walk(os.path.join(path, name))
    else:
        yield path


SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def has_bad_text(value):
    """True if any string in value holds a surrogate, i.e. invalid UTF-8 in the
    input (kept as surrogates by surrogateescape) or a lone \\uD800-style escape."""
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(has_bad_text(v) for v in value)
    if isinstance(value, dict):
        return any(has_bad_text(k) or has_bad_text(v) for k, v in value.items())
    return False


def gunzip(data):
    """Decompress all gzip members; return (bytes, complete).  A truncated or
    corrupt stream keeps what decompressed before the damage, as the records
    there are intact (a partial last line then fails to parse on its own)."""
    out, complete = [], True
    while data[:2] == b"\x1f\x8b":
        member = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            # Small steps, so a late error does not lose the good output
            # decompressed before it.
            for i in range(0, len(data), 1 << 16):
                out.append(member.decompress(data[i:i + (1 << 16)]))
                if member.eof:
                    break
        except zlib.error:
            return b"".join(out), False
        if not member.eof:
            return b"".join(out), False
        data = member.unused_data
    return b"".join(out), complete


def decode(data):
    # surrogateescape keeps invalid bytes visible, so has_bad_text() can reject
    # just the affected record instead of the whole file.
    return data.decode("utf-8", "surrogateescape")


def could_be_bad(text):
    # Walking every string of every record is slow; only do it when the text
    # could hold a surrogate at all.
    return SURROGATE.search(text) is not None or SURROGATE_ESCAPE.search(text) is not None


def json_values(data, stats):
    """Yield (value, suspect) for the top-level values of one file: the items
    of an array, the one object, or one value per JSON line."""
    if data.lstrip(ASCII_WS.encode()).startswith(b"["):
        text = decode(data)
        try:
            values = json.loads(text)
        except (ValueError, RecursionError):
            stats["read"] += 1  # a broken array cannot be resynchronised:
            stats["skipped"] += 1  # count it as one bad record
            return
        suspect = could_be_bad(text)
        del text
        for value in values if isinstance(values, list) else [values]:
            yield value, suspect
        return

    # JSON lines, read line by line from bytes: decoding a whole 400 MB file
    # at once (UCS-4 if one emoji is in it) would dwarf the graph itself.
    first = True
    for raw in io.BytesIO(data):
        line = decode(raw)
        if not line.strip(ASCII_WS):
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            if first:  # maybe one pretty-printed object spanning many lines
                try:
                    text = decode(data)
                    value = json.loads(text)
                    yield value, could_be_bad(text)
                    return
                except (ValueError, RecursionError):
                    pass
            first = False
            stats["read"] += 1
            stats["skipped"] += 1
            continue
        first = False
        yield value, could_be_bad(line)


def parse_records(data, stats):
    """Yield the model objects of one file's content; count the bad ones."""
    if data[:2] == b"\x1f\x8b":
        data, complete = gunzip(data)
        if not complete:
            stats["truncated"] += 1
    if data.startswith(b"\xef\xbb\xbf"):  # UTF-8 byte order mark
        data = data[3:]
    for value, suspect in json_values(data, stats):
        stats["read"] += 1
        if not isinstance(value, dict) or (suspect and has_bad_text(value)):
            stats["skipped"] += 1
            continue
        yield value


def read_inputs(paths, stats):
    for top in paths:
        if top == "-":
            yield from parse_records(sys.stdin.buffer.read(), stats)
            continue
        for path in walk(os.fsencode(top)):
            with open(path, "rb") as f:
                yield from parse_records(f.read(), stats)


# ---------------------------------------------------------------- one record

def record_id(rec):
    for field in ("id", "modelId"):
        if isinstance(rec.get(field), str):
            return canonical_id(rec[field])
    return None


def parent_refs(rec):
    """Return [(spelling, tag_relation_or_None)] in the order first named.

    Parents come from base_model tags; cardData.base_model is used only when
    the record has no base_model tag at all.
    """
    tags = rec.get("tags")
    tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []

    named = {}  # key -> [spelling, relation]; dicts keep insertion order
    bm_tags = [t[len("base_model:"):] for t in tags if t.startswith("base_model:")]
    for rest in bm_tags:
        relation = None
        head, sep, tail = rest.partition(":")
        if sep and head in RELATIONS:
            relation, rest = head, tail
        pid = parent_id(rest)
        if pid is None:
            continue
        entry = named.setdefault(ascii_lower(pid), [pid, None])
        if entry[1] is None:
            entry[1] = relation

    if not bm_tags:
        card = rec.get("cardData")
        base = card.get("base_model") if isinstance(card, dict) else None
        if isinstance(base, str):
            base = [base]
        if isinstance(base, list):
            for item in base:
                if isinstance(item, str):
                    pid = parent_id(item)
                    if pid is not None:
                        named.setdefault(ascii_lower(pid), [pid, None])
    return [(spelling, rel) for spelling, rel in named.values()]


def inferred_relation(rec, n_parents):
    if n_parents > 1:
        return "merge"
    tags = rec.get("tags")
    tags = {ascii_lower(t) for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()
    lib = rec.get("library_name")
    lib = ascii_lower(lib) if isinstance(lib, str) else None
    siblings = rec.get("siblings")
    files = [s.get("rfilename") for s in siblings if isinstance(s, dict)] if isinstance(siblings, list) else []
    files = [f for f in files if isinstance(f, str)]

    if tags & QUANT_MARKERS or lib in QUANT_MARKERS or any(f.endswith(".gguf") for f in files):
        return "quantized"
    if lib == "peft" or tags & ADAPTER_TAGS or "adapter_config.json" in files:
        return "adapter"
    return "finetune"


def card_relation(rec):
    card = rec.get("cardData")
    rel = card.get("base_model_relation") if isinstance(card, dict) else None
    if isinstance(rel, str) and ascii_lower(rel) in RELATIONS:
        return ascii_lower(rel)
    return None


INT64_MAX = 2**63 - 1


def downloads_of(rec):
    # A count: a JSON integer that fits the C tool's int64 and is not negative;
    # anything else (bool, float, 1e999, 30 digits, -42) is ignored.
    d = rec.get("downloads")
    if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= INT64_MAX:
        return d
    return 0


# ---------------------------------------------------------------- the graph

class Graph:
    def __init__(self):
        self.name = {}        # key -> display spelling
        self.downloads = {}   # key -> downloads, only for nodes with a record
        self.children = {}    # parent key -> {child key: relation}
        self.self_loops = 0
        self.case_only = 0    # edges whose spelling differs from the target only in case


def summarize(rec, rid):
    """All a record contributes to the graph: (downloads, self_loops,
    [(parent key, parent spelling, relation)]).  Keeping only this, not the
    whole record, lets the oracle hold a million-model listing in memory."""
    key = ascii_lower(rid)
    refs, self_loops = [], 0
    for spelling, tag_rel in parent_refs(rec):
        pkey = ascii_lower(spelling)
        if pkey == key:
            self_loops += 1
            continue
        refs.append((pkey, spelling, tag_rel))
    fallback = card_relation(rec) or inferred_relation(rec, len(refs))
    edges = [(pkey, spelling, tag_rel or fallback) for pkey, spelling, tag_rel in refs]
    return downloads_of(rec), self_loops, edges


def build_graph(records, stats):
    # Last record of an id wins entirely.  Re-inserting moves the key to the
    # end of the dict, so iterating `latest` visits the surviving records in
    # the input order of their winning copies.
    latest = {}
    for rec in records:
        rid = record_id(rec)
        if rid is None:
            stats["skipped"] += 1
            continue
        key = ascii_lower(rid)
        if key in latest:
            stats["duplicates"] += 1
            del latest[key]
        latest[key] = (rid, summarize(rec, rid))
    stats["kept"] = len(latest)

    g = Graph()
    for key, (rid, (downloads, _, _)) in latest.items():
        g.name[key] = rid
        g.downloads[key] = downloads

    for key, (rid, (_, self_loops, edges)) in latest.items():
        g.self_loops += self_loops
        for pkey, spelling, relation in edges:
            g.name.setdefault(pkey, spelling)  # external: first spelling wins
            if pkey in latest and latest[pkey][0] != spelling:
                g.case_only += 1
            g.children.setdefault(pkey, {})[key] = relation
    return g


def reachable(g, start):
    """Keys reachable from start along parent->child edges (start excluded
    unless it lies on a cycle)."""
    seen = set()
    queue = deque([start])
    while queue:
        for child in g.children.get(queue.popleft(), ()):
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return seen


def rank_rows(g):
    rows = []
    on_cycle = set()
    for key, kids in g.children.items():
        desc = reachable(g, key)
        if key in desc:  # a cycle leads back here; the node is not its own descendant
            on_cycle.add(key)
            desc.discard(key)
        rels = list(kids.values())
        rows.append({
            "key": key,
            "model": g.name[key],
            "children": len(kids),
            "descendants": len(desc),
            "finetunes": rels.count("finetune"),
            "adapters": rels.count("adapter"),
            "quantized": rels.count("quantized"),
            "merges": rels.count("merge"),
            "downloads": g.downloads.get(key, ""),
            "descendant_downloads": sum(g.downloads.get(k, 0) for k in desc),
        })
    rows.sort(key=lambda r: (-r["descendants"], -r["children"], r["key"].encode("utf-8", "surrogatepass")))
    return rows, on_cycle


COLUMNS = ("model", "children", "descendants", "finetunes", "adapters",
           "quantized", "merges", "downloads", "descendant_downloads")


def cycle_groups(g, on_cycle):
    """Partition the nodes on cycles into strongly connected components."""
    groups, done = [], set()
    reach = {k: reachable(g, k) for k in on_cycle}
    for k in sorted(on_cycle):
        if k in done:
            continue
        comp = {k} | {v for v in reach[k] if v in reach and k in reach[v]}
        done |= comp
        groups.append(sorted(g.name[v] for v in comp))
    return groups


def print_stats(g, on_cycle, out):
    nodes = set(g.name)
    external = nodes - set(g.downloads)
    edges = sum(len(k) for k in g.children.values())
    print(f"nodes\t{len(nodes)}", file=out)
    print(f"records\t{len(g.downloads)}", file=out)
    print(f"external\t{len(external)}", file=out)
    print(f"edges\t{edges}", file=out)
    print(f"self_loops\t{g.self_loops}", file=out)
    print(f"case_only_edges\t{g.case_only}", file=out)
    print(f"nodes_on_cycles\t{len(on_cycle)}", file=out)
    for comp in cycle_groups(g, on_cycle):
        print("cycle\t" + " ".join(comp), file=out)


USAGE = "usage: lineage_ref.py [--format tsv] [--stats] INPUT..."


def usage_error(msg):
    print(f"lineage_ref.py: {msg}\n{USAGE}", file=sys.stderr)
    sys.exit(2)


def main(argv):
    args, want_stats = [], False
    it = iter(argv)
    for a in it:
        if a == "--format":
            fmt = next(it, None)
            if fmt != "tsv":
                usage_error("only --format tsv is supported")
        elif a == "--stats":
            want_stats = True
        elif a.startswith("-") and a != "-":
            usage_error(f"unknown option {a}")
        else:
            args.append(a)
    if not args:
        usage_error("no INPUT given")

    stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0, "truncated": 0}
    g = build_graph(read_inputs(args, stats), stats)
    rows, on_cycle = rank_rows(g)

    # Bytes, so the output is UTF-8 whatever the locale says.
    out = sys.stdout.buffer
    out.write(("\t".join(COLUMNS) + "\n").encode())
    for r in rows:
        out.write(("\t".join(str(r[c]) for c in COLUMNS) + "\n").encode())
    print("lineage_ref: {read} records read, {kept} kept, {skipped} skipped, "
          "{duplicates} duplicates, {truncated} truncated gzip files".format(**stats),
          file=sys.stderr)
    if want_stats:
        print_stats(g, on_cycle, sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
