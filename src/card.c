/*
 * card.c - YAML front matter to a record, with libyaml's event parser.
 *
 * Events, not a document tree: YAML aliases are never expanded (an alias
 * where a value is wanted is ignored), so a "billion laughs" card costs
 * what its text costs; nesting deeper than LG_MAX_YAML_DEPTH and front
 * matter longer than LG_MAX_FRONT_MATTER are refused. Keys we do not use
 * are skipped whatever they hold.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "card.h"

typedef struct {
	yaml_parser_t parser;
	yaml_event_t event;
	int have_event;
	char *problem;
	size_t size;
	long *line;
	long first_line; /* of the front matter in the card */
} reader;

static int fail(reader *r, const char *what, long line)
{
	snprintf(r->problem, r->size, "%s", what);
	*r->line = r->first_line + line;
	return -1;
}

static int next(reader *r)
{
	if (r->have_event)
		yaml_event_delete(&r->event);
	r->have_event = 0;
	if (!yaml_parser_parse(&r->parser, &r->event)) {
		char what[200];

		snprintf(what, sizeof(what), "invalid YAML front matter: %s",
			 r->parser.problem ? r->parser.problem : "error");
		return fail(r, what, (long)r->parser.problem_mark.line);
	}
	r->have_event = 1;
	return 0;
}

/* Skips the value whose first event is current, however nested. */
static int skip_value(reader *r, int depth)
{
	int level = 0;

	do {
		yaml_event_type_t t = r->event.type;

		if (t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT) {
			if (depth + ++level > LG_MAX_YAML_DEPTH)
				return fail(r, "front matter nested too deeply",
					    (long)r->event.start_mark.line);
		} else if (t == YAML_SEQUENCE_END_EVENT ||
			   t == YAML_MAPPING_END_EVENT) {
			level--;
		} else if (t == YAML_STREAM_END_EVENT) {
			return fail(r, "front matter ends inside a value",
				    (long)r->event.start_mark.line);
		}
		if (level > 0 && next(r) < 0)
			return -1;
	} while (level > 0);
	return 0;
}

static json_t *scalar(const reader *r)
{
	return json_stringn((const char *)r->event.data.scalar.value,
			    r->event.data.scalar.length);
}

/* A scalar, or a sequence of scalars (other items skipped); NULL for
 * anything else (aliases included: never expanded). */
static int read_value(reader *r, json_t **out)
{
	*out = NULL;
	if (r->event.type == YAML_SCALAR_EVENT) {
		*out = scalar(r);
		return 0;
	}
	if (r->event.type != YAML_SEQUENCE_START_EVENT)
		return skip_value(r, 1);
	*out = json_array();
	for (;;) {
		if (next(r) < 0)
			break;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (r->event.type == YAML_SCALAR_EVENT) {
			json_t *s = scalar(r);

			if (s)
				json_array_append_new(*out, s);
		} else if (skip_value(r, 2) < 0) {
			break;
		}
	}
	json_decref(*out); /* the card is broken: nothing of it is kept */
	*out = NULL;
	return -1;
}

static const char *const card_keys[] = { "base_model", "base_model_relation",
					 "license", "license_name",
					 "license_link" };
static const char *const top_keys[] = { "pipeline_tag", "library_name",
					"tags" };

