/*
 * test_record.c - the id and relation vocabulary of record.c (SPEC §2 rule 2
 * and 3): lg_id_canonicalize (trimming, each URL prefix in any case,
 * trailing slashes, the empty / overlong / control-character rejections,
 * the exact length limit), lg_id_problem naming each rejection's reason,
 * lg_id_equal and lg_id_hash ignoring ASCII case
 * (and only ASCII case), and relation names parsed and printed back.
 */
#include <stdio.h>
#include <string.h>

#include "lg_record.h"
#include "testhelp.h"

/* Canonicalises a copy of in; 1 when the result is want (length and text). */
static int canon_is(const char *in, const char *want)
{
	char buf[1024];
	size_t len = strlen(in);
	long n;

	memcpy(buf, in, len + 1);
	n = lg_id_canonicalize(buf, len);
	return n >= 0 && (size_t)n == strlen(want) && strcmp(buf, want) == 0;
}

static long canon_len(const char *in)
{
	char buf[1024];
	size_t len = strlen(in);

	memcpy(buf, in, len + 1);
	return lg_id_canonicalize(buf, len);
}

/* An id of n bytes: "o/" followed by 'x's. */
static void make_id(char *buf, size_t n)
{
	memset(buf, 'x', n);
	buf[0] = 'o';
	buf[1] = '/';
	buf[n] = '\0';
}

static void test_canonicalize(void)
{
	char buf[600];
	long n;

	test_cond("canon: plain id unchanged", canon_is("org/model", "org/model"));
	test_cond("canon: case kept", canon_is("Org/Model-7B", "Org/Model-7B"));
	test_cond("canon: spaces and tabs trimmed",
		  canon_is(" \t org/model \t\n", "org/model"));
	test_cond("canon: https://huggingface.co/ removed",
		  canon_is("https://huggingface.co/org/model", "org/model"));
	test_cond("canon: http://huggingface.co/ removed",
		  canon_is("http://huggingface.co/org/model", "org/model"));
	test_cond("canon: huggingface.co/ removed",
		  canon_is("huggingface.co/org/model", "org/model"));
	test_cond("canon: https://hf.co/ removed",
		  canon_is("https://hf.co/org/model", "org/model"));
	test_cond("canon: hf.co/ removed", canon_is("hf.co/org/model", "org/model"));
	test_cond("canon: prefix matched case-insensitively (HTTPS://HuggingFace.CO/)",
		  canon_is("HTTPS://HuggingFace.CO/org/model", "org/model"));
	test_cond("canon: prefix matched case-insensitively (HF.Co/)",
		  canon_is("HF.Co/org/model", "org/model"));
	test_cond("canon: prefix after leading blanks",
		  canon_is("  https://huggingface.co/org/model", "org/model"));
	test_cond("canon: only one prefix removed",
		  canon_is("hf.co/hf.co/model", "hf.co/model"));
	test_cond("canon: prefix not matched mid-id",
		  canon_is("org/hf.co/model", "org/hf.co/model"));
	test_cond("canon: trailing slash removed", canon_is("org/model/", "org/model"));
	test_cond("canon: several trailing slashes removed",
		  canon_is("org/model///", "org/model"));
	test_cond("canon: URL with trailing slash and blanks",
		  canon_is(" https://hf.co/org/model/ ", "org/model"));
	test_cond("canon: bare model name kept", canon_is("gpt2", "gpt2"));

	test_cond("canon: empty -> -1", canon_len("") == -1);
	test_cond("canon: blanks only -> -1", canon_len("   \t ") == -1);
	test_cond("canon: slashes only -> -1", canon_len("///") == -1);
	test_cond("canon: prefix only -> -1",
		  canon_len("https://huggingface.co/") == -1);
	test_cond("canon: control char inside -> -1", canon_len("org/mo\x01" "del") == -1);
	test_cond("canon: DEL inside -> -1", canon_len("org/mo\x7f" "del") == -1);
	test_cond("canon: inner tab -> -1", canon_len("org/mo\tdel") == -1);
	test_cond("canon: UTF-8 bytes accepted", canon_is("org/mod\xc3\xa9le", "org/mod\xc3\xa9le"));

	make_id(buf, LG_MAX_ID_LEN);
	n = lg_id_canonicalize(buf, LG_MAX_ID_LEN);
	test_cond("canon: exactly 256 bytes ok", n == LG_MAX_ID_LEN &&
		  strlen(buf) == LG_MAX_ID_LEN);
	make_id(buf, LG_MAX_ID_LEN + 1);
	test_cond("canon: 257 bytes -> -1",
		  lg_id_canonicalize(buf, LG_MAX_ID_LEN + 1) == -1);

	/* the limit applies after the prefix and blanks are removed */
	strcpy(buf, "https://huggingface.co/");
	make_id(buf + strlen(buf), LG_MAX_ID_LEN);
	strcat(buf, "/  ");
	n = lg_id_canonicalize(buf, strlen(buf));
	test_cond("canon: 256 bytes after stripping URL and slash ok",
		  n == LG_MAX_ID_LEN && buf[0] == 'o' && buf[1] == '/');

	/* len is honoured: bytes past it are not part of the id */
	strcpy(buf, "org/model/extra");
	n = lg_id_canonicalize(buf, 10);
	test_cond("canon: only len bytes read, result NUL-terminated", n == 9 && strcmp(buf, "org/model") == 0);
}

