/*
 * test_lineage.c - lineage counts against brute force, on random graphs
 * with the shapes that break shortcuts: merges (diamonds, a merge below a
 * merge), cycles (a cycle with a merge child, a cycle inside a family),
 * long chains and stars. For every node, descendants and descendant
 * downloads must equal a breadth-first walk from it; families must equal
 * a union-find; the order must put every parent before its child outside
 * cycles; and a 300,000-model chain must count exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_lineage.XXXXXX";

static uint64_t rng_state = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* A random listing of n models: each model names 0-4 earlier (or, with
 * cycles, any) models as parents; some downloads. */
static void write_random(const char *path, size_t n, int merges, int cycles)
{
	FILE *f = fopen(path, "w");
	size_t i, k;
	int pair = 0; /* model i - 1 named model i: name it back */

	if (!f)
		return;
	for (i = 0; i < n; i++) {
		unsigned parents = 0;
		int close = pair;

		fprintf(f, "{\"id\":\"o/m%zu\",\"downloads\":%u,\"tags\":[", i,
			rnd(5) ? rnd(1000) : 0);
		if (i && rnd(10) < 7)
			parents = merges && rnd(4) == 0 ? 2 + rnd(3) : 1;
		for (k = 0; k < parents; k++) {
			/* mostly a recent model, so paths are long and a
			 * forward reference (cycles) often closes one */
			size_t back = 1 + rnd(i < 60 ? (uint32_t)i : 60);
			size_t p = cycles && rnd(20) == 0
					   ? (i + 1 + rnd(10)) % n
					   : (rnd(4) ? i - back : rnd((uint32_t)i));

			fprintf(f, "%s\"base_model:o/m%zu\"", k ? "," : "", p);
		}
		pair = cycles && i + 1 < n && rnd(40) == 0;
		if (pair) /* a 2-cycle with model i + 1 */
			fprintf(f, "%s\"base_model:o/m%zu\"", parents ? "," : "",
				i + 1);
		if (close)
			fprintf(f, "%s\"base_model:o/m%zu\"",
				parents || pair ? "," : "", i - 1);
		fputs("]}\n", f);
	}
	fclose(f);
}

static lg_graph *load(const char *path)
{
	lg_graph *g = lg_graph_new();
	lg_error err;

	if (!g)
		return NULL;
	if (lg_ingest(g, &path, 1, NULL, &err) < 0 ||
	    lg_graph_build(g, &err) < 0) {
		lg_graph_free(g);
		return NULL;
	}
	return g;
}

/* Descendants of s by a plain BFS, and their downloads. */
static void brute(const lg_graph *g, lg_node s, uint32_t *stamp,
		  lg_node *queue, uint32_t *count, uint64_t *dl)
{
	size_t head = 0, tail = 0, m, k;

	*count = 0;
	*dl = 0;
	stamp[s] = s + 1;
	queue[tail++] = s;
	while (head < tail) {
		const uint32_t *out = lg_graph_child_edges(g, queue[head++], &m);

		for (k = 0; k < m; k++) {
			lg_node c = lg_graph_edge(g, out[k])->child;
			int64_t d = lg_graph_record(g, c)->downloads;

			if (stamp[c] == s + 1)
				continue;
			stamp[c] = s + 1;
			queue[tail++] = c;
			++*count;
			*dl += d > 0 ? (uint64_t)d : 0;
		}
	}
}

static uint32_t find(uint32_t *up, uint32_t x)
{
	while (up[x] != x)
		x = up[x] = up[up[x]];
	return x;
}

