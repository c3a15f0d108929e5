/*
 * snapshot.c - append, fsync, then rename the manifest: the order that
 * makes a crawl resumable after a kill at any instant.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot.h"
#include "tempfiles.h"

static char *join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%s/%s", dir, name);
	return p;
}

static int sys_error(lg_error *err, const char *what, const char *path)
{
	return lg_error_set(err, LG_EIO, path, 0, "cannot %s '%s': %s", what,
			    path, strerror(errno));
}

/* mkdir -p: --out a/new/dir works as users expect. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len >= sizeof(path))
		return (errno = ENAMETOOLONG), -1;
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return -1;
		path[i] = i == len ? '\0' : '/';
	}
	return 0;
}

static json_t *load_manifest(const char *dir, lg_error *err)
{
	char *path = join(dir, LG_SNAPSHOT_MANIFEST);
	json_error_t jerr;
	json_t *m;

	if (!path)
		return NULL;
	m = json_load_file(path, 0, &jerr);
	if (!m && errno != ENOENT && access(path, F_OK) == 0)
		lg_error_set(err, LG_EPARSE, path, jerr.line,
			     "damaged snapshot manifest: %s", jerr.text);
	free(path);
	if (m && (!json_is_string(json_object_get(m, "format")) ||
		  strcmp(json_string_value(json_object_get(m, "format")),
			 LG_SNAPSHOT_FORMAT) != 0)) {
		json_decref(m);
		lg_error_set(err, LG_EPARSE, dir, 0,
			     "'%s' holds a manifest that is not a lineage "
			     "snapshot's", dir);
		return NULL;
	}
	return m;
}

/* A manifest counting more bytes than records.jsonl holds (or fewer than
 * none) is damaged: truncating to it would pad the records with zeros. */
static int committed_fits(const lg__snapshot *s, const char *mpath,
			  lg_error *err)
{
	struct stat st;

	if (fstat(s->fd, &st) < 0)
		return sys_error(err, "stat", s->dir);
	if (s->bytes >= 0 && s->bytes <= (long long)st.st_size)
		return 0;
	return lg_error_set(err, LG_EPARSE, mpath, 0,
			    "damaged snapshot manifest: it counts %lld bytes "
			    "of records, the file holds %lld", s->bytes,
			    (long long)st.st_size);
}

int lg__snapshot_open(lg__snapshot *s, const char *dir, int resume,
		      json_t **manifest, lg_error *err)
{
	char *records = NULL, *mpath = NULL;
	lg_error local;
	int rc = LG_EIO;

	memset(s, 0, sizeof(*s));
	memset(&local, 0, sizeof(local));
	s->fd = -1;
	*manifest = NULL;
	if (make_dirs(dir) < 0)
		return sys_error(err, "create", dir);
	s->dir = strdup(dir);
	records = join(dir, LG_SNAPSHOT_RECORDS);
	mpath = join(dir, LG_SNAPSHOT_MANIFEST);
	if (!s->dir || !records || !mpath) {
		rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	if (access(mpath, F_OK) == 0) {
		if (!resume) {
			rc = lg_error_set(err, LG_EINVAL, dir, 0,
					  "'%s' already holds a snapshot: "
					  "--resume it, or choose another "
					  "--out", dir);
			goto fail;
		}
		*manifest = load_manifest(dir, &local);
		if (!*manifest) {
			if (!local.text[0])
				lg_error_set(&local, LG_EPARSE, mpath, 0,
					     "cannot read the snapshot manifest "
					     "'%s'", mpath);
			if (err)
				*err = local;
			rc = LG_EPARSE;
			goto fail;
		}
		s->bytes = json_integer_value(json_object_get(*manifest,
							       "bytes"));
	}
	s->fd = open(records, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (s->fd < 0) {
		rc = sys_error(err, "open", records);
		goto fail;
	}
	/* one crawl at a time: two would interleave pages and manifests */
	if (flock(s->fd, LOCK_EX | LOCK_NB) < 0) {
		rc = lg_error_set(err, LG_EIO, dir, 0,
				  "'%s' is being written by another fetch", dir);
		goto fail;
	}
	if (committed_fits(s, mpath, err) < 0) {
		rc = LG_EPARSE;
		goto fail;
	}
	/* a page appended but never committed is fetched again */
	if (ftruncate(s->fd, (off_t)s->bytes) < 0) {
		rc = sys_error(err, "truncate", records);
		goto fail;
	}
	free(records);
	free(mpath);
	return 0;
fail:
	free(records);
	free(mpath);
	json_decref(*manifest);
	*manifest = NULL;
	lg__snapshot_close(s);
	return rc;
}

int lg__snapshot_append(lg__snapshot *s, const char *data, size_t len,
			lg_error *err)
{
	size_t done = 0;
	int rc;

	while (done < len) {
		ssize_t n = write(s->fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sys_error(err, "append to", s->dir);
			/* the snapshot as it was: no half a page */
			if (ftruncate(s->fd, (off_t)s->bytes) < 0)
				(void)0; /* resume truncates it too */
			return rc;
		}
		done += (size_t)n;
	}
	if (fsync(s->fd) < 0)
		return sys_error(err, "sync", s->dir);
	s->bytes += (long long)len;
	return 0;
}

/* fsync of the directory makes the rename itself durable. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int lg__snapshot_commit(lg__snapshot *s, json_t *manifest, lg_error *err)
{
	char *path = join(s->dir, LG_SNAPSHOT_MANIFEST);
	char *tmp = join(s->dir, ".manifest.json.tmp");
	char *text = NULL;
	int fd = -1, rc = LG_EIO;
	size_t len, done = 0;

	if (!path || !tmp)
		goto nomem;
	json_object_set_new(manifest, "format", json_string(LG_SNAPSHOT_FORMAT));
	json_object_set_new(manifest, "bytes", json_integer(s->bytes));
	text = json_dumps(manifest, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		goto nomem;
	len = strlen(text);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		rc = sys_error(err, "create", tmp);
		goto done;
	}
	lg__temp_add(tmp); /* removed by a signal's handler, or below */
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sys_error(err, "write", tmp);
			goto done;
		}
		done += (size_t)n;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		rc = sys_error(err, "write", tmp);
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		rc = sys_error(err, "rename", tmp);
		goto done;
	}
	lg__temp_forget(tmp);
	sync_dir(s->dir);
	rc = 0;
	goto done;
nomem:
	rc = lg_error_set(err, LG_ENOMEM, NULL, 0, "out of memory");
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp) { /* the old manifest stands; no half a new one */
		unlink(tmp);
		lg__temp_forget(tmp);
	}
	free(text);
	free(path);
	free(tmp);
	return rc;
}

void lg__snapshot_close(lg__snapshot *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->dir);
	s->dir = NULL;
	s->fd = -1;
}

int lg__snapshot_probe(const char *dir, char **records, long long *bytes)
{
	json_t *m;
	lg_error err;

	*records = NULL;
	m = load_manifest(dir, &err);
	if (!m)
		return -1;
	*bytes = json_integer_value(json_object_get(m, "bytes"));
	if (*bytes < 0)
		*bytes = 0; /* read nothing, as when the count is missing */
	json_decref(m);
	*records = join(dir, LG_SNAPSHOT_RECORDS);
	return *records ? 0 : -1;
}
