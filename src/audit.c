/*
 * audit.c - the verdict of every edge (SPEC-licenses §3-§4).
 *
 * Two passes over the graph, each linear in it, replace a walk up the
 * ancestry per model (quadratic on a long chain):
 *   - a breadth-first search down from every model that declares a
 *     licence finds, for each model that declares none, its nearest
 *     declaring ancestors (all of them at the smallest distance);
 *   - a pass in topological order (parents first) summarises what each
 *     model's ancestry carries (vendors, the longest name prefix, a user
 *     threshold) from its parents' summaries, and judges its incoming
 *     edges: against the parent's licence or, when the parent declares
 *     none, against those nearest ancestors. A cycle is summarised as one
 *     unit; each member's ancestry is the unit's without itself.
 * A parent with several licences is judged by the most permissive one the
 * child could have chosen; a child with several must satisfy the parent
 * with each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "audit_impl.h"
#include "bfs.h"
#include "buf.h"
#include "lg_lineage.h"
#include "license_impl.h"

#define MAX_LICENSES 64 /* of the merged parents of one child */
#define MAX_TIED 16     /* nearest declaring ancestors kept per model */

static const lg_model_license *lic_of(const lg_audit *a, lg_node v)
{
	return lg__audit_license_of(a, v);
}

typedef struct {
	int verdict;
	uint64_t reasons;
} outcome;

static void add(outcome *o, int verdict, int code)
{
	if (verdict > o->verdict)
		o->verdict = verdict;
	if (code >= 0)
		o->reasons |= (uint64_t)1 << code;
}

/* -- ancestry summaries ---------------------------------------------------- */

static int vendor_bit(const lg_audit *a, const char *vendor)
{
	int i;

	for (i = 0; vendor && i < a->n_vendors; i++)
		if (strcmp(a->vendors[i], vendor) == 0)
			return i;
	return -1;
}

static int has_vendor(const lg_audit *a, ancestry anc, const char *vendor)
{
	int bit = vendor_bit(a, vendor);

	return bit >= 0 && (anc >> bit & 1);
}

static ancestry merged(ancestry x, ancestry y)
{
	ancestry p = (x & PREFIX_MASK) > (y & PREFIX_MASK) ? x & PREFIX_MASK
							   : y & PREFIX_MASK;

	return ((x | y) & ~PREFIX_MASK) | p;
}

static int prefix_index(const lg_audit *a, const char *prefix)
{
	int i;

	for (i = 1; prefix && i <= a->n_prefixes; i++)
		if (strcmp(a->prefixes[i], prefix) == 0)
			return i;
	return 0;
}

/* What a licence set itself carries. */
static ancestry own_of_set(const lg_audit *a, const lg_model_license *ml)
{
	ancestry out = 0;
	size_t i;

	for (i = 0; i < ml->n; i++) {
		const lg_license *l = ml->lic[i];
		int bit = vendor_bit(a, l->vendor);
		ancestry one = (bit >= 0 ? UINT64_C(1) << bit : 0) |
			       (l->mau ? MAU_BIT : 0) |
			       (uint64_t)prefix_index(a, l->prefix)
				       << PREFIX_SHIFT;

		out = merged(out, one);
	}
	return out;
}

static ancestry own(const lg_audit *a, lg_node v)
{
	return a->set_own[a->lic.of[v]];
}

static int by_length(const void *pa, const void *pb)
{
	size_t x = strlen(*(const char *const *)pa);
	size_t y = strlen(*(const char *const *)pb);

	return x < y ? -1 : x > y;
}

/* The distinct vendors and name prefixes of the table, so an ancestry is
 * one word; prefixes run shortest first, so the larger index is longer. */
