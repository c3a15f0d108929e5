/*
 * walk.h - expanding input arguments to files, in a stable order (private).
 */
#ifndef LG_WALK_H
#define LG_WALK_H

#include <stddef.h>

/*
 * Called for each file: `named` is set for files named on the command line
 * (not found in a directory), `problem` is NULL or why the path cannot be
 * read. A negative return stops the walk with it.
 */
typedef int (*lg__walk_fn)(const char *path, int named, const char *problem,
			   void *payload);

/* Calls fn for every input in order; directories are walked recursively,
 * entries sorted by name as bytes, names starting with '.' skipped. */
int lg__walk_inputs(const char *const *inputs, size_t n, lg__walk_fn fn,
		    void *payload);

#endif
