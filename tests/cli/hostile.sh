#!/bin/sh
# tests/cli/hostile.sh - hostile and malformed inputs (SPEC §1: "bad input
# never stops the run and is never silent").
#
# For every case in fixtures/hostile/ (see its README.md), plus a few big
# ones generated here at run time, this checks:
#   - the exit status: 0 without --strict; with --strict 1 when a record was
#     skipped, 0 when the record was kept (a wrong-typed field only);
#   - the warning names the right FILE:LINE (or FILE:#INDEX in an array) and
#     says why (a stable substring of the reason);
#   - the good records before and after the bad one were kept: the summary
#     counts and rows of `rank --format tsv --limit 0`;
#   - no crash or hang (status <= 2, under `timeout`), stdout holds only the
#     TSV table, stderr only lineage's own lines;
#   - for the big cases, peak RSS under 150 MB (/usr/bin/time -f %M; skipped
#     when unavailable or for a sanitizer build).
#
# Cases whose check fails because of a known bug in the tool say so in a
# comment ("Fixed bug"); the check states what the tool should do.
#
# POSIX sh, run from anywhere: sh tests/cli/hostile.sh
# Env: LINEAGE (default ./lineage), PYTHON (default /usr/bin/python3).

cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh

H=fixtures/hostile
G=$TMP/gen
mkdir -p "$G"
TAB=$(printf '\t')
CR=$(printf '\r')
ESC=$(printf '\033')
RSS_LIMIT_KB=153600 # 150 MB

# row FIELD... - one TSV line
row() {
	_row=$1
	shift
	for _fld in "$@"; do _row="$_row$TAB$_fld"; done
	printf '%s\n' "$_row"
}
RANK_HEADER=$(row model children descendants finetunes adapters quantized \
	merges downloads descendant_downloads license)
SHOW_HEADER=$(row role depth parent child relation relation_source \
	parent_license child_license verdict reasons)
# org/base with its two good children org/before (5) and org/after (7)
BASE_ROW=$(row org/base 2 2 2 0 0 0 100 12 mit)

# S RECORDS KEPT SKIPPED DUPS MODELS EXTERNAL EDGES SELF_LOOPS CYCLES
S() {
	echo "records=$1 kept=$2 skipped=$3 dups=$4 models=$5 external=$6" \
		"edges=$7 loops=$8 cycles=$9"
}

TIMEOUT=
if command -v timeout >/dev/null 2>&1; then TIMEOUT="timeout 300"; fi

# -- running -----------------------------------------------------------

# run LABEL ARGS... - runs lineage ARGS with stdin from $IN (default
# /dev/null); stdout in $TMP/out, stderr in $TMP/err, status in $rc. Then
# checks what every run must satisfy: no crash or hang, stdout holds only
# the TSV table of the command, stderr only lineage's own lines.
run() {
	_label=$1
	shift
	$TIMEOUT "$LINEAGE" "$@" <"${IN:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	case $1 in
	show) _hdr=$SHOW_HEADER ;;
	*) _hdr=$RANK_HEADER ;;
	esac
	_why=
	case $rc in
	0 | 1 | 2) ;;
	124) _why="timed out after 300 s (hang?)" ;;
	*) _why="exit status $rc (crash?); stderr ends: $(tail -c 800 "$TMP/err")" ;;
	esac
	if [ -z "$_why" ] && [ "$rc" -eq 1 ]; then
		# an error: said on stderr, and nothing written
		if [ -s "$TMP/out" ]; then
			_why="exit 1, yet stdout holds: $(head -c 300 "$TMP/out")"
		elif ! grep -a -q '^lineage: error: ' "$TMP/err"; then
			_why="exit 1 without an error line: $(head -c 600 "$TMP/err")"
		fi
	elif [ -z "$_why" ] && [ "$rc" -ne 2 ]; then
		if [ "$(head -n 1 "$TMP/out")" != "$_hdr" ]; then
			_why="stdout does not start with the header: $(head -c 300 "$TMP/out")"
		elif ! awk -F '\t' 'NR == 1 { nf = NF }
			NF != nf || /^lineage|warning:/ { bad = 1 }
			END { exit bad }' "$TMP/out"; then
			_why="stdout holds something other than table rows: $(head -c 600 "$TMP/out")"
		fi
	fi
	if [ -z "$_why" ] && grep -a -v '^lineage[: ]' "$TMP/err" >"$TMP/stray"; then
		_why="stderr holds lines not from lineage: $(head -c 600 "$TMP/stray")"
	fi
	if [ -z "$_why" ]; then ok "$_label: runs clean (status $rc)"
	else fail "$_label: runs clean" "$_why"; fi
}

