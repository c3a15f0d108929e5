#!/bin/sh
# tests/cli/fetch.sh - `lineage fetch` (SPEC §4) against the loopback mock
# Hub tests/mockhub/mockhub.py, serving real listing pages from
# fixtures/hub-listing-2024-07 (tests/mockhub/snapcheck.py does the
# comparisons). Checks:
#   - a clean crawl saves exactly the served records (as JSON values, none
#     twice), the manifest says complete, `lineage rank DIR` reads it with
#     0 skipped; the request asks for the expand[] fields and the page size,
#     and sends the token on every request;
#   - --resume on a complete snapshot adds nothing; on a missing DIR it
#     starts a new crawl;
#   - faults (500 on the first page, 429 with t=1 and with t=30 under
#     LINEAGE_MAX_WAIT_S=2, 502, 503, reset, slow, truncate, drop, a cut JSON
#     body, an empty last page) end with exactly the served records, and the
#     429 waits are honoured and capped;
#   - 8 failed attempts give exit 1 with a message; the snapshot is left
#     resumable; `lineage rank` on it with a cut page appended past the
#     committed length exits 0 with at most one skipped record; --resume
#     then completes it with every record exactly once;
#   - kill -9 at random moments (at least 10 times, under random faults),
#     `lineage rank DIR` after every kill, then a resume to completion;
#   - SIGTERM and SIGINT 6 times: death by the signal, no temp file, the
#     committed part valid, then a resume to completion;
#   - a crawl under --random-faults; --limit 600; --search, --author,
#     --filter, --sort reach the server percent-encoded; an empty result;
#   - wrong or missing token: exit 1 at once, a message naming HF_TOKEN, no
#     records; the token read from $HF_HOME/token; --model with 403 gated,
#     404 unknown (exit 1 at once, message naming the model), 307 renamed
#     (followed and saved);
#   - --descendants-of crawls a whole real family breadth-first, each id
#     queried once, and saves exactly the model and the descendants that
#     `lineage show --depth 0` finds in the same data;
#   - the token appears in no output, mock log or snapshot file.
#
# POSIX sh, run from anywhere: sh tests/cli/fetch.sh
# Env: LINEAGE (default ./lineage), PYTHON (default /usr/bin/python3),
# FETCH_SEED (kill moments and random faults; default: from the clock).

cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh

if ! "$LINEAGE" fetch --help >/dev/null 2>&1; then
	echo "FAIL fetch: '$LINEAGE fetch --help' fails: lineage fetch is not there yet"
	exit 1
fi

MOCK=tests/mockhub/mockhub.py
L=fixtures/hub-listing-2024-07
# three real listing pages, 3000 models ($PAGES is split into words on use)
PAGES="$L/models_page1_07-11-2024.json.gz $L/models_page2_07-11-2024.json.gz $L/models_page3_07-11-2024.json.gz"
INFO=fixtures/model-info/model-info-2024-07.jsonl.gz
TOKEN=hf_TESTtoken1234567890SECRET
WRONG=hf_WRONGtoken0987654321SECRET
EXPAND='expand[]=author&expand[]=cardData&expand[]=createdAt&expand[]=downloads&expand[]=likes&expand[]=tags&expand[]=pipeline_tag&expand[]=library_name&expand[]=gated&expand[]=lastModified'
FAMILY=HuggingFaceH4/zephyr-7b-beta
SEED=${FETCH_SEED:-$(date +%s)}
echo "# FETCH_SEED=$SEED"

OUT=$TMP/out
SNAP=$TMP/snap
mkdir -p "$OUT" "$SNAP" "$TMP/hfhome"
unset HUGGING_FACE_HUB_TOKEN HF_TOKEN_PATH HF_HUB_DISABLE_IMPLICIT_TOKEN
HF_HOME=$TMP/hfhome
HF_TOKEN=$TOKEN
LINEAGE_RETRY_BASE_MS=10
LINEAGE_MAX_WAIT_S=2
export HF_HOME HF_TOKEN LINEAGE_RETRY_BASE_MS LINEAGE_MAX_WAIT_S
. tests/mockhub/mock.sh

