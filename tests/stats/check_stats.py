#!/usr/bin/python3
"""check_stats.py - every number `lineage stats` prints, recounted in Python.

An independent check of the study's tables (SPEC section 3 `stats`, and
`lineage stats --help`) on the real fixtures (fixtures/hub-listing-2024-07,
50,000 models): for each sampling below, the binary's `--format json` output
is compared row by row and number by number with a recount made here -
every table (licenses, families, openness, bases, authors, months), every
column, the row order, percentages as printed (2 decimals); and the stderr
note's count of the Hub's placeholder dates (3,904). A few small records
(SMALL below) then cover what the real pages never hold: cardData licences,
license_name, the author field, missing dates, a cycle.

Nothing here is read from the C code. What is shared with other tests:
  * the graph rules (ids, base_model tags, external nodes, self-loops,
    cycles, reachability) come from the independent oracle
    tests/reference/lineage_ref.py, imported;
  * the licence ids, families, openness classes, `fold=` rows and
    `license_name` aliases are read from data/licenses.tab, which is data;
    the normalisation of a model's declared licence (SPEC-licenses section
    1) is written out here.

Definitions the recount uses (from --help, SPEC.md section 3 and
SPEC-licenses.md; where those leave room, the reading is said):
  sample       every model with a record of its own (no external node),
               narrowed by --search (ASCII case-insensitive substring of the
               id) and --author (any case, repeatable).
  licence      cardData.license (a string, or a list's strings), else the
               license:ID tags; each lower-cased and trimmed, `unknown`
               dropped, duplicates dropped; `other` resolved through
               cardData.license_name: an alias of the table, else a name
               spelling a Hub id of the table, else `other:NAME`; an id the
               table does not know is `other:ID`. No licence: `unknown`.
               A set of several is named by its licences joined with ',',
               in the order declared (so a,b and b,a are two rows).
               With --fold each licence of the licences table is its fold=
               row, a folded name listed once.
  family,      of a set of several licences: its first licence's (the
  openness     C tool's reading too; a choice, flagged when this was added).
  licenses     rows by models desc, then name (bytes); percent of the
               sample, cumulative_percent summed down the rows.
  concluded    (licenses, families, openness) sampled models concluded to
               carry the row's licence set, family or class: a model's own
               set when it declares one, else that of its nearest declaring
               ancestor (tests/compliance/concluded_ref.py walks it: BFS up
               through models declaring none, external nodes too; of tied
               nearest ones the most restrictive family, then the smaller
               id), else none, counted as `unknown`. The ancestor may lie
               outside a --search or --author sample, so a row can have
               concluded > 0 and models 0: such rows are listed too (after
               the others, as models 0 sorts); concluded_percent is of the
               sample. With --fold the concluded set's name is folded too.
  bases        every node (external too) that a sampled model names as a
               parent: children = sampled models naming it; descendants =
               sampled models reachable below it (through any model, the
               node itself never counted, on a cycle neither); license its
               own, unfolded. Most children first (then descendants, then
               id, any case), or with --by descendants the other way round.
  authors      the record's `author`, else the id's namespace; one author
               whatever the case of its name, as --author matches and as
               the Hub's namespaces are (the row may show any spelling).
               models; licenses = distinct licences its models declare
               (each licence of a multi-licence model on its own; an
               `other:NAME` per NAME); top_license = the licence row most
               of its declaring models carry (`unknown` only when none
               declares), ties to the smaller name; unknown = models
               declaring none. By models desc, then name.
  months       createdAt "YYYY-MM..." -> YYYY-MM; the Hub's placeholder
               2022-03-02T23:29:* -> placeholder; none (or not a date)
               -> unknown; real months in order, then placeholder, unknown;
               models, then models per licence family.

Usage: check_stats.py [LINEAGE]   (else $LINEAGE, else ./lineage)
Prints "ok NAME" / "FAIL NAME: detail" per check, then "N passed, N failed";
exit 1 if any check failed.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ left in the tree
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
sys.path.insert(0, os.path.join(ROOT, "tests", "compliance"))
import lineage_ref as ref  # noqa: E402  (the independent graph oracle)
import concluded_ref  # noqa: E402  (the concluded licence, walked here)

LINEAGE = (sys.argv[1] if len(sys.argv) > 1
           else os.environ.get("LINEAGE", "./lineage"))
FIXTURES = os.path.join(ROOT, "fixtures", "hub-listing-2024-07")
LICENSES_TAB = os.path.join(ROOT, "data", "licenses.tab")
PLACEHOLDER = "2022-03-02T23:29:"
FIXTURE_PLACEHOLDERS = 3904  # the Hub's stand-in date in the 50,000 models

FAMILIES = ("permissive", "weak-copyleft", "copyleft", "non-commercial",
            "no-derivatives", "use-restricted", "vendor", "other", "unknown")
# the openness class of a family's licences unless a licence says class=
DEFAULT_CLASS = {
    "permissive": "osi", "weak-copyleft": "osi", "copyleft": "osi",
    "non-commercial": "nc-nd", "no-derivatives": "nc-nd",
    "use-restricted": "restricted", "vendor": "restricted",
    "other": "other", "unknown": "unknown",
}
WS = " \t\r\n"

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


# -- the licence table (data) ---------------------------------------------

class LicenceTable:
    def __init__(self, path):
        self.lic = {}      # id -> {"family", "class", "fold", "hub"}
        self.aliases = []  # (name, prefix?, id), in file order
        with open(path, encoding="utf-8") as f:
            for line in f:
                words = line.split("#", 1)[0].split()
                if not words:
                    continue
                if words[0] == "license":
                    lid, family, attrs = words[1].lower(), words[2], words[3:]
                    entry = {"family": family, "class": DEFAULT_CLASS[family],
                             "fold": None, "hub": False}
                    for a in attrs:
                        key, _, value = a.partition("=")
                        if a == "hub":
                            entry["hub"] = True
                        elif key == "class":
                            entry["class"] = value
                        elif key == "fold":
                            entry["fold"] = value
                    self.lic[lid] = entry
                elif words[0] == "alias":
                    name, lid = words[1].lower(), words[2].lower()
                    self.aliases.append((name.rstrip("*"), name.endswith("*"),
                                         lid))

    def alias(self, name):
        for alias, prefix, lid in self.aliases:
            if name.startswith(alias) if prefix else name == alias:
                return lid
        return None


TABLE = LicenceTable(LICENSES_TAB)


def clean(s):
    return ref.ascii_lower(s.strip(WS))


def declared(rec):
    """The raw licence strings a record declares, in order (SPEC-licenses
    1.1: cardData.license, else the license: tags)."""
    card = rec.get("cardData")
    if isinstance(card, dict):
        value = card.get("license")
        if isinstance(value, str) and value.strip(WS):
            return [value]
        if isinstance(value, list):
            items = [v for v in value if isinstance(v, str) and v.strip(WS)]
            if items:
                return items
    tags = rec.get("tags")
    tags = tags if isinstance(tags, list) else []
    return [t[len("license:"):] for t in tags
            if isinstance(t, str) and t.startswith("license:")
            and len(t) > len("license:")]


def licence_set(rec):
    """The model's licences: a tuple of (id, other-name or None)."""
    card = rec.get("cardData")
    name = card.get("license_name") if isinstance(card, dict) else None
    name = name if isinstance(name, str) else None
    out = []
    for raw in declared(rec):
        lid = clean(raw)
        if not lid or lid == "unknown":
            continue
        if lid == "other":
            entry = ("other", None)
            resolved = clean(name) if name is not None else ""
            if resolved:
                target = TABLE.alias(resolved)
                if target is None and resolved != "other" and \
                        TABLE.lic.get(resolved, {}).get("hub"):
                    target = resolved  # a license_name spelling a Hub id
                entry = (target, None) if target else ("other", name)
        elif lid in TABLE.lic:
            entry = (lid, None)
        else:
            entry = ("other", raw)  # a custom id: unresolved, named by it
        if entry not in out:
            out.append(entry)
    return tuple(out)


