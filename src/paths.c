/*
 * paths.c - the walks around one model that `show` displays (lg_paths.h).
 *
 * All three walk with explicit stacks or queues, never C recursion: a
 * hostile chain of a million models must not exhaust the stack. The
 * ancestor walk checks its own path for cycles (the path is at most
 * max_len long), so it needs no per-node memory.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lg_lineage.h"
#include "lg_paths.h"

static int out_of_memory(lg_error *err)
{
	return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
}

/* -- ancestor chains ----------------------------------------------------- */

typedef struct {
	lg_node node;
	uint32_t edge;    /* the edge that reached node (unused at the root) */
	size_t next;      /* its next parent edge to try */
	int went;         /* a parent was walked from here */
} up_frame;

typedef struct {
	lg_chains *c;
	size_t cap_edges, cap_start, max_chains;
} chain_sink;

/* Appends the chain frames[1 .. len) as a chain; 0, 1 when the cap is
 * reached, or LG_ENOMEM. */
static int add_chain(chain_sink *s, const up_frame *frames, size_t len)
{
	lg_chains *c = s->c;
	size_t used = c->n ? c->start[c->n] : 0, i;

	if (c->n == s->max_chains) {
		c->truncated = 1;
		return 1;
	}
	if (lg__array_grow((void **)&c->edges, &s->cap_edges, used + len,
			   sizeof(*c->edges)) < 0 ||
	    lg__array_grow((void **)&c->start, &s->cap_start, c->n + 2,
			   sizeof(*c->start)) < 0)
		return LG_ENOMEM;
	for (i = 1; i < len; i++)
		c->edges[used + i - 1] = frames[i].edge;
	c->start[c->n] = used;
	c->start[++c->n] = used + len - 1;
	return 0;
}

static int on_path(const up_frame *frames, size_t len, lg_node v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (frames[i].node == v)
			return 1;
	return 0;
}

/* Depth first up the parent edges; a frame with no parent left to walk
 * ends a chain if it never went further. */
static int walk_up(chain_sink *s, const lg_graph *g, up_frame *frames,
		   size_t max_len)
{
	size_t len = 1;
	int rc = 0;

	while (len && rc == 0) {
		up_frame *f = &frames[len - 1];
		size_t m;
		const uint32_t *in = lg_graph_parent_edges(g, f->node, &m);

		if (len - 1 == max_len) {
			s->c->truncated |= m > 0; /* cut here, still listed */
			m = 0;
		}
		while (f->next < m &&
		       on_path(frames, len, lg_graph_edge(g, in[f->next])->parent))
			f->next++; /* a cycle: this chain ends before it */
		if (f->next < m) {
			uint32_t e = in[f->next++];

			f->went = 1;
			frames[len++] = (up_frame){ lg_graph_edge(g, e)->parent,
						    e, 0, 0 };
			continue;
		}
		if (!f->went && len > 1)
			rc = add_chain(s, frames, len);
		len--;
	}
	return rc < 0 ? rc : 0;
}

int lg_ancestor_chains(lg_chains *out, const lg_graph *g, lg_node model,
		       size_t max_chains, size_t max_len, lg_error *err)
{
	chain_sink s = { out, 0, 0, max_chains };
	up_frame *frames = malloc((max_len + 1) * sizeof(*frames));
	int rc;

	memset(out, 0, sizeof(*out));
	if (!frames)
		return out_of_memory(err);
	frames[0] = (up_frame){ model, 0, 0, 0 };
	rc = walk_up(&s, g, frames, max_len);
	free(frames);
	if (rc < 0) {
		lg_chains_release(out);
		return out_of_memory(err);
	}
	return 0;
}

void lg_chains_release(lg_chains *c)
{
	free(c->edges);
	free(c->start);
	memset(c, 0, sizeof(*c));
}

/* -- the descendant tree --------------------------------------------------- */

typedef struct {
	uint32_t descendants, id_rank, edge;
} child_key;

/* Biggest subtrees first, then by id in the order every command uses. */
static int by_size_then_id(const void *pa, const void *pb)
{
	const child_key *a = pa, *b = pb;

	if (a->descendants != b->descendants)
		return a->descendants > b->descendants ? -1 : 1;
	return a->id_rank < b->id_rank ? -1 : a->id_rank > b->id_rank;
}

/* The child edges of v in tree order; the caller frees. */
static uint32_t *sorted_children(const lg_graph *g, lg_node v, size_t *n)
{
	const uint32_t *out = lg_graph_child_edges(g, v, n);
	child_key *keys = malloc((*n ? *n : 1) * sizeof(*keys));
	uint32_t *edges = malloc((*n ? *n : 1) * sizeof(*edges));
	size_t k;

	if (!keys || !edges) {
		free(keys);
		free(edges);
		return NULL;
	}
	for (k = 0; k < *n; k++) {
		lg_node c = lg_graph_edge(g, out[k])->child;

		keys[k] = (child_key){ lg_graph_lineage(g, c)->descendants,
				       lg_graph_id_rank(g, c), out[k] };
	}
	qsort(keys, *n, sizeof(*keys), by_size_then_id);
	for (k = 0; k < *n; k++)
		edges[k] = keys[k].edge;
	free(keys);
	return edges;
}

