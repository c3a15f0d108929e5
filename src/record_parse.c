/*
 * record_parse.c - from a model object (listing item or model-info) to the
 * fields lineage keeps, applying SPEC §2 rules 1-3 to its parents.
 *
 * Jansson parses the whole object, then we copy what we keep into the
 * arena and free the document at once. Parents come from base_model tags
 * first; only a record with none falls back to cardData.base_model. The
 * relation of each edge is the tag's, else the card's, else inferred from
 * the record (several parents, quantisation hints, adapter hints).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ascii.h"
#include "json_alloc.h"
#include "record_parse.h"

typedef struct {
	lg_record *rec;
	lg_arena *arena;
	lg__field_warn_fn warn;
	void *payload;
	int quantized_hint, adapter_hint;
	int card_relation; /* -1 when the card names none */
	int too_many_parents;
	int card_license; /* a card licence list replaced the tags' */
	/* collected here, then copied to the arena at their exact size */
	lg_parent parents[LG_MAX_PARENTS];
	const char *licenses[LG_MAX_LICENSES];
} parse_state;

/* Words that, as a tag or library_name, say how a model was derived. */
enum { HINT_NONE, HINT_QUANTIZED, HINT_ADAPTER };

static const struct {
	const char *word;
	size_t len;
	int hint;
} hint_words[] = {
#define W(word, hint) { word, sizeof(word) - 1, hint }
	W("gguf", HINT_QUANTIZED),     W("gptq", HINT_QUANTIZED),
	W("awq", HINT_QUANTIZED),      W("exl2", HINT_QUANTIZED),
	W("bnb-4bit", HINT_QUANTIZED), W("bnb-8bit", HINT_QUANTIZED),
	W("4-bit", HINT_QUANTIZED),    W("8-bit", HINT_QUANTIZED),
	W("4bit", HINT_QUANTIZED),     W("8bit", HINT_QUANTIZED),
	W("bitsandbytes", HINT_QUANTIZED), W("hqq", HINT_QUANTIZED),
	W("aqlm", HINT_QUANTIZED),     W("quanto", HINT_QUANTIZED),
	W("peft", HINT_ADAPTER),       W("lora", HINT_ADAPTER),
	W("adapter-transformers", HINT_ADAPTER),
#undef W
};
#define MAX_HINT_LEN 20 /* strlen("adapter-transformers") */

/*
 * The hint a tag gives, if any. Every record has dozens of tags, so this
 * is on the hot path: most tags are too long or hold a ':' (dataset:,
 * arxiv:, region:) and are out at once; the rest are lower-cased once and
 * compared only with words of their length.
 */
static int hint_of(const char *s, size_t len)
{
	char lower[MAX_HINT_LEN];
	size_t i;

	if (len > MAX_HINT_LEN || memchr(s, ':', len))
		return HINT_NONE;
	for (i = 0; i < len; i++)
		lower[i] = (char)lg__ascii_lower((unsigned char)s[i]);
	for (i = 0; i < sizeof(hint_words) / sizeof(*hint_words); i++)
		if (hint_words[i].len == len &&
		    memcmp(hint_words[i].word, lower, len) == 0)
			return hint_words[i].hint;
	return HINT_NONE;
}

static void take_hint(parse_state *ps, const char *s, size_t len)
{
	switch (hint_of(s, len)) {
	case HINT_QUANTIZED: ps->quantized_hint = 1; break;
	case HINT_ADAPTER: ps->adapter_hint = 1; break;
	default: break;
	}
}

