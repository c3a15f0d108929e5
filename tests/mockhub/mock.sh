# tests/mockhub/mock.sh - the mock Hub for the CLI test scripts (sourced
# after tests/lib.sh, POSIX sh; tests/cli/fetch.sh and update.sh).
# Needs MOCK (mockhub.py), OUT (outputs); keeps the mocks' pids in MOCKS.

MOCKS=
cleanup() {
	for _p in $MOCKS; do kill "$_p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sc() { "$PYTHON" tests/mockhub/snapcheck.py "$@"; }

# start_mock NAME ARGS...: starts the mock (log $TMP/NAME.log), sets EP
start_mock() {
	_name=$1
	shift
	: >"$TMP/$_name.port"
	"$PYTHON" "$MOCK" --log "$TMP/$_name.log" --max-seconds 300 "$@" \
		>"$TMP/$_name.port" 2>"$TMP/$_name.err" &
	MOCKS="$MOCKS $!"
	echo $! >"$TMP/$_name.pid"
	_i=0
	PORT=
	while [ -z "$PORT" ]; do
		PORT=$(sed -n 's/^PORT //p' "$TMP/$_name.port")
		[ -n "$PORT" ] && break
		_i=$((_i + 1))
		if [ "$_i" -gt 300 ] || ! kill -0 "$(cat "$TMP/$_name.pid")" 2>/dev/null; then
			fail "mock $_name starts" "$(head -c 2000 "$TMP/$_name.err")"
			return 1
		fi
		sleep 0.05
	done
	EP=http://127.0.0.1:$PORT
	touch "$TMP/$_name.log"
}
stop_mock() { kill "$(cat "$TMP/$1.pid")" 2>/dev/null; }

# mark NAME: lines in NAME's log so far (a run's requests come after)
mark() { sleep 0.1; wc -l <"$TMP/$1.log" | tr -d ' '; }

# fx NAME ARGS...: lineage fetch ARGS against $EP; output in $OUT/NAME.*
fx() {
	_n=$1
	shift
	HF_ENDPOINT=$EP timeout 120 "$LINEAGE" fetch "$@" \
		>"$OUT/$_n.out" 2>"$OUT/$_n.err"
	st=$?
}

# status NAME WANT: the last fx exit status
status() { check_eq "$1: exit status" "$2" "$st"; }

# says NAME ERE FILE: FILE (a stderr) matches the extended regex ERE
says() {
	if grep -Eqi -e "$2" "$3"; then ok "$1"
	else fail "$1" "stderr was: $(head -c 600 "$3")"; fi
}
