/*
 * test_record_parse.c - lg__record_parse on small JSON buffers (SPEC §1 and
 * §2 rules 1-3): id versus modelId; parents from base_model tags (with and
 * without a relation, merged case-insensitively, the tag's relation and
 * source winning); cardData.base_model (string or list) only when no tag
 * names a parent; base_model_relation from the card; the inferred relation
 * (merge, quantized, adapter, finetune); licences from tags then the card,
 * deduplicated; wrong-typed fields warned about while the record is kept;
 * records that must be skipped; negative download counts.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "lg_error.h"
#include "record_parse.h"
#include "testhelp.h"

static lg_arena arena = LG_ARENA_INIT;
static lg_record rec;
static lg_error err;
static int n_warnings, last_kind;
static char last_warning[512];

static void on_warn(int kind, const char *text, void *payload)
{
	(void)payload;
	n_warnings++;
	last_kind = kind;
	snprintf(last_warning, sizeof(last_warning), "%s", text);
}

/* Parses json into rec; returns lg__record_parse's result. */
static int parse(const char *json)
{
	n_warnings = 0;
	last_warning[0] = '\0';
	memset(&err, 0, sizeof(err));
	return lg__record_parse(&rec, &arena, json, strlen(json), on_warn,
				NULL, &err);
}

/* 1 when rec has exactly one parent id with that relation and source. */
static int parent_is(size_t i, const char *id, int relation, int source)
{
	return i < rec.n_parents && strcmp(rec.parents[i].id, id) == 0 &&
	       rec.parents[i].relation == relation &&
	       rec.parents[i].relation_source == source;
}

static int license_is(size_t i, const char *name)
{
	return i < rec.n_licenses && strcmp(rec.licenses[i], name) == 0;
}

static void test_ids(void)
{
	int rc;

	rc = parse("{\"id\":\"org/model\"}");
	test_cond("id: plain id", rc == 0 && strcmp(rec.id, "org/model") == 0);
	test_cond("id: absent counts are -1", rec.downloads == -1 && rec.likes == -1);
	test_cond("id: absent gated is -1", rec.gated == -1);
	test_cond("id: no parents, no licences", rec.n_parents == 0 && rec.n_licenses == 0);
	test_cond("id: no warnings", n_warnings == 0);

	rc = parse("{\"modelId\":\"org/from-modelid\"}");
	test_cond("id: modelId used when id absent",
		  rc == 0 && strcmp(rec.id, "org/from-modelid") == 0);

	rc = parse("{\"modelId\":\"org/b\",\"id\":\"org/a\"}");
	test_cond("id: id preferred over modelId", rc == 0 && strcmp(rec.id, "org/a") == 0);

	rc = parse("{\"id\":\" https://huggingface.co/Org/Model/ \"}");
	test_cond("id: canonicalised, case kept", rc == 0 && strcmp(rec.id, "Org/Model") == 0);

	rc = parse("{\"id\":\"org/m\",\"author\":\"org\",\"downloads\":42,"
		   "\"likes\":7,\"gated\":\"manual\",\"pipeline_tag\":"
		   "\"text-generation\",\"library_name\":\"transformers\","
		   "\"createdAt\":\"2024-01-02T03:04:05.000Z\"}");
	test_cond("fields: kept", rc == 0 && strcmp(rec.author, "org") == 0 &&
		  rec.downloads == 42 && rec.likes == 7 && rec.gated == 1 &&
		  strcmp(rec.pipeline_tag, "text-generation") == 0 &&
		  strcmp(rec.library_name, "transformers") == 0 &&
		  strcmp(rec.created_at, "2024-01-02T03:04:05.000Z") == 0);
	rc = parse("{\"id\":\"org/m\",\"gated\":false}");
	test_cond("fields: gated false -> 0", rc == 0 && rec.gated == 0);
}

