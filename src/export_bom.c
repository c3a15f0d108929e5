/*
 * export_bom.c - what the CycloneDX and SPDX writers share: the models of
 * a BOM in id order, the digest their document ids derive from, and the
 * names, URLs, licence ids and times they write.
 *
 * Hub ids are written percent-encoded wherever they stand in a purl, a URL
 * or an SPDX id, so that a hostile id (quotes, blanks, controls, U+2028)
 * still makes a valid one; licence refs are made SPDX idstrings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_bom.h"
#include "hash.h"
#include "lineage.h"

int lg__bom_init(lg__bom *b, const lg_export_view *v, lg_error *err)
{
	size_t n = lg_graph_count(v->g), i, k = 0;
	lg_node *by_rank;
	int rc;

	b->order = NULL;
	b->n = 0;
	if ((rc = lg_export_bom_models(&b->in, v, err)) < 0)
		return rc;
	by_rank = malloc((n + 1) * sizeof(*by_rank));
	if (!by_rank) {
		free(b->in);
		b->in = NULL;
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	for (i = 0; i < n; i++)
		by_rank[lg_graph_id_rank(v->g, (lg_node)i)] = (lg_node)i;
	for (i = 0; i < n; i++) /* compacted in place: k <= i */
		if (b->in[by_rank[i]])
			by_rank[k++] = by_rank[i];
	b->order = by_rank;
	b->n = k;
	return 0;
}

void lg__bom_release(lg__bom *b)
{
	if (!b)
		return;
	free(b->in);
	free(b->order);
	b->in = NULL;
	b->order = NULL;
	b->n = 0;
}

/* -- the digest ----------------------------------------------------------- */

typedef struct {
	lg__hasher h[2];
} digest;

static void add(digest *d, const void *p, size_t n)
{
	lg__hasher_add(&d->h[0], p, n);
	lg__hasher_add(&d->h[1], p, n);
}

/* A string with its end, so that "ab","c" is not "a","bc"; NULL apart. */
static void add_str(digest *d, const char *s)
{
	add(d, s ? "s" : "n", 1);
	if (s)
		add(d, s, strlen(s) + 1);
}

static void add_num(digest *d, uint64_t x)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(x >> (8 * i));
	add(d, b, sizeof(b));
}

static void add_license(digest *d, const lg_model_license *ml)
{
	size_t k;

	add_num(d, ml->n);
	for (k = 0; k < ml->n; k++) {
		add_str(d, ml->lic[k]->id);
		add_str(d, ml->lic[k]->spdx);
		add_str(d, ml->lic[k]->url);
		add_str(d, ml->other_name[k]);
	}
}

static void add_model(digest *d, const lg_export_view *v, lg_node n)
{
	const lg_record *rec = lg_graph_record(v->g, n);
	lg_concluded con = lg_audit_concluded(v->audit, n);
	const uint32_t *es;
	size_t m, k;

	add_str(d, rec->id);
	add_str(d, rec->author);
	add_str(d, rec->created_at);
	add_str(d, rec->last_modified);
	add_str(d, rec->pipeline_tag);
	add_str(d, rec->license_link);
	add_num(d, (uint64_t)lg_graph_is_external(v->g, n));
	add_license(d, lg_audit_license(v->audit, n));
	add_num(d, con.source);
	add_num(d, con.from);
	es = lg_graph_parent_edges(v->g, n, &m);
	add_num(d, m);
	for (k = 0; k < m; k++) {
		const lg_edge *e = lg_graph_edge(v->g, es[k]);
		const lg_edge_audit *ea = lg_audit_edge(v->audit, es[k]);

		add_num(d, e->parent);
		add_num(d, e->relation);
		add_num(d, e->relation_source);
		add_num(d, ea->verdict);
		add_num(d, ea->reasons);
	}
}

