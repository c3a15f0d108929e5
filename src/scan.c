/*
 * scan.c - the record splitter: a small state machine over bytes.
 *
 * State lives in lg__scanner between calls, so a record may straddle any
 * number of feeds. Bytes of the current record are copied to s->out in
 * runs (from seg to the current position) rather than one by one; once a
 * record passes LG_MAX_RECORD its bytes are dropped and only its end is
 * looked for, so memory stays bounded by the limit.
 */
#include <string.h>

#include "lg_error.h"
#include "scan.h"

void lg__scan_init(lg__scanner *s, lg_buf *out, lg__span_fn emit,
		   void *payload)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->emit = emit;
	s->payload = payload;
	s->line = 1;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does p[0..n) hold exactly one complete JSON object or array? */
static int is_complete_value(const char *p, size_t n)
{
	int depth = 0, in_string = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1 == n;
			if (depth < 0)
				return 0;
		}
	}
	return 0;
}

#define DETECT_LINES 16

/*
 * JSON lines: at least two of the first lines are each one whole object
 * or array starting in column one. Pretty-printed documents never have
 * such lines (their nested lines are indented or open a value they do not
 * close), nor do listings written one element per line ("{...},"), while
 * a JSON-lines file has them even when its first line is cut short or
 * is not an object.
 */
static int detect_lines_mode(const char *p, size_t n)
{
	size_t i = 0, start, end;
	int lines, whole = 0;

	for (lines = 0; lines < DETECT_LINES && i < n; lines++) {
		start = i;
		while (i < n && p[i] != '\n')
			i++;
		if (i == n)
			break; /* a line we cannot see the end of */
		end = i++;
		while (end > start && is_ws((unsigned char)p[end - 1]))
			end--;
		if (end > start && (p[start] == '{' || p[start] == '[') &&
		    is_complete_value(p + start, end - start))
			whole++;
	}
	return whole >= 2;
}

static int flush_segment(lg__scanner *s, const char *seg, size_t n)
{
	s->rec_len += n;
	if (!s->copying)
		return 0;
	if (s->rec_len > LG_MAX_RECORD) {
		s->out->len = s->rec_start; /* drop what we had */
		s->copying = 0;
		s->rec_flags |= LG_SPAN_OVERSIZE;
		return 0;
	}
	return lg__buf_add(s->out, seg, n);
}

static void start_record(lg__scanner *s, int flags, int copy)
{
	s->in_record = 1;
	s->depth = 0;
	s->in_string = s->escape = s->bare = 0;
	s->rec_flags = flags;
	s->rec_line = s->line;
	s->rec_index = s->page ? s->index++ : -1;
	s->rec_start = s->out->len;
	s->rec_len = 0;
	s->copying = copy;
}

static int end_record(lg__scanner *s, int flags)
{
	lg__span span;

	s->in_record = 0;
	/* in JSON lines, a line that is no record is one problem, however
	 * many words it holds: the rest of it is passed over */
	if (s->lines_mode && !s->page && !(flags & LG_SPAN_TRUNCATED) &&
	    (s->rec_flags & (LG_SPAN_NOT_OBJECT | LG_SPAN_JUNK)))
		s->skip_line = 1; /* (a cut-off record ended at the newline) */
	span.flags = s->rec_flags | flags;
	span.line = s->rec_line;
	span.index = s->rec_index;
	span.offset = s->rec_start;
	span.len = s->copying ? s->out->len - s->rec_start : 0;
	if (span.flags & (LG_SPAN_OVERSIZE | LG_SPAN_TRUNCATED |
			  LG_SPAN_NOT_OBJECT | LG_SPAN_TOO_DEEP)) {
		s->out->len = s->rec_start; /* never parsed: free the room */
		span.len = 0;
	}
	return s->emit(&span, s->payload);
}

static int emit_event(lg__scanner *s, int flags)
{
	lg__span span = { s->out->len, 0, s->line, -1, flags };

	return s->emit(&span, s->payload);
}

