/*
 * test_build_fail.c - lg_graph_build when an allocation fails: for each
 * allocation it makes, failed in turn, the build returns LG_ENOMEM with a
 * reason and leaves the graph unbuilt (so it is never cached or read as
 * one), until the build needs no more and succeeds.
 *
 * malloc, calloc and realloc are interposed by compiling in
 * tests/faults/failmalloc.c (a program's own definitions win over libc's
 * for every caller); a sanitizer build brings its own allocator, so there
 * the test is skipped (exit 77).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph_struct.h"
#include "lineage.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
int main(void)
{
	return 77;
}
#else
#include "testhelp.h"

/* malloc, calloc, realloc failing the fail_at'th call after calls = 0 */
#include "faults/failmalloc.c"

/* A chain, a merge and a 2-cycle: every step of the build has work. */
static const char listing[] =
	"{\"id\":\"o/a\"}\n"
	"{\"id\":\"o/b\",\"tags\":[\"base_model:o/a\"]}\n"
	"{\"id\":\"o/c\",\"tags\":[\"base_model:o/a\",\"base_model:o/b\"]}\n"
	"{\"id\":\"o/d\",\"tags\":[\"base_model:o/e\"]}\n"
	"{\"id\":\"o/e\",\"tags\":[\"base_model:o/d\"]}\n";

int main(void)
{
	char dir[] = "/tmp/lg_test_build_fail.XXXXXX", path[64];
	const char *input = path;
	unsigned long n, unbuilt = 0, unexplained = 0;
	int rc = -1;
	FILE *f;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/in.jsonl", dir);
	if (!(f = fopen(path, "w")) || fputs(listing, f) < 0 || fclose(f))
		return 1;
	for (n = 1; rc < 0 && n < 100000; n++) {
		lg_graph *g = lg_graph_new();
		lg_error err;

		memset(&err, 0, sizeof(err));
		if (!g || lg_ingest(g, &input, 1, NULL, &err) < 0)
			return 1;
		calls = 0;
		fail_at = n;
		rc = lg_graph_build(g, &err);
		fail_at = 0;
		if (rc < 0) {
			unbuilt += !g->built;
			unexplained += rc != LG_ENOMEM || !err.text[0];
		}
		lg_graph_free(g);
	}
	n--; /* the build that succeeded */
	printf("# %lu allocations failed in turn\n", n - 1);
	test_cond("failed build: swept every allocation", rc == 0 && n > 5);
	test_cond("failed build: the graph is never marked built",
		  unbuilt == n - 1);
	test_cond("failed build: out of memory, with a reason",
		  unexplained == 0);
	unlink(path);
	rmdir(dir);
	return test_exit();
}
#endif
