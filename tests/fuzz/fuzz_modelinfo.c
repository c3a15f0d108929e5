/*
 * fuzz_modelinfo.c - bytes as one GET /api/models/{id} object: parsed
 * into a record, its licence (cardData.license, license_name, license:
 * tags) normalised against the built-in table and spelled out.
 */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "lineage.h"
#include "record_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(int kind, const char *text, void *payload)
{
	(void)kind;
	(void)text;
	(void)payload;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lg_license_table *t;
	lg_arena arena = LG_ARENA_INIT;
	lg_error err;
	lg_model_license ml;
	lg_record rec;
	char text[256];

	if (!t && lg_license_table_new(&t, &err) != 0)
		return 0;
	if (lg__record_parse(&rec, &arena, (const char *)data, size, ignore,
			     NULL, &err) == 0) {
		lg_license_normalize(&ml, t, &rec);
		lg_model_license_text(&ml, text, sizeof(text));
		lg_model_license_family(&ml);
		lg_model_license_openness(&ml);
	}
	lg__arena_release(&arena);
	return 0;
}