typedef struct {
	uint32_t *kids;   /* sorted child edges */
	size_t n, next;
} down_frame;

typedef struct {
	lg_tree_item *items;
	size_t n, cap;
} tree_sink;

/* Pushes v's children as a new frame; 0 or LG_ENOMEM. */
static int push_children(down_frame *stack, size_t *len, const lg_graph *g,
			 lg_node v)
{
	down_frame *f = &stack[(*len)];

	f->next = 0;
	if (!(f->kids = sorted_children(g, v, &f->n)))
		return LG_ENOMEM;
	(*len)++;
	return 0;
}

/* Lists the child edge e of a frame at level; pushes its children when
 * it is expanded. */
static int list_child(tree_sink *t, down_frame *stack, size_t *len,
		      const lg_graph *g, uint8_t *seen, long depth,
		      size_t max_levels)
{
	down_frame *f = &stack[*len - 1];
	uint32_t e = f->kids[f->next++];
	lg_node c = lg_graph_edge(g, e)->child;
	size_t level = *len - 1;
	lg_tree_item it = { e, (uint32_t)level, f->next == f->n, seen[c], 0 };

	if (!it.seen_above && lg_graph_lineage(g, c)->children)
		it.cut = depth && level + 1 >= (size_t)depth ? LG_TREE_DEPTH
			 : level + 1 >= max_levels	    ? LG_TREE_LEVELS
							    : LG_TREE_WHOLE;
	seen[c] = 1;
	if (lg__array_grow((void **)&t->items, &t->cap, t->n + 1,
			   sizeof(*t->items)) < 0)
		return LG_ENOMEM;
	t->items[t->n++] = it;
	if (it.seen_above || it.cut || !lg_graph_lineage(g, c)->children)
		return 0;
	return push_children(stack, len, g, c);
}

int lg_descendant_tree(lg_tree_item **items, size_t *n, const lg_graph *g,
		       lg_node model, long depth, size_t max_levels,
		       lg_error *err)
{
	size_t cap_levels = max_levels ? max_levels : 1, len = 0;
	down_frame *stack = malloc((cap_levels + 1) * sizeof(*stack));
	uint8_t *seen = calloc(lg_graph_count(g) + 1, 1);
	tree_sink t = { NULL, 0, 0 };
	int rc = stack && seen ? 0 : LG_ENOMEM;

	if (rc == 0 && max_levels) {
		seen[model] = 1;
		rc = push_children(stack, &len, g, model);
	}
	while (len && rc == 0) {
		if (stack[len - 1].next == stack[len - 1].n)
			free(stack[--len].kids);
		else
			rc = list_child(&t, stack, &len, g, seen, depth,
					max_levels);
	}
	while (len)
		free(stack[--len].kids);
	free(stack);
	free(seen);
	*items = t.items;
	*n = t.n;
	if (rc < 0) {
		free(t.items);
		*items = NULL;
		*n = 0;
		return out_of_memory(err);
	}
	return 0;
}

/* -- the edge walk --------------------------------------------------------- */

int lg_edge_walk(lg_walk_step **steps, size_t *n, const lg_graph *g,
		 lg_node model, int up, long depth, lg_error *err)
{
	size_t count = lg_graph_count(g), head = 0, tail = 0, cap = 0;
	lg_node *queue = malloc((count + 1) * sizeof(*queue));
	uint32_t *level = malloc((count + 1) * sizeof(*level));
	uint8_t *seen = calloc(count + 1, 1);
	int rc = queue && level && seen ? 0 : LG_ENOMEM;

	*steps = NULL;
	*n = 0;
	if (rc == 0) {
		seen[model] = 1;
		queue[tail] = model;
		level[tail++] = 0;
	}
	while (head < tail && rc == 0) {
		lg_node v = queue[head];
		uint32_t d = level[head++], k;
		size_t m;
		const uint32_t *es = up ? lg_graph_parent_edges(g, v, &m)
					: lg_graph_child_edges(g, v, &m);

		if (!up && depth && d >= (uint64_t)depth)
			continue;
		for (k = 0; k < m && rc == 0; k++) {
			const lg_edge *e = lg_graph_edge(g, es[k]);
			lg_node next = up ? e->parent : e->child;

			rc = lg__array_grow((void **)steps, &cap, *n + 1,
					    sizeof(**steps));
			if (rc < 0)
				break;
			(*steps)[(*n)++] = (lg_walk_step){ es[k], d + 1 };
			if (seen[next])
				continue;
			seen[next] = 1;
			queue[tail] = next;
			level[tail++] = d + 1;
		}
	}
	free(queue);
	free(level);
	free(seen);
	if (rc < 0) {
		free(*steps);
		*steps = NULL;
		*n = 0;
		return out_of_memory(err);
	}
	return 0;
}
