/*
 * lg_license.h - licence knowledge and each model's normalised licence
 * (SPEC-licenses §1-§2).
 *
 * What lineage knows about licences is data: data/licenses.tab, compiled
 * in, plus any user file of the same form (lg_license_table_load_file).
 * The table holds the licences (family, openness class, attributes), the
 * aliases that resolve `license: other` + `license_name`, the verdict
 * matrix and the reason codes with the clause each rests on.
 */
#ifndef LG_LICENSE_H
#define LG_LICENSE_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"
#include "lg_record.h"

typedef enum {
	LG_FAM_PERMISSIVE,
	LG_FAM_WEAK_COPYLEFT,
	LG_FAM_COPYLEFT,
	LG_FAM_NON_COMMERCIAL,
	LG_FAM_NO_DERIVATIVES,
	LG_FAM_USE_RESTRICTED,
	LG_FAM_VENDOR,
	LG_FAM_OTHER,
	LG_FAM_UNKNOWN,
	LG_FAM_COUNT
} lg_family;

typedef enum {
	LG_OPEN_OSI,          /* OSI-approved software licence */
	LG_OPEN_CONTENT,      /* CC / ODC without NC or ND */
	LG_OPEN_RESTRICTED,   /* open-weight, restricted: vendor, RAIL */
	LG_OPEN_NC_ND,        /* non-commercial / no-derivatives */
	LG_OPEN_OTHER,
	LG_OPEN_UNKNOWN,
	LG_OPEN_COUNT
} lg_openness;

typedef enum {
	LG_VERDICT_OK,
	LG_VERDICT_INFO,
	LG_VERDICT_WARN,
	LG_VERDICT_CONFLICT,
	LG_VERDICT_COUNT
} lg_verdict;

/* One licence of the table. Strings are owned by the table. */
typedef struct {
	const char *id;
	lg_family family;
	lg_openness openness;
	const char *vendor;    /* NULL unless a vendor's own licence */
	const char *version;
	uint64_t mau;          /* monthly-active-user threshold, 0 = none */
	const char *prefix;    /* required name prefix of derivatives */
	const char *fold;      /* the row a study folds its versions into
				  ("llama-family"), or NULL */
	const char *spdx;      /* its SPDX License List id ("Apache-2.0"),
				  or the LicenseRef- that names it; NULL:
				  none, a BOM makes LicenseRef-<id> */
	const char *url;       /* where its terms are published, or NULL */
	unsigned hub : 1, no_sublicense : 1, no_train_other : 1;
} lg_license;

typedef struct lg_license_table lg_license_table;

/* The built-in table. */
int lg_license_table_new(lg_license_table **out, lg_error *err);

/* Adds (or overrides with) the records of a table text or file. Errors
 * name the source and line. */
int lg_license_table_load(lg_license_table *t, const char *text, size_t len,
			  const char *source, lg_error *err);
int lg_license_table_load_file(lg_license_table *t, const char *path,
			       lg_error *err);

void lg_license_table_free(lg_license_table *t);

/* A hash of every text the table was loaded from, in order: what cached
 * results that depend on the table are filed under. */
uint64_t lg_license_table_fingerprint(const lg_license_table *t);

/* The number of a reason code the table names (lg_audit_reason_name
 * gives it back), or -1. */
int lg_license_table_reason_code(const lg_license_table *t, const char *name);

/* The licence of an id (ASCII case-insensitive), or NULL. */
const lg_license *lg_license_find(const lg_license_table *t, const char *id);

const char *lg_family_name(int family);
const char *lg_openness_name(int openness);
const char *lg_verdict_name(int verdict);
int lg_verdict_parse(const char *name); /* -1 when unknown */

/*
 * A model's normalised licence: cardData.license, else the license: tags;
 * lower-cased and trimmed; `other` resolved through license_name; none at
 * all is n == 0 (family unknown). An id the table does not know counts as
 * an unresolved `other` named by it.
 */
#define LG_MAX_MODEL_LICENSES 4
typedef struct {
	const lg_license *lic[LG_MAX_MODEL_LICENSES];
	const char *other_name[LG_MAX_MODEL_LICENSES]; /* for `other` */
	size_t n;
	unsigned family_clash : 1; /* license_name spelled a Hub id */
} lg_model_license;

void lg_license_normalize(lg_model_license *out, const lg_license_table *t,
			  const lg_record *rec);

/* The family of a model's first licence (unknown when none). */
lg_family lg_model_license_family(const lg_model_license *ml);
lg_openness lg_model_license_openness(const lg_model_license *ml);

/* "apache-2.0", "llama3,other:acme", "unknown" into buf. */
const char *lg_model_license_text(const lg_model_license *ml, char *buf,
				  size_t size);

#endif
