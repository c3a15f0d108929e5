/*
 * hash.c - four independent multiply-rotate lanes over 32-byte blocks
 * (the shape of xxHash64), so a checksum of a cache file runs at memory
 * speed; a final avalanche mixes the lanes and the length.
 */
#include <string.h>

#include "hash.h"

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

static uint64_t round64(uint64_t lane, uint64_t w)
{
	return rotl(lane + w * P2, 31) * P1;
}

static void block(lg__hasher *h, const unsigned char *p)
{
	int i;

	for (i = 0; i < 4; i++)
		h->lane[i] = round64(h->lane[i], load64(p + 8 * i));
}

void lg__hasher_init(lg__hasher *h, uint64_t seed)
{
	h->lane[0] = seed + P1 + P2;
	h->lane[1] = seed + P2;
	h->lane[2] = seed;
	h->lane[3] = seed - P1;
	h->n_tail = 0;
	h->total = 0;
}

void lg__hasher_add(lg__hasher *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	h->total += len;
	if (h->n_tail) {
		size_t take = 32 - h->n_tail < len ? 32 - h->n_tail : len;

		memcpy(h->tail + h->n_tail, p, take);
		h->n_tail += take;
		p += take;
		len -= take;
		if (h->n_tail < 32)
			return;
		block(h, h->tail);
		h->n_tail = 0;
	}
	for (; len >= 32; p += 32, len -= 32)
		block(h, p);
	memcpy(h->tail, p, len);
	h->n_tail = len;
}

uint64_t lg__hasher_end(const lg__hasher *h)
{
	uint64_t x = rotl(h->lane[0], 1) + rotl(h->lane[1], 7) +
		     rotl(h->lane[2], 12) + rotl(h->lane[3], 18);
	size_t i;

	x ^= h->total * P3;
	for (i = 0; i < h->n_tail; i++)
		x = rotl(x ^ (h->tail[i] * P1), 11) * P2;
	x ^= x >> 33;
	x *= P2;
	x ^= x >> 29;
	x *= P3;
	return x ^ (x >> 32);
}

uint64_t lg__hash64(const void *data, size_t len, uint64_t seed)
{
	lg__hasher h;

	lg__hasher_init(&h, seed);
	lg__hasher_add(&h, data, len);
	return lg__hasher_end(&h);
}