# dump FILE QUERY: what the mock serves for QUERY (all pages), JSON lines
dump() { "$PYTHON" "$MOCK" --data $PAGES --dump "$2" >"$1"; }

# rank_snap NAME DIR: `lineage rank DIR`; sets rank_st, rank_read,
# rank_skipped from the summary line
rank_snap() {
	"$LINEAGE" rank --format tsv --limit 0 "$2" >"$OUT/$1.rank" 2>"$OUT/$1.rankerr"
	rank_st=$?
	_sum=$(grep ' records in ' "$OUT/$1.rankerr" | tail -n 1)
	rank_read=$(printf '%s\n' "$_sum" | sed -n 's/^lineage: \([0-9][0-9]*\) records in .*/\1/p')
	rank_skipped=$(printf '%s\n' "$_sum" | sed -n 's/.* \([0-9][0-9]*\) skipped.*/\1/p')
}

# snap_ok NAME DIR EXPECTED [snapcheck options]
snap_ok() {
	_name=$1
	shift
	check "$_name" sc snap "$@"
}

# between NAME SECONDS LO HI: LO <= SECONDS < HI
between() {
	if awk -v g="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(g != "" && g + 0 >= lo && g + 0 < hi) }'
	then ok "$1"
	else fail "$1" "waited '$2' s, want $3 to $4 s"; fi
}

dump "$TMP/exp.jsonl" "limit=250&$EXPAND"

# -- a clean crawl ------------------------------------------------------

start_mock hub --data $PAGES --info "$INFO" --token "$TOKEN" \
	--gated meta-llama/Meta-Llama-3-8B \
	--rename bert-base-uncased=google-bert/bert-base-uncased || exit 1
m=$(mark hub)
fx clean --out "$SNAP/clean" --page-size 250 --quiet
status "clean crawl" 0
snap_ok "clean crawl: exactly the 3000 served records, manifest complete" \
	"$SNAP/clean" "$TMP/exp.jsonl"
check_eq "clean crawl: --quiet leaves stderr empty" "" "$(head -c 300 "$OUT/clean.err")"
check "clean crawl: the listing asks for every expand[] field" sc logexpand "$TMP/hub.log" "$m"
check "clean crawl: --page-size 250 is limit=250" sc loghas "$TMP/hub.log" "$m" limit=250
check "clean crawl: the token is sent on every request" sc logauth "$TMP/hub.log" "$m"
check_eq "clean crawl: 12 listing requests" 12 "$(sc listings "$TMP/hub.log" "$m")"
rank_snap clean "$SNAP/clean"
check_eq "clean crawl: lineage rank DIR exits 0" 0 "$rank_st"
check_eq "clean crawl: lineage rank DIR reads 3000 records" 3000 "$rank_read"
check_eq "clean crawl: lineage rank DIR skips none" 0 "$rank_skipped"
"$LINEAGE" rank --format tsv --limit 0 $PAGES >"$OUT/pages.rank" 2>/dev/null
check_golden "clean crawl: rank DIR = rank of the pages themselves" \
	"$OUT/pages.rank" "$OUT/clean.rank"

m=$(mark hub)
fx again --out "$SNAP/clean" --page-size 250 --resume --quiet
status "--resume on a complete snapshot" 0
snap_ok "--resume on a complete snapshot adds nothing" "$SNAP/clean" "$TMP/exp.jsonl"

fx fresh --out "$SNAP/fresh" --page-size 250 --resume --quiet
status "--resume on a missing DIR" 0
snap_ok "--resume on a missing DIR starts a new crawl" "$SNAP/fresh" "$TMP/exp.jsonl"

# -- --limit and the query ----------------------------------------------

m=$(mark hub)
fx limit --out "$SNAP/limit" --limit 600 --page-size 250 --quiet
status "--limit 600" 0
snap_ok "--limit 600: the first 600 served records" "$SNAP/limit" "$TMP/exp.jsonl" \
	--first 600 --any-state
check_eq "--limit 600: manifest complete" true "$(sc manifest "$SNAP/limit" complete)"
check_eq "--limit 600: 3 listing requests" 3 "$(sc listings "$TMP/hub.log" "$m")"

