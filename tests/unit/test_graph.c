/*
 * test_graph.c - the built lineage graph (SPEC §2 rules 2-7), from small
 * JSON-lines files ingested with lg_ingest: exact descendants of a diamond
 * (a merge counted once), a chain given child-first, a cycle (no hang,
 * counted, finite descendants), a self-loop dropped and counted, external
 * parents spelled as first referenced, case-insensitive parent matching,
 * a duplicate whose later record (and parents) win, per-relation child
 * counts, descendant downloads, families and the closing stats; two
 * separate cycles; and that ingest with 1 and 4 threads builds the same
 * graph from a generated 3,000-record file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_graph.XXXXXX";

typedef struct {
	size_t count, skipped;
	uint64_t digest; /* of every message's file, line, index and text */
} diags;

static uint64_t mix(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h * 31 + 7;
}

static void on_diag(const lg_diag *d, void *payload)
{
	diags *ds = payload;
	char where[64];

	ds->count++;
	ds->skipped += d->skipped != 0;
	snprintf(where, sizeof(where), ":%ld:%ld:", d->line, d->index);
	ds->digest = mix(mix(mix(mix(ds->digest, d->file), where), d->model),
			 d->text);
}

/* Writes text to tmpdir/name; returns the path (static buffer per call). */
static const char *write_file(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	if (!f)
		return p;
	fputs(text, f);
	fclose(f);
	return p;
}

/* Ingests one file with n threads and builds; NULL on any failure. */
static lg_graph *load(const char *path, int threads, diags *ds)
{
	lg_ingest_options opts = LG_INGEST_OPTIONS_INIT;
	lg_graph *g = lg_graph_new();
	lg_error err;

	memset(ds, 0, sizeof(*ds));
	opts.threads = threads;
	if (!g)
		return NULL;
	lg_graph_set_diag(g, on_diag, ds);
	if (lg_ingest(g, &path, 1, &opts, &err) < 0 ||
	    lg_graph_build(g, &err) < 0) {
		fprintf(stderr, "load %s: %s\n", path, err.text);
		lg_graph_free(g);
		return NULL;
	}
	return g;
}

static const lg_lineage *lin(const lg_graph *g, const char *id)
{
	static const lg_lineage none;
	lg_node n = lg_graph_find(g, id);

	return n == LG_NONE ? &none : lg_graph_lineage(g, n);
}

static const char *spelling(const lg_graph *g, const char *id)
{
	lg_node n = lg_graph_find(g, id);

	return n == LG_NONE ? "(none)" : lg_graph_record(g, n)->id;
}

/* 1 when child has exactly one parent edge and it comes from parent. */
static int only_parent(const lg_graph *g, const char *child, const char *parent)
{
	lg_node c = lg_graph_find(g, child), p = lg_graph_find(g, parent);
	const uint32_t *e;
	size_t n;

	if (c == LG_NONE || p == LG_NONE)
		return 0;
	e = lg_graph_parent_edges(g, c, &n);
	return n == 1 && lg_graph_edge(g, e[0])->parent == p &&
	       lg_graph_edge(g, e[0])->child == c;
}

