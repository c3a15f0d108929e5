/*
 * cli_load.c - the graph of a command's inputs: from the binary cache
 * when it holds them, else read, built and cached; and the audit and the
 * communities, cached beside it.
 *
 * A new entry is written beside the command's own work (save below).
 *
 * Errors stop the command before it writes anything: an input that
 * cannot be read, and under --strict any record, file or input the data
 * lost. Everything else the inputs held is a warning (cli_diags.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void warn(const cli_opts *o, const char *what, const lg_error *err)
{
	if (o->quiet)
		return;
	fputs("lineage: warning: ", stderr);
	cli_put_clean(stderr, err->text);
	fprintf(stderr, "%s\n", what);
}

/* Named inputs that do not exist are errors before anything is read. */
static int check_inputs(const cli_opts *o)
{
	struct stat st;
	int i;

	for (i = 0; i < o->n_inputs; i++)
		if (strcmp(o->inputs[i], "-") != 0 && stat(o->inputs[i], &st) < 0)
			return cli_errorf("cannot read '%s': %s", o->inputs[i],
					  strerror(errno));
	return 0;
}

/* Reads the inputs and builds the graph. */
static int build(lg_graph **out, const cli_opts *o)
{
	lg_ingest_options io = LG_INGEST_OPTIONS_INIT;
	lg_graph *g = lg_graph_new();
	lg_error err;

	*out = NULL;
	if (!g)
		return cli_errorf("out of memory");
	io.threads = o->threads;
	if (lg_ingest(g, (const char *const *)o->inputs, (size_t)o->n_inputs,
		      &io, &err) < 0) {
		lg_graph_free(g);
		return cli_error(&err);
	}
	cli_phase("ingest");
	if (lg_graph_build(g, &err) < 0) {
		lg_graph_free(g);
		return cli_error(&err);
	}
	cli_phase("build");
	*out = g;
	return 0;
}

/* The cache's size bound: LINEAGE_CACHE_MAX_MB, else 4 GiB. */
static uint64_t cache_max_bytes(void)
{
	const char *v = getenv("LINEAGE_CACHE_MAX_MB");
	long mb = v ? cli_parse_count(v) : -1;

	return (uint64_t)(mb >= 0 ? mb : 4096) << 20;
}

/*
 * The new entry is written on a thread of its own while the command
 * works on the graph, which nobody changes once built: a first run pays
 * for the write only when it has nothing else to do. cli_done waits for
 * it. A cache that cannot be written costs a warning, never the run.
 *
 * Not when anything the command writes goes into a pipe: a reader that
 * leaves early (`| head`) ends the process with SIGPIPE, and would take
 * the half-written entry with it, so every such run would parse again.
 */
struct cli_saver {
	pthread_t thread;
	int threaded;
	lg_cache *cache;
	const lg_graph *g;
	char dir[4096];
	uint64_t max_bytes;
	int rc;
	lg_error err;
	double seconds;
};

static void *saver_main(void *arg)
{
	struct cli_saver *s = arg;
	double start = cli_clock();
	size_t removed;

	s->rc = lg_cache_save(s->cache, s->g, &s->err);
	if (s->rc == 0)
		s->rc = lg_cache_prune(s->dir, s->max_bytes, &removed, &s->err);
	s->seconds = cli_clock() - start;
	return NULL;
}

static int is_pipe(const struct stat *st)
{
	return S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode);
}

static int path_is_pipe(const char *path)
{
	struct stat st;

	return path && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	       is_pipe(&st);
}

/* Standard output and error, -o FILE, --warnings FILE. */
static int writes_to_pipe(const cli_opts *o)
{
	struct stat out, err;

	return (fstat(STDOUT_FILENO, &out) == 0 && is_pipe(&out)) ||
	       (fstat(STDERR_FILENO, &err) == 0 && is_pipe(&err)) ||
	       path_is_pipe(o->output) || path_is_pipe(o->warnings);
}

static void save(cli_opts *o, const lg_graph *g, const char *dir)
{
	const lg_graph_stats *st = lg_graph_get_stats(g);
	struct cli_saver *s;

	if (st->files_failed || st->read_errors)
		return; /* a file that could not be read may be readable next */
	if (!(s = calloc(1, sizeof(*s))))
		return; /* no memory to spare: no entry this time */
	s->cache = o->cache;
	s->g = g;
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->max_bytes = cache_max_bytes();
	s->threaded = !writes_to_pipe(o) &&
		      pthread_create(&s->thread, NULL, saver_main, s) == 0;
	if (!s->threaded) {
		saver_main(s);
		cli_phase(NULL); /* the next phase starts after the write */
	}
	o->saver = s;
}

