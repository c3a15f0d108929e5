#!/bin/sh
# tests/cli/compliance.sh - concluded licences, policies and waivers on
# the real fixtures (fixtures/hub-listing-2024-07) and small inputs:
#   - every node's concluded licence against a walk in Python
#     (tests/compliance/check_concluded.py);
#   - a policy denying family:non-commercial for sell fails exactly the
#     edges worked out in Python (tests/compliance/check_policy.py), and
#     changes --fail-on where it should; --use share adds nothing;
#   - the shipped example policies parse and run;
#   - policy and waiver file errors name FILE:LINE (exit 1), --policy and
#     --use without each other are usage errors (exit 2);
#   - waivers: the row carries the justification, --fail-on passes when
#     all is waived, an expired waiver warns once and counts again, the
#     glob ignores case.
. tests/lib.sh
FIX=fixtures/hub-listing-2024-07

# audit ARGS...: runs lineage audit (no cache), stdout to $TMP/out,
# stderr to $TMP/err, the status in $rc
audit() {
	"$LINEAGE" audit --no-cache "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

# -- concluded licences ------------------------------------------------------

# py SCRIPT ARGS...: a Python check; its ok/FAIL lines shown, a failure or
# a crash counted
py() {
	"$PYTHON" "$@" >"$TMP/py.log" 2>&1 || failures=$((failures + 1))
	grep -v '^[0-9]* passed, [0-9]* failed$' "$TMP/py.log"
}

py tests/compliance/check_concluded.py "$LINEAGE"

# -- a policy: deny non-commercial for sell -------------------------------------

printf '# no non-commercial licence in what we sell\ndeny family:non-commercial sell\n' \
	>"$TMP/nc.policy"
"$LINEAGE" audit --all --format tsv --quiet --no-cache "$FIX" \
	>"$TMP/base.tsv"
"$LINEAGE" audit --all --format tsv --quiet --no-cache \
	--policy "$TMP/nc.policy" --use sell "$FIX" >"$TMP/sell.tsv"
py tests/compliance/check_policy.py "$TMP/base.tsv" "$TMP/sell.tsv" "$FIX"

audit --all --format tsv --quiet --policy "$TMP/nc.policy" --use share "$FIX"
check_golden "policy: --use share with a sell-only rule changes no row" \
	"$TMP/base.tsv" "$TMP/out"
check_eq "policy: --use share adds no POLICY_DENY" 0 \
	"$(grep -c POLICY_DENY "$TMP/out")"

audit --quiet --fail-on conflict --policy "$TMP/nc.policy" --use sell "$FIX"
check_eq "policy: --fail-on conflict on the fixtures exits 3 with the policy" \
	3 "$rc"
conflicts() { awk -F '\t' '$6 == "conflict"' "$1" | wc -l | tr -d ' '; }
before=$(conflicts "$TMP/base.tsv") after=$(conflicts "$TMP/sell.tsv")
denied_new=$(awk -F '\t' 'NR == FNR { if ($6 != "conflict") ok[$1 FS $2] = 1; next }
	($1 FS $2) in ok && $7 ~ /POLICY_DENY/' "$TMP/base.tsv" "$TMP/sell.tsv" |
	wc -l | tr -d ' ')
check_eq "policy: conflicts on the fixtures rise from $before by the $denied_new denied edges that were not conflicts" \
	"$((before + denied_new))" "$after"

# a small input with no conflict of its own: the policy alone closes the gate
cat >"$TMP/nc.jsonl" <<'EOF'
{"id": "org/nc-base", "tags": ["license:cc-by-nc-4.0"]}
{"id": "org/nc-kid", "tags": ["license:cc-by-nc-4.0", "base_model:finetune:org/nc-base"]}
{"id": "org/mit-base", "tags": ["license:mit"]}
{"id": "org/mit-kid", "tags": ["license:mit", "base_model:finetune:org/mit-base"]}
EOF
audit --quiet --fail-on conflict "$TMP/nc.jsonl"
check_eq "policy: a non-commercial fine-tune passes --fail-on conflict without a policy" 0 "$rc"
audit --quiet --fail-on conflict --format tsv --policy "$TMP/nc.policy" \
	--use sell "$TMP/nc.jsonl"
check_eq "policy: and fails it (exit 3) with the policy for sell" 3 "$rc"
check_eq "policy: the one row is the non-commercial edge, POLICY_DENY" \
	"org/nc-base	org/nc-kid	conflict	POLICY_DENY" \
	"$(cut -f 1,2,6,7 "$TMP/out" | tail -n +2)"
audit --quiet --fail-on conflict --policy "$TMP/nc.policy" --use share \
	"$TMP/nc.jsonl"
check_eq "policy: and passes it for share" 0 "$rc"

# -- the shipped example policies -------------------------------------------------

audit --all --format tsv --quiet --policy policies/commercial.policy \
	--use sell "$FIX"
check_eq "policies/commercial.policy --use sell runs (exit 0)" 0 "$rc"
check "policies/commercial.policy: it denies and flags edges" \
	sh -c "grep -q POLICY_DENY '$TMP/out' && grep -q POLICY_FLAG '$TMP/out'"
# 'deny unknown sell': a child concluded to carry no licence is denied
check_eq "policies/commercial.policy: every edge into a child concluded to carry none is denied" \
	0 "$(awk -F '\t' 'NR > 1 && $10 == "none" && $7 !~ /POLICY_DENY/' \
		"$TMP/out" | wc -l | tr -d ' ')"
audit --all --format tsv --quiet --policy policies/research.policy \
	--use share "$FIX"
check_eq "policies/research.policy --use share runs (exit 0)" 0 "$rc"
# 'flag unknown share': no edge into a licence-less child goes unremarked
check_eq "policies/research.policy: every edge into a child concluded to carry none is flagged or denied" \
	0 "$(awk -F '\t' 'NR > 1 && $10 == "none" && $7 !~ /POLICY_(FLAG|DENY)/' \
		"$TMP/out" | wc -l | tr -d ' ')"

# -- policy file errors -------------------------------------------------------------

# bad_policy NAME LINE: line 3 of the file is LINE; exit 1 naming FILE:3:
bad_policy() {
	printf '# a policy with a bad third line\nallow family:permissive *\n%s\n' \
		"$2" >"$TMP/bad.policy"
	audit --quiet --policy "$TMP/bad.policy" --use sell "$TMP/nc.jsonl"
	check_eq "policy errors: $1 exits 1" 1 "$rc"
	check "policy errors: $1 names FILE:LINE" \
		grep -q "$TMP/bad.policy:3: " "$TMP/err"
}
bad_policy "a bad action (permit)" "permit mit sell"
bad_policy "an unknown licence id" "deny no-such-licence-9.9 sell"
bad_policy "an unknown family" "deny family:commercial-ish sell"
bad_policy "a bad use (resell)" "deny family:non-commercial resell"
audit --quiet --policy "$TMP/nc.policy" "$TMP/nc.jsonl"
check_eq "policy errors: --policy without --use exits 2" 2 "$rc"
audit --quiet --use sell "$TMP/nc.jsonl"
check_eq "policy errors: --use without --policy exits 2" 2 "$rc"
audit --quiet --policy "$TMP/nc.policy" --use resell "$TMP/nc.jsonl"
check_eq "policy errors: --use resell exits 2" 2 "$rc"

# -- waivers on the fixtures -----------------------------------------------------------

NORSK=bineric/NorskGPT-Llama3-8b
WHY="Meta granted a separate licence (ticket 42)"
# a finding is waived when its every reason is: NorskGPT carries three
printf '# accepted findings\n%s\tVENDOR_NOT_SUBLICENSABLE\t2999-12-31\t%s\n' \
	"$NORSK" "$WHY" >"$TMP/w1.txt"
audit --format tsv --waivers "$TMP/w1.txt" "$FIX"
check "waivers: a waiver for one of a finding's three reasons waives nothing" \
	grep -q "^lineage: 0 findings waived by $TMP/w1.txt\$" "$TMP/err"
{ cat "$TMP/w1.txt"
  printf '%s\tLLAMA_NAME_PREFIX\t2999-12-31\tthe name predates the rule\n' "$NORSK"
  printf '%s\tMAU_LIMIT\tnever\tfar below 700 M users\n' "$NORSK"; } >"$TMP/w.txt"
"$LINEAGE" audit --format tsv --quiet --no-cache "$FIX" >"$TMP/plain.tsv"
audit --format tsv --waivers "$TMP/w.txt" "$FIX"
check_eq "waivers: a waiver in force puts its justification in the row's waiver column" \
	"meta-llama/Meta-Llama-3-8B	$NORSK	conflict	$WHY" \
	"$(awk -F '\t' -v c="$NORSK" '$2 == c' "$TMP/out" | cut -f 1,2,6,12)"
check "waivers: stderr says 1 finding waived" \
	grep -q "^lineage: 1 finding waived by $TMP/w.txt\$" "$TMP/err"
check_eq "waivers: every row is still listed, only that one carries a waiver" \
	"$(wc -l <"$TMP/plain.tsv" | tr -d ' ') 1" \
	"$(wc -l <"$TMP/out" | tr -d ' ') $(awk -F '\t' 'NR > 1 && $12 != ""' \
		"$TMP/out" | wc -l | tr -d ' ')"
check_eq "waivers: the other rows are unchanged" "" \
	"$(awk -F '\t' -v c="$NORSK" '$2 != c' "$TMP/plain.tsv" >"$TMP/a"
	awk -F '\t' -v c="$NORSK" '$2 != c' "$TMP/out" | diff "$TMP/a" - |
		head -5)"
