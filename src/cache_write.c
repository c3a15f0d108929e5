/*
 * cache_write.c - a built graph to a cache entry (cache_format.h).
 *
 * Sections are streamed to a temporary file with a running checksum
 * each; the strings they name collect in one blob (repeated values such
 * as authors, pipelines and file names stored once), written last; then
 * the header, which says where everything is, goes in front and the file
 * is renamed into place.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache_format.h"
#include "cache_impl.h"
#include "graph_struct.h"
#include "hash.h"
#include "index.h"

#define CHUNK 4096 /* models or diagnostics converted per write */

typedef struct {
	FILE *f;
	uint64_t pos;
	lg__hasher h;
	int failed;
	disk_header hdr;
	lg_buf strings;
	lg__index dedup;    /* blob offsets of the strings stored once */
	int too_big;        /* the blob passed 4 GiB */
} writer;

static void put(writer *w, const void *data, size_t len)
{
	if (w->failed || !len)
		return;
	if (fwrite(data, 1, len, w->f) != len) {
		w->failed = 1;
		return;
	}
	lg__hasher_add(&w->h, data, len);
	w->pos += len;
}

static void begin(writer *w, int sec)
{
	static const char zeros[8];

	if (w->pos % 8 && !w->failed) { /* sections are 8-byte aligned */
		size_t pad = 8 - w->pos % 8;

		if (fwrite(zeros, 1, pad, w->f) != pad)
			w->failed = 1;
		w->pos += pad;
	}
	w->hdr.sections[sec].offset = w->pos;
	lg__hasher_init(&w->h, 0);
}

static void end(writer *w, int sec)
{
	w->hdr.sections[sec].length = w->pos - w->hdr.sections[sec].offset;
	w->hdr.sections[sec].hash = lg__hasher_end(&w->h);
}

static void section(writer *w, int sec, const void *data, size_t len)
{
	begin(w, sec);
	put(w, data, len);
	end(w, sec);
}

/* -- the string blob --------------------------------------------------- */

static uint32_t append(writer *w, const char *s, size_t len)
{
	size_t off = w->strings.len;

	if (off + len + 1 >= NO_STRING) {
		w->too_big = 1;
		return NO_STRING;
	}
	if (lg__buf_add(&w->strings, s, len + 1) < 0) {
		w->failed = 1;
		return NO_STRING;
	}
	return (uint32_t)off;
}

/* FNV-1a, and the length, in one pass: the strings are short. */
static uint64_t short_hash(const char *s, size_t *len)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p = s;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h ^ (h >> 29);
}

static int blob_eq(uint32_t off, const void *key, const void *ctx)
{
	const writer *w = ctx;

	return strcmp(w->strings.data + off, key) == 0;
}

static uint64_t blob_hash(uint32_t off, const void *ctx)
{
	const writer *w = ctx;
	size_t len;

	return short_hash(w->strings.data + off, &len);
}

/* A string of the blob: stored once however often it repeats (dedup: for
 * fields of a few hundred distinct values, pipelines, libraries, licences,
 * file names, whose table stays in the processor's cache) or appended as
 * it is (ids, authors, dates: too many distinct ones to be worth it). */
static uint32_t string(writer *w, const char *s, int dedup)
{
	size_t len, slot;
	uint32_t off;

	if (!s)
		return NO_STRING;
	if (!dedup)
		return append(w, s, strlen(s));
	if (lg__index_reserve(&w->dedup, w->dedup.used + 1, blob_hash, w) < 0) {
		w->failed = 1;
		return NO_STRING;
	}
	slot = lg__index_find(&w->dedup, short_hash(s, &len), blob_eq, s, w);
	if (w->dedup.slots[slot])
		return w->dedup.slots[slot] - 1;
	off = append(w, s, len);
	if (off != NO_STRING)
		lg__index_put(&w->dedup, slot, off);
	return off;
}

/* -- sections ----------------------------------------------------------- */

static void write_stats(writer *w, const lg_graph_stats *s)
{
	uint64_t v[STAT_COUNT];

	lg__stats_to_disk(s, v);
	section(w, SEC_STATS, v, sizeof(v));
}

