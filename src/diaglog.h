/*
 * diaglog.h - every diagnostic of a graph's ingest and build, kept in
 * input order so a graph loaded from the cache can say them again
 * (private).
 *
 * Strings are copied into the log's own arena, or borrowed from a mapped
 * cache file that outlives the log. At most LG__DIAGLOG_MAX entries are
 * kept; past that the log counts what it dropped, and such a graph is not
 * cached (its warnings could not be replayed).
 */
#ifndef LG_DIAGLOG_H
#define LG_DIAGLOG_H

#include <stddef.h>

#include "lg_error.h"

#define LG__DIAGLOG_MAX (1u << 20)

typedef struct lg__diaglog lg__diaglog;

lg__diaglog *lg__diaglog_new(void);
void lg__diaglog_free(lg__diaglog *log);

/* Appends d; borrow says the strings outlive the log. 0 or LG_ENOMEM
 * (the entry is then dropped and counted). */
int lg__diaglog_add(lg__diaglog *log, const lg_diag *d, int borrow);

size_t lg__diaglog_count(const lg__diaglog *log);

/* How many of each lg_diag_kind were added, kept or not, into out. */
void lg__diaglog_counts(const lg__diaglog *log,
			size_t out[LG_DIAG_KIND_COUNT]);
size_t lg__diaglog_dropped(const lg__diaglog *log);

/* Entry i, with borrowed pointers valid while the log lives. */
void lg__diaglog_get(const lg__diaglog *log, size_t i, lg_diag *out);

#endif
