/*
 * ingest.c - files to records to the model table, on every core.
 *
 * Three roles run at once:
 *   producer (one thread)  walks the inputs, inflates them with zlib and
 *                          cuts record spans into batches (scan.c);
 *   workers (N threads)    parse the spans of a batch with Jansson into
 *                          records and notes (record_parse.c);
 *   merger (the caller)    takes batches strictly in production order and
 *                          adds their records to the graph, reporting
 *                          notes through the graph (lg_graph_set_diag).
 * Batches sit in a ring of RING slots indexed by sequence number; the
 * producer waits when the ring is full, so memory stays bounded whatever
 * the input size. Because merging follows sequence order, records, notes
 * and the resulting graph are the same with 1 or 64 threads. File-level
 * problems travel as batches too, which keeps every message in order and
 * every diag call on the caller's thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>

#include "card.h"
#include "graph_impl.h"
#include "json_alloc.h"
#include "lg_ingest.h"
#include "record_parse.h"
#include "scan.h"
#include "walk.h"

#define BLOCK_SIZE (1u << 20)     /* bytes inflated per read */
#define BATCH_BYTES (1u << 20)    /* a batch is handed over past this */
#define BATCH_SPANS 4096
#define MAX_THREADS 64
#define PROBLEM_SIZE 200

typedef struct {
	size_t span;   /* which record it is about */
	long line;     /* absolute line */
	int skipped;   /* the record was dropped */
	int kind;      /* lg_diag_kind */
	const char *text;
} note;

typedef struct batch {
	unsigned long seq;
	const char *file;   /* lives in the ingest's path arena */
	lg_buf raw;         /* record bytes, spans point in here */
	lg__span *spans;
	size_t n_spans, cap_spans;
	lg_record *records; /* parallel to spans; id NULL when not kept */
	size_t cap_records;
	note *notes;
	size_t n_notes, cap_notes;
	lg_arena arena;     /* kept strings: handed to the graph */
	lg_arena scratch;   /* note texts: freed after merging */
	const char *card_problem; /* a card that could not be read */
	int rc;             /* a worker's fatal error */
	int problem;        /* a problem batch: its lg_diag_kind, else -1 */
	int cut_short;      /* a problem batch: the file's end was lost */
	long arg_end;       /* an end-of-argument marker: which, else -1 */
	int done;
	struct batch *next_spare;
} batch;

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	batch *ring[16 + 2 * MAX_THREADS];
	batch *spares;       /* merged batches, their buffers kept */
	unsigned long produced, taken, merged, ring_size;
	int eof, failed;

	const char *const *inputs;
	size_t n_inputs;
	lg_arena paths;      /* file names, shared read-only */
	batch *cur;          /* the producer's batch being filled */
	lg__scanner scanner;
	const char *cur_file;
	char *block;
	size_t block_size;
	size_t files;
	long long limit; /* bytes of the current file to read; -1: all */
	const char *rel; /* its path below the input argument, or NULL */
	long long read;  /* bytes read of it so far */
	int nomem;       /* zlib ran out of memory reading it */
} pipeline;

/* -- batches ----------------------------------------------------------- */

/*
 * Merged batches are recycled: their buffers, grown to a batch's size
 * once, are used again rather than freed and faulted in anew (they were
 * a third of a cold run's page faults). The ring bounds how many exist.
 */
static batch *batch_new(pipeline *p, const char *file)
{
	batch *b;

	pthread_mutex_lock(&p->lock);
	if ((b = p->spares) != NULL)
		p->spares = b->next_spare;
	pthread_mutex_unlock(&p->lock);
	if (!b && !(b = calloc(1, sizeof(*b))))
		return NULL;
	b->file = file;
	b->problem = -1;
	b->arg_end = -1;
	return b;
}

