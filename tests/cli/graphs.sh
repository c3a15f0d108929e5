#!/bin/sh
# tests/cli/graphs.sh - graphs/ holds what the binary writes today (run
# `make graphs` after a change that should alter it), and each SVG is the
# drawing Graphviz makes of its DOT today (redrawn and compared, not
# grepped).
. tests/lib.sh
LINEAGE=$LINEAGE sh tests/graphs.sh "$TMP/graphs" 2>"$TMP/err" ||
	fail "graphs.sh runs" "$(cat "$TMP/err")"
for f in graphs/*.graphml graphs/*.gexf graphs/*.dot graphs/*.json graphs/*.html \
	graphs/*-csv/*.csv; do
	check_golden "graphs: $f is current" "$f" "$TMP/graphs/${f#graphs/}"
done
if command -v dot >/dev/null 2>&1; then
	for f in graphs/*.svg; do
		check_golden "graphs: $f is Graphviz's drawing of its DOT" \
			"$f" "$TMP/graphs/${f#graphs/}"
	done
else
	echo "# skip: Graphviz 'dot' is missing; the SVGs are not redrawn"
fi
finish
