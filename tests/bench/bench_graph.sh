#!/bin/bash
# Benchmark the graph commands (communities, export) and SPEC 6's end-to-end
# pipeline, side by side with the same pipeline in Python + NetworkX
# (tests/bench/networkx_peer.py).  Run by `make bench` after bench.sh, from the
# repo root with ./lineage built.
#
#   1. communities on a ~200k-model listing: Leiden and Louvain (time and
#      modularity) against NetworkX's Louvain on the same input
#   2. export in every format (graphml, gexf, dot, csv, json) of the 50 real
#      listing pages and of a 2.5M-model listing: time, output size, peak RSS
#   3. SPEC 6 end to end on the 2.5M listing: `lineage export --format graphml`
#      (ingest + audit + communities + GraphML) plus `lineage rank`, each and
#      summed, with peak memory; against the NetworkX peer on the 200k listing
#      (both tools), and on 2.5M when the peer fits the time and memory limits
#
# Env:
#   LINEAGE      binary (default ./lineage)
#   PYTHON       interpreter with NetworkX (default /usr/bin/python3)
#   BENCH_DIR    where generated listings are cached (default /tmp/lineage-bench)
#   SMALL_COPIES copies of the 50k real models for parts 1 and 3 (default 4 -> 200k)
#   BIG_COPIES   copies for parts 2 and 3 (default 50 -> 2.5M models)
#   RUNS         timed runs per lineage measurement (default 3)
#   BIG_RUNS     timed runs of each 2.5M export other than graphml (default 1:
#                each takes about as long as the end-to-end run; the graphml
#                export is part 3's measurement, RUNS times)
#   SKIP_PYTHON  set to 1 to time the C tool only
#   PY_BIG       run the NetworkX peer on the 2.5M listing: auto (default: only
#                when the 200k run projects it under PY_BIG_LIMIT seconds and
#                under the free memory), 1 (always), 0 (never)
#   PY_BIG_LIMIT seconds, for PY_BIG=auto (default 600)
#   LINEAGE_FLAGS extra flags for every lineage run (e.g. to bypass a cache)
#
# Timing is wall clock (date +%s%N) around each run; peak RSS comes from
# /usr/bin/time -f %M.  Medians of the runs (the lower middle for an even
# count); Python runs once.  Outputs go to a temporary directory and are
# deleted (the 2.5M-model exports are gigabytes).
set -eu
set -o pipefail

cd "$(dirname "$0")/../.."
LINEAGE=${LINEAGE:-./lineage}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench}
SMALL_COPIES=${SMALL_COPIES:-4}
BIG_COPIES=${BIG_COPIES:-50}
RUNS=${RUNS:-3}
BIG_RUNS=${BIG_RUNS:-1}
SKIP_PYTHON=${SKIP_PYTHON:-0}
PY_BIG=${PY_BIG:-auto}
PY_BIG_LIMIT=${PY_BIG_LIMIT:-600}
LINEAGE_FLAGS=${LINEAGE_FLAGS:-}
FIXTURES=fixtures/hub-listing-2024-07
GEN=tests/bench/gen_listing.py
PEER=tests/bench/networkx_peer.py
FORMATS="graphml gexf dot csv json"

