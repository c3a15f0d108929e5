/*
 * cache_read.c - a cache entry mapped back into a built graph.
 *
 * The order of the checks is the order of their cost: the header (magic,
 * version, byte order, identity, size, its own checksum), the
 * fingerprint of the inputs (a stale entry is the common refusal), then a
 * checksum of every section, then every value the graph will use as an
 * index or an offset. Only then are the arrays used in place and the
 * model records rebuilt with pointers into the string blob. A refusal
 * returns LG_ENOTFOUND with the reason, and nothing of the entry is kept.
 *
 * The checksums are the longest check and the model table the largest
 * allocation (420 MB for 2.5 million models, which the kernel must fault
 * in and zero): on two cores the one runs while the other happens.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_format.h"
#include "cache_impl.h"
#include "graph_struct.h"
#include "hash.h"

typedef struct {
	const unsigned char *base;
	size_t len;
	const disk_header *h;
	const char *strings;
} mapped;

static int refuse(lg_error *err, const lg_cache *c, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int refuse(lg_error *err, const lg_cache *c, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return lg_error_set(err, LG_ENOTFOUND, NULL, 0, "cache '%s' %s",
			    c->path, why);
}

static const void *sec(const mapped *m, int s)
{
	return m->base + m->h->sections[s].offset;
}

/* Whether section s holds exactly count elements of size bytes. */
static int sized(const mapped *m, int s, uint64_t count, size_t size)
{
	return count <= UINT64_MAX / (size ? size : 1) &&
	       m->h->sections[s].length == count * size;
}

/* -- the header and the checksums ------------------------------------------ */

static int check_header(const mapped *m, const lg_cache *c, lg_error *err)
{
	const disk_header *h = m->h;
	int s;

	if (m->len < sizeof(*h) ||
	    memcmp(h->magic, CACHE_MAGIC, sizeof(h->magic)) != 0)
		return refuse(err, c, "is not a lineage cache file");
	if (h->format != CACHE_FORMAT)
		return refuse(err, c, "was written by another version of "
			      "lineage (format %u; this one reads %u)",
			      (unsigned)h->format, CACHE_FORMAT);
	if (h->byte_order != BYTE_ORDER_MARK || h->edge_size != sizeof(lg_edge) ||
	    h->lineage_size != sizeof(lg_lineage) ||
	    h->model_size != sizeof(disk_model) ||
	    h->diag_size != sizeof(disk_diag) || h->n_sections != SEC_COUNT)
		return refuse(err, c, "was written by another build of "
			      "lineage (other byte order or sizes)");
	if (h->header_hash !=
	    lg__hash64(h, offsetof(disk_header, header_hash), 0))
		return refuse(err, c, "is corrupt: its header checksum does "
			      "not match");
	if (h->identity != c->identity)
		return refuse(err, c, "belongs to other inputs");
	if (h->file_size != m->len)
		return refuse(err, c, "is truncated (%zu of %llu bytes)",
			      m->len, (unsigned long long)h->file_size);
	for (s = 0; s < SEC_COUNT; s++) {
		const disk_section *x = &h->sections[s];

		if (x->offset % 8 || x->offset < sizeof(*h) ||
		    x->offset > m->len || x->length > m->len - x->offset)
			return refuse(err, c, "is corrupt: section %d lies "
				      "outside the file", s);
	}
	return 0;
}

static int check_sum(const mapped *m, const lg_cache *c, int s, lg_error *err)
{
	const disk_section *x = &m->h->sections[s];

	if (lg__hash64(m->base + x->offset, x->length, 0) != x->hash)
		return refuse(err, c, "is corrupt: the checksum of section %d "
			      "does not match", s);
	return 0;
}

static int check_strings(mapped *m, const lg_cache *c, lg_error *err)
{
	const disk_section *x = &m->h->sections[SEC_STRINGS];

	m->strings = sec(m, SEC_STRINGS);
	if (x->length != m->h->n_strings ||
	    (x->length && m->strings[x->length - 1] != '\0'))
		return refuse(err, c, "is corrupt: bad string blob");
	return 0;
}

