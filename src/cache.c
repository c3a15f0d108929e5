/*
 * cache.c - cache entries: which file holds the graph of a set of inputs,
 * the fingerprint that says whether it is still theirs, companion blobs,
 * atomic writes and pruning the directory.
 *
 * An entry is named "graph-IDENTITY.lgc", IDENTITY a hash of the inputs'
 * absolute paths, so the same question asked from another directory finds
 * it; what the paths hold is the fingerprint, checked inside. Companions
 * are "graph-IDENTITY.KIND-KEY". Temporary files are "NAME.tmp.XXXXXX".
 */
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache_format.h"
#include "cache_impl.h"
#include "hash.h"
#include "tempfiles.h"
#include "walk.h"

#define ENTRY_PREFIX_LEN 22 /* "graph-" + 16 hex digits */
#define STALE_TEMP_SECONDS 3600

/* -- the entry for a set of inputs ------------------------------------- */

static char *join(const char *a, const char *b)
{
	size_t len = strlen(a) + strlen(b) + 2;
	char *s = malloc(len);

	if (s)
		snprintf(s, len, "%s/%s", a, b);
	return s;
}

/* The absolute form of an input argument, for the identity. */
static void add_identity(lg__hasher *h, const char *input)
{
	char real[PATH_MAX], cwd[PATH_MAX];

	if (realpath(input, real)) {
		lg__hasher_add(h, real, strlen(real) + 1);
	} else {
		if (input[0] != '/' && getcwd(cwd, sizeof(cwd)))
			lg__hasher_add(h, cwd, strlen(cwd));
		lg__hasher_add(h, input, strlen(input) + 1);
	}
}

typedef struct {
	lg_cache *c;
	lg__hasher h;
	int uncacheable;
} walk_state;

static int on_file(const char *path, const char *rel, int named,
		   const char *problem, long long limit, void *payload)
{
	walk_state *w = payload;
	lg_cache *c = w->c;
	lg__cache_file *f;
	struct stat st;

	(void)rel;
	(void)named;
	if (strcmp(path, "-") == 0 || (!problem && stat(path, &st) < 0) ||
	    (!problem && !S_ISREG(st.st_mode))) {
		w->uncacheable = 1; /* stdin, a pipe, a device */
		return 0;
	}
	if (lg__array_grow((void **)&c->files, &c->cap_files, c->n_files + 1,
			   sizeof(*c->files)) < 0 ||
	    !(c->files[c->n_files].path = strdup(path)))
		return LG_ENOMEM;
	f = &c->files[c->n_files++];
	f->size = problem ? -1 : (int64_t)st.st_size;
	f->mtime_s = problem ? 0 : (int64_t)st.st_mtim.tv_sec;
	f->mtime_ns = problem ? 0 : (int64_t)st.st_mtim.tv_nsec;
	f->limit = limit;
	lg__hasher_add(&w->h, path, strlen(path) + 1);
	lg__hasher_add(&w->h, &f->size, sizeof(f->size));
	lg__hasher_add(&w->h, &f->mtime_s, sizeof(f->mtime_s));
	lg__hasher_add(&w->h, &f->mtime_ns, sizeof(f->mtime_ns));
	lg__hasher_add(&w->h, &f->limit, sizeof(f->limit));
	return 0;
}

int lg_cache_open(lg_cache **out, const char *dir, const char *const *inputs,
		  size_t n_inputs, lg_error *err)
{
	lg_cache *c = calloc(1, sizeof(*c));
	walk_state w;
	lg__hasher id;
	char name[64];
	size_t i;
	int rc;

	*out = NULL;
	if (!c)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	memset(&w, 0, sizeof(w));
	w.c = c;
	lg__hasher_init(&w.h, CACHE_FORMAT);
	lg__hasher_init(&id, 0);
	for (i = 0; i < n_inputs; i++)
		add_identity(&id, inputs[i]);
	rc = lg__walk_inputs(inputs, n_inputs, on_file, &w);
	c->identity = lg__hasher_end(&id);
	c->fingerprint = lg__hasher_end(&w.h);
	snprintf(name, sizeof(name), "graph-%016llx.lgc",
		 (unsigned long long)c->identity);
	if (rc == 0 && !w.uncacheable &&
	    (!(c->dir = strdup(dir)) || !(c->path = join(dir, name))))
		rc = LG_ENOMEM;
	if (rc < 0 || w.uncacheable) {
		lg_cache_free(c);
		return rc < 0 ? lg_error_set(err, LG_ENOMEM, NULL, 0,
					     "out of memory")
			      : lg_error_set(err, LG_EINVAL, NULL, 0,
					     "standard input, a pipe or a "
					     "device cannot be cached");
	}
	*out = c;
	return 0;
}

void lg_cache_free(lg_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_files; i++)
		free(c->files[i].path);
	free(c->files);
	free(c->dir);
	free(c->path);
	free(c);
}

const char *lg_cache_path(const lg_cache *c)
{
	return c->path;
}

/* -- the stats, field by field ------------------------------------------- */

#define STAT(f) offsetof(lg_graph_stats, f)

