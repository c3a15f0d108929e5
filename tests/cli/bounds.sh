#!/bin/sh
# tests/cli/bounds.sh - inputs at the limits finish, in bounded memory and
# a small stack, and cost only the record they are in: a single 200 MB
# line, a 50 MB model card, a million tags on one model, a million parents
# on one model (and 600,000 in a record under the size limit), JSON nested
# a million deep and YAML 400,000 deep. Each run has a 1 MB stack
# (ulimit -s), and its peak resident memory is measured (/usr/bin/time).
. tests/lib.sh

RSS_MAX_KB=${RSS_MAX_KB:-400000} # ASan's shadow memory counts too
"$PYTHON" - "$TMP" <<'EOF'
import json, os, sys
d = sys.argv[1]
def jsonl(name, first):
    with open(os.path.join(d, name), "w") as f:
        f.write(first + "\n")
        f.write(json.dumps({"id": "ok/after", "tags": ["license:mit"]}) + "\n")
jsonl("line.jsonl", json.dumps({"id": "big/line", "blob": "x" * 200_000_000}))
jsonl("tags.jsonl", json.dumps({"id": "many/tags", "tags":
      [f"t{i}" for i in range(1_000_000)] + ["license:mit"]}))
jsonl("parents.jsonl", json.dumps({"id": "many/parents", "tags":
      [f"base_model:p{i // 1000}/m{i}" for i in range(1_000_000)]}))
jsonl("parents600k.jsonl", json.dumps({"id": "many/parents", "tags":
      [f"base_model:p/{i}" for i in range(600_000)]}))
jsonl("deep.jsonl", '{"id":"deep/json","x":' + "[" * 1_000_000 +
      "]" * 1_000_000 + "}")
card = os.path.join(d, "cards", "big", "card")
os.makedirs(card)
with open(os.path.join(card, "README.md"), "w") as f:
    f.write("---\nlicense: mit\ndescription: |\n")
    f.write(("  " + "y" * 98 + "\n") * 500_000)
    f.write("---\n# a 50 MB card\n")
deep = os.path.join(d, "cards", "deep", "yaml")
os.makedirs(deep)
with open(os.path.join(deep, "README.md"), "w") as f:
    f.write("---\nlicense: mit\nx: " + "[" * 400_000 + "]" * 400_000 +
            "\n---\n")
EOF

# bounded NAME INPUT WARNING: rank finishes (exit 0) within a 1 MB stack
# and RSS_MAX_KB, warns WARNING about the record, keeps ok/after
bounded() {
	b_name=$1 input=$2 warning=$3
	(ulimit -s 1024; /usr/bin/time -f "%M" -o "$TMP/rss" \
		"$LINEAGE" rank --no-cache --format tsv "$input" \
		>"$TMP/b.out" 2>"$TMP/b.err")
	rc=$?
	rss=$(tail -1 "$TMP/rss")
	check_eq "$b_name: exits 0" 0 "$rc"
	check "$b_name: warns '$warning'" grep -q -- "$warning" "$TMP/b.err"
	check "$b_name: peak memory ${rss} KB <= $RSS_MAX_KB KB" \
		test "$rss" -le "$RSS_MAX_KB"
}
bounded "200 MB line" "$TMP/line.jsonl" "line.jsonl:1: record longer than 16 MiB; record skipped"
check "200 MB line: the next record is kept" \
	grep -q "1 skipped" "$TMP/b.err"
bounded "10^6 tags" "$TMP/tags.jsonl" "2 kept"
bounded "10^6 parents (27 MB record)" "$TMP/parents.jsonl" "parents.jsonl:1: record longer than 16 MiB"
bounded "600,000 parents" "$TMP/parents600k.jsonl" "more than 256 parents; the rest are ignored"
check "600,000 parents: the first 256 kept as edges" \
	grep -q "256 edges" "$TMP/b.err"
bounded "JSON nested 10^6 deep" "$TMP/deep.jsonl" "deep.jsonl:1: record nested deeper than"
bounded "50 MB card" "$TMP/cards/big" "no closing '---' line in the first 1 MiB of front matter"
bounded "YAML nested 400,000 deep (under 1 MiB)" "$TMP/cards/deep" "README.md:3: front matter nested too deeply; record skipped"
finish
