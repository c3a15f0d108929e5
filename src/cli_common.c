/*
 * cli_common.c - what every command shares: options, errors, the row
 * limit, atomic output files, phase timings. Loading the graph is
 * cli_load.c's; saying what the inputs held, cli_diags.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

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

int cli_choice(const cli_opts *o, const char *flag, const char *arg,
	       const char *const *names, int n, int *out)
{
	char list[512] = "";
	size_t len = 0;
	int k;

	for (k = 0; k < n; k++)
		if (strcmp(arg, names[k]) == 0) {
			*out = k;
			return 0;
		}
	for (k = 0; k < n && len < sizeof(list); k++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					k == 0 ? "" : k == n - 1 ? " or " : ", ",
					names[k]);
	return cli_usage_error(o, "%s wants %s, not '%s'", flag, list, arg);
}

void cli_put_clean(FILE *out, const char *s)
{
	for (; *s; s++)
		putc(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s, out);
}

int cli_error(const lg_error *err)
{
	fputs("lineage: error: ", stderr);
	if (err->source[0] && err->line) {
		cli_put_clean(stderr, err->source);
		fprintf(stderr, ":%ld: ", err->line);
	}
	cli_put_clean(stderr, err->text);
	fputc('\n', stderr);
	return EXIT_RUNTIME;
}

int cli_errorf(const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fputs("lineage: error: ", stderr);
	cli_put_clean(stderr, text);
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
	case OPT_WARNINGS:
		o->warnings = arg;
		return 1;
	case OPT_LIMIT:
		if ((o->limit = cli_parse_count(arg)) < 0) {
			*exit_code = cli_usage_error(
				o, "--limit wants a number, not '%s'", arg);
			return -1;
		}
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
	case 'h':
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
	lg_error err;

	o->stdout_is_tty = (!o->output || strcmp(o->output, "-") == 0) &&
			   isatty(STDOUT_FILENO);
	if (o->format < 0)
		o->format = o->stdout_is_tty ? LG_FORMAT_TABLE : LG_FORMAT_TSV;
	if (optind >= argc)
		return cli_usage_error(o, "no INPUT given (a file, a "
					  "directory, or - for stdin)");
	o->inputs = argv + optind;
	o->n_inputs = argc - optind;
	if (lg_license_table_new(&o->table, &err) < 0 ||
	    (o->licenses &&
	     lg_license_table_load_file(o->table, o->licenses, &err) < 0)) {
		lg_license_table_free(o->table);
		o->table = NULL;
		return cli_error(&err);
	}
	return 0;
}

long cli_limit(const cli_opts *o)
{
	if (o->limit >= 0)
		return o->limit;
	return o->format == LG_FORMAT_TABLE && o->stdout_is_tty ? 20 : 0;
}

void cli_note_limit(const cli_opts *o, size_t shown, size_t total)
{
	if (!o->quiet && o->limit < 0 && shown < total) /* the default cut */
		fprintf(stderr, "lineage: %zu of %zu rows shown (--limit 0 "
				"shows all)\n", shown, total);
}

static int timing_on(void)
{
	static int on = -1;

	if (on < 0) {
		const char *v = getenv("LINEAGE_TIMING");

		on = v && *v && strcmp(v, "0") != 0;
	}
	return on;
}

void cli_timing(const char *name, double seconds)
{
	if (timing_on())
		fprintf(stderr, "lineage: timing: %-12s %8.3f s\n", name,
			seconds);
}

double cli_clock(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

void cli_phase(const char *name)
{
	static double last = -1;
	double now;

	if (!timing_on())
		return;
	now = cli_clock();
	if (last >= 0 && name)
		cli_timing(name, now - last);
	last = now;
}

int cli_write(const char *path, cli_writer write, const void *payload)
{
	lg_outfile *out = NULL;
	lg_error err = { LG_OK, "", 0, "" };

	if (lg_outfile_open(&out, path, &err) < 0)
		return cli_error(&err);
	if (write(lg_outfile_stream(out), payload, &err) < 0) {
		lg_outfile_failed(out, &err); /* the file and reason, if so */
		lg_outfile_abort(out);
		return cli_error(&err);
	}
	if (lg_outfile_commit(out, &err) < 0)
		return cli_error(&err);
	cli_phase("output");
	return EXIT_OK;
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

int cli_json_tables(FILE *out, const char *const *names, int n,
		    cli_table_writer write, const void *payload, lg_error *err)
{
	json_t *obj = json_object();
	int k, rc = 0;

	for (k = 0; obj && k < n && rc == 0; k++) {
		char *text = NULL;
		size_t size = 0;
		FILE *mem = open_memstream(&text, &size);
		json_t *rows;

		if (!mem) {
			rc = LG_ENOMEM;
			break;
		}
		rc = write(mem, payload, k, err);
		fclose(mem);
		rows = rc == 0 ? json_loadb(text, size, 0, NULL) : NULL;
		free(text);
		if (rc == 0 &&
		    (!rows || json_object_set_new(obj, names[k], rows) < 0))
			rc = LG_ENOMEM;
	}
	if (rc == 0 && obj &&
	    json_dumpf(obj, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					 JSON_REAL_PRECISION(15)) == 0)
		fputc('\n', out);
	else if (rc == 0)
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	json_decref(obj);
	return rc;
}
