/*
 * cli_fetch.c - `lineage fetch`: the Hub into a snapshot (SPEC §4).
 *
 * The endpoint comes from HF_ENDPOINT, the token from HF_TOKEN or the
 * file HF_HOME/token (as huggingface_hub reads them). On a terminal a
 * progress line is redrawn on stderr; otherwise a quiet line every 25
 * pages and one at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lg_fetch.h"

#define MAX_LIST 256

static const char usage[] =
	"usage: lineage fetch --out DIR [OPTIONS]\n"
	"       lineage fetch --update DIR [--page-size N] [--quiet]\n"
	"\n"
	"Crawls the Hugging Face Hub API into a snapshot directory that every\n"
	"other command reads as an INPUT. Safe to kill at any moment: run the\n"
	"same command with --resume to go on, without losing or repeating a\n"
	"record.\n"
	"\n"
	"  --out DIR           the snapshot (records.jsonl, manifest.json)\n"
	"  --search Q          models whose id contains Q\n"
	"  --author A          models of one user or organisation\n"
	"  --filter TAG        models with this tag (repeat: all of them)\n"
	"  --sort KEY          downloads, likes, createdAt, lastModified,\n"
	"                      trendingScore (always descending)\n"
	"  --limit N           at most N records in all\n"
	"  --page-size N       models per listing page, 1-1000 (default 1000)\n"
	"  --descendants-of M  model M and its whole family below it,\n"
	"                      breadth-first (filter=base_model:ID)\n"
	"  --model ID          the model-info of ID (repeat for several)\n"
	"  --resume            continue the crawl in DIR (a new one if DIR\n"
	"                      holds none)\n"
	"  --update DIR        add to the snapshot DIR only the models of its\n"
	"                      query created or modified since its last crawl\n"
	"                      or update (the listing by lastModified, newest\n"
	"                      first, down to an hour before the newest it\n"
	"                      holds); killed, run it again (or --resume)\n"
	"  --quiet             no progress on stderr\n"
	"  --help              show this help\n"
	"\n"
	"Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN\n"
	"(else the file $HF_HOME/token, HF_HOME defaulting to\n"
	"~/.cache/huggingface), LINEAGE_RETRY_BASE_MS (first backoff, 1000),\n"
	"LINEAGE_MAX_WAIT_S (longest rate-limit wait honoured, 300).\n"
	"Rate limits (429) are waited out as the Hub asks; 5xx, timeouts and\n"
	"broken transfers are retried with backoff, 8 times at most.\n"
	"\n"
	"An update sees a model when a commit to it moves its lastModified.\n"
	"It cannot see a model deleted or made private (it stays in the\n"
	"snapshot), a model made public with an older stamp, or downloads and\n"
	"likes that changed alone (they stay as last fetched); a snapshot of\n"
	"--descendants-of, --model or --limit cannot be updated. A full crawl\n"
	"into a new directory sees all: lineage fetch --out NEWDIR with the\n"
	"same query, then lineage diff DIR NEWDIR says what the updates\n"
	"missed.\n";

/* HF_TOKEN, else the first line of HF_HOME/token; NULL when neither. */
static char *read_token(void)
{
	const char *env = getenv("HF_TOKEN"), *home = getenv("HF_HOME");
	char path[4096], line[4096];
	FILE *f;
	size_t len;

	if (env && *env)
		return strdup(env);
	if (home && *home)
		snprintf(path, sizeof(path), "%s/token", home);
	else if ((home = getenv("HOME")))
		snprintf(path, sizeof(path), "%s/.cache/huggingface/token", home);
	else
		return NULL;
	if (!(f = fopen(path, "r")))
		return NULL;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
		       line[len - 1] == ' '))
		line[--len] = '\0';
	return len ? strdup(line) : NULL;
}

typedef struct {
	int tty, quiet;
	size_t last_pages;
} progress_state;

static void on_progress(const lg_fetch_progress *p, void *payload)
{
	progress_state *ps = payload;
	double rate = p->seconds > 0 ? (double)p->records / p->seconds : 0;

	if (ps->quiet)
		return;
	if (ps->tty) {
		fprintf(stderr, "\r\033[Klineage: %zu pages, %zu records, "
				"%.0f/s, %.0f s, %.0f s waited%s%s",
			p->pages, p->records, rate, p->seconds, p->waited,
			p->waiting ? ": " : "", p->waiting ? p->waiting : "");
		if (p->done)
			fputc('\n', stderr);
		return;
	}
	if (p->done || p->pages >= ps->last_pages + 25) {
		fprintf(stderr, "lineage: %zu pages, %zu records, %.0f s, "
				"%.0f s waited on rate limits and retries%s\n",
			p->pages, p->records, p->seconds, p->waited,
			p->done ? " (done)" : "");
		ps->last_pages = p->pages;
	}
}

