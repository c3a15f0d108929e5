/*
 * record_parse.h - one JSON object's bytes to an lg_record (private).
 *
 * Pure: takes (buf, len), so tests and fuzzers drive it without files.
 */
#ifndef LG_RECORD_PARSE_H
#define LG_RECORD_PARSE_H

#include "arena.h"
#include "lg_record.h"

/* Told about each field that was ignored; text is borrowed. */
typedef void (*lg__field_warn_fn)(int kind, const char *text,
				  void *payload);

/*
 * Fills *out from the JSON object in buf[0..len), copying kept strings
 * into arena. Returns 0, or LG_EPARSE when the record must be skipped, with
 * the reason in err (err->line is the line inside buf). A field of the
 * wrong type is reported through warn and left out; the record is kept.
 * out->file/line/index are left for the caller.
 */
int lg__record_parse(lg_record *out, lg_arena *arena, const char *buf,
		     size_t len, lg__field_warn_fn warn, void *payload,
		     lg_error *err);

#endif