def set_name(lset, fold=False):
    if not lset:
        return "unknown"
    names = []
    for lid, other in lset:
        folded = TABLE.lic[lid]["fold"] if fold else None
        text = folded or (f"{lid}:{other}" if other else lid)
        if text not in names:
            names.append(text)
    return ",".join(names)


def set_family(lset):
    return TABLE.lic[lset[0][0]]["family"] if lset else "unknown"


def set_class(lset):
    return TABLE.lic[lset[0][0]]["class"] if lset else "unknown"


# -- the models -----------------------------------------------------------

def month_of(created):
    if not isinstance(created, str):
        return "unknown"
    if created.startswith(PLACEHOLDER):
        return "placeholder"
    if re.match(r"[0-9]{4}-[0-9]{2}", created):
        return created[:7]
    return "unknown"


def author_of(rec, rid):
    author = rec.get("author")
    if isinstance(author, str) and "\0" not in author:
        return author
    return rid.split("/", 1)[0]


class Model:
    __slots__ = ("id", "author", "created", "lset", "concluded")


def load(paths):
    """The graph (lineage_ref's rules) and, per node key with a record, the
    fields the tables need, from the record that wins (the last of an id)."""
    info = {}

    def tap(records):
        for rec in records:
            rid = ref.record_id(rec)
            if rid is not None:
                m = Model()
                m.id = rid
                m.author = author_of(rec, rid)
                created = rec.get("createdAt")
                m.created = created if isinstance(created, str) else None
                m.lset = licence_set(rec)
                info[ref.ascii_lower(rid)] = m
            yield rec

    stats = {"read": 0, "kept": 0, "skipped": 0, "duplicates": 0,
             "truncated": 0}
    g = ref.build_graph(tap(ref.read_inputs(paths, stats)), stats)
    models = {k: info[k] for k in g.downloads}  # nodes with a record
    concluded = concluded_ref.conclude(
        g, {k: m.lset for k, m in models.items()}, set_family)
    for k, m in models.items():
        m.concluded = concluded[k].lset  # () for none
    below = {}  # node key -> keys reachable below it, itself never
    for key in g.children:
        desc = ref.reachable(g, key)
        desc.discard(key)
        below[key] = desc
    return g, models, below


