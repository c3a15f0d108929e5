/*
 * lg_community.h - community structure of the lineage graph (SPEC §3
 * communities).
 *
 * Communities are found on the undirected lineage graph of the models
 * that have at least one edge (isolated models belong to none): Leiden
 * optimising modularity (the default) or Louvain. The same input, options
 * and seed give the same communities, numbered from 0 by size (largest
 * first), ties by their smallest member id. Only families big enough to
 * be worth splitting go to igraph (community.c says why the rest may stay
 * whole), so the whole Hub takes seconds.
 */
#ifndef LG_COMMUNITY_H
#define LG_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#include "lg_audit.h"
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
 * Finds communities in a built graph. Time complexity: O(|V| + |E|) for
 * the families left whole, and igraph's (about linear in their edges per
 * pass) for the big ones.
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

/* The members (every model in a community), by community then id:
 * *rows is malloc'd. */
int lg_communities_members(lg_node **rows, size_t *n, const lg_communities *c,
			   const lg_graph *g, lg_error *err);

/* What a community is made of. */
typedef struct {
	int32_t community;
	size_t size;
	lg_node top;                 /* its top base: the member with the
					most descendants, then smaller id */
	const lg_license *dominant;  /* the licence most members declare
					first; NULL when none declares one */
	size_t dominant_models;
	int family;                  /* the most common declared licence
					family (lg_family); LG_FAM_UNKNOWN
					when none */
} lg_community_summary;

/* One row per community, in community order (*rows is malloc'd, as many
 * as lg_communities_count), each model's licence from audit a. Time:
 * O(|V| log |V|). */
int lg_communities_summarize(lg_community_summary **rows,
			     const lg_communities *c, const lg_graph *g,
			     const lg_audit *a, lg_error *err);

/* The top base of every family, indexed by family number (*tops is
 * malloc'd): the member with the most descendants, then the smaller id.
 * lg_better_base says whether a beats b (b may be LG_NONE). */
int lg_family_tops(lg_node **tops, const lg_graph *g, lg_error *err);
int lg_better_base(const lg_graph *g, lg_node a, lg_node b);

/* The communities as bytes (malloc'd into *data) and back, for the cache;
 * decoding checks that they fit g and every number is in range. */
int lg_communities_encode(const lg_communities *c, void **data, size_t *len,
			  lg_error *err);
int lg_communities_decode(lg_communities **out, const lg_graph *g,
			  const void *data, size_t len, lg_error *err);

/* A key of the options that change the result (method, resolution, seed):
 * what cached communities are filed under. */
uint64_t lg_community_options_key(const lg_community_options *o);

#endif
