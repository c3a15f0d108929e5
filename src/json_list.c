/*
 * json_list.c - "A,B" as ["A", "B"].
 */
#include <string.h>

#include "json_list.h"

json_t *lg__json_list(const char *csv)
{
	json_t *list = json_array();
	const char *p = csv;

	while (list && p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (json_array_append_new(list, json_stringn(p, len)) < 0) {
			json_decref(list);
			return NULL;
		}
		p += len + (comma != NULL);
	}
	return list;
}
