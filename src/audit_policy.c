/*
 * audit_policy.c - an organisation's policy and waivers laid over the
 * audit (lg_policy.h): the policy raises verdicts with reasons of its
 * own; waivers mark findings as accepted, never hide them.
 */
#include "audit_impl.h"
#include "lg_policy.h"
#include "license_impl.h"

/* flag is a warning, deny a conflict. */
static void raise(lg_edge_audit *ea, lg_action action)
{
	if (action == LG_ACTION_FLAG) {
		ea->reasons |= UINT64_C(1) << LG__CODE_POLICY_FLAG;
		if (ea->verdict < LG_VERDICT_WARN)
			ea->verdict = LG_VERDICT_WARN;
	} else if (action == LG_ACTION_DENY) {
		ea->reasons |= UINT64_C(1) << LG__CODE_POLICY_DENY;
		ea->verdict = LG_VERDICT_CONFLICT;
	}
}

void lg_audit_apply_policy(lg_audit *a, const lg_policy *p, lg_use use)
{
	size_t e, m = lg_graph_edge_count(a->g);
	long line;

	for (e = 0; e < m; e++) {
		lg_edge_audit *ea = &a->edges[e];
		lg_node child = lg_graph_edge(a->g, e)->child;
		lg_action by_basis = LG_ACTION_ALLOW, by_child;

		if (ea->basis != LG_NONE)
			by_basis = lg_policy_action(
				p, lg__audit_license_of(a, ea->basis), use, &line);
		by_child = lg_policy_action(p, lg_audit_concluded(a, child).license,
					    use, &line);
		raise(ea, by_basis > by_child ? by_basis : by_child);
	}
}

/* The waiver for edge e: when a waiver in force covers each of its
 * reasons on its child, the one that covers the first shown; else NULL,
 * and through *expired one that would have covered a reason but expired. */
static const lg_waiver *waiver_of(const lg_audit *a, const lg_waivers *w,
				  size_t e, int32_t today,
				  const lg_waiver **expired)
{
	const lg_edge_audit *ea = &a->edges[e];
	const char *id = lg_graph_record(a->g, lg_graph_edge(a->g, e)->child)->id;
	const lg_waiver *first = NULL, *found;
	int i, code, covered = 1;

	*expired = NULL;
	for (i = 0; i < lg_audit_reason_count(a); i++) { /* display order */
		code = lg_audit_reason_at(a, i);
		if (!(ea->reasons & (UINT64_C(1) << code)))
			continue;
		if ((found = lg_waivers_find(w, id, code, today))) {
			if (!first)
				first = found;
			continue;
		}
		covered = 0;
		if (!*expired)
			*expired = lg_waivers_find(w, id, code, INT32_MIN);
	}
	return covered ? first : NULL;
}

size_t lg_audit_waive(const lg_audit *a, const lg_waivers *w, int32_t today,
		      const lg_waiver **per_edge,
		      void (*on_expired)(const lg_waiver *wv, size_t edge,
					 void *ctx),
		      void *ctx)
{
	size_t e, m = lg_graph_edge_count(a->g), waived = 0;

	for (e = 0; e < m; e++) {
		const lg_waiver *expired;

		per_edge[e] = NULL;
		if (a->edges[e].verdict < LG_VERDICT_WARN)
			continue; /* nothing to accept */
		per_edge[e] = waiver_of(a, w, e, today, &expired);
		waived += per_edge[e] != NULL;
		if (!per_edge[e] && expired && on_expired)
			on_expired(expired, e, ctx);
	}
	return waived;
}
