#!/bin/sh
# tests/demo.sh - the main job on the embedded real fixtures (`make run`):
# the 50,000 most-downloaded Hub models of 2024-07-11 and 8,650 model-info
# records, ranked, their licences audited, their communities found, one
# family exported for Gephi and one shown.
set -eu
LINEAGE=${LINEAGE:-./lineage}
PAGES=fixtures/hub-listing-2024-07
INFO=fixtures/model-info

echo "== lineage rank $PAGES (top 20)"
"$LINEAGE" rank --format table --limit 20 "$PAGES"
echo
echo "== lineage rank $INFO (top 10)"
"$LINEAGE" rank --format table --limit 10 "$INFO"
echo
echo "== lineage audit --summary $PAGES"
"$LINEAGE" audit --summary --format table --quiet "$PAGES"
echo
echo "== lineage communities --summary $PAGES (largest 10)"
"$LINEAGE" communities --summary --format table --quiet "$PAGES" | head -n 13
echo
echo "== lineage export --root mistralai/Mistral-7B-v0.1 --depth 1 (GraphML for Gephi)"
OUT=${TMPDIR:-/tmp}/lineage-demo
mkdir -p "$OUT"
"$LINEAGE" export --format graphml --root mistralai/Mistral-7B-v0.1 --depth 1 \
	-o "$OUT/mistral.graphml" "$PAGES" 2>&1 | tail -n 1
echo
echo "== lineage show HuggingFaceH4/zephyr-7b-beta $PAGES --depth 1"
"$LINEAGE" show --format table --depth 1 --quiet HuggingFaceH4/zephyr-7b-beta "$PAGES"