static void warnf(parse_state *ps, int kind, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* kind: an lg_diag_kind, LG_DIAG_FIELD but for a parent named "None" */
static void warnf(parse_state *ps, int kind, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ps->warn(kind, text, ps->payload);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* A JSON string's bytes, or NULL when v is no string or holds a NUL
 * (Jansson is told to accept NULs so that one in an unused field does not
 * cost the record; a kept string must not have one). */
static const char *text_of(const json_t *v, size_t *len)
{
	const char *s = json_string_value(v);

	if (!s)
		return NULL;
	*len = json_string_length(v);
	return memchr(s, '\0', *len) ? NULL : s;
}

/* A kept string field: absent and null are silent, anything odd warns. */
static int get_string(parse_state *ps, const json_t *obj, const char *key,
		      const char **out)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	size_t len;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		warnf(ps, LG_DIAG_FIELD, "'%s' is %s, not a string; ignored", key,
		      type_name(v));
		return 0;
	}
	if (!(s = text_of(v, &len))) {
		warnf(ps, LG_DIAG_FIELD, "'%s' holds a NUL character; ignored", key);
		return 0;
	}
	if (len > LG_MAX_FIELD_LEN) {
		warnf(ps, LG_DIAG_FIELD, "'%s' is longer than 4096 bytes; ignored", key);
		return 0;
	}
	*out = lg__arena_strndup(ps->arena, s, len);
	return *out ? 0 : LG_ENOMEM;
}

static void get_count(parse_state *ps, const json_t *obj, const char *key,
		      int64_t *out)
{
	const json_t *v = json_object_get(obj, key);

	*out = -1;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		*out = json_integer_value(v);
	else
		warnf(ps, LG_DIAG_FIELD, "'%s' is not a non-negative integer; ignored", key);
}

static void get_gated(parse_state *ps, const json_t *obj)
{
	const json_t *v = json_object_get(obj, "gated");

	ps->rec->gated = -1;
	if (!v || json_is_null(v))
		return;
	if (json_is_boolean(v))
		ps->rec->gated = json_is_true(v);
	else if (json_is_string(v)) /* the Hub says "auto" or "manual" */
		ps->rec->gated = 1;
	else
		warnf(ps, LG_DIAG_FIELD, "'%s' is not a boolean or string; ignored", "gated");
}

/* "base_model: None" in a card becomes the tag base_model:None: a null
 * written out, not a model (the Hub has none of these names). */
static int is_no_model(const char *id)
{
	return lg_id_equal(id, "none") || lg_id_equal(id, "null") ||
	       lg_id_equal(id, "nan") || lg_id_equal(id, "n/a");
}

/* Adds a parent unless already present; a tag's relation beats none. */
static int add_parent(parse_state *ps, const char *id, size_t len,
		      int relation, const char *what)
{
	lg_record *rec = ps->rec;
	char canon[4 * LG_MAX_ID_LEN + 1];
	long n = -1;
	size_t i;

	if (len < sizeof(canon)) {
		memcpy(canon, id, len);
		n = lg_id_canonicalize(canon, len);
	}
	if (n < 0) {
		warnf(ps, LG_DIAG_FIELD, "%s names an empty, overlong or "
		      "control-character parent id; ignored", what);
		return 0;
	}
	if (is_no_model(canon)) {
		warnf(ps, LG_DIAG_NONE_PARENT, "%s names '%s', which is no "
		      "model; ignored", what, canon);
		return 0;
	}
	for (i = 0; i < rec->n_parents; i++) {
		if (lg_id_equal(ps->parents[i].id, canon)) {
			if (relation >= 0 &&
			    ps->parents[i].relation_source != LG_RELSRC_TAG) {
				ps->parents[i].relation = (uint8_t)relation;
				ps->parents[i].relation_source = LG_RELSRC_TAG;
			}
			return 0;
		}
	}
	if (rec->n_parents == LG_MAX_PARENTS) {
		if (!ps->too_many_parents++)
			warnf(ps, LG_DIAG_FIELD, "more than %d parents; the rest are ignored",
			      LG_MAX_PARENTS);
		return 0;
	}
	ps->parents[rec->n_parents].id =
		lg__arena_strndup(ps->arena, canon, (size_t)n);
	if (!ps->parents[rec->n_parents].id)
		return LG_ENOMEM;
	ps->parents[rec->n_parents].hash = lg_id_hash(canon);
	ps->parents[rec->n_parents].relation =
		(uint8_t)(relation >= 0 ? relation : LG_REL_FINETUNE);
	ps->parents[rec->n_parents].relation_source =
		relation >= 0 ? LG_RELSRC_TAG : LG_RELSRC_INFERRED;
	rec->n_parents++;
	return 0;
}

