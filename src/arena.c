/*
 * arena.c - bump allocation in linked chunks.
 *
 * Small requests are carved from the newest chunk; a request larger than a
 * quarter of a chunk gets a chunk of its own, placed behind the head so the
 * head's free space is not wasted.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_SIZE (256 * 1024)
#define ALIGN 16

struct lg__arena_chunk {
	lg__arena_chunk *next;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

static lg__arena_chunk *chunk_new(size_t size)
{
	lg__arena_chunk *c = malloc(sizeof(*c) + size);

	if (!c)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

void *lg__arena_alloc(lg_arena *a, size_t size)
{
	lg__arena_chunk *c = a->head;
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (need < size)
		return NULL;
	if (need > CHUNK_SIZE / 4) {
		lg__arena_chunk *big = chunk_new(need);

		if (!big)
			return NULL;
		big->used = need;
		if (c) {
			big->next = c->next;
			c->next = big;
		} else {
			a->head = big;
		}
		a->total += need;
		return big->data;
	}
	if (!c || c->size - c->used < need) {
		c = chunk_new(CHUNK_SIZE);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	c->used += need;
	a->total += need;
	return c->data + c->used - need;
}

char *lg__arena_strndup(lg_arena *a, const char *s, size_t len)
{
	char *p = lg__arena_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void lg__arena_steal(lg_arena *to, lg_arena *from)
{
	lg__arena_chunk *tail = from->head;

	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* from's head keeps its free space usable only if it stays first */
	tail->next = to->head;
	to->head = from->head;
	to->total += from->total;
	from->head = NULL;
	from->total = 0;
}

void lg__arena_release(lg_arena *a)
{
	lg__arena_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void lg__arena_reset(lg_arena *a)
{
	lg__arena_chunk *keep = a->head, *c, *next;

	if (!keep)
		return;
	/* the head is a regular chunk unless a big one sits alone */
	for (c = keep->next; c; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
	if (keep->size != CHUNK_SIZE) {
		free(keep);
		a->head = NULL;
	}
}
