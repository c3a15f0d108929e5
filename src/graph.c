/*
 * graph.c - the model table: interning ids, replacing duplicates, resolving
 * parents to edges, and the CSR adjacency every analysis walks.
 *
 * Records arrive in input order through lg__graph_add_record. Nothing is
 * resolved until lg_graph_build, because a parent may appear after its
 * children and a duplicate may still change a model's parents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ascii.h"
#include "buf.h"
#include "graph_struct.h"

lg_graph *lg_graph_new(void)
{
	lg_graph *g = calloc(1, sizeof(lg_graph));

	if (g && !(g->log = lg__diaglog_new())) {
		free(g);
		return NULL;
	}
	return g;
}

/* Frees p unless it points into the mapped cache file. */
static void release(const lg_graph *g, void *p)
{
	const char *c = p, *map = g->map;

	if (!(map && c >= map && c < map + g->map_len))
		free(p);
}

void lg_graph_free(lg_graph *g)
{
	if (!g)
		return;
	lg__arena_release(&g->arena);
	release(g, g->models);
	release(g, g->hashes);
	release(g, g->ids.slots);
	release(g, g->edges);
	release(g, g->child_off);
	release(g, g->child_idx);
	release(g, g->parent_off);
	release(g, g->parent_idx);
	release(g, g->id_rank);
	release(g, g->lineage.of);
	release(g, g->lineage.family_size);
	release(g, g->lineage.order);
	free(g->map_owned);
	lg__diaglog_free(g->log);
	if (g->map)
		munmap(g->map, g->map_len);
	free(g);
}

void lg_graph_set_diag(lg_graph *g, lg_diag_fn fn, void *payload)
{
	g->diag = fn;
	g->diag_payload = payload;
}

void lg__graph_report(const lg_graph *g, const lg_diag *d)
{
	lg__diaglog_add(g->log, d, 0);
	if (g->diag)
		g->diag(d, g->diag_payload);
}

void lg__graph_diag(const lg_graph *g, const lg_record *rec, int kind,
		    const char *text)
{
	lg_diag d;

	d.file = rec->file;
	d.line = rec->line;
	d.index = rec->index;
	d.model = rec->id;
	d.text = text;
	d.skipped = 0;
	d.kind = kind;
	d.seq = rec->seq;
	lg__graph_report(g, &d);
}

size_t lg_graph_diag_count(const lg_graph *g)
{
	return lg__diaglog_count(g->log);
}

void lg_graph_diag(const lg_graph *g, size_t i, lg_diag *out)
{
	lg__diaglog_get(g->log, i, out);
}

/* A canonical id and its lg_id_hash, as the id index searches for it. */
typedef struct {
	const char *id;
	uint32_t hash;
} id_lookup;

/* Stored hashes spare most string comparisons. */
static int id_eq(uint32_t n, const void *key, const void *ctx)
{
	const lg_graph *g = ctx;
	const id_lookup *k = key;

	return g->hashes[n] == k->hash &&
	       lg_id_equal(g->models[n].rec.id, k->id);
}

static uint64_t id_hash(uint32_t n, const void *ctx)
{
	const lg_graph *g = ctx;

	return g->hashes[n];
}

/* Appends a node for rec (copied by value) and indexes it. */
static int add_node(lg_graph *g, const lg_record *rec, uint32_t hash,
		    int external, lg_node *out)
{
	id_lookup key = { rec->id, hash };

	if (g->n >= UINT32_MAX - 1)
		return LG_ENOMEM;
	if (lg__index_reserve(&g->ids, g->n + 1, id_hash, g) < 0)
		return LG_ENOMEM;
	if (lg__array_grow((void **)&g->models, &g->cap, g->n + 1,
			   sizeof(*g->models)) < 0 ||
	    lg__array_grow((void **)&g->hashes, &g->cap_hashes, g->n + 1,
			   sizeof(*g->hashes)) < 0)
		return LG_ENOMEM;
	g->models[g->n].rec = *rec;
	g->models[g->n].external = external;
	g->hashes[g->n] = hash;
	lg__index_put(&g->ids, lg__index_find(&g->ids, hash, id_eq, &key, g),
		      (uint32_t)g->n);
	*out = (lg_node)g->n++;
	return 0;
}