void lg__bom_digest(uint64_t out[2], const lg_export_view *v,
		    const lg__bom *b)
{
	digest d;
	size_t i;

	lg__hasher_init(&d.h[0], 0x6c696e65616765ULL); /* "lineage" */
	lg__hasher_init(&d.h[1], 0x626f6dULL);          /* "bom" */
	add_str(&d, LG_VERSION);
	add_num(&d, b->n);
	for (i = 0; i < b->n; i++)
		add_model(&d, v, b->order[i]);
	out[0] = lg__hasher_end(&d.h[0]);
	out[1] = lg__hasher_end(&d.h[1]);
}

void lg__bom_uuid(char out[37], const uint64_t d[2])
{
	unsigned char b[16];
	int i;

	for (i = 0; i < 8; i++) {
		b[i] = (unsigned char)(d[0] >> (56 - 8 * i));
		b[8 + i] = (unsigned char)(d[1] >> (56 - 8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x80); /* version 8 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* -- times ---------------------------------------------------------------- */

/* n decimal digits at s into *out. */
static int digits(const char *s, int n, int *out)
{
	int i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

static int days_in(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month - 1] + (month == 2 && leap);
}

int lg__bom_time(char out[21], const char *s)
{
	int y, mo, d, h, mi, se;
	const char *p;

	if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &se))
		return 0;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	/* the Hub writes UTC; another offset would need converting */
	if (strcmp(p, "Z") != 0 && strcmp(p, "z") != 0 &&
	    strcmp(p, "+00:00") != 0)
		return 0;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) ||
	    h > 23 || mi > 59 || se > 59)
		return 0;
	memcpy(out, s, 19); /* checked above: digits and separators */
	out[10] = 'T';
	out[19] = 'Z';
	out[20] = '\0';
	return 1;
}

int lg__bom_newest(char out[21], const lg_export_view *v, const lg__bom *b)
{
	char t[21];
	size_t i;
	int found = 0;

	for (i = 0; i < b->n; i++) {
		const lg_record *rec = lg_graph_record(v->g, b->order[i]);

		if (lg__bom_time(t, rec->created_at) &&
		    (!found || strcmp(t, out) > 0)) {
			memcpy(out, t, sizeof(t));
			found = 1;
		}
		if (lg__bom_time(t, rec->last_modified) &&
		    (!found || strcmp(t, out) > 0)) {
			memcpy(out, t, sizeof(t));
			found = 1;
		}
	}
	return found;
}

/* -- names and URLs ------------------------------------------------------- */

const char *lg__bom_author(const lg_record *rec, char *buf, size_t size)
{
	const char *slash;

	if (rec->author && *rec->author)
		return rec->author;
	slash = strchr(rec->id, '/');
	if (!slash || slash == rec->id || (size_t)(slash - rec->id) >= size)
		return NULL;
	memcpy(buf, rec->id, (size_t)(slash - rec->id));
	buf[slash - rec->id] = '\0';
	return buf;
}

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* c as a URI takes it: itself, or %XX; the length written to out. */
static size_t pct_byte(char out[3], unsigned char c, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	if (unreserved(c) || (keep_slash && c == '/')) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = '%';
	out[1] = hex[c >> 4];
	out[2] = hex[c & 15];
	return 3;
}

void lg__bom_pct(lg__emitter *e, const char *s, int keep_slash)
{
	char esc[3];

	for (; *s; s++)
		lg__emit_bytes(e, esc, pct_byte(esc, (unsigned char)*s,
						keep_slash));
}

void lg__bom_hub_url(lg__emitter *e, const char *id)
{
	lg__emit_str(e, "https://huggingface.co/");
	lg__bom_pct(e, id, 1);
}

