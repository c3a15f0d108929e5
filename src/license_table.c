/*
 * license_table.c - reading data/licenses.tab (and user files like it)
 * into the licence table.
 *
 * The format is one record a line, blank-separated fields (see the file's
 * own header). Parsing is strict: an unknown keyword, family, verdict or
 * licence id is an error naming the source and line, since a silently
 * ignored rule would change every audit.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "hash.h"
#include "index.h"
#include "license_impl.h"

extern const unsigned char lg__licenses_data[];
extern const size_t lg__licenses_data_len;

static const char *const family_names[LG_FAM_COUNT] = {
	"permissive", "weak-copyleft", "copyleft", "non-commercial",
	"no-derivatives", "use-restricted", "vendor", "other", "unknown"
};
static const char *const openness_names[LG_OPEN_COUNT] = {
	"osi", "open-content", "restricted", "nc-nd", "other", "unknown"
};
static const char *const verdict_names[LG_VERDICT_COUNT] = {
	"ok", "info", "warn", "conflict"
};
static const char *const fixed_codes[LG__CODE_FIXED] = {
	"LLAMA_NAME_PREFIX", "VENDOR_NOT_IN_ANCESTRY",
	"MISSING_LLAMA_LICENSE", "MERGE_COPYLEFT_VS_RESTRICTED",
	"MERGE_MULTI_COPYLEFT", "MERGE_NC_PLUS_SHAREALIKE",
	"MERGE_MULTI_VENDOR", "NO_TRAIN_OTHER_LLM", "MAU_LIMIT",
	"DECLARED_FAMILY_CLASH", "PARENT_LICENSE_CHOSEN",
	"JUDGED_BY_ANCESTOR", "POLICY_FLAG", "POLICY_DENY"
};

static int find_name(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *lg_family_name(int f)
{
	return f >= 0 && f < LG_FAM_COUNT ? family_names[f] : NULL;
}

const char *lg_openness_name(int o)
{
	return o >= 0 && o < LG_OPEN_COUNT ? openness_names[o] : NULL;
}

const char *lg_verdict_name(int v)
{
	return v >= 0 && v < LG_VERDICT_COUNT ? verdict_names[v] : NULL;
}

int lg_verdict_parse(const char *name)
{
	return find_name(verdict_names, LG_VERDICT_COUNT, name);
}

int lg__license_code(lg_license_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->n_codes; i++)
		if (strcmp(t->codes[i], name) == 0)
			return i;
	if (t->n_codes == LG__MAX_CODES)
		return -1;
	t->codes[t->n_codes] = lg__arena_strndup(&t->arena, name, strlen(name));
	if (!t->codes[t->n_codes])
		return -1;
	return t->n_codes++;
}

/* -- the id index ----------------------------------------------------- */

static int id_eq(uint32_t v, const void *key, const void *ctx)
{
	const lg_license_table *t = ctx;

	return lg_id_equal(t->lics[v]->id, key);
}

static uint64_t id_hash(uint32_t v, const void *ctx)
{
	const lg_license_table *t = ctx;

	return lg_id_hash(t->lics[v]->id);
}

const lg_license *lg_license_find(const lg_license_table *t, const char *id)
{
	long v = lg__index_get(&t->ids, lg_id_hash(id), id_eq, id, t);

	return v < 0 ? NULL : t->lics[v];
}

/* Appends lic, whose id is new, and indexes it. */
static int index_license(lg_license_table *t, lg_license *lic)
{
	size_t slot;

	if (lg__index_reserve(&t->ids, t->n_lics + 1, id_hash, t) < 0 ||
	    lg__array_grow((void **)&t->lics, &t->cap_lics, t->n_lics + 1,
			   sizeof(*t->lics)) < 0)
		return LG_ENOMEM;
	slot = lg__index_find(&t->ids, lg_id_hash(lic->id), id_eq, lic->id, t);
	t->lics[t->n_lics] = lic;
	lg__index_put(&t->ids, slot, (uint32_t)t->n_lics++);
	return 0;
}

/* -- records ---------------------------------------------------------- */

#define MAX_FIELDS 16

