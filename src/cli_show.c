/*
 * cli_show.c - `lineage show MODEL`: one model's place in the graph.
 *
 * Three views of the same walk: a human tree (ancestor chains up to the
 * roots, then the descendant tree), nested JSON objects, or a flat edge
 * list for tsv/csv. Walks are cycle safe: a chain stops where it would
 * revisit one of its own models, and a descendant reached twice (through
 * a merge) is expanded once and marked "seen above" after that.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "json_list.h"

#define MAX_CHAINS 64
/* The tree stops this deep: a hostile chain of 40,000 models would
 * otherwise exhaust the stack and print gigabytes of indentation. */
#define MAX_TREE_LEVELS 256

static const char usage[] =
	"usage: lineage show [OPTIONS] MODEL INPUT...\n"
	"\n"
	"Shows one model: its licence and counts, every chain of ancestors\n"
	"up to a root with each licence and relation, and its descendant\n"
	"tree. MODEL is matched ignoring ASCII case; a huggingface.co URL\n"
	"works too.\n"
	"\n"
	"  --depth N      levels of the descendant tree (default 2; 0 = all)\n"
	"  --limit N      with tsv or csv, at most N edge rows; 0 = all\n"
	"                 (the default)\n"
	CLI_COMMON_HELP
	"\n"
	"Formats: table is a tree for people; json nests the same objects;\n"
	"tsv and csv list the edges: role depth parent child relation\n"
	"relation_source parent_license child_license verdict reasons.\n"
	"Each edge carries its licence verdict and reasons (as in\n"
	"'lineage audit'); the tree names the clause each reason rests on.\n";

typedef struct {
	const lg_graph *g;
	const lg_audit *a;
	lg_node model;
	long depth;          /* 0 = unlimited */
	FILE *out;
	lg_chains chains;    /* the ancestor chains (lg_paths.h) */
	lg_tree_item *tree;  /* the descendant tree, in pre-order */
	size_t tree_len;
	long limit;          /* edge rows (tsv, csv); 0 = all */
	size_t rows, cut;    /* edge rows written, and left out by limit */
} show;

static const char *license_of(const show *s, lg_node n, char *buf,
			      size_t size)
{
	if (lg_graph_is_external(s->g, n))
		return "external";
	return lg_model_license_text(lg_audit_license(s->a, n), buf, size);
}

static json_t *license_json(const show *s, lg_node n)
{
	char text[512];

	return json_string(lg_model_license_text(lg_audit_license(s->a, n),
						 text, sizeof(text)));
}

/* The edge's verdict and reasons as JSON members of obj; -1 when out of
 * memory (Jansson's setters fail on a NULL object or value, so one check
 * each covers the value made for them too). */
static int verdict_json(const show *s, json_t *obj, size_t e)
{
	const lg_edge_audit *ea = lg_audit_edge(s->a, e);
	char reasons[1024];

	if (json_object_set_new(obj, "verdict",
				json_string(lg_verdict_name(ea->verdict))) < 0 ||
	    json_object_set_new(obj, "reasons", lg__json_list(
		    lg_audit_reasons_text(s->a, ea->reasons, reasons,
					  sizeof(reasons)))) < 0)
		return -1;
	if (ea->basis != LG_NONE)
		return json_object_set_new(obj, "basis", json_string(
			lg_graph_record(s->g, ea->basis)->id));
	return 0;
}

/* "conflict", then each reason and its clause on a line of its own. */
static void verdict_text(const show *s, size_t e, int indent)
{
	const lg_edge_audit *ea = lg_audit_edge(s->a, e);
	int i;

	fputs(lg_verdict_name(ea->verdict), s->out);
	if (ea->basis != LG_NONE && ea->basis != lg_graph_edge(s->g, e)->parent)
		fprintf(s->out, " (judged against %s)",
			lg_graph_record(s->g, ea->basis)->id);
	fputc('\n', s->out);
	for (i = 0; i < lg_audit_reason_count(s->a); i++) {
		int c = lg_audit_reason_at(s->a, i);
		const char *basis = lg_audit_reason_basis(s->a, c);

		if (ea->reasons & ((uint64_t)1 << c))
			fprintf(s->out, "%*s%s: %s\n", indent, "",
				lg_audit_reason_name(s->a, c),
				basis ? basis : "");
	}
}

/* -- ancestors ----------------------------------------------------------- */