static int wanted(const char *key, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* The top-level mapping: the keys lineage uses into obj / card. */
static int read_mapping(reader *r, json_t *obj, json_t *card)
{
	for (;;) {
		char key[128];
		json_t *value;

		if (next(r) < 0)
			return -1;
		if (r->event.type == YAML_MAPPING_END_EVENT)
			return 0;
		if (r->event.type != YAML_SCALAR_EVENT) { /* a complex key */
			if (skip_value(r, 1) < 0 || next(r) < 0 ||
			    skip_value(r, 1) < 0)
				return -1;
			continue;
		}
		snprintf(key, sizeof(key), "%.*s",
			 (int)r->event.data.scalar.length,
			 (const char *)r->event.data.scalar.value);
		if (next(r) < 0)
			return -1;
		if (r->event.type == YAML_ALIAS_EVENT &&
		    (wanted(key, card_keys, 5) || wanted(key, top_keys, 3))) {
			snprintf(r->problem, r->size, "YAML alias for '%s' is "
				 "not expanded; the field is left out", key);
			*r->line = r->first_line +
				   (long)r->event.start_mark.line;
		}
		if (read_value(r, &value) < 0)
			return -1;
		if (!value)
			continue;
		if (wanted(key, card_keys, 5))
			json_object_set_new(card, key, value);
		else if (wanted(key, top_keys, 3) || strcmp(key, "model_id") == 0)
			json_object_set_new(obj, key, value);
		else
			json_decref(value);
	}
}

int lg__card_detect(const char *text, size_t len)
{
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	return len >= 4 && memcmp(text, "---", 3) == 0 &&
	       (text[3] == '\n' || (text[3] == '\r' && len > 4 && text[4] == '\n'));
}

/* The front matter between the first `---` line and the next. */
static const char *front_matter(const char *text, size_t len, size_t *out)
{
	const char *start = memchr(text, '\n', len), *p;

	if (!start)
		return NULL;
	start++;
	for (p = start; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t line = nl ? (size_t)(nl - p) : (size_t)(text + len - p);

		if ((line == 3 || (line == 4 && p[3] == '\r')) &&
		    memcmp(p, "---", 3) == 0) {
			*out = (size_t)(p - start);
			return start;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return NULL;
}

int lg__card_to_json(const char *text, size_t len, const char *path_id,
		     lg_buf *out, char *problem, size_t size, long *line)
{
	reader r;
	json_t *obj = json_object(), *card = json_object(), *id;
	const char *fm;
	size_t fm_len = 0;
	char *json = NULL;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.problem = problem;
	r.size = size;
	r.line = line;
	r.first_line = 2;
	*line = 1;
	problem[0] = '\0';
	if (!(fm = front_matter(text, len, &fm_len))) {
		/* the caller reads a card's first 2 MiB: past 1 MiB, an
		 * unclosed front matter is a long one as likely as not */
		snprintf(problem, size, len > LG_MAX_FRONT_MATTER
			 ? "no closing '---' line in the first 1 MiB of "
			   "front matter"
			 : "front matter has no closing '---' line");
		goto done;
	}
	if (fm_len > LG_MAX_FRONT_MATTER) {
		snprintf(problem, size, "front matter longer than 1 MiB");
		goto done;
	}
	yaml_parser_initialize(&r.parser);
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)fm,
				     fm_len);
	/* stream start, document start, then the mapping */
	if (next(&r) < 0 || next(&r) < 0)
		goto parsed;
	if (r.event.type == YAML_STREAM_END_EVENT) {
		fail(&r, "empty front matter", 0);
		goto parsed;
	}
	if (next(&r) < 0)
		goto parsed;
	if (r.event.type != YAML_MAPPING_START_EVENT) {
		fail(&r, "front matter is not a mapping of keys to values",
		     (long)r.event.start_mark.line);
		goto parsed;
	}
	if (read_mapping(&r, obj, card) < 0)
		goto parsed;
	id = json_object_get(obj, "model_id");
	if (!json_is_string(id) && path_id)
		json_object_set_new(obj, "id", json_string(path_id));
	else if (json_is_string(id))
		json_object_set(obj, "id", id);
	json_object_del(obj, "model_id");
	if (!json_object_get(obj, "id")) {
		snprintf(problem, size, "no model id: give the card a "
			 "'model_id' or put it at ORG/NAME/README.md");
		goto parsed;
	}
	json_object_set(obj, "cardData", card);
	json = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	rc = json && lg__buf_add(out, json, strlen(json)) == 0 ? 0 : -1;
	if (rc < 0)
		snprintf(problem, size, "out of memory");
parsed:
	if (r.have_event)
		yaml_event_delete(&r.event);
	yaml_parser_delete(&r.parser);
done:
	free(json);
	json_decref(card);
	json_decref(obj);
	return rc;
}
