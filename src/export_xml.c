/*
 * export_xml.c - GraphML for Gephi and yEd, and GEXF 1.3, Gephi's own.
 *
 * Written by hand rather than with igraph's writers: igraph 0.10.2's
 * GraphML writer stops at a control character in a value and leaves a
 * truncated file, and neither igraph writer gives keys the descriptive
 * ids, types and label mapping Gephi needs (research notes, §13). Keys
 * are named after their attribute (never d3/d7, which Gephi maps to
 * labels); the node key `label` is the model id; counts are longs;
 * missing values are left out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "export_impl.h"
#include "lg_export.h"

static const char *graphml_type(lg_attr_type t)
{
	switch (t) {
	case LG_ATTR_LONG: return "long";
	case LG_ATTR_INT: return "int";
	case LG_ATTR_BOOL: return "boolean";
	default: return "string";
	}
}

static const char *gexf_type(lg_attr_type t)
{
	switch (t) {
	case LG_ATTR_LONG: return "long";
	case LG_ATTR_INT: return "integer";
	case LG_ATTR_BOOL: return "boolean";
	default: return "string";
	}
}

static void put_value(lg__emitter *out, lg_attr_type type,
		      const lg_attr_value *val)
{
	if (type == LG_ATTR_STRING || type == LG_ATTR_LIST)
		lg__emit_xml(out, val->text);
	else if (type == LG_ATTR_BOOL)
		lg__emit_str(out, val->num ? "true" : "false");
	else
		lg__emit_int(out, val->num);
}

/*
 * What goes before an attribute's value, `<data key="NAME">` or
 * `<attvalue for="NAME" value="`, made once per export: values are
 * written millions of times, and the tag in pieces cost a strlen and
 * three copies each time. Node attributes first, then edge attributes.
 */
typedef struct {
	char text[96];
	size_t len;
} value_tag;

static value_tag *make_tags(const char *before, const char *after)
{
	size_t n = lg_export_n_node_attrs + lg_export_n_edge_attrs, i;
	value_tag *tags = malloc(n * sizeof(*tags));

	for (i = 0; tags && i < n; i++) {
		value_tag *t = &tags[i];
		const lg_attr *a =
			i < lg_export_n_node_attrs
				? &lg_export_node_attrs[i]
				: &lg_export_edge_attrs[i - lg_export_n_node_attrs];

		t->len = lg__text_add(t->text, sizeof(t->text), 0, before);
		t->len = lg__text_add(t->text, sizeof(t->text), t->len, a->name);
		t->len = lg__text_add(t->text, sizeof(t->text), t->len, after);
	}
	return tags;
}

/* `<edge id="eN" source="PARENT" target="CHILD`, both formats' own; the
 * caller may add attributes, then closes the quote and the tag. */
static void put_edge_open(lg__emitter *out, const lg_export_view *v, size_t i,
			  const char *indent)
{
	const lg_edge *e = lg_graph_edge(v->g, i);

	lg__emit_str(out, indent);
	lg__emit_str(out, "<edge id=\"e");
	lg__emit_int(out, (int64_t)i);
	lg__emit_str(out, "\" source=\"");
	lg__emit_xml(out, lg_graph_record(v->g, e->parent)->id);
	lg__emit_str(out, "\" target=\"");
	lg__emit_xml(out, lg_graph_record(v->g, e->child)->id);
}

/* -- GraphML ----------------------------------------------------------- */

static void graphml_keys(lg__emitter *out)
{
	size_t i;

	for (i = 0; i < lg_export_n_node_attrs; i++)
		lg__emitf(out, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" "
			     "attr.type=\"%s\"/>\n",
			lg_export_node_attrs[i].name, lg_export_node_attrs[i].name,
			graphml_type(lg_export_node_attrs[i].type));
	for (i = 0; i < lg_export_n_edge_attrs; i++)
		lg__emitf(out, "  <key id=\"%s\" for=\"edge\" attr.name=\"%s\" "
			     "attr.type=\"%s\"/>\n",
			lg_export_edge_attrs[i].name, lg_export_edge_attrs[i].name,
			graphml_type(lg_export_edge_attrs[i].type));
}

int lg_export_graphml(FILE *stream, const lg_export_view *v, lg_error *err)
{
	lg__emitter em, *out = &em;
	size_t n = lg_graph_count(v->g), m = lg_graph_edge_count(v->g), i, k;
	value_tag *tags = make_tags("<data key=\"", "\">"), *edge_tags;
	char buf[1024];
	lg_attr_value val;

	if (!tags)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	edge_tags = tags + lg_export_n_node_attrs;
	lg__emit_begin(out, stream);
	lg__emit_str(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
		     "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		     "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
		     "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
		     "\n");
	graphml_keys(out);
	lg__emit_str(out, "  <graph id=\"lineage\" edgedefault=\"directed\">\n");
	for (i = 0; i < n; i++) {
		if (!lg_export_selected(v, (lg_node)i))
			continue;
		lg__emit_str(out, "    <node id=\"");
		lg__emit_xml(out, lg_graph_record(v->g, (lg_node)i)->id);
		lg__emit_str(out, "\">");
		for (k = 0; k < lg_export_n_node_attrs; k++) {
			if (!lg_export_node_value(v, k, (lg_node)i, &val, buf,
						  sizeof(buf)))
				continue;
			lg__emit_bytes(out, tags[k].text, tags[k].len);
			put_value(out, lg_export_node_attrs[k].type, &val);
			lg__emit_str(out, "</data>");
		}
		lg__emit_str(out, "</node>\n");
	}
	for (i = 0; i < m; i++) {
		if (!lg_export_edge_selected(v, i))
			continue;
		put_edge_open(out, v, i, "    ");
		lg__emit_str(out, "\">");
		for (k = 0; k < lg_export_n_edge_attrs; k++) {
			if (!lg_export_edge_value(v, k, i, &val, buf, sizeof(buf)))
				continue;
			lg__emit_bytes(out, edge_tags[k].text, edge_tags[k].len);
			put_value(out, lg_export_edge_attrs[k].type, &val);
			lg__emit_str(out, "</data>");
		}
		lg__emit_str(out, "</edge>\n");
	}
	lg__emit_str(out, "  </graph>\n</graphml>\n");
	lg__emit_flush(out);
	free(tags);
	return lg__export_done(stream, err);
}

