#!/bin/bash
# tests/bench/bench.sh - `make bench`: lineage on Hub-shaped listings
# (tests/bench/gen_hub.py), one table. Never a timed test: it measures and
# prints, and fails only when a command does.
#
#   1. rank, audit --summary, communities --summary and export --format
#      graphml, one after another from an empty cache ("cold": the first
#      builds the cache) and again ("cached"), on 200,000 and 2,500,000
#      models: wall time and peak memory of each, and the four together
#   2. the same job in Python + NetworkX on the 200,000-model file, in the
#      same run (tests/bench/networkx_peer.py: load, descendant counts,
#      licence comparison per edge, Louvain, GraphML), and the ratios: to
#      the four steps, and to lineage doing that one job in one command
#      (export --format graphml from an empty cache)
#   3. modularity: lineage's Leiden and Louvain against NetworkX's Louvain
#   4. ingest: parsing throughput on two threads and one against Jansson
#      alone on one (build/jansson_baseline), gzip against plain
#   5. a 1,000,000-model chain and star: rank, audit, show, export --root
#   6. the cache entry's size per million models
#
# Env: LINEAGE (./lineage), PYTHON (/usr/bin/python3), BENCH_DIR
# (/tmp/lineage-bench: generated inputs, kept between runs and keyed by the
# generator's content), SMALL (200000), BIG (2500000), RUNS (3: medians of
# the cold and cached sequences on SMALL; BIG runs once), SKIP_PYTHON=1,
# SKIP_BIG=1.
set -eu
set -o pipefail

cd "$(dirname "$0")/../.."
LINEAGE=${LINEAGE:-./lineage}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench}
SMALL=${SMALL:-200000}
BIG=${BIG:-2500000}
RUNS=${RUNS:-3}
SKIP_PYTHON=${SKIP_PYTHON:-0}
SKIP_BIG=${SKIP_BIG:-0}
GEN=tests/bench/gen_hub.py
PEER=tests/bench/networkx_peer.py
JANSSON=build/jansson_baseline

