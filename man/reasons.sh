#!/bin/sh
# man/reasons.sh - the REASON CODES section of lineage.1, made from the
# licence data itself (data/licenses.tab, its `basis` records), so the
# manual can never name a code the tool lacks or miss one it has:
# tests/cli/docs.sh compares the man page's section with this output.
# Usage: sh man/reasons.sh [data/licenses.tab]
set -eu
tab=${1:-data/licenses.tab}
printf '%s\n' '.SH REASON CODES' \
	'Every reason an edge verdict can carry, with its meaning and the clause' \
	'of the licence it rests on, as' '.B data/licenses.tab' \
	'states them (a' '.B \-\-licenses' \
	'file may add more;' '.B lineage show' \
	"prints them for each edge up a model's ancestry):"
sed -n 's/^basis \([A-Z_][A-Z_]*\) \(.*\)$/\1	\2/p' "$tab" | sort |
while IFS='	' read -r code text; do
	printf '.TP\n.B %s\n%s\n' "$code" \
		"$(printf '%s' "$text" | sed 's/\\/\\e/g; s/^\./\\\&./; s/-/\\-/g')"
done
