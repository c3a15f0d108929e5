/*
 * export.c - what every export format shares: the attribute table, the
 * values of each node and edge, and which of them are selected.
 */
#include <stdio.h>
#include <string.h>

#include "export_impl.h"
#include "lg_export.h"
#include "lg_lineage.h"

const lg_attr lg_export_node_attrs[] = {
	{ "label", LG_ATTR_STRING },
	{ "license", LG_ATTR_STRING },
	{ "license_family", LG_ATTR_STRING },
	{ "openness", LG_ATTR_STRING },
	{ "concluded_license", LG_ATTR_STRING },
	{ "concluded_source", LG_ATTR_STRING },
	{ "concluded_from", LG_ATTR_STRING },
	{ "author", LG_ATTR_STRING },
	{ "pipeline", LG_ATTR_STRING },
	{ "created", LG_ATTR_STRING },
	{ "downloads", LG_ATTR_LONG },
	{ "likes", LG_ATTR_LONG },
	{ "children", LG_ATTR_LONG },
	{ "descendants", LG_ATTR_LONG },
	{ "external", LG_ATTR_BOOL },
	{ "modularity_class", LG_ATTR_INT },
};
const size_t lg_export_n_node_attrs =
	sizeof(lg_export_node_attrs) / sizeof(*lg_export_node_attrs);

const lg_attr lg_export_edge_attrs[] = {
	{ "relation", LG_ATTR_STRING },
	{ "relation_source", LG_ATTR_STRING },
	{ "verdict", LG_ATTR_STRING },
	{ "reasons", LG_ATTR_LIST },
};
const size_t lg_export_n_edge_attrs =
	sizeof(lg_export_edge_attrs) / sizeof(*lg_export_edge_attrs);

static int text(lg_attr_value *out, const char *s)
{
	out->text = s;
	return s && *s;
}

static int number(lg_attr_value *out, int64_t n)
{
	out->num = n;
	return 1;
}

/* The Hub's author is the id's namespace: "org/name" -> "org". */
static const char *author_of(const lg_record *rec, char *buf, size_t size)
{
	const char *slash;

	if (rec->author)
		return rec->author;
	slash = strchr(rec->id, '/');
	if (!slash || (size_t)(slash - rec->id) >= size)
		return NULL;
	memcpy(buf, rec->id, (size_t)(slash - rec->id));
	buf[slash - rec->id] = '\0';
	return buf;
}

/* The declared licence's values, attributes 1 to 3. */
static int license_value(const lg_export_view *v, size_t i, lg_node n,
			 lg_attr_value *out, char *buf, size_t size)
{
	const lg_model_license *ml = lg_audit_license(v->audit, n);

	switch (i) {
	case 1: return text(out, lg_model_license_text(ml, buf, size));
	case 2: return text(out, lg_family_name(lg_model_license_family(ml)));
	default:
		return text(out,
			    lg_openness_name(lg_model_license_openness(ml)));
	}
}

/* The concluded licence's values, attributes 4 to 6. */
static int concluded_value(const lg_export_view *v, size_t i, lg_node n,
			   lg_attr_value *out, char *buf, size_t size)
{
	lg_concluded con = lg_audit_concluded(v->audit, n);

	switch (i) {
	case 4: return text(out, lg_model_license_text(con.license, buf, size));
	case 5: /* none is no value: left out, as every missing one */
		return con.source != LG_CONCLUDED_NONE &&
		       text(out, lg_concluded_source_name(con.source));
	default:
		return con.source == LG_CONCLUDED_INHERITED &&
		       text(out, lg_graph_record(v->g, con.from)->id);
	}
}

/* Each case looks up only what it needs: this runs for every attribute
 * of every node, and the lookups cost more than most values. */
int lg_export_node_value(const lg_export_view *v, size_t i, lg_node n,
			 lg_attr_value *out, char *buf, size_t size)
{
	const lg_record *rec = lg_graph_record(v->g, n);

	out->text = NULL;
	out->num = 0;
	switch (i) {
	case 0: return text(out, rec->id);
	case 1:
	case 2:
	case 3: return license_value(v, i, n, out, buf, size);
	case 4:
	case 5:
	case 6: return concluded_value(v, i, n, out, buf, size);
	case 7: return text(out, author_of(rec, buf, size));
	case 8: return text(out, rec->pipeline_tag);
	case 9: return text(out, rec->created_at);
	case 10: return rec->downloads >= 0 && number(out, rec->downloads);
	case 11: return rec->likes >= 0 && number(out, rec->likes);
	case 12: return number(out, lg_graph_lineage(v->g, n)->children);
	case 13: return number(out, lg_graph_lineage(v->g, n)->descendants);
	case 14: return number(out, lg_graph_is_external(v->g, n));
	case 15:
		return v->communities &&
		       lg_community_of(v->communities, n) >= 0 &&
		       number(out, lg_community_of(v->communities, n));
	default: return 0;
	}
}

int lg_export_edge_value(const lg_export_view *v, size_t i, size_t e,
			 lg_attr_value *out, char *buf, size_t size)
{
	const lg_edge *ed = lg_graph_edge(v->g, e);
	const lg_edge_audit *ea = lg_audit_edge(v->audit, e);

	out->text = NULL;
	out->num = 0;
	switch (i) {
	case 0: return text(out, lg_relation_name(ed->relation));
	case 1: return text(out, lg_relation_source_name(ed->relation_source));
	case 2: return text(out, lg_verdict_name(ea->verdict));
	case 3:
		return text(out, lg_audit_reasons_text(v->audit, ea->reasons,
						       buf, size));
	default: return 0;
	}
}

int lg_export_selected(const lg_export_view *v, lg_node n)
{
	return !v->selected || v->selected[n];
}

int lg_export_edge_selected(const lg_export_view *v, size_t e)
{
	const lg_edge *ed = lg_graph_edge(v->g, e);

	return lg_export_selected(v, ed->parent) &&
	       lg_export_selected(v, ed->child);
}

int lg__export_done(FILE *out, lg_error *err)
{
	if (ferror(out))
		return lg_error_set(err, LG_EIO, NULL, 0, "write error");
	return 0;
}
