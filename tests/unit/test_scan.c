/*
 * test_scan.c - the record splitter (scan.c): listing pages give one span
 * per element with its index; JSON lines give one span per line with its
 * line number; feeding the same bytes one at a time (or split at every
 * position) gives the same spans, escapes and records straddling feeds
 * included; brackets inside strings do not count; truncated lines, junk,
 * non-objects, unclosed arrays, oversized and overdeep records are flagged
 * and the scan goes on; the output buffer stays bounded by LG_MAX_RECORD;
 * a BOM is skipped; a pretty-printed object is one span; a callback's
 * error stops the scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "scan.h"
#include "testhelp.h"

#define MAX_SPANS 64

typedef struct {
	lg_buf out;
	lg__span spans[MAX_SPANS];
	char *text[MAX_SPANS]; /* each span's bytes, copied at emit time */
	size_t n;
	size_t stop_after;     /* callback fails on this span (1-based); 0 never */
} result;

static int collect(const lg__span *span, void *payload)
{
	result *r = payload;

	if (r->n < MAX_SPANS) {
		r->spans[r->n] = *span;
		r->text[r->n] = malloc(span->len + 1);
		if (r->text[r->n]) {
			if (span->len)
				memcpy(r->text[r->n], r->out.data + span->offset,
				       span->len);
			r->text[r->n][span->len] = '\0';
		}
	}
	r->n++;
	if (r->stop_after && r->n == r->stop_after)
		return -42;
	return 0;
}

static void result_free(result *r)
{
	size_t i;

	for (i = 0; i < r->n && i < MAX_SPANS; i++)
		free(r->text[i]);
	lg__buf_release(&r->out);
	memset(r, 0, sizeof(*r));
}

/*
 * Scans in[0..len): a first feed of `first` bytes (all when 0), then
 * feeds of `chunk` bytes (the rest at once when 0). Returns the last
 * status of feed/finish.
 */
static int scan_chunks(result *r, const char *in, size_t len, size_t first,
		       size_t chunk)
{
	lg__scanner s;
	size_t pos;
	int rc;

	memset(r, 0, sizeof(*r));
	lg__scan_init(&s, &r->out, collect, r);
	if (first == 0 || first > len)
		first = len;
	rc = lg__scan_feed(&s, in, first);
	for (pos = first; rc == 0 && pos < len;) {
		size_t n = chunk && chunk < len - pos ? chunk : len - pos;

		rc = lg__scan_feed(&s, in + pos, n);
		pos += n;
	}
	if (rc == 0)
		rc = lg__scan_finish(&s);
	return rc;
}

static int scan_str(result *r, const char *in)
{
	return scan_chunks(r, in, strlen(in), 0, 0);
}

/* 1 when span i has these fields and (for good spans) this text. */
static int span_is(const result *r, size_t i, long line, long index, int flags,
		   const char *text)
{
	const lg__span *sp = &r->spans[i];

	if (i >= r->n || sp->line != line || sp->index != index ||
	    sp->flags != flags)
		return 0;
	if (text)
		return r->text[i] && strcmp(r->text[i], text) == 0;
	return sp->len == 0;
}

/* 1 when two scans produced the same spans and texts. */
static int same_spans(const result *a, const result *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n && i < MAX_SPANS; i++) {
		const lg__span *x = &a->spans[i], *y = &b->spans[i];

		if (x->line != y->line || x->index != y->index ||
		    x->flags != y->flags || x->len != y->len)
			return 0;
		if (!a->text[i] || !b->text[i] || strcmp(a->text[i], b->text[i]))
			return 0;
	}
	return 1;
}

/* Whole input versus one byte at a time, after a first feed of `first`. */
static int bytewise_same(const char *in, size_t first)
{
	result whole, bytes;
	int same;

	scan_str(&whole, in);
	scan_chunks(&bytes, in, strlen(in), first ? first : 1, 1);
	same = same_spans(&whole, &bytes);
	result_free(&whole);
	result_free(&bytes);
	return same;
}

/* Whole input versus two feeds split at every position. */
static int every_split_same(const char *in)
{
	size_t len = strlen(in), k;
	result whole, split;
	int same = 1;

	scan_str(&whole, in);
	for (k = 1; k < len && same; k++) {
		scan_chunks(&split, in, len, k, 0);
		same = same_spans(&whole, &split);
		result_free(&split);
	}
	result_free(&whole);
	return same;
}

