/*
 * cli_audit.c - `lineage audit`: licence inheritance along every edge
 * (SPEC §3, SPEC-licenses.md).
 *
 * Rows are edges at or above --min, sorted by parent then child (ASCII
 * case-insensitive), so two runs on the same input diff cleanly. The
 * summary counts verdicts and reasons over every edge, and draws the drift
 * matrix: the family of the licence an edge was judged against by the
 * family of the child's.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"

static const char usage[] =
	"usage: lineage audit [OPTIONS] INPUT...\n"
	"\n"
	"Checks what every fine-tune, adapter, quantisation and merge\n"
	"inherits: each parent -> child edge gets a verdict (ok, info, warn,\n"
	"conflict) and the reason codes behind it. A parent with no licence\n"
	"is passed over for its nearest ancestor that declares one.\n"
	"\n"
	"  --min LEVEL    rows at or above LEVEL: ok, info, warn (default),\n"
	"                 conflict\n"
	"  --all          every edge (same as --min ok)\n"
	"  --summary      counts by verdict and by reason, the drift matrix\n"
	"                 (parent family x child family) and the share of\n"
	"                 licence-bearing edges whose licence changes\n"
	"  --fail-on LEVEL\n"
	"                 exit 3 when any edge is at or above LEVEL (warn or\n"
	"                 conflict), waived ones aside: a gate for a model\n"
	"                 registry's CI\n"
	"  --policy FILE  judge every edge by an organisation's policy too:\n"
	"                 allow, flag (warn) or deny (conflict) per licence\n"
	"                 or family and use (policies/ has examples)\n"
	"  --use USE      the use the policy judges: internal, share, sell\n"
	"                 or hosted (needed with --policy)\n"
	"  --waivers FILE accepted findings: MODEL-GLOB REASON EXPIRES\n"
	"                 JUSTIFICATION per line; a finding whose every reason\n"
	"                 is waived is listed with its waiver and fails no\n"
	"                 --fail-on; an expired waiver is a warning\n"
	CLI_LIMIT_HELP
	CLI_COMMON_HELP
	"\n"
	"Columns: parent child relation parent_license child_license verdict\n"
	"reasons basis (the model whose licence the edge was judged against)\n"
	"concluded_license concluded_source concluded_from (the licence the\n"
	"child carries: declared, inherited from an ancestor, or none) waiver\n"
	"(the justification of the waiver that accepts the finding).\n"
	"'lineage show MODEL' gives the clause each reason rests on.\n";

static const lg_column columns[] = {
	{ "parent", LG_COL_TEXT },         { "child", LG_COL_TEXT },
	{ "relation", LG_COL_TEXT },       { "parent_license", LG_COL_TEXT },
	{ "child_license", LG_COL_TEXT },  { "verdict", LG_COL_TEXT },
	{ "reasons", LG_COL_LIST },        { "basis", LG_COL_TEXT },
	{ "concluded_license", LG_COL_TEXT }, { "concluded_source", LG_COL_TEXT },
	{ "concluded_from", LG_COL_TEXT }, { "waiver", LG_COL_TEXT },
};
#define N_COLUMNS (sizeof(columns) / sizeof(*columns))

typedef struct {
	const lg_graph *g;
	const lg_audit *a;
	const cli_opts *o;
	long limit;           /* rows; 0 = all */
	FILE *out;
	const lg_waiver **waived; /* per edge, or NULL without --waivers */
} audit_ctx;

static const lg_graph *sort_graph; /* qsort has no payload in C11 */

static int by_parent_child(const void *pa, const void *pb)
{
	const lg_edge *x = lg_graph_edge(sort_graph, *(const uint32_t *)pa);
	const lg_edge *y = lg_graph_edge(sort_graph, *(const uint32_t *)pb);
	uint32_t px = lg_graph_id_rank(sort_graph, x->parent);
	uint32_t py = lg_graph_id_rank(sort_graph, y->parent);
	uint32_t cx = lg_graph_id_rank(sort_graph, x->child);
	uint32_t cy = lg_graph_id_rank(sort_graph, y->child);

	if (px != py)
		return px < py ? -1 : 1;
	return cx < cy ? -1 : cx > cy;
}

