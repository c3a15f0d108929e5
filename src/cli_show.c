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
	uint8_t *mark;       /* per node: on the current path / seen */
	lg_node path[4096];  /* the ancestor chain being walked */
	size_t path_len, chains, chains_cut;
	json_t *json_chains;
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

/* The edge number from parent to child (they are adjacent). */
static size_t edge_between(const lg_graph *g, lg_node parent, lg_node child)
{
	size_t n, k;
	const uint32_t *in = lg_graph_parent_edges(g, child, &n);

	for (k = 0; k + 1 < n; k++)
		if (lg_graph_edge(g, in[k])->parent == parent)
			break;
	return in[k];
}

/* The edge's verdict and reasons as JSON members of obj. */
static void verdict_json(const show *s, json_t *obj, size_t e)
{
	const lg_edge_audit *ea = lg_audit_edge(s->a, e);
	char reasons[1024];

	json_object_set_new(obj, "verdict",
			    json_string(lg_verdict_name(ea->verdict)));
	json_object_set_new(obj, "reasons", lg__json_list(lg_audit_reasons_text(
		s->a, ea->reasons, reasons, sizeof(reasons))));
	if (ea->basis != LG_NONE)
		json_object_set_new(obj, "basis", json_string(
			lg_graph_record(s->g, ea->basis)->id));
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

static void emit_chain(show *s)
{
	char lic[512];
	size_t i;

	if (s->chains == MAX_CHAINS) {
		s->chains_cut++;
		return;
	}
	s->chains++;
	if (s->json_chains) {
		json_t *chain = json_array();

		for (i = 1; i < s->path_len; i++) {
			size_t e = edge_between(s->g, s->path[i], s->path[i - 1]);
			const lg_edge *ed = lg_graph_edge(s->g, e);
			json_t *item = json_pack(
				"{s:s, s:s, s:s, s:o, s:b}",
				"model", lg_graph_record(s->g, s->path[i])->id,
				"relation", lg_relation_name(ed->relation),
				"relation_source",
				lg_relation_source_name(ed->relation_source),
				"license", license_json(s, s->path[i]),
				"external",
				lg_graph_is_external(s->g, s->path[i]));

			verdict_json(s, item, e);
			json_array_append_new(chain, item);
		}
		json_array_append_new(s->json_chains, chain);
		return;
	}
	for (i = 1; i < s->path_len; i++) {
		size_t e = edge_between(s->g, s->path[i], s->path[i - 1]);
		const lg_edge *ed = lg_graph_edge(s->g, e);
		int indent = (int)(2 * (i - 1));

		fprintf(s->out, "  %*s<- %s (%s) %s [%s]: ", indent, "",
			lg_relation_name(ed->relation),
			lg_relation_source_name(ed->relation_source),
			lg_graph_record(s->g, s->path[i])->id,
			license_of(s, s->path[i], lic, sizeof(lic)));
		verdict_text(s, e, indent + 7);
	}
	fputc('\n', s->out);
}

/* Every path from path[0] up to a root (or to where it would loop). */
static void walk_up(show *s)
{
	lg_node v = s->path[s->path_len - 1];
	size_t n, k, went = 0;
	const uint32_t *in = lg_graph_parent_edges(s->g, v, &n);

	if (s->chains >= MAX_CHAINS) {
		s->chains_cut++;
		return;
	}
	s->mark[v] = 1;
	for (k = 0; k < n && s->path_len < MAX_TREE_LEVELS; k++) {
		lg_node p = lg_graph_edge(s->g, in[k])->parent;

		if (s->mark[p])
			continue; /* a cycle: this chain ends before it */
		went++;
		s->path[s->path_len++] = p;
		walk_up(s);
		s->path_len--;
	}
	s->mark[v] = 0;
	if (n && s->path_len >= MAX_TREE_LEVELS)
		s->chains_cut++; /* cut at MAX_TREE_LEVELS, still shown */
	if (!went && s->path_len > 1)
		emit_chain(s);
}

/* -- descendants --------------------------------------------------------- */

static const lg_graph *sort_graph; /* qsort has no payload in C11 */

/* Biggest subtrees first, then by id in the order every command uses. */
static int compare_children(const void *pa, const void *pb)
{
	lg_node a = lg_graph_edge(sort_graph, *(const uint32_t *)pa)->child;
	lg_node b = lg_graph_edge(sort_graph, *(const uint32_t *)pb)->child;
	uint32_t da = lg_graph_lineage(sort_graph, a)->descendants;
	uint32_t db = lg_graph_lineage(sort_graph, b)->descendants;

	if (da != db)
		return da > db ? -1 : 1;
	return lg_graph_id_rank(sort_graph, a) < lg_graph_id_rank(sort_graph, b)
		       ? -1 : 1;
}

/* Child edges of v, biggest subtrees first; the caller frees. */
static uint32_t *sorted_children(const lg_graph *g, lg_node v, size_t *n)
{
	const uint32_t *out = lg_graph_child_edges(g, v, n);
	uint32_t *copy = malloc((*n ? *n : 1) * sizeof(*copy));

	if (!copy)
		return NULL;
	memcpy(copy, out, *n * sizeof(*copy));
	sort_graph = g;
	qsort(copy, *n, sizeof(*copy), compare_children);
	return copy;
}

static void tree_text(show *s, lg_node v, long level, char *prefix,
		      size_t plen)
{
	size_t n, k;
	uint32_t *kids;
	char lic[512];

	if (s->depth && level >= s->depth)
		return;
	if (level >= MAX_TREE_LEVELS) {
		fprintf(s->out, "%.*s└─ ... (deeper levels not shown)\n",
			(int)plen, prefix);
		return;
	}
	kids = sorted_children(s->g, v, &n);
	if (!kids)
		return;
	for (k = 0; k < n; k++) {
		const lg_edge *e = lg_graph_edge(s->g, kids[k]);
		lg_node c = e->child;
		const lg_lineage *l = lg_graph_lineage(s->g, c);
		int last = k + 1 == n, seen = s->mark[c];

		fprintf(s->out, "%.*s%s %s [%s] %s", (int)plen, prefix,
			last ? "└─" : "├─", lg_graph_record(s->g, c)->id,
			license_of(s, c, lic, sizeof(lic)),
			lg_relation_name(e->relation));
		if (lg_audit_edge(s->a, kids[k])->verdict > LG_VERDICT_OK) {
			const lg_edge_audit *ea = lg_audit_edge(s->a, kids[k]);
			char reasons[1024];

			fprintf(s->out, " !%s %s", lg_verdict_name(ea->verdict),
				lg_audit_reasons_text(s->a, ea->reasons,
						      reasons, sizeof(reasons)));
		}
		if (seen)
			fputs(" (seen above)", s->out);
		else if (l->children && s->depth && level + 1 >= s->depth)
			fprintf(s->out, " (+%u below)", l->descendants);
		fputc('\n', s->out);
		if (seen || plen + 8 > 4096)
			continue;
		s->mark[c] = 1;
		memcpy(prefix + plen, last ? "   " : "│  ", last ? 3 : 5);
		tree_text(s, c, level + 1, prefix, plen + (last ? 3 : 5));
	}
	free(kids);
}

static json_t *tree_json(show *s, lg_node v, long level)
{
	json_t *list = json_array();
	size_t n, k;
	uint32_t *kids;

	if ((s->depth && level >= s->depth) || level >= MAX_TREE_LEVELS)
		return list; /* the caller marks a cut-off tree */
	kids = sorted_children(s->g, v, &n);
	for (k = 0; kids && k < n; k++) {
		const lg_edge *e = lg_graph_edge(s->g, kids[k]);
		lg_node c = e->child;
		int seen = s->mark[c];
		json_t *item;

		s->mark[c] = 1;
		item = json_pack("{s:s, s:s, s:s, s:o, s:i, s:b}",
				 "model", lg_graph_record(s->g, c)->id,
				 "relation", lg_relation_name(e->relation),
				 "relation_source",
				 lg_relation_source_name(e->relation_source),
				 "license", license_json(s, c),
				 "descendants",
				 (json_int_t)lg_graph_lineage(s->g, c)->descendants,
				 "seen_above", seen);
		verdict_json(s, item, kids[k]);
		if (!seen)
			json_object_set_new(item, "derived",
					    tree_json(s, c, level + 1));
		if (!seen && level + 1 >= MAX_TREE_LEVELS &&
		    lg_graph_lineage(s->g, c)->children)
			json_object_set_new(item, "truncated", json_true());
		json_array_append_new(list, item);
	}
	free(kids);
	return list;
}

/* -- the three formats -------------------------------------------------- */

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
	char prefix[4096 + 8];

	header_text(s);
	fprintf(s->out, "\nancestors\n");
	s->path[0] = s->model;
	s->path_len = 1;
	walk_up(s);
	if (s->chains == 0)
		fprintf(s->out, "  none: a root\n\n");
	if (s->chains_cut)
		fprintf(s->out, "  ... more chains, or longer ones, not "
				"shown\n\n");
	if (s->depth)
		fprintf(s->out, "descendants (depth %ld)\n", s->depth);
	else
		fprintf(s->out, "descendants\n");
	fprintf(s->out, "%s [%s]\n", lg_graph_record(s->g, s->model)->id,
		license_of(s, s->model, lic, sizeof(lic)));
	memset(s->mark, 0, lg_graph_count(s->g));
	s->mark[s->model] = 1;
	tree_text(s, s->model, 0, prefix, 0);
}

