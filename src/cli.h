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
       OPT_LICENSES, OPT_NO_CACHE, OPT_WARNINGS, OPT_LIMIT, OPT_SAMPLE_SEARCH,
       OPT_SAMPLE_AUTHOR, OPT_SAMPLE_FOLD, OPT_COMMAND_BASE = 300 };

/* getopt's short options every command takes. */
#define CLI_SHORT_OPTIONS "o:h"

#define CLI_COMMON_OPTIONS                                           \
	{ "format", required_argument, NULL, OPT_FORMAT },           \
	{ "output", required_argument, NULL, 'o' },                  \
	{ "quiet", no_argument, NULL, OPT_QUIET },                   \
	{ "strict", no_argument, NULL, OPT_STRICT },                 \
	{ "threads", required_argument, NULL, OPT_THREADS },         \
	{ "licenses", required_argument, NULL, OPT_LICENSES },       \
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },             \
	{ "warnings", required_argument, NULL, OPT_WARNINGS },       \
	{ "help", no_argument, NULL, OPT_HELP }

/* Commands that list rows take --limit too. */
#define CLI_LIMIT_OPTION { "limit", required_argument, NULL, OPT_LIMIT }

#define CLI_LIMIT_HELP                                                      \
	"  --limit N      at most N rows; 0 = all (default: 20 in a table\n" \
	"                 on a terminal, all otherwise)\n"

/* stats and report draw a sample as the OSI study did. */
#define CLI_SAMPLE_OPTIONS                                           \
	{ "search", required_argument, NULL, OPT_SAMPLE_SEARCH },           \
	{ "author", required_argument, NULL, OPT_SAMPLE_AUTHOR },           \
	{ "fold", no_argument, NULL, OPT_SAMPLE_FOLD }

#define CLI_SAMPLE_HELP                                                     \
	"  --search WORD  only models whose id holds WORD (any case), as the\n" \
	"                 Hub's search parameter matches\n"                  \
	"  --author A     only models of author A (repeatable)\n"            \
	"  --fold         a vendor's versions as one licence row, as the OSI\n" \
	"                 study did (llama2, llama3, llama3.1 ... ->\n"      \
	"                 llama-family)\n"

#define CLI_COMMON_HELP                                                     \
	"  --format FMT   table, tsv, csv or json (default: table on a\n"    \
	"                 terminal, tsv otherwise)\n"                        \
	CLI_INPUT_HELP

/* The common options but --format, for a command with one format. */
#define CLI_INPUT_HELP                                                      \
	"  -o, --output FILE\n"                                              \
	"                 write to FILE atomically instead of stdout\n"      \
	"  --threads N    parser threads (default: one per CPU)\n"           \
	"  --licenses FILE\n"                                                \
	"                 extra licence ids, aliases or rules, in the form\n" \
	"                 of the built-in data/licenses.tab\n"               \
	"  --warnings FILE\n"                                                \
	"                 every problem in the inputs as TSV: file line\n"   \
	"                 model kind message\n"                              \
	"  --quiet        no warnings or summary on stderr (errors stay)\n"  \
	"  --strict       any skipped record or file, or input without a\n"  \
	"                 record, is an error: exit 1, nothing written\n"   \
	"  --no-cache     read the inputs, neither using nor writing the\n" \
	"                 binary cache ($LINEAGE_CACHE_DIR, else\n"         \
	"                 $XDG_CACHE_HOME/lineage or ~/.cache/lineage)\n"   \
	"  -h, --help     show this help\n"                                  \
	"\n"                                                                 \
	"INPUT is a file, a directory (read recursively) or - for stdin:\n"  \
	"Hub listing pages, JSON lines or model-info objects, plain or\n"    \
	"gzip; model cards (ORG/NAME/README.md); a lineage fetch snapshot.\n" \
	"Problems in records are warnings: the first few of each kind,\n"   \
	"then a count of the rest. 'man lineage' has the rest.\n"

typedef struct {
	const char *command;
	const char *usage;    /* the whole --help text */
	int format;           /* lg_format, or -1 when not given */
	const char *output;
	const char *licenses; /* --licenses FILE */
	const char *warnings; /* --warnings FILE */
	int quiet, strict, threads, no_cache;
	long limit;           /* --limit N, or -1 when not given */
	char **inputs;
	int n_inputs;
	int stdout_is_tty;
	lg_license_table *table; /* built in + --licenses: cli_finish_options */
	lg_cache *cache;      /* the inputs' cache entry, set by cli_load */
	struct cli_saver *saver; /* that entry being written (cli_load.c) */
} cli_opts;

#define CLI_OPTS_INIT(name) \
	{ .command = (name), .usage = usage, .format = -1, .limit = -1 }

