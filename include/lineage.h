/*
 * lineage.h - the lineage library: model metadata in, lineage graph out.
 *
 * Call lg_global_init() once before anything else and lg_global_cleanup()
 * at the end. Typical use:
 *
 *     lg_graph *g = lg_graph_new();
 *     lg_ingest(g, paths, n, &opts, &err);    (lg_ingest.h)
 *     lg_graph_build(g, &err);                 (lg_graph.h)
 *     ... lg_graph_lineage(g, node) ...        (lg_lineage.h)
 *     lg_graph_free(g);
 */
#ifndef LINEAGE_H
#define LINEAGE_H

#define LG_VERSION "0.1.0"

#include "lg_audit.h"
#include "lg_cache.h"
#include "lg_community.h"
#include "lg_diff.h"
#include "lg_error.h"
#include "lg_export.h"
#include "lg_graph.h"
#include "lg_ingest.h"
#include "lg_license.h"
#include "lg_lineage.h"
#include "lg_output.h"
#include "lg_paths.h"
#include "lg_policy.h"
#include "lg_report.h"
#include "lg_record.h"
#include "lg_stats.h"

/* Makes igraph return errors instead of aborting, seeds Jansson's hashing
 * before threads start, and sets up libcurl. Note that it installs an
 * allocator into Jansson for the whole process (malloc/free except while
 * lineage parses a record). Returns 0, or LG_EHTTP if libcurl fails. */
int lg_global_init(void);
void lg_global_cleanup(void);

/* Removes the temporary files lineage is writing at this moment (an
 * output file, a cache entry, a snapshot's manifest), leaving every
 * finished file as it was. Async-signal-safe: for a SIGINT or SIGTERM
 * handler, which should then re-raise the signal. */
void lg_remove_temp_files(void);

#endif
