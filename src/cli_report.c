/*
 * cli_report.c - `lineage report`: the study as one HTML page (SPEC §3
 * report), written by the library (lg_report.h) from the same analyses
 * as stats, audit and communities, and from the cache when there is one.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"usage: lineage report [OPTIONS] INPUT... -o FILE\n"
	"\n"
	"Writes the study as one self-contained HTML page (no network, no\n"
	"script; it prints): the licence, family and openness tables with\n"
	"their charts, licence use and releases per month, the most derived\n"
	"bases, the authors, the licence audit with its drift matrix as a\n"
	"heat map, the conflicts that reach the most downloads, and the\n"
	"largest communities. The tables cover the sample; the audit and\n"
	"the communities the whole graph.\n"
	"\n"
	CLI_SAMPLE_HELP
	"  --title TEXT   the page's title (default: The open-model\n"
	"                 ecosystem)\n"
	"  --limit N      rows per table (default 15)\n"
	"  --no-communities\n"
	"                 leave the communities out (they take seconds at\n"
	"                 Hub scale the first time)\n"
	CLI_INPUT_HELP;

typedef struct {
	const lg_graph *g;
	const lg_audit *a;
	const lg_stats *s;
	const lg_communities *c;
	const lg_report_options *ro;
} report_job;

static int write_report(FILE *out, const void *payload, lg_error *err)
{
	const report_job *j = payload;

	return lg_report_write(out, j->g, j->a, j->s, j->c, j->ro, err);
}

/* The sample in words: "models whose id holds 'open', by TheBloke". */
static const char *describe_sample(char *buf, size_t size,
				   const lg_stats_options *so)
{
	size_t len = 0, i;

	if (!so->search && !so->n_authors)
		return NULL;
	len += (size_t)snprintf(buf, size, "Models");
	if (so->search)
		len += (size_t)snprintf(buf + len, size - len,
					" whose id holds '%s'", so->search);
	for (i = 0; i < so->n_authors && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? ", " : " by ", so->authors[i]);
	if (so->fold && len < size)
		snprintf(buf + len, size - len, " (a vendor's licence versions "
						"folded)");
	return buf;
}

/* What was read: "fixtures/pages: 50000 records in 50 files". */
static const char *describe_inputs(char *buf, size_t size, const cli_opts *o,
				   const lg_graph *g)
{
	const lg_graph_stats *gs = lg_graph_get_stats(g);
	size_t len = 0;
	int i;

	for (i = 0; i < o->n_inputs && i < 3 && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? ", " : "", o->inputs[i]);
	if (o->n_inputs > 3 && len < size)
		len += (size_t)snprintf(buf + len, size - len, " and %d more",
					o->n_inputs - 3);
	if (len < size)
		snprintf(buf + len, size - len, ": %zu records in %zu files",
			 gs->records_kept, gs->files);
	return buf;
}

static int make_report(cli_opts *o, lg_stats_options *so,
		       lg_report_options *ro, int with_communities)
{
	lg_community_options co = LG_COMMUNITY_OPTIONS_INIT;
	lg_communities *c = NULL;
	lg_audit *a = NULL;
	lg_stats *s = NULL;
	lg_graph *g = NULL;
	lg_error err;
	char sample[1024], inputs[1024];
	int code;

	if ((code = cli_load(&g, o)) == 0 && (code = cli_audit(&a, g, o)) == 0 &&
	    (!with_communities || (code = cli_communities(&c, g, o, &co)) == 0)) {
		if (lg_stats_compute(&s, g, a, so, &err) < 0) {
			code = cli_error(&err);
		} else {
			report_job job = { g, a, s, c, ro };

			ro->sample = describe_sample(sample, sizeof(sample), so);
			ro->inputs = describe_inputs(inputs, sizeof(inputs), o, g);
			cli_say_sample(o, s);
			code = cli_write(o->output, write_report, &job);
		}
	}
	lg_stats_free(s);
	lg_communities_free(c);
	lg_audit_free(a);
	cli_done(g, o);
	return code;
}

int cmd_report(int argc, char **argv)
{
	enum { OPT_TITLE = OPT_COMMAND_BASE, OPT_NO_COMMUNITIES };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		CLI_SAMPLE_OPTIONS,
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "no-communities", no_argument, NULL, OPT_NO_COMMUNITIES },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("report");
	lg_stats_options so = LG_STATS_OPTIONS_INIT;
	lg_report_options ro = LG_REPORT_OPTIONS_INIT;
	const char **authors = calloc((size_t)argc + 1, sizeof(char *));
	int opt, code = 0, r, with_communities = 1;

	if (!authors)
		return cli_errorf("out of memory");
	while (code == 0 && (opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS,
					       options, NULL)) != -1) {
		if ((r = cli_common_option(&o, opt, optarg, &code)) != 0) {
			if (r < 0)
				goto done;
			continue;
		}
		if (cli_sample_option(&so, authors, opt, optarg))
			continue;
		if (opt == OPT_TITLE)
			ro.title = optarg;
		else if (opt == OPT_NO_COMMUNITIES)
			with_communities = 0;
	}
	if (code == 0 && o.format >= 0)
		code = cli_usage_error(&o, "the report is HTML; --format does "
					   "not apply");
	if (code == 0 && (!o.output || strcmp(o.output, "-") == 0) &&
	    isatty(STDOUT_FILENO))
		code = cli_usage_error(&o, "the report is an HTML page: give "
					   "-o FILE (or redirect stdout)");
	if (code == 0 && (code = cli_finish_options(&o, argc, argv)) == 0) {
		ro.rows = o.limit > 0 ? (size_t)o.limit : 15;
		code = make_report(&o, &so, &ro, with_communities);
	}
done:
	free(authors);
	return code;
}