size_t lg__bom_namespace_len(const char *id)
{
	const char *last = strrchr(id, '/'), *seg = id, *end;

	if (!last)
		return 0;
	for (;;) { /* every segment: not empty, not . or .. */
		end = strchr(seg, '/');
		if (!end)
			end = seg + strlen(seg);
		if (end == seg || (end - seg == 1 && seg[0] == '.') ||
		    (end - seg == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (!*end)
			return (size_t)(last - id);
		seg = end + 1;
	}
}

void lg__bom_purl(lg__emitter *e, const char *id)
{
	size_t ns = lg__bom_namespace_len(id);
	char space[LG_MAX_ID_LEN + 1];

	lg__emit_str(e, "pkg:huggingface/");
	if (!ns || ns >= sizeof(space)) {
		lg__bom_pct(e, id, 0);
		return;
	}
	memcpy(space, id, ns);
	space[ns] = '\0';
	lg__bom_pct(e, space, 1);
	lg__emit_char(e, '/');
	lg__bom_pct(e, id + ns + 1, 0);
}

/* -- licences ------------------------------------------------------------- */

#define REF_NAME_MAX 64

static int is_ref(const char *s)
{
	return s && strncmp(s, "LicenseRef-", 11) == 0;
}

const char *lg__bom_spdx_id(const lg_model_license *ml, size_t k)
{
	const lg_license *lic = ml->lic[k];

	if (ml->other_name[k] || !lic->spdx || is_ref(lic->spdx))
		return NULL;
	return lic->spdx;
}

const char *lg__bom_license_name(const lg_model_license *ml, size_t k)
{
	return ml->other_name[k] ? ml->other_name[k] : ml->lic[k]->id;
}

void lg__bom_license_ref(lg__emitter *e, const lg_model_license *ml,
			 size_t k)
{
	const char *id = lg__bom_spdx_id(ml, k), *name, *s;
	size_t len = 0;
	int changed = 0;

	if (id) {
		lg__emit_str(e, id);
		return;
	}
	if (!ml->other_name[k] && is_ref(ml->lic[k]->spdx)) {
		lg__emit_str(e, ml->lic[k]->spdx);
		return;
	}
	name = lg__bom_license_name(ml, k);
	lg__emit_str(e, "LicenseRef-");
	for (s = name; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '-';

		if (len == REF_NAME_MAX) {
			changed = 1;
			break;
		}
		lg__emit_char(e, ok ? (char)c : '-');
		changed |= !ok;
		len++;
	}
	if (changed) /* names made alike by the cleaning stay apart */
		lg__emitf(e, "-%08x",
			  (unsigned)(lg__hash64(name, strlen(name), 0) &
				     0xffffffffu));
}

/* An absolute http(s) URL of printable ASCII that a URI reader takes as
 * it is. */
static int plain_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    strchr("\"'<>\\^`{|}", *s))
			return 0;
	return 1;
}

/* A path inside the repository: "LICENSE", "./docs/LICENSE.md". */
static const char *repo_path(const char *s)
{
	const char *p;

	if (strncmp(s, "./", 2) == 0)
		s += 2;
	if (!*s || *s == '/' || strstr(s, ".."))
		return NULL;
	for (p = s; *p; p++)
		if (!unreserved((unsigned char)*p) && *p != '/')
			return NULL;
	return s;
}

/* https://huggingface.co/ID/blob/main/PATH into buf; 0 when too long. */
static int repo_url(char *buf, size_t size, const char *id, const char *path)
{
	size_t len = (size_t)snprintf(buf, size, "https://huggingface.co/");
	const char *s;

	for (s = id; *s && len + 3 < size; s++)
		len += pct_byte(buf + len, (unsigned char)*s, 1);
	if (*s || len >= size)
		return 0;
	buf[len] = '\0';
	return (size_t)snprintf(buf + len, size - len, "/blob/main/%s", path) <
	       size - len;
}

int lg__bom_license_link(char *buf, size_t size, const lg_record *rec,
			 const lg_model_license *ml, size_t k)
{
	const char *link = ml->n == 1 ? rec->license_link : NULL, *path;

	if (link && plain_url(link) && strlen(link) < size) {
		memcpy(buf, link, strlen(link) + 1);
		return 1;
	}
	if (link && (path = repo_path(link)) && repo_url(buf, size, rec->id, path))
		return 1;
	if (ml->lic[k]->url && !ml->other_name[k] &&
	    strlen(ml->lic[k]->url) < size) {
		memcpy(buf, ml->lic[k]->url, strlen(ml->lic[k]->url) + 1);
		return 1;
	}
	return 0;
}
