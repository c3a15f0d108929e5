/*
 * cli_diff.c - `lineage diff OLD NEW`: what changed between two snapshots
 * (SPEC §3), as the library compares them (lg_diff.h); this only loads
 * the two inputs and formats.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: lineage diff [OPTIONS] OLD NEW\n"
	"\n"
	"What changed between two snapshots (each a fetch snapshot, a file or\n"
	"a directory): a summary, then a table per kind (each titled):\n"
	"  models     model change: models with a record added or removed\n"
	"  edges      parent child relation change: edges added or removed (a\n"
	"             re-pointed or re-labelled edge is one of each)\n"
	"  licenses   model kind old new: declared and concluded licence\n"
	"             changes of models in both\n"
	"  findings   the audit's columns and change: findings (warn or\n"
	"             conflict) new or resolved\n"
	"  growth     model old_descendants new_descendants: the bases that\n"
	"             grew most\n"
	"  downloads  model old_downloads new_downloads: the largest changes\n"
	"\n"
	"  --table T      only table T, without the summary\n"
	"  --fail-on new-conflict\n"
	"                 exit 3 when NEW has a conflict OLD did not: a gate\n"
	"                 for a model registry's CI\n"
	"  --limit N      at most N rows per table; 0 = all (default: 20 in a\n"
	"                 table on a terminal, all otherwise)\n"
	CLI_COMMON_HELP
	"Problems in OLD are warnings on stderr too; --warnings FILE lists\n"
	"those of NEW.\n";

enum { T_MODELS, T_EDGES, T_LICENSES, T_FINDINGS, T_GROWTH, T_DOWNLOADS,
       T_COUNT };

static const char *const table_names[T_COUNT] = {
	"models", "edges", "licenses", "findings", "growth", "downloads"
};

static const char *const table_titles[T_COUNT] = {
	"models added or removed", "edges added or removed",
	"licence changes", "audit findings new or resolved",
	"bases that grew most", "largest download changes",
};

typedef struct {
	const lg_graph *g[2];
	const lg_audit *a[2];
	const lg_diff *d;
	const cli_opts *o;
	int only;        /* a table, or -1 for the summary and all */
	long limit;
} diff_job;

static size_t cut(const diff_job *j, size_t n)
{
	return j->limit > 0 && (size_t)j->limit < n ? (size_t)j->limit : n;
}

static const char *id_of(const diff_job *j, int side, lg_node v)
{
	return lg_graph_record(j->g[side], v)->id;
}

static const char *change_name(lg_change c)
{
	return c == LG_CHANGE_ADDED ? "added" : "removed";
}

/* -- the tables ------------------------------------------------------------ */

