/*
 * ascii.h - ASCII case, the one way every module folds it (private). Ids
 * and licence names match ignoring ASCII case only (SPEC §2 rule 2): a
 * byte of a multi-byte character is never folded.
 */
#ifndef LG_ASCII_H
#define LG_ASCII_H

#include <stddef.h>

static inline unsigned char lg__ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether needle occurs in hay, ignoring ASCII case ("" always does). */
int lg__ascii_contains(const char *hay, const char *needle);

#endif
