#!/bin/sh
# tests/cli/cache.sh - the binary cache (SPEC §6): a second run answers
# from it with the same stdout and stderr as a cold run; a corrupt,
# truncated, foreign, other-version or stale entry is refused with one
# warning and rebuilt; --no-cache and stdin leave it alone; two processes
# filling one entry both end right; pruning keeps the directory bounded;
# an unwritable directory costs a warning, never the answer; and flipping
# any of a hundred bytes never crashes a run or changes its answer.
. tests/lib.sh

CACHE="$TMP/cache"
export LINEAGE_CACHE_DIR="$CACHE"
IN="$TMP/in"
mkdir -p "$IN"
cp fixtures/hub-listing-2024-07/models_page1_07-11-2024.json.gz \
	fixtures/hub-listing-2024-07/models_page2_07-11-2024.json.gz \
	fixtures/hostile/self-loop.jsonl "$IN/"

run() { # run NAME ARGS...: stdout to $TMP/NAME.out, stderr to .err
	name=$1; shift
	"$LINEAGE" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo $? >"$TMP/$name.status"
}
entry() { ls "$CACHE"/graph-*.lgc 2>/dev/null | head -n 1; }
same_as_cold() { # same_as_cold NAME: stdout, stderr, status as --no-cache
	cmp -s "$TMP/cold.out" "$TMP/$1.out" &&
		cmp -s "$TMP/cold.err" "$TMP/$1.err" &&
		cmp -s "$TMP/cold.status" "$TMP/$1.status"
}
warned() { # warned NAME TEXT: one cache warning, saying TEXT
	[ "$(grep -c "cache '.*'" "$TMP/$1.err")" = 1 ] &&
		grep -q "lineage: warning: cache '.*' $2.*; rebuilding it" "$TMP/$1.err"
}
without_warning() { # the run's stderr minus its one cache warning
	grep -v "cache '.*'" "$TMP/$1.err" >"$TMP/$1.err2"
	cmp -s "$TMP/cold.err" "$TMP/$1.err2"
}

run cold audit --all --no-cache "$IN"
check "--no-cache writes no entry" test ! -e "$CACHE"
run first audit --all "$IN"
check "first run writes an entry" test -s "$(entry)"
check "first run answers as a cold one" same_as_cold first
run hit audit --all "$IN"
check "a hit answers the same, warnings replayed in order" same_as_cold hit

run rank_cold rank --no-cache "$IN"
run rank_hit rank "$IN"
check "rank from the entry equals rank without it" \
	cmp -s "$TMP/rank_cold.out" "$TMP/rank_hit.out"
check "rank from the entry: the same stderr" \
	cmp -s "$TMP/rank_cold.err" "$TMP/rank_hit.err"
run show_hit show --format json mistralai/Mistral-7B-v0.1 "$IN"
run show_cold show --format json --no-cache mistralai/Mistral-7B-v0.1 "$IN"
check "show from the entry equals show without it" \
	cmp -s "$TMP/show_cold.out" "$TMP/show_hit.out"

# communities are cached beside the graph, keyed by their options
run comm_cold communities --summary --no-cache "$IN"
run comm_first communities --summary "$IN"
run comm_hit communities --summary "$IN"
check "communities: cached beside the entry" \
	test "$(ls "$CACHE" | grep -c 'communities-')" = 1
check "communities from the cache equal those found" \
	cmp -s "$TMP/comm_cold.out" "$TMP/comm_hit.out"
run comm_seed communities --summary --seed 7 "$IN"
check "another seed is another entry" \
	test "$(ls "$CACHE" | grep -c 'communities-')" = 2