static int collect_vendors(lg_audit *a)
{
	size_t i;

	for (i = 0; i < a->t->n_lics; i++) {
		const char *v = a->t->lics[i]->vendor;
		const char *p = a->t->lics[i]->prefix;

		if (v && vendor_bit(a, v) < 0) {
			if (a->n_vendors == MAX_VENDORS)
				return -1;
			a->vendors[a->n_vendors++] = v;
		}
		if (p && !prefix_index(a, p)) {
			if (a->n_prefixes == MAX_PREFIXES)
				return -1;
			a->prefixes[++a->n_prefixes] = p;
		}
	}
	qsort(a->prefixes + 1, (size_t)a->n_prefixes, sizeof(*a->prefixes),
	      by_length);
	return 0;
}

/* -- nearest declaring ancestors -------------------------------------------- */

/* How much a family keeps a user from doing, to pick among tied
 * ancestors the one whose terms bind the most. */
static int restrictiveness(const lg_model_license *ml)
{
	static const int rank[LG_FAM_COUNT] = {
		[LG_FAM_PERMISSIVE] = 0,      [LG_FAM_WEAK_COPYLEFT] = 1,
		[LG_FAM_COPYLEFT] = 2,        [LG_FAM_USE_RESTRICTED] = 3,
		[LG_FAM_VENDOR] = 4,          [LG_FAM_NON_COMMERCIAL] = 5,
		[LG_FAM_NO_DERIVATIVES] = 6,  [LG_FAM_OTHER] = 7,
		[LG_FAM_UNKNOWN] = 8,
	};

	return rank[lg_model_license_family(ml)];
}

/* Which of two tied ancestors matters more: the more restrictive, then
 * the smaller id. A total order, so the MAX_TIED kept are the same
 * whatever the order of the cards' base_model lists. */
static int near_before(const lg_audit *a, lg_node x, lg_node y)
{
	int rx = restrictiveness(lic_of(a, x)), ry = restrictiveness(lic_of(a, y));

	if (rx != ry)
		return rx > ry;
	return lg_graph_id_rank(a->g, x) < lg_graph_id_rank(a->g, y);
}

/* Adds v to the tied set begun at start; when it is full, v replaces
 * the set's last (by near_before) if v comes before it. */
static int add_near(lg_audit *a, size_t start, lg_node v)
{
	size_t i, last = start;

	for (i = start; i < a->n_near; i++)
		if (a->near[i] == v)
			return 0;
	if (a->n_near - start >= MAX_TIED) {
		for (i = start + 1; i < a->n_near; i++)
			if (near_before(a, a->near[last], a->near[i]))
				last = i;
		if (near_before(a, v, a->near[last]))
			a->near[last] = v;
		return 0;
	}
	if (lg__array_grow((void **)&a->near, &a->cap_near, a->n_near + 1,
			   sizeof(*a->near)) < 0)
		return LG_ENOMEM;
	a->near[a->n_near++] = v;
	return 0;
}

/* A breadth-first search down from every declaring model (distance 0)
 * through models that declare none gives each of those its distance to
 * the nearest declaring ancestor; then, in the search's order, a model's
 * nearest ones are those of its parents one step closer (or the parents
 * themselves when they declare). Ties are kept, so the result does not
 * depend on the order of a card's base_model list. */
static int find_nearest(lg_audit *a)
{
	size_t n = lg_graph_count(a->g), head, tail, v, m, k;
	uint8_t *seen = calloc(n + 1, 1);
	uint32_t *dist = malloc((n + 1) * sizeof(*dist)); /* where seen */
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	lg__bfs b;
	int rc = LG_ENOMEM;

	if (!seen || !dist || !queue)
		goto done;
	lg__bfs_init(&b, a->g, seen, queue, dist);
	for (v = 0; v < n; v++)
		if (lic_of(a, (lg_node)v)->n)
			lg__bfs_seed(&b, (lg_node)v);
	tail = lg__bfs_run(&b, LG__BFS_DOWN, -1);
	for (head = 0; head < tail; head++) {
		lg_node u = queue[head];
		size_t start = a->n_near, i;
		const uint32_t *in;

		if (!dist[u])
			continue;
		in = lg_graph_parent_edges(a->g, u, &m);
		for (k = 0; k < m; k++) {
			lg_node p = lg_graph_edge(a->g, in[k])->parent;

			if (!seen[p] || dist[p] != dist[u] - 1)
				continue;
			if (!dist[p] && add_near(a, start, p) < 0)
				goto done;
			for (i = 0; dist[p] && i < a->near_n[p]; i++)
				if (add_near(a, start, a->near[a->near_off[p] + i]) < 0)
					goto done;
		}
		a->near_off[u] = (uint32_t)start;
		a->near_n[u] = (uint8_t)(a->n_near - start);
	}
	rc = 0;
done:
	free(seen);
	free(dist);
	free(queue);
	return rc;
}

