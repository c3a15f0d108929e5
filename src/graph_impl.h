/*
 * graph_impl.h - what the library's modules may ask of the model table
 * beyond the public lg_graph.h (private).
 *
 * Only graph.c and cache.c see the table's layout (graph_struct.h); the
 * ingest, the lineage computation and the analyses go through these calls.
 */
#ifndef LG_GRAPH_IMPL_H
#define LG_GRAPH_IMPL_H

#include "arena.h"
#include "lg_graph.h"
#include "lg_lineage.h"

/* Adds a parsed record whose strings live in an arena the graph adopts
 * (lg__graph_adopt_strings); a later record of the same id replaces the
 * earlier (SPEC §2 rule 5). */
int lg__graph_add_record(lg_graph *g, const lg_record *rec, lg_error *err);

/* Takes every chunk of from: the strings records point into. */
void lg__graph_adopt_strings(lg_graph *g, lg_arena *from);

/* What the ingest read, added to the graph's stats. */
typedef struct {
	size_t files, files_failed, files_skipped, read_errors, empty_inputs;
	size_t records_read, records_skipped, fields_ignored;
	size_t arg_records, arg_problems; /* of the input argument at hand */
} lg__ingest_counts;

void lg__graph_add_ingest_counts(lg_graph *g, const lg__ingest_counts *c);

/* Reports a problem through the graph's diag hook and keeps it in the
 * graph's log (the log is not the graph's content: const g is fine). */
void lg__graph_report(const lg_graph *g, const lg_diag *d);

/* The same for a problem about a record (kind: lg_diag_kind). */
void lg__graph_diag(const lg_graph *g, const lg_record *rec, int kind,
		    const char *text);

/* Resolves parents to edges (adding external nodes, dropping self-loops)
 * and builds the CSR views. The first half of lg_graph_build. */
int lg__graph_resolve(lg_graph *g, lg_error *err);

/* The id order of a resolved graph (lg_graph_id_rank): 0 or LG_ENOMEM.
 * It writes only the graph's id ranks, so it may run beside
 * lg__lineage_compute. */
int lg__graph_rank_ids(lg_graph *g);

/* What lineage.c computes from a resolved graph (lg_lineage.h). */
typedef struct {
	lg_lineage *of;        /* per node */
	uint32_t *family_size; /* per family */
	lg_node *order;        /* every node, parents before children; the
				  members of a cycle side by side */
	size_t families, cycles;
} lg__lineage;

int lg__lineage_compute(lg__lineage *out, const lg_graph *g, lg_error *err);
void lg__lineage_release(lg__lineage *l);

/* Each node's descendants counting only the nodes marked in counted (one
 * byte per node), by the same linear method: a sample's descendants. */
int lg__descendants_counted(uint32_t *out, const lg_graph *g,
			    const uint8_t *counted, lg_error *err);

/* Hands the graph a computed lineage (it takes ownership) and marks it
 * built: the second half of lg_graph_build. */
void lg__graph_set_lineage(lg_graph *g, lg__lineage *l);

#endif