static const char fixture[] =
	/* diamond: A -> B, A -> C, B + C -> D */
	"{\"id\":\"base/A\",\"downloads\":100}\n"
	"{\"id\":\"x/B\",\"downloads\":10,\"tags\":[\"base_model:base/A\"]}\n"
	"{\"id\":\"x/C\",\"downloads\":20,\"tags\":[\"base_model:adapter:base/A\"]}\n"
	"{\"id\":\"x/D\",\"downloads\":5,\"tags\":[\"base_model:x/B\",\"base_model:x/C\"]}\n"
	/* chain E -> F -> G -> H, children first */
	"{\"id\":\"c/H\",\"tags\":[\"base_model:c/G\"]}\n"
	"{\"id\":\"c/G\",\"tags\":[\"base_model:c/F\"]}\n"
	"{\"id\":\"c/F\",\"tags\":[\"base_model:c/E\"]}\n"
	"{\"id\":\"c/E\"}\n"
	/* cycle X <-> Y, and Z a child of X */
	"{\"id\":\"y/X\",\"tags\":[\"base_model:y/Y\"]}\n"
	"{\"id\":\"y/Y\",\"tags\":[\"base_model:y/X\"]}\n"
	"{\"id\":\"y/Z\",\"downloads\":7,\"tags\":[\"base_model:y/X\"]}\n"
	/* self-loop, spelled in another case */
	"{\"id\":\"s/S\",\"tags\":[\"base_model:S/s\"]}\n"
	/* one external parent, three spellings */
	"{\"id\":\"k/K1\",\"tags\":[\"base_model:Ext/Base-Model\"]}\n"
	"{\"id\":\"k/K2\",\"cardData\":{\"base_model\":\"ext/base-model\"}}\n"
	"{\"id\":\"k/K3\",\"tags\":[\"base_model:https://huggingface.co/EXT/BASE-MODEL/\"]}\n"
	/* a parent with a record, referenced in another case */
	"{\"id\":\"r/child\",\"tags\":[\"base_model:R/REAL\"]}\n"
	"{\"id\":\"r/Real\"}\n"
	/* a bad record */
	"{\"id\":42}\n"
	/* a duplicate: the later record and its parents win */
	"{\"id\":\"d/Dup\",\"downloads\":1,\"tags\":[\"base_model:gone/Old\"]}\n"
	"{\"id\":\"D/DUP\",\"downloads\":2,\"tags\":[\"base_model:c/E\"]}\n";

