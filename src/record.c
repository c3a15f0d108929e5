/*
 * record.c - model ids and relation names: the small vocabulary every other
 * module shares.
 *
 * Ids are compared ASCII case-insensitively (SPEC §2 rule 2): the Hub treats
 * "Mistralai/mistral-7b-v0.1" and "mistralai/Mistral-7B-v0.1" as one repo,
 * and cards spell their parents either way. Non-ASCII bytes compare exactly.
 */
#include <string.h>

#include "ascii.h"
#include "lg_record.h"

static const char *const relation_names[LG_REL_COUNT] = {
	"finetune", "adapter", "quantized", "merge"
};

static const char *const source_names[] = { "tag", "card", "inferred" };

const char *lg_relation_name(int relation)
{
	if (relation < 0 || relation >= LG_REL_COUNT)
		return NULL;
	return relation_names[relation];
}

const char *lg_relation_source_name(int source)
{
	if (source < 0 || source > LG_RELSRC_INFERRED)
		return NULL;
	return source_names[source];
}

int lg__ascii_contains(const char *hay, const char *needle)
{
	size_t i;

	for (; *hay; hay++) {
		for (i = 0; needle[i] && lg__ascii_lower((unsigned char)hay[i]) ==
					 lg__ascii_lower((unsigned char)needle[i]);
		     i++)
			;
		if (!needle[i])
			return 1;
	}
	return !*needle;
}

int lg_relation_parse(const char *name)
{
	int r;

	for (r = 0; r < LG_REL_COUNT; r++)
		if (lg_id_equal(name, relation_names[r]))
			return r;
	return -1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Case-insensitive prefix test of s[0..len). */
static int has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t i, n = strlen(prefix);

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lg__ascii_lower((unsigned char)s[i]) != (unsigned char)prefix[i])
			return 0;
	return 1;
}

/* The canonical id's bytes, s[*start..*end), and NULL; or why there is
 * none. */
static const char *canonical(const char *s, size_t len, size_t *start_out,
			     size_t *end_out)
{
	static const char *const prefixes[] = {
		"https://huggingface.co/", "http://huggingface.co/",
		"huggingface.co/", "https://hf.co/", "hf.co/"
	};
	size_t start = 0, end = len, i;

	while (start < end && is_space((unsigned char)s[start]))
		start++;
	for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		if (has_prefix(s + start, end - start, prefixes[i])) {
			start += strlen(prefixes[i]);
			break;
		}
	}
	while (end > start && (is_space((unsigned char)s[end - 1]) ||
			       s[end - 1] == '/'))
		end--;
	*start_out = start;
	*end_out = end;
	if (end == start)
		return "is empty once trimmed";
	if (end - start > LG_MAX_ID_LEN)
		return "is longer than 256 bytes";
	for (i = start; i < end; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "holds a control character";
		/* U+FFFE, U+FFFF: no XML character, so no exportable id */
		if ((unsigned char)s[i] == 0xEF && i + 2 < end &&
		    (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] & 0xFE) == 0xBE)
			return "holds U+FFFE or U+FFFF";
	}
	return NULL;
}

long lg_id_canonicalize(char *s, size_t len)
{
	size_t start, end;

	if (canonical(s, len, &start, &end))
		return -1;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return (long)(end - start);
}

const char *lg_id_problem(const char *s, size_t len)
{
	size_t start, end;

	return canonical(s, len, &start, &end);
}

int lg_id_equal(const char *a, const char *b)
{
	while (*a && lg__ascii_lower((unsigned char)*a) ==
			     lg__ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

int lg_id_compare(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = lg__ascii_lower((unsigned char)*a);
		int cb = lg__ascii_lower((unsigned char)*b);

		if (ca != cb || !ca)
			return ca - cb;
	}
}

uint32_t lg_id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *id; id++) {
		h ^= lg__ascii_lower((unsigned char)*id);
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}
