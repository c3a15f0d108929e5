/*
 * export_spdx.c - an SPDX 3.0.1 document in JSON-LD (SPEC §5): every
 * model of the BOM an ai_AIPackage, what it descends from, and its
 * declared and concluded licences.
 *
 * The @graph opens with the one CreationInfo every element shares, the
 * lineage agent and tool that made it and the SpdxDocument (its roots
 * are the models without a parent); then, a model at a time in id order:
 * its author's Agent the first time that author is met, its licence
 * expression the first time it is used, the package, and its
 * relationships: descendantOf its parents (one per relation kind, the
 * kind in its comment), hasDeclaredLicense and hasConcludedLicense. A
 * licence expression is one element per distinct licence set, shared,
 * unless the model's own license_link is the customIdToUri of its
 * LicenseRef; a concluded licence inherited from an ancestor points at
 * that ancestor's declared one. Element ids live under a namespace made
 * from a digest of the content (export_bom.h), so the same input gives
 * the same bytes and another gives other ids.
 *
 * Where the Hub has no value (SPEC §5, the AI profile's required
 * fields): packageVersion is NOASSERTION (a listing has no commit sha);
 * suppliedBy is NoAssertionElement for an id without a namespace and no
 * author; releaseTime of a model the Hub gives no creation time for is
 * the earliest creation time of a model derived from it (by then it
 * existed), else the document's, and its comment says so; a licence
 * nobody declares is NoAssertionLicense.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export_bom.h"
#include "export_impl.h"
#include "hash.h"
#include "lg_export.h"
#include "lineage.h"

#define CONTEXT "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
#define TERMS "https://spdx.org/rdf/3.0.1/terms/"
#define NO_ELEMENT TERMS "Core/NoAssertionElement"
#define NO_LICENSE TERMS "ExpandedLicensing/NoAssertionLicense"
#define CREATION "\"creationInfo\":\"_:creationinfo\""

/* What a writer keeps while it streams. */
typedef struct {
	lg__emitter *e;
	const lg_export_view *v;
	const lg__bom *b;
	char ns[80];          /* https://spdx.org/spdxdocs/lineage-UUID/ */
	char created[21];     /* the document's time */
	uint32_t *authors;    /* open addressing: a node + 1 per author met */
	size_t n_authors_slots;
	uint8_t *set_done;    /* per licence set: its element written */
	lg_node *parents;     /* scratch: a model's parents of one kind */
	size_t cap_parents;
} writer;

static void str(lg__emitter *e, const char *s)
{
	lg__emit_char(e, '"');
	lg__emit_json(e, s);
	lg__emit_char(e, '"');
}

/* An element id: the namespace, a kind, the id percent-encoded. */
static void element_id(writer *w, const char *kind, const char *id)
{
	lg__emit_str(w->e, w->ns);
	lg__emit_str(w->e, kind);
	lg__bom_pct(w->e, id, 1);
}

static void package_id(writer *w, lg_node n)
{
	lg__emit_char(w->e, '"');
	element_id(w, "model/", lg_graph_record(w->v->g, n)->id);
	lg__emit_char(w->e, '"');
}

/* -- authors -------------------------------------------------------------- */

/* The author of n (NULL for none); buf holds one made from the id. */
static const char *author(writer *w, lg_node n, char *buf, size_t size)
{
	return lg__bom_author(lg_graph_record(w->v->g, n), buf, size);
}

/* 1 when n's author is met for the first time (and remembers it). */
static int first_of_author(writer *w, lg_node n, const char *name)
{
	size_t mask = w->n_authors_slots - 1;
	size_t i = lg__hash64(name, strlen(name), 0) & mask;
	char buf[LG_MAX_ID_LEN + 1];

	for (; w->authors[i]; i = (i + 1) & mask) {
		const char *other = author(w, w->authors[i] - 1, buf,
					   sizeof(buf));

		if (other && strcmp(other, name) == 0)
			return 0;
	}
	w->authors[i] = n + 1;
	return 1;
}

static void agent(writer *w, const char *name)
{
	lg__emit_str(w->e, ",\n{\"type\":\"Agent\",\"spdxId\":\"");
	element_id(w, "author/", name);
	lg__emit_str(w->e, "\"," CREATION ",\"name\":");
	str(w->e, name);
	lg__emit_char(w->e, '}');
}

/* -- licences ------------------------------------------------------------- */

/* The licence expression of ml; sep joins the licences (" AND " in the
 * expression, "_AND_" in an element id, where no blank may stand). */
static void expression(lg__emitter *e, const lg_model_license *ml,
		       const char *sep)
{
	size_t k;

	for (k = 0; k < ml->n; k++) {
		if (k)
			lg__emit_str(e, sep);
		lg__bom_license_ref(e, ml, k);
	}
}

