/*
 * emit.c - integers and escaped text, gathered and written in blocks.
 */
#include <stdarg.h>

#include "emit.h"

void lg__emit_begin(lg__emitter *e, FILE *out)
{
	e->out = out;
	e->len = 0;
}

void lg__emit_flush(lg__emitter *e)
{
	if (e->len)
		fwrite(e->buf, 1, e->len, e->out);
	e->len = 0;
}

void lg__emit_slow(lg__emitter *e, const char *p, size_t n)
{
	lg__emit_flush(e);
	if (n >= LG__EMIT_BUF) {
		fwrite(p, 1, n, e->out);
		return;
	}
	memcpy(e->buf, p, n);
	e->len = n;
}

/* Two digits at a time, from a table of "00" to "99": half the
 * divisions, for the millions of counts an export or ranking writes. */
void lg__emit_int(lg__emitter *e, int64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	while (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u || p == buf + sizeof(buf))
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	lg__emit_bytes(e, p, (size_t)(buf + sizeof(buf) - p));
}

void lg__emitf(lg__emitter *e, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(buf)) {
		lg__emit_bytes(e, buf, (size_t)n);
		return;
	}
	lg__emit_flush(e); /* longer than the buffer: straight to the stream */
	va_start(ap, fmt);
	vfprintf(e->out, fmt, ap);
	va_end(ap);
}

/* Bytes XML text takes as they are: printable ASCII but & < > " ',
 * tab, newline, return, and every byte of a multi-byte character but
 * 0xEF (which may start U+FFFE or U+FFFF). NUL is not plain: it ends. */
#define PLAIN(c)                                                          \
	((c) >= 0x80 ? (c) != 0xEF                                        \
	 : (c) < 0x20 ? (c) == '\t' || (c) == '\n' || (c) == '\r'           \
		      : !((c) == '&' || (c) == '<' || (c) == '>' ||       \
			  (c) == '"' || (c) == '\''))
#define PLAIN4(c) PLAIN(c), PLAIN(c + 1), PLAIN(c + 2), PLAIN(c + 3)
#define PLAIN16(c) PLAIN4(c), PLAIN4(c + 4), PLAIN4(c + 8), PLAIN4(c + 12)
#define PLAIN64(c) \
	PLAIN16(c), PLAIN16(c + 16), PLAIN16(c + 32), PLAIN16(c + 48)

static const unsigned char plain[256] = { PLAIN64(0), PLAIN64(64),
					  PLAIN64(128), PLAIN64(192) };

void lg__emit_xml(lg__emitter *e, const char *s)
{
	for (;;) {
		const char *run = s;
		unsigned char c;

		while (plain[(unsigned char)*s])
			s++;
		lg__emit_bytes(e, run, (size_t)(s - run));
		c = (unsigned char)*s;
		if (!c)
			return;
		s++;
		switch (c) {
		case '&': lg__emit_bytes(e, "&amp;", 5); break;
		case '<': lg__emit_bytes(e, "&lt;", 4); break;
		case '>': lg__emit_bytes(e, "&gt;", 4); break;
		case '"': lg__emit_bytes(e, "&quot;", 6); break;
		case '\'': lg__emit_bytes(e, "&apos;", 6); break;
		case 0xEF: /* U+FFFE, U+FFFF (EF BF BE/BF) are no characters */
			if ((unsigned char)s[0] == 0xBF &&
			    ((unsigned char)s[1] & 0xFE) == 0xBE)
				s += 2;
			else
				lg__emit_char(e, (char)c);
			break;
		default: /* a control character: left out */
			break;
		}
	}
}

/* Bytes a JSON string takes as they are: printable ASCII but " and \. */
#define JPLAIN(c) ((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\')
#define JPLAIN4(c) JPLAIN(c), JPLAIN(c + 1), JPLAIN(c + 2), JPLAIN(c + 3)
#define JPLAIN16(c) JPLAIN4(c), JPLAIN4(c + 4), JPLAIN4(c + 8), JPLAIN4(c + 12)
#define JPLAIN64(c) \
	JPLAIN16(c), JPLAIN16(c + 16), JPLAIN16(c + 32), JPLAIN16(c + 48)

static const unsigned char json_plain[256] = { JPLAIN64(0), JPLAIN64(64),
					       JPLAIN64(128), JPLAIN64(192) };

/* The length of the UTF-8 character at s, or 0 when s starts none
 * (RFC 3629: no overlong forms, surrogates or values past U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

static void json_escape(lg__emitter *e, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', 0, 0 };

	switch (c) {
	case '"': lg__emit_bytes(e, "\\\"", 2); return;
	case '\\': lg__emit_bytes(e, "\\\\", 2); return;
	case '\n': lg__emit_bytes(e, "\\n", 2); return;
	case '\t': lg__emit_bytes(e, "\\t", 2); return;
	case '\r': lg__emit_bytes(e, "\\r", 2); return;
	case '\b': lg__emit_bytes(e, "\\b", 2); return;
	case '\f': lg__emit_bytes(e, "\\f", 2); return;
	}
	u[4] = hex[c >> 4];
	u[5] = hex[c & 15];
	lg__emit_bytes(e, u, 6);
}

void lg__emit_json(lg__emitter *e, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (;;) {
		const unsigned char *run = p;
		size_t n;

		while (json_plain[*p])
			p++;
		lg__emit_bytes(e, (const char *)run, (size_t)(p - run));
		if (!*p)
			return;
		if (*p < 0x80) {
			json_escape(e, *p++);
			continue;
		}
		n = utf8_len(p);
		if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
		    (p[2] == 0xA8 || p[2] == 0xA9))
			lg__emit_bytes(e, p[2] == 0xA8 ? "\\u2028" : "\\u2029",
				       6);
		else if (n)
			lg__emit_bytes(e, (const char *)p, n);
		else
			lg__emit_bytes(e, "\xEF\xBF\xBD", 3); /* U+FFFD */
		p += n ? n : 1;
	}
}

void lg__emit_dot(lg__emitter *e, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			lg__emit_char(e, '\\');
		lg__emit_char(e, c < 0x20 ? ' ' : (char)c);
	}
}

void lg__emit_tsv(lg__emitter *e, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\t\n\r\\");

		lg__emit_bytes(e, s, n);
		s += n;
		switch (*s) {
		case '\0': return;
		case '\t': lg__emit_bytes(e, "\\t", 2); break;
		case '\n': lg__emit_bytes(e, "\\n", 2); break;
		case '\r': lg__emit_bytes(e, "\\r", 2); break;
		default: lg__emit_bytes(e, "\\\\", 2);
		}
		s++;
	}
}

void lg__emit_csv(lg__emitter *e, const char *s)
{
	size_t n = strlen(s);

	if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		lg__emit_bytes(e, s, n);
		return;
	}
	lg__emit_char(e, '"');
	for (; *s; s++) {
		if (*s == '"')
			lg__emit_char(e, '"');
		lg__emit_char(e, *s);
	}
	lg__emit_char(e, '"');
}
