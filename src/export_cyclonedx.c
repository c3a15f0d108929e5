/*
 * export_cyclonedx.c - a CycloneDX 1.6 ML-BOM (SPEC §5): every model of
 * the BOM a machine-learning-model component, with its declared and
 * concluded licences and its pedigree.
 *
 * Components follow a short header one a line, in id order; nothing of
 * the BOM is held but the ancestry of the component being written. A
 * component's bom-ref is its purl (distinct ids give distinct purls).
 * Its pedigree lists its ancestors nearest first: every parent, then
 * theirs, each once at its shortest distance, in id order within one
 * distance; as nested components without bom-ref, since a bom-ref names
 * one place in a BOM and each ancestor is a top-level component too
 * (grype reads no pedigree), which its purl names. CycloneDX has no
 * field for how a model derives from its parent, so the relation is a
 * lineage:relation property: on each parent in the pedigree, that
 * edge's; on the component, each kind of its parent edges.
 */
#include <stdlib.h>
#include <string.h>

#include "bfs.h"
#include "export_bom.h"
#include "export_impl.h"
#include "lg_export.h"
#include "lineage.h"

/* -- the ancestry of one model -------------------------------------------- */

typedef struct {
	uint32_t dist; /* 1 for a parent */
	uint32_t rank; /* lg_graph_id_rank: the order within a distance */
	lg_node node;
	uint32_t edge; /* for a parent: the edge to the model */
} ancestor;

/* Per-node scratch of the walks up, allocated once for the BOM. */
typedef struct {
	ancestor *a; /* the ancestors of the model walked from */
	size_t n;
	uint8_t *seen;
	lg_node *queue;
	uint32_t *depth;
} ancestry;

static int ancestry_init(ancestry *an, size_t nodes)
{
	an->n = 0;
	an->a = malloc((nodes + 1) * sizeof(*an->a));
	an->seen = calloc(nodes + 1, 1);
	an->queue = malloc((nodes + 1) * sizeof(*an->queue));
	an->depth = malloc((nodes + 1) * sizeof(*an->depth));
	return an->a && an->seen && an->queue && an->depth ? 0 : LG_ENOMEM;
}

static void ancestry_release(ancestry *an)
{
	free(an->a);
	free(an->seen);
	free(an->queue);
	free(an->depth);
}

