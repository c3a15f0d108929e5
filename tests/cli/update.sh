#!/bin/sh
# tests/cli/update.sh - `lineage fetch --update DIR` (issue 12) against the
# loopback mock Hub, whose data changes between two crawls (mockhub.py
# --control; tests/mockhub/hubchange.py makes the changed data from the
# three real fixture pages: models added, modified, relicensed,
# re-parented). Checks:
#   - after a crawl and the change, --update appends exactly the records
#     of the listing by lastModified from its mark on (the snapshot's
#     newest lastModified, or its crawl's start if earlier, less an hour),
#     in order; the mark is the one computed here from the records; the
#     update asked sort=lastModified&direction=-1 and made exactly the
#     requests those records take (fewer than a full crawl); the manifest
#     records it (pages, records, finished);
#   - the updated snapshot equals a fresh full crawl of the changed data:
#     `lineage diff` finds no change (and finds the changes between the
#     crawl before the update and the fresh one), and snapcheck.py
#     compares every model's last record, as JSON values;
#   - a second --update with nothing changed fetches one page;
#   - kill -9 at random moments during an update (the mock slowed), then
#     --update or --resume: one update in the manifest, its records exactly
#     the expected ones, none lost or repeated; still equal to the crawl;
#   - a snapshot whose manifest predates "high_water" gets the same mark
#     from its records;
#   - refused: --update of no snapshot (nothing created), with a query
#     flag (a usage error), of a --limit snapshot, of an unfinished crawl
#     (which stays as it was).
#
# POSIX sh, run from anywhere: sh tests/cli/update.sh
# Env: LINEAGE, PYTHON, UPDATE_SEED (changes and kill moments; default:
# from the clock).

cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh

MOCK=tests/mockhub/mockhub.py
L=fixtures/hub-listing-2024-07
PAGES="$L/models_page1_07-11-2024.json.gz $L/models_page2_07-11-2024.json.gz $L/models_page3_07-11-2024.json.gz"
EXPAND='expand[]=author&expand[]=cardData&expand[]=createdAt&expand[]=downloads&expand[]=likes&expand[]=tags&expand[]=pipeline_tag&expand[]=library_name&expand[]=gated&expand[]=lastModified'
PS=100 # page size of the crawls and updates
SEED=${UPDATE_SEED:-$(date +%s)}
echo "# UPDATE_SEED=$SEED"

OUT=$TMP/out
SNAP=$TMP/snap
mkdir -p "$OUT" "$SNAP"
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_TOKEN_PATH
HF_HOME=$TMP/hfhome
LINEAGE_RETRY_BASE_MS=10
export HF_HOME LINEAGE_RETRY_BASE_MS
. tests/mockhub/mock.sh

hc() { "$PYTHON" tests/mockhub/hubchange.py "$@"; }

# serve DATA: the mocks serve DATA from their next request on
serve() { echo "$1" >"$TMP/control.new" && mv "$TMP/control.new" "$TMP/control"; }

# lines FILE: its line count
lines() { wc -l <"$1" | tr -d ' '; }

# mark_of DIR: the mark an update of DIR starts from, computed here: the
# newest lastModified of its records or the start of its last run, the
# earlier, less an hour
mark_of() {
	"$PYTHON" - "$(sc newest "$1")" "$(sc update "$1" started | tr -d '"')" \
		"$(sc manifest "$1" started | tr -d '"')" <<'EOF'
import sys, time, calendar
def sec(s): return calendar.timegm(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S"))
newest, last_update, crawl = sys.argv[1:]
start = sec(last_update if last_update != "null" else crawl)
print(time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(min(sec(newest), start) - 3600)))
EOF
}

# pages_for K N: listing requests an update takes to reach its mark when
# K of the N listed models are at or after it (the page holding the first
# older one ends it)
pages_for() {
	if [ "$1" -lt "$2" ]; then echo $(($1 / PS + 1))
	else echo $((($2 + PS - 1) / PS)); fi
}

# no_change NAME OLD NEW: `lineage diff` finds no change at all
no_change() {
	"$LINEAGE" diff --quiet --format tsv "$2" "$3" >"$OUT/diff.tsv" 2>"$OUT/diff.err"
	check_eq "$1: lineage diff exits 0" 0 "$?"
	check_eq "$1: lineage diff counts no change" "" \
		"$(awk -F '\t' 'NF == 0 { exit } NR > 1 && $2 != 0' "$OUT/diff.tsv")"
	check_eq "$1: lineage diff lists no row" "" \
		"$(awk -F '\t' 'NF == 0 { t = 1; getline; next } t' "$OUT/diff.tsv" | head -3)"
}

# diff_count OLD NEW WHAT: the summary count of WHAT
diff_count() {
	"$LINEAGE" diff --quiet --format tsv "$1" "$2" 2>/dev/null |
		awk -F '\t' -v w="$3" 'NF == 0 { exit } $1 == w { print $2 }'
}