static const size_t stat_fields[] = {
	STAT(files), STAT(files_failed), STAT(files_skipped),
	STAT(empty_inputs), STAT(read_errors), STAT(records_read),
	STAT(records_kept), STAT(records_skipped), STAT(duplicates),
	STAT(fields_ignored), STAT(models), STAT(external), STAT(edges),
	STAT(self_loops), STAT(cycles), STAT(families)
};
#define N_FIELDS (sizeof(stat_fields) / sizeof(*stat_fields))

static size_t *field(lg_graph_stats *s, size_t i)
{
	return i < N_FIELDS ? (size_t *)((char *)s + stat_fields[i])
			    : &s->diags[i - N_FIELDS];
}

void lg__stats_to_disk(const lg_graph_stats *s, uint64_t *out)
{
	size_t i;

	memset(out, 0, STAT_COUNT * sizeof(*out));
	for (i = 0; i < N_FIELDS + LG_DIAG_KIND_COUNT; i++)
		out[i] = *field((lg_graph_stats *)s, i);
}

void lg__stats_from_disk(lg_graph_stats *s, const uint64_t *in)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < N_FIELDS + LG_DIAG_KIND_COUNT; i++)
		*field(s, i) = (size_t)in[i];
}

/* -- writing files atomically ------------------------------------------- */

int lg__cache_mkdir(const char *dir, lg_error *err)
{
	char *copy = strdup(dir), *p;
	int rc = 0;

	if (!copy)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (p = copy + 1; rc == 0; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST)
			rc = lg_error_set(err, LG_EIO, copy, 0, "cannot create "
					  "the cache directory '%s': %s", copy,
					  strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	free(copy);
	return rc;
}

int lg__cache_temp(const char *final, char **tmp_path, int *fd,
		   lg_error *err)
{
	size_t len = strlen(final) + 16;

	*tmp_path = malloc(len);
	if (!*tmp_path)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	snprintf(*tmp_path, len, "%s.tmp.XXXXXX", final);
	*fd = mkstemp(*tmp_path);
	if (*fd < 0) {
		lg_error_set(err, LG_EIO, NULL, 0, "cannot create '%s': %s",
			     *tmp_path, strerror(errno));
		free(*tmp_path);
		*tmp_path = NULL;
		return LG_EIO;
	}
	lg__temp_add(*tmp_path); /* removed by a signal's handler */
	return 0;
}

void lg__cache_discard(const char *tmp)
{
	unlink(tmp);
	lg__temp_forget(tmp);
}

/* No fsync: an entry torn by a power cut fails its checksum and is
 * rebuilt, so waiting for the disk (seconds for a whole Hub) buys nothing.
 * The rename still makes a reader see a whole file or none. */
int lg__cache_commit(int fd, const char *tmp, const char *final,
		     lg_error *err)
{
	if (close(fd) < 0) {
		int e = errno;

		lg__cache_discard(tmp);
		return lg_error_set(err, LG_EIO, NULL, 0, "cannot write '%s': "
				    "%s", tmp, strerror(e));
	}
	if (rename(tmp, final) < 0) {
		int e = errno;

		lg__cache_discard(tmp);
		return lg_error_set(err, LG_EIO, NULL, 0, "cannot rename '%s': "
				    "%s", tmp, strerror(e));
	}
	lg__temp_forget(tmp);
	return 0;
}

/* -- companion blobs ------------------------------------------------------ */

static char *blob_path(const lg_cache *c, const char *kind, uint64_t key)
{
	size_t len = strlen(c->path) + strlen(kind) + 24;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%.*s.%s-%016llx",
			 (int)(strlen(c->path) - 4), c->path, kind,
			 (unsigned long long)key);
	return p;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lg_cache_save_blob(lg_cache *c, const char *kind, uint64_t key,
		       const void *data, size_t len, lg_error *err)
{
	char *path = blob_path(c, kind, key), *tmp = NULL;
	blob_header h;
	int fd, rc;

	if (!path)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, BLOB_MAGIC, sizeof(h.magic));
	h.format = CACHE_FORMAT;
	h.byte_order = BYTE_ORDER_MARK;
	h.identity = c->identity;
	h.fingerprint = c->fingerprint;
	h.key = key;
	h.kind_hash = lg__hash64(kind, strlen(kind), 0);
	h.length = len;
	h.hash = lg__hash64(data, len, 0);
	h.header_hash = lg__hash64(&h, offsetof(blob_header, header_hash), 0);
	rc = lg__cache_mkdir(c->dir, err);
	if (rc == 0)
		rc = lg__cache_temp(path, &tmp, &fd, err);
	if (rc == 0) {
		if (write_all(fd, &h, sizeof(h)) < 0 ||
		    write_all(fd, data, len) < 0) {
			rc = lg_error_set(err, LG_EIO, NULL, 0, "cannot write "
					  "'%s': %s", tmp, strerror(errno));
			close(fd);
			lg__cache_discard(tmp);
		} else {
			rc = lg__cache_commit(fd, tmp, path, err);
		}
	}
	free(tmp);
	free(path);
	return rc;
}