/* One chain as a JSON array; NULL when out of memory. */
static json_t *chain_json(const show *s, const uint32_t *edges, size_t len)
{
	json_t *chain = json_array();
	size_t i;

	for (i = 0; chain && i < len; i++) {
		const lg_edge *ed = lg_graph_edge(s->g, edges[i]);
		json_t *item = json_pack(
			"{s:s, s:s, s:s, s:o, s:b}",
			"model", lg_graph_record(s->g, ed->parent)->id,
			"relation", lg_relation_name(ed->relation),
			"relation_source",
			lg_relation_source_name(ed->relation_source),
			"license", license_json(s, ed->parent),
			"external", lg_graph_is_external(s->g, ed->parent));

		if (!item || verdict_json(s, item, edges[i]) < 0 ||
		    json_array_append_new(chain, json_incref(item)) < 0) {
			json_decref(item);
			json_decref(chain);
			return NULL;
		}
		json_decref(item);
	}
	return chain;
}

static void chain_text(const show *s, const uint32_t *edges, size_t len)
{
	char lic[512];
	size_t i;

	for (i = 0; i < len; i++) {
		const lg_edge *ed = lg_graph_edge(s->g, edges[i]);
		int indent = (int)(2 * i);

		fprintf(s->out, "  %*s<- %s (%s) %s [%s]: ", indent, "",
			lg_relation_name(ed->relation),
			lg_relation_source_name(ed->relation_source),
			lg_graph_record(s->g, ed->parent)->id,
			license_of(s, ed->parent, lic, sizeof(lic)));
		verdict_text(s, edges[i], indent + 7);
	}
	fputc('\n', s->out);
}

/* -- descendants --------------------------------------------------------- */

/* The tree's branches drawn for an item at level: a bar under each
 * ancestor that has siblings still to come. */
static void tree_prefix(const show *s, const uint8_t *last, size_t level)
{
	size_t k;

	for (k = 0; k < level; k++)
		fputs(last[k] ? "   " : "│  ", s->out);
}

static void tree_text(show *s)
{
	uint8_t last[MAX_TREE_LEVELS + 1];
	char lic[512], reasons[1024];
	size_t i;

	for (i = 0; i < s->tree_len; i++) {
		const lg_tree_item *it = &s->tree[i];
		const lg_edge *e = lg_graph_edge(s->g, it->edge);
		const lg_edge_audit *ea = lg_audit_edge(s->a, it->edge);

		last[it->level] = it->last;
		tree_prefix(s, last, it->level);
		fprintf(s->out, "%s %s [%s] %s", it->last ? "└─" : "├─",
			lg_graph_record(s->g, e->child)->id,
			license_of(s, e->child, lic, sizeof(lic)),
			lg_relation_name(e->relation));
		if (ea->verdict > LG_VERDICT_OK)
			fprintf(s->out, " !%s %s", lg_verdict_name(ea->verdict),
				lg_audit_reasons_text(s->a, ea->reasons,
						      reasons, sizeof(reasons)));
		if (it->seen_above)
			fputs(" (seen above)", s->out);
		else if (it->cut == LG_TREE_DEPTH)
			fprintf(s->out, " (+%u below)",
				lg_graph_lineage(s->g, e->child)->descendants);
		fputc('\n', s->out);
		if (it->cut == LG_TREE_LEVELS) {
			tree_prefix(s, last, it->level + 1);
			fputs("└─ ... (deeper levels not shown)\n", s->out);
		}
	}
}

/* One tree item, its "derived" list (the next level) stored in *below
 * when it has one; NULL when out of memory. */
static json_t *tree_item_json(const show *s, const lg_tree_item *it,
			      json_t **below)
{
	const lg_edge *e = lg_graph_edge(s->g, it->edge);
	json_t *item = json_pack(
		"{s:s, s:s, s:s, s:o, s:i, s:b}",
		"model", lg_graph_record(s->g, e->child)->id,
		"relation", lg_relation_name(e->relation),
		"relation_source", lg_relation_source_name(e->relation_source),
		"license", license_json(s, e->child),
		"descendants",
		(json_int_t)lg_graph_lineage(s->g, e->child)->descendants,
		"seen_above", it->seen_above);

	*below = NULL;
	if (!item || verdict_json(s, item, it->edge) < 0 ||
	    (!it->seen_above &&
	     json_object_set_new(item, "derived", *below = json_array()) < 0) ||
	    (it->cut == LG_TREE_LEVELS &&
	     json_object_set_new(item, "truncated", json_true()) < 0)) {
		json_decref(item);
		return NULL;
	}
	return item;
}

