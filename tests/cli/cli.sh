#!/bin/sh
# tests/cli/cli.sh - the way lineage talks back: errors are never hidden
# and leave nothing half-written; warnings come in input order, a few of
# each kind and a count of the rest, every one in --warnings FILE; an input
# without a record is a warning (an error under --strict); options and the
# licence file are checked before any input is read; --limit on every
# listing; export's named parts are a union; one JSON vocabulary.
. tests/lib.sh
P=fixtures/hub-listing-2024-07
MI=fixtures/model-info
export LINEAGE_CACHE_DIR="$TMP/cache"

# -- errors vs warnings ---------------------------------------------------

"$LINEAGE" rank --quiet fixtures/nope >"$TMP/out" 2>"$TMP/err"
check_eq "missing input under --quiet: exit 1" 1 $?
check "missing input under --quiet: the error is printed" \
	grep -q "^lineage: error: cannot read 'fixtures/nope': No such file" "$TMP/err"
check_eq "missing input: no header on stdout" 0 "$(wc -c <"$TMP/out")"
"$LINEAGE" rank -o "$TMP/out.tsv" fixtures/nope $MI >/dev/null 2>&1
check_eq "missing input: exit 1 with -o" 1 $?
check "missing input: no -o file written" test ! -e "$TMP/out.tsv"

mkdir -p "$TMP/locked"
printf '{"id":"a/b"}\n' >"$TMP/locked/x.jsonl"
chmod 000 "$TMP/locked/x.jsonl"
if ! cat "$TMP/locked/x.jsonl" >/dev/null 2>&1; then
	"$LINEAGE" rank -o "$TMP/locked.tsv" "$TMP/locked" $MI >/dev/null \
		2>"$TMP/err"
	check_eq "unreadable file in a directory: exit 1" 1 $?
	check "unreadable file in a directory: an error naming it" \
		grep -q "^lineage: error: $TMP/locked/x.jsonl: cannot open" "$TMP/err"
	check "unreadable file in a directory: no -o file" test ! -e "$TMP/locked.tsv"
else
	echo "# skip: running as root, a mode-000 file is readable"
fi
chmod 644 "$TMP/locked/x.jsonl"
ln -s "$TMP/gone.jsonl" "$TMP/locked/dangling.jsonl"
"$LINEAGE" rank -o "$TMP/dangling.tsv" "$TMP/locked" >/dev/null 2>"$TMP/err"
check_eq "a dangling link in a directory: exit 1" 1 $?
check "a dangling link in a directory: an error naming it" \
	grep -q "^lineage: error: $TMP/locked/dangling.jsonl: cannot read" "$TMP/err"
check "a dangling link in a directory: no -o file" test ! -e "$TMP/dangling.tsv"

mkdir -p "$TMP/empty"
"$LINEAGE" rank "$TMP/empty" >"$TMP/out" 2>"$TMP/err"
check_eq "empty directory: exit 0" 0 $?
check "empty directory: a warning says it holds no record" \
	grep -q "^lineage: warning: $TMP/empty: no model record found here$" "$TMP/err"
"$LINEAGE" rank --strict "$TMP/empty" >"$TMP/out" 2>"$TMP/err"
check_eq "empty directory under --strict: exit 1" 1 $?
check "empty directory under --strict: an error, nothing written" \
	sh -c "grep -q '^lineage: error: --strict:.*1 input without a record' '$TMP/err' && test ! -s '$TMP/out'"

printf 'license x bogus-family\n' >"$TMP/bad.tab"
mkfifo "$TMP/never"
( sleep 30 >"$TMP/never" ) &
holder=$!
timeout 10 "$LINEAGE" rank --licenses "$TMP/bad.tab" "$TMP/never" \
	>/dev/null 2>"$TMP/err"
rc=$?
kill "$holder" 2>/dev/null
check_eq "a bad --licenses file: exit 1 before reading any input" 1 "$rc"
check "a bad --licenses file: its line is named" \
	grep -q "^lineage: error: $TMP/bad.tab:1: " "$TMP/err"
"$LINEAGE" audit --min nope $MI >/dev/null 2>"$TMP/err"
check_eq "a bad option value is a usage error" 2 $?
"$LINEAGE" show no/such-model $MI >"$TMP/out" 2>"$TMP/err"
check_eq "an unknown model: exit 1" 1 $?
check "an unknown model: said, nothing written" \
	sh -c "grep -q \"^lineage: error: no model 'no/such-model'\" '$TMP/err' && test ! -s '$TMP/out'"

# -- warnings a person can read --------------------------------------------

"$LINEAGE" rank --warnings "$TMP/w.tsv" $P >/dev/null 2>"$TMP/err"
check_eq "50 pages: three self-loops, two None parents, a count of the rest" \
	"3 2 1" "$(grep -c 'names itself' "$TMP/err") $(grep -c "names 'None'" "$TMP/err") $(grep -c '^lineage: warning: 38 more self-loops' "$TMP/err")"
awk -F: '/^lineage: warning: fixtures/ { print $3 }' "$TMP/err" |
	sed 's/.*models_page\([0-9]*\)_.*/\1/' >"$TMP/pages"