/* p itself when it declares a licence, else its nearest ancestors that
 * do; returns how many (0: no ancestor declares one). */
static size_t nearest_declared(const lg_audit *a, lg_node p,
			       const lg_node **tied)
{
	if (lic_of(a, p)->n) {
		*tied = NULL;
		return 1;
	}
	/* near is NULL when no model has a declaring ancestor */
	*tied = a->near_n[p] ? a->near + a->near_off[p] : NULL;
	return a->near_n[p];
}

/* -- the pair ----------------------------------------------------------- */

static int same_license(const lg_license_table *t, const lg_model_license *pm,
			size_t pi, const lg_model_license *cm, size_t ci)
{
	const char *pn = pm->other_name[pi], *cn = cm->other_name[ci];

	/* unresolved custom licences are the same only by name; two bare
	 * `other`s may be any two licences (SPEC-licenses §1.3, §3) */
	if (pn || cn || pm->lic[pi] == t->other)
		return pm->lic[pi] == cm->lic[ci] && pn && cn &&
		       lg_id_equal(pn, cn);
	return lg__license_same(t, pm->lic[pi], cm->lic[ci]);
}

/* A modifier's outcome; with no code of its own it keeps the cell's,
 * unless it makes the edge ok. */
static lg__outcome modified(lg__outcome base, lg__outcome mod)
{
	if (mod.verdict < 0)
		return base;
	if (mod.code < 0 && mod.verdict != LG_VERDICT_OK)
		mod.code = base.code;
	return mod;
}

/* One cell of the matrix: parent licence pi against child licence ci. */
static lg__outcome cell(const lg_audit *a, const lg_model_license *pm,
			size_t pi, const lg_model_license *cm, size_t ci,
			int relation, const ancestry *anc)
{
	const lg_license *p = pm->n ? pm->lic[pi] : a->t->unknown;
	const lg_license *c = cm->n ? cm->lic[ci] : a->t->unknown;
	const lg__rule *rule = &a->t->rules[p->family][c->family];
	lg__outcome out = rule->base;

	if (out.verdict < 0) {
		out.verdict = LG_VERDICT_OK;
		out.code = -1;
		return out;
	}
	if (pm->n && cm->n && same_license(a->t, pm, pi, cm, ci))
		out = modified(out, rule->same);
	if (relation == LG_REL_ADAPTER)
		out = modified(out, rule->adapter);
	if (relation == LG_REL_QUANTIZED && p == c)
		out = modified(out, rule->quantized_same);
	if (p != c && p->vendor && c->vendor && strcmp(p->vendor, c->vendor) == 0)
		out = modified(out, rule->same_vendor);
	if (p->no_sublicense)
		out = modified(out, rule->no_sublicense);
	/* the matrix's guess that a vendor licence came from nowhere is
	 * checked against the real ancestry */
	if (out.code == LG__CODE_VENDOR_NOT_IN_ANCESTRY && c->vendor &&
	    has_vendor(a, *anc, c->vendor)) {
		out.verdict = LG_VERDICT_OK;
		out.code = -1;
	}
	return out;
}

