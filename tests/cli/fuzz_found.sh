#!/bin/sh
# tests/cli/fuzz_found.sh - what the fuzz targets (tests/fuzz/) found, each
# kept fixed through the command line; the inputs themselves are in
# fixtures/fuzz/TARGET/ and replayed by fuzz_replay.sh.
. tests/lib.sh
# no crawl may reach a network: every check here fails before a request
HF_ENDPOINT=http://127.0.0.1:9
export HF_ENDPOINT

# 1. manifest: a snapshot whose manifest counts more bytes than
#    records.jsonl holds is refused on --resume, not padded with zeros
mkdir -p "$TMP/snap"
printf '{"id":"org/base"}\n' >"$TMP/snap/records.jsonl"
printf '{"format":"lineage-snapshot","tasks":[],"bytes":1000000000000}\n' \
	>"$TMP/snap/manifest.json"
"$LINEAGE" fetch --quiet --resume --out "$TMP/snap" >"$TMP/out" 2>"$TMP/err"
check_eq "manifest: a count past the records' end fails --resume (exit 1)" \
	1 "$?"
check "manifest: the error says the manifest is damaged" \
	grep -q "damaged snapshot manifest: it counts 1000000000000 bytes" \
	"$TMP/err"
check_eq "manifest: records.jsonl is left as it was" 18 \
	"$(wc -c <"$TMP/snap/records.jsonl" | tr -d ' ')"
printf '{"format":"lineage-snapshot","tasks":[],"bytes":-5}\n' \
	>"$TMP/snap/manifest.json"
"$LINEAGE" fetch --quiet --resume --out "$TMP/snap" >"$TMP/out" 2>"$TMP/err"
check_eq "manifest: a negative count fails --resume (exit 1)" 1 "$?"
"$LINEAGE" rank --format tsv "$TMP/snap" >"$TMP/out" 2>"$TMP/err"
check "manifest: a negative count reads no record, as a missing one" \
	grep -q "0 records" "$TMP/err"

# 2. cli: nothing to sort is no NULL handed to qsort (undefined behaviour,
#    which `make asan` reports): a diff with no change, a sample with no
#    author
printf '%s\n' '{"id":"org/base","tags":["license:mit"]}' \
	'{"id":"org/chat","tags":["base_model:org/base"]}' >"$TMP/two.jsonl"
"$LINEAGE" diff "$TMP/two.jsonl" "$TMP/two.jsonl" >"$TMP/out" 2>"$TMP/err"
check_eq "cli: diff of an input with itself exits 0" 0 "$?"
check "cli: diff of an input with itself finds no model added" \
	grep -q "^models added	0$" "$TMP/out"
"$LINEAGE" stats --table authors --author nobody --format tsv \
	"$TMP/two.jsonl" >"$TMP/out" 2>"$TMP/err"
check_eq "cli: stats of a sample with no model exits 0" 0 "$?"
finish
