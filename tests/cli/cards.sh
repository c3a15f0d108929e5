#!/bin/sh
# tests/cli/cards.sh - model cards (README.md front matter) as input:
# ids from the path or model_id, parents, relations and licences from the
# YAML, and hostile YAML that costs one warning and nothing else.
. tests/lib.sh
C=fixtures/cards

"$LINEAGE" audit --all --format tsv $C >"$TMP/out" 2>"$TMP/err"
check_eq "cards: exit status" 0 "$?"
row() { grep -F "$1" "$TMP/out" | cut -f "$2"; }
check_eq "cards: id from ORG/NAME/README.md; adapter from the card" \
	"adapter	apache-2.0	qwen-research" \
	"$(row "acme/base	acme/chat-lora" 3-5)"
check_eq "cards: a list of base models is a merge; a URL parent resolves" \
	"merge" "$(row "meta-llama/Meta-Llama-3-8B	acme/merged" 3)"
check_eq "cards: model_id in the front matter wins over the path" \
	"finetune	apache-2.0	mit" "$(row "acme/base	realorg/real-name" 3-5)"
check "cards: no record from a README without front matter" \
	sh -c "! grep -q no-front-matter '$TMP/out' '$TMP/err'"
check "cards: the alias bomb is one warning with its line" \
	grep -q "alias-bomb/README.md:11: .*YAML alias for 'base_model' is not expanded" "$TMP/err"
check "cards: no closing '---' is a skipped record" \
	grep -q "no-closing/README.md:1: front matter has no closing '---' line; record skipped" "$TMP/err"
check "cards: a front matter that is a list is a skipped record" \
	grep -q "not-a-mapping/README.md:2: front matter is not a mapping" "$TMP/err"
check "cards: broken YAML names its line" \
	grep -q "tabs/README.md:3: invalid YAML front matter" "$TMP/err"
check "cards: summary counts" \
	grep -q "8 records in 8 files: 5 kept, 3 skipped" "$TMP/err"
"$LINEAGE" rank --strict --quiet $C >/dev/null 2>&1
check_eq "cards: --strict turns the skipped cards into exit 1" 1 "$?"

# 50,000-deep nesting and a 3 MB front matter: refused, bounded memory
mkdir -p "$TMP/deep/org/deep" "$TMP/deep/org/big" "$TMP/deep/org/ok"
"$PYTHON" - "$TMP/deep" <<'PY'
import sys
d = sys.argv[1]
open(f"{d}/org/deep/README.md", "w").write(
    "---\nbase_model: " + "[" * 50000 + "]" * 50000 + "\nlicense: mit\n---\n")
open(f"{d}/org/big/README.md", "w").write(
    "---\nlicense: mit\nnotes: '" + "x" * 3_000_000 + "'\n---\n")
open(f"{d}/org/ok/README.md", "w").write("---\nlicense: mit\n---\n")
PY
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$TMP/rss" "$LINEAGE" rank --format tsv \
		"$TMP/deep" >"$TMP/out" 2>"$TMP/err"
	rss=$(tail -n 1 "$TMP/rss")
	check "cards: hostile YAML stays under 100 MB (peak ${rss} KB)" \
		test "$rss" -lt 102400
else
	"$LINEAGE" rank --format tsv "$TMP/deep" >"$TMP/out" 2>"$TMP/err"
fi
check "cards: 50,000-deep nesting is refused" \
	grep -q "org/deep/README.md:2: front matter nested too deeply" "$TMP/err"
check "cards: a front matter over 1 MiB is refused" \
	grep -q "org/big/README.md:1: front matter longer than 1 MiB" "$TMP/err"
check "cards: the good card beside them is kept" \
	grep -q "3 records in 3 files: 1 kept, 2 skipped" "$TMP/err"
finish