/* The best parent licence for the child; the worst child licence. */
static outcome judge_pair(const lg_audit *a, const lg_model_license *pm,
			  const lg_model_license *cm, int relation,
			  const ancestry *anc)
{
	size_t np = pm->n ? pm->n : 1, nc = cm->n ? cm->n : 1, pi, ci;
	outcome best = { LG_VERDICT_CONFLICT + 1, 0 };

	for (pi = 0; pi < np; pi++) {
		outcome worst = { LG_VERDICT_OK, 0 };

		for (ci = 0; ci < nc; ci++) {
			lg__outcome o = cell(a, pm, pi, cm, ci, relation, anc);

			add(&worst, o.verdict, o.code);
		}
		if (worst.verdict < best.verdict)
			best = worst;
	}
	if (np > 1)
		add(&best, LG_VERDICT_OK, LG__CODE_PARENT_LICENSE_CHOSEN);
	return best;
}

/* -- beyond the pair ------------------------------------------------------ */

/* The model's name after its owner, lower-cased, without - _ . or blanks:
 * "meta-llama/Llama-3.1-8B" -> "llama318b". */
static void plain_name(const char *id, char *buf, size_t size)
{
	const char *slash = strrchr(id, '/');
	size_t n = 0;

	for (id = slash ? slash + 1 : id; *id && n + 1 < size; id++) {
		char c = *id;

		if (c == '-' || c == '_' || c == '.' || c == ' ')
			continue;
		buf[n++] = (char)lg__ascii_lower((unsigned char)c);
	}
	buf[n] = '\0';
}

/* What the naming rules ask of every model's name, found in one pass in
 * node order (the ids lie in that order in memory): not once per edge. */
static int read_names(lg_audit *a)
{
	size_t n = lg_graph_count(a->g), v;
	char name[LG_MAX_ID_LEN + 1];
	int i;

	a->name_flags = calloc(n + 1, 1);
	if (!a->name_flags)
		return LG_ENOMEM;
	for (v = 0; v < n; v++) {
		plain_name(lg_graph_record(a->g, (lg_node)v)->id, name,
			   sizeof(name));
		if (strstr(name, "llama"))
			a->name_flags[v] |= NAME_LLAMA;
		for (i = 1; i <= a->n_prefixes; i++)
			if (strncmp(name, a->prefixes[i],
				    strlen(a->prefixes[i])) == 0)
				a->name_flags[v] |= (uint8_t)(1u << i);
	}
	return 0;
}

static void naming_rules(const lg_audit *a, lg_node child, int relation,
			 const ancestry *anc, outcome *o)
{
	unsigned need = (unsigned)((*anc & PREFIX_MASK) >> PREFIX_SHIFT);

	if (need && relation != LG_REL_QUANTIZED &&
	    !(a->name_flags[child] & (1u << need)))
		add(o, LG_VERDICT_WARN, LG__CODE_LLAMA_NAME_PREFIX);
	if ((a->name_flags[child] & NAME_LLAMA) && !has_vendor(a, *anc, "meta"))
		add(o, LG_VERDICT_WARN, LG__CODE_MISSING_LLAMA_LICENSE);
}

static void ancestry_rules(const lg_audit *a, lg_node child, lg_node basis,
			   const ancestry *anc, outcome *o)
{
	const lg_model_license *cm = lic_of(a, child);
	const lg_model_license *bm = basis == LG_NONE ? NULL : lic_of(a, basis);
	size_t i;
	int relabels = cm->n && bm && bm->n &&
		       (cm->n != bm->n || cm->lic[0] != bm->lic[0]);

	for (i = 0; i < cm->n; i++)
		if (cm->lic[i]->family == LG_FAM_VENDOR && cm->lic[i]->vendor &&
		    !has_vendor(a, *anc, cm->lic[i]->vendor))
			add(o, LG_VERDICT_WARN, LG__CODE_VENDOR_NOT_IN_ANCESTRY);
	if (relabels && (*anc & MAU_BIT))
		add(o, LG_VERDICT_INFO, LG__CODE_MAU_LIMIT);
	if (cm->family_clash)
		add(o, LG_VERDICT_INFO, LG__CODE_DECLARED_FAMILY_CLASH);
}

static int is_cc(const lg_license *l, const char *kind)
{
	return strncmp(l->id, kind, strlen(kind)) == 0;
}

/* Whether model p, or any ancestor of it, carries a licence of vendor. */
static int of_vendor(const lg_audit *a, lg_node p, const char *vendor)
{
	return has_vendor(a, a->closure[p], vendor);
}

