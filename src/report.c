/*
 * report.c - the study as one HTML page (lg_report.h).
 *
 * Every number comes from the library's analyses (lg_stats, the audit
 * summary, the community summary); this file only lays them out, one
 * function per section, tables and charts side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "lineage.h"
#include "lg_lineage.h"
#include "lg_report.h"
#include "svg.h"

typedef struct {
	lg__emitter *e;
	const lg_graph *g;
	const lg_audit *a;
	const lg_stats *s;
	const lg_communities *c;
	const lg_report_options *o;
	size_t rows;
	lg_audit_summary sum;
	int nomem; /* a chart went without: the report fails, never short */
} report;

static const char style[] =
	"<style>\n"
	"body{font:15px/1.45 system-ui,sans-serif;color:#222;margin:0 auto;"
	"max-width:980px;padding:0 16px 40px}\n"
	"h1{font-size:26px;margin:28px 0 4px}h2{font-size:20px;margin:36px 0 8px;"
	"border-bottom:2px solid #1d4f73;padding-bottom:3px}\n"
	"h3{font-size:16px;margin:20px 0 6px}p.lead{color:#555;margin-top:0}\n"
	"nav{columns:2;font-size:14px}nav a{color:#1d4f73}\n"
	"table{border-collapse:collapse;margin:8px 0 16px;font-size:13.5px}\n"
	"th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}\n"
	"th{background:#f2f2f2}td.n,th.n{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#fafafa}\n"
	"svg.chart{width:100%;height:auto;display:block;margin:10px 0}\n"
	"td .note{font-size:12px}\n"
	".pair{display:flex;flex-wrap:wrap;gap:0 24px;align-items:flex-start}\n"
	".pair>svg{flex:1 1 420px;min-width:0}\n"
	"dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px}"
	"dl.facts dt{color:#555}dl.facts dd{margin:0;font-weight:600}\n"
	".note{font-size:13px;color:#555}\n"
	"figure{margin:0}section{break-inside:auto}\n"
	"@media print{body{max-width:none;font-size:11pt}nav{display:none}"
	"h2{break-after:avoid}figure,table{break-inside:avoid}"
	"a{color:inherit;text-decoration:none}}\n"
	"@page{margin:15mm}\n"
	"</style>\n";

/* -- pieces ---------------------------------------------------------------- */

static void text(report *r, const char *s)
{
	lg__emit_xml(r->e, s);
}

static void cell_text(report *r, const char *s)
{
	lg__emit_str(r->e, "<td>");
	text(r, s);
	lg__emit_str(r->e, "</td>");
}

static void cell_count(report *r, uint64_t v)
{
	lg__emitf(r->e, "<td class=\"n\">%llu</td>", (unsigned long long)v);
}

static void cell_percent(report *r, double v)
{
	lg__emitf(r->e, "<td class=\"n\">%.2f%%</td>", v);
}

/* A header row; names starting with '#' are numeric columns. */
static void table_head(report *r, const char *const *names, size_t n)
{
	size_t i;

	lg__emit_str(r->e, "<table><thead><tr>");
	for (i = 0; i < n; i++) {
		int num = names[i][0] == '#';

		lg__emit_str(r->e, num ? "<th class=\"n\">" : "<th>");
		text(r, names[i] + num);
		lg__emit_str(r->e, "</th>");
	}
	lg__emit_str(r->e, "</tr></thead><tbody>\n");
}

static void table_end(report *r)
{
	lg__emit_str(r->e, "</tbody></table>\n");
}

static size_t cut(const report *r, size_t n)
{
	return n < r->rows ? n : r->rows;
}

static void section(report *r, const char *id, const char *title)
{
	lg__emitf(r->e, "<section id=\"%s\"><h2>", id);
	text(r, title);
	lg__emit_str(r->e, "</h2>\n");
}

/* -- overview -------------------------------------------------------------- */

