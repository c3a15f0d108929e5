#!/bin/sh
# tests/cli/bom.sh - the CycloneDX 1.6 and SPDX 3.0.1 exports on the real
# fixtures (tests/bom/check_bom.py: the official CycloneDX validator, the
# pedigree against the graph and `lineage show`, every property SPDX
# 3.0.1 requires, the triples rdflib reads), and their errors.
#
# Fails, never skips, when the validator cannot be had: tests/bom/setup.sh
# installs it (tests/install-deps.sh runs it on a fresh clone).
. tests/lib.sh
FIX=fixtures/hub-listing-2024-07

if sh tests/bom/setup.sh >"$TMP/setup.log" 2>&1; then
	ok "bom: the CycloneDX validator is installed (tests/bom/setup.sh)"
else
	fail "bom: the CycloneDX validator is installed (tests/bom/setup.sh)" \
		"$(tail -5 "$TMP/setup.log")"
fi
TMPDIR=$TMP "$PYTHON" tests/bom/check_bom.py "$LINEAGE" ||
	failures=$((failures + 1))

# -- errors: a clear message, exit 1 or 2, nothing written ---------------------

"$LINEAGE" export --quiet --format cyclonedx --tree no/such-model \
	-o "$TMP/none.json" "$FIX" >/dev/null 2>"$TMP/err"
rc=$?
check_eq "bom: an unknown --tree model exits 1" 1 "$rc"
check_eq "bom: ... and writes no file" no "$([ -e "$TMP/none.json" ] &&
	echo yes || echo no)"
check "bom: ... and names the model" grep -q "no/such-model" "$TMP/err"

"$LINEAGE" export --format spdx3 "$FIX" >/dev/null 2>"$TMP/err"
check_eq "bom: an unknown format is a usage error" 2 "$?"
check "bom: ... listing cyclonedx and spdx" grep -q "cyclonedx, spdx" "$TMP/err"

: >"$TMP/file" # a file where -o wants a directory: fails even as root
"$LINEAGE" export --quiet --format spdx -o "$TMP/file/bom.json" \
	--tree meta-llama/Meta-Llama-3-8B "$FIX" 2>"$TMP/err"
check_eq "bom: an -o that cannot be written exits 1" 1 "$?"
check "bom: ... saying so" grep -q "file/bom.json" "$TMP/err"

# -- stdout, and the summary counting the ancestors the BOM adds ---------------

"$LINEAGE" export --format cyclonedx --root meta-llama/Meta-Llama-3-8B \
	--depth 1 "$FIX" >"$TMP/root.json" 2>"$TMP/err"
check_eq "bom: to stdout exits 0" 0 "$?"
n=$("$PYTHON" -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["components"]))' "$TMP/root.json")
check "bom: the summary counts the $n components written" \
	grep -q "exported $n models" "$TMP/err"
finish