static void to_disk(writer *w, const lg__model *m, disk_model *d,
		    uint32_t *license_refs)
{
	const lg_record *r = &m->rec;

	memset(d, 0, sizeof(*d));
	d->id = string(w, r->id, 0);
	d->author = string(w, r->author, 0);
	d->created_at = string(w, r->created_at, 0);
	d->last_modified = string(w, r->last_modified, 0);
	d->pipeline_tag = string(w, r->pipeline_tag, 1);
	d->library_name = string(w, r->library_name, 1);
	d->license_name = string(w, r->license_name, 1);
	d->license_link = string(w, r->license_link, 1);
	d->file = string(w, r->file, 1);
	d->licenses = *license_refs;
	d->id_hash = r->id_hash;
	d->n_licenses = (uint8_t)r->n_licenses;
	d->gated_plus_1 = (uint8_t)(r->gated + 1);
	d->self_loop = r->self_loop;
	d->external = (uint8_t)(m->external != 0);
	d->downloads = r->downloads;
	d->likes = r->likes;
	d->line = r->line;
	d->index = r->index;
	*license_refs += (uint32_t)r->n_licenses;
}

static void write_models(writer *w, const lg_graph *g)
{
	disk_model chunk[CHUNK / 8];
	size_t i, k = 0;
	uint32_t refs = 0;

	begin(w, SEC_MODELS);
	for (i = 0; i < g->n; i++) {
		to_disk(w, &g->models[i], &chunk[k++], &refs);
		if (k == sizeof(chunk) / sizeof(*chunk) || i + 1 == g->n) {
			put(w, chunk, k * sizeof(*chunk));
			k = 0;
		}
	}
	end(w, SEC_MODELS);
	w->hdr.n_license_refs = refs;
}

static void write_licenses(writer *w, const lg_graph *g)
{
	size_t i, k;

	begin(w, SEC_LICENSES);
	for (i = 0; i < g->n; i++)
		for (k = 0; k < g->models[i].rec.n_licenses; k++) {
			uint32_t off = string(w, g->models[i].rec.licenses[k], 1);

			put(w, &off, sizeof(off));
		}
	end(w, SEC_LICENSES);
}

static void write_diags(writer *w, const lg_graph *g)
{
	size_t i, n = lg__diaglog_count(g->log);
	disk_diag d;
	lg_diag x;

	begin(w, SEC_DIAGS);
	for (i = 0; i < n; i++) {
		lg__diaglog_get(g->log, i, &x);
		memset(&d, 0, sizeof(d));
		d.file = string(w, x.file, 1);
		d.model = string(w, x.model, 0);
		d.text = string(w, x.text, 1);
		d.kind = (uint8_t)x.kind;
		d.seq = (uint32_t)x.seq;
		d.skipped = (uint8_t)(x.skipped != 0);
		d.line = x.line;
		d.index = x.index;
		put(w, &d, sizeof(d));
	}
	end(w, SEC_DIAGS);
	w->hdr.n_diags = n;
}

static void write_files(writer *w, const lg_cache *c)
{
	size_t i;
	disk_file d;

	begin(w, SEC_FILES);
	for (i = 0; i < c->n_files; i++) {
		memset(&d, 0, sizeof(d));
		d.path = string(w, c->files[i].path, 0);
		d.size = c->files[i].size;
		d.mtime_s = c->files[i].mtime_s;
		d.mtime_ns = c->files[i].mtime_ns;
		d.limit = c->files[i].limit;
		put(w, &d, sizeof(d));
	}
	end(w, SEC_FILES);
	w->hdr.n_files = c->n_files;
}

static void write_arrays(writer *w, const lg_graph *g)
{
	size_t n = g->n, m = g->n_edges;

	section(w, SEC_EDGES, g->edges, m * sizeof(*g->edges));
	section(w, SEC_CHILD_OFF, g->child_off, (n + 1) * sizeof(uint32_t));
	section(w, SEC_CHILD_IDX, g->child_idx, m * sizeof(uint32_t));
	section(w, SEC_PARENT_OFF, g->parent_off, (n + 1) * sizeof(uint32_t));
	section(w, SEC_PARENT_IDX, g->parent_idx, m * sizeof(uint32_t));
	section(w, SEC_HASHES, g->hashes, n * sizeof(uint32_t));
	section(w, SEC_SLOTS, g->ids.slots, g->ids.size * sizeof(uint32_t));
	section(w, SEC_LINEAGE, g->lineage.of, n * sizeof(lg_lineage));
	section(w, SEC_FAMILY_SIZE, g->lineage.family_size,
		g->lineage.families * sizeof(uint32_t));
	section(w, SEC_ORDER, g->lineage.order, n * sizeof(lg_node));
	section(w, SEC_ID_RANK, g->id_rank, n * sizeof(uint32_t));
}

