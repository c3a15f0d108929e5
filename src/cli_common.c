/*
 * cli_common.c - options, loading and reporting shared by the commands.
 *
 * Warnings are printed as "lineage: warning: FILE:LINE: text" (or
 * FILE:#INDEX inside a JSON array) so editors and grep can jump to them;
 * the summary line at the end counts what was read, kept and skipped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const cli_opts *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lineage %s: ", o->command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'lineage %s --help'.\n", o->command);
	return EXIT_USAGE;
}

/* Writes s with control characters shown as '?': input (and server)
 * text must never steer the user's terminal or fake a line of its own. */
static void put_clean(FILE *out, const char *s)
{
	for (; *s; s++)
		putc(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s, out);
}

int cli_error(const lg_error *err)
{
	fputs("lineage: error: ", stderr);
	if (err->source[0] && err->line) {
		put_clean(stderr, err->source);
		fprintf(stderr, ":%ld: ", err->line);
	}
	put_clean(stderr, err->text);
	fputc('\n', stderr);
	return EXIT_RUNTIME;
}

long cli_parse_count(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0)
		return -1;
	return v;
}

int cli_common_option(cli_opts *o, int opt, const char *arg, int *exit_code)
{
	long n;

	switch (opt) {
	case OPT_FORMAT:
		o->format = lg_format_parse(arg);
		if (o->format < 0) {
			*exit_code = cli_usage_error(
				o, "unknown format '%s' (table, tsv, csv, json)",
				arg);
			return -1;
		}
		return 1;
	case 'o':
		o->output = arg;
		return 1;
	case OPT_LICENSES:
		o->licenses = arg;
		return 1;
	case OPT_QUIET:
		o->quiet = 1;
		return 1;
	case OPT_STRICT:
		o->strict = 1;
		return 1;
	case OPT_NO_CACHE:
		o->no_cache = 1;
		return 1;
	case OPT_THREADS:
		n = cli_parse_count(arg);
		if (n < 1 || n > 64) {
			*exit_code = cli_usage_error(
				o, "--threads wants a number from 1 to 64, "
				   "not '%s'", arg);
			return -1;
		}
		o->threads = (int)n;
		return 1;
	case OPT_HELP:
		fputs(o->usage, stdout);
		*exit_code = EXIT_OK;
		return -1;
	case '?':
		*exit_code = cli_usage_error(o, "bad option");
		return -1;
	default:
		return 0;
	}
}

int cli_finish_options(cli_opts *o, int argc, char **argv)
{
	o->stdout_is_tty = !o->output && isatty(STDOUT_FILENO);
	if (o->format < 0)
		o->format = o->stdout_is_tty ? LG_FORMAT_TABLE : LG_FORMAT_TSV;
	if (optind >= argc)
		return cli_usage_error(o, "no INPUT given (a file, a "
					  "directory, or - for stdin)");
	o->inputs = argv + optind;
	o->n_inputs = argc - optind;
	return 0;
}

