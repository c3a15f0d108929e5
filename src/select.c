/*
 * select.c - which models an export keeps (SPEC §3 export): the union of
 * the named parts (a root and its descendants to a depth, a model's whole
 * tree up and down, a family), then the largest families and the bases
 * with many descendants. Every walk is one multi-source breadth-first
 * search: linear however many models are named.
 */
#include <stdlib.h>
#include <string.h>

#include "lg_export.h"
#include "lg_lineage.h"

/* Marks in `in` the nodes reachable from the sources already marked in
 * `in`, downwards (to children) or upwards, to depth levels (-1 = all). */
static int reach(const lg_graph *g, uint8_t *in, long depth, int up)
{
	size_t n = lg_graph_count(g), head = 0, tail = 0, v;
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	long *level = malloc((n + 1) * sizeof(*level));

	if (!queue || !level) {
		free(queue);
		free(level);
		return LG_ENOMEM;
	}
	for (v = 0; v < n; v++)
		if (in[v]) {
			queue[tail] = (lg_node)v;
			level[tail++] = 0;
		}
	while (head < tail) {
		lg_node u = queue[head];
		long d = level[head++];
		size_t m, k;
		const uint32_t *es = up ? lg_graph_parent_edges(g, u, &m)
					: lg_graph_child_edges(g, u, &m);

		if (depth >= 0 && d >= depth)
			continue;
		for (k = 0; k < m; k++) {
			const lg_edge *e = lg_graph_edge(g, es[k]);
			lg_node x = up ? e->parent : e->child;

			if (in[x])
				continue;
			in[x] = 1;
			queue[tail] = x;
			level[tail++] = d + 1;
		}
	}
	free(queue);
	free(level);
	return 0;
}

typedef struct {
	size_t size;
	lg_node first;
	uint32_t family;
} family_size;

static int by_family_size(const void *pa, const void *pb)
{
	const family_size *a = pa, *b = pb;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* The top families by size (ties: the one met first in input order). */
static int mark_top_families(const lg_graph *g, uint8_t *mark, long top)
{
	size_t n = lg_graph_count(g), fams = lg_graph_get_stats(g)->families, v;
	family_size *f = calloc(fams + 1, sizeof(*f));
	uint8_t *chosen = calloc(fams + 1, 1);

	if (!f || !chosen) {
		free(f);
		free(chosen);
		return LG_ENOMEM;
	}
	for (v = 0; v < fams; v++) {
		f[v].family = (uint32_t)v;
		f[v].first = LG_NONE;
	}
	for (v = 0; v < n; v++) {
		family_size *fs = &f[lg_graph_lineage(g, (lg_node)v)->family];

		if (!fs->size++)
			fs->first = (lg_node)v;
	}
	qsort(f, fams, sizeof(*f), by_family_size);
	for (v = 0; v < fams && (long)v < top; v++)
		chosen[f[v].family] = 1;
	for (v = 0; v < n; v++)
		mark[v] = chosen[lg_graph_lineage(g, (lg_node)v)->family];
	free(f);
	free(chosen);
	return 0;
}

/* Marks the nodes of ids in mark; LG_ENOTFOUND names the first unknown. */
static int mark_ids(const lg_graph *g, uint8_t *mark, const char *const *ids,
		    size_t n_ids, lg_error *err)
{
	size_t i;

	for (i = 0; i < n_ids; i++) {
		lg_node r = lg_graph_find(g, ids[i]);

		if (r == LG_NONE)
			return lg_error_set(err, LG_ENOTFOUND, NULL, 0,
					    "no model '%s' in the input", ids[i]);
		mark[r] = 1;
	}
	return 0;
}

/* ORs into keep the ids and what lies from them up or down, to depth. */
static int add_reach(uint8_t *keep, uint8_t *part, const lg_graph *g,
		     const char *const *ids, size_t n_ids, long depth, int up,
		     lg_error *err)
{
	size_t n = lg_graph_count(g), v;
	int rc;

	memset(part, 0, n);
	if ((rc = mark_ids(g, part, ids, n_ids, err)) < 0)
		return rc;
	if (reach(g, part, depth, up) < 0)
		return LG_ENOMEM;
	for (v = 0; v < n; v++)
		keep[v] |= part[v];
	return 0;
}

/* ORs into keep every family holding one of ids. */
static int add_families(uint8_t *keep, const lg_graph *g,
			const char *const *ids, size_t n_ids, lg_error *err)
{
	size_t n = lg_graph_count(g), v, i;
	uint8_t *chosen = calloc(lg_graph_get_stats(g)->families + 1, 1);

	if (!chosen)
		return LG_ENOMEM;
	for (i = 0; i < n_ids; i++) {
		lg_node r = lg_graph_find(g, ids[i]);

		if (r == LG_NONE) {
			free(chosen);
			return lg_error_set(err, LG_ENOTFOUND, NULL, 0,
					    "no model '%s' in the input", ids[i]);
		}
		chosen[lg_graph_lineage(g, r)->family] = 1;
	}
	for (v = 0; v < n; v++)
		keep[v] |= chosen[lg_graph_lineage(g, (lg_node)v)->family];
	free(chosen);
	return 0;
}

/* The union of the named parts into keep. A tree is everything above and
 * everything below its model; the union of trees is the same of all their
 * models together. */
static int named_parts(uint8_t *keep, uint8_t *part, const lg_graph *g,
		       const lg_export_selection *sel, lg_error *err)
{
	int rc;

	if ((rc = add_reach(keep, part, g, sel->roots, sel->n_roots,
			    sel->depth, 0, err)) < 0 ||
	    (rc = add_reach(keep, part, g, sel->trees, sel->n_trees, -1, 1,
			    err)) < 0 ||
	    (rc = add_reach(keep, part, g, sel->trees, sel->n_trees, -1, 0,
			    err)) < 0)
		return rc;
	return add_families(keep, g, sel->families, sel->n_families, err);
}

int lg_export_select(uint8_t **out, const lg_graph *g,
		     const lg_export_selection *sel, lg_error *err)
{
	size_t n = lg_graph_count(g), v;
	uint8_t *keep = calloc(n + 1, 1), *part = calloc(n + 1, 1);
	int rc = 0;

	*out = NULL;
	if (!keep || !part) {
		rc = LG_ENOMEM;
		goto done;
	}
	if (sel->n_roots || sel->n_trees || sel->n_families)
		rc = named_parts(keep, part, g, sel, err);
	else
		memset(keep, 1, n);
	if (rc == 0 && sel->top >= 0 &&
	    (rc = mark_top_families(g, part, sel->top)) == 0)
		for (v = 0; v < n; v++)
			keep[v] &= part[v];
	if (rc == 0 && sel->min_descendants >= 0) {
		for (v = 0; v < n; v++)
			part[v] = (long)lg_graph_lineage(g, (lg_node)v)->descendants >=
					  sel->min_descendants &&
				  lg_graph_lineage(g, (lg_node)v)->children;
		if ((rc = reach(g, part, sel->depth, 0)) == 0)
			for (v = 0; v < n; v++)
				keep[v] &= part[v];
	}
done:
	free(part);
	if (rc < 0) {
		free(keep);
		return rc == LG_ENOMEM ? lg_error_set(err, LG_ENOMEM, NULL, 0,
						      "out of memory")
				       : rc;
	}
	*out = keep;
	return 0;
}
