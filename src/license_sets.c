/*
 * license_sets.c - interning normalised licences: an index (index.h) of
 * the distinct sets, keyed by their licences and `other` names.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "index.h"
#include "license_sets.h"

static int same(const lg_model_license *a, const lg_model_license *b)
{
	size_t i;

	if (a->n != b->n || a->family_clash != b->family_clash)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->lic[i] != b->lic[i] ||
		    ((a->other_name[i] || b->other_name[i]) &&
		     (!a->other_name[i] || !b->other_name[i] ||
		      strcmp(a->other_name[i], b->other_name[i]) != 0)))
			return 0;
	return 1;
}

static uint64_t hash(const lg_model_license *ml)
{
	uint64_t h = 1469598103934665603ULL ^ ml->n ^ (ml->family_clash << 4);
	const char *s;
	size_t i;

	for (i = 0; i < ml->n; i++) {
		h = (h ^ (uint64_t)(uintptr_t)ml->lic[i]) * 1099511628211ULL;
		for (s = ml->other_name[i]; s && *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	}
	return h ^ (h >> 31);
}

static int set_eq(uint32_t v, const void *key, const void *ctx)
{
	const lg__license_sets *s = ctx;

	return same(&s->sets[v], key);
}

static uint64_t set_hash(uint32_t v, const void *ctx)
{
	const lg__license_sets *s = ctx;

	return hash(&s->sets[v]);
}

/* The number of ml's set, added when new; -1 when out of memory. */
static long intern(lg__license_sets *s, lg__index *ix,
		   const lg_model_license *ml)
{
	size_t slot;

	if (lg__index_reserve(ix, s->n_sets + 1, set_hash, s) < 0)
		return -1;
	slot = lg__index_find(ix, hash(ml), set_eq, ml, s);
	if (ix->slots[slot])
		return (long)ix->slots[slot] - 1;
	if (lg__array_grow((void **)&s->sets, &s->cap_sets, s->n_sets + 1,
			   sizeof(*s->sets)) < 0)
		return -1;
	s->sets[s->n_sets] = *ml;
	lg__index_put(ix, slot, (uint32_t)s->n_sets);
	return (long)s->n_sets++;
}

int lg__license_sets_build(lg__license_sets *out, const lg_graph *g,
			   const lg_license_table *t)
{
	size_t n = lg_graph_count(g), v;
	lg__index ix = LG__INDEX_INIT;
	lg_model_license none;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&none, 0, sizeof(none));
	out->of = malloc((n + 1) * sizeof(*out->of));
	if (!out->of || intern(out, &ix, &none) < 0)
		rc = LG_ENOMEM;
	for (v = 0; v < n && rc == 0; v++) {
		lg_model_license ml;
		long k;

		lg_license_normalize(&ml, t, lg_graph_record(g, (lg_node)v));
		k = ml.n || ml.family_clash ? intern(out, &ix, &ml) : 0;
		if (k < 0)
			rc = LG_ENOMEM;
		else
			out->of[v] = (uint32_t)k;
	}
	lg__index_release(&ix);
	if (rc < 0)
		lg__license_sets_release(out);
	return rc;
}

void lg__license_sets_release(lg__license_sets *s)
{
	if (!s)
		return;
	free(s->sets);
	free(s->of);
	memset(s, 0, sizeof(*s));
}