/* The tree as nested lists: each item's "derived" holds the next level.
 * NULL when out of memory: a tree cut short would pass for the whole. */
static json_t *tree_json(const show *s)
{
	json_t *level[MAX_TREE_LEVELS + 1];
	json_t *root = json_array();
	size_t i;

	level[0] = root;
	for (i = 0; root && i < s->tree_len; i++) {
		const lg_tree_item *it = &s->tree[i];
		json_t *item = tree_item_json(s, it, &level[it->level + 1]);

		/* the list holds item; level[] borrows its "derived" */
		if (!item || json_array_append_new(level[it->level], item) < 0) {
			json_decref(root);
			return NULL;
		}
	}
	return root;
}

/* -- the three formats -------------------------------------------------- */

/* "concluded    apache-2.0 (inherited from dslim/distilbert-NER)" */
static void concluded_text(const show *s)
{
	lg_concluded c = lg_audit_concluded(s->a, s->model);
	char lic[512];

	fprintf(s->out, "  concluded    %s (%s",
		lg_model_license_text(c.license, lic, sizeof(lic)),
		lg_concluded_source_name(c.source));
	if (c.source == LG_CONCLUDED_INHERITED)
		fprintf(s->out, " from %s", lg_graph_record(s->g, c.from)->id);
	fputs(")\n", s->out);
}

/* The concluded licence as JSON members of obj; -1 when out of memory. */
static int concluded_json(const show *s, json_t *obj)
{
	lg_concluded c = lg_audit_concluded(s->a, s->model);
	char lic[512];

	if (json_object_set_new(obj, "concluded_license", json_string(
		    lg_model_license_text(c.license, lic, sizeof(lic)))) < 0 ||
	    json_object_set_new(obj, "concluded_source", json_string(
		    lg_concluded_source_name(c.source))) < 0)
		return -1;
	if (c.from != LG_NONE && c.from != s->model)
		return json_object_set_new(obj, "concluded_from", json_string(
			lg_graph_record(s->g, c.from)->id));
	return 0;
}

static void header_text(show *s)
{
	const lg_graph *g = s->g;
	const lg_record *rec = lg_graph_record(g, s->model);
	const lg_lineage *l = lg_graph_lineage(g, s->model);
	char lic[512];

	const lg_model_license *ml = lg_audit_license(s->a, s->model);

	fprintf(s->out, "%s\n", rec->id);
	fprintf(s->out, "  license      %s (%s; %s)\n",
		lg_model_license_text(ml, lic, sizeof(lic)),
		lg_family_name(lg_model_license_family(ml)),
		lg_openness_name(lg_model_license_openness(ml)));
	concluded_text(s);
	if (lg_graph_is_external(g, s->model))
		fprintf(s->out, "  record       none (external: named as a "
				"parent only)\n");
	else if (rec->index >= 0)
		fprintf(s->out, "  record       %s:#%ld\n", rec->file,
			rec->index);
	else
		fprintf(s->out, "  record       %s:%ld\n", rec->file,
			rec->line);
	if (rec->downloads >= 0)
		fprintf(s->out, "  downloads    %lld\n",
			(long long)rec->downloads);
	fprintf(s->out, "  parents      %u\n", l->parents);
	fprintf(s->out, "  children     %u (%u finetune, %u adapter, "
			"%u quantized, %u merge)\n", l->children,
		l->by_relation[LG_REL_FINETUNE], l->by_relation[LG_REL_ADAPTER],
		l->by_relation[LG_REL_QUANTIZED], l->by_relation[LG_REL_MERGE]);
	fprintf(s->out, "  descendants  %u\n", l->descendants);
	fprintf(s->out, "  family       %u models\n",
		lg_graph_family_size(g, s->model));
	if (l->cycle)
		fprintf(s->out, "  cycle        yes: its metadata loops back "
				"on itself\n");
}

static void show_text(show *s)
{
	char lic[512];
	size_t i;

	header_text(s);
	fprintf(s->out, "\nancestors\n");
	for (i = 0; i < s->chains.n; i++)
		chain_text(s, s->chains.edges + s->chains.start[i],
			   s->chains.start[i + 1] - s->chains.start[i]);
	if (s->chains.n == 0)
		fprintf(s->out, "  none: a root\n\n");
	if (s->chains.truncated)
		fprintf(s->out, "  ... more chains, or longer ones, not "
				"shown\n\n");
	if (s->depth)
		fprintf(s->out, "descendants (depth %ld)\n", s->depth);
	else
		fprintf(s->out, "descendants\n");
	fprintf(s->out, "%s [%s]\n", lg_graph_record(s->g, s->model)->id,
		license_of(s, s->model, lic, sizeof(lic)));
	tree_text(s);
}