static int valid_string(const mapped *m, uint32_t off, int may_be_none)
{
	return off == NO_STRING ? may_be_none
				: off < m->h->sections[SEC_STRINGS].length;
}

static const char *str(const mapped *m, uint32_t off)
{
	return off == NO_STRING ? NULL : m->strings + off;
}

/* Which input changed since the entry was written, for the message. */
static int stale(const mapped *m, const lg_cache *c, lg_error *err)
{
	const disk_file *f = sec(m, SEC_FILES);
	size_t n = (size_t)m->h->n_files, i;

	if (!sized(m, SEC_FILES, n, sizeof(*f)) ||
	    check_sum(m, c, SEC_FILES, err) < 0 ||
	    check_sum(m, c, SEC_STRINGS, err) < 0 ||
	    check_strings((mapped *)m, c, err) < 0)
		return refuse(err, c, "is stale: its inputs changed");
	for (i = 0; i < n && i < c->n_files; i++) {
		const lg__cache_file *now = &c->files[i];

		if (!valid_string(m, f[i].path, 0) ||
		    strcmp(str(m, f[i].path), now->path) != 0)
			break;
		if (f[i].size != now->size || f[i].mtime_s != now->mtime_s ||
		    f[i].mtime_ns != now->mtime_ns || f[i].limit != now->limit)
			return refuse(err, c, "is stale: '%.120s' changed since "
				      "it was cached", now->path);
	}
	if (i < c->n_files)
		return refuse(err, c, "is stale: '%.120s' is new or renamed",
			      c->files[i].path);
	return refuse(err, c, "is stale: an input file is gone");
}

/* -- every value the graph will use ------------------------------------ */

static int check_csr(const mapped *m, int off_sec, int idx_sec, int by_parent)
{
	const uint32_t *off = sec(m, off_sec), *idx = sec(m, idx_sec);
	const lg_edge *edges = sec(m, SEC_EDGES);
	uint64_t n = m->h->n_models, e = m->h->n_edges, v, k;

	if (!sized(m, off_sec, n + 1, 4) || !sized(m, idx_sec, e, 4) ||
	    off[0] != 0 || off[n] != e)
		return -1;
	for (v = 0; v < n; v++) {
		if (off[v] > off[v + 1])
			return -1;
		for (k = off[v]; k < off[v + 1]; k++)
			if (idx[k] >= e || (by_parent ? edges[idx[k]].parent
						      : edges[idx[k]].child) != v)
				return -1;
	}
	return 0;
}

static int check_models(const mapped *m)
{
	const disk_model *d = sec(m, SEC_MODELS);
	const uint32_t *refs = sec(m, SEC_LICENSES);
	uint64_t n = m->h->n_models, i;

	if (!sized(m, SEC_MODELS, n, sizeof(*d)) ||
	    !sized(m, SEC_LICENSES, m->h->n_license_refs, 4))
		return -1;
	for (i = 0; i < m->h->n_license_refs; i++)
		if (!valid_string(m, refs[i], 0))
			return -1;
	for (i = 0; i < n; i++, d++)
		if (!valid_string(m, d->id, 0) ||
		    !valid_string(m, d->author, 1) ||
		    !valid_string(m, d->created_at, 1) ||
		    !valid_string(m, d->last_modified, 1) ||
		    !valid_string(m, d->pipeline_tag, 1) ||
		    !valid_string(m, d->library_name, 1) ||
		    !valid_string(m, d->license_name, 1) ||
		    !valid_string(m, d->license_link, 1) ||
		    !valid_string(m, d->file, 1) ||
		    d->n_licenses > LG_MAX_LICENSES ||
		    (uint64_t)d->licenses + d->n_licenses >
			    m->h->n_license_refs ||
		    d->gated_plus_1 > 2 || d->external > 1 || d->self_loop > 1)
			return -1;
	return 0;
}