static void test_fixture(void)
{
	const char *path = write_file("fixture.jsonl", fixture);
	const lg_graph_stats *st;
	lg_node ext;
	diags ds;
	lg_graph *g = load(path, 2, &ds);

	test_cond("fixture: loads and builds", g != NULL);
	if (!g)
		return;

	/* diamond */
	test_cond("diamond: A has 3 descendants (D once)", lin(g, "base/A")->descendants == 3);
	test_cond("diamond: A has 2 children", lin(g, "base/A")->children == 2);
	test_cond("diamond: B and C have 1 descendant",
		  lin(g, "x/B")->descendants == 1 && lin(g, "x/C")->descendants == 1);
	test_cond("diamond: D has 2 parents, 0 descendants",
		  lin(g, "x/D")->parents == 2 && lin(g, "x/D")->descendants == 0);
	test_cond("diamond: A by_relation finetune 1, adapter 1",
		  lin(g, "base/A")->by_relation[LG_REL_FINETUNE] == 1 &&
		  lin(g, "base/A")->by_relation[LG_REL_ADAPTER] == 1 &&
		  lin(g, "base/A")->by_relation[LG_REL_MERGE] == 0 &&
		  lin(g, "base/A")->by_relation[LG_REL_QUANTIZED] == 0);
	test_cond("diamond: B's child is a merge",
		  lin(g, "x/B")->by_relation[LG_REL_MERGE] == 1 &&
		  lin(g, "x/B")->by_relation[LG_REL_FINETUNE] == 0);
	test_cond("diamond: A's descendant_downloads 10+20+5 (D once)",
		  lin(g, "base/A")->descendant_downloads == 35);
	test_cond("diamond: B's descendant_downloads 5",
		  lin(g, "x/B")->descendant_downloads == 5);
	test_cond("diamond: family of 4",
		  lg_graph_family_size(g, lg_graph_find(g, "x/D")) == 4 &&
		  lin(g, "x/D")->family == lin(g, "base/A")->family);

	/* chain */
	test_cond("chain: E 4 (F, G, H and D/DUP), F 2, G 1, H 0 descendants",
		  lin(g, "c/E")->descendants == 4 &&
		  lin(g, "c/F")->descendants == 2 && lin(g, "c/G")->descendants == 1 &&
		  lin(g, "c/H")->descendants == 0);
	test_cond("chain: H's only parent is G", only_parent(g, "c/H", "c/G"));
	test_cond("chain: E is no cycle", lin(g, "c/E")->cycle == 0);

	/* cycle */
	test_cond("cycle: one cycle counted", lg_graph_get_stats(g)->cycles == 1);
	test_cond("cycle: X and Y marked with the same cycle",
		  lin(g, "y/X")->cycle != 0 && lin(g, "y/X")->cycle == lin(g, "y/Y")->cycle);
	test_cond("cycle: Z not in the cycle", lin(g, "y/Z")->cycle == 0);
	test_cond("cycle: X has 2 descendants (Y, Z), itself excluded",
		  lin(g, "y/X")->descendants == 2);
	test_cond("cycle: Y has 2 descendants (X, Z)", lin(g, "y/Y")->descendants == 2);
	test_cond("cycle: Y's descendant_downloads is Z's only",
		  lin(g, "y/Y")->descendant_downloads == 7);

	/* self-loop */
	test_cond("self-loop: counted", lg_graph_get_stats(g)->self_loops == 1);
	test_cond("self-loop: no edge kept",
		  lin(g, "s/S")->parents == 0 && lin(g, "s/S")->children == 0 &&
		  lin(g, "s/S")->cycle == 0);

	/* external */
	ext = lg_graph_find(g, "ext/base-model");
	test_cond("external: one node for three spellings",
		  ext != LG_NONE && lg_graph_get_stats(g)->external == 1);
	test_cond("external: is external", ext != LG_NONE && lg_graph_is_external(g, ext));
	test_cond("external: first referencing spelling",
		  strcmp(spelling(g, "EXT/BASE-MODEL"), "Ext/Base-Model") == 0);
	test_cond("external: 3 children, 3 descendants",
		  lin(g, "ext/base-model")->children == 3 &&
		  lin(g, "ext/base-model")->descendants == 3);
	test_cond("external: no downloads", ext != LG_NONE &&
		  lg_graph_record(g, ext)->downloads == -1);
	test_cond("external: appended after the records",
		  ext != LG_NONE && ext == lg_graph_count(g) - 1);
	test_cond("external: a model with a record is not external",
		  !lg_graph_is_external(g, lg_graph_find(g, "k/K1")));

	/* case-insensitive matching to a real record */
	test_cond("case: R/REAL resolves to the record r/Real",
		  only_parent(g, "r/child", "r/Real") &&
		  !lg_graph_is_external(g, lg_graph_find(g, "r/real")) &&
		  strcmp(spelling(g, "R/REAL"), "r/Real") == 0);
	test_cond("case: find ignores case and URL prefix",
		  lg_graph_find(g, "https://hf.co/BASE/a/") == lg_graph_find(g, "base/A") &&
		  lg_graph_find(g, "base/A") != LG_NONE);
	test_cond("case: unknown id -> LG_NONE", lg_graph_find(g, "no/such") == LG_NONE);

	/* duplicate */
	test_cond("dup: counted once", lg_graph_get_stats(g)->duplicates == 1);
	test_cond("dup: last record's spelling and fields",
		  strcmp(spelling(g, "d/dup"), "D/DUP") == 0 &&
		  lg_graph_record(g, lg_graph_find(g, "d/dup"))->downloads == 2);
	test_cond("dup: last record's parents replace the earlier",
		  only_parent(g, "d/dup", "c/E"));
	test_cond("dup: the replaced parent is no node",
		  lg_graph_find(g, "gone/Old") == LG_NONE);

	/* stats and families */
	st = lg_graph_get_stats(g);
	test_cond("stats: 20 read, 19 kept, 1 skipped",
		  st->records_read == 20 && st->records_kept == 19 &&
		  st->records_skipped == 1);
	test_cond("stats: 19 models (18 records + 1 external)",
		  st->models == 19 && lg_graph_count(g) == 19);
	test_cond("stats: 15 edges", st->edges == 15 && lg_graph_edge_count(g) == 15);
	test_cond("stats: 6 families", st->families == 6);
	test_cond("stats: one file", st->files == 1 && st->files_failed == 0);
	test_cond("diag: skip, duplicate, self-loop and cycle reported",
		  ds.count >= 4 && ds.skipped == 1);
	test_cond("order: nodes in first-appearance order",
		  lg_graph_find(g, "base/A") == 0 && lg_graph_find(g, "c/H") == 4 &&
		  lg_graph_find(g, "d/dup") == 17);
	lg_graph_free(g);
}

