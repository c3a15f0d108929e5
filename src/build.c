/*
 * build.c - lg_graph_build: the model table resolved into edges, then its
 * lineage computed and handed to it. Kept apart so that graph.c (the
 * table) and lineage.c (the walks over it) need not know each other.
 */
#include "graph_impl.h"

int lg_graph_build(lg_graph *g, lg_error *err)
{
	lg__lineage l;
	int rc;

	if ((rc = lg__graph_resolve(g, err)) < 0 ||
	    (rc = lg__lineage_compute(&l, g, err)) < 0)
		return rc;
	lg__graph_set_lineage(g, &l);
	return 0;
}
