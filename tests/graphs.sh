#!/bin/sh
# tests/graphs.sh - the worked examples in graphs/, made from the real
# fixtures: Mistral-7B-v0.1 and the models made from it directly, as
# GraphML, GEXF, DOT, Cytoscape.js JSON and CSV, and the SVG Graphviz
# draws from the DOT. `make graphs` runs it; tests/cli/graphs.sh checks
# that the committed files are what the current binary writes.
# Usage: sh tests/graphs.sh [OUTDIR]   (default graphs)
set -eu
LINEAGE=${LINEAGE:-./lineage}
OUT=${1:-graphs}
PAGES=fixtures/hub-listing-2024-07
NAME=mistral-7b-v0.1-children
SELECT="--root mistralai/Mistral-7B-v0.1 --depth 1"

mkdir -p "$OUT"
for f in graphml gexf dot json; do
	# shellcheck disable=SC2086
	"$LINEAGE" export --quiet --format "$f" $SELECT -o "$OUT/$NAME.$f" "$PAGES"
done
# shellcheck disable=SC2086
"$LINEAGE" export --quiet --format csv $SELECT -o "$OUT/$NAME-csv" "$PAGES"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$OUT/$NAME.dot" -o "$OUT/$NAME.svg.tmp"
	mv "$OUT/$NAME.svg.tmp" "$OUT/$NAME.svg"
else
	echo "graphs.sh: Graphviz 'dot' is missing; $OUT/$NAME.svg not drawn" >&2
fi