# summary - the counts of the last summary line on stderr, as S prints them
summary() {
	grep -a ' records* in [0-9]* files*: ' "$TMP/err" | tail -n 1 |
		tr '(),;:' '     ' | awk '{
		for (i = 2; i <= NF; i++) { k = $i; sub(/s$/, "", k); v[k] = $(i - 1) }
		printf "records=%s kept=%s skipped=%s dups=%s models=%s external=%s edges=%s loops=%s cycles=%s\n",
			v["record"], v["kept"], v["skipped"], v["duplicate"], v["model"],
			v["external"], v["edge"], v["self-loop"], v["cycle"] }'
}

# warned LABEL WHERE REASON - a warning "FILE:LINE: ..." (WHERE is FILE:LINE
# or FILE:#INDEX) whose text matches the extended regexp REASON
warned() {
	if grep -a -F -- "lineage: warning: $2: " "$TMP/err" |
		grep -a -q -i -E -- "$3"; then
		ok "$1: warns at $2"
	else
		fail "$1: warns at $2" "no warning for $2 matching /$3/; stderr: $(head -c 1200 "$TMP/err")"
	fi
}

# warnings LABEL N - exactly N warning lines
warnings() {
	check_eq "$1: $2 warning(s)" "$2" "$(grep -a -c '^lineage: warning: ' "$TMP/err")"
}

# has_row LABEL ROW - stdout holds exactly this line
has_row() {
	if grep -a -q -F -x -- "$2" "$TMP/out"; then ok "$1: row $(echo "$2" | cut -f 1-3 | tr '\t' ' ')"
	else fail "$1: row $(echo "$2" | cut -f 1)" "expected '$2' in: $(head -c 1000 "$TMP/out")"; fi
}

# lacks LABEL WHAT ERE - stdout has no line matching ERE (case matters)
lacks() {
	if grep -a -q -E -- "$3" "$TMP/out"; then
		fail "$1: no $2 in the output" "$(grep -a -E -- "$3" "$TMP/out" | head -5)"
	else ok "$1: no $2 in the output"; fi
}

# hostile LABEL FILE WHERE REASON SKIPS SUMMARY [ROW...]
#   FILE     the input (- reads $IN)
#   WHERE    LINE or #INDEX of the expected warning; empty: no warning at all
#   REASON   extended regexp the warning's text must match
#   SKIPS    yes: the record is skipped (--strict is an error: exit 1,
#            nothing written); no: it is kept
#   SUMMARY  the expected counts, as S prints them
#   ROW...   lines `rank --format tsv --limit 0` must print
hostile() {
	_c=$1 _f=$2 _w=$3 _r=$4 _s=$5 _sum=$6
	shift 6
	_name=$_f
	[ "$_f" = - ] && _name="(stdin)"
	run "$_c" rank --format tsv --limit 0 "$_f"
	check_eq "$_c: exit status" 0 "$rc"
	if [ -n "$_w" ]; then warned "$_c" "$_name:$_w" "$_r"
	else warnings "$_c" 0; fi
	check_eq "$_c: summary counts" "$_sum" "$(summary)"
	for _x in "$@"; do has_row "$_c" "$_x"; done
	run "$_c --strict" rank --strict --format tsv --limit 0 "$_f"
	if [ "$_s" = yes ]; then
		check_eq "$_c: --strict exit status (record skipped)" 1 "$rc"
	else
		check_eq "$_c: --strict exit status (nothing skipped)" 0 "$rc"
	fi
}

# -- peak memory ---------------------------------------------------------

RSS_SKIP=
if ! /usr/bin/time -f %M -o "$TMP/rss" true >/dev/null 2>&1; then
	RSS_SKIP="no GNU /usr/bin/time"
elif grep -a -q -E '__asan_init|__tsan_init|__msan_init' "$LINEAGE" 2>/dev/null; then
	RSS_SKIP="sanitizer build"
fi