static void print_diag(const lg_diag *d, void *payload)
{
	const cli_opts *o = payload;

	if (o->quiet)
		return;
	fputs("lineage: warning: ", stderr);
	put_clean(stderr, d->file);
	if (d->index >= 0)
		fprintf(stderr, ":#%ld: ", d->index);
	else if (d->line > 0)
		fprintf(stderr, ":%ld: ", d->line);
	else
		fputs(": ", stderr);
	if (d->model && !d->skipped) {
		putc('\'', stderr);
		put_clean(stderr, d->model);
		fputs("': ", stderr);
	}
	put_clean(stderr, d->text);
	fputs(d->skipped ? "; record skipped\n" : "\n", stderr);
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

void cli_phase(const char *name)
{
	static struct timespec last;
	static int on = -1;
	struct timespec now;

	if (on < 0) {
		const char *v = getenv("LINEAGE_TIMING");

		on = v && *v && strcmp(v, "0") != 0;
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!on || !name)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "lineage: timing: %-12s %8.3f s\n", name,
		(double)(now.tv_sec - last.tv_sec) +
			(double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

static void warn(const cli_opts *o, const char *what, const lg_error *err)
{
	if (o->quiet)
		return;
	fputs("lineage: warning: ", stderr);
	put_clean(stderr, err->text);
	fprintf(stderr, "%s\n", what);
}

/* Reads the inputs and builds the graph. */
static int build(lg_graph **out, const cli_opts *o)
{
	lg_ingest_options io = LG_INGEST_OPTIONS_INIT;
	lg_graph *g = lg_graph_new();
	lg_error err;

	*out = NULL;
	if (!g) {
		fprintf(stderr, "lineage: error: out of memory\n");
		return EXIT_RUNTIME;
	}
	io.threads = o->threads;
	lg_graph_set_diag(g, print_diag, (void *)o);
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

/* Writes the new entry and keeps the directory bounded; a cache that
 * cannot be written costs a warning, never the run. */
static void save(lg_cache *c, const lg_graph *g, const cli_opts *o,
		 const char *dir)
{
	const lg_graph_stats *s = lg_graph_get_stats(g);
	size_t removed;
	lg_error err;

	if (s->files_failed || s->read_errors)
		return; /* a file that could not be read may be readable next */
	if (lg_cache_save(c, g, &err) < 0)
		warn(o, "", &err);
	else if (lg_cache_prune(dir, cache_max_bytes(), &removed, &err) < 0)
		warn(o, "", &err);
	cli_phase("cache write");
}

int cli_load(lg_graph **out, cli_opts *o)
{
	char dir[4096];
	lg_cache *c = NULL;
	lg_error err;
	int code;

	*out = NULL;
	o->cache = NULL;
	cli_phase(NULL);
	if (o->no_cache || !cli_cache_dir(dir, sizeof(dir)) ||
	    lg_cache_open(&c, dir, (const char *const *)o->inputs,
			  (size_t)o->n_inputs, &err) < 0) {
		code = build(out, o);
	} else if (lg_cache_load(c, out, &err) == 0) {
		cli_phase("cache read");
		lg_graph_set_diag(*out, print_diag, (void *)o);
		lg_graph_replay_diags(*out);
		code = 0;
	} else {
		if (err.text[0])
			warn(o, "; rebuilding it", &err);
		code = build(out, o);
		if (code == 0)
			save(c, *out, o, dir);
	}
	if (code == 0)
		o->cache = c;
	else
		lg_cache_free(c);
	if (code == 0 && !o->quiet)
		print_summary(*out);
	return code;
}

void cli_unload(lg_graph *g, cli_opts *o)
{
	lg_graph_free(g);
	lg_cache_free(o->cache);
	o->cache = NULL;
}

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
	put_clean(stderr, err->text);
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

const char *cli_cache_dir(char *buf, size_t size)
{
	const char *v;

	if ((v = getenv("LINEAGE_CACHE_DIR")) && *v)
		snprintf(buf, size, "%s", v);
	else if ((v = getenv("XDG_CACHE_HOME")) && *v == '/')
		snprintf(buf, size, "%s/lineage", v);
	else if ((v = getenv("HOME")) && *v)
		snprintf(buf, size, "%s/.cache/lineage", v);
	else
		return NULL;
	return buf;
}

int cli_finish_status(const lg_graph *g, const cli_opts *o)
{
	const lg_graph_stats *s = lg_graph_get_stats(g);

	if (s->files_failed)
		return EXIT_RUNTIME;
	if (o->strict && (s->records_skipped || s->read_errors)) {
		fprintf(stderr, "lineage: %zu records skipped, %zu files cut "
				"short (--strict)\n",
			s->records_skipped, s->read_errors);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int cli_write(const char *path, cli_writer write, const void *payload)
{
	lg_outfile *out = NULL;
	lg_error err = { LG_OK, "", 0, "" };

	if (lg_outfile_open(&out, path, &err) < 0)
		return cli_error(&err);
	if (write(lg_outfile_stream(out), payload, &err) < 0) {
		lg_outfile_abort(out);
		return cli_error(&err);
	}
	if (lg_outfile_commit(out, &err) < 0)
		return cli_error(&err);
	cli_phase("output");
	return EXIT_OK;
}

int cli_license_table(lg_license_table **table, const cli_opts *o)
{
	lg_error err;

	*table = NULL;
	if (lg_license_table_new(table, &err) < 0 ||
	    (o->licenses &&
	     lg_license_table_load_file(*table, o->licenses, &err) < 0)) {
		lg_license_table_free(*table);
		*table = NULL;
		return cli_error(&err);
	}
	return 0;
}

/* The audit of g under t: from the cache, filed under the table's
 * fingerprint, else run and cached. */
static int audit_cached(lg_audit **out, const lg_graph *g,
			const lg_license_table *t, const cli_opts *o,
			lg_error *err)
{
	uint64_t key = lg_license_table_fingerprint(t);
	void *data = NULL;
	size_t len;

	if (blob_get(o, "audit", key, &data, &len)) {
		int rc = lg_audit_decode(out, g, t, data, len, err);

		free(data);
		cli_phase("audit");
		if (rc == 0)
			return 0;
		blob_bad(o, "the audit", err);
	}
	if (lg_audit_run(out, g, t, err) < 0)
		return -1;
	cli_phase("audit");
	if (o->cache && lg_audit_encode(*out, &data, &len, err) == 0)
		blob_put(o, "audit", key, data, len);
	return 0;
}

int cli_audit(lg_license_table **table, lg_audit **audit, const lg_graph *g,
	      const cli_opts *o)
{
	lg_error err;
	int code;

	*audit = NULL;
	if ((code = cli_license_table(table, o)) != 0)
		return code;
	if (audit_cached(audit, g, *table, o, &err) < 0) {
		lg_license_table_free(*table);
		*table = NULL;
		return cli_error(&err);
	}
	return 0;
}