/* The node of a canonical id with its hash, or LG_NONE. */
static lg_node find_canonical(const lg_graph *g, const char *id,
			      uint32_t hash)
{
	id_lookup key = { id, hash };
	long n = lg__index_get(&g->ids, hash, id_eq, &key, g);

	return n < 0 ? LG_NONE : (lg_node)n;
}

lg_node lg_graph_find(const lg_graph *g, const char *id)
{
	char canon[LG_MAX_ID_LEN * 4 + 1];
	size_t len = strlen(id);

	if (len >= sizeof(canon))
		return LG_NONE;
	memcpy(canon, id, len + 1);
	if (lg_id_canonicalize(canon, len) < 0)
		return LG_NONE;
	return find_canonical(g, canon, lg_id_hash(canon));
}

int lg__graph_add_record(lg_graph *g, const lg_record *rec, lg_error *err)
{
	lg_node n = find_canonical(g, rec->id, rec->id_hash);
	char text[LG_MAX_ID_LEN + 600];

	if (g->built) /* its arrays may be a mapped cache: never grown */
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "graph is already built");
	g->stats.records_kept++;
	if (n == LG_NONE) {
		if (add_node(g, rec, rec->id_hash, 0, &n) < 0)
			return lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
		return 0;
	}
	g->stats.duplicates++;
	if (g->models[n].rec.index >= 0)
		snprintf(text, sizeof(text), "duplicate record replaces the "
			 "one at %s:#%ld", g->models[n].rec.file,
			 g->models[n].rec.index);
	else
		snprintf(text, sizeof(text), "duplicate record replaces the "
			 "one at %s:%ld", g->models[n].rec.file,
			 g->models[n].rec.line);
	lg__graph_diag(g, rec, LG_DIAG_DUPLICATE, text);
	g->models[n].rec = *rec; /* same id up to case: the index stays right */
	return 0;
}

static int add_edge(lg_graph *g, lg_node parent, lg_node child,
		    const lg_parent *p)
{
	if (lg__array_grow((void **)&g->edges, &g->cap_edges, g->n_edges + 1,
			   sizeof(*g->edges)) < 0)
		return LG_ENOMEM;
	/* zeroed padding: the cache writes edges whole */
	memset(&g->edges[g->n_edges], 0, sizeof(*g->edges));
	g->edges[g->n_edges].parent = parent;
	g->edges[g->n_edges].child = child;
	g->edges[g->n_edges].relation = p->relation;
	g->edges[g->n_edges].relation_source = p->relation_source;
	g->n_edges++;
	return 0;
}

/* Parents to edges; a parent never seen as a record becomes external. */
/* Room for every parent named: at most that many edges, and externals,
 * so neither the edges nor the id index are copied over while resolving. */
static int reserve(lg_graph *g)
{
	size_t parents = 0, i;

	for (i = 0; i < g->n; i++)
		parents += g->models[i].rec.n_parents;
	if (lg__array_grow((void **)&g->edges, &g->cap_edges, parents + 1,
			   sizeof(*g->edges)) < 0 ||
	    lg__array_grow((void **)&g->models, &g->cap, g->n + parents + 1,
			   sizeof(*g->models)) < 0 ||
	    lg__array_grow((void **)&g->hashes, &g->cap_hashes,
			   g->n + parents + 1, sizeof(*g->hashes)) < 0)
		return LG_ENOMEM;
	return lg__index_reserve(&g->ids, g->n + parents + 1, id_hash, g);
}

