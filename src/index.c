/*
 * index.c - growing, filling and freeing the index; its searches are
 * inline in index.h.
 *
 * Growing keeps the layout a function of the values and the order they
 * were put in, not of when the table grew (see move_all): the model
 * table's slots are written to the cache as they are, so the same input
 * gives the same file however the table was reserved.
 */
#include <stdlib.h>

#include "index.h"
#include "lg_error.h"

void lg__index_put(lg__index *ix, size_t slot, uint32_t value)
{
	ix->slots[slot] = value + 1;
	ix->used++;
}

/* Reinserts ix's values into slots[0 .. size). The walk starts after an
 * empty slot, so no run of full slots is cut where the table wraps: each
 * run is then reinserted in its own order, which puts every value where
 * inserting them all afresh in their original order would. */
static void move_all(uint32_t *slots, size_t size, const lg__index *ix,
		     lg__index_hash hash, const void *ctx)
{
	size_t start = 0, j, k;

	while (ix->slots[start]) /* at most half full: there is one */
		start++;
	for (j = 1; j <= ix->size; j++) {
		uint32_t v = ix->slots[(start + j) & (ix->size - 1)];

		if (!v)
			continue;
		for (k = (size_t)hash(v - 1, ctx) & (size - 1); slots[k];
		     k = (k + 1) & (size - 1))
			;
		slots[k] = v;
	}
}

int lg__index_reserve(lg__index *ix, size_t n, lg__index_hash hash,
		      const void *ctx)
{
	size_t size = ix->size ? ix->size : 1024;
	uint32_t *slots;

	if (n * 2 <= ix->size)
		return 0;
	while (n * 2 > size)
		size *= 2;
	slots = calloc(size, sizeof(*slots));
	if (!slots)
		return LG_ENOMEM;
	if (ix->size)
		move_all(slots, size, ix, hash, ctx);
	free(ix->slots);
	ix->slots = slots;
	ix->size = size;
	return 0;
}

void lg__index_release(lg__index *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->size = ix->used = 0;
}
