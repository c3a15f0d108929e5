/*
 * failmalloc.c - an LD_PRELOAD shim that makes one allocation fail, for
 * the allocation-failure sweeps in tests/cli/review.sh.
 *
 * LG_FAILMALLOC=N fails the Nth call of malloc, calloc or realloc (counted
 * across threads) and no other; LG_FAILMALLOC_COUNT=FILE writes the number
 * of calls made to FILE at exit, so a sweep knows how far to go;
 * LG_FAILMALLOC_TRACE=1 prints the failing call's stack to stderr. Not for
 * sanitizer builds, which bring their own allocator. A test program may
 * compile it in and set fail_at and calls itself (test_build_fail.c), and
 * read `live`, the blocks allocated and not yet freed, to find a leak.
 */
#include <errno.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static unsigned long calls, fail_at;
static int trace;
static long live;

/* p, counted as one more live block when it is one */
static void *counted(void *p)
{
	if (p)
		__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return p;
}

/* Whether this call fails; it sets errno as malloc would. */
static int fails(void)
{
	unsigned long n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);

	if (n != fail_at)
		return 0;
	if (trace) { /* where: addr2line -e BINARY, or gdb's info symbol */
		void *frames[16];

		backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
	}
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fails() ? NULL : counted(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
	return fails() ? NULL : counted(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
	void *q;

	if (fails())
		return NULL;
	q = __libc_realloc(p, size);
	if (!p)
		return counted(q);
	if (q || !size) /* realloc(p, 0) may free p and give NULL */
		__atomic_sub_fetch(&live, q ? 0 : 1, __ATOMIC_RELAXED);
	return q;
}

void free(void *p)
{
	if (p)
		__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
	__libc_free(p);
}

__attribute__((constructor)) static void start(void)
{
	const char *v = getenv("LG_FAILMALLOC");

	fail_at = v ? strtoul(v, NULL, 10) : 0;
	trace = getenv("LG_FAILMALLOC_TRACE") != NULL;
	calls = 0;
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("LG_FAILMALLOC_COUNT");
	FILE *f;

	if (path && (f = fopen(path, "w"))) {
		fprintf(f, "%lu\n", __atomic_load_n(&calls, __ATOMIC_RELAXED));
		fclose(f);
	}
}
