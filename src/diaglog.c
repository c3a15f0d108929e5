/*
 * diaglog.c - the kept diagnostics of one graph, in order.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diaglog.h"

struct lg__diaglog {
	lg_arena strings;
	lg_diag *items;
	size_t n, cap, dropped;
	size_t kinds[LG_DIAG_KIND_COUNT];
	const char *last_file, *last_copy; /* file names repeat: copy once */
};

lg__diaglog *lg__diaglog_new(void)
{
	return calloc(1, sizeof(lg__diaglog));
}

void lg__diaglog_free(lg__diaglog *log)
{
	if (!log)
		return;
	lg__arena_release(&log->strings);
	free(log->items);
	free(log);
}

static const char *copy(lg__diaglog *log, const char *s)
{
	return s ? lg__arena_strndup(&log->strings, s, strlen(s)) : NULL;
}

int lg__diaglog_add(lg__diaglog *log, const lg_diag *d, int borrow)
{
	lg_diag c = *d;

	if (d->kind >= 0 && d->kind < LG_DIAG_KIND_COUNT)
		log->kinds[d->kind]++;
	if (log->n >= LG__DIAGLOG_MAX ||
	    lg__array_grow((void **)&log->items, &log->cap, log->n + 1,
			   sizeof(*log->items)) < 0) {
		log->dropped++;
		return log->n >= LG__DIAGLOG_MAX ? 0 : LG_ENOMEM;
	}
	if (!borrow) {
		if (d->file != log->last_file || !log->last_copy) {
			log->last_file = d->file;
			log->last_copy = copy(log, d->file);
		}
		c.file = log->last_copy;
		c.model = copy(log, d->model);
		c.text = copy(log, d->text);
		if ((d->file && !c.file) || (d->model && !c.model) ||
		    (d->text && !c.text)) {
			log->dropped++;
			return LG_ENOMEM;
		}
	}
	log->items[log->n++] = c;
	return 0;
}

size_t lg__diaglog_count(const lg__diaglog *log)
{
	return log->n;
}

void lg__diaglog_counts(const lg__diaglog *log,
			size_t out[LG_DIAG_KIND_COUNT])
{
	memcpy(out, log->kinds, sizeof(log->kinds));
}

size_t lg__diaglog_dropped(const lg__diaglog *log)
{
	return log->dropped;
}

void lg__diaglog_get(const lg__diaglog *log, size_t i, lg_diag *out)
{
	*out = log->items[i];
}
