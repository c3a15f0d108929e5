/*
 * community.c - Leiden and Louvain on the undirected lineage graph, at Hub
 * scale.
 *
 * Modularity never gains by joining models with no edge between them, so
 * communities stay inside families (weak components), and a family small
 * enough is best left whole: splitting a connected family of total degree
 * d into p parts cuts at least p - 1 edges, worth (p - 1)/m, and saves at
 * most gamma d^2 (1 - 1/p) / 4m^2 of the penalty, which is less whenever
 * gamma d^2 < 8m. On the Hub nearly every family is that small, so only
 * the few big ones (together a fraction of the graph) go to igraph, as one
 * graph, with the resolution scaled so igraph optimises the modularity of
 * the whole graph, not of that part:
 *   Louvain: igraph's own m is the part's; gamma * m_part / m undoes it.
 *   Leiden: igraph 0.10.2 optimises CPM unless the node weights are the
 *   degrees and the resolution gamma / 2m. Its "until stable" mode stops
 *   after the first pass that changes anything (igraph #2798), so passes
 *   run one at a time from the previous membership until the quality
 *   gains less than a millionth.
 * Modularity (at resolution 1) is computed here from the final partition.
 */
#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

#include "lg_community.h"
#include "lg_lineage.h"

#define MAX_PASSES 50

struct lg_communities {
	int32_t *of;      /* per node, -1 when isolated */
	size_t *sizes;
	size_t n, n_nodes;
	double modularity;
};

/* -- which families go to igraph ------------------------------------------ */

typedef struct {
	const lg_graph *g;
	size_t n, m, fams;
	uint32_t *fam_edges;  /* per family */
	uint8_t *big;         /* per family: split it with igraph */
	int32_t *label;       /* per node: community before renumbering */
	int32_t n_labels;
} split;

static int choose_big(split *s, double resolution)
{
	size_t e, f;

	s->fam_edges = calloc(s->fams + 1, sizeof(*s->fam_edges));
	s->big = calloc(s->fams + 1, 1);
	if (!s->fam_edges || !s->big)
		return LG_ENOMEM;
	for (e = 0; e < s->m; e++)
		s->fam_edges[lg_graph_lineage(s->g, lg_graph_edge(s->g, e)
							     ->parent)->family]++;
	for (f = 0; f < s->fams; f++) {
		double d = 2.0 * s->fam_edges[f];

		s->big[f] = resolution * d * d >= 8.0 * (double)s->m;
	}
	return 0;
}

/* Every small family with an edge is one community. */
static int label_small(split *s)
{
	int32_t *fam_label = malloc((s->fams + 1) * sizeof(*fam_label));
	size_t v;

	if (!fam_label)
		return LG_ENOMEM;
	memset(fam_label, 0xff, (s->fams + 1) * sizeof(*fam_label));
	for (v = 0; v < s->n; v++) {
		const lg_lineage *l = lg_graph_lineage(s->g, (lg_node)v);

		if (s->big[l->family] || !s->fam_edges[l->family])
			continue;
		if (fam_label[l->family] < 0)
			fam_label[l->family] = s->n_labels++;
		s->label[v] = fam_label[l->family];
	}
	free(fam_label);
	return 0;
}

/* -- the big families through igraph ------------------------------------ */

/* The big families, each with its nodes and its edges (CSR over parts),
 * and each node's number inside its family's igraph graph. */
typedef struct {
	size_t n_parts;
	int32_t *part_of_family;  /* -1: not big */
	uint32_t *node_off, *edge_off;
	lg_node *nodes;           /* node_off[p] .. node_off[p + 1] */
	uint32_t *edges;          /* edge numbers, edge_off[p] .. */
	igraph_integer_t *local;  /* per node */
} big_families;

static void parts_release(big_families *p)
{
	free(p->part_of_family);
	free(p->node_off);
	free(p->edge_off);
	free(p->nodes);
	free(p->edges);
	free(p->local);
}