static void batch_free(batch *b)
{
	if (!b)
		return;
	lg__buf_release(&b->raw);
	free(b->spans);
	free(b->records);
	free(b->notes);
	lg__arena_release(&b->arena);
	lg__arena_release(&b->scratch);
	free(b);
}

/* Back to the spares: emptied, its buffers kept. */
static void batch_recycle(pipeline *p, batch *b)
{
	batch keep = *b;

	lg__arena_release(&b->arena); /* empty unless the merge failed */
	lg__arena_reset(&keep.scratch);
	memset(b, 0, sizeof(*b));
	b->raw.data = keep.raw.data;
	b->raw.cap = keep.raw.cap;
	b->spans = keep.spans;
	b->cap_spans = keep.cap_spans;
	b->records = keep.records;
	b->cap_records = keep.cap_records;
	b->notes = keep.notes;
	b->cap_notes = keep.cap_notes;
	b->scratch = keep.scratch;
	pthread_mutex_lock(&p->lock);
	b->next_spare = p->spares;
	p->spares = b;
	pthread_mutex_unlock(&p->lock);
}

static int batch_add_span(batch *b, const lg__span *span)
{
	if (lg__array_grow((void **)&b->spans, &b->cap_spans, b->n_spans + 1,
			   sizeof(*b->spans)) < 0)
		return LG_ENOMEM;
	b->spans[b->n_spans++] = *span;
	return 0;
}

static int batch_note(batch *b, size_t span, long line, int skipped,
		      int kind, const char *text)
{
	if (lg__array_grow((void **)&b->notes, &b->cap_notes, b->n_notes + 1,
			   sizeof(*b->notes)) < 0)
		return LG_ENOMEM;
	b->notes[b->n_notes].span = span;
	b->notes[b->n_notes].line = line;
	b->notes[b->n_notes].skipped = skipped;
	b->notes[b->n_notes].kind = kind;
	b->notes[b->n_notes].text =
		lg__arena_strndup(&b->scratch, text, strlen(text));
	if (!b->notes[b->n_notes].text)
		return LG_ENOMEM;
	b->n_notes++;
	return 0;
}

/* -- the ring ---------------------------------------------------------- */

