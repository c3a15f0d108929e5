#!/bin/sh
# tests/cli/golden.sh - each tests/golden/NAME.cmd holds the arguments of
# one lineage command; its stdout must equal tests/golden/NAME.out and its
# exit status tests/golden/NAME.status (0 when that file is absent). If
# tests/golden/NAME.stdin exists, it names the file fed to stdin.
# UPDATE=1 rewrites the expected files from the current binary.
. tests/lib.sh

for cmd in tests/golden/*.cmd; do
	name=$(basename "$cmd" .cmd)
	want_status=0
	[ -f "tests/golden/$name.status" ] &&
		want_status=$(cat "tests/golden/$name.status")
	stdin=/dev/null
	[ -f "tests/golden/$name.stdin" ] && stdin=$(cat "tests/golden/$name.stdin")
	eval "set -- $(cat "$cmd")"
	"$LINEAGE" "$@" <"$stdin" >"$TMP/$name.out" 2>"$TMP/$name.err"
	status=$?
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$TMP/$name.out" "tests/golden/$name.out"
		[ "$status" -eq 0 ] || echo "$status" >"tests/golden/$name.status"
	fi
	check_eq "$name exit status" "$want_status" "$status"
	check_golden "$name output" "tests/golden/$name.out" "$TMP/$name.out"
done
finish
