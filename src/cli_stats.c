/*
 * cli_stats.c - `lineage stats`: the study's tables (SPEC §3 stats), as
 * the library computes them (lg_stats.h); this only formats.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lg_stats.h"

static const char usage[] =
	"usage: lineage stats [OPTIONS] INPUT...\n"
	"\n"
	"The tables of a study of the open-model ecosystem, over the models\n"
	"with a record of their own (all tables, each titled, by default):\n"
	"  licenses   license models percent cumulative_percent concluded\n"
	"             concluded_percent: models declaring it (none counts as\n"
	"             unknown), and models concluded to carry it (their own,\n"
	"             else their nearest declaring ancestor's)\n"
	"  families   family models percent concluded concluded_percent\n"
	"             (SPEC-licenses families)\n"
	"  openness   openness models percent concluded concluded_percent\n"
	"             (osi, open-content, restricted, nc-nd, other, unknown)\n"
	"  bases      model children descendants license: the models that\n"
	"             sampled models name as a base, with their children and\n"
	"             descendants among the sample, most children first\n"
	"  authors    author models licenses top_license unknown: models,\n"
	"             distinct licences declared, the most used of them, and\n"
	"             models declaring none (authors in any case are one)\n"
	"  months     month models, then models per licence family (every\n"
	"             month unless --limit is given)\n"
	"The Hub's placeholder creation date (2022-03-02T23:29, which every\n"
	"model older than the field got) is counted apart, as 'placeholder'.\n"
	"\n"
	"  --table T      one of the tables above\n"
	CLI_SAMPLE_HELP
	"  --by descendants\n"
	"                 order the bases by descendants instead\n"
	"  --limit N      at most N rows per table; 0 = all (default: 20 in a\n"
	"                 table on a terminal, all otherwise)\n"
	CLI_COMMON_HELP;

enum { T_LICENSES, T_FAMILIES, T_OPENNESS, T_BASES, T_AUTHORS, T_MONTHS,
       T_COUNT };

static const char *const table_names[T_COUNT] = {
	"licenses", "families", "openness", "bases", "authors", "months"
};

static const char *const table_titles[T_COUNT] = {
	"licences of the sample's models",
	"licence families",
	"openness classes",
	"bases with the most children among the sample",
	"authors by models",
	"models created per month, by licence family",
};

typedef struct {
	const lg_graph *g;
	const lg_audit *a;
	const lg_stats *s;
	const cli_opts *o;
	int only;         /* a table, or -1 for all */
	long limit;
	lg_stats_base_order by;
} stats_job;

static size_t cut(const stats_job *j, size_t n)
{
	return j->limit > 0 && (size_t)j->limit < n ? (size_t)j->limit : n;
}

/* A time series is cut only when asked: the default cut would keep its
 * oldest months. */
static size_t cut_months(const stats_job *j, size_t n)
{
	return j->o->limit > 0 && (size_t)j->o->limit < n ? (size_t)j->o->limit
							  : n;
}

