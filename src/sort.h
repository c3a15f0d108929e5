/*
 * sort.h - qsort for arrays that may be empty (private). An empty array
 * is often a NULL pointer here, and qsort's base is declared never NULL,
 * whatever the count: passing one is undefined behaviour.
 */
#ifndef LG_SORT_H
#define LG_SORT_H

#include <stdlib.h>

static inline void lg__sort(void *base, size_t n, size_t size,
			    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
