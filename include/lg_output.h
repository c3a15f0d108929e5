/*
 * lg_output.h - writing results: tables in four formats, and output files
 * that appear whole or not at all.
 *
 * lg_table streams rows as tsv, csv or json (an array of objects whose
 * field names are the column names); the aligned human "table" format has
 * to see every row before it can size its columns, so it buffers them.
 */
#ifndef LG_OUTPUT_H
#define LG_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lg_error.h"

typedef enum {
	LG_FORMAT_TABLE,
	LG_FORMAT_TSV,
	LG_FORMAT_CSV,
	LG_FORMAT_JSON
} lg_format;

/* "table", "tsv", "csv", "json" to lg_format; -1 when unknown. */
int lg_format_parse(const char *name);

/*
 * Column types. In JSON a TEXT cell is a string, INT and REAL numbers,
 * and a LIST (comma-separated text in the other formats, as "A,B") an
 * array of strings; a missing value is left out of its object (every
 * command's JSON, one vocabulary: see the man page).
 */
typedef enum { LG_COL_TEXT, LG_COL_INT, LG_COL_REAL, LG_COL_LIST } lg_column_type;

typedef struct {
	const char *name;
	lg_column_type type;
} lg_column;

/* One value: text (NULL = missing), an integer, or a real shown with
 * `decimals` digits after the point (missing when absent). */
typedef struct {
	const char *text;
	int64_t num;
	double real;
	int decimals;
	int absent;
} lg_cell;

#define LG_TEXT(s) ((lg_cell){ (s), 0, 0, 0, (s) == NULL })
#define LG_INT(n) ((lg_cell){ NULL, (n), 0, 0, 0 })
#define LG_REAL(x, d) ((lg_cell){ NULL, 0, (x), (d), 0 })
#define LG_MISSING ((lg_cell){ NULL, 0, 0, 0, 1 })

/* x rounded to decimals digits after the point: how a REAL cell's value
 * appears in JSON, so it reads as it does in the other formats. */
double lg_round(double x, int decimals);

typedef struct lg_table lg_table;

/* A table writing to out (borrowed); cols must outlive the table. */
lg_table *lg_table_new(FILE *out, lg_format format, const lg_column *cols,
		       size_t n_cols);

/* Writes (or, for LG_FORMAT_TABLE, keeps) one row of n_cols cells. */
int lg_table_row(lg_table *t, const lg_cell *cells, lg_error *err);

/* Writes what is buffered and closes the JSON array. */
int lg_table_finish(lg_table *t, lg_error *err);

void lg_table_free(lg_table *t);

/*
 * An output file written atomically: data goes to a temporary file beside
 * path, which lg_outfile_commit flushes, syncs and renames over path. Until
 * then path is untouched, so a crash or error never leaves half a file.
 * path NULL or "-" means stdout, written directly.
 */
typedef struct lg_outfile lg_outfile;

int lg_outfile_open(lg_outfile **out, const char *path, lg_error *err);
FILE *lg_outfile_stream(lg_outfile *f);

/* Whether writing to the stream has failed: then LG_EIO, with err saying
 * which file and why ("cannot write 'PATH': No space left on device").
 * Call it straight after the writes: errno may hold the reason. */
int lg_outfile_failed(lg_outfile *f, lg_error *err);

/* Finishes the file and frees f; on failure the temporary is removed. */
int lg_outfile_commit(lg_outfile *f, lg_error *err);

/* Drops the temporary file and frees f; NULL is fine. */
void lg_outfile_abort(lg_outfile *f);

#endif
