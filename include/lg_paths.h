/*
 * lg_paths.h - the walks around one model that `show` displays: every
 * chain of ancestors up to a root, the descendant tree, and each edge
 * above or below it breadth first.
 *
 * Walks are cycle safe: a chain ends before it would revisit one of its
 * own models, and a descendant reached twice (through a merge) is
 * expanded once, then listed as seen above. Results are lists of edge
 * numbers (lg_graph_edge), which the caller formats.
 */
#ifndef LG_PATHS_H
#define LG_PATHS_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"
#include "lg_graph.h"

/* The chains of ancestors of a model, each from the model up (its first
 * edge names the model as child). */
typedef struct {
	uint32_t *edges;   /* the chains' edges, one chain after another */
	size_t *start;     /* chain i is edges[start[i] .. start[i + 1]) */
	size_t n;          /* chains; 0 for a root */
	int truncated;     /* more chains, or longer ones, were left out */
} lg_chains;

/*
 * Every path from model up to a root (or to where it would loop), at most
 * max_chains of them, each at most max_len edges. Time: the total length
 * of the chains found, which the caps bound.
 */
int lg_ancestor_chains(lg_chains *out, const lg_graph *g, lg_node model,
		       size_t max_chains, size_t max_len, lg_error *err);
void lg_chains_release(lg_chains *c);

/* A line of the descendant tree, in pre-order. */
typedef struct {
	uint32_t edge;       /* from the model one level up to this one */
	uint32_t level;      /* 0: a child of the tree's root */
	uint8_t last;        /* the last child listed under its parent */
	uint8_t seen_above;  /* reached before through another parent; not
				expanded again */
	uint8_t cut;         /* has children not listed: the depth asked
				(LG_TREE_DEPTH) or the level cap
				(LG_TREE_LEVELS) ends the tree here */
} lg_tree_item;

enum { LG_TREE_WHOLE, LG_TREE_DEPTH, LG_TREE_LEVELS };

/*
 * The descendant tree of model, depth levels deep (0 = all, yet never
 * more than max_levels), children ordered by most descendants, then by
 * id. *items is malloc'd. Time: O(E log E) over the edges listed.
 */
int lg_descendant_tree(lg_tree_item **items, size_t *n, const lg_graph *g,
		       lg_node model, long depth, size_t max_levels,
		       lg_error *err);

/* An edge of a breadth-first walk, depth 1 touching the model. */
typedef struct {
	uint32_t edge;
	uint32_t depth;
} lg_walk_step;

/*
 * Every edge above the model (up) or below it (down, depth levels deep;
 * 0 = all), each once, nearest first. *steps is malloc'd.
 */
int lg_edge_walk(lg_walk_step **steps, size_t *n, const lg_graph *g,
		 lg_node model, int up, long depth, lg_error *err);

#endif