static void overview(report *r)
{
	const lg_graph_stats *gs = lg_graph_get_stats(r->g);
	const lg_stats_share *lic;
	size_t n = lg_stats_licenses(r->s, &lic), i, unknown = 0;

	for (i = 0; i < n; i++)
		if (strcmp(lic[i].name, "unknown") == 0)
			unknown = lic[i].models;
	lg__emit_str(r->e, "<dl class=\"facts\">\n");
	lg__emitf(r->e, "<dt>models in the sample</dt><dd>%zu</dd>\n",
		  lg_stats_models(r->s));
	lg__emitf(r->e, "<dt>models in the graph</dt><dd>%zu (%zu named only "
			"as a base: external)</dd>\n", gs->models, gs->external);
	lg__emitf(r->e, "<dt>base &rarr; child edges</dt><dd>%zu</dd>\n",
		  gs->edges);
	lg__emitf(r->e, "<dt>families</dt><dd>%zu</dd>\n", gs->families);
	lg__emitf(r->e, "<dt>declaring no licence</dt><dd>%zu (%.2f%%)</dd>\n",
		  unknown, lg_stats_models(r->s)
				   ? 100.0 * (double)unknown /
					     (double)lg_stats_models(r->s)
				   : 0);
	lg__emitf(r->e, "<dt>placeholder creation date</dt><dd>%zu</dd>\n",
		  lg_stats_placeholder(r->s));
	lg__emit_str(r->e, "</dl>\n<p class=\"note\">The tables and charts of "
			   "licences, bases, authors and months cover the "
			   "sample; the audit and the communities cover the "
			   "whole graph. The Hub gave every model older than "
			   "its <code>createdAt</code> field one placeholder "
			   "date, 2022-03-02T23:29: those models are counted "
			   "apart, never in March 2022.</p>\n");
}

/* -- shares ----------------------------------------------------------------- */

static void share_chart(report *r, const char *title, const char *what,
			const lg_stats_share *rows, size_t n)
{
	lg__svg_bar *bars = malloc((n + 1) * sizeof(*bars));
	size_t i;

	if (!bars) {
		r->nomem = 1;
		return;
	}
	for (i = 0; i < n; i++)
		bars[i] = (lg__svg_bar){ rows[i].name, rows[i].percent };
	lg__svg_bars(r->e, title, what, bars, n, 0, 1);
	free(bars);
}

