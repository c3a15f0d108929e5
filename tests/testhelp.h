/*
 * testhelp.h - the smallest test harness (after redis's testhelp.h).
 *
 * Each check prints "ok NAME" or "FAIL NAME (file:line)"; tests/run.sh
 * counts those lines across every test program and script.
 */
#ifndef LG_TESTHELP_H
#define LG_TESTHELP_H

#include <stdio.h>

static int test_failed_count;

#define test_cond(name, cond)                                              \
	do {                                                               \
		if (cond) {                                                \
			printf("ok %s\n", (name));                         \
		} else {                                                   \
			printf("FAIL %s (%s:%d)\n", (name), __FILE__,      \
			       __LINE__);                                  \
			test_failed_count++;                               \
		}                                                          \
	} while (0)

#define test_exit() (test_failed_count ? 1 : 0)

#endif