static int show_json(show *s)
{
	const lg_record *rec = lg_graph_record(s->g, s->model);
	const lg_lineage *l = lg_graph_lineage(s->g, s->model);
	json_t *obj, *rest;
	int rc;

	s->json_chains = json_array();
	s->path[0] = s->model;
	s->path_len = 1;
	walk_up(s);
	memset(s->mark, 0, lg_graph_count(s->g));
	s->mark[s->model] = 1;
	obj = json_pack("{s:s, s:b, s:o, s:s, s:s}",
			"model", rec->id,
			"external", lg_graph_is_external(s->g, s->model),
			"license", license_json(s, s->model),
			"license_family", lg_family_name(lg_model_license_family(
				lg_audit_license(s->a, s->model))),
			"openness", lg_openness_name(lg_model_license_openness(
				lg_audit_license(s->a, s->model))));
	if (obj && rec->downloads >= 0) /* a missing value is left out */
		json_object_set_new(obj, "downloads",
				    json_integer(rec->downloads));
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
			 "ancestors", s->json_chains,
			 "ancestors_truncated", s->chains_cut != 0,
			 "tree", tree_json(s, s->model, 0));
	s->json_chains = NULL;
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

/* Breadth-first, each edge once: up through parents, or down through
 * children as deep as --depth. Depth counts from the model. */
