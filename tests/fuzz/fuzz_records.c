/*
 * fuzz_records.c - bytes through the record splitter and the record
 * parser, as ingest feeds them: fed in two pieces at a position taken from
 * the input, so records straddling feeds are covered too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "lineage.h"
#include "record_parse.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	lg_arena arena;
	lg_buf *out;
} ctx;

static void ignore(int kind, const char *text, void *payload)
{
	(void)kind;
	(void)text;
	(void)payload;
}

static int on_span(const lg__span *span, void *payload)
{
	ctx *c = payload;
	lg_record rec;
	lg_error err;

	if (!span->flags && span->len)
		lg__record_parse(&rec, &c->arena, c->out->data + span->offset,
				 span->len, ignore, NULL, &err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	lg_buf out = LG_BUF_INIT;
	lg__scanner s;
	ctx c = { LG_ARENA_INIT, &out };
	size_t cut = size ? data[0] % (size + 1) : 0;

	if (!ready)
		ready = lg_global_init() == 0;
	lg__scan_init(&s, &out, on_span, &c);
	lg__scan_feed(&s, (const char *)data, cut);
	lg__scan_feed(&s, (const char *)data + cut, size - cut);
	lg__scan_finish(&s);
	lg__buf_release(&out);
	lg__arena_release(&c.arena);
	return 0;
}
