/*
 * scan.h - cuts a byte stream of JSON into one span per model record
 * (private).
 *
 * The stream may be a listing page (a JSON array of objects), JSON lines,
 * one object, or any mix and concatenation of these: a top-level array is
 * opened one level and its elements are records; a top-level object is a
 * record. The scanner only tracks strings and nesting, never parses, so it
 * runs far faster than the parser it feeds, and it never holds more than
 * LG_MAX_RECORD bytes of one record whatever the input holds.
 *
 * In JSON lines (detected from the first two lines) a newline always ends
 * a record, so a truncated line costs that line alone.
 */
#ifndef LG_SCAN_H
#define LG_SCAN_H

#include <stddef.h>

#include "buf.h"

#define LG_MAX_RECORD (16u << 20) /* bytes of one record */
#define LG_MAX_DEPTH 128         /* nesting inside one record */

enum {
	LG_SPAN_OVERSIZE = 1,    /* longer than LG_MAX_RECORD; bytes dropped */
	LG_SPAN_TOO_DEEP = 2,    /* nested deeper than LG_MAX_DEPTH */
	LG_SPAN_TRUNCATED = 4,   /* ended by end of line or end of input */
	LG_SPAN_NOT_OBJECT = 8,  /* a value that is not an object */
	LG_SPAN_JUNK = 16,       /* a stray character between values */
	LG_SPAN_OPEN_ARRAY = 32, /* an array was never closed; no record */
	LG_SPAN_CARD = 64        /* a model card that could not be read */
};

typedef struct {
	size_t offset, len; /* bytes in the output buffer; 0 when flagged */
	long line;          /* line where the record starts, 1-based */
	long index;         /* element number in an array, else -1 */
	int flags;          /* LG_SPAN_* */
} lg__span;

/* Called for each record; a negative return stops the scan with it. */
typedef int (*lg__span_fn)(const lg__span *span, void *payload);

typedef struct {
	lg_buf *out;     /* record bytes are appended here; may be swapped
			    by the callback, between records */
	lg__span_fn emit;
	void *payload;

	/* private state, set by lg__scan_init */
	long line, index, rec_line, rec_index;
	size_t rec_start, rec_len;
	long long depth; /* 64 bits: a hostile stream may open 2^31 brackets */
	int rec_flags, started, lines_mode;
	int in_record, in_string, escape, bare, page, copying, skip_line;
} lg__scanner;

void lg__scan_init(lg__scanner *s, lg_buf *out, lg__span_fn emit,
		   void *payload);

/*
 * Feeds the next bytes. The first call decides JSON-lines mode from what
 * it is given, so it should get a generous first block (the ingester
 * passes one that holds a few whole lines, up to 64 MiB). Returns 0, or what the callback returned.
 */
int lg__scan_feed(lg__scanner *s, const char *data, size_t len);

/* Ends the input, emitting a truncated record or unclosed array. */
int lg__scan_finish(lg__scanner *s);

#endif
