/*
 * fuzz_headers.c - bytes as the HTTP headers the crawl obeys: the part
 * before the first newline as a Link header value, the rest as the base
 * URL it is resolved against; the whole input as a RateLimit value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *nl, *next;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	lg__ratelimit_wait(text);
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	next = lg__link_next(text, nl ? nl + 1 : "https://huggingface.co/api/models");
	free(next);
	free(text);
	return 0;
}
