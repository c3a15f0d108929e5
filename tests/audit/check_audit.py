#!/usr/bin/env python3
"""Checks `lineage audit` edge by edge against SPEC-licenses.md, typed in here
by hand: every cell of the verdict matrix (§3), each relation's own rule, every
rule beyond the pair (§4), licence lists and `other` aliases (§1), nearest
licensed ancestor, merges, cycles, and the real cases of §5 (small records with
their real ids and licences).

The expectations are transcribed from the spec, not read from the project's
data file, so a wrong line in data/licenses.tab fails here.

Prints "ok NAME" / "FAIL NAME: detail" lines for tests/run.sh; exit 1 on any
failure. Usage: check_audit.py LINEAGE_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

LINEAGE = sys.argv[1] if len(sys.argv) > 1 else "./lineage"
failures = 0


def report(name, good, detail=""):
    global failures
    if good:
        print(f"ok {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {detail}")


def model(mid, lic=None, parents=(), rel=None, name=None, extra_tags=()):
    """A listing item; lic is an id, a list (card licence list) or
    ("other", license_name)."""
    rec = {"id": mid, "tags": list(extra_tags)}
    card = {}
    if isinstance(lic, tuple):
        card["license"] = "other"
        card["license_name"] = lic[1]
    elif isinstance(lic, list):
        card["license"] = lic
    elif lic:
        rec["tags"].append(f"license:{lic}")
    for p in parents:
        rec["tags"].append(f"base_model:{rel}:{p}" if rel else f"base_model:{p}")
    if card:
        rec["cardData"] = card
    return rec


def audit(records, *flags):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.jsonl")
        with open(path, "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
        p = subprocess.run([LINEAGE, "audit", "--all", "--format", "tsv",
                            "--quiet", *flags, path],
                           capture_output=True, text=True)
    rows = {}
    lines = p.stdout.splitlines()
    header = lines[0].split("\t") if lines else []
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t")))
        rows[(cells["parent"], cells["child"])] = cells
    return p.returncode, rows


def expect(rows, name, parent, child, verdict, code=None, absent=()):
    row = rows.get((parent, child))
    if row is None:
        report(name, False, f"no edge {parent} -> {child}")
        return
    reasons = row["reasons"].split(",") if row["reasons"] else []
    good = row["verdict"] == verdict and (code is None or code in reasons) \
        and not any(a in reasons for a in absent)
    report(name, good, f"{parent} -> {child}: got {row['verdict']} "
           f"{row['reasons']}; want {verdict} {code or ''}"
           f"{' without ' + ','.join(absent) if absent else ''}")


# -- §3: every cell of the matrix ------------------------------------------
# One licence per family. The vendor is gemma: no user threshold and no name
# prefix, so no rule beyond the pair joins in; Llama gets its own cases.
FAMILY = {
    "permissive": "apache-2.0",
    "weak-copyleft": "mpl-2.0",
    "copyleft": "gpl-3.0",
    "non-commercial": "cc-by-nc-4.0",
    "no-derivatives": "cc-by-nd-4.0",
    "use-restricted": "creativeml-openrail-m",
    "vendor": "gemma",
    "other": ("other", "acme-model-license"),
    "unknown": None,
}
ORDER = list(FAMILY)
# SPEC-licenses §3, row by row (the cell for two licences of one family is
# for the same licence: each family's representative meets itself)
MATRIX = {
    "permissive": ["ok", "ok", "ok", "ok STRICTER", "ok STRICTER",
                   "ok STRICTER", "warn VENDOR_NOT_IN_ANCESTRY",
                   "info OTHER_REVIEW", "warn CHILD_LICENSE_MISSING"],
    "weak-copyleft": ["conflict WEAK_COPYLEFT_DROPPED", "ok", "ok",
                      "conflict FURTHER_RESTRICTION",
                      "conflict FURTHER_RESTRICTION",
                      "conflict FURTHER_RESTRICTION",
                      "conflict FURTHER_RESTRICTION",
                      "warn OTHER_UNVERIFIABLE", "warn CHILD_LICENSE_MISSING"],
    "copyleft": ["conflict SHAREALIKE_DROPPED", "conflict SHAREALIKE_DROPPED",
                 "ok", "conflict FURTHER_RESTRICTION",
                 "conflict FURTHER_RESTRICTION", "conflict GPL_USE_RESTRICTION",
                 "conflict GPL_USE_RESTRICTION", "warn OTHER_UNVERIFIABLE",
                 "warn CHILD_LICENSE_MISSING"],
    "non-commercial": ["conflict NC_TO_COMMERCIAL", "conflict NC_TO_COMMERCIAL",
                       "conflict NC_TO_COMMERCIAL", "ok",
                       "warn PARENT_TERMS_NOT_DECLARED",
                       "conflict NC_TO_COMMERCIAL", "conflict NC_TO_COMMERCIAL",
                       "warn OTHER_UNVERIFIABLE", "warn CHILD_LICENSE_MISSING"],
    "no-derivatives": ["conflict ND_DERIVATIVE_SHARED"] * 9,
    "use-restricted": ["conflict USE_RESTRICTIONS_DROPPED",
                       "conflict USE_RESTRICTIONS_DROPPED",
                       "conflict GPL_USE_RESTRICTION",
                       "warn PARENT_TERMS_NOT_DECLARED",
                       "warn PARENT_TERMS_NOT_DECLARED", "ok",
                       "warn PARENT_TERMS_NOT_DECLARED",
                       "warn OTHER_UNVERIFIABLE", "warn CHILD_LICENSE_MISSING"],
    "vendor": ["conflict VENDOR_RELICENSED", "conflict VENDOR_RELICENSED",
               "conflict VENDOR_RELICENSED", "warn PARENT_TERMS_NOT_DECLARED",
               "warn PARENT_TERMS_NOT_DECLARED", "conflict VENDOR_RELICENSED",
               "ok", "warn OTHER_UNVERIFIABLE", "warn CHILD_LICENSE_MISSING"],
    "other": ["warn PARENT_OTHER_UNRESOLVED"] * 7 + ["ok"] +
             ["warn PARENT_OTHER_UNRESOLVED"],
    "unknown": ["warn PARENT_UNKNOWN", "warn PARENT_UNKNOWN",
                "warn PARENT_UNKNOWN", "info PARENT_UNKNOWN",
                "info PARENT_UNKNOWN", "info PARENT_UNKNOWN",
                "warn VENDOR_NOT_IN_ANCESTRY", "warn PARENT_UNKNOWN",
                "info BOTH_UNKNOWN"],
}


def matrix_cells():
    records, cases = [], []
    for pf in ORDER:
        for cf in ORDER:
            parent, child = f"p/{pf}--{cf}", f"c/{pf}--{cf}"
            records.append(model(parent, FAMILY[pf]))
            records.append(model(child, FAMILY[cf], [parent]))
            verdict, _, code = MATRIX[pf][ORDER.index(cf)].partition(" ")
            cases.append((f"matrix {pf} -> {cf}", parent, child, verdict,
                          code or None))
    _, rows = audit(records)
    for name, parent, child, verdict, code in cases:
        expect(rows, name, parent, child, verdict, code)


# -- the cells' conditions: same licence, compatible pairs, relations --------
def conditions():
    cases = [
        # parent licence, child licence, relation, verdict, code
        ("mpl-2.0", "lgpl-3.0", None, "warn", "COPYLEFT_SWAP"),
        ("gpl-3.0", "agpl-3.0", None, "conflict", "SHAREALIKE_DROPPED"),
        ("cc-by-sa-4.0", "gpl-3.0", None, "ok", None),
        ("cc-by-sa-3.0", "cc-by-sa-4.0", None, "ok", None),
        ("cc-by-nc-4.0", "cc-by-nc-sa-4.0", None, "ok", None),
        ("cc-by-nc-4.0", "fair-noncommercial-research-license", None, "warn",
         "NC_SWAP"),
        ("creativeml-openrail-m", "openrail++", None, "warn", "RAIL_VARIANT"),
        ("llama3", "cc-by-nc-4.0", None, "conflict",
         "VENDOR_NOT_SUBLICENSABLE"),
        ("gemma", "cc-by-nc-4.0", None, "warn", "PARENT_TERMS_NOT_DECLARED"),
        ("llama3", "llama3.1", None, "warn", "VENDOR_VERSION_MISMATCH"),
        ("llama3", "gemma", None, "conflict", "VENDOR_TERMS_REPLACED"),
        ("llama3", "llama3", None, "ok", None),
        # relations
        ("mpl-2.0", "apache-2.0", "adapter", "warn", "WEAK_COPYLEFT_DROPPED"),
        ("mpl-2.0", "apache-2.0", "finetune", "conflict",
         "WEAK_COPYLEFT_DROPPED"),
        ("cc-by-nd-4.0", "cc-by-nd-4.0", "quantized", "warn",
         "ND_FORMAT_SHIFT"),
        ("cc-by-nd-4.0", "cc-by-nd-4.0", "finetune", "conflict",
         "ND_DERIVATIVE_SHARED"),
        ("gemma", "apache-2.0", "quantized", "conflict", "VENDOR_RELICENSED"),
        # `other` on both sides: the same only by name
        (("other", "acme-1"), ("other", "acme-2"), None, "warn",
         "PARENT_OTHER_UNRESOLVED"),
    ]
    # children of Llama parents are named as its licence asks, so the name
    # rule stays out of these cases
    child = lambda i, pl: f"c/{'llama3-' if pl == 'llama3' else ''}cond{i}"
    records = []
    for i, (pl, cl, rel, *_) in enumerate(cases):
        records.append(model(f"p/cond{i}", pl))
        records.append(model(child(i, pl), cl, [f"p/cond{i}"], rel))
    _, rows = audit(records)
    for i, (pl, cl, rel, verdict, code) in enumerate(cases):
        expect(rows, f"condition {pl} -> {cl} ({rel or 'finetune'})",
               f"p/cond{i}", child(i, pl), verdict, code)


# -- §1: lists and `other` aliases ------------------------------------------
def normalisation():
    records = [
        model("a/dual", ["mit", "cc-by-nc-4.0"]),
        model("a/from-dual", "apache-2.0", ["a/dual"]),
        model("a/nc", "cc-by-nc-4.0"),
        model("a/list-child", ["cc-by-nc-4.0", "apache-2.0"], ["a/nc"]),
        model("a/tq", ("other", "tongyi-qianwen-license-agreement")),
        model("a/tq-child", ("other", "tongyi-qianwen"), ["a/tq"]),
        model("a/tq-mit", "mit", ["a/tq"]),
        model("a/qr", ("other", "qwen-research")),
        model("a/qr-child", "apache-2.0", ["a/qr"]),
        model("a/ds", ("other", "deepseek-license")),
        model("a/ds-child", "mit", ["a/ds"]),
        model("a/flux", ("other", "flux-1-dev-non-commercial-license")),
        model("a/flux-lora", ("other", "flux-1-dev-non-commercial-license"),
              ["a/flux"], "adapter"),
        model("a/spelled", ("other", "Apache-2.0")),
        model("a/spelled-child", ("other", "llama3"), ["a/spelled"]),
        model("a/MixedCase", "MIT"),
        model("a/mixed-child", "cc-by-nc-4.0", ["a/MixedCase"]),
    ]
    code, rows = audit(records)
    expect(rows, "list: a dual-licensed parent is judged by its most "
           "permissive licence", "a/dual", "a/from-dual", "ok",
           "PARENT_LICENSE_CHOSEN")
    expect(rows, "list: every licence of the child must satisfy the parent",
           "a/nc", "a/list-child", "conflict", "NC_TO_COMMERCIAL")
    expect(rows, "alias: tongyi-qianwen* resolves; the same licence is ok",
           "a/tq", "a/tq-child", "ok")
    expect(rows, "alias: tongyi-qianwen is a vendor licence",
           "a/tq", "a/tq-mit", "conflict", "VENDOR_RELICENSED")
    expect(rows, "alias: qwen-research is non-commercial",
           "a/qr", "a/qr-child", "conflict", "NC_TO_COMMERCIAL")
    expect(rows, "alias: deepseek-license is use-restricted",
           "a/ds", "a/ds-child", "conflict", "USE_RESTRICTIONS_DROPPED")
    expect(rows, "alias: a FLUX.1 [dev] LoRA under the same licence is ok",
           "a/flux", "a/flux-lora", "ok")
    expect(rows, "alias: a license_name spelling a Hub id is read as it",
           "a/spelled", "a/spelled-child", "warn", "VENDOR_NOT_IN_ANCESTRY")
    expect(rows, "alias: ... and said (DECLARED_FAMILY_CLASH)",
           "a/spelled", "a/spelled-child", "warn", "DECLARED_FAMILY_CLASH")
    expect(rows, "normalise: licence ids are lower-cased",
           "a/MixedCase", "a/mixed-child", "ok", "STRICTER")
    row = rows.get(("a/tq", "a/tq-mit"), {})
    report("normalise: the resolved alias is what parent_license shows",
           row.get("parent_license") == "tongyi-qianwen", str(row))


# -- §4: rules beyond the pair ---------------------------------------------
def beyond_the_pair():
    records = [
        model("meta/l3", "llama3"),
        model("x/my-model", "llama3", ["meta/l3"]),
        model("x/Llama-3-my-model", "llama3", ["meta/l3"]),
        model("x/not-named-gguf", "llama3", ["meta/l3"], "quantized"),
        model("meta/l31", "llama3.1"),
        model("x/Llama-Thing", "llama3.1", ["meta/l31"]),
        model("x/thing-llama", "llama3.1", ["meta/l31"]),
        model("y/apache", "apache-2.0"),
        model("y/claims-llama3", "llama3", ["y/apache"]),
        model("y/llama-in-name", "apache-2.0", ["y/apache"]),
        # a vendor licence that an ancestor does carry
        model("z/apache-mid", "apache-2.0", ["meta/l3"]),
        model("z/llama3-back", "llama3", ["z/apache-mid"]),
        # the licence-less middle: llama3 -> none -> apache-2.0
        model("m/llama3-mid", None, ["meta/l3"]),
        model("m/llama3-grandchild", "apache-2.0", ["m/llama3-mid"]),
        # user threshold on a relabelled edge
        model("u/llama3-relabel", "apache-2.0", ["meta/l3"]),
    ]
    _, rows = audit(records)
    expect(rows, "LLAMA_NAME_PREFIX: llama3 child not named Llama 3",
           "meta/l3", "x/my-model", "warn", "LLAMA_NAME_PREFIX")
    expect(rows, "LLAMA_NAME_PREFIX: 'Llama-3-...' passes", "meta/l3",
           "x/Llama-3-my-model", "ok", absent=("LLAMA_NAME_PREFIX",))
    expect(rows, "LLAMA_NAME_PREFIX: not for a quantized copy", "meta/l3",
           "x/not-named-gguf", "ok", absent=("LLAMA_NAME_PREFIX",))
    expect(rows, "LLAMA_NAME_PREFIX: Llama 3.1 wants 'Llama' first",
           "meta/l31", "x/Llama-Thing", "ok", absent=("LLAMA_NAME_PREFIX",))
    expect(rows, "LLAMA_NAME_PREFIX: Llama 3.1, 'llama' later in the name",
           "meta/l31", "x/thing-llama", "warn", "LLAMA_NAME_PREFIX")
    expect(rows, "VENDOR_NOT_IN_ANCESTRY: llama3 under an apache-2.0 root",
           "y/apache", "y/claims-llama3", "warn", "VENDOR_NOT_IN_ANCESTRY")
    expect(rows, "MISSING_LLAMA_LICENSE: the name says llama, no ancestor does",
           "y/apache", "y/llama-in-name", "warn", "MISSING_LLAMA_LICENSE")
    expect(rows, "VENDOR_NOT_IN_ANCESTRY: not when a grandparent is llama3 "
           "(the relabel still meets the user threshold)",
           "z/apache-mid", "z/llama3-back", "info", "MAU_LIMIT",
           absent=("VENDOR_NOT_IN_ANCESTRY",))
    expect(rows, "nearest ancestor: a licence-less middle is passed over",
           "m/llama3-mid", "m/llama3-grandchild", "conflict",
           "VENDOR_RELICENSED")
    row = rows.get(("m/llama3-mid", "m/llama3-grandchild"), {})
    report("nearest ancestor: the basis column names the grandparent",
           row.get("basis") == "meta/l3" and "JUDGED_BY_ANCESTOR" in
           row.get("reasons", ""), str(row))
    expect(rows, "MAU_LIMIT: a relabelled edge under a 700M-user licence",
           "meta/l3", "u/llama3-relabel", "conflict", "MAU_LIMIT")


def merges():
    records = [
        model("g/gpl", "gpl-3.0"), model("g/llama3", "llama3"),
        model("g/sa3", "cc-by-sa-3.0"), model("g/nc", "cc-by-nc-4.0"),
        model("g/sa4", "cc-by-sa-4.0"), model("g/gemma", "gemma"),
        model("g/llama2", "llama2"), model("g/apache", "apache-2.0"),
        model("g/ncsa", "cc-by-nc-sa-4.0"),
        model("m/llama3-gpl-x", "gpl-3.0", ["g/gpl", "g/llama3"]),
        model("m/sa-x", "gpl-3.0", ["g/gpl", "g/sa3"]),
        model("m/ncsa-x", "cc-by-nc-sa-4.0", ["g/nc", "g/sa4"]),
        model("m/llama3-vend-x", "llama3", ["g/llama3", "g/gemma"]),
        model("m/llama2-train-x", "llama2", ["g/llama2", "g/apache"]),
        model("m/carbon", "apache-2.0", ["g/ncsa", "g/apache"]),
    ]
    _, rows = audit(records)
    expect(rows, "merge: copyleft with a vendor parent", "g/gpl",
           "m/llama3-gpl-x", "conflict", "MERGE_COPYLEFT_VS_RESTRICTED")
    expect(rows, "merge: ... on every parent's edge", "g/llama3",
           "m/llama3-gpl-x", "conflict", "MERGE_COPYLEFT_VS_RESTRICTED")
    expect(rows, "merge: two incompatible copyleft parents", "g/gpl",
           "m/sa-x", "conflict", "MERGE_MULTI_COPYLEFT")
    expect(rows, "merge: cc-by-nc with cc-by-sa", "g/sa4", "m/ncsa-x",
           "conflict", "MERGE_NC_PLUS_SHAREALIKE")
    expect(rows, "merge: two vendor licences", "g/llama3", "m/llama3-vend-x",
           "warn", "MERGE_MULTI_VENDOR")
    expect(rows, "merge: Llama 2 with another vendor's model", "g/llama2",
           "m/llama2-train-x", "warn", "NO_TRAIN_OTHER_LLM")
    expect(rows, "merge: cc-by-nc-sa + apache-2.0 -> apache-2.0", "g/ncsa",
           "m/carbon", "conflict", "NC_TO_COMMERCIAL")
    row = rows.get(("g/apache", "m/carbon"), {})
    report("merge: relation inferred from two parents",
           row.get("relation") == "merge", str(row))


def review_fixes():
    """Cases a review of real conflicts found (tie order, vendor of a
    derived parent, bare `other`)."""
    records = [
        model("t/mit", "mit"), model("t/nc", "cc-by-nc-4.0"),
        model("t/mid-ab", None, ["t/mit", "t/nc"]),
        model("t/mid-ba", None, ["t/nc", "t/mit"]),
        model("t/child-ab", "apache-2.0", ["t/mid-ab"]),
        model("t/child-ba", "apache-2.0", ["t/mid-ba"]),
        model("v/l3", "llama3"),
        model("v/l3-instruct", "llama3", ["v/l3"]),
        model("v/l3-tune", "other", ["v/l3"]),
        model("v/llama3-merge", "llama3", ["v/l3-instruct", "v/l3-tune"]),
        model("v/mistral", "apache-2.0"),
        model("v/llama3-mistral-merge", "llama3", ["v/l3-instruct",
                                                   "v/mistral"]),
        model("o/bare", "other"), model("o/bare-child", "other", ["o/bare"]),
    ]
    _, rows = audit(records)
    for a, b in (("t/mid-ab", "t/child-ab"), ("t/mid-ba", "t/child-ba")):
        expect(rows, f"tie: equally near licensed ancestors, worst counts "
               f"whatever the tag order ({a})", a, b, "conflict",
               "NC_TO_COMMERCIAL")
    report("tie: the basis is the same whatever the tag order",
           rows.get(("t/mid-ab", "t/child-ab"), {}).get("basis") == "t/nc" ==
           rows.get(("t/mid-ba", "t/child-ba"), {}).get("basis"),
           str(rows.get(("t/mid-ab", "t/child-ab"))))
    expect(rows, "NO_TRAIN_OTHER_LLM: not for a merge of Llama 3 models, one "
           "relabelled", "v/l3-instruct", "v/llama3-merge", "ok",
           absent=("NO_TRAIN_OTHER_LLM",))
    expect(rows, "NO_TRAIN_OTHER_LLM: Llama 3 merged with Mistral",
           "v/l3-instruct", "v/llama3-mistral-merge", "warn",
           "NO_TRAIN_OTHER_LLM")
    expect(rows, "other: two bare `other` licences are not the same licence",
           "o/bare", "o/bare-child", "warn", "PARENT_OTHER_UNRESOLVED")


def cycle():
    records = [
        model("k/llama3", "llama3"),
        model("k/a", None, ["k/llama3", "k/b"]),
        model("k/b", None, ["k/a"]),
        model("k/child", "apache-2.0", ["k/b"]),
    ]
    try:
        code, rows = audit(records)
    except subprocess.TimeoutExpired:
        report("cycle: the audit ends", False, "timed out")
        return
    report("cycle: the audit ends with status 0", code == 0, str(code))
    expect(rows, "cycle: the ancestor walk goes round once and finds llama3",
           "k/b", "k/child", "conflict", "VENDOR_RELICENSED")


# -- §5: real cases, with their real ids and licences ------------------------
def real_cases():
    records = [
        model("meta-llama/Llama-3.3-70B-Instruct", "llama3.3"),
        model("watt-ai/watt-tool-70B", "apache-2.0",
              ["meta-llama/Llama-3.3-70B-Instruct"]),
        model("meta-llama/Llama-3.1-8B", "llama3.1"),
        model("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "mit",
              ["meta-llama/Llama-3.1-8B"]),
        model("google/gemma-2-2b-it", "gemma"),
        model("nidum/Nidum-Gemma-2B-Uncensored-GGUF", "apache-2.0",
              ["google/gemma-2-2b-it"], "quantized"),
        model("runwayml/stable-diffusion-v1-5", "creativeml-openrail-m"),
        model("someone/sd15-style-lora", "mit",
              ["runwayml/stable-diffusion-v1-5"], "adapter"),
        model("someone/nc-sa-base", "cc-by-nc-sa-4.0"),
        model("someone/apache-base", "apache-2.0"),
        model("vicgalle/CarbonBeagle-11B", "apache-2.0",
              ["someone/nc-sa-base", "someone/apache-base"]),
        model("Qwen/Qwen2-72B", ("other", "tongyi-qianwen")),
        model("cognitivecomputations/dolphin-2.9.2-qwen2-72b",
              ("other", "tongyi-qianwen"), ["Qwen/Qwen2-72B"]),
        model("mistralai/Mistral-7B-v0.1", "apache-2.0"),
        model("someone/mistral-nc-finetune", "cc-by-nc-4.0",
              ["mistralai/Mistral-7B-v0.1"]),
    ]
    _, rows = audit(records)
    expect(rows, "§5 watt-tool-70B: VENDOR_RELICENSED",
           "meta-llama/Llama-3.3-70B-Instruct", "watt-ai/watt-tool-70B",
           "conflict", "VENDOR_RELICENSED")
    expect(rows, "§5 watt-tool-70B: LLAMA_NAME_PREFIX",
           "meta-llama/Llama-3.3-70B-Instruct", "watt-ai/watt-tool-70B",
           "conflict", "LLAMA_NAME_PREFIX")
    expect(rows, "§5 DeepSeek-R1-Distill-Llama-8B: VENDOR_RELICENSED",
           "meta-llama/Llama-3.1-8B",
           "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "conflict",
           "VENDOR_RELICENSED")
    expect(rows, "§5 a gemma GGUF tagged apache-2.0: VENDOR_RELICENSED, no "
           "name rule", "google/gemma-2-2b-it",
           "nidum/Nidum-Gemma-2B-Uncensored-GGUF", "conflict",
           "VENDOR_RELICENSED", absent=("LLAMA_NAME_PREFIX",))
    expect(rows, "§5 an SD 1.5 LoRA tagged mit: USE_RESTRICTIONS_DROPPED",
           "runwayml/stable-diffusion-v1-5", "someone/sd15-style-lora",
           "conflict", "USE_RESTRICTIONS_DROPPED")
    expect(rows, "§5 a cc-by-nc-sa-4.0 + apache-2.0 merge tagged apache-2.0",
           "someone/nc-sa-base", "vicgalle/CarbonBeagle-11B", "conflict",
           "NC_TO_COMMERCIAL")
    expect(rows, "§5 dolphin-2.9.2-qwen2-72b: other/tongyi-qianwen kept: ok",
           "Qwen/Qwen2-72B", "cognitivecomputations/dolphin-2.9.2-qwen2-72b",
           "ok")
    expect(rows, "§5 Mistral-7B-v0.1 -> a cc-by-nc-4.0 fine-tune: ok STRICTER",
           "mistralai/Mistral-7B-v0.1", "someone/mistral-nc-finetune", "ok",
           "STRICTER")


def flags():
    records = [model("f/apache", "apache-2.0"),
               model("f/ok", "mit", ["f/apache"]),
               model("f/warn", None, ["f/apache"]),
               model("f/nc", "cc-by-nc-4.0"),
               model("f/conflict", "apache-2.0", ["f/nc"])]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.jsonl")
        with open(path, "w") as f:
            f.write("".join(json.dumps(r) + "\n" for r in records))

        def run(*args):
            return subprocess.run([LINEAGE, "audit", "--quiet", "--format",
                                   "tsv", *args, path], capture_output=True,
                                  text=True)
        rows = lambda p: len(p.stdout.splitlines()) - 1
        report("--min warn is the default: 2 of 3 edges", rows(run()) == 2,
               run().stdout)
        report("--min conflict: 1 edge", rows(run("--min", "conflict")) == 1)
        report("--all: 3 edges", rows(run("--all")) == 3)
        report("--fail-on conflict exits 3", run("--fail-on",
                                                 "conflict").returncode == 3)
        report("--fail-on warn exits 3", run("--fail-on", "warn").returncode == 3)
        report("--fail-on ok is a usage error (2)",
               run("--fail-on", "ok").returncode == 2)
        s = run("--summary").stdout
        report("--summary counts by verdict", "conflict\t1" in s and
               "warn\t1" in s and "ok\t1" in s, s)
        report("--summary drift matrix row", "non-commercial\t1\t0\t0\t0" in s, s)
        report("--summary licence change share", "all\t2\t2\t100.0" in s, s)
        j = json.loads(run("--summary", "--format", "json").stdout)
        report("--summary --format json", j["verdicts"]["conflict"] == 1 and
               j["reasons"]["NC_TO_COMMERCIAL"] == 1, str(j))
        clean = subprocess.run([LINEAGE, "audit", "--quiet", "--fail-on",
                                "conflict", "--format", "tsv", path + ".none"],
                               capture_output=True, text=True)
        report("an unreadable input exits 1, not 3", clean.returncode == 1,
               str(clean.returncode))


for check in (matrix_cells, conditions, normalisation, beyond_the_pair,
              merges, review_fixes, cycle, real_cases, flags):
    check()
sys.exit(1 if failures else 0)
