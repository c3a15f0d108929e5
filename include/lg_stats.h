/*
 * lg_stats.h - the tables of a study of the open-model ecosystem (SPEC §3
 * stats): licences, licence families, openness classes, the top bases,
 * authors, and models per creation month, over a sample of the models.
 *
 * The sample is every model with a record of its own (external parents are
 * no sample), narrowed as the OSI study drew its own: to ids holding a
 * word (--search, case-insensitive, as the Hub's search parameter matches)
 * and to authors (--author, repeatable). The Hub gave every model older
 * than its createdAt field one placeholder date, 2022-03-02T23:29 (3,904
 * of the 50,000 real fixture models): those are counted apart, never in
 * March 2022.
 */
#ifndef LG_STATS_H
#define LG_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "lg_audit.h"
#include "lg_error.h"
#include "lg_graph.h"

typedef struct {
	int version;
	const char *search;           /* id substring, any case; NULL: all */
	const char *const *authors;   /* NULL or n_authors names, any case */
	size_t n_authors;
	int fold;                     /* count a vendor's versions as one row
					 (the licence's fold name) */
} lg_stats_options;

#define LG_STATS_OPTIONS_VERSION 1
#define LG_STATS_OPTIONS_INIT { LG_STATS_OPTIONS_VERSION, NULL, NULL, 0, 0 }

/* A row of a share table: licences, families, openness classes. models
 * declare it; concluded are concluded to carry it (lg_audit_concluded:
 * declared, or inherited from the nearest declaring ancestor), so a row
 * may have concluded models and no declaring one. */
typedef struct {
	const char *name;
	size_t models, concluded;
	double percent, cumulative; /* of the sample, 0-100 */
	double concluded_percent;
} lg_stats_share;

/* A base of the sample: a model that sampled models name as their parent
 * (an external one too), with its children and descendants among the
 * sample, as the study counted them. */
typedef struct {
	lg_node node;
	const char *id;
	uint32_t children, descendants;
} lg_stats_base;

typedef enum { LG_STATS_BY_CHILDREN, LG_STATS_BY_DESCENDANTS } lg_stats_base_order;

typedef struct {
	const char *author;       /* one whatever its case: its first
				     spelling */
	size_t models, licenses;  /* distinct licences declared */
	const char *top_license;  /* the most used licence set it declares
				     ("unknown" only when it declares none) */
	size_t unknown;           /* models declaring no licence */
} lg_stats_author;

/* Models created in one month, by licence family. month is "YYYY-MM",
 * or "placeholder" (the Hub's 2022-03-02 stand-in date), or "unknown"
 * (no date at all). */
typedef struct {
	char month[12];
	size_t models;
	size_t by_family[LG_FAM_COUNT];
} lg_stats_month;

typedef struct lg_stats lg_stats;

/*
 * The tables of g's sample, with each model's licence from audit a. Time:
 * O(|V| log |V|), plus the lineage's linear descendant count again when
 * the sample is narrowed.
 */
int lg_stats_compute(lg_stats **out, const lg_graph *g, const lg_audit *a,
		     const lg_stats_options *opts, lg_error *err);
void lg_stats_free(lg_stats *s);

/* Models in the sample, and of those how many carry the placeholder date
 * and how many no date. */
size_t lg_stats_models(const lg_stats *s);
size_t lg_stats_placeholder(const lg_stats *s);

/* The tables, sorted: shares by models (then name), bases by children
 * or by descendants (then the other count, then id), authors by models
 * (then name), months in order (placeholder and unknown last). *rows is
 * borrowed. */
size_t lg_stats_licenses(const lg_stats *s, const lg_stats_share **rows);
size_t lg_stats_families(const lg_stats *s, const lg_stats_share **rows);
size_t lg_stats_openness(const lg_stats *s, const lg_stats_share **rows);
size_t lg_stats_bases(const lg_stats *s, lg_stats_base_order by,
		      const lg_stats_base **rows);
size_t lg_stats_authors(const lg_stats *s, const lg_stats_author **rows);
size_t lg_stats_months(const lg_stats *s, const lg_stats_month **rows);

/* Whether a createdAt is the Hub's placeholder date. */
int lg_stats_is_placeholder(const char *created_at);

#endif
