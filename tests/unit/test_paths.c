/*
 * test_paths.c - the walks `show` draws (lg_paths.h): ancestor chains
 * against a brute-force enumeration of every path up to a root on random
 * graphs with merges and cycles; the caps; the descendant tree's order,
 * merges seen above and cuts; the breadth-first edge walk; and a chain a
 * million models deep walked without recursion.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_paths.XXXXXX";
static char path[256];

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static lg_graph *load(void)
{
	const char *p = path;
	lg_graph *g = lg_graph_new();
	lg_error err;

	if (g && (lg_ingest(g, &p, 1, NULL, &err) < 0 ||
		  lg_graph_build(g, &err) < 0)) {
		lg_graph_free(g);
		return NULL;
	}
	return g;
}

/* A graph from lines "CHILD PARENT..." (ids o/CHILD). */
static lg_graph *graph_of(const char *const *lines, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return NULL;
	for (i = 0; i < n; i++) {
		char buf[256], *tok, *save;

		snprintf(buf, sizeof(buf), "%s", lines[i]);
		tok = strtok_r(buf, " ", &save);
		fprintf(f, "{\"id\":\"o/%s\",\"tags\":[", tok);
		for (int k = 0; (tok = strtok_r(NULL, " ", &save)); k++)
			fprintf(f, "%s\"base_model:o/%s\"", k ? "," : "", tok);
		fprintf(f, "]}\n");
	}
	fclose(f);
	return load();
}

static lg_node node(const lg_graph *g, const char *name)
{
	char id[64];

	snprintf(id, sizeof(id), "o/%s", name);
	return lg_graph_find(g, id);
}

static const char *name_of(const lg_graph *g, lg_node v)
{
	return lg_graph_record(g, v)->id + 2;
}

/* A chain as "b a" (the parents, nearest first). */
static void chain_text(const lg_graph *g, const lg_chains *c, size_t i,
		       char *out, size_t size)
{
	size_t k, len = 0;

	out[0] = '\0';
	for (k = c->start[i]; k < c->start[i + 1] && len < size; k++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					len ? " " : "",
					name_of(g, lg_graph_edge(g, c->edges[k])->parent));
}

static void test_chains_small(void)
{
	static const char *const lines[] = {
		"a", "b a", "c a", "d b c", "x y", "y x", "z x",
	};
	lg_graph *g = graph_of(lines, 7);
	lg_chains c;
	lg_error err;
	char t0[64], t1[64];

	test_cond("chains: graph loads", g != NULL);
	if (!g)
		return;
	test_cond("chains: a merge has a chain per parent",
		  lg_ancestor_chains(&c, g, node(g, "d"), 64, 256, &err) == 0 &&
			  c.n == 2 && !c.truncated);
	chain_text(g, &c, 0, t0, sizeof(t0));
	chain_text(g, &c, 1, t1, sizeof(t1));
	test_cond("chains: each up to the root, nearest first",
		  strcmp(t0, "b a") == 0 && strcmp(t1, "c a") == 0);
	lg_chains_release(&c);
	test_cond("chains: a root has none",
		  lg_ancestor_chains(&c, g, node(g, "a"), 64, 256, &err) == 0 &&
			  c.n == 0);
	lg_chains_release(&c);
	lg_ancestor_chains(&c, g, node(g, "z"), 64, 256, &err);
	chain_text(g, &c, 0, t0, sizeof(t0));
	test_cond("chains: a cycle ends the chain before it repeats",
		  c.n == 1 && strcmp(t0, "x y") == 0);
	lg_chains_release(&c);
	test_cond("chains: max_chains cuts and says so",
		  lg_ancestor_chains(&c, g, node(g, "d"), 1, 256, &err) == 0 &&
			  c.n == 1 && c.truncated);
	lg_chains_release(&c);
	lg_ancestor_chains(&c, g, node(g, "d"), 64, 1, &err);
	chain_text(g, &c, 0, t0, sizeof(t0));
	test_cond("chains: max_len cuts a chain, still listed",
		  c.n == 2 && c.truncated && strcmp(t0, "b") == 0);
	lg_chains_release(&c);
	lg_graph_free(g);
}

