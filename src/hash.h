/*
 * hash.h - a fast 64-bit hash of byte streams, for cache checksums and
 * keys (private). Not cryptographic: it finds a torn or flipped file,
 * not a forged one (the cache loader checks every value it uses anyway).
 */
#ifndef LG_HASH_H
#define LG_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t lane[4];
	unsigned char tail[32];
	size_t n_tail;
	uint64_t total;
} lg__hasher;

void lg__hasher_init(lg__hasher *h, uint64_t seed);
void lg__hasher_add(lg__hasher *h, const void *data, size_t len);
uint64_t lg__hasher_end(const lg__hasher *h);

/* The three calls at once. */
uint64_t lg__hash64(const void *data, size_t len, uint64_t seed);

#endif