/* Hands a batch to the workers; waits while the ring is full. */
static int submit(pipeline *p, batch *b)
{
	int failed;

	pthread_mutex_lock(&p->lock);
	while (p->produced - p->merged >= p->ring_size && !p->failed)
		pthread_cond_wait(&p->changed, &p->lock);
	failed = p->failed;
	if (!failed) {
		b->seq = p->produced;
		p->ring[p->produced++ % p->ring_size] = b;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	if (failed) {
		batch_free(b);
		return LG_ENOMEM;
	}
	return 0;
}

/* A file-level problem, carried in order as a batch of its own: kind is
 * LG_DIAG_UNREADABLE (the file could not be read: an error) or
 * LG_DIAG_FILE (not read as JSON, or cut_short: its end was lost). */
static int submit_problem(pipeline *p, const char *file, const char *text,
			  int kind, int cut_short)
{
	batch *b = batch_new(p, file);

	if (!b || batch_note(b, 0, 0, 0, kind, text) < 0) {
		batch_free(b);
		return LG_ENOMEM;
	}
	b->n_spans = 0;
	b->problem = kind;
	b->cut_short = cut_short;
	return submit(p, b);
}

/* Marks the end of input argument i, so the merger can say when one
 * yielded no record. */
static int submit_arg_end(pipeline *p, size_t i)
{
	batch *b = batch_new(p, p->inputs[i]);

	if (!b)
		return LG_ENOMEM;
	b->arg_end = (long)i;
	return submit(p, b);
}

/* -- producer: inflating and cutting ---------------------------------- */

static int on_span(const lg__span *span, void *payload)
{
	pipeline *p = payload;
	batch *b = p->cur;

	if (batch_add_span(b, span) < 0)
		return LG_ENOMEM;
	if (b->raw.len < BATCH_BYTES && b->n_spans < BATCH_SPANS)
		return 0;
	p->cur = batch_new(p, p->cur_file);
	if (!p->cur)
		return LG_ENOMEM;
	p->scanner.out = &p->cur->raw;
	return submit(p, b);
}

/*
 * Reads up to want bytes, looping over gzread's short reads. A gzip stream
 * cut short ends like a file, but zlib keeps a soft error for it, which
 * we turn into a problem: the records before the cut are kept, the loss
 * is said.
 */
static long read_block(gzFile gz, char *buf, size_t want, char *problem,
		       int *nomem)
{
	size_t got = 0;
	int errnum;

	while (got < want) {
		int n = gzread(gz, buf + got, (unsigned)(want - got));

		if (n <= 0) {
			const char *text = gzerror(gz, &errnum);

			/* copied: the text dies with gz */
			if (n < 0 || errnum == Z_BUF_ERROR)
				snprintf(problem, PROBLEM_SIZE, "%s", text);
			*nomem = errnum == Z_MEM_ERROR;
			break;
		}
		got += (size_t)n;
	}
	return (long)got;
}

static size_t count_lines(const char *p, long n)
{
	size_t lines = 0;
	const char *end = p + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/*
 * The first block decides the format (scan.c looks at its first lines),
 * so it is read until it holds a few whole lines: a file whose lines are
 * megabytes long is still told right. Bounded by FIRST_BLOCK_MAX.
 */
#define FIRST_BLOCK_MAX (64u << 20)

/* How many more bytes of the current file may be read, at most want. */
static size_t allowed(const pipeline *p, size_t want)
{
	if (p->limit < 0 || p->read + (long long)want <= p->limit)
		return want;
	return p->read >= p->limit ? 0 : (size_t)(p->limit - p->read);
}

static long read_limited(pipeline *p, gzFile gz, char *buf, size_t want,
			 char *problem)
{
	long n = 0;

	want = allowed(p, want);
	if (want)
		n = read_block(gz, buf, want, problem, &p->nomem);
	p->read += n;
	return n;
}

static long read_first_block(pipeline *p, gzFile gz, char *problem)
{
	long n = read_limited(p, gz, p->block, p->block_size, problem);

	while (n == (long)p->block_size && !problem[0] &&
	       p->block_size < FIRST_BLOCK_MAX && count_lines(p->block, n) < 3) {
		char *bigger = realloc(p->block, 2 * p->block_size);
		long more;

		if (!bigger)
			break;
		p->block = bigger;
		more = read_limited(p, gz, p->block + n, p->block_size, problem);
		p->block_size *= 2;
		n += more;
	}
	return n;
}

/* Named files must look like JSON; walked ones are skipped quietly. */
static int looks_like_json(const char *buf, long n)
{
	long i = 0;

	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]))
		i++;
	if (i == n)
		return 1; /* empty: nothing to read, nothing to say */
	if (strchr("{[\"-0123456789", buf[i]))
		return 1;
	return (n - i >= 4 && (memcmp(buf + i, "null", 4) == 0 ||
			       memcmp(buf + i, "true", 4) == 0)) ||
	       (n - i >= 5 && memcmp(buf + i, "false", 5) == 0);
}

static gzFile open_input(const char *path)
{
	gzFile gz;

	if (strcmp(path, "-") == 0) {
		int fd = dup(STDIN_FILENO);

		if (fd < 0)
			return NULL;
		gz = gzdopen(fd, "rb");
		if (!gz)
			close(fd);
	} else {
		gz = gzopen(path, "rb");
	}
	if (gz)
		gzbuffer(gz, 256 * 1024);
	return gz;
}

/* Feeds the rest of the file to the scanner, block by block. */
static int scan_rest(pipeline *p, gzFile gz, char *problem)
{
	long n;
	int rc = 0;

	while (rc == 0 && !problem[0] &&
	       (n = read_limited(p, gz, p->block, p->block_size, problem)) > 0)
		rc = lg__scan_feed(&p->scanner, p->block, (size_t)n);
	return rc;
}