static void test_skips(void)
{
	int rc;

	rc = parse("{\"author\":\"x\"}");
	test_cond("skip: no id -> LG_EPARSE", rc == LG_EPARSE && err.code == LG_EPARSE);
	test_cond("skip: no id has a reason", strstr(err.text, "id") != NULL);

	rc = parse("{\"id\":42}");
	test_cond("skip: id a number -> LG_EPARSE", rc == LG_EPARSE && err.text[0]);
	rc = parse("{\"id\":null}");
	test_cond("skip: id null -> LG_EPARSE", rc == LG_EPARSE);
	rc = parse("{\"id\":[\"org/m\"]}");
	test_cond("skip: id an array -> LG_EPARSE", rc == LG_EPARSE);

	rc = parse("{\"id\":\"org/\\u0000evil\"}");
	test_cond("skip: id with NUL -> LG_EPARSE", rc == LG_EPARSE && err.text[0]);
	rc = parse("{\"id\":\"   \"}");
	test_cond("skip: blank id -> LG_EPARSE", rc == LG_EPARSE);
	rc = parse("{\"id\":\"org/a\\u0007b\"}");
	test_cond("skip: id with control char -> LG_EPARSE", rc == LG_EPARSE);

	rc = parse("[{\"id\":\"org/m\"}]");
	test_cond("skip: array, not an object -> LG_EPARSE",
		  rc == LG_EPARSE && strstr(err.text, "not an object"));
	rc = parse("\"org/m\"");
	test_cond("skip: string, not an object -> LG_EPARSE", rc == LG_EPARSE);
	rc = parse("null");
	test_cond("skip: null -> LG_EPARSE", rc == LG_EPARSE);

	rc = parse("{\"id\":\"org/m\",");
	test_cond("skip: invalid JSON -> LG_EPARSE",
		  rc == LG_EPARSE && strstr(err.text, "invalid JSON"));
	rc = parse("{\"id\":\"org/m\"} {\"id\":\"x\"}");
	test_cond("skip: trailing data -> LG_EPARSE", rc == LG_EPARSE);
	rc = parse("{\"id\":\"org/\xff\xfe\"}");
	test_cond("skip: invalid UTF-8 -> LG_EPARSE", rc == LG_EPARSE);
	rc = parse("{\n\"id\":\n\"org/m\",\n\"x\": tru\n}");
	test_cond("skip: invalid JSON reports the line inside the buffer",
		  rc == LG_EPARSE && err.line == 4);
}

static void test_tag_parents(void)
{
	int rc;

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/base\"]}");
	test_cond("tag: base_model:X -> one parent, inferred finetune",
		  rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/base", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:adapter:org/base\"]}");
	test_cond("tag: base_model:adapter:X -> adapter from tag",
		  rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/base", LG_REL_ADAPTER, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/base\","
		   "\"base_model:quantized:Org/Base\"]}");
	test_cond("tag: plain and REL tag merged into one parent",
		  rc == 0 && rec.n_parents == 1);
	test_cond("tag: merged parent takes the tag's relation and source",
		  parent_is(0, "org/base", LG_REL_QUANTIZED, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:quantized:org/base\","
		   "\"base_model:org/base\"]}");
	test_cond("tag: REL tag first, plain tag later keeps the relation",
		  rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/base", LG_REL_QUANTIZED, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:merge:org/a\","
		   "\"base_model:merge:org/b\",\"base_model:org/a\"]}");
	test_cond("tag: two merge parents", rc == 0 && rec.n_parents == 2 &&
		  parent_is(0, "org/a", LG_REL_MERGE, LG_RELSRC_TAG) &&
		  parent_is(1, "org/b", LG_REL_MERGE, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:hf.co/org/base/\"]}");
	test_cond("tag: parent id canonicalised",
		  rc == 0 && parent_is(0, "org/base", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:finetune:org/base\"],"
		   "\"cardData\":{\"base_model\":\"org/other\"}}");
	test_cond("tag: card base_model ignored when a tag names a parent",
		  rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/base", LG_REL_FINETUNE, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:\"]}");
	test_cond("tag: empty base_model: tag names no parent", rc == 0 && rec.n_parents == 0);
}

static void test_card_parents(void)
{
	int rc;

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":\"org/base\"}}");
	test_cond("card: base_model string", rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/base", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":[\"org/a\",\"org/b\"]}}");
	test_cond("card: base_model list -> merge of two", rc == 0 &&
		  rec.n_parents == 2 &&
		  parent_is(0, "org/a", LG_REL_MERGE, LG_RELSRC_INFERRED) &&
		  parent_is(1, "org/b", LG_REL_MERGE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":[\"org/a\",\"ORG/A\"]}}");
	test_cond("card: list entries deduplicated ignoring case",
		  rc == 0 && rec.n_parents == 1 &&
		  parent_is(0, "org/a", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"license:mit\"],"
		   "\"cardData\":{\"base_model\":\"org/base\"}}");
	test_cond("card: used when tags name no base model",
		  rc == 0 && rec.n_parents == 1);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":\"org/base\","
		   "\"base_model_relation\":\"adapter\"}}");
	test_cond("card: base_model_relation -> LG_RELSRC_CARD",
		  rc == 0 && parent_is(0, "org/base", LG_REL_ADAPTER, LG_RELSRC_CARD));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/base\"],"
		   "\"cardData\":{\"base_model_relation\":\"quantized\"}}");
	test_cond("card: relation applies to a tag without REL",
		  rc == 0 && parent_is(0, "org/base", LG_REL_QUANTIZED, LG_RELSRC_CARD));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:merge:org/base\"],"
		   "\"cardData\":{\"base_model_relation\":\"adapter\"}}");
	test_cond("card: a tag's relation beats the card's",
		  rc == 0 && parent_is(0, "org/base", LG_REL_MERGE, LG_RELSRC_TAG));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":[\"org/a\",\"org/b\"],"
		   "\"base_model_relation\":\"finetune\"}}");
	test_cond("card: card relation beats the merge inference",
		  rc == 0 && rec.n_parents == 2 &&
		  parent_is(0, "org/a", LG_REL_FINETUNE, LG_RELSRC_CARD) &&
		  parent_is(1, "org/b", LG_REL_FINETUNE, LG_RELSRC_CARD));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":\"org/base\","
		   "\"base_model_relation\":\"distilled\"}}");
	test_cond("card: unknown relation warned, inferred instead",
		  rc == 0 && n_warnings == 1 &&
		  parent_is(0, "org/base", LG_REL_FINETUNE, LG_RELSRC_INFERRED));
}

