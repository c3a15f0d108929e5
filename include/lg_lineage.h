/*
 * lg_lineage.h - lineage counts of every node (SPEC §2 rule 7).
 *
 * Computed by lg_graph_build() in time linear in the graph on chains,
 * stars and the Hub's shape (lineage.c says how). children counts distinct
 * direct children; descendants counts distinct nodes reachable along
 * parent -> child edges, the node itself excluded, each once however many
 * paths (merges) lead to it; cycles in bad metadata count once and never
 * loop.
 */
#ifndef LG_LINEAGE_H
#define LG_LINEAGE_H

#include <stdint.h>

#include "lg_graph.h"

typedef struct {
	uint32_t parents, children, descendants;
	uint32_t by_relation[LG_REL_COUNT]; /* direct children per relation */
	uint64_t descendant_downloads;      /* summed over descendants */
	uint32_t family;                    /* weakly connected component */
	uint32_t cycle;                     /* 0, or 1 + its cycle's number */
} lg_lineage;

const lg_lineage *lg_graph_lineage(const lg_graph *g, lg_node n);

/* Number of models in node n's family. */
uint32_t lg_graph_family_size(const lg_graph *g, lg_node n);

/* Every node once, parents before children (the members of a cycle side
 * by side, in node order): the order in which a walk down the graph can
 * finish each model's parents first. */
const lg_node *lg_graph_order(const lg_graph *g);

#endif