static int refuse(lg_error *err, const char *path, const char *why)
{
	return lg_error_set(err, LG_ENOTFOUND, NULL, 0, "cache '%s' %s", path,
			    why);
}

int lg_cache_load_blob(lg_cache *c, const char *kind, uint64_t key,
		       void **data, size_t *len, lg_error *err)
{
	char *path = blob_path(c, kind, key);
	blob_header h;
	struct stat st;
	int fd = -1, rc = LG_ENOTFOUND;
	void *buf = NULL;

	*data = NULL;
	*len = 0;
	lg_error_set(err, LG_ENOTFOUND, NULL, 0, "%s", "");
	if (!path)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto done; /* none: a plain miss */
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(h) ||
	    read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h)) {
		refuse(err, path, "is truncated");
		goto done;
	}
	if (memcmp(h.magic, BLOB_MAGIC, sizeof(h.magic)) != 0 ||
	    h.header_hash != lg__hash64(&h, offsetof(blob_header, header_hash),
					0)) {
		refuse(err, path, "is not a lineage cache file, or is corrupt");
		goto done;
	}
	if (h.format != CACHE_FORMAT || h.byte_order != BYTE_ORDER_MARK) {
		refuse(err, path, "was written by another version of lineage");
		goto done;
	}
	if (h.identity != c->identity || h.key != key ||
	    h.kind_hash != lg__hash64(kind, strlen(kind), 0)) {
		refuse(err, path, "belongs to other inputs");
		goto done;
	}
	if (h.fingerprint != c->fingerprint) {
		refuse(err, path, "is stale: its inputs changed");
		goto done;
	}
	if ((uint64_t)st.st_size != sizeof(h) + h.length) {
		refuse(err, path, "is truncated");
		goto done;
	}
	buf = malloc(h.length ? h.length : 1);
	if (!buf) {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
		goto done;
	}
	if (read(fd, buf, h.length) != (ssize_t)h.length ||
	    lg__hash64(buf, h.length, 0) != h.hash) {
		refuse(err, path, "is corrupt: its checksum does not match");
		free(buf);
		buf = NULL;
		goto done;
	}
	*data = buf;
	*len = h.length;
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* -- pruning ---------------------------------------------------------- */

typedef struct {
	char prefix[ENTRY_PREFIX_LEN + 1];
	time_t used;     /* the graph file's modification time */
	uint64_t bytes;
} group;

static int by_use(const void *pa, const void *pb)
{
	const group *a = pa, *b = pb;

	return a->used < b->used ? -1 : a->used > b->used;
}

/* Deletes every file of the group's entry (names starting prefix). */
static void remove_group(const char *dir, const group *gr, size_t *removed)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		char *p;

		if (strncmp(e->d_name, gr->prefix, ENTRY_PREFIX_LEN) != 0 ||
		    strstr(e->d_name, ".tmp.") || /* a writer at work */
		    !(p = join(dir, e->d_name)))
			continue;
		if (unlink(p) == 0)
			++*removed;
		free(p);
	}
	if (d)
		closedir(d);
}

static group *find_group(group *gs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(gs[i].prefix, name, ENTRY_PREFIX_LEN) == 0)
			return &gs[i];
	return NULL;
}

int lg_cache_prune(const char *dir, uint64_t max_bytes, size_t *removed,
		   lg_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	group *gs = NULL, *gr;
	size_t n = 0, cap = 0, i;
	uint64_t total = 0;
	time_t now = time(NULL);

	*removed = 0;
	if (!d)
		return errno == ENOENT ? 0
				       : lg_error_set(err, LG_EIO, NULL, 0,
						      "cannot read '%s': %s",
						      dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strncmp(e->d_name, "graph-", 6) != 0 ||
		    strlen(e->d_name) < ENTRY_PREFIX_LEN ||
		    !(p = join(dir, e->d_name)))
			continue;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			if (strstr(e->d_name, ".tmp.")) {
				/* a writer that died long ago, or one at work */
				if (now - st.st_mtime > STALE_TEMP_SECONDS &&
				    unlink(p) == 0)
					++*removed;
			} else if ((gr = find_group(gs, n, e->d_name)) ||
				   lg__array_grow((void **)&gs, &cap, n + 1,
						  sizeof(*gs)) == 0) {
				if (!gr) {
					gr = &gs[n++];
					memset(gr, 0, sizeof(*gr));
					memcpy(gr->prefix, e->d_name,
					       ENTRY_PREFIX_LEN);
				}
				gr->bytes += (uint64_t)st.st_size;
				total += (uint64_t)st.st_size;
				if (strcmp(e->d_name + ENTRY_PREFIX_LEN,
					   ".lgc") == 0)
					gr->used = st.st_mtime;
			}
		}
		free(p);
	}
	closedir(d);
	qsort(gs, n, sizeof(*gs), by_use);
	/* oldest first; the newest entry stays whatever its size */
	for (i = 0; i + 1 < n && total > max_bytes; i++) {
		remove_group(dir, &gs[i], removed);
		total -= gs[i].bytes;
	}
	free(gs);
	return 0;
}
