/*
 * jansson_baseline.c - the yardstick of SPEC §6: how fast does Jansson
 * alone, on one thread, parse the records of a file?
 *
 * The file is read (and inflated) into memory first, untimed; then every
 * line (JSON lines) or the whole document (a listing page) is parsed with
 * json_loadb and freed, timed. Prints: records, MB, seconds, MB/s.
 * Usage: jansson_baseline FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zlib.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	int n;

	*len = 0;
	if (!gz || !buf)
		return NULL;
	while ((n = gzread(gz, buf + *len, (unsigned)(cap - *len))) > 0) {
		*len += (size_t)n;
		if (*len == cap && !(buf = realloc(buf, cap *= 2)))
			return NULL;
	}
	gzclose(gz);
	return buf;
}

int main(int argc, char **argv)
{
	size_t len, i = 0, records = 0;
	char *buf;
	double t0;

	if (argc != 2 || !(buf = slurp(argv[1], &len))) {
		fprintf(stderr, "usage: jansson_baseline FILE\n");
		return 2;
	}
	t0 = now();
	while (i < len) {
		char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		json_error_t err;
		json_t *doc = json_loadb(buf + i, end - i, JSON_ALLOW_NUL, &err);

		if (doc) {
			records += json_is_array(doc) ? json_array_size(doc) : 1;
			json_decref(doc);
		}
		i = end + 1;
	}
	t0 = now() - t0;
	printf("%zu records, %.1f MB, %.3f s, %.1f MB/s\n", records,
	       (double)len / 1e6, t0, (double)len / 1e6 / t0);
	free(buf);
	return 0;
}
