#!/bin/bash
# Compare `lineage rank` with the independent Python oracle
# (tests/reference/lineage_ref.py) on the real fixtures, row for row.
#
# Only the oracle's columns are compared, picked from the C output by header
# name: the C tool may add columns (`license`) or reorder them.
#
# Env: LINEAGE (default ./lineage), PYTHON (default /usr/bin/python3).
# Exit: 0 when every row agrees, 1 otherwise.
set -eu
set -o pipefail

cd "$(dirname "$0")/../.."
LINEAGE=${LINEAGE:-./lineage}
PYTHON=${PYTHON:-/usr/bin/python3}
COLUMNS="model children descendants finetunes adapters quantized merges downloads descendant_downloads"
INPUTS="fixtures/hub-listing-2024-07 fixtures/model-info"

if [ ! -x "$LINEAGE" ]; then
    echo "reference.sh: $LINEAGE is not an executable (build it first, or set LINEAGE)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Print the named columns of a TSV file, in the order given; fail if one is missing.
select_columns() {
    awk -F '\t' -v OFS='\t' -v want="$COLUMNS" '
        NR == 1 {
            n = split(want, names, " ")
            for (i = 1; i <= NF; i++) pos[$i] = i
            for (j = 1; j <= n; j++)
                if (!(names[j] in pos)) {
                    print "reference.sh: column " names[j] " missing from lineage output" > "/dev/stderr"
                    exit 3
                }
        }
        {
            line = $(pos[names[1]])
            for (j = 2; j <= n; j++) line = line OFS $(pos[names[j]])
            print line
        }' "$1"
}

total=0
summary=""
for input in $INPUTS; do
    name=$(basename "$input")
    if ! "$LINEAGE" rank --format tsv --limit 0 "$input" >"$tmp/$name.c.raw" 2>"$tmp/$name.c.err"; then
        echo "reference.sh: FAIL: $LINEAGE rank exited non-zero on $input; its stderr ends:" >&2
        tail -n 20 "$tmp/$name.c.err" >&2
        exit 1
    fi
    if ! "$PYTHON" tests/reference/lineage_ref.py --format tsv "$input" >"$tmp/$name.ref" 2>"$tmp/$name.ref.err"; then
        echo "reference.sh: FAIL: lineage_ref.py failed on $input:" >&2
        tail -n 20 "$tmp/$name.ref.err" >&2
        exit 1
    fi
    if ! select_columns "$tmp/$name.c.raw" >"$tmp/$name.c"; then
        exit 1
    fi
    if ! cmp -s "$tmp/$name.ref" "$tmp/$name.c"; then
        echo "reference.sh: FAIL: lineage rank disagrees with the reference on $input" >&2
        echo "($(wc -l <"$tmp/$name.ref") reference lines, $(wc -l <"$tmp/$name.c") lineage lines; first differences:)" >&2
        diff -u --label reference --label lineage "$tmp/$name.ref" "$tmp/$name.c" | head -n 40 >&2 || true
        exit 1
    fi
    rows=$(($(wc -l <"$tmp/$name.ref") - 1))
    total=$((total + rows))
    summary="$summary${summary:+, }$name $rows"
done

echo "reference.sh: ok: lineage rank agrees with the reference on $total rows ($summary)"
