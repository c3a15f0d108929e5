/*
 * license.c - a model's declared licence to table entries (SPEC-licenses
 * §1): lower-cased, trimmed, `other` resolved through license_name.
 */
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "license_impl.h"

#define MAX_LICENSE_TEXT 128

/* Lower-cased and trimmed copy of s into buf; "" when it does not fit. */
static const char *clean(const char *s, char *buf, size_t size)
{
	size_t len, i;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		       s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (len >= size)
		len = 0;
	for (i = 0; i < len; i++)
		buf[i] = (char)lg__ascii_lower((unsigned char)s[i]);
	buf[len] = '\0';
	return buf;
}

static const lg_license *by_alias(const lg_license_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_aliases; i++) {
		const lg__alias *a = &t->aliases[i];

		if (a->prefix ? strncmp(name, a->name, strlen(a->name)) == 0
			      : strcmp(name, a->name) == 0)
			return a->lic;
	}
	return NULL;
}

/* `other` with a license_name: an alias, a spelled-out Hub id (a clash
 * worth saying), or left as `other` under that name. */
static void resolve_other(lg_model_license *out, const lg_license_table *t,
			  const lg_record *rec, const lg_license *other)
{
	char name[MAX_LICENSE_TEXT];
	const lg_license *lic;
	size_t k = out->n;

	out->lic[k] = other;
	out->other_name[k] = NULL;
	if (!rec->license_name || !*clean(rec->license_name, name, sizeof(name)))
		return;
	if ((lic = by_alias(t, name))) {
		out->lic[k] = lic;
	} else if ((lic = lg_license_find(t, name)) && lic->hub &&
		   lic != other) {
		out->lic[k] = lic;
		out->family_clash = 1;
	} else {
		out->other_name[k] = rec->license_name;
	}
}

void lg_license_normalize(lg_model_license *out, const lg_license_table *t,
			  const lg_record *rec)
{
	const lg_license *other = t->other; /* found once, at load */
	char id[MAX_LICENSE_TEXT];
	size_t i, k;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < rec->n_licenses && out->n < LG_MAX_MODEL_LICENSES; i++) {
		const lg_license *lic;

		if (!*clean(rec->licenses[i], id, sizeof(id)))
			continue;
		lic = lg_license_find(t, id);
		if (lic == t->unknown)
			continue;
		if (lic && lic == other) {
			resolve_other(out, t, rec, other);
		} else if (lic) {
			out->lic[out->n] = lic;
		} else {
			/* an id the table does not know: custom, unresolved */
			out->lic[out->n] = other;
			out->other_name[out->n] = rec->licenses[i];
		}
		for (k = 0; k < out->n; k++) /* ["mit", "MIT"] is one */
			if (out->lic[k] == out->lic[out->n] &&
			    out->other_name[k] == out->other_name[out->n])
				break;
		if (k == out->n)
			out->n++;
	}
}

lg_family lg_model_license_family(const lg_model_license *ml)
{
	return ml->n ? ml->lic[0]->family : LG_FAM_UNKNOWN;
}

lg_openness lg_model_license_openness(const lg_model_license *ml)
{
	return ml->n ? ml->lic[0]->openness : LG_OPEN_UNKNOWN;
}

const char *lg_model_license_text(const lg_model_license *ml, char *buf,
				  size_t size)
{
	size_t i, len = 0;

	/* by hand, not snprintf: this runs for every model of an export,
	 * and snprintf's format parsing cost more than the rest of it */
	buf[0] = '\0';
	if (!ml->n) {
		lg__text_add(buf, size, 0, "unknown");
		return buf;
	}
	for (i = 0; i < ml->n; i++) {
		if (i)
			len = lg__text_add(buf, size, len, ",");
		len = lg__text_add(buf, size, len, ml->lic[i]->id);
		if (ml->other_name[i]) {
			len = lg__text_add(buf, size, len, ":");
			len = lg__text_add(buf, size, len, ml->other_name[i]);
		}
	}
	return buf;
}