static int is_readme(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strcasecmp(base, "README.md") == 0;
}

/* The id a card's path gives: ORG/NAME of .../ORG/NAME/README.md, taken
 * below the input argument when the card was found in a directory. */
static int card_path_id(const char *path, const char *rel, char *id,
			size_t size)
{
	const char *p = rel ? rel : path, *end = strrchr(p, '/'), *name, *org;

	if (!end)
		return 0;
	for (name = end; name > p && name[-1] != '/'; name--)
		;
	if (name == p) /* no ORG above NAME */
		return 0;
	for (org = name - 1; org > p && org[-1] != '/'; org--)
		;
	if (org == name - 1 || name == end || (size_t)(end - org) >= size)
		return 0;
	memcpy(id, org, (size_t)(end - org));
	id[end - org] = '\0';
	return 1;
}

/*
 * A model card (README.md with YAML front matter): its first 2 MiB are
 * read, the front matter turned into one JSON record (card.c), and that
 * record sent to the workers as a batch of its own. A README.md found in
 * a directory without front matter is passed over: a repository with no
 * metadata is not an error.
 */
#define CARD_READ_MAX (2u << 20)

static int read_card(pipeline *p, gzFile gz, const char *path,
		     const char *file, int named, long n, char *problem)
{
	lg_buf text = LG_BUF_INIT;
	char id[LG_MAX_ID_LEN + 1], why[256];
	batch *b;
	long line = 1, k;
	lg__span span = { 0, 0, 1, -1, 0 };
	int rc;

	if (!lg__card_detect(p->block, (size_t)n))
		return named ? submit_problem(p, file, "a README.md without "
					      "'---' front matter; skipped",
					      LG_DIAG_FILE, 0)
			     : 0;
	p->files++;
	if (lg__buf_add(&text, p->block, (size_t)n) < 0)
		return LG_ENOMEM;
	while (text.len < CARD_READ_MAX && !problem[0] &&
	       (k = read_limited(p, gz, p->block, p->block_size, problem)) > 0)
		if (lg__buf_add(&text, p->block, (size_t)k) < 0) {
			lg__buf_release(&text);
			return LG_ENOMEM;
		}
	b = batch_new(p, file);
	if (!b) {
		lg__buf_release(&text);
		return LG_ENOMEM;
	}
	if (lg__card_to_json(text.data, text.len,
			     card_path_id(path, p->rel, id, sizeof(id)) ? id
									 : NULL,
			     &b->raw, why, sizeof(why), &line) < 0) {
		b->card_problem = lg__arena_strndup(&b->scratch, why,
						    strlen(why));
		span.flags = LG_SPAN_CARD;
		span.line = line;
	} else if (why[0] && batch_note(b, 0, line, 0, LG_DIAG_FIELD, why) < 0) {
		batch_free(b);
		lg__buf_release(&text);
		return LG_ENOMEM;
	}
	span.len = b->raw.len;
	lg__buf_release(&text);
	if (p->nomem) {
		batch_free(b);
		return LG_ENOMEM;
	}
	rc = batch_add_span(b, &span);
	if (rc == 0)
		rc = submit(p, b);
	else
		batch_free(b);
	return rc;
}

