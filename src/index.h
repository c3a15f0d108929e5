/*
 * index.h - an open-addressing hash index of the caller's numbers, the one
 * every table of distinct things uses: the model ids, the licence ids,
 * the licence sets, the cache's strings, a study's authors (private).
 *
 * Slots hold a value + 1 (0 = empty) and are probed linearly from the
 * hash, in a table kept at most half full, so a search always ends. What
 * a value stands for, and whether it equals a key, is the caller's: the
 * index stores no keys, only the numbers of the caller's rows. The model
 * table's index is mapped from the cache as it is: the layout is fixed,
 * and it depends only on the values and the order they were put in, not
 * on when the table grew, so the same input writes the same cache file.
 *
 * The slots may be borrowed (the model table's, from a mapped cache file):
 * such an index is searched only, never reserved or released, and whoever
 * lent the slots frees them.
 */
#ifndef LG_INDEX_H
#define LG_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t *slots;
	size_t size; /* a power of two, or 0 */
	size_t used;
} lg__index;

#define LG__INDEX_INIT { NULL, 0, 0 }

/* Whether the row numbered value holds key. */
typedef int (*lg__index_eq)(uint32_t value, const void *key, const void *ctx);

/* The hash of the row numbered value (to rehash on growing). */
typedef uint64_t (*lg__index_hash)(uint32_t value, const void *ctx);

/*
 * The slot holding key (hash h), or the empty slot where it would go. The
 * index must not be empty (lg__index_reserve first). Inline, so that a
 * caller's eq, a static function passed as a constant, is inlined into
 * the probe loop: the model table is searched twice per record loaded.
 */
static inline size_t lg__index_find(const lg__index *ix, uint64_t h,
				    lg__index_eq eq, const void *key,
				    const void *ctx)
{
	size_t mask = ix->size - 1, i = (size_t)h & mask;

	for (; ix->slots[i]; i = (i + 1) & mask)
		if (eq(ix->slots[i] - 1, key, ctx))
			break;
	return i;
}

/* The value at key, or -1 when there is none. */
static inline long lg__index_get(const lg__index *ix, uint64_t h,
				 lg__index_eq eq, const void *key,
				 const void *ctx)
{
	size_t slot;

	if (!ix->size)
		return -1;
	slot = lg__index_find(ix, h, eq, key, ctx);
	return ix->slots[slot] ? (long)ix->slots[slot] - 1 : -1;
}

/* Puts value in the empty slot find gave. */
void lg__index_put(lg__index *ix, size_t slot, uint32_t value);

/* Room for n values in all (at least 1024 slots), rehashing with hash; 0
 * or LG_ENOMEM. A put needs room for used + 1. */
int lg__index_reserve(lg__index *ix, size_t n, lg__index_hash hash,
		      const void *ctx);

void lg__index_release(lg__index *ix);

#endif
