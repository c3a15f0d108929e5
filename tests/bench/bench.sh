#!/bin/bash
# Benchmark `lineage rank` (1 and 2 threads) against the Python reference, on
# the 50 real listing pages and on an 800k-model listing (gzip and plain).
# Run by `make bench` from the repo root with ./lineage built.
#
# Env:
#   LINEAGE      binary (default ./lineage)
#   PYTHON       interpreter for the reference (default /usr/bin/python3)
#   BENCH_DIR    where generated listings are cached (default /tmp/lineage-bench)
#   COPIES       copies of the 50k real models (default 16 -> 800k models)
#   RUNS         timed runs per measurement (default 5); PY_RUNS for Python
#   SKIP_PYTHON  set to 1 to time the C tool only
#   LINEAGE_FLAGS extra flags for every lineage run (e.g. to bypass a cache)
#
# Timing is wall clock (date +%s%N) around each run; peak RSS comes from
# /usr/bin/time -f %M.  Medians, not means: one slow run (page cache, a busy
# neighbour) should not move the result.
set -eu
set -o pipefail

cd "$(dirname "$0")/../.."
LINEAGE=${LINEAGE:-./lineage}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH_DIR=${BENCH_DIR:-/tmp/lineage-bench}
COPIES=${COPIES:-16}
RUNS=${RUNS:-5}
PY_RUNS=${PY_RUNS:-$RUNS}
SKIP_PYTHON=${SKIP_PYTHON:-0}
LINEAGE_FLAGS=${LINEAGE_FLAGS:-}
FIXTURES=fixtures/hub-listing-2024-07
REF=tests/reference/lineage_ref.py
GEN=tests/bench/gen_listing.py

