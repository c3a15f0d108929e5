/*
 * fetch_update.h - where `fetch --update` stops (private).
 *
 * An update lists the Hub by lastModified, newest first, and keeps what
 * is no older than its mark: the snapshot's newest lastModified (its
 * "high_water"), or the start of its last run when that is earlier (a
 * model changed during a crawl may sit on a page fetched before), less
 * LG_UPDATE_OVERLAP_S. The overlap covers what a stamp alone cannot: a
 * change that reaches the listing some time after its stamp, a clock of
 * ours ahead of the Hub's, and models sharing the mark's second. On the
 * Hub an hour of changes is a page or a few, against some 2,500 for a
 * whole crawl; what it fetches twice is the same record appended again,
 * and the last record of a model wins in every ingest.
 */
#ifndef LG_FETCH_UPDATE_H
#define LG_FETCH_UPDATE_H

#include <jansson.h>

#include "lg_error.h"

#define LG_UPDATE_OVERLAP_S 3600
#define LG_STAMP_SIZE 32

/* Seconds since the epoch of a UTC stamp, 2024-07-11T12:34:56.000Z or
 * without the fraction; -1 when s is not one. */
long long lg__stamp_seconds(const char *s);

/* Raises manifest's "high_water" to item's lastModified when newer. */
int lg__note_high_water(json_t *manifest, json_t *item);

/* 0 when a snapshot with this manifest can be updated; else LG_EINVAL
 * and a message saying why not and what to do instead. */
int lg__update_check(json_t *manifest, lg_error *err);

/*
 * The mark for an update of the snapshot whose manifest this is, as a
 * stamp in since: from "high_water", else from the lastModified of the
 * committed records (a snapshot written before updates existed), kept
 * there. 0, or LG_EINVAL when no record has a lastModified.
 */
int lg__update_since(json_t *manifest, const char *records,
		     char since[LG_STAMP_SIZE], lg_error *err);

#endif
