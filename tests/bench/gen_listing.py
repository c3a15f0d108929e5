#!/usr/bin/python3
"""Generate a large, realistic Hub listing for benchmarks.

Usage: gen_listing.py [--plain] [--array] [--seed S] [--link-rate R]
                      [--source DIR] N_COPIES OUT

The 50 real listing pages (50,000 models) are replicated N_COPIES times, so 16
copies give 800,000 models.  Copy 0 is the real data unchanged.  In copy k > 0
every model id, `modelId` and lineage target (base_model tags, and
cardData.base_model should a source carry it) gets the suffix `-cK`, so each
copy is an isomorphic graph with the real shape: same degree distribution, same
deep merge chains, same external parents (now one set per copy).

Real families are not isolated, though, so about --link-rate (default 1%) of
the models of each copy k > 0 gain one extra `base_model:` tag naming a copy-0
model.  The target is drawn from the copy-0 parent references, so popular
bases attract most links, as on the Hub.  Choices come from a PRNG seeded with
(--seed, k): the same arguments always give the same bytes.

Output: JSON lines, gzip-compressed unless --plain.  With --array, OUT is a
directory of JSON array pages of 1000 models each, like the real listing.
The output is written to a temporary name and renamed into place, so an
interrupted run never leaves a truncated file behind for a cache to trust.
"""

import argparse
import contextlib
import gzip
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "fixtures", "hub-listing-2024-07")
RELATIONS = ("finetune", "adapter", "quantized", "merge")
ASCII_WS = " \t\n\v\f\r"
PAGE_SIZE = 1000


def load_pages(source):
    """Return the source models in page order (page1, page2, ..., page50)."""
    def page_number(name):
        m = re.search(r"page(\d+)", name)
        return (int(m.group(1)) if m else 0, name)

    names = sorted((n for n in os.listdir(source) if n.endswith(".json.gz")), key=page_number)
    if not names:
        sys.exit(f"gen_listing.py: no *.json.gz listing pages in {source}")
    models = []
    for name in names:
        with gzip.open(os.path.join(source, name), "rt", encoding="utf-8") as f:
            models.extend(json.load(f))
    return models


def suffixed(raw, k):
    # Trim first: appending after a trailing "/" or blank would change how the
    # id canonicalises, and the copy would no longer be isomorphic.
    core = raw.strip(ASCII_WS).rstrip("/").strip(ASCII_WS)
    return f"{core}-c{k}" if core else raw


def split_base_model_tag(tag):
    """'base_model:REL:ID' -> ('base_model:REL:', 'ID'); 'base_model:ID' -> ('base_model:', 'ID')."""
    rest = tag[len("base_model:"):]
    head, sep, tail = rest.partition(":")
    if sep and head in RELATIONS:
        return f"base_model:{head}:", tail
    return "base_model:", rest


def copy_of(model, k):
    out = dict(model)  # shallow: untouched fields are shared, never mutated
    for field in ("id", "modelId"):
        if isinstance(out.get(field), str):
            out[field] = suffixed(out[field], k)
    tags = out.get("tags")
    if isinstance(tags, list):
        new_tags = []
        for t in tags:
            if isinstance(t, str) and t.startswith("base_model:"):
                prefix, target = split_base_model_tag(t)
                t = prefix + suffixed(target, k)
            new_tags.append(t)
        out["tags"] = new_tags
    card = out.get("cardData")
    if isinstance(card, dict) and "base_model" in card:
        card = dict(card)
        base = card["base_model"]
        if isinstance(base, str):
            card["base_model"] = suffixed(base, k)
        elif isinstance(base, list):
            card["base_model"] = [suffixed(b, k) if isinstance(b, str) else b for b in base]
        out["cardData"] = card
    return out


def link_targets(models):
    """Copy-0 parent references that name a model of the listing, with
    repetition, so a uniform draw favours popular bases."""
    known = {m["id"].lower(): m["id"] for m in models if isinstance(m.get("id"), str)}
    targets = []
    for m in models:
        for t in m.get("tags") or ():
            if isinstance(t, str) and t.startswith("base_model:"):
                _, target = split_base_model_tag(t)
                key = target.strip(ASCII_WS).lower()
                if key in known and key != m["id"].lower():
                    targets.append(known[key])
    return targets


def generate(models, copies, seed, link_rate):
    targets = link_targets(models)
    for k in range(copies):
        if k == 0:
            yield from models
            continue
        rng = random.Random(f"{seed}:{k}")  # str seeds hash the same in every run
        for model in models:
            out = copy_of(model, k)
            if rng.random() < link_rate and isinstance(out.get("tags"), list):
                out["tags"] = out["tags"] + ["base_model:" + rng.choice(targets)]
            yield out


@contextlib.contextmanager
def open_out(path, plain):
    with open(path, "wb") as raw:
        if plain:
            yield raw
            return
        # mtime=0 and no file name in the header keep the bytes reproducible;
        # level 6, as gzip(1) uses: level 9 would cost far more time for ~1%.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz:
            yield gz


def dump(model):
    return json.dumps(model, ensure_ascii=False)


def write_lines(stream, path, plain):
    tmp = path + ".tmp"
    n = 0
    with open_out(tmp, plain) as f:
        for model in stream:
            f.write(dump(model).encode("utf-8") + b"\n")
            n += 1
    os.replace(tmp, path)
    return n


def write_pages(stream, path, plain):
    tmp = path.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    ext = ".json" if plain else ".json.gz"
    n, pages, page = 0, 0, []

    def flush():
        # Zero-padded so that sorting the names as bytes keeps page order.
        name = os.path.join(tmp, f"page{pages:05d}{ext}")
        with open_out(name, plain) as f:
            f.write(("[" + ", ".join(dump(m) for m in page) + "]").encode("utf-8"))

    for model in stream:
        page.append(model)
        n += 1
        if len(page) == PAGE_SIZE:
            pages += 1
            flush()
            page = []
    if page:
        pages += 1
        flush()
    shutil.rmtree(path, ignore_errors=True)
    os.replace(tmp, path)
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("copies", type=int, metavar="N_COPIES")
    ap.add_argument("out", metavar="OUT")
    ap.add_argument("--plain", action="store_true", help="write uncompressed")
    ap.add_argument("--array", action="store_true",
                    help="OUT is a directory of JSON array pages of 1000 models")
    ap.add_argument("--seed", default="lineage-bench", help="PRNG seed (default %(default)s)")
    ap.add_argument("--link-rate", type=float, default=0.01,
                    help="share of copy-k models given an extra copy-0 parent (default %(default)s)")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="directory of listing pages")
    a = ap.parse_args()
    if a.copies < 1:
        ap.error("N_COPIES must be at least 1")

    models = load_pages(a.source)
    stream = generate(models, a.copies, a.seed, a.link_rate)
    n = (write_pages if a.array else write_lines)(stream, a.out, a.plain)
    print(f"gen_listing: wrote {n} models to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