/* The model's own license_link is the URI of its one LicenseRef. */
static int own_link(const lg_record *rec, const lg_model_license *ml)
{
	char link[2048];

	return ml->n == 1 && !lg__bom_spdx_id(ml, 0) && rec->license_link &&
	       lg__bom_license_link(link, sizeof(link), rec, ml, 0);
}

/* The id of the expression element of what model n declares. */
static void license_id(writer *w, lg_node n)
{
	const lg_record *rec = lg_graph_record(w->v->g, n);
	const lg_model_license *ml = lg_audit_license(w->v->audit, n);

	lg__emit_str(w->e, w->ns);
	lg__emit_str(w->e, "license/");
	expression(w->e, ml, "_AND_");
	if (own_link(rec, ml)) {
		lg__emit_str(w->e, "/model/");
		lg__bom_pct(w->e, rec->id, 1);
	}
}

/* The expression element of what model n declares, unless written. */
static void license_element(writer *w, lg_node n)
{
	const lg_record *rec = lg_graph_record(w->v->g, n);
	const lg_model_license *ml = lg_audit_license(w->v->audit, n);
	uint32_t set = lg_audit_license_set(w->v->audit, n);
	char link[2048];
	size_t k;
	int first = 1;

	if (!own_link(rec, ml)) {
		if (w->set_done[set])
			return;
		w->set_done[set] = 1;
		rec = NULL; /* shared: no model's own link */
	}
	lg__emit_str(w->e, ",\n{\"type\":\"simplelicensing_LicenseExpression\","
			   "\"spdxId\":\"");
	license_id(w, n);
	lg__emit_str(w->e, "\"," CREATION ",\"simplelicensing_licenseExpression"
			   "\":\"");
	expression(w->e, ml, " AND ");
	lg__emit_char(w->e, '"');
	for (k = 0; k < ml->n; k++) {
		static const lg_record none = { 0 };

		if (lg__bom_spdx_id(ml, k) ||
		    !lg__bom_license_link(link, sizeof(link), rec ? rec : &none,
					  ml, k))
			continue;
		lg__emit_str(w->e, first ? ",\"simplelicensing_customIdToUri\":["
					 : ",");
		first = 0;
		lg__emit_str(w->e, "{\"type\":\"DictionaryEntry\",\"key\":\"");
		lg__bom_license_ref(w->e, ml, k);
		lg__emit_str(w->e, "\",\"value\":");
		str(w->e, link);
		lg__emit_char(w->e, '}');
	}
	if (!first)
		lg__emit_char(w->e, ']');
	lg__emit_char(w->e, '}');
}

/* -- the package ---------------------------------------------------------- */

/* The earliest creation time of a child of n; 0 when none has one. */
static int first_child_time(char out[21], const lg_graph *g, lg_node n)
{
	size_t m, k;
	const uint32_t *es = lg_graph_child_edges(g, n, &m);
	char t[21];
	int found = 0;

	for (k = 0; k < m; k++) {
		lg_node child = lg_graph_edge(g, es[k])->child;
		const lg_record *c = lg_graph_record(g, child);

		if (lg__bom_time(t, c->created_at) &&
		    (!found || strcmp(t, out) < 0)) {
			memcpy(out, t, sizeof(t));
			found = 1;
		}
	}
	return found;
}

static void package(writer *w, lg_node n, const char *supplier)
{
	const lg_record *rec = lg_graph_record(w->v->g, n);
	lg__emitter *e = w->e;
	char t[21];
	const char *note = NULL;

	lg__emit_str(e, ",\n{\"type\":\"ai_AIPackage\",\"spdxId\":");
	package_id(w, n);
	lg__emit_str(e, "," CREATION ",\"name\":");
	str(e, rec->id);
	lg__emit_str(e, ",\"suppliedBy\":\"");
	if (supplier)
		element_id(w, "author/", supplier);
	else
		lg__emit_str(e, NO_ELEMENT);
	if (!lg__bom_time(t, rec->created_at)) {
		note = "releaseTime: the Hub gives no creation time; this is "
		       "the earliest of a model derived from it";
		if (!first_child_time(t, w->v->g, n)) {
			memcpy(t, w->created, sizeof(t));
			note = "releaseTime: the Hub gives no creation time; "
			       "this is the document's";
		}
	}
	lg__emitf(e, "\",\"releaseTime\":\"%s\"", t);
	lg__emit_str(e, ",\"software_downloadLocation\":\"");
	lg__bom_hub_url(e, rec->id);
	lg__emit_str(e, "\",\"software_homePage\":\"");
	lg__bom_hub_url(e, rec->id);
	lg__emit_str(e, "\",\"software_packageUrl\":\"");
	lg__bom_purl(e, rec->id);
	lg__emit_str(e, "\",\"software_packageVersion\":\"NOASSERTION\","
			"\"software_primaryPurpose\":\"model\"");
	if (lg_graph_is_external(w->v->g, n) || note) {
		lg__emit_str(e, ",\"comment\":\"");
		if (lg_graph_is_external(w->v->g, n))
			lg__emit_str(e, "No record of its own in the input, "
					"only named as a parent: deleted, "
					"private or outside the snapshot.");
		if (note) {
			lg__emit_str(e, lg_graph_is_external(w->v->g, n)
						? " " : "");
			lg__emit_str(e, note);
			lg__emit_char(e, '.');
		}
		lg__emit_char(e, '"');
	}
	lg__emit_char(e, '}');
}