typedef struct {
	lg_license_table *t;
	const char *source;
	long line;
	lg_error *err;
	char *field[MAX_FIELDS];
	int n;
	const char *rest; /* the text after the second field, for basis */
} record;

static int bad(record *r, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int bad(record *r, const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return lg_error_set(r->err, LG_EPARSE, r->source, r->line, "%s",
			    text);
}

static char *copy(record *r, const char *s)
{
	return lg__arena_strndup(&r->t->arena, s, strlen(s));
}

/* An SPDX idstring: what a licence id or LicenseRef- may hold, so that
 * it can stand in a licence expression as it is. */
static int spdx_idstring(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
			return 0;
	return 1;
}

/* An absolute http(s) URL that every BOM format takes as it is. */
static int plain_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f ||
		    strchr("\"'<>\\^`{|}", *s))
			return 0;
	return 1;
}

static int parse_license_option(record *r, lg_license *lic, const char *opt)
{
	const char *eq = strchr(opt, '=');
	const char *value = eq ? eq + 1 : NULL;
	size_t key_len = eq ? (size_t)(eq - opt) : strlen(opt);
	char *end;

#define KEY(k) (key_len == strlen(k) && strncmp(opt, k, key_len) == 0)
	if (!value && KEY("hub"))
		lic->hub = 1;
	else if (!value && KEY("no-sublicense"))
		lic->no_sublicense = 1;
	else if (!value && KEY("no-train-other"))
		lic->no_train_other = 1;
	else if (value && KEY("vendor"))
		lic->vendor = copy(r, value);
	else if (value && KEY("version"))
		lic->version = copy(r, value);
	else if (value && KEY("prefix"))
		lic->prefix = copy(r, value);
	else if (value && KEY("fold"))
		lic->fold = copy(r, value);
	else if (value && KEY("spdx")) {
		if (!spdx_idstring(value))
			return bad(r, "bad SPDX id in '%s' (letters, digits, "
				      "'.' and '-')", opt);
		lic->spdx = copy(r, value);
	} else if (value && KEY("url")) {
		if (!plain_url(value))
			return bad(r, "bad URL in '%s' (http:// or https://, "
				      "no blanks or quotes)", opt);
		lic->url = copy(r, value);
	}
	else if (value && KEY("mau")) {
		errno = 0;
		lic->mau = strtoull(value, &end, 10);
		if (errno || *end || end == value)
			return bad(r, "bad number in '%s'", opt);
	} else if (value && KEY("class")) {
		int c = find_name(openness_names, LG_OPEN_COUNT, value);

		if (c < 0)
			return bad(r, "unknown openness class in '%s'", opt);
		lic->openness = (lg_openness)c;
	} else {
		return bad(r, "unknown licence attribute '%s'", opt);
	}
#undef KEY
	return 0;
}

static lg_openness default_openness(lg_family f)
{
	switch (f) {
	case LG_FAM_PERMISSIVE:
	case LG_FAM_WEAK_COPYLEFT:
	case LG_FAM_COPYLEFT: return LG_OPEN_OSI;
	case LG_FAM_NON_COMMERCIAL:
	case LG_FAM_NO_DERIVATIVES: return LG_OPEN_NC_ND;
	case LG_FAM_USE_RESTRICTED:
	case LG_FAM_VENDOR: return LG_OPEN_RESTRICTED;
	case LG_FAM_OTHER: return LG_OPEN_OTHER;
	default: return LG_OPEN_UNKNOWN;
	}
}

/* license ID FAMILY [options]; a known id is overridden in place, so
 * pointers handed out earlier see the new attributes. */
