/*
 * policy.c - policies and waivers (lg_policy.h): two small line formats,
 * read strictly (a bad line is an error naming it: a policy read wrong
 * would pass what it should stop), and the lookups the audit makes.
 */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "buf.h"
#include "lg_policy.h"

static const char *const use_names[LG_USE_COUNT] = {
	"internal", "share", "sell", "hosted"
};
static const char *const action_names[LG_ACTION_COUNT] = {
	"allow", "flag", "deny"
};

const char *lg_use_name(int use)
{
	return use >= 0 && use < LG_USE_COUNT ? use_names[use] : "?";
}

int lg_use_parse(const char *name)
{
	int i;

	for (i = 0; i < LG_USE_COUNT; i++)
		if (strcmp(name, use_names[i]) == 0)
			return i;
	return -1;
}

const char *lg_action_name(int action)
{
	return action >= 0 && action < LG_ACTION_COUNT ? action_names[action]
						       : "?";
}

/* -- lines and fields ------------------------------------------------------ */

typedef struct {
	const char *p, *end, *source;
	long line;
} reader;

/* The next line without its comment into buf (NUL-terminated); 0 at the
 * end, -1 when longer than buf. */
static int next_line(reader *r, char *buf, size_t size)
{
	const char *nl, *hash;
	size_t len;

	if (r->p >= r->end)
		return 0;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	len = (size_t)((nl ? nl : r->end) - r->p);
	r->line++;
	if (len >= size) {
		r->p = nl ? nl + 1 : r->end;
		return -1;
	}
	memcpy(buf, r->p, len);
	buf[len] = '\0';
	if ((hash = strchr(buf, '#')))
		buf[hash - buf] = '\0';
	r->p = nl ? nl + 1 : r->end;
	return 1;
}

/* Splits up to max blank-separated fields in place; the last one keeps
 * the rest of the line when rest is set. Returns how many. */
static int fields(char *line, char **f, int max, int rest)
{
	int n = 0;

	while (n < max) {
		while (*line == ' ' || *line == '\t' || *line == '\r')
			line++;
		if (!*line)
			break;
		f[n++] = line;
		if (rest && n == max)
			break;
		while (*line && *line != ' ' && *line != '\t' && *line != '\r')
			line++;
		if (*line)
			*line++ = '\0';
	}
	if (rest && n == max) { /* trim the rest's end */
		char *e = f[n - 1] + strlen(f[n - 1]);

		while (e > f[n - 1] && (e[-1] == ' ' || e[-1] == '\t' ||
					e[-1] == '\r'))
			*--e = '\0';
	}
	return n;
}

/* -- policies --------------------------------------------------------------- */

enum { SUBJECT_ANY, SUBJECT_FAMILY, SUBJECT_UNKNOWN, SUBJECT_LICENSE };

typedef struct {
	int action, kind;        /* kind: SUBJECT_*, also its specificity */
	const lg_license *lic;   /* SUBJECT_LICENSE */
	int family;              /* SUBJECT_FAMILY */
	unsigned uses;           /* bit per lg_use */
	long line;
} rule;

struct lg_policy {
	rule *rules;
	size_t n, cap;
	char source[256];
};

static int parse_family(const char *name)
{
	int f;

	for (f = 0; f < LG_FAM_COUNT; f++)
		if (strcmp(name, lg_family_name(f)) == 0)
			return f;
	return -1;
}

static int parse_subject(rule *r, const char *s, const lg_license_table *t)
{
	if (strcmp(s, "*") == 0) {
		r->kind = SUBJECT_ANY;
	} else if (strcmp(s, "unknown") == 0) {
		r->kind = SUBJECT_UNKNOWN;
	} else if (strncmp(s, "family:", 7) == 0) {
		r->kind = SUBJECT_FAMILY;
		if ((r->family = parse_family(s + 7)) < 0)
			return -1;
	} else {
		r->kind = SUBJECT_LICENSE;
		if (!(r->lic = lg_license_find(t, s)))
			return -1;
	}
	return 0;
}

/* "sell,hosted" or "*" as bits; 0 when a use is unknown. */
static unsigned parse_uses(char *list)
{
	unsigned bits = 0;
	char *save, *u;
	int k;

	for (u = strtok_r(list, ",", &save); u; u = strtok_r(NULL, ",", &save)) {
		if (strcmp(u, "*") == 0) {
			bits |= (1u << LG_USE_COUNT) - 1;
			continue;
		}
		if ((k = lg_use_parse(u)) < 0)
			return 0;
		bits |= 1u << k;
	}
	return bits;
}

