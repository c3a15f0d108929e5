/*
 * export_table.c - CSV for spreadsheets, Gephi's Data Laboratory and
 * Neo4j loaders, and Cytoscape.js JSON.
 *
 * nodes.csv has Gephi's Id,Label columns then every node attribute;
 * edges.csv has Source,Target,Type then every edge attribute: relation,
 * relation_source, verdict, reasons (SPEC §5). The JSON is
 * streamed one element at a time: {"elements":{"nodes":[...],"edges":[...]}}.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export_impl.h"
#include "json_list.h"
#include "lg_export.h"
#include "lg_output.h"

int lg_export_csv_nodes(FILE *out, const lg_export_view *v, lg_error *err)
{
	lg_column cols[2 + 16];
	lg_cell cells[2 + 16];
	char bufs[16][512];
	size_t n = lg_graph_count(v->g), i, k, nc = 1 + lg_export_n_node_attrs;
	lg_table *t;
	int rc = 0;

	cols[0].name = "Id";
	cols[0].type = LG_COL_TEXT;
	cols[1].name = "Label";
	cols[1].type = LG_COL_TEXT;
	for (k = 1; k < lg_export_n_node_attrs; k++) {
		cols[k + 1].name = lg_export_node_attrs[k].name;
		cols[k + 1].type = lg_export_node_attrs[k].type == LG_ATTR_LONG ||
					   lg_export_node_attrs[k].type == LG_ATTR_INT
				   ? LG_COL_INT : LG_COL_TEXT;
	}
	t = lg_table_new(out, LG_FORMAT_CSV, cols, nc);
	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (i = 0; i < n && rc == 0; i++) {
		lg_attr_value val;

		if (!lg_export_selected(v, (lg_node)i))
			continue;
		cells[0] = LG_TEXT(lg_graph_record(v->g, (lg_node)i)->id);
		for (k = 0; k < lg_export_n_node_attrs; k++) {
			lg_attr_type type = lg_export_node_attrs[k].type;

			if (!lg_export_node_value(v, k, (lg_node)i, &val, bufs[k],
						  sizeof(bufs[k])))
				cells[k + 1] = LG_MISSING;
			else if (type == LG_ATTR_STRING || type == LG_ATTR_LIST)
				cells[k + 1] = LG_TEXT(val.text);
			else if (type == LG_ATTR_BOOL)
				cells[k + 1] = LG_TEXT(val.num ? "true" : "false");
			else
				cells[k + 1] = LG_INT(val.num);
		}
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc < 0 ? rc : lg__export_done(out, err);
}

int lg_export_csv_edges(FILE *out, const lg_export_view *v, lg_error *err)
{
	lg_column cols[3 + 8];
	lg_cell cells[3 + 8];
	char bufs[8][1024];
	size_t m = lg_graph_edge_count(v->g), i, k;
	size_t nc = 3 + lg_export_n_edge_attrs;
	lg_table *t;
	int rc = 0;

	cols[0] = (lg_column){ "Source", LG_COL_TEXT };
	cols[1] = (lg_column){ "Target", LG_COL_TEXT };
	cols[2] = (lg_column){ "Type", LG_COL_TEXT };
	for (k = 0; k < lg_export_n_edge_attrs; k++)
		cols[3 + k] = (lg_column){ lg_export_edge_attrs[k].name,
					   LG_COL_TEXT };
	t = lg_table_new(out, LG_FORMAT_CSV, cols, nc);
	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (i = 0; i < m && rc == 0; i++) {
		const lg_edge *e = lg_graph_edge(v->g, i);
		lg_attr_value val;

		if (!lg_export_edge_selected(v, i))
			continue;
		cells[0] = LG_TEXT(lg_graph_record(v->g, e->parent)->id);
		cells[1] = LG_TEXT(lg_graph_record(v->g, e->child)->id);
		cells[2] = LG_TEXT("Directed");
		for (k = 0; k < lg_export_n_edge_attrs; k++)
			cells[3 + k] = lg_export_edge_value(v, k, i, &val, bufs[k],
							    sizeof(bufs[k]))
					       ? LG_TEXT(val.text) : LG_MISSING;
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc < 0 ? rc : lg__export_done(out, err);
}

static json_t *json_value(lg_attr_type type, const lg_attr_value *val)
{
	switch (type) {
	case LG_ATTR_STRING: return json_string(val->text);
	case LG_ATTR_LIST: return lg__json_list(val->text);
	case LG_ATTR_BOOL: return json_boolean(val->num);
	default: return json_integer((json_int_t)val->num);
	}
}

/* Writes one element {"data":{...}}; items are separated by ",\n". */
static int put_element(FILE *out, json_t *data, int first)
{
	json_t *el = json_pack("{s:o}", "data", data);
	char *text;

	if (!el)
		return LG_ENOMEM;
	text = json_dumps(el, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(el);
	if (!text)
		return LG_ENOMEM;
	fputs(first ? "\n" : ",\n", out);
	fputs(text, out);
	free(text);
	return 0;
}

/*
 * Edge ids share one namespace with node ids in Cytoscape.js, which
 * rejects a second element with an id it has, and a model may well be
 * called "e1". Edges are "e0", "e1"... unless some exported model's id
 * starts with that prefix; then "_e", "__e"... until none does.
 */
static void edge_id_prefix(const lg_export_view *v, char *prefix, size_t size)
{
	size_t n = lg_graph_count(v->g), len = 1, i;
	int clash = 1;

	memset(prefix, '_', size - 2);
	while (clash && len + 1 < size) {
		prefix[len - 1] = 'e';
		prefix[len] = '\0';
		clash = 0;
		for (i = 0; i < n && !clash; i++)
			clash = lg_export_selected(v, (lg_node)i) &&
				strncmp(lg_graph_record(v->g, (lg_node)i)->id,
					prefix, len) == 0;
		prefix[len - 1] = '_';
		len++;
	}
	prefix[len - 2] = 'e';
	prefix[len - 1] = '\0';
}

int lg_export_json(FILE *out, const lg_export_view *v, lg_error *err)
{
	size_t n = lg_graph_count(v->g), m = lg_graph_edge_count(v->g), i, k;
	char buf[1024], prefix[64], id[96];
	lg_attr_value val;
	int rc = 0, first = 1;

	edge_id_prefix(v, prefix, sizeof(prefix));
	fputs("{\"elements\":{\"nodes\":[", out);
	for (i = 0; i < n && rc == 0; i++) {
		json_t *data;

		if (!lg_export_selected(v, (lg_node)i))
			continue;
		data = json_pack("{s:s}", "id",
				 lg_graph_record(v->g, (lg_node)i)->id);
		for (k = 0; data && k < lg_export_n_node_attrs; k++)
			if (lg_export_node_value(v, k, (lg_node)i, &val, buf,
						 sizeof(buf)))
				json_object_set_new(data,
					lg_export_node_attrs[k].name,
					json_value(lg_export_node_attrs[k].type,
						   &val));
		rc = data ? put_element(out, data, first) : LG_ENOMEM;
		first = 0;
	}
	fputs("\n],\"edges\":[", out);
	for (i = 0, first = 1; i < m && rc == 0; i++) {
		const lg_edge *e = lg_graph_edge(v->g, i);
		json_t *data;

		if (!lg_export_edge_selected(v, i))
			continue;
		snprintf(id, sizeof(id), "%s%zu", prefix, i);
		data = json_pack("{s:s, s:s, s:s}", "id", id, "source",
				 lg_graph_record(v->g, e->parent)->id, "target",
				 lg_graph_record(v->g, e->child)->id);
		for (k = 0; data && k < lg_export_n_edge_attrs; k++)
			if (lg_export_edge_value(v, k, i, &val, buf, sizeof(buf)))
				json_object_set_new(data,
					lg_export_edge_attrs[k].name,
					json_value(lg_export_edge_attrs[k].type,
						   &val));
		rc = data ? put_element(out, data, first) : LG_ENOMEM;
		first = 0;
	}
	fputs("\n]}}\n", out);
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0, "out of memory");
	return lg__export_done(out, err);
}
