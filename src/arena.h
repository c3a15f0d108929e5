/*
 * arena.h - a bump allocator for strings and small records (private).
 *
 * Everything allocated from an arena lives until the arena is released, all
 * at once. Chunks are linked, so pointers never move; an arena can hand all
 * its chunks to another (lg__arena_steal), which is how per-batch strings
 * parsed on a worker thread become the model table's without copying.
 */
#ifndef LG_ARENA_H
#define LG_ARENA_H

#include <stddef.h>

typedef struct lg__arena_chunk lg__arena_chunk;

typedef struct {
	lg__arena_chunk *head; /* newest chunk first */
	size_t total;          /* bytes handed out, for memory reports */
} lg_arena;

#define LG_ARENA_INIT { NULL, 0 }

/* Returns size bytes aligned for any object, or NULL when out of memory. */
void *lg__arena_alloc(lg_arena *a, size_t size);

/* A NUL-terminated copy of s[0..len), or NULL when out of memory. */
char *lg__arena_strndup(lg_arena *a, const char *s, size_t len);

/* Moves every chunk of from into to; from is left empty. */
void lg__arena_steal(lg_arena *to, lg_arena *from);

/* Forgets every allocation but keeps one chunk for reuse. */
void lg__arena_reset(lg_arena *a);

void lg__arena_release(lg_arena *a);

#endif
