#!/bin/sh
# tests/cli/audit.sh - the licence audit against SPEC-licenses.md, case by
# case (tests/audit/check_audit.py), and --licenses with a user file.
. tests/lib.sh
"$PYTHON" tests/audit/check_audit.py "$LINEAGE" || failures=$((failures + 1))

# a user file overrides a rule and adds an alias
cat >"$TMP/extra.tab" <<'TAB'
license acme-open permissive
alias acme-open-license acme-open
rule permissive unknown info CHILD_LICENSE_MISSING
TAB
printf '%s\n' '{"id":"o/base","cardData":{"license":"other","license_name":"ACME-Open-License"}}' \
	'{"id":"o/child","tags":["base_model:o/base"]}' >"$TMP/in.jsonl"
"$LINEAGE" audit --all --quiet --format tsv --licenses "$TMP/extra.tab" \
	"$TMP/in.jsonl" >"$TMP/out" 2>"$TMP/err"
check_eq "--licenses: alias resolves and the rule is overridden" \
	"acme-open	unknown	info	CHILD_LICENSE_MISSING" \
	"$(cut -f 4-7 "$TMP/out" | tail -n 1)"
printf 'rule permissive nowhere ok\n' >"$TMP/bad.tab"
"$LINEAGE" audit --quiet --licenses "$TMP/bad.tab" "$TMP/in.jsonl" \
	>/dev/null 2>"$TMP/err"
check_eq "--licenses: a bad line is an error naming file:line" 1 "$?"
check "--licenses: the error names the file and line" \
	grep -q "bad.tab:1: unknown licence family 'nowhere'" "$TMP/err"
finish
