/*
 * fuzz_manifest.c - bytes as a snapshot's manifest.json beside a small
 * records.jsonl: the snapshot opened for resuming (which must never make
 * records.jsonl longer: a damaged count is refused, not padded), then read
 * as an input, which reads the committed part only.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lineage.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char records[] =
	"{\"id\":\"org/base\",\"tags\":[\"license:mit\"],\"downloads\":100}\n"
	"{\"id\":\"org/a\",\"tags\":[\"base_model:org/base\"],\"downloads\":5}\n"
	"{\"id\":\"org/b\",\"tags\":[\"base_model:finetune:org/a\"]}\n";

static char dir[] = "/tmp/lg-fuzz-manifest-XXXXXX";
static char records_path[64], manifest_path[64];

/* The replay runs in every `make check`: it leaves nothing behind. */
static void clean_up(void)
{
	unlink(records_path);
	unlink(manifest_path);
	rmdir(dir);
}

static void put(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
}

static void resume(void)
{
	lg__snapshot s;
	json_t *m;
	lg_error err;
	struct stat st;

	if (lg__snapshot_open(&s, dir, 1, &m, &err) == 0) {
		if (stat(records_path, &st) < 0 ||
		    st.st_size > (off_t)sizeof(records) - 1)
			abort(); /* resuming grew records.jsonl */
		json_decref(m);
		lg__snapshot_close(&s);
	}
}

static void read_back(void)
{
	const char *inputs[1] = { dir };
	lg_ingest_options opts = LG_INGEST_OPTIONS_INIT;
	lg_graph *g = lg_graph_new();
	lg_error err;

	opts.threads = 1;
	if (g && lg_ingest(g, inputs, 1, &opts, &err) == 0)
		lg_graph_build(g, &err);
	lg_graph_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!records_path[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(records_path, sizeof(records_path), "%s/%s", dir,
			 LG_SNAPSHOT_RECORDS);
		snprintf(manifest_path, sizeof(manifest_path), "%s/%s", dir,
			 LG_SNAPSHOT_MANIFEST);
		atexit(clean_up);
	}
	put(manifest_path, data, size);
	put(records_path, records, sizeof(records) - 1);
	resume();
	put(records_path, records, sizeof(records) - 1);
	read_back();
	return 0;
}