# -- the tables, recounted -------------------------------------------------

def id_key(s):
    """lg's id order: ASCII case-insensitive, then bytes."""
    return ref.ascii_lower(s).encode("utf-8", "surrogatepass")


def shares(counter, concluded, total):
    """Rows of a share table: every name some sampled model declares or is
    concluded to carry; by models desc, then name (bytes)."""
    names = {n for n, k in counter.items() if k} | \
        {n for n, k in concluded.items() if k}
    rows = sorted(names, key=lambda n: (-counter[n], n.encode()))
    out, cumulative = [], 0

    def pct(n):
        return Fraction(100 * n, total) if total else 0

    for name in rows:
        n = counter[name]
        cumulative += n
        out.append({"name": name, "models": n, "percent": pct(n),
                    "cumulative_percent": pct(cumulative),
                    "concluded": concluded[name],
                    "concluded_percent": pct(concluded[name])})
    return out


def expected_tables(g, models, below, search=None, authors=(), fold=False,
                    by="children"):
    want = {ref.ascii_lower(a) for a in authors}
    needle = ref.ascii_lower(search) if search is not None else None
    sample = {k: m for k, m in models.items()
              if (needle is None or needle in ref.ascii_lower(m.id))
              and (not want or ref.ascii_lower(m.author) in want)}
    total = len(sample)

    lic, fam, opn = Counter(), Counter(), Counter()
    clic, cfam, copn = Counter(), Counter(), Counter()  # concluded
    months = defaultdict(Counter)
    per_author = defaultdict(lambda: {"names": Counter(), "models": 0,
                                      "unknown": 0, "spellings": set(),
                                      "licences": set()})
    for m in sample.values():
        lic[set_name(m.lset, fold)] += 1
        fam[set_family(m.lset)] += 1
        opn[set_class(m.lset)] += 1
        clic[set_name(m.concluded, fold)] += 1
        cfam[set_family(m.concluded)] += 1
        copn[set_class(m.concluded)] += 1
        month = months[month_of(m.created)]
        month["models"] += 1
        month[set_family(m.lset)] += 1
        a = per_author[ref.ascii_lower(m.author)]
        a["models"] += 1
        a["spellings"].add(m.author)
        if m.lset:
            a["names"][set_name(m.lset)] += 1
            a["licences"].update(m.lset)
        a["unknown"] += not m.lset

    tables = {}
    tables["licenses"] = [dict(license=r["name"], models=r["models"],
                               percent=r["percent"],
                               cumulative_percent=r["cumulative_percent"],
                               concluded=r["concluded"],
                               concluded_percent=r["concluded_percent"])
                          for r in shares(lic, clic, total)]
    tables["families"] = [dict(family=r["name"], models=r["models"],
                               percent=r["percent"],
                               concluded=r["concluded"],
                               concluded_percent=r["concluded_percent"])
                          for r in shares(fam, cfam, total)]
    tables["openness"] = [dict(openness=r["name"], models=r["models"],
                               percent=r["percent"],
                               concluded=r["concluded"],
                               concluded_percent=r["concluded_percent"])
                          for r in shares(opn, copn, total)]

    bases = []
    for key, kids in g.children.items():
        children = sum(1 for c in kids if c in sample)
        if not children:
            continue
        descendants = sum(1 for d in below[key] if d in sample)
        lset = models[key].lset if key in models else ()
        bases.append(dict(model=g.name[key], children=children,
                          descendants=descendants, license=set_name(lset)))
    first, second = (("children", "descendants") if by == "children"
                     else ("descendants", "children"))
    bases.sort(key=lambda b: (-b[first], -b[second], id_key(b["model"])))
    tables["bases"] = bases

    rows = []
    for a in per_author.values():
        names = a["names"]  # declared sets only: unknown tops no author
        top = (min(names, key=lambda n: (-names[n], n.encode()))
               if names else "unknown")
        rows.append(dict(author=a["spellings"], models=a["models"],
                         licenses=len(a["licences"]),
                         top_license=top, unknown=a["unknown"]))
    rows.sort(key=lambda r: (-r["models"], id_key(min(r["author"]))))
    tables["authors"] = rows

    rank = {"placeholder": 1, "unknown": 2}
    order = sorted(months, key=lambda m: (rank.get(m, 0), m))
    tables["months"] = [dict(month=m, models=months[m]["models"],
                             **{f: months[m][f] for f in FAMILIES})
                        for m in order]
    placeholder = sum(1 for m in sample.values()
                      if month_of(m.created) == "placeholder")
    return tables, total, placeholder


