/*
 * table.c - rows out as an aligned table, TSV, CSV or JSON.
 *
 * TSV escapes tab, newline, carriage return and backslash as \t \n \r \\
 * (the convention of PostgreSQL's text format), so one row is always one
 * line. CSV follows RFC 4180. JSON is one object per row, field names from
 * the columns, numbers as numbers, missing values as null. The aligned
 * table replaces control characters, since it is meant for eyes only.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "lg_output.h"

struct lg_table {
	FILE *out;
	lg_format format;
	const lg_column *cols;
	size_t n_cols;
	size_t n_rows;
	/* LG_FORMAT_TABLE: every cell as text, row-major */
	char **cells;
	size_t cap_cells;
	lg_arena arena;
};

int lg_format_parse(const char *name)
{
	static const char *const names[] = { "table", "tsv", "csv", "json" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

lg_table *lg_table_new(FILE *out, lg_format format, const lg_column *cols,
		       size_t n_cols)
{
	lg_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->out = out;
	t->format = format;
	t->cols = cols;
	t->n_cols = n_cols;
	return t;
}

void lg_table_free(lg_table *t)
{
	if (!t)
		return;
	free(t->cells);
	lg__arena_release(&t->arena);
	free(t);
}

/* Runs of plain bytes go out whole: a million-row table is mostly them. */
static void put_tsv(FILE *out, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\t\n\r\\");

		fwrite(s, 1, n, out);
		s += n;
		switch (*s) {
		case '\0': return;
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		default: fputs("\\\\", out);
		}
		s++;
	}
}

static void put_int(FILE *out, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof(buf) - p), out);
}

static void put_csv(FILE *out, const char *s)
{
	size_t n = strlen(s);

	if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void put_header(lg_table *t)
{
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		if (c)
			putc(t->format == LG_FORMAT_CSV ? ',' : '\t', t->out);
		fputs(t->cols[c].name, t->out);
	}
	putc('\n', t->out);
}

static void put_delimited(lg_table *t, const lg_cell *cells)
{
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		const lg_cell *v = &cells[c];

		if (c)
			putc(t->format == LG_FORMAT_CSV ? ',' : '\t', t->out);
		if (v->absent)
			continue;
		if (t->cols[c].type == LG_COL_INT)
			put_int(t->out, v->num);
		else if (t->format == LG_FORMAT_CSV)
			put_csv(t->out, v->text);
		else
			put_tsv(t->out, v->text);
	}
	putc('\n', t->out);
}

static int put_json(lg_table *t, const lg_cell *cells)
{
	json_t *obj = json_object();
	char *text;
	size_t c;

	if (!obj)
		return LG_ENOMEM;
	for (c = 0; c < t->n_cols; c++) {
		const lg_cell *v = &cells[c];
		json_t *j = v->absent ? json_null()
			    : t->cols[c].type == LG_COL_INT ? json_integer(v->num)
			    : json_string(v->text);

		/* json_string refuses invalid UTF-8; say so rather than lie */
		if (!j)
			j = json_null();
		json_object_set_new(obj, t->cols[c].name, j);
	}
	text = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(obj);
	if (!text)
		return LG_ENOMEM;
	fputs(t->n_rows ? ",\n" : "[\n", t->out);
	fputs(text, t->out);
	free(text);
	return 0;
}

/* Keeps a row's cells as display text for the aligned table. */
static int keep_row(lg_table *t, const lg_cell *cells)
{
	size_t need = (t->n_rows + 1) * t->n_cols, c;

	if (lg__array_grow((void **)&t->cells, &t->cap_cells, need,
			   sizeof(*t->cells)) < 0)
		return LG_ENOMEM;
	for (c = 0; c < t->n_cols; c++) {
		char num[32], *s;
		const char *text = num;
		size_t i;

		if (cells[c].absent)
			text = "-";
		else if (t->cols[c].type == LG_COL_INT)
			snprintf(num, sizeof(num), "%" PRId64, cells[c].num);
		else
			text = cells[c].text;
		s = lg__arena_strndup(&t->arena, text, strlen(text));
		if (!s)
			return LG_ENOMEM;
		for (i = 0; s[i]; i++)
			if ((unsigned char)s[i] < 0x20)
				s[i] = ' ';
		t->cells[t->n_rows * t->n_cols + c] = s;
	}
	return 0;
}

int lg_table_row(lg_table *t, const lg_cell *cells, lg_error *err)
{
	int rc = 0;

	switch (t->format) {
	case LG_FORMAT_TABLE:
		rc = keep_row(t, cells);
		break;
	case LG_FORMAT_JSON:
		rc = put_json(t, cells);
		break;
	default:
		if (t->n_rows == 0)
			put_header(t);
		put_delimited(t, cells);
	}
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0, "out of memory");
	t->n_rows++;
	return 0;
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void put_padded(FILE *out, const char *s, size_t w, int right)
{
	size_t pad = w - width(s);

	if (right)
		fprintf(out, "%*s%s", (int)pad, "", s);
	else
		fprintf(out, "%s%*s", s, (int)pad, "");
}

static int put_aligned(lg_table *t)
{
	size_t *w = calloc(t->n_cols, sizeof(*w)), r, c;

	if (!w)
		return LG_ENOMEM;
	for (c = 0; c < t->n_cols; c++) {
		w[c] = width(t->cols[c].name);
		for (r = 0; r < t->n_rows; r++) {
			size_t cw = width(t->cells[r * t->n_cols + c]);

			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (r = 0; r <= t->n_rows; r++) {
		for (c = 0; c < t->n_cols; c++) {
			const char *s = r ? t->cells[(r - 1) * t->n_cols + c]
					  : t->cols[c].name;
			int last = c + 1 == t->n_cols;

			if (c)
				fputs("  ", t->out);
			if (last && t->cols[c].type == LG_COL_TEXT)
				fputs(s, t->out); /* no trailing blanks */
			else
				put_padded(t->out, s, w[c],
					   t->cols[c].type == LG_COL_INT);
		}
		putc('\n', t->out);
	}
	free(w);
	return 0;
}

int lg_table_finish(lg_table *t, lg_error *err)
{
	int rc = 0;

	switch (t->format) {
	case LG_FORMAT_TABLE:
		rc = put_aligned(t);
		break;
	case LG_FORMAT_JSON:
		fputs(t->n_rows ? "\n]\n" : "[]\n", t->out);
		break;
	default:
		if (t->n_rows == 0)
			put_header(t); /* a header even for no rows */
	}
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0, "out of memory");
	return 0;
}
