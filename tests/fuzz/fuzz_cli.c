/*
 * fuzz_cli.c - bytes as a command line: one argument a line, the first
 * the command, run in-process through the CLI's own dispatcher (src/main.c
 * compiled with main renamed lg__cli_main) with stdout and stderr sent to
 * /dev/null and stdin empty.
 *
 * Only the commands that answer at once from a tiny input are allowed
 * (fetch would go to the network). Everything runs in a directory of its
 * own holding that input, a licence file, a policy, waivers and two small
 * snapshots, and an absolute path or one holding ".." is refused, so the
 * files named (-o, --warnings, inputs) are those, or new ones beside them.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int lg__cli_main(int argc, char **argv);

#define MAX_ARGS 32

/* A base, a fine-tune, a merge, an adapter, a cycle, licences of each
 * family the audit judges (from fixtures/hostile/ and the listing). */
#define RECORDS                                                              \
	"{\"id\":\"org/base\",\"author\":\"org\",\"tags\":[\"license:llama3\"],"  \
	"\"downloads\":100,\"createdAt\":\"2024-05-01T00:00:00.000Z\"}\n"        \
	"{\"id\":\"org/chat\",\"author\":\"org\",\"tags\":[\"base_model:"          \
	"finetune:org/base\",\"license:apache-2.0\"],\"downloads\":5}\n"         \
	"{\"id\":\"x/merge\",\"tags\":[\"base_model:merge:org/base\",\"base_"     \
	"model:merge:org/chat\",\"license:cc-by-nc-4.0\"],\"downloads\":2}\n"    \
	"{\"id\":\"x/lora\",\"tags\":[\"base_model:adapter:org/chat\"],"         \
	"\"cardData\":{\"license\":\"other\",\"license_name\":\"acme-1.0\"}}\n" \
	"{\"id\":\"org/cycle-a\",\"tags\":[\"base_model:org/cycle-b\"]}\n"       \
	"{\"id\":\"org/cycle-b\",\"tags\":[\"base_model:org/cycle-a\"]}\n"

static const struct {
	const char *path, *text;
} files[] = {
	{ "in.jsonl", RECORDS },
	{ "lic.tab", "license acme-1.0 vendor vendor=acme mau=700000000\n"
		     "alias acme* acme-1.0\n" },
	{ "p.policy", "allow family:permissive *\ndeny family:non-commercial "
		      "sell,hosted\nflag llama3 *\n" },
	{ "w.txt", "x/*\t*\t2999-12-31\taccepted\norg/chat\tMAU_LIMIT\tnever"
		   "\tsmall\n" },
	{ "old/records.jsonl", RECORDS },
	{ "old/manifest.json", "{\"format\":\"lineage-snapshot\",\"bytes\":"
			       "300}\n" },
	{ "new/records.jsonl", RECORDS },
	{ "new/manifest.json", "{\"format\":\"lineage-snapshot\",\"bytes\":"
			       "1000}\n" },
};

static const char *const allowed[] = {
	"rank", "audit", "communities", "export", "show", "stats", "report",
	"diff", "help", "--help", "--version",
};

static char dir[] = "/tmp/lg-fuzz-cli-XXXXXX", home[4096];
static FILE *devnull;

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The replay runs in every `make check`: it leaves nothing behind. */
static void clean_up(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int is_kept(const char *name)
{
	size_t i, len = strlen(name);

	if (strcmp(name, "cache") == 0)
		return 1;
	for (i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (strcmp(files[i].path, name) == 0 ||
		    (strncmp(files[i].path, name, len) == 0 &&
		     files[i].path[len] == '/'))
			return 1;
	return 0;
}

/* Removes what a command wrote (-o, --warnings, an export directory) in
 * dir or in sub (NULL: dir itself): left to pile up, it would be read by
 * the next command given "." and make it slower each time. */
static void remove_new(const char *sub)
{
	DIR *d = opendir(sub ? sub : ".");
	struct dirent *e;
	char path[512];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s%s%s", sub ? sub : "",
			 sub ? "/" : "", e->d_name);
		if (!is_kept(path))
			nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	}
	closedir(d);
}

/* The files as they should be; one a command overwrote is put back. */
static void put_files(void)
{
	size_t i;
	struct stat st;

	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		size_t len = strlen(files[i].text);
		int fd;

		if (stat(files[i].path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size == len)
			continue;
		remove(files[i].path);
		fd = open(files[i].path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || write(fd, files[i].text, len) != (ssize_t)len)
			abort();
		close(fd);
	}
}

static void set_up(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (!getcwd(home, sizeof(home)) || !mkdtemp(dir) || chdir(dir) < 0 ||
	    mkdir("old", 0700) < 0 || mkdir("new", 0700) < 0 ||
	    chdir(home) < 0 || fd < 0 || dup2(fd, 0) < 0 ||
	    !(devnull = fopen("/dev/null", "w")))
		abort();
	close(fd);
	setenv("LINEAGE_CACHE_DIR", "cache", 1);
	atexit(clean_up);
}

static int is_allowed(const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(*allowed); i++)
		if (strcmp(cmd, allowed[i]) == 0)
			return 1;
	return 0;
}

/* Splits text (NUL-terminated, modified) into argv; 0 when refused. */
static int split(char *text, char **argv, int *argc)
{
	char *line = text, *nl;

	argv[0] = "lineage";
	*argc = 1;
	while (line && *argc < MAX_ARGS) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (line[0] == '/' || strstr(line, ".."))
			return 0;
		argv[(*argc)++] = line;
		line = nl ? nl + 1 : NULL;
	}
	argv[*argc] = NULL;
	return *argc > 1 && is_allowed(argv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1], *text;
	FILE *out = stdout, *err = stderr;
	int argc;

	if (!devnull)
		set_up();
	if (size > 4096 || memchr(data, '\0', size) || !(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* in the directory for the command only: libFuzzer writes its
	 * corpus relative to where it was started */
	if (split(text, argv, &argc) && chdir(dir) == 0) {
		put_files();
		stdout = devnull;
		stderr = devnull;
		optind = 0; /* getopt starts afresh, as in a new process */
		lg__cli_main(argc, argv);
		fflush(devnull);
		stdout = out;
		stderr = err;
		remove_new(NULL);
		remove_new("old");
		remove_new("new");
		if (chdir(home) < 0)
			abort();
	}
	free(text);
	return 0;
}
