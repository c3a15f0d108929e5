/*
 * graph_struct.h - the model table's layout, for the two modules that own
 * it: graph.c, which fills and builds it, and cache.c, which writes it to
 * disk and maps it back (private).
 *
 * Invariants: models[0..n) and hashes[0..n) are parallel; ids indexes
 * every node by its ASCII lower-cased id (index.h; written to the cache
 * and mapped back as it is); after build, child_off/child_idx and
 * parent_off/parent_idx are CSR views of edges, and the lineage arrays
 * (lg_graph_set_lineage) are set. Arrays may live in a mapped cache file
 * instead of the heap: `mapped` says which, and free leaves those alone.
 */
#ifndef LG_GRAPH_STRUCT_H
#define LG_GRAPH_STRUCT_H

#include "arena.h"
#include "diaglog.h"
#include "graph_impl.h"
#include "index.h"

typedef struct {
	lg_record rec;
	int external;
} lg__model;

struct lg_graph {
	lg_arena arena;       /* every string of every record */
	lg__model *models;
	uint32_t *hashes;     /* lg_id_hash of each model's id */
	size_t n, cap, cap_hashes;
	lg__index ids;        /* node by id; its slots may be mapped */

	lg_edge *edges;
	size_t n_edges, cap_edges;
	uint32_t *child_off, *child_idx, *parent_off, *parent_idx;
	uint32_t *id_rank;    /* per node: its place in lg_id_compare order */
	lg__lineage lineage;
	int built;

	lg_graph_stats stats;
	lg_diag_fn diag;
	void *diag_payload;
	lg__diaglog *log;     /* every diagnostic, to replay from a cache */

	void *map;            /* a mapped cache file, or NULL (cache.c) */
	size_t map_len;
	void *map_owned;      /* what else the cache load allocated */
};

#endif