static void test_inference(void)
{
	int rc;

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\",\"base_model:org/b\"]}");
	test_cond("infer: two parents -> merge", rc == 0 && rec.n_parents == 2 &&
		  parent_is(0, "org/a", LG_REL_MERGE, LG_RELSRC_INFERRED) &&
		  parent_is(1, "org/b", LG_REL_MERGE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"gguf\",\"base_model:org/a\"]}");
	test_cond("infer: gguf tag -> quantized",
		  rc == 0 && parent_is(0, "org/a", LG_REL_QUANTIZED, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\",\"GPTQ\"]}");
	test_cond("infer: GPTQ tag (any case) -> quantized",
		  rc == 0 && parent_is(0, "org/a", LG_REL_QUANTIZED, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"library_name\":\"peft\","
		   "\"tags\":[\"base_model:org/a\"]}");
	test_cond("infer: library_name peft -> adapter",
		  rc == 0 && parent_is(0, "org/a", LG_REL_ADAPTER, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\"],\"siblings\":"
		   "[{\"rfilename\":\"README.md\"},"
		   "{\"rfilename\":\"adapter_config.json\"}]}");
	test_cond("infer: sibling adapter_config.json -> adapter",
		  rc == 0 && parent_is(0, "org/a", LG_REL_ADAPTER, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\"],\"siblings\":"
		   "[{\"rfilename\":\"sub/model-Q4_K_M.gguf\"}]}");
	test_cond("infer: sibling .gguf file -> quantized",
		  rc == 0 && parent_is(0, "org/a", LG_REL_QUANTIZED, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\",\"gguf\"],"
		   "\"library_name\":\"peft\"}");
	test_cond("infer: quantized beats adapter",
		  rc == 0 && parent_is(0, "org/a", LG_REL_QUANTIZED, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:org/a\",\"base_model:org/b\","
		   "\"gguf\"]}");
	test_cond("infer: two parents beat quantized -> merge",
		  rc == 0 && parent_is(0, "org/a", LG_REL_MERGE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"library_name\":\"transformers\","
		   "\"tags\":[\"base_model:org/a\",\"text-generation\"],"
		   "\"siblings\":[{\"rfilename\":\"config.json\"}]}");
	test_cond("infer: otherwise finetune",
		  rc == 0 && parent_is(0, "org/a", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:adapter:org/a\","
		   "\"base_model:org/b\"]}");
	test_cond("infer: mixed tag/inferred parents",
		  rc == 0 && rec.n_parents == 2 &&
		  parent_is(0, "org/a", LG_REL_ADAPTER, LG_RELSRC_TAG) &&
		  parent_is(1, "org/b", LG_REL_MERGE, LG_RELSRC_INFERRED));
}

static void test_licenses(void)
{
	int rc;

	rc = parse("{\"id\":\"c\",\"tags\":[\"license:apache-2.0\"]}");
	test_cond("license: from tag", rc == 0 && rec.n_licenses == 1 &&
		  license_is(0, "apache-2.0"));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"license\":\"mit\"}}");
	test_cond("license: card string", rc == 0 && rec.n_licenses == 1 &&
		  license_is(0, "mit"));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"license\":[\"mit\",\"cc-by-4.0\"]}}");
	test_cond("license: card list", rc == 0 && rec.n_licenses == 2 &&
		  license_is(0, "mit") && license_is(1, "cc-by-4.0"));

	rc = parse("{\"id\":\"c\",\"tags\":[\"license:other\",\"license:mit\"],"
		   "\"cardData\":{\"license\":[\"mit\",\"llama2\"]}}");
	test_cond("license: the card's list replaces the tags' (SPEC-licenses 1.1)",
		  rc == 0 && rec.n_licenses == 2 && license_is(0, "mit") &&
		  license_is(1, "llama2"));

	rc = parse("{\"id\":\"c\",\"tags\":[\"license:mit\"],"
		   "\"cardData\":{\"license\":null}}");
	test_cond("license: a null card licence leaves the tags",
		  rc == 0 && rec.n_licenses == 1 && license_is(0, "mit"));

	rc = parse("{\"id\":\"c\",\"tags\":[\"license:mit\",\"license:mit\"]}");
	test_cond("license: duplicate tags once", rc == 0 && rec.n_licenses == 1);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"license\":\"other\","
		   "\"license_name\":\"my-license\",\"license_link\":\"LICENSE\"}}");
	test_cond("license: license_name and license_link kept", rc == 0 &&
		  strcmp(rec.license_name, "my-license") == 0 &&
		  strcmp(rec.license_link, "LICENSE") == 0);
}

static void test_wrong_types(void)
{
	int rc;

	rc = parse("{\"id\":\"c\",\"author\":42,\"downloads\":5}");
	test_cond("type: author number warned, record kept",
		  rc == 0 && n_warnings == 1 && rec.author == NULL &&
		  rec.downloads == 5 && strstr(last_warning, "author"));
	test_cond("type: a wrong type is a 'field' warning",
		  last_kind == LG_DIAG_FIELD);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":\"None\"}}");
	test_cond("kind: a base_model 'None' is its own kind of warning",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 0 &&
		  last_kind == LG_DIAG_NONE_PARENT);

	rc = parse("{\"id\":\"c\",\"downloads\":\"many\"}");
	test_cond("type: downloads string warned, -1",
		  rc == 0 && n_warnings == 1 && rec.downloads == -1);

	rc = parse("{\"id\":\"c\",\"downloads\":-5,\"likes\":3}");
	test_cond("type: negative downloads ignored with a warning",
		  rc == 0 && n_warnings == 1 && rec.downloads == -1 && rec.likes == 3);

	rc = parse("{\"id\":\"c\",\"downloads\":1.5}");
	test_cond("type: fractional downloads warned, -1",
		  rc == 0 && n_warnings == 1 && rec.downloads == -1);

	rc = parse("{\"id\":\"c\",\"tags\":\"base_model:org/a\"}");
	test_cond("type: tags a string warned, no parent",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 0);

	rc = parse("{\"id\":\"c\",\"tags\":[1,\"base_model:org/a\",null]}");
	test_cond("type: non-string tags warned once, the rest kept",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 1);

	rc = parse("{\"id\":\"c\",\"cardData\":\"yes\",\"author\":\"o\"}");
	test_cond("type: cardData a string warned, record kept",
		  rc == 0 && n_warnings == 1 && strcmp(rec.author, "o") == 0);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":42}}");
	test_cond("type: cardData.base_model a number warned, no parent",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 0);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":{\"a\":1}}}");
	test_cond("type: cardData.base_model an object warned",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 0);

	rc = parse("{\"id\":\"c\",\"cardData\":{\"base_model\":[\"org/a\",7]}}");
	test_cond("type: non-string item in base_model list warned, string kept",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 1 &&
		  parent_is(0, "org/a", LG_REL_FINETUNE, LG_RELSRC_INFERRED));

	rc = parse("{\"id\":\"c\",\"cardData\":{\"license\":17}}");
	test_cond("type: cardData.license a number warned",
		  rc == 0 && n_warnings == 1 && rec.n_licenses == 0);

	rc = parse("{\"id\":\"c\",\"gated\":3}");
	test_cond("type: gated a number warned", rc == 0 && n_warnings == 1 &&
		  rec.gated == -1);

	rc = parse("{\"id\":\"c\",\"author\":\"a\\u0000b\"}");
	test_cond("type: NUL inside a kept string warned",
		  rc == 0 && n_warnings == 1 && rec.author == NULL);

	rc = parse("{\"id\":\"c\",\"author\":null,\"downloads\":null,"
		   "\"cardData\":null,\"tags\":null}");
	test_cond("type: nulls are silent", rc == 0 && n_warnings == 0);

	rc = parse("{\"id\":\"c\",\"author\":42,\"likes\":\"x\","
		   "\"pipeline_tag\":[]}");
	test_cond("type: three wrong fields, three warnings", rc == 0 &&
		  n_warnings == 3);

	rc = parse("{\"id\":\"c\",\"tags\":[\"base_model:\\u0001bad\"]}");
	test_cond("type: control-character parent warned, record kept",
		  rc == 0 && n_warnings == 1 && rec.n_parents == 0);
}

int main(void)
{
	test_ids();
	test_skips();
	test_tag_parents();
	test_card_parents();
	test_inference();
	test_licenses();
	test_wrong_types();
	lg__arena_release(&arena);
	return test_exit();
}
