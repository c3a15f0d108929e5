/*
 * main.c - the lineage command: finds the subcommand in a table and hands
 * it the rest of argv.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "fetch", cmd_fetch, "crawl the Hub API into a resumable snapshot" },
	{ "rank", cmd_rank, "most-derived base models" },
	{ "audit", cmd_audit, "licence inheritance along every edge" },
	{ "communities", cmd_communities, "community structure (Leiden, Louvain)" },
	{ "export", cmd_export, "the graph for Gephi, Graphviz, CSV, Cytoscape" },
	{ "show", cmd_show, "one model: ancestors, descendants, licences" },
	{ "stats", cmd_stats, "the study's tables: licences, bases, authors, months" },
	{ "report", cmd_report, "the study as one self-contained HTML page" },
	{ "diff", cmd_diff, "what changed between two snapshots" },
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: lineage COMMAND [OPTIONS] INPUT...\n\n"
	      "Builds the base-model -> child-model lineage graph from Hugging "
	      "Face Hub\nmetadata and answers questions about it.\n\n"
	      "Commands:\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n'lineage help COMMAND' (or 'lineage COMMAND --help') "
	      "describes a command;\n'man lineage' has the rest.\n", out);
}

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* SIGINT, SIGTERM, SIGHUP, and SIGPIPE (a reader of our output that left
 * early): the temporary files being written are removed (the files they
 * were to replace stay as they were), then the signal is raised again
 * with its default action, so the exit status tells it. */
static void on_signal(int sig)
{
	lg_remove_temp_files();
	signal(sig, SIG_DFL);
	raise(sig); /* delivered once this handler returns */
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]); /* one handler at a time */
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;

		/* one ignored (a background job's SIGINT) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

static int run(const struct command *cmd, int argc, char **argv)
{
	int rc;

	catch_signals();
	if (lg_global_init() < 0) {
		fprintf(stderr, "lineage: error: cannot set up libcurl\n");
		return EXIT_RUNTIME;
	}
	rc = cmd->fn(argc, argv);
	lg_global_cleanup();
	return rc;
}

/* "lineage help CMD" is "lineage CMD --help". */
static int help(int argc, char **argv)
{
	const struct command *cmd;
	char *args[3];

	if (argc < 3) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!(cmd = find(argv[2]))) {
		fprintf(stderr, "lineage: '%s' is not a command\n\n", argv[2]);
		usage(stderr);
		return EXIT_USAGE;
	}
	args[0] = argv[2];
	args[1] = "--help";
	args[2] = NULL;
	return run(cmd, 2, args);
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc, argv);
	if (strcmp(argv[1], "--version") == 0) {
		printf("lineage %s\n", LG_VERSION);
		return EXIT_OK;
	}
	if ((cmd = find(argv[1])))
		return run(cmd, argc - 1, argv + 1);
	fprintf(stderr, "lineage: '%s' is not a command\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
