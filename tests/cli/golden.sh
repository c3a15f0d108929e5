#!/bin/sh
# tests/cli/golden.sh - each tests/golden/NAME.cmd holds the arguments of
# one lineage command; its stdout must equal tests/golden/NAME.out and its
# exit status tests/golden/NAME.status (0 when that file is absent). If
# tests/golden/NAME.stdin exists, it names the file fed to stdin.
# UPDATE=1 rewrites the expected files from the current binary (and
# removes a NAME.status that no longer holds). GOLDEN=DIR reads another
# directory (tests/cli/review.sh checks UPDATE=1 on one).
. tests/lib.sh
G=${GOLDEN:-tests/golden}

for cmd in "$G"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	want_status=0
	[ -f "$G/$name.status" ] &&
		want_status=$(cat "$G/$name.status")
	stdin=/dev/null
	[ -f "$G/$name.stdin" ] && stdin=$(cat "$G/$name.stdin")
	eval "set -- $(cat "$cmd")"
	"$LINEAGE" "$@" <"$stdin" >"$TMP/$name.out" 2>"$TMP/$name.err"
	status=$?
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$TMP/$name.out" "$G/$name.out"
		if [ "$status" -eq 0 ]; then rm -f "$G/$name.status"
		else echo "$status" >"$G/$name.status"; fi
		want_status=$status
	fi
	check_eq "$name exit status" "$want_status" "$status"
	check_golden "$name output" "$G/$name.out" "$TMP/$name.out"
done
finish