static int add_license(parse_state *ps, const char *s, size_t len)
{
	lg_record *rec = ps->rec;
	size_t i;
	char *copy;

	if (len == 0 || len > LG_MAX_FIELD_LEN)
		return 0;
	for (i = 0; i < rec->n_licenses; i++)
		if (strlen(ps->licenses[i]) == len &&
		    strncmp(ps->licenses[i], s, len) == 0)
			return 0;
	if (rec->n_licenses == LG_MAX_LICENSES)
		return 0;
	copy = lg__arena_strndup(ps->arena, s, len);
	if (!copy)
		return LG_ENOMEM;
	ps->licenses[rec->n_licenses++] = copy;
	return 0;
}

/* base_model:ID or base_model:REL:ID */
static int parse_base_model_tag(parse_state *ps, const char *tag, size_t len)
{
	const char *rest = tag + strlen("base_model:");
	size_t rest_len = len - strlen("base_model:");
	const char *colon = memchr(rest, ':', rest_len);

	if (colon) {
		char rel[16];
		size_t rel_len = (size_t)(colon - rest);
		int relation;

		if (rel_len < sizeof(rel)) {
			memcpy(rel, rest, rel_len);
			rel[rel_len] = '\0';
			relation = lg_relation_parse(rel);
			if (relation >= 0)
				return add_parent(ps, colon + 1,
						  rest_len - rel_len - 1,
						  relation, "a base_model tag");
		}
	}
	return add_parent(ps, rest, rest_len, -1, "a base_model tag");
}

static int parse_tags(parse_state *ps, const json_t *obj)
{
	const json_t *tags = json_object_get(obj, "tags"), *t;
	size_t i;
	int bad = 0, rc;

	if (!tags || json_is_null(tags))
		return 0;
	if (!json_is_array(tags)) {
		warnf(ps, LG_DIAG_FIELD, "'tags' is %s, not an array; ignored", type_name(tags));
		return 0;
	}
	json_array_foreach(tags, i, t) {
		size_t len = 0;
		const char *s = text_of(t, &len);

		if (!s) {
			bad++;
			continue;
		}
		if (len > strlen("base_model:") &&
		    strncmp(s, "base_model:", strlen("base_model:")) == 0)
			rc = parse_base_model_tag(ps, s, len);
		else if (len > strlen("license:") &&
			 strncmp(s, "license:", strlen("license:")) == 0)
			rc = add_license(ps, s + strlen("license:"),
					 len - strlen("license:"));
		else {
			rc = 0;
			take_hint(ps, s, len);
		}
		if (rc < 0)
			return rc;
	}
	if (bad)
		warnf(ps, LG_DIAG_FIELD, "'tags' holds %s non-string items; they are ignored",
		      bad == 1 ? "one" : "several");
	return 0;
}

/* cardData.base_model: a string or a list of strings (SPEC §2 rule 1). */
static int parse_card_base_model(parse_state *ps, const json_t *v)
{
	const json_t *item;
	size_t i;
	int rc, bad = 0;

	const char *s;
	size_t len;

	if ((s = text_of(v, &len)))
		return add_parent(ps, s, len, -1, "cardData.base_model");
	if (!json_is_array(v)) {
		warnf(ps, LG_DIAG_FIELD, "'cardData.base_model' is %s; ignored", type_name(v));
		return 0;
	}
	json_array_foreach(v, i, item) {
		if (!(s = text_of(item, &len))) {
			bad++;
			continue;
		}
		rc = add_parent(ps, s, len, -1, "cardData.base_model");
		if (rc < 0)
			return rc;
	}
	if (bad)
		ps->warn(LG_DIAG_FIELD, "'cardData.base_model' holds items "
			 "that are not strings; they are ignored", ps->payload);
	return 0;
}

