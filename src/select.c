/*
 * select.c - which models an export keeps (SPEC §3 export): a root and its
 * descendants to a depth, a family, the largest families, the bases with
 * many descendants and their trees. Every criterion given must hold.
 */
#include <stdlib.h>
#include <string.h>

#include "lg_export.h"
#include "lg_lineage.h"

/* Marks in `in` the nodes reachable downwards from the sources already
 * marked in `in`, to depth levels (-1 = all): one multi-source BFS. */
static int mark_descendants(const lg_graph *g, uint8_t *in, long depth)
{
	size_t n = lg_graph_count(g), head = 0, tail = 0, v;
	lg_node *queue = malloc((n ? n : 1) * sizeof(*queue));
	long *level = malloc((n ? n : 1) * sizeof(*level));

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
		const uint32_t *out = lg_graph_child_edges(g, u, &m);

		if (depth >= 0 && d >= depth)
			continue;
		for (k = 0; k < m; k++) {
			lg_node c = lg_graph_edge(g, out[k])->child;

			if (in[c])
				continue;
			in[c] = 1;
			queue[tail] = c;
			level[tail++] = d + 1;
		}
	}
	free(queue);
	free(level);
	return 0;
}

static void intersect(uint8_t *keep, const uint8_t *with, size_t n)
{
	size_t v;

	for (v = 0; v < n; v++)
		keep[v] &= with[v];
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
	family_size *f = calloc(fams ? fams : 1, sizeof(*f));
	uint8_t *chosen = calloc(fams ? fams : 1, 1);

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

static lg_node find(const lg_graph *g, const char *id, lg_error *err)
{
	lg_node n = lg_graph_find(g, id);

	if (n == LG_NONE)
		lg_error_set(err, LG_ENOTFOUND, NULL, 0,
			     "no model '%s' in the input", id);
	return n;
}

int lg_export_select(uint8_t **out, const lg_graph *g,
		     const lg_export_selection *sel, lg_error *err)
{
	size_t n = lg_graph_count(g), v;
	uint8_t *keep = malloc(n ? n : 1), *part = calloc(n ? n : 1, 1);
	lg_node r;
	int rc = 0;

	*out = NULL;
	if (!keep || !part) {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	memset(keep, 1, n);
	if (sel->root) {
		if ((r = find(g, sel->root, err)) == LG_NONE) {
			rc = LG_ENOTFOUND;
			goto fail;
		}
		memset(part, 0, n);
		part[r] = 1;
		if ((rc = mark_descendants(g, part, sel->depth)) < 0)
			goto nomem;
		intersect(keep, part, n);
	}
	if (sel->family) {
		uint32_t fam;

		if ((r = find(g, sel->family, err)) == LG_NONE) {
			rc = LG_ENOTFOUND;
			goto fail;
		}
		fam = lg_graph_lineage(g, r)->family;
		for (v = 0; v < n; v++)
			part[v] = lg_graph_lineage(g, (lg_node)v)->family == fam;
		intersect(keep, part, n);
	}
	if (sel->top >= 0) {
		if ((rc = mark_top_families(g, part, sel->top)) < 0)
			goto nomem;
		intersect(keep, part, n);
	}
	if (sel->min_descendants >= 0) {
		for (v = 0; v < n; v++)
			part[v] = (long)lg_graph_lineage(g, (lg_node)v)->descendants >=
					  sel->min_descendants &&
				  lg_graph_lineage(g, (lg_node)v)->children;
		if ((rc = mark_descendants(g, part, sel->depth)) < 0)
			goto nomem;
		intersect(keep, part, n);
	}
	free(part);
	*out = keep;
	return 0;
nomem:
	rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
fail:
	free(keep);
	free(part);
	return rc;
}
