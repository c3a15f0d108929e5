#!/usr/bin/python3
"""mockhub.py - a loopback mock of the Hugging Face Hub model API, for the
`lineage fetch` tests (tests/cli/fetch.sh). Standard library only.

It binds 127.0.0.1 on a free port, prints "PORT N" as its first stdout line,
and serves until killed or until --max-seconds have passed.

Endpoints (wire format as in shared/research/hub-api.md):

  GET /api/models?search=&author=&filter=...&sort=&limit=&expand[]=...&cursor=
      JSON array of the matching models, one page of `limit` (<= 1000,
      default 1000). More pages: `Link: <http://127.0.0.1:PORT/api/models?
      ...all params...&cursor=OPAQUE>; rel="next"` (absolute URL, opaque
      percent-encoded base64 cursor). `expand`, `expand[]` and `expand%5B%5D`
      are all accepted; with expand only `_id`, `id` and the listed fields are
      served (an unknown expand value is a 400, as on the Hub).
      search: case-insensitive substring of the id (several = all must match);
      author: the id's part before '/' (case-insensitive); filter (repeatable,
      all must match): `base_model:X` matches tags `base_model:X` and
      `base_model:REL:X` (X compared ignoring ASCII case); any other filter
      matches a tag exactly. sort=KEY orders by that field, descending
      (missing values last; ties in data order): sort=lastModified is newest
      first, as `fetch --update` lists; `direction` is taken and echoed into
      the next link, as the Hub does, and the order stays descending.
      Without sort, the data order.
  GET /api/models/ID  (and /api/models/ID/revision/REV)
      the model-info object (--info records first, then --data records);
      307 with a relative Location for --rename OLD=NEW and for a wrong-case
      id; 404 `X-Error-Code: RepoNotFound` when unknown; 403 `GatedRepo` for
      --gated ids.
Every response has RateLimit / RateLimit-Policy headers; JSON bodies are
gzipped when the request accepts gzip (unless --no-gzip).

Data that changes (--control FILE): before each request the mock reads
FILE; when its text differs from the last it read, the data files it names
(separated by white space) replace --data from that request on, as the Hub
changes between two crawls (tests/mockhub/hubchange.py writes such a data
set: models added, modified, relicensed, re-parented). A missing or empty
FILE changes nothing. Write it whole (a rename), between two crawls.

Faults (deterministic): --faults "3:429,5:500,9:reset,..." gives the Nth
request (1-based, counting every request the server accepts):
  429[:T]   429 with `RateLimit: "api";r=0;t=T` and `Retry-After: T` (T=1)
  500 502 503 504   that status with a JSON error body
  reset     close the socket with no response (TCP RST)
  slow[:S]  sleep S seconds (1.5) before the first byte, then answer normally
  truncate  full Content-Length, half the body, close
  drop      chunked transfer encoding, part of the body, close mid-body
  badjson   a well-framed response (gzip too) whose JSON is cut in half
  hang[:S]  sleep S seconds (10), then close with no response
--random-faults P --seed S: each request fails with probability P, kind
chosen at random from --fault-kinds (default 429,500,502,503,reset,slow,
truncate,drop,badjson), never twice in a row for the same URL.

Log (--log FILE): one tab-separated line per request, SECONDS being its
arrival time since the server started:
  SECONDS  N  METHOD  TARGET  STATUS  auth=ok|missing|bad|none  FAULT|-  [gzip]
TARGET is the path and query as received, with any token/access_token query
parameter redacted; request headers (and so the token) are never logged.

--dump QUERY prints, without serving, every object the listing QUERY (e.g.
'search=bert&limit=250&expand[]=tags') serves over all its pages, one JSON
line each, exactly as served, and exits.
"""

import argparse
import base64
import gzip
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

EXPAND_VALUES = {
    "author", "baseModels", "cardData", "childrenModelCount", "config",
    "createdAt", "disabled", "downloads", "downloadsAllTime", "evalResults",
    "gated", "gguf", "inference", "inferenceProviderMapping", "lastModified",
    "library_name", "likes", "mask_token", "model-index", "pipeline_tag",
    "private", "resourceGroup", "safetensors", "sha", "siblings", "spaces",
    "tags", "transformersInfo", "trendingScore", "usedStorage", "widgetData",
    "xetEnabled",
}
FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "slow", "truncate",
               "drop", "badjson", "hang")
