/*
 * lg_record.h - one model's metadata, as kept from one JSON object.
 *
 * A record holds only what the analyses use (SPEC §1); the JSON document it
 * came from is freed as soon as the record is filled. Every string of a
 * record lives in an arena owned by whoever parsed it (the model table,
 * once ingested), so records are plain values that are never freed alone.
 */
#ifndef LG_RECORD_H
#define LG_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"

/* Kinds of parent -> child edge, SPEC §2 rule 3. */
typedef enum {
	LG_REL_FINETUNE,
	LG_REL_ADAPTER,
	LG_REL_QUANTIZED,
	LG_REL_MERGE,
	LG_REL_COUNT
} lg_relation;

/* Where an edge's relation came from. */
typedef enum {
	LG_RELSRC_TAG,      /* a base_model:REL:ID tag */
	LG_RELSRC_CARD,     /* cardData.base_model_relation */
	LG_RELSRC_INFERRED  /* parent count, quantisation or adapter hints */
} lg_relation_source;

typedef struct {
	const char *id; /* canonical (SPEC §2 rule 2), original case */
	uint32_t hash;  /* lg_id_hash(id), computed where records are parsed */
	uint8_t relation, relation_source;
} lg_parent;

/* Upper bounds that keep one hostile record from costing unbounded memory. */
#define LG_MAX_ID_LEN 256        /* bytes; Hub ids are at most 96 + 1 + 96 */
#define LG_MAX_FIELD_LEN 4096    /* any other kept string */
#define LG_MAX_PARENTS 256
#define LG_MAX_LICENSES 16

typedef struct {
	const char *id;            /* canonical id, never NULL in a kept record */
	uint32_t id_hash;          /* lg_id_hash(id) */
	uint32_t seq;              /* its number among the records read */
	const char *author, *created_at, *last_modified;
	const char *pipeline_tag, *library_name;
	const char **licenses;     /* cardData.license, else the license: tags */
	const char *license_name, *license_link;
	lg_parent *parents;        /* distinct by case-insensitive id */
	int64_t downloads, likes;  /* -1 when absent */
	size_t n_licenses, n_parents;
	int8_t gated;              /* -1 unknown, 0 no, 1 yes */
	uint8_t self_loop;         /* it named itself as a parent: dropped */

	const char *file;          /* where the record was read */
	long line, index;          /* index -1 outside a JSON array */
} lg_record;

/* Short names, "finetune" ... "merge"; NULL for an invalid value. */
const char *lg_relation_name(int relation);
const char *lg_relation_source_name(int source);

/* Parses a relation name (ASCII case-insensitive); -1 when unknown. */
int lg_relation_parse(const char *name);

/*
 * Canonicalises a model id in place (SPEC §2 rule 2): trims ASCII space,
 * removes one leading huggingface.co / hf.co URL prefix and trailing '/'.
 * Returns the new length, or -1 when the result is empty, longer than
 * LG_MAX_ID_LEN or contains a control character or U+FFFE/U+FFFF. `s`
 * must have room for len + 1 bytes: the result is NUL-terminated.
 */
long lg_id_canonicalize(char *s, size_t len);

/* Why lg_id_canonicalize refuses s[0..len): "is empty once trimmed",
 * "holds U+FFFE or U+FFFF" ...; NULL when it takes it. */
const char *lg_id_problem(const char *s, size_t len);

/* ASCII case-insensitive equality and hash of model ids (SPEC §2 rule 2).
 * The hash is computed on parser threads so the model table need not. */
int lg_id_equal(const char *a, const char *b);

/* strcmp order of the ASCII lower-cased ids: how outputs sort models. */
int lg_id_compare(const char *a, const char *b);
uint32_t lg_id_hash(const char *id);

#endif