static const char page[] =
	"[{\"id\":\"a\",\"t\":[1,2]},{\"id\":\"b\"},\n"
	" {\"id\":\"c\",\"o\":{\"k\":\"v\"}}]\n";

static const char lines[] =
	"{\"id\":\"a\"}\n"
	"{\"id\":\"b\",\"tags\":[\"x\"]}\n"
	"\n"
	"{\"id\":\"c\"}\n";

/* escapes, and brackets inside strings */
static const char tricky[] =
	"{\"id\":\"a\\\"}{[\",\"x\":\"\\\\\"}\n"
	"{\"id\":\"b\\\\\\\"]}\",\"y\":\"}}}]]]\"}\n"
	"{\"id\":\"c\",\"z\":\"\\\\\\\\\",\"w\":\"{\"}\n";

static void test_page(void)
{
	result r;

	scan_str(&r, page);
	test_cond("page: three spans", r.n == 3);
	test_cond("page: first span, index 0",
		  span_is(&r, 0, 1, 0, 0, "{\"id\":\"a\",\"t\":[1,2]}"));
	test_cond("page: second span, index 1", span_is(&r, 1, 1, 1, 0, "{\"id\":\"b\"}"));
	test_cond("page: third span, index 2, line 2",
		  span_is(&r, 2, 2, 2, 0, "{\"id\":\"c\",\"o\":{\"k\":\"v\"}}"));
	result_free(&r);

	test_cond("page: byte at a time gives the same spans", bytewise_same(page, 0));
	test_cond("page: every two-feed split gives the same spans",
		  every_split_same(page));

	scan_str(&r, "[]\n[{\"id\":\"x\"}]\n");
	test_cond("page: empty page then a page of one; index restarts",
		  r.n == 1 && span_is(&r, 0, 2, 0, 0, "{\"id\":\"x\"}"));
	result_free(&r);

	scan_str(&r, "[\n  {\n    \"id\": \"a\"\n  },\n  {\n    \"id\": \"b\"\n  }\n]\n");
	test_cond("page: pretty-printed page, two spans",
		  r.n == 2 && r.spans[0].flags == 0 && r.spans[1].flags == 0 &&
		  r.spans[0].index == 0 && r.spans[1].index == 1 &&
		  r.spans[0].line == 2 && r.spans[1].line == 5);
	result_free(&r);

	/* a valid listing written with one element per line */
	scan_str(&r, "[{\"id\":\"a\"},\n{\"id\":\"b\"},\n{\"id\":\"c\"}]\n");
	test_cond("page: one element per line, three good spans",
		  r.n == 3 && span_is(&r, 0, 1, 0, 0, "{\"id\":\"a\"}") &&
		  span_is(&r, 1, 2, 1, 0, "{\"id\":\"b\"}") &&
		  span_is(&r, 2, 3, 2, 0, "{\"id\":\"c\"}"));
	result_free(&r);
}

static void test_lines(void)
{
	result r;

	scan_str(&r, lines);
	test_cond("lines: three spans", r.n == 3);
	test_cond("lines: line 1, index -1", span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}"));
	test_cond("lines: line 2",
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"b\",\"tags\":[\"x\"]}"));
	test_cond("lines: blank line skipped, line 4",
		  span_is(&r, 2, 4, -1, 0, "{\"id\":\"c\"}"));
	result_free(&r);

	test_cond("lines: byte at a time gives the same spans", bytewise_same(lines, 0));
	test_cond("lines: every two-feed split gives the same spans",
		  every_split_same(lines));

	scan_str(&r, "{\"id\":\"a\"}\r\n{\"id\":\"b\"}\r\n");
	test_cond("lines: CRLF line ends", r.n == 2 &&
		  span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}") &&
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"b\"}"));
	result_free(&r);

	scan_str(&r, "{\"id\":\"a\"}");
	test_cond("lines: a single object without newline", r.n == 1 &&
		  span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}"));
	result_free(&r);
}

static void test_strings(void)
{
	result r;

	scan_str(&r, tricky);
	test_cond("strings: brackets and escapes inside strings, three spans",
		  r.n == 3 && r.spans[0].flags == 0 && r.spans[1].flags == 0 &&
		  r.spans[2].flags == 0);
	test_cond("strings: first span text exact",
		  r.n >= 1 && span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\\\"}{[\",\"x\":\"\\\\\"}"));
	test_cond("strings: third span on line 3", r.n == 3 && r.spans[2].line == 3);
	result_free(&r);

	test_cond("strings: byte at a time (escape at every feed boundary)",
		  bytewise_same(tricky, 0));
	test_cond("strings: every two-feed split", every_split_same(tricky));

	scan_str(&r, "[{\"a\":\"]\"},{\"b\":\"[\"}]");
	test_cond("strings: ']' and '[' in strings inside a page",
		  r.n == 2 && span_is(&r, 0, 1, 0, 0, "{\"a\":\"]\"}") &&
		  span_is(&r, 1, 1, 1, 0, "{\"b\":\"[\"}"));
	result_free(&r);
}

