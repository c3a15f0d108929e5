/*
 * replay.c - runs a fuzz target over files, without libFuzzer: `make
 * check` replays the committed corpus (fixtures/fuzz/TARGET/) through it,
 * under the sanitizers too, as libgit2's standalone driver does.
 * Usage: replay FILE|DIR...   Prints "ok replay FILE" per file; a
 * directory stands for the files in it. Exits 1 when a file cannot be
 * read, a directory holds none, or there is no input at all: a corpus
 * gone missing must not pass as a replay that found nothing wrong.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *more;
	size_t len = 0, cap = 0, n;

	if (!f) {
		printf("FAIL replay %s: cannot open\n", path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			if (!(more = realloc(buf, cap))) {
				printf("FAIL replay %s: out of memory\n", path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = more;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		printf("FAIL replay %s: cannot read\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok replay %s\n", path);
	return 0;
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file of dir, in name order; *count receives how many. */
static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, not_hidden, alphasort), i, rc = 0;

	if (n < 0) {
		printf("FAIL replay %s: cannot read the directory\n", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);

		if (!path)
			rc = -1;
		else if (snprintf(path, len, "%s/%s", dir, names[i]->d_name),
			 replay_file(path) < 0)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	if (n == 0) {
		printf("FAIL replay %s: an empty corpus\n", dir);
		return -1;
	}
	*count += (size_t)n;
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	struct stat st;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) < 0)
				rc = 1;
		} else if (replay_file(argv[i]) < 0) {
			rc = 1;
		} else {
			count++;
		}
	}
	if (count == 0) {
		printf("FAIL replay: no input\n");
		rc = 1;
	}
	return rc;
}
