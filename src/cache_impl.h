/*
 * cache_impl.h - what the cache's three files share (private): the entry
 * for a set of inputs (cache.c makes it), writing one (cache_write.c) and
 * reading one back (cache_read.c).
 */
#ifndef LG_CACHE_IMPL_H
#define LG_CACHE_IMPL_H

#include <stdint.h>

#include "lg_cache.h"

/* One file the inputs expand to, as the fingerprint saw it. */
typedef struct {
	char *path;
	int64_t size, mtime_s, mtime_ns, limit;
} lg__cache_file;

struct lg_cache {
	char *dir, *path;     /* the directory, and the entry in it */
	uint64_t identity;    /* of the inputs' absolute paths */
	uint64_t fingerprint; /* of every file they expand to */
	lg__cache_file *files;
	size_t n_files, cap_files;
};

/* lg_graph_stats field by field, as the cache stores it (STAT_COUNT
 * numbers, the unused ones 0). */
void lg__stats_to_disk(const lg_graph_stats *s, uint64_t *out);
void lg__stats_from_disk(lg_graph_stats *s, const uint64_t *in);

/* Creates dir (and its parents) with mode 0700 if missing. */
int lg__cache_mkdir(const char *dir, lg_error *err);

/* Opens a temporary file beside final; *tmp_path is malloc'd. */
int lg__cache_temp(const char *final, char **tmp_path, int *fd,
		   lg_error *err);

/* Removes the temporary tmp, a write given up. */
void lg__cache_discard(const char *tmp);

/* Closes fd and renames tmp over final; on failure removes tmp. */
int lg__cache_commit(int fd, const char *tmp, const char *final,
		     lg_error *err);

#endif