/* NO_TRAIN_OTHER_LLM: a parent under a licence that forbids improving
 * other LLMs (Llama 2/3, Tongyi Qianwen), merged with a licensed parent
 * that is another vendor's model: not that vendor's, nor derived from it. */
static int trains_other_llm(const lg_audit *a, const uint32_t *in, size_t n_edges)
{
	size_t k, j, i;

	for (k = 0; k < n_edges; k++) {
		lg_node bk = a->edges[in[k]].basis;

		if (bk == LG_NONE)
			continue;
		for (i = 0; i < lic_of(a, bk)->n; i++) {
			const lg_license *l = lic_of(a, bk)->lic[i];

			if (!l->no_train_other || !l->vendor)
				continue;
			for (j = 0; j < n_edges; j++) {
				lg_node pj = lg_graph_edge(a->g, in[j])->parent;

				if (j != k && a->edges[in[j]].basis != LG_NONE &&
				    !of_vendor(a, pj, l->vendor))
					return 1;
			}
		}
	}
	return 0;
}

/* SPEC-licenses §4, merges: the child must satisfy every parent. */
static void merge_rules(lg_audit *a, lg_node child, outcome *o)
{
	const lg_license *lics[MAX_LICENSES];
	size_t n_edges, k, n = 0, i, j;
	const uint32_t *in = lg_graph_parent_edges(a->g, child, &n_edges);
	int copyleft = 0, restricted = 0, nc = 0, sa = 0;

	if (n_edges < 2)
		return;
	for (k = 0; k < n_edges; k++) {
		const lg_edge_audit *ea = &a->edges[in[k]];
		const lg_model_license *ml;

		if (ea->basis == LG_NONE)
			continue;
		ml = lic_of(a, ea->basis);
		for (i = 0; i < ml->n && n < MAX_LICENSES; i++)
			lics[n++] = ml->lic[i];
	}
	for (i = 0; i < n; i++) {
		lg_family f = lics[i]->family;

		copyleft += f == LG_FAM_COPYLEFT;
		restricted += f == LG_FAM_NON_COMMERCIAL ||
			      f == LG_FAM_NO_DERIVATIVES ||
			      f == LG_FAM_USE_RESTRICTED || f == LG_FAM_VENDOR;
		nc += is_cc(lics[i], "cc-by-nc");
		sa += is_cc(lics[i], "cc-by-sa");
	}
	if (copyleft && restricted)
		add(o, LG_VERDICT_CONFLICT, LG__CODE_MERGE_COPYLEFT_VS_RESTRICTED);
	if (nc && sa)
		add(o, LG_VERDICT_CONFLICT, LG__CODE_MERGE_NC_PLUS_SHAREALIKE);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			const lg_license *x = lics[i], *y = lics[j];

			if (x == y)
				continue;
			if (x->family == LG_FAM_COPYLEFT &&
			    y->family == LG_FAM_COPYLEFT &&
			    !lg__license_same(a->t, x, y) &&
			    !lg__license_same(a->t, y, x))
				add(o, LG_VERDICT_CONFLICT,
				    LG__CODE_MERGE_MULTI_COPYLEFT);
			if (x->family == LG_FAM_VENDOR &&
			    y->family == LG_FAM_VENDOR)
				add(o, LG_VERDICT_WARN,
				    LG__CODE_MERGE_MULTI_VENDOR);
		}
	}
	if (trains_other_llm(a, in, n_edges))
		add(o, LG_VERDICT_WARN, LG__CODE_NO_TRAIN_OTHER_LLM);
}

/* -- running ------------------------------------------------------------ */

/* Judges the edge against its basis: the parent, or the nearest licensed
 * ancestors, of which the worst verdict counts (the child must satisfy
 * each); a tie goes to the smallest id, so tag order never matters. */
