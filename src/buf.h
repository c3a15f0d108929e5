/*
 * buf.h - a growable byte buffer, in the spirit of git's strbuf (private).
 *
 * Invariant: data is NULL or points to cap bytes, of which len are used.
 */
#ifndef LG_BUF_H
#define LG_BUF_H

#include <stddef.h>

#include "lg_error.h"

typedef struct {
	char *data;
	size_t len, cap;
} lg_buf;

#define LG_BUF_INIT { NULL, 0, 0 }

/* Makes room for extra more bytes; 0 or LG_ENOMEM. */
int lg__buf_grow(lg_buf *b, size_t extra);

/* Appends len bytes; 0 or LG_ENOMEM. */
int lg__buf_add(lg_buf *b, const void *data, size_t len);

void lg__buf_release(lg_buf *b);

/* Appends s to the len-byte text in buf (size > 0 bytes, NUL-terminated),
 * cut to fit as snprintf cuts; the new length. For text built per row,
 * where snprintf's format parsing costs more than the copying. */
size_t lg__text_add(char *buf, size_t size, size_t len, const char *s);

/* Appends the whole file at path (a NUL after it, not counted); errors
 * name the file. 0, LG_EIO or LG_ENOMEM. */
int lg__buf_read_file(lg_buf *b, const char *path, lg_error *err);

/*
 * Makes *items (an array of *cap elements of elem_size bytes) hold at least
 * need elements, doubling; 0 or LG_ENOMEM (then *items is unchanged).
 * The one growth rule for every dynamic array in the library.
 */
int lg__array_grow(void **items, size_t *cap, size_t need, size_t elem_size);

/* malloc for arrays of hundreds of megabytes filled at once: aligned to
 * and advised for huge pages, so filling them costs a few hundred page
 * faults, not hundreds of thousands. free() releases it. */
void *lg__alloc_large(size_t size);

#endif
