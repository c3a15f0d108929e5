/*
 * select.c - which models an export keeps (SPEC §3 export): the union of
 * the named parts (a root and its descendants to a depth, a model's whole
 * tree up and down, a family), then the largest families and the bases
 * with many descendants; for a bill of materials, their ancestors too.
 * Every walk is one multi-source breadth-first search: linear however
 * many models are named.
 */
#include <stdlib.h>
#include <string.h>

#include "bfs.h"
#include "lg_export.h"
#include "lg_lineage.h"

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

/* ORs into keep the ids and what lies from them along dir's edges, to
 * depth levels (-1: all); LG_ENOTFOUND names the first unknown id. The
 * search marks b's seen, which starts clear. */
static int add_reach(uint8_t *keep, lg__bfs *b, const char *const *ids,
		     size_t n_ids, int dir, long depth, lg_error *err)
{
	size_t n = lg_graph_count(b->g), i, v;

	memset(b->seen, 0, n);
	lg__bfs_restart(b);
	for (i = 0; i < n_ids; i++) {
		lg_node r = lg_graph_find(b->g, ids[i]);

		if (r == LG_NONE)
			return lg_error_set(err, LG_ENOTFOUND, NULL, 0,
					    "no model '%s' in the input", ids[i]);
		lg__bfs_seed(b, r);
	}
	lg__bfs_run(b, dir, depth);
	for (v = 0; v < n; v++)
		keep[v] |= b->seen[v];
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
static int named_parts(uint8_t *keep, lg__bfs *b,
		       const lg_export_selection *sel, lg_error *err)
{
	int rc;

	if ((rc = add_reach(keep, b, sel->roots, sel->n_roots, LG__BFS_DOWN,
			    sel->depth, err)) < 0 ||
	    (rc = add_reach(keep, b, sel->trees, sel->n_trees, LG__BFS_UP, -1,
			    err)) < 0 ||
	    (rc = add_reach(keep, b, sel->trees, sel->n_trees, LG__BFS_DOWN, -1,
			    err)) < 0)
		return rc;
	return add_families(keep, b->g, sel->families, sel->n_families, err);
}

/* ANDs into keep what lies below the bases with at least min descendants,
 * to depth levels; b's seen is the scratch. */
static void keep_below_bases(uint8_t *keep, lg__bfs *b, long min, long depth)
{
	size_t n = lg_graph_count(b->g), v;

	memset(b->seen, 0, n);
	lg__bfs_restart(b);
	for (v = 0; v < n; v++) {
		const lg_lineage *l = lg_graph_lineage(b->g, (lg_node)v);

		if ((long)l->descendants >= min && l->children)
			lg__bfs_seed(b, (lg_node)v);
	}
	lg__bfs_run(b, LG__BFS_DOWN, depth);
	for (v = 0; v < n; v++)
		keep[v] &= b->seen[v];
}

int lg_export_select(uint8_t **out, const lg_graph *g,
		     const lg_export_selection *sel, lg_error *err)
{
	size_t n = lg_graph_count(g), v;
	uint8_t *keep = calloc(n + 1, 1), *part = calloc(n + 1, 1);
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	lg__bfs b;
	int rc = 0;

	*out = NULL;
	if (!keep || !part || !queue) {
		rc = LG_ENOMEM;
		goto done;
	}
	lg__bfs_init(&b, g, part, queue, NULL);
	if (sel->n_roots || sel->n_trees || sel->n_families)
		rc = named_parts(keep, &b, sel, err);
	else
		memset(keep, 1, n);
	if (rc == 0 && sel->top >= 0 &&
	    (rc = mark_top_families(g, part, sel->top)) == 0)
		for (v = 0; v < n; v++)
			keep[v] &= part[v];
	if (rc == 0 && sel->min_descendants >= 0)
		keep_below_bases(keep, &b, sel->min_descendants, sel->depth);
done:
	free(queue);
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

int lg_export_bom_models(uint8_t **out, const lg_export_view *v,
			 lg_error *err)
{
	size_t n = lg_graph_count(v->g), i;
	uint8_t *in = calloc(n + 1, 1);
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	lg__bfs b;

	*out = NULL;
	if (!in || !queue) {
		free(in);
		free(queue);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	lg__bfs_init(&b, v->g, in, queue, NULL);
	for (i = 0; i < n; i++)
		if (lg_export_selected(v, (lg_node)i))
			lg__bfs_seed(&b, (lg_node)i);
	lg__bfs_run(&b, LG__BFS_UP, -1); /* marks in[] of all it reaches */
	free(queue);
	*out = in;
	return 0;
}