static int parse_license(record *r)
{
	lg_license_table *t = r->t;
	lg_license parsed, *lic;
	int family, i, rc;

	if (r->n < 3)
		return bad(r, "%s: 'license ID FAMILY' wanted", "license");
	family = find_name(family_names, LG_FAM_COUNT, r->field[2]);
	if (family < 0)
		return bad(r, "unknown licence family '%s'", r->field[2]);
	memset(&parsed, 0, sizeof(parsed));
	parsed.family = (lg_family)family;
	parsed.openness = default_openness(parsed.family);
	for (i = 3; i < r->n; i++)
		if ((rc = parse_license_option(r, &parsed, r->field[i])) < 0)
			return rc;
	lic = (lg_license *)lg_license_find(t, r->field[1]);
	if (lic) {
		parsed.id = lic->id;
		*lic = parsed;
		return 0;
	}
	lic = lg__arena_alloc(&t->arena, sizeof(*lic));
	if (!lic)
		return LG_ENOMEM;
	*lic = parsed;
	lic->id = copy(r, r->field[1]);
	if (!lic->id)
		return LG_ENOMEM;
	if (lg_id_equal(lic->id, "unknown"))
		t->unknown = lic;
	if (lg_id_equal(lic->id, "other"))
		t->other = lic;
	return index_license(t, lic);
}

static const lg_license *known(record *r, const char *id)
{
	const lg_license *lic = lg_license_find(r->t, id);

	if (!lic)
		bad(r, "unknown licence '%s' (define it with 'license' first)",
		    id);
	return lic;
}

static int parse_alias(record *r)
{
	lg_license_table *t = r->t;
	const lg_license *lic;
	size_t len, i;
	char *name;
	int prefix;

	if (r->n != 3)
		return bad(r, "%s: 'alias NAME ID' wanted", "alias");
	if (!(lic = known(r, r->field[2])))
		return LG_EPARSE;
	len = strlen(r->field[1]);
	name = copy(r, r->field[1]);
	if (!name)
		return LG_ENOMEM;
	for (i = 0; i < len; i++)
		name[i] = (char)lg__ascii_lower((unsigned char)name[i]);
	/* the * is stripped before comparing, so `alias NAME* ID` in a
	 * user file replaces the built-in NAME* rather than trailing it */
	prefix = len > 1 && name[len - 1] == '*';
	if (prefix)
		name[len - 1] = '\0';
	for (i = 0; i < t->n_aliases; i++)
		if (t->aliases[i].prefix == prefix &&
		    strcmp(t->aliases[i].name, name) == 0) {
			t->aliases[i].lic = lic; /* a later alias wins */
			return 0;
		}
	if (lg__array_grow((void **)&t->aliases, &t->cap_aliases,
			   t->n_aliases + 1, sizeof(*t->aliases)) < 0)
		return LG_ENOMEM;
	t->aliases[t->n_aliases].prefix = prefix;
	t->aliases[t->n_aliases].name = name;
	t->aliases[t->n_aliases++].lic = lic;
	return 0;
}

/* VERDICT or VERDICT:CODE */
static int parse_outcome(record *r, const char *text, lg__outcome *out)
{
	char verdict[16];
	const char *colon = strchr(text, ':');
	size_t len = colon ? (size_t)(colon - text) : strlen(text);
	int v, code = -1;

	if (len >= sizeof(verdict))
		return bad(r, "unknown verdict in '%s'", text);
	memcpy(verdict, text, len);
	verdict[len] = '\0';
	v = lg_verdict_parse(verdict);
	if (v < 0)
		return bad(r, "unknown verdict in '%s'", text);
	if (colon && (code = lg__license_code(r->t, colon + 1)) < 0)
		return bad(r, "more than 64 reason codes at '%s'", text);
	out->verdict = (int8_t)v;
	out->code = (int8_t)code;
	return 0;
}

static int parse_modifier(record *r, lg__rule *rule, const char *text)
{
	static const char *const keys[] = { "same", "adapter",
					    "quantized-same", "same-vendor",
					    "no-sublicense" };
	lg__outcome *slots[] = { &rule->same, &rule->adapter,
				 &rule->quantized_same, &rule->same_vendor,
				 &rule->no_sublicense };
	const char *eq = strchr(text, '=');
	size_t i;

	for (i = 0; eq && i < sizeof(keys) / sizeof(*keys); i++)
		if (strlen(keys[i]) == (size_t)(eq - text) &&
		    strncmp(text, keys[i], (size_t)(eq - text)) == 0)
			return parse_outcome(r, eq + 1, slots[i]);
	return bad(r, "unknown rule modifier '%s'", text);
}

