/*
 * fuzz_waivers.c - bytes as a --waivers file, reason codes checked
 * against the built-in licence table's; a loaded list is then searched.
 */
#include <stddef.h>
#include <stdint.h>

#include "lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int code_of(const void *ctx, const char *name)
{
	return lg_license_table_reason_code(ctx, name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lg_license_table *t;
	lg_error err;
	lg_waivers *w;

	if (!t && lg_license_table_new(&t, &err) != 0)
		return 0;
	if (lg_waivers_load(&w, (const char *)data, size, "fuzz", code_of, t,
			    &err) == 0) {
		lg_waivers_find(w, "acme/chat-lora", 0, 20000);
		lg_waivers_find(w, "other-org/x", -1, 0);
		lg_waivers_free(w);
	}
	return 0;
}