static outcome judge_edge(const lg_audit *a, const lg_edge *e, lg_node child,
			  const ancestry *anc, lg_node *basis)
{
	static const lg_model_license none;
	const lg_node *tied;
	lg_node parent = e->parent;
	size_t n = nearest_declared(a, parent, &tied), i;
	outcome worst = { -1, 0 };

	*basis = LG_NONE;
	if (n == 0)
		return judge_pair(a, &none, lic_of(a, child), e->relation, anc);
	if (!tied)
		tied = &parent;
	for (i = 0; i < n; i++) {
		outcome o = judge_pair(a, lic_of(a, tied[i]), lic_of(a, child),
				       e->relation, anc);

		if (o.verdict > worst.verdict ||
		    (o.verdict == worst.verdict &&
		     lg_graph_id_rank(a->g, tied[i]) <
			     lg_graph_id_rank(a->g, *basis))) {
			worst = o;
			*basis = tied[i];
		}
	}
	if (*basis != e->parent)
		add(&worst, LG_VERDICT_OK, LG__CODE_JUDGED_BY_ANCESTOR);
	return worst;
}

/* Judges every edge into child, whose ancestry is anc. Its parents'
 * summaries (a->closure) are final. */
static void audit_child(lg_audit *a, lg_node child, const ancestry *anc)
{
	size_t n, k;
	const uint32_t *in = lg_graph_parent_edges(a->g, child, &n);
	outcome merge = { LG_VERDICT_OK, 0 };

	for (k = 0; k < n; k++) {
		const lg_edge *e = lg_graph_edge(a->g, in[k]);
		lg_edge_audit *ea = &a->edges[in[k]];
		lg_node basis;
		outcome o = judge_edge(a, e, child, anc, &basis);

		naming_rules(a, child, e->relation, anc, &o);
		ancestry_rules(a, child, basis, anc, &o);
		ea->verdict = (uint8_t)o.verdict;
		ea->reasons = o.reasons;
		ea->basis = basis;
	}
	merge_rules(a, child, &merge);
	for (k = 0; k < n && merge.reasons; k++) {
		lg_edge_audit *ea = &a->edges[in[k]];

		if (merge.verdict > ea->verdict)
			ea->verdict = (uint8_t)merge.verdict;
		ea->reasons |= merge.reasons;
	}
}

/* The ancestry of v from its parents' summaries, leaving out the members
 * of cycle (0: none): those are summed by the caller. */
static ancestry from_parents(const lg_audit *a, lg_node v, uint32_t cycle)
{
	ancestry anc = 0;
	size_t m, k;
	const uint32_t *in = lg_graph_parent_edges(a->g, v, &m);

	for (k = 0; k < m; k++) {
		lg_node p = lg_graph_edge(a->g, in[k])->parent;

		if (!cycle || lg_graph_lineage(a->g, p)->cycle != cycle)
			anc = merged(anc, a->closure[p]);
	}
	return anc;
}

/* A cycle's members, order[0 .. count), share what comes from outside;
 * each also has every other member's licences (a prefix and a suffix
 * summary leave its own out). Then their edges are judged. */
static int audit_cycle(lg_audit *a, const lg_node *members, size_t count)
{
	uint32_t cycle = lg_graph_lineage(a->g, members[0])->cycle;
	ancestry outside = 0, after = 0, *before;
	size_t i;

	before = calloc(count + 1, sizeof(*before));
	if (!before)
		return LG_ENOMEM;
	for (i = 0; i < count; i++) {
		outside = merged(outside, from_parents(a, members[i], cycle));
		before[i + 1] = merged(before[i], own(a, members[i]));
	}
	for (i = 0; i < count; i++)
		a->closure[members[i]] = merged(outside, before[count]);
	for (i = count; i-- > 0;) {
		ancestry anc = merged(merged(outside, before[i]), after);

		audit_child(a, members[i], &anc);
		after = merged(after, own(a, members[i]));
	}
	free(before);
	return 0;
}

