/*
 * test_emit.c - the emitter's JSON strings: every byte sequence becomes
 * valid JSON that reads back as the text, or U+FFFD where the text was no
 * UTF-8. Its integers read as printf's.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "testhelp.h"

/* s through lg__emit_json, as a malloc'd string. */
static char *json_of(const char *s)
{
	static lg__emitter e;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	lg__emit_begin(&e, f);
	lg__emit_json(&e, s);
	lg__emit_flush(&e);
	fclose(f);
	return text;
}

static int json_is(const char *in, const char *want)
{
	char *got = json_of(in);
	int same = got && strcmp(got, want) == 0;

	if (!same)
		printf("# json of '%s': got '%s', want '%s'\n", in,
		       got ? got : "(null)", want);
	free(got);
	return same;
}

static void test_json(void)
{
	char *big = malloc(200001), *out;
	size_t i;

	test_cond("json: plain text as it is",
		  json_is("org/Model-7B", "org/Model-7B"));
	test_cond("json: quote and backslash escaped",
		  json_is("a\"b\\c", "a\\\"b\\\\c"));
	test_cond("json: short escapes for \\n \\t \\r \\b \\f",
		  json_is("\n\t\r\b\f", "\\n\\t\\r\\b\\f"));
	test_cond("json: other controls as \\u00XX",
		  json_is("\x01x\x1f", "\\u0001x\\u001f"));
	test_cond("json: DEL and multi-byte characters kept",
		  json_is("\x7f\xc3\xbc\xe6\xa8\xa1\xf0\x9f\xa4\x97",
			  "\x7f\xc3\xbc\xe6\xa8\xa1\xf0\x9f\xa4\x97"));
	test_cond("json: U+2028 and U+2029 escaped",
		  json_is("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029"));
	test_cond("json: a stray byte becomes U+FFFD",
		  json_is("a\xff" "b", "a\xef\xbf\xbd" "b"));
	test_cond("json: a cut-short character becomes U+FFFD",
		  json_is("a\xe6\xa8", "a\xef\xbf\xbd\xef\xbf\xbd"));
	test_cond("json: an overlong form is no character",
		  json_is("\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd"));
	test_cond("json: a surrogate is no character",
		  json_is("\xed\xa0\x80",
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
	test_cond("json: past U+10FFFF is no character",
		  json_is("\xf4\x90\x80\x80",
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
	if (!big)
		return;
	for (i = 0; i < 200000; i++)
		big[i] = i % 1000 == 999 ? '"' : 'x';
	big[200000] = '\0';
	out = json_of(big);
	test_cond("json: longer than the buffer, every quote escaped",
		  out && strlen(out) == 200200 && out[999] == '\\' &&
			  out[1000] == '"');
	free(out);
	free(big);
}

/* Each of vals through lg__emit_int, a blank after each, against
 * printf's digits for the same. */
static int ints_are_printfs(const int64_t *vals, size_t n)
{
	static lg__emitter e;
	char *got = NULL, want[64 * 22] = "";
	size_t len = 0, used = 0, i;
	FILE *f = open_memstream(&got, &len);
	int same;

	if (!f || n > 64)
		return 0;
	lg__emit_begin(&e, f);
	for (i = 0; i < n; i++) {
		lg__emit_int(&e, vals[i]);
		lg__emit_char(&e, ' ');
		used += (size_t)snprintf(want + used, sizeof(want) - used,
					 "%" PRId64 " ", vals[i]);
	}
	lg__emit_flush(&e);
	fclose(f);
	same = got && strcmp(got, want) == 0;
	if (!same)
		printf("# ints: got '%s', want '%s'\n", got ? got : "(null)",
		       want);
	free(got);
	return same;
}

static void test_int(void)
{
	int64_t vals[64], p;
	size_t n = 0;

	for (p = 1;; p *= 10) { /* each digit count's edges */
		vals[n++] = p - 1;
		vals[n++] = p;
		vals[n++] = -p;
		if (p > INT64_MAX / 10)
			break;
	}
	vals[n++] = INT64_MAX;
	vals[n++] = INT64_MIN;
	vals[n++] = 1010101;
	test_cond("int: as printf writes it, 0, signs and every length",
		  ints_are_printfs(vals, n));
}

int main(void)
{
	test_json();
	test_int();
	return test_exit();
}
