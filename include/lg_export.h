/*
 * lg_export.h - the lineage graph for other tools (SPEC §5): GraphML and
 * GEXF for Gephi, DOT for Graphviz, CSV for spreadsheets and graph
 * databases, Cytoscape.js JSON; CycloneDX and SPDX bills of materials.
 *
 * Writers stream nodes then edges straight from the graph, never a second
 * copy of it. Every node carries the same typed attributes in every format
 * (lg_export_node_attrs); a value the data does not have is left out,
 * never written as empty or "None".
 */
#ifndef LG_EXPORT_H
#define LG_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lg_audit.h"
#include "lg_community.h"
#include "lg_error.h"
#include "lg_graph.h"

/* A LIST is comma-separated text ("A,B"): a string in GraphML, GEXF,
 * CSV and DOT, an array in JSON. */
typedef enum {
	LG_ATTR_STRING,
	LG_ATTR_LONG,
	LG_ATTR_INT,
	LG_ATTR_BOOL,
	LG_ATTR_LIST
} lg_attr_type;

typedef struct {
	const char *name;
	lg_attr_type type;
} lg_attr;

/* Node attributes, in export order (label first), and edge attributes. */
extern const lg_attr lg_export_node_attrs[];
extern const size_t lg_export_n_node_attrs;
extern const lg_attr lg_export_edge_attrs[];
extern const size_t lg_export_n_edge_attrs;

/* What is exported: borrowed parts; communities may be NULL (then there
 * is no modularity_class), selected NULL means every node. An edge is
 * exported when both its ends are. */
typedef struct {
	const lg_graph *g;
	const lg_audit *audit;
	const lg_communities *communities;
	const uint8_t *selected;
} lg_export_view;

/* A value: text, or a number (longs, ints and booleans as 0/1). */
typedef struct {
	const char *text;
	int64_t num;
} lg_attr_value;

/* Attribute i of node n (or edge e): 1 and *out filled, or 0 when the
 * data has no value. buf holds text that has to be made. */
int lg_export_node_value(const lg_export_view *v, size_t i, lg_node n,
			 lg_attr_value *out, char *buf, size_t size);
int lg_export_edge_value(const lg_export_view *v, size_t i, size_t e,
			 lg_attr_value *out, char *buf, size_t size);

int lg_export_selected(const lg_export_view *v, lg_node n);
int lg_export_edge_selected(const lg_export_view *v, size_t e);

/* Each writes the whole document to out; errors are write errors. */
int lg_export_graphml(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_gexf(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_dot(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_json(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_csv_nodes(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_csv_edges(FILE *out, const lg_export_view *v, lg_error *err);

/*
 * Bills of materials (SPEC §5): one component or package per model, with
 * its declared and concluded licences and what it derives from. A BOM
 * holds the selected models and every ancestor of them
 * (lg_export_bom_models), since it names what each model derives from
 * and a consumer that reads no pedigree must still find the ancestors.
 * They need v->audit (the concluded licences). Models are written in id
 * order, and the output is the same bytes for the same graph: its
 * serial number or namespace is derived from a digest of its content, its
 * date is the newest creation or modification time among its models.
 * Streamed: memory is a few words per model of the graph, whatever the
 * size of the BOM.
 *
 * CycloneDX 1.6 JSON: a machine-learning-model component per model, its
 * purl pkg:huggingface/ORG/NAME, its model card as external reference,
 * licences acknowledged "declared" or "concluded", pedigree.ancestors
 * (nearest first: every parent, then theirs) and lineage:* properties
 * (relation, concluded licence source).
 *
 * SPDX 3.0.1 JSON-LD: an ai_AIPackage per model, its author an Agent,
 * descendantOf relationships (the relation in their comment) and
 * hasDeclaredLicense / hasConcludedLicense to licence expressions;
 * LicenseRef- for a licence off the SPDX License List; NOASSERTION where
 * nothing is known.
 */
int lg_export_cyclonedx(FILE *out, const lg_export_view *v, lg_error *err);
int lg_export_spdx(FILE *out, const lg_export_view *v, lg_error *err);

/* The per-node mark array (caller frees) of the models a BOM of v holds:
 * the selected ones and their ancestors. Time: O(|V| + |E|). */
int lg_export_bom_models(uint8_t **out, const lg_export_view *v,
			 lg_error *err);

/*
 * Which nodes to export (SPEC §3). The parts named by roots, trees and
 * families make a union; without any, the whole graph. Of that, top and
 * min_descendants keep only what meets them too. Ids are matched as
 * lg_graph_find matches them.
 */
typedef struct {
	int version;
	const char *const *roots;    /* each and its descendants (to depth) */
	size_t n_roots;
	const char *const *trees;    /* each, its ancestors, its descendants */
	size_t n_trees;
	const char *const *families; /* each one's weakly connected component */
	size_t n_families;
	long depth;            /* with roots: levels below them, -1 = all */
	long min_descendants;  /* bases with this many and their trees, -1 */
	long top;              /* the N largest families, -1 */
} lg_export_selection;

#define LG_EXPORT_SELECTION_VERSION 2
#define LG_EXPORT_SELECTION_INIT                                         \
	{ LG_EXPORT_SELECTION_VERSION, NULL, 0, NULL, 0, NULL, 0, -1, -1, \
	  -1 }

/* A per-node mark array (caller frees) for the selection; LG_ENOTFOUND
 * names a model that is not in the graph. */
int lg_export_select(uint8_t **out, const lg_graph *g,
		     const lg_export_selection *sel, lg_error *err);

#endif