static int by_distance(const void *pa, const void *pb)
{
	const ancestor *x = pa, *y = pb;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The first edge from parent to child. */
static uint32_t parent_edge(const lg_graph *g, lg_node child, lg_node parent)
{
	size_t m, k;
	const uint32_t *es = lg_graph_parent_edges(g, child, &m);

	for (k = 0; k + 1 < m; k++)
		if (lg_graph_edge(g, es[k])->parent == parent)
			break;
	return es[k];
}

/* The ancestors of model into an->a, nearest first, in id order within
 * one distance. Time: the ancestors' parent edges, plus sorting them. */
static void walk_up(ancestry *an, const lg_graph *g, lg_node model)
{
	lg__bfs b;
	size_t i;

	lg__bfs_init(&b, g, an->seen, an->queue, an->depth);
	lg__bfs_seed(&b, model);
	lg__bfs_run(&b, LG__BFS_UP, -1);
	an->n = 0;
	for (i = 1; i < b.n; i++) { /* queue[0] is the model */
		lg_node p = b.queue[i];
		uint32_t d = an->depth[p];

		an->a[an->n++] = (ancestor){
			d, lg_graph_id_rank(g, p), p,
			d == 1 ? parent_edge(g, model, p) : 0
		};
	}
	for (i = 0; i < b.n; i++) /* clear what this walk saw, not all */
		an->seen[b.queue[i]] = 0;
	qsort(an->a, an->n, sizeof(*an->a), by_distance);
}

/* -- pieces of a component ------------------------------------------------ */

static void str(lg__emitter *e, const char *s)
{
	lg__emit_char(e, '"');
	lg__emit_json(e, s);
	lg__emit_char(e, '"');
}

/* ,"name":"value" of a property; first: no comma before. */
static void property(lg__emitter *e, int *first, const char *name,
		     const char *value)
{
	lg__emit_str(e, *first ? "{\"name\":\"" : ",{\"name\":\"");
	lg__emit_str(e, name);
	lg__emit_str(e, "\",\"value\":");
	str(e, value);
	lg__emit_char(e, '}');
	*first = 0;
}

/* "group":"ORG","name":"NAME","purl":"pkg:huggingface/ORG/NAME" */
static void identity(lg__emitter *e, const char *id)
{
	size_t ns = lg__bom_namespace_len(id);
	char group[LG_MAX_ID_LEN + 1];

	if (ns && ns < sizeof(group)) {
		memcpy(group, id, ns);
		group[ns] = '\0';
		lg__emit_str(e, "\"group\":");
		str(e, group);
		lg__emit_str(e, ",\"name\":");
		str(e, id + ns + 1);
	} else {
		lg__emit_str(e, "\"name\":");
		str(e, id);
	}
	lg__emit_str(e, ",\"purl\":\"");
	lg__bom_purl(e, id);
	lg__emit_char(e, '"');
}

/* The licences of the model rec declares (ml), acknowledged as ack. */
static void licenses_of(lg__emitter *e, int *first, const lg_record *rec,
			const lg_model_license *ml, const char *ack)
{
	char link[2048];
	size_t k;

	for (k = 0; k < ml->n; k++) {
		const char *id = lg__bom_spdx_id(ml, k);

		lg__emit_str(e, *first ? "{\"license\":{" : ",{\"license\":{");
		*first = 0;
		if (id) {
			lg__emit_str(e, "\"id\":");
			str(e, id);
		} else {
			lg__emit_str(e, "\"name\":");
			str(e, lg__bom_license_name(ml, k));
		}
		lg__emit_str(e, ",\"acknowledgement\":\"");
		lg__emit_str(e, ack);
		lg__emit_char(e, '"');
		if (lg__bom_license_link(link, sizeof(link), rec, ml, k)) {
			lg__emit_str(e, ",\"url\":");
			str(e, link);
		}
		lg__emit_str(e, "}}");
	}
}

/* "licenses": declared ones, then concluded ones (the declaring
 * ancestor's when inherited); left out when there are none. */
static void licenses(lg__emitter *e, const lg_export_view *v, lg_node n)
{
	const lg_model_license *ml = lg_audit_license(v->audit, n);
	lg_concluded con = lg_audit_concluded(v->audit, n);
	const lg_record *from;
	int first = 1;

	if (!ml->n && con.source == LG_CONCLUDED_NONE)
		return;
	lg__emit_str(e, ",\"licenses\":[");
	licenses_of(e, &first, lg_graph_record(v->g, n), ml, "declared");
	if (con.source != LG_CONCLUDED_NONE) {
		from = lg_graph_record(v->g, con.from);
		licenses_of(e, &first, from, con.license, "concluded");
	}
	lg__emit_char(e, ']');
}

static void supplier(lg__emitter *e, const lg_record *rec)
{
	char buf[LG_MAX_ID_LEN + 1];
	const char *author = lg__bom_author(rec, buf, sizeof(buf));

	if (!author)
		return;
	lg__emit_str(e, ",\"supplier\":{\"name\":");
	str(e, author);
	lg__emit_str(e, ",\"url\":[\"");
	lg__bom_hub_url(e, author);
	lg__emit_str(e, "\"]}");
}

/* One parent or further ancestor in a pedigree. */
static void pedigree_entry(lg__emitter *e, const lg_export_view *v,
			   const ancestor *a)
{
	const lg_edge *ed;
	const lg_edge_audit *ea;
	char num[16], buf[1024];
	int first = 1;

	lg__emit_str(e, "{\"type\":\"machine-learning-model\",");
	identity(e, lg_graph_record(v->g, a->node)->id);
	lg__emit_str(e, ",\"properties\":[");
	snprintf(num, sizeof(num), "%u", (unsigned)a->dist);
	property(e, &first, "lineage:distance", num);
	if (a->dist == 1) {
		ed = lg_graph_edge(v->g, a->edge);
		ea = lg_audit_edge(v->audit, a->edge);
		property(e, &first, "lineage:relation",
			 lg_relation_name(ed->relation));
		property(e, &first, "lineage:relation_source",
			 lg_relation_source_name(ed->relation_source));
		property(e, &first, "lineage:verdict",
			 lg_verdict_name(ea->verdict));
		if (ea->reasons)
			property(e, &first, "lineage:reasons",
				 lg_audit_reasons_text(v->audit, ea->reasons,
						       buf, sizeof(buf)));
	}
	lg__emit_str(e, "]}");
}

static void pedigree(lg__emitter *e, const lg_export_view *v,
		     const ancestry *an)
{
	size_t i;

	if (!an->n)
		return;
	lg__emit_str(e, ",\"pedigree\":{\"ancestors\":[");
	for (i = 0; i < an->n; i++) {
		if (i)
			lg__emit_char(e, ',');
		pedigree_entry(e, v, &an->a[i]);
	}
	lg__emit_str(e, "]}");
}

/* lineage:relation (each kind of the parent edges), where the concluded
 * licence comes from, external, created. */
static void properties(lg__emitter *e, const lg_export_view *v, lg_node n)
{
	const lg_record *rec = lg_graph_record(v->g, n);
	lg_concluded con = lg_audit_concluded(v->audit, n);
	unsigned kinds = 0;
	size_t m, k;
	const uint32_t *es = lg_graph_parent_edges(v->g, n, &m);
	char t[21];
	int first = 1, r;

	for (k = 0; k < m; k++)
		kinds |= 1u << lg_graph_edge(v->g, es[k])->relation;
	lg__emit_str(e, ",\"properties\":[");
	for (r = 0; r < LG_REL_COUNT; r++)
		if (kinds & (1u << r))
			property(e, &first, "lineage:relation",
				 lg_relation_name(r));
	property(e, &first, "lineage:concluded_license_source",
		 con.source == LG_CONCLUDED_NONE
			 ? "none" : lg_concluded_source_name(con.source));
	if (con.source == LG_CONCLUDED_INHERITED)
		property(e, &first, "lineage:concluded_license_from",
			 lg_graph_record(v->g, con.from)->id);
	if (lg_graph_is_external(v->g, n))
		property(e, &first, "lineage:external", "true");
	if (lg__bom_time(t, rec->created_at))
		property(e, &first, "lineage:created", t);
	lg__emit_char(e, ']');
}

static void component(lg__emitter *e, const lg_export_view *v, lg_node n,
		      const ancestry *an)
{
	const lg_record *rec = lg_graph_record(v->g, n);

	lg__emit_str(e, "{\"type\":\"machine-learning-model\",\"bom-ref\":\"");
	lg__bom_purl(e, rec->id);
	lg__emit_char(e, '"');
	supplier(e, rec);
	lg__emit_char(e, ',');
	identity(e, rec->id);
	licenses(e, v, n);
	lg__emit_str(e, ",\"externalReferences\":[{\"type\":\"model-card\","
			"\"url\":\"");
	lg__bom_hub_url(e, rec->id);
	lg__emit_str(e, "\"}]");
	if (rec->pipeline_tag && *rec->pipeline_tag) {
		lg__emit_str(e, ",\"modelCard\":{\"modelParameters\":"
				"{\"task\":");
		str(e, rec->pipeline_tag);
		lg__emit_str(e, "}}");
	}
	pedigree(e, v, an);
	properties(e, v, n);
	lg__emit_char(e, '}');
}

/* -- the document --------------------------------------------------------- */

static void header(lg__emitter *e, const lg_export_view *v, const lg__bom *b)
{
	uint64_t digest[2];
	char uuid[37], t[21];

	lg__bom_digest(digest, v, b);
	lg__bom_uuid(uuid, digest);
	lg__emit_str(e, "{\n  \"bomFormat\": \"CycloneDX\",\n"
			"  \"specVersion\": \"1.6\",\n");
	lg__emitf(e, "  \"serialNumber\": \"urn:uuid:%s\",\n", uuid);
	lg__emit_str(e, "  \"version\": 1,\n  \"metadata\": {\n");
	if (lg__bom_newest(t, v, b))
		lg__emitf(e, "    \"timestamp\": \"%s\",\n", t);
	lg__emit_str(e, "    \"tools\": {\"components\": [{\"type\": "
			"\"application\", \"name\": \"lineage\", "
			"\"version\": \"" LG_VERSION "\"}]}\n  },\n"
			"  \"components\": [");
}

int lg_export_cyclonedx(FILE *stream, const lg_export_view *v, lg_error *err)
{
	lg__emitter em, *e = &em;
	lg__bom b = LG__BOM_INIT;
	ancestry an;
	size_t i;
	int rc;

	if (!v->audit)
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "a CycloneDX export needs the audit");
	if ((rc = lg__bom_init(&b, v, err)) < 0)
		return rc;
	if (ancestry_init(&an, lg_graph_count(v->g)) < 0) {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
		goto done;
	}
	lg__emit_begin(e, stream);
	header(e, v, &b);
	for (i = 0; i < b.n; i++) {
		walk_up(&an, v->g, b.order[i]);
		lg__emit_str(e, i ? ",\n    " : "\n    ");
		component(e, v, b.order[i], &an);
	}
	lg__emit_str(e, "\n  ]\n}\n");
	lg__emit_flush(e);
	rc = lg__export_done(stream, err);
done:
	ancestry_release(&an);
	lg__bom_release(&b);
	return rc;
}
