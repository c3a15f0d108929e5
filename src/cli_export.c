/*
 * cli_export.c - `lineage export`: the graph, or a Gephi-sized part of
 * it, for Gephi, Graphviz, spreadsheets and graph databases (SPEC §3, §5).
 *
 * Nodes carry their community (Leiden, seeded) as modularity_class and
 * edges their audit verdict, so the same file colours by community,
 * licence or conflict. Every file is written atomically.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { EXPORT_GRAPHML, EXPORT_GEXF, EXPORT_DOT, EXPORT_CSV, EXPORT_JSON,
       EXPORT_CYCLONEDX, EXPORT_SPDX, EXPORT_COUNT };

static const char *const format_names[EXPORT_COUNT] = {
	"graphml", "gexf", "dot", "csv", "json", "cyclonedx", "spdx"
};

/* A bill of materials holds the ancestors of what is selected too. */
static int is_bom(int format)
{
	return format == EXPORT_CYCLONEDX || format == EXPORT_SPDX;
}

static const char usage[] =
	"usage: lineage export [OPTIONS] INPUT...\n"
	"\n"
	"Writes the lineage graph for other tools: every model with its\n"
	"licence (declared, and concluded with where it came from), licence\n"
	"family, openness, author, pipeline, created date, downloads,\n"
	"likes, children, descendants, external flag and community\n"
	"(modularity_class); every edge parent -> child with its relation\n"
	"and audit verdict.\n"
	"\n"
	"  --format F     graphml (default; Gephi, yEd, NetworkX), gexf\n"
	"                 (Gephi), dot (Graphviz; conflicts in red), csv\n"
	"                 (nodes.csv and edges.csv in the -o directory, for\n"
	"                 Gephi's spreadsheet import and Neo4j), json\n"
	"                 (Cytoscape.js elements), cyclonedx (a CycloneDX 1.6\n"
	"                 ML-BOM: licences declared and concluded, pedigree),\n"
	"                 spdx (SPDX 3.0.1 JSON-LD: AI packages, descendantOf,\n"
	"                 declared and concluded licences)\n"
	"  -o, --output PATH\n"
	"                 the file (the directory for csv; created if needed)\n"
	"  --root MODEL   MODEL and its descendants (to --depth)\n"
	"  --tree MODEL   MODEL, its ancestors and all its descendants: what\n"
	"                 'the Llama family' means to most people\n"
	"  --family MODEL the weakly connected component of MODEL: every\n"
	"                 model joined to it by any chain of edges, up or\n"
	"                 down (through merges, far wider than --tree)\n"
	"  --depth N      with --root or --min-descendants: N levels down\n"
	"  --min-descendants N\n"
	"                 only bases with at least N descendants, and theirs\n"
	"  --top N        only the N largest families\n"
	"  --seed S       seed of the community detection (default 1)\n"
	"  --threads N, --licenses FILE, --warnings FILE, --quiet, --strict,\n"
	"  --no-cache, -h, --help\n"
	"                 as for every command (lineage rank --help)\n"
	"\n"
	"--root, --tree and --family may each be given many times: the\n"
	"export holds what any of them names (their union), or the whole\n"
	"graph without them; --top and --min-descendants then keep only what\n"
	"meets them too. MODEL is matched ignoring ASCII case; a\n"
	"huggingface.co URL works too. A bill of materials (cyclonedx, spdx)\n"
	"holds the ancestors of the models selected too: it names what each\n"
	"derives from. Its models are in id order, and the same input gives\n"
	"the same bytes (dated by the newest model, its serial number or\n"
	"namespace made from a digest of the content).\n";

static int parse_count_option(const cli_opts *o, const char *flag,
			      const char *arg, long *out)
{
	if ((*out = cli_parse_count(arg)) < 0)
		return cli_usage_error(o, "%s wants a number, not '%s'", flag,
				       arg);
	return 0;
}

typedef int (*writer_fn)(FILE *, const lg_export_view *, lg_error *);

typedef struct {
	writer_fn write;
	const lg_export_view *v;
} export_job;

static int write_export(FILE *out, const void *payload, lg_error *err)
{
	const export_job *job = payload;

	return job->write(out, job->v, err);
}

