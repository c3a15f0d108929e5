/*
 * global.c - process-wide set-up of the libraries lineage builds on.
 *
 * igraph aborts the process on error unless told otherwise, and a library
 * must never do that to its caller. Jansson seeds its hash function lazily;
 * seeding here, before any worker thread exists, keeps that out of races.
 * Jansson's allocator is replaced by one that serves record parsing from
 * per-thread arenas and is plain malloc/free otherwise (json_alloc.h).
 */
#include <igraph/igraph.h>
#include <jansson.h>

#include "http.h"
#include "json_alloc.h"
#include "lineage.h"

/*
 * igraph's error handler must free what igraph registered for cleanup
 * (IGRAPH_FINALLY_FREE), as igraph_error_handler_ignore does. But with
 * igraph 0.10.2, freeing it after an allocation failed inside
 * igraph_community_leiden (in its aggregation's igraph_create) corrupts
 * the heap: malloc aborts soon after. Out of memory, the stack is dropped
 * unfreed instead: a leak on a path that ends the run, not a crash.
 */
static void on_igraph_error(const char *reason, const char *file, int line,
			    igraph_error_t code)
{
	(void)reason;
	(void)file;
	(void)line;
	if (code == IGRAPH_ENOMEM)
		IGRAPH_FINALLY_CLEAN(IGRAPH_FINALLY_STACK_SIZE());
	else
		IGRAPH_FINALLY_FREE();
}

int lg_global_init(void)
{
	igraph_set_error_handler(on_igraph_error);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	json_object_seed(0);
	lg__json_alloc_install();
	return lg__http_global_init();
}

void lg_global_cleanup(void)
{
	lg__http_global_cleanup();
}