# -- comparing -------------------------------------------------------------

COLUMNS = {
    "licenses": ["license", "models", "percent", "cumulative_percent",
                 "concluded", "concluded_percent"],
    "families": ["family", "models", "percent", "concluded",
                 "concluded_percent"],
    "openness": ["openness", "models", "percent", "concluded",
                 "concluded_percent"],
    "bases": ["model", "children", "descendants", "license"],
    "authors": ["author", "models", "licenses", "top_license", "unknown"],
    "months": ["month", "models", *FAMILIES],
}


def printed_ok(got, exact):
    """Whether got, as printed, is exact rounded to 2 decimals (a value just
    halfway may go either way)."""
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    cents = Fraction(repr(float(got))) * 100
    if cents.denominator != 1:
        return False  # more than 2 decimals printed
    scaled = Fraction(exact) * 100
    low = scaled.numerator // scaled.denominator
    if scaled - low == Fraction(1, 2):
        return cents in (low, low + 1)
    return cents == (low if scaled - low < Fraction(1, 2) else low + 1)


def cell_ok(column, got, want):
    if column.endswith("percent"):
        return printed_ok(got, want)
    if isinstance(want, set):  # an author: any of its spellings
        return isinstance(got, str) and got in want
    if isinstance(want, int):
        return isinstance(got, int) and not isinstance(got, bool) \
            and got == want
    return got == want