check "warnings in input order (pages never go back)" \
	sh -c "sort -n -c '$TMP/pages'"
check_eq "--warnings: a header and every one of the 43" 44 \
	"$(wc -l <"$TMP/w.tsv" | tr -d ' ')"
check_eq "--warnings: its columns" "file	line	model	kind	message" \
	"$(head -n 1 "$TMP/w.tsv")"
check_eq "--warnings: kinds" "2 none-parent 41 self-loop" \
	"$(tail -n +2 "$TMP/w.tsv" | cut -f 4 | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = " " }')"
check "--warnings: an array element's place is #INDEX" \
	grep -q "	#300	NourFakih/Vit-GPT2-COCO2017Flickr-85k-09	self-loop	" "$TMP/w.tsv"
"$LINEAGE" rank --quiet $P >/dev/null 2>"$TMP/err"
check_eq "--quiet: nothing on stderr" 0 "$(wc -c <"$TMP/err")"

# -- one CLI ----------------------------------------------------------------

"$LINEAGE" audit --quiet --limit 3 --format tsv $P >"$TMP/out"
check_eq "audit --limit 3: a header and 3 rows" 4 "$(wc -l <"$TMP/out" | tr -d ' ')"
"$LINEAGE" communities --quiet --limit 5 --format tsv $P >"$TMP/out"
check_eq "communities --limit 5" 6 "$(wc -l <"$TMP/out" | tr -d ' ')"
"$LINEAGE" communities --quiet --summary --limit 2 --format tsv $P >"$TMP/out"
check_eq "communities --summary --limit 2" 3 "$(wc -l <"$TMP/out" | tr -d ' ')"
"$LINEAGE" show --quiet --limit 4 --format tsv HuggingFaceH4/zephyr-7b-beta $P >"$TMP/out"
check_eq "show --limit 4 (edge rows)" 5 "$(wc -l <"$TMP/out" | tr -d ' ')"

"$LINEAGE" export --quiet --format csv -o "$TMP/a" \
	--root HuggingFaceH4/zephyr-7b-beta $P
"$LINEAGE" export --quiet --format csv -o "$TMP/b" --root Equall/Saul-Base $P
"$LINEAGE" export --quiet --format csv -o "$TMP/ab" \
	--root HuggingFaceH4/zephyr-7b-beta --root Equall/Saul-Base $P
tail -n +2 "$TMP/a/nodes.csv" | cut -d, -f1 >"$TMP/ids"
tail -n +2 "$TMP/b/nodes.csv" | cut -d, -f1 >>"$TMP/ids"
check_eq "export --root A --root B: the union of the two" \
	"$(sort -u "$TMP/ids")" "$(tail -n +2 "$TMP/ab/nodes.csv" | cut -d, -f1 | sort)"
"$LINEAGE" export --quiet --format csv -o "$TMP/t" \
	--tree HuggingFaceH4/zephyr-7b-beta $P
check "export --tree: the model's ancestor is in" \
	grep -q '^mistralai/Mistral-7B-v0.1,' "$TMP/t/nodes.csv"
check "export --tree: a descendant two levels down is in" \
	grep -q '^mradermacher/JambroZephyrMerge-7b-GGUF\|^jambroz/' "$TMP/t/nodes.csv"
check "export --tree: a sibling (another child of the ancestor) is not" \
	sh -c "! grep -q '^nvidia/OpenMath-Mistral-7B-v0.1-hf,' '$TMP/t/nodes.csv'"

# -- one JSON vocabulary ----------------------------------------------------

"$LINEAGE" rank --quiet --format json $MI >"$TMP/rank.json"
"$LINEAGE" audit --quiet --format json $P >"$TMP/audit.json"
"$LINEAGE" audit --quiet --summary --format json $P >"$TMP/sum.json"
"$LINEAGE" communities --quiet --summary --format json --limit 1 $P >"$TMP/comm.json"
"$LINEAGE" show --quiet --format json HuggingFaceH4/zephyr-7b-beta $P >"$TMP/show.json"
check "json: no null anywhere, lists as arrays, numbers as numbers" \
	"$PYTHON" - "$TMP" <<'PY'
import json, sys
t = sys.argv[1]
docs = {n: json.load(open(f"{t}/{n}.json")) for n in
        ("rank", "audit", "sum", "comm", "show")}
def walk(v):
    if v is None:
        raise SystemExit("a null")
    for x in (v.values() if isinstance(v, dict) else
              v if isinstance(v, list) else []):
        walk(x)
for n, d in docs.items():
    walk(d)
assert all("downloads" not in r or isinstance(r["downloads"], int)
           for r in docs["rank"])
assert any("downloads" not in r for r in docs["rank"])
assert all(isinstance(r["reasons"], list) for r in docs["audit"])
assert "license_change" in docs["sum"] and "licence_change" not in docs["sum"]
assert isinstance(docs["comm"][0]["modularity"], float)
chain = docs["show"]["ancestors"][0][0]
assert "basis" in chain and "judged_against" not in chain
assert isinstance(chain["reasons"], list)
PY

finish