static int show_json(show *s)
{
	const lg_record *rec = lg_graph_record(s->g, s->model);
	const lg_lineage *l = lg_graph_lineage(s->g, s->model);
	json_t *obj, *rest, *chains = json_array();
	size_t i;
	int rc;

	for (i = 0; chains && i < s->chains.n; i++)
		if (json_array_append_new(chains, chain_json(
			    s, s->chains.edges + s->chains.start[i],
			    s->chains.start[i + 1] - s->chains.start[i])) < 0) {
			json_decref(chains);
			chains = NULL;
		}
	obj = json_pack("{s:s, s:b, s:o, s:s, s:s}",
			"model", rec->id,
			"external", lg_graph_is_external(s->g, s->model),
			"license", license_json(s, s->model),
			"license_family", lg_family_name(lg_model_license_family(
				lg_audit_license(s->a, s->model))),
			"openness", lg_openness_name(lg_model_license_openness(
				lg_audit_license(s->a, s->model))));
	if (obj && (concluded_json(s, obj) < 0 ||
		    (rec->downloads >= 0 && /* a missing value is left out */
		     json_object_set_new(obj, "downloads",
					 json_integer(rec->downloads)) < 0))) {
		json_decref(obj);
		obj = NULL;
	}
	rest = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:b, s:o, "
			 "s:b, s:o}",
			 "parents", (json_int_t)l->parents,
			 "children", (json_int_t)l->children,
			 "descendants", (json_int_t)l->descendants,
			 "finetunes", (json_int_t)l->by_relation[LG_REL_FINETUNE],
			 "adapters", (json_int_t)l->by_relation[LG_REL_ADAPTER],
			 "quantized", (json_int_t)l->by_relation[LG_REL_QUANTIZED],
			 "merges", (json_int_t)l->by_relation[LG_REL_MERGE],
			 "family_size",
			 (json_int_t)lg_graph_family_size(s->g, s->model),
			 "cycle", l->cycle != 0,
			 "ancestors", chains,
			 "ancestors_truncated", s->chains.truncated != 0,
			 "tree", tree_json(s));
	if (!obj || !rest || json_object_update(obj, rest) < 0) {
		json_decref(obj);
		json_decref(rest);
		return LG_ENOMEM;
	}
	json_decref(rest);
	rc = json_dumpf(obj, s->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	fputc('\n', s->out);
	return rc ? LG_EIO : 0;
}

static const lg_column edge_columns[] = {
	{ "role", LG_COL_TEXT },          { "depth", LG_COL_INT },
	{ "parent", LG_COL_TEXT },        { "child", LG_COL_TEXT },
	{ "relation", LG_COL_TEXT },      { "relation_source", LG_COL_TEXT },
	{ "parent_license", LG_COL_TEXT }, { "child_license", LG_COL_TEXT },
	{ "verdict", LG_COL_TEXT },       { "reasons", LG_COL_LIST },
};
#define N_EDGE_COLUMNS (sizeof(edge_columns) / sizeof(*edge_columns))

static int edge_row(show *s, lg_table *t, const char *role, long depth,
		    size_t e, lg_error *err)
{
	char pl[512], cl[512], reasons[1024];
	const lg_edge *ed = lg_graph_edge(s->g, e);
	const lg_edge_audit *ea = lg_audit_edge(s->a, e);
	lg_cell cells[N_EDGE_COLUMNS];

	cells[0] = LG_TEXT(role);
	cells[1] = LG_INT(depth);
	cells[2] = LG_TEXT(lg_graph_record(s->g, ed->parent)->id);
	cells[3] = LG_TEXT(lg_graph_record(s->g, ed->child)->id);
	cells[4] = LG_TEXT(lg_relation_name(ed->relation));
	cells[5] = LG_TEXT(lg_relation_source_name(ed->relation_source));
	cells[6] = LG_TEXT(lg_model_license_text(
		lg_audit_license(s->a, ed->parent), pl, sizeof(pl)));
	cells[7] = LG_TEXT(lg_model_license_text(
		lg_audit_license(s->a, ed->child), cl, sizeof(cl)));
	cells[8] = LG_TEXT(lg_verdict_name(ea->verdict));
	cells[9] = LG_TEXT(lg_audit_reasons_text(s->a, ea->reasons, reasons,
						 sizeof(reasons)));
	return lg_table_row(t, cells, err);
}