/* -- relationships -------------------------------------------------------- */

/* One relationship from model n; the caller writes "to" and the rest. */
static void relationship_open(writer *w, lg_node n, const char *type,
			      const char *kind)
{
	lg__emit_str(w->e, ",\n{\"type\":\"Relationship\",\"spdxId\":\"");
	element_id(w, "relation/", lg_graph_record(w->v->g, n)->id);
	lg__emit_char(w->e, '/');
	lg__emit_str(w->e, type);
	if (kind) {
		lg__emit_char(w->e, '/');
		lg__emit_str(w->e, kind);
	}
	lg__emit_str(w->e, "\"," CREATION ",\"relationshipType\":\"");
	lg__emit_str(w->e, type);
	lg__emit_str(w->e, "\",\"from\":");
	package_id(w, n);
}

/* The parents of n by relation kind, each kind one descendantOf. */
static int descends(writer *w, lg_node n)
{
	const lg_graph *g = w->v->g;
	size_t m, k, np, i;
	const uint32_t *es = lg_graph_parent_edges(g, n, &m);
	int r;

	for (r = 0; r < LG_REL_COUNT; r++) {
		np = 0;
		for (k = 0; k < m; k++) {
			const lg_edge *ed = lg_graph_edge(g, es[k]);

			if (ed->relation != r)
				continue;
			if (lg__array_grow((void **)&w->parents,
					   &w->cap_parents, np + 1,
					   sizeof(*w->parents)) < 0)
				return LG_ENOMEM;
			w->parents[np++] = ed->parent;
		}
		if (!np)
			continue;
		/* id order, as everywhere: insertion sort, parents are few */
		for (i = 1; i < np; i++) {
			lg_node x = w->parents[i];
			size_t j = i;

			for (; j && lg_graph_id_rank(g, w->parents[j - 1]) >
					    lg_graph_id_rank(g, x); j--)
				w->parents[j] = w->parents[j - 1];
			w->parents[j] = x;
		}
		relationship_open(w, n, "descendantOf", lg_relation_name(r));
		lg__emit_str(w->e, ",\"to\":[");
		for (i = 0; i < np; i++) {
			if (i)
				lg__emit_char(w->e, ',');
			package_id(w, w->parents[i]);
		}
		lg__emit_str(w->e, "],\"comment\":\"");
		lg__emit_str(w->e, lg_relation_name(r));
		lg__emit_str(w->e, "\"}");
	}
	return 0;
}

static void licensed(writer *w, lg_node n)
{
	lg_concluded con = lg_audit_concluded(w->v->audit, n);
	const lg_model_license *ml = lg_audit_license(w->v->audit, n);

	relationship_open(w, n, "hasDeclaredLicense", NULL);
	lg__emit_str(w->e, ",\"to\":[\"");
	if (ml->n)
		license_id(w, n);
	else
		lg__emit_str(w->e, NO_LICENSE);
	lg__emit_str(w->e, "\"]}");
	relationship_open(w, n, "hasConcludedLicense", NULL);
	lg__emit_str(w->e, ",\"to\":[\"");
	if (con.source == LG_CONCLUDED_NONE)
		lg__emit_str(w->e, NO_LICENSE);
	else
		license_id(w, con.from);
	lg__emit_char(w->e, '"');
	lg__emit_char(w->e, ']');
	if (con.source == LG_CONCLUDED_INHERITED) {
		lg__emit_str(w->e, ",\"comment\":");
		lg__emit_str(w->e, "\"inherited from ");
		lg__emit_json(w->e, lg_graph_record(w->v->g, con.from)->id);
		lg__emit_str(w->e, ", its nearest ancestor that declares a "
				   "licence\"");
	}
	lg__emit_char(w->e, '}');
}