static int resolve_parents(lg_graph *g)
{
	size_t n_records = g->n, i, k;

	if (reserve(g) < 0)
		return LG_ENOMEM;
	for (i = 0; i < n_records; i++) {
		const lg_record *rec = &g->models[i].rec;

		if (rec->self_loop) {
			g->stats.self_loops++;
			lg__graph_diag(g, rec, LG_DIAG_SELF_LOOP,
				       "names itself as its base model; that "
				       "edge is dropped");
		}

		for (k = 0; k < rec->n_parents; k++) {
			const lg_parent *p = &rec->parents[k];
			lg_node parent = find_canonical(g, p->id, p->hash);

			if (parent == LG_NONE) {
				lg_record ext;

				memset(&ext, 0, sizeof(ext));
				ext.id = p->id;
				ext.downloads = ext.likes = -1;
				ext.gated = -1;
				ext.file = rec->file;
				ext.line = rec->line;
				ext.index = rec->index;
				ext.id_hash = p->hash;
				ext.seq = rec->seq;
				if (add_node(g, &ext, p->hash, 1, &parent) < 0)
					return LG_ENOMEM;
				g->stats.external++;
				rec = &g->models[i].rec; /* models moved */
			}
			if (add_edge(g, parent, (lg_node)i, p) < 0)
				return LG_ENOMEM;
		}
	}
	return 0;
}

/* Counting sort of edge numbers by one endpoint: CSR offsets + indices. */
static int build_csr(const lg_graph *g, int by_parent, uint32_t **off_out,
		     uint32_t **idx_out)
{
	uint32_t *off = calloc(g->n + 1, sizeof(*off));
	uint32_t *idx = malloc((g->n_edges ? g->n_edges : 1) * sizeof(*idx));
	size_t e, v;

	if (!off || !idx) {
		free(off);
		free(idx);
		return LG_ENOMEM;
	}
	for (e = 0; e < g->n_edges; e++)
		off[(by_parent ? g->edges[e].parent : g->edges[e].child) + 1]++;
	for (v = 0; v < g->n; v++)
		off[v + 1] += off[v];
	for (e = 0; e < g->n_edges; e++) {
		lg_node v2 = by_parent ? g->edges[e].parent : g->edges[e].child;

		idx[off[v2]++] = (uint32_t)e;
	}
	/* the fill advanced each offset to the next node's start; undo */
	for (v = g->n; v > 0; v--)
		off[v] = off[v - 1];
	off[0] = 0;
	*off_out = off;
	*idx_out = idx;
	return 0;
}

/* -- the id order ---------------------------------------------------------- */

/* An id's first 16 bytes, lower-cased, as two big-endian numbers: their
 * order is lg_id_compare's whenever they differ. */
typedef struct {
	uint64_t k0, k1;
	lg_node node;
} id_key;

static const lg_graph *sort_graph; /* qsort has no payload in C11 */

static int by_id_key(const void *pa, const void *pb)
{
	const id_key *a = pa, *b = pb;

	if (a->k0 != b->k0)
		return a->k0 < b->k0 ? -1 : 1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	if (!(a->k1 & 0xff)) /* both ended within the 16 bytes: equal */
		return 0;
	return lg_id_compare(sort_graph->models[a->node].rec.id + 16,
			     sort_graph->models[b->node].rec.id + 16);
}

static void make_key(id_key *k, const char *id, lg_node node)
{
	unsigned char c;
	int i;

	k->k0 = k->k1 = 0;
	k->node = node;
	for (i = 0; i < 16; i++) {
		c = (unsigned char)*id;
		if (c)
			id++;
		c = lg__ascii_lower(c);
		if (i < 8)
			k->k0 = k->k0 << 8 | c;
		else
			k->k1 = k->k1 << 8 | c;
	}
}

/* LSD radix sort of keys by k0, a byte a pass (stable): 2.5 million ids
 * in a tenth of the time of a comparison sort. */
