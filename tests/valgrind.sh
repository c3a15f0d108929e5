#!/bin/sh
# tests/valgrind.sh - `make valgrind`, the third stage of `make test`: every
# command of the CLI, in every output format and on every kind of input
# (listing pages, model-info, cards, hostile records, a fetch snapshot
# from the loopback mock Hub, the binary cache written then read), run
# under valgrind memcheck on small real inputs. A check passes when the
# command exits as it should and valgrind reports no error: no invalid
# read or write, no use of uninitialised memory, no definite or indirect
# leak (--error-exitcode). The ASan stage covers the whole suite; this one
# sees what ASan does not (uninitialised reads, the libraries' own code).
. tests/lib.sh

command -v valgrind >/dev/null 2>&1 || {
	echo "FAIL valgrind: not installed (tests/install-deps.sh installs it)"
	echo "0 passed, 1 failed"
	exit 1
}
VG_EXIT=99
vg_passed=0
L=fixtures/hub-listing-2024-07
PAGE=$L/models_page1_07-11-2024.json.gz
INFO=fixtures/model-info
LINEAGE_CACHE_DIR=$TMP/cache
export LINEAGE_CACHE_DIR

# vg NAME STATUS ARGS...: lineage ARGS under memcheck exits STATUS, clean
vg() {
	v_name=$1 v_want=$2
	shift 2
	valgrind -q --error-exitcode=$VG_EXIT --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--log-file="$TMP/vg.log" "$LINEAGE" "$@" \
		>"$TMP/vg.out" 2>"$TMP/vg.err" </dev/null
	v_rc=$?
	if [ "$v_rc" -eq "$v_want" ] && [ ! -s "$TMP/vg.log" ]; then
		ok "valgrind: $v_name"
		vg_passed=$((vg_passed + 1))
	else
		fail "valgrind: $v_name" "exit $v_rc (want $v_want): $(head -c 1500 "$TMP/vg.log") $(tail -c 500 "$TMP/vg.err")"
	fi
}

for f in table tsv csv json; do
	vg "rank --format $f" 0 rank --no-cache --format "$f" --limit 5 "$PAGE"
	vg "audit --format $f" 0 audit --no-cache --format "$f" --limit 5 "$PAGE"
done
vg "audit --summary --policy --use sell --waivers" 0 audit --no-cache \
	--summary --policy policies/commercial.policy --use sell \
	--waivers policies/example.waivers "$PAGE"
printf '%s\n' '{"id":"o/base","tags":["license:cc-by-nc-4.0"]}' \
	'{"id":"o/kid","tags":["base_model:o/base","license:mit"]}' >"$TMP/c.jsonl"
vg "audit --fail-on conflict (exit 3)" 3 audit --no-cache --fail-on conflict "$TMP/c.jsonl"
vg "show --format table" 0 show --no-cache --format table \
	mistralai/Mistral-7B-v0.1 "$PAGE" "$INFO"
vg "show --format json" 0 show --no-cache --format json --depth 2 \
	HuggingFaceH4/zephyr-7b-beta "$INFO"
vg "show: an unknown model (exit 1)" 1 show --no-cache no/such "$PAGE"
vg "communities --method leiden" 0 communities --no-cache --limit 5 "$PAGE"
vg "communities --method louvain --summary" 0 communities --no-cache \
	--method louvain --summary "$PAGE"
for f in graphml gexf dot json cyclonedx spdx; do
	vg "export --format $f" 0 export --no-cache --format "$f" \
		-o "$TMP/x.$f" "$PAGE"
done
vg "export --format csv --tree" 0 export --no-cache --format csv \
	--tree meta-llama/Meta-Llama-3-8B -o "$TMP/csv" "$PAGE"
vg "stats (all tables)" 0 stats --no-cache --fold "$PAGE"
vg "report" 0 report --no-cache -o "$TMP/r.html" "$PAGE"
vg "diff" 0 diff --no-cache --limit 5 "$PAGE" "$L/models_page2_07-11-2024.json.gz"
vg "cards and model-info" 0 rank --no-cache fixtures/cards "$INFO"
vg "hostile records" 0 rank --no-cache --warnings "$TMP/w.tsv" fixtures/hostile
vg "--strict on hostile records (exit 1)" 1 rank --no-cache --strict fixtures/hostile
vg "an unreadable input (exit 1)" 1 rank --no-cache "$TMP/nope"
vg "a usage error (exit 2)" 2 rank --limit -1 "$PAGE"
vg "cache: written" 0 rank --limit 3 "$PAGE"
vg "cache: read" 0 audit --summary "$PAGE"
for entry in "$LINEAGE_CACHE_DIR"/*.lgc; do printf 'x' >>"$entry"; done
vg "cache: a damaged entry, rebuilt" 0 rank --limit 3 "$PAGE"

# fetch, from the mock Hub on loopback serving the real pages
"$PYTHON" tests/mockhub/mockhub.py --log "$TMP/mock.log" --max-seconds 300 \
	--data "$PAGE" >"$TMP/mock.port" 2>"$TMP/mock.err" &
mock=$!
trap 'kill $mock 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while ! grep -q '^PORT ' "$TMP/mock.port" && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
HF_ENDPOINT=http://127.0.0.1:$(sed -n 's/^PORT //p' "$TMP/mock.port")
HF_TOKEN=hf_TESTtoken1234567890SECRET
export HF_ENDPOINT HF_TOKEN
vg "fetch" 0 fetch --out "$TMP/snap" --page-size 200 --limit 600 --quiet
vg "fetch --resume" 0 fetch --out "$TMP/snap" --resume --page-size 200 --quiet
vg "rank on the snapshot" 0 rank --no-cache "$TMP/snap"
kill $mock 2>/dev/null
echo "$vg_passed passed, $failures failed"
finish