/* -- GEXF 1.3 ---------------------------------------------------------- */

static void gexf_attributes(lg__emitter *out, const char *cls,
			    const lg_attr *attrs,
			    size_t n, size_t first)
{
	size_t i;

	lg__emitf(out, "    <attributes class=\"%s\">\n", cls);
	for (i = first; i < n; i++)
		lg__emitf(out, "      <attribute id=\"%s\" title=\"%s\" "
			     "type=\"%s\"/>\n",
			attrs[i].name, attrs[i].name, gexf_type(attrs[i].type));
	lg__emit_str(out, "    </attributes>\n");
}

static void gexf_attvalue(lg__emitter *out, const value_tag *tag,
			  const lg_attr *a, const lg_attr_value *val)
{
	lg__emit_bytes(out, tag->text, tag->len);
	put_value(out, a->type, val);
	lg__emit_str(out, "\"/>");
}

/* `" start="YYYY-MM-DD` when the model's creation date is known, so
 * Gephi's timeline plays models (and the edges to them) in as they came;
 * the caller closes the quote. */
static void put_start(lg__emitter *out, const lg_export_view *v, lg_node n)
{
	const char *d = lg_graph_record(v->g, n)->created_at;
	int i;

	for (i = 0; d && i < 10; i++)
		if (i == 4 || i == 7 ? d[i] != '-' : !(d[i] >= '0' && d[i] <= '9'))
			return;
	if (!d)
		return;
	lg__emit_str(out, "\" start=\"");
	lg__emit_bytes(out, d, 10);
}

int lg_export_gexf(FILE *stream, const lg_export_view *v, lg_error *err)
{
	lg__emitter em, *out = &em;
	size_t n = lg_graph_count(v->g), m = lg_graph_edge_count(v->g), i, k;
	value_tag *tags = make_tags("<attvalue for=\"", "\" value=\""), *edge_tags;
	char buf[1024];
	lg_attr_value val;

	if (!tags)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	edge_tags = tags + lg_export_n_node_attrs;
	lg__emit_begin(out, stream);
	lg__emit_str(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<gexf xmlns=\"http://gexf.net/1.3\" "
		     "xmlns:viz=\"http://gexf.net/1.3/viz\" "
		     "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		     "xsi:schemaLocation=\"http://gexf.net/1.3 "
		     "http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
		     "  <meta><creator>lineage</creator><description>base "
		     "model to child model lineage</description></meta>\n"
		     "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" "
		     "timeformat=\"date\">\n");
	/* the label is GEXF's own node attribute, not an attvalue */
	gexf_attributes(out, "node", lg_export_node_attrs,
			lg_export_n_node_attrs, 1);
	gexf_attributes(out, "edge", lg_export_edge_attrs,
			lg_export_n_edge_attrs, 0);
	lg__emit_str(out, "    <nodes>\n");
	for (i = 0; i < n; i++) {
		const char *id = lg_graph_record(v->g, (lg_node)i)->id;

		if (!lg_export_selected(v, (lg_node)i))
			continue;
		lg__emit_str(out, "      <node id=\"");
		lg__emit_xml(out, id);
		lg__emit_str(out, "\" label=\"");
		lg__emit_xml(out, id);
		put_start(out, v, (lg_node)i);
		lg__emit_str(out, "\"><attvalues>");
		for (k = 1; k < lg_export_n_node_attrs; k++)
			if (lg_export_node_value(v, k, (lg_node)i, &val, buf,
						 sizeof(buf)))
				gexf_attvalue(out, &tags[k],
					      &lg_export_node_attrs[k], &val);
		lg__emit_str(out, "</attvalues></node>\n");
	}
	lg__emit_str(out, "    </nodes>\n    <edges>\n");
	for (i = 0; i < m; i++) {
		if (!lg_export_edge_selected(v, i))
			continue;
		put_edge_open(out, v, i, "      ");
		put_start(out, v, lg_graph_edge(v->g, i)->child);
		lg__emit_str(out, "\"><attvalues>");
		for (k = 0; k < lg_export_n_edge_attrs; k++)
			if (lg_export_edge_value(v, k, i, &val, buf, sizeof(buf)))
				gexf_attvalue(out, &edge_tags[k],
					      &lg_export_edge_attrs[k], &val);
		lg__emit_str(out, "</attvalues></edge>\n");
	}
	lg__emit_str(out, "    </edges>\n  </graph>\n</gexf>\n");
	lg__emit_flush(out);
	free(tags);
	return lg__export_done(stream, err);
}
