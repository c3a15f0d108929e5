/*
 * bfs.h - breadth-first search over the graph's edges (private).
 *
 * The caller owns the scratch, so searches can follow one another without
 * touching n-sized memory again: seen (a byte per node) is set for every
 * node a search queues and never cleared here, and queue (room for every
 * node) holds the current search's nodes in visit order: its seeds, then
 * each level after the one before. A later search skips what an earlier
 * one saw, so one search per weak component covers the graph in linear
 * time.
 */
#ifndef LG_BFS_H
#define LG_BFS_H

#include <stddef.h>
#include <stdint.h>

#include "lg_graph.h"

/* The edges a search follows: to children, to parents, or both. */
enum { LG__BFS_DOWN = 1, LG__BFS_UP = 2, LG__BFS_BOTH = 3 };

typedef struct {
	const lg_graph *g;
	uint8_t *seen;   /* per node: set once queued (by any search) */
	lg_node *queue;  /* per node: queue[0 .. n) this search's visit order */
	uint32_t *depth; /* NULL, or per node: levels from the seeds, set for
			  * every node queued (others are left alone) */
	size_t n;        /* nodes this search queued */
} lg__bfs;

/* Sets b up over the caller's arrays, with an empty queue; seen must be
 * clear of every node a search may enter. */
void lg__bfs_init(lg__bfs *b, const lg_graph *g, uint8_t *seen,
		  lg_node *queue, uint32_t *depth);

/* Empties the queue for another search; seen stays as it is. */
void lg__bfs_restart(lg__bfs *b);

/* Queues v at depth 0, unless seen. */
void lg__bfs_seed(lg__bfs *b, lg_node v);

/*
 * Visits what the seeds reach along dir's edges (LG__BFS_DOWN, _UP or
 * _BOTH), no further than max_depth levels from them (-1: no limit): each
 * node reached and not seen is marked seen and queued. Seed, then run
 * once per search. Returns b->n, the nodes this search queued, seeds
 * included. A node's children come before its parents, each in the order
 * of lg_graph_child_edges / lg_graph_parent_edges.
 *
 * Time complexity: O(the nodes queued + their edges).
 */
size_t lg__bfs_run(lg__bfs *b, int dir, long max_depth);

#endif
