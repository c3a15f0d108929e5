/*
 * emit.h - writing text fast and escaped, for every output format
 * (private).
 *
 * An emitter gathers output in a 64 KiB buffer of its own and hands it to
 * its stream a block at a time: a whole-Hub export is hundreds of millions
 * of small pieces, and a stdio call for each (with its lock) costs more
 * than everything else the writer does. Whoever begins an emitter flushes
 * it before the stream is used otherwise; errors surface as the stream's
 * (ferror), as with stdio.
 */
#ifndef LG_EMIT_H
#define LG_EMIT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LG__EMIT_BUF (1u << 16)

typedef struct {
	FILE *out;
	size_t len;
	char buf[LG__EMIT_BUF];
} lg__emitter;

void lg__emit_begin(lg__emitter *e, FILE *out);
void lg__emit_flush(lg__emitter *e);

/* n bytes as they are. */
void lg__emit_slow(lg__emitter *e, const char *p, size_t n);

static inline void lg__emit_bytes(lg__emitter *e, const char *p, size_t n)
{
	if (n <= LG__EMIT_BUF - e->len) {
		memcpy(e->buf + e->len, p, n);
		e->len += n;
	} else {
		lg__emit_slow(e, p, n);
	}
}

static inline void lg__emit_str(lg__emitter *e, const char *s)
{
	lg__emit_bytes(e, s, strlen(s));
}

static inline void lg__emit_char(lg__emitter *e, char c)
{
	if (e->len == LG__EMIT_BUF)
		lg__emit_flush(e);
	e->buf[e->len++] = c;
}

/* A decimal integer. */
void lg__emit_int(lg__emitter *e, int64_t v);

/* printf-style, for headers and the rare formatted piece. */
void lg__emitf(lg__emitter *e, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* XML character data or attribute value: & < > " ' escaped; characters
 * XML 1.0 forbids (controls but tab, newline, return; U+FFFE, U+FFFF)
 * left out, since one of them makes the whole file unreadable. */
void lg__emit_xml(lg__emitter *e, const char *s);

/*
 * A JSON string's body (RFC 8259): " and \ escaped, control characters as
 * \n, \t ... or \u00XX; U+2028 and U+2029 as \u2028 and \u2029, which
 * JSON allows raw but JavaScript before ES2019 does not; a byte that is
 * no part of a UTF-8 character becomes U+FFFD, so the text stays JSON.
 */
void lg__emit_json(lg__emitter *e, const char *s);

/* A DOT double-quoted string's body: " and \ escaped, controls blanked. */
void lg__emit_dot(lg__emitter *e, const char *s);

/* A TSV field: tab, newline, return and backslash as \t \n \r \\ (the
 * convention of PostgreSQL's text format), so a row is always one line. */
void lg__emit_tsv(lg__emitter *e, const char *s);

/* A CSV field (RFC 4180): quoted when it holds , " CR or LF or starts or
 * ends with a blank, its quotes doubled. */
void lg__emit_csv(lg__emitter *e, const char *s);

#endif
