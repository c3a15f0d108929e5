#!/bin/sh
# tests/cli/exports.sh - `lineage export` read back by real readers
# (NetworkX read_graphml/read_gexf, Graphviz dot, csv, json), the selection
# flags, atomic -o, and `lineage communities` against NetworkX
# (tests/exports/check_exports.py). Skips (77) without networkx or dot.
. tests/lib.sh
if ! "$PYTHON" -c 'import networkx' >/dev/null 2>&1; then
	echo "SKIP exports: python3-networkx is not installed for $PYTHON" >&2
	echo "skipped: networkx missing (apt-get install python3-networkx)"
	exit 77
fi
if ! command -v dot >/dev/null 2>&1; then
	echo "SKIP exports: Graphviz dot is not installed" >&2
	echo "skipped: Graphviz dot missing (apt-get install graphviz)"
	exit 77
fi
TMPDIR=$TMP "$PYTHON" tests/exports/check_exports.py "$LINEAGE" ||
	failures=$((failures + 1))
finish