static void test_truncated(void)
{
	static const char in[] =
		"{\"id\":\"a\"}\n"
		"{\"id\":\"b\",\"x\":[1,\n"
		"{\"id\":\"c\"}\n"
		"{\"id\":\"d\",\"s\":\"open string\n"
		"{\"id\":\"e\"}\n"
		"{\"id\":\"f\"";
	/* the first feed decides JSON-lines mode and must show two whole
	 * lines, as the ingester's first block always does */
	size_t first = strlen("{\"id\":\"a\"}\n{\"id\":\"b\",\"x\":[1,\n"
			      "{\"id\":\"c\"}\n");
	result r;

	scan_str(&r, in);
	test_cond("truncated: six spans", r.n == 6);
	test_cond("truncated: good line before", span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}"));
	test_cond("truncated: open bracket line flagged",
		  span_is(&r, 1, 2, -1, LG_SPAN_TRUNCATED, NULL));
	test_cond("truncated: next line still good",
		  span_is(&r, 2, 3, -1, 0, "{\"id\":\"c\"}"));
	test_cond("truncated: open string line flagged",
		  span_is(&r, 3, 4, -1, LG_SPAN_TRUNCATED, NULL));
	test_cond("truncated: line after open string good",
		  span_is(&r, 4, 5, -1, 0, "{\"id\":\"e\"}"));
	test_cond("truncated: end of input flagged",
		  span_is(&r, 5, 6, -1, LG_SPAN_TRUNCATED, NULL));
	result_free(&r);

	test_cond("truncated: byte at a time after a three-line first feed",
		  bytewise_same(in, first));

	/* a line cut just after a backslash inside a string */
	scan_str(&r, "{\"id\":\"a\"}\n{\"id\":\"x\\\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
	test_cond("truncated: line ending in a backslash costs that line alone",
		  r.n == 4 && span_is(&r, 1, 2, -1, LG_SPAN_TRUNCATED, NULL) &&
		  span_is(&r, 2, 3, -1, 0, "{\"id\":\"b\"}") &&
		  span_is(&r, 3, 4, -1, 0, "{\"id\":\"c\"}"));
	result_free(&r);

	scan_str(&r, "{\"id\":\"a\",\"x\":{");
	test_cond("truncated: single object cut at end of input",
		  r.n == 1 && span_is(&r, 0, 1, -1, LG_SPAN_TRUNCATED, NULL));
	result_free(&r);
}

static void test_not_object(void)
{
	result r;

	scan_str(&r, "null\n");
	test_cond("not object: top-level null",
		  r.n == 1 && span_is(&r, 0, 1, -1, LG_SPAN_NOT_OBJECT, NULL));
	result_free(&r);

	scan_str(&r, "[1,2]");
	test_cond("not object: [1,2] gives two flagged elements",
		  r.n == 2 && span_is(&r, 0, 1, 0, LG_SPAN_NOT_OBJECT, NULL) &&
		  span_is(&r, 1, 1, 1, LG_SPAN_NOT_OBJECT, NULL));
	result_free(&r);

	scan_str(&r, "[[1,2],{\"id\":\"a\"}]");
	test_cond("not object: nested array element flagged, object kept",
		  r.n == 2 && span_is(&r, 0, 1, 0, LG_SPAN_NOT_OBJECT, NULL) &&
		  span_is(&r, 1, 1, 1, 0, "{\"id\":\"a\"}"));
	result_free(&r);

	scan_str(&r, "\"just {a} string\"\n{\"id\":\"a\"}\n");
	test_cond("not object: bare string flagged, next object kept",
		  r.n == 2 && span_is(&r, 0, 1, -1, LG_SPAN_NOT_OBJECT, NULL) &&
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"a\"}"));
	result_free(&r);

	scan_str(&r, "[\"x\",true,{\"id\":\"a\"},12.5]");
	test_cond("not object: mixed page keeps indexes",
		  r.n == 4 && span_is(&r, 0, 1, 0, LG_SPAN_NOT_OBJECT, NULL) &&
		  span_is(&r, 1, 1, 1, LG_SPAN_NOT_OBJECT, NULL) &&
		  span_is(&r, 2, 1, 2, 0, "{\"id\":\"a\"}") &&
		  span_is(&r, 3, 1, 3, LG_SPAN_NOT_OBJECT, NULL));
	result_free(&r);

	scan_str(&r, "{\"id\":\"a\"}}{\"id\":\"b\"}");
	test_cond("junk: stray '}' flagged between two good records",
		  r.n == 3 && span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}") &&
		  (r.spans[1].flags & LG_SPAN_JUNK) &&
		  span_is(&r, 2, 1, -1, 0, "{\"id\":\"b\"}"));
	result_free(&r);
}