static int check_edges(const mapped *m)
{
	const lg_edge *e = sec(m, SEC_EDGES);
	uint64_t i;

	if (!sized(m, SEC_EDGES, m->h->n_edges, sizeof(*e)))
		return -1;
	for (i = 0; i < m->h->n_edges; i++)
		if (e[i].parent >= m->h->n_models ||
		    e[i].child >= m->h->n_models ||
		    e[i].relation >= LG_REL_COUNT ||
		    e[i].relation_source > LG_RELSRC_INFERRED)
			return -1;
	return 0;
}

/* The id index: each node once, at most half full, so lookups end. */
static int check_index(const mapped *m)
{
	const uint32_t *slots = sec(m, SEC_SLOTS);
	uint64_t n = m->h->n_models, size = m->h->n_slots, i, used = 0;

	if (!sized(m, SEC_SLOTS, size, 4) || !sized(m, SEC_HASHES, n, 4) ||
	    (size & (size - 1)) || (n && size < 2 * n) || size > UINT32_MAX)
		return -1;
	for (i = 0; i < size; i++) {
		if (slots[i] > n)
			return -1;
		used += slots[i] != 0;
	}
	return used == n ? 0 : -1;
}

static int check_lineage(const mapped *m)
{
	const lg_lineage *l = sec(m, SEC_LINEAGE);
	const uint32_t *child_off = sec(m, SEC_CHILD_OFF);
	const uint32_t *parent_off = sec(m, SEC_PARENT_OFF);
	const lg_node *order = sec(m, SEC_ORDER);
	uint64_t n = m->h->n_models, i;
	uint8_t *seen;
	int rc = 0;

	if (!sized(m, SEC_LINEAGE, n, sizeof(*l)) ||
	    !sized(m, SEC_FAMILY_SIZE, m->h->n_families, 4) ||
	    !sized(m, SEC_ORDER, n, sizeof(*order)))
		return -1;
	for (i = 0; i < n; i++)
		if (l[i].family >= m->h->n_families ||
		    l[i].children != child_off[i + 1] - child_off[i] ||
		    l[i].parents != parent_off[i + 1] - parent_off[i])
			return -1;
	seen = calloc(n + 1, 1);
	if (!seen)
		return -1;
	for (i = 0; i < n && rc == 0; i++) /* a permutation of the nodes */
		if (order[i] >= n || seen[order[i]]++)
			rc = -1;
	free(seen);
	return rc;
}

/* Ranks are compared, never used as indices: only their count matters. */
static int check_id_rank(const mapped *m)
{
	return sized(m, SEC_ID_RANK, m->h->n_models, 4) ? 0 : -1;
}

static int check_diags(const mapped *m)
{
	const disk_diag *d = sec(m, SEC_DIAGS);
	uint64_t i;

	if (!sized(m, SEC_DIAGS, m->h->n_diags, sizeof(*d)))
		return -1;
	for (i = 0; i < m->h->n_diags; i++)
		if (!valid_string(m, d[i].file, 1) ||
		    !valid_string(m, d[i].model, 1) ||
		    !valid_string(m, d[i].text, 0) ||
		    d[i].kind >= LG_DIAG_KIND_COUNT)
			return -1;
	return 0;
}

static int check_stats(const mapped *m)
{
	lg_graph_stats s;

	if (!sized(m, SEC_STATS, STAT_COUNT, 8))
		return -1;
	lg__stats_from_disk(&s, sec(m, SEC_STATS));
	return s.models == m->h->n_models && s.edges == m->h->n_edges &&
		       s.families == m->h->n_families ? 0 : -1;
}

typedef struct {
	const mapped *m;
	const lg_cache *c;
	lg_error err;
	int rc;
} sums_job;

