/*
 * lineage.c - children, descendants, families and cycles (SPEC §2 rules 6-7).
 *
 * Descendants are counted exactly by one breadth-first walk per node that
 * has children, over the CSR, with a stamp array instead of a cleared
 * visited set: the total work is the sum of all descendant counts, which
 * on the Hub (shallow trees, a few merges) is a small multiple of |V|.
 * igraph finds the weakly connected components (families) and the strongly
 * connected ones; a strong component of more than one model is a cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

#include "graph_impl.h"

static int count_descendants(lg_graph *g)
{
	uint32_t *stamp = calloc(g->n ? g->n : 1, sizeof(*stamp));
	uint32_t *queue = malloc((g->n ? g->n : 1) * sizeof(*queue));
	size_t v;

	if (!stamp || !queue) {
		free(stamp);
		free(queue);
		return LG_ENOMEM;
	}
	for (v = 0; v < g->n; v++) {
		lg_lineage *l = &g->lineage[v];
		size_t head = 0, tail = 0;

		if (g->child_off[v + 1] == g->child_off[v])
			continue;
		stamp[v] = (uint32_t)v + 1; /* the walk's own mark */
		queue[tail++] = (uint32_t)v;
		while (head < tail) {
			uint32_t u = queue[head++], k;

			for (k = g->child_off[u]; k < g->child_off[u + 1]; k++) {
				lg_node c = g->edges[g->child_idx[k]].child;
				int64_t dl;

				if (stamp[c] == v + 1)
					continue;
				stamp[c] = (uint32_t)v + 1;
				queue[tail++] = c;
				l->descendants++;
				dl = g->models[c].rec.downloads;
				if (dl > 0)
					l->descendant_downloads += (uint64_t)dl;
			}
		}
	}
	free(stamp);
	free(queue);
	return 0;
}

static void count_direct(lg_graph *g)
{
	size_t e;

	for (e = 0; e < g->n_edges; e++) {
		const lg_edge *ed = &g->edges[e];

		g->lineage[ed->parent].children++;
		g->lineage[ed->parent].by_relation[ed->relation]++;
		g->lineage[ed->child].parents++;
	}
}

static int to_igraph(const lg_graph *g, igraph_t *ig)
{
	igraph_vector_int_t ev;
	size_t e;
	int rc;

	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * g->n_edges)))
		return LG_ENOMEM;
	for (e = 0; e < g->n_edges; e++) {
		VECTOR(ev)[2 * e] = g->edges[e].parent;
		VECTOR(ev)[2 * e + 1] = g->edges[e].child;
	}
	rc = igraph_create(ig, &ev, (igraph_integer_t)g->n, IGRAPH_DIRECTED);
	igraph_vector_int_destroy(&ev);
	return rc ? LG_EGRAPH : 0;
}

/* Names a cycle's members (node order, via the next[] list) in a warning. */
static void report_cycle(const lg_graph *g, const uint32_t *next,
			 uint32_t first, igraph_integer_t size)
{
	char text[1024];
	size_t len;
	uint32_t v;

	len = (size_t)snprintf(text, sizeof(text),
			       "cycle of %ld models (kept; counted once):",
			       (long)size);
	for (v = first; v != LG_NONE && len < sizeof(text); v = next[v])
		len += (size_t)snprintf(text + len, sizeof(text) - len, " '%s'",
					g->models[v].rec.id);
	if (len >= sizeof(text))
		memcpy(text + sizeof(text) - 5, " ...", 5);
	lg__graph_diag(g, &g->models[first].rec, text);
}

/* Strong components of more than one model; each is numbered, marked on
 * its members and reported once, in node order. */
static int mark_cycles(lg_graph *g, const igraph_vector_int_t *memb,
		       const igraph_vector_int_t *csize, igraph_integer_t n_comp)
{
	uint32_t *head = malloc(((size_t)n_comp + 1) * sizeof(*head));
	uint32_t *next = malloc((g->n ? g->n : 1) * sizeof(*next));
	uint32_t *number = calloc((size_t)n_comp + 1, sizeof(*number));
	size_t v;

	if (!head || !next || !number) {
		free(head);
		free(next);
		free(number);
		return LG_ENOMEM;
	}
	memset(head, 0xff, ((size_t)n_comp + 1) * sizeof(*head));
	for (v = g->n; v-- > 0;) {
		igraph_integer_t c = VECTOR(*memb)[v];

		next[v] = head[c];
		head[c] = (uint32_t)v;
	}
	for (v = 0; v < g->n; v++) {
		igraph_integer_t c = VECTOR(*memb)[v];

		if (VECTOR(*csize)[c] < 2)
			continue;
		if (head[c] == v) {
			number[c] = (uint32_t)++g->stats.cycles;
			report_cycle(g, next, (uint32_t)v, VECTOR(*csize)[c]);
		}
		g->lineage[v].cycle = number[c];
	}
	free(head);
	free(next);
	free(number);
	return 0;
}

/* Components of ig (IGRAPH_WEAK or IGRAPH_STRONG) handed to fn. */
static int with_components(lg_graph *g, const igraph_t *ig,
			   igraph_connectedness_t mode,
			   int (*fn)(lg_graph *, const igraph_vector_int_t *,
				     const igraph_vector_int_t *,
				     igraph_integer_t))
{
	igraph_vector_int_t memb, csize;
	igraph_integer_t n_comp;
	int rc = LG_EGRAPH;

	if (igraph_vector_int_init(&memb, 0))
		return LG_ENOMEM;
	if (igraph_vector_int_init(&csize, 0)) {
		igraph_vector_int_destroy(&memb);
		return LG_ENOMEM;
	}
	if (igraph_connected_components(ig, &memb, &csize, &n_comp, mode) ==
	    IGRAPH_SUCCESS)
		rc = fn(g, &memb, &csize, n_comp);
	igraph_vector_int_destroy(&csize);
	igraph_vector_int_destroy(&memb);
	return rc;
}

/* Weak components are families: numbered on the nodes, sized. */
static int mark_families(lg_graph *g, const igraph_vector_int_t *memb,
			 const igraph_vector_int_t *csize,
			 igraph_integer_t n_comp)
{
	igraph_integer_t c;
	size_t v;

	g->family_size = malloc(((size_t)n_comp + 1) * sizeof(uint32_t));
	if (!g->family_size)
		return LG_ENOMEM;
	for (c = 0; c < n_comp; c++)
		g->family_size[c] = (uint32_t)VECTOR(*csize)[c];
	for (v = 0; v < g->n; v++)
		g->lineage[v].family = (uint32_t)VECTOR(*memb)[v];
	g->stats.families = (size_t)n_comp;
	return 0;
}

int lg__lineage_compute(lg_graph *g, lg_error *err)
{
	igraph_t ig;
	int rc;

	g->lineage = calloc(g->n ? g->n : 1, sizeof(*g->lineage));
	if (!g->lineage)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	count_direct(g);
	if (count_descendants(g) < 0)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	rc = to_igraph(g, &ig);
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0,
				    "cannot build the igraph graph");
	rc = with_components(g, &ig, IGRAPH_WEAK, mark_families);
	if (rc == 0)
		rc = with_components(g, &ig, IGRAPH_STRONG, mark_cycles);
	igraph_destroy(&ig);
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0,
				    "cannot compute components: %s",
				    lg_strerror(rc));
	return 0;
}

const lg_lineage *lg_graph_lineage(const lg_graph *g, lg_node n)
{
	return &g->lineage[n];
}

uint32_t lg_graph_family_size(const lg_graph *g, lg_node n)
{
	return g->family_size[g->lineage[n].family];
}
