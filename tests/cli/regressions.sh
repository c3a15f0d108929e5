#!/bin/sh
# tests/cli/regressions.sh - bugs a code review found, each kept fixed:
# a line after a cut-off string, front matter outside README.md, the
# token and a foreign Link host, -o through symlinks and FIFOs, and a
# --limit raised on --resume.
. tests/lib.sh

# 1. JSON lines: a string cut off by the newline costs that line only
printf '%s\n' '{"id":"x/y"}' '{"id":"a/b","tags":["base_model:x/y"]}' \
	'"abc' '{"id":"e/f","tags":["base_model:x/y"]}' \
	'{"id":"g/h","tags":["base_model:x/y"]}' >"$TMP/cut.jsonl"
"$LINEAGE" rank --format tsv "$TMP/cut.jsonl" >"$TMP/out" 2>"$TMP/err"
check "cut-off string: the next line is kept" \
	grep -q "5 records in 1 file: 4 kept, 1 skipped" "$TMP/err"
check_eq "cut-off string: x/y keeps its 3 children" 3 \
	"$(awk -F'\t' '$1 == "x/y" { print $2 }' "$TMP/out")"

# 2. only README.md is a model card, whatever else starts with ---
mkdir -p "$TMP/repos/org/model/docs"
printf -- '---\nbase_model: meta-llama/Llama-2-7b-hf\nlicense: llama2\n---\n' \
	>"$TMP/repos/org/model/README.md"
printf -- '---\ntitle: changes\n---\n' >"$TMP/repos/org/model/docs/CHANGELOG.md"
printf -- '---\nnotes\n' >"$TMP/repos/org/model/notes.txt"
"$LINEAGE" rank --format tsv --quiet "$TMP/repos" >"$TMP/out"
check_eq "front matter outside README.md is no card" \
	"meta-llama/Llama-2-7b-hf	1" "$(tail -n 1 "$TMP/out" | cut -f 1-2)"

# 3. the token goes to the Hub's origin only, not to a host a Link names
"$PYTHON" - "$TMP" <<'PY' &
import http.server, sys, threading, json
tmp = sys.argv[1]
class Other(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        open(f"{tmp}/other.log", "a").write(
            "auth\n" if self.headers.get("Authorization") else "none\n")
        body = b"[]"
        self.send_response(200); self.send_header("Content-Length", "2")
        self.end_headers(); self.wfile.write(body)
other = http.server.HTTPServer(("127.0.0.1", 0), Other)
class Hub(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        body = json.dumps([{"id": "a/b"}]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Link", '<http://localhost:%d/steal>; rel="next"'
                         % other.server_port)
        self.end_headers(); self.wfile.write(body)
hub = http.server.HTTPServer(("127.0.0.1", 0), Hub)
open(f"{tmp}/port", "w").write(str(hub.server_port))
threading.Thread(target=other.handle_request, daemon=True).start()
hub.timeout = 30
hub.handle_request()
other.timeout = 30
threading.Event().wait(5)
PY
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/port" ] && break; sleep 0.3; done
HF_ENDPOINT="http://127.0.0.1:$(cat "$TMP/port")" HF_TOKEN=hf_regression_SECRET \
	"$LINEAGE" fetch --quiet --out "$TMP/snap" >/dev/null 2>"$TMP/err"
check_eq "token: not sent to the host a Link header names" "none" \
	"$(cat "$TMP/other.log" 2>/dev/null)"
wait

# 4. -o through a symlink replaces its target and keeps the link; a FIFO
# is written, not replaced
echo old >"$TMP/target.tsv"
ln -s target.tsv "$TMP/link.tsv"
"$LINEAGE" rank --quiet -o "$TMP/link.tsv" fixtures/cards
check "-o symlink: the link stays a link" test -L "$TMP/link.tsv"
check "-o symlink: its target holds the ranking" \
	grep -q '^model	children' "$TMP/target.tsv"
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/fifo.out" &
"$LINEAGE" rank --quiet -o "$TMP/fifo" fixtures/cards
wait
check "-o FIFO: written through, still a FIFO" test -p "$TMP/fifo"
check "-o FIFO: the reader got the ranking" grep -q '^acme/base' "$TMP/fifo.out"

# 5. --limit cuts a page; --resume with a higher limit takes the rest
"$PYTHON" -c 'import json
for i in range(10): print(json.dumps({"id": "m/%d" % i}))' >"$TMP/ten.jsonl"
"$PYTHON" tests/mockhub/mockhub.py --data "$TMP/ten.jsonl" --max-seconds 60 \
	>"$TMP/mock.out" 2>/dev/null &
mock=$!
for i in $(seq 1 40); do
	port=$(head -n 1 "$TMP/mock.out" 2>/dev/null | awk '{print $2}')
	[ -n "$port" ] && break
	sleep 0.25
done
export HF_ENDPOINT="http://127.0.0.1:$port"
"$LINEAGE" fetch --quiet --out "$TMP/lim" --page-size 4 --limit 6
"$LINEAGE" fetch --quiet --out "$TMP/lim" --page-size 4 --limit 100 --resume
kill "$mock" 2>/dev/null
check_eq "--limit then --resume with more: every record once" \
	"m/0 m/1 m/2 m/3 m/4 m/5 m/6 m/7 m/8 m/9" \
	"$(grep -o '"id": *"m/[0-9]"' "$TMP/lim/records.jsonl" | grep -o 'm/[0-9]' | sort | tr '\n' ' ' | sed 's/ $//')"
finish
