/*
 * test_update_mark.c - where `fetch --update` stops (fetch_update.h): the
 * Hub's stamps read, the high-water mark kept, the mark taken from the
 * earlier of it and the last run's start, less the overlap, and the
 * snapshots an update refuses.
 */
#include <string.h>

#include <jansson.h>

#include "fetch_update.h"
#include "testhelp.h"

/* The mark of the manifest given as JSON text (its records: none), or
 * "" when refused. */
static const char *mark_of(const char *text)
{
	static char since[LG_STAMP_SIZE];
	json_t *m = json_loads(text, 0, NULL);
	lg_error err;

	since[0] = '\0';
	if (!m || lg__update_since(m, "/dev/null", since, &err) < 0)
		since[0] = '\0';
	json_decref(m);
	return since;
}

static int refused(const char *text)
{
	json_t *m = json_loads(text, 0, NULL);
	lg_error err;
	int rc = lg__update_check(m, &err);

	json_decref(m);
	return rc < 0;
}

/* high_water after noting the items' stamps in turn. */
static int high_water_is(const char *const *stamps, size_t n, const char *want)
{
	json_t *m = json_object();
	const char *got;
	size_t i;
	int same;

	for (i = 0; i < n; i++) {
		json_t *item = json_pack("{s:s}", "lastModified", stamps[i]);

		lg__note_high_water(m, item);
		json_decref(item);
	}
	got = json_string_value(json_object_get(m, "high_water"));
	same = want ? got && strcmp(got, want) == 0 : got == NULL;
	json_decref(m);
	return same;
}

int main(void)
{
	static const char *const stamps[] = {
		"2024-07-10T23:35:25.000Z", "2024-07-11T00:00:00.500Z",
		"not a stamp", "2023-01-01T00:00:00.000Z"
	};

	test_cond("stamp: the Hub's form", lg__stamp_seconds(
		"2024-07-11T00:00:00.000Z") == 1720656000);
	test_cond("stamp: without the fraction",
		  lg__stamp_seconds("2024-07-11T00:00:01Z") == 1720656001);
	test_cond("stamp: no Z is not one",
		  lg__stamp_seconds("2024-07-11T00:00:00.000") == -1);
	test_cond("stamp: a date alone is not one",
		  lg__stamp_seconds("2024-07-11") == -1);
	test_cond("stamp: trailing text is not one",
		  lg__stamp_seconds("2024-07-11T00:00:00Zx") == -1);
	test_cond("stamp: NULL", lg__stamp_seconds(NULL) == -1);

	test_cond("high water: the newest stamp noted",
		  high_water_is(stamps, 4, "2024-07-11T00:00:00.500Z"));
	test_cond("high water: a bad stamp leaves none",
		  high_water_is(stamps + 2, 1, NULL));

	test_cond("mark: the newest less an hour, the crawl started later",
		  strcmp(mark_of("{\"high_water\": \"2024-07-11T00:00:00.000Z\","
				 " \"started\": \"2026-01-01T00:00:00Z\"}"),
			 "2024-07-10T23:00:00.000Z") == 0);
	test_cond("mark: the crawl's start when earlier (changed mid-crawl)",
		  strcmp(mark_of("{\"high_water\": \"2024-07-11T00:00:00.000Z\","
				 " \"started\": \"2024-07-10T12:00:00Z\"}"),
			 "2024-07-10T11:00:00.000Z") == 0);
	test_cond("mark: the last update's start, not the crawl's",
		  strcmp(mark_of("{\"high_water\": \"2024-07-11T00:00:00.000Z\","
				 " \"started\": \"2024-07-01T00:00:00Z\","
				 " \"updates\": [{\"started\": \"2024-07-05T00:00:00Z\"},"
				 " {\"started\": \"2024-07-10T06:00:00Z\"}]}"),
			 "2024-07-10T05:00:00.000Z") == 0);
	test_cond("mark: no stamp anywhere is refused",
		  mark_of("{\"started\": \"2024-07-10T12:00:00Z\"}")[0] == '\0');

	test_cond("check: a listing crawl can be updated",
		  !refused("{\"query\": {\"filter\": [\"gguf\"], \"search\": \"x\"}}"));
	test_cond("check: --limit is refused",
		  refused("{\"query\": {\"limit\": 5}}"));
	test_cond("check: --descendants-of is refused",
		  refused("{\"query\": {\"descendants_of\": \"a/b\"}}"));
	test_cond("check: --model is refused",
		  refused("{\"query\": {\"models\": [\"a/b\"]}}"));
	return test_exit();
}