/* Brute force: the number of simple paths from v up to a model with no
 * parent off the path (what the walk calls a chain). */
static size_t brute_chains(const lg_graph *g, lg_node *stack, size_t len)
{
	size_t n, k, total = 0, i;
	const uint32_t *in = lg_graph_parent_edges(g, stack[len - 1], &n);
	int went = 0;

	for (k = 0; k < n; k++) {
		lg_node p = lg_graph_edge(g, in[k])->parent;

		for (i = 0; i < len && stack[i] != p; i++)
			;
		if (i < len)
			continue;
		went = 1;
		stack[len] = p;
		total += brute_chains(g, stack, len + 1);
	}
	return went ? total : len > 1;
}

/* Every chain is a real path: consecutive edges, child of each the parent
 * of the one before, no model twice. */
static int chains_valid(const lg_graph *g, const lg_chains *c, lg_node v)
{
	size_t i, k, j;

	for (i = 0; i < c->n; i++) {
		lg_node at = v;

		for (k = c->start[i]; k < c->start[i + 1]; k++) {
			const lg_edge *e = lg_graph_edge(g, c->edges[k]);

			if (e->child != at || e->parent == v)
				return 0;
			for (j = c->start[i]; j < k; j++)
				if (lg_graph_edge(g, c->edges[j])->parent ==
				    e->parent)
					return 0;
			at = e->parent;
		}
	}
	return 1;
}

static void test_chains_random(void)
{
	FILE *f = fopen(path, "w");
	size_t n = 300, i, bad = 0, checked = 0;
	lg_node stack[400];
	lg_graph *g;

	if (!f)
		return;
	for (i = 0; i < n; i++) {
		unsigned k, parents = i ? rnd(3) : 0;

		fprintf(f, "{\"id\":\"o/m%zu\",\"tags\":[", i);
		for (k = 0; k < parents; k++) /* mostly earlier: a few cycles */
			fprintf(f, "%s\"base_model:o/m%u\"", k ? "," : "",
				rnd(30) ? rnd((uint32_t)i) : rnd((uint32_t)n));
		fprintf(f, "]}\n");
	}
	fclose(f);
	g = load();
	test_cond("chains: random graph loads", g != NULL);
	if (!g)
		return;
	for (i = 0; i < lg_graph_count(g); i++) {
		lg_chains c;
		lg_error err;
		size_t want;

		stack[0] = (lg_node)i;
		want = brute_chains(g, stack, 1);
		if (want > 5000)
			continue;
		checked++;
		if (lg_ancestor_chains(&c, g, (lg_node)i, 100000, 400, &err) < 0 ||
		    c.n != want || c.truncated || !chains_valid(g, &c, (lg_node)i))
			bad++;
		lg_chains_release(&c);
	}
	test_cond("chains: equal brute force on every node of a random graph",
		  bad == 0 && checked > 250);
	lg_graph_free(g);
}

