/*
 * test_bfs.c - the breadth-first search helper (src/bfs.h) on a small
 * graph: a chain, a diamond (a merge), a pair and a lone model. Visit
 * order down, up and both ways; depths; a depth limit (0: the seeds
 * alone); several seeds at once, a repeated one queued once; and one
 * search per component over shared scratch, which must find the
 * families the build found.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bfs.h"
#include "lineage.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/lg_test_bfs.XXXXXX";
static char path[600];

static const char fixture[] =
	/* chain a -> b -> c -> d */
	"{\"id\":\"c/a\"}\n"
	"{\"id\":\"c/b\",\"tags\":[\"base_model:c/a\"]}\n"
	"{\"id\":\"c/c\",\"tags\":[\"base_model:c/b\"]}\n"
	"{\"id\":\"c/d\",\"tags\":[\"base_model:c/c\"]}\n"
	/* diamond r -> x, r -> y, x + y -> z */
	"{\"id\":\"d/r\"}\n"
	"{\"id\":\"d/x\",\"tags\":[\"base_model:d/r\"]}\n"
	"{\"id\":\"d/y\",\"tags\":[\"base_model:d/r\"]}\n"
	"{\"id\":\"d/z\",\"tags\":[\"base_model:d/x\",\"base_model:d/y\"]}\n"
	/* pair p -> q, and a lone model */
	"{\"id\":\"p/p\"}\n"
	"{\"id\":\"p/q\",\"tags\":[\"base_model:p/p\"]}\n"
	"{\"id\":\"i/i\"}\n";

static lg_graph *load(void)
{
	lg_ingest_options opts = LG_INGEST_OPTIONS_INIT;
	const char *p = path;
	lg_graph *g = lg_graph_new();
	lg_error err;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bfs.jsonl", tmpdir);
	f = fopen(path, "w");
	if (!g || !f) {
		if (f)
			fclose(f);
		lg_graph_free(g);
		return NULL;
	}
	fputs(fixture, f);
	fclose(f);
	if (lg_ingest(g, &p, 1, &opts, &err) < 0 ||
	    lg_graph_build(g, &err) < 0) {
		fprintf(stderr, "load: %s\n", err.text);
		lg_graph_free(g);
		return NULL;
	}
	return g;
}

/* Scratch for searches over the fixture (11 models), cleared. */
typedef struct {
	uint8_t seen[64];
	lg_node queue[64];
	uint32_t depth[64];
	lg__bfs b;
} scratch;

static void start(scratch *s, const lg_graph *g)
{
	memset(s, 0, sizeof(*s));
	lg__bfs_init(&s->b, g, s->seen, s->queue, s->depth);
}

static void seed(scratch *s, const char *id)
{
	lg__bfs_seed(&s->b, lg_graph_find(s->b.g, id));
}

/* The visit order as "id:depth id:depth ...". */
static const char *order(const scratch *s)
{
	static char buf[1024];
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < s->b.n && len < sizeof(buf) - 64; i++) {
		lg_node v = s->queue[i];

		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s:%u",
					i ? " " : "",
					lg_graph_record(s->b.g, v)->id,
					s->depth[v]);
	}
	return buf;
}

static int visited(const scratch *s, const char *want)
{
	const char *got = order(s);

	if (strcmp(got, want) == 0)
		return 1;
	printf("# got '%s', want '%s'\n", got, want);
	return 0;
}

static void test_orders(const lg_graph *g)
{
	scratch s;

	start(&s, g);
	seed(&s, "c/a");
	test_cond("bfs: down a chain, every level",
		  lg__bfs_run(&s.b, LG__BFS_DOWN, -1) == 4 &&
		  visited(&s, "c/a:0 c/b:1 c/c:2 c/d:3"));

	start(&s, g);
	seed(&s, "c/a");
	test_cond("bfs: down a chain, two levels",
		  lg__bfs_run(&s.b, LG__BFS_DOWN, 2) == 3 &&
		  visited(&s, "c/a:0 c/b:1 c/c:2") &&
		  !s.seen[lg_graph_find(g, "c/d")]);

	start(&s, g);
	seed(&s, "c/b");
	test_cond("bfs: depth 0 is the seeds alone",
		  lg__bfs_run(&s.b, LG__BFS_BOTH, 0) == 1 &&
		  visited(&s, "c/b:0"));

	start(&s, g);
	seed(&s, "c/d");
	test_cond("bfs: up a chain",
		  lg__bfs_run(&s.b, LG__BFS_UP, -1) == 4 &&
		  visited(&s, "c/d:0 c/c:1 c/b:2 c/a:3"));

	start(&s, g);
	seed(&s, "d/z");
	test_cond("bfs: up a merge: both parents, their parent once",
		  lg__bfs_run(&s.b, LG__BFS_UP, -1) == 4 &&
		  visited(&s, "d/z:0 d/x:1 d/y:1 d/r:2"));

	start(&s, g);
	seed(&s, "d/x");
	test_cond("bfs: both ways: children before parents",
		  lg__bfs_run(&s.b, LG__BFS_BOTH, -1) == 4 &&
		  visited(&s, "d/x:0 d/z:1 d/r:1 d/y:2"));

	start(&s, g);
	seed(&s, "d/r");
	seed(&s, "c/a");
	seed(&s, "d/r");
	test_cond("bfs: several seeds, a repeated one queued once",
		  s.b.n == 2 && lg__bfs_run(&s.b, LG__BFS_DOWN, -1) == 8 &&
		  visited(&s, "d/r:0 c/a:0 d/x:1 d/y:1 c/b:1 d/z:2 c/c:2 "
			  "c/d:3"));

	start(&s, g);
	s.b.depth = NULL;
	seed(&s, "p/q");
	test_cond("bfs: no depths asked for",
		  lg__bfs_run(&s.b, LG__BFS_UP, -1) == 2 &&
		  s.queue[1] == lg_graph_find(g, "p/p"));
}

/* One search per node not yet seen, over the same scratch: the weak
 * components, each node in one, sized as the build's families. */
static void test_components(const lg_graph *g)
{
	size_t n = lg_graph_count(g), v, k, total = 0, found = 0, wrong = 0;
	scratch s;

	start(&s, g);
	s.b.depth = NULL;
	for (v = 0; v < n; v++) {
		uint32_t family = lg_graph_lineage(g, (lg_node)v)->family;
		size_t size;

		if (s.seen[v])
			continue;
		lg__bfs_restart(&s.b);
		lg__bfs_seed(&s.b, (lg_node)v);
		size = lg__bfs_run(&s.b, LG__BFS_BOTH, -1);
		for (k = 0; k < size; k++) {
			lg_node x = s.queue[k];

			wrong += lg_graph_lineage(g, x)->family != family ||
				 lg_graph_family_size(g, x) != size;
		}
		total += size;
		found++;
	}
	test_cond("bfs: components: four, covering every node once",
		  found == 4 && total == n && n == 11);
	test_cond("bfs: components: the build's families", wrong == 0);
}

int main(void)
{
	lg_graph *g;

	lg_global_init();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	g = load();
	test_cond("bfs: fixture loads and builds", g != NULL);
	if (g) {
		test_orders(g);
		test_components(g);
	}
	lg_graph_free(g);
	unlink(path);
	rmdir(tmpdir);
	lg_global_cleanup();
	return test_exit();
}
