/*
 * test_fetch_fail.c - lg_fetch when an allocation fails before the first
 * request: for each allocation, failed in turn, the crawl ends in an error
 * and gives back every block it took (the manifest plan() made included),
 * until it gets as far as the network (a closed port here).
 *
 * Allocations are interposed and counted by compiling in
 * tests/faults/failmalloc.c; skipped (exit 77) under a sanitizer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lg_fetch.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
int main(void)
{
	return 77;
}
#else
#include "testhelp.h"

#include "faults/failmalloc.c"

static int fetch_once(const char *dir, lg_error *err)
{
	static const char *const filters[] = { "text-generation" };
	lg_fetch_options o = LG_FETCH_OPTIONS_INIT;
	char cmd[300];
	int rc;

	o.out_dir = dir;
	o.endpoint = "http://127.0.0.1:9"; /* discard: nothing listens */
	o.search = "llama";
	o.filters = filters;
	o.n_filters = 1;
	o.max_attempts = 1;
	o.retry_base_ms = 1;
	rc = lg_fetch(&o, err);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	fail_at = 0;
	if (system(cmd) != 0)
		return -100;
	return rc;
}

int main(void)
{
	char dir[] = "/tmp/lg_test_fetch_fail.XXXXXX", snap[64];
	unsigned long n, leaked = 0, silent = 0;
	long before;
	int rc, kept;
	lg_error err;

	if (!mkdtemp(dir))
		return 1;
	snprintf(snap, sizeof(snap), "%s/snap", dir);
	fetch_once(snap, &err); /* libraries' one-time set-up */
	for (n = 1; n < 100000; n++) {
		memset(&err, 0, sizeof(err));
		before = live;
		calls = 0;
		fail_at = n;
		rc = fetch_once(snap, &err);
		if (calls < n)
			break; /* it made fewer than n: all were failed */
		/* a block libcurl keeps when its own allocation fails in
		 * the request (the only LG_EHTTP here) is libcurl's */
		kept = live != before && rc != LG_EHTTP;
		if (kept || rc == 0 || !err.text[0])
			printf("# allocation %lu failed: %ld blocks kept, "
			       "status %d, '%s'\n", n, live - before, rc,
			       err.text);
		leaked += kept;
		silent += rc == 0 || !err.text[0];
	}
	printf("# %lu allocations failed in turn\n", n - 1);
	test_cond("fetch, out of memory: swept every allocation",
		  rc == LG_EHTTP && n > 20);
	test_cond("fetch, out of memory: nothing leaks", leaked == 0);
	test_cond("fetch, out of memory: an error with a reason", silent == 0);
	rmdir(dir);
	return test_exit();
}
#endif
