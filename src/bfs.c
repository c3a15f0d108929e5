/*
 * bfs.c - breadth-first search over the CSR adjacency, with the caller's
 * scratch (bfs.h).
 *
 * The queue holds one level after another, so the level of the node being
 * expanded is known from where the current level ends: no per-node level
 * is stored unless the caller asks for depths.
 */
#include "bfs.h"

void lg__bfs_init(lg__bfs *b, const lg_graph *g, uint8_t *seen,
		  lg_node *queue, uint32_t *depth)
{
	b->g = g;
	b->seen = seen;
	b->queue = queue;
	b->depth = depth;
	b->n = 0;
}

void lg__bfs_restart(lg__bfs *b)
{
	b->n = 0;
}

static void enter(lg__bfs *b, lg_node v, uint32_t depth)
{
	if (b->seen[v])
		return;
	b->seen[v] = 1;
	if (b->depth)
		b->depth[v] = depth;
	b->queue[b->n++] = v;
}

void lg__bfs_seed(lg__bfs *b, lg_node v)
{
	enter(b, v, 0);
}

/* Queues v's unseen neighbours along dir, at depth. */
static void expand(lg__bfs *b, lg_node v, int dir, uint32_t depth)
{
	const uint32_t *es;
	size_t m, k;

	if (dir & LG__BFS_DOWN) {
		es = lg_graph_child_edges(b->g, v, &m);
		for (k = 0; k < m; k++)
			enter(b, lg_graph_edge(b->g, es[k])->child, depth);
	}
	if (dir & LG__BFS_UP) {
		es = lg_graph_parent_edges(b->g, v, &m);
		for (k = 0; k < m; k++)
			enter(b, lg_graph_edge(b->g, es[k])->parent, depth);
	}
}

size_t lg__bfs_run(lg__bfs *b, int dir, long max_depth)
{
	size_t head, level_end = b->n;
	uint32_t level = 0;

	for (head = 0; head < b->n; head++) {
		if (head == level_end) {
			level++;
			level_end = b->n;
		}
		if (max_depth >= 0 && level >= (unsigned long)max_depth)
			break; /* and so is every node after it */
		expand(b, b->queue[head], dir, level + 1);
	}
	return b->n;
}
