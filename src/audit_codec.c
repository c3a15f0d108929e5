/*
 * audit_codec.c - an audit as bytes and back, for the cache.
 *
 * Layout (host byte order, as the cache is):
 *   uint64_t nodes, edges, sets
 *   per set: uint8_t count, family_clash; then per licence a uint16_t
 *            length and the id, a uint16_t length (0xffff: none) and the
 *            `other` name
 *   padding to 8, uint32_t set of each node (padded to 8)
 *   uint32_t of each node: who declares its concluded licence (padded)
 *   per edge: uint64_t reasons, uint32_t basis, uint8_t verdict, 3 pad
 * Decoding trusts nothing: every length, licence id, set number, node,
 * verdict and reason bit is checked against the graph and the table.
 */
#include <stdlib.h>
#include <string.h>

#include "audit_impl.h"
#include "buf.h"
#include "license_impl.h"

#define NO_NAME 0xffff

static int put_u16_string(lg_buf *b, const char *s)
{
	uint16_t len = s ? (uint16_t)strlen(s) : NO_NAME;

	return lg__buf_add(b, &len, sizeof(len)) < 0 ||
	       (s && lg__buf_add(b, s, len) < 0) ? LG_ENOMEM : 0;
}

static int pad8(lg_buf *b)
{
	static const char zeros[8];

	return b->len % 8 ? lg__buf_add(b, zeros, 8 - b->len % 8) : 0;
}

