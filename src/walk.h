/*
 * walk.h - expanding input arguments to files, in a stable order (private).
 */
#ifndef LG_WALK_H
#define LG_WALK_H

#include <stddef.h>

/*
 * Called for each file: `named` is set for files named on the command line
 * (not found in a directory), `problem` is NULL or why the path cannot be
 * read, `rel` its path below the input argument it was found under (for
 * model cards, whose id is ORG/NAME/README.md; NULL when named), `limit`
 * is how many bytes of it to read (-1: all; a snapshot's
 * records are read up to their committed length). A negative return
 * stops the walk with it.
 */
typedef int (*lg__walk_fn)(const char *path, const char *rel, int named,
			   const char *problem, long long limit, void *payload);

/* Calls fn for every input in order; directories are walked recursively,
 * entries sorted by name as bytes, names starting with '.' skipped; a
 * directory `lineage fetch` wrote is read as its committed records. */
int lg__walk_inputs(const char *const *inputs, size_t n, lg__walk_fn fn,
		    void *payload);

#endif