/* Parents first: each model's ancestry from its parents', then its edges. */
static int audit_in_order(lg_audit *a)
{
	const lg_node *order = lg_graph_order(a->g);
	size_t n = lg_graph_count(a->g), i = 0, j;

	while (i < n) {
		lg_node v = order[i];
		uint32_t cycle = lg_graph_lineage(a->g, v)->cycle;
		ancestry anc;

		if (cycle) {
			for (j = i + 1; j < n && lg_graph_lineage(
				a->g, order[j])->cycle == cycle; j++)
				;
			if (audit_cycle(a, order + i, j - i) < 0)
				return LG_ENOMEM;
			i = j;
			continue;
		}
		anc = from_parents(a, v, 0);
		a->closure[v] = merged(anc, own(a, v));
		if (lg_graph_lineage(a->g, v)->parents)
			audit_child(a, v, &anc);
		i++;
	}
	return 0;
}

/* -- concluded licences ------------------------------------------------------ */

/* Each model's concluded licence comes from itself when it declares
 * one, else from the most restrictive of its nearest declaring
 * ancestors (ties to the smaller id), else from nobody. */
static int conclude_all(lg_audit *a)
{
	size_t n = lg_graph_count(a->g), v, i;

	a->concluded = malloc((n + 1) * sizeof(*a->concluded));
	if (!a->concluded)
		return LG_ENOMEM;
	for (v = 0; v < n; v++) {
		lg_node best = LG_NONE;

		if (lic_of(a, (lg_node)v)->n) {
			a->concluded[v] = (lg_node)v;
			continue;
		}
		/* indices, not a->near + offset: near is NULL when no model
		 * has a declaring ancestor */
		for (i = 0; i < a->near_n[v]; i++) {
			lg_node t = a->near[a->near_off[v] + i];

			if (best == LG_NONE || near_before(a, t, best))
				best = t;
		}
		a->concluded[v] = best;
	}
	return 0;
}

/* Every model's licence, as a set number, and what each set carries. */
static int normalize_all(lg_audit *a)
{
	size_t k;

	if (lg__license_sets_build(&a->lic, a->g, a->t) < 0)
		return LG_ENOMEM;
	a->set_own = malloc((a->lic.n_sets + 1) * sizeof(*a->set_own));
	if (!a->set_own)
		return LG_ENOMEM;
	for (k = 0; k < a->lic.n_sets; k++)
		a->set_own[k] = own_of_set(a, &a->lic.sets[k]);
	return 0;
}

int lg_audit_run(lg_audit **out, const lg_graph *g, const lg_license_table *t,
		 lg_error *err)
{
	lg_audit *a = calloc(1, sizeof(*a));
	size_t n = lg_graph_count(g);

	*out = NULL;
	if (!a)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	a->g = g;
	a->t = t;
	if (collect_vendors(a) < 0) {
		lg_audit_free(a);
		return lg_error_set(err, LG_EINVAL, NULL, 0, "the licence "
				    "table names more than %d vendors or %d "
				    "name prefixes", MAX_VENDORS, MAX_PREFIXES);
	}
	a->edges = calloc(lg_graph_edge_count(g) + 1, sizeof(*a->edges));
	a->closure = calloc(n + 1, sizeof(*a->closure));
	a->near_off = calloc(n + 1, sizeof(*a->near_off));
	a->near_n = calloc(n + 1, sizeof(*a->near_n));
	if (!a->edges || !a->closure || !a->near_off || !a->near_n ||
	    normalize_all(a) < 0 || read_names(a) < 0 || find_nearest(a) < 0 ||
	    conclude_all(a) < 0 || audit_in_order(a) < 0) {
		lg_audit_free(a);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	*out = a;
	return 0;
}

void lg_audit_free(lg_audit *a)
{
	if (!a)
		return;
	lg__license_sets_release(&a->lic);
	free(a->set_own);
	free(a->edges);
	free(a->closure);
	free(a->near_off);
	free(a->near_n);
	free(a->near);
	free(a->concluded);
	free(a->name_flags);
	lg__arena_release(&a->names);
	free(a);
}

static int same_licenses(const lg_model_license *x, const lg_model_license *y)
{
	size_t i;

	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->lic[i] != y->lic[i])
			return 0;
	return 1;
}

