/*
 * cli.h - what the command-line commands share: options every analysing
 * command takes, loading the graph, and reporting (private to the CLI).
 */
#ifndef LG_CLI_H
#define LG_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "lineage.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_AUDIT = 3 };

/* Long-only options start here so they never clash with short ones. */
enum { OPT_FORMAT = 256, OPT_QUIET, OPT_STRICT, OPT_THREADS, OPT_HELP,
       OPT_LICENSES, OPT_NO_CACHE, OPT_COMMAND_BASE = 300 };

#define CLI_COMMON_OPTIONS                                           \
	{ "format", required_argument, NULL, OPT_FORMAT },           \
	{ "output", required_argument, NULL, 'o' },                  \
	{ "quiet", no_argument, NULL, OPT_QUIET },                   \
	{ "strict", no_argument, NULL, OPT_STRICT },                 \
	{ "threads", required_argument, NULL, OPT_THREADS },         \
	{ "licenses", required_argument, NULL, OPT_LICENSES },       \
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },             \
	{ "help", no_argument, NULL, OPT_HELP }

#define CLI_COMMON_HELP                                                     \
	"  --format FMT   table, tsv, csv or json (default: table on a\n"    \
	"                 terminal, tsv otherwise)\n"                        \
	"  -o, --output FILE\n"                                              \
	"                 write to FILE atomically instead of stdout\n"      \
	"  --threads N    parser threads (default: one per CPU)\n"           \
	"  --licenses FILE\n"                                                \
	"                 extra licence ids, aliases or rules, in the form\n" \
	"                 of the built-in data/licenses.tab\n"               \
	"  --quiet        no warnings or summary on stderr\n"                \
	"  --strict       exit 1 if any record was skipped\n"               \
	"  --no-cache     read the inputs, neither using nor writing the\n" \
	"                 binary cache ($LINEAGE_CACHE_DIR, else\n"         \
	"                 $XDG_CACHE_HOME/lineage or ~/.cache/lineage)\n"   \
	"  --help         show this help\n"                                  \
	"\n"                                                                 \
	"INPUT is a file, a directory (read recursively) or - for stdin:\n"  \
	"Hub listing pages, JSON lines or model-info objects, plain or\n"    \
	"gzip. Warnings about bad records go to stderr as FILE:LINE.\n"

typedef struct {
	const char *command;
	const char *usage;  /* the whole --help text */
	int format;         /* lg_format, or -1 when not given */
	const char *output;
	const char *licenses; /* --licenses FILE */
	int quiet, strict, threads, no_cache;
	lg_cache *cache;      /* the inputs' cache entry, set by cli_load */
	char **inputs;
	int n_inputs;
	int stdout_is_tty;
} cli_opts;

/*
 * Handles an option every analysing command shares. Returns 1 when it was
 * one, 0 when it is the command's own, or -1 to stop with *exit_code
 * (help printed, or a bad value reported).
 */
int cli_common_option(cli_opts *o, int opt, const char *arg, int *exit_code);

/* Sets the defaults and takes the inputs after getopt; 0 or an exit code.
 * min_args positional arguments come before the inputs. */
int cli_finish_options(cli_opts *o, int argc, char **argv);

/* Prints "lineage CMD: message" and the usage hint; returns EXIT_USAGE. */
int cli_usage_error(const cli_opts *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Prints "lineage: error: ..." for an lg_error; returns EXIT_RUNTIME. */
int cli_error(const lg_error *err);

/* With LINEAGE_TIMING set, prints the time since the previous call
 * (NULL starts the clock) as "lineage: timing: NAME S s" on stderr: how
 * make bench times each phase of one command. */
void cli_phase(const char *name);

/* Parses a non-negative integer argument; -1 when it is not one. */
long cli_parse_count(const char *arg);

/* The graph of o->inputs, from the cache when it holds them, else
 * ingested, built and cached; prints warnings (replayed from the cache
 * too) and the summary line. Returns 0 or an exit code. */
int cli_load(lg_graph **out, cli_opts *o);

/* Frees what cli_load made: the graph and the cache entry. */
void cli_unload(lg_graph *g, cli_opts *o);

/* The communities of g with co: from the cache when it holds them, else
 * found and cached; 0 or an exit code. */
int cli_communities(lg_communities **out, const lg_graph *g,
		    const cli_opts *o, const lg_community_options *co);

/* The cache directory: $LINEAGE_CACHE_DIR, else $XDG_CACHE_HOME/lineage,
 * else ~/.cache/lineage; NULL when none can be named. */
const char *cli_cache_dir(char *buf, size_t size);

/* Exit status once the output is written: --strict and unreadable files. */
int cli_finish_status(const lg_graph *g, const cli_opts *o);

/* Writes one output file atomically (path NULL or "-": stdout): write
 * gets the stream; on its failure the file is never put in place.
 * Returns an exit code. */
typedef int (*cli_writer)(FILE *out, const void *payload, lg_error *err);
int cli_write(const char *path, cli_writer write, const void *payload);

/* The licence table: built in, plus --licenses; 0 or an exit code. */
int cli_license_table(lg_license_table **table, const cli_opts *o);

/* The licence table and the audit of g; 0 or an exit code. */
int cli_audit(lg_license_table **table, lg_audit **audit, const lg_graph *g,
	      const cli_opts *o);

int cmd_audit(int argc, char **argv);
int cmd_communities(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_show(int argc, char **argv);

#endif