static int edge_row(const audit_ctx *c, lg_table *t, size_t e, lg_error *err)
{
	const lg_edge *ed = lg_graph_edge(c->g, e);
	const lg_edge_audit *ea = lg_audit_edge(c->a, e);
	lg_concluded con = lg_audit_concluded(c->a, ed->child);
	const lg_waiver *wv = c->waived ? c->waived[e] : NULL;
	char pl[512], cl[512], kl[512], reasons[1024];
	lg_cell cells[N_COLUMNS];

	cells[0] = LG_TEXT(lg_graph_record(c->g, ed->parent)->id);
	cells[1] = LG_TEXT(lg_graph_record(c->g, ed->child)->id);
	cells[2] = LG_TEXT(lg_relation_name(ed->relation));
	cells[3] = LG_TEXT(lg_model_license_text(
		lg_audit_license(c->a, ed->parent), pl, sizeof(pl)));
	cells[4] = LG_TEXT(lg_model_license_text(
		lg_audit_license(c->a, ed->child), cl, sizeof(cl)));
	cells[5] = LG_TEXT(lg_verdict_name(ea->verdict));
	cells[6] = LG_TEXT(lg_audit_reasons_text(c->a, ea->reasons, reasons,
						 sizeof(reasons)));
	cells[7] = ea->basis == LG_NONE
			   ? LG_MISSING
			   : LG_TEXT(lg_graph_record(c->g, ea->basis)->id);
	cells[8] = LG_TEXT(lg_model_license_text(con.license, kl, sizeof(kl)));
	cells[9] = LG_TEXT(lg_concluded_source_name(con.source));
	cells[10] = con.source == LG_CONCLUDED_INHERITED
			    ? LG_TEXT(lg_graph_record(c->g, con.from)->id)
			    : LG_MISSING;
	cells[11] = wv ? LG_TEXT(wv->justification) : LG_MISSING;
	return lg_table_row(t, cells, err);
}

