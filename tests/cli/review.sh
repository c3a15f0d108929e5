#!/bin/sh
# tests/cli/review.sh - what the code review of issue 13 found, each kept
# fixed (the library's share is in tests/unit/).
. tests/lib.sh

# a sanitizer build brings its own allocator and needs more address space
sanitized=
grep -a -q -E '__asan_init|__tsan_init|__msan_init' "$LINEAGE" && sanitized=1

# alloc_sweep NAME LAST CMD...: fails each of the last LAST allocations
# CMD makes, one per run (tests/faults/failmalloc.c); each run must give
# the whole output and exit 0, or exit 1 with an error that says something
alloc_sweep() {
	name=$1 last=$2; shift 2
	"$@" >"$TMP/want" 2>/dev/null
	LD_PRELOAD="$TMP/failmalloc.so" LG_FAILMALLOC_COUNT="$TMP/count" \
		"$@" >/dev/null 2>&1
	total=$(cat "$TMP/count") bad=
	n=$((total - last))
	while [ "$n" -le "$total" ]; do
		LD_PRELOAD="$TMP/failmalloc.so" LG_FAILMALLOC=$n "$@" \
			>"$TMP/got" 2>"$TMP/err"
		case $? in
		0) cmp -s "$TMP/want" "$TMP/got" ||
			bad="$bad $n: exit 0, other output;" ;;
		1) grep -q '^lineage: error: .' "$TMP/err" ||
			bad="$bad $n: $(head -c 80 "$TMP/err");" ;;
		*) bad="$bad $n: $(head -c 80 "$TMP/err");" ;;
		esac
		n=$((n + 1))
	done
	check_eq "$name" "" "$bad"
}
[ -z "$sanitized" ] &&
	${CC:-cc} -shared -fPIC -O2 -o "$TMP/failmalloc.so" tests/faults/failmalloc.c

# communities of equal size are numbered by their smallest member id,
# not by input order (z/ comes first in both inputs): a small family left
# whole, and one big family split by igraph
printf '%s\n' '{"id":"z/base"}' '{"id":"z/kid","tags":["base_model:z/base"]}' \
	'{"id":"a/base"}' '{"id":"a/kid","tags":["base_model:a/base"]}' \
	>"$TMP/tie.jsonl"
"$LINEAGE" communities --format tsv --quiet "$TMP/tie.jsonl" >"$TMP/out"
check_eq "community ties: small families by smallest id" "a/base 0 z/base 1" \
	"$(awk -F'\t' '$1 ~ /base$/ { printf "%s %s ", $1, $2 }' "$TMP/out" | sed 's/ $//')"
for p in z a; do
	tag=; [ "$p" = z ] && tag=',"tags":["base_model:a/base"]'
	echo "{\"id\":\"$p/base\"$tag}"
	for k in 1 2 3; do
		echo "{\"id\":\"$p/$k\",\"tags\":[\"base_model:$p/base\"]}"
	done
done >"$TMP/tie2.jsonl"
for m in leiden louvain; do
	"$LINEAGE" communities --method "$m" --format tsv --quiet \
		"$TMP/tie2.jsonl" >"$TMP/out"
	check_eq "community ties: $m parts by smallest id" "a/base 0 z/base 1" \
		"$(awk -F'\t' '$1 ~ /base$/ { printf "%s %s ", $1, $2 }' "$TMP/out" | sed 's/ $//')"
done

# a thread that cannot start is reported with pthread_create's own error
# (it sets no errno): stacks of 3 GB in 2.5 GB of address space; skipped
# under a sanitizer, whose shadow memory needs more than that
if [ -z "$sanitized" ]; then
	(ulimit -s 3000000 && ulimit -v 2500000 &&
		exec "$LINEAGE" rank --quiet --no-cache fixtures/cards) >/dev/null 2>"$TMP/err"
	check_eq "no threads: exit 1" 1 "$?"
	check "no threads: pthread_create's reason" grep -q \
		'^lineage: error: cannot start threads: Resource temporarily unavailable$' \
		"$TMP/err"
fi

# an id holding U+FFFE is refused for that, not as "empty once trimmed"
printf '{"id":"a/b\357\277\276"}\n' >"$TMP/fffe.jsonl"
"$LINEAGE" rank "$TMP/fffe.jsonl" >/dev/null 2>"$TMP/err"
check "U+FFFE id: the reason given" grep -q \
	"fffe.jsonl:1: 'id' holds U+FFFE or U+FFFF; record skipped" "$TMP/err"

# a whole BOM is passed over; a lone BOM byte between records is a
# malformed record, warned about with its line
printf '\357\273\277{"id":"a/b"}\n\273\n{"id":"c/d"}\n' >"$TMP/bom.jsonl"
"$LINEAGE" rank "$TMP/bom.jsonl" >/dev/null 2>"$TMP/err"
check "BOM: a lone 0xBB is a warning with file:line" \
	grep -q 'bom.jsonl:2: not a JSON object; record skipped' "$TMP/err"
check "BOM: a whole one is passed over" \
	grep -q '3 records in 1 file: 2 kept, 1 skipped' "$TMP/err"

# golden.sh UPDATE=1 removes a .status that no longer holds, and writes
# one that does
mkdir -p "$TMP/golden"
echo '--version' >"$TMP/golden/ok.cmd"
echo 1 >"$TMP/golden/ok.status"
echo 'rank --no-such-option' >"$TMP/golden/bad.cmd"
UPDATE=1 GOLDEN="$TMP/golden" sh tests/cli/golden.sh >/dev/null 2>&1
check "golden UPDATE=1: a stale .status is removed" \
	test ! -e "$TMP/golden/ok.status"
check_eq "golden UPDATE=1: a failing command's status is written" 2 \
	"$(cat "$TMP/golden/bad.status" 2>/dev/null)"
check "golden: the updated files pass" \
	env GOLDEN="$TMP/golden" sh tests/cli/golden.sh

# show's JSON: an allocation that fails while the tree (or a chain) is
# built is an error, not a tree cut short and exit 0
printf '%s\n' '{"id":"a/base","tags":["license:mit"]}' \
	'{"id":"a/kid","tags":["base_model:a/base","license:mit"]}' \
	'{"id":"a/kid2","tags":["base_model:a/kid","license:gpl-3.0"]}' \
	>"$TMP/small.jsonl"
[ -z "$sanitized" ] && alloc_sweep "show --format json: out of memory is an error" \
	120 "$LINEAGE" show --format json a/kid --no-cache --quiet --threads 1 \
	"$TMP/small.jsonl"

finish
