/*
 * lg_ingest.h - reading model metadata files into a graph (SPEC §1).
 *
 * Inputs are files, directories (walked recursively in byte order of
 * names, dot-files skipped) or "-" for stdin; each is read through zlib,
 * so gzip and plain files look alike, and its format is told from its
 * content: listing pages (JSON arrays), JSON lines, single model-info
 * objects. Parsing runs on several threads; records still reach the graph
 * in input order, so the result does not depend on the thread count.
 *
 * Bad records never stop ingest: each is reported through the graph's diag
 * hook (lg_graph_set_diag) with its file, line (or array index), kind and
 * reason, and skipped; a field of the
 * wrong type is reported and left out. Memory stays bounded by the records
 * kept: one record is cut off at LG_MAX_RECORD bytes whatever a line holds.
 */
#ifndef LG_INGEST_H
#define LG_INGEST_H

#include <stddef.h>

#include "lg_error.h"
#include "lg_graph.h"

typedef struct {
	int version;
	int threads;           /* parser threads; 0 = one per online CPU */
} lg_ingest_options;

#define LG_INGEST_OPTIONS_VERSION 2
#define LG_INGEST_OPTIONS_INIT { LG_INGEST_OPTIONS_VERSION, 0 }

/*
 * Reads every input into g (not yet built). An input that cannot be opened
 * is reported through the graph's diag hook and counted in the stats' files_failed;
 * ingest goes on with the others. Returns 0, or a negative lg_status for
 * what stops everything (out of memory, no threads).
 */
int lg_ingest(lg_graph *g, const char *const *inputs, size_t n_inputs,
	      const lg_ingest_options *opts, lg_error *err);

#endif
