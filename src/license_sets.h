/*
 * license_sets.h - every model's normalised licence, each distinct one
 * stored once (private).
 *
 * Two and a half million models carry a few thousand distinct licence
 * sets; a set number per model (4 bytes) instead of an lg_model_license
 * (80) keeps the audit's walks in the processor's cache, and lets
 * anything computed from a licence alone be computed once per set.
 */
#ifndef LG_LICENSE_SETS_H
#define LG_LICENSE_SETS_H

#include <stdint.h>

#include "lg_graph.h"
#include "lg_license.h"

typedef struct {
	lg_model_license *sets; /* distinct; sets[0] is "none" */
	size_t n_sets, cap_sets;
	uint32_t *of;           /* per node: its set */
} lg__license_sets;

/* Normalises every model of g with t (lg_license_normalize); 0 or
 * LG_ENOMEM. Strings stay borrowed from g and t. */
int lg__license_sets_build(lg__license_sets *out, const lg_graph *g,
			   const lg_license_table *t);
void lg__license_sets_release(lg__license_sets *s);

#endif