hc stamp "$TMP/base.jsonl" $PAGES
hc change "$TMP/base.jsonl" "$TMP/changed.jsonl" --seed "$SEED" \
	--now "$(date +%s)" --add 40 --modify 40 --relicense 40 --reparent 30 \
	>"$TMP/changes.json"
N=$(lines "$TMP/changed.jsonl")
FULL=$(pages_for "$N" "$N")
"$PYTHON" "$MOCK" --data "$TMP/changed.jsonl" \
	--dump "sort=lastModified&direction=-1&limit=$PS&$EXPAND" >"$TMP/sorted.jsonl"

# -- a crawl, the Hub changes, an update --------------------------------

serve "$TMP/base.jsonl"
start_mock hub --control "$TMP/control" || exit 1
fx base --out "$SNAP/A" --page-size "$PS" --quiet
status "the first crawl" 0
for d in K O; do cp -r "$SNAP/A" "$SNAP/$d"; done
BASE_BYTES=$(sc manifest "$SNAP/A" bytes)
check_eq "the crawl keeps the newest lastModified as high_water" \
	"$(sc newest "$SNAP/A")" "$(sc manifest "$SNAP/A" high_water | tr -d '"')"

serve "$TMP/changed.jsonl"
SINCE=$(mark_of "$SNAP/A")
sc since "$SINCE" "$TMP/sorted.jsonl" >"$TMP/exp-upd.jsonl"
K=$(lines "$TMP/exp-upd.jsonl")
WANT=$(pages_for "$K" "$N")
check "every added or changed model is after the mark" "$PYTHON" -c '
import json, sys
changed = {i for ids in json.load(open(sys.argv[1])).values() for i in ids}
listed = {json.loads(l)["id"] for l in open(sys.argv[2])}
sys.exit(sorted(changed - listed)[:3] or len(changed) != 150)' \
	"$TMP/changes.json" "$TMP/exp-upd.jsonl"
m=$(mark hub)
fx upd --update "$SNAP/A" --page-size "$PS" --quiet
status "--update" 0
check_eq "--update: the mark is the newest lastModified less an hour" \
	"\"$SINCE\"" "$(sc update "$SNAP/A" since)"
check "--update: lists sort=lastModified&direction=-1" \
	sc loghas "$TMP/hub.log" "$m" sort=lastModified direction=-1 limit=$PS
UPD=$(sc listings "$TMP/hub.log" "$m")
check_eq "--update: the listing requests to the mark ($K models)" "$WANT" "$UPD"
check "--update: fewer requests than a full crawl ($FULL)" test "$UPD" -lt "$FULL"
check "--update: appends exactly the models from the mark on, in order" \
	sc appended "$SNAP/A" "$BASE_BYTES" "$TMP/exp-upd.jsonl"
check_eq "--update: the manifest counts its pages" "$WANT" "$(sc update "$SNAP/A" pages)"
check_eq "--update: the manifest counts its records" "$K" "$(sc update "$SNAP/A" records)"
check_eq "--update: the manifest says when it finished" 1 \
	"$(sc update "$SNAP/A" finished | grep -c '^"20')"
check_eq "--update: the manifest says complete" true "$(sc manifest "$SNAP/A" complete)"

m=$(mark hub)
fx full --out "$SNAP/F" --page-size "$PS" --quiet
status "a fresh full crawl of the changed data" 0
check_eq "the full crawl: $FULL listing requests" "$FULL" "$(sc listings "$TMP/hub.log" "$m")"
echo "# requests: update $UPD ($K records), full crawl $FULL ($N records)"
no_change "the update against the full crawl" "$SNAP/A" "$SNAP/F"
check "the update against the full crawl: every model's last record the same" \
	sc same "$SNAP/A" "$SNAP/F"
check_eq "lineage diff sees the 40 models added before the update" 40 \
	"$(diff_count "$SNAP/K" "$SNAP/F" 'models added')"
check_eq "lineage diff sees the 40 relicensed before the update" 40 \
	"$(diff_count "$SNAP/K" "$SNAP/F" 'declared licences changed')"
check "snapcheck sees the changes before the update" \
	sh -c '! "$1" tests/mockhub/snapcheck.py same "$2" "$3" >/dev/null' sh \
	"$PYTHON" "$SNAP/K" "$SNAP/F"

# -- nothing changed: a second update -----------------------------------

SINCE2=$(mark_of "$SNAP/A")
sc since "$SINCE2" "$TMP/sorted.jsonl" >"$TMP/exp-upd2.jsonl"
K2=$(lines "$TMP/exp-upd2.jsonl")
BYTES=$(sc manifest "$SNAP/A" bytes)
m=$(mark hub)
fx upd2 --update "$SNAP/A" --page-size "$PS" --quiet
status "a second --update" 0
UPD2=$(sc listings "$TMP/hub.log" "$m")
echo "# requests: second update (nothing changed) $UPD2 ($K2 records)"
check_eq "a second --update: its mark is its first's start or newest, less an hour" \
	"\"$SINCE2\"" "$(sc update "$SNAP/A" since)"
