/*
 * cli_communities.c - `lineage communities`: who clusters with whom in
 * the open-model ecosystem (SPEC §3).
 *
 * Rows are models (isolated ones left out) with their community and their
 * family, named by its top base: the member with the most descendants. The
 * summary gives each community's size, top base and dominant licence, and
 * the modularity of the whole partition.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static const char usage[] =
	"usage: lineage communities [OPTIONS] INPUT...\n"
	"\n"
	"Finds communities in the undirected lineage graph (models with no\n"
	"parent and no child are left out): Leiden optimising modularity by\n"
	"default, or Louvain. The same input and seed give the same output.\n"
	"\n"
	"  --method M     leiden (default) or louvain\n"
	"  --resolution R modularity resolution (default 1; higher gives\n"
	"                 smaller communities)\n"
	"  --seed S       random seed (default 1)\n"
	"  --summary      one row per community: size, top base (the member\n"
	"                 with the most descendants), dominant licence and its\n"
	"                 family, and the partition's modularity\n"
	CLI_LIMIT_HELP
	CLI_COMMON_HELP
	"\n"
	"Columns: model community family (the family's top base).\n";

typedef struct {
	const lg_graph *g;
	const lg_communities *c;
	const lg_audit *audit; /* each model's licence; NULL without --summary */
	const cli_opts *o;
	const lg_community_options *co;
	long limit;            /* rows; 0 = all */
	FILE *out;
} comm_ctx;

/* Whether a beats b as the top base of a group: more descendants, then
 * the smaller id. */
static int better_base(const lg_graph *g, lg_node a, lg_node b)
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

/* The top base of every family, indexed by family number. */
static lg_node *family_tops(const lg_graph *g)
{
	size_t n = lg_graph_count(g), v, fams = lg_graph_get_stats(g)->families;
	lg_node *top = malloc((fams ? fams : 1) * sizeof(*top));

	if (!top)
		return NULL;
	memset(top, 0xff, (fams ? fams : 1) * sizeof(*top));
	for (v = 0; v < n; v++) {
		uint32_t f = lg_graph_lineage(g, (lg_node)v)->family;

		if (better_base(g, (lg_node)v, top[f]))
			top[f] = (lg_node)v;
	}
	return top;
}

static const comm_ctx *sort_ctx; /* qsort has no payload in C11 */

static int by_community_then_id(const void *pa, const void *pb)
{
	lg_node a = *(const lg_node *)pa, b = *(const lg_node *)pb;
	int32_t ca = lg_community_of(sort_ctx->c, a);
	int32_t cb = lg_community_of(sort_ctx->c, b);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	return lg_graph_id_rank(sort_ctx->g, a) < lg_graph_id_rank(sort_ctx->g, b)
		       ? -1 : 1;
}

