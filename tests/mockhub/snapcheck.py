#!/usr/bin/python3
"""snapcheck.py - checks for tests/cli/fetch.sh: a `lineage fetch` snapshot
against what tests/mockhub/mockhub.py serves, and questions about the
mock's request log. Standard library only. Prints what is wrong and exits 1,
or exits 0 (printing nothing unless asked for a value).

  snapcheck.py snap DIR EXPECTED.jsonl [--first N] [--partial]
      DIR's manifest.json says complete (next null), "records" = lines of
      records.jsonl, "bytes" = its size; every line is a JSON object with an
      id; no id twice; the objects equal (as JSON values, any order) those
      in EXPECTED (the mock's --dump output), or its first N lines.
      --any-state: not checking that the manifest says complete.
      --partial: a killed snapshot; only the committed prefix is checked
      (valid lines, no id twice, every id an expected one).
  snapcheck.py ids DIR            sorted ids of records.jsonl (one a line)
  snapcheck.py dupids DIR         ids found more than once
  snapcheck.py manifest DIR KEY   a manifest value as JSON (null, true, 12)
  snapcheck.py idset DIR IDS.txt  the set of ids in DIR equals IDS.txt's
  snapcheck.py cut DIR            appends, past the committed length, two
      already-committed lines and half of a third (a page written but not
      committed when the process was killed mid-append)

Updates (`fetch --update`, tests/cli/update.sh):
  snapcheck.py same DIR1 DIR2     the committed records of the two snapshots
      are the same models with the same objects (as JSON values), the last
      record of a model winning in each, as in every ingest
  snapcheck.py newest DIR         the newest lastModified of DIR's committed
      records (the high-water mark, found without the manifest)
  snapcheck.py since STAMP DATA.jsonl   the lines of DATA (the mock's
      --dump) whose lastModified is STAMP's second or later, in order
  snapcheck.py appended DIR FROM EXPECTED.jsonl [--prefix]   the committed
      records after byte FROM are EXPECTED's, line for line (as JSON
      values); --prefix: its first lines (an update killed part way)
  snapcheck.py update DIR KEY [I] the manifest's updates[I][KEY] (I: -1)

Log questions (LOG = mockhub --log file; FROM = skip its first FROM lines):
  snapcheck.py loghas LOG FROM key=value...   some listing request has all
  snapcheck.py logexpand LOG FROM             the first listing request asks
      for author cardData createdAt downloads likes tags pipeline_tag
      library_name gated lastModified (expand, expand[] or expand%5B%5D)
  snapcheck.py logauth LOG FROM               every request sent the token
  snapcheck.py logcount LOG FROM [STATUS]     requests (with that status)
  snapcheck.py listings LOG FROM              listing requests
  snapcheck.py logfilters LOG FROM            decoded filter= values, a line
      per listing request that is not a next-page (cursor) request
  snapcheck.py loggap LOG N                   seconds between request N and
      request N+1 (by the mock's request numbers)
"""

import json
import os
import sys
import time
from urllib.parse import parse_qsl, urlsplit

WANT_EXPAND = ["author", "cardData", "createdAt", "downloads", "likes", "tags",
               "pipeline_tag", "library_name", "gated", "lastModified"]


def die(msg):
    print(msg)
    sys.exit(1)


