/*
 * The spool of raw provider answers (see spool.h for the contract).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_client.h"
#include "log.h"
#include "spool.h"
#include "xmalloc.h"

struct spool {
	char	*dir;
	char	*current;	/* the file of the answer being stored */
	unsigned long seq;
};

static int
sync_dir(const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

struct spool *
spool_open(const char *database)
{
	struct spool	*s;
	struct stat	 st;

	s = xcalloc(1, sizeof(*s));
	s->dir = xasprintf("%s.spool", database);
	if (mkdir(s->dir, 0700) == -1 && errno != EEXIST) {
		log_warn("spool: mkdir %s", s->dir);
		goto fail;
	}
	if (lstat(s->dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		log_warnx("spool: %s is not a folder", s->dir);
		goto fail;
	}
	if ((st.st_mode & 077) != 0 && chmod(s->dir, 0700) == -1) {
		log_warn("spool: chmod %s", s->dir);
		goto fail;
	}
	return s;
fail:
	free(s->dir);
	free(s);
	return NULL;
}

void
spool_close(struct spool *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->current);
	free(s);
}

int
spool_chown(struct spool *s, uid_t uid, gid_t gid)
{
	DIR		*d;
	struct dirent	*e;
	char		*p;
	int		 rc = 0;

	if (chown(s->dir, uid, gid) == -1) {
		log_warn("chown %s", s->dir);
		return -1;
	}
	if ((d = opendir(s->dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", s->dir, e->d_name);
		if (lchown(p, uid, gid) == -1) {
			log_warn("chown %s", p);
			rc = -1;
		}
		free(p);
	}
	closedir(d);
	return rc;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
spool_keep(const char *body, size_t len, void *arg)
{
	struct spool	*s = arg;
	struct timespec	 ts;
	char		*tmp, *path;
	int		 fd;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* names sort by arrival: seconds, nanoseconds, a sequence */
	path = xasprintf("%s/%012lld.%09ld.%06lu.json", s->dir,
	    (long long)ts.tv_sec, ts.tv_nsec, s->seq++ % 1000000);
	tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || write_all(fd, body, len) == -1 || fsync(fd) == -1) {
		log_warn("spool: %s", tmp);
		if (fd != -1)
			close(fd);
		unlink(tmp);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) == -1 || sync_dir(s->dir) == -1) {
		log_warn("spool: %s", path);
		unlink(tmp);
		goto fail;
	}
	free(tmp);
	free(s->current);
	s->current = path;
	return 0;
fail:
	free(tmp);
	free(path);
	return -1;
}

void
spool_done(struct spool *s)
{
	if (s->current == NULL)
		return;
	if (unlink(s->current) == -1 && errno != ENOENT)
		log_warn("spool: unlink %s", s->current);
	free(s->current);
	s->current = NULL;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a whole spool file (at most one HTTP answer's size). */
static char *
read_file(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > HTTP_BODY_MAX) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

int
spool_replay(struct spool *s, int (*fn)(const char *, size_t, void *),
    void *arg)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, *path, *body, *bad;
	size_t		 n = 0, cap = 0, i, len, nl;
	int		 stored = 0, rc;

	if ((d = opendir(s->dir)) == NULL) {
		log_warn("spool: %s", s->dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		nl = strlen(e->d_name);
		if (nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n && stored >= 0; i++) {
		path = xasprintf("%s/%s", s->dir, names[i]);
		if ((body = read_file(path, &len)) == NULL) {
			log_warn("spool: %s", path);
			rc = -2;
		} else
			rc = fn(body, len, arg);
		free(body);
		if (rc == 0) {
			if (unlink(path) == -1)
				log_warn("spool: unlink %s", path);
			stored++;
		} else if (rc == -2) {
			bad = xasprintf("%s.bad", path);
			log_warnx("spool: %s cannot be decoded; kept as %s",
			    path, bad);
			if (rename(path, bad) == -1)
				log_warn("spool: rename %s", path);
			free(bad);
		} else
			stored = -1;
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return stored;
}