blob=$(ls "$CACHE"/*communities-* | head -n 1)
printf 'X' | dd of="$blob" bs=1 seek=100 conv=notrunc 2>/dev/null
run comm_bad communities --summary "$IN"
run comm_bad7 communities --summary --seed 7 "$IN"
check "a corrupt communities entry: one warning, found again" \
	grep -q "warning: cache '.*communities-.*' is corrupt.*; computing it again" \
	"$TMP/comm_bad.err" "$TMP/comm_bad7.err"
check "a corrupt communities entry: the answer is right" \
	cmp -s "$TMP/comm_cold.out" "$TMP/comm_bad.out"
run audit_hit audit --all "$IN"
check "audit: cached beside the entry, once per licence table" \
	test "$(ls "$CACHE" | grep -c 'audit-')" = 1
printf 'license my-licence permissive\n' >"$TMP/extra.tab"
run audit_lic audit --all --licenses "$TMP/extra.tab" "$IN"
check "audit: another licence table is another entry" \
	test "$(ls "$CACHE" | grep -c 'audit-')" = 2
run audit_lic2 audit --all --licenses "$TMP/extra.tab" --no-cache "$IN"
check "audit from the cache under a user table equals a fresh one" \
	cmp -s "$TMP/audit_lic.out" "$TMP/audit_lic2.out"
run export_dot export --format dot "$IN"
check_eq "a DOT export finds no communities" 2 \
	"$(ls "$CACHE" | grep -c 'communities-')"

# one byte in the middle of the entry
size=$(wc -c <"$(entry)")
printf 'X' | dd of="$(entry)" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
run corrupt audit --all "$IN"
check "corrupt: one warning" warned corrupt "is corrupt"
check "corrupt: the answer is right" cmp -s "$TMP/cold.out" "$TMP/corrupt.out"
check "corrupt: the other warnings as before" without_warning corrupt
run after audit --all "$IN"
check "corrupt: rebuilt, the next run is silent again" same_as_cold after

head -c $((size / 3)) "$(entry)" >"$TMP/part" && cat "$TMP/part" >"$(entry)"
run truncated audit --all "$IN"
check "truncated: one warning" warned truncated "is truncated"
check "truncated: the answer is right" cmp -s "$TMP/cold.out" "$TMP/truncated.out"

printf '\077' | dd of="$(entry)" bs=1 seek=8 conv=notrunc 2>/dev/null
run version audit --all "$IN"
check "another version: one warning" warned version \
	"was written by another version of lineage"
check "another version: the answer is right" \
	cmp -s "$TMP/cold.out" "$TMP/version.out"

head -c 4096 /dev/urandom >"$(entry)"
run foreign audit --all "$IN"
check "not a cache file: one warning" warned foreign \
	"is not a lineage cache file"

# an entry of other inputs under this entry's name
mkdir -p "$TMP/other"
cp fixtures/hostile/self-loop.jsonl "$TMP/other/"
mine=$(entry)
"$LINEAGE" rank --quiet "$TMP/other" >/dev/null
for f in "$CACHE"/graph-*.lgc; do [ "$f" != "$mine" ] && cp "$f" "$mine"; done
run other audit --all "$IN"
check "foreign entry: one warning" warned other "belongs to other inputs"
check "foreign entry: the answer is right" cmp -s "$TMP/cold.out" "$TMP/other.out"

# the inputs change: stale, and the new answer is the new input's
sleep 0.01
printf '%s\n' '{"id":"new/model","tags":["base_model:mistralai/Mistral-7B-v0.1"]}' \
	>>"$IN/self-loop.jsonl"
run stale rank "$IN"
check "stale: one warning naming the file" warned stale \
	"is stale: '$IN/self-loop.jsonl' changed since it was cached"
run stale_cold rank --no-cache "$IN"
check "stale: the answer is the new input's" \
	cmp -s "$TMP/stale_cold.out" "$TMP/stale.out"
touch "$IN/added.jsonl"
run added rank "$IN"
check "a file added to a directory makes the entry stale" \
	grep -q "is stale: '$IN/added.jsonl' is new or renamed" "$TMP/added.err"
touch "$IN/added2.jsonl"
run quiet rank --quiet "$IN"
check "--quiet keeps the cache warning quiet too" test ! -s "$TMP/quiet.err"

# stdin is never cached
before=$(ls "$CACHE" | wc -l)
"$LINEAGE" rank --quiet - <"$IN/self-loop.jsonl" >/dev/null
check_eq "stdin: no entry written" "$before" "$(ls "$CACHE" | wc -l)"

# two processes filling the same entry at once
rm -rf "$CACHE"
"$LINEAGE" audit --all "$IN" >"$TMP/p1.out" 2>"$TMP/p1.err" &
"$LINEAGE" audit --all "$IN" >"$TMP/p2.out" 2>"$TMP/p2.err" &
wait
run both audit --all --no-cache "$IN"
check "concurrent fill: the first answer is right" cmp -s "$TMP/both.out" "$TMP/p1.out"
check "concurrent fill: the second answer is right" cmp -s "$TMP/both.out" "$TMP/p2.out"
run after2 audit --all "$IN"
check "concurrent fill: the entry left is whole" cmp -s "$TMP/both.err" "$TMP/after2.err"
check_eq "concurrent fill: no temporary file left" 0 \
	"$(ls "$CACHE" | grep -c '\.tmp\.')"

# pruning: a bound of 0 MB keeps only the newest entry; an old temporary
# file of a dead writer goes, a fresh one (a live writer's) stays
: >"$CACHE/graph-0000000000000000.lgc.tmp.dead01"
touch -d '2 hours ago' "$CACHE/graph-0000000000000000.lgc.tmp.dead01"
: >"$CACHE/graph-0000000000000001.lgc.tmp.live01"
LINEAGE_CACHE_MAX_MB=0 "$LINEAGE" rank --quiet "$TMP/other" >/dev/null
check_eq "prune: the least recently used entry is gone" 1 \
	"$(ls "$CACHE" | grep -c '\.lgc$')"
check "prune: the newest entry stays" test -s "$(entry)"
check "prune: a dead writer's temporary file is removed" \
	test ! -e "$CACHE/graph-0000000000000000.lgc.tmp.dead01"
check "prune: a live writer's temporary file stays" \
	test -e "$CACHE/graph-0000000000000001.lgc.tmp.live01"

# a cache directory that cannot be written: a warning, the right answer
LINEAGE_CACHE_DIR=/proc/lineage-cannot-write "$LINEAGE" rank "$IN" \
	>"$TMP/ro.out" 2>"$TMP/ro.err"
check_eq "unwritable cache: exit 0" 0 $?
check "unwritable cache: the answer is right" cmp -s "$TMP/stale_cold.out" "$TMP/ro.out"
check "unwritable cache: one warning says so" \
	grep -q "warning: cannot create the cache directory" "$TMP/ro.err"

# the entry is written beside the command's work; when anything it
# writes goes into a pipe whose reader may leave early (SIGPIPE), first
reads_cache() { # reads_cache INPUT: a second run answers from the entry
	LINEAGE_TIMING=1 "$LINEAGE" rank --format tsv -o /dev/null "$1" 2>&1 |
		grep -q "timing: cache read"
}
no_temp() { ! ls "$CACHE" | grep -q tmp; }
rm -rf "$CACHE"
"$LINEAGE" rank --format tsv -o "$TMP/bg.out" "$IN" 2>"$TMP/bg.err"
check "written beside the command: an entry" test -s "$(entry)"
check "written beside the command: the next run reads it" reads_cache "$IN"
check "written beside the command: no temporary file left" no_temp
rm -rf "$CACHE"
"$LINEAGE" rank --format tsv fixtures/hub-listing-2024-07 2>/dev/null | head -n 1 >/dev/null
check "stdout closed early: the entry is whole" reads_cache fixtures/hub-listing-2024-07
check "stdout closed early: no temporary file left" no_temp
rm -rf "$CACHE"
"$LINEAGE" rank --format tsv -o "$TMP/pipe.out" fixtures/hub-listing-2024-07 2>&1 >/dev/null | true
check "stderr closed early: the entry is whole" reads_cache fixtures/hub-listing-2024-07
check "stderr closed early: no temporary file left" no_temp

# a hundred single-byte flips: never a crash, never a wrong answer
rm -rf "$CACHE"
run base rank --format tsv "$IN"
cp "$(entry)" "$TMP/good.lgc"
size=$(wc -c <"$TMP/good.lgc")
crashes=0 wrong=0 i=0
while [ $i -lt 100 ]; do
	cp "$TMP/good.lgc" "$(entry)"
	pos=$(( ($i * 7919 + 13) * 104729 % size ))
	printf '\377' | dd of="$(entry)" bs=1 seek=$pos conv=notrunc 2>/dev/null
	"$LINEAGE" rank --format tsv "$IN" >"$TMP/flip.out" 2>"$TMP/flip.err"
	st=$?
	[ $st -gt 1 ] && crashes=$((crashes + 1))
	cmp -s "$TMP/base.out" "$TMP/flip.out" || wrong=$((wrong + 1))
	i=$((i + 1))
done
check_eq "byte flips: no crash" 0 "$crashes"
check_eq "byte flips: every answer right" 0 "$wrong"

finish