/* Whether lg_id_problem gives s the reason want (NULL: none). */
static int problem_is(const char *s, const char *want)
{
	const char *got = lg_id_problem(s, strlen(s));

	return want ? got && strcmp(got, want) == 0 : !got;
}

static void test_problem(void)
{
	char buf[LG_MAX_ID_LEN + 2];

	test_cond("problem: a good id has none", problem_is(" org/m/ ", NULL));
	test_cond("problem: empty", problem_is(" hf.co/ / ", "is empty once trimmed"));
	test_cond("problem: control character",
		  problem_is("org/m\x01", "holds a control character"));
	test_cond("problem: U+FFFE is no emptiness",
		  problem_is("org/m\xef\xbf\xbe", "holds U+FFFE or U+FFFF"));
	test_cond("problem: U+FFFF inside",
		  problem_is("org/\xef\xbf\xbfm", "holds U+FFFE or U+FFFF"));
	test_cond("problem: U+FFFD is a character",
		  problem_is("org/\xef\xbf\xbdm", NULL));
	make_id(buf, LG_MAX_ID_LEN + 1);
	test_cond("problem: overlong", problem_is(buf, "is longer than 256 bytes"));
}

static void test_equal_hash(void)
{
	test_cond("equal: same", lg_id_equal("org/model", "org/model"));
	test_cond("equal: case variants",
		  lg_id_equal("Mistralai/mistral-7b-v0.1", "mistralai/Mistral-7B-v0.1"));
	test_cond("equal: all upper vs lower", lg_id_equal("ORG/MODEL", "org/model"));
	test_cond("equal: different ids", !lg_id_equal("org/model", "org/modem"));
	test_cond("equal: prefix is not equal", !lg_id_equal("org/model", "org/model2"));
	test_cond("equal: longer first is not equal", !lg_id_equal("org/model2", "org/model"));
	test_cond("equal: empty vs non-empty", !lg_id_equal("", "a"));
	test_cond("equal: '@' vs '`' not folded",
		  !lg_id_equal("a@", "a`"));     /* 0x40 / 0x60 */
	test_cond("equal: '[' vs '{' not folded",
		  !lg_id_equal("a[", "a{"));     /* 0x5b / 0x7b */
	test_cond("equal: non-ASCII bytes compared exactly",
		  !lg_id_equal("\xc3\x89", "\xc3\xa9"));

	test_cond("hash: case variants hash equal",
		  lg_id_hash("Mistralai/mistral-7b-v0.1") ==
		  lg_id_hash("mistralai/Mistral-7B-v0.1"));
	test_cond("hash: upper == lower", lg_id_hash("ORG/MODEL") == lg_id_hash("org/model"));
	test_cond("hash: different ids differ",
		  lg_id_hash("org/model-a") != lg_id_hash("org/model-b"));
	test_cond("hash: '@' and '`' differ", lg_id_hash("a@") != lg_id_hash("a`"));
}

static void test_relations(void)
{
	int r, ok = 1;

	for (r = 0; r < LG_REL_COUNT; r++) {
		const char *name = lg_relation_name(r);

		if (!name || lg_relation_parse(name) != r)
			ok = 0;
	}
	test_cond("relation: name/parse round trip for every relation", ok);
	test_cond("relation: finetune", lg_relation_parse("finetune") == LG_REL_FINETUNE);
	test_cond("relation: adapter", lg_relation_parse("adapter") == LG_REL_ADAPTER);
	test_cond("relation: quantized", lg_relation_parse("quantized") == LG_REL_QUANTIZED);
	test_cond("relation: merge", lg_relation_parse("merge") == LG_REL_MERGE);
	test_cond("relation: parse ignores case", lg_relation_parse("Merge") == LG_REL_MERGE &&
		  lg_relation_parse("QUANTIZED") == LG_REL_QUANTIZED);
	test_cond("relation: unknown -> -1", lg_relation_parse("distill") == -1);
	test_cond("relation: empty -> -1", lg_relation_parse("") == -1);
	test_cond("relation: prefix of a name -> -1", lg_relation_parse("fine") == -1);
	test_cond("relation: name plus suffix -> -1", lg_relation_parse("merges") == -1);
	test_cond("relation: name of -1 is NULL", lg_relation_name(-1) == NULL);
	test_cond("relation: name of LG_REL_COUNT is NULL",
		  lg_relation_name(LG_REL_COUNT) == NULL);
	test_cond("relation source: names",
		  lg_relation_source_name(LG_RELSRC_TAG) &&
		  strcmp(lg_relation_source_name(LG_RELSRC_TAG), "tag") == 0 &&
		  strcmp(lg_relation_source_name(LG_RELSRC_CARD), "card") == 0 &&
		  strcmp(lg_relation_source_name(LG_RELSRC_INFERRED), "inferred") == 0);
	test_cond("relation source: out of range is NULL",
		  lg_relation_source_name(3) == NULL &&
		  lg_relation_source_name(-1) == NULL);
}

int main(void)
{
	test_canonicalize();
	test_problem();
	test_equal_hash();
	test_relations();
	return test_exit();
}