m=$(mark hub)
fx limit5 --out "$SNAP/limit5" --limit 5 --quiet
status "--limit 5" 0
check "--limit 5 asks the Hub for a page of 5, not 1000" \
	sc loghas "$TMP/hub.log" "$m" limit=5
check_eq "--limit 5: one listing request" 1 "$(sc listings "$TMP/hub.log" "$m")"

Q="search=7b&filter=text-generation&sort=likes&limit=20&$EXPAND"
dump "$TMP/exp-q.jsonl" "$Q"
m=$(mark hub)
fx query --out "$SNAP/query" --search 7b --filter text-generation --sort likes \
	--page-size 20 --quiet
status "--search --filter --sort" 0
check "--search --filter --sort reach the server" sc loghas "$TMP/hub.log" "$m" \
	search=7b filter=text-generation sort=likes limit=20
snap_ok "--search --filter --sort: exactly the served records" "$SNAP/query" "$TMP/exp-q.jsonl"

dump "$TMP/exp-a.jsonl" "author=google&filter=pytorch&filter=bert&limit=1000&$EXPAND"
m=$(mark hub)
fx author --out "$SNAP/author" --author google --filter pytorch --filter bert --quiet
status "--author, two --filter" 0
check "--author, two --filter reach the server" sc loghas "$TMP/hub.log" "$m" \
	author=google filter=pytorch filter=bert
snap_ok "--author, two --filter: exactly the served records" "$SNAP/author" "$TMP/exp-a.jsonl"

dump "$TMP/exp-b.jsonl" "filter=base_model:mistralai/Mistral-7B-v0.1&$EXPAND"
m=$(mark hub)
fx basef --out "$SNAP/basef" --filter base_model:mistralai/Mistral-7B-v0.1 --quiet
status "--filter base_model:ORG/NAME" 0
check "--filter base_model:ORG/NAME reaches the server intact" sc loghas "$TMP/hub.log" "$m" \
	filter=base_model:mistralai/Mistral-7B-v0.1
snap_ok "--filter base_model:ORG/NAME: exactly the served records" "$SNAP/basef" "$TMP/exp-b.jsonl"

m=$(mark hub)
fx enc --out "$SNAP/enc" --search 'no such&x=1 #+y' --quiet
status "--search with & = space # +" 0
check "--search is percent-encoded: the server gets it whole" sc loghas "$TMP/hub.log" "$m" \
	'search=no such&x=1 #+y'
: >"$TMP/empty.jsonl"
snap_ok "an empty result: a complete snapshot of 0 records" "$SNAP/enc" "$TMP/empty.jsonl"

# -- authentication and --model -----------------------------------------

m=$(mark hub)
HF_TOKEN=$WRONG fx wrong --out "$SNAP/wrong" --page-size 250
status "wrong token" 1
says "wrong token: the message names HF_TOKEN" HF_TOKEN "$OUT/wrong.err"
check_eq "wrong token: no records saved" "" "$(head -c 1 "$SNAP/wrong/records.jsonl" 2>/dev/null)"
check_eq "wrong token: one request, no retries" 1 "$(sc logcount "$TMP/hub.log" "$m")"

(unset HF_TOKEN; fx none --out "$SNAP/none" --page-size 250; echo "$st" >"$OUT/none.st")
st=$(cat "$OUT/none.st")
status "no token" 1
says "no token: the message names HF_TOKEN" HF_TOKEN "$OUT/none.err"

mkdir -p "$TMP/hfhome2"
printf '%s\n' "$TOKEN" >"$TMP/hfhome2/token"
m=$(mark hub)
(unset HF_TOKEN; HF_HOME=$TMP/hfhome2 fx tokfile --out "$SNAP/tokfile" \
	--model QuantFactory/Meta-Llama-3-8B-Instruct-GGUF --quiet; echo "$st" >"$OUT/tokfile.st")
st=$(cat "$OUT/tokfile.st")
status "token from \$HF_HOME/token" 0
check "token from \$HF_HOME/token: sent" sc logauth "$TMP/hub.log" "$m"