DEFAULT_RANDOM_KINDS = "429,500,502,503,reset,slow,truncate,drop,badjson"
EXPOSE = ("X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,"
          "X-Total-Count,ETag,Link,Accept-Ranges,Content-Range")
MAX_PAGE = 1000


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# -- data ---------------------------------------------------------------

def load_records(path):
    """A JSON array, one JSON object, or JSON lines; plain or gzip."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        data = json.loads(text)
    else:
        try:
            data = [json.loads(text)]
        except ValueError:
            data = [json.loads(line) for line in text.splitlines()
                    if line.strip()]
    return [r for r in data
            if isinstance(r, dict) and isinstance(r.get("id"), str)]


def expand_paths(paths):
    """Files in the order given; a directory's data files in natural order
    (page2 before page10)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, _dirs, files in os.walk(p):
                for name in files:
                    if name.endswith((".json", ".jsonl", ".json.gz",
                                      ".jsonl.gz")):
                        found.append(os.path.join(root, name))
            out += sorted(found, key=natural_key)
        else:
            out.append(p)
    return out


def natural_key(s):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


class Store:
    def __init__(self, data_files, info_files):
        self.models = []          # listing records, data order, unique ids
        by_id = {}
        for path in expand_paths(data_files):
            for r in load_records(path):
                if r["id"] in by_id:   # duplicate id: the last record wins
                    self.models[by_id[r["id"]]] = r
                else:
                    by_id[r["id"]] = len(self.models)
                    self.models.append(r)
        self.info = {}            # exact id -> model-info object
        for r in self.models:
            self.info[r["id"]] = r
        for path in expand_paths(info_files):
            for r in load_records(path):
                self.info[r["id"]] = r
        self.info_ci = {k.lower(): k for k in self.info}
        # base_model index: lower(parent id) -> listing positions
        self.children = {}
        for i, r in enumerate(self.models):
            tags = r.get("tags")
            if not isinstance(tags, list):
                continue
            seen = set()
            for t in tags:
                if isinstance(t, str) and t.startswith("base_model:"):
                    rest = t[len("base_model:"):]
                    head, sep, tail = rest.partition(":")
                    parent = tail if sep and head in (
                        "finetune", "adapter", "quantized", "merge") else rest
                    key = parent.lower()
                    if key not in seen:
                        seen.add(key)
                        self.children.setdefault(key, []).append(i)
        self.cache = {}
        self.lock = threading.Lock()

    def select(self, searches, authors, filters, sort):
        key = (tuple(searches), tuple(authors), tuple(filters), sort)
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        cand = None
        for f in filters:   # narrow by the index first
            if f.startswith("base_model:") and not self._rel_filter(f):
                idx = self.children.get(f[len("base_model:"):].lower(), [])
                if cand is None:
                    cand = idx
                else:
                    keep = set(idx)
                    cand = [i for i in cand if i in keep]
        if cand is None:
            cand = range(len(self.models))
        out = []
        for i in cand:
            r = self.models[i]
            rid = r["id"].lower()
            if any(s.lower() not in rid for s in searches):
                continue
            if any(rid.split("/", 1)[0] != a.lower() or "/" not in rid
                   for a in authors):
                continue
            if not all(self._match(r, f) for f in filters):
                continue
            out.append(i)
        if sort:
            def val(i):
                v = self.models[i].get(sort)
                if isinstance(v, bool) or v is None:
                    return None
                return v
            nums = [i for i in out if isinstance(val(i), (int, float))]
            strs = [i for i in out if isinstance(val(i), str)]
            done = set(nums) | set(strs)
            rest = [i for i in out if i not in done]
            nums.sort(key=lambda i: -val(i))
            strs.sort(key=val, reverse=True)
            out = nums + strs + rest
        with self.lock:
            self.cache[key] = out
        return out

    @staticmethod
    def _rel_filter(f):
        head = f[len("base_model:"):].partition(":")
        return bool(head[1]) and head[0] in (
            "finetune", "adapter", "quantized", "merge")

    def _match(self, r, f):
        tags = r.get("tags")
        if not isinstance(tags, list):
            return False
        if f.startswith("base_model:"):
            want = f.lower()
            if self._rel_filter(f):
                return any(isinstance(t, str) and t.lower() == want
                           for t in tags)
            parent = f[len("base_model:"):].lower()
            for t in tags:
                if not isinstance(t, str) or not t.startswith("base_model:"):
                    continue
                rest = t[len("base_model:"):]
                head, sep, tail = rest.partition(":")
                p = tail if sep and head in (
                    "finetune", "adapter", "quantized", "merge") else rest
                if p.lower() == parent:
                    return True
            return False
        return f in tags


