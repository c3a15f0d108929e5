/*
 * fuzz_licenses.c - bytes as a --licenses file, read over the built-in
 * table; then a few look-ups in what it made.
 */
#include <stddef.h>
#include <stdint.h>

#include "lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lg_license_table *t;
	lg_error err;

	if (lg_license_table_new(&t, &err) != 0)
		return 0;
	lg_license_table_load(t, (const char *)data, size, "fuzz", &err);
	lg_license_find(t, "apache-2.0");
	lg_license_find(t, "llama3");
	lg_license_table_reason_code(t, "MAU_LIMIT");
	lg_license_table_free(t);
	return 0;
}
