/*
 * audit_impl.h - the audit's insides, shared by the walk that computes it
 * (audit.c) and the codec that caches it (audit_codec.c) (private).
 */
#ifndef LG_AUDIT_IMPL_H
#define LG_AUDIT_IMPL_H

#include <stdint.h>

#include "arena.h"
#include "lg_audit.h"
#include "license_sets.h"

#define MAX_VENDORS 56
#define MAX_PREFIXES 7 /* name_flags has a bit for each */

/*
 * What a model's ancestry carries, for the rules beyond the pair, in one
 * word so that the walk over millions of models stays in the cache:
 * bits 0-55 the vendors (vendors[] of struct lg_audit), bits 56-62 the
 * longest name prefix required (an index into prefixes[], which runs
 * shortest first, 0 = none), bit 63 a user threshold. Merging two is an
 * OR, but for the prefix, whose longer one wins.
 */
typedef uint64_t ancestry;

#define PREFIX_SHIFT MAX_VENDORS
#define PREFIX_MASK (UINT64_C(127) << PREFIX_SHIFT)
#define MAU_BIT (UINT64_C(1) << 63)

struct lg_audit {
	const lg_graph *g;
	const lg_license_table *t;
	lg__license_sets lic;   /* per node, a set number */
	ancestry *set_own;      /* per set: what its licences carry */
	lg_edge_audit *edges;   /* per edge */
	ancestry *closure;      /* per node: its licences and its ancestry's */
	uint32_t *near_off;     /* per node: its nearest declaring ancestors */
	uint8_t *near_n;        /*   near[near_off[v] ..][0 .. near_n[v]) */
	lg_node *near;
	size_t n_near, cap_near;
	lg_node *concluded;     /* per node: who declares the licence it is
				   concluded to carry, or LG_NONE */
	const char *vendors[MAX_VENDORS];
	int n_vendors;
	const char *prefixes[MAX_PREFIXES + 1]; /* [0] unused: none */
	int n_prefixes;
	uint8_t *name_flags;    /* per node: NAME_LLAMA, bit i: prefixes[i] */
	lg_arena names;         /* `other` names of a decoded audit */
};

#define NAME_LLAMA 1 /* the name after the owner contains "llama" */

/* Model v's normalised licence. */
static inline const lg_model_license *lg__audit_license_of(const lg_audit *a,
							  lg_node v)
{
	return &a->lic.sets[a->lic.of[v]];
}

#endif
