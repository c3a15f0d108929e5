/*
 * export_impl.h - escaping shared by the text formats (private).
 */
#ifndef LG_EXPORT_IMPL_H
#define LG_EXPORT_IMPL_H

#include <stdio.h>

#include "lg_error.h"

/* XML character data or attribute value: & < > " ' escaped; characters
 * XML 1.0 forbids (controls but tab, newline, return; U+FFFE, U+FFFF)
 * left out, since one of them makes the whole file unreadable. */
void lg__put_xml(FILE *out, const char *s);

/* A DOT double-quoted string's body: " and \ escaped, controls blanked. */
void lg__put_dot(FILE *out, const char *s);

/* Ends a writer: LG_EIO with a message if out has seen an error. */
int lg__export_done(FILE *out, lg_error *err);

#endif