static void test_open_array(void)
{
	result r;

	scan_str(&r, "[{\"id\":\"a\"},{\"id\":\"b\"}");
	test_cond("open array: two good spans then LG_SPAN_OPEN_ARRAY",
		  r.n == 3 && span_is(&r, 0, 1, 0, 0, "{\"id\":\"a\"}") &&
		  span_is(&r, 1, 1, 1, 0, "{\"id\":\"b\"}") &&
		  r.spans[2].flags == LG_SPAN_OPEN_ARRAY);
	result_free(&r);

	scan_str(&r, "[{\"id\":\"a\"},{\"id\":\"b");
	test_cond("open array: cut inside an element: truncated, then open array",
		  r.n == 3 && r.spans[0].flags == 0 &&
		  r.spans[1].flags == LG_SPAN_TRUNCATED &&
		  r.spans[2].flags == LG_SPAN_OPEN_ARRAY);
	result_free(&r);

	scan_str(&r, "[{\"id\":\"a\"}]");
	test_cond("open array: closed array has no such span",
		  r.n == 1 && r.spans[0].flags == 0);
	result_free(&r);
}

static void test_bom_pretty(void)
{
	result r;

	scan_str(&r, "\xEF\xBB\xBF{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
	test_cond("bom: skipped, two good spans",
		  r.n == 2 && span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}") &&
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"b\"}"));
	result_free(&r);

	scan_str(&r, "\xEF\xBB\xBF[{\"id\":\"a\"}]");
	test_cond("bom: before a page", r.n == 1 &&
		  span_is(&r, 0, 1, 0, 0, "{\"id\":\"a\"}"));
	result_free(&r);

	/* a whole BOM between records is passed over (`cat a b`); a lone
	 * 0xEF, 0xBB or 0xBF byte is a malformed record */
	scan_str(&r, "{\"id\":\"a\"}\n\xBB\n{\"id\":\"b\"}\n\xEF\xBB\xBF"
		     "{\"id\":\"c\"}\n");
	test_cond("bom: a lone byte is no record, a whole BOM passed over",
		  r.n == 4 && span_is(&r, 0, 1, -1, 0, "{\"id\":\"a\"}") &&
		  r.spans[1].line == 2 &&
		  (r.spans[1].flags & LG_SPAN_NOT_OBJECT) &&
		  span_is(&r, 2, 3, -1, 0, "{\"id\":\"b\"}") &&
		  span_is(&r, 3, 4, -1, 0, "{\"id\":\"c\"}"));
	result_free(&r);

	scan_str(&r, "{\n  \"id\": \"a\",\n  \"tags\": [\n    \"x\"\n  ],\n"
		     "  \"cardData\": {\n    \"license\": \"mit\"\n  }\n}\n");
	test_cond("pretty: multi-line object is one good span",
		  r.n == 1 && r.spans[0].flags == 0 && r.spans[0].line == 1 &&
		  r.text[0] && r.text[0][0] == '{' &&
		  r.text[0][strlen(r.text[0]) - 1] == '}' &&
		  strstr(r.text[0], "\"license\": \"mit\""));
	result_free(&r);

	scan_str(&r, "{\"id\": \"a\",\n\"tags\": [\"x\"]}\n");
	test_cond("pretty: first line looks like a value, second starts with '\"'",
		  r.n == 1 && r.spans[0].flags == 0);
	result_free(&r);

	scan_str(&r, "{\n \"id\": \"a\"\n}\n{\n \"id\": \"b\"\n}\n");
	test_cond("pretty: two concatenated pretty objects",
		  r.n == 2 && r.spans[0].flags == 0 && r.spans[1].flags == 0 &&
		  r.spans[0].line == 1 && r.spans[1].line == 4);
	result_free(&r);
}