# rss LABEL FILE - peak RSS of `rank` on FILE stays under RSS_LIMIT_KB
rss() {
	if [ -n "$RSS_SKIP" ]; then
		echo "# skip $1: peak RSS ($RSS_SKIP)"
		return
	fi
	/usr/bin/time -f %M -o "$TMP/rss" $TIMEOUT "$LINEAGE" rank --quiet \
		--format tsv --limit 0 "$2" >/dev/null 2>&1 </dev/null
	_kb=$(tail -n 1 "$TMP/rss")
	case $_kb in
	'' | *[!0-9]*) fail "$1: peak RSS" "no reading from /usr/bin/time: $(cat "$TMP/rss")" ;;
	*) if [ "$_kb" -lt "$RSS_LIMIT_KB" ]; then ok "$1: peak RSS ${_kb} kB < 150 MB"
	   else fail "$1: peak RSS" "${_kb} kB, limit $RSS_LIMIT_KB kB"; fi ;;
	esac
}

# -- encoding and framing --------------------------------------------------

hostile bom $H/bom.jsonl "" "" no "$(S 3 3 0 0 3 0 2 0 0)" "$BASE_ROW"

# A byte order mark at the start of line 3, as `cat a.jsonl b.jsonl` leaves
# one: it is no data, so it is passed over and the record behind it kept.
run bom-middle rank --format tsv --limit 0 $H/bom-middle.jsonl
check_eq "bom-middle: exit status" 0 "$rc"
warnings bom-middle 0
check_eq "bom-middle: records read (4 lines)" records=4 \
	"$(summary | cut -d ' ' -f 1)"
has_row bom-middle "$(row org/base 3 3 3 0 0 0 100 13 mit)"

hostile crlf $H/crlf.jsonl 3 "cut short" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
run crlf-cr rank --format tsv --limit 0 $H/crlf.jsonl
check_eq "crlf: no carriage return reaches the output" 0 \
	"$(grep -a -c "$CR" "$TMP/out")"

hostile blank-lines $H/blank-lines.jsonl 7 "'id' is a number" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"

hostile truncated-object $H/truncated-object.jsonl 3 "cut short" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"

# `[1,2]` on a line is read as a (tiny) listing page: two elements, each
# "not a JSON object", reported by index.
hostile array-line $H/array-line.jsonl "#0" "not a JSON object" yes \
	"$(S 5 3 2 0 3 0 2 0 0)" "$BASE_ROW"
warned array-line "$H/array-line.jsonl:#1" "not a JSON object"

hostile null-line $H/null-line.jsonl 3 "not a JSON object" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"

# Fixed bug, kept as a regression test: `null` on line 2 defeats JSON-lines detection (it wants line 2 to
# start with "{"), so the truncated line 4 is not ended by its newline and
# swallows org/after on line 5, silently.
hostile null-then-truncated $H/null-then-truncated.jsonl 2 "not a JSON object" yes \
	"$(S 5 3 2 0 3 0 2 0 0)" "$BASE_ROW"
warned null-then-truncated "$H/null-then-truncated.jsonl:4" "cut short"

# Line 3 is cut off right after a backslash inside a string: the newline
# must still end it (before ff4cfaa it was taken as the escaped character,
# org/after on line 4 was swallowed and later line numbers were one short).
hostile escaped-newline $H/escaped-newline.jsonl 3 "cut short" yes \
	"$(S 6 4 2 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 13 mit)"
warned escaped-newline "$H/escaped-newline.jsonl:5" "not a JSON object"

# Fixed bug, kept as a regression test: a line of junk words is one bad record, but the scanner restarts at
# every blank inside it: 10 warnings and 10 "records" for one line. (A 50 MB
# line of such words gives ten million warnings and takes 12 s.)
hostile junk-words $H/junk-words.jsonl 3 "not a JSON object" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
warnings junk-words 1

# -- id ------------------------------------------------------------------

hostile no-id $H/no-id.jsonl 3 "no usable 'id'" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
hostile id-number $H/id-number.jsonl 3 "'id' is a number" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"

# Fixed bug, kept as a regression test: SPEC §1 reads `id` (or `modelId`) and ignores a wrong-typed field;
# tests/reference/lineage_ref.py uses modelId when id is not a string.
# The tool skips the record instead, losing org/via-modelid and its edge.
hostile id-number-modelid $H/id-number-modelid.jsonl 3 "'id'" no \
	"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 15 mit)"

hostile id-empty $H/id-empty.jsonl 3 "'id' is empty" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
hostile id-nul $H/id-nul.jsonl 3 "'id' holds a NUL" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
hostile id-invalid-utf8 $H/id-invalid-utf8.jsonl 3 "UTF-8|0xff" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"

# -- wrong-typed fields: warned, record kept --------------------------------

