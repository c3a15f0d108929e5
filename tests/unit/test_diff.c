/*
 * test_diff.c - lg_diff.h on small snapshot pairs, one kind of change at
 * a time: nothing changed; models added and removed (matched ignoring
 * case); an edge re-pointed or re-labelled (one removed, one added);
 * declared and concluded licence changes (a parent's new licence reaching
 * a child that declares none); findings new and resolved, and the new
 * conflicts the CI gate counts; growth; download changes; the row order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_diff.XXXXXX";

typedef struct {
	lg_graph *g[2];
	lg_audit *a[2];
	lg_diff *d;
	lg_license_table *t;
} pair;

static lg_graph *load(const char *name, const char *jsonl)
{
	char path[256];
	const char *p = path;
	lg_graph *g;
	lg_error err;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.jsonl", tmpdir, name);
	if (!(f = fopen(path, "w")))
		return NULL;
	fputs(jsonl, f);
	fclose(f);
	g = lg_graph_new();
	if (g && (lg_ingest(g, &p, 1, NULL, &err) < 0 ||
		  lg_graph_build(g, &err) < 0)) {
		lg_graph_free(g);
		g = NULL;
	}
	unlink(path);
	return g;
}

static void pair_free(pair *p)
{
	int i;

	lg_diff_free(p->d);
	for (i = 0; i < 2; i++) {
		lg_audit_free(p->a[i]);
		lg_graph_free(p->g[i]);
	}
	lg_license_table_free(p->t);
}

/* The diff of OLD and NEW, each JSON lines; 0 when all went well. */
static int diff_of(pair *p, const char *old, const char *new)
{
	lg_error err;
	int i;

	memset(p, 0, sizeof(*p));
	if (lg_license_table_new(&p->t, &err) < 0)
		return -1;
	p->g[0] = load("old", old);
	p->g[1] = load("new", new);
	for (i = 0; i < 2; i++)
		if (!p->g[i] || lg_audit_run(&p->a[i], p->g[i], p->t, &err) < 0)
			return -1;
	return lg_diff_compute(&p->d, p->g[0], p->a[0], p->g[1], p->a[1], &err);
}

#define REC(id, extra) "{\"id\":\"" id "\"" extra "}\n"
#define TAGS(...) ",\"tags\":[" __VA_ARGS__ "]"

static const char base3[] =
	REC("o/base", TAGS("\"license:apache-2.0\"") ",\"downloads\":100")
	REC("o/kid", TAGS("\"base_model:o/base\"") ",\"downloads\":5")
	REC("o/other", TAGS("\"license:mit\""));

static void test_same(void)
{
	pair p;
	const lg_diff_summary *s;

	test_cond("same: computes", diff_of(&p, base3, base3) == 0);
	s = lg_diff_get_summary(p.d);
	test_cond("same: no change of any kind",
		  s->models_added + s->models_removed + s->edges_added +
		  s->edges_removed + s->declared_changed +
		  s->concluded_changed + s->findings_new +
		  s->findings_resolved + s->conflicts_new + s->bases_grown +
		  s->downloads_changed == 0);
	pair_free(&p);
}

static void test_models(void)
{
	static const char new[] =
		REC("O/BASE", TAGS("\"license:apache-2.0\"") ",\"downloads\":100")
		REC("o/kid", TAGS("\"base_model:o/base\"") ",\"downloads\":5")
		REC("o/added", "");
	pair p;
	const lg_diff_model *rows;
	size_t n;

	test_cond("models: computes", diff_of(&p, base3, new) == 0);
	n = lg_diff_models(p.d, &rows);
	test_cond("models: one added, one removed (case ignored)", n == 2 &&
		  lg_diff_get_summary(p.d)->models_added == 1 &&
		  lg_diff_get_summary(p.d)->models_removed == 1);
	test_cond("models: sorted by id, each on its side",
		  n == 2 && rows[0].change == LG_CHANGE_ADDED &&
		  rows[0].side == LG_DIFF_NEW &&
		  strcmp(lg_graph_record(p.g[1], rows[0].node)->id,
			 "o/added") == 0 &&
		  rows[1].change == LG_CHANGE_REMOVED &&
		  strcmp(lg_graph_record(p.g[0], rows[1].node)->id,
			 "o/other") == 0);
	test_cond("models: no edge change for a renamed case",
		  lg_diff_get_summary(p.d)->edges_added == 0);
	pair_free(&p);
}

static void test_edges(void)
{
	static const char new[] =
		REC("o/base", TAGS("\"license:apache-2.0\"") ",\"downloads\":100")
		REC("o/kid", TAGS("\"base_model:o/other\"") ",\"downloads\":5")
		REC("o/other", TAGS("\"license:mit\""));
	static const char relabelled[] =
		REC("o/base", TAGS("\"license:apache-2.0\"") ",\"downloads\":100")
		REC("o/kid", TAGS("\"base_model:quantized:o/base\"")
			     ",\"downloads\":5")
		REC("o/other", TAGS("\"license:mit\""));
	pair p;
	const lg_diff_edge *rows;
	size_t n;

	test_cond("edges: re-pointed computes", diff_of(&p, base3, new) == 0);
	n = lg_diff_edges(p.d, &rows);
	test_cond("edges: a re-pointed parent is one removed, one added",
		  n == 2 && rows[0].change == LG_CHANGE_REMOVED &&
		  rows[1].change == LG_CHANGE_ADDED &&
		  lg_graph_edge(p.g[0], rows[0].edge)->parent ==
			  lg_graph_find(p.g[0], "o/base") &&
		  lg_graph_edge(p.g[1], rows[1].edge)->parent ==
			  lg_graph_find(p.g[1], "o/other"));
	test_cond("edges: the base lost its only descendant, nobody grew "
		  "but o/other", lg_diff_get_summary(p.d)->bases_grown == 1);
	pair_free(&p);

	test_cond("edges: re-labelled computes",
		  diff_of(&p, base3, relabelled) == 0);
	n = lg_diff_edges(p.d, &rows);
	test_cond("edges: a new relation is one removed, one added",
		  n == 2 && lg_graph_edge(p.g[1], rows[1].edge)->relation ==
				    LG_REL_QUANTIZED);
	pair_free(&p);
}