/* Waits for the entry being written, and says if it could not be. */
static void save_wait(cli_opts *o)
{
	struct cli_saver *s = o->saver;

	if (!s)
		return;
	if (s->threaded)
		pthread_join(s->thread, NULL);
	if (s->rc < 0)
		warn(o, "", &s->err);
	cli_timing("cache write", s->seconds);
	free(s);
	o->saver = NULL;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_summary(const lg_graph *g)
{
	const lg_graph_stats *s = lg_graph_get_stats(g);

	fprintf(stderr,
		"lineage: %zu %s in %zu %s: %zu kept, %zu skipped, "
		"%zu %s replaced; %zu models (%zu external), %zu edges, "
		"%zu families, %zu %s dropped, %zu %s\n",
		s->records_read, plural(s->records_read, "record", "records"),
		s->files, plural(s->files, "file", "files"), s->records_kept,
		s->records_skipped, s->duplicates,
		plural(s->duplicates, "duplicate", "duplicates"), s->models,
		s->external, s->edges, s->families, s->self_loops,
		plural(s->self_loops, "self-loop", "self-loops"), s->cycles,
		plural(s->cycles, "cycle", "cycles"));
}

/* --strict: the data lost something, so the answer would be partial. */
static int strict_failure(const lg_graph *g)
{
	const lg_graph_stats *s = lg_graph_get_stats(g);

	if (!(s->records_skipped || s->read_errors || s->files_skipped ||
	      s->empty_inputs))
		return 0;
	return cli_errorf("--strict: %zu %s skipped, %zu %s cut short, %zu "
			  "not read as JSON, %zu %s without a record",
			  s->records_skipped,
			  plural(s->records_skipped, "record", "records"),
			  s->read_errors, plural(s->read_errors, "file", "files"),
			  s->files_skipped, s->empty_inputs,
			  plural(s->empty_inputs, "input", "inputs"));
}

/* The graph from the cache or from the inputs; o->cache set when the
 * inputs have an entry. */
static int get_graph(lg_graph **out, cli_opts *o)
{
	char dir[4096];
	lg_error err;
	int code;

	if (o->no_cache || !cli_cache_dir(dir, sizeof(dir)) ||
	    lg_cache_open(&o->cache, dir, (const char *const *)o->inputs,
			  (size_t)o->n_inputs, &err) < 0)
		return build(out, o);
	if (lg_cache_load(o->cache, out, &err) == 0) {
		cli_phase("cache read");
		return 0;
	}
	if (err.text[0])
		warn(o, "; rebuilding it", &err);
	code = build(out, o);
	if (code == 0)
		save(o, *out, dir);
	return code;
}

int cli_load(lg_graph **out, cli_opts *o)
{
	int code;

	*out = NULL;
	cli_phase(NULL);
	if ((code = check_inputs(o)) != 0 || (code = get_graph(out, o)) != 0)
		return code;
	if ((code = cli_report_diags(*out, o)) != 0 ||
	    (o->strict && (code = strict_failure(*out)) != 0))
		return code;
	if (!o->quiet)
		print_summary(*out);
	return 0;
}

void cli_done(lg_graph *g, cli_opts *o)
{
	save_wait(o);
	lg_graph_free(g);
	lg_cache_free(o->cache);
	o->cache = NULL;
	lg_license_table_free(o->table);
	o->table = NULL;
}

/* -- what is cached beside the graph -------------------------------------- */

/* A companion entry of the inputs' cache entry: 1 and its bytes, or 0
 * (none, or refused with one warning). */
static int blob_get(const cli_opts *o, const char *kind, uint64_t key,
		    void **data, size_t *len)
{
	lg_error err;

	if (!o->cache)
		return 0;
	if (lg_cache_load_blob(o->cache, kind, key, data, len, &err) == 0)
		return 1;
	if (err.text[0])
		warn(o, "; computing it again", &err);
	return 0;
}

static void blob_put(const cli_opts *o, const char *kind, uint64_t key,
		     void *data, size_t len)
{
	lg_error err;

	if (o->cache && lg_cache_save_blob(o->cache, kind, key, data, len,
					   &err) < 0)
		warn(o, "", &err);
	free(data);
}

/* A companion entry that does not decode (another graph's, say). */
static void blob_bad(const cli_opts *o, const char *kind,
		     const lg_error *err)
{
	if (o->quiet)
		return;
	fprintf(stderr, "lineage: warning: cached %s: ", kind);
	cli_put_clean(stderr, err->text);
	fputs("; computing it again\n", stderr);
}

int cli_communities(lg_communities **out, const lg_graph *g,
		    const cli_opts *o, const lg_community_options *co)
{
	uint64_t key = lg_community_options_key(co);
	void *data = NULL;
	size_t len;
	lg_error err;

	if (blob_get(o, "communities", key, &data, &len)) {
		int rc = lg_communities_decode(out, g, data, len, &err);

		free(data);
		cli_phase("communities");
		if (rc == 0)
			return 0;
		blob_bad(o, "communities", &err);
	}
	if (lg_communities_find(out, g, co, &err) < 0)
		return cli_error(&err);
	cli_phase("communities");
	if (o->cache && lg_communities_encode(*out, &data, &len, &err) == 0)
		blob_put(o, "communities", key, data, len);
	return 0;
}

/* Filed under the licence table's fingerprint. */
int cli_audit(lg_audit **out, const lg_graph *g, const cli_opts *o)
{
	uint64_t key = lg_license_table_fingerprint(o->table);
	void *data = NULL;
	size_t len;
	lg_error err;

	if (blob_get(o, "audit", key, &data, &len)) {
		int rc = lg_audit_decode(out, g, o->table, data, len, &err);

		free(data);
		cli_phase("audit");
		if (rc == 0)
			return 0;
		blob_bad(o, "the audit", &err);
	}
	if (lg_audit_run(out, g, o->table, &err) < 0)
		return cli_error(&err);
	cli_phase("audit");
	if (o->cache && lg_audit_encode(*out, &data, &len, &err) == 0)
		blob_put(o, "audit", key, data, len);
	return 0;
}
