#!/bin/sh
# tests/run.sh - runs every unit test program and CLI test script, counts
# their "ok" and "FAIL" lines, and ends with "N passed, N failed".
#
# A program or script that exits non-zero without printing a FAIL line
# (a crash, a sanitizer report) counts as one failure, and its output is
# shown. Exit status 77 means skipped.
set -u
BUILD=${BUILD:-build}
LINEAGE=${LINEAGE:-./lineage}
# every run of the suite starts with an empty binary cache of its own,
# which the tests then fill and hit (the same input read twice)
LINEAGE_CACHE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/lineage-cache.XXXXXX")
export LINEAGE BUILD LINEAGE_CACHE_DIR LC_ALL=C TZ=UTC
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"; rm -rf "$LINEAGE_CACHE_DIR"' EXIT

run_one() {
	name=$1; shift
	start=$(date +%s)
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$status" -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIP $name"
		return
	fi
	# a script that checks one thing says so by its status alone
	[ "$status" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && p=1
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $name: exited with status $status"
		tail -30 "$log"
	fi
	grep '^FAIL ' "$log"
	passed=$((passed + p))
	failed=$((failed + f))
	echo "  $name: $p passed, $f failed ($(($(date +%s) - start))s)"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	shell=sh
	head -n 1 "$t" | grep -q bash && shell=bash
	run_one "$(basename "$t" .sh)" "$shell" "$t"
done

[ "$skipped" -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