hostile card-base-model-number $H/card-base-model-number.jsonl 3 \
	"'org/card-number': 'cardData.base_model' is a number" no \
	"$(S 4 4 0 0 4 0 2 0 0)" "$BASE_ROW"
hostile card-base-model-object $H/card-base-model-object.jsonl 3 \
	"'org/card-object': 'cardData.base_model' is an object" no \
	"$(S 4 4 0 0 4 0 2 0 0)" "$BASE_ROW"
hostile card-base-model-nested-list $H/card-base-model-nested-list.jsonl 3 \
	"'org/card-nested': 'cardData.base_model' holds items that are not strings" no \
	"$(S 4 4 0 0 4 0 2 0 0)" "$BASE_ROW"
hostile tags-not-array $H/tags-not-array.jsonl 3 \
	"'org/tags-string': 'tags' is a string, not an array" no \
	"$(S 4 4 0 0 4 0 2 0 0)" "$BASE_ROW"

# -- numbers ----------------------------------------------------------------

# Fixed bug, kept as a regression test (both): 1e999 and a 30-digit integer are valid JSON syntax with an
# unusable value; Jansson refuses them, so the whole record is skipped as
# "invalid JSON" and its lineage edge is lost. SPEC §1 ignores a bad field
# and keeps the record, and the reference oracle keeps it too.
hostile downloads-1e999 $H/downloads-1e999.jsonl 3 "downloads" no \
	"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 12 mit)"
hostile downloads-30-digits $H/downloads-30-digits.jsonl 3 "downloads" no \
	"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 12 mit)"
hostile downloads-negative $H/downloads-negative.jsonl 3 \
	"'org/negative': 'downloads' is not a non-negative integer" no \
	"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 12 mit)"

# -- graph oddities -------------------------------------------------------

# last wins: org/before now has 50 downloads and licence apache-2.0
hostile duplicate $H/duplicate.jsonl 3 \
	"'org/before': duplicate record replaces the one at fixtures/hostile/duplicate.jsonl:2" no \
	"$(S 4 4 0 1 3 0 2 0 0)" "$(row org/base 2 2 2 0 0 0 100 57 mit)"
run duplicate-show show --format tsv org/before $H/duplicate.jsonl
check_eq "duplicate-show: exit status" 0 "$rc"
has_row duplicate-show "$(row ancestor 1 org/base org/before finetune inferred mit apache-2.0 ok '')"

hostile self-loop $H/self-loop.jsonl 3 "'org/selfish': names itself" no \
	"$(S 5 5 0 0 5 0 2 2 0)" "$BASE_ROW"
warned self-loop "$H/self-loop.jsonl:4" "'org/Selfish-URL': names itself"
lacks self-loop "row for a self-looped model" '^org/[Ss]elfish'

hostile cycle $H/cycle.jsonl 3 "cycle of 2 models" no \
	"$(S 5 5 0 0 5 0 4 0 1)" "$BASE_ROW" \
	"$(row org/cycle-a 1 1 1 0 0 0 1 2 unknown)" "$(row org/cycle-b 1 1 1 0 0 0 2 1 unknown)"
run cycle-show show --format tsv --depth 0 org/cycle-a $H/cycle.jsonl
check_eq "cycle-show: exit status" 0 "$rc"
has_row cycle-show "$(row descendant 1 org/cycle-a org/cycle-b finetune inferred unknown unknown info BOTH_UNKNOWN)"
has_row cycle-show "$(row ancestor 1 org/cycle-b org/cycle-a finetune inferred unknown unknown info BOTH_UNKNOWN)"
check_eq "cycle-show: bounded output" 5 "$(wc -l <"$TMP/out" | tr -d ' ')"