/* A share table cut at the report's rows, the rest as one last row. */
static void share_table(report *r, const char *first,
			const lg_stats_share *rows, size_t n, int cumulative)
{
	const char *cols[] = { first, "#models", "#percent",
			       "#cumulative percent" };
	size_t shown = cut(r, n), i, rest = 0;

	table_head(r, cols, cumulative ? 4 : 3);
	for (i = 0; i < n; i++) {
		if (i >= shown) {
			rest += rows[i].models;
			continue;
		}
		lg__emit_str(r->e, "<tr>");
		cell_text(r, rows[i].name);
		cell_count(r, rows[i].models);
		cell_percent(r, rows[i].percent);
		if (cumulative)
			cell_percent(r, rows[i].cumulative);
		lg__emit_str(r->e, "</tr>\n");
	}
	if (rest) {
		lg__emitf(r->e, "<tr><td><i>%zu others</i></td>", n - shown);
		cell_count(r, rest);
		cell_percent(r, lg_stats_models(r->s)
					? 100.0 * (double)rest /
						  (double)lg_stats_models(r->s)
					: 0);
		if (cumulative)
			cell_percent(r, 100);
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
}

static void licenses(report *r)
{
	const lg_stats_share *rows;
	size_t n = lg_stats_licenses(r->s, &rows);

	section(r, "licenses", "Licences");
	share_chart(r, "Licence share of the sample's models",
		    "share of models", rows, cut(r, n));
	share_table(r, "license", rows, n, 1);
	lg__emit_str(r->e, "</section>\n");
}

static void openness(report *r)
{
	const lg_stats_share *rows;
	size_t n;

	section(r, "openness", "Openness and licence families");
	n = lg_stats_openness(r->s, &rows);
	lg__emit_str(r->e, "<div class=\"pair\">\n");
	share_chart(r, "Openness classes", "share of models", rows, n);
	share_table(r, "openness", rows, n, 0);
	lg__emit_str(r->e, "</div>\n");
	lg__emit_str(r->e, "<p class=\"note\">osi: an OSI-approved licence; "
			   "open-content: Creative Commons or ODC without NC "
			   "or ND; restricted: open weights under use "
			   "restrictions (vendor licences, RAIL); nc-nd: "
			   "non-commercial or no-derivatives.</p>\n");
	n = lg_stats_families(r->s, &rows);
	lg__emit_str(r->e, "<div class=\"pair\">\n");
	share_chart(r, "Licence families", "share of models", rows, n);
	share_table(r, "family", rows, n, 0);
	lg__emit_str(r->e, "</div>\n");
	lg__emit_str(r->e, "</section>\n");
}

/* -- over time ----------------------------------------------------------------- */

/* Months from first to last as "YYYY-MM", gaps filled; the count. */
static size_t month_range(const lg_stats_month *m, size_t n, char (*out)[8],
			  size_t cap)
{
	int y, mo, y1, mo1;
	size_t k = 0;

	if (!n || sscanf(m[0].month, "%4d-%2d", &y, &mo) != 2 ||
	    sscanf(m[n - 1].month, "%4d-%2d", &y1, &mo1) != 2)
		return 0;
	while (k < cap && (y < y1 || (y == y1 && mo <= mo1))) {
		snprintf(out[k++], 8, "%04u-%02u", (unsigned)y % 10000u,
			 (unsigned)mo % 100u);
		if (++mo > 12) {
			mo = 1;
			y++;
		}
	}
	return k;
}

static void over_time(report *r)
{
	const lg_stats_month *m;
	size_t n = lg_stats_months(r->s, &m), real = 0, k, i, j, f;
	char (*labels)[8] = NULL;
	const char **x = NULL, *fams[LG_FAM_COUNT], *models = "models";
	double *share = NULL, *count = NULL;
	lg__svg_stack st;

	section(r, "time", "Over time");
	while (real < n && m[real].month[0] != 'p' && m[real].month[0] != 'u')
		real++;
	k = real ? 12 * 200 : 0; /* at most two centuries of months */
	labels = malloc((k + 1) * sizeof(*labels));
	if (!labels)
		r->nomem = 1;
	if (!labels || !(k = month_range(m, real, labels, k)))
		goto done;
	x = malloc(k * sizeof(*x));
	share = calloc(k * LG_FAM_COUNT, sizeof(*share));
	count = calloc(k, sizeof(*count));
	if (!x || !share || !count) {
		r->nomem = 1;
		goto done;
	}
	for (i = 0, j = 0; i < k; i++) {
		x[i] = labels[i];
		if (j < real && strcmp(m[j].month, labels[i]) == 0) {
			count[i] = (double)m[j].models;
			for (f = 0; f < LG_FAM_COUNT; f++)
				share[i * LG_FAM_COUNT + f] =
					100.0 * (double)m[j].by_family[f] /
					(double)m[j].models;
			j++;
		}
	}
	for (f = 0; f < LG_FAM_COUNT; f++)
		fams[f] = lg_family_name((int)f);
	st = (lg__svg_stack){ "Licence use over time: each month's models by "
			      "licence family", "share of the month's models",
			      x, k, fams, LG_FAM_COUNT, share, 1 };
	lg__svg_columns(r->e, &st);
	st = (lg__svg_stack){ "Model releases per month", "models created",
			      x, k, &models, 1, count, 0 };
	lg__svg_columns(r->e, &st);
done:
	for (i = real; i < n; i++)
		lg__emitf(r->e, "<p class=\"note\">Not in the charts: %zu models "
				"%s.</p>\n", m[i].models,
			  m[i].month[0] == 'p'
				  ? "with the Hub's placeholder date"
				  : "without a creation date");
	free(labels);
	free(x);
	free(share);
	free(count);
	lg__emit_str(r->e, "</section>\n");
}

/* -- bases and authors -------------------------------------------------------- */

static void bases(report *r)
{
	static const char *const cols[] = { "base model", "#children",
					    "#descendants", "license" };
	const lg_stats_base *b;
	size_t n = cut(r, lg_stats_bases(r->s, LG_STATS_BY_CHILDREN, &b)), i;
	lg__svg_bar *bars = malloc((n + 1) * sizeof(*bars));
	char lic[512];

	section(r, "bases", "The most derived bases");
	if (bars) {
		for (i = 0; i < n; i++)
			bars[i] = (lg__svg_bar){ b[i].id, b[i].children };
		lg__svg_bars(r->e, "Bases with the most children in the sample",
			     "children (models naming it as their base)", bars,
			     n, 4, 0);
		free(bars);
	} else {
		r->nomem = 1;
	}
	table_head(r, cols, 4);
	for (i = 0; i < n; i++) {
		lg__emit_str(r->e, "<tr>");
		cell_text(r, b[i].id);
		cell_count(r, b[i].children);
		cell_count(r, b[i].descendants);
		cell_text(r, lg_graph_is_external(r->g, b[i].node)
				     ? "external"
				     : lg_model_license_text(
					       lg_audit_license(r->a, b[i].node),
					       lic, sizeof(lic)));
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
	lg__emit_str(r->e, "</section>\n");
}

static void authors(report *r)
{
	static const char *const cols[] = { "author", "#models", "#licences",
					    "most used licence",
					    "#declaring none" };
	const lg_stats_author *au;
	size_t n = cut(r, lg_stats_authors(r->s, &au)), i;

	section(r, "authors", "Authors");
	table_head(r, cols, 5);
	for (i = 0; i < n; i++) {
		lg__emit_str(r->e, "<tr>");
		cell_text(r, au[i].author);
		cell_count(r, au[i].models);
		cell_count(r, au[i].licenses);
		cell_text(r, au[i].top_license);
		cell_count(r, au[i].unknown);
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
	lg__emit_str(r->e, "</section>\n");
}

/* -- the audit ------------------------------------------------------------------ */

static void verdicts(report *r)
{
	static const char *const cols[] = { "verdict", "#edges", "#percent" };
	int v;

	table_head(r, cols, 3);
	for (v = LG_VERDICT_COUNT; v-- > 0;) {
		lg__emit_str(r->e, "<tr>");
		cell_text(r, lg_verdict_name(v));
		cell_count(r, r->sum.verdicts[v]);
		cell_percent(r, r->sum.edges ? 100.0 * (double)r->sum.verdicts[v] /
						       (double)r->sum.edges
					     : 0);
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
}

static void reasons(report *r)
{
	static const char *const cols[] = { "reason", "#edges", "rests on" };
	int i;

	table_head(r, cols, 3);
	for (i = 0; i < lg_audit_reason_count(r->a); i++) {
		int code = lg_audit_reason_at(r->a, i);
		const char *basis = lg_audit_reason_basis(r->a, code);

		if (!r->sum.reasons[code])
			continue;
		lg__emit_str(r->e, "<tr>");
		cell_text(r, lg_audit_reason_name(r->a, code));
		cell_count(r, r->sum.reasons[code]);
		cell_text(r, basis ? basis : "");
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
}

static double share_of(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void audit(report *r)
{
	const char *fams[LG_FAM_COUNT];
	size_t f;

	section(r, "audit", "Licence audit along the edges");
	lg__emitf(r->e, "<p>%zu edges judged. Where both ends declare a licence, "
			"it changes on <b>%.2f%%</b> of edges (%zu of %zu) and "
			"on %.2f%% of fine-tunes (%zu of %zu).</p>\n",
		  r->sum.edges, share_of(r->sum.changed, r->sum.bearing),
		  r->sum.changed, r->sum.bearing,
		  share_of(r->sum.ft_changed, r->sum.ft_bearing),
		  r->sum.ft_changed, r->sum.ft_bearing);
	verdicts(r);
	lg__emit_str(r->e, "<h3>Reasons</h3>\n");
	reasons(r);
	for (f = 0; f < LG_FAM_COUNT; f++)
		fams[f] = lg_family_name((int)f);
	lg__emit_str(r->e, "<h3>Licence drift</h3>\n<p class=\"note\">Each "
			   "edge counted by the family of the licence it was "
			   "judged against (the parent's, or its nearest "
			   "ancestor's that declares one) and the child's "
			   "family. Off the diagonal, the licence family "
			   "changed.</p>\n");
	lg__svg_heatmap(r->e, "Drift matrix: edges by licence family",
			"judged against", "child", fams, LG_FAM_COUNT,
			&r->sum.drift[0][0]);
	lg__emit_str(r->e, "</section>\n");
}

/* -- conflicts by reach ------------------------------------------------------------ */

typedef struct {
	uint64_t reach;
	uint32_t edge;
} reach_key;

static int by_reach(const void *pa, const void *pb)
{
	const reach_key *a = pa, *b = pb;

	if (a->reach != b->reach)
		return a->reach > b->reach ? -1 : 1;
	return a->edge < b->edge ? -1 : a->edge > b->edge;
}

/* The downloads a child's licence reaches: its own and its descendants'. */
static uint64_t reach_of(const lg_graph *g, lg_node child)
{
	int64_t own = lg_graph_record(g, child)->downloads;

	return (own > 0 ? (uint64_t)own : 0) +
	       lg_graph_lineage(g, child)->descendant_downloads;
}

/* A model's id over its licence, in one cell. */
static void cell_model(report *r, lg_node v)
{
	char lic[512];

	lg__emit_str(r->e, "<td>");
	text(r, lg_graph_record(r->g, v)->id);
	lg__emit_str(r->e, "<br><span class=\"note\">");
	text(r, lg_graph_is_external(r->g, v)
			? "external"
			: lg_model_license_text(lg_audit_license(r->a, v), lic,
						sizeof(lic)));
	lg__emit_str(r->e, "</span></td>");
}

/* Reason codes with a break after each comma, so a long list wraps. */
static void cell_reasons(report *r, uint64_t reasons)
{
	char buf[1024];
	const char *p = lg_audit_reasons_text(r->a, reasons, buf, sizeof(buf));
	char *comma;

	lg__emit_str(r->e, "<td>");
	while ((comma = strchr(p, ','))) {
		*comma = '\0';
		text(r, p);
		lg__emit_str(r->e, ", ");
		p = comma + 1;
	}
	text(r, p);
	lg__emit_str(r->e, "</td>");
}

static void conflict_rows(report *r, const reach_key *k, size_t n)
{
	static const char *const cols[] = { "child", "parent", "reasons",
					    "#downloads reached" };
	size_t i;

	table_head(r, cols, 4);
	for (i = 0; i < n; i++) {
		const lg_edge *e = lg_graph_edge(r->g, k[i].edge);

		lg__emit_str(r->e, "<tr>");
		cell_model(r, e->child);
		cell_model(r, e->parent);
		cell_reasons(r, lg_audit_edge(r->a, k[i].edge)->reasons);
		cell_count(r, k[i].reach);
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
}

static int conflicts(report *r)
{
	size_t m = lg_graph_edge_count(r->g), e, n = 0;
	reach_key *k = malloc((r->sum.verdicts[LG_VERDICT_CONFLICT] + 1) *
			      sizeof(*k));

	if (!k)
		return LG_ENOMEM;
	for (e = 0; e < m; e++)
		if (lg_audit_edge(r->a, e)->verdict == LG_VERDICT_CONFLICT)
			k[n++] = (reach_key){
				reach_of(r->g, lg_graph_edge(r->g, e)->child),
				(uint32_t)e };
	qsort(k, n, sizeof(*k), by_reach);
	section(r, "conflicts", "Conflicts that reach the most downloads");
	lg__emitf(r->e, "<p>%zu edges conflict with their base's licence. "
			"These reach the most downloads: the child's own and "
			"those of every model derived from it.</p>\n", n);
	conflict_rows(r, k, cut(r, n));
	lg__emit_str(r->e, "</section>\n");
	free(k);
	return 0;
}

/* -- communities ------------------------------------------------------------------ */

static int communities(report *r, lg_error *err)
{
	static const char *const cols[] = { "#community", "#models", "top base",
					    "dominant licence", "#declaring it",
					    "most common family" };
	lg_community_summary *rows;
	size_t n, i;

	if (!r->c)
		return 0;
	if (lg_communities_summarize(&rows, r->c, r->g, r->a, err) < 0)
		return LG_ENOMEM;
	n = lg_communities_count(r->c);
	section(r, "communities", "Communities");
	lg__emitf(r->e, "<p>%zu communities (Leiden, modularity %.4f) among "
			"the models with at least one edge. The largest, with "
			"the member most derived from (its top base) and the "
			"licence most of its members declare:</p>\n", n,
		  lg_communities_modularity(r->c));
	table_head(r, cols, 6);
	for (i = 0; i < cut(r, n); i++) {
		lg__emit_str(r->e, "<tr>");
		cell_count(r, (uint64_t)rows[i].community);
		cell_count(r, rows[i].size);
		cell_text(r, lg_graph_record(r->g, rows[i].top)->id);
		cell_text(r, rows[i].dominant ? rows[i].dominant->id : "unknown");
		cell_count(r, rows[i].dominant_models);
		cell_text(r, lg_family_name(rows[i].family));
		lg__emit_str(r->e, "</tr>\n");
	}
	table_end(r);
	lg__emit_str(r->e, "</section>\n");
	free(rows);
	return 0;
}

/* -- the page ------------------------------------------------------------------------ */

static void head(report *r, const char *title)
{
	lg__emit_str(r->e, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			   "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
			   "content=\"width=device-width,initial-scale=1\">\n"
			   "<title>");
	text(r, title);
	lg__emit_str(r->e, "</title>\n");
	lg__emit_str(r->e, style);
	lg__emit_str(r->e, "</head><body>\n");
	lg__svg_defs(r->e);
	lg__emit_str(r->e, "<h1>");
	text(r, title);
	lg__emit_str(r->e, "</h1>\n<p class=\"lead\">");
	text(r, r->o->sample ? r->o->sample : "All models with a record");
	if (r->o->inputs) {
		lg__emit_str(r->e, " &middot; ");
		text(r, r->o->inputs);
	}
	lg__emit_str(r->e, "</p>\n<nav><a href=\"#licenses\">Licences</a><br>"
			   "<a href=\"#openness\">Openness and families</a><br>"
			   "<a href=\"#time\">Over time</a><br>"
			   "<a href=\"#bases\">The most derived bases</a><br>"
			   "<a href=\"#authors\">Authors</a><br>"
			   "<a href=\"#audit\">Licence audit</a><br>"
			   "<a href=\"#conflicts\">Conflicts by reach</a><br>");
	if (r->c)
		lg__emit_str(r->e, "<a href=\"#communities\">Communities</a>");
	lg__emit_str(r->e, "</nav>\n");
}

int lg_report_write(FILE *out, const lg_graph *g, const lg_audit *a,
		    const lg_stats *s, const lg_communities *c,
		    const lg_report_options *opts, lg_error *err)
{
	static const lg_report_options defaults = LG_REPORT_OPTIONS_INIT;
	const lg_report_options *o = opts ? opts : &defaults;
	lg__emitter *e = malloc(sizeof(*e));
	report r = { e, g, a, s, c, o, o->rows ? o->rows : 15, { 0 }, 0 };
	int rc;

	if (!e)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	lg__emit_begin(e, out);
	lg_audit_summarize(&r.sum, a);
	head(&r, o->title ? o->title : "The open-model ecosystem");
	overview(&r);
	licenses(&r);
	openness(&r);
	over_time(&r);
	bases(&r);
	authors(&r);
	audit(&r);
	rc = r.nomem ? LG_ENOMEM : conflicts(&r);
	if (rc == 0)
		rc = communities(&r, err);
	lg__emit_str(e, "<p class=\"note\">Made by lineage " LG_VERSION
			" from the models' own metadata (base_model tags, "
			"licence tags). Licence verdicts follow its licence "
			"table; they are a first reading, not legal advice."
			"</p>\n</body></html>\n");
	lg__emit_flush(e);
	free(e);
	if (rc < 0)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	if (ferror(out))
		return lg_error_set(err, LG_EIO, NULL, 0, "cannot write");
	return 0;
}
