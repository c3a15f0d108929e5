/*
 * snapshot.h - the crash-safe directory `lineage fetch` writes (private).
 *
 * DIR/records.jsonl holds the raw model objects, one per line, appended
 * page by page; DIR/manifest.json says how many of its bytes are
 * committed and where the crawl resumes. A page is appended and fsynced
 * before the manifest that counts it is renamed into place, so after a
 * kill at any instant the manifest describes a prefix of records.jsonl
 * that is whole: resuming truncates the file back to it and goes on.
 */
#ifndef LG_SNAPSHOT_H
#define LG_SNAPSHOT_H

#include <jansson.h>

#include "lg_error.h"

#define LG_SNAPSHOT_FORMAT "lineage-snapshot"
#define LG_SNAPSHOT_RECORDS "records.jsonl"
#define LG_SNAPSHOT_MANIFEST "manifest.json"

typedef struct {
	char *dir;
	int fd;          /* records.jsonl, opened for appending */
	long long bytes; /* committed length */
} lg__snapshot;

/* Opens DIR for a new crawl (creating it; an existing snapshot there is
 * an error unless resuming) or, with resume, loads its manifest into
 * *manifest (NULL when there was none: a new crawl). */
int lg__snapshot_open(lg__snapshot *s, const char *dir, int resume,
		      json_t **manifest, lg_error *err);

/* Appends data (whole lines) and makes it durable; not yet committed. */
int lg__snapshot_append(lg__snapshot *s, const char *data, size_t len,
			lg_error *err);

/* Writes manifest (with "bytes" set to the appended length) atomically:
 * the pages appended so far are now committed. */
int lg__snapshot_commit(lg__snapshot *s, json_t *manifest, lg_error *err);

void lg__snapshot_close(lg__snapshot *s);

/* For readers: when dir is a snapshot, the path of its records and the
 * committed length; 0 when it is one, -1 when not. */
int lg__snapshot_probe(const char *dir, char **records, long long *bytes);

#endif