static void test_tree(void)
{
	/* r has children a (2 below), b (1 below), c (leaf); m merges a, b */
	static const char *const lines[] = {
		"r", "a r", "b r", "c r", "a1 a", "m a b",
	};
	lg_graph *g = graph_of(lines, 6);
	lg_tree_item *t = NULL;
	size_t n = 0, i;
	lg_error err;
	char got[256] = "";

	test_cond("tree: graph loads", g != NULL);
	if (!g)
		return;
	test_cond("tree: walks",
		  lg_descendant_tree(&t, &n, g, node(g, "r"), 0, 256, &err) == 0);
	for (i = 0; i < n; i++) {
		size_t len = strlen(got);

		snprintf(got + len, sizeof(got) - len, "%s%u%s%s%s ",
			 name_of(g, lg_graph_edge(g, t[i].edge)->child),
			 t[i].level, t[i].last ? "L" : "",
			 t[i].seen_above ? "S" : "", t[i].cut ? "C" : "");
	}
	/* a's subtree (m, a1) before b's, ties by id: a1 before m */
	test_cond("tree: pre-order, biggest first, a merge seen above once",
		  strcmp(got, "a0 a11 m1L b0 m1LS c0L ") == 0);
	free(t);
	lg_descendant_tree(&t, &n, g, node(g, "r"), 1, 256, &err);
	test_cond("tree: depth 1 lists children, marks the cut ones",
		  n == 3 && t[0].cut == LG_TREE_DEPTH &&
			  t[1].cut == LG_TREE_DEPTH && t[2].cut == LG_TREE_WHOLE);
	free(t);
	lg_descendant_tree(&t, &n, g, node(g, "r"), 0, 1, &err);
	test_cond("tree: the level cap cuts and says why",
		  n == 3 && t[0].cut == LG_TREE_LEVELS);
	free(t);
	lg_descendant_tree(&t, &n, g, node(g, "c"), 0, 256, &err);
	test_cond("tree: a leaf has an empty tree", n == 0);
	free(t);
	lg_graph_free(g);
}

static void test_edge_walk(void)
{
	static const char *const lines[] = {
		"r", "a r", "b r", "m a b", "k m",
	};
	lg_graph *g = graph_of(lines, 5);
	lg_walk_step *s = NULL;
	size_t n = 0;
	lg_error err;

	if (!g)
		return;
	lg_edge_walk(&s, &n, g, node(g, "r"), 0, 0, &err);
	test_cond("edge walk: every edge once, nearest first",
		  n == 5 && s[0].depth == 1 && s[1].depth == 1 &&
			  s[2].depth == 2 && s[3].depth == 2 && s[4].depth == 3);
	free(s);
	lg_edge_walk(&s, &n, g, node(g, "r"), 0, 1, &err);
	test_cond("edge walk: --depth 1 stops at the children", n == 2);
	free(s);
	lg_edge_walk(&s, &n, g, node(g, "k"), 1, 0, &err);
	test_cond("edge walk: up reaches every ancestor edge",
		  n == 5 && s[0].depth == 1 &&
			  lg_graph_edge(g, s[0].edge)->parent == node(g, "m"));
	free(s);
	lg_graph_free(g);
}

/* A chain a million deep: no recursion, caps respected. */
static void test_deep_chain(void)
{
	FILE *f = fopen(path, "w");
	size_t n = 1000000, i;
	lg_graph *g;
	lg_chains c;
	lg_tree_item *t = NULL;
	size_t len = 0;
	lg_error err;

	if (!f)
		return;
	for (i = 0; i < n; i++)
		if (i)
			fprintf(f, "{\"id\":\"o/m%zu\",\"tags\":[\"base_model:o/m%zu\"]}\n",
				i, i - 1);
		else
			fprintf(f, "{\"id\":\"o/m0\"}\n");
	fclose(f);
	g = load();
	if (!g)
		return;
	test_cond("deep chain: ancestors cut at the cap",
		  lg_ancestor_chains(&c, g, node(g, "m999999"), 64, 256, &err) == 0 &&
			  c.n == 1 && c.truncated && c.start[1] == 256);
	lg_chains_release(&c);
	test_cond("deep chain: the tree cut at the level cap",
		  lg_descendant_tree(&t, &len, g, node(g, "m0"), 0, 256, &err) == 0 &&
			  len == 256 && t[255].cut == LG_TREE_LEVELS);
	free(t);
	lg_graph_free(g);
}

int main(void)
{
	if (lg_global_init() < 0 || !mkdtemp(tmpdir))
		return 1;
	snprintf(path, sizeof(path), "%s/models.jsonl", tmpdir);
	test_chains_small();
	test_chains_random();
	test_tree();
	test_edge_walk();
	test_deep_chain();
	unlink(path);
	rmdir(tmpdir);
	lg_global_cleanup();
	return test_exit();
}
