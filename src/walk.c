/*
 * walk.c - directory walking for inputs.
 *
 * Order matters: the last record of a duplicated model wins, so the order
 * files are read in must not depend on the file system. Entries are sorted
 * with strcmp, not the locale, and depth is bounded against symlink loops.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lg_error.h"
#include "snapshot.h"
#include "walk.h"

#define MAX_DEPTH 32

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int walk_path(const char *path, size_t root_len, int named, int depth,
		     lg__walk_fn fn, void *payload);

/* path below the input argument: "in/org/x/README.md" -> "org/x/..." */
static const char *below(const char *path, size_t root_len)
{
	path += root_len;
	while (*path == '/')
		path++;
	return path;
}

static int walk_dir(const char *path, size_t root_len, int depth,
		    lg__walk_fn fn, void *payload)
{
	struct dirent **names = NULL;
	char *records;
	long long committed;
	int n, i, rc = 0;

	if (lg__snapshot_probe(path, &records, &committed) == 0) {
		rc = fn(records, NULL, 1, NULL, committed, payload);
		free(records);
		return rc;
	}
	n = scandir(path, &names, not_hidden, by_name);
	if (n < 0)
		return fn(path, NULL, 1, strerror(errno), -1, payload);
	for (i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *child = malloc(len);

		if (rc == 0 && !child)
			rc = LG_ENOMEM;
		if (rc == 0) {
			snprintf(child, len, "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/",
				 names[i]->d_name);
			rc = walk_path(child, root_len, 0, depth + 1, fn,
				       payload);
		}
		free(child);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int walk_path(const char *path, size_t root_len, int named, int depth,
		     lg__walk_fn fn, void *payload)
{
	const char *rel = named ? NULL : below(path, root_len);
	struct stat st;

	if (strcmp(path, "-") == 0)
		return fn(path, NULL, 1, NULL, -1, payload);
	if (stat(path, &st) < 0)
		return fn(path, rel, named, strerror(errno), -1, payload);
	if (S_ISDIR(st.st_mode)) {
		if (depth >= MAX_DEPTH)
			return fn(path, rel, named, "directories nested too "
				  "deep (a symlink loop?)", -1, payload);
		return walk_dir(path, root_len, depth, fn, payload);
	}
	if (!S_ISREG(st.st_mode) && !named)
		return 0; /* sockets, fifos met while walking */
	return fn(path, rel, named, NULL, -1, payload);
}

int lg__walk_inputs(const char *const *inputs, size_t n, lg__walk_fn fn,
		    void *payload)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = walk_path(inputs[i], strlen(inputs[i]), 1, 0, fn, payload);
	return rc;
}
