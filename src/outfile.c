/*
 * outfile.c - atomic output files: temporary file, fsync, rename.
 *
 * The temporary lives in the target's directory so rename(2) stays on one
 * file system and is atomic. It is created, O_EXCL under a fresh name,
 * with mode 0666, so the kernel applies the umask (and a directory's
 * default ACL) as for a plain fopen: reading the umask would take umask(2),
 * which sets it for every thread, and mkstemp's 0600 needs that value to
 * widen. Replacing a file, the temporary gets that file's mode instead. A symlink is followed, so the link stays
 * and its target is replaced; a FIFO or device (-o /dev/stdout) is not a
 * file to replace, and is written directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lg_output.h"
#include "tempfiles.h"

struct lg_outfile {
	FILE *stream;
	char *path;       /* NULL for stdout */
	char *tmp;        /* NULL for stdout and for special files */
	int own_stream;   /* fclose it on commit (a special file) */
	mode_t mode;      /* of the file replaced, or 0 */
};

/* Opens tmp, a name ending in XXXXXX, as a new file under a name it
 * makes from it; -1 with errno set when it cannot. */
static int create_temp(char *tmp)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long counter; /* two threads never try one name */
	size_t len = strlen(tmp), k;
	struct timespec now;
	int tries, fd;

	for (tries = 0; tries < 100; tries++) {
		unsigned long long v;

		clock_gettime(CLOCK_REALTIME, &now);
		v = (unsigned long long)now.tv_nsec * 2654435761u ^
		    (unsigned long long)getpid() << 20 ^
		    __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
		for (k = len - 6; k < len; k++, v /= 36)
			tmp[k] = digits[v % 36];
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int lg_outfile_open(lg_outfile **out, const char *path, lg_error *err)
{
	lg_outfile *f = calloc(1, sizeof(*f));
	const char *slash;
	char *real = NULL;
	struct stat st;
	size_t dir_len, len;
	int fd;

	*out = NULL;
	if (!f)
		return lg_error_set(err, LG_ENOMEM, path, 0, "out of memory");
	if (!path || strcmp(path, "-") == 0) {
		f->stream = stdout;
		*out = f;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		f->stream = fopen(path, "w"); /* a FIFO, a device, a pipe */
		f->own_stream = 1;
		if (!f->stream || !(f->path = strdup(path))) {
			int e = errno;

			if (f->stream)
				fclose(f->stream);
			free(f);
			return lg_error_set(err, LG_EIO, path, 0,
					    "cannot open '%s': %s", path,
					    strerror(e));
		}
		*out = f;
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* replace the link's target, keep the link */
		if (!(real = realpath(path, NULL))) {
			int e = errno;

			free(f);
			return lg_error_set(err, LG_EIO, path, 0,
					    "cannot follow the link '%s': %s",
					    path, strerror(e));
		}
		path = real;
	}
	f->mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0;
	slash = strrchr(path, '/');
	dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	len = strlen(path) + 16;
	f->path = strdup(path);
	f->tmp = malloc(len);
	free(real);
	real = NULL;
	if (!f->path || !f->tmp) {
		lg_outfile_abort(f);
		return lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
	}
	path = f->path;
	snprintf(f->tmp, len, "%.*s.%s.XXXXXX", (int)dir_len, path,
		 path + dir_len);
	fd = create_temp(f->tmp);
	if (fd >= 0)
		lg__temp_add(f->tmp);
	if (fd < 0) {
		int rc = lg_error_set(err, LG_EIO, path, 0,
				      "cannot create a file beside '%s': %s",
				      path, strerror(errno));

		free(f->tmp);
		f->tmp = NULL;
		lg_outfile_abort(f); /* frees path: reported above first */
		return rc;
	}
	f->stream = fdopen(fd, "w");
	if (!f->stream) {
		close(fd);
		lg_outfile_abort(f);
		return lg_error_set(err, LG_ENOMEM, path, 0, "out of memory");
	}
	*out = f;
	return 0;
}

FILE *lg_outfile_stream(lg_outfile *f)
{
	return f->stream;
}

/* "cannot write 'PATH': REASON", or "write error: REASON" for stdout */
static int write_error(const lg_outfile *f, int e, lg_error *err)
{
	if (!f->path)
		return lg_error_set(err, LG_EIO, "stdout", 0, "write error: %s",
				    strerror(e));
	return lg_error_set(err, LG_EIO, f->path, 0, "cannot write '%s': %s",
			    f->path, strerror(e));
}

int lg_outfile_failed(lg_outfile *f, lg_error *err)
{
	int e = errno; /* the failed write's, if flushing again says nothing */

	if (!ferror(f->stream))
		return 0;
	if (fflush(f->stream) != 0)
		e = errno;
	return write_error(f, e, err);
}

int lg_outfile_commit(lg_outfile *f, lg_error *err)
{
	int failed, e;

	if (!f->tmp) {
		failed = fflush(f->stream) != 0 || ferror(f->stream);
		e = errno;
		if (f->own_stream && fclose(f->stream) != 0 && !failed) {
			failed = 1;
			e = errno;
		}
		if (failed)
			write_error(f, e, err);
		free(f->path);
		free(f);
		return failed ? LG_EIO : 0;
	}
	failed = fflush(f->stream) != 0 || ferror(f->stream) ||
		 (f->mode && fchmod(fileno(f->stream), f->mode) != 0) ||
		 fsync(fileno(f->stream)) != 0;
	e = errno;
	if (fclose(f->stream) != 0 && !failed) {
		failed = 1;
		e = errno;
	}
	f->stream = NULL;
	if (!failed && rename(f->tmp, f->path) != 0) {
		failed = 1;
		e = errno;
	}
	if (failed) {
		write_error(f, e, err);
		lg_outfile_abort(f);
		return LG_EIO;
	}
	lg__temp_forget(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
	return 0;
}

void lg_outfile_abort(lg_outfile *f)
{
	if (!f)
		return;
	if (f->tmp) {
		if (f->stream)
			fclose(f->stream);
		unlink(f->tmp);
		lg__temp_forget(f->tmp);
	} else if (f->own_stream && f->stream) {
		fclose(f->stream);
	}
	free(f->tmp);
	free(f->path);
	free(f);
}
