/*
 * test_stats.c - the analyses the report and the commands share, on a
 * graph small enough to count by hand: the study's tables (lg_stats.h)
 * whole and narrowed by --search and --author, the placeholder date, the
 * fold of a vendor's versions; the audit summary; and the community
 * summary (lg_community.h).
 *
 *   acme/base   apache-2.0   2023-01-05            (root)
 *   acme/tune   mit          2023-01-20            <- acme/base
 *   zeta/chat   (none)       placeholder date      <- acme/base
 *   zeta/deep   llama2       2023-02-11            <- acme/tune
 *   zeta/lama   llama3       (no date)             <- meta/ext (external)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_stats.XXXXXX";
static char path[256];

static const char listing[] =
	"{\"id\":\"acme/base\",\"createdAt\":\"2023-01-05T10:00:00.000Z\","
	"\"tags\":[\"license:apache-2.0\"]}\n"
	"{\"id\":\"acme/tune\",\"createdAt\":\"2023-01-20T10:00:00.000Z\","
	"\"tags\":[\"license:mit\",\"base_model:finetune:acme/base\"]}\n"
	"{\"id\":\"zeta/chat\",\"createdAt\":\"2022-03-02T23:29:04.000Z\","
	"\"tags\":[\"base_model:finetune:acme/base\"]}\n"
	"{\"id\":\"zeta/deep\",\"createdAt\":\"2023-02-11T10:00:00.000Z\","
	"\"tags\":[\"license:llama2\",\"base_model:finetune:acme/tune\"]}\n"
	"{\"id\":\"zeta/lama\",\"tags\":[\"license:llama3\","
	"\"base_model:finetune:meta/ext\"]}\n";

static lg_license_table *table;

static lg_graph *load(lg_audit **a)
{
	const char *p = path;
	lg_graph *g = lg_graph_new();
	lg_error err;
	FILE *f = fopen(path, "w");

	if (!f || !g)
		return NULL;
	fputs(listing, f);
	fclose(f);
	if (lg_license_table_new(&table, &err) < 0 ||
	    lg_ingest(g, &p, 1, NULL, &err) < 0 || lg_graph_build(g, &err) < 0 ||
	    lg_audit_run(a, g, table, &err) < 0) {
		lg_graph_free(g);
		return NULL;
	}
	return g;
}

static const lg_stats_share *share(const lg_stats_share *rows, size_t n,
				   const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	return NULL;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void test_whole(const lg_graph *g, const lg_audit *a)
{
	lg_stats *s;
	const lg_stats_share *rows, *r;
	const lg_stats_base *b;
	const lg_stats_author *au;
	const lg_stats_month *m;
	lg_error err;
	size_t n;

	test_cond("stats: computes", lg_stats_compute(&s, g, a, NULL, &err) == 0);
	test_cond("stats: the sample is the models with a record",
		  lg_stats_models(s) == 5 && lg_stats_placeholder(s) == 1);
	n = lg_stats_licenses(s, &rows);
	test_cond("stats: a licence row per licence, none as unknown",
		  n == 5 && (r = share(rows, n, "unknown")) && r->models == 1 &&
			  near(r->percent, 20));
	test_cond("stats: ties by name, cumulative percent adds up",
		  strcmp(rows[0].name, "apache-2.0") == 0 &&
			  near(rows[4].cumulative, 100));
	n = lg_stats_families(s, &rows);
	test_cond("stats: families",
		  (r = share(rows, n, "permissive")) && r->models == 2 &&
			  (r = share(rows, n, "vendor")) && r->models == 2 &&
			  rows[0].models == 2);
	n = lg_stats_openness(s, &rows);
	test_cond("stats: openness classes",
		  (r = share(rows, n, "osi")) && r->models == 2 &&
			  (r = share(rows, n, "restricted")) && r->models == 2 &&
			  (r = share(rows, n, "unknown")) && r->models == 1);
	n = lg_stats_bases(s, LG_STATS_BY_CHILDREN, &b);
	test_cond("stats: bases, an external one too, most children first",
		  n == 3 && strcmp(b[0].id, "acme/base") == 0 &&
			  b[0].children == 2 && b[0].descendants == 3 &&
			  strcmp(b[1].id, "acme/tune") == 0 &&
			  strcmp(b[2].id, "meta/ext") == 0);
	n = lg_stats_authors(s, &au);
	test_cond("stats: authors by models, licences and unknown counted",
		  n == 2 && strcmp(au[0].author, "zeta") == 0 &&
			  au[0].models == 3 && au[0].licenses == 2 &&
			  au[0].unknown == 1 && au[1].models == 2 &&
			  strcmp(au[1].top_license, "apache-2.0") == 0);
	n = lg_stats_months(s, &m);
	test_cond("stats: months in order, placeholder and unknown last",
		  n == 4 && strcmp(m[0].month, "2023-01") == 0 &&
			  m[0].models == 2 &&
			  m[0].by_family[LG_FAM_PERMISSIVE] == 2 &&
			  strcmp(m[1].month, "2023-02") == 0 &&
			  m[1].by_family[LG_FAM_VENDOR] == 1 &&
			  strcmp(m[2].month, "placeholder") == 0 &&
			  strcmp(m[3].month, "unknown") == 0);
	lg_stats_free(s);
}

static void test_narrowed(const lg_graph *g, const lg_audit *a)
{
	lg_stats_options o = LG_STATS_OPTIONS_INIT;
	const char *authors[] = { "ZETA" };
	const lg_stats_share *rows, *r;
	const lg_stats_base *b;
	lg_stats *s;
	lg_error err;
	size_t n;

	o.authors = authors;
	o.n_authors = 1;
	lg_stats_compute(&s, g, a, &o, &err);
	n = lg_stats_bases(s, LG_STATS_BY_DESCENDANTS, &b);
	/* acme/base: child zeta/chat, and zeta/deep two levels down */
	test_cond("stats: --author, any case; bases count the sample only",
		  lg_stats_models(s) == 3 && n == 3 &&
			  strcmp(b[0].id, "acme/base") == 0 &&
			  b[0].children == 1 && b[0].descendants == 2 &&
			  b[1].children == 1 && b[1].descendants == 1);
	lg_stats_free(s);
	o.n_authors = 0;
	o.search = "LAMA";
	o.fold = 1;
	lg_stats_compute(&s, g, a, &o, &err);
	n = lg_stats_licenses(s, &rows);
	test_cond("stats: --search, any case; --fold names the vendor",
		  lg_stats_models(s) == 1 && n == 1 &&
			  (r = share(rows, n, "llama-family")) && r->models == 1 &&
			  !share(rows, n, "llama3"));
	lg_stats_free(s);
	o.search = "e";
	lg_stats_compute(&s, g, a, &o, &err);
	n = lg_stats_licenses(s, &rows);
	test_cond("stats: --fold merges two versions into one row",
		  (r = share(rows, n, "llama-family")) && r->models == 2 &&
			  near(r->percent, 40));
	lg_stats_free(s);
	test_cond("stats: the placeholder date is known by its minute",
		  lg_stats_is_placeholder("2022-03-02T23:29:59.000Z") &&
			  !lg_stats_is_placeholder("2022-03-02T23:30:00.000Z") &&
			  !lg_stats_is_placeholder(NULL));
}

