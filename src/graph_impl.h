/*
 * graph_impl.h - the model table's insides, shared by the modules that
 * fill and analyse it (private).
 *
 * Invariants: models[0..n) and lineage[0..n) are parallel; slots is an
 * open-addressing table of node + 1 (0 = empty) keyed by the ASCII
 * lower-cased id, at most half full; after build, child_off/child_idx and
 * parent_off/parent_idx are CSR views of edges.
 */
#ifndef LG_GRAPH_IMPL_H
#define LG_GRAPH_IMPL_H

#include "arena.h"
#include "lg_graph.h"
#include "lg_lineage.h"

typedef struct {
	lg_record rec;
	int external;
} lg__model;

struct lg_graph {
	lg_arena arena;       /* every string of every record */
	lg__model *models;
	uint32_t *hashes;     /* lg_id_hash of each model's id */
	size_t n, cap, cap_hashes;
	uint32_t *slots;
	size_t n_slots;

	lg_edge *edges;
	size_t n_edges, cap_edges;
	uint32_t *child_off, *child_idx, *parent_off, *parent_idx;
	lg_lineage *lineage;
	uint32_t *family_size;
	int built;

	lg_graph_stats stats;
	lg_diag_fn diag;
	void *diag_payload;
};

/* Adds a parsed record whose strings already live in g->arena; a later
 * record of the same id replaces the earlier (SPEC §2 rule 5). */
int lg__graph_add_record(lg_graph *g, const lg_record *rec, lg_error *err);

/* Reports a problem about node n through g->diag. */
void lg__graph_diag(const lg_graph *g, const lg_record *rec, const char *text);

/* lineage.c: counts, families and cycles over the built edges. */
int lg__lineage_compute(lg_graph *g, lg_error *err);

#endif