die() { echo "bench.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- preflight

[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time'); it measures peak memory"
[ -x "$LINEAGE" ] || die "$LINEAGE is not an executable: build it first (make), or set LINEAGE"
[ -d "$FIXTURES" ] || die "$FIXTURES not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Probe each flag the benchmark needs on a small input, so a missing one is
# reported by name instead of as a failed timing run.
probe() {
    # shellcheck disable=SC2086
    if ! "$LINEAGE" rank "$@" $LINEAGE_FLAGS fixtures/model-info >/dev/null 2>"$tmp/probe.err"; then
        echo "bench.sh: '$LINEAGE rank $* $LINEAGE_FLAGS' fails; this benchmark needs it. Its stderr:" >&2
        head -n 5 "$tmp/probe.err" >&2
        exit 1
    fi
}
probe --format tsv
probe --format tsv --limit 0
probe --format tsv --limit 0 --threads 1
probe --format tsv --limit 0 --threads 2

# ---------------------------------------------------------------- inputs

# The cache is keyed by the generator's content and the copy count, so an
# edited generator never benchmarks stale data.
mkdir -p "$BENCH_DIR"
stamp="copies=$COPIES gen=$(sha1sum "$GEN" | cut -c1-40) src=$(cat "$FIXTURES"/*.json.gz | sha1sum | cut -c1-40)"
big_gz="$BENCH_DIR/hub-x$COPIES.jsonl.gz"
big_plain="$BENCH_DIR/hub-x$COPIES.jsonl"
if [ ! -f "$big_gz" ] || [ ! -f "$big_plain" ] || [ "$(cat "$BENCH_DIR/hub-x$COPIES.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "bench.sh: generating $COPIES copies of the listing into $BENCH_DIR ..." >&2
    rm -f "$BENCH_DIR/hub-x$COPIES.stamp"
    "$PYTHON" "$GEN" "$COPIES" "$big_gz"
    # Decompress rather than regenerate: plain and gz must hold the same bytes.
    gzip -dc "$big_gz" >"$big_plain.tmp" && mv "$big_plain.tmp" "$big_plain"
    echo "$stamp" >"$BENCH_DIR/hub-x$COPIES.stamp"
fi
models=$((COPIES * 50))k

# ---------------------------------------------------------------- measuring

declare -A MED MIN MAX RSS
ROWS=()

# measure INPUT_LABEL TOOL_LABEL RUNS CMD...
measure() {
    local input=$1 tool=$2 runs=$3 i start end peak=0 rss
    shift 3
    : >"$tmp/times"
    printf 'bench.sh: %-22s %-22s' "$input" "$tool" >&2
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        if ! /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err"; then
            echo >&2
            echo "bench.sh: FAIL: $* exited non-zero; its stderr ends:" >&2
            tail -n 5 "$tmp/err" >&2
            exit 1
        fi
        end=$(date +%s%N)
        echo "$(((end - start) / 1000000))" >>"$tmp/times"  # milliseconds
        rss=$(tail -n 1 "$tmp/rss")
        [ "$rss" -gt "$peak" ] && peak=$rss
        printf '.' >&2
    done
    echo >&2
    # Medians of an even count take the lower middle: still a real run's time.
    read -r MIN["$input|$tool"] MED["$input|$tool"] MAX["$input|$tool"] < <(
        sort -n "$tmp/times" | awk '{ t[NR] = $1 / 1000 }
            END { printf "%.3f %.3f %.3f\n", t[1], t[int((NR + 1) / 2)], t[NR] }')
    RSS["$input|$tool"]=$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')
    ROWS+=("$input|$tool")
}

run_all() {
    local label=$1 input=$2
    # shellcheck disable=SC2086
    measure "$label" "lineage --threads 1" "$RUNS" "$LINEAGE" rank --limit 0 --format tsv --threads 1 $LINEAGE_FLAGS "$input"
    # shellcheck disable=SC2086
    measure "$label" "lineage --threads 2" "$RUNS" "$LINEAGE" rank --limit 0 --format tsv --threads 2 $LINEAGE_FLAGS "$input"
    if [ "$SKIP_PYTHON" != 1 ]; then
        measure "$label" "python reference" "$PY_RUNS" "$PYTHON" "$REF" "$input"
    fi
}

FIX="fixtures (50k)"
GZ="$models .jsonl.gz"
PLAIN="$models .jsonl"
run_all "$FIX" "$FIXTURES"
run_all "$GZ" "$big_gz"
run_all "$PLAIN" "$big_plain"

# SPEC 6's yardstick: Jansson alone, one thread, parse time only (the file
# is read into memory first, untimed, by build/jansson_baseline).
JANSSON_BASELINE=${JANSSON_BASELINE:-build/jansson_baseline}
if [ -x "$JANSSON_BASELINE" ]; then
    printf 'bench.sh: %-22s %-22s' "$PLAIN" "jansson parse only" >&2
    for ((i = 0; i < RUNS; i++)); do
        "$JANSSON_BASELINE" "$big_plain" | awk '{ print $(NF - 3) }'
        printf '.' >&2
    done >"$tmp/jansson"
    echo >&2
    read -r MIN["$PLAIN|jansson parse only"] MED["$PLAIN|jansson parse only"] MAX["$PLAIN|jansson parse only"] < <(
        sort -n "$tmp/jansson" | awk '{ t[NR] = $1 }
            END { printf "%.3f %.3f %.3f\n", t[1], t[int((NR + 1) / 2)], t[NR] }')
    RSS["$PLAIN|jansson parse only"]=-
    ROWS+=("$PLAIN|jansson parse only")
fi

# ---------------------------------------------------------------- report

echo
echo "lineage rank benchmark: $(nproc) cores, $RUNS runs ($PY_RUNS for Python), wall-clock seconds"
echo
printf '%-16s %-20s %9s %9s %9s %9s\n' input tool median min max "peak MB"
printf '%-16s %-20s %9s %9s %9s %9s\n' ---------------- -------------------- --------- --------- --------- ---------
for key in "${ROWS[@]}"; do
    printf '%-16s %-20s %9s %9s %9s %9s\n' "${key%%|*}" "${key#*|}" \
        "${MED[$key]}" "${MIN[$key]}" "${MAX[$key]}" "${RSS[$key]}"
done

# ratio A B: A/B of the medians, or "n/a" if either is missing or zero.
ratio() {
    local a=${MED[$1]:-} b=${MED[$2]:-}
    if [ -z "$a" ] || [ -z "$b" ]; then echo n/a; return; fi
    awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'
}

echo
echo "speedups (ratio of medians)"
for input in "$FIX" "$GZ" "$PLAIN"; do
    printf '  %-16s 2 threads vs 1: %-8s' "$input" "$(ratio "$input|lineage --threads 1" "$input|lineage --threads 2")"
    if [ "$SKIP_PYTHON" != 1 ]; then
        printf '  C vs Python: %s (1 thread), %s (2 threads)' \
            "$(ratio "$input|python reference" "$input|lineage --threads 1")" \
            "$(ratio "$input|python reference" "$input|lineage --threads 2")"
    fi
    echo
done
echo "  gz vs plain (time of .jsonl.gz / time of .jsonl; SPEC 6 wants <= 1.35x for lineage):"
for tool in "lineage --threads 1" "lineage --threads 2" "python reference"; do
    [ -n "${MED["$GZ|$tool"]:-}" ] || continue
    printf '    %-20s %s\n' "$tool" "$(ratio "$GZ|$tool" "$PLAIN|$tool")"
done
if [ -n "${MED["$PLAIN|jansson parse only"]:-}" ]; then
    echo "  lineage rank (whole run, 2 threads) vs Jansson parse alone, 1 thread," \
        "on $PLAIN: $(ratio "$PLAIN|jansson parse only" "$PLAIN|lineage --threads 2") (SPEC 6 wants >= 1.7x)"
fi
