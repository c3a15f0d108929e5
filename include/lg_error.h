/*
 * lg_error.h - status codes, the caller-owned error and the diagnostics hook.
 *
 * Functions that can fail return 0 or a negative lg_status and fill an
 * lg_error the caller owns (it may be NULL). The library never prints:
 * problems with single records, which do not stop a run, reach the caller
 * through an lg_diag_fn it installs.
 */
#ifndef LG_ERROR_H
#define LG_ERROR_H

typedef enum {
	LG_OK = 0,
	LG_ENOMEM = -1,
	LG_EIO = -2,
	LG_EPARSE = -3,
	LG_EHTTP = -4,
	LG_ENOTFOUND = -5,
	LG_EINVAL = -6,
	LG_EGRAPH = -7
} lg_status;

typedef struct {
	lg_status code;
	char source[256]; /* file, URL or model the error is about, or "" */
	long line;        /* 1-based line in source, 0 when not known */
	char text[1024];  /* lowercase, no full stop: "cannot open 'x': ..."; long
			     enough for a server's answer and its cause */
} lg_error;

/* Fills err (if not NULL) and returns code, so `return lg_error_set(...)`. */
int lg_error_set(lg_error *err, lg_status code, const char *source, long line,
		 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* A short, static description of an lg_status. */
const char *lg_strerror(int code);

/* What kind of problem a diagnostic reports. An unreadable input is an
 * error (the run cannot answer for it); every other kind is a problem in
 * the data, which costs what it names and nothing else: a file not read
 * as JSON or cut short, an input that yields no record, a record skipped,
 * a field ignored, a parent named "None", a duplicate record, a
 * self-loop, a cycle. */
typedef enum {
	LG_DIAG_UNREADABLE,
	LG_DIAG_FILE,
	LG_DIAG_EMPTY,
	LG_DIAG_RECORD,
	LG_DIAG_FIELD,
	LG_DIAG_NONE_PARENT,
	LG_DIAG_DUPLICATE,
	LG_DIAG_SELF_LOOP,
	LG_DIAG_CYCLE,
	LG_DIAG_KIND_COUNT
} lg_diag_kind;

/* "unreadable", "file", "empty", "record", "field", "none-parent",
 * "duplicate", "self-loop", "cycle"; NULL for an invalid kind. */
const char *lg_diag_kind_name(int kind);

/*
 * One problem found in the input. `index` is the element number inside a
 * JSON array (-1 for a JSON-lines or single-object record). `skipped` is
 * set when the whole record was dropped, clear when only a field was.
 * Every pointer is borrowed for the duration of the callback.
 */
typedef struct {
	const char *file;
	long line;
	long index;
	const char *model; /* the record's id when known, else NULL */
	const char *text;
	int skipped;
	int kind;          /* lg_diag_kind */
	unsigned long seq; /* where in the input: the number of the record it
			      is about (or of the next one, for a file), so
			      problems found later sort into input order */
} lg_diag;

typedef void (*lg_diag_fn)(const lg_diag *diag, void *payload);

#endif
