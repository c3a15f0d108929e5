# tests/lib.sh - shared by the CLI test scripts (sourced, POSIX sh).
#
# Each check prints "ok NAME" or "FAIL NAME: detail"; tests/run.sh counts
# those lines. A script exits 1 if any of its checks failed.

LINEAGE=${LINEAGE:-./lineage}
PYTHON=${PYTHON:-/usr/bin/python3}
export LC_ALL=C TZ=UTC
failures=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lineage-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME COMMAND...: passes when the command succeeds
check() {
	name=$1; shift
	if "$@" >"$TMP/check.out" 2>&1; then ok "$name"
	else fail "$name" "$(head -c 2000 "$TMP/check.out")"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"
	else fail "$1" "expected '$2', got '$3'"; fi
}

# check_golden NAME EXPECTED_FILE ACTUAL_FILE: diff -u on mismatch
check_golden() {
	if diff -u "$2" "$3" >"$TMP/golden.diff" 2>&1; then ok "$1"
	else fail "$1" "$(head -40 "$TMP/golden.diff")"; fi
}

finish() { [ "$failures" -eq 0 ]; }
