/*
 * json_list.h - a comma-separated list as a JSON array, the one way every
 * JSON writer turns "A,B" into ["A", "B"] (private).
 */
#ifndef LG_JSON_LIST_H
#define LG_JSON_LIST_H

#include <jansson.h>

/* "" gives []; NULL when out of memory. */
json_t *lg__json_list(const char *csv);

#endif
