/*
 * fetch_update.c - the mark `fetch --update` stops at, and the snapshots
 * it refuses (fetch_update.h says why the mark is what it is).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fetch_update.h"

long long lg__stamp_seconds(const char *s)
{
	struct tm tm;
	int used = 0;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year,
			 &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec, &used) != 6 || used != 19)
		return -1;
	s += used;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (strcmp(s, "Z") != 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

int lg__note_high_water(json_t *manifest, json_t *item)
{
	const char *lm = json_string_value(json_object_get(item, "lastModified"));
	const char *hw = json_string_value(json_object_get(manifest,
							   "high_water"));
	long long s = lg__stamp_seconds(lm);

	if (s < 0 || (hw && lg__stamp_seconds(hw) >= s))
		return 0;
	return json_object_set_new(manifest, "high_water", json_string(lm)) < 0
		       ? LG_ENOMEM
		       : 0;
}

/* A snapshot written before "high_water" was kept: the newest
 * lastModified of its records (the file holds only committed ones now). */
static int scan_high_water(json_t *manifest, const char *records,
			   lg_error *err)
{
	FILE *f = fopen(records, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f)
		return lg_error_set(err, LG_EIO, records, 0,
				    "cannot read '%s': %s", records,
				    strerror(errno));
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		json_t *item = json_loadb(line, (size_t)n, 0, NULL);

		if (item && lg__note_high_water(manifest, item) < 0)
			rc = lg_error_set(err, LG_ENOMEM, NULL, 0,
					  "out of memory");
		json_decref(item);
	}
	free(line);
	fclose(f);
	return rc;
}

/* A crawl whose records are not "every model of its listing" cannot be
 * brought up to date by listing what changed. */
int lg__update_check(json_t *manifest, lg_error *err)
{
	json_t *query = json_object_get(manifest, "query");
	const char *how;

	if (json_object_get(query, "descendants_of"))
		how = "--descendants-of";
	else if (json_array_size(json_object_get(query, "models")))
		how = "--model";
	else if (json_object_get(query, "limit"))
		how = "--limit";
	else
		return 0;
	return lg_error_set(err, LG_EINVAL, NULL, 0,
			    "a snapshot crawled with %s cannot be updated (an "
			    "update lists every model of the query changed "
			    "since): crawl it anew with lineage fetch --out "
			    "NEWDIR",
			    how);
}

/* When the last crawl or update began, by our clock. */
static long long last_start(json_t *manifest)
{
	json_t *updates = json_object_get(manifest, "updates");
	size_t n = json_array_size(updates);
	json_t *from = n ? json_array_get(updates, n - 1) : manifest;

	return lg__stamp_seconds(json_string_value(json_object_get(from,
								   "started")));
}

int lg__update_since(json_t *manifest, const char *records,
		     char since[LG_STAMP_SIZE], lg_error *err)
{
	long long mark, start;
	time_t t;
	struct tm tm;
	int rc;

	if (!json_object_get(manifest, "high_water") &&
	    (rc = scan_high_water(manifest, records, err)) < 0)
		return rc;
	mark = lg__stamp_seconds(json_string_value(
		json_object_get(manifest, "high_water")));
	if (mark < 0)
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "no record of the snapshot has a "
				    "lastModified, so an update cannot tell "
				    "what changed: crawl it anew with lineage "
				    "fetch --out NEWDIR");
	start = last_start(manifest);
	if (start >= 0 && start < mark)
		mark = start;
	t = (time_t)(mark - LG_UPDATE_OVERLAP_S);
	gmtime_r(&t, &tm);
	strftime(since, LG_STAMP_SIZE, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	return 0;
}
