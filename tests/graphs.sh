#!/bin/sh
# tests/graphs.sh - the worked examples in graphs/, made from the real
# fixtures: Mistral-7B-v0.1 and the models made from it directly, as
# GraphML, GEXF, DOT, Cytoscape.js JSON and CSV; the tree of one merge
# (Casual-Autopsy/L3-Umbral-Mind-RP-v1.0-8B: every ancestor, every
# descendant) as DOT, the README's picture; the SVG Graphviz draws from
# each DOT; and the study's report of all 50,000 models (report.html),
# with, when SCREENSHOT=1 and Chromium is there, a picture of its top
# (report.png, for the README). `make graphs` runs it; tests/cli/graphs.sh checks that
# the committed files are what the current binary (and Graphviz) write.
# Usage: sh tests/graphs.sh [OUTDIR]   (default graphs)
set -eu
LINEAGE=${LINEAGE:-./lineage}
OUT=${1:-graphs}
PAGES=fixtures/hub-listing-2024-07
NAME=mistral-7b-v0.1-children
SELECT="--root mistralai/Mistral-7B-v0.1 --depth 1"
TREE=umbral-mind-tree

mkdir -p "$OUT"
for f in graphml gexf dot json; do
	# shellcheck disable=SC2086
	"$LINEAGE" export --quiet --no-cache --format "$f" $SELECT \
		-o "$OUT/$NAME.$f" "$PAGES"
done
# shellcheck disable=SC2086
"$LINEAGE" export --quiet --no-cache --format csv $SELECT -o "$OUT/$NAME-csv" \
	"$PAGES"
"$LINEAGE" export --quiet --no-cache --format dot \
	--tree Casual-Autopsy/L3-Umbral-Mind-RP-v1.0-8B -o "$OUT/$TREE.dot" "$PAGES"
"$LINEAGE" report --quiet --no-cache -o "$OUT/report.html" "$PAGES"
if [ "${SCREENSHOT:-0}" = 1 ] && command -v chromium >/dev/null 2>&1; then
	profile=$(mktemp -d)
	chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$profile" \
		--hide-scrollbars --window-size=1000,2300 \
		--screenshot="$OUT/report.png" "file://$PWD/$OUT/report.html" \
		>/dev/null 2>&1
	rm -rf "$profile"
fi
if command -v dot >/dev/null 2>&1; then
	for n in "$NAME" "$TREE"; do
		dot -Tsvg "$OUT/$n.dot" -o "$OUT/$n.svg.tmp"
		mv "$OUT/$n.svg.tmp" "$OUT/$n.svg"
	done
else
	echo "graphs.sh: Graphviz 'dot' is missing; no SVG drawn" >&2
fi