printf 'BINERIC/norskgpt-LLAMA3-*  *  never  any case\n' \
	>"$TMP/wcase.txt"
audit --format tsv --waivers "$TMP/wcase.txt" "$FIX"
check_eq "waivers: the glob matches ignoring case" "any case" \
	"$(awk -F '\t' -v c="$NORSK" '$2 == c' "$TMP/out" | cut -f 12)"
check "waivers: (1 finding waived)" \
	grep -q "^lineage: 1 finding waived by" "$TMP/err"

# -- waivers on a small input --------------------------------------------------------

cat >"$TMP/small.jsonl" <<'EOF'
{"id": "meta-llama/Meta-Llama-3-8B", "tags": ["license:llama3"]}
{"id": "acme/Norsk-8b", "tags": ["license:cc-by-nc-sa-4.0", "base_model:finetune:meta-llama/Meta-Llama-3-8B"]}
{"id": "acme/Norsk-8b-v2", "tags": ["license:cc-by-nc-sa-4.0", "base_model:finetune:meta-llama/Meta-Llama-3-8B"]}
{"id": "org/mit-base", "tags": ["license:mit"]}
{"id": "org/mit-kid", "tags": ["license:mit", "base_model:finetune:org/mit-base"]}
EOF
audit --quiet --fail-on conflict "$TMP/small.jsonl"
check_eq "waivers: the small input's two conflicts fail --fail-on conflict (exit 3)" 3 "$rc"
printf 'acme/norsk-8b*\t*\t2999-12-31\taccepted\n' \
	>"$TMP/wall.txt"
