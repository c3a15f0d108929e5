/*
 * fuzz_card.c - bytes as a model card: front matter found, YAML parsed
 * by events, the record written as JSON.
 */
#include <stddef.h>
#include <stdint.h>

#include "card.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lg_buf out = LG_BUF_INIT;
	char problem[256];
	long line;

	lg__card_to_json((const char *)data, size, "org/name", &out, problem,
			 sizeof(problem), &line);
	lg__buf_release(&out);
	return 0;
}
