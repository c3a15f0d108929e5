#!/bin/sh
# tests/cli/graphs.sh - graphs/ holds what the binary writes today (run
# `make graphs` after a change that should alter it), and its SVG is a
# drawing Graphviz made of that DOT.
. tests/lib.sh
LINEAGE=$LINEAGE sh tests/graphs.sh "$TMP/graphs" 2>"$TMP/err" ||
	fail "graphs.sh runs" "$(cat "$TMP/err")"
for f in graphs/*.graphml graphs/*.gexf graphs/*.dot graphs/*.json \
	graphs/*-csv/*.csv; do
	check_golden "graphs: $f is current" "$f" "$TMP/graphs/${f#graphs/}"
done
if command -v dot >/dev/null 2>&1; then
	check "graphs: the committed SVG is an SVG of the family" \
		grep -q 'mistralai/Mistral&#45;7B&#45;v0.1' graphs/mistral-7b-v0.1-children.svg
	check "graphs: Graphviz draws the DOT again" \
		dot -Tsvg -o "$TMP/again.svg" graphs/mistral-7b-v0.1-children.dot
fi
finish
