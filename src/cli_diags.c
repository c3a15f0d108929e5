/*
 * cli_diags.c - what the inputs held, said so a person can read it.
 *
 * A problem is printed as "lineage: warning: FILE:LINE: 'MODEL': text"
 * (FILE:#INDEX inside a JSON array), so editors and grep can jump to it.
 * Problems are sorted into input order (the graph finds some, such as
 * self-loops and cycles, only after reading everything). Unreadable inputs
 * are errors and always printed; of every other kind the first few are
 * printed, then one line counts the rest. --warnings FILE gets every one
 * as TSV; --quiet drops the warnings, never the errors.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SHOWN_PER_KIND 3

/* How the count of the rest of each kind reads. */
static const char *const kind_plural[LG_DIAG_KIND_COUNT] = {
	"unreadable inputs", "files skipped or cut short",
	"inputs without a record", "records skipped", "fields ignored",
	"parents named None", "duplicate records", "self-loops", "cycles"
};

static const lg_graph *sort_graph; /* qsort has no payload in C11 */

/* Input order, and the order found within one record. */
static int by_seq(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	lg_diag x, y;

	lg_graph_diag(sort_graph, a, &x);
	lg_graph_diag(sort_graph, b, &y);
	if (x.seq != y.seq)
		return x.seq < y.seq ? -1 : 1;
	return a < b ? -1 : a > b;
}

static size_t *in_input_order(const lg_graph *g, size_t n)
{
	size_t *order = malloc((n + 1) * sizeof(*order)), i;

	if (!order)
		return NULL;
	for (i = 0; i < n; i++)
		order[i] = i;
	sort_graph = g;
	qsort(order, n, sizeof(*order), by_seq);
	return order;
}

/* "FILE:LINE" or "FILE:#INDEX" into buf. */
static const char *where(const lg_diag *d, char *buf, size_t size)
{
	if (d->index >= 0)
		snprintf(buf, size, "#%ld", d->index);
	else if (d->line > 0)
		snprintf(buf, size, "%ld", d->line);
	else
		buf[0] = '\0';
	return buf;
}

static void print_one(const lg_diag *d, const char *level)
{
	char at[32];

	fprintf(stderr, "lineage: %s: ", level);
	cli_put_clean(stderr, d->file ? d->file : "(input)");
	if (*where(d, at, sizeof(at)))
		fprintf(stderr, ":%s", at);
	fputs(": ", stderr);
	if (d->model && !d->skipped) {
		putc('\'', stderr);
		cli_put_clean(stderr, d->model);
		fputs("': ", stderr);
	}
	cli_put_clean(stderr, d->text);
	fputs(d->skipped ? "; record skipped\n" : "\n", stderr);
}

/* Errors, then the first few warnings of each kind, in input order. */
static void print_diags(const lg_graph *g, const size_t *order, size_t n,
			const cli_opts *o)
{
	const lg_graph_stats *s = lg_graph_get_stats(g);
	size_t shown[LG_DIAG_KIND_COUNT] = { 0 }, i;
	int kind;
	lg_diag d;

	for (i = 0; i < n; i++) {
		lg_graph_diag(g, order[i], &d);
		if (d.kind == LG_DIAG_UNREADABLE)
			print_one(&d, "error");
		else if (!o->quiet && shown[d.kind] < SHOWN_PER_KIND)
			print_one(&d, "warning");
		else
			continue;
		shown[d.kind]++;
	}
	for (kind = 0; !o->quiet && kind < LG_DIAG_KIND_COUNT; kind++) {
		size_t rest = s->diags[kind] - shown[kind];

		if (kind == LG_DIAG_UNREADABLE || s->diags[kind] <= shown[kind])
			continue;
		fprintf(stderr, "lineage: warning: %zu more %s%s\n", rest,
			kind_plural[kind],
			o->warnings ? "" : " (--warnings FILE lists every one)");
	}
}

/* -- --warnings FILE ---------------------------------------------------- */

typedef struct {
	const lg_graph *g;
	const size_t *order;
	size_t n;
} diag_list;

static int write_tsv(FILE *out, const void *payload, lg_error *err)
{
	static const lg_column cols[] = {
		{ "file", LG_COL_TEXT },  { "line", LG_COL_TEXT },
		{ "model", LG_COL_TEXT }, { "kind", LG_COL_TEXT },
		{ "message", LG_COL_TEXT },
	};
	const diag_list *l = payload;
	lg_table *t = lg_table_new(out, LG_FORMAT_TSV, cols, 5);
	size_t i;
	int rc = 0;

	if (!t)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	for (i = 0; i < l->n && rc == 0; i++) {
		lg_cell cells[5];
		char at[32];
		lg_diag d;

		lg_graph_diag(l->g, l->order[i], &d);
		cells[0] = LG_TEXT(d.file);
		cells[1] = *where(&d, at, sizeof(at)) ? LG_TEXT(at) : LG_MISSING;
		cells[2] = LG_TEXT(d.model);
		cells[3] = LG_TEXT(lg_diag_kind_name(d.kind));
		cells[4] = LG_TEXT(d.text);
		rc = lg_table_row(t, cells, err);
	}
	if (rc == 0)
		rc = lg_table_finish(t, err);
	lg_table_free(t);
	return rc;
}

int cli_report_diags(const lg_graph *g, const cli_opts *o)
{
	size_t n = lg_graph_diag_count(g);
	size_t *order = in_input_order(g, n);
	int code = EXIT_OK;

	if (!order)
		return cli_errorf("out of memory");
	print_diags(g, order, n, o);
	if (o->warnings) {
		diag_list l = { g, order, n };

		code = cli_write(o->warnings, write_tsv, &l);
	}
	free(order);
	if (code == EXIT_OK && lg_graph_get_stats(g)->files_failed)
		code = EXIT_RUNTIME; /* said above, as errors */
	return code;
}
