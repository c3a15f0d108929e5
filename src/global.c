/*
 * global.c - process-wide set-up of the libraries lineage builds on.
 *
 * igraph aborts the process on error unless told otherwise, and a library
 * must never do that to its caller. Jansson seeds its hash function lazily;
 * seeding here, before any worker thread exists, keeps that out of races.
 */
#include <igraph/igraph.h>
#include <jansson.h>

#include "lineage.h"

int lg_global_init(void)
{
	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	json_object_seed(0);
	return 0;
}

void lg_global_cleanup(void)
{
}
