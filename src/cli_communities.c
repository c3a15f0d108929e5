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

static int write_members(const comm_ctx *x, lg_error *err)
{
	static const lg_column cols[] = { { "model", LG_COL_TEXT },
					  { "community", LG_COL_INT },
					  { "family", LG_COL_TEXT } };
	lg_node *rows = NULL, *top = NULL;
	size_t m = 0, i;
	lg_table *t = NULL;
	int rc = lg_communities_members(&rows, &m, x->c, x->g, err);

	if (rc == 0)
		rc = lg_family_tops(&top, x->g, err);
	if (rc == 0 && !(t = lg_table_new(x->out, (lg_format)x->o->format,
					  cols, 3)))
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
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
	lg_table_free(t);
	free(top);
	free(rows);
	return rc;
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
	lg_community_summary *info = NULL;
	lg_table *t = NULL;
	int rc = lg_communities_summarize(&info, x->c, x->g, x->audit, err);

	if (rc == 0 && x->o->format == LG_FORMAT_TABLE)
		fprintf(x->out, "modularity %.6f (%s, resolution %g, seed %lu), "
				"%zu communities\n\n",
			lg_communities_modularity(x->c),
			x->co->method == LG_COMMUNITY_LOUVAIN ? "louvain"
							       : "leiden",
			x->co->resolution, x->co->seed, k);
	if (rc == 0 && !(t = lg_table_new(x->out, (lg_format)x->o->format, cols,
					  x->o->format == LG_FORMAT_TABLE ? 5
									  : 6)))
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	if (x->limit > 0 && (size_t)x->limit < rows)
		rows = (size_t)x->limit;
	for (i = 0; i < rows && rc == 0; i++) {
		lg_cell cells[6];

		cells[0] = LG_INT((int64_t)i);
		cells[1] = LG_INT((int64_t)info[i].size);
		cells[2] = LG_TEXT(lg_graph_record(x->g, info[i].top)->id);
		cells[3] = LG_TEXT(info[i].dominant ? info[i].dominant->id
						    : "unknown");
		cells[4] = LG_TEXT(lg_family_name(info[i].family));
		cells[5] = LG_REAL(lg_communities_modularity(x->c), 6);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
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