/* One atomically written file. */
static int write_file(const char *path, writer_fn write,
		      const lg_export_view *v)
{
	export_job job = { write, v };

	return cli_write(path, write_export, &job);
}

/* Opens path and writes it with write; the file is left uncommitted. */
static int write_temp(lg_outfile **f, const char *path, writer_fn write,
		      const lg_export_view *v, lg_error *err)
{
	if (lg_outfile_open(f, path, err) < 0)
		return -1;
	if (write(lg_outfile_stream(*f), v, err) < 0) {
		lg_outfile_failed(*f, err); /* the file and reason, if so */
		return -1;
	}
	return 0;
}

/* nodes.csv and edges.csv, both written before either is renamed into
 * place; a directory made for them is removed again if they fail. */
static int write_csv_dir(const char *dir, const lg_export_view *v)
{
	size_t len = strlen(dir) + 16;
	char *nodes = malloc(len), *edges = malloc(len);
	lg_outfile *fn = NULL, *fe = NULL;
	lg_error err = { LG_OK, "", 0, "" };
	int made = 0, rc = -1;

	if (!nodes || !edges) {
		lg_error_set(&err, LG_ENOMEM, NULL, 0, "out of memory");
	} else if (!(made = mkdir(dir, 0777) == 0) && errno != EEXIST) {
		lg_error_set(&err, LG_EIO, dir, 0, "cannot create '%s': %s",
			     dir, strerror(errno));
	} else {
		snprintf(nodes, len, "%s/nodes.csv", dir);
		snprintf(edges, len, "%s/edges.csv", dir);
		if (write_temp(&fn, nodes, lg_export_csv_nodes, v, &err) == 0 &&
		    write_temp(&fe, edges, lg_export_csv_edges, v, &err) == 0) {
			rc = lg_outfile_commit(fn, &err); /* frees fn */
			fn = NULL;
			if (rc == 0)
				rc = lg_outfile_commit(fe, &err); /* frees fe */
			else
				lg_outfile_abort(fe);
			fe = NULL;
		}
	}
	lg_outfile_abort(fn);
	lg_outfile_abort(fe);
	if (rc < 0 && made)
		rmdir(dir);
	free(nodes);
	free(edges);
	return rc < 0 ? cli_error(&err) : EXIT_OK;
}

static int export_view(const lg_export_view *v, int format, const cli_opts *o)
{
	static const writer_fn writers[EXPORT_COUNT] = {
		lg_export_graphml, lg_export_gexf, lg_export_dot, NULL,
		lg_export_json, lg_export_cyclonedx, lg_export_spdx
	};

	if (format == EXPORT_CSV)
		return write_csv_dir(o->output, v);
	return write_file(o->output, writers[format], v);
}

static void say_what(const lg_export_view *v, int format, const cli_opts *o)
{
	size_t n = lg_graph_count(v->g), m = lg_graph_edge_count(v->g), i;
	size_t nodes = 0, edges = 0;
	uint8_t *bom = NULL;
	lg_export_view all = *v;
	lg_error err;

	if (o->quiet)
		return;
	if (is_bom(format) && lg_export_bom_models(&bom, v, &err) == 0)
		all.selected = bom; /* what the BOM holds */
	for (i = 0; i < n; i++)
		nodes += lg_export_selected(&all, (lg_node)i);
	for (i = 0; i < m; i++)
		edges += lg_export_edge_selected(&all, i);
	free(bom);
	fprintf(stderr, "lineage: exported %zu models and %zu edges as %s to "
			"%s\n", nodes, edges, format_names[format],
		o->output ? o->output : "stdout");
}

static int run_export(cli_opts *o, int format,
		      const lg_export_selection *sel,
		      const lg_community_options *co)
{
	lg_communities *comm = NULL;
	lg_audit *audit = NULL;
	uint8_t *selected = NULL;
	lg_graph *g = NULL;
	lg_error err;
	int code;

	if ((code = cli_load(&g, o)) != 0 ||
	    (code = cli_audit(&audit, g, o)) != 0)
		goto done;
	if (lg_export_select(&selected, g, sel, &err) < 0) {
		code = cli_error(&err);
		goto done;
	}
	/* DOT and the BOMs carry licences and verdicts, not communities:
	 * none to find */
	if (format != EXPORT_DOT && !is_bom(format) &&
	    (code = cli_communities(&comm, g, o, co)) != 0)
		goto done;
	{
		lg_export_view v = { g, audit, comm, selected };

		code = export_view(&v, format, o);
		if (code == EXIT_OK)
			say_what(&v, format, o);
	}
done:
	free(selected);
	lg_communities_free(comm);
	lg_audit_free(audit);
	cli_done(g, o);
	return code;
}