/* Reads path (or stdin for "-"), reporting it as file. */
static int read_file(pipeline *p, const char *path, const char *file,
		     int named)
{
	gzFile gz = open_input(path);
	char problem[PROBLEM_SIZE] = "";
	char text[512];
	long n;
	int rc;

	if (!gz) {
		if (errno == ENOMEM) /* the run's fault, not the file's */
			return LG_ENOMEM;
		snprintf(text, sizeof(text), "cannot open: %s",
			 errno ? strerror(errno) : "out of memory");
		return submit_problem(p, file, text, LG_DIAG_UNREADABLE, 0);
	}
	p->read = 0;
	p->nomem = 0;
	n = read_first_block(p, gz, problem);
	if (is_readme(path)) { /* SPEC §1: a card is a README.md */
		rc = read_card(p, gz, path, file, named, n, problem);
		gzclose(gz);
		return rc;
	}
	if (!looks_like_json(p->block, n)) {
		gzclose(gz);
		return named ? submit_problem(p, file, "not JSON; file skipped",
					      LG_DIAG_FILE, 0)
			     : 0;
	}
	p->files++;
	p->cur_file = file;
	p->cur = batch_new(p, file);
	if (!p->cur) {
		gzclose(gz);
		return LG_ENOMEM;
	}
	lg__scan_init(&p->scanner, &p->cur->raw, on_span, p);
	rc = lg__scan_feed(&p->scanner, p->block, (size_t)n);
	if (rc == 0)
		rc = scan_rest(p, gz, problem);
	if (rc == 0)
		rc = lg__scan_finish(&p->scanner);
	gzclose(gz);
	if (rc == 0 && p->cur->n_spans)
		rc = submit(p, p->cur);
	else
		batch_free(p->cur);
	p->cur = NULL;
	if (rc == 0 && p->nomem) /* not a fault of the file */
		rc = LG_ENOMEM;
	if (rc == 0 && problem[0]) {
		snprintf(text, sizeof(text), "read error: %s; the rest of the "
			 "file is lost", problem);
		rc = submit_problem(p, file, text, LG_DIAG_FILE, 1);
	}
	return rc;
}

static int on_file(const char *path, const char *rel, int named,
		   const char *problem, long long limit, void *payload)
{
	pipeline *p = payload;
	const char *file = lg__arena_strndup(&p->paths, path, strlen(path));
	char text[300];

	if (!file)
		return LG_ENOMEM;
	if (strcmp(file, "-") == 0)
		file = "(stdin)";
	if (problem) {
		snprintf(text, sizeof(text), "cannot read: %s", problem);
		return submit_problem(p, file, text, LG_DIAG_UNREADABLE, 0);
	}
	p->limit = limit;
	p->rel = rel;
	return read_file(p, path, file, named);
}