die() { echo "bench_graph.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- preflight

[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time'); it measures peak memory"
[ -x "$LINEAGE" ] || die "$LINEAGE is not an executable: build it first (make), or set LINEAGE"
[ -d "$FIXTURES" ] || die "$FIXTURES not found"
if [ "$SKIP_PYTHON" != 1 ] && ! "$PYTHON" -c 'import networkx' 2>/dev/null; then
    die "$PYTHON cannot import networkx (Debian: python3-networkx); set SKIP_PYTHON=1 to time lineage only"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Probe every command line the benchmark runs on a small input, so a missing
# flag is reported by name instead of as a failed timing run.
probe() {
    # shellcheck disable=SC2086
    if ! "$LINEAGE" "$@" $LINEAGE_FLAGS fixtures/model-info >/dev/null 2>"$tmp/probe.err"; then
        echo "bench_graph.sh: '$LINEAGE $* $LINEAGE_FLAGS' fails; this benchmark needs it. Its stderr:" >&2
        head -n 5 "$tmp/probe.err" >&2
        exit 1
    fi
}
probe communities --quiet --format tsv --summary
probe communities --quiet --format tsv --summary --method louvain --seed 1
probe rank --quiet --format tsv --limit 0
for f in $FORMATS; do
    probe export --quiet --format "$f" -o "$tmp/probe.$f"
done
rm -rf "$tmp"/probe.*

# ---------------------------------------------------------------- inputs

# Cached like bench.sh's listings (same generator, same bytes), keyed by the
# generator's content and the copy count; only the gzip file is needed here.
mkdir -p "$BENCH_DIR"
listing() {
    local copies=$1 out="$BENCH_DIR/hub-x$1.jsonl.gz" stamp
    stamp="copies=$copies gen=$(sha1sum "$GEN" | cut -c1-40) src=$(cat "$FIXTURES"/*.json.gz | sha1sum | cut -c1-40)"
    if [ ! -f "$out" ] || [ "$(cat "$BENCH_DIR/hub-x$copies.gz-stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "bench_graph.sh: generating $copies copies of the listing into $BENCH_DIR ..." >&2
        rm -f "$BENCH_DIR/hub-x$copies.gz-stamp"
        "$PYTHON" "$GEN" "$copies" "$out"
        echo "$stamp" >"$BENCH_DIR/hub-x$copies.gz-stamp"
    fi
}
listing "$SMALL_COPIES"
listing "$BIG_COPIES"
small_in="$BENCH_DIR/hub-x$SMALL_COPIES.jsonl.gz"
big_in="$BENCH_DIR/hub-x$BIG_COPIES.jsonl.gz"

# Human-readable model counts: 200k, 2.5M.
count_label() {
    awk -v n="$(($1 * 50000))" 'BEGIN {
        if (n >= 1000000) { s = sprintf("%.1fM", n / 1e6); sub(/\.0M$/, "M", s); print s }
        else printf "%dk\n", n / 1000 }'
}
SMALL=$(count_label "$SMALL_COPIES")
BIG=$(count_label "$BIG_COPIES")
FIX="fixtures 50k"

# ---------------------------------------------------------------- measuring

declare -A MED MIN MAX RSS SIZE
# Timed runs leave the last run's stdout in $tmp/stdout and stderr in $tmp/err.

# measure KEY RUNS OUTPUT CMD...: time CMD RUNS times.  OUTPUT is a path CMD
# writes (removed before each run, its size in bytes recorded after the
# last), or - for none.
measure() {
    local key=$1 runs=$2 output=$3 i start end peak=0 rss
    shift 3
    : >"$tmp/times"
    printf 'bench_graph.sh: %-44s' "$key" >&2
    for ((i = 0; i < runs; i++)); do
        [ "$output" = - ] || rm -rf "$output"
        start=$(date +%s%N)
        if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/stdout" 2>"$tmp/err"; then
            echo >&2
            echo "bench_graph.sh: FAIL: $* exited non-zero; its stderr ends:" >&2
            tail -n 5 "$tmp/err" >&2
            tail -n 1 "$tmp/rss" >&2
            exit 1
        fi
        end=$(date +%s%N)
        echo "$(((end - start) / 1000000))" >>"$tmp/times" # milliseconds
        rss=$(tail -n 1 "$tmp/rss")
        [ "$rss" -gt "$peak" ] && peak=$rss
        printf '.' >&2
    done
    read -r MIN["$key"] MED["$key"] MAX["$key"] < <(
        sort -n "$tmp/times" | awk '{ t[NR] = $1 / 1000 }
            END { printf "%.2f %.2f %.2f\n", t[1], t[int((NR + 1) / 2)], t[NR] }')
    RSS["$key"]=$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')
    if [ "$output" != - ]; then
        SIZE["$key"]=$(du -sb "$output" | cut -f1)
        rm -rf "$output"
    fi
    printf ' %8ss %7s MB\n' "${MED[$key]}" "${RSS[$key]}" >&2
}

# The modularity column of a `communities --summary --format tsv` output.
modularity_of() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "modularity") c = i; next }
        NR == 2 && c { print $c; exit }' "$1"
}

# A value of the peer's `name<TAB>value` output.
peer_value() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1"; }

declare -A MOD NCOMM PEER_OUT SUM PEAK

# run_peer LABEL INPUT: the NetworkX pipeline, once.
run_peer() {
    measure "$1|networkx peer" 1 - "$PYTHON" "$PEER" "$2"
    cp "$tmp/stdout" "$tmp/peer-$1"
    PEER_OUT[$1]="$tmp/peer-$1"
}

# ---- 1. communities, 200k
for method in leiden louvain; do
    # shellcheck disable=SC2086
    measure "$SMALL|communities $method" "$RUNS" - "$LINEAGE" communities --summary --format tsv \
        --method "$method" --seed 1 --quiet $LINEAGE_FLAGS "$small_in"
    MOD["$SMALL|communities $method"]=$(modularity_of "$tmp/stdout")
    NCOMM["$SMALL|communities $method"]=$(($(wc -l <"$tmp/stdout") - 1))
