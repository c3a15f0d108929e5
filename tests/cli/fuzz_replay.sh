#!/bin/sh
# tests/cli/fuzz_replay.sh - every fuzz target (tests/fuzz/fuzz_*.c) over
# its committed corpus (fixtures/fuzz/TARGET/): every input must go through
# without a crash or a sanitizer report. A short replay, not fuzzing (that
# is `make fuzz`). A target whose corpus is missing or empty fails, and so
# does the replay itself when given an empty or missing corpus.
. tests/lib.sh
BUILD=${BUILD:-build}
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_}
	t=${t%.c}
	dir=fixtures/fuzz/$t
	n=$(find "$dir" -type f ! -name '.*' 2>/dev/null | wc -l)
	if "$BUILD/tests/replay_$t" "$dir" >"$TMP/replay.out" 2>&1 &&
	   [ "$n" -gt 0 ] && [ "$(grep -c '^ok' "$TMP/replay.out")" -eq "$n" ]; then
		ok "fuzz replay: $t, $n inputs"
	else
		fail "fuzz replay: $t ($n inputs in $dir)" \
			"$(tail -20 "$TMP/replay.out")"
	fi
done

# exit_of COMMAND...: its exit status, output discarded
exit_of() { "$@" >/dev/null 2>&1; echo $?; }
mkdir "$TMP/empty"
check_eq "fuzz replay: an empty corpus exits 1" 1 \
	"$(exit_of "$BUILD/tests/replay_records" "$TMP/empty")"
check_eq "fuzz replay: a missing corpus exits 1" 1 \
	"$(exit_of "$BUILD/tests/replay_records" "$TMP/missing")"
check_eq "fuzz replay: no input at all exits 1" 1 \
	"$(exit_of "$BUILD/tests/replay_records")"
check_eq "fuzz replay: a corpus exits 0" 0 \
	"$(exit_of "$BUILD/tests/replay_records" fixtures/fuzz/records)"
finish
