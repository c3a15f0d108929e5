#!/bin/sh
# tests/cli/docs.sh - documentation that cannot go stale: every `$ lineage`
# example of the README and the man page run and compared with what it
# shows (tests/docs/check_docs.py); the man page's REASON CODES section is
# what man/reasons.sh makes of data/licenses.tab; it names every openness
# class and warning kind; groff reads it without a warning; `lineage help
# CMD` and `CMD -h` print each command's help; the bash completion knows
# every command and option.
. tests/lib.sh

"$PYTHON" tests/docs/check_docs.py "$LINEAGE" README.md man/lineage.1

sh man/reasons.sh >"$TMP/reasons"
sed -n '/^\.SH REASON CODES/,/^\.SH ENVIRONMENT/p' man/lineage.1 |
	sed '$d' >"$TMP/man-reasons"
check_golden "man: REASON CODES is made from data/licenses.tab" \
	"$TMP/reasons" "$TMP/man-reasons"
for c in osi open-content restricted nc-nd other unknown; do
	check "man: openness class $c explained" \
		grep -q "^\.B $(echo "$c" | sed 's/-/\\\\-/g')$" man/lineage.1
done
for k in unreadable file empty record field none-parent duplicate \
	self-loop cycle; do
	check "man: warning kind $k explained" \
		grep -q "^\.B $(echo "$k" | sed 's/-/\\\\-/g')$" man/lineage.1
done
if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z man/lineage.1 >"$TMP/groff" 2>&1
	check_eq "man: groff reads it without a warning" "" "$(cat "$TMP/groff")"
fi

for cmd in rank show audit communities export stats report diff fetch; do
	"$LINEAGE" help "$cmd" >"$TMP/help1" 2>&1
	"$LINEAGE" "$cmd" -h >"$TMP/help2" 2>&1
	check "help: 'lineage help $cmd' describes it" \
		grep -q "^usage: lineage $cmd" "$TMP/help1"
	check_golden "help: '$cmd -h' is 'help $cmd'" "$TMP/help1" "$TMP/help2"
	bash -c '. man/lineage.bash-completion; COMP_WORDS=(lineage "$1" --)
		COMP_CWORD=2; _lineage; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$cmd" >"$TMP/completes" 2>&1
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/help1" | sort -u); do
		check "completion: $cmd $opt" grep -q -x -- "$opt" "$TMP/completes"
	done
done
check_eq "help: an unknown command is a usage error" 2 \
	"$("$LINEAGE" help nope >/dev/null 2>&1; echo $?)"

finish