static void test_audit_summary(const lg_graph *g, const lg_audit *a)
{
	lg_audit_summary sum;

	size_t v, total = 0;

	(void)g;
	lg_audit_summarize(&sum, a);
	for (v = 0; v < LG_VERDICT_COUNT; v++)
		total += sum.verdicts[v];
	test_cond("audit summary: every edge judged once",
		  sum.edges == 4 && total == 4);
	/* base->tune and tune->deep both declare and change; base->chat
	 * and ext->lama have an end declaring nothing */
	test_cond("audit summary: licence changes where both ends declare",
		  sum.bearing == 2 && sum.changed == 2 && sum.ft_bearing == 2);
	/* tune (mit) judged against base (apache): permissive -> permissive;
	 * chat (none) against base: unknown child */
	test_cond("audit summary: the drift matrix",
		  sum.drift[LG_FAM_PERMISSIVE][LG_FAM_PERMISSIVE] == 1 &&
			  sum.drift[LG_FAM_PERMISSIVE][LG_FAM_VENDOR] == 1 &&
			  sum.drift[LG_FAM_PERMISSIVE][LG_FAM_UNKNOWN] == 1 &&
			  sum.drift[LG_FAM_UNKNOWN][LG_FAM_VENDOR] == 1);
}

static void test_communities(const lg_graph *g, const lg_audit *a)
{
	lg_communities *c;
	lg_community_summary *rows;
	lg_node *members, *tops;
	size_t n;
	lg_error err;

	if (lg_communities_find(&c, g, NULL, &err) < 0)
		return;
	test_cond("community summary: computes",
		  lg_communities_summarize(&rows, c, g, a, &err) == 0 &&
			  lg_communities_count(c) == 3);
	/* Leiden splits the acme family: {base, chat}, {tune, deep} */
	test_cond("community summary: top base, dominant licence, family",
		  rows[0].size == 2 &&
			  strcmp(lg_graph_record(g, rows[0].top)->id,
				 "acme/base") == 0 &&
			  strcmp(rows[0].dominant->id, "apache-2.0") == 0 &&
			  rows[0].dominant_models == 1 &&
			  rows[0].family == LG_FAM_PERMISSIVE);
	test_cond("community summary: ties go to the smaller licence id and "
		  "the first family",
		  strcmp(rows[1].dominant->id, "llama2") == 0 &&
			  rows[1].family == LG_FAM_PERMISSIVE);
	test_cond("community summary: an external top base",
		  rows[2].size == 2 &&
			  strcmp(lg_graph_record(g, rows[2].top)->id,
				 "meta/ext") == 0 &&
			  strcmp(rows[2].dominant->id, "llama3") == 0 &&
			  rows[2].family == LG_FAM_VENDOR);
	free(rows);
	test_cond("community members: by community then id",
		  lg_communities_members(&members, &n, c, g, &err) == 0 &&
			  n == 6 &&
			  strcmp(lg_graph_record(g, members[0])->id,
				 "acme/base") == 0 &&
			  strcmp(lg_graph_record(g, members[5])->id,
				 "zeta/lama") == 0);
	free(members);
	test_cond("family tops: the member with the most descendants",
		  lg_family_tops(&tops, g, &err) == 0 &&
			  tops[lg_graph_lineage(g, lg_graph_find(g, "zeta/deep"))
				       ->family] == lg_graph_find(g, "acme/base"));
	free(tops);
	lg_communities_free(c);
}

int main(void)
{
	lg_audit *a = NULL;
	lg_graph *g;

	if (lg_global_init() < 0 || !mkdtemp(tmpdir))
		return 1;
	snprintf(path, sizeof(path), "%s/models.jsonl", tmpdir);
	g = load(&a);
	test_cond("stats: fixture loads", g != NULL);
	if (g) {
		test_whole(g, a);
		test_narrowed(g, a);
		test_audit_summary(g, a);
		test_communities(g, a);
	}
	lg_audit_free(a);
	lg_graph_free(g);
	lg_license_table_free(table);
	unlink(path);
	rmdir(tmpdir);
	lg_global_cleanup();
	return test_exit();
}