/* Outside records: whitespace, array punctuation, or a value's start. */
static int scan_between(lg__scanner *s, unsigned char c)
{
	if (is_ws(c)) {
		if (c == '\n') {
			if (s->lines_mode && s->page) {
				int rc = emit_event(s, LG_SPAN_OPEN_ARRAY);

				s->page = 0;
				s->line++;
				return rc;
			}
			s->line++;
		}
		return 0;
	}
	if (c == '[' && !s->page) {
		s->page = 1;
		s->index = 0;
		return 0;
	}
	if (c == ',' && s->page)
		return 0;
	if (c == ']' && s->page) {
		s->page = 0;
		return 0;
	}
	if (c == '{') {
		start_record(s, 0, 1);
		s->depth = 1;
		return 0;
	}
	if (c == '[') {
		start_record(s, LG_SPAN_NOT_OBJECT, 0);
		s->depth = 1;
		return 0;
	}
	if (c == '"') {
		start_record(s, LG_SPAN_NOT_OBJECT, 0);
		s->in_string = s->bare = 1;
		return 0;
	}
	if (c == '}' || c == ']' || c == ',' || c == ':') {
		start_record(s, LG_SPAN_JUNK, 0);
		return end_record(s, 0);
	}
	start_record(s, LG_SPAN_NOT_OBJECT, 0); /* null, true, 12, ... */
	s->bare = 1;
	return 0;
}

/* In JSON lines a newline inside a record means it was cut short: the
 * record ends here and the next line starts afresh. seg[0..n) is the
 * record's part of this feed up to the newline. */
static int newline_in_record(lg__scanner *s, const char *seg, size_t n)
{
	int rc = 0;

	if (s->lines_mode) {
		rc = flush_segment(s, seg, n);
		if (rc == 0)
			rc = end_record(s, LG_SPAN_TRUNCATED);
		s->page = 0;
	}
	s->line++;
	return rc;
}

int lg__scan_feed(lg__scanner *s, const char *data, size_t len)
{
	size_t i = 0, seg = 0;
	int rc = 0;

	if (!s->started) {
		s->started = 1;
		if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
			i = 3; /* a UTF-8 byte order mark */
		s->lines_mode = detect_lines_mode(data + i, len - i);
	}
	for (; i < len && rc == 0; i++) {
		unsigned char c = (unsigned char)data[i];

		if (s->skip_line) {
			const char *nl = memchr(data + i, '\n', len - i);

			if (!nl)
				break;
			i = (size_t)(nl - data);
			s->skip_line = 0;
			s->line++;
			continue;
		}
		if (!s->in_record && c == 0xEF && len - i >= 3 &&
		    memcmp(data + i, "\xEF\xBB\xBF", 3) == 0) {
			i += 2; /* a whole BOM, where `cat a b` left one */
			continue;
		}
		if (!s->in_record) {
			rc = scan_between(s, c);
			seg = i; /* a record started here includes c */
			continue;
		}
		if (s->in_string) {
			if (s->escape) {
				/* the previous feed ended on a backslash */
				s->escape = 0;
				if (c == '\n')
					rc = newline_in_record(s, data + seg,
							       i - seg);
				continue;
			}
			/* fast path through the string's body */
			while (i < len && data[i] != '"' && data[i] != '\\' &&
			       data[i] != '\n')
				i++;
			if (i == len)
				break;
			c = (unsigned char)data[i];
			if (c == '\\') {
				i++; /* skip the escaped byte, maybe next feed */
				if (i == len)
					s->escape = 1;
				else if (data[i] == '\n') /* cut after a '\\' */
					rc = newline_in_record(s, data + seg,
							       i - seg);
				continue;
			}
			if (c == '"') {
				s->in_string = 0;
				if (s->bare && s->depth == 0)
					rc = end_record(s, 0);
				continue;
			}
			rc = newline_in_record(s, data + seg, i - seg);
			continue;
		}
		if (s->bare && s->depth == 0) {
			if (is_ws(c) || c == ',' || c == ']' || c == '}') {
				rc = end_record(s, 0);
				i--; /* the delimiter belongs to the outside */
			}
			continue;
		}
		switch (c) {
		case '"':
			s->in_string = 1;
			break;
		case '{':
		case '[':
			if (++s->depth > LG_MAX_DEPTH)
				s->rec_flags |= LG_SPAN_TOO_DEEP;
			break;
		case '}':
		case ']':
			if (--s->depth == 0) {
				rc = flush_segment(s, data + seg, i + 1 - seg);
				if (rc == 0)
					rc = end_record(s, 0);
			}
			break;
		case '\n':
			rc = newline_in_record(s, data + seg, i - seg);
			break;
		default:
			break;
		}
	}
	if (rc == 0 && s->in_record)
		rc = flush_segment(s, data + seg, len - seg);
	return rc;
}

int lg__scan_finish(lg__scanner *s)
{
	int rc = 0;

	if (s->in_record)
		rc = end_record(s, (s->bare && !s->in_string) ? 0
							       : LG_SPAN_TRUNCATED);
	if (rc == 0 && s->page) {
		s->page = 0;
		rc = emit_event(s, LG_SPAN_OPEN_ARRAY);
	}
	return rc;
}
