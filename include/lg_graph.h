/*
 * lg_graph.h - the model table and the lineage graph built on it.
 *
 * A graph is filled by lg_ingest() and then built once (lg_graph_build):
 * parents resolve to nodes, parents without a record of their own become
 * external nodes, and lineage counts are computed (lg_lineage.h). Node
 * numbers are dense, 0 .. lg_graph_count() - 1, in the order models first
 * appear in the input. Every pointer a getter returns is borrowed and valid
 * until the graph is freed.
 */
#ifndef LG_GRAPH_H
#define LG_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"
#include "lg_record.h"

typedef struct lg_graph lg_graph;
typedef uint32_t lg_node;
#define LG_NONE UINT32_MAX

/* One parent -> child edge; at most one per ordered pair. */
typedef struct {
	lg_node parent, child;
	uint8_t relation;        /* lg_relation */
	uint8_t relation_source; /* lg_relation_source */
} lg_edge;

/* What ingest and build saw, for the closing summary line. */
typedef struct {
	size_t files, files_failed; /* failed: could not be read at all */
	size_t files_skipped;       /* not JSON, or a card without metadata */
	size_t empty_inputs;        /* input arguments that yielded nothing */
	size_t read_errors;         /* files whose end could not be read */
	size_t records_read, records_kept, records_skipped, duplicates;
	size_t fields_ignored;
	size_t models, external, edges, self_loops, cycles, families;
	size_t diags[LG_DIAG_KIND_COUNT]; /* problems reported, by kind */
} lg_graph_stats;

lg_graph *lg_graph_new(void);
void lg_graph_free(lg_graph *g);

/* Where the problems ingest and build find go (bad records and fields,
 * unreadable files, duplicates, self-loops, cycles), in input order; NULL
 * to drop them. The graph also keeps them: */
void lg_graph_set_diag(lg_graph *g, lg_diag_fn fn, void *payload);

/* The problems the graph kept (all of them up to a million; stats.diags
 * counts every one), in the order they were found: lg_diag.seq sorts
 * them into input order. A graph loaded from the cache keeps those of
 * the ingest that built it. Pointers are borrowed from the graph. */
size_t lg_graph_diag_count(const lg_graph *g);
void lg_graph_diag(const lg_graph *g, size_t i, lg_diag *out);

/*
 * Resolves parents to edges, adds external nodes, drops self-loops and
 * computes lineage counts, families and cycles. Call once, after ingest.
 * Time complexity: O(|V| + |E| + sum of all descendant counts).
 */
int lg_graph_build(lg_graph *g, lg_error *err);

size_t lg_graph_count(const lg_graph *g);
size_t lg_graph_edge_count(const lg_graph *g);
const lg_graph_stats *lg_graph_get_stats(const lg_graph *g);

/* The node of a model id, matched after canonicalising and ignoring ASCII
 * case; LG_NONE when there is none. */
lg_node lg_graph_find(const lg_graph *g, const char *id);

/* Node n's place among all ids in lg_id_compare order (0 = first): how
 * every sorted output breaks ties, with one integer comparison. */
uint32_t lg_graph_id_rank(const lg_graph *g, lg_node n);

/* A node's record. An external node's has only `id` set (and -1 counts). */
const lg_record *lg_graph_record(const lg_graph *g, lg_node n);
int lg_graph_is_external(const lg_graph *g, lg_node n);

const lg_edge *lg_graph_edge(const lg_graph *g, size_t e);

/* Edge numbers leaving (to children) or entering (from parents) node n,
 * in input order; *count receives their number. */
const uint32_t *lg_graph_child_edges(const lg_graph *g, lg_node n,
				     size_t *count);
const uint32_t *lg_graph_parent_edges(const lg_graph *g, lg_node n,
				      size_t *count);

#endif
