/*
 * audit.c - the verdict of every edge (SPEC-licenses §3-§4).
 *
 * For each model with parents, one walk up its ancestry gathers what the
 * rules beyond the pair need (the licences above it); then each incoming
 * edge is judged: against the parent's licence, or, when the parent
 * declares none, against the nearest ancestor that does. A parent with
 * several licences is judged by the most permissive one the child could
 * have chosen; a child with several must satisfy the parent with each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph_impl.h"
#include "lg_audit.h"
#include "license_impl.h"

#define MAX_ANCESTOR_LICENSES 64

struct lg_audit {
	const lg_graph *g;
	const lg_license_table *t;
	lg_model_license *lic;  /* per node */
	lg_edge_audit *edges;   /* per edge */
	uint32_t *stamp;        /* BFS marks, one generation per walk */
	uint32_t generation;
	lg_node *queue;
};

/* What a model's ancestry carries, for the rules beyond the pair. */
typedef struct {
	const lg_license *lics[MAX_ANCESTOR_LICENSES];
	size_t n;
} ancestry;

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

static int has_vendor(const ancestry *anc, const char *vendor)
{
	size_t i;

	for (i = 0; i < anc->n; i++)
		if (anc->lics[i]->vendor &&
		    strcmp(anc->lics[i]->vendor, vendor) == 0)
			return 1;
	return 0;
}

/* -- walks up ------------------------------------------------------------ */

static uint32_t next_generation(lg_audit *a)
{
	if (++a->generation == 0) { /* wrapped: clear the marks */
		memset(a->stamp, 0, lg_graph_count(a->g) * sizeof(*a->stamp));
		a->generation = 1;
	}
	return a->generation;
}

/* Licences of every ancestor of v (v excluded), each licence once. */
static void gather_ancestry(lg_audit *a, lg_node v, ancestry *out)
{
	uint32_t gen = next_generation(a);
	size_t head = 0, tail = 0, n, k, i, j;

	out->n = 0;
	a->stamp[v] = gen;
	a->queue[tail++] = v;
	while (head < tail) {
		const uint32_t *in = lg_graph_parent_edges(a->g, a->queue[head++],
							   &n);

		for (k = 0; k < n; k++) {
			lg_node p = lg_graph_edge(a->g, in[k])->parent;
			const lg_model_license *ml = &a->lic[p];

			if (a->stamp[p] == gen)
				continue;
			a->stamp[p] = gen;
			a->queue[tail++] = p;
			for (i = 0; i < ml->n; i++) {
				for (j = 0; j < out->n; j++)
					if (out->lics[j] == ml->lic[i])
						break;
				if (j == out->n && out->n < MAX_ANCESTOR_LICENSES)
					out->lics[out->n++] = ml->lic[i];
			}
		}
	}
}

#define MAX_TIED 16

/* p itself when it declares a licence, else its nearest ancestors that do:
 * every one at the smallest distance (breadth-first, level by level), so
 * the result does not depend on the order of a card's base_model list.
 * Returns how many were stored in tied (0: no ancestor declares one). */