check_eq "a second --update with nothing changed: one page" 1 "$UPD2"
check "a second --update: appends the last hour's models again, nothing else" \
	sc appended "$SNAP/A" "$BYTES" "$TMP/exp-upd2.jsonl"
check "a second --update: still the full crawl's records" \
	sc same "$SNAP/A" "$SNAP/F"

# -- a snapshot from before high_water ----------------------------------

"$PYTHON" -c 'import json, sys
m = json.load(open(sys.argv[1])); del m["high_water"]
json.dump(m, open(sys.argv[1], "w"), indent=2)' "$SNAP/O/manifest.json"
fx old --update "$SNAP/O" --page-size "$PS" --quiet
status "--update of a snapshot without high_water" 0
check_eq "without high_water: the same mark, from the records" \
	"\"$SINCE\"" "$(sc update "$SNAP/O" since)"
check "without high_water: the full crawl's records" sc same "$SNAP/O" "$SNAP/F"

# -- kill -9 during an update -------------------------------------------

start_mock slow --control "$TMP/control" --delay 200 || exit 1
KD=$SNAP/K
SLEEPS=$("$PYTHON" -c "import random; r = random.Random($SEED); print(' '.join('%.2f' % r.uniform(0.05, 0.8) for _ in range(12)))")
kills=0 bad='' finished=0 how=--update done_at=
for s in $SLEEPS; do
	if [ "$how" = --update ]; then
		set -- --update "$KD"
		how=--resume
	else
		set -- --out "$KD" --resume
		how=--update
	fi
	HF_ENDPOINT=$EP "$LINEAGE" fetch "$@" --page-size 10 --quiet \
		>>"$OUT/kill.out" 2>>"$OUT/kill.err" &
	fp=$!
	sleep "$s"
	kill -9 "$fp" 2>/dev/null
	wait "$fp" 2>/dev/null
	if [ "$(sc update "$KD" finished)" != null ]; then
		finished=1
		break
	fi
	kills=$((kills + 1))
	done_at="$done_at $(sc update "$KD" records)"
	sc appended "$KD" "$BASE_BYTES" "$TMP/exp-upd.jsonl" --prefix \
		>"$OUT/kill.chk" 2>&1 || bad="$bad; kill $kills ($1 after ${s}s): $(cat "$OUT/kill.chk")"
done
echo "# kill loop: $kills kills, the update's records after each:$done_at;" \
	"it finished between kills: $finished"
check "kill -9 during an update, at least 3 times" test "$kills" -ge 3
check_eq "after each kill: the committed records are the update's first ones" "" "$bad"
# the update goes on after the kills; one that finished between two of
# them is done (another --update would rightly start a second one)
if [ "$finished" -eq 0 ]; then
	fx killend --update "$KD" --page-size 10 --quiet
	status "--update after the kills" 0
else
	ok "--update after the kills: the update finished between kills"
fi
check_eq "after the kills: one update in the manifest" 1 \
	"$("$PYTHON" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["updates"]))' "$KD/manifest.json")"
check "after the kills: exactly the update's records, none lost or repeated" \
	sc appended "$KD" "$BASE_BYTES" "$TMP/exp-upd.jsonl"
no_change "after the kills" "$KD" "$SNAP/F"
check "after the kills: every model's last record the full crawl's" \
	sc same "$KD" "$SNAP/F"

# -- refusals -----------------------------------------------------------

fx none --update "$SNAP/none"
status "--update of no snapshot" 1
says "--update of no snapshot: the message says so" 'no snapshot' "$OUT/none.err"
check "--update of no snapshot: nothing created" test ! -e "$SNAP/none"

fx flags --update "$SNAP/A" --search bert
status "--update with --search" 2

fx lim --out "$SNAP/lim" --limit 5 --quiet
fx limu --update "$SNAP/lim"
status "--update of a --limit snapshot" 1
says "--update of a --limit snapshot: the message names --limit" '--limit' "$OUT/limu.err"

HF_ENDPOINT=$EP "$LINEAGE" fetch --out "$SNAP/U" --page-size 10 --quiet \
	>/dev/null 2>&1 &
fp=$!
sleep 0.6
kill -9 "$fp" 2>/dev/null
wait "$fp" 2>/dev/null
cp "$SNAP/U/manifest.json" "$TMP/U.manifest"
fx unf --update "$SNAP/U"
status "--update of an unfinished crawl" 1
says "--update of an unfinished crawl: the message says --resume" '--resume' "$OUT/unf.err"
check "--update of an unfinished crawl: its manifest untouched" \
	cmp -s "$TMP/U.manifest" "$SNAP/U/manifest.json"

finish