die() { echo "bench.sh: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time')"
[ -x "$LINEAGE" ] || die "$LINEAGE is not built (make)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$BENCH_DIR"

# ---------------------------------------------------------------- inputs

# input NAME ARGS...: $BENCH_DIR/NAME from the generator, remade when the
# generator or its arguments change.
input() {
	local name=$1 stamp
	shift
	stamp="$(sha1sum "$GEN" | cut -c1-40) $*"
	if [ ! -f "$BENCH_DIR/$name" ] ||
	   [ "$(cat "$BENCH_DIR/$name.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "bench.sh: generating $name ..." >&2
		"$PYTHON" "$GEN" "$@" "$BENCH_DIR/$name" >&2
		echo "$stamp" >"$BENCH_DIR/$name.stamp"
	fi
}
label() { awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }'; }
input "hub-$SMALL.jsonl.gz" "$SMALL"
[ "$SKIP_BIG" = 1 ] || input "hub-$BIG.jsonl.gz" "$BIG"
[ "$SKIP_BIG" = 1 ] || input "hub-$BIG.jsonl" --plain "$BIG"
input chain-1000000.jsonl.gz --shape chain 1000000
input star-1000000.jsonl.gz --shape star 1000000

# ---------------------------------------------------------------- measuring

# timed KEY CMD...: wall seconds into T[KEY], peak MB into M[KEY].
declare -A T M
timed() {
	local key=$1 start end
	shift
	start=$(date +%s%N)
	if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"; then
		echo "bench.sh: FAIL: $*" >&2
		tail -n 5 "$tmp/err" >&2
		exit 1
	fi
	end=$(date +%s%N)
	T[$key]=$(awk -v d=$((end - start)) 'BEGIN { printf "%.2f", d / 1e9 }')
	M[$key]=$(awk -v k="$(tail -n 1 "$tmp/rss")" 'BEGIN { printf "%.0f", k / 1024 }')
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

STEPS="rank|audit --summary|communities --summary|export --format graphml"
# sequence SIZE INPUT RUN: the four steps from an empty cache, then again.
sequence() {
	local size=$1 in=$2 run=$3 pass step i
	export LINEAGE_CACHE_DIR="$tmp/cache-$size"
	rm -rf "$LINEAGE_CACHE_DIR"
	for pass in cold cached; do
		i=0
		while IFS= read -r step; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			timed "$size|$pass|$i|$run" "$LINEAGE" $step -o "$tmp/step.out" --quiet "$in"
		done <<<"${STEPS//|/$'\n'}"
	done
	[ -f "$LINEAGE_CACHE_DIR"/graph-*.lgc ] &&
		CACHE_BYTES[$size]=$(cat "$LINEAGE_CACHE_DIR"/graph-*.lgc | wc -c)
	rm -rf "$LINEAGE_CACHE_DIR"
	unset LINEAGE_CACHE_DIR
}

# pipeline INPUT RUN: the NetworkX peer's whole job as lineage does it in
# one command - load, descendant counts, licence verdict per edge,
# communities, GraphML - from an empty cache, as a first run is.
pipeline() {
	export LINEAGE_CACHE_DIR="$tmp/cache-pipeline"
	rm -rf "$LINEAGE_CACHE_DIR"
	timed "pipeline|$2" "$LINEAGE" export --format graphml -o "$tmp/step.out" --quiet "$1"
	rm -rf "$LINEAGE_CACHE_DIR"
	unset LINEAGE_CACHE_DIR
}

declare -A CACHE_BYTES SEQ_RUNS
SIZES=$SMALL
[ "$SKIP_BIG" = 1 ] || SIZES="$SMALL $BIG"
for size in $SIZES; do
	runs=$RUNS
	[ "$size" = "$BIG" ] && runs=1
	SEQ_RUNS[$size]=$runs
	for ((r = 0; r < runs; r++)); do
		echo "bench.sh: $(label "$size") models, run $((r + 1)) of $runs ..." >&2
		sequence "$size" "$BENCH_DIR/hub-$size.jsonl.gz" "$r"
		if [ "$size" = "$SMALL" ]; then pipeline "$BENCH_DIR/hub-$size.jsonl.gz" "$r"; fi
	done
done
pipeline_time() { for ((r = 0; r < SEQ_RUNS[$SMALL]; r++)); do echo "${T[pipeline|$r]}"; done | median; }
pipeline_peak() { for ((r = 0; r < SEQ_RUNS[$SMALL]; r++)); do echo "${M[pipeline|$r]}"; done | sort -n | tail -n 1; }

# cell SIZE PASS STEP: the median time; peak SIZE PASS STEP: the most memory
cell() {
	for ((r = 0; r < SEQ_RUNS[$1]; r++)); do echo "${T[$1|$2|$3|$r]}"; done | median
}
peak() {
	for ((r = 0; r < SEQ_RUNS[$1]; r++)); do echo "${M[$1|$2|$3|$r]}"; done | sort -n | tail -n 1
}
total() {
	local s=0 i
	for i in 1 2 3 4; do s=$(awk -v a="$s" -v b="$(cell "$1" "$2" $i)" 'BEGIN { print a + b }'); done
	printf '%.2f' "$s"
}

# ---- the NetworkX peer, and modularity
declare -A PEER
if [ "$SKIP_PYTHON" != 1 ]; then
	echo "bench.sh: the Python + NetworkX peer on $(label "$SMALL") models ..." >&2
	timed peer "$PYTHON" "$PEER" "$BENCH_DIR/hub-$SMALL.jsonl.gz"
	while IFS=$'\t' read -r k v; do PEER[$k]=$v; done <"$tmp/out"
	PEER[wall]=${T[peer]}
	PEER[mb]=${M[peer]}
fi
declare -A Q
for method in leiden louvain; do
	"$LINEAGE" communities --summary --format tsv --no-cache --quiet \
		--method "$method" "$BENCH_DIR/hub-$SMALL.jsonl.gz" >"$tmp/q"
	Q[$method]=$(awk -F'\t' 'NR == 2 { print $6 }' "$tmp/q")
done

# ---- ingest against Jansson, gzip against plain (on the big file)
declare -A ING
ingest_time() { # the "ingest" phase of one uncached rank
	LINEAGE_TIMING=1 "$LINEAGE" rank --no-cache --quiet "$@" 2>&1 >/dev/null |
		awk '$3 == "ingest" { print $4 }'
}
if [ "$SKIP_BIG" != 1 ]; then
	echo "bench.sh: ingest throughput ..." >&2
	[ -x "$JANSSON" ] || make --no-print-directory "$JANSSON" >&2
	ING[jansson]=$("$JANSSON" "$BENCH_DIR/hub-$BIG.jsonl" | awk '{ print $(NF - 3) }')
	ING[t2]=$(ingest_time --threads 2 "$BENCH_DIR/hub-$BIG.jsonl")
	ING[t1]=$(ingest_time --threads 1 "$BENCH_DIR/hub-$BIG.jsonl")
	ING[gz]=$(ingest_time --threads 2 "$BENCH_DIR/hub-$BIG.jsonl.gz")
fi

# ---- chain and star
declare -A SHAPE
for shape in chain star; do
	in="$BENCH_DIR/$shape-1000000.jsonl.gz"
	echo "bench.sh: a 1,000,000-model $shape ..." >&2
	timed "$shape|rank" "$LINEAGE" rank --no-cache --quiet "$in"
	timed "$shape|audit" "$LINEAGE" audit --summary --no-cache --quiet "$in"
	root=$(set +o pipefail; zcat "$in" | head -n 1 | sed 's/.*"id": *"\([^"]*\)".*/\1/')
	timed "$shape|show" "$LINEAGE" show --no-cache --quiet --depth 3 "$root" "$in"
	timed "$shape|export" "$LINEAGE" export --no-cache --quiet --root "$root" \
		--format csv -o "$tmp/$shape-csv" "$in"
	rm -rf "$tmp/$shape-csv"
done

# ---------------------------------------------------------------- the table

big_cols=$([ "$SKIP_BIG" = 1 ] && echo 0 || echo 1)
S=$(label "$SMALL")
B=$(label "$BIG")
echo
echo "lineage benchmark: $(nproc) cores, $(date -u +%Y-%m-%d), Hub-shaped listings from gen_hub.py;"
echo "wall seconds (medians of $RUNS runs on $S, one on $B), peak memory in MB"
echo
fmt='%-34s %10s %10s %10s %10s %10s\n'
printf "$fmt" "step" "$S cold" "$S cached" "$B cold" "$B cached" "peak MB"
printf "$fmt" "----" "-------" "---------" "-------" "---------" "-------"
i=0
while IFS= read -r step; do
	i=$((i + 1))
	if [ "$big_cols" = 1 ]; then
		printf "$fmt" "$step" "$(cell "$SMALL" cold $i)" "$(cell "$SMALL" cached $i)" \
			"$(cell "$BIG" cold $i)" "$(cell "$BIG" cached $i)" "$(peak "$BIG" cold $i)"
	else
		printf "$fmt" "$step" "$(cell "$SMALL" cold $i)" "$(cell "$SMALL" cached $i)" - - "$(peak "$SMALL" cold $i)"
	fi
done <<<"${STEPS//|/$'\n'}"
if [ "$big_cols" = 1 ]; then
	printf "$fmt" "all four" "$(total "$SMALL" cold)" "$(total "$SMALL" cached)" \
		"$(total "$BIG" cold)" "$(total "$BIG" cached)" ""
else
	printf "$fmt" "all four" "$(total "$SMALL" cold)" "$(total "$SMALL" cached)" - - ""
fi
printf "$fmt" "the same job in one: export graphml" "$(pipeline_time)" "" "" "" "$(pipeline_peak)"
if [ "$SKIP_PYTHON" != 1 ]; then
	printf "$fmt" "Python + NetworkX, same job" "${PEER[wall]}" "" "" "" "${PEER[mb]}"
	for phase in load descendants licenses louvain modularity graphml; do
		printf "$fmt" "  $phase" "${PEER[${phase}_s]}" "" "" "" ""
	done
fi
echo
if [ "$SKIP_PYTHON" != 1 ]; then
	awk -v p="${PEER[wall]}" -v l="$(total "$SMALL" cold)" -v c="$(total "$SMALL" cached)" -v n="$S" 'BEGIN {
		printf "lineage vs Python + NetworkX on %s, all four: %.1fx cold, %.1fx cached (SPEC 6: >= 30x)\n", n, p / l, p / c }'
	awk -v p="${PEER[wall]}" -v e="$(pipeline_time)" -v n="$S" 'BEGIN {
		printf "lineage vs Python + NetworkX on %s, the same job (one export, cold): %.1fx\n", n, p / e }'
	echo "modularity on $S: lineage Leiden ${Q[leiden]}, lineage Louvain ${Q[louvain]}, NetworkX Louvain ${PEER[modularity]}"
else
	echo "modularity on $S: lineage Leiden ${Q[leiden]}, lineage Louvain ${Q[louvain]}"
fi
if [ "$big_cols" = 1 ]; then
	awk -v t="$(total "$BIG" cold)" -v m="$(for i in 1 2 3 4; do peak "$BIG" cold $i; done | sort -n | tail -n 1)" -v n="$B" 'BEGIN {
		printf "%s all four cold: %.1f s (SPEC 6: < 60 s), peak %d MB (< 4096 MB)\n", n, t, m }'
	awk -v r="$(cell "$BIG" cached 1)" -v a="$(cell "$BIG" cached 2)" -v n="$B" 'BEGIN {
		printf "%s from the cache: rank %.2f s, audit %.2f s (SPEC 6: < 2 s)\n", n, r, a }'
	awk -v j="${ING[jansson]}" -v t2="${ING[t2]}" -v t1="${ING[t1]}" -v gz="${ING[gz]}" -v n="$B" 'BEGIN {
		printf "ingest of %s: Jansson alone %.2f s on 1 thread; lineage %.2f s on 2 threads (%.2fx, SPEC 6: >= 1.7x), %.2f s on 1; gzip %.2f s (%.2fx plain, SPEC 6: <= 1.35x)\n",
			n, j, t2, j / t2, t1, gz, gz / t2 }'
	awk -v b="${CACHE_BYTES[$BIG]:-0}" -v n="$BIG" 'BEGIN {
		printf "cache entry: %.0f MB for %s models, %.0f MB per million\n", b / 1e6, n, b / 1e6 / (n / 1e6) }'
fi
for shape in chain star; do
	echo "1,000,000-model $shape (no cache): rank ${T[$shape|rank]} s, audit --summary ${T[$shape|audit]} s," \
		"show ${T[$shape|show]} s, export --root ${T[$shape|export]} s"
done
