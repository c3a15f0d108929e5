/*
 * lineage.c - children, descendants, families and cycles (SPEC §2 rules
 * 6-7), computed from a resolved graph and returned, never written into it.
 *
 * Descendants are exact (each model once, however many merge paths reach
 * it), yet no walk is repeated per node, which would cost the sum of all
 * descendant counts: quadratic on a chain. Instead:
 *   1. Strong components (Tarjan, iterative) fold every cycle into one
 *      unit weighted by its size. Tarjan finishes a component after all
 *      it reaches, so component numbers run children first.
 *   2. A unit with exactly one parent unit hangs from it as in a tree.
 *      These tree links form a forest whose roots are the DAG's roots and
 *      its merges (units with two or more parent units); one pass, children
 *      first, sums every forest subtree.
 *   3. Whatever a unit reaches outside its own subtree lies in the subtree
 *      of a merge it reaches, and those subtrees are disjoint. So each
 *      merge adds its subtree sum to every unit above it, in one upward
 *      walk per merge.
 * The cost is O(|V| + |E| + the sum over merges of their ancestor count):
 * linear on a chain or a star; on the Hub a merge sits a few levels below
 * its bases. Families are weak components, found by breadth-first search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bfs.h"
#include "buf.h"
#include "graph_impl.h"

/* Scratch for one computation; every array is per node or per unit. */
typedef struct {
	const lg_graph *g;
	size_t n;
	uint32_t *unit;       /* node -> strong component ("unit") */
	size_t n_units;
	uint32_t *member_off; /* unit -> its nodes, in node order (CSR) */
	lg_node *members;
	uint32_t *up_off;     /* unit -> its distinct parent units (CSR) */
	uint32_t *up;
	const uint8_t *counted; /* node -> counted in sums (NULL: every one) */
	uint64_t *size, *dl;  /* forest subtree sums: models, downloads */
	uint64_t *extra, *extra_dl; /* what merges below add */
} work;

static lg_node child_of(const lg_graph *g, uint32_t e)
{
	return lg_graph_edge(g, e)->child;
}

static lg_node parent_of(const lg_graph *g, uint32_t e)
{
	return lg_graph_edge(g, e)->parent;
}

static uint64_t downloads_of(const lg_graph *g, lg_node v)
{
	int64_t d = lg_graph_record(g, v)->downloads;

	return d > 0 ? (uint64_t)d : 0;
}

/* -- 1. strong components --------------------------------------------- */

/* Tarjan's algorithm with an explicit stack of (node, next edge) frames,
 * so a million-deep chain needs no deep C stack. */