void lg_audit_summarize(lg_audit_summary *s, const lg_audit *a)
{
	size_t m = lg_graph_edge_count(a->g), e;
	int r;

	memset(s, 0, sizeof(*s));
	s->edges = m;
	for (e = 0; e < m; e++) {
		const lg_edge *ed = lg_graph_edge(a->g, e);
		const lg_edge_audit *ea = &a->edges[e];
		const lg_model_license *pl = lic_of(a, ed->parent);
		const lg_model_license *cl = lic_of(a, ed->child);
		lg_family pf = ea->basis == LG_NONE
				       ? LG_FAM_UNKNOWN
				       : lg_model_license_family(
						 lic_of(a, ea->basis));

		s->verdicts[ea->verdict]++;
		if (ea->verdict > s->worst)
			s->worst = ea->verdict;
		for (r = 0; r < 64; r++)
			if (ea->reasons & ((uint64_t)1 << r))
				s->reasons[r]++;
		s->drift[pf][lg_model_license_family(cl)]++;
		if (pl->n && cl->n) { /* both declare: did the licence change? */
			int changed = !same_licenses(pl, cl);

			s->bearing++;
			s->changed += changed;
			if (ed->relation == LG_REL_FINETUNE) {
				s->ft_bearing++;
				s->ft_changed += changed;
			}
		}
	}
}

const lg_edge_audit *lg_audit_edge(const lg_audit *a, size_t e)
{
	return &a->edges[e];
}

const lg_model_license *lg_audit_license(const lg_audit *a, lg_node n)
{
	return lic_of(a, n);
}

size_t lg_audit_license_sets(const lg_audit *a)
{
	return a->lic.n_sets;
}

uint32_t lg_audit_license_set(const lg_audit *a, lg_node n)
{
	return a->lic.of[n];
}

const lg_model_license *lg_audit_set_license(const lg_audit *a, uint32_t set)
{
	return &a->lic.sets[set];
}

int lg_audit_reason_count(const lg_audit *a)
{
	return a->t->n_codes;
}

int lg_audit_reason_at(const lg_audit *a, int i)
{
	return (i + LG__CODE_FIXED) % a->t->n_codes;
}

const char *lg_audit_reason_name(const lg_audit *a, int code)
{
	return code >= 0 && code < a->t->n_codes ? a->t->codes[code] : NULL;
}

int lg_audit_reason_code(const lg_audit *a, const char *name)
{
	return lg_license_table_reason_code(a->t, name);
}

lg_concluded lg_audit_concluded(const lg_audit *a, lg_node n)
{
	static const lg_model_license none;
	lg_node from = a->concluded[n];
	lg_concluded c = { &none, LG_CONCLUDED_NONE, LG_NONE };

	if (from != LG_NONE) {
		c.license = lic_of(a, from);
		c.source = from == n ? LG_CONCLUDED_DECLARED
				     : LG_CONCLUDED_INHERITED;
		c.from = from;
	}
	return c;
}

const char *lg_concluded_source_name(int source)
{
	return source == LG_CONCLUDED_DECLARED	  ? "declared"
	       : source == LG_CONCLUDED_INHERITED ? "inherited"
						  : "none";
}

const char *lg_audit_reason_basis(const lg_audit *a, int code)
{
	return code >= 0 && code < a->t->n_codes ? a->t->basis[code] : NULL;
}

const char *lg_audit_reasons_text(const lg_audit *a, uint64_t reasons,
				  char *buf, size_t size)
{
	size_t len = 0;
	int i, c;

	/* the pair's own reasons (the matrix's) first, then those from
	 * beyond the pair, so the main reason leads */
	buf[0] = '\0';
	for (i = 0; i < a->t->n_codes; i++) {
		c = lg_audit_reason_at(a, i);
		if (!(reasons & ((uint64_t)1 << c)))
			continue;
		if (len)
			len = lg__text_add(buf, size, len, ",");
		len = lg__text_add(buf, size, len, a->t->codes[c]);
	}
	return buf;
}
