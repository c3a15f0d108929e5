/*
 * export_dot.c - DOT for Graphviz: one family drawn left to right.
 *
 * Written by hand: igraph 0.10.2's DOT writer prints large numbers as
 * 1.23457e+07 and leaves ids with '-' unquoted, and Hub ids are full of
 * '/', '-', '.' and ':'. Here every id and value is double-quoted and
 * escaped, nodes are filled by licence family, and edges are coloured by
 * their audit verdict, conflicts in red; a legend says which is which.
 */
#include <stdio.h>

#include "export_impl.h"
#include "lg_export.h"

static const char *family_fill(lg_family f)
{
	switch (f) {
	case LG_FAM_PERMISSIVE: return "#d9f2d9";
	case LG_FAM_WEAK_COPYLEFT:
	case LG_FAM_COPYLEFT: return "#e6dcf5";
	case LG_FAM_NON_COMMERCIAL:
	case LG_FAM_NO_DERIVATIVES: return "#f9d6d5";
	case LG_FAM_USE_RESTRICTED: return "#f7ecc3";
	case LG_FAM_VENDOR: return "#d6e6f7";
	case LG_FAM_OTHER: return "#eeeeee";
	default: return "#ffffff";
	}
}

static const char *verdict_color(int verdict)
{
	switch (verdict) {
	case LG_VERDICT_CONFLICT: return "#d62728";
	case LG_VERDICT_WARN: return "#ff7f0e";
	case LG_VERDICT_INFO: return "#7f7f7f";
	default: return "#333333";
	}
}

static void put_node(lg__emitter *out, const lg_export_view *v, lg_node n)
{
	const lg_model_license *ml = lg_audit_license(v->audit, n);
	lg_concluded con = lg_audit_concluded(v->audit, n);
	char lic[512];

	lg__emit_str(out, "  \"");
	lg__emit_dot(out, lg_graph_record(v->g, n)->id);
	lg__emit_str(out, "\" [label=\"");
	lg__emit_dot(out, lg_graph_record(v->g, n)->id);
	lg__emit_str(out, "\\n"); /* a DOT line break, not an escaped character */
	lg__emit_dot(out, lg_model_license_text(ml, lic, sizeof(lic)));
	if (con.source == LG_CONCLUDED_INHERITED) {
		lg__emit_str(out, "\\ninherits ");
		lg__emit_dot(out, lg_model_license_text(con.license, lic,
							sizeof(lic)));
	}
	lg__emitf(out, "\", fillcolor=\"%s\"",
		family_fill(lg_model_license_family(ml)));
	if (lg_graph_is_external(v->g, n))
		lg__emit_str(out, ", style=\"rounded,filled,dashed\"");
	lg__emit_str(out, "];\n");
}

static void put_edge(lg__emitter *out, const lg_export_view *v, size_t e)
{
	const lg_edge *ed = lg_graph_edge(v->g, e);
	const lg_edge_audit *ea = lg_audit_edge(v->audit, e);
	char reasons[1024];

	lg__emit_str(out, "  \"");
	lg__emit_dot(out, lg_graph_record(v->g, ed->parent)->id);
	lg__emit_str(out, "\" -> \"");
	lg__emit_dot(out, lg_graph_record(v->g, ed->child)->id);
	lg__emitf(out, "\" [label=\"%s\", color=\"%s\", fontcolor=\"%s\", "
		     "tooltip=\"%s: ",
		lg_relation_name(ed->relation), verdict_color(ea->verdict),
		verdict_color(ea->verdict), lg_verdict_name(ea->verdict));
	lg__emit_dot(out, lg_audit_reasons_text(v->audit, ea->reasons, reasons,
					       sizeof(reasons)));
	lg__emitf(out, "\"%s];\n",
		ea->verdict == LG_VERDICT_CONFLICT ? ", penwidth=\"2\"" : "");
}

/* A box for each licence family drawn, an arrow for each verdict: the
 * key to the colours, in a cluster of its own. */
static void put_legend(lg__emitter *out, const uint8_t *families,
		       const uint8_t *verdicts)
{
	int k;

	lg__emit_str(out, "  subgraph \"cluster_legend\" {\n"
			  "    label=\"legend: licence family; verdict\";\n"
			  "    fontsize=\"9\"; color=\"#bbbbbb\";\n"
			  "    node [fontsize=\"8\"];\n");
	for (k = 0; k < LG_FAM_COUNT; k++)
		if (families[k])
			lg__emitf(out, "    \"legend: %s\" [label=\"%s\", "
				  "fillcolor=\"%s\"];\n", lg_family_name(k),
				  lg_family_name(k), family_fill((lg_family)k));
	for (k = 0; k < LG_VERDICT_COUNT; k++)
		if (verdicts[k])
			lg__emitf(out, "    \"legend: %s from\" [label=\"\", "
				  "shape=\"point\"];\n    \"legend: %s to\" "
				  "[label=\"\", shape=\"point\"];\n"
				  "    \"legend: %s from\" -> \"legend: %s to\" "
				  "[label=\"%s\", color=\"%s\", "
				  "fontcolor=\"%s\"];\n",
				  lg_verdict_name(k), lg_verdict_name(k),
				  lg_verdict_name(k), lg_verdict_name(k),
				  lg_verdict_name(k), verdict_color(k),
				  verdict_color(k));
	lg__emit_str(out, "  }\n");
}

int lg_export_dot(FILE *stream, const lg_export_view *v, lg_error *err)
{
	lg__emitter em, *out = &em;
	size_t n = lg_graph_count(v->g), m = lg_graph_edge_count(v->g), i;
	uint8_t families[LG_FAM_COUNT] = { 0 }, verdicts[LG_VERDICT_COUNT] = { 0 };

	lg__emit_begin(out, stream);
	lg__emit_str(out, "/* lineage: parent -> child; conflicts in red. For more than\n"
	      "   a few thousand nodes, sfdp draws faster than dot:\n"
	      "   sfdp -x -Goverlap=prism -Tsvg lineage.dot > lineage.svg */\n"
	      "digraph \"lineage\" {\n"
	      "  graph [rankdir=\"LR\", fontname=\"Helvetica\"];\n"
	      "  node [shape=\"box\", style=\"rounded,filled\", "
	      "fontname=\"Helvetica\", fontsize=\"10\"];\n"
	      "  edge [fontname=\"Helvetica\", fontsize=\"8\"];\n");
	for (i = 0; i < n; i++)
		if (lg_export_selected(v, (lg_node)i)) {
			put_node(out, v, (lg_node)i);
			families[lg_model_license_family(
				lg_audit_license(v->audit, (lg_node)i))] = 1;
		}
	for (i = 0; i < m; i++)
		if (lg_export_edge_selected(v, i)) {
			put_edge(out, v, i);
			verdicts[lg_audit_edge(v->audit, i)->verdict] = 1;
		}
	put_legend(out, families, verdicts);
	lg__emit_str(out, "}\n");
	lg__emit_flush(out);
	return lg__export_done(stream, err);
}