static int write_rows(const audit_ctx *c, int min, lg_error *err)
{
	size_t m = lg_graph_edge_count(c->g), n = 0, i;
	uint32_t *order = malloc((m ? m : 1) * sizeof(*order));
	lg_table *t = lg_table_new(c->out, (lg_format)c->o->format, columns,
				   N_COLUMNS);
	int rc = 0;

	if (!order || !t) {
		free(order);
		lg_table_free(t);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	for (i = 0; i < m; i++)
		if (lg_audit_edge(c->a, i)->verdict >= min)
			order[n++] = (uint32_t)i;
	sort_graph = c->g;
	qsort(order, n, sizeof(*order), by_parent_child);
	if (c->limit > 0 && (size_t)c->limit < n)
		n = (size_t)c->limit;
	for (i = 0; i < n && rc == 0; i++)
		rc = edge_row(c, t, order[i], err);
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	free(order);
	return rc;
}

/* -- the summary ---------------------------------------------------------- */

static int section(FILE *out, int format, int first, const char *title)
{
	if (format == LG_FORMAT_TABLE)
		fprintf(out, "%s%s\n", first ? "" : "\n", title);
	else if (!first)
		fputc('\n', out);
	return 0;
}

static int write_counts(const audit_ctx *c, const lg_audit_summary *s, lg_error *err)
{
	static const lg_column vcols[] = { { "verdict", LG_COL_TEXT },
					   { "edges", LG_COL_INT } };
	static const lg_column rcols[] = { { "reason", LG_COL_TEXT },
					   { "edges", LG_COL_INT } };
	lg_table *t;
	lg_cell cells[2];
	int v, r, rc = 0;

	section(c->out, c->o->format, 1, "edges by verdict");
	if (!(t = lg_table_new(c->out, (lg_format)c->o->format, vcols, 2)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (v = 0; v < LG_VERDICT_COUNT && rc == 0; v++) {
		cells[0] = LG_TEXT(lg_verdict_name(v));
		cells[1] = LG_INT((int64_t)s->verdicts[v]);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	if (rc < 0)
		return rc;
	section(c->out, c->o->format, 0, "edges by reason");
	if (!(t = lg_table_new(c->out, (lg_format)c->o->format, rcols, 2)))
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (r = 0; r < lg_audit_reason_count(c->a) && rc == 0; r++) {
		if (!s->reasons[r])
			continue;
		cells[0] = LG_TEXT(lg_audit_reason_name(c->a, r));
		cells[1] = LG_INT((int64_t)s->reasons[r]);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

static int write_drift(const audit_ctx *c, const lg_audit_summary *s, lg_error *err)
{
	lg_column cols[LG_FAM_COUNT + 1];
	lg_cell cells[LG_FAM_COUNT + 1];
	lg_table *t;
	int p, k, rc = 0;

	section(c->out, c->o->format, 0,
		"drift: family of the parent's licence (rows) x the child's "
		"(columns), edges");
	cols[0].name = "parent_family";
	cols[0].type = LG_COL_TEXT;
	for (k = 0; k < LG_FAM_COUNT; k++) {
		cols[k + 1].name = lg_family_name(k);
		cols[k + 1].type = LG_COL_INT;
	}
	t = lg_table_new(c->out, (lg_format)c->o->format, cols,
			 LG_FAM_COUNT + 1);
	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (p = 0; p < LG_FAM_COUNT && rc == 0; p++) {
		cells[0] = LG_TEXT(lg_family_name(p));
		for (k = 0; k < LG_FAM_COUNT; k++)
			cells[k + 1] = LG_INT((int64_t)s->drift[p][k]);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

static double percent(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static int write_change_share(const audit_ctx *c, const lg_audit_summary *s,
			      lg_error *err)
{
	static const lg_column cols[] = {
		{ "edges", LG_COL_TEXT }, { "license_bearing", LG_COL_INT },
		{ "license_changed", LG_COL_INT }, { "percent", LG_COL_REAL },
	};
	lg_cell cells[4];
	lg_table *t;
	int rc;

	section(c->out, c->o->format, 0,
		"license change on edges where parent and child both declare "
		"one");
	t = lg_table_new(c->out, (lg_format)c->o->format, cols, 4);
	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	cells[0] = LG_TEXT("all");
	cells[1] = LG_INT((int64_t)s->bearing);
	cells[2] = LG_INT((int64_t)s->changed);
	cells[3] = LG_REAL(percent(s->changed, s->bearing), 1);
	rc = lg_table_row(t, cells, err);
	cells[0] = LG_TEXT("finetune");
	cells[1] = LG_INT((int64_t)s->ft_bearing);
	cells[2] = LG_INT((int64_t)s->ft_changed);
	cells[3] = LG_REAL(percent(s->ft_changed, s->ft_bearing), 1);
	if (rc == 0)
		rc = lg_table_row(t, cells, err);
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

static json_t *summary_json(const audit_ctx *c, const lg_audit_summary *s)
{
	json_t *v = json_object(), *r = json_object(), *d = json_array();
	int i, k;

	for (i = 0; i < LG_VERDICT_COUNT; i++)
		json_object_set_new(v, lg_verdict_name(i),
				    json_integer((json_int_t)s->verdicts[i]));
	for (i = 0; i < lg_audit_reason_count(c->a); i++)
		if (s->reasons[i])
			json_object_set_new(r, lg_audit_reason_name(c->a, i),
					    json_integer((json_int_t)s->reasons[i]));
	for (i = 0; i < LG_FAM_COUNT; i++)
		for (k = 0; k < LG_FAM_COUNT; k++)
			if (s->drift[i][k])
				json_array_append_new(d, json_pack(
					"{s:s, s:s, s:I}", "parent_family",
					lg_family_name(i), "child_family",
					lg_family_name(k),
					"edges", (json_int_t)s->drift[i][k]));
	return json_pack("{s:o, s:o, s:o, s:[{s:s, s:I, s:I, s:f}, "
			 "{s:s, s:I, s:I, s:f}]}",
			 "verdicts", v, "reasons", r, "drift", d,
			 "license_change",
			 "edges", "all",
			 "license_bearing", (json_int_t)s->bearing,
			 "license_changed", (json_int_t)s->changed,
			 "percent", lg_round(percent(s->changed, s->bearing), 1),
			 "edges", "finetune",
			 "license_bearing", (json_int_t)s->ft_bearing,
			 "license_changed", (json_int_t)s->ft_changed,
			 "percent", lg_round(percent(s->ft_changed,
						     s->ft_bearing), 1));
}

static int write_summary(const audit_ctx *c, lg_error *err)
{
	lg_audit_summary s;
	int rc;

	lg_audit_summarize(&s, c->a);
	if (c->o->format == LG_FORMAT_JSON) {
		json_t *j = summary_json(c, &s);

		if (!j)
			return lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
		rc = json_dumpf(j, c->out, JSON_INDENT(2) |
					   JSON_PRESERVE_ORDER |
					   JSON_REAL_PRECISION(15));
		json_decref(j);
		fputc('\n', c->out);
		/* a write error is named by cli_write; else Jansson's memory */
		return rc ? lg_error_set(err, LG_ENOMEM, NULL, 0,
					 "out of memory")
			  : 0;
	}
	if ((rc = write_counts(c, &s, err)) < 0 ||
	    (rc = write_drift(c, &s, err)) < 0)
		return rc;
	return write_change_share(c, &s, err);
}

/* -- the command ---------------------------------------------------------- */

/* The worst verdict of any edge not waived, and how many edges are at
 * or above min. */
static int worst_verdict(const audit_ctx *c, int min, size_t *at_min)
{
	size_t e, m = lg_graph_edge_count(c->g);
	int worst = -1;

	*at_min = 0;
	for (e = 0; e < m; e++) {
		int v = lg_audit_edge(c->a, e)->verdict;

		if (v > worst && !(c->waived && c->waived[e]))
			worst = v;
		*at_min += v >= min;
	}
	return worst;
}

/* -- policy and waivers ------------------------------------------------------ */

typedef struct {
	const char *policy, *waivers;
	int use;              /* lg_use, or -1 */
} compliance_opts;

static int code_of(const void *ctx, const char *name)
{
	return lg_license_table_reason_code(ctx, name);
}

/* The policy and waiver files, read before the inputs so a mistake in
 * them costs no time. */
static int load_compliance(const cli_opts *o, const compliance_opts *co,
			   lg_policy **p, lg_waivers **w)
{
	lg_error err;

	if (co->policy && lg_policy_load_file(p, co->policy, o->table, &err) < 0)
		return cli_error(&err);
	if (co->waivers &&
	    lg_waivers_load_file(w, co->waivers, code_of, o->table, &err) < 0)
		return cli_error(&err);
	return 0;
}

/* Expired waivers that would have covered findings: how many, and the
 * first, per waiver, to say once each. */
typedef struct {
	size_t *count, *first;
} expired_tally;

static void note_expired(const lg_waiver *wv, size_t e, void *ctx)
{
	expired_tally *x = ctx;
	size_t i = (size_t)wv->index;

	if (!x->count[i]++)
		x->first[i] = e;
}

static void say_expired(const audit_ctx *c, const lg_waivers *w,
			const expired_tally *x)
{
	size_t i;

	for (i = 0; !c->o->quiet && i < lg_waivers_count(w); i++) {
		const lg_waiver *wv = lg_waivers_at(w, i);
		const lg_edge *ed = lg_graph_edge(c->g, x->first[i]);

		if (!x->count[i])
			continue;
		fprintf(stderr, "lineage: warning: %s:%ld: the waiver for '",
			lg_waivers_source(w), wv->line);
		cli_put_clean(stderr, wv->glob);
		fprintf(stderr, "' expired on %s; %zu finding%s it covered "
				"count%s again (", wv->expires_text, x->count[i],
			x->count[i] == 1 ? "" : "s", x->count[i] == 1 ? "s" : "");
		cli_put_clean(stderr, lg_graph_record(c->g, ed->parent)->id);
		fputs(" -> ", stderr);
		cli_put_clean(stderr, lg_graph_record(c->g, ed->child)->id);
		fputs(x->count[i] > 1 ? ", ...)\n" : ")\n", stderr);
	}
}

/* Today, as days since 1970-01-01 (UTC). */
static int32_t today(void)
{
	return (int32_t)(time(NULL) / 86400);
}

/* Lays the policy and the waivers over the audit. */
static int apply_compliance(audit_ctx *c, lg_audit *a, const lg_policy *p,
			    const lg_waivers *w, const compliance_opts *co)
{
	expired_tally x;
	size_t waived;

	if (p)
		lg_audit_apply_policy(a, p, (lg_use)co->use);
	if (!w)
		return 0;
	c->waived = calloc(lg_graph_edge_count(c->g) + 1, sizeof(*c->waived));
	if (!c->waived)
		return cli_errorf("out of memory");
	x.count = calloc(lg_waivers_count(w) + 1, sizeof(*x.count));
	x.first = calloc(lg_waivers_count(w) + 1, sizeof(*x.first));
	if (!x.count || !x.first) {
		free(x.count);
		free(x.first);
		return cli_errorf("out of memory");
	}
	waived = lg_audit_waive(a, w, today(), c->waived, note_expired, &x);
	say_expired(c, w, &x);
	free(x.count);
	free(x.first);
	if (!c->o->quiet)
		fprintf(stderr, "lineage: %zu finding%s waived by %s\n", waived,
			waived == 1 ? "" : "s", co->waivers);
	return 0;
}

typedef struct {
	audit_ctx c;
	int min, summary;
} audit_job;

static int write_audit(FILE *out, const void *payload, lg_error *err)
{
	const audit_job *job = payload;
	audit_ctx c = job->c;

	c.out = out;
	return job->summary ? write_summary(&c, err)
			    : write_rows(&c, job->min, err);
}

static int parse_level(const cli_opts *o, const char *flag, const char *arg,
		       int *out)
{
	*out = lg_verdict_parse(arg);
	if (*out < 0)
		return cli_usage_error(o, "%s wants ok, info, warn or conflict, "
					  "not '%s'", flag, arg);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	enum { OPT_MIN = OPT_COMMAND_BASE, OPT_ALL, OPT_SUMMARY, OPT_FAIL_ON,
	       OPT_POLICY, OPT_USE, OPT_WAIVERS };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		{ "min", required_argument, NULL, OPT_MIN },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "use", required_argument, NULL, OPT_USE },
		{ "waivers", required_argument, NULL, OPT_WAIVERS },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("audit");
	int opt, code, min = LG_VERDICT_WARN, summary = 0, fail_on = -1;
	compliance_opts co = { NULL, NULL, -1 };
	lg_policy *p = NULL;
	lg_waivers *w = NULL;
	lg_audit *a = NULL;
	lg_graph *g = NULL;

	while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, options,
				  NULL)) != -1) {
		int r = cli_common_option(&o, opt, optarg, &code);

		if (r < 0)
			return code;
		if (r > 0)
			continue;
		if (opt == OPT_MIN &&
		    (code = parse_level(&o, "--min", optarg, &min)) != 0)
			return code;
		if (opt == OPT_ALL)
			min = LG_VERDICT_OK;
		if (opt == OPT_SUMMARY)
			summary = 1;
		if (opt == OPT_FAIL_ON) {
			if ((code = parse_level(&o, "--fail-on", optarg,
						&fail_on)) != 0)
				return code;
			if (fail_on < LG_VERDICT_WARN)
				return cli_usage_error(&o, "--fail-on wants "
						       "warn or conflict");
		}
		if (opt == OPT_POLICY)
			co.policy = optarg;
		if (opt == OPT_WAIVERS)
			co.waivers = optarg;
		if (opt == OPT_USE && (co.use = lg_use_parse(optarg)) < 0)
			return cli_usage_error(&o, "--use wants internal, share, "
						   "sell or hosted, not '%s'",
					       optarg);
	}
	if (co.policy && co.use < 0)
		return cli_usage_error(&o, "--policy needs --use: internal, "
					   "share, sell or hosted");
	if (!co.policy && co.use >= 0)
		return cli_usage_error(&o, "--use says what --policy judges; "
					   "give a --policy");
	if ((code = cli_finish_options(&o, argc, argv)) == 0 &&
	    (code = load_compliance(&o, &co, &p, &w)) == 0 &&
	    (code = cli_load(&g, &o)) == 0 &&
	    (code = cli_audit(&a, g, &o)) == 0) {
		audit_job job = { { g, a, &o, cli_limit(&o), NULL, NULL },
				  min, summary };
		size_t at_min = 0;
		int worst = 0;

		if ((code = apply_compliance(&job.c, a, p, w, &co)) == 0) {
			worst = worst_verdict(&job.c, min, &at_min);
			code = cli_write(o.output, write_audit, &job);
		}
		if (code == EXIT_OK && !summary && job.c.limit > 0)
			cli_note_limit(&o, at_min < (size_t)job.c.limit
					   ? at_min : (size_t)job.c.limit,
				       at_min);
		if (code == EXIT_OK && fail_on >= 0 && worst >= fail_on)
			code = EXIT_AUDIT;
		free(job.c.waived);
	}
	lg_policy_free(p);
	lg_waivers_free(w);
	lg_audit_free(a);
	cli_done(g, &o);
	return code;
}
