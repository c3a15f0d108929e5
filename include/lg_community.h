/*
 * lg_community.h - community structure of the lineage graph (SPEC §3
 * communities).
 *
 * Communities are found on the undirected lineage graph of the models
 * that have at least one edge (isolated models belong to none): Leiden
 * optimising modularity (the default) or Louvain. The same input, options
 * and seed give the same communities, numbered from 0 by size (largest
 * first), ties by their first member's id.
 */
#ifndef LG_COMMUNITY_H
#define LG_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"
#include "lg_graph.h"

typedef enum { LG_COMMUNITY_LEIDEN, LG_COMMUNITY_LOUVAIN } lg_community_method;

typedef struct {
	int version;
	lg_community_method method;
	double resolution;  /* 1 = plain modularity; higher, smaller groups */
	unsigned long seed; /* igraph's random generator */
} lg_community_options;

#define LG_COMMUNITY_OPTIONS_VERSION 1
#define LG_COMMUNITY_OPTIONS_INIT \
	{ LG_COMMUNITY_OPTIONS_VERSION, LG_COMMUNITY_LEIDEN, 1.0, 1 }

typedef struct lg_communities lg_communities;

/*
 * Finds communities in a built graph. Time complexity: about linear in
 * |E| per iteration for both methods (igraph's implementations).
 */
int lg_communities_find(lg_communities **out, const lg_graph *g,
			const lg_community_options *opts, lg_error *err);
void lg_communities_free(lg_communities *c);

/* The community of node n, or -1 for an isolated model. */
int32_t lg_community_of(const lg_communities *c, lg_node n);

size_t lg_communities_count(const lg_communities *c);
size_t lg_community_size(const lg_communities *c, int32_t community);

/* Modularity of the partition (at resolution 1, on the undirected graph). */
double lg_communities_modularity(const lg_communities *c);

#endif