def project(r, expand):
    if not expand:
        return r
    out = {}
    if "_id" in r:
        out["_id"] = r["_id"]
    out["id"] = r["id"]
    for k, v in r.items():
        if k in expand and k not in out:
            out[k] = v
    return out


def make_cursor(offset, last):
    raw = dumps({"$or": [{"_id": {"$gt": last.get("_id", last["id"])}}],
                 "o": offset})
    return base64.b64encode(raw.encode()).decode()


def read_cursor(c, total):
    try:
        obj = json.loads(base64.b64decode(c.encode(), validate=True))
        o = obj["o"]
        if isinstance(o, int) and 0 < o <= total:
            return o
    except Exception:
        pass
    return None


class ApiError(Exception):
    def __init__(self, status, message, code=None, extra=None):
        super().__init__(message)
        self.status, self.message, self.code = status, message, code
        self.extra = extra or []


def listing(store, params, base_url, empty_last):
    """-> (list of objects, next URL or None)"""
    searches = [v for k, v in params if k == "search"]
    authors = [v for k, v in params if k == "author"]
    filters = [v for k, v in params if k == "filter"]
    sorts = [v for k, v in params if k == "sort"]
    limits = [v for k, v in params if k == "limit"]
    cursors = [v for k, v in params if k == "cursor"]
    expand = [v for k, v in params if k in ("expand", "expand[]")]
    for i, e in enumerate(expand):
        if e not in EXPAND_VALUES:
            raise ApiError(400, '"expand[%d]" must be one of [%s]' % (
                i, ", ".join(sorted(EXPAND_VALUES))))
    limit = MAX_PAGE
    if limits:
        try:
            limit = int(limits[-1])
        except ValueError:
            raise ApiError(400, '"limit" must be a number')
        if limit < 1:
            raise ApiError(400, '"limit" must be greater than or equal to 1')
        limit = min(limit, MAX_PAGE)
    sel = store.select(searches, authors, filters, sorts[-1] if sorts else "")
    offset = 0
    if cursors:
        offset = read_cursor(cursors[-1], len(sel))
        if offset is None:
            raise ApiError(400, "Invalid cursor")
    page = [project(store.models[i], set(expand))
            for i in sel[offset:offset + limit]]
    end = offset + len(page)
    nxt = None
    if end < len(sel) or (empty_last and page and len(page) == limit):
        kept = [(k, v) for k, v in params if k != "cursor"]
        q = "&".join(quote(k, safe="") + "=" + quote(v, safe="")
                     for k, v in kept)
        cur = quote(make_cursor(end, store.models[sel[end - 1]]), safe="")
        nxt = base_url + "/api/models?" + (q + "&" if q else "") + \
            "cursor=" + cur
    return page, nxt


# -- server -------------------------------------------------------------

