/*
 * replay.c - runs a fuzz target over files, without libFuzzer: `make
 * test` replays the committed corpus (fixtures/fuzz/TARGET/) through it,
 * under the sanitizers too, as libgit2's standalone driver does.
 * Usage: replay FILE...   Prints "ok replay FILE" per file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			printf("FAIL replay %s: cannot open\n", argv[i]);
			continue;
		}
		do {
			if (len == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 65536)))
				return 1;
			n = fread(buf + len, 1, cap - len, f);
			len += n;
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok replay %s\n", argv[i]);
	}
	return 0;
}
