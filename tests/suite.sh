#!/bin/sh
# tests/suite.sh - `make test`: the whole suite, then again under
# AddressSanitizer + UBSan, then the CLI under valgrind memcheck
# (tests/valgrind.sh), and one closing line that counts all three:
# "N passed, N failed".
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

make --no-print-directory WERROR=1 check 2>&1 | tee -a "$log" || status=1
make --no-print-directory asan 2>&1 | tee -a "$log" || status=1
make --no-print-directory valgrind 2>&1 | tee -a "$log" || status=1

passed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { p += $1 } END { print p + 0 }' "$log")
failed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { f += $3 } END { print f + 0 }' "$log")
runs=$(grep -c -E '^[0-9]+ passed, [0-9]+ failed$' "$log")
# a build or runner that died before counting is a failure too
[ "$runs" -eq 3 ] || { failed=$((failed + 1)); status=1; }
[ "$failed" -eq 0 ] || status=1
echo "suite: plain and ASan+UBSan builds, valgrind"
echo "$passed passed, $failed failed"
exit "$status"