static void fill_header(writer *w, const lg_cache *c, const lg_graph *g)
{
	disk_header *h = &w->hdr;

	memcpy(h->magic, CACHE_MAGIC, sizeof(h->magic));
	h->format = CACHE_FORMAT;
	h->byte_order = BYTE_ORDER_MARK;
	h->edge_size = sizeof(lg_edge);
	h->lineage_size = sizeof(lg_lineage);
	h->model_size = sizeof(disk_model);
	h->diag_size = sizeof(disk_diag);
	h->n_sections = SEC_COUNT;
	h->identity = c->identity;
	h->fingerprint = c->fingerprint;
	h->file_size = w->pos;
	h->n_models = g->n;
	h->n_edges = g->n_edges;
	h->n_slots = g->ids.size;
	h->n_families = g->lineage.families;
	h->n_strings = w->strings.len;
	h->header_hash = lg__hash64(h, offsetof(disk_header, header_hash), 0);
}

/* Everything but the header, which goes first once it is known. */
static void write_body(writer *w, const lg_cache *c, const lg_graph *g)
{
	static const disk_header blank;

	put(w, &blank, sizeof(blank));
	write_stats(w, &g->stats);
	write_models(w, g);
	write_licenses(w, g);
	write_arrays(w, g);
	write_diags(w, g);
	write_files(w, c);
	section(w, SEC_STRINGS, w->strings.data, w->strings.len);
	fill_header(w, c, g);
	if (!w->failed &&
	    (fflush(w->f) != 0 || fseek(w->f, 0, SEEK_SET) != 0 ||
	     fwrite(&w->hdr, 1, sizeof(w->hdr), w->f) != sizeof(w->hdr) ||
	     fflush(w->f) != 0))
		w->failed = 1;
}

int lg_cache_save(lg_cache *c, const lg_graph *g, lg_error *err)
{
	writer w;
	char *tmp = NULL;
	int fd, rc;

	if (!g->built || lg__diaglog_dropped(g->log))
		return lg_error_set(err, LG_EINVAL, NULL, 0, "not cached: %s",
				    g->built ? "too many warnings to keep"
					     : "the graph is not built");
	memset(&w, 0, sizeof(w));
	if ((rc = lg__cache_mkdir(c->dir, err)) < 0 ||
	    (rc = lg__cache_temp(c->path, &tmp, &fd, err)) < 0)
		return rc;
	w.f = fdopen(fd, "wb");
	if (w.f)
		setvbuf(w.f, NULL, _IOFBF, 1u << 20);
	if (!w.f) {
		close(fd);
		w.failed = 1;
	} else {
		write_body(&w, c, g);
	}
	if (w.failed || w.too_big) {
		int e = errno;

		if (w.f)
			fclose(w.f);
		lg__cache_discard(tmp);
		rc = w.too_big ? lg_error_set(err, LG_EINVAL, NULL, 0, "not "
					      "cached: its strings pass 4 GiB")
			       : lg_error_set(err, LG_EIO, NULL, 0, "cannot "
					      "write '%s': %s", tmp,
					      strerror(e));
	} else {
		fd = dup(fileno(w.f));
		if (fclose(w.f) != 0 || fd < 0) {
			rc = lg_error_set(err, LG_EIO, NULL, 0, "cannot write "
					  "'%s': %s", tmp, strerror(errno));
			if (fd >= 0)
				close(fd);
			lg__cache_discard(tmp);
		} else {
			rc = lg__cache_commit(fd, tmp, c->path, err);
		}
	}
	free(tmp);
	lg__index_release(&w.dedup);
	lg__buf_release(&w.strings);
	return rc;
}