static int family_or_any(record *r, const char *name, int *lo, int *hi)
{
	int f;

	if (strcmp(name, "*") == 0) {
		*lo = 0;
		*hi = LG_FAM_COUNT - 1;
		return 0;
	}
	f = find_name(family_names, LG_FAM_COUNT, name);
	if (f < 0)
		return bad(r, "unknown licence family '%s'", name);
	*lo = *hi = f;
	return 0;
}

/* rule PARENT CHILD VERDICT [CODE] [MODIFIER=...]... */
static int parse_rule(record *r)
{
	lg__rule rule;
	int plo = 0, phi = -1, clo = 0, chi = -1, p, c, i = 4, rc, v;

	if (r->n < 4)
		return bad(r, "%s: 'rule PARENT CHILD VERDICT' wanted", "rule");
	if ((rc = family_or_any(r, r->field[1], &plo, &phi)) < 0 ||
	    (rc = family_or_any(r, r->field[2], &clo, &chi)) < 0)
		return rc;
	memset(&rule, 0xff, sizeof(rule)); /* every outcome unset */
	if ((v = lg_verdict_parse(r->field[3])) < 0)
		return bad(r, "unknown verdict '%s'", r->field[3]);
	rule.base.verdict = (int8_t)v;
	if (r->n > 4 && !strchr(r->field[4], '=')) {
		rule.base.code = (int8_t)lg__license_code(r->t, r->field[4]);
		if (rule.base.code < 0)
			return bad(r, "more than 64 reason codes at '%s'",
				   r->field[4]);
		i = 5;
	}
	for (; i < r->n; i++)
		if ((rc = parse_modifier(r, &rule, r->field[i])) < 0)
			return rc;
	for (p = plo; p <= phi; p++)
		for (c = clo; c <= chi; c++)
			r->t->rules[p][c] = rule;
	return 0;
}

static int parse_compatible(record *r)
{
	lg_license_table *t = r->t;
	const lg_license *a, *b;

	if (r->n != 3)
		return bad(r, "%s: 'compatible PARENT CHILD' wanted",
			   "compatible");
	if (!(a = known(r, r->field[1])) || !(b = known(r, r->field[2])))
		return LG_EPARSE;
	if (lg__array_grow((void **)&t->compatible, &t->cap_compatible,
			   t->n_compatible + 1, sizeof(*t->compatible)) < 0)
		return LG_ENOMEM;
	t->compatible[t->n_compatible][0] = a;
	t->compatible[t->n_compatible++][1] = b;
	return 0;
}

