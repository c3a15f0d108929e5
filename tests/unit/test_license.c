/*
 * test_license.c - the licence table's parser (license_table.c) on user
 * files: an alias NAME* replaces the built-in NAME* rather than trailing
 * it; a line with more fields than any record takes is an error naming
 * its line; `basis` is read wherever its line starts.
 */
#include <string.h>

#include "license_impl.h"
#include "lineage.h"
#include "testhelp.h"

/* The id `license: other` + `license_name: name` resolves to. */
static const char *resolve(const lg_license_table *t, const char *name)
{
	static const char *other[] = { "other" };
	lg_record rec;
	lg_model_license ml;

	memset(&rec, 0, sizeof(rec));
	rec.id = "a/b";
	rec.licenses = other;
	rec.n_licenses = 1;
	rec.license_name = name;
	lg_license_normalize(&ml, t, &rec);
	return ml.n ? ml.lic[0]->id : "";
}

static int load(lg_license_table *t, const char *text, lg_error *err)
{
	return lg_license_table_load(t, text, strlen(text), "user.tab", err);
}

static void test_prefix_alias_override(void)
{
	lg_license_table *t;
	lg_error err;
	size_t before;

	if (lg_license_table_new(&t, &err) < 0) {
		test_cond("table loads", 0);
		return;
	}
	test_cond("built-in: tongyi-qianwen-7b is tongyi-qianwen",
		  strcmp(resolve(t, "Tongyi-Qianwen-7B"), "tongyi-qianwen") == 0);
	before = t->n_aliases;
	test_cond("user alias tongyi-qianwen* loads",
		  load(t, "alias tongyi-qianwen* apache-2.0\n", &err) == 0);
	test_cond("user alias NAME*: replaces the built-in, adds no entry",
		  t->n_aliases == before);
	test_cond("user alias NAME*: it wins",
		  strcmp(resolve(t, "tongyi-qianwen-7b"), "apache-2.0") == 0);
	test_cond("an exact alias is not a prefix one",
		  load(t, "alias acme mit\nalias acme* isc\n", &err) == 0 &&
			  t->n_aliases == before + 2 &&
			  strcmp(resolve(t, "acme"), "mit") == 0 &&
			  strcmp(resolve(t, "acme-x"), "isc") == 0);
	lg_license_table_free(t);
}

static void test_fields(void)
{
	lg_license_table *t;
	lg_error err;
	const char *many = "# many\n"
			   "license x permissive hub hub hub hub hub hub hub "
			   "hub hub hub hub hub hub\n";
	const char *too_many = "# too many\n\n"
			       "license x permissive hub hub hub hub hub hub "
			       "hub hub hub hub hub hub hub hub\n";

	if (lg_license_table_new(&t, &err) < 0) {
		test_cond("table loads", 0);
		return;
	}
	test_cond("16 fields: read", load(t, many, &err) == 0);
	memset(&err, 0, sizeof(err));
	test_cond("17 fields: an error",
		  load(t, too_many, &err) == LG_EPARSE);
	test_cond("17 fields: names file and line",
		  strcmp(err.source, "user.tab") == 0 && err.line == 3 &&
			  strstr(err.text, "more than 16 fields"));
	test_cond("indented basis: read",
		  load(t, "  \tbasis MAU_LIMIT the clause, in many words: one "
			  "two three four five six seven eight nine ten "
			  "eleven twelve thirteen fourteen\n",
		       &err) == 0 &&
			  strcmp(t->basis[LG__CODE_MAU_LIMIT],
				 "the clause, in many words: one two three "
				 "four five six seven eight nine ten eleven "
				 "twelve thirteen fourteen") == 0);
	test_cond("basisx is no basis",
		  load(t, "basisx A b\n", &err) == LG_EPARSE);
	lg_license_table_free(t);
}

int main(void)
{
	test_prefix_alias_override();
	test_fields();
	return test_exit();
}