# https://huggingface.co/org/base, org/base/ and ORG/BASE are org/base
for _p in url:via-url trailing-slash:via-slash uppercase:via-upper; do
	_case=parent-${_p%%:*}
	_child=org/${_p#*:}
	hostile "$_case" "$H/$_case.jsonl" "" "" no \
		"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 15 mit)"
	lacks "$_case" "second spelling of org/base" 'huggingface|^ORG/BASE|^org/base/'
	run "$_case-show" show --format tsv org/base "$H/$_case.jsonl"
	check_eq "$_case-show: exit status" 0 "$rc"
	if grep -a -q -F -- "org/base$TAB$_child$TAB" "$TMP/out"; then
		ok "$_case-show: $_child is a child of org/base"
	else
		fail "$_case-show: $_child is a child of org/base" "$(cat "$TMP/out")"
	fi
done
# five spellings of one parent that has no record: one external node
hostile parent-forms-external $H/parent-forms-external.jsonl "" "" no \
	"$(S 5 5 0 0 6 1 5 0 0)" "$(row org/ext 5 5 5 0 0 0 '' 10 unknown)"

# -- what a warning may print ----------------------------------------------

# Fixed bug, kept as a regression test: the unknown base_model_relation is echoed raw: its ESC sequences
# reach the terminal (here: clear screen, red), and its newline forges a
# second "lineage: ..." line on stderr.
hostile control-chars-in-warning $H/control-chars-in-warning.jsonl 3 \
	"'org/ctl': unknown base_model_relation" no \
	"$(S 4 4 0 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 15 mit)"
check_eq "control-chars-in-warning: no ESC byte on stderr" 0 \
	"$(grep -a -c "$ESC" "$TMP/err")"
check_eq "control-chars-in-warning: stderr is one warning line and the summary" 2 \
	"$(wc -l <"$TMP/err" | tr -d ' ')"

# -- whole-file shapes --------------------------------------------------------

hostile listing-page $H/listing-page.json "#2" "not a JSON object" yes \
	"$(S 5 3 2 0 3 0 2 0 0)" "$BASE_ROW"
warned listing-page "$H/listing-page.json:#3" "'id'"

hostile truncated-mid-record $H/truncated-mid-record.jsonl.gz 25 "cut short" yes \
	"$(S 25 24 1 0 24 0 23 0 0)" "$(row org/base 1 23 1 0 0 0 100 236 mit)" \
	"$(row org/before 22 22 22 0 0 0 5 231 mit)"

# Fixed bug, kept as a regression test: a gzip stream cut exactly between two records is read without a
# word (zlib's "unexpected end of file" is a Z_BUF_ERROR, which gzread
# reports as a plain end of input): exit 0 even with --strict.
run truncated-at-boundary rank --format tsv --limit 0 $H/truncated-at-boundary.jsonl.gz
case $rc in
0 | 1) ok "truncated-at-boundary: exit status $rc" ;;
*) fail "truncated-at-boundary: exit status" "got $rc" ;;
esac
warned truncated-at-boundary "$H/truncated-at-boundary.jsonl.gz" \
	"end of (file|input)|truncated|read error|gzip"
has_row truncated-at-boundary "$(row org/base 1 1 1 0 0 0 100 5 mit)"
run truncated-at-boundary-strict rank --strict --format tsv --limit 0 \
	$H/truncated-at-boundary.jsonl.gz
check_eq "truncated-at-boundary: --strict exit status" 1 "$rc"

# one pretty-printed model-info object; warnings name its first line
hostile pretty-object $H/pretty-object.json 1 \
	"'org/pretty': 'likes' is not a non-negative integer" no \
	"$(S 1 1 0 0 2 1 1 0 0)" "$(row org/base 1 1 1 0 0 0 '' 9 unknown)"
# ... and one with a missing comma: the line of the error, not of the object
hostile pretty-invalid $H/pretty-invalid.json 6 "invalid JSON" yes \
	"$(S 1 0 1 0 0 0 0 0 0)"

# an input that yields no record is a warning, and an error under --strict
for _e in empty whitespace-only; do
	run "$_e" rank --format tsv --limit 0 "$H/$_e.jsonl"
	check_eq "$_e: exit status" 0 "$rc"
	check_eq "$_e: stdout is the header alone" 1 "$(wc -l <"$TMP/out" | tr -d ' ')"
	check "$_e: warns that it holds no record" grep -q \
		"^lineage: warning: $H/$_e.jsonl: no model record found here$" "$TMP/err"
	run "$_e --strict" rank --strict --format tsv --limit 0 "$H/$_e.jsonl"
	check_eq "$_e: --strict exit status" 1 "$rc"
done

# -- stdin ------------------------------------------------------------------

IN=$H/truncated-object.jsonl
hostile stdin-truncated-object - 3 "cut short" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
IN=$H/truncated-mid-record.jsonl.gz
hostile stdin-truncated-gzip - 25 "cut short" yes \
	"$(S 25 24 1 0 24 0 23 0 0)" "$(row org/before 22 22 22 0 0 0 5 231 mit)"
IN=$H/listing-page.json
hostile stdin-listing-page - "#2" "not a JSON object" yes \
	"$(S 5 3 2 0 3 0 2 0 0)" "$BASE_ROW"
IN=

# -- big inputs, generated here ---------------------------------------------

