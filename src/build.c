/*
 * build.c - lg_graph_build: the model table resolved into edges, then its
 * lineage computed and handed to it. Kept apart so that graph.c (the
 * table) and lineage.c (the walks over it) need not know each other.
 *
 * The id order and the lineage read the resolved graph and write apart,
 * so on two cores they run at once.
 */
#include <pthread.h>

#include "graph_impl.h"

static void *rank_ids(void *g)
{
	return lg__graph_rank_ids(g) < 0 ? g : NULL;
}

int lg_graph_build(lg_graph *g, lg_error *err)
{
	lg__lineage l;
	pthread_t ranker;
	void *failed = NULL;
	int rc, threaded;

	if ((rc = lg__graph_resolve(g, err)) < 0)
		return rc;
	threaded = pthread_create(&ranker, NULL, rank_ids, g) == 0;
	if (!threaded)
		failed = rank_ids(g);
	rc = lg__lineage_compute(&l, g, err);
	if (threaded)
		pthread_join(ranker, &failed);
	if (rc == 0 && failed) {
		lg__lineage_release(&l);
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	if (rc < 0)
		return rc;
	lg__graph_set_lineage(g, &l);
	return 0;
}
