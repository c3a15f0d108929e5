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
# are the command's own, swept with stride FAULTS_STRIDE (default 8, each
# command at another offset, so the loading they share is swept densely
# across them; FAULTS_STRIDE=1 fails every one). Each run must give the
# unfailed run's whole output and exit 0, or exit 1 with "lineage: error:
# ... out of memory" (or pthread_create's "cannot start threads: Resource
# temporarily unavailable") and leave nothing in $OUT.
STRIDE=${FAULTS_STRIDE:-8}

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

# -- write errors ----------------------------------------------------------
#
# fails NAME FILE CMD...: CMD exits 1 saying it cannot write FILE and why
fails() {
	name=$1 file=$2; shift 2
	"$@" >/dev/null 2>"$TMP/err"
	check_eq "$name: exit 1" 1 "$?"
	check "$name: the file and reason" grep -q \
		"^lineage: error: cannot write '$file': No space left on device" \
		"$TMP/err"
}
Q="--quiet --no-cache"
for f in graphml gexf dot json; do
	fails "export $f -o /dev/full" /dev/full \
		"$LINEAGE" export --format $f -o /dev/full $Q "$SMALL"
done
for c in rank audit stats report; do
	fails "$c -o /dev/full" /dev/full "$LINEAGE" $c -o /dev/full $Q "$SMALL"
done
fails "diff -o /dev/full" /dev/full "$LINEAGE" diff -o /dev/full $Q "$SMALL" "$NEWER"

# a full file system (a small tmpfs, filled up; needs root): each output
# fails whole, the file it was to replace stays, no temp file is left
FULL=$TMP/full
mkdir "$FULL"
if mount -t tmpfs -o size=256k lineage-faults "$FULL" 2>/dev/null; then
	trap 'umount "$FULL"; rm -rf "$TMP"' EXIT
	echo old >"$FULL/old.graphml"
	mkdir "$FULL/oldcsv" && echo old >"$FULL/oldcsv/nodes.csv"
	dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
	before=$(cd "$FULL" && find . | sort)
	for f in graphml gexf dot json; do
		fails "full disk: export $f" "$FULL/old.graphml" \
			"$LINEAGE" export --format $f -o "$FULL/old.graphml" $Q "$SMALL"
	done
	fails "full disk: export csv" "$FULL/csv/nodes.csv" \
		"$LINEAGE" export --format csv -o "$FULL/csv" $Q "$SMALL"
	fails "full disk: export csv, old directory" "$FULL/oldcsv/nodes.csv" \
		"$LINEAGE" export --format csv -o "$FULL/oldcsv" $Q "$SMALL"
	for c in rank audit stats report; do
		fails "full disk: $c -o" "$FULL/old.graphml" \
			"$LINEAGE" $c -o "$FULL/old.graphml" $Q "$SMALL"
	done
	fails "full disk: diff -o" "$FULL/old.graphml" \
		"$LINEAGE" diff -o "$FULL/old.graphml" $Q "$SMALL" "$NEWER"
	check_eq "full disk: nothing left behind" "$before" \
		"$(cd "$FULL" && find . | sort)"
	check_eq "full disk: the old files as they were" "old old" \
		"$(cat "$FULL/old.graphml" "$FULL/oldcsv/nodes.csv" | tr '\n' ' ' | sed 's/ $//')"
	# the binary cache: a warning naming the file, the answer still given
	"$LINEAGE" rank --quiet --no-cache "$SMALL" >"$TMP/want"
	LINEAGE_CACHE_DIR=$FULL/cache "$LINEAGE" rank "$SMALL" >"$TMP/got" \
		2>"$TMP/err"
	check_eq "full disk: cache: exit 0" 0 "$?"
	check "full disk: cache: the answer" cmp "$TMP/want" "$TMP/got"
	check "full disk: cache: a warning with the file and reason" grep -q \
		"^lineage: warning: cannot write '$FULL/cache/.*': No space left on device" \
		"$TMP/err"
	check_eq "full disk: cache: no temp file" "" "$(ls -A "$FULL/cache")"
else
	echo "# no tmpfs (not root?): full-disk cases skipped"
fi

# -- signals ---------------------------------------------------------------
#
# SIGTERM or SIGINT while a file is written: the temporary is removed, the
# file it was to replace stays, and the process dies by that signal. The
# input is big enough (100 copies of a listing page) for the write to last.
BIG=$TMP/big.jsonl
"$PYTHON" - "$BIG" <<'EOF2'
import gzip, json, sys
d = json.load(gzip.open("fixtures/hub-listing-2024-07/"
                        "models_page1_07-11-2024.json.gz"))
with open(sys.argv[1], "w") as f:
    for k in range(100):
        for m in d:
            m = dict(m, id="c%d-%s" % (k, m["id"]))
            f.write(json.dumps(m) + "\n")
EOF2
# dfl CMD...: CMD with SIGINT at its default (a background job's is
# ignored); it execs, so only as a background job: dfl CMD &
dfl() {
	exec "$PYTHON" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
# interrupt NAME SIG PATTERN CMD...: sends SIG to CMD once a file matching
# PATTERN exists; CMD must then die by SIG leaving no such file
interrupt() {
	name=$1 sig=$2 pattern=$3; shift 3
	dfl "$@" >/dev/null 2>&1 &
	pid=$! i=0
	while ! ls $pattern >/dev/null 2>&1 && [ $i -lt 2000 ] &&
		kill -0 $pid 2>/dev/null; do
		sleep 0.01; i=$((i + 1))
	done
	kill -$sig $pid 2>/dev/null
	wait $pid
	code=$?
	num=15; [ "$sig" = INT ] && num=2
	check_eq "$name: dies by SIG$sig" $((128 + num)) "$code"
	check_eq "$name: no temp file" "" "$(ls $pattern 2>/dev/null)"
}
echo old >"$OUT/all.graphml"
interrupt "export" TERM "$OUT/.all.graphml.*" \
	"$LINEAGE" export --no-cache --quiet -o "$OUT/all.graphml" "$BIG"
interrupt "export" INT "$OUT/.all.graphml.*" \
	"$LINEAGE" export --no-cache --quiet -o "$OUT/all.graphml" "$BIG"
check_eq "export: the old file as it was" old "$(cat "$OUT/all.graphml")"
# the cache: an entry written for another input stays whole
export LINEAGE_CACHE_DIR="$TMP/sigcache"
"$LINEAGE" rank --quiet "$SMALL" >/dev/null
before=$(cd "$LINEAGE_CACHE_DIR" && ls -l && cat ./* | cksum)
interrupt "cache" TERM "$LINEAGE_CACHE_DIR/*.tmp.*" \
	"$LINEAGE" rank --quiet "$BIG"
check_eq "cache: the entries before as they were" "$before" \
	"$(cd "$LINEAGE_CACHE_DIR" && ls -l && cat ./* | cksum)"

finish