/* Counting sort of the big families' nodes and edges by family. */
static int make_parts(const split *s, big_families *p)
{
	size_t f, v, e, k;

	memset(p, 0, sizeof(*p));
	p->part_of_family = malloc((s->fams + 1) * sizeof(*p->part_of_family));
	p->local = malloc((s->n + 1) * sizeof(*p->local));
	if (!p->part_of_family || !p->local)
		return LG_ENOMEM;
	for (f = 0; f < s->fams; f++)
		p->part_of_family[f] = s->big[f] ? (int32_t)p->n_parts++ : -1;
	p->node_off = calloc(p->n_parts + 2, sizeof(*p->node_off));
	p->edge_off = calloc(p->n_parts + 2, sizeof(*p->edge_off));
	p->nodes = malloc((s->n + 1) * sizeof(*p->nodes));
	p->edges = malloc((s->m + 1) * sizeof(*p->edges));
	if (!p->node_off || !p->edge_off || !p->nodes || !p->edges)
		return LG_ENOMEM;
	for (v = 0; v < s->n; v++) {
		int32_t q = p->part_of_family[lg_graph_lineage(
			s->g, (lg_node)v)->family];

		if (q >= 0)
			p->local[v] = p->node_off[q + 2]++;
	}
	for (e = 0; e < s->m; e++) {
		int32_t q = p->part_of_family[lg_graph_lineage(
			s->g, lg_graph_edge(s->g, e)->parent)->family];

		if (q >= 0)
			p->edge_off[q + 2]++;
	}
	for (k = 0; k < p->n_parts; k++) {
		p->node_off[k + 2] += p->node_off[k + 1];
		p->edge_off[k + 2] += p->edge_off[k + 1];
	}
	for (v = 0; v < s->n; v++) {
		int32_t q = p->part_of_family[lg_graph_lineage(
			s->g, (lg_node)v)->family];

		if (q >= 0)
			p->nodes[p->node_off[q + 1]++] = (lg_node)v;
	}
	for (e = 0; e < s->m; e++) {
		int32_t q = p->part_of_family[lg_graph_lineage(
			s->g, lg_graph_edge(s->g, e)->parent)->family];

		if (q >= 0)
			p->edges[p->edge_off[q + 1]++] = (uint32_t)e;
	}
	return 0;
}

/* igraph's status as ours: out of memory is not a graph error */
static int graph_status(igraph_error_t e)
{
	if (e == IGRAPH_SUCCESS)
		return 0;
	return e == IGRAPH_ENOMEM ? LG_ENOMEM : LG_EGRAPH;
}

static int run_leiden(const igraph_t *ig, double resolution, double m,
		      igraph_vector_int_t *memb)
{
	igraph_error_t e;
	igraph_vector_t degree;
	igraph_vector_int_t deg_int;
	igraph_integer_t n_clusters, i;
	igraph_real_t quality, last = 0;
	int pass, rc;

	if (igraph_vector_int_init(&deg_int, 0))
		return LG_ENOMEM;
	if (igraph_vector_init(&degree, igraph_vcount(ig))) {
		igraph_vector_int_destroy(&deg_int);
		return LG_ENOMEM;
	}
	if ((e = igraph_degree(ig, &deg_int, igraph_vss_all(), IGRAPH_ALL,
			       IGRAPH_LOOPS)))
		goto cleanup;
	for (i = 0; i < igraph_vcount(ig); i++)
		VECTOR(degree)[i] = (igraph_real_t)VECTOR(deg_int)[i];
	for (pass = 0; pass < MAX_PASSES; pass++) {
		if ((e = igraph_community_leiden(ig, NULL, &degree,
						 resolution / (2.0 * m), 0.01,
						 pass > 0, 1, memb, &n_clusters,
						 &quality)))
			goto cleanup;
		if (pass > 0 && quality <= last + 1e-6 * (last < 0 ? -last : last))
			break;
		last = quality;
	}
	e = IGRAPH_SUCCESS;
cleanup:
	rc = graph_status(e);
	igraph_vector_destroy(&degree);
	igraph_vector_int_destroy(&deg_int);
	return rc;
}

/* One big family: its igraph graph, its communities, labels after those
 * already given. */
