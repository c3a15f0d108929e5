/*
 * diff.c - what changed between two graphs (lg_diff.h).
 *
 * Each kind of change is one pass over one graph, looking every model or
 * edge up in the other by id (the model table's hash index), so the whole
 * comparison is linear in the two graphs, then the rows are sorted.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lg_diff.h"
#include "lg_lineage.h"
#include "sort.h"

struct lg_diff {
	const lg_graph *g[2];
	const lg_audit *a[2];
	lg_diff_summary sum;
	lg_diff_model *models;
	lg_diff_edge *edges;
	lg_diff_license *licenses;
	lg_diff_finding *findings;
	lg_diff_base_growth *growth;
	lg_diff_download_change *downloads;
	size_t n_models, n_edges, n_licenses, n_findings, n_growth,
		n_downloads;
	size_t cap_models, cap_edges, cap_licenses, cap_findings, cap_growth,
		cap_downloads;
};

/* Appends one row to a table of d; 0 or LG_ENOMEM. */
#define PUSH(d, table, row)                                                 \
	(lg__array_grow((void **)&(d)->table, &(d)->cap_##table,          \
			(d)->n_##table + 1, sizeof(*(d)->table)) < 0          \
		 ? LG_ENOMEM                                                \
		 : ((d)->table[(d)->n_##table++] = (row), 0))

/* -- looking up ------------------------------------------------------------ */

static const char *id_of(const lg_diff *d, int side, lg_node v)
{
	return lg_graph_record(d->g[side], v)->id;
}

/* Node v of graph `from` in the other graph, or LG_NONE. */
static lg_node counterpart(const lg_diff *d, int from, lg_node v)
{
	return lg_graph_find(d->g[!from], id_of(d, from, v));
}

static int has_record(const lg_graph *g, lg_node v)
{
	return v != LG_NONE && !lg_graph_is_external(g, v);
}

/* The edge parent -> child of g (with that relation, or any when
 * relation < 0), or UINT32_MAX. */
static uint32_t edge_between(const lg_graph *g, lg_node parent, lg_node child,
			     int relation)
{
	size_t m, k;
	const uint32_t *in;

	if (parent == LG_NONE || child == LG_NONE)
		return UINT32_MAX;
	in = lg_graph_parent_edges(g, child, &m);
	for (k = 0; k < m; k++) {
		const lg_edge *e = lg_graph_edge(g, in[k]);

		if (e->parent == parent &&
		    (relation < 0 || e->relation == relation))
			return in[k];
	}
	return UINT32_MAX;
}

/* Edge e of graph `from` in the other graph, or UINT32_MAX. */
static uint32_t edge_counterpart(const lg_diff *d, int from, size_t e,
				 int relation)
{
	const lg_edge *ed = lg_graph_edge(d->g[from], e);

	return edge_between(d->g[!from], counterpart(d, from, ed->parent),
			    counterpart(d, from, ed->child), relation);
}

/* -- the passes ------------------------------------------------------------ */

static int compare_models(lg_diff *d)
{
	int side;

	for (side = 0; side < 2; side++) {
		size_t n = lg_graph_count(d->g[side]), v;

		for (v = 0; v < n; v++) {
			lg_diff_model row = { (lg_diff_side)side, (lg_node)v,
					      side ? LG_CHANGE_ADDED
						   : LG_CHANGE_REMOVED };

			if (!has_record(d->g[side], (lg_node)v) ||
			    has_record(d->g[!side], counterpart(d, side, (lg_node)v)))
				continue;
			if (PUSH(d, models, row) < 0)
				return LG_ENOMEM;
			*(side ? &d->sum.models_added : &d->sum.models_removed) += 1;
		}
	}
	return 0;
}

static int compare_edges(lg_diff *d)
{
	int side;

	for (side = 0; side < 2; side++) {
		size_t m = lg_graph_edge_count(d->g[side]), e;

		for (e = 0; e < m; e++) {
			int rel = lg_graph_edge(d->g[side], e)->relation;
			lg_diff_edge row = { (lg_diff_side)side, (uint32_t)e,
					     side ? LG_CHANGE_ADDED
						  : LG_CHANGE_REMOVED };

			if (edge_counterpart(d, side, e, rel) != UINT32_MAX)
				continue;
			if (PUSH(d, edges, row) < 0)
				return LG_ENOMEM;
			*(side ? &d->sum.edges_added : &d->sum.edges_removed) += 1;
		}
	}
	return 0;
}

static int same_text(const lg_model_license *x, const lg_model_license *y)
{
	char a[512], b[512];

	return strcmp(lg_model_license_text(x, a, sizeof(a)),
		      lg_model_license_text(y, b, sizeof(b))) == 0;
}

static int compare_licenses(lg_diff *d)
{
	size_t n = lg_graph_count(d->g[0]), v;

	for (v = 0; v < n; v++) {
		lg_node w = counterpart(d, 0, (lg_node)v);
		lg_diff_license row = { (lg_node)v, w, LG_DIFF_DECLARED };

		if (!has_record(d->g[0], (lg_node)v) || !has_record(d->g[1], w))
			continue;
		if (!same_text(lg_audit_license(d->a[0], (lg_node)v),
			       lg_audit_license(d->a[1], w))) {
			if (PUSH(d, licenses, row) < 0)
				return LG_ENOMEM;
			d->sum.declared_changed++;
		}
		row.kind = LG_DIFF_CONCLUDED;
		if (!same_text(lg_audit_concluded(d->a[0], (lg_node)v).license,
			       lg_audit_concluded(d->a[1], w).license)) {
			if (PUSH(d, licenses, row) < 0)
				return LG_ENOMEM;
			d->sum.concluded_changed++;
		}
	}
	return 0;
}

/* Whether finding e of graph `from` stands in the other graph: the same
 * edge there, judged the same. */
static int finding_stands(const lg_diff *d, int from, size_t e)
{
	const lg_edge_audit *x = lg_audit_edge(d->a[from], e), *y;
	uint32_t f = edge_counterpart(d, from, e, -1);

	if (f == UINT32_MAX)
		return 0;
	y = lg_audit_edge(d->a[!from], f);
	return x->verdict == y->verdict && x->reasons == y->reasons;
}

static int compare_findings(lg_diff *d)
{
	int side;

	for (side = 0; side < 2; side++) {
		size_t m = lg_graph_edge_count(d->g[side]), e;

		for (e = 0; e < m; e++) {
			lg_diff_finding row = { (lg_diff_side)side, (uint32_t)e,
						side };
			int verdict = lg_audit_edge(d->a[side], e)->verdict;

			if (verdict < LG_VERDICT_WARN ||
			    finding_stands(d, side, e))
				continue;
			if (PUSH(d, findings, row) < 0)
				return LG_ENOMEM;
			*(side ? &d->sum.findings_new
			       : &d->sum.findings_resolved) += 1;
			d->sum.conflicts_new +=
				side && verdict == LG_VERDICT_CONFLICT;
		}
	}
	return 0;
}

static int compare_growth(lg_diff *d)
{
	size_t n = lg_graph_count(d->g[1]), w;

	for (w = 0; w < n; w++) {
		lg_node v = counterpart(d, 1, (lg_node)w);
		lg_diff_base_growth row = {
			v, (lg_node)w,
			v == LG_NONE ? 0 : lg_graph_lineage(d->g[0], v)->descendants,
			lg_graph_lineage(d->g[1], (lg_node)w)->descendants
		};

		if (row.new_descendants <= row.old_descendants)
			continue;
		if (PUSH(d, growth, row) < 0)
			return LG_ENOMEM;
		d->sum.bases_grown++;
	}
	return 0;
}

static int compare_downloads(lg_diff *d)
{
	size_t n = lg_graph_count(d->g[0]), v;

	for (v = 0; v < n; v++) {
		lg_node w = counterpart(d, 0, (lg_node)v);
		lg_diff_download_change row;

		if (!has_record(d->g[0], (lg_node)v) || !has_record(d->g[1], w))
			continue;
		row = (lg_diff_download_change){
			(lg_node)v, w, lg_graph_record(d->g[0], (lg_node)v)->downloads,
			lg_graph_record(d->g[1], w)->downloads
		};
		if (row.old_downloads < 0 || row.new_downloads < 0 ||
		    row.old_downloads == row.new_downloads)
			continue;
		if (PUSH(d, downloads, row) < 0)
			return LG_ENOMEM;
		d->sum.downloads_changed++;
	}
	return 0;
}

/* -- order ------------------------------------------------------------------ */

static const lg_diff *sort_diff; /* qsort has no payload in C11 */

static const char *side_id(int side, lg_node v)
{
	return id_of(sort_diff, side, v);
}

static int by_model(const void *pa, const void *pb)
{
	const lg_diff_model *a = pa, *b = pb;

	return lg_id_compare(side_id(a->side, a->node), side_id(b->side, b->node));
}

/* Parent, then child, then removed (old side) before added. */
static int by_edge_ends(int sa, size_t ea, int sb, size_t eb)
{
	const lg_edge *x = lg_graph_edge(sort_diff->g[sa], ea);
	const lg_edge *y = lg_graph_edge(sort_diff->g[sb], eb);
	int c = lg_id_compare(side_id(sa, x->parent), side_id(sb, y->parent));

	if (!c)
		c = lg_id_compare(side_id(sa, x->child), side_id(sb, y->child));
	return c ? c : sa - sb;
}

static int by_edge(const void *pa, const void *pb)
{
	const lg_diff_edge *a = pa, *b = pb;

	return by_edge_ends(a->side, a->edge, b->side, b->edge);
}

static int by_finding(const void *pa, const void *pb)
{
	const lg_diff_finding *a = pa, *b = pb;

	return by_edge_ends(a->side, a->edge, b->side, b->edge);
}

static int by_license(const void *pa, const void *pb)
{
	const lg_diff_license *a = pa, *b = pb;
	int c = lg_id_compare(side_id(0, a->old_node), side_id(0, b->old_node));

	return c ? c : (int)a->kind - (int)b->kind;
}

static int by_growth(const void *pa, const void *pb)
{
	const lg_diff_base_growth *a = pa, *b = pb;
	int64_t ga = (int64_t)a->new_descendants - a->old_descendants;
	int64_t gb = (int64_t)b->new_descendants - b->old_descendants;

	if (ga != gb)
		return ga > gb ? -1 : 1;
	return lg_id_compare(side_id(1, a->new_node), side_id(1, b->new_node));
}

static int by_download_change(const void *pa, const void *pb)
{
	const lg_diff_download_change *a = pa, *b = pb;
	int64_t da = llabs(a->new_downloads - a->old_downloads);
	int64_t db = llabs(b->new_downloads - b->old_downloads);

	if (da != db)
		return da > db ? -1 : 1;
	return lg_id_compare(side_id(0, a->old_node), side_id(0, b->old_node));
}

static void sort_rows(lg_diff *d)
{
	sort_diff = d;
	lg__sort(d->models, d->n_models, sizeof(*d->models), by_model);
	lg__sort(d->edges, d->n_edges, sizeof(*d->edges), by_edge);
	lg__sort(d->licenses, d->n_licenses, sizeof(*d->licenses),
		 by_license);
	lg__sort(d->findings, d->n_findings, sizeof(*d->findings),
		 by_finding);
	lg__sort(d->growth, d->n_growth, sizeof(*d->growth), by_growth);
	lg__sort(d->downloads, d->n_downloads, sizeof(*d->downloads),
		 by_download_change);
}

/* -- the result --------------------------------------------------------------- */

int lg_diff_compute(lg_diff **out, const lg_graph *o, const lg_audit *ao,
		    const lg_graph *n, const lg_audit *an, lg_error *err)
{
	lg_diff *d = calloc(1, sizeof(*d));
	int rc;

	*out = NULL;
	if (!d)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	d->g[0] = o;
	d->g[1] = n;
	d->a[0] = ao;
	d->a[1] = an;
	rc = compare_models(d);
	if (rc == 0)
		rc = compare_edges(d);
	if (rc == 0)
		rc = compare_licenses(d);
	if (rc == 0)
		rc = compare_findings(d);
	if (rc == 0)
		rc = compare_growth(d);
	if (rc == 0)
		rc = compare_downloads(d);
	if (rc < 0) {
		lg_diff_free(d);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	sort_rows(d);
	*out = d;
	return 0;
}

void lg_diff_free(lg_diff *d)
{
	if (!d)
		return;
	free(d->models);
	free(d->edges);
	free(d->licenses);
	free(d->findings);
	free(d->growth);
	free(d->downloads);
	free(d);
}

const lg_diff_summary *lg_diff_get_summary(const lg_diff *d)
{
	return &d->sum;
}

size_t lg_diff_models(const lg_diff *d, const lg_diff_model **rows)
{
	*rows = d->models;
	return d->n_models;
}

size_t lg_diff_edges(const lg_diff *d, const lg_diff_edge **rows)
{
	*rows = d->edges;
	return d->n_edges;
}

size_t lg_diff_licenses(const lg_diff *d, const lg_diff_license **rows)
{
	*rows = d->licenses;
	return d->n_licenses;
}

size_t lg_diff_findings(const lg_diff *d, const lg_diff_finding **rows)
{
	*rows = d->findings;
	return d->n_findings;
}

size_t lg_diff_growth(const lg_diff *d, const lg_diff_base_growth **rows)
{
	*rows = d->growth;
	return d->n_growth;
}

size_t lg_diff_downloads(const lg_diff *d,
			 const lg_diff_download_change **rows)
{
	*rows = d->downloads;
	return d->n_downloads;
}
