/*
 * test_output.c - result tables and atomic output files (lg_output.h):
 * TSV escaping of tab, newline, CR and backslash; CSV quoting after RFC
 * 4180 (comma, quote, newline, leading/trailing space); JSON that Jansson
 * parses back, with numbers as numbers and missing values as null; the
 * aligned table (numbers right, text left, missing as "-"); headers for
 * empty tables; format names. lg_outfile: commit makes the file with its
 * content and mode, abort leaves neither it nor a temporary, an existing
 * target is untouched until commit, a bad directory is an error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "lg_output.h"
#include "testhelp.h"

static const lg_column cols[] = {
	{ "model", LG_COL_TEXT },
	{ "children", LG_COL_INT },
	{ "license", LG_COL_TEXT },
};
#define N_COLS (sizeof(cols) / sizeof(*cols))

/* Writes rows of cells through a table in format; returns what it wrote
 * (malloc'd) or NULL when a call failed. */
static char *render(lg_format format, const lg_cell (*rows)[N_COLS], size_t n)
{
	char *text = NULL;
	size_t size = 0, i;
	FILE *out = open_memstream(&text, &size);
	lg_table *t;
	int rc = 0;

	if (!out)
		return NULL;
	t = lg_table_new(out, format, cols, N_COLS);
	if (!t) {
		fclose(out);
		free(text);
		return NULL;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = lg_table_row(t, rows[i], NULL);
	if (rc == 0)
		rc = lg_table_finish(t, NULL);
	lg_table_free(t);
	fclose(out);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int rendered_is(lg_format format, const lg_cell (*rows)[N_COLS],
		       size_t n, const char *want)
{
	char *got = render(format, rows, n);
	int same = got && strcmp(got, want) == 0;

	if (got && !same)
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", got, want);
	free(got);
	return same;
}

static void test_tsv(void)
{
	/* automatic: the cell macros are compound literals */
	const lg_cell special[][N_COLS] = {
		{ LG_TEXT("a\tb\nc\\d\re"), LG_INT(5), LG_MISSING },
		{ LG_TEXT("org/m"), LG_INT(-3), LG_TEXT("mit") },
	};

	test_cond("tsv: header, escapes, missing as empty",
		  rendered_is(LG_FORMAT_TSV, special, 2,
			      "model\tchildren\tlicense\n"
			      "a\\tb\\nc\\\\d\\re\t5\t\n"
			      "org/m\t-3\tmit\n"));
	test_cond("tsv: header even with no rows",
		  rendered_is(LG_FORMAT_TSV, special, 0, "model\tchildren\tlicense\n"));
}

static void test_csv(void)
{
	const lg_cell rows[][N_COLS] = {
		{ LG_TEXT("a,b"), LG_INT(1), LG_TEXT("say \"hi\"") },
		{ LG_TEXT("line1\nline2"), LG_MISSING, LG_TEXT(" lead") },
		{ LG_TEXT("plain"), LG_INT(1234567890123LL), LG_TEXT("trail ") },
		{ LG_TEXT("cr\rhere"), LG_INT(0), LG_MISSING },
	};

	test_cond("csv: RFC 4180 quoting",
		  rendered_is(LG_FORMAT_CSV, rows, 4,
			      "model,children,license\n"
			      "\"a,b\",1,\"say \"\"hi\"\"\"\n"
			      "\"line1\nline2\",,\" lead\"\n"
			      "plain,1234567890123,\"trail \"\n"
			      "\"cr\rhere\",0,\n"));
	test_cond("csv: header even with no rows",
		  rendered_is(LG_FORMAT_CSV, rows, 0, "model,children,license\n"));
}

static void test_json(void)
{
	const lg_cell rows[][N_COLS] = {
		{ LG_TEXT("a\t\"b\"\n\\"), LG_INT(42), LG_MISSING },
		{ LG_TEXT("org/m"), LG_MISSING, LG_TEXT("apache-2.0") },
		{ LG_TEXT("bad \xff utf8"), LG_INT(-1), LG_TEXT("caf\xc3\xa9") },
	};
	char *text = render(LG_FORMAT_JSON, rows, 3);
	json_error_t jerr;
	json_t *doc = text ? json_loads(text, 0, &jerr) : NULL;
	json_t *r0 = json_array_get(doc, 0), *r1 = json_array_get(doc, 1);
	json_t *r2 = json_array_get(doc, 2);

	test_cond("json: output parses", doc != NULL);
	test_cond("json: an array of 3 objects", json_is_array(doc) &&
		  json_array_size(doc) == 3 && json_is_object(r0) &&
		  json_object_size(r2) == 3);
	test_cond("json: string with escapes round-trips",
		  json_is_string(json_object_get(r0, "model")) &&
		  strcmp(json_string_value(json_object_get(r0, "model")),
			 "a\t\"b\"\n\\") == 0);
	test_cond("json: numbers are numbers",
		  json_is_integer(json_object_get(r0, "children")) &&
		  json_integer_value(json_object_get(r0, "children")) == 42 &&
		  json_integer_value(json_object_get(r2, "children")) == -1);
	test_cond("json: missing text is left out",
		  !json_object_get(r0, "license") && json_object_size(r0) == 2);
	test_cond("json: missing number is left out",
		  !json_object_get(r1, "children") && json_object_size(r1) == 2);
	test_cond("json: UTF-8 kept",
		  json_is_string(json_object_get(r2, "license")) &&
		  strcmp(json_string_value(json_object_get(r2, "license")),
			 "caf\xc3\xa9") == 0);
	test_cond("json: invalid UTF-8 does not break the document",
		  json_is_null(json_object_get(r2, "model")));
	test_cond("json: field order follows the columns",
		  text && strstr(text, "\"model\"") < strstr(text, "\"children\"") &&
		  strstr(text, "\"children\"") < strstr(text, "\"license\""));
	json_decref(doc);
	free(text);

	text = render(LG_FORMAT_JSON, rows, 0);
	doc = text ? json_loads(text, 0, &jerr) : NULL;
	test_cond("json: no rows is an empty array",
		  json_is_array(doc) && json_array_size(doc) == 0);
	json_decref(doc);
	free(text);
}

/* A real and a list column, in every format. */
static void test_real_and_list(void)
{
	static const lg_column rl[] = { { "q", LG_COL_REAL },
					{ "reasons", LG_COL_LIST } };
	lg_cell cells[2] = { LG_REAL(0.9654641234, 6), LG_TEXT("A,B") };
	char *text = NULL;
	size_t size = 0;
	int f;

	for (f = LG_FORMAT_TSV; f <= LG_FORMAT_JSON; f++) {
		FILE *out = open_memstream(&text, &size);
		lg_table *t = lg_table_new(out, (lg_format)f, rl, 2);

		lg_table_row(t, cells, NULL);
		cells[0] = LG_REAL(24.46, 1);
		cells[1] = LG_TEXT("");
		lg_table_row(t, cells, NULL);
		lg_table_finish(t, NULL);
		lg_table_free(t);
		fclose(out);
		if (f == LG_FORMAT_TSV)
			test_cond("real, list: tsv", strcmp(text,
				  "q\treasons\n0.965464\tA,B\n24.5\t\n") == 0);
		else if (f == LG_FORMAT_CSV)
			test_cond("real, list: csv", strcmp(text,
				  "q,reasons\n0.965464,\"A,B\"\n24.5,\n") == 0);
		else
			test_cond("real, list: json numbers and arrays",
				  strcmp(text, "[\n{\"q\":0.965464,\"reasons\":"
					 "[\"A\",\"B\"]},\n{\"q\":24.5,"
					 "\"reasons\":[]}\n]\n") == 0);
		cells[0] = LG_REAL(0.9654641234, 6);
		cells[1] = LG_TEXT("A,B");
		free(text);
		text = NULL;
	}
}

static void test_table(void)
{
	const lg_cell rows[][N_COLS] = {
		{ LG_TEXT("org/a"), LG_INT(12), LG_TEXT("mit") },
		{ LG_TEXT("b"), LG_INT(3), LG_MISSING },
		{ LG_TEXT("c"), LG_MISSING, LG_TEXT("apache-2.0") },
		{ LG_TEXT("caf\xc3\xa9"), LG_INT(7), LG_TEXT("x") },
	};
	const lg_cell ctrl[][N_COLS] = {
		{ LG_TEXT("a\tb\nc"), LG_INT(1), LG_TEXT("z") },
	};

	test_cond("table: aligned, numbers right, missing as '-'",
		  rendered_is(LG_FORMAT_TABLE, rows, 4,
			      "model  children  license\n"
			      "org/a        12  mit\n"
			      "b             3  -\n"
			      "c             -  apache-2.0\n"
			      "caf\xc3\xa9          7  x\n"));
	test_cond("table: control characters become spaces",
		  rendered_is(LG_FORMAT_TABLE, ctrl, 1,
			      "model  children  license\n"
			      "a b c         1  z\n"));
	test_cond("table: header alone with no rows",
		  rendered_is(LG_FORMAT_TABLE, rows, 0, "model  children  license\n"));
}

static void test_format_names(void)
{
	test_cond("format: names parse",
		  lg_format_parse("table") == LG_FORMAT_TABLE &&
		  lg_format_parse("tsv") == LG_FORMAT_TSV &&
		  lg_format_parse("csv") == LG_FORMAT_CSV &&
		  lg_format_parse("json") == LG_FORMAT_JSON);
	test_cond("format: unknown -> -1",
		  lg_format_parse("xml") == -1 && lg_format_parse("") == -1);
}

/* -- lg_outfile ---------------------------------------------------------- */

static char tmpdir[] = "/tmp/lg_test_output.XXXXXX";

static int count_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* 1 when path holds exactly want. */
static int file_is(const char *path, const char *want)
{
	char buf[256];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

static void test_outfile(void)
{
	char path[600], bad[600];
	lg_outfile *f = NULL;
	lg_error err;
	struct stat st;
	int rc;

	snprintf(path, sizeof(path), "%s/out.txt", tmpdir);
	umask(022);

	rc = lg_outfile_open(&f, path, &err);
	test_cond("outfile: open", rc == 0 && f && lg_outfile_stream(f));
	if (rc == 0) {
		fputs("hello\n", lg_outfile_stream(f));
		fflush(lg_outfile_stream(f));
		test_cond("outfile: target absent before commit",
			  access(path, F_OK) != 0);
		test_cond("outfile: one temporary beside it", count_entries() == 1);
		rc = lg_outfile_commit(f, &err);
		test_cond("outfile: commit ok", rc == 0);
		test_cond("outfile: committed content", file_is(path, "hello\n"));
		test_cond("outfile: no temporary left", count_entries() == 1);
		test_cond("outfile: mode 0666 less umask",
			  stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	}

	/* the target exists: untouched until commit, then replaced */
	rc = lg_outfile_open(&f, path, &err);
	if (rc == 0) {
		fputs("new content\n", lg_outfile_stream(f));
		fflush(lg_outfile_stream(f));
		test_cond("outfile: existing target untouched before commit",
			  file_is(path, "hello\n"));
		rc = lg_outfile_commit(f, &err);
		test_cond("outfile: commit replaces the target",
			  rc == 0 && file_is(path, "new content\n") &&
			  count_entries() == 1);
	}

	/* abort with an existing target */
	rc = lg_outfile_open(&f, path, &err);
	if (rc == 0) {
		fputs("never\n", lg_outfile_stream(f));
		lg_outfile_abort(f);
		test_cond("outfile: abort keeps the old target, no temporary",
			  file_is(path, "new content\n") && count_entries() == 1);
	}
	unlink(path);

	/* abort with no target */
	rc = lg_outfile_open(&f, path, &err);
	if (rc == 0) {
		fputs("never\n", lg_outfile_stream(f));
		lg_outfile_abort(f);
		test_cond("outfile: abort leaves no file and no temporary",
			  access(path, F_OK) != 0 && count_entries() == 0);
	}
	lg_outfile_abort(NULL);

	snprintf(bad, sizeof(bad), "%s/no-such-dir/out.txt", tmpdir);
	f = NULL;
	rc = lg_outfile_open(&f, bad, &err);
	test_cond("outfile: missing directory is LG_EIO",
		  rc == LG_EIO && err.code == LG_EIO && f == NULL &&
		  count_entries() == 0);

	rc = lg_outfile_open(&f, "-", &err);
	test_cond("outfile: '-' is stdout", rc == 0 && f &&
		  lg_outfile_stream(f) == stdout);
	if (rc == 0)
		test_cond("outfile: committing stdout", lg_outfile_commit(f, &err) == 0);
}

int main(void)
{
	test_tsv();
	test_csv();
	test_json();
	test_real_and_list();
	test_table();
	test_format_names();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_outfile();
	rmdir(tmpdir);
	return test_exit();
}