audit --fail-on conflict --format tsv --waivers "$TMP/wall.txt" \
	"$TMP/small.jsonl"
check_eq "waivers: with both waived --fail-on conflict exits 0" 0 "$rc"
check_eq "waivers: both rows still listed, waived" \
	"acme/Norsk-8b	conflict	accepted
acme/Norsk-8b-v2	conflict	accepted" "$(tail -n +2 "$TMP/out" | cut -f 2,6,12)"
check "waivers: stderr says 2 findings waived" \
	grep -q "^lineage: 2 findings waived by" "$TMP/err"
printf 'acme/norsk-8b\t*\t2999-12-31\tone only\n' \
	>"$TMP/wone.txt"
audit --quiet --fail-on conflict --waivers "$TMP/wone.txt" "$TMP/small.jsonl"
check_eq "waivers: one of the two waived still fails (exit 3)" 3 "$rc"

# expired: one warning per waiver, however many findings it covered
printf '# old\n\nacme/*\t*\t2020-01-01\tuntil the new licence\n' >"$TMP/wold.txt"
audit --fail-on conflict --waivers "$TMP/wold.txt" "$TMP/small.jsonl"
check_eq "waivers: an expired waiver waives nothing: --fail-on conflict exits 3" 3 "$rc"
check_eq "waivers: it warns once, naming FILE:LINE and that it expired" 1 \
	"$(grep -c "^lineage: warning: $TMP/wold.txt:3: .*expired" "$TMP/err")"
check "waivers: (0 findings waived)" \
	grep -q "^lineage: 0 findings waived by" "$TMP/err"
check_eq "waivers: an expired waiver's rows carry no waiver" "" \
	"$(awk -F '\t' 'NR > 1 && $12 != ""' "$TMP/out")"

# bad_waiver NAME LINE: line 2 of the file is LINE; exit 1 naming FILE:2:
bad_waiver() {
	printf 'acme/norsk-8b\t*\tnever\tfine\n%s\n' "$2" >"$TMP/bad.txt"
	audit --quiet --waivers "$TMP/bad.txt" "$TMP/small.jsonl"
	check_eq "waiver errors: $1 exits 1" 1 "$rc"
	check "waiver errors: $1 names FILE:LINE" \
		grep -q "$TMP/bad.txt:2: " "$TMP/err"
}
bad_waiver "an unknown reason code" "acme/* NO_SUCH_REASON 2999-12-31 why"
bad_waiver "a bad date (2024-02-30)" "acme/* * 2024-02-30 why"
bad_waiver "a bad date (31/12/2099)" "acme/* * 31/12/2099 why"
bad_waiver "a waiver without a justification" "acme/* * never"
finish