if "$PYTHON" - "$G" <<'EOF'
import os, sys
d = sys.argv[1]
BASE = '{"id":"org/base","author":"org","tags":["license:mit"],"downloads":100}\n'
BEFORE = '{"id":"org/before","author":"org","tags":["base_model:org/base","license:mit"],"downloads":5}\n'
AFTER = '{"id":"org/after","author":"org","tags":["base_model:finetune:org/base","license:mit"],"downloads":7}\n'
LAST = '{"id":"org/last","tags":["base_model:org/base"],"downloads":1}\n'

def write(name, *lines):
    with open(os.path.join(d, name), "w") as f:
        f.write(BASE + BEFORE + "".join(lines) + AFTER)

n = 100000
write("deep-nesting.jsonl", '{"id":"org/deep","tags":["base_model:org/base"],"x":' + "[" * n + "]" * n + "}\n")
mb8 = "a" * (8 << 20)
write("string-8mb.jsonl",
      '{"id":"org/big-description","tags":["base_model:org/base"],"downloads":1,"description":"' + mb8 + '"}\n',
      '{"id":"org/big-pipeline","tags":["base_model:org/base"],"downloads":2,"pipeline_tag":"' + mb8 + '"}\n')
write("id-70000.jsonl", '{"id":"' + "x" * 70000 + '","tags":["base_model:org/base"]}\n')
write("junk-50mb.jsonl", "x" * (50 << 20) + "\n")
write("string-50mb-unclosed.jsonl", '{"id":"org/junk","description":"' + "y" * (50 << 20) + "\n")
# a first line longer than the 1 MiB the JSON-lines detection looks at
with open(os.path.join(d, "huge-first-line.jsonl"), "w") as f:
    f.write('{"id":"org/base","tags":["license:mit"],"downloads":100,"description":"'
            + "z" * (2 << 20) + '"}\n' + BEFORE
            + '{"id":"org/trunc","tags":["base_model:org/base","lic\n' + AFTER + LAST)
EOF
then
	ok "generate big inputs"
else
	fail "generate big inputs" "$PYTHON failed"
fi

hostile deep-nesting "$G/deep-nesting.jsonl" 3 "nested deeper than" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
rss deep-nesting "$G/deep-nesting.jsonl"

hostile string-8mb "$G/string-8mb.jsonl" 4 \
	"'org/big-pipeline': 'pipeline_tag' is longer than 4096 bytes" no \
	"$(S 5 5 0 0 5 0 4 0 0)" "$(row org/base 4 4 4 0 0 0 100 15 mit)"
rss string-8mb "$G/string-8mb.jsonl"

hostile id-70000 "$G/id-70000.jsonl" 3 "'id' is 70000 bytes long" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
rss id-70000 "$G/id-70000.jsonl"

hostile junk-50mb "$G/junk-50mb.jsonl" 3 "not a JSON object" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
rss junk-50mb "$G/junk-50mb.jsonl"

hostile string-50mb-unclosed "$G/string-50mb-unclosed.jsonl" 3 "longer than 16 MiB" yes \
	"$(S 4 3 1 0 3 0 2 0 0)" "$BASE_ROW"
rss string-50mb-unclosed "$G/string-50mb-unclosed.jsonl"

# Fixed bug, kept as a regression test: same cause as null-then-truncated: the detection sees no second line
# in its first 1 MiB, so the truncated line 3 swallows lines 4 and 5.
hostile huge-first-line "$G/huge-first-line.jsonl" 3 "cut short" yes \
	"$(S 5 4 1 0 4 0 3 0 0)" "$(row org/base 3 3 3 0 0 0 100 13 mit)"

# -- everything at once ---------------------------------------------------------

# the whole directory: no crash, and the same answer on 1 thread as on all
run all-fixtures rank --format tsv --limit 0 $H
case $rc in
0 | 1) ok "all-fixtures: exit status $rc" ;;
*) fail "all-fixtures: exit status" "got $rc" ;;
esac
cp "$TMP/out" "$TMP/all.out"
sed 's/^lineage: [0-9]* records skipped.*//' "$TMP/err" >"$TMP/all.err"
run all-fixtures-1-thread rank --threads 1 --format tsv --limit 0 $H
check_golden "all-fixtures: 1 thread, same table" "$TMP/all.out" "$TMP/out"
sed 's/^lineage: [0-9]* records skipped.*//' "$TMP/err" >"$TMP/one.err"
check_golden "all-fixtures: 1 thread, same warnings" "$TMP/all.err" "$TMP/one.err"

finish
