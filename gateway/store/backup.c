/*
 * Backups: an online copy of the database, page by page, to a file that
 * is not the database.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"
#include "xmalloc.h"

/*
 * The canonical path a new file at path would have: its folder resolved,
 * its last component as given.  NULL when the folder does not exist.
 */
static char *
canonical_new(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir, *real, *out;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	out = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    slash == NULL ? path : slash + 1);
	free(real);
	return out;
}

/*
 * 0 when dest is a safe place for a copy of the database: not the
 * database, its -wal or -shm, a hard link to one of them, or a symbolic
 * link (which could point at one of them).
 */
static int
backup_dest_ok(const struct store *s, const char *dest, char *err,
    size_t errsz)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".tmp" };
	struct stat	 d, x;
	char		*p, *cd, *cx;
	size_t		 i;
	int		 exists, same = 0;

	if (lstat(dest, &d) == 0 && S_ISLNK(d.st_mode)) {
		snprintf(err, errsz, "%s is a symbolic link; give the real "
		    "path of the copy", dest);
		return -1;
	}
	exists = stat(dest, &d) == 0;
	if (exists && !S_ISREG(d.st_mode)) {
		snprintf(err, errsz, "%s exists and is not a regular file",
		    dest);
		return -1;
	}
	if ((cd = canonical_new(dest)) == NULL) {
		snprintf(err, errsz, "%s: %s", dest, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]) && !same; i++) {
		p = xasprintf("%s%s", s->path, suffix[i]);
		if (exists && stat(p, &x) == 0 && x.st_dev == d.st_dev &&
		    x.st_ino == d.st_ino)
			same = 1;
		if ((cx = canonical_new(p)) != NULL && strcmp(cx, cd) == 0)
			same = 1;
		free(cx);
		free(p);
	}
	free(cd);
	if (same) {
		snprintf(err, errsz, "%s is the live database (or one of its "
		    "files); a backup must go to another file", dest);
		return -1;
	}
	return 0;
}

int
store_backup(struct store *s, const char *dest,
    void (*progress)(int done, int total, void *), void *arg,
    char *err, size_t errsz)
{
	sqlite3		*to = NULL;
	sqlite3_backup	*b;
	char		*tmp = xasprintf("%s.tmp", dest);
	int		 rc, fd = -1;

	err[0] = '\0';
	if (backup_dest_ok(s, dest, err, errsz) == -1 ||
	    backup_dest_ok(s, tmp, err, errsz) == -1) {
		free(tmp);
		return -1;
	}
	/* the copy is 0600 from its first byte, like the database */
	unlink(tmp);
	if ((fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", tmp, sqlite3_errmsg(to));
		goto fail;
	}
	if ((b = sqlite3_backup_init(to, "main", s->db, "main")) == NULL) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(to));
		goto fail;
	}
	/* small steps, so the daemon's writers get their turns */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (progress != NULL)
			progress(sqlite3_backup_pagecount(b) -
			    sqlite3_backup_remaining(b),
			    sqlite3_backup_pagecount(b), arg);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "%s", sqlite3_errstr(rc));
		goto fail;
	}
	/* a self-contained file: no WAL beside it */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(to));
		goto fail;
	}
	sqlite3_close(to);
	to = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		snprintf(err, errsz, "fsync %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, dest) == -1) {
		snprintf(err, errsz, "rename to %s: %s", dest, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	sqlite3_close(to);
	unlink(tmp);
	free(tmp);
	return -1;
}
