/*
 * json_alloc.c - the per-thread scratch arena behind Jansson's allocator.
 */
#include <stdlib.h>

#include <jansson.h>

#include "arena.h"
#include "json_alloc.h"

static _Thread_local lg_arena scratch = LG_ARENA_INIT;
static _Thread_local int scratch_active;

static void *json_alloc(size_t size)
{
	return scratch_active ? lg__arena_alloc(&scratch, size) : malloc(size);
}

static void json_free(void *p)
{
	if (!scratch_active)
		free(p);
}

void lg__json_alloc_install(void)
{
	json_set_alloc_funcs(json_alloc, json_free);
}

void lg__json_scratch_begin(void)
{
	scratch_active = 1;
}

void lg__json_scratch_end(void)
{
	scratch_active = 0;
	lg__arena_reset(&scratch);
}

void lg__json_scratch_release(void)
{
	lg__arena_release(&scratch);
}
