#!/bin/sh
# tests/cli/faults.sh - fault injection (issue 13): an allocation that
# fails, a disk that is full, a signal mid-write. Each must end in a clear
# error, exit 1 (or death by that signal), and no partial or temp file.
. tests/lib.sh

sanitized=
grep -a -q -E '__asan_init|__tsan_init|__msan_init' "$LINEAGE" && sanitized=1

# 300 models of a real listing, one family big enough for igraph's Leiden
# (20 edges), and a later snapshot of them for diff
SMALL=$TMP/small.json NEWER=$TMP/newer.json
"$PYTHON" - "$SMALL" "$NEWER" <<'EOF'
import gzip, json, sys
d = json.load(gzip.open("fixtures/hub-listing-2024-07/"
                        "models_page1_07-11-2024.json.gz"))[:300]
d += [{"id": "fam/base"}]
d += [{"id": "fam/k%d" % i, "tags": ["base_model:fam/base"]} for i in range(12)]
d += [{"id": "fam/g%d" % i, "tags": ["base_model:fam/k%d" % (i % 4)]}
      for i in range(8)]
json.dump(d, open(sys.argv[1], "w"))
json.dump(d[20:] + [{"id": "new/kid", "tags": ["base_model:" + d[0]["id"]]}],
          open(sys.argv[2], "w"))
EOF
SHOWN=openai/clip-vit-large-patch14
OUT=$TMP/out # the only thing in it may be the output asked for
mkdir "$OUT"

# -- allocation failures ---------------------------------------------------
#
# tests/faults/failmalloc.c fails the Nth allocation. Every command starts
# with the same ~2900 allocations of libcurl's and GnuTLS's set-up (the
# count of 'CMD --help'), swept sparsely once; the allocations after them
# are the command's own, swept with stride FAULTS_STRIDE (default 3, each
# command at another offset, so the loading they share is swept densely
# across them; FAULTS_STRIDE=1 fails every one). Each run must give the
# unfailed run's whole output and exit 0, or exit 1 with "lineage: error:
# ... out of memory" (or pthread_create's "cannot start threads: Resource
# temporarily unavailable") and leave nothing in $OUT.
STRIDE=${FAULTS_STRIDE:-3}

# failed N CMD...: CMD with its Nth allocation failing
failed() {
	n=$1; shift
	LD_PRELOAD="$TMP/failmalloc.so" LG_FAILMALLOC=$n "$@"
}

# sweep NAME FROM STEP CMD...: runs CMD failing allocation FROM, FROM+STEP,
# ... up to its total; CMD writes its output to stdout or into $OUT
sweep() {
	name=$1 n=$2 step=$3; shift 3
	rm -rf "$OUT" "$TMP/want.out" && mkdir "$OUT"
	"$@" >"$TMP/want" 2>/dev/null || { fail "$name" "fails unfailed"; return; }
	mv "$OUT" "$TMP/want.out" && mkdir "$OUT"
	LD_PRELOAD="$TMP/failmalloc.so" LG_FAILMALLOC_COUNT="$TMP/count" \
		"$@" >/dev/null 2>&1
	total=$(cat "$TMP/count") bad= runs=0 errors=0
	rm -rf "$OUT" && mkdir "$OUT"
	while [ "$n" -le "$total" ]; do
		failed "$n" "$@" >"$TMP/got" 2>"$TMP/err"
		rc=$? runs=$((runs + 1))
		case $rc in
		0) { cmp -s "$TMP/want" "$TMP/got" &&
		     diff -r "$TMP/want.out" "$OUT" >/dev/null; } ||
			bad="$bad $n: exit 0, other output;" ;;
		1) errors=$((errors + 1))
		   grep -q -E '^lineage: error: .*(out of memory|Cannot allocate memory|cannot start threads)' \
			"$TMP/err" || bad="$bad $n: $(head -c 100 "$TMP/err");"
		   [ -z "$(ls -A "$OUT")" ] ||
			bad="$bad $n: left $(ls -A "$OUT" | head -3);" ;;
		*) bad="$bad $n: status $rc $(head -c 100 "$TMP/err");" ;;
		esac
		rm -rf "$OUT" && mkdir "$OUT"
		n=$((n + step))
	done
	[ -n "$FAULTS_VERBOSE" ] &&
		echo "# $name: $total allocations, $runs failed, $errors exit 1"
	check_eq "out of memory: $name ($runs runs)" "" "$bad"
}

# start CMD...: the allocations every command makes before its own
start() {
	LD_PRELOAD="$TMP/failmalloc.so" LG_FAILMALLOC_COUNT="$TMP/count" \
		"$@" --help >/dev/null 2>&1
	cat "$TMP/count"
}

if [ -z "$sanitized" ]; then
	${CC:-cc} -shared -fPIC -O2 -o "$TMP/failmalloc.so" tests/faults/failmalloc.c
	Q="--threads 1 --no-cache --quiet"
	base=$(start "$LINEAGE" rank)
	sweep "set-up" 1 97 "$LINEAGE" rank $Q "$SMALL"
	k=0
	for c in "rank" "audit --summary" "show $SHOWN" "communities" "stats" \
		"export -o $OUT/all.graphml" "export --format csv -o $OUT/csv" \
		"report -o $OUT/r.html"; do
		sweep "$c" $((base - 2 + k % STRIDE)) "$STRIDE" "$LINEAGE" $c $Q "$SMALL"
		k=$((k + 1))
	done
	sweep "diff" $((base - 2 + k % STRIDE)) "$STRIDE" "$LINEAGE" diff $Q "$SMALL" "$NEWER"
fi

finish
