/*
 * community_summary.c - what each community is made of (SPEC §3
 * communities --summary): its top base, its dominant licence and family;
 * and the order members are listed in.
 *
 * The dominant licence comes from sorting (community, licence) pairs and
 * counting runs: no per-community table, so a million communities cost
 * what their members cost.
 */
#include <stdlib.h>
#include <string.h>

#include "lg_community.h"
#include "lg_lineage.h"

static int out_of_memory(lg_error *err)
{
	return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
}

int lg_better_base(const lg_graph *g, lg_node a, lg_node b)
{
	uint32_t da, db;

	if (b == LG_NONE)
		return 1;
	da = lg_graph_lineage(g, a)->descendants;
	db = lg_graph_lineage(g, b)->descendants;
	if (da != db)
		return da > db;
	return lg_graph_id_rank(g, a) < lg_graph_id_rank(g, b);
}

int lg_family_tops(lg_node **tops, const lg_graph *g, lg_error *err)
{
	size_t n = lg_graph_count(g), v, fams = lg_graph_get_stats(g)->families;
	lg_node *top = malloc((fams + 1) * sizeof(*top));

	*tops = top;
	if (!top)
		return out_of_memory(err);
	memset(top, 0xff, (fams + 1) * sizeof(*top)); /* LG_NONE */
	for (v = 0; v < n; v++) {
		uint32_t f = lg_graph_lineage(g, (lg_node)v)->family;

		if (lg_better_base(g, (lg_node)v, top[f]))
			top[f] = (lg_node)v;
	}
	return 0;
}

/* -- members in order ---------------------------------------------------- */

typedef struct {
	int32_t community;
	uint32_t id_rank;
	lg_node node;
} member_key;

static int by_community_then_id(const void *pa, const void *pb)
{
	const member_key *a = pa, *b = pb;

	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	return a->id_rank < b->id_rank ? -1 : a->id_rank > b->id_rank;
}

int lg_communities_members(lg_node **rows, size_t *n, const lg_communities *c,
			   const lg_graph *g, lg_error *err)
{
	size_t count = lg_graph_count(g), v, m = 0;
	member_key *keys = malloc((count + 1) * sizeof(*keys));

	*rows = malloc((count + 1) * sizeof(**rows));
	*n = 0;
	if (!keys || !*rows) {
		free(keys);
		free(*rows);
		*rows = NULL;
		return out_of_memory(err);
	}
	for (v = 0; v < count; v++)
		if (lg_community_of(c, (lg_node)v) >= 0)
			keys[m++] = (member_key){ lg_community_of(c, (lg_node)v),
						  lg_graph_id_rank(g, (lg_node)v),
						  (lg_node)v };
	qsort(keys, m, sizeof(*keys), by_community_then_id);
	for (v = 0; v < m; v++)
		(*rows)[v] = keys[v].node;
	*n = m;
	free(keys);
	return 0;
}

/* -- the summary ------------------------------------------------------------ */

typedef struct {
	int32_t community;
	const lg_license *license;
} license_key;

static int by_community_then_license(const void *pa, const void *pb)
{
	const license_key *a = pa, *b = pb;

	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	return strcmp(a->license->id, b->license->id);
}

/* Each community's most used licence (the first of each model's set),
 * ties to the smaller id: runs of equal pairs, sorted. */
static int dominant_licenses(lg_community_summary *rows, const lg_communities *c,
			     const lg_graph *g, const lg_audit *a)
{
	size_t n = lg_graph_count(g), v, m = 0, i, run;
	license_key *keys = malloc((n + 1) * sizeof(*keys));

	if (!keys)
		return LG_ENOMEM;
	for (v = 0; v < n; v++) {
		const lg_model_license *ml = lg_audit_license(a, (lg_node)v);
		int32_t k = lg_community_of(c, (lg_node)v);

		if (k >= 0 && ml->n)
			keys[m++] = (license_key){ k, ml->lic[0] };
	}
	qsort(keys, m, sizeof(*keys), by_community_then_license);
	for (i = 0; i < m; i += run) {
		lg_community_summary *r = &rows[keys[i].community];

		for (run = 1; i + run < m &&
			      keys[i + run].community == keys[i].community &&
			      keys[i + run].license == keys[i].license;
		     run++)
			;
		if (run > r->dominant_models) { /* ties: the first, smaller id */
			r->dominant = keys[i].license;
			r->dominant_models = run;
		}
	}
	free(keys);
	return 0;
}

/* Tops, and the most common declared family, from per-community family
 * counts (LG_FAM_UNKNOWN when no member declares a licence). */
static int tops_and_families(lg_community_summary *rows, size_t k,
			     const lg_communities *c, const lg_graph *g,
			     const lg_audit *a)
{
	size_t n = lg_graph_count(g), v, i;
	uint32_t *fam = calloc(k * LG_FAM_COUNT + 1, sizeof(*fam));
	int f;

	if (!fam)
		return LG_ENOMEM;
	for (v = 0; v < n; v++) {
		int32_t x = lg_community_of(c, (lg_node)v);

		if (x < 0)
			continue;
		fam[(size_t)x * LG_FAM_COUNT + lg_model_license_family(
			lg_audit_license(a, (lg_node)v))]++;
		if (lg_better_base(g, (lg_node)v, rows[x].top))
			rows[x].top = (lg_node)v;
	}
	for (i = 0; i < k; i++) {
		const uint32_t *row = fam + i * LG_FAM_COUNT;

		rows[i].family = LG_FAM_UNKNOWN;
		for (f = 0; f < LG_FAM_UNKNOWN; f++) /* declared ones */
			if (row[f] && (rows[i].family == LG_FAM_UNKNOWN ||
				       row[f] > row[rows[i].family]))
				rows[i].family = f;
	}
	free(fam);
	return 0;
}

int lg_communities_summarize(lg_community_summary **out,
			     const lg_communities *c, const lg_graph *g,
			     const lg_audit *a, lg_error *err)
{
	size_t k = lg_communities_count(c), i;
	lg_community_summary *rows = calloc(k + 1, sizeof(*rows));

	*out = NULL;
	if (!rows)
		return out_of_memory(err);
	for (i = 0; i < k; i++) {
		rows[i].community = (int32_t)i;
		rows[i].size = lg_community_size(c, (int32_t)i);
		rows[i].top = LG_NONE;
	}
	if (tops_and_families(rows, k, c, g, a) < 0 ||
	    dominant_licenses(rows, c, g, a) < 0) {
		free(rows);
		return out_of_memory(err);
	}
	*out = rows;
	return 0;
}
