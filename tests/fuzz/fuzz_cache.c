/*
 * fuzz_cache.c - bytes as a graph cache entry, loaded and walked.
 *
 * Every checksum in a real entry would turn nearly every mutation into a
 * "corrupt" refusal, so before the bytes are written where the cache looks
 * this target makes them pass: the entry's identity, size, section sums and
 * header sum are set to what the loader expects, and so is the inputs'
 * fingerprint unless the header's (unused) reserved field is odd, which
 * sends the entry down the stale path instead. What is fuzzed is then
 * every check after the sums, and the graph the loader hands back: walked
 * node by node, then audited and counted as the commands do.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache_format.h"
#include "cache_impl.h"
#include "hash.h"
#include "lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/lg-fuzz-cache-XXXXXX";
static char input[64];
static lg_cache *cache;

/* The replay runs in every `make check`: it leaves nothing behind. */
static void clean_up(void)
{
	unlink(lg_cache_path(cache));
	lg_cache_free(cache);
	unlink(input);
	rmdir(dir);
}

static lg_cache *open_cache(void)
{
	const char *inputs[1] = { input };
	lg_cache *c;
	lg_error err;
	int fd;

	if (!mkdtemp(dir))
		abort();
	snprintf(input, sizeof(input), "%s/in.jsonl", dir);
	if ((fd = open(input, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		abort();
	close(fd);
	if (lg_cache_open(&c, dir, inputs, 1, &err) != 0)
		abort();
	cache = c;
	atexit(clean_up);
	return c;
}

/* The sums and the inputs' marks, set as the loader wants them. */
static void make_pass(unsigned char *buf, size_t size, const lg_cache *c)
{
	disk_header *h = (disk_header *)buf;
	int s;

	h->identity = c->identity;
	if (!(h->reserved & 1))
		h->fingerprint = c->fingerprint;
	h->file_size = size;
	for (s = 0; s < SEC_COUNT; s++) {
		disk_section *x = &h->sections[s];

		if (x->offset <= size && x->length <= size - x->offset)
			x->hash = lg__hash64(buf + x->offset, x->length, 0);
	}
	h->header_hash = lg__hash64(h, offsetof(disk_header, header_hash), 0);
}

static void walk(const lg_graph *g)
{
	size_t n = lg_graph_count(g), i, k, count;
	const uint32_t *edges;
	lg_diag d;

	for (i = 0; i < n; i++) {
		const lg_record *r = lg_graph_record(g, (lg_node)i);

		if (r->id)
			lg_graph_find(g, r->id);
		lg_graph_lineage(g, (lg_node)i);
		lg_graph_family_size(g, (lg_node)i);
		lg_graph_id_rank(g, (lg_node)i);
		edges = lg_graph_child_edges(g, (lg_node)i, &count);
		for (k = 0; k < count; k++)
			lg_graph_edge(g, edges[k]);
		edges = lg_graph_parent_edges(g, (lg_node)i, &count);
		for (k = 0; k < count; k++)
			lg_graph_edge(g, edges[k]);
	}
	lg_graph_find(g, "acme/base");
	for (i = 0; i < lg_graph_diag_count(g); i++)
		lg_graph_diag(g, i, &d);
}

/* What every analysing command computes from a loaded graph. */
static void analyse(const lg_graph *g)
{
	static lg_license_table *t;
	lg_stats_options opts = LG_STATS_OPTIONS_INIT;
	lg_audit *a;
	lg_stats *s;
	lg_error err;

	if (!t && lg_license_table_new(&t, &err) != 0)
		return;
	if (lg_audit_run(&a, g, t, &err) != 0)
		return;
	if (lg_stats_compute(&s, g, a, &opts, &err) == 0)
		lg_stats_free(s);
	lg_audit_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lg_cache *c;
	unsigned char *buf = malloc(size ? size : 1);
	lg_graph *g;
	lg_error err;
	int fd;

	if (!c)
		c = open_cache();
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (size >= sizeof(disk_header))
		make_pass(buf, size, c);
	fd = open(lg_cache_path(c), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size)
		abort();
	close(fd);
	free(buf);
	if (lg_cache_load(c, &g, &err) == 0) {
		walk(g);
		analyse(g);
		lg_graph_free(g);
	}
	return 0;
}
