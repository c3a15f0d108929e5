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
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "emit.h"
#include "json_list.h"
#include "lg_output.h"

struct lg_table {
	lg__emitter *out;     /* buffers; flushed by lg_table_finish */
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
	t->out = malloc(sizeof(*t->out));
	if (!t->out) {
		free(t);
		return NULL;
	}
	lg__emit_begin(t->out, out);
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
	free(t->out);
	free(t);
}

static void put_header(lg_table *t)
{
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		if (c)
			lg__emit_char(t->out, t->format == LG_FORMAT_CSV ? ',' : '\t');
		lg__emit_str(t->out, t->cols[c].name);
	}
	lg__emit_char(t->out, '\n');
}

static void put_delimited(lg_table *t, const lg_cell *cells)
{
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		const lg_cell *v = &cells[c];

		if (c)
			lg__emit_char(t->out, t->format == LG_FORMAT_CSV ? ',' : '\t');
		if (v->absent)
			continue;
		if (t->cols[c].type == LG_COL_INT)
			lg__emit_int(t->out, v->num);
		else if (t->cols[c].type == LG_COL_REAL)
			lg__emitf(t->out, "%.*f", v->decimals, v->real);
		else if (t->format == LG_FORMAT_CSV)
			lg__emit_csv(t->out, v->text);
		else
			lg__emit_tsv(t->out, v->text);
	}
	lg__emit_char(t->out, '\n');
}

double lg_round(double x, int decimals)
{
	double scale = pow(10.0, decimals);

	return round(x * scale) / scale;
}

static json_t *json_cell(const lg_column *col, const lg_cell *v)
{
	switch (col->type) {
	case LG_COL_INT: return json_integer(v->num);
	case LG_COL_REAL: return json_real(lg_round(v->real, v->decimals));
	case LG_COL_LIST: return lg__json_list(v->text);
	default: return json_string(v->text);
	}
}

static int put_json(lg_table *t, const lg_cell *cells)
{
	json_t *obj = json_object();
	char *text;
	size_t c;

	if (!obj)
		return LG_ENOMEM;
	for (c = 0; c < t->n_cols; c++) {
		json_t *j;

		if (cells[c].absent)
			continue; /* missing values are left out */
		/* json_string refuses invalid UTF-8; say so rather than lie */
		if (!(j = json_cell(&t->cols[c], &cells[c])))
			j = json_null();
		json_object_set_new(obj, t->cols[c].name, j);
	}
	text = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_COMPACT |
				       JSON_REAL_PRECISION(15));
	json_decref(obj);
	if (!text)
		return LG_ENOMEM;
	lg__emit_str(t->out, t->n_rows ? ",\n" : "[\n");
	lg__emit_str(t->out, text);
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
		else if (t->cols[c].type == LG_COL_REAL)
			snprintf(num, sizeof(num), "%.*f", cells[c].decimals,
				 cells[c].real);
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

static void put_padded(lg__emitter *out, const char *s, size_t w, int right)
{
	size_t pad = w - width(s);

	if (!right)
		lg__emit_str(out, s);
	while (pad--)
		lg__emit_char(out, ' ');
	if (right)
		lg__emit_str(out, s);
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
				lg__emit_str(t->out, "  ");
			if (last && t->cols[c].type == LG_COL_TEXT)
				lg__emit_str(t->out, s); /* no trailing blanks */
			else
				put_padded(t->out, s, w[c],
					   t->cols[c].type == LG_COL_INT ||
					   t->cols[c].type == LG_COL_REAL);
		}
		lg__emit_char(t->out, '\n');
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
		lg__emit_str(t->out, t->n_rows ? "\n]\n" : "[]\n");
		break;
	default:
		if (t->n_rows == 0)
			put_header(t); /* a header even for no rows */
	}
	lg__emit_flush(t->out);
	if (rc < 0)
		return lg_error_set(err, rc, NULL, 0, "out of memory");
	return 0;
}