static int radix_by_k0(id_key **keys, size_t n)
{
	id_key *from = *keys, *to = lg__alloc_large((n + 1) * sizeof(*to));
	size_t count[256], i;
	int shift;

	if (!to)
		return LG_ENOMEM;
	for (shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;
		id_key *t;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[from[i].k0 >> shift & 0xff]++;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[from[i].k0 >> shift & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	free(to); /* eight passes: the sorted keys are back in *keys */
	*keys = from;
	return 0;
}

/* id_rank[n]: n's place in lg_id_compare order, so every sorted output
 * breaks its ties with one integer comparison. Sorted by the first eight
 * bytes, then each run of equal ones by the comparator. */
int lg__graph_rank_ids(lg_graph *g)
{
	id_key *keys = lg__alloc_large((g->n + 1) * sizeof(*keys));
	size_t i, j;

	g->id_rank = malloc((g->n + 1) * sizeof(*g->id_rank));
	if (!keys || !g->id_rank) {
		free(keys);
		return LG_ENOMEM;
	}
	for (i = 0; i < g->n; i++)
		make_key(&keys[i], g->models[i].rec.id, (lg_node)i);
	if (radix_by_k0(&keys, g->n) < 0) {
		free(keys);
		return LG_ENOMEM;
	}
	sort_graph = g;
	for (i = 0; i < g->n; i = j) {
		for (j = i + 1; j < g->n && keys[j].k0 == keys[i].k0; j++)
			;
		if (j - i > 1)
			qsort(keys + i, j - i, sizeof(*keys), by_id_key);
	}
	for (i = 0; i < g->n; i++)
		g->id_rank[keys[i].node] = (uint32_t)i;
	free(keys);
	return 0;
}

int lg__graph_resolve(lg_graph *g, lg_error *err)
{
	if (g->built || g->child_off)
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "graph is already built");
	if (resolve_parents(g) < 0 ||
	    build_csr(g, 1, &g->child_off, &g->child_idx) < 0 ||
	    build_csr(g, 0, &g->parent_off, &g->parent_idx) < 0)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	g->stats.models = g->n;
	g->stats.edges = g->n_edges;
	return 0;
}

void lg__graph_set_lineage(lg_graph *g, lg__lineage *l)
{
	g->lineage = *l;
	memset(l, 0, sizeof(*l));
	g->stats.families = g->lineage.families;
	g->stats.cycles = g->lineage.cycles;
	lg__diaglog_counts(g->log, g->stats.diags);
	g->built = 1;
}

void lg__graph_adopt_strings(lg_graph *g, lg_arena *from)
{
	lg__arena_steal(&g->arena, from);
}

void lg__graph_add_ingest_counts(lg_graph *g, const lg__ingest_counts *c)
{
	g->stats.files += c->files;
	g->stats.files_failed += c->files_failed;
	g->stats.files_skipped += c->files_skipped;
	g->stats.empty_inputs += c->empty_inputs;
	g->stats.read_errors += c->read_errors;
	g->stats.records_read += c->records_read;
	g->stats.records_skipped += c->records_skipped;
	g->stats.fields_ignored += c->fields_ignored;
}

size_t lg_graph_count(const lg_graph *g)
{
	return g->n;
}

size_t lg_graph_edge_count(const lg_graph *g)
{
	return g->n_edges;
}

const lg_graph_stats *lg_graph_get_stats(const lg_graph *g)
{
	return &g->stats;
}

const lg_record *lg_graph_record(const lg_graph *g, lg_node n)
{
	return &g->models[n].rec;
}

int lg_graph_is_external(const lg_graph *g, lg_node n)
{
	return g->models[n].external;
}

const lg_edge *lg_graph_edge(const lg_graph *g, size_t e)
{
	return &g->edges[e];
}

const uint32_t *lg_graph_child_edges(const lg_graph *g, lg_node n,
				     size_t *count)
{
	*count = g->child_off[n + 1] - g->child_off[n];
	return g->child_idx + g->child_off[n];
}

const uint32_t *lg_graph_parent_edges(const lg_graph *g, lg_node n,
				      size_t *count)
{
	*count = g->parent_off[n + 1] - g->parent_off[n];
	return g->parent_idx + g->parent_off[n];
}

const lg_lineage *lg_graph_lineage(const lg_graph *g, lg_node n)
{
	return &g->lineage.of[n];
}

uint32_t lg_graph_family_size(const lg_graph *g, lg_node n)
{
	return g->lineage.family_size[g->lineage.of[n].family];
}

const lg_node *lg_graph_order(const lg_graph *g)
{
	return g->lineage.order;
}

uint32_t lg_graph_id_rank(const lg_graph *g, lg_node n)
{
	return g->id_rank[n];
}
