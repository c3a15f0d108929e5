/*
 * lg_audit.h - licence inheritance along every edge (SPEC-licenses §3-§4).
 *
 * Each parent -> child edge gets the worst verdict of the rules that fire
 * and every reason code that fired: the verdict matrix of the licence
 * table for the pair, the relation's own rules, and the rules beyond the
 * pair (Llama name prefix, vendor licence not in the ancestry, merges,
 * user thresholds). Drift is judged against the nearest ancestor that
 * declares a licence when the parent declares none. Ancestor walks are
 * breadth-first with a visited mark, so cycles end them.
 */
#ifndef LG_AUDIT_H
#define LG_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "lg_graph.h"
#include "lg_license.h"

typedef struct {
	uint8_t verdict;  /* lg_verdict */
	uint64_t reasons; /* one bit per reason code, lg_audit_reason_name */
	lg_node basis;    /* whose licence the edge was judged against: the
			     parent, or its nearest ancestor declaring one;
			     LG_NONE when no ancestor declares any */
} lg_edge_audit;

typedef struct lg_audit lg_audit;

/*
 * Audits every edge of a built graph with table t (both borrowed; they
 * must outlive the audit). Time complexity: O(|V| + sum over models with
 * parents of their ancestor count).
 */
int lg_audit_run(lg_audit **out, const lg_graph *g, const lg_license_table *t,
		 lg_error *err);
void lg_audit_free(lg_audit *a);

const lg_edge_audit *lg_audit_edge(const lg_audit *a, size_t e);
const lg_model_license *lg_audit_license(const lg_audit *a, lg_node n);

/*
 * The licence a model is concluded to carry (SPEC §4): its own when it
 * declares one; else that of its nearest ancestor that declares one (of
 * tied ones, the most restrictive family, then the smaller id), since the
 * terms of a parent travel with what is derived from it; else none.
 */
typedef enum {
	LG_CONCLUDED_NONE,
	LG_CONCLUDED_DECLARED,
	LG_CONCLUDED_INHERITED
} lg_concluded_source;

typedef struct {
	const lg_model_license *license; /* n == 0 for none */
	lg_concluded_source source;
	lg_node from;                    /* who declares it; LG_NONE for none */
} lg_concluded;

lg_concluded lg_audit_concluded(const lg_audit *a, lg_node n);
const char *lg_concluded_source_name(int source); /* declared, ... */

/* Models share licences: each distinct one is a set, numbered 0 ..
 * count - 1, so a tally over millions of models counts a few thousand. */
size_t lg_audit_license_sets(const lg_audit *a);
uint32_t lg_audit_license_set(const lg_audit *a, lg_node n);
const lg_model_license *lg_audit_set_license(const lg_audit *a, uint32_t set);

/* Reason codes: their number, name and the clause each rests on. Codes
 * are shown in display order: lg_audit_reason_at(a, 0 .. count - 1) gives
 * the pair's own reasons (the matrix's) first, the rest after. */
int lg_audit_reason_count(const lg_audit *a);
int lg_audit_reason_at(const lg_audit *a, int i);
const char *lg_audit_reason_name(const lg_audit *a, int code);
const char *lg_audit_reason_basis(const lg_audit *a, int code);
int lg_audit_reason_code(const lg_audit *a, const char *name); /* or -1 */

/*
 * The audit in numbers: edges by verdict and by reason code, the drift
 * matrix (the family of the licence each edge was judged against by the
 * child's family; an edge judged against nothing counts as unknown), and
 * the share of edges, where both ends declare a licence, whose licence
 * changes (all edges, and fine-tunes alone). Time: O(|E|).
 */
typedef struct {
	size_t edges;
	size_t verdicts[LG_VERDICT_COUNT];
	size_t reasons[64];           /* by reason code */
	size_t drift[LG_FAM_COUNT][LG_FAM_COUNT];
	size_t bearing, changed;      /* both ends declare; of those, changed */
	size_t ft_bearing, ft_changed; /* the same, fine-tunes only */
	uint8_t worst;                /* the worst verdict of any edge */
} lg_audit_summary;

void lg_audit_summarize(lg_audit_summary *out, const lg_audit *a);

/* The audit as bytes (malloc'd into *data) and back, for the cache. The
 * decoded audit answers lg_audit_edge and lg_audit_license like the one
 * encoded; decoding checks every value against g and t and refuses an
 * audit of another graph or licence table with LG_EPARSE. */
int lg_audit_encode(const lg_audit *a, void **data, size_t *len,
		    lg_error *err);
int lg_audit_decode(lg_audit **out, const lg_graph *g,
		    const lg_license_table *t, const void *data, size_t len,
		    lg_error *err);

/* "CODE,CODE" of a reason set, in code order, into buf. */
const char *lg_audit_reasons_text(const lg_audit *a, uint64_t reasons,
				  char *buf, size_t size);

#endif
