#!/bin/sh
# tests/cli/diff.sh - `lineage diff OLD NEW`: every change between two real
# snapshots against an independent computation (tests/diff/check_diff.py),
# then the command's behaviour as a Unix tool: usage and input errors, -o,
# --table, --limit, every format, the CI gate's exit status.
. tests/lib.sh

"$PYTHON" tests/diff/check_diff.py "$LINEAGE" || failures=$((failures + 1))

# A small pair from one real page: NEW drops three models, relicenses one
# and adds a child of a base in OLD that declares a non-commercial licence
# under a permissive one (a new conflict).
page=fixtures/hub-listing-2024-07/models_page10_07-11-2024.json.gz
"$PYTHON" - "$page" "$TMP/old.jsonl" "$TMP/new.jsonl" <<'EOF'
import gzip, json, sys
recs = json.load(gzip.open(sys.argv[1]))[:300]
with open(sys.argv[2], "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in recs)
new = recs[3:]
new[0]["tags"] = [t for t in new[0]["tags"] if not t.startswith("license:")]
new[0]["tags"].append("license:cc-by-nc-4.0")
new.append({"id": "diff-test/child", "tags": ["base_model:" + new[0]["id"],
                                              "license:mit"]})
with open(sys.argv[3], "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in new)
EOF
old=$TMP/old.jsonl new=$TMP/new.jsonl
diff_q() { "$LINEAGE" diff --quiet --no-cache "$@"; }

# usage errors: exit 2, nothing on stdout, a message naming the problem
usage_error() {
	name=$1 want=$2; shift 2
	diff_q "$@" >"$TMP/u.out" 2>"$TMP/u.err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ ! -s "$TMP/u.out" ] &&
	   grep -q -- "$want" "$TMP/u.err"; then ok "usage: $name"
	else fail "usage: $name" "exit $rc, out $(wc -c <"$TMP/u.out") bytes, $(cat "$TMP/u.err")"; fi
}
usage_error "one input" "two inputs, OLD and NEW; 1 given" "$old"
usage_error "three inputs" "3 given" "$old" "$new" "$new"
usage_error "--table bogus" "not 'bogus'" --table bogus "$old" "$new"
usage_error "--fail-on bogus" "wants new-conflict" --fail-on bogus "$old" "$new"
usage_error "--limit -1" "wants a number" --limit -1 "$old" "$new"

# an input that cannot be read: exit 1, the error even under --quiet, no
# output file
diff_q -o "$TMP/d.tsv" "$old" "$TMP/nope" >"$TMP/e.out" 2>"$TMP/e.err"
rc=$?
check_eq "unreadable NEW exits 1" 1 "$rc"
check "unreadable NEW is named on stderr" grep -q "cannot read '$TMP/nope'" "$TMP/e.err"
check "unreadable NEW leaves no -o file" test ! -e "$TMP/d.tsv"

# -o holds what stdout would
diff_q "$old" "$new" >"$TMP/stdout.tsv"
diff_q -o "$TMP/file.tsv" "$old" "$new"
check_golden "-o FILE holds the stdout bytes" "$TMP/stdout.tsv" "$TMP/file.tsv"
check_eq "TSV: the summary then six tables, a blank line between" 6 \
	"$(grep -c -x '' "$TMP/stdout.tsv")"
diff_q --format table "$old" "$new" >"$TMP/d.txt"
check "--format table: the summary then every table, each titled" sh -c \
	"grep -c -x -e summary -e 'models added or removed' \
	 -e 'edges added or removed' -e 'licence changes' \
	 -e 'audit findings new or resolved' -e 'bases that grew most' \
	 -e 'largest download changes' '$TMP/d.txt' | grep -qx 7"

# --table: only that table, its header first
diff_q --table models "$old" "$new" >"$TMP/models.tsv"
check_eq "--table models: header" "model	change" "$(head -1 "$TMP/models.tsv")"
check_eq "--table models: the 3 removed and 1 added" 4 \
	"$(($(wc -l <"$TMP/models.tsv") - 1))"
check_eq "--table models: the added one" "diff-test/child	added" \
	"$(grep added "$TMP/models.tsv")"
diff_q --table licenses --format csv "$old" "$new" >"$TMP/lic.csv"
check_eq "--table licenses --format csv: header" "model,kind,old,new" \
	"$(head -1 "$TMP/lic.csv")"
check "--table licenses: the relicensed model, declared" \
	grep -q ",declared,.*,cc-by-nc-4.0$" "$TMP/lic.csv"
diff_q --table models --limit 2 "$old" "$new" >"$TMP/lim.tsv"
check_eq "--limit 2: two rows" 2 "$(($(wc -l <"$TMP/lim.tsv") - 1))"

# every format parses
diff_q --format json "$old" "$new" >"$TMP/d.json"
check "--format json parses, with a summary and six tables" "$PYTHON" -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {'summary', 'models', 'edges', 'licenses', 'findings',
                  'growth', 'downloads'}, sorted(d)
assert all(isinstance(r['count'], int) for r in d['summary'])" "$TMP/d.json"
check "--format table aligns the models table" sh -c \
	"'$LINEAGE' diff --quiet --no-cache --format table --table models \
	 '$old' '$new' | grep -q '^diff-test/child  *added$'"

# the CI gate: 3 when NEW adds a conflict, 0 when it adds none
diff_q --fail-on new-conflict --table models "$old" "$new" >/dev/null
check_eq "--fail-on new-conflict: NEW adds a conflict, exit 3" 3 "$?"
diff_q --fail-on new-conflict --table models "$new" "$new" >/dev/null
check_eq "--fail-on new-conflict: no change, exit 0" 0 "$?"
finish