/* Every edge up through parents, or down through children as deep as
 * --depth, breadth first; depth counts from the model. */
static int show_edges(show *s, lg_table *t, int up, lg_error *err)
{
	lg_walk_step *steps;
	size_t n, i;
	int rc = lg_edge_walk(&steps, &n, s->g, s->model, up, s->depth, err);

	for (i = 0; i < n && rc == 0; i++) {
		if (s->limit > 0 && s->rows >= (size_t)s->limit)
			s->cut++;
		else if ((rc = edge_row(s, t, up ? "ancestor" : "descendant",
					steps[i].depth, steps[i].edge,
					err)) == 0)
			s->rows++;
	}
	free(steps);
	return rc;
}

typedef struct {
	show *s;
	const cli_opts *o;
} show_job;

static int write_show(FILE *out, const void *payload, lg_error *err)
{
	const show_job *job = payload;
	show *s = job->s;
	lg_table *t;
	int rc = 0;

	s->out = out;
	if (job->o->format == LG_FORMAT_TABLE) {
		show_text(s);
	} else if (job->o->format == LG_FORMAT_JSON) {
		rc = show_json(s);
	} else {
		t = lg_table_new(out, (lg_format)job->o->format, edge_columns,
				 N_EDGE_COLUMNS);
		rc = t ? show_edges(s, t, 1, err) : LG_ENOMEM;
		if (rc == 0)
			rc = show_edges(s, t, 0, err);
		if (rc == 0)
			rc = lg_table_finish(t, err);
		lg_table_free(t);
	}
	if (rc == LG_ENOMEM && err->code != rc)
		lg_error_set(err, rc, NULL, 0, "out of memory");
	else if (rc < 0 && err->code != rc)
		lg_error_set(err, rc, NULL, 0, "cannot write: %s",
			     lg_strerror(rc));
	return rc;
}

/* The chains and the tree the table and JSON views draw. */
static int walk(show *s, const lg_graph *g, long depth, const cli_opts *o)
{
	lg_error err;

	s->g = g;
	s->depth = depth;
	if (o->format != LG_FORMAT_TABLE && o->format != LG_FORMAT_JSON)
		return 0;
	if (lg_ancestor_chains(&s->chains, g, s->model, MAX_CHAINS,
			       MAX_TREE_LEVELS, &err) < 0 ||
	    lg_descendant_tree(&s->tree, &s->tree_len, g, s->model, depth,
			       MAX_TREE_LEVELS, &err) < 0)
		return cli_error(&err);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	enum { OPT_DEPTH = OPT_COMMAND_BASE };
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		CLI_LIMIT_OPTION,
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o = CLI_OPTS_INIT("show");
	show *s = NULL;
	const char *model;
	int opt, code;
	long depth = 2;
	lg_audit *audit = NULL;
	lg_graph *g = NULL;

	while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, options,
				  NULL)) != -1) {
		int r = cli_common_option(&o, opt, optarg, &code);

		if (r < 0)
			return code;
		if (r == 0 && opt == OPT_DEPTH &&
		    (depth = cli_parse_count(optarg)) < 0)
			return cli_usage_error(&o, "--depth wants a number, "
						   "not '%s'", optarg);
	}
	if (optind >= argc)
		return cli_usage_error(&o, "no MODEL given");
	model = argv[optind++];
	if ((code = cli_finish_options(&o, argc, argv)) == 0 &&
	    (code = cli_load(&g, &o)) == 0 &&
	    (code = cli_audit(&audit, g, &o)) == 0) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			code = cli_errorf("out of memory");
		} else if ((s->model = lg_graph_find(g, model)) == LG_NONE) {
			code = cli_errorf("no model '%s' in the input (neither "
					  "a record nor a parent)", model);
		} else if ((code = walk(s, g, depth, &o)) == 0) {
			show_job job = { s, &o };

			s->a = audit;
			s->limit = cli_limit(&o);
			code = cli_write(o.output, write_show, &job);
			if (code == EXIT_OK && s->limit > 0)
				cli_note_limit(&o, s->rows, s->rows + s->cut);
		}
	}
	if (s) {
		lg_chains_release(&s->chains);
		free(s->tree);
	}
	free(s);
	lg_audit_free(audit);
	cli_done(g, &o);
	return code;
}
