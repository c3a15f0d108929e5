/*
 * fuzz_policy.c - bytes as a --policy file, checked against the built-in
 * licence table; a loaded policy is then asked about an unknown licence
 * under every use.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lg_license_table *t;
	lg_error err;
	lg_model_license ml;
	lg_policy *p;
	long line;
	int use;

	if (!t && lg_license_table_new(&t, &err) != 0)
		return 0;
	if (lg_policy_load(&p, (const char *)data, size, "fuzz", t, &err) == 0) {
		memset(&ml, 0, sizeof(ml));
		for (use = 0; use < LG_USE_COUNT; use++)
			lg_policy_action(p, &ml, use, &line);
		lg_policy_free(p);
	}
	return 0;
}