int lg_audit_encode(const lg_audit *a, void **data, size_t *len,
		    lg_error *err)
{
	lg_buf b = LG_BUF_INIT;
	uint64_t head[3] = { lg_graph_count(a->g), lg_graph_edge_count(a->g),
			     a->lic.n_sets };
	size_t k, i;
	int rc = lg__buf_add(&b, head, sizeof(head));

	for (k = 0; rc == 0 && k < a->lic.n_sets; k++) {
		const lg_model_license *ml = &a->lic.sets[k];
		uint8_t two[2] = { (uint8_t)ml->n, ml->family_clash };

		rc = lg__buf_add(&b, two, 2);
		for (i = 0; rc == 0 && i < ml->n; i++)
			rc = put_u16_string(&b, ml->lic[i]->id) < 0 ||
			     put_u16_string(&b, ml->other_name[i]) < 0 ? -1 : 0;
	}
	if (rc == 0)
		rc = pad8(&b);
	if (rc == 0)
		rc = lg__buf_add(&b, a->lic.of, head[0] * sizeof(uint32_t));
	if (rc == 0)
		rc = pad8(&b);
	if (rc == 0)
		rc = lg__buf_add(&b, a->concluded, head[0] * sizeof(uint32_t));
	if (rc == 0)
		rc = pad8(&b);
	for (k = 0; rc == 0 && k < head[1]; k++) {
		unsigned char rec[16] = { 0 };

		memcpy(rec, &a->edges[k].reasons, 8);
		memcpy(rec + 8, &a->edges[k].basis, 4);
		rec[12] = a->edges[k].verdict;
		rc = lg__buf_add(&b, rec, sizeof(rec));
	}
	if (rc < 0) {
		lg__buf_release(&b);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	*data = b.data;
	*len = b.len;
	return 0;
}

/* -- decoding ---------------------------------------------------------- */

typedef struct {
	const unsigned char *p, *end;
	int bad;
} reader;

static const void *take(reader *r, size_t n)
{
	const void *at = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return at;
}

static void align8(reader *r, const unsigned char *start)
{
	size_t off = (size_t)(r->p - start);

	if (off % 8)
		take(r, 8 - off % 8);
}

/* A uint16_t-length string, copied NUL-terminated into arena (NULL for
 * none, or when bad). */
static const char *take_string(reader *r, lg_arena *arena, int *none)
{
	const uint16_t *lenp = take(r, sizeof(*lenp));
	uint16_t len;
	const char *s;

	*none = 0;
	if (!lenp)
		return NULL;
	memcpy(&len, lenp, sizeof(len));
	if (len == NO_NAME) {
		*none = 1;
		return NULL;
	}
	if (!(s = take(r, len)) || memchr(s, '\0', len)) {
		r->bad = 1;
		return NULL;
	}
	s = lg__arena_strndup(arena, s, len);
	if (!s)
		r->bad = 1;
	return s;
}

static int read_sets(lg_audit *a, reader *r, size_t n_sets)
{
	size_t k, i;
	int none;

	a->lic.sets = calloc(n_sets + 1, sizeof(*a->lic.sets));
	if (!a->lic.sets)
		return LG_ENOMEM;
	a->lic.n_sets = n_sets;
	for (k = 0; k < n_sets && !r->bad; k++) {
		lg_model_license *ml = &a->lic.sets[k];
		const uint8_t *two = take(r, 2);

		if (!two || two[0] > LG_MAX_MODEL_LICENSES || two[1] > 1) {
			r->bad = 1;
			break;
		}
		ml->n = two[0];
		ml->family_clash = two[1];
		for (i = 0; i < ml->n && !r->bad; i++) {
			const char *id = take_string(r, &a->names, &none);

			ml->lic[i] = id ? lg_license_find(a->t, id) : NULL;
			ml->other_name[i] = take_string(r, &a->names, &none);
			if (!ml->lic[i] || (!ml->other_name[i] && !none))
				r->bad = 1;
		}
	}
	return 0;
}

/* Who each node's concluded licence comes from: itself exactly when it
 * declares one, else a model that declares one, or nobody. */
static void read_concluded(lg_audit *a, reader *r, size_t n)
{
	const uint32_t *from = take(r, n * sizeof(uint32_t));
	size_t v;

	if (!from)
		return;
	memcpy(a->concluded, from, n * sizeof(uint32_t));
	for (v = 0; v < n && !r->bad; v++) {
		lg_node f = a->concluded[v];
		int declares = a->lic.sets[a->lic.of[v]].n > 0;

		if (declares ? f != v
			     : f != LG_NONE && (f >= n || f == v ||
						!a->lic.sets[a->lic.of[f]].n))
			r->bad = 1;
	}
}

static void read_edges(lg_audit *a, reader *r, size_t n_nodes,
		       size_t n_edges)
{
	uint64_t known = a->t->n_codes >= 64 ? UINT64_MAX
					       : (UINT64_C(1) << a->t->n_codes) - 1;
	size_t k;

	for (k = 0; k < n_edges && !r->bad; k++) {
		const unsigned char *rec = take(r, 16);
		lg_edge_audit *ea = &a->edges[k];

		if (!rec)
			break;
		memcpy(&ea->reasons, rec, 8);
		memcpy(&ea->basis, rec + 8, 4);
		ea->verdict = rec[12];
		if ((ea->reasons & ~known) || ea->verdict >= LG_VERDICT_COUNT ||
		    (ea->basis != LG_NONE && ea->basis >= n_nodes))
			r->bad = 1;
	}
}

int lg_audit_decode(lg_audit **out, const lg_graph *g,
		    const lg_license_table *t, const void *data, size_t len,
		    lg_error *err)
{
	lg_audit *a = calloc(1, sizeof(*a));
	reader r = { data, (const unsigned char *)data + len, 0 };
	size_t n = lg_graph_count(g), m = lg_graph_edge_count(g), v;
	const uint64_t *head = take(&r, 3 * sizeof(uint64_t));
	int rc = LG_ENOMEM;

	*out = NULL;
	if (!a)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	a->g = g;
	a->t = t;
	if (!head || head[0] != n || head[1] != m || !head[2] ||
	    head[2] > n + 1) {
		r.bad = 1;
	} else if (read_sets(a, &r, (size_t)head[2]) == 0 &&
		   (a->lic.of = malloc((n + 1) * sizeof(*a->lic.of))) &&
		   (a->concluded = malloc((n + 1) * sizeof(*a->concluded))) &&
		   (a->edges = calloc(m + 1, sizeof(*a->edges)))) {
		const uint32_t *of;

		align8(&r, data);
		of = take(&r, n * sizeof(uint32_t));
		if (of)
			memcpy(a->lic.of, of, n * sizeof(uint32_t));
		for (v = 0; of && v < n; v++)
			if (a->lic.of[v] >= head[2])
				r.bad = 1;
		align8(&r, data);
		if (!r.bad)
			read_concluded(a, &r, n);
		align8(&r, data);
		read_edges(a, &r, n, m);
		rc = 0;
	}
	if (rc == 0 && (r.bad || r.p != r.end))
		rc = lg_error_set(err, LG_EPARSE, NULL, 0, "an audit of another "
				  "graph or licence table, or a damaged one");
	else if (rc < 0)
		lg_error_set(err, rc, NULL, 0, "out of memory");
	if (rc < 0) {
		lg_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}