static int models(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_model *rows;
	size_t n = cut(j, lg_diff_models(j->d, &rows)), i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		lg_cell c[2] = { LG_TEXT(id_of(j, rows[i].side, rows[i].node)),
				 LG_TEXT(change_name(rows[i].change)) };

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int edges(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_edge *rows;
	size_t n = cut(j, lg_diff_edges(j->d, &rows)), i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const lg_edge *e = lg_graph_edge(j->g[rows[i].side], rows[i].edge);
		lg_cell c[4] = { LG_TEXT(id_of(j, rows[i].side, e->parent)),
				 LG_TEXT(id_of(j, rows[i].side, e->child)),
				 LG_TEXT(lg_relation_name(e->relation)),
				 LG_TEXT(change_name(rows[i].change)) };

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static const lg_model_license *license_of(const diff_job *j, int side,
					  lg_node v, lg_diff_license_kind kind)
{
	return kind == LG_DIFF_DECLARED
		       ? lg_audit_license(j->a[side], v)
		       : lg_audit_concluded(j->a[side], v).license;
}

static int licenses(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_license *rows;
	size_t n = cut(j, lg_diff_licenses(j->d, &rows)), i;
	char was[512], now[512];
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		lg_cell c[4] = {
			LG_TEXT(id_of(j, 1, rows[i].new_node)),
			LG_TEXT(rows[i].kind == LG_DIFF_DECLARED ? "declared"
								 : "concluded"),
			LG_TEXT(lg_model_license_text(
				license_of(j, 0, rows[i].old_node, rows[i].kind),
				was, sizeof(was))),
			LG_TEXT(lg_model_license_text(
				license_of(j, 1, rows[i].new_node, rows[i].kind),
				now, sizeof(now))),
		};

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int findings(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_finding *rows;
	size_t n = cut(j, lg_diff_findings(j->d, &rows)), i;
	char pl[512], cl[512], reasons[1024];
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		int s = rows[i].side;
		const lg_edge *e = lg_graph_edge(j->g[s], rows[i].edge);
		const lg_edge_audit *ea = lg_audit_edge(j->a[s], rows[i].edge);
		lg_cell c[9] = {
			LG_TEXT(id_of(j, s, e->parent)),
			LG_TEXT(id_of(j, s, e->child)),
			LG_TEXT(lg_relation_name(e->relation)),
			LG_TEXT(lg_model_license_text(
				lg_audit_license(j->a[s], e->parent), pl,
				sizeof(pl))),
			LG_TEXT(lg_model_license_text(
				lg_audit_license(j->a[s], e->child), cl,
				sizeof(cl))),
			LG_TEXT(lg_verdict_name(ea->verdict)),
			LG_TEXT(lg_audit_reasons_text(j->a[s], ea->reasons,
						      reasons, sizeof(reasons))),
			ea->basis == LG_NONE ? LG_MISSING
					     : LG_TEXT(id_of(j, s, ea->basis)),
			LG_TEXT(rows[i].is_new ? "new" : "resolved"),
		};

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int growth(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_base_growth *rows;
	size_t n = cut(j, lg_diff_growth(j->d, &rows)), i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		lg_cell c[3] = { LG_TEXT(id_of(j, 1, rows[i].new_node)),
				 LG_INT(rows[i].old_descendants),
				 LG_INT(rows[i].new_descendants) };

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

static int downloads(lg_table *t, const diff_job *j, lg_error *err)
{
	const lg_diff_download_change *rows;
	size_t n = cut(j, lg_diff_downloads(j->d, &rows)), i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		lg_cell c[3] = { LG_TEXT(id_of(j, 1, rows[i].new_node)),
				 LG_INT(rows[i].old_downloads),
				 LG_INT(rows[i].new_downloads) };

		rc = lg_table_row(t, c, err);
	}
	return rc;
}

/* The columns of each table. */
static size_t columns(int table, const lg_column **cols)
{
	static const lg_column model_cols[] = {
		{ "model", LG_COL_TEXT }, { "change", LG_COL_TEXT } };
	static const lg_column edge_cols[] = {
		{ "parent", LG_COL_TEXT }, { "child", LG_COL_TEXT },
		{ "relation", LG_COL_TEXT }, { "change", LG_COL_TEXT } };
	static const lg_column license_cols[] = {
		{ "model", LG_COL_TEXT }, { "kind", LG_COL_TEXT },
		{ "old", LG_COL_TEXT }, { "new", LG_COL_TEXT } };
	static const lg_column finding_cols[] = {
		{ "parent", LG_COL_TEXT },        { "child", LG_COL_TEXT },
		{ "relation", LG_COL_TEXT },      { "parent_license", LG_COL_TEXT },
		{ "child_license", LG_COL_TEXT }, { "verdict", LG_COL_TEXT },
		{ "reasons", LG_COL_LIST },       { "basis", LG_COL_TEXT },
		{ "change", LG_COL_TEXT } };
	static const lg_column growth_cols[] = {
		{ "model", LG_COL_TEXT }, { "old_descendants", LG_COL_INT },
		{ "new_descendants", LG_COL_INT } };
	static const lg_column download_cols[] = {
		{ "model", LG_COL_TEXT }, { "old_downloads", LG_COL_INT },
		{ "new_downloads", LG_COL_INT } };
	static const struct { const lg_column *cols; size_t n; } all[T_COUNT] = {
		{ model_cols, 2 }, { edge_cols, 4 }, { license_cols, 4 },
		{ finding_cols, 9 }, { growth_cols, 3 }, { download_cols, 3 },
	};

	*cols = all[table].cols;
	return all[table].n;
}

static int one_table(FILE *out, const diff_job *j, int table, int first,
		     lg_error *err)
{
	static int (*const fill[T_COUNT])(lg_table *, const diff_job *,
					   lg_error *) = {
		models, edges, licenses, findings, growth, downloads
	};
	const lg_column *cols;
	size_t n = columns(table, &cols);
	lg_table *t;
	int rc;

	if (j->only < 0 && j->o->format == LG_FORMAT_TABLE)
		fprintf(out, "%s%s\n", first ? "" : "\n", table_titles[table]);
	else if (!first)
		fputc('\n', out);
	if (!(t = lg_table_new(out, (lg_format)j->o->format, cols, n)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	rc = fill[table](t, j, err);
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

/* -- the summary ----------------------------------------------------------- */

static int summary(FILE *out, const diff_job *j, lg_error *err)
{
	static const lg_column cols[] = { { "change", LG_COL_TEXT },
					  { "count", LG_COL_INT } };
	const lg_diff_summary *s = lg_diff_get_summary(j->d);
	const struct { const char *name; size_t n; } rows[] = {
		{ "models added", s->models_added },
		{ "models removed", s->models_removed },
		{ "edges added", s->edges_added },
		{ "edges removed", s->edges_removed },
		{ "declared licences changed", s->declared_changed },
		{ "concluded licences changed", s->concluded_changed },
		{ "findings new", s->findings_new },
		{ "findings resolved", s->findings_resolved },
		{ "conflicts new", s->conflicts_new },
		{ "bases grown", s->bases_grown },
		{ "download counts changed", s->downloads_changed },
	};
	lg_table *t = lg_table_new(out, (lg_format)j->o->format, cols, 2);
	size_t i;
	int rc = 0;

	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	if (j->o->format == LG_FORMAT_TABLE)
		fputs("summary\n", out);
	for (i = 0; i < sizeof(rows) / sizeof(*rows) && rc == 0; i++) {
		lg_cell c[2] = { LG_TEXT(rows[i].name),
				 LG_INT((int64_t)rows[i].n) };

		rc = lg_table_row(t, c, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

/* The keys of the JSON object: the summary, then every table. */
static const char *const json_keys[T_COUNT + 1] = {
	"summary", "models", "edges", "licenses", "findings", "growth",
	"downloads"
};

/* Key k's array: the summary, then table k - 1. */
static int json_part(FILE *out, const void *payload, int k, lg_error *err)
{
	return k == 0 ? summary(out, payload, err)
		      : one_table(out, payload, k - 1, 1, err);
}

static int write_diff(FILE *out, const void *payload, lg_error *err)
{
	const diff_job *j = payload;
	int table, rc;

	if (j->only >= 0)
		return one_table(out, j, j->only, 1, err);
	if (j->o->format == LG_FORMAT_JSON)
		return cli_json_tables(out, json_keys, T_COUNT + 1, json_part,
				       j, err);
	rc = summary(out, j, err);
	for (table = 0; table < T_COUNT && rc == 0; table++)
		rc = one_table(out, j, table, 0, err);
	return rc;
}

/* -- the command ------------------------------------------------------------ */

/* Loads and audits input `which` of o (0 OLD, 1 NEW) with options of its
 * own, sharing the licence table. */
static int load_side(const cli_opts *o, int which, cli_opts *side,
		     lg_graph **g, lg_audit **a)
{
	int code;

	*side = *o;
	side->inputs = o->inputs + which;
	side->n_inputs = 1;
	side->cache = NULL;
	if (which == 0)
		side->warnings = NULL; /* --warnings lists NEW's problems */
	if ((code = cli_load(g, side)) == 0)
		code = cli_audit(a, *g, side);
	return code;
}

static int compare(cli_opts *o, diff_job *job, int fail_on_new_conflict)
{
	cli_opts side[2];
	lg_graph *g[2] = { NULL, NULL };
	lg_audit *a[2] = { NULL, NULL };
	lg_diff *d = NULL;
	lg_error err;
	int code, k;

	memset(side, 0, sizeof(side));
	if ((code = load_side(o, 0, &side[0], &g[0], &a[0])) == 0 &&
	    (code = load_side(o, 1, &side[1], &g[1], &a[1])) == 0) {
		if (lg_diff_compute(&d, g[0], a[0], g[1], a[1], &err) < 0) {
			code = cli_error(&err);
		} else {
			*job = (diff_job){ { g[0], g[1] }, { a[0], a[1] }, d, o,
					   job->only, cli_limit(o) };
			code = cli_write(o->output, write_diff, job);
			if (code == EXIT_OK && fail_on_new_conflict &&
			    lg_diff_get_summary(d)->conflicts_new)
				code = EXIT_AUDIT;
		}
	}
	lg_diff_free(d);
	for (k = 0; k < 2; k++) {
		lg_audit_free(a[k]);
		side[k].table = NULL; /* o's own, freed with o */
		cli_done(g[k], &side[k]);
	}
	return code;
}

int cmd_diff(int argc, char **argv)
{
	enum { OPT_TABLE = OPT_COMMAND_BASE, OPT_FAIL_ON };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("diff");
	diff_job job = { { NULL, NULL }, { NULL, NULL }, NULL, &o, -1, 0 };
	int opt, code = 0, r, fail_on = 0;

	while (code == 0 && (opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS,
					       options, NULL)) != -1) {
		if ((r = cli_common_option(&o, opt, optarg, &code)) != 0) {
			if (r < 0)
				return code;
			continue;
		}
		if (opt == OPT_TABLE) {
			code = cli_choice(&o, "--table", optarg, table_names,
					  T_COUNT, &job.only);
		} else if (opt == OPT_FAIL_ON) {
			if (strcmp(optarg, "new-conflict") != 0)
				code = cli_usage_error(&o, "--fail-on wants "
					"new-conflict, not '%s'", optarg);
			fail_on = 1;
		}
	}
	if (code == 0 && (code = cli_finish_options(&o, argc, argv)) == 0) {
		if (o.n_inputs != 2)
			code = cli_usage_error(&o, "diff compares two inputs, "
						   "OLD and NEW; %d given",
					       o.n_inputs);
		else
			code = compare(&o, &job, fail_on);
	}
	cli_done(NULL, &o);
	return code;
}
