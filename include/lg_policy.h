/*
 * lg_policy.h - what an organisation allows: policies (allow / flag /
 * deny per licence or family and distribution model) and waivers (a
 * finding accepted, with a justification, until a date), as compliance
 * tools (ORT, FOSSA) keep them for software.
 *
 * A policy file has one rule per line, blanks between fields, `#` to the
 * end of a line a comment:
 *
 *     ACTION  SUBJECT[,SUBJECT...]  USE[,USE...]
 *
 * ACTION is allow, flag or deny; a SUBJECT a licence id of the table, a
 * family (family:non-commercial), `unknown` (no licence declared) or `*`;
 * a USE internal, share, sell, hosted or `*`. For a licence and a use, the
 * most specific rule that names them decides (a licence id over its
 * family over `*`), the last line among equals; no rule allows. A model
 * offering several licences may pick the one the policy likes best.
 *
 * A waiver file has one waiver per line, separated by tabs or blanks:
 *
 *     MODEL-GLOB  REASON  EXPIRES  JUSTIFICATION...
 *
 * MODEL-GLOB matches the child of a finding (fnmatch, ASCII case
 * ignored), REASON a reason code of the audit (or `*`), EXPIRES a date
 * YYYY-MM-DD (the last day it holds) or `never`; the justification is the
 * rest of the line. A finding is waived when its every reason is.
 */
#ifndef LG_POLICY_H
#define LG_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "lg_audit.h"
#include "lg_error.h"
#include "lg_license.h"

typedef enum {
	LG_USE_INTERNAL, /* used inside the organisation only */
	LG_USE_SHARE,    /* given away: weights published, no charge */
	LG_USE_SELL,     /* sold, or shipped in a product that is */
	LG_USE_HOSTED,   /* offered as a service, weights kept */
	LG_USE_COUNT
} lg_use;

typedef enum {
	LG_ACTION_ALLOW,
	LG_ACTION_FLAG,
	LG_ACTION_DENY,
	LG_ACTION_COUNT
} lg_action;

const char *lg_use_name(int use);
int lg_use_parse(const char *name);       /* -1 when unknown */
const char *lg_action_name(int action);

typedef struct lg_policy lg_policy;

/* Reads a policy; licence ids and families are checked against table t
 * (which must outlive the policy). Errors name the file and line. */
int lg_policy_load(lg_policy **out, const char *text, size_t len,
		   const char *source, const lg_license_table *t, lg_error *err);
int lg_policy_load_file(lg_policy **out, const char *path,
			const lg_license_table *t, lg_error *err);
void lg_policy_free(lg_policy *p);

/* The action for a model's licence under a use, and the line of the rule
 * that decided (0: none did, so allowed). */
lg_action lg_policy_action(const lg_policy *p, const lg_model_license *ml,
			   lg_use use, long *line);

/* The policy's source, as given to load. */
const char *lg_policy_source(const lg_policy *p);

/* -- waivers ---------------------------------------------------------------- */

typedef struct {
	const char *glob;          /* the models it covers */
	int code;                  /* a reason code, or -1 for every one */
	int32_t expires;           /* days since 1970-01-01 of its last day,
				      or INT32_MAX for never */
	const char *expires_text;  /* as written: YYYY-MM-DD or never */
	const char *justification;
	long line;
	long index;                /* its number in the file's waivers */
} lg_waiver;

typedef struct lg_waivers lg_waivers;

/* Reads waivers; reason codes are looked up with code_of (the audit's
 * names, lg_audit_reason_code), which returns -1 for an unknown one. */
int lg_waivers_load(lg_waivers **out, const char *text, size_t len,
		    const char *source, int (*code_of)(const void *ctx,
						       const char *name),
		    const void *ctx, lg_error *err);
int lg_waivers_load_file(lg_waivers **out, const char *path,
			 int (*code_of)(const void *ctx, const char *name),
			 const void *ctx, lg_error *err);
void lg_waivers_free(lg_waivers *w);

size_t lg_waivers_count(const lg_waivers *w);
const lg_waiver *lg_waivers_at(const lg_waivers *w, size_t i);
const char *lg_waivers_source(const lg_waivers *w);

/* The first waiver in force on day `today` (days since 1970-01-01) that
 * covers reason code on a finding into model id; NULL when none. Expired
 * ones that would have matched are skipped. */
const lg_waiver *lg_waivers_find(const lg_waivers *w, const char *id,
				 int code, int32_t today);

/* -- on the audit ------------------------------------------------------------ */

/*
 * Judges every edge of audit a by policy p for use: the worse action of
 * the licence the edge was judged against (its basis) and the child's
 * concluded licence raises the edge's verdict, flag to at least warn with
 * POLICY_FLAG, deny to conflict with POLICY_DENY. O(|E| x rules).
 */
void lg_audit_apply_policy(lg_audit *a, const lg_policy *p, lg_use use);

/*
 * The waiver each edge's finding (warn or conflict) is accepted by, into
 * per_edge (lg_graph_edge_count entries; NULL: none): a finding is
 * accepted when waivers in force on day today, matching its child, cover
 * every one of its reason codes (`*` covers all), so a waiver granted for
 * one reason never hides another; per_edge names the one covering its
 * first reason. A finding that a waiver would cover but for its date is
 * told to on_expired. Returns how many findings are waived.
 */
size_t lg_audit_waive(const lg_audit *a, const lg_waivers *w, int32_t today,
		      const lg_waiver **per_edge,
		      void (*on_expired)(const lg_waiver *wv, size_t edge,
					 void *ctx),
		      void *ctx);

/* Days since 1970-01-01 of a date "YYYY-MM-DD" (-1 when it is not one). */
int32_t lg_date_days(const char *date);

#endif