static long env_number(const char *name, long fallback)
{
	const char *v = getenv(name);
	long n;

	if (!v || (n = cli_parse_count(v)) < 0)
		return fallback;
	return n;
}

int cmd_fetch(int argc, char **argv)
{
	enum { OPT_OUT = OPT_COMMAND_BASE, OPT_SEARCH, OPT_AUTHOR, OPT_FILTER,
	       OPT_SORT, OPT_FETCH_LIMIT, OPT_PAGE, OPT_DESC, OPT_MODEL, OPT_RESUME,
	       OPT_UPDATE };
	static const struct option options[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "search", required_argument, NULL, OPT_SEARCH },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "limit", required_argument, NULL, OPT_FETCH_LIMIT },
		{ "page-size", required_argument, NULL, OPT_PAGE },
		{ "descendants-of", required_argument, NULL, OPT_DESC },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "update", required_argument, NULL, OPT_UPDATE },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("fetch");
	lg_fetch_options fo = LG_FETCH_OPTIONS_INIT;
	const char *filters[MAX_LIST], *models[MAX_LIST], *endpoint;
	progress_state ps = { isatty(STDERR_FILENO), 0, 0 };
	const char *update = NULL;
	char *token = NULL;
	lg_error err;
	int opt, rc;

	fo.filters = filters;
	fo.models = models;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_OUT: fo.out_dir = optarg; break;
		case OPT_SEARCH: fo.search = optarg; break;
		case OPT_AUTHOR: fo.author = optarg; break;
		case OPT_SORT: fo.sort = optarg; break;
		case OPT_DESC: fo.descendants_of = optarg; break;
		case OPT_RESUME: fo.resume = 1; break;
		case OPT_UPDATE: update = optarg; break;
		case OPT_QUIET: ps.quiet = 1; break;
		case OPT_FILTER:
		case OPT_MODEL:
			if ((opt == OPT_FILTER ? fo.n_filters : fo.n_models) ==
			    MAX_LIST)
				return cli_usage_error(&o, "at most %d --filter "
						       "and --model each",
						       MAX_LIST);
			if (opt == OPT_FILTER)
				filters[fo.n_filters++] = optarg;
			else
				models[fo.n_models++] = optarg;
			break;
		case OPT_FETCH_LIMIT:
			if ((fo.limit = cli_parse_count(optarg)) < 0)
				return cli_usage_error(&o, "--limit wants a "
						       "number, not '%s'", optarg);
			break;
		case OPT_PAGE:
			fo.page_size = cli_parse_count(optarg);
			if (fo.page_size < 1 || fo.page_size > 1000)
				return cli_usage_error(&o, "--page-size wants "
						       "1 to 1000, not '%s'",
						       optarg);
			break;
		case OPT_HELP:
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(&o, "bad option");
		}
	}
	if (update && (fo.out_dir || fo.resume || fo.search || fo.author ||
		       fo.sort || fo.n_filters || fo.limit >= 0 ||
		       fo.descendants_of || fo.n_models))
		return cli_usage_error(&o, "--update DIR takes the query from "
				       "the snapshot: give it alone, with "
				       "--page-size or --quiet");
	if (update) {
		fo.out_dir = update;
		fo.resume = fo.update = 1;
	}
	if (!fo.out_dir)
		return cli_usage_error(&o, "--out DIR (or --update DIR) is "
				       "required");
	if (optind < argc)
		return cli_usage_error(&o, "unexpected argument '%s'",
				       argv[optind]);
	endpoint = getenv("HF_ENDPOINT");
	if (endpoint && *endpoint)
		fo.endpoint = endpoint;
	fo.retry_base_ms = env_number("LINEAGE_RETRY_BASE_MS", 1000);
	fo.max_wait_s = env_number("LINEAGE_MAX_WAIT_S", 300);
	fo.progress = on_progress;
	fo.payload = &ps;
	token = read_token();
	fo.token = token;
	rc = lg_fetch(&fo, &err);
	if (token) { /* wipe our copy (the environment keeps its own) */
		explicit_bzero(token, strlen(token));
		free(token);
	}
	if (rc < 0)
		return cli_error(&err);
	return EXIT_OK;
}
