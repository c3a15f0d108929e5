/*
 * tempfiles.c - the temporary files being written right now, kept where a
 * signal handler can remove them (lg_remove_temp_files).
 *
 * A fixed table of copied paths, each slot free, being filled or live; a
 * handler reads only live slots and calls only unlink(2), so it is
 * async-signal-safe. A path that does not fit, or a full table, is simply
 * not registered: that file is then left behind by a signal, as before.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "tempfiles.h"

#define SLOTS 32

enum { FREE, FILLING, LIVE };

static struct {
	volatile sig_atomic_t state;
	char path[4096];
} slots[SLOTS];

void lg__temp_add(const char *path)
{
	size_t len = strlen(path), i;

	if (len >= sizeof(slots[0].path))
		return;
	for (i = 0; i < SLOTS; i++) {
		sig_atomic_t expected = FREE;

		if (__atomic_compare_exchange_n(&slots[i].state, &expected,
						FILLING, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			memcpy(slots[i].path, path, len + 1);
			__atomic_store_n(&slots[i].state, LIVE,
					 __ATOMIC_RELEASE);
			return;
		}
	}
}

void lg__temp_forget(const char *path)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == LIVE &&
		    strcmp(slots[i].path, path) == 0) {
			__atomic_store_n(&slots[i].state, FREE,
					 __ATOMIC_RELEASE);
			return;
		}
}

void lg_remove_temp_files(void)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == LIVE)
			unlink(slots[i].path);
}