static int write_members(const comm_ctx *x, lg_error *err)
{
	static const lg_column cols[] = { { "model", LG_COL_TEXT },
					  { "community", LG_COL_INT },
					  { "family", LG_COL_TEXT } };
	size_t n = lg_graph_count(x->g), m = 0, i;
	lg_node *rows = malloc((n ? n : 1) * sizeof(*rows));
	lg_node *top = family_tops(x->g);
	lg_table *t = lg_table_new(x->out, (lg_format)x->o->format, cols, 3);
	int rc = 0;

	if (!rows || !top || !t) {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		if (lg_community_of(x->c, (lg_node)i) >= 0)
			rows[m++] = (lg_node)i;
	sort_ctx = x;
	qsort(rows, m, sizeof(*rows), by_community_then_id);
	if (x->limit > 0 && (size_t)x->limit < m)
		m = (size_t)x->limit;
	for (i = 0; i < m && rc == 0; i++) {
		lg_cell cells[3];
		uint32_t f = lg_graph_lineage(x->g, rows[i])->family;

		cells[0] = LG_TEXT(lg_graph_record(x->g, rows[i])->id);
		cells[1] = LG_INT(lg_community_of(x->c, rows[i]));
		cells[2] = LG_TEXT(lg_graph_record(x->g, top[f])->id);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
cleanup:
	lg_table_free(t);
	free(top);
	free(rows);
	return rc;
}

/* -- the summary ------------------------------------------------------- */

typedef struct {
	lg_node top;
	size_t families[LG_FAM_COUNT];
	const lg_license *best_license;
	size_t best_count;
} community_info;

/* Counts licences per community with a small open hash of (community,
 * licence) pairs, then keeps the most frequent per community. */
static int dominant_licenses(const comm_ctx *x, community_info *info)
{
	size_t n = lg_graph_count(x->g), k = lg_communities_count(x->c), v;
	size_t slots = 1024, used = 0;
	struct pair { int32_t c; const lg_license *l; size_t count; } *tab;

	while (slots < 4 * (n + 1))
		slots *= 2;
	tab = calloc(slots, sizeof(*tab));
	if (!tab)
		return LG_ENOMEM;
	for (v = 0; v < n; v++) {
		int32_t c = lg_community_of(x->c, (lg_node)v);
		const lg_model_license *ml;
		size_t h;

		if (c < 0)
			continue;
		ml = lg_audit_license(x->audit, (lg_node)v);
		info[c].families[lg_model_license_family(ml)]++;
		if (better_base(x->g, (lg_node)v, info[c].top))
			info[c].top = (lg_node)v;
		if (!ml->n)
			continue;
		h = (((size_t)c * 2654435761u) ^ (size_t)(uintptr_t)ml->lic[0]) &
		    (slots - 1);
		while (tab[h].l && (tab[h].c != c || tab[h].l != ml->lic[0]))
			h = (h + 1) & (slots - 1);
		if (!tab[h].l) {
			tab[h].c = c;
			tab[h].l = ml->lic[0];
			used++;
		}
		tab[h].count++;
	}
	for (v = 0; v < slots; v++) {
		community_info *ci;

		if (!tab[v].l)
			continue;
		ci = &info[tab[v].c];
		if (tab[v].count > ci->best_count ||
		    (tab[v].count == ci->best_count &&
		     strcmp(tab[v].l->id, ci->best_license->id) < 0)) {
			ci->best_license = tab[v].l;
			ci->best_count = tab[v].count;
		}
	}
	(void)k;
	(void)used;
	free(tab);
	return 0;
}

static int write_summary(const comm_ctx *x, lg_error *err)
{
	static const lg_column cols[] = {
		{ "community", LG_COL_INT },        { "size", LG_COL_INT },
		{ "top_base", LG_COL_TEXT },         { "dominant_license", LG_COL_TEXT },
		{ "dominant_license_family", LG_COL_TEXT },
		{ "modularity", LG_COL_REAL },
	};
	size_t k = lg_communities_count(x->c), rows = k, i;
	community_info *info = calloc(k ? k : 1, sizeof(*info));
	char q[32];
	lg_table *t = NULL;
	int rc;

	if (!info)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (i = 0; i < k; i++)
		info[i].top = LG_NONE;
	snprintf(q, sizeof(q), "%.6f", lg_communities_modularity(x->c));
	rc = dominant_licenses(x, info);
	if (rc == 0 && x->o->format == LG_FORMAT_TABLE)
		fprintf(x->out, "modularity %s (%s, resolution %g, seed %lu), "
				"%zu communities\n\n", q,
			x->co->method == LG_COMMUNITY_LOUVAIN ? "louvain"
							       : "leiden",
			x->co->resolution, x->co->seed, k);
	if (rc == 0)
		t = lg_table_new(x->out, (lg_format)x->o->format, cols,
				 x->o->format == LG_FORMAT_TABLE ? 5 : 6);
	if (x->limit > 0 && (size_t)x->limit < rows)
		rows = (size_t)x->limit;
	for (i = 0; t && i < rows && rc == 0; i++) {
		lg_cell cells[6];
		int f = LG_FAM_UNKNOWN, fam;

		for (fam = 0; fam < LG_FAM_UNKNOWN; fam++) /* declared ones */
			if (info[i].families[fam] &&
			    (f == LG_FAM_UNKNOWN ||
			     info[i].families[fam] > info[i].families[f]))
				f = fam;
		cells[0] = LG_INT((int64_t)i);
		cells[1] = LG_INT((int64_t)lg_community_size(x->c, (int32_t)i));
		cells[2] = LG_TEXT(lg_graph_record(x->g, info[i].top)->id);
		cells[3] = LG_TEXT(info[i].best_license ? info[i].best_license->id
							: "unknown");
		cells[4] = LG_TEXT(lg_family_name(f));
		cells[5] = LG_REAL(lg_communities_modularity(x->c), 6);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0 && t)
		rc = lg_table_finish(t, err);
	else if (rc == 0)
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	lg_table_free(t);
	free(info);
	return rc;
}

/* -- the command --------------------------------------------------------- */

/* Models in a community: every one with an edge. */
static size_t members(const lg_graph *g, const lg_communities *c)
{
	size_t n = lg_graph_count(g), v, k = 0;

	for (v = 0; v < n; v++)
		k += lg_community_of(c, (lg_node)v) >= 0;
	return k;
}

typedef struct {
	comm_ctx x;
	int summary;
} comm_job;

static int write_output(FILE *out, const void *payload, lg_error *err)
{
	const comm_job *job = payload;
	comm_ctx x = job->x;

	x.out = out;
	return job->summary ? write_summary(&x, err) : write_members(&x, err);
}

static int parse_double(const char *arg, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	return errno || end == arg || *end || !isfinite(*out) || *out <= 0
		       ? -1 : 0;
}

int cmd_communities(int argc, char **argv)
{
	enum { OPT_METHOD = OPT_COMMAND_BASE, OPT_RESOLUTION, OPT_SEED,
	       OPT_SUMMARY };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "resolution", required_argument, NULL, OPT_RESOLUTION },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("communities");
	lg_community_options co = LG_COMMUNITY_OPTIONS_INIT;
	lg_audit *audit = NULL;
	lg_communities *c = NULL;
	int opt, code, summary = 0;
	long seed;
	lg_graph *g = NULL;

	while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, options,
				  NULL)) != -1) {
		int r = cli_common_option(&o, opt, optarg, &code);

		if (r < 0)
			return code;
		if (r > 0)
			continue;
		if (opt == OPT_METHOD) {
			if (strcmp(optarg, "leiden") == 0)
				co.method = LG_COMMUNITY_LEIDEN;
			else if (strcmp(optarg, "louvain") == 0)
				co.method = LG_COMMUNITY_LOUVAIN;
			else
				return cli_usage_error(&o, "--method wants "
					"leiden or louvain, not '%s'", optarg);
		} else if (opt == OPT_RESOLUTION) {
			if (parse_double(optarg, &co.resolution) < 0)
				return cli_usage_error(&o, "--resolution wants "
					"a positive number, not '%s'", optarg);
		} else if (opt == OPT_SEED) {
			if ((seed = cli_parse_count(optarg)) < 0)
				return cli_usage_error(&o, "--seed wants a "
					"non-negative number, not '%s'", optarg);
			co.seed = (unsigned long)seed;
		} else if (opt == OPT_SUMMARY) {
			summary = 1;
		}
	}
	/* the summary names each community's dominant licence */
	if ((code = cli_finish_options(&o, argc, argv)) == 0 &&
	    (code = cli_load(&g, &o)) == 0 &&
	    (!summary || (code = cli_audit(&audit, g, &o)) == 0) &&
	    (code = cli_communities(&c, g, &o, &co)) == 0) {
		comm_job job = { { g, c, audit, &o, &co, cli_limit(&o), NULL },
				 summary };
		size_t total = summary ? lg_communities_count(c)
				       : members(g, c);

		code = cli_write(o.output, write_output, &job);
		if (code == EXIT_OK && job.x.limit > 0)
			cli_note_limit(&o, total < (size_t)job.x.limit
					   ? total : (size_t)job.x.limit, total);
	}
	lg_communities_free(c);
	lg_audit_free(audit);
	cli_done(g, &o);
	return code;
}