class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.count = 0
        self.start = time.monotonic()
        self.window_start = self.start
        self.window_count = 0
        self.faults = {}
        for item in filter(None, (args.faults or "").split(",")):
            n, _sep, kind = item.strip().partition(":")
            if not n.isdigit() or kind.split(":")[0] not in FAULT_KINDS:
                sys.exit("mockhub: bad --faults item %r" % item)
            self.faults[int(n)] = kind
        self.rng = random.Random(args.seed)
        self.random_kinds = [k for k in args.fault_kinds.split(",") if k]
        for k in self.random_kinds:
            if k.split(":")[0] not in FAULT_KINDS:
                sys.exit("mockhub: bad --fault-kinds item %r" % k)
        self.last_faulted = {}    # URL -> was its last request faulted
        self.logf = open(args.log, "a", buffering=1) if args.log else None
        self.renames = {}
        for item in args.rename:
            old, sep, new = item.partition("=")
            if not sep:
                sys.exit("mockhub: --rename wants OLD=NEW")
            self.renames[old.lower()] = new
        self.gated = {g.lower() for g in args.gated}
        self.store = None
        self.control_text = None

    def refresh(self):
        """--control FILE: its data files replace the data when it changes."""
        if not self.args.control:
            return
        try:
            with open(self.args.control, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            return
        with self.lock:
            if text != self.control_text and text.split():
                self.store = Store(text.split(), self.args.info)
            self.control_text = text

    def admit(self, target):
        """Counts the request; returns (n, fault kind or None, window r/t)."""
        with self.lock:
            self.count += 1
            n = self.count
            now = time.monotonic()
            w = self.args.window
            if now - self.window_start >= w:
                self.window_start += w * int((now - self.window_start) // w)
                self.window_count = 0
            self.window_count += 1
            remaining = max(0, self.args.quota - self.window_count)
            reset = max(1, int(round(self.window_start + w - now)))
            over = self.window_count > self.args.quota
            fault = self.faults.get(n)
            if fault is None and self.args.random_faults > 0:
                if not self.last_faulted.get(target) and \
                        self.rng.random() < self.args.random_faults:
                    fault = self.rng.choice(self.random_kinds)
            if self.args.random_faults > 0:
                self.last_faulted[target] = fault is not None and \
                    not fault.startswith("slow")
            return n, fault, remaining, reset, over, now

    def log(self, n, arrived, method, target, status, auth, fault, gz):
        if not self.logf:
            return
        line = "%.3f\t%d\t%s\t%s\t%s\tauth=%s\t%s%s\n" % (
            arrived - self.start, n, method, redact(target),
            status, auth, fault or "-", "\tgzip" if gz else "")
        with self.lock:
            self.logf.write(line)


def redact(target):
    parts = urlsplit(target)
    if not parts.query:
        return target
    out = []
    for piece in parts.query.split("&"):
        k = unquote(piece.split("=", 1)[0]).lower()
        out.append(k + "=REDACTED" if k in ("token", "access_token")
                   else piece)
    return parts.path + "?" + "&".join(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mockhub"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):   # quiet; we keep our own log
        pass

    def do_GET(self):
        st = self.server.state
        target = self.path
        st.refresh()
        n, fault, remaining, reset, over, arrived = st.admit(target)
        self.n, self.fault, self.gz = n, fault, False
        self.rl = (remaining, reset)
        self.auth = self.check_auth()
        status = "-"
        try:
            kind = (fault or "").split(":")[0]
            arg = (fault or "").split(":")[1] if fault and ":" in fault \
                else None
            if kind == "reset":
                self.reset()
                status = "reset"
                return
            if kind == "hang":
                time.sleep(float(arg or 10))
                self.reset()
                status = "hang"
                return
            if kind == "slow":
                time.sleep(float(arg or 1.5))
            if kind == "429" or (over and not fault):
                t = int(arg or 1) if kind == "429" else reset
                status = self.error(429, "You have exceeded our rate limit",
                                    extra=[("Retry-After", str(t))],
                                    rl=(0, t))
                return
            if kind in ("500", "502", "503", "504"):
                msgs = {"500": "Internal Error", "502": "Bad Gateway",
                        "503": "Service Unavailable",
                        "504": "Gateway Timeout"}
                status = self.error(int(kind), msgs[kind])
                return
            status = self.route(kind)
        except (BrokenPipeError, ConnectionResetError):
            status = "client-closed"
            self.close_connection = True
        finally:
            st.log(n, arrived, "GET", target, status, self.auth, fault, self.gz)

    def do_HEAD(self):
        self.send_error(405)

    def check_auth(self):
        h = self.headers.get("Authorization")
        tok = self.server.state.args.token
        if h is None:
            return "missing" if tok else "none"
        if tok is None:
            return "ok"
        return "ok" if h.strip() == "Bearer " + tok else "bad"

    def route(self, kind):
        st = self.server.state
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        params = parse_qsl(parts.query, keep_blank_values=True)
        if self.auth == "missing":
            return self.error(401, "Invalid username or password.", extra=[
                ("WWW-Authenticate",
                 'Bearer realm="Authentication required", charset="UTF-8"')])
        if self.auth == "bad":
            return self.error(
                401, "Invalid credentials in Authorization header")
        if path in ("/api/models", "/api/models/"):
            try:
                page, nxt = listing(st.store, params, self.server.base_url,
                                    st.args.empty_last_page)
            except ApiError as e:
                return self.error(e.status, e.message, e.code)
            extra = [("Link", '<%s>; rel="next"' % nxt)] if nxt else []
            return self.json(200, "[" + ",".join(dumps(r) for r in page) +
                             "]", extra, kind, delay=True)
        if path.startswith("/api/models/"):
            rid = path[len("/api/models/"):].strip("/")
            if "/revision/" in rid:
                rid = rid.split("/revision/", 1)[0]
            new = st.renames.get(rid.lower())
            if new is None and rid not in st.store.info and \
                    rid.lower() in st.store.info_ci:
                new = st.store.info_ci[rid.lower()]
            if new is not None:
                loc = "/api/models/" + new + \
                    ("?" + parts.query if parts.query else "")
                return self.text(307, "Temporary Redirect. Redirecting to " +
                                 loc, [("Location", loc),
                                       ("Vary", "Origin, Accept")])
            if rid.lower() in st.gated:
                msg = ("Access to model %s is restricted and you are not in "
                       "the authorized list. Visit https://huggingface.co/%s "
                       "to ask for access." % (rid, rid))
                return self.error(403, msg, "GatedRepo")
            rec = st.store.info.get(rid)
            if rec is None:
                return self.error(404, "Repository not found",
                                  "RepoNotFound")
            expand = {v for k, v in params if k in ("expand", "expand[]")}
            bad = expand - EXPAND_VALUES
            if bad:
                return self.error(400, '"expand" must be one of [%s]' %
                                  ", ".join(sorted(EXPAND_VALUES)))
            return self.json(200, dumps(project(rec, expand)), [], kind)
        return self.error(404, "Sorry, we can't find the page you are "
                          "looking for.")

    # -- responses --

    def common_headers(self, rl=None):
        remaining, reset = rl or self.rl
        a = self.server.state.args
        return [
            ("Access-Control-Allow-Origin", "https://huggingface.co"),
            ("Access-Control-Expose-Headers", EXPOSE),
            ("X-Powered-By", "huggingface-moon"),
            ("X-Request-Id", "Root=1-%08x-%s;%s" % (
                int(time.time()), uuid.uuid4().hex[:24], uuid.uuid4())),
            ("RateLimit", '"api";r=%d;t=%d' % (remaining, reset)),
            ("RateLimit-Policy", '"fixed window";"api";q=%d;w=%d' % (
                a.quota, a.window)),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ]

    def error(self, status, message, code=None, extra=None, rl=None):
        hdrs = [("X-Error-Message", message)]
        if code:
            hdrs.insert(0, ("X-Error-Code", code))
        return self.json(status, dumps({"error": message}),
                         hdrs + (extra or []), None, rl=rl)

    def text(self, status, body, extra):
        self.send(status, "text/plain; charset=utf-8", body.encode(), extra,
                  None)
        return str(status)

    def json(self, status, body, extra, kind, rl=None, delay=False):
        if delay and self.server.state.args.delay:
            time.sleep(self.server.state.args.delay / 1000.0)
        data = body.encode("utf-8")
        if kind == "badjson":   # valid HTTP (and gzip) framing, cut JSON
            data = data[:max(1, len(data) // 2)]
        hdrs = list(extra)
        if status == 200:
            hdrs.append(("ETag", 'W/"%x-%s"' % (len(data), uuid.uuid4().hex[
                :27])))
        if self.accepts_gzip():
            data = gzip.compress(data, mtime=0)
            hdrs += [("Content-Encoding", "gzip"),
                     ("Vary", "Origin, Accept-Encoding")]
            self.gz = True
        else:
            hdrs.append(("Vary", "Origin"))
        self.send(status, "application/json; charset=utf-8", data, hdrs,
                  kind, rl)
        return str(status)

    def accepts_gzip(self):
        if self.server.state.args.no_gzip:
            return False
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _s, q = part.strip().partition(";")
            if name.strip().lower() in ("gzip", "*"):
                q = q.strip()
                if q.startswith("q="):
                    try:
                        return float(q[2:]) > 0
                    except ValueError:
                        return False
                return True
        return False

    def send(self, status, ctype, data, extra, kind, rl=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if kind == "drop":
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        for k, v in self.common_headers(rl) + extra:
            self.send_header(k, v)
        if kind in ("truncate", "drop"):
            self.send_header("Connection", "close")
        self.end_headers()
        if kind == "truncate":
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_WR)
            return
        if kind == "drop":
            part = data[:max(1, len(data) // 3)]
            for i in range(0, len(part), 4096):
                chunk = part[i:i + 4096]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.close_connection = True
            self.reset()
            return
        self.wfile.write(data)
        self.wfile.flush()

    def reset(self):
        """Close the connection abruptly (RST), nothing more sent."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass   # a client that went away is not our problem


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Loopback mock of the Hugging Face Hub model API.")
    p.add_argument("--data", nargs="+", action="extend", default=[],
                   metavar="FILE", help="listing data: JSON arrays, JSON "
                   "lines or objects, plain or .gz; directories are walked")
    p.add_argument("--info", nargs="+", action="extend", default=[],
                   metavar="FILE", help="extra model-info objects served "
                   "only by /api/models/ID (they win over --data)")
    p.add_argument("--token", help="require Authorization: Bearer TOKEN")
    p.add_argument("--gated", action="append", default=[], metavar="ID",
                   help="403 GatedRepo for /api/models/ID")
    p.add_argument("--rename", action="append", default=[],
                   metavar="OLD=NEW", help="307 /api/models/OLD -> NEW")
    p.add_argument("--faults", default="", metavar="SPEC",
                   help="N:KIND,... (kinds: %s)" % " ".join(FAULT_KINDS))
    p.add_argument("--random-faults", type=float, default=0.0, metavar="P")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--fault-kinds", default=DEFAULT_RANDOM_KINDS,
                   metavar="K,K", help="kinds for --random-faults")
    p.add_argument("--delay", type=float, default=0.0, metavar="MS",
                   help="sleep MS before every listing page")
    p.add_argument("--empty-last-page", action="store_true",
                   help="a full last page still links to an empty page")
    p.add_argument("--quota", type=int, default=1000,
                   help="requests per window before real 429s (1000)")
    p.add_argument("--window", type=int, default=300,
                   help="rate-limit window, seconds (300)")
    p.add_argument("--no-gzip", action="store_true")
    p.add_argument("--log", metavar="FILE")
    p.add_argument("--control", metavar="FILE", help="a file naming data "
                   "files that replace --data whenever its text changes")
    p.add_argument("--max-seconds", type=float, default=600.0)
    p.add_argument("--dump", metavar="QUERY",
                   help="print what the listing QUERY serves, and exit")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    store = Store(args.data, args.info)
    if args.dump is not None:
        params = parse_qsl(args.dump.lstrip("?"), keep_blank_values=True)
        out = sys.stdout
        while True:
            page, nxt = listing(store, params, "http://dump", False)
            for r in page:
                out.write(dumps(r) + "\n")
            if not nxt:
                break
            params = parse_qsl(urlsplit(nxt).query, keep_blank_values=True)
        return 0
    state = State(args)
    state.store = store
    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = state
    port = srv.server_address[1]
    srv.base_url = "http://127.0.0.1:%d" % port
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    def deadline():
        time.sleep(args.max_seconds)
        os._exit(0)
    threading.Thread(target=deadline, daemon=True).start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