/* Each input argument walked, then its end marked. */
static void *producer_main(void *arg)
{
	pipeline *p = arg;
	size_t i;
	int rc = 0;

	for (i = 0; i < p->n_inputs && rc == 0; i++) {
		rc = lg__walk_inputs(p->inputs + i, 1, on_file, p);
		if (rc == 0)
			rc = submit_arg_end(p, i);
	}

	pthread_mutex_lock(&p->lock);
	if (rc < 0)
		p->failed = 1;
	p->eof = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* -- workers: parsing --------------------------------------------------- */

typedef struct {
	batch *b;
	size_t span;
	long line;
	int rc;
} warn_ctx;

static void on_field_warning(int kind, const char *text, void *payload)
{
	warn_ctx *w = payload;

	if (batch_note(w->b, w->span, w->line, 0, kind, text) < 0)
		w->rc = LG_ENOMEM;
}

/* Why the scanner gave up on a span. */
static const char *span_problem(const batch *b, int flags)
{
	if (flags & LG_SPAN_CARD)
		return b->card_problem ? b->card_problem : "unreadable card";
	if (flags & LG_SPAN_OPEN_ARRAY)
		return "array not closed before the end of the line or input";
	if (flags & LG_SPAN_OVERSIZE)
		return "record longer than 16 MiB";
	if (flags & LG_SPAN_TOO_DEEP)
		return "record nested deeper than 128 levels";
	if (flags & LG_SPAN_TRUNCATED)
		return "record cut short (no closing bracket before the end "
		       "of the line or input)";
	if (flags & LG_SPAN_JUNK)
		return "stray character between records";
	return "not a JSON object";
}

static void parse_batch(batch *b)
{
	size_t i;

	if (lg__array_grow((void **)&b->records, &b->cap_records,
			   b->n_spans ? b->n_spans : 1, sizeof(*b->records)) < 0) {
		b->rc = LG_ENOMEM;
		return;
	}
	memset(b->records, 0, b->n_spans * sizeof(*b->records));
	for (i = 0; i < b->n_spans && b->rc == 0; i++) {
		const lg__span *sp = &b->spans[i];
		warn_ctx w = { b, i, sp->line, 0 };
		lg_record rec;
		lg_error err;
		int rc;

		if (sp->flags) {
			if (batch_note(b, i, sp->line,
				       !(sp->flags & LG_SPAN_OPEN_ARRAY),
				       LG_DIAG_RECORD,
				       span_problem(b, sp->flags)) < 0)
				b->rc = LG_ENOMEM;
			continue;
		}
		rc = lg__record_parse(&rec, &b->arena, b->raw.data + sp->offset,
				      sp->len, on_field_warning, &w, &err);
		if (rc == LG_ENOMEM || w.rc < 0) {
			b->rc = LG_ENOMEM;
		} else if (rc < 0) {
			long line = sp->line + (err.line > 1 ? err.line - 1 : 0);

			if (batch_note(b, i, line, 1, LG_DIAG_RECORD, err.text) < 0)
				b->rc = LG_ENOMEM;
		} else {
			rec.file = b->file;
			rec.line = sp->line;
			rec.index = sp->index;
			b->records[i] = rec;
		}
	}
}

static void *worker_main(void *arg)
{
	pipeline *p = arg;
	batch *b;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->taken == p->produced && !p->eof)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->taken == p->produced) {
			pthread_mutex_unlock(&p->lock);
			lg__json_scratch_release();
			return NULL;
		}
		b = p->ring[p->taken++ % p->ring_size];
		pthread_mutex_unlock(&p->lock);

		parse_batch(b);

		pthread_mutex_lock(&p->lock);
		b->done = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
}

/* -- merger: in order, on the caller's thread ---------------------------- */

static void report(lg_graph *g, const batch *b, const note *n,
		   unsigned long seq)
{
	lg_diag d;

	d.seq = seq;
	d.file = b->file;
	d.line = n->line;
	d.index = b->n_spans ? b->spans[n->span].index : -1;
	d.model = b->n_spans && b->records ? b->records[n->span].id : NULL;
	d.text = n->text;
	d.skipped = n->skipped;
	d.kind = n->kind;
	lg__graph_report(g, &d);
}

/* An input argument has ended: one that yielded no record, and had no
 * file-level problem to say so already, is reported. */
static void end_argument(lg_graph *g, const batch *b,
			 lg__ingest_counts *counts)
{
	lg_diag d;

	if (counts->arg_records || counts->arg_problems) {
		counts->arg_records = counts->arg_problems = 0;
		return;
	}
	memset(&d, 0, sizeof(d));
	d.file = strcmp(b->file, "-") == 0 ? "(stdin)" : b->file;
	d.index = -1;
	d.kind = LG_DIAG_EMPTY;
	d.seq = counts->records_read;
	d.text = "no model record found here";
	lg__graph_report(g, &d);
	counts->empty_inputs++;
}

