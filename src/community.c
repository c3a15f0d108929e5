/*
 * community.c - Leiden and Louvain through igraph, on the undirected
 * graph of the models that have an edge.
 *
 * igraph 0.10.2's Leiden optimises CPM unless told otherwise: modularity
 * needs node weights equal to the degrees and a resolution of 1/(2m)
 * (scaled by the user's). Its "iterate until stable" mode (n_iterations
 * < 0) stops after the first iteration that changes anything (igraph
 * issue #2798), so we iterate ourselves, one pass at a time from the
 * previous membership, until the quality stops improving.
 */
#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

#include "lg_community.h"
#include "lg_lineage.h"

#define MAX_PASSES 50

struct lg_communities {
	int32_t *of;      /* per node, -1 when isolated */
	size_t *sizes;
	size_t n;
	double modularity;
};

/* The undirected graph of non-isolated models; map[i] is the node of
 * igraph vertex i. */
static int build_undirected(const lg_graph *g, igraph_t *ig, lg_node **map,
			    igraph_integer_t *n_out)
{
	size_t n_nodes = lg_graph_count(g), n_edges = lg_graph_edge_count(g);
	igraph_integer_t *index = malloc((n_nodes + 1) * sizeof(*index));
	igraph_vector_int_t ev;
	igraph_integer_t n = 0;
	size_t v, e;
	int rc = LG_ENOMEM;

	*map = malloc((n_nodes + 1) * sizeof(**map));
	if (!index || !*map)
		goto fail;
	for (v = 0; v < n_nodes; v++) {
		const lg_lineage *l = lg_graph_lineage(g, (lg_node)v);

		index[v] = (l->parents || l->children) ? n : -1;
		if (index[v] >= 0)
			(*map)[n++] = (lg_node)v;
	}
	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * n_edges)))
		goto fail;
	for (e = 0; e < n_edges; e++) {
		VECTOR(ev)[2 * e] = index[lg_graph_edge(g, e)->parent];
		VECTOR(ev)[2 * e + 1] = index[lg_graph_edge(g, e)->child];
	}
	rc = igraph_create(ig, &ev, n, IGRAPH_UNDIRECTED) ? LG_EGRAPH : 0;
	igraph_vector_int_destroy(&ev);
	*n_out = n;
fail:
	free(index);
	return rc;
}

static int run_leiden(const igraph_t *ig, double resolution,
		      igraph_vector_int_t *memb)
{
	igraph_vector_t degree;
	igraph_vector_int_t deg_int;
	igraph_integer_t n_clusters, i;
	igraph_real_t quality, last = 0;
	double m = (double)igraph_ecount(ig);
	int pass, rc = LG_EGRAPH;

	if (igraph_vector_int_init(&deg_int, 0))
		return LG_ENOMEM;
	if (igraph_vector_init(&degree, igraph_vcount(ig))) {
		igraph_vector_int_destroy(&deg_int);
		return LG_ENOMEM;
	}
	if (igraph_degree(ig, &deg_int, igraph_vss_all(), IGRAPH_ALL,
			  IGRAPH_LOOPS))
		goto cleanup;
	for (i = 0; i < igraph_vcount(ig); i++)
		VECTOR(degree)[i] = (igraph_real_t)VECTOR(deg_int)[i];
	for (pass = 0; pass < MAX_PASSES; pass++) {
		if (igraph_community_leiden(ig, NULL, &degree,
					    resolution / (2.0 * m), 0.01,
					    pass > 0, 1, memb, &n_clusters,
					    &quality))
			goto cleanup;
		if (pass > 0 && quality <= last + 1e-6 * (last < 0 ? -last : last))
			break;
		last = quality;
	}
	rc = 0;
cleanup:
	igraph_vector_destroy(&degree);
	igraph_vector_int_destroy(&deg_int);
	return rc;
}

/* Renumbers communities by size, largest first, ties by the node number
 * of their first member (nodes are in input order): a stable naming. */
typedef struct {
	size_t size;
	lg_node first;
	igraph_integer_t label;
} group;

