/*
 * card.h - a model card's YAML front matter as a model record (private).
 *
 * A README.md that starts with a `---` line carries the card metadata the
 * Hub reads into cardData (SPEC §1). We read only the fields lineage uses
 * and turn them into the JSON object a listing would hold, so the rest of
 * ingest treats a card like any other record.
 */
#ifndef LG_CARD_H
#define LG_CARD_H

#include <stddef.h>

#include "buf.h"

#define LG_MAX_FRONT_MATTER (1u << 20) /* bytes */
#define LG_MAX_YAML_DEPTH 64

/*
 * Converts the card text[0..len) to one JSON object appended to out.
 * path_id is the id the card's path gives (ORG/NAME), or NULL; a
 * front-matter `model_id` wins over it. Returns 0, or -1 with why in
 * problem and the 1-based line of the card it concerns in *line. On
 * success problem holds "" or a warning about a field left out (a YAML
 * alias where a value was wanted: never expanded), *line its line.
 */
int lg__card_to_json(const char *text, size_t len, const char *path_id,
		     lg_buf *out, char *problem, size_t size, long *line);

/* Whether text starts like a card (a `---` line, after a BOM). */
int lg__card_detect(const char *text, size_t len);

#endif