static int merge_batch(lg_graph *g, batch *b, lg__ingest_counts *counts,
		       lg_error *err)
{
	size_t i, k = 0;
	int rc;

	if (b->rc < 0)
		return lg_error_set(err, b->rc, b->file, 0, "out of memory");
	if (b->arg_end >= 0) {
		end_argument(g, b, counts);
		return 0;
	}
	if (b->problem >= 0) {
		for (k = 0; k < b->n_notes; k++)
			report(g, b, &b->notes[k], counts->records_read);
		counts->arg_problems++;
		if (b->problem == LG_DIAG_UNREADABLE)
			counts->files_failed++;
		else if (b->cut_short)
			counts->read_errors++;
		else
			counts->files_skipped++;
		return 0;
	}
	for (i = 0; i < b->n_spans; i++) {
		for (; k < b->n_notes && b->notes[k].span == i; k++) {
			report(g, b, &b->notes[k], counts->records_read);
			if (!b->notes[k].skipped &&
			    !(b->spans[i].flags & LG_SPAN_OPEN_ARRAY))
				counts->fields_ignored++;
		}
		if (b->spans[i].flags & LG_SPAN_OPEN_ARRAY)
			continue;
		b->records[i].seq = (uint32_t)counts->records_read++;
		counts->arg_records++;
		if (!b->records[i].id) {
			counts->records_skipped++;
			continue;
		}
		rc = lg__graph_add_record(g, &b->records[i], err);
		if (rc < 0)
			return rc;
	}
	lg__graph_adopt_strings(g, &b->arena);
	return 0;
}

static void fail(pipeline *p)
{
	pthread_mutex_lock(&p->lock);
	p->failed = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

/* Takes batches in sequence order until the producer is done. */
static int merge_all(pipeline *p, lg_graph *g, lg__ingest_counts *counts,
		     lg_error *err)
{
	int rc = 0;
	batch *b;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!(p->merged < p->produced &&
			 p->ring[p->merged % p->ring_size]->done) &&
		       !(p->eof && p->merged == p->produced))
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->merged == p->produced) {
			pthread_mutex_unlock(&p->lock);
			return rc;
		}
		b = p->ring[p->merged % p->ring_size];
		pthread_mutex_unlock(&p->lock);

		if (rc == 0 && (rc = merge_batch(g, b, counts, err)) < 0)
			fail(p);
		batch_recycle(p, b);

		pthread_mutex_lock(&p->lock);
		p->merged++;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
}

static int thread_count(const lg_ingest_options *o)
{
	long n = o->threads;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

int lg_ingest(lg_graph *g, const char *const *inputs, size_t n_inputs,
	      const lg_ingest_options *opts, lg_error *err)
{
	static const lg_ingest_options defaults = LG_INGEST_OPTIONS_INIT;
	const lg_ingest_options *o = opts ? opts : &defaults;
	lg__ingest_counts counts;
	pipeline p;
	pthread_t producer, workers[MAX_THREADS];
	int n_threads = thread_count(o), started = 0, producer_started = 0;
	int i, rc = 0, why = 0; /* pthread_create's error: it sets no errno */

	memset(&p, 0, sizeof(p));
	memset(&counts, 0, sizeof(counts));
	p.inputs = inputs;
	p.n_inputs = n_inputs;
	p.ring_size = 2 * (unsigned long)n_threads + 2;
	p.block_size = BLOCK_SIZE;
	p.block = malloc(p.block_size);
	if (!p.block)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);

	for (i = 0; i < n_threads; i++, started++)
		if ((why = pthread_create(&workers[i], NULL, worker_main, &p)))
			break;
	if (started == n_threads &&
	    (why = pthread_create(&producer, NULL, producer_main, &p)) == 0)
		producer_started = 1;
	if (producer_started) {
		rc = merge_all(&p, g, &counts, err);
		pthread_join(producer, NULL);
		if (rc == 0 && p.failed)
			rc = lg_error_set(err, LG_ENOMEM, NULL, 0,
					  "out of memory while reading");
	} else {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0,
				  "cannot start threads: %s", strerror(why));
		fail(&p);
		pthread_mutex_lock(&p.lock);
		p.eof = 1;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
	}
	for (i = 0; i < started; i++)
		pthread_join(workers[i], NULL);

	counts.files = p.files;
	lg__graph_add_ingest_counts(g, &counts);
	lg__graph_adopt_strings(g, &p.paths);
	while (p.spares) {
		batch *next = p.spares->next_spare;

		batch_free(p.spares);
		p.spares = next;
	}
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	free(p.block);
	return rc;
}