static int model(writer *w, lg_node n)
{
	char buf[LG_MAX_ID_LEN + 1];
	const char *name = author(w, n, buf, sizeof(buf));
	lg_concluded con = lg_audit_concluded(w->v->audit, n);

	if (name && first_of_author(w, n, name))
		agent(w, name);
	if (lg_audit_license(w->v->audit, n)->n)
		license_element(w, n);
	/* a shared one may not be written yet; the ancestor's own one is
	 * written with the ancestor */
	if (con.source == LG_CONCLUDED_INHERITED &&
	    !own_link(lg_graph_record(w->v->g, con.from), con.license))
		license_element(w, con.from);
	package(w, n, name);
	if (descends(w, n) < 0)
		return LG_ENOMEM;
	licensed(w, n);
	return 0;
}

/* -- the document --------------------------------------------------------- */

static void header(writer *w)
{
	lg__emitter *e = w->e;
	size_t i, k = 0;

	lg__emitf(e, "{\"@context\":\"%s\",\n\"@graph\":[\n", CONTEXT);
	lg__emitf(e, "{\"type\":\"CreationInfo\",\"@id\":\"_:creationinfo\","
		     "\"specVersion\":\"3.0.1\",\"created\":\"%s\","
		     "\"createdBy\":[\"%slineage-agent\"],"
		     "\"createdUsing\":[\"%slineage-tool\"]}",
		  w->created, w->ns, w->ns);
	lg__emitf(e, ",\n{\"type\":\"SoftwareAgent\",\"spdxId\":"
		     "\"%slineage-agent\"," CREATION ",\"name\":\"lineage\"}",
		  w->ns);
	lg__emitf(e, ",\n{\"type\":\"Tool\",\"spdxId\":\"%slineage-tool\","
		     CREATION ",\"name\":\"lineage " LG_VERSION "\"}", w->ns);
	lg__emitf(e, ",\n{\"type\":\"SpdxDocument\",\"spdxId\":\"%sdocument\","
		     CREATION ",\"name\":\"lineage export\","
		     "\"comment\":\"Models of the Hugging Face Hub and what "
		     "each derives from. software_packageVersion is "
		     "NOASSERTION: a Hub listing gives no commit sha.\","
		     "\"profileConformance\":[\"core\",\"software\","
		     "\"simpleLicensing\",\"ai\"],\"rootElement\":[",
		  w->ns);
	for (i = 0; i < w->b->n; i++) {
		lg_node n = w->b->order[i];
		size_t m;

		lg_graph_parent_edges(w->v->g, n, &m);
		if (m)
			continue;
		lg__emit_str(e, k++ ? ",\n" : "\n");
		package_id(w, n);
	}
	lg__emit_str(e, "]}");
}

static int writer_init(writer *w, lg__emitter *e, const lg_export_view *v,
		       const lg__bom *b)
{
	uint64_t digest[2];
	char uuid[37];
	size_t slots = 16;

	memset(w, 0, sizeof(*w));
	w->e = e;
	w->v = v;
	w->b = b;
	lg__bom_digest(digest, v, b);
	lg__bom_uuid(uuid, digest);
	snprintf(w->ns, sizeof(w->ns), "https://spdx.org/spdxdocs/lineage-%s/",
		 uuid);
	if (!lg__bom_newest(w->created, v, b)) /* no time at all: the epoch */
		memcpy(w->created, "1970-01-01T00:00:00Z", 21);
	while (slots < 2 * b->n + 2)
		slots *= 2;
	w->authors = calloc(slots, sizeof(*w->authors));
	w->n_authors_slots = slots;
	w->set_done = calloc(lg_audit_license_sets(v->audit) + 1, 1);
	return w->authors && w->set_done ? 0 : LG_ENOMEM;
}

static void writer_release(writer *w)
{
	free(w->authors);
	free(w->set_done);
	free(w->parents);
}

int lg_export_spdx(FILE *stream, const lg_export_view *v, lg_error *err)
{
	lg__emitter em;
	lg__bom b = LG__BOM_INIT;
	writer w;
	size_t i;
	int rc;

	if (!v->audit)
		return lg_error_set(err, LG_EINVAL, NULL, 0,
				    "an SPDX export needs the audit");
	if ((rc = lg__bom_init(&b, v, err)) < 0)
		return rc;
	lg__emit_begin(&em, stream);
	if ((rc = writer_init(&w, &em, v, &b)) < 0)
		goto done;
	header(&w);
	for (i = 0; i < b.n && rc == 0; i++)
		rc = model(&w, b.order[i]);
	if (rc < 0)
		goto done;
	lg__emit_str(&em, "\n]}\n");
	lg__emit_flush(&em);
	rc = lg__export_done(stream, err);
done:
	if (rc == LG_ENOMEM)
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	writer_release(&w);
	lg__bom_release(&b);
	return rc;
}
