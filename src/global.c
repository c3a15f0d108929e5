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

int lg_global_init(void)
{
	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	json_object_seed(0);
	lg__json_alloc_install();
	return lg__http_global_init();
}

void lg_global_cleanup(void)
{
	lg__http_global_cleanup();
}