done
[ "$SKIP_PYTHON" = 1 ] || run_peer "$SMALL" "$small_in"

# ---- 2. exports, 50k fixtures and 2.5M
# export INPUT_LABEL RUNS FORMAT INPUT
export_() {
    # shellcheck disable=SC2086
    measure "$1|export $3" "$2" "$tmp/out.$3" "$LINEAGE" export --format "$3" -o "$tmp/out.$3" \
        --quiet $LINEAGE_FLAGS "$4"
}
for f in $FORMATS; do
    export_ "$FIX" "$RUNS" "$f" "$FIXTURES"
done
for f in $FORMATS; do
    # graphml on 2.5M is part 3's end-to-end measurement, RUNS times.
    runs=$BIG_RUNS
    [ "$f" = graphml ] && runs=$RUNS
    export_ "$BIG" "$runs" "$f" "$big_in"
done

# ---- 3. end to end: export graphml (above) + rank; 200k for the NetworkX comparison
# shellcheck disable=SC2086
measure "$BIG|rank" "$RUNS" - "$LINEAGE" rank --format tsv --limit 0 --quiet $LINEAGE_FLAGS "$big_in"
export_ "$SMALL" "$RUNS" graphml "$small_in"
# shellcheck disable=SC2086
measure "$SMALL|rank" "$RUNS" - "$LINEAGE" rank --format tsv --limit 0 --quiet $LINEAGE_FLAGS "$small_in"

# The peer on 2.5M: projected from the 200k run as time x (n ratio)^1.2 and
# memory x (n ratio).  Calibration (NetworkX 2.8.8, this 2-core machine): 200k
# took 47 s and 0.97 GB, so 980 s and 12 GB projected; 2.5M measured 893 s
# (Louvain alone 612 s) and 11.3 GB.  Refused when either projection exceeds
# PY_BIG_LIMIT or MemAvailable.
PY_BIG_NOTE=
if [ "$SKIP_PYTHON" != 1 ]; then
    ratio_n=$(awk -v b="$BIG_COPIES" -v s="$SMALL_COPIES" 'BEGIN { print b / s }')
    proj_t=$(awk -v t="${MED["$SMALL|networkx peer"]}" -v r="$ratio_n" 'BEGIN { printf "%.0f", t * r ^ 1.2 }')
    proj_mb=$(awk -v m="${RSS["$SMALL|networkx peer"]}" -v r="$ratio_n" 'BEGIN { printf "%.0f", m * r }')
    avail_mb=$(awk '/^MemAvailable:/ { printf "%.0f", $2 / 1024 }' /proc/meminfo)
    run_big=$PY_BIG
    if [ "$PY_BIG" = auto ]; then
        if [ "$proj_t" -gt "$PY_BIG_LIMIT" ]; then
            run_big=0
            PY_BIG_NOTE="NetworkX peer on $BIG skipped: projected ${proj_t} s > PY_BIG_LIMIT=${PY_BIG_LIMIT} s (PY_BIG=1 forces it)"
        elif [ "$proj_mb" -gt "$avail_mb" ]; then
            run_big=0
            PY_BIG_NOTE="NetworkX peer on $BIG skipped: projected ${proj_mb} MB > ${avail_mb} MB available (PY_BIG=1 forces it)"
        else
            run_big=1
        fi
    fi
    if [ "$run_big" = 1 ]; then
        run_peer "$BIG" "$big_in"
        PY_BIG_NOTE="NetworkX peer on $BIG: projected from $SMALL ${proj_t} s, ${proj_mb} MB; measured ${MED["$BIG|networkx peer"]} s, ${RSS["$BIG|networkx peer"]} MB"
    elif [ -z "$PY_BIG_NOTE" ]; then
        PY_BIG_NOTE="NetworkX peer on $BIG not run (PY_BIG=0); projected ${proj_t} s, ${proj_mb} MB"
    fi
fi

# ---------------------------------------------------------------- report

hsize() {
    awk -v b="${1:-}" 'BEGIN {
        if (b == "") print "-"
        else if (b >= 1e9) printf "%.2f GB\n", b / 1e9
        else if (b >= 1e6) printf "%.1f MB\n", b / 1e6
        else printf "%.0f kB\n", b / 1e3 }'
}
row() { printf '%-16s %-26s %9s %9s %9s %9s %10s %10s\n' "$@"; }
rule() { row ---------------- -------------------------- --------- --------- --------- --------- ---------- ----------; }
# row_of KEY [EXTRA]: one measurement.
row_of() {
    local key=$1
    row "${key%%|*}" "${key#*|}" "${MED[$key]:--}" "${MIN[$key]:--}" "${MAX[$key]:--}" "${RSS[$key]:--}" "${2:-}" "${3:-}"
}
# ratio A B: A/B, or n/a.
ratio() {
    awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.1fx\n", a / b; else print "n/a" }'
}

