/*
 * buf.c - growable byte buffer; capacity doubles, so appends are amortised O(1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "buf.h"
#include "lg_error.h"

#define LARGE_ALIGN (2u << 20) /* a huge page */

int lg__buf_grow(lg_buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *data;

	if (b->len + extra < b->len)
		return LG_ENOMEM;
	if (b->len + extra <= b->cap)
		return 0;
	while (cap < b->len + extra)
		cap *= 2;
	data = realloc(b->data, cap);
	if (!data)
		return LG_ENOMEM;
	b->data = data;
	b->cap = cap;
	return 0;
}

int lg__buf_add(lg_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (lg__buf_grow(b, len) < 0)
		return LG_ENOMEM;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void lg__buf_release(lg_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

size_t lg__text_add(char *buf, size_t size, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n > size - 1 - len)
		n = size - 1 - len;
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
	return len + n;
}

int lg__array_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem_size)
		return LG_ENOMEM;
	p = realloc(*items, n * elem_size);
	if (!p)
		return LG_ENOMEM;
	*items = p;
	*cap = n;
	return 0;
}

void *lg__alloc_large(size_t size)
{
	void *p = NULL;

	if (size < LARGE_ALIGN)
		return malloc(size ? size : 1);
	if (posix_memalign(&p, LARGE_ALIGN, size) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE); /* advice only: ignore failure */
#endif
	return p;
}

int lg__buf_read_file(lg_buf *b, const char *path, lg_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int failed;

	if (!f)
		return lg_error_set(err, LG_EIO, path, 0, "cannot open '%s': %s",
				    path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (lg__buf_add(b, chunk, n) < 0) {
			fclose(f);
			return lg_error_set(err, LG_ENOMEM, path, 0,
					    "out of memory");
		}
	failed = ferror(f);
	fclose(f);
	if (failed)
		return lg_error_set(err, LG_EIO, path, 0, "cannot read '%s'",
				    path);
	if (lg__buf_add(b, "", 1) < 0)
		return lg_error_set(err, LG_ENOMEM, path, 0, "out of memory");
	b->len--;
	return 0;
}