/* {"a":[[[...]]]} nested to `depth` levels, the outer object included. */
static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 32), *p = s;
	int i;

	p += sprintf(p, "{\"a\":");
	for (i = 1; i < depth; i++)
		*p++ = '[';
	for (i = 1; i < depth; i++)
		*p++ = ']';
	strcpy(p, "}\n{\"id\":\"next\"}\n");
	return s;
}

static void test_depth(void)
{
	char *ok = nested(LG_MAX_DEPTH), *deep = nested(LG_MAX_DEPTH + 1);
	char *very = nested(5000);
	result r;

	scan_str(&r, ok);
	test_cond("depth: exactly LG_MAX_DEPTH levels is fine",
		  r.n == 2 && r.spans[0].flags == 0 && r.spans[1].flags == 0);
	result_free(&r);

	scan_str(&r, deep);
	test_cond("depth: one level more is LG_SPAN_TOO_DEEP",
		  r.n == 2 && (r.spans[0].flags & LG_SPAN_TOO_DEEP) &&
		  r.spans[0].len == 0);
	test_cond("depth: the next record is good",
		  r.n == 2 && span_is(&r, 1, 2, -1, 0, "{\"id\":\"next\"}"));
	result_free(&r);

	scan_str(&r, very);
	test_cond("depth: 5000 levels flagged, next record good",
		  r.n == 2 && (r.spans[0].flags & LG_SPAN_TOO_DEEP) &&
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"next\"}"));
	result_free(&r);
	free(ok);
	free(deep);
	free(very);
}

/* {"id":"big","pad":"xxxx...."}\n{"id":"next"}\n, the record n bytes. */
static char *big_record(size_t n, size_t *len)
{
	static const char head[] = "{\"id\":\"big\",\"pad\":\"";
	static const char tail[] = "\"}\n{\"id\":\"next\"}\n";
	size_t pad = n - (sizeof(head) - 1) - 2;
	char *s = malloc(n + sizeof(tail));

	memcpy(s, head, sizeof(head) - 1);
	memset(s + sizeof(head) - 1, 'x', pad);
	memcpy(s + sizeof(head) - 1 + pad, tail, sizeof(tail));
	*len = n - 2 + sizeof(tail) - 1;
	return s;
}

static void test_oversize(void)
{
	size_t len, limit = (size_t)17 << 20;
	char *in = big_record((size_t)LG_MAX_RECORD + 1024 * 1024, &len);
	char *fits = NULL;
	result r;

	scan_chunks(&r, in, len, 1 << 20, 64 * 1024);
	test_cond("oversize: flagged LG_SPAN_OVERSIZE",
		  r.n == 2 && (r.spans[0].flags & LG_SPAN_OVERSIZE) &&
		  r.spans[0].len == 0);
	test_cond("oversize: next record good",
		  r.n == 2 && span_is(&r, 1, 2, -1, 0, "{\"id\":\"next\"}"));
	test_cond("oversize: buffer stayed under 17 MiB (64 KiB feeds)",
		  r.out.cap <= limit);
	result_free(&r);

	scan_chunks(&r, in, len, 0, 0);
	test_cond("oversize: one big feed flagged too",
		  r.n == 2 && (r.spans[0].flags & LG_SPAN_OVERSIZE) &&
		  span_is(&r, 1, 2, -1, 0, "{\"id\":\"next\"}"));
	test_cond("oversize: buffer stayed under 17 MiB (one feed)",
		  r.out.cap <= limit);
	result_free(&r);
	free(in);

	fits = big_record(LG_MAX_RECORD, &len);
	scan_chunks(&r, fits, len, 1 << 20, 1 << 20);
	test_cond("oversize: exactly LG_MAX_RECORD bytes is kept",
		  r.n == 2 && r.spans[0].flags == 0 &&
		  r.spans[0].len == LG_MAX_RECORD);
	result_free(&r);
	free(fits);
}

static void test_callback_error(void)
{
	lg__scanner s;
	result r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.stop_after = 2;
	lg__scan_init(&s, &r.out, collect, &r);
	rc = lg__scan_feed(&s, lines, strlen(lines));
	test_cond("callback: negative return stops the feed with it",
		  rc == -42 && r.n == 2);
	result_free(&r);
}

int main(void)
{
	test_page();
	test_lines();
	test_strings();
	test_truncated();
	test_not_object();
	test_open_array();
	test_bom_pretty();
	test_depth();
	test_oversize();
	test_callback_error();
	return test_exit();
}
