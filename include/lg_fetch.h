/*
 * lg_fetch.h - crawling the Hub API into a snapshot (SPEC §4).
 *
 * One crawl is a list of tasks: listing pages to follow (Link rel="next"
 * verbatim) and model-info objects to get. --descendants-of adds a
 * listing task per child found, breadth-first. After every page the
 * records are appended to the snapshot and made durable, then the task
 * list is committed with them, so a crawl killed at any instant resumes
 * without losing or repeating a record.
 *
 * An update (--update) is one more listing task on a crawled snapshot:
 * its query sorted by lastModified, newest first, followed until a model
 * older than the snapshot's mark (fetch_update.h); its records are
 * appended like a crawl's, and the manifest's "updates" lists each one
 * (started, since, pages, records, finished).
 */
#ifndef LG_FETCH_H
#define LG_FETCH_H

#include <stddef.h>

#include "lg_error.h"

typedef struct {
	size_t pages, records, retries;
	double seconds;      /* since this run started */
	double waited;       /* on rate limits and backoff */
	const char *waiting; /* NULL, or why the crawl is waiting now */
	int done;
} lg_fetch_progress;

typedef struct {
	int version;
	const char *out_dir;
	const char *endpoint;          /* e.g. https://huggingface.co */
	const char *token;             /* NULL: anonymous */
	const char *search, *author, *sort;
	const char *const *filters;
	size_t n_filters;
	long limit;                    /* records in all; -1 = no limit */
	long page_size;                /* 1 .. 1000 */
	const char *descendants_of;
	const char *const *models;     /* --model ids */
	size_t n_models;
	int resume;
	int update;                    /* add what changed since the last run */
	long retry_base_ms;            /* first backoff; doubles each time */
	long max_wait_s;               /* longest rate-limit wait honoured */
	int max_attempts;              /* per request, 5xx and transport */
	void (*progress)(const lg_fetch_progress *p, void *payload);
	void *payload;
} lg_fetch_options;

#define LG_FETCH_OPTIONS_VERSION 2
#define LG_FETCH_OPTIONS_INIT                                              \
	{ LG_FETCH_OPTIONS_VERSION, NULL, "https://huggingface.co", NULL,   \
	  NULL, NULL, NULL, NULL, 0, -1, 1000, NULL, NULL, 0, 0, 0, 1000,   \
	  300, 8, NULL, NULL }

/*
 * Runs (or resumes) the crawl. Returns 0 when it is complete; LG_EHTTP
 * with a message saying what to do for 401, 403, 404 and for retries
 * exhausted; LG_EIO when the snapshot cannot be written. The token never
 * appears in err, the snapshot or any callback.
 */
int lg_fetch(const lg_fetch_options *o, lg_error *err);

#endif