static int parse_basis(record *r)
{
	int code;

	if (r->n < 3 || !r->rest)
		return bad(r, "%s: 'basis CODE TEXT' wanted", "basis");
	code = lg__license_code(r->t, r->field[1]);
	if (code < 0)
		return bad(r, "more than 64 reason codes at '%s'", r->field[1]);
	r->t->basis[code] = copy(r, r->rest);
	return r->t->basis[code] ? 0 : LG_ENOMEM;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The text after the first two fields, trimmed (for basis), or NULL. */
static const char *rest_after_two(record *r, const char *p)
{
	int k;
	size_t len;

	for (k = 0; k < 2; k++) {
		while (is_blank(*p))
			p++;
		while (*p && !is_blank(*p))
			p++;
	}
	while (is_blank(*p))
		p++;
	len = strlen(p);
	while (len && is_blank(p[len - 1]))
		len--;
	return len ? lg__arena_strndup(&r->t->arena, p, len) : NULL;
}

/* Splits line (modified in place) into blank-separated fields; -1 when
 * there are more than MAX_FIELDS. */
static int split(record *r, char *p)
{
	r->n = 0;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			return 0;
		if (r->n == MAX_FIELDS)
			return -1;
		r->field[r->n++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

/* Whether the line's first field is `basis`, wherever it starts. */
static int is_basis(const char *p)
{
	while (is_blank(*p))
		p++;
	return strncmp(p, "basis", 5) == 0 && (!p[5] || is_blank(p[5]));
}

static int parse_line(record *r, char *line)
{
	char *hash = strchr(line, '#');
	int rc, basis;

	if (hash)
		*hash = '\0';
	/* basis keeps its text whole, taken before split cuts it up; no
	 * other record needs MAX_FIELDS, so more is an error, not a loss */
	basis = is_basis(line);
	r->rest = basis ? rest_after_two(r, line) : NULL;
	if (split(r, line) < 0 && !basis)
		return bad(r, "more than %d fields", MAX_FIELDS);
	if (r->n == 0)
		return 0;
	if (strcmp(r->field[0], "license") == 0)
		rc = parse_license(r);
	else if (strcmp(r->field[0], "alias") == 0)
		rc = parse_alias(r);
	else if (strcmp(r->field[0], "rule") == 0)
		rc = parse_rule(r);
	else if (strcmp(r->field[0], "compatible") == 0)
		rc = parse_compatible(r);
	else if (strcmp(r->field[0], "basis") == 0)
		rc = parse_basis(r);
	else
		rc = bad(r, "unknown record '%s' (license, alias, rule, "
			    "compatible, basis)", r->field[0]);
	if (rc == LG_ENOMEM)
		return lg_error_set(r->err, LG_ENOMEM, r->source, r->line,
				    "out of memory");
	return rc;
}

int lg_license_table_load(lg_license_table *t, const char *text, size_t len,
			  const char *source, lg_error *err)
{
	record r;
	lg_buf line = LG_BUF_INIT;
	size_t start = 0, end;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.source = source;
	r.err = err;
	t->fingerprint = lg__hash64(text, len, t->fingerprint);
	while (rc == 0 && start < len) {
		const char *nl = memchr(text + start, '\n', len - start);

		end = nl ? (size_t)(nl - text) : len;
		r.line++;
		line.len = 0;
		if (lg__buf_add(&line, text + start, end - start) < 0 ||
		    lg__buf_add(&line, "", 1) < 0) {
			rc = lg_error_set(err, LG_ENOMEM, source, r.line,
					  "out of memory");
			break;
		}
		if (memchr(line.data, '\0', line.len - 1))
			rc = bad(&r, "%s", "a NUL byte in the line");
		else
			rc = parse_line(&r, line.data);
		start = end + 1;
	}
	lg__buf_release(&line);
	return rc;
}

int lg_license_table_load_file(lg_license_table *t, const char *path,
			       lg_error *err)
{
	lg_buf text = LG_BUF_INIT;
	int rc = lg__buf_read_file(&text, path, err);

	if (rc == 0)
		rc = lg_license_table_load(t, text.data, text.len, path, err);
	lg__buf_release(&text);
	return rc;
}

uint64_t lg_license_table_fingerprint(const lg_license_table *t)
{
	return t->fingerprint;
}

int lg_license_table_new(lg_license_table **out, lg_error *err)
{
	lg_license_table *t = calloc(1, sizeof(*t));
	int i, rc;

	*out = NULL;
	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	memset(t->rules, 0xff, sizeof(t->rules));
	for (i = 0; i < LG__CODE_FIXED; i++)
		if (lg__license_code(t, fixed_codes[i]) != i) {
			lg_license_table_free(t);
			return lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
		}
	rc = lg_license_table_load(t, (const char *)lg__licenses_data,
				   lg__licenses_data_len, "licenses.tab", err);
	if (rc == 0 && (!t->unknown || !t->other))
		rc = lg_error_set(err, LG_EPARSE, "licenses.tab", 0,
				  "no 'unknown' or 'other' licence defined");
	if (rc < 0) {
		lg_license_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void lg_license_table_free(lg_license_table *t)
{
	if (!t)
		return;
	lg__arena_release(&t->arena);
	free(t->lics);
	lg__index_release(&t->ids);
	free(t->aliases);
	free(t->compatible);
	free(t);
}

int lg__license_same(const lg_license_table *t, const lg_license *parent,
		     const lg_license *child)
{
	size_t i;

	if (parent == child)
		return 1;
	for (i = 0; i < t->n_compatible; i++)
		if (t->compatible[i][0] == parent && t->compatible[i][1] == child)
			return 1;
	return 0;
}

int lg_license_table_reason_code(const lg_license_table *t, const char *name)
{
	int code;

	for (code = 0; code < t->n_codes; code++)
		if (strcmp(t->codes[code], name) == 0)
			return code;
	return -1;
}
