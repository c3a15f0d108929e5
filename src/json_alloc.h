/*
 * json_alloc.h - Jansson's allocations while a record is parsed come from
 * a per-thread arena (private).
 *
 * Parsing a record builds a whole Jansson tree only to copy a few fields
 * out and free it; malloc and free for every node were a fifth of ingest
 * time. Between lg__json_scratch_begin and _end, on the calling thread,
 * Jansson allocates by bumping a pointer and frees nothing; _end drops the
 * lot at once. Everything allocated in between must be freed in between.
 * Outside such a window (and on other threads) Jansson uses malloc/free.
 */
#ifndef LG_JSON_ALLOC_H
#define LG_JSON_ALLOC_H

/* Installs the allocator into Jansson; called by lg_global_init. */
void lg__json_alloc_install(void);

void lg__json_scratch_begin(void);
void lg__json_scratch_end(void);

/* Frees the calling thread's arena; threads call it before they exit. */
void lg__json_scratch_release(void);

#endif
