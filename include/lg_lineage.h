/*
 * lg_lineage.h - lineage counts of every node (SPEC §2 rule 7).
 *
 * Computed by lg_graph_build(). children counts distinct direct children;
 * descendants counts distinct nodes reachable along parent -> child edges,
 * the node itself excluded, each once however many paths (merges) lead to
 * it; cycles in bad metadata are walked once and never loop.
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

#endif