def show(column, want):
    if isinstance(want, Fraction):
        return f"{float(want):.4f}"
    if isinstance(want, set):
        return "|".join(sorted(want))
    return repr(want)


def row_key(table, value):
    """What names a row: authors and models in any case, as lg compares."""
    if isinstance(value, set):
        value = min(value)
    if table in ("authors", "bases") and isinstance(value, str):
        return ref.ascii_lower(value)
    return value


def compare_table(name, table, got, want):
    """One check: the rows (matched by their first column), every cell, and
    the order. The detail lists the rows missing, extra or different."""
    columns = COLUMNS[table]
    if not isinstance(got, list) or not all(
            isinstance(r, dict) and list(r) == columns for r in got):
        bad = got if not isinstance(got, list) else next(
            r for r in got if not isinstance(r, dict) or list(r) != columns)
        report(name, False, f"want an array of objects with the columns "
               f"{columns}, got {str(bad)[:300]}")
        return
    first = columns[0]
    got_by = {row_key(table, r[first]): r for r in got}
    want_by = {row_key(table, r[first]): r for r in want}
    problems = []
    dup = Counter(row_key(table, r[first]) for r in got)
    for k in (k for k, n in dup.items() if n > 1):
        problems.append(f"{k!r} has {dup[k]} rows: " + " and ".join(
            str(r) for r in got if row_key(table, r[first]) == k) +
            ("; recount: " + ", ".join(f"{c} {show(c, want_by[k][c])}"
                                       for c in columns)
             if k in want_by else ""))
    for k, w in want_by.items():
        if k not in got_by:
            problems.append(f"missing {first} {show(first, w[first])}: "
                            "recount " + ", ".join(
                                f"{c} {show(c, w[c])}" for c in columns[1:]))
    for k, r in got_by.items():
        if k not in want_by:
            problems.append(f"extra {first} {r[first]!r}: lineage " +
                            ", ".join(f"{c} {r[c]!r}" for c in columns[1:]))
    for k, w in want_by.items():
        r = got_by.get(k) if dup[k] == 1 else None
        bad = [c for c in columns if r and not cell_ok(c, r[c], w[c])]
        if bad:
            problems.append(f"{first} {r[first]!r}: " + ", ".join(
                f"{c} lineage {r[c]!r} / recount {show(c, w[c])}"
                for c in bad))
    if not problems:
        order = [row_key(table, r[first]) for r in got]
        for i, k in enumerate(row_key(table, r[first]) for r in want):
            if order[i] != k:
                problems.append(f"order: row {i + 1} is {order[i]!r}, "
                                f"the recount puts {k!r} there")
                break
    count = (f"{len(got)} rows" if len(got) == len(want)
             else f"lineage {len(got)} rows, recount {len(want)}")
    report(name, not problems, f"{count}; {len(problems)} problems: " +
           "; ".join(problems[:10]))


def run(inputs, args, quiet=True):
    cmd = [LINEAGE, "stats", "--format", "json", "--no-cache", "--limit", "0",
           *(["--quiet"] if quiet else []), *args, *inputs]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p, " ".join(["stats", *args])


def check_note(label, stderr, total, placeholder):
    lines = [line for line in stderr.splitlines()
             if line.startswith("lineage: stats of ")]
    want = f"lineage: stats of {total} models"
    if placeholder:
        want += (f"; {placeholder} carry the Hub's placeholder creation date "
                 "(2022-03-02T23:29), counted apart as 'placeholder'")
    report(f"{label}: the stderr note counts {total} models and "
           f"{placeholder} placeholder dates", lines == [want],
           f"got {lines}, want [{want!r}]")