def canon(obj):
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def read_manifest(d):
    p = os.path.join(d, "manifest.json")
    try:
        with open(p, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("%s: %s" % (p, e))


def read_records(d, limit=None):
    p = os.path.join(d, "records.jsonl")
    try:
        with open(p, "rb") as f:
            raw = f.read() if limit is None else f.read(limit)
    except OSError as e:
        die("%s: %s" % (p, e))
    recs, problems = [], []
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        problems.append("records.jsonl does not end with a newline "
                        "(last line %d is cut)" % len(lines))
    for n, line in enumerate(lines, 1):
        try:
            obj = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            problems.append("records.jsonl:%d: not JSON (%s): %.80r" %
                            (n, e, line))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            problems.append("records.jsonl:%d: not a model object" % n)
            continue
        recs.append(obj)
    return recs, problems, len(raw), len(lines)


def dups(recs):
    seen, out = set(), []
    for r in recs:
        if r["id"] in seen and r["id"] not in out:
            out.append(r["id"])
        seen.add(r["id"])
    return out


def cmd_snap(args):
    d, exp_path = args[0], args[1]
    first = None
    partial = "--partial" in args
    any_state = "--any-state" in args
    if "--first" in args:
        first = int(args[args.index("--first") + 1])
    with open(exp_path, encoding="utf-8") as f:
        expected = [json.loads(line) for line in f if line.strip()]
    if first is not None:
        expected = expected[:first]
    m = read_manifest(d)
    problems = []
    size = os.path.getsize(os.path.join(d, "records.jsonl")) \
        if os.path.exists(os.path.join(d, "records.jsonl")) else 0
    if partial:
        committed = m.get("bytes")
        if not isinstance(committed, int) or committed > size:
            die("manifest bytes %r, records.jsonl has %d" % (committed, size))
        recs, probs, _n, nlines = read_records(d, committed)
        problems += probs
        if m.get("records") != nlines:
            problems.append("manifest records %r, committed lines %d" %
                            (m.get("records"), nlines))
        known = {r["id"] for r in expected}
        extra = [r["id"] for r in recs if r["id"] not in known]
        if extra:
            problems.append("ids never served: %s" % extra[:5])
    else:
        if not any_state and m.get("complete") is not True:
            problems.append("manifest complete is %r" % m.get("complete"))
        if not any_state and m.get("next") is not None:
            problems.append("manifest next is %r, want null" % m.get("next"))
        recs, probs, nbytes, nlines = read_records(d)
        problems += probs
        if m.get("bytes") != nbytes:
            problems.append("manifest bytes %r, records.jsonl has %d" %
                            (m.get("bytes"), nbytes))
        if m.get("records") != nlines:
            problems.append("manifest records %r, records.jsonl has %d lines"
                            % (m.get("records"), nlines))
        if not isinstance(m.get("pages"), int):
            problems.append("manifest pages is %r" % m.get("pages"))
        got = sorted(canon(r) for r in recs)
        want = sorted(canon(r) for r in expected)
        if got != want:
            gi = {r["id"] for r in recs}
            wi = {r["id"] for r in expected}
            problems.append(
                "records differ from the served ones: %d records, %d served; "
                "missing %s; not served %s" % (
                    len(recs), len(expected), sorted(wi - gi)[:5],
                    sorted(gi - wi)[:5]))
            if gi == wi and len(recs) == len(expected):
                for r in recs:   # same ids: show one changed object
                    e = next(x for x in expected if x["id"] == r["id"])
                    if canon(e) != canon(r):
                        problems.append("e.g. %s: served %.200s, saved "
                                        "%.200s" % (r["id"], canon(e),
                                                    canon(r)))
                        break
    dd = dups(recs)
    if dd:
        problems.append("%d ids saved more than once, e.g. %s" %
                        (len(dd), dd[:5]))
    if problems:
        die("; ".join(problems))


def cmd_ids(args):
    recs, _p, _n, _l = read_records(args[0])
    for i in sorted(r["id"] for r in recs):
        print(i)


def cmd_dupids(args):
    recs, _p, _n, _l = read_records(args[0])
    for i in dups(recs):
        print(i)


def cmd_idset(args):
    recs, probs, _n, _l = read_records(args[0])
    with open(args[1], encoding="utf-8") as f:
        want = {line.strip() for line in f if line.strip()}
    got = {r["id"] for r in recs}
    if probs or got != want:
        die("%s; %d ids, want %d; missing %s; extra %s" % (
            "; ".join(probs) or "records ok", len(got), len(want),
            sorted(want - got)[:8], sorted(got - want)[:8]))


def cmd_manifest(args):
    m = read_manifest(args[0])
    print(json.dumps(m.get(args[1])))


def cmd_cut(args):
    d = args[0]
    m = read_manifest(d)
    p = os.path.join(d, "records.jsonl")
    with open(p, "rb") as f:
        raw = f.read(m["bytes"])
    lines = raw.split(b"\n")[:3]
    if len(lines) < 3:
        die("cut: fewer than 3 committed lines")
    with open(p, "r+b") as f:
        f.truncate(m["bytes"])
        f.seek(m["bytes"])
        f.write(lines[0] + b"\n" + lines[1] + b"\n" +
                lines[2][:len(lines[2]) // 2])


def committed(d):
    recs, probs, _n, _l = read_records(d, read_manifest(d).get("bytes"))
    if probs:
        die("%s: %s" % (d, "; ".join(probs[:3])))
    return recs


def latest(d):
    return {r["id"]: canon(r) for r in committed(d)}


def cmd_same(args):
    a, b = latest(args[0]), latest(args[1])
    if a == b:
        return
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    differ = sorted(i for i in set(a) & set(b) if a[i] != b[i])
    die("%d models only in %s %s, %d only in %s %s, %d differ %s" % (
        len(only_a), args[0], only_a[:3], len(only_b), args[1], only_b[:3],
        len(differ), differ[:3]))


def cmd_newest(args):
    stamps = [r["lastModified"] for r in committed(args[0])
              if isinstance(r.get("lastModified"), str)]
    print(max(stamps, key=lambda s: s[:19]) if stamps else "")


def cmd_since(args):
    with open(args[1], encoding="utf-8") as f:
        for line in f:
            lm = json.loads(line).get("lastModified")
            if isinstance(lm, str) and lm[:19] >= args[0][:19]:
                sys.stdout.write(line)


def cmd_appended(args):
    d, start = args[0], int(args[1])
    end = read_manifest(d).get("bytes")
    with open(os.path.join(d, "records.jsonl"), "rb") as f:
        f.seek(start)
        raw = f.read(end - start)
    got = [canon(json.loads(x)) for x in raw.decode("utf-8").splitlines()]
    with open(args[2], encoding="utf-8") as f:
        want = [canon(json.loads(x)) for x in f if x.strip()]
    if "--prefix" in args:
        want = want[:len(got)]
    if got != want:
        first = next((i for i, (g, w) in enumerate(zip(got, want))
                      if g != w), min(len(got), len(want)))
        die("%d records appended, %d expected; first difference at %d" % (
            len(got), len(want), first))


def cmd_update(args):
    ups = read_manifest(args[0]).get("updates") or [{}]
    print(json.dumps(ups[int(args[2]) if len(args) > 2 else -1].get(args[1])))


# -- log --

def log_lines(path, skip):
    time.sleep(0.1)   # the mock logs a request just after answering it
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()[skip:]
    out = []
    for line in lines:
        f = line.split("\t")
        if len(f) < 7:
            continue
        parts = urlsplit(f[3])
        out.append({"t": float(f[0]), "n": int(f[1]), "path": parts.path,
                    "params": parse_qsl(parts.query, keep_blank_values=True),
                    "status": f[4], "auth": f[5], "fault": f[6], "raw": line})
    return out


def listings(path, skip):
    return [e for e in log_lines(path, skip)
            if e["path"] in ("/api/models", "/api/models/")]


def cmd_loghas(args):
    want = [tuple(a.split("=", 1)) for a in args[2:]]
    for e in listings(args[0], int(args[1])):
        if all(w in e["params"] for w in want):
            return
    die("no listing request with %s; listing requests: %s" % (
        "&".join("=".join(w) for w in want),
        [e["params"] for e in listings(args[0], int(args[1]))][:3]))


def cmd_logexpand(args):
    ls = listings(args[0], int(args[1]))
    if not ls:
        die("no listing request")
    got = [v for k, v in ls[0]["params"] if k in ("expand", "expand[]")]
    missing = [w for w in WANT_EXPAND if w not in got]
    if missing:
        die("first listing request lacks expand %s: %s" % (missing,
                                                            ls[0]["raw"]))


def cmd_logauth(args):
    bad = [e["raw"] for e in log_lines(args[0], int(args[1]))
           if e["auth"] != "auth=ok"]
    if bad:
        die("%d requests without the right token, e.g. %s" % (len(bad),
                                                               bad[0]))


def cmd_logcount(args):
    es = log_lines(args[0], int(args[1]))
    if len(args) > 2:
        es = [e for e in es if e["status"] == args[2]]
    print(len(es))


def cmd_listings(args):
    print(len(listings(args[0], int(args[1]))))


def cmd_logfilters(args):
    for e in listings(args[0], int(args[1])):
        if any(k == "cursor" for k, _v in e["params"]):
            continue
        print(",".join(v for k, v in e["params"] if k == "filter"))


def cmd_loggap(args):
    es = {e["n"]: e["t"] for e in log_lines(args[0], 0)}
    n = int(args[1])
    if n not in es or n + 1 not in es:
        die("no requests %d and %d in the log" % (n, n + 1))
    print("%.3f" % (es[n + 1] - es[n]))


CMDS = {"snap": cmd_snap, "ids": cmd_ids, "dupids": cmd_dupids,
        "idset": cmd_idset, "manifest": cmd_manifest, "cut": cmd_cut,
        "same": cmd_same, "newest": cmd_newest, "since": cmd_since,
        "appended": cmd_appended, "update": cmd_update,
        "loghas": cmd_loghas, "logexpand": cmd_logexpand,
        "logauth": cmd_logauth, "logcount": cmd_logcount,
        "listings": cmd_listings, "logfilters": cmd_logfilters,
        "loggap": cmd_loggap}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CMDS:
        sys.exit(__doc__)
    CMDS[sys.argv[1]](sys.argv[2:])