/* Every count against brute force; returns the number of mismatches. */
static size_t check_graph(const lg_graph *g)
{
	size_t n = lg_graph_count(g), bad = 0, v, e;
	uint32_t *stamp = calloc(n + 1, sizeof(*stamp));
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	uint32_t *up = malloc((n + 1) * sizeof(*up));
	size_t *pos = malloc((n + 1) * sizeof(*pos));
	const lg_node *order = lg_graph_order(g);

	for (v = 0; v < n; v++) {
		const lg_lineage *l = lg_graph_lineage(g, (lg_node)v);
		uint32_t count;
		uint64_t dl;

		brute(g, (lg_node)v, stamp, queue, &count, &dl);
		bad += l->descendants != count || l->descendant_downloads != dl;
		up[v] = (uint32_t)v;
	}
	for (e = 0; e < lg_graph_edge_count(g); e++) {
		const lg_edge *ed = lg_graph_edge(g, e);

		up[find(up, ed->parent)] = find(up, ed->child);
	}
	for (v = 0; v < n; v++) /* same family iff same union-find root */
		bad += (lg_graph_lineage(g, (lg_node)v)->family ==
			lg_graph_lineage(g, find(up, (uint32_t)v))->family) !=
		       1;
	memset(pos, 0xff, (n + 1) * sizeof(*pos));
	for (v = 0; v < n; v++)
		pos[order[v]] = v;
	for (v = 0; v < n; v++)
		bad += pos[v] >= n; /* every node exactly once */
	for (e = 0; e < lg_graph_edge_count(g); e++) {
		const lg_edge *ed = lg_graph_edge(g, e);
		uint32_t cp = lg_graph_lineage(g, ed->parent)->cycle;

		if (!cp || cp != lg_graph_lineage(g, ed->child)->cycle)
			bad += pos[ed->parent] > pos[ed->child];
	}
	free(stamp);
	free(queue);
	free(up);
	free(pos);
	return bad;
}

static void random_case(const char *name, size_t n, int merges, int cycles,
			uint64_t seed)
{
	char path[256], label[128];
	lg_graph *g;

	rng_state = seed;
	snprintf(path, sizeof(path), "%s/%s.jsonl", tmpdir, name);
	write_random(path, n, merges, cycles);
	g = load(path);
	snprintf(label, sizeof(label), "%s: loads", name);
	test_cond(label, g != NULL);
	if (!g)
		return;
	snprintf(label, sizeof(label), "%s: every count equals brute force",
		 name);
	test_cond(label, check_graph(g) == 0);
	if (cycles) {
		snprintf(label, sizeof(label), "%s: has cycles", name);
		test_cond(label, lg_graph_get_stats(g)->cycles > 0);
	}
	lg_graph_free(g);
	unlink(path);
}

static void long_chain(size_t n)
{
	char path[256];
	FILE *f;
	size_t i;
	lg_graph *g;

	snprintf(path, sizeof(path), "%s/chain.jsonl", tmpdir);
	f = fopen(path, "w");
	for (i = 0; f && i < n; i++) {
		fprintf(f, "{\"id\":\"o/c%zu\",\"downloads\":1", i);
		if (i)
			fprintf(f, ",\"tags\":[\"base_model:o/c%zu\"]", i - 1);
		fputs("}\n", f);
	}
	if (f)
		fclose(f);
	g = load(path);
	test_cond("chain: loads", g != NULL);
	if (!g)
		return;
	test_cond("chain: the head has every other model below it",
		  lg_graph_lineage(g, lg_graph_find(g, "o/c0"))->descendants ==
			  n - 1);
	test_cond("chain: descendant downloads count each model once",
		  lg_graph_lineage(g, lg_graph_find(g, "o/c0"))
				  ->descendant_downloads == n - 1);
	test_cond("chain: the middle has the lower half",
		  lg_graph_lineage(g, lg_graph_find(g, "o/c1000"))->descendants ==
			  n - 1001);
	test_cond("chain: one family", lg_graph_get_stats(g)->families == 1);
	lg_graph_free(g);
	unlink(path);
}

int main(void)
{
	if (lg_global_init() < 0 || !mkdtemp(tmpdir)) {
		printf("FAIL setup\n");
		return 1;
	}
	random_case("forest", 3000, 0, 0, 1);
	random_case("merges", 3000, 1, 0, 2);
	random_case("cycles", 3000, 0, 1, 3);
	random_case("merges and cycles", 3000, 1, 1, 4);
	random_case("dense", 400, 1, 1, 5);
	long_chain(300000);
	rmdir(tmpdir);
	lg_global_cleanup();
	return test_exit();
}