/*
 * Handles an option every analysing command shares. Returns 1 when it was
 * one, 0 when it is the command's own, or -1 to stop with *exit_code
 * (help printed, or a bad value reported).
 */
int cli_common_option(cli_opts *o, int opt, const char *arg, int *exit_code);

/* After getopt: sets the defaults, takes the inputs (min_args positional
 * arguments come before them) and loads the licence table, so that every
 * option is checked before any input is read. 0 or an exit code. */
int cli_finish_options(cli_opts *o, int argc, char **argv);

/* Prints "lineage CMD: message" and the usage hint; returns EXIT_USAGE. */
int cli_usage_error(const cli_opts *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Prints "lineage: error: ..." for an lg_error (always, --quiet or not);
 * returns EXIT_RUNTIME. */
int cli_error(const lg_error *err);

/* Prints "lineage: error: ..." from a format; returns EXIT_RUNTIME. */
int cli_errorf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Writes s to out with control characters as '?': input (and server)
 * text must never steer the user's terminal or fake a line of its own. */
void cli_put_clean(FILE *out, const char *s);

/* Parses a non-negative integer argument; -1 when it is not one. */
long cli_parse_count(const char *arg);

/* The row limit: --limit, else 20 for a table on a terminal, else 0 (all). */
long cli_limit(const cli_opts *o);

/* Says on stderr, unless --quiet, that `shown` of `total` rows were
 * written because of the default limit (one given is the user's own). */
void cli_note_limit(const cli_opts *o, size_t shown, size_t total);

/*
 * The graph of o->inputs, from the cache when it holds them, else read,
 * built and cached. Unreadable inputs, and under --strict any data
 * problem, are errors: printed, EXIT_RUNTIME, nothing else done. Other
 * problems are warnings (cli_report_diags), then the summary line.
 * Returns 0 or an exit code.
 */
int cli_load(lg_graph **out, cli_opts *o);

/* Waits for the cache entry cli_load may be writing, then frees the
 * graph (may be NULL), the licence table and the cache entry. */
void cli_done(lg_graph *g, cli_opts *o);

/* Prints the problems of g's inputs: errors always, warnings (the first
 * few of each kind in input order, then one line per kind) unless quiet;
 * writes every one to --warnings FILE. Returns 0 or an exit code. */
int cli_report_diags(const lg_graph *g, const cli_opts *o);

/* The audit of g under o->table: from the cache, else run and cached. */
int cli_audit(lg_audit **out, const lg_graph *g, const cli_opts *o);

/* The communities of g with co: from the cache when it holds them, else
 * found and cached; 0 or an exit code. */
int cli_communities(lg_communities **out, const lg_graph *g,
		    const cli_opts *o, const lg_community_options *co);

/* Which of names[0..n-1] arg is, in *out: 0; else a usage error
 * ("FLAG wants a, b or c, not 'x'") and its exit code. */
int cli_choice(const cli_opts *o, const char *flag, const char *arg,
	       const char *const *names, int n, int *out);

/* Writes one output file atomically (path NULL or "-": stdout): write
 * gets the stream; on its failure the file is never put in place.
 * Returns an exit code. */
typedef int (*cli_writer)(FILE *out, const void *payload, lg_error *err);
int cli_write(const char *path, cli_writer write, const void *payload);

/* Several tables as one JSON object: table k, written by write as its
 * own JSON array (to a memory stream, then parsed back in), under
 * names[k], for k in 0..n-1. Returns 0 or an lg_error code. */
typedef int (*cli_table_writer)(FILE *out, const void *payload, int k,
				lg_error *err);
int cli_json_tables(FILE *out, const char *const *names, int n,
		    cli_table_writer write, const void *payload, lg_error *err);

/* The cache directory: $LINEAGE_CACHE_DIR, else $XDG_CACHE_HOME/lineage,
 * else ~/.cache/lineage; NULL when none can be named. */
const char *cli_cache_dir(char *buf, size_t size);

/* With LINEAGE_TIMING set, prints the time since the previous call
 * (NULL starts the clock) as "lineage: timing: NAME S s" on stderr: how
 * make bench times each phase of one command. */
void cli_phase(const char *name);

/* The same line for a phase timed apart (one on a thread of its own),
 * with cli_clock: seconds on the monotonic clock. */
void cli_timing(const char *name, double seconds);
double cli_clock(void);

int cmd_audit(int argc, char **argv);
int cmd_communities(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* A sample option (CLI_SAMPLE_OPTIONS) into so, its authors kept in
 * authors (room for argc names): 1 when opt was one, else 0. */
int cli_sample_option(lg_stats_options *so, const char **authors, int opt,
		      const char *arg);

/* On stderr: the sample's size, and that the placeholder date is counted
 * apart. */
void cli_say_sample(const cli_opts *o, const lg_stats *s);

#endif