static int label_part(split *s, const big_families *p, size_t q,
		      const lg_community_options *o)
{
	size_t n = p->node_off[q + 1] - p->node_off[q];
	size_t m = p->edge_off[q + 1] - p->edge_off[q], k;
	igraph_vector_int_t ev, memb;
	igraph_integer_t most = -1;
	igraph_t ig;
	int rc;

	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * m)))
		return LG_ENOMEM;
	for (k = 0; k < m; k++) {
		const lg_edge *ed = lg_graph_edge(s->g, p->edges[p->edge_off[q] + k]);

		VECTOR(ev)[2 * k] = p->local[ed->parent];
		VECTOR(ev)[2 * k + 1] = p->local[ed->child];
	}
	rc = igraph_create(&ig, &ev, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&ev);
	if (rc)
		return graph_status(rc);
	if (igraph_vector_int_init(&memb, (igraph_integer_t)n)) {
		igraph_destroy(&ig);
		return LG_ENOMEM;
	}
	if (o->method == LG_COMMUNITY_LOUVAIN)
		rc = graph_status(igraph_community_multilevel(
			     &ig, NULL, o->resolution * (double)m / (double)s->m,
			     &memb, NULL, NULL));
	else
		rc = run_leiden(&ig, o->resolution, (double)s->m, &memb);
	for (k = 0; rc == 0 && k < n; k++) {
		s->label[p->nodes[p->node_off[q] + k]] =
			s->n_labels + (int32_t)VECTOR(memb)[k];
		if (VECTOR(memb)[k] > most)
			most = VECTOR(memb)[k];
	}
	s->n_labels += (int32_t)(most + 1);
	igraph_vector_int_destroy(&memb);
	igraph_destroy(&ig);
	return rc;
}

/* Each big family on its own: each converges at its own pace, and the
 * random stream, seeded once, runs through them in family order. */
static int label_big(split *s, const lg_community_options *o)
{
	big_families p;
	size_t q;
	int rc = make_parts(s, &p);

	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
	for (q = 0; rc == 0 && q < p.n_parts; q++)
		rc = label_part(s, &p, q, o);
	parts_release(&p);
	return rc;
}

/* -- numbering and modularity -------------------------------------------- */

/* Communities by size, largest first; ties by their smallest member id. */
typedef struct {
	size_t size;
	uint32_t first; /* smallest member id, as lg_graph_id_rank */
	int32_t label;
} group;

