#!/bin/sh
# tests/cli/report.sh - `lineage report` as its reader meets it: the page
# of the real fixtures opened in headless Chromium, screenshot and print
# checked (tests/report/check_report.py), its tables against `lineage
# stats`; and the command's edges: --format refused, a failed write
# leaves nothing, the same input gives the same bytes.
. tests/lib.sh
FIX=fixtures/hub-listing-2024-07

# Chromium as the issue asks: headless, no network chatter, a fresh
# profile each time.
chromium_run() {
	rm -rf "$TMP/profile"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$TMP/profile" \
		--hide-scrollbars "$@" >>"$TMP/chromium.log" 2>&1
}

check "report: writes the page" \
	"$LINEAGE" report "$FIX" -o "$TMP/report.html" --quiet
"$LINEAGE" stats "$FIX" --format json --quiet >"$TMP/stats.json"
"$LINEAGE" report "$FIX" -o "$TMP/again.html" --quiet
check_golden "report: the same input gives the same page" \
	"$TMP/report.html" "$TMP/again.html"

if command -v chromium >/dev/null 2>&1; then
	# the same page without its charts: what the charts' pixels are
	# measured against
	sed -e '/<svg class="chart"/,/<\/svg>/d' "$TMP/report.html" \
		>"$TMP/bare.html"
	chromium_run --window-size=1100,9000 \
		--screenshot="$TMP/report.png" "file://$TMP/report.html"
	chromium_run --window-size=1100,9000 \
		--screenshot="$TMP/bare.png" "file://$TMP/bare.html"
	chromium_run --no-pdf-header-footer --print-to-pdf="$TMP/report.pdf" \
		"file://$TMP/report.html"
	if [ -s "$TMP/report.png" ] && [ -s "$TMP/bare.png" ] &&
		[ -s "$TMP/report.pdf" ]; then
		ok "report: headless Chromium opens, shoots and prints it"
		$PYTHON tests/report/check_report.py "$TMP/report.html" \
			"$TMP/stats.json" "$TMP/report.png" "$TMP/bare.png" \
			"$TMP/report.pdf" | grep -v '^[0-9]* passed'
		[ -n "${REPORT_SCREENSHOT:-}" ] &&
			cp "$TMP/report.png" "$REPORT_SCREENSHOT"
	else
		fail "report: headless Chromium opens, shoots and prints it" \
			"$(tail -5 "$TMP/chromium.log")"
	fi
else
	fail "report: headless Chromium opens it" \
		"chromium is missing (tests/install-deps.sh installs it)"
fi

"$LINEAGE" report "$FIX" --format json -o "$TMP/x.html" 2>"$TMP/err"
check_eq "report: --format is refused (exit 2)" 2 $?
check "report: and says why" grep -q "the report is HTML" "$TMP/err"
"$LINEAGE" report "$FIX" --quiet -o "$TMP/no/such/dir/r.html" 2>"$TMP/err"
check_eq "report: an unwritable output fails (exit 1)" 1 $?
check "report: and leaves nothing behind" test ! -e "$TMP/no/such/dir"

"$LINEAGE" report "$FIX" --quiet --search llama --fold --no-communities \
	--limit 5 -o "$TMP/sample.html"
check "report: the sample is named on the page" grep -q \
	"Models whose id holds &apos;llama&apos; (a vendor&apos;s licence" \
	"$TMP/sample.html"
check "report: --no-communities leaves that section out" \
	sh -c "! grep -q 'id=\"communities\"' '$TMP/sample.html'"
rows=$(sed -n '/id="authors"/,/<\/section>/p' "$TMP/sample.html" |
	grep -c '<tr><td>')
check_eq "report: --limit 5 rows per table" 5 "$rows"
finish