def check_sampling(inputs, label, args, want, total, placeholder, note):
    """The tables of one run; with note, the run is not --quiet and its
    stderr note is checked too."""
    p, cmd = run(inputs, args, quiet=not note)
    if note:
        check_note(label, p.stderr, total, placeholder)
    if p.returncode != 0:
        report(f"{label}: lineage {cmd} exits 0", False,
               f"status {p.returncode}: {p.stderr[-500:]}")
        return
    try:
        got = json.loads(p.stdout)
    except ValueError as e:
        report(f"{label}: JSON output", False, str(e))
        return
    if "--table" in args:
        table = args[args.index("--table") + 1]
        compare_table(f"{label}: {table} ({total} models)", table, got,
                      want[table])
        return
    report(f"{label}: one object keyed by the six tables",
           isinstance(got, dict) and list(got) == list(COLUMNS),
           f"keys {list(got) if isinstance(got, dict) else type(got)}")
    if not isinstance(got, dict):
        return
    for table in COLUMNS:
        compare_table(f"{label}: {table} ({total} models)", table,
                      got.get(table), want[table])


# label, options, the recount's options, whether the run is not --quiet
# and its stderr note checked
SAMPLINGS = [
    ("all models", [], {}, True),
    ("--fold", ["--fold"], {"fold": True}, False),
    ("--search open", ["--search", "open"], {"search": "open"}, False),
    ("--search llama --fold", ["--search", "llama", "--fold"],
     {"search": "llama", "fold": True}, True),
    ("--author TheBloke --author mradermacher",
     ["--author", "TheBloke", "--author", "mradermacher"],
     {"authors": ("TheBloke", "mradermacher")}, False),
    ("--by descendants", ["--by", "descendants"], {"by": "descendants"},
     False),
    ("--table bases --by descendants --search llama",
     ["--table", "bases", "--by", "descendants", "--search", "llama"],
     {"by": "descendants", "search": "llama"}, False),
    ("--author SALESFORCE (any case)", ["--author", "SALESFORCE"],
     {"authors": ("SALESFORCE",)}, False),
    # rows with models 0 and concluded > 0: hallisky's 25 models declare
    # no llama3 yet 16 conclude it, one of MaziyarPanahi's cc-by-nc-nd-4.0
    ("--author hallisky --author MaziyarPanahi (concluded from outside)",
     ["--author", "hallisky", "--author", "MaziyarPanahi"],
     {"authors": ("hallisky", "MaziyarPanahi")}, False),
]


def small(mid, tags=(), card=None, created="2024-01-15T10:00:00.000Z",
          author=None):
    rec = {"id": mid, "tags": list(tags)}
    if card is not None:
        rec["cardData"] = card
    if created is not None:
        rec["createdAt"] = created
    if author is not None:
        rec["author"] = author
    return rec