static int strong_components(work *w)
{
	size_t n = w->n, top = 0, frames = 0, s;
	uint32_t *index = calloc(n + 1, sizeof(*index));
	uint32_t *low = malloc((n + 1) * sizeof(*low));
	lg_node *stack = malloc((n + 1) * sizeof(*stack));
	lg_node *frame_v = malloc((n + 1) * sizeof(*frame_v));
	size_t *frame_k = malloc((n + 1) * sizeof(*frame_k));
	uint8_t *on_stack = calloc(n + 1, 1);
	uint32_t counter = 0;
	int rc = LG_ENOMEM;

	w->unit = malloc((n + 1) * sizeof(*w->unit));
	if (!index || !low || !stack || !frame_v || !frame_k || !on_stack ||
	    !w->unit)
		goto done;
	for (s = 0; s < n; s++) {
		if (index[s])
			continue;
		index[s] = low[s] = ++counter;
		stack[top++] = (lg_node)s;
		on_stack[s] = 1;
		frame_v[frames] = (lg_node)s;
		frame_k[frames++] = 0;
		while (frames) {
			lg_node v = frame_v[frames - 1];
			size_t m;
			const uint32_t *out = lg_graph_child_edges(w->g, v, &m);

			if (frame_k[frames - 1] < m) {
				lg_node c = child_of(w->g,
						     out[frame_k[frames - 1]++]);

				if (!index[c]) {
					index[c] = low[c] = ++counter;
					stack[top++] = c;
					on_stack[c] = 1;
					frame_v[frames] = c;
					frame_k[frames++] = 0;
				} else if (on_stack[c] && index[c] < low[v]) {
					low[v] = index[c];
				}
				continue;
			}
			frames--;
			if (frames && low[v] < low[frame_v[frames - 1]])
				low[frame_v[frames - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			do { /* v roots a component: pop it */
				lg_node x = stack[--top];

				on_stack[x] = 0;
				w->unit[x] = (uint32_t)w->n_units;
				if (x == v)
					break;
			} while (1);
			w->n_units++;
		}
	}
	rc = 0;
done:
	free(index);
	free(low);
	free(stack);
	free(frame_v);
	free(frame_k);
	free(on_stack);
	return rc;
}

/* Members of each unit, in node order (a counting sort). */
static int group_members(work *w)
{
	size_t u, v;

	w->member_off = calloc(w->n_units + 1, sizeof(*w->member_off));
	w->members = malloc((w->n + 1) * sizeof(*w->members));
	if (!w->member_off || !w->members)
		return LG_ENOMEM;
	for (v = 0; v < w->n; v++)
		w->member_off[w->unit[v] + 1]++;
	for (u = 0; u < w->n_units; u++)
		w->member_off[u + 1] += w->member_off[u];
	for (v = 0; v < w->n; v++)
		w->members[w->member_off[w->unit[v]]++] = (lg_node)v;
	for (u = w->n_units; u > 0; u--) /* the fill advanced each offset */
		w->member_off[u] = w->member_off[u - 1];
	w->member_off[0] = 0;
	return 0;
}

/* The distinct parent units of every unit, its own excluded. */
static int parent_units(work *w)
{
	size_t n_edges = lg_graph_edge_count(w->g), len = 0, u, i, k, m;
	uint32_t *seen = calloc(w->n_units + 1, sizeof(*seen));

	w->up_off = malloc((w->n_units + 1) * sizeof(*w->up_off));
	w->up = malloc((n_edges + 1) * sizeof(*w->up));
	if (!seen || !w->up_off || !w->up) {
		free(seen);
		return LG_ENOMEM;
	}
	for (u = 0; u < w->n_units; u++) {
		w->up_off[u] = (uint32_t)len;
		seen[u] = (uint32_t)u + 1;
		for (i = w->member_off[u]; i < w->member_off[u + 1]; i++) {
			const uint32_t *in = lg_graph_parent_edges(
				w->g, w->members[i], &m);

			for (k = 0; k < m; k++) {
				uint32_t pu = w->unit[parent_of(w->g, in[k])];

				if (seen[pu] == u + 1)
					continue;
				seen[pu] = (uint32_t)u + 1;
				w->up[len++] = pu;
			}
		}
	}
	w->up_off[w->n_units] = (uint32_t)len;
	free(seen);
	return 0;
}

/* -- 2, 3. descendants ---------------------------------------------------- */

static unsigned counts(const work *w, lg_node v)
{
	return !w->counted || w->counted[v];
}

static size_t n_up(const work *w, size_t u)
{
	return w->up_off[u + 1] - w->up_off[u];
}

/* Forest subtree sums, children first: a unit's number is below every
 * unit above it, so its sum is final when its turn comes. */
static void subtree_sums(work *w)
{
	size_t u, i;

	for (u = 0; u < w->n_units; u++)
		for (i = w->member_off[u]; i < w->member_off[u + 1]; i++) {
			w->size[u] += counts(w, w->members[i]);
			w->dl[u] += downloads_of(w->g, w->members[i]);
		}
	for (u = 0; u < w->n_units; u++)
		if (n_up(w, u) == 1) {
			uint32_t p = w->up[w->up_off[u]];

			w->size[p] += w->size[u];
			w->dl[p] += w->dl[u];
		}
}

/* Each merge's subtree, added once to every unit above it. */
static int add_merges(work *w)
{
	uint32_t *stamp = calloc(w->n_units + 1, sizeof(*stamp));
	uint32_t *queue = malloc((w->n_units + 1) * sizeof(*queue));
	size_t u, head, tail, k;

	if (!stamp || !queue) {
		free(stamp);
		free(queue);
		return LG_ENOMEM;
	}
	for (u = 0; u < w->n_units; u++) {
		if (n_up(w, u) < 2)
			continue;
		stamp[u] = (uint32_t)u + 1;
		head = tail = 0;
		queue[tail++] = (uint32_t)u;
		while (head < tail) {
			uint32_t x = queue[head++];

			for (k = w->up_off[x]; k < w->up_off[x + 1]; k++) {
				uint32_t p = w->up[k];

				if (stamp[p] == u + 1)
					continue;
				stamp[p] = (uint32_t)u + 1;
				w->extra[p] += w->size[u];
				w->extra_dl[p] += w->dl[u];
				queue[tail++] = p;
			}
		}
	}
	free(stamp);
	free(queue);
	return 0;
}

static void count_direct(const lg_graph *g, lg_lineage *of)
{
	size_t e, m = lg_graph_edge_count(g);

	for (e = 0; e < m; e++) {
		const lg_edge *ed = lg_graph_edge(g, e);

		of[ed->parent].children++;
		of[ed->parent].by_relation[ed->relation]++;
		of[ed->child].parents++;
	}
}

static uint32_t clamp32(uint64_t x)
{
	return x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
}

static void set_descendants(const work *w, lg_lineage *of)
{
	size_t v;

	for (v = 0; v < w->n; v++) {
		uint32_t u = w->unit[v];

		of[v].descendants = clamp32(w->size[u] + w->extra[u] -
					    counts(w, (lg_node)v));
		of[v].descendant_downloads = w->dl[u] + w->extra_dl[u] -
					     downloads_of(w->g, (lg_node)v);
	}
}

/* Every node, parents before children: units from the last finished
 * (Tarjan's numbers run children first), members side by side. */
static int topological_order(const work *w, lg__lineage *out)
{
	size_t u, i, k = 0;

	out->order = malloc((w->n + 1) * sizeof(*out->order));
	if (!out->order)
		return LG_ENOMEM;
	for (u = w->n_units; u-- > 0;)
		for (i = w->member_off[u]; i < w->member_off[u + 1]; i++)
			out->order[k++] = w->members[i];
	return 0;
}

/* -- cycles and families -------------------------------------------------- */

/* Names a cycle's members (node order) in one warning: all of them up to
 * a screenful, then how many more. */
static void report_cycle(const work *w, size_t u)
{
	char text[1024];
	size_t len, i, first = w->member_off[u], end = w->member_off[u + 1];

	len = (size_t)snprintf(text, sizeof(text),
			       "cycle of %zu models (kept; counted once):",
			       end - first);
	for (i = first; i < end; i++) {
		const char *id = lg_graph_record(w->g, w->members[i])->id;

		if (len + strlen(id) + 40 > sizeof(text)) {
			snprintf(text + len, sizeof(text) - len,
				 " and %zu more", end - i);
			break;
		}
		len += (size_t)snprintf(text + len, sizeof(text) - len, " '%s'",
					id);
	}
	lg__graph_diag(w->g, lg_graph_record(w->g, w->members[first]),
		       LG_DIAG_CYCLE, text);
}

/* Units of more than one model, numbered and reported in the order of
 * their first member. */
static int mark_cycles(const work *w, lg__lineage *out)
{
	uint32_t *number = calloc(w->n_units + 1, sizeof(*number));
	size_t v;

	if (!number)
		return LG_ENOMEM;
	for (v = 0; v < w->n; v++) {
		uint32_t u = w->unit[v];

		if (w->member_off[u + 1] - w->member_off[u] < 2)
			continue;
		if (!number[u]) {
			number[u] = (uint32_t)++out->cycles;
			report_cycle(w, u);
		}
		out->of[v].cycle = number[u];
	}
	free(number);
	return 0;
}

/* Weak components, numbered in the order of their smallest node: one
 * search each, both ways, over scratch that is never cleared. */
static int mark_families(const lg_graph *g, size_t n, lg__lineage *out)
{
	lg_node *queue = malloc((n + 1) * sizeof(*queue));
	uint8_t *seen = calloc(n + 1, 1);
	size_t cap = 0, s, size, k;
	lg__bfs b;
	int rc = LG_ENOMEM;

	if (!queue || !seen)
		goto done;
	lg__bfs_init(&b, g, seen, queue, NULL);
	for (s = 0; s < n; s++) {
		if (seen[s])
			continue;
		if (lg__array_grow((void **)&out->family_size, &cap,
				   out->families + 1,
				   sizeof(*out->family_size)) < 0)
			goto done;
		lg__bfs_restart(&b);
		lg__bfs_seed(&b, (lg_node)s);
		size = lg__bfs_run(&b, LG__BFS_BOTH, -1);
		for (k = 0; k < size; k++)
			out->of[queue[k]].family = (uint32_t)out->families;
		out->family_size[out->families++] = (uint32_t)size;
	}
	rc = 0;
done:
	free(queue);
	free(seen);
	return rc;
}

/* -- running ------------------------------------------------------------- */

static void work_release(work *w)
{
	free(w->unit);
	free(w->member_off);
	free(w->members);
	free(w->up_off);
	free(w->up);
	free(w->size);
	free(w->dl);
	free(w->extra);
	free(w->extra_dl);
}

static int descendants(work *w, lg__lineage *out)
{
	size_t nu = w->n_units + 1;

	w->size = calloc(nu, sizeof(*w->size));
	w->dl = calloc(nu, sizeof(*w->dl));
	w->extra = calloc(nu, sizeof(*w->extra));
	w->extra_dl = calloc(nu, sizeof(*w->extra_dl));
	if (!w->size || !w->dl || !w->extra || !w->extra_dl)
		return LG_ENOMEM;
	subtree_sums(w);
	if (add_merges(w) < 0)
		return LG_ENOMEM;
	set_descendants(w, out->of);
	return 0;
}

/* Steps 1 and 2's units and their parent units. */
static int find_units(work *w)
{
	int rc = strong_components(w);

	if (rc == 0)
		rc = group_members(w);
	if (rc == 0)
		rc = parent_units(w);
	return rc;
}

int lg__descendants_counted(uint32_t *out, const lg_graph *g,
			    const uint8_t *counted, lg_error *err)
{
	work w;
	lg__lineage l;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(&l, 0, sizeof(l));
	w.g = g;
	w.n = lg_graph_count(g);
	w.counted = counted;
	l.of = calloc(w.n + 1, sizeof(*l.of));
	rc = l.of ? find_units(&w) : LG_ENOMEM;
	if (rc == 0)
		rc = descendants(&w, &l);
	if (rc == 0)
		for (size_t v = 0; v < w.n; v++)
			out[v] = l.of[v].descendants;
	work_release(&w);
	free(l.of);
	return rc < 0 ? lg_error_set(err, rc, NULL, 0, "out of memory") : 0;
}

int lg__lineage_compute(lg__lineage *out, const lg_graph *g, lg_error *err)
{
	work w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.n = lg_graph_count(g);
	out->of = calloc(w.n + 1, sizeof(*out->of));
	rc = out->of ? 0 : LG_ENOMEM;
	if (rc == 0) {
		count_direct(g, out->of);
		rc = find_units(&w);
	}
	if (rc == 0)
		rc = descendants(&w, out);
	if (rc == 0)
		rc = topological_order(&w, out);
	if (rc == 0)
		rc = mark_cycles(&w, out);
	if (rc == 0)
		rc = mark_families(g, w.n, out);
	work_release(&w);
	if (rc < 0) {
		lg__lineage_release(out);
		return lg_error_set(err, rc, NULL, 0, "out of memory");
	}
	return 0;
}

void lg__lineage_release(lg__lineage *l)
{
	if (!l)
		return;
	free(l->of);
	free(l->family_size);
	free(l->order);
	memset(l, 0, sizeof(*l));
}