static void test_licenses(void)
{
	static const char new[] =
		REC("o/base", TAGS("\"license:cc-by-nc-4.0\"") ",\"downloads\":100")
		REC("o/kid", TAGS("\"base_model:o/base\"") ",\"downloads\":5")
		REC("o/other", TAGS("\"license:mit\""));
	pair p;
	const lg_diff_license *rows;
	size_t n;

	test_cond("licenses: computes", diff_of(&p, base3, new) == 0);
	n = lg_diff_licenses(p.d, &rows);
	test_cond("licenses: the base's declared and concluded, the kid's "
		  "concluded", n == 3 &&
		  lg_diff_get_summary(p.d)->declared_changed == 1 &&
		  lg_diff_get_summary(p.d)->concluded_changed == 2);
	test_cond("licenses: sorted by id, declared before concluded",
		  n == 3 && rows[0].kind == LG_DIFF_DECLARED &&
		  rows[0].new_node == lg_graph_find(p.g[1], "o/base") &&
		  rows[1].kind == LG_DIFF_CONCLUDED &&
		  rows[2].new_node == lg_graph_find(p.g[1], "o/kid"));
	pair_free(&p);
}

static void test_findings(void)
{
	static const char old[] =
		REC("o/base", TAGS("\"license:cc-by-nc-4.0\""))
		REC("o/kid", TAGS("\"base_model:o/base\",\"license:cc-by-nc-4.0\""));
	static const char new[] =
		REC("o/base", TAGS("\"license:cc-by-nc-4.0\""))
		REC("o/kid", TAGS("\"base_model:o/base\",\"license:mit\""));
	pair p;
	const lg_diff_finding *rows;
	size_t n;

	test_cond("findings: computes", diff_of(&p, old, new) == 0);
	n = lg_diff_findings(p.d, &rows);
	test_cond("findings: a non-commercial base relicensed MIT below it "
		  "is a new conflict", n == 1 && rows[0].is_new &&
		  rows[0].side == LG_DIFF_NEW &&
		  lg_audit_edge(p.a[1], rows[0].edge)->verdict ==
			  LG_VERDICT_CONFLICT &&
		  lg_diff_get_summary(p.d)->conflicts_new == 1);
	pair_free(&p);

	test_cond("findings: reversed computes", diff_of(&p, new, old) == 0);
	n = lg_diff_findings(p.d, &rows);
	test_cond("findings: reversed, it is resolved and no conflict is new",
		  n == 1 && !rows[0].is_new && rows[0].side == LG_DIFF_OLD &&
		  lg_diff_get_summary(p.d)->findings_resolved == 1 &&
		  lg_diff_get_summary(p.d)->conflicts_new == 0);
	pair_free(&p);
}

static void test_growth_downloads(void)
{
	static const char new[] =
		REC("o/base", TAGS("\"license:apache-2.0\"") ",\"downloads\":250")
		REC("o/kid", TAGS("\"base_model:o/base\""))
		REC("o/k2", TAGS("\"base_model:o/kid\""))
		REC("o/k3", TAGS("\"base_model:o/kid\""))
		REC("o/other", TAGS("\"license:mit\"") ",\"downloads\":1")
		REC("o/o2", TAGS("\"base_model:o/other\""));
	pair p;
	const lg_diff_base_growth *g;
	const lg_diff_download_change *dl;
	size_t n, m;

	test_cond("growth: computes", diff_of(&p, base3, new) == 0);
	n = lg_diff_growth(p.d, &g);
	test_cond("growth: three bases grew, the most first",
		  n == 3 && g[0].new_node == lg_graph_find(p.g[1], "o/base") &&
		  g[0].old_descendants == 1 && g[0].new_descendants == 3 &&
		  g[1].new_descendants - g[1].old_descendants == 2 &&
		  g[2].new_node == lg_graph_find(p.g[1], "o/other"));
	m = lg_diff_downloads(p.d, &dl);
	test_cond("downloads: a changed count is listed; an absent one is not",
		  m == 1 && dl[0].old_downloads == 100 &&
		  dl[0].new_downloads == 250);
	pair_free(&p);
}

int main(void)
{
	if (lg_global_init() < 0 || !mkdtemp(tmpdir))
		return 1;
	test_same();
	test_models();
	test_edges();
	test_licenses();
	test_findings();
	test_growth_downloads();
	rmdir(tmpdir);
	lg_global_cleanup();
	return test_exit();
}
