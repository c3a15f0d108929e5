#!/usr/bin/python3
"""hubchange.py - data sets for the mock Hub that change between two crawls
(tests/cli/update.sh serves them through mockhub.py --control). Standard
library only; deterministic for a seed.

  hubchange.py stamp OUT FILE...
      the listing records of FILE... (pages, JSON lines, .gz) as JSON lines
      in OUT, each with a lastModified the fixture pages lack: between its
      createdAt and 2024-07-11T00:00:00.000Z, the day the pages were
      fetched (by a hash of its id).
  hubchange.py change BASE OUT --seed S --now EPOCH [--add N] [--modify N]
                      [--relicense N] [--reparent N]
      BASE changed as the Hub changes: N new models (children of roots of
      BASE), N with new download and like counts, N with another licence
      tag, N re-pointed at another root. Every added or changed model gets
      a lastModified before EPOCH, 5 minutes apart (the newest at
      EPOCH - 300), in a random order. Writes OUT (JSON lines, BASE's order,
      new models last) and prints what changed as one JSON object
      {"added": [ids], "modified": ..., "relicensed": ..., "reparented": ...}.
"""

import argparse
import gzip
import json
import random
import sys
import time
import zlib
from datetime import datetime, timezone

CAP = datetime(2024, 7, 11, tzinfo=timezone.utc).timestamp()
LICENSES = ["apache-2.0", "mit", "cc-by-nc-4.0", "gpl-3.0", "llama3",
            "openrail", "bsd-3-clause"]
RELATIONS = ("finetune", "adapter", "quantized", "merge")


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8").strip()
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False,
                               separators=(",", ":")) + "\n")


def stamp_of(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def seconds_of(s):
    return datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=timezone.utc).timestamp()


def cmd_stamp(args):
    out = []
    for path in args.files:
        for r in read(path):
            created = r.get("createdAt")
            t = seconds_of(created) if isinstance(created, str) else \
                CAP - 400 * 86400
            t += zlib.crc32(r["id"].encode()) % max(1, int(CAP - t))
            r["lastModified"] = stamp_of(t)
            out.append(r)
    write(args.out, out)


def parents(r):
    return [t for t in r.get("tags", []) if isinstance(t, str) and
            t.startswith("base_model:")]


def license_tags(r):
    return [t for t in r.get("tags", []) if isinstance(t, str) and
            t.startswith("license:")]


def parent_tags(p):
    return ["base_model:" + p, "base_model:finetune:" + p]


def cmd_change(args):
    rng = random.Random(args.seed)
    base = read(args.base)
    roots = [r["id"] for r in base if not parents(r)]
    pool = list(range(len(base)))
    rng.shuffle(pool)
    reparent = [base[i] for i in pool if parents(base[i])][:args.reparent]
    taken = {r["id"] for r in reparent}
    rest = [base[i] for i in pool if base[i]["id"] not in taken]
    relicense = rest[:args.relicense]
    modify = rest[args.relicense:args.relicense + args.modify]
    if len(reparent) < args.reparent or len(modify) < args.modify or \
            not roots:
        sys.exit("hubchange: BASE is too small for these changes")
    for r in reparent:
        new = rng.choice([p for p in roots if p != r["id"]])
        r["tags"] = [t for t in r["tags"] if t not in parents(r)] + \
            parent_tags(new)
    for r in relicense:
        old = [t[len("license:"):] for t in license_tags(r)]
        new = rng.choice([x for x in LICENSES if x not in old])
        r["tags"] = [t for t in r.get("tags", []) if t not in
                     license_tags(r)] + ["license:" + new]
    for r in modify:
        r["downloads"] = r.get("downloads", 0) + rng.randint(1, 100000)
        r["likes"] = r.get("likes", 0) + 1
    added = []
    for k in range(args.add):
        p = rng.choice(roots)
        added.append({
            "_id": "%024x" % (0xabc000 + k),
            "id": "update-test/new-model-%d" % k,
            "likes": 0, "private": False, "downloads": rng.randint(0, 5000),
            "tags": ["transformers", "safetensors"] + parent_tags(p) +
                    ["license:" + rng.choice(LICENSES)],
            "pipeline_tag": "text-generation", "library_name": "transformers",
            "modelId": "update-test/new-model-%d" % k,
        })
    changed = reparent + relicense + modify + added
    rng.shuffle(changed)
    for i, r in enumerate(changed):
        r["lastModified"] = stamp_of(args.now - 300 * (i + 1))
    for r in added:
        r["createdAt"] = r["lastModified"]
    write(args.out, base + added)
    json.dump({"added": [r["id"] for r in added],
               "modified": [r["id"] for r in modify],
               "relicensed": [r["id"] for r in relicense],
               "reparented": [r["id"] for r in reparent]}, sys.stdout)
    sys.stdout.write("\n")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("stamp")
    s.add_argument("out")
    s.add_argument("files", nargs="+")
    c = sub.add_parser("change")
    c.add_argument("base")
    c.add_argument("out")
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--now", type=int, required=True)
    for kind in ("add", "modify", "relicense", "reparent"):
        c.add_argument("--" + kind, type=int, default=30)
    args = p.parse_args(argv)
    {"stamp": cmd_stamp, "change": cmd_change}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