static int by_size(const void *pa, const void *pb)
{
	const group *a = pa, *b = pb;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

static int renumber(lg_communities *c, const igraph_vector_int_t *memb,
		    const lg_node *map, igraph_integer_t n)
{
	igraph_integer_t i, labels = 0;
	group *groups;
	int32_t *rank;
	size_t k;

	for (i = 0; i < n; i++)
		if (VECTOR(*memb)[i] + 1 > labels)
			labels = VECTOR(*memb)[i] + 1;
	groups = calloc((size_t)labels + 1, sizeof(*groups));
	rank = malloc(((size_t)labels + 1) * sizeof(*rank));
	c->sizes = calloc((size_t)labels + 1, sizeof(*c->sizes));
	if (!groups || !rank || !c->sizes) {
		free(groups);
		free(rank);
		return LG_ENOMEM;
	}
	for (i = 0; i < labels; i++) {
		groups[i].label = i;
		groups[i].first = LG_NONE;
	}
	for (i = 0; i < n; i++) {
		group *gr = &groups[VECTOR(*memb)[i]];

		if (!gr->size++)
			gr->first = map[i];
	}
	qsort(groups, (size_t)labels, sizeof(*groups), by_size);
	for (k = 0; k < (size_t)labels && groups[k].size; k++) {
		rank[groups[k].label] = (int32_t)k;
		c->sizes[k] = groups[k].size;
	}
	c->n = k;
	for (i = 0; i < n; i++)
		c->of[map[i]] = rank[VECTOR(*memb)[i]];
	free(groups);
	free(rank);
	return 0;
}

int lg_communities_find(lg_communities **out, const lg_graph *g,
			const lg_community_options *opts, lg_error *err)
{
	static const lg_community_options defaults = LG_COMMUNITY_OPTIONS_INIT;
	const lg_community_options *o = opts ? opts : &defaults;
	lg_communities *c = calloc(1, sizeof(*c));
	igraph_vector_int_t memb;
	igraph_real_t q = 0;
	igraph_integer_t n = 0;
	lg_node *map = NULL;
	igraph_t ig;
	size_t v;
	int rc;

	*out = NULL;
	size_t n_nodes = lg_graph_count(g);

	if (!c || !(c->of = malloc((n_nodes + 1) * sizeof(*c->of)))) {
		free(c);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	for (v = 0; v < n_nodes; v++)
		c->of[v] = -1;
	if ((rc = build_undirected(g, &ig, &map, &n)) < 0) {
		free(map);
		lg_communities_free(c);
		return lg_error_set(err, rc, NULL, 0,
				    "cannot build the undirected graph");
	}
	rc = LG_ENOMEM;
	if (igraph_vector_int_init(&memb, n) == IGRAPH_SUCCESS) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
		if (n == 0)
			rc = 0;
		else if (o->method == LG_COMMUNITY_LOUVAIN)
			rc = igraph_community_multilevel(&ig, NULL, o->resolution,
							 &memb, NULL, NULL)
				     ? LG_EGRAPH : 0;
		else
			rc = run_leiden(&ig, o->resolution, &memb);
		if (rc == 0 && n > 0 &&
		    igraph_modularity(&ig, &memb, NULL, 1.0, 0, &q))
			rc = LG_EGRAPH;
		if (rc == 0)
			rc = renumber(c, &memb, map, n);
		igraph_vector_int_destroy(&memb);
	}
	igraph_destroy(&ig);
	free(map);
	if (rc < 0) {
		lg_communities_free(c);
		return lg_error_set(err, rc, NULL, 0,
				    "community detection failed: %s",
				    lg_strerror(rc));
	}
	c->modularity = (double)q;
	*out = c;
	return 0;
}

void lg_communities_free(lg_communities *c)
{
	if (!c)
		return;
	free(c->of);
	free(c->sizes);
	free(c);
}

int32_t lg_community_of(const lg_communities *c, lg_node n)
{
	return c->of[n];
}

size_t lg_communities_count(const lg_communities *c)
{
	return c->n;
}

size_t lg_community_size(const lg_communities *c, int32_t community)
{
	return community >= 0 && (size_t)community < c->n ? c->sizes[community]
							   : 0;
}

double lg_communities_modularity(const lg_communities *c)
{
	return c->modularity;
}