static void *check_sums(void *arg)
{
	sums_job *j = arg;
	int s;

	for (s = 0; s < SEC_COUNT && j->rc == 0; s++)
		if (check_sum(j->m, j->c, s, &j->err) < 0)
			j->rc = LG_ENOTFOUND;
	return NULL;
}

/* The model table, faulted in: a write to every page. */
static lg__model *models_new(size_t n)
{
	unsigned char *p = lg__alloc_large((n + 1) * sizeof(lg__model));
	size_t i;

	for (i = 0; p && i < (n + 1) * sizeof(lg__model); i += 4096)
		p[i] = 0;
	return (lg__model *)p;
}

/* Checks every section's checksum while *models is allocated (the
 * caller frees it, also on a refusal). */
static int check_sums_beside(const mapped *m, const lg_cache *c,
			     lg__model **models, lg_error *err)
{
	sums_job job = { m, c, { LG_OK, "", 0, "" }, 0 };
	/* a count the file cannot hold is refused by check_models, later */
	int fits = sized(m, SEC_MODELS, m->h->n_models, sizeof(disk_model));
	pthread_t t;
	int threaded = pthread_create(&t, NULL, check_sums, &job) == 0;

	if (fits)
		*models = models_new((size_t)m->h->n_models);
	if (threaded)
		pthread_join(t, NULL);
	else
		check_sums(&job);
	if (job.rc < 0) {
		*err = job.err;
		return job.rc;
	}
	if (fits && !*models)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

static int check_all(mapped *m, const lg_cache *c, lg__model **models,
		     lg_error *err)
{
	int rc = check_sums_beside(m, c, models, err);

	if (rc < 0)
		return rc;
	if (check_strings(m, c, err) < 0)
		return LG_ENOTFOUND;
	if (m->h->n_models >= UINT32_MAX || m->h->n_edges >= UINT32_MAX ||
	    check_stats(m) < 0 || check_models(m) < 0 || check_edges(m) < 0 ||
	    check_csr(m, SEC_CHILD_OFF, SEC_CHILD_IDX, 1) < 0 ||
	    check_csr(m, SEC_PARENT_OFF, SEC_PARENT_IDX, 0) < 0 ||
	    check_index(m) < 0 || check_lineage(m) < 0 ||
	    check_id_rank(m) < 0 || check_diags(m) < 0)
		return refuse(err, c, "is corrupt: a value is out of range");
	return 0;
}

/* -- the graph ---------------------------------------------------------- */

static int fill_models(lg_graph *g, const mapped *m)
{
	const disk_model *d = sec(m, SEC_MODELS);
	const uint32_t *refs = sec(m, SEC_LICENSES);
	const char **lics = malloc((m->h->n_license_refs + 1) * sizeof(*lics));
	size_t i;

	g->map_owned = lics;
	if (!lics)
		return LG_ENOMEM;
	for (i = 0; i < m->h->n_license_refs; i++)
		lics[i] = str(m, refs[i]);
	for (i = 0; i < g->n; i++, d++) {
		lg_record *r = &g->models[i].rec;

		memset(r, 0, sizeof(*r));
		r->id = str(m, d->id);
		r->id_hash = d->id_hash;
		r->author = str(m, d->author);
		r->created_at = str(m, d->created_at);
		r->last_modified = str(m, d->last_modified);
		r->pipeline_tag = str(m, d->pipeline_tag);
		r->library_name = str(m, d->library_name);
		r->license_name = str(m, d->license_name);
		r->license_link = str(m, d->license_link);
		r->licenses = lics + d->licenses;
		r->n_licenses = d->n_licenses;
		r->downloads = d->downloads;
		r->likes = d->likes;
		r->gated = (int8_t)(d->gated_plus_1 - 1);
		r->self_loop = d->self_loop;
		r->file = str(m, d->file);
		r->line = (long)d->line;
		r->index = (long)d->index;
		g->models[i].external = d->external;
	}
	return 0;
}

static int fill_diags(lg_graph *g, const mapped *m)
{
	const disk_diag *d = sec(m, SEC_DIAGS);
	uint64_t i;
	lg_diag x;

	for (i = 0; i < m->h->n_diags; i++) {
		x.file = str(m, d[i].file);
		x.model = str(m, d[i].model);
		x.text = str(m, d[i].text);
		x.kind = d[i].kind;
		x.seq = d[i].seq;
		x.skipped = d[i].skipped;
		x.line = (long)d[i].line;
		x.index = (long)d[i].index;
		if (lg__diaglog_add(g->log, &x, 1) < 0)
			return LG_ENOMEM;
	}
	return 0;
}

/* The arrays in place; the graph holds the mapping and models from now
 * on. */
static int make_graph(lg_graph **out, mapped *m, lg__model *models)
{
	lg_graph *g = lg_graph_new();
	const disk_header *h = m->h;

	if (!g) {
		free(models);
		munmap((void *)m->base, m->len);
		return LG_ENOMEM;
	}
	g->models = models;
	g->map = (void *)m->base;
	g->map_len = m->len;
	g->n = (size_t)h->n_models;
	g->n_edges = (size_t)h->n_edges;
	g->edges = (lg_edge *)sec(m, SEC_EDGES);
	g->child_off = (uint32_t *)sec(m, SEC_CHILD_OFF);
	g->child_idx = (uint32_t *)sec(m, SEC_CHILD_IDX);
	g->parent_off = (uint32_t *)sec(m, SEC_PARENT_OFF);
	g->parent_idx = (uint32_t *)sec(m, SEC_PARENT_IDX);
	g->hashes = (uint32_t *)sec(m, SEC_HASHES);
	g->ids.slots = (uint32_t *)sec(m, SEC_SLOTS); /* borrowed, searched */
	g->ids.size = (size_t)h->n_slots;
	g->ids.used = g->n;
	g->lineage.of = (lg_lineage *)sec(m, SEC_LINEAGE);
	g->lineage.family_size = (uint32_t *)sec(m, SEC_FAMILY_SIZE);
	g->lineage.order = (lg_node *)sec(m, SEC_ORDER);
	g->id_rank = (uint32_t *)sec(m, SEC_ID_RANK);
	g->lineage.families = (size_t)h->n_families;
	lg__stats_from_disk(&g->stats, sec(m, SEC_STATS));
	g->lineage.cycles = g->stats.cycles;
	g->built = 1;
	if (fill_models(g, m) < 0 || fill_diags(g, m) < 0) {
		lg_graph_free(g);
		return LG_ENOMEM;
	}
	*out = g;
	return 0;
}

int lg_cache_load(lg_cache *c, lg_graph **out, lg_error *err)
{
	lg__model *models = NULL;
	mapped m;
	struct stat st;
	void *base;
	int fd, rc;

	*out = NULL;
	lg_error_set(err, LG_ENOTFOUND, NULL, 0, "%s", "");
	fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return LG_ENOTFOUND; /* none yet: a plain miss */
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return refuse(err, c, "is empty");
	}
	base = mmap(NULL, (size_t)st.st_size, PROT_READ,
		    MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return refuse(err, c, "cannot be mapped: %s", strerror(errno));
	memset(&m, 0, sizeof(m));
	m.base = base;
	m.len = (size_t)st.st_size;
	m.h = base;
	rc = check_header(&m, c, err);
	if (rc == 0 && m.h->fingerprint != c->fingerprint)
		rc = stale(&m, c, err);
	if (rc == 0)
		rc = check_all(&m, c, &models, err);
	if (rc < 0) {
		free(models);
		munmap(base, m.len);
		return rc;
	}
	if (make_graph(out, &m, models) < 0) /* which freed both */
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	utimensat(AT_FDCWD, c->path, NULL, 0); /* recently used: kept */
	return 0;
}