m=$(mark hub)
fx gated --out "$SNAP/gated" --model meta-llama/Meta-Llama-3-8B
status "--model of a gated model (403)" 1
says "403: the message names the model" 'meta-llama/Meta-Llama-3-8B' "$OUT/gated.err"
says "403: the message says access is restricted" 'gated|access|forbidden|403|permission' "$OUT/gated.err"
check_eq "403: one request, no retries" 1 "$(sc logcount "$TMP/hub.log" "$m")"

m=$(mark hub)
fx missing --out "$SNAP/missing" --model nobody/no-such-model
status "--model of an unknown model (404)" 1
says "404: the message names the model" 'nobody/no-such-model' "$OUT/missing.err"
says "404: the message says not found" 'not found|404|no such|does not exist' "$OUT/missing.err"
check_eq "404: one request, no retries" 1 "$(sc logcount "$TMP/hub.log" "$m")"

m=$(mark hub)
fx renamed --out "$SNAP/renamed" --model bert-base-uncased \
	--model QuantFactory/Meta-Llama-3-8B-Instruct-GGUF --quiet
status "--model of a renamed model (307) and another" 0
printf '%s\n' QuantFactory/Meta-Llama-3-8B-Instruct-GGUF google-bert/bert-base-uncased >"$TMP/renamed.ids"
check "307: the redirect is followed, both models saved" sc idset "$SNAP/renamed" "$TMP/renamed.ids"
check "307: the redirected request carries the token" sc logauth "$TMP/hub.log" "$m"
stop_mock hub

# -- faults -------------------------------------------------------------

start_mock faults --data $PAGES --empty-last-page \
	--faults 1:500,3:429,5:500,6:502,7:503,9:reset,11:slow,13:truncate,15:drop,17:badjson,19:429:30 || exit 1
fx faults --out "$SNAP/faults" --page-size 250 --quiet
status "crawl under faults" 0
snap_ok "crawl under faults: exactly the served records, none twice" "$SNAP/faults" "$TMP/exp.jsonl"
sleep 0.2
between "429 with t=1: waits about 1 s" "$(sc loggap "$TMP/faults.log" 3)" 0.9 6
between "429 with t=30: the wait is capped by LINEAGE_MAX_WAIT_S=2" \
	"$(sc loggap "$TMP/faults.log" 19)" 1.5 6
stop_mock faults

# no `reset` here: libcurl itself re-sends a request once when a reused
# connection dies before any answer, so the mock would count 9 requests
start_mock giveup --data $PAGES \
	--faults 4:500,5:502,6:503,7:drop,8:500,9:truncate,10:badjson,11:503 || exit 1
fx giveup --out "$SNAP/giveup" --page-size 250
status "8 failed attempts" 1
says "8 failed attempts: a message" . "$OUT/giveup.err"
check_eq "8 failed attempts: exactly 8 tries of page 4, then stop" 11 \
	"$(sc logcount "$TMP/giveup.log" 0)"
check "8 failed attempts: the committed pages are intact" \
	sc snap "$SNAP/giveup" "$TMP/exp.jsonl" --partial
check_eq "8 failed attempts: manifest has 750 records" 750 "$(sc manifest "$SNAP/giveup" records)"
check_eq "8 failed attempts: manifest not complete" false "$(sc manifest "$SNAP/giveup" complete)"
if sc cut "$SNAP/giveup" >"$OUT/cut.out" 2>&1; then
	rank_snap cut "$SNAP/giveup"
	check_eq "a page cut past the committed length: rank DIR exits 0" 0 "$rank_st"
	check_eq "a page cut past the committed length: rank DIR reads the 750 committed" 750 "$rank_read"
	check "a page cut past the committed length: at most one skipped" \
		test "${rank_skipped:-9}" -le 1
	fx giveup2 --out "$SNAP/giveup" --page-size 250 --resume --quiet
	status "--resume after the cut" 0
	snap_ok "--resume after the cut: every record exactly once" "$SNAP/giveup" "$TMP/exp.jsonl"