static size_t nearest_declared(lg_audit *a, lg_node p, lg_node *tied)
{
	uint32_t gen;
	size_t head = 0, tail = 0, level_end, n, k, found = 0;

	if (a->lic[p].n) {
		tied[0] = p;
		return 1;
	}
	gen = next_generation(a);
	a->stamp[p] = gen;
	a->queue[tail++] = p;
	while (head < tail && !found) {
		for (level_end = tail; head < level_end; head++) {
			const uint32_t *in = lg_graph_parent_edges(
				a->g, a->queue[head], &n);

			for (k = 0; k < n; k++) {
				lg_node q = lg_graph_edge(a->g, in[k])->parent;

				if (a->stamp[q] == gen)
					continue;
				a->stamp[q] = gen;
				if (!a->lic[q].n)
					a->queue[tail++] = q;
				else if (found < MAX_TIED)
					tied[found++] = q;
			}
		}
	}
	return found;
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
	    has_vendor(anc, c->vendor)) {
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
		buf[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	buf[n] = '\0';
}

static void naming_rules(const lg_audit *a, lg_node child, int relation,
			 const ancestry *anc, outcome *o)
{
	const char *need = NULL;
	char name[LG_MAX_ID_LEN + 1];
	size_t i;

	plain_name(lg_graph_record(a->g, child)->id, name, sizeof(name));
	for (i = 0; i < anc->n; i++)
		if (anc->lics[i]->prefix &&
		    (!need || strlen(anc->lics[i]->prefix) > strlen(need)))
			need = anc->lics[i]->prefix;
	if (need && relation != LG_REL_QUANTIZED &&
	    strncmp(name, need, strlen(need)) != 0)
		add(o, LG_VERDICT_WARN, LG__CODE_LLAMA_NAME_PREFIX);
	if (strstr(name, "llama") && !has_vendor(anc, "meta"))
		add(o, LG_VERDICT_WARN, LG__CODE_MISSING_LLAMA_LICENSE);
}

static void ancestry_rules(const lg_audit *a, lg_node child, lg_node basis,
			   const ancestry *anc, outcome *o)
{
	const lg_model_license *cm = &a->lic[child];
	const lg_model_license *bm = basis == LG_NONE ? NULL : &a->lic[basis];
	size_t i;
	int relabels = cm->n && bm && bm->n &&
		       (cm->n != bm->n || cm->lic[0] != bm->lic[0]);

	for (i = 0; i < cm->n; i++)
		if (cm->lic[i]->family == LG_FAM_VENDOR && cm->lic[i]->vendor &&
		    !has_vendor(anc, cm->lic[i]->vendor))
			add(o, LG_VERDICT_WARN, LG__CODE_VENDOR_NOT_IN_ANCESTRY);
	for (i = 0; relabels && i < anc->n; i++)
		if (anc->lics[i]->mau)
			add(o, LG_VERDICT_INFO, LG__CODE_MAU_LIMIT);
	if (cm->family_clash)
		add(o, LG_VERDICT_INFO, LG__CODE_DECLARED_FAMILY_CLASH);
}

static int is_cc(const lg_license *l, const char *kind)
{
	return strncmp(l->id, kind, strlen(kind)) == 0;
}

/* Whether model p, or any ancestor of it, carries a licence of vendor. */
static int of_vendor(lg_audit *a, lg_node p, const char *vendor)
{
	const lg_model_license *ml = &a->lic[p];
	ancestry anc;
	size_t i;

	for (i = 0; i < ml->n; i++)
		if (ml->lic[i]->vendor && strcmp(ml->lic[i]->vendor, vendor) == 0)
			return 1;
	gather_ancestry(a, p, &anc);
	return has_vendor(&anc, vendor);
}

/* NO_TRAIN_OTHER_LLM: a parent under a licence that forbids improving
 * other LLMs (Llama 2/3, Tongyi Qianwen), merged with a licensed parent
 * that is another vendor's model: not that vendor's, nor derived from it. */
static int trains_other_llm(lg_audit *a, const uint32_t *in, size_t n_edges)
{
	size_t k, j, i;

	for (k = 0; k < n_edges; k++) {
		lg_node bk = a->edges[in[k]].basis;

		if (bk == LG_NONE)
			continue;
		for (i = 0; i < a->lic[bk].n; i++) {
			const lg_license *l = a->lic[bk].lic[i];

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
	const lg_license *lics[MAX_ANCESTOR_LICENSES];
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
		ml = &a->lic[ea->basis];
		for (i = 0; i < ml->n && n < MAX_ANCESTOR_LICENSES; i++)
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
static outcome judge_edge(lg_audit *a, const lg_edge *e, lg_node child,
			  const ancestry *anc, lg_node *basis)
{
	static const lg_model_license none;
	lg_node tied[MAX_TIED];
	size_t n = nearest_declared(a, e->parent, tied), i;
	outcome worst = { -1, 0 };

	*basis = LG_NONE;
	if (n == 0)
		return judge_pair(a, &none, &a->lic[child], e->relation, anc);
	for (i = 0; i < n; i++) {
		outcome o = judge_pair(a, &a->lic[tied[i]], &a->lic[child],
				       e->relation, anc);

		if (o.verdict > worst.verdict ||
		    (o.verdict == worst.verdict &&
		     lg_id_compare(lg_graph_record(a->g, tied[i])->id,
				   lg_graph_record(a->g, *basis)->id) < 0)) {
			worst = o;
			*basis = tied[i];
		}
	}
	if (*basis != e->parent)
		add(&worst, LG_VERDICT_OK, LG__CODE_JUDGED_BY_ANCESTOR);
	return worst;
}

static void audit_child(lg_audit *a, lg_node child)
{
	size_t n, k;
	const uint32_t *in = lg_graph_parent_edges(a->g, child, &n);
	ancestry anc;
	outcome merge = { LG_VERDICT_OK, 0 };

	gather_ancestry(a, child, &anc);
	for (k = 0; k < n; k++) {
		const lg_edge *e = lg_graph_edge(a->g, in[k]);
		lg_edge_audit *ea = &a->edges[in[k]];
		lg_node basis;
		outcome o = judge_edge(a, e, child, &anc, &basis);

		naming_rules(a, child, e->relation, &anc, &o);
		ancestry_rules(a, child, basis, &anc, &o);
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

int lg_audit_run(lg_audit **out, const lg_graph *g, const lg_license_table *t,
		 lg_error *err)
{
	lg_audit *a = calloc(1, sizeof(*a));
	size_t n = lg_graph_count(g), v;

	*out = NULL;
	if (!a)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	a->g = g;
	a->t = t;
	a->lic = calloc(n ? n : 1, sizeof(*a->lic));
	a->edges = calloc(lg_graph_edge_count(g) + 1, sizeof(*a->edges));
	a->stamp = calloc(n ? n : 1, sizeof(*a->stamp));
	a->queue = malloc((n ? n : 1) * sizeof(*a->queue));
	if (!a->lic || !a->edges || !a->stamp || !a->queue) {
		lg_audit_free(a);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	for (v = 0; v < n; v++)
		lg_license_normalize(&a->lic[v], t, lg_graph_record(g, (lg_node)v));
	for (v = 0; v < n; v++)
		if (lg_graph_lineage(g, (lg_node)v)->parents)
			audit_child(a, (lg_node)v);
	*out = a;
	return 0;
}

void lg_audit_free(lg_audit *a)
{
	if (!a)
		return;
	free(a->lic);
	free(a->edges);
	free(a->stamp);
	free(a->queue);
	free(a);
}

const lg_edge_audit *lg_audit_edge(const lg_audit *a, size_t e)
{
	return &a->edges[e];
}

const lg_model_license *lg_audit_license(const lg_audit *a, lg_node n)
{
	return &a->lic[n];
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

const char *lg_audit_reason_basis(const lg_audit *a, int code)
{
	return code >= 0 && code < a->t->n_codes ? a->t->basis[code] : NULL;
}

const char *lg_audit_reasons_text(const lg_audit *a, uint64_t reasons,
				  char *buf, size_t size)
{
	size_t len = 0;
	int c;

	int i;

	/* the pair's own reasons (the matrix's) first, then those from
	 * beyond the pair, so the main reason leads */
	buf[0] = '\0';
	for (i = 0; i < a->t->n_codes && len < size; i++) {
		c = lg_audit_reason_at(a, i);
		if (reasons & ((uint64_t)1 << c))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "", a->t->codes[c]);
	}
	return buf;
}
