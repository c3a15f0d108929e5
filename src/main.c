/*
 * main.c - the lineage command: finds the subcommand in a table and hands
 * it the rest of argv.
 */
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
	fputs("\n'lineage COMMAND --help' describes a command; "
	      "'man lineage' has the rest.\n", out);
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("lineage %s\n", LG_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			if (lg_global_init() < 0) {
				fprintf(stderr, "lineage: error: cannot set up "
						"libcurl\n");
				return EXIT_RUNTIME;
			}
			rc = commands[i].fn(argc - 1, argv + 1);
			lg_global_cleanup();
			return rc;
		}
	}
	fprintf(stderr, "lineage: '%s' is not a command\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