else
	fail "cut the give-up snapshot" "$(cat "$OUT/cut.out")"
fi
stop_mock giveup

# -- kill -9 at random moments ------------------------------------------

start_mock kill --data $PAGES --delay 60 --random-faults 0.15 --seed "$SEED" \
	--fault-kinds 500,502,503,reset,truncate,drop,badjson || exit 1
SLEEPS=$("$PYTHON" -c "import random; r = random.Random($SEED); print(' '.join('%.2f' % r.uniform(0.05, 0.6) for _ in range(40)))")
KD=$SNAP/kill
kills=0 rounds=0 bad='' cut=0
for s in $SLEEPS; do
	[ "$kills" -ge 10 ] && break
	HF_ENDPOINT=$EP "$LINEAGE" fetch --out "$KD" --resume --page-size 50 --quiet \
		>>"$OUT/kill.out" 2>>"$OUT/kill.err" &
	fp=$!
	sleep "$s"
	kill -9 "$fp" 2>/dev/null
	wait "$fp" 2>/dev/null
	fst=$?
	if [ -f "$KD/manifest.json" ] && [ "$(sc manifest "$KD" complete)" = true ]; then
		# it ended before the kill: check it, start over
		rounds=$((rounds + 1))
		sc snap "$KD" "$TMP/exp.jsonl" >"$OUT/kill.chk" 2>&1 ||
			bad="$bad; round $rounds: $(cat "$OUT/kill.chk")"
		[ "$fst" -eq 0 ] || bad="$bad; round $rounds ended with status $fst"
		mv "$KD" "$KD.$rounds"
		continue
	fi
	kills=$((kills + 1))
	[ -f "$KD/manifest.json" ] || continue
	sc snap "$KD" "$TMP/exp.jsonl" --partial >"$OUT/kill.chk" 2>&1 ||
		bad="$bad; kill $kills after ${s}s: $(cat "$OUT/kill.chk")"
	recs=$(sc manifest "$KD" records)
	[ "$(wc -c <"$KD/records.jsonl")" -gt "$(sc manifest "$KD" bytes)" ] && cut=$((cut + 1))
	rank_snap kill "$KD"
	if [ "$rank_st" -ne 0 ] || [ "$rank_read" != "$recs" ] ||
		[ "${rank_skipped:-9}" -gt 1 ]; then
		bad="$bad; kill $kills after ${s}s: rank DIR status $rank_st, read '$rank_read' of $recs committed, skipped '$rank_skipped': $(grep -v ' records in ' "$OUT/kill.rankerr" | head -3)"
	fi
done
echo "# kill loop: $kills kills ($cut left records past the committed length);" \
	"$rounds crawls ended between kills"
check "kill -9 at random moments, at least 10 times" test "$kills" -ge 10
check_eq "after each kill: the committed prefix is valid and rank DIR reads it" "" "$bad"
fx killend --out "$KD" --resume --page-size 50 --quiet
status "the last --resume after the kills" 0
snap_ok "after the kills and a last --resume: every record exactly once" \
	"$KD" "$TMP/exp.jsonl"

# -- SIGTERM and SIGINT ---------------------------------------------------
# A polite signal ends fetch by that signal (status 128+N), with no temp
# file left in the snapshot and its committed part valid; --resume ends it.
SD=$SNAP/signals
sigs=0 rounds=0 bad=''
for s in $SLEEPS $SLEEPS; do
	[ "$sigs" -ge 6 ] && break
	sig=TERM want=143
	[ $((sigs % 2)) -eq 1 ] && sig=INT want=130
	# sh starts a background job with SIGINT ignored: restore it first
	HF_ENDPOINT=$EP "$PYTHON" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$LINEAGE" fetch --out "$SD" --resume \
		--page-size 50 --quiet >>"$OUT/sig.out" 2>>"$OUT/sig.err" &
	fp=$!
	sleep "$s"
	kill -"$sig" "$fp" 2>/dev/null
	wait "$fp" 2>/dev/null
	fst=$?
	if [ -f "$SD/manifest.json" ] && [ "$(sc manifest "$SD" complete)" = true ]; then
		rounds=$((rounds + 1)) # it ended before the signal: start over
		mv "$SD" "$SD.done$rounds"
		continue
	fi
	sigs=$((sigs + 1))
	[ "$fst" -eq "$want" ] || bad="$bad; SIG$sig after ${s}s: status $fst, not $want: $(tail -2 "$OUT/sig.err")"
	left=$(find "$SNAP" -maxdepth 2 -name '*.tmp*' | head -3)
	[ -z "$left" ] || bad="$bad; SIG$sig after ${s}s left $left"
	if [ -f "$SD/manifest.json" ]; then
		sc snap "$SD" "$TMP/exp.jsonl" --partial >"$OUT/sig.chk" 2>&1 ||
			bad="$bad; SIG$sig after ${s}s: $(cat "$OUT/sig.chk")"
	fi
