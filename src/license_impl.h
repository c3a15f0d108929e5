/*
 * license_impl.h - the licence table's insides, shared by the table
 * parser, normalisation and the audit (private).
 *
 * Invariants: every lg_license lives in the arena, so pointers to it stay
 * valid while more records load; ids indexes lics by licence id
 * (index.h); reason codes are bits 0..63, the fixed ones the audit
 * computes itself first (enum below).
 */
#ifndef LG_LICENSE_IMPL_H
#define LG_LICENSE_IMPL_H

#include "arena.h"
#include "index.h"
#include "lg_license.h"

/* The reasons the audit derives beyond the verdict matrix. */
enum {
	LG__CODE_LLAMA_NAME_PREFIX,
	LG__CODE_VENDOR_NOT_IN_ANCESTRY,
	LG__CODE_MISSING_LLAMA_LICENSE,
	LG__CODE_MERGE_COPYLEFT_VS_RESTRICTED,
	LG__CODE_MERGE_MULTI_COPYLEFT,
	LG__CODE_MERGE_NC_PLUS_SHAREALIKE,
	LG__CODE_MERGE_MULTI_VENDOR,
	LG__CODE_NO_TRAIN_OTHER_LLM,
	LG__CODE_MAU_LIMIT,
	LG__CODE_DECLARED_FAMILY_CLASH,
	LG__CODE_PARENT_LICENSE_CHOSEN,
	LG__CODE_JUDGED_BY_ANCESTOR,
	LG__CODE_POLICY_FLAG,    /* --policy: the use needs a review */
	LG__CODE_POLICY_DENY,    /* --policy: the use is forbidden */
	LG__CODE_FIXED
};
#define LG__MAX_CODES 64

/* A verdict and the reason code that explains it (-1: none). */
typedef struct {
	int8_t verdict; /* -1: this modifier is not set */
	int8_t code;
} lg__outcome;

/* One cell of the matrix with its modifiers (data/licenses.tab). */
typedef struct {
	lg__outcome base, same, adapter, quantized_same, same_vendor,
		no_sublicense;
} lg__rule;

typedef struct {
	const char *name; /* lower case */
	int prefix;       /* the pattern ended in '*' */
	const lg_license *lic;
} lg__alias;

struct lg_license_table {
	lg_arena arena;
	lg_license **lics;
	size_t n_lics, cap_lics;
	lg__index ids;             /* lics by id */
	lg__alias *aliases;
	size_t n_aliases, cap_aliases;
	const lg_license *(*compatible)[2];
	size_t n_compatible, cap_compatible;
	lg__rule rules[LG_FAM_COUNT][LG_FAM_COUNT];
	const char *codes[LG__MAX_CODES];
	const char *basis[LG__MAX_CODES];
	int n_codes;
	uint64_t fingerprint;      /* of every text loaded, in order */
	const lg_license *unknown; /* the `unknown` entry */
	const lg_license *other;   /* the `other` entry */
};

/* The number of a reason code, added if new; -1 when all 64 are taken. */
int lg__license_code(lg_license_table *t, const char *name);

/* Whether a parent licence may pass to this child licence as "the same":
 * equal, or a pair listed `compatible`. */
int lg__license_same(const lg_license_table *t, const lg_license *parent,
		     const lg_license *child);

#endif
