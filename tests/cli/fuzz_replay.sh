#!/bin/sh
# tests/cli/fuzz_replay.sh - the fuzz targets over their committed corpus
# (fixtures/fuzz/TARGET/): every input must go through without a crash or
# a sanitizer report. A short replay, not fuzzing (that is `make fuzz`).
. tests/lib.sh
BUILD=${BUILD:-build}
for t in records card; do
	dir=fixtures/fuzz/$t
	if "$BUILD/tests/replay_$t" "$dir"/* >"$TMP/replay.out" 2>&1; then
		ok "fuzz replay: $t, $(grep -c '^ok' "$TMP/replay.out") inputs"
	else
		fail "fuzz replay: $t" "$(tail -20 "$TMP/replay.out")"
	fi
done
finish