done
check "SIGTERM and SIGINT during a crawl, 6 times (the mock slowed, faults injected)" test "$sigs" -ge 6
check_eq "after each: died by the signal, no temp file, committed part valid" "" "$bad"
fx sigend --out "$SD" --resume --page-size 50 --quiet
status "the --resume after the signals" 0
snap_ok "after the signals and a --resume: every record exactly once" \
	"$SD" "$TMP/exp.jsonl"

fx random --out "$SNAP/random" --page-size 250 --quiet
status "crawl under --random-faults 0.15" 0
snap_ok "crawl under --random-faults: exactly the served records" "$SNAP/random" "$TMP/exp.jsonl"
stop_mock kill

# -- --descendants-of ---------------------------------------------------

start_mock desc --data "$L" --token "$TOKEN" || exit 1
"$PYTHON" "$MOCK" --data "$L" --dump 'limit=1000' |
	"$PYTHON" -c 'import json, sys
for line in sys.stdin: print(json.loads(line)["id"])' | sort >"$TMP/served.ids"
"$LINEAGE" show --format tsv --depth 0 --quiet "$FAMILY" "$L" >"$OUT/family.tsv"
{
	echo "$FAMILY"
	awk -F '\t' '$1 == "descendant" { print $4 }' "$OUT/family.tsv"
} | sort -u | join - "$TMP/served.ids" >"$TMP/family.ids"
n=$(wc -l <"$TMP/family.ids" | tr -d ' ')
echo "# the family of $FAMILY: $n models served"
check "the family of $FAMILY has children and grandchildren" \
	awk -F '\t' '$1 == "descendant" && $2 >= 2 { found = 1 } END { exit !found }' "$OUT/family.tsv"
fx desc --out "$SNAP/desc" --descendants-of "$FAMILY" --quiet
status "--descendants-of" 0
check "--descendants-of: the model and all its descendants, nothing else" \
	sc idset "$SNAP/desc" "$TMP/family.ids"
check "--descendants-of: GET /api/models/$FAMILY" grep -q "	/api/models/$FAMILY	200" "$TMP/desc.log"
sc logfilters "$TMP/desc.log" 0 >"$OUT/desc.filters"
check_eq "--descendants-of: each id queried once" "" \
	"$(sort "$OUT/desc.filters" | uniq -d | head -3)"
sed 's/^/base_model:/' "$TMP/family.ids" | tr 'A-Z' 'a-z' | sort >"$TMP/family.filters"
tr 'A-Z' 'a-z' <"$OUT/desc.filters" | sort >"$OUT/desc.filters.lc"
check_golden "--descendants-of: filter=base_model:ID for the model and every descendant" \
	"$TMP/family.filters" "$OUT/desc.filters.lc"
d=$(sc dupids "$SNAP/desc" | wc -l | tr -d ' ')
[ "$d" -eq 0 ] || echo "# note: --descendants-of saved $d ids more than once (merges reached by two parents)"
stop_mock desc

# -- the token never shows ----------------------------------------------

check_eq "the token is in no output, mock log or snapshot file" "" \
	"$(grep -rl -e "$TOKEN" -e "$WRONG" "$OUT" "$SNAP" "$TMP"/*.log "$TMP"/*.err 2>/dev/null)"

finish