static int parse_card_license(parse_state *ps, const json_t *v)
{
	const json_t *item;
	size_t i;
	int rc;

	const char *s;
	size_t len;

	/* the card's licence, when it names one, replaces the tags' */
	if ((s = text_of(v, &len))) {
		ps->rec->n_licenses = 0;
		return add_license(ps, s, len);
	}
	if (!json_is_array(v)) {
		warnf(ps, LG_DIAG_FIELD, "'cardData.license' is %s; ignored", type_name(v));
		return 0;
	}
	json_array_foreach(v, i, item) {
		if (!(s = text_of(item, &len)))
			continue;
		if (!ps->card_license)
			ps->rec->n_licenses = 0;
		ps->card_license = 1;
		rc = add_license(ps, s, len);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int parse_card(parse_state *ps, const json_t *obj)
{
	const json_t *card = json_object_get(obj, "cardData"), *v;
	const char *relation = NULL;
	int rc;

	if (!card || json_is_null(card))
		return 0;
	if (!json_is_object(card)) {
		warnf(ps, LG_DIAG_FIELD, "'cardData' is %s, not an object; ignored",
		      type_name(card));
		return 0;
	}
	v = json_object_get(card, "base_model");
	if (v && !json_is_null(v) && ps->rec->n_parents == 0) {
		rc = parse_card_base_model(ps, v);
		if (rc < 0)
			return rc;
	}
	v = json_object_get(card, "license");
	if (v && !json_is_null(v)) {
		rc = parse_card_license(ps, v);
		if (rc < 0)
			return rc;
	}
	if ((rc = get_string(ps, card, "license_name",
			     &ps->rec->license_name)) < 0 ||
	    (rc = get_string(ps, card, "license_link",
			     &ps->rec->license_link)) < 0 ||
	    (rc = get_string(ps, card, "base_model_relation", &relation)) < 0)
		return rc;
	if (relation) {
		ps->card_relation = lg_relation_parse(relation);
		if (ps->card_relation < 0)
			warnf(ps, LG_DIAG_FIELD, "unknown base_model_relation '%.64s'; ignored",
			      relation);
	}
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && lg_id_equal(s + n - m, suffix);
}

/* Files tell what tags may not: a .gguf file, an adapter_config.json. */
static void scan_siblings(parse_state *ps, const json_t *obj)
{
	const json_t *siblings = json_object_get(obj, "siblings"), *s;
	size_t i;

	if (!json_is_array(siblings))
		return;
	json_array_foreach(siblings, i, s) {
		const char *name = json_string_value(
			json_object_get(s, "rfilename"));
		if (!name)
			continue;
		/* a .gguf anywhere; adapter_config.json only at the root,
		 * since checkpoints/ sub-folders of full models have them */
		if (ends_with(name, ".gguf"))
			ps->quantized_hint = 1;
		else if (lg_id_equal(name, "adapter_config.json"))
			ps->adapter_hint = 1;
	}
}

/*
 * A record naming itself as its parent (SPEC §2 rule 6) loses that parent
 * here, before relations are inferred: bad metadata must not turn the
 * model's one real edge into a "merge". The graph counts and reports it.
 */
static void drop_self_parent(parse_state *ps)
{
	lg_record *rec = ps->rec;
	size_t i;

	for (i = 0; i < rec->n_parents; i++) {
		if (!lg_id_equal(ps->parents[i].id, rec->id))
			continue;
		memmove(&ps->parents[i], &ps->parents[i + 1],
			(rec->n_parents - i - 1) * sizeof(*ps->parents));
		rec->n_parents--;
		rec->self_loop = 1;
		return; /* parents are distinct: there is no second */
	}
}

/* SPEC §2 rule 3 for parents that no tag gave a relation. */
static void infer_relations(parse_state *ps)
{
	lg_record *rec = ps->rec;
	int relation, source = LG_RELSRC_INFERRED;
	size_t i;

	if (ps->card_relation >= 0) {
		relation = ps->card_relation;
		source = LG_RELSRC_CARD;
	} else if (rec->n_parents > 1) {
		relation = LG_REL_MERGE;
	} else if (ps->quantized_hint) {
		relation = LG_REL_QUANTIZED;
	} else if (ps->adapter_hint) {
		relation = LG_REL_ADAPTER;
	} else {
		relation = LG_REL_FINETUNE;
	}
	for (i = 0; i < rec->n_parents; i++) {
		if (ps->parents[i].relation_source == LG_RELSRC_TAG)
			continue;
		ps->parents[i].relation = (uint8_t)relation;
		ps->parents[i].relation_source = (uint8_t)source;
	}
}

/* 'id', else 'modelId' (SPEC §1); a wrong-typed 'id' beside a good
 * 'modelId' is reported and passed over. */
static int parse_id(parse_state *ps, const json_t *obj, lg_error *err)
{
	const json_t *id = json_object_get(obj, "id");
	const json_t *model_id = json_object_get(obj, "modelId");
	const json_t *v = json_is_string(id) ? id : model_id;
	const char *key = v == id ? "id" : "modelId";
	const char *s;
	char *copy;
	size_t len;
	long n;

	if (!json_is_string(v)) {
		if (id && !json_is_null(id))
			return lg_error_set(err, LG_EPARSE, NULL, 0,
					    "'id' is %s, not a string",
					    type_name(id));
		return lg_error_set(err, LG_EPARSE, NULL, 0,
				    "no usable 'id' or 'modelId'");
	}
	if (id && !json_is_null(id) && v != id)
		warnf(ps, LG_DIAG_FIELD, "'id' is %s, not a string; 'modelId' used",
		      type_name(id));
	if (!(s = text_of(v, &len)))
		return lg_error_set(err, LG_EPARSE, NULL, 0,
				    "'%s' holds a NUL character", key);
	if (len > 4 * LG_MAX_ID_LEN)
		return lg_error_set(err, LG_EPARSE, NULL, 0,
				    "'%s' is %zu bytes long (at most %d)", key,
				    len, LG_MAX_ID_LEN);
	copy = lg__arena_strndup(ps->arena, s, len);
	if (!copy)
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	n = lg_id_canonicalize(copy, len);
	if (n < 0)
		return lg_error_set(err, LG_EPARSE, NULL, 0, "'%s' %s", key,
				    lg_id_problem(s, len));
	ps->rec->id = copy;
	ps->rec->id_hash = lg_id_hash(copy);
	return 0;
}

static int parse_fields(parse_state *ps, const json_t *obj)
{
	lg_record *rec = ps->rec;
	int rc;

	if ((rc = get_string(ps, obj, "author", &rec->author)) < 0 ||
	    (rc = get_string(ps, obj, "createdAt", &rec->created_at)) < 0 ||
	    (rc = get_string(ps, obj, "lastModified", &rec->last_modified)) < 0 ||
	    (rc = get_string(ps, obj, "pipeline_tag", &rec->pipeline_tag)) < 0 ||
	    (rc = get_string(ps, obj, "library_name", &rec->library_name)) < 0)
		return rc;
	get_count(ps, obj, "downloads", &rec->downloads);
	get_count(ps, obj, "likes", &rec->likes);
	get_gated(ps, obj);
	if (rec->library_name)
		take_hint(ps, rec->library_name, strlen(rec->library_name));
	return 0;
}

static int is_range_error(const json_error_t *e)
{
	return json_error_code(e) == json_error_numeric_overflow;
}

/* Jansson says out of memory with its code, or, where an allocation fails
 * deep in its parser, with no text at all: never a bad record. */
static int is_nomem(const json_error_t *e)
{
	return json_error_code(e) == json_error_out_of_memory || !e->text[0];
}

/*
 * Jansson refuses numbers it cannot hold (1e999, 30-digit integers) and
 * with them the whole record. Such a number is valid JSON, so we blank it
 * to null in a copy and parse again: the field is then ignored with a
 * warning and the record kept. Jansson's error position is just past the
 * offending token. Bounded, so a record of a million huge numbers costs
 * at most MAX_RETRIES parses before it is skipped.
 */
#define MAX_RETRIES 8

static int is_number_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	       c == 'e' || c == 'E';
}

static json_t *load_without_huge_numbers(parse_state *ps, const char *buf,
					 size_t len, json_error_t *jerr)
{
	char *copy = malloc(len ? len : 1);
	json_t *doc = NULL;
	int tries;

	if (!copy) {
		jerr->text[0] = '\0'; /* is_nomem */
		return NULL;
	}
	memcpy(copy, buf, len);
	for (tries = 0; tries < MAX_RETRIES && is_range_error(jerr); tries++) {
		size_t end = (size_t)jerr->position, start = end;

		if (end > len)
			break;
		while (start > 0 && is_number_byte(copy[start - 1]))
			start--;
		if (end - start < 4)
			break;
		memset(copy + start, ' ', end - start);
		memcpy(copy + start, "null", 4);
		warnf(ps, LG_DIAG_FIELD, "a number too large to hold (%.*s%s) is ignored",
		      (int)(end - start > 24 ? 24 : end - start), buf + start,
		      end - start > 24 ? "..." : "");
		doc = json_loadb(copy, len, JSON_ALLOW_NUL, jerr);
		if (doc)
			break;
	}
	free(copy);
	return doc;
}

/* Moves the collected parents and licences into the arena. */
static int keep_lists(parse_state *ps)
{
	lg_record *rec = ps->rec;

	if (rec->n_parents) {
		rec->parents = lg__arena_alloc(ps->arena, rec->n_parents *
							  sizeof(lg_parent));
		if (!rec->parents)
			return LG_ENOMEM;
		memcpy(rec->parents, ps->parents,
		       rec->n_parents * sizeof(lg_parent));
	}
	if (rec->n_licenses) {
		rec->licenses = lg__arena_alloc(ps->arena, rec->n_licenses *
							   sizeof(char *));
		if (!rec->licenses)
			return LG_ENOMEM;
		memcpy(rec->licenses, ps->licenses,
		       rec->n_licenses * sizeof(char *));
	}
	return 0;
}

int lg__record_parse(lg_record *out, lg_arena *arena, const char *buf,
		     size_t len, lg__field_warn_fn warn, void *payload,
		     lg_error *err)
{
	parse_state ps;
	json_error_t jerr;
	json_t *doc;
	int rc;

	memset(out, 0, sizeof(*out));
	ps.rec = out;
	ps.arena = arena;
	ps.warn = warn;
	ps.payload = payload;
	ps.quantized_hint = ps.adapter_hint = ps.too_many_parents = 0;
	ps.card_license = 0;
	ps.card_relation = -1;
	lg__json_scratch_begin();
	doc = json_loadb(buf, len, JSON_ALLOW_NUL, &jerr);
	if (!doc && is_range_error(&jerr))
		doc = load_without_huge_numbers(&ps, buf, len, &jerr);
	if (!doc) {
		lg__json_scratch_end();
		if (is_nomem(&jerr))
			return lg_error_set(err, LG_ENOMEM, NULL, 0,
					    "out of memory");
		return lg_error_set(err, LG_EPARSE, NULL, jerr.line,
				    "invalid JSON: %s", jerr.text);
	}
	if (!json_is_object(doc)) {
		rc = lg_error_set(err, LG_EPARSE, NULL, 0,
				  "%s, not an object", type_name(doc));
		goto cleanup;
	}
	if ((rc = parse_id(&ps, doc, err)) < 0)
		goto cleanup;
	if (parse_fields(&ps, doc) < 0 || parse_tags(&ps, doc) < 0 ||
	    parse_card(&ps, doc) < 0)
		goto nomem;
	scan_siblings(&ps, doc);
	drop_self_parent(&ps);
	infer_relations(&ps);
	if (keep_lists(&ps) < 0)
		goto nomem;
	rc = 0;
	goto cleanup;
nomem:
	rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
cleanup:
	json_decref(doc);
	lg__json_scratch_end();
	return rc;
}