static int by_size(const void *pa, const void *pb)
{
	const group *a = pa, *b = pb;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

static int renumber(lg_communities *c, const split *s)
{
	group *groups = calloc((size_t)s->n_labels + 1, sizeof(*groups));
	int32_t *rank = malloc(((size_t)s->n_labels + 1) * sizeof(*rank));
	size_t v, k = 0;
	int32_t i;

	c->sizes = calloc((size_t)s->n_labels + 1, sizeof(*c->sizes));
	if (!groups || !rank || !c->sizes) {
		free(groups);
		free(rank);
		return LG_ENOMEM;
	}
	for (i = 0; i < s->n_labels; i++)
		groups[i].label = i;
	for (v = 0; v < s->n; v++) {
		group *gr;
		uint32_t id;

		if (s->label[v] < 0)
			continue;
		gr = &groups[s->label[v]];
		id = lg_graph_id_rank(s->g, (lg_node)v);
		if (!gr->size++ || id < gr->first)
			gr->first = id;
	}
	qsort(groups, (size_t)s->n_labels, sizeof(*groups), by_size);
	for (k = 0; k < (size_t)s->n_labels && groups[k].size; k++) {
		rank[groups[k].label] = (int32_t)k;
		c->sizes[k] = groups[k].size;
	}
	c->n = k;
	for (v = 0; v < s->n; v++)
		c->of[v] = s->label[v] < 0 ? -1 : rank[s->label[v]];
	free(groups);
	free(rank);
	return 0;
}

/* Modularity at resolution 1 of the undirected multigraph of the edges:
 * the sum over communities of e_c / m - (d_c / 2m)^2. */
static int modularity(lg_communities *c, const lg_graph *g)
{
	size_t m = lg_graph_edge_count(g), e, k;
	double *inner = calloc(c->n + 1, sizeof(*inner));
	double *degree = calloc(c->n + 1, sizeof(*degree));
	double q = 0;

	if (!inner || !degree) {
		free(inner);
		free(degree);
		return LG_ENOMEM;
	}
	for (e = 0; e < m; e++) {
		const lg_edge *ed = lg_graph_edge(g, e);
		int32_t a = c->of[ed->parent], b = c->of[ed->child];

		degree[a]++;
		degree[b]++;
		inner[a] += a == b;
	}
	for (k = 0; m && k < c->n; k++)
		q += inner[k] / (double)m -
		     (degree[k] / (2.0 * (double)m)) *
			     (degree[k] / (2.0 * (double)m));
	c->modularity = q;
	free(inner);
	free(degree);
	return 0;
}

int lg_communities_find(lg_communities **out, const lg_graph *g,
			const lg_community_options *opts, lg_error *err)
{
	static const lg_community_options defaults = LG_COMMUNITY_OPTIONS_INIT;
	const lg_community_options *o = opts ? opts : &defaults;
	lg_communities *c = calloc(1, sizeof(*c));
	split s;
	size_t v;
	int rc = LG_ENOMEM;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	s.g = g;
	s.n = lg_graph_count(g);
	s.m = lg_graph_edge_count(g);
	s.fams = lg_graph_get_stats(g)->families;
	s.label = malloc((s.n + 1) * sizeof(*s.label));
	if (c && s.label && (c->of = malloc((s.n + 1) * sizeof(*c->of)))) {
		c->n_nodes = s.n;
		for (v = 0; v < s.n; v++)
			s.label[v] = -1;
		rc = choose_big(&s, o->resolution);
		if (rc == 0)
			rc = label_small(&s);
		if (rc == 0)
			rc = label_big(&s, o);
		if (rc == 0)
			rc = renumber(c, &s);
		if (rc == 0)
			rc = modularity(c, g);
	}
	free(s.fam_edges);
	free(s.big);
	free(s.label);
	if (rc < 0) {
		lg_communities_free(c);
		return lg_error_set(err, rc, NULL, 0,
				    "community detection failed: %s",
				    lg_strerror(rc));
	}
	*out = c;
	return 0;
}

void lg_communities_free(lg_communities *c)
{
	if (!c)
		return;
	free(c->of);
	free(c->sizes);
	free(c);
}

int32_t lg_community_of(const lg_communities *c, lg_node n)
{
	return c->of[n];
}

size_t lg_communities_count(const lg_communities *c)
{
	return c->n;
}

size_t lg_community_size(const lg_communities *c, int32_t community)
{
	return community >= 0 && (size_t)community < c->n ? c->sizes[community]
							   : 0;
}

double lg_communities_modularity(const lg_communities *c)
{
	return c->modularity;
}

/* -- as bytes, for the cache ---------------------------------------------- */

/* Layout: uint64_t nodes, count; double modularity; int32_t of[nodes].
 * Sizes are recounted on decoding, so only `of` need be checked. */
int lg_communities_encode(const lg_communities *c, void **data, size_t *len,
			  lg_error *err)
{
	uint64_t head[2] = { c->n_nodes, c->n };
	unsigned char *p;

	*len = sizeof(head) + sizeof(double) + c->n_nodes * sizeof(int32_t);
	*data = p = malloc(*len);
	if (!p)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	memcpy(p, head, sizeof(head));
	memcpy(p + sizeof(head), &c->modularity, sizeof(double));
	memcpy(p + sizeof(head) + sizeof(double), c->of,
	       c->n_nodes * sizeof(int32_t));
	return 0;
}

int lg_communities_decode(lg_communities **out, const lg_graph *g,
			  const void *data, size_t len, lg_error *err)
{
	const unsigned char *p = data;
	lg_communities *c;
	uint64_t head[2];
	size_t n = lg_graph_count(g), v;

	*out = NULL;
	if (len != sizeof(head) + sizeof(double) + n * sizeof(int32_t))
		return lg_error_set(err, LG_EPARSE, NULL, 0, "communities of "
				    "another graph");
	memcpy(head, p, sizeof(head));
	if (head[0] != n || head[1] > n)
		return lg_error_set(err, LG_EPARSE, NULL, 0, "communities of "
				    "another graph");
	c = calloc(1, sizeof(*c));
	if (!c || !(c->of = malloc((n + 1) * sizeof(*c->of))) ||
	    !(c->sizes = calloc(head[1] + 1, sizeof(*c->sizes)))) {
		lg_communities_free(c);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	c->n_nodes = n;
	c->n = (size_t)head[1];
	memcpy(&c->modularity, p + sizeof(head), sizeof(double));
	memcpy(c->of, p + sizeof(head) + sizeof(double), n * sizeof(int32_t));
	for (v = 0; v < n; v++) {
		if (c->of[v] < -1 || c->of[v] >= (int64_t)c->n) {
			lg_communities_free(c);
			return lg_error_set(err, LG_EPARSE, NULL, 0, "a community "
					    "number out of range");
		}
		if (c->of[v] >= 0)
			c->sizes[c->of[v]]++;
	}
	*out = c;
	return 0;
}

uint64_t lg_community_options_key(const lg_community_options *o)
{
	uint64_t h = 1469598103934665603ULL, parts[3];
	size_t i;

	parts[0] = (uint64_t)o->method;
	memcpy(&parts[1], &o->resolution, sizeof(double));
	parts[2] = (uint64_t)o->seed;
	for (i = 0; i < 3; i++) {
		h ^= parts[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}