static int shares(lg_table *t, const stats_job *j, int table, lg_error *err)
{
	const lg_stats_share *rows;
	size_t n = table == T_LICENSES ? lg_stats_licenses(j->s, &rows)
		   : table == T_FAMILIES ? lg_stats_families(j->s, &rows)
					 : lg_stats_openness(j->s, &rows);
	size_t i;
	int rc = 0;

	for (i = 0; i < cut(j, n) && rc == 0; i++) {
		lg_cell c[6] = { LG_TEXT(rows[i].name),
				 LG_INT((int64_t)rows[i].models),
				 LG_REAL(rows[i].percent, 2),
				 LG_REAL(rows[i].cumulative, 2),
				 LG_INT((int64_t)rows[i].concluded),
				 LG_REAL(rows[i].concluded_percent, 2) };

		if (table != T_LICENSES) /* no cumulative column */
			memmove(&c[3], &c[4], 2 * sizeof(*c));
		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int bases(lg_table *t, const stats_job *j, lg_error *err)
{
	const lg_stats_base *rows;
	size_t n = lg_stats_bases(j->s, j->by, &rows), i;
	char lic[512];
	int rc = 0;

	for (i = 0; i < cut(j, n) && rc == 0; i++) {
		lg_cell c[4] = {
			LG_TEXT(rows[i].id),
			LG_INT(rows[i].children), LG_INT(rows[i].descendants),
			LG_TEXT(lg_model_license_text(
				lg_audit_license(j->a, rows[i].node), lic,
				sizeof(lic)))
		};

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int authors(lg_table *t, const stats_job *j, lg_error *err)
{
	const lg_stats_author *rows;
	size_t n = lg_stats_authors(j->s, &rows), i;
	int rc = 0;

	for (i = 0; i < cut(j, n) && rc == 0; i++) {
		lg_cell c[5] = { LG_TEXT(rows[i].author),
				 LG_INT((int64_t)rows[i].models),
				 LG_INT((int64_t)rows[i].licenses),
				 LG_TEXT(rows[i].top_license),
				 LG_INT((int64_t)rows[i].unknown) };

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int months(lg_table *t, const stats_job *j, lg_error *err)
{
	const lg_stats_month *rows;
	size_t n = lg_stats_months(j->s, &rows), i;
	int f, rc = 0;

	for (i = 0; i < cut_months(j, n) && rc == 0; i++) {
		lg_cell c[2 + LG_FAM_COUNT];

		c[0] = LG_TEXT(rows[i].month);
		c[1] = LG_INT((int64_t)rows[i].models);
		for (f = 0; f < LG_FAM_COUNT; f++)
			c[2 + f] = LG_INT((int64_t)rows[i].by_family[f]);
		rc = lg_table_row(t, c, err);
	}
	return rc;
}

/* The columns of each table. */
static size_t columns(int table, lg_column *cols)
{
	static const lg_column share_cols[] = {
		{ NULL, LG_COL_TEXT }, { "models", LG_COL_INT },
		{ "percent", LG_COL_REAL }, { "cumulative_percent", LG_COL_REAL },
		{ "concluded", LG_COL_INT }, { "concluded_percent", LG_COL_REAL },
	};
	static const lg_column base_cols[] = {
		{ "model", LG_COL_TEXT }, { "children", LG_COL_INT },
		{ "descendants", LG_COL_INT }, { "license", LG_COL_TEXT },
	};
	static const lg_column author_cols[] = {
		{ "author", LG_COL_TEXT }, { "models", LG_COL_INT },
		{ "licenses", LG_COL_INT }, { "top_license", LG_COL_TEXT },
		{ "unknown", LG_COL_INT },
	};
	size_t n, f;

	switch (table) {
	case T_BASES:
		memcpy(cols, base_cols, sizeof(base_cols));
		return 4;
	case T_AUTHORS:
		memcpy(cols, author_cols, sizeof(author_cols));
		return 5;
	case T_MONTHS:
		cols[0] = (lg_column){ "month", LG_COL_TEXT };
		cols[1] = (lg_column){ "models", LG_COL_INT };
		for (f = 0; f < LG_FAM_COUNT; f++)
			cols[2 + f] = (lg_column){ lg_family_name((int)f),
						   LG_COL_INT };
		return 2 + LG_FAM_COUNT;
	default:
		n = table == T_LICENSES ? 6 : 5;
		memcpy(cols, share_cols, sizeof(share_cols));
		if (table != T_LICENSES)
			memmove(&cols[3], &cols[4], 2 * sizeof(*cols));
		cols[0].name = table == T_LICENSES ? "license"
			       : table == T_FAMILIES ? "family" : "openness";
		return n;
	}
}

static int one_table(FILE *out, const stats_job *j, int table, int first,
		     lg_error *err)
{
	lg_column cols[2 + LG_FAM_COUNT];
	size_t n = columns(table, cols);
	lg_table *t;
	int rc;

	if (j->only < 0 && j->o->format == LG_FORMAT_TABLE)
		fprintf(out, "%s%s\n", first ? "" : "\n", table_titles[table]);
	else if (!first)
		fputc('\n', out);
	if (!(t = lg_table_new(out, (lg_format)j->o->format, cols, n)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	rc = table == T_BASES ? bases(t, j, err)
	     : table == T_AUTHORS ? authors(t, j, err)
	     : table == T_MONTHS ? months(t, j, err) : shares(t, j, table, err);
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

/* Table k of every table, as one JSON array. */
static int json_table(FILE *out, const void *payload, int k, lg_error *err)
{
	return one_table(out, payload, k, 1, err);
}

static int write_stats(FILE *out, const void *payload, lg_error *err)
{
	const stats_job *j = payload;
	int table, rc = 0;

	if (j->only >= 0)
		return one_table(out, j, j->only, 1, err);
	if (j->o->format == LG_FORMAT_JSON)
		return cli_json_tables(out, table_names, T_COUNT, json_table,
				       j, err);
	for (table = 0; table < T_COUNT && rc == 0; table++)
		rc = one_table(out, j, table, table == 0, err);
	return rc;
}

/* What the sample is, and that the placeholder date is counted apart. */
void cli_say_sample(const cli_opts *o, const lg_stats *s)
{
	if (o->quiet)
		return;
	fprintf(stderr, "lineage: stats of %zu models", lg_stats_models(s));
	if (lg_stats_placeholder(s))
		fprintf(stderr, "; %zu carry the Hub's placeholder creation "
				"date (2022-03-02T23:29), counted apart as "
				"'placeholder'", lg_stats_placeholder(s));
	fputc('\n', stderr);
}

int cli_sample_option(lg_stats_options *so, const char **authors, int opt,
		      const char *arg)
{
	if (opt == OPT_SAMPLE_SEARCH)
		so->search = arg;
	else if (opt == OPT_SAMPLE_AUTHOR)
		authors[so->n_authors++] = arg;
	else if (opt == OPT_SAMPLE_FOLD)
		so->fold = 1;
	else
		return 0;
	so->authors = authors;
	return 1;
}

int cmd_stats(int argc, char **argv)
{
	enum { OPT_TABLE = OPT_COMMAND_BASE, OPT_BY };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		CLI_SAMPLE_OPTIONS,
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "by", required_argument, NULL, OPT_BY },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("stats");
	lg_stats_options so = LG_STATS_OPTIONS_INIT;
	const char **authors = calloc((size_t)argc + 1, sizeof(char *));
	stats_job job = { NULL, NULL, NULL, &o, -1, 0, LG_STATS_BY_CHILDREN };
	lg_audit *a = NULL;
	lg_stats *s = NULL;
	lg_graph *g = NULL;
	lg_error err;
	int opt, code = 0, r;

	if (!authors)
		return cli_errorf("out of memory");
	while (code == 0 && (opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS,
					       options, NULL)) != -1) {
		if ((r = cli_common_option(&o, opt, optarg, &code)) != 0) {
			if (r < 0)
				goto done;
			continue;
		}
		if (cli_sample_option(&so, authors, opt, optarg))
			continue;
		if (opt == OPT_TABLE) {
			code = cli_choice(&o, "--table", optarg, table_names,
					  T_COUNT, &job.only);
		} else if (opt == OPT_BY) {
			if (strcmp(optarg, "descendants") == 0)
				job.by = LG_STATS_BY_DESCENDANTS;
			else if (strcmp(optarg, "children") != 0)
				code = cli_usage_error(&o, "--by wants children "
					"or descendants, not '%s'", optarg);
		}
	}
	if (code == 0 && (code = cli_finish_options(&o, argc, argv)) == 0 &&
	    (code = cli_load(&g, &o)) == 0 &&
	    (code = cli_audit(&a, g, &o)) == 0) {
		if (lg_stats_compute(&s, g, a, &so, &err) < 0) {
			code = cli_error(&err);
		} else {
			job.g = g;
			job.a = a;
			job.s = s;
			job.limit = cli_limit(&o);
			cli_say_sample(&o, s);
			code = cli_write(o.output, write_stats, &job);
		}
	}
done:
	lg_stats_free(s);
	lg_audit_free(a);
	cli_done(g, &o);
	free(authors);
	return code;
}
