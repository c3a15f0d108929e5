/*
 * export_escape.c - escaping text for XML and DOT.
 */
#include <stdio.h>

#include "lg_error.h"
#include "export_impl.h"

void lg__put_xml(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* U+FFFE and U+FFFF (EF BF BE/BF) are valid UTF-8 but no
		 * XML 1.0 characters: one makes the whole file unreadable */
		if (c == 0xEF && (unsigned char)s[1] == 0xBF &&
		    ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			s += 2;
			continue;
		}

		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				putc(c, out);
		}
	}
}

void lg__put_dot(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			putc('\\', out);
		putc(c < 0x20 ? ' ' : c, out);
	}
}

int lg__export_done(FILE *out, lg_error *err)
{
	if (ferror(out))
		return lg_error_set(err, LG_EIO, NULL, 0, "write error");
	return 0;
}
