/*
 * test_outfile.c - lg_outfile never calls umask(2), which would set the
 * mask of every thread while it read it, yet gives a new file what a plain
 * fopen would (0666 less the umask) and a replaced file its old mode.
 * umask is interposed here (the program's definition wins over libc's) to
 * count the library's calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lg_output.h"
#include "testhelp.h"

static int umask_calls;

mode_t umask(mode_t mask)
{
	umask_calls++;
	return (mode_t)syscall(SYS_umask, mask);
}

static int write_file(const char *path)
{
	lg_outfile *f;
	lg_error err;

	if (lg_outfile_open(&f, path, &err) < 0)
		return -1;
	fputs("x\n", lg_outfile_stream(f));
	return lg_outfile_commit(f, &err);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : 07777;
}

int main(void)
{
	char dir[] = "/tmp/lg_test_outfile.XXXXXX", path[64];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/out.tsv", dir);
	syscall(SYS_umask, 027);
	test_cond("outfile: a new file is written", write_file(path) == 0);
	test_cond("outfile: a new file is 0666 less the umask",
		  mode_of(path) == 0640);
	chmod(path, 0604);
	test_cond("outfile: a replaced file is written", write_file(path) == 0);
	test_cond("outfile: a replaced file keeps its mode",
		  mode_of(path) == 0604);
	test_cond("outfile: umask(2) never called", umask_calls == 0);
	unlink(path);
	rmdir(dir);
	return test_exit();
}