static int bad_line(const reader *r, lg_error *err, const char *what,
		    const char *value)
{
	return lg_error_set(err, LG_EPARSE, r->source, r->line, "%s%s%s%s",
			    what, value ? " '" : "", value ? value : "",
			    value ? "'" : "");
}

/* One line: ACTION SUBJECTS USES, a rule per subject. */
static int policy_line(lg_policy *p, const reader *r, char *line,
		       const lg_license_table *t, lg_error *err)
{
	char *f[4], *save, *s;
	int n = fields(line, f, 4, 0), action;
	unsigned uses;

	if (n == 0)
		return 0;
	if (n != 3)
		return bad_line(r, err, "a rule is ACTION SUBJECT[,...] "
					"USE[,...]", NULL);
	for (action = 0; action < LG_ACTION_COUNT &&
			 strcmp(f[0], action_names[action]);
	     action++)
		;
	if (action == LG_ACTION_COUNT)
		return bad_line(r, err, "the action is allow, flag or deny, not",
				f[0]);
	if (!(uses = parse_uses(f[2])))
		return bad_line(r, err, "uses are internal, share, sell, hosted "
					"or *, not", f[2]);
	for (s = strtok_r(f[1], ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		rule ru = { action, 0, NULL, 0, uses, r->line };

		if (parse_subject(&ru, s, t) < 0)
			return bad_line(r, err, "no licence id, family:NAME, "
						"unknown or * is", s);
		if (lg__array_grow((void **)&p->rules, &p->cap, p->n + 1,
				   sizeof(*p->rules)) < 0)
			return lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
		p->rules[p->n++] = ru;
	}
	return 0;
}

int lg_policy_load(lg_policy **out, const char *text, size_t len,
		   const char *source, const lg_license_table *t, lg_error *err)
{
	lg_policy *p = calloc(1, sizeof(*p));
	reader r = { text, text + len, source, 0 };
	char line[4096];
	int got, rc = 0;

	*out = NULL;
	if (!p)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	snprintf(p->source, sizeof(p->source), "%s", source);
	while (rc == 0 && (got = next_line(&r, line, sizeof(line))) != 0)
		rc = got < 0 ? bad_line(&r, err, "the line is too long", NULL)
			     : policy_line(p, &r, line, t, err);
	if (rc < 0) {
		lg_policy_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

int lg_policy_load_file(lg_policy **out, const char *path,
			const lg_license_table *t, lg_error *err)
{
	lg_buf text = LG_BUF_INIT;
	int rc = lg__buf_read_file(&text, path, err);

	*out = NULL;
	if (rc == 0)
		rc = lg_policy_load(out, text.data, text.len, path, t, err);
	lg__buf_release(&text);
	return rc;
}

void lg_policy_free(lg_policy *p)
{
	if (!p)
		return;
	free(p->rules);
	free(p);
}

const char *lg_policy_source(const lg_policy *p)
{
	return p->source;
}

/* Whether rule ru speaks of licence lic (NULL: none declared). */
static int names(const rule *ru, const lg_license *lic)
{
	switch (ru->kind) {
	case SUBJECT_LICENSE:
		return lic == ru->lic;
	case SUBJECT_UNKNOWN:
		return !lic;
	case SUBJECT_FAMILY:
		return (lic ? (int)lic->family : LG_FAM_UNKNOWN) == ru->family;
	default:
		return 1;
	}
}

/* The deciding rule for one licence under a use: the most specific, the
 * last among equals; NULL when none names it. */
static const rule *deciding(const lg_policy *p, const lg_license *lic,
			    lg_use use)
{
	const rule *best = NULL;
	size_t i;

	for (i = 0; i < p->n; i++) {
		const rule *ru = &p->rules[i];

		if ((ru->uses & (1u << use)) && names(ru, lic) &&
		    (!best || ru->kind >= best->kind))
			best = ru;
	}
	return best;
}

lg_action lg_policy_action(const lg_policy *p, const lg_model_license *ml,
			   lg_use use, long *line)
{
	const rule *chosen = NULL;
	lg_action best = LG_ACTION_DENY;
	size_t i;

	*line = 0;
	if (!ml->n) {
		chosen = deciding(p, NULL, use);
		best = chosen ? (lg_action)chosen->action : LG_ACTION_ALLOW;
	}
	for (i = 0; i < ml->n; i++) { /* the licence the policy likes best */
		const rule *ru = deciding(p, ml->lic[i], use);
		lg_action a = ru ? (lg_action)ru->action : LG_ACTION_ALLOW;

		if (i == 0 || a < best) {
			best = a;
			chosen = ru;
		}
	}
	if (chosen)
		*line = chosen->line;
	return best;
}

/* -- waivers ------------------------------------------------------------------- */

struct lg_waivers {
	lg_waiver *at;
	size_t n, cap;
	lg_arena text;        /* globs and justifications */
	char source[256];
};

/* Days from 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int32_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int32_t lg_date_days(const char *date)
{
	static const int month_days[12] = { 31, 29, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31 };
	int y, m, d, used = 0;

	if (sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || date[10] || y < 1970 || m < 1 || m > 12 || d < 1 ||
	    d > month_days[m - 1] ||
	    (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
		return -1;
	return days_from_civil(y, m, d);
}

static int waiver_line(lg_waivers *w, const reader *r, char *line,
		       int (*code_of)(const void *, const char *),
		       const void *ctx, lg_error *err)
{
	char *f[4];
	int n = fields(line, f, 4, 1);
	lg_waiver wv = { NULL, -1, INT32_MAX, NULL, NULL, r->line,
			 (long)w->n };

	if (n == 0)
		return 0;
	if (n != 4)
		return bad_line(r, err, "a waiver is MODEL-GLOB REASON EXPIRES "
					"JUSTIFICATION", NULL);
	if (strcmp(f[1], "*") != 0 && (wv.code = code_of(ctx, f[1])) < 0)
		return bad_line(r, err, "no reason code is", f[1]);
	if (strcmp(f[2], "never") != 0 && (wv.expires = lg_date_days(f[2])) < 0)
		return bad_line(r, err, "EXPIRES is YYYY-MM-DD or never, not",
				f[2]);
	wv.glob = lg__arena_strndup(&w->text, f[0], strlen(f[0]));
	wv.justification = lg__arena_strndup(&w->text, f[3], strlen(f[3]));
	wv.expires_text = lg__arena_strndup(&w->text, f[2], strlen(f[2]));
	if (!wv.glob || !wv.justification || !wv.expires_text ||
	    lg__array_grow((void **)&w->at, &w->cap, w->n + 1,
			   sizeof(*w->at)) < 0)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	w->at[w->n++] = wv;
	return 0;
}

int lg_waivers_load(lg_waivers **out, const char *text, size_t len,
		    const char *source, int (*code_of)(const void *ctx,
						       const char *name),
		    const void *ctx, lg_error *err)
{
	lg_waivers *w = calloc(1, sizeof(*w));
	reader r = { text, text + len, source, 0 };
	char line[4096];
	int got, rc = 0;

	*out = NULL;
	if (!w)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	snprintf(w->source, sizeof(w->source), "%s", source);
	while (rc == 0 && (got = next_line(&r, line, sizeof(line))) != 0)
		rc = got < 0 ? bad_line(&r, err, "the line is too long", NULL)
			     : waiver_line(w, &r, line, code_of, ctx, err);
	if (rc < 0) {
		lg_waivers_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

int lg_waivers_load_file(lg_waivers **out, const char *path,
			 int (*code_of)(const void *ctx, const char *name),
			 const void *ctx, lg_error *err)
{
	lg_buf text = LG_BUF_INIT;
	int rc = lg__buf_read_file(&text, path, err);

	*out = NULL;
	if (rc == 0)
		rc = lg_waivers_load(out, text.data, text.len, path, code_of,
				     ctx, err);
	lg__buf_release(&text);
	return rc;
}

void lg_waivers_free(lg_waivers *w)
{
	if (!w)
		return;
	free(w->at);
	lg__arena_release(&w->text);
	free(w);
}

size_t lg_waivers_count(const lg_waivers *w)
{
	return w->n;
}

const lg_waiver *lg_waivers_at(const lg_waivers *w, size_t i)
{
	return &w->at[i];
}

const char *lg_waivers_source(const lg_waivers *w)
{
	return w->source;
}

const lg_waiver *lg_waivers_find(const lg_waivers *w, const char *id,
				 int code, int32_t today)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		const lg_waiver *wv = &w->at[i];

		if ((wv->code < 0 || wv->code == code) && wv->expires >= today &&
		    fnmatch(wv->glob, id, FNM_CASEFOLD) == 0)
			return wv;
	}
	return NULL;
}
