/*
 * test_index.c - the open-addressing index (src/index.h): values found
 * by key through collisions and growth, misses, an empty index; growing
 * leaves the layout where inserting afresh would put it (the model
 * table's slots go into the cache as they are); borrowed slots searched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "testhelp.h"

/* The caller's rows: keys, and the bits of their hash kept (mask): a
 * few low bits make every value start at the table's first slots; low
 * bits cleared start them only every so many slots, in long runs. */
typedef struct {
	uint64_t *keys;
	uint64_t mask;
} rows;

static uint64_t hash_key(uint64_t k, uint64_t mask)
{
	k *= 0x9e3779b97f4a7c15ULL;
	return (k ^ (k >> 29)) & mask;
}

static int key_eq(uint32_t v, const void *key, const void *ctx)
{
	const rows *r = ctx;

	return r->keys[v] == *(const uint64_t *)key;
}

static uint64_t row_hash(uint32_t v, const void *ctx)
{
	const rows *r = ctx;

	return hash_key(r->keys[v], r->mask);
}

/* Puts rows 0 .. n in order, reserving `ahead` more each time it grows
 * (0: one at a time); 0 or -1. */
static int fill(lg__index *ix, const rows *r, size_t n, size_t ahead)
{
	size_t v;

	for (v = 0; v < n; v++) {
		size_t slot;

		if ((ix->used + 1) * 2 > ix->size &&
		    lg__index_reserve(ix, ix->used + 1 + ahead, row_hash,
				      r) < 0)
			return -1;
		slot = lg__index_find(ix, row_hash((uint32_t)v, r), key_eq,
				      &r->keys[v], r);
		if (ix->slots[slot])
			return -1; /* keys are distinct */
		lg__index_put(ix, slot, (uint32_t)v);
	}
	return 0;
}

/* Whether every row is found as itself and keys not in rows are not. */
static int all_found(const lg__index *ix, const rows *r, size_t n)
{
	size_t v;

	for (v = 0; v < n; v++) {
		uint64_t miss = r->keys[v] + 1000000;

		if (lg__index_get(ix, row_hash((uint32_t)v, r), key_eq,
				  &r->keys[v], r) != (long)v ||
		    lg__index_get(ix, hash_key(miss, r->mask), key_eq, &miss,
				  r) != -1)
			return 0;
	}
	return 1;
}

static void test_find(void)
{
	lg__index ix = LG__INDEX_INIT;
	uint64_t keys[5000], none = 7;
	rows r = { keys, UINT64_MAX };
	size_t v;

	for (v = 0; v < 5000; v++)
		keys[v] = v * 7919 + 13;
	test_cond("index: an empty index finds nothing",
		  lg__index_get(&ix, 0, key_eq, &none, &r) == -1);
	test_cond("index: 5000 values put, growing",
		  fill(&ix, &r, 5000, 0) == 0 && ix.used == 5000);
	test_cond("index: at most half full, a power of two",
		  ix.size >= 10000 && !(ix.size & (ix.size - 1)));
	test_cond("index: each found, misses not", all_found(&ix, &r, 5000));
	lg__index_release(&ix);
	test_cond("index: released is empty, finds nothing",
		  !ix.slots && !ix.size && !ix.used &&
		  lg__index_get(&ix, 0, key_eq, &none, &r) == -1);
	lg__index_release(&ix);

	r.mask = 7; /* eight hashes: every search walks a long run */
	test_cond("index: colliding hashes, each found, misses not",
		  fill(&ix, &r, 2000, 0) == 0 && all_found(&ix, &r, 2000));
	lg__index_release(&ix);
}

/* Whether an index reserved once at ix's size, then filled, has its slots. */
static int same_as_once(const lg__index *ix, const rows *r, size_t n)
{
	lg__index once = LG__INDEX_INIT;
	int same = lg__index_reserve(&once, ix->size / 2, row_hash, r) == 0 &&
		   fill(&once, r, n, 0) == 0 && once.size == ix->size &&
		   memcmp(once.slots, ix->slots,
			  ix->size * sizeof(*ix->slots)) == 0;

	lg__index_release(&once);
	return same;
}

/* Grown one at a time, or in jumps, or reserved once: the same slots.
 * Long runs of full slots wrap the table's end, where a rehash in plain
 * slot order would move values. */
static void test_layout(void)
{
	static const uint64_t masks[] = { UINT64_MAX, ~UINT64_C(7),
					  ~UINT64_C(63) };
	static const size_t counts[] = { 1, 511, 512, 513, 3000, 20000 };
	uint64_t *keys = malloc(20000 * sizeof(*keys));
	uint64_t x = 88172645463325252ULL;
	size_t c, v, differ = 0;

	if (!keys)
		return;
	for (v = 0; v < 20000; v++) { /* xorshift: distinct, unordered */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		keys[v] = x;
	}
	for (c = 0; c < 3 * 6; c++) {
		rows r = { keys, masks[c / 6] };
		lg__index grown = LG__INDEX_INIT;
		lg__index jumped = LG__INDEX_INIT;
		size_t n = counts[c % 6];

		if (fill(&grown, &r, n, 0) < 0 ||
		    fill(&jumped, &r, n, 3 * n / 4) < 0 ||
		    !all_found(&grown, &r, n) || !all_found(&jumped, &r, n) ||
		    !same_as_once(&grown, &r, n) ||
		    !same_as_once(&jumped, &r, n))
			differ++;
		lg__index_release(&grown);
		lg__index_release(&jumped);
	}
	test_cond("index: growing, one at a time or in jumps, leaves each "
		  "value where inserting afresh in the same order puts it",
		  differ == 0);
	free(keys);
}

/* A table searched in place, as the model table mapped from a cache. */
static void test_borrowed(void)
{
	lg__index ix = LG__INDEX_INIT, lent;
	uint64_t keys[300];
	rows r = { keys, UINT64_MAX };
	uint32_t *copy;
	size_t v;

	for (v = 0; v < 300; v++)
		keys[v] = v * v + 1;
	if (fill(&ix, &r, 300, 0) < 0 ||
	    !(copy = malloc(ix.size * sizeof(*copy)))) {
		test_cond("index: borrowed: built", 0);
		lg__index_release(&ix);
		return;
	}
	memcpy(copy, ix.slots, ix.size * sizeof(*copy));
	lent.slots = copy;
	lent.size = ix.size;
	lent.used = ix.used;
	lg__index_release(&ix);
	test_cond("index: borrowed slots: each found, misses not",
		  all_found(&lent, &r, 300));
	free(copy);
}

int main(void)
{
	test_find();
	test_layout();
	test_borrowed();
	return test_exit();
}
