/*
 * error.c - filling lg_error and naming status codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lg_error.h"

int lg_error_set(lg_error *err, lg_status code, const char *source, long line,
		 const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return code;
}

const char *lg_strerror(int code)
{
	switch (code) {
	case LG_OK: return "success";
	case LG_ENOMEM: return "out of memory";
	case LG_EIO: return "input/output error";
	case LG_EPARSE: return "parse error";
	case LG_EHTTP: return "HTTP error";
	case LG_ENOTFOUND: return "not found";
	case LG_EINVAL: return "invalid argument";
	case LG_EGRAPH: return "graph error";
	default: return "unknown error";
	}
}

static const char *const diag_kind_names[LG_DIAG_KIND_COUNT] = {
	"unreadable", "file", "empty", "record", "field", "none-parent",
	"duplicate", "self-loop", "cycle"
};

const char *lg_diag_kind_name(int kind)
{
	return kind >= 0 && kind < LG_DIAG_KIND_COUNT ? diag_kind_names[kind]
						       : NULL;
}