/* 3,000 records, ~1 KB each so that ingest cuts several batches: parents
 * before and after, merges, externals in varying case, duplicates, cycles
 * and a few bad lines. */
static void write_generated(void)
{
	char path[512], pad[901];
	FILE *f;
	int i;

	memset(pad, 'p', 900);
	pad[900] = '\0';
	snprintf(path, sizeof(path), "%s/gen.jsonl", tmpdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (i = 0; i < 3000; i++) {
		/* every 97th repeats an earlier id; half of those ids are
		 * themselves such repeats, which leaves 15 duplicates */
		int id = (i % 97 == 96) ? i / 2 : i;

		if (i % 500 == 250) {
			fputs("{\"id\":\"broken\",\n", f);
			continue;
		}
		fprintf(f, "{\"id\":\"gen/%s%04d\",\"downloads\":%d,\"pad\":\"%s\","
			"\"tags\":[", i % 2 ? "M" : "m", id, i, pad);
		if (i % 7)
			fprintf(f, "\"base_model:gen/m%04d\"", (i * 7 + 3) % 3000);
		if (i % 7 && i % 11 == 0)
			fprintf(f, ",\"base_model:gen/M%04d\"", i / 5);
		if (i % 13 == 0)
			fprintf(f, "%s\"base_model:%s/e%d\"", i % 7 ? "," : "",
				i % 2 ? "EXT" : "ext", i % 17);
		fputs("]}\n", f);
	}
	fclose(f);
}

static int same_lineage(const lg_lineage *x, const lg_lineage *y)
{
	int r;

	for (r = 0; r < LG_REL_COUNT; r++)
		if (x->by_relation[r] != y->by_relation[r])
			return 0;
	return x->parents == y->parents && x->children == y->children &&
	       x->descendants == y->descendants &&
	       x->descendant_downloads == y->descendant_downloads &&
	       x->family == y->family && x->cycle == y->cycle;
}

static int same_edge(const lg_edge *x, const lg_edge *y)
{
	return x->parent == y->parent && x->child == y->child &&
	       x->relation == y->relation &&
	       x->relation_source == y->relation_source;
}

static int same_graph(const lg_graph *a, const lg_graph *b)
{
	size_t n = lg_graph_count(a), e;
	lg_node v;

	if (n != lg_graph_count(b) || lg_graph_edge_count(a) != lg_graph_edge_count(b))
		return 0;
	if (memcmp(lg_graph_get_stats(a), lg_graph_get_stats(b),
		   sizeof(lg_graph_stats)) != 0)
		return 0;
	for (v = 0; v < n; v++) {
		const lg_record *x = lg_graph_record(a, v), *y = lg_graph_record(b, v);

		if (strcmp(x->id, y->id) || x->downloads != y->downloads ||
		    x->line != y->line ||
		    lg_graph_is_external(a, v) != lg_graph_is_external(b, v) ||
		    !same_lineage(lg_graph_lineage(a, v), lg_graph_lineage(b, v)))
			return 0;
	}
	for (e = 0; e < lg_graph_edge_count(a); e++)
		if (!same_edge(lg_graph_edge(a, e), lg_graph_edge(b, e)))
			return 0;
	return 1;
}

static void test_threads(void)
{
	char path[512];
	diags d1, d4;
	lg_graph *g1, *g4;

	write_generated();
	snprintf(path, sizeof(path), "%s/gen.jsonl", tmpdir);
	g1 = load(path, 1, &d1);
	g4 = load(path, 4, &d4);
	test_cond("threads: both load", g1 && g4);
	if (g1 && g4) {
		const lg_graph_stats *st = lg_graph_get_stats(g1);

		test_cond("threads: generated file read whole",
			  st->records_read == 3000 && st->records_skipped == 6 &&
			  st->duplicates == 15 && st->external >= 17);
		test_cond("threads: 1 and 4 threads give the same graph",
			  same_graph(g1, g4));
		test_cond("threads: same diagnostics in the same order",
			  d1.count == d4.count && d1.digest == d4.digest &&
			  d1.count > 0);
	}
	lg_graph_free(g1);
	lg_graph_free(g4);
}

static void test_cycles(void)
{
	const char *path = write_file("cycles.jsonl",
		/* P -> Q -> R -> P, and U <-> V with W below V */
		"{\"id\":\"p\",\"tags\":[\"base_model:r\"]}\n"
		"{\"id\":\"q\",\"tags\":[\"base_model:p\"]}\n"
		"{\"id\":\"r\",\"tags\":[\"base_model:q\"]}\n"
		"{\"id\":\"u\",\"tags\":[\"base_model:v\"]}\n"
		"{\"id\":\"v\",\"tags\":[\"base_model:u\"]}\n"
		"{\"id\":\"w\",\"tags\":[\"base_model:v\"]}\n");
	lg_error err;
	diags ds;
	lg_graph *g = load(path, 1, &ds);

	test_cond("cycles: loads", g != NULL);
	if (!g)
		return;
	test_cond("cycles: two cycles counted", lg_graph_get_stats(g)->cycles == 2);
	test_cond("cycles: three-cycle members have 2 descendants each",
		  lin(g, "p")->descendants == 2 && lin(g, "q")->descendants == 2 &&
		  lin(g, "r")->descendants == 2);
	test_cond("cycles: distinct cycle numbers",
		  lin(g, "p")->cycle && lin(g, "p")->cycle == lin(g, "r")->cycle &&
		  lin(g, "u")->cycle && lin(g, "u")->cycle == lin(g, "v")->cycle &&
		  lin(g, "p")->cycle != lin(g, "u")->cycle && lin(g, "w")->cycle == 0);
	test_cond("cycles: U and V reach each other and W",
		  lin(g, "u")->descendants == 2 && lin(g, "v")->descendants == 2);
	test_cond("cycles: two families", lg_graph_get_stats(g)->families == 2 &&
		  lg_graph_family_size(g, lg_graph_find(g, "w")) == 3);
	test_cond("cycles: each cycle reported once", ds.count == 2);
	test_cond("build twice -> LG_EINVAL", lg_graph_build(g, &err) == LG_EINVAL);
	lg_graph_free(g);
}

static void test_missing_file(void)
{
	char path[600];
	diags ds;
	lg_graph *g;

	snprintf(path, sizeof(path), "%s/does-not-exist.json", tmpdir);
	g = load(path, 1, &ds);
	test_cond("missing file: reported, counted, ingest goes on",
		  g && ds.count == 1 && lg_graph_get_stats(g)->files_failed == 1 &&
		  lg_graph_count(g) == 0);
	lg_graph_free(g);
}

static void cleanup(void)
{
	static const char *const names[] = {
		"fixture.jsonl", "gen.jsonl", "cycles.jsonl"
	};
	char path[600];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	lg_global_init();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_fixture();
	test_cycles();
	test_threads();
	test_missing_file();
	cleanup();
	lg_global_cleanup();
	return test_exit();
}