static int show_edges(show *s, lg_table *t, int up, lg_error *err)
{
	size_t n = lg_graph_count(s->g), head = 0, tail = 0;
	lg_node *queue = malloc(n * sizeof(*queue));
	long *level = malloc(n * sizeof(*level));
	int rc = 0;

	if (!queue || !level) {
		free(queue);
		free(level);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	memset(s->mark, 0, n);
	s->mark[s->model] = 1;
	queue[tail] = s->model;
	level[tail++] = 0;
	while (head < tail && rc == 0) {
		lg_node v = queue[head];
		long d = level[head++];
		size_t m, k;
		const uint32_t *es = up ? lg_graph_parent_edges(s->g, v, &m)
					: lg_graph_child_edges(s->g, v, &m);

		if (!up && s->depth && d >= s->depth)
			continue;
		for (k = 0; k < m && rc == 0; k++) {
			const lg_edge *e = lg_graph_edge(s->g, es[k]);
			lg_node next = up ? e->parent : e->child;

			if (s->limit > 0 && s->rows >= (size_t)s->limit)
				s->cut++;
			else if ((rc = edge_row(s, t, up ? "ancestor"
							 : "descendant",
						d + 1, es[k], err)) == 0)
				s->rows++;
			if (s->mark[next])
				continue;
			s->mark[next] = 1;
			queue[tail] = next;
			level[tail++] = d + 1;
		}
	}
	free(queue);
	free(level);
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
	if (rc < 0 && err->code != rc)
		lg_error_set(err, rc, NULL, 0, "cannot write: %s",
			     lg_strerror(rc));
	return rc;
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
		if (s)
			s->mark = calloc(lg_graph_count(g) + 1, 1);
		if (!s || !s->mark) {
			code = cli_errorf("out of memory");
		} else if ((s->model = lg_graph_find(g, model)) == LG_NONE) {
			code = cli_errorf("no model '%s' in the input (neither "
					  "a record nor a parent)", model);
		} else {
			show_job job = { s, &o };

			s->g = g;
			s->a = audit;
			s->depth = depth;
			s->limit = cli_limit(&o);
			code = cli_write(o.output, write_show, &job);
			if (code == EXIT_OK && s->limit > 0)
				cli_note_limit(&o, s->rows, s->rows + s->cut);
		}
	}
	if (s)
		free(s->mark);
	free(s);
	lg_audit_free(audit);
	cli_done(g, &o);
	return code;
}