# What the real pages never hold (no cardData, no author field, every date
# present): a handful of records, each for one rule of the recount.
SMALL = [
    small("acme/card-wins", ["license:mit"], {"license": "Apache-2.0"}),
    small("acme/card-list", ["license:mit"], {"license": ["llama2", "llama3"]}),
    small("acme/llama-mit-llama", [], {"license": ["llama2", "mit", "llama3"]}),
    small("acme/tongyi", ["license:other"], {
        "license": "other",
        "license_name": "tongyi-qianwen-license-agreement"}),
    small("acme/spelled", ["license:other"],
          {"license": "other", "license_name": "llama3"}),
    small("acme/custom-name", ["license:other"],
          {"license": "other", "license_name": "Acme-License"}),
    small("acme/bare-other", ["license:other"]),
    small("acme/custom-id", ["license:acme-custom"]),
    small("acme/unknown-and-mit", ["license:unknown", "license:mit"]),
    small("acme/upper", ["license:MIT", "license:mit"]),
    small("acme/no-date", ["license:gemma"], created=None),
    small("acme/bad-date", ["license:gemma"], created="July 2024"),
    small("acme/placeholder", ["license:apache-2.0"],
          created="2022-03-02T23:29:04.000Z"),
    small("acme/child-of-external", ["base_model:ext/base",
                                     "license:apache-2.0"]),
    small("other-org/child-of-external", ["base_model:finetune:EXT/Base"]),
    small("cyc/a", ["base_model:cyc/b", "license:mit"]),
    small("cyc/b", ["base_model:cyc/a", "license:mit"]),
    small("cyc/c", ["base_model:cyc/b"], created="2023-11-30T00:00:00Z"),
    small("self/loop", ["base_model:self/loop", "license:mit"]),
    small("byfield/x", ["license:mit"], author="RealOwner"),
    small("byfield/y", ["license:apache-2.0", "base_model:cyc/c"],
          author="RealOwner"),
    small("tie/a", ["license:mit"]),
    small("tie/b", ["license:apache-2.0"]),
    small("tie/c", []),
    small("dual/a", ["license:cc-by-nc-4.0", "license:apache-2.0"]),
    small("dual/b", ["license:apache-2.0", "license:cc-by-nc-4.0"]),
    small("dual/c", ["license:apache-2.0"]),
    # concluded licences: tied nearest ancestors, a nearer unlicensed one
    # walked through, a cycle, an external parent, a multi-licence parent
    small("conc/nc", ["license:cc-by-nc-4.0"]),
    small("conc/mit", ["license:mit"]),
    small("conc/apache", ["license:apache-2.0"]),
    small("conc/kid-families", ["base_model:conc/mit", "base_model:conc/nc"]),
    small("conc/kid-same", ["base_model:conc/mit", "base_model:conc/apache"]),
    small("conc/mid", ["base_model:conc/mit"]),
    small("conc/kid-far", ["base_model:finetune:conc/mid"]),
    small("conc/kid-near", ["base_model:conc/mid", "base_model:conc/apache"]),
    small("conc/cyc-a", ["base_model:conc/cyc-b"]),
    small("conc/cyc-b", ["base_model:conc/cyc-a", "base_model:conc/apache"]),
    small("conc/kid-orphan", ["base_model:ext/nobody"]),
    small("conc/kid-dual", ["base_model:adapter:dual/a"]),
]

SMALL_SAMPLINGS = [
    ("small: all models", [], {}, True),
    ("small: --fold", ["--fold"], {"fold": True}, False),
    ("small: --search CYC --by descendants",
     ["--search", "CYC", "--by", "descendants"],
     {"search": "CYC", "by": "descendants"}, False),
    ("small: --author realowner --author Tie",
     ["--author", "realowner", "--author", "Tie"],
     {"authors": ("realowner", "Tie")}, False),
    ("small: --search KID (concluded from outside the sample)",
     ["--search", "KID"], {"search": "KID"}, False),
]


def check_all(inputs, samplings, graph):
    g, models, below = graph
    for label, args, opts, note in samplings:
        want, total, placeholder = expected_tables(g, models, below, **opts)
        check_sampling(inputs, label, args, want, total, placeholder, note)
        if label == "all models":
            report(f"all models: {FIXTURE_PLACEHOLDERS} carry the Hub's "
                   "placeholder date (recount)",
                   placeholder == FIXTURE_PLACEHOLDERS, str(placeholder))


def main(scratch):
    if not os.access(LINEAGE, os.X_OK):
        print(f"check_stats.py: {LINEAGE} is not an executable",
              file=sys.stderr)
        sys.exit(1)
    graph = load([FIXTURES])
    report("the fixtures hold 50000 models with a record",
           len(graph[1]) == 50000, str(len(graph[1])))
    check_all([FIXTURES], SAMPLINGS, graph)

    path = os.path.join(scratch, "small.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(rec) + "\n" for rec in SMALL)
    check_all([path], SMALL_SAMPLINGS, load([path]))

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["LINEAGE_CACHE_DIR"] = scratch  # --no-cache too, in case
        os.environ["LC_ALL"] = "C"
        main(scratch)