echo
echo "lineage graph benchmark: $(nproc) cores, $RUNS runs ($BIG_RUNS for the $BIG exports other than graphml; 1 for Python), wall-clock seconds, peak RSS in MB"

echo
echo "1. communities on $SMALL models (--summary --seed 1)"
echo
row input tool median min max "peak MB" modularity communities
rule
for m in leiden louvain; do
    row_of "$SMALL|communities $m" "${MOD["$SMALL|communities $m"]:-?}" "${NCOMM["$SMALL|communities $m"]:-?}"
done
if [ -n "${PEER_OUT[$SMALL]:-}" ]; then
    p=${PEER_OUT[$SMALL]}
    row "$SMALL" "networkx louvain" "$(printf '%.2f' "$(peer_value "$p" louvain_s)")" - - "${RSS["$SMALL|networkx peer"]}" \
        "$(peer_value "$p" modularity)" "$(peer_value "$p" communities)"
    echo "(networkx: louvain_communities() alone, one run, after loading; modularity() took a further" \
        "$(peer_value "$p" modularity_s) s; peak MB is the whole peer's.  lineage's time is the whole command," \
        "ingest and summary included; communities of 2 or more models)"
    echo "lineage leiden / louvain vs networkx louvain:" \
        "$(ratio "$(peer_value "$p" louvain_s)" "${MED["$SMALL|communities leiden"]}") /" \
        "$(ratio "$(peer_value "$p" louvain_s)" "${MED["$SMALL|communities louvain"]}") faster"
fi

echo
echo "2. export, every format"
echo
row input format median min max "peak MB" size ""
rule
for input in "$FIX" "$BIG"; do
    for f in $FORMATS; do
        key="$input|export $f"
        row "$input" "$f" "${MED[$key]}" "${MIN[$key]}" "${MAX[$key]}" "${RSS[$key]}" "$(hsize "${SIZE[$key]:-}")" ""
    done
done
echo "(csv: nodes.csv + edges.csv together)"

echo
echo "3. SPEC 6 end to end: export --format graphml (ingest + audit + communities + GraphML) + rank"
echo
row input step median min max "peak MB" "" ""
rule
for input in "$BIG" "$SMALL"; do
    row_of "$input|export graphml"
    row_of "$input|rank"
    sum=$(awk -v a="${MED["$input|export graphml"]}" -v b="${MED["$input|rank"]}" 'BEGIN { printf "%.2f", a + b }')
    peak=${RSS["$input|export graphml"]}
    [ "${RSS["$input|rank"]}" -gt "$peak" ] && peak=${RSS["$input|rank"]}
    row "$input" "lineage total" "$sum" - - "$peak" "" ""
    SUM[$input]=$sum
    PEAK[$input]=$peak
    if [ -n "${PEER_OUT[$input]:-}" ]; then
        p=${PEER_OUT[$input]}
        row_of "$input|networkx peer"
        for phase in load descendants louvain modularity graphml; do
            row "" "  $phase" "$(peer_value "$p" "${phase}_s")" "" "" "" "" ""
        done
    fi
done

echo
echo "SPEC 6 checks"
awk -v t="${SUM[$BIG]}" -v m="${PEAK[$BIG]}" -v n="$BIG" 'BEGIN {
    printf "  %s end to end: %.1f s (SPEC: < 60 s: %s), peak %d MB (SPEC: < 4096 MB: %s)\n",
        n, t, t < 60 ? "ok" : "MISSED", m, m < 4096 ? "ok" : "MISSED" }'
for input in "$SMALL" "$BIG"; do
    [ -n "${PEER_OUT[$input]:-}" ] || continue
    r=$(ratio "${MED["$input|networkx peer"]}" "${SUM[$input]}")
    awk -v r="${r%x}" -v s="$r" -v n="$input" 'BEGIN {
        printf "  lineage vs NetworkX on %s: %s faster end to end (SPEC: >= 30x: %s)\n", n, s, (r + 0 >= 30) ? "ok" : "MISSED" }'
done
[ -z "$PY_BIG_NOTE" ] || echo "  $PY_BIG_NOTE"
