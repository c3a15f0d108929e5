#!/usr/bin/python3
"""check_docs.py - every `$ lineage ...` example of the README and the man
page, run, and compared with the output the document shows.

Usage: check_docs.py LINEAGE README.md man/lineage.1

An example is a line beginning "$ " inside a fenced code block (README)
or between .nf and .fi (man page); the lines after it, up to the next
"$ " line or the end of the block, are its output, standard output and
standard error together. A line "..." in the shown output stands for any
number of lines (none too). Commands run with sh from a scratch directory
per document, in document order (one may use what an earlier one wrote),
where fixtures/, graphs/ and policies/ are links to the project's, `lineage` is the
binary under test, the cache is empty at the start, and HF_ENDPOINT points
at the test suite's mock Hub serving the 50 real listing pages.

Prints "ok NAME" or "FAIL NAME: ..." per example, for tests/run.sh.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PAGES = os.path.join(ROOT, "fixtures", "hub-listing-2024-07")


def readme_examples(text):
    """(line number, command, shown output lines) of a Markdown file."""
    examples, block, in_block = [], None, False
    for no, line in enumerate(text.split("\n"), 1):
        if line.startswith("```"):
            in_block = not in_block
            block = None
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            block = (no, line[2:], [])
            examples.append(block)
        elif block is not None:
            block[2].append(line)
    return examples


def roff_text(line):
    """A roff line as it reads: the escapes examples use, undone."""
    return (line.replace("\\-", "-").replace("\\e", "\\")
            .replace("\\(aq", "'").replace("\\&", ""))


def man_examples(text):
    examples, block, in_nf = [], None, False
    for no, line in enumerate(text.split("\n"), 1):
        if line.startswith(".nf"):
            in_nf, block = True, None
            continue
        if line.startswith(".fi"):
            in_nf, block = False, None
            continue
        if not in_nf:
            continue
        line = roff_text(line)
        if line.startswith("$ "):
            block = (no, line[2:], [])
            examples.append(block)
        elif block is not None:
            block[2].append(line)
    return examples


def matches(shown, got):
    """Whether got (lines) is shown, "..." standing for any lines."""
    while shown and shown[-1] == "":
        shown = shown[:-1]
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(shown):
            r = j == len(got)
        elif shown[i] == "...":
            r = any(m(i + 1, k) for k in range(j, len(got) + 1))
        else:
            r = j < len(got) and shown[i] == got[j] and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return m(0, 0)


def start_mock(tmp):
    """The mock Hub on loopback, serving the 50 real pages; its URL."""
    pages = sorted(os.path.join(PAGES, p) for p in os.listdir(PAGES)
                   if p.endswith(".json.gz"))
    port_file = os.path.join(tmp, "mock.port")
    out = open(port_file, "w")
    proc = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "tests", "mockhub", "mockhub.py"),
         "--max-seconds", "900", "--data"] + pages, stdout=out)
    for _ in range(200):
        with open(port_file) as f:
            first = f.readline()
        if first.startswith("PORT "):
            return proc, "http://127.0.0.1:" + first.split()[1]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("FAIL docs: the mock Hub did not start")


def scratch(tmp, lineage, name):
    """A directory to run a document's examples in, and their env."""
    work = os.path.join(tmp, name)
    os.makedirs(os.path.join(work, "bin"))
    for d in ("fixtures", "graphs", "policies"):
        os.symlink(os.path.join(ROOT, d), os.path.join(work, d))
    os.symlink(os.path.abspath(lineage), os.path.join(work, "bin", "lineage"))
    env = dict(os.environ, LC_ALL="C", TZ="UTC",
               PATH=os.path.join(work, "bin") + ":" + os.environ["PATH"],
               LINEAGE_CACHE_DIR=os.path.join(work, "cache"),
               HF_HOME=os.path.join(work, "hf"))
    for k in ("HF_TOKEN", "LINEAGE_TIMING", "COLUMNS"):
        env.pop(k, None)
    return work, env


def run_document(label, examples, work, env):
    failures = 0
    for no, command, shown in examples:
        name = f"{label}:{no}: $ {command}"
        p = subprocess.run(["sh", "-c", "exec 2>&1\n" + command], cwd=work,
                           env=env, capture_output=True, timeout=600)
        got = p.stdout.decode("utf-8", "replace").split("\n")
        if got and got[-1] == "":
            got.pop()
        if matches(shown, got):
            print(f"ok {name}")
        else:
            failures += 1
            print(f"FAIL {name}: the document shows")
            for line in shown:
                print(f"    | {line}")
            print("  but it prints")
            for line in got[:60]:
                print(f"    > {line}")
    return failures


def main():
    lineage, readme, man = sys.argv[1:4]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        mock, url = start_mock(tmp)
        try:
            for label, path, parse in (("README.md", readme, readme_examples),
                                       ("lineage.1", man, man_examples)):
                with open(path, encoding="utf-8") as f:
                    examples = parse(f.read())
                if not examples:
                    print(f"FAIL {label}: no examples found")
                    failures += 1
                    continue
                work, env = scratch(tmp, lineage, label)
                env["HF_ENDPOINT"] = url
                failures += run_document(label, examples, work, env)
        finally:
            mock.kill()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