/* --root, --tree and --family, each repeatable: their MODELs. */
typedef struct {
	const char **ids;
	size_t n;
} names;

static void add_name(names *ns, const char *id)
{
	ns->ids[ns->n++] = id; /* room for argc: see cmd_export */
}

static int parse_format(const cli_opts *o, const char *arg, int *format)
{
	for (*format = 0; *format < EXPORT_COUNT; ++*format)
		if (strcmp(arg, format_names[*format]) == 0)
			return 0;
	return cli_usage_error(o, "unknown format '%s' (graphml, gexf, dot, "
			       "csv, json, cyclonedx, spdx)", arg);
}

int cmd_export(int argc, char **argv)
{
	enum { OPT_ROOT = OPT_COMMAND_BASE, OPT_TREE, OPT_FAMILY, OPT_DEPTH,
	       OPT_MIN, OPT_TOP, OPT_SEED };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "tree", required_argument, NULL, OPT_TREE },
		{ "family", required_argument, NULL, OPT_FAMILY },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "min-descendants", required_argument, NULL, OPT_MIN },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("export");
	lg_export_selection sel = LG_EXPORT_SELECTION_INIT;
	lg_community_options co = LG_COMMUNITY_OPTIONS_INIT;
	names roots = { NULL, 0 }, trees = { NULL, 0 }, fams = { NULL, 0 };
	int opt, code = 0, format = EXPORT_GRAPHML, r;
	long seed;

	roots.ids = calloc((size_t)argc + 1, sizeof(char *));
	trees.ids = calloc((size_t)argc + 1, sizeof(char *));
	fams.ids = calloc((size_t)argc + 1, sizeof(char *));
	if (!roots.ids || !trees.ids || !fams.ids) {
		code = cli_errorf("out of memory");
		goto done;
	}
	while (code == 0 && (opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS,
					       options, NULL)) != -1) {
		if (opt == OPT_FORMAT) { /* export's own formats */
			code = parse_format(&o, optarg, &format);
			continue;
		}
		if ((r = cli_common_option(&o, opt, optarg, &code)) != 0) {
			if (r < 0)
				goto done;
			continue;
		}
		if (opt == OPT_ROOT)
			add_name(&roots, optarg);
		else if (opt == OPT_TREE)
			add_name(&trees, optarg);
		else if (opt == OPT_FAMILY)
			add_name(&fams, optarg);
		else if (opt == OPT_DEPTH)
			code = parse_count_option(&o, "--depth", optarg,
						  &sel.depth);
		else if (opt == OPT_MIN)
			code = parse_count_option(&o, "--min-descendants",
						  optarg, &sel.min_descendants);
		else if (opt == OPT_TOP)
			code = parse_count_option(&o, "--top", optarg, &sel.top);
		else if (opt == OPT_SEED && !(code = parse_count_option(
						      &o, "--seed", optarg, &seed)))
			co.seed = (unsigned long)seed;
	}
	if (code)
		goto done;
	if (sel.depth >= 0 && !roots.n && sel.min_descendants < 0)
		code = cli_usage_error(&o, "--depth goes with --root or "
					   "--min-descendants");
	else if (format == EXPORT_CSV && !o.output)
		code = cli_usage_error(&o, "--format csv writes nodes.csv and "
					   "edges.csv: name their directory "
					   "with -o DIR");
	else if ((code = cli_finish_options(&o, argc, argv)) == 0) {
		sel.roots = roots.ids;
		sel.n_roots = roots.n;
		sel.trees = trees.ids;
		sel.n_trees = trees.n;
		sel.families = fams.ids;
		sel.n_families = fams.n;
		code = run_export(&o, format, &sel, &co);
	}
done:
	free(roots.ids);
	free(trees.ids);
	free(fams.ids);
	return code;
}
