/*
 * The text of a configuration, with its @includes expanded here rather
 * than by libconfig: libconfig 1.5 puts its include folder in front of
 * every path (so absolute paths fail), names no path when an include is
 * missing, and opens whatever it is given (a FIFO hangs it).  Here every
 * file must be a regular file of at most CONF_FILE_MAX bytes, all of them
 * together at most CONF_TOTAL_MAX, and a light scanner bounds what costs
 * libconfig time: it checks for duplicate names with a linear search, so
 * a group of n settings costs n^2, and deep nesting costs stack.
 *
 * libconfig's syntax is kept: `@include "path"` at the start of a line,
 * outside strings and comments (here alone on its line, or with a comment
 * after it).  A relative path resolves against the folder of the file
 * holding the @include, as reportgw.conf(5) says.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errs.h"
#include "source.h"
#include "xmalloc.h"

enum { S_CODE, S_STRING, S_COMMENT };

int
conf_read_file(const char *path, size_t max, char **buf, size_t *len,
    mode_t *mode, const char **why)
{
	struct stat	 st;
	char		*b;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO without a writer must not wait */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    O_NOCTTY)) == -1) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*why = strerror(errno);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return -1;
	}
	if (mode != NULL)
		*mode = st.st_mode & 07777;
	if ((size_t)st.st_size > max) {
		close(fd);
		return -2;
	}
	b = xmalloc(max + 2);
	/* read one byte past the limit: the file may have grown */
	while (n <= max && (r = read(fd, b + n, max + 1 - n)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			*why = strerror(errno);
			close(fd);
			free(b);
			return -1;
		}
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(b);
		return -2;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static void
append(struct conf_src *src, const char *s, size_t n)
{
	size_t i;

	if (src->len + n + 1 > src->cap) {
		while (src->len + n + 1 > src->cap)
			src->cap = src->cap != 0 ? src->cap * 2 : 64 * 1024;
		src->text = xreallocarray(src->text, src->cap, 1);
	}
	memcpy(src->text + src->len, s, n);
	src->len += n;
	src->text[src->len] = '\0';
	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			src->lines++;
}

/* From the next line of the text on, lines come from file fi at line. */
static void
segment(struct conf_src *src, size_t fi, int line)
{
	struct conf_seg *s;

	if (src->nsegs > 0 && src->segs[src->nsegs - 1].flat ==
	    src->lines + 1)
		src->nsegs--;	/* an empty run: replaced */
	src->segs = xreallocarray(src->segs, src->nsegs + 1,
	    sizeof(*src->segs));
	s = &src->segs[src->nsegs++];
	s->flat = src->lines + 1;
	s->file = fi;
	s->line = line;
}

static size_t
add_file(struct conf_src *src, const char *path, int real, mode_t mode)
{
	struct conf_file *f;

	src->files = xreallocarray(src->files, src->nfiles + 1,
	    sizeof(*src->files));
	f = &src->files[src->nfiles];
	f->path = xstrdup(path);
	f->real = real;
	f->mode = mode;
	return src->nfiles++;
}

const struct conf_file *
conf_src_where(const struct conf_src *src, int flat, int *line)
{
	size_t lo = 0, hi = src->nsegs, mid;

	if (src->nsegs == 0) {
		*line = flat;
		return src->nfiles > 0 ? &src->files[0] : NULL;
	}
	/* the last run that starts at or before flat */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (src->segs[mid].flat <= flat)
			lo = mid;
		else
			hi = mid;
	}
	*line = src->segs[lo].line + (flat - src->segs[lo].flat);
	if (*line < 1)
		*line = 1;
	return &src->files[src->segs[lo].file];
}

/*
 * Follows strings, comments and brackets over one line; counts the
 * settings of the innermost group.  Returns -1 (reported) when a group
 * holds too many or nesting goes too deep.
 */
static int
scan_line(struct conf_src *src, struct conf_errs *e, const char *file,
    int line, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i], d = i + 1 < n ? p[i + 1] : '\0';

		switch (src->state) {
		case S_STRING:
			if (c == '\\')
				i++;
			else if (c == '"')
				src->state = S_CODE;
			continue;
		case S_COMMENT:
			if (c == '*' && d == '/') {
				src->state = S_CODE;
				i++;
			}
			continue;
		default:
			break;
		}
		if (c == '"')
			src->state = S_STRING;
		else if (c == '#' || (c == '/' && d == '/'))
			return 0;
		else if (c == '/' && d == '*') {
			src->state = S_COMMENT;
			i++;
		} else if (c == '{' || c == '(' || c == '[') {
			if (src->nest == CONF_NEST_MAX) {
				conf_err_at(e, file, line, "groups and lists "
				    "nested deeper than %d levels",
				    CONF_NEST_MAX);
				return -1;
			}
			src->count[++src->nest] = 0;
		} else if (c == '}' || c == ')' || c == ']') {
			if (src->nest > 0)
				src->nest--;
		} else if ((c == '=' || c == ':') &&
		    ++src->count[src->nest] > CONF_GROUP_MAX) {
			conf_err_at(e, file, line, "more than %d settings in "
			    "one group", CONF_GROUP_MAX);
			return -1;
		}
	}
	return 0;
}

static int add_text(struct conf_src *, struct conf_errs *, size_t,
    const char *, size_t, int);

/*
 * The path of `@include "..."` when the line is one (0), else 1; -1 for a
 * malformed one (reported).
 */
static int
include_of(struct conf_errs *e, const char *file, int line, const char *p,
    size_t n, char *out, size_t outsize)
{
	size_t i = 0, o = 0;

	if (n > 0 && p[n - 1] == '\n')
		n--;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i < 9 || strncmp(p + i, "@include", 8) != 0 ||
	    (p[i + 8] != ' ' && p[i + 8] != '\t'))
		return 1;
	for (i += 8; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		;
	if (i == n || p[i] != '"') {
		conf_err_at(e, file, line, "@include wants a \"path\"");
		return -1;
	}
	for (i++; i < n && p[i] != '"'; i++) {
		if (p[i] == '\\' && i + 1 < n && (p[i + 1] == '"' ||
		    p[i + 1] == '\\'))
			i++;
		if (o + 1 == outsize) {
			conf_err_at(e, file, line, "@include path longer "
			    "than %zu bytes", outsize - 1);
			return -1;
		}
		out[o++] = p[i];
	}
	out[o] = '\0';
	for (i++; i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r');
	    i++)
		;
	if (i > n || o == 0 || (i < n && p[i] != '#' &&
	    !(p[i] == '/' && i + 1 < n && p[i + 1] == '/'))) {
		conf_err_at(e, file, line, "@include wants one \"path\" "
		    "alone on its line");
		return -1;
	}
	return 0;
}

/* Expands the @include on line `line` of file fi. */
static void
include(struct conf_src *src, struct conf_errs *e, size_t fi, int line,
    const char *name, int depth)
{
	char		*path, *buf;
	const char	*why = NULL;
	size_t		 len, nf;
	mode_t		 mode = 0;
	int		 rc;
	const char	*base = src->files[fi].path, *slash;

	/* relative to the including file; the top one's folder is src->dir */
	if (name[0] == '/')
		path = xstrdup(name);
	else if (fi != 0 && (slash = strrchr(base, '/')) != NULL)
		path = xasprintf("%.*s/%s", (int)(slash - base), base, name);
	else if (fi != 0 || src->dir == NULL || strcmp(src->dir, ".") == 0)
		path = xstrdup(name);
	else
		path = xasprintf("%s%s%s", src->dir, src->dir[0] != '\0' &&
		    src->dir[strlen(src->dir) - 1] == '/' ? "" : "/", name);
	if (depth >= CONF_INCLUDE_DEPTH) {
		conf_err_at(e, src->files[fi].path, line, "%s: @include nested "
		    "deeper than %d levels", path, CONF_INCLUDE_DEPTH);
		src->failed = 1;
		free(path);
		return;
	}
	rc = conf_read_file(path, CONF_FILE_MAX, &buf, &len, &mode, &why);
	if (rc == -2 || (rc == 0 && src->len + len > CONF_TOTAL_MAX)) {
		conf_err_at(e, src->files[fi].path, line, "%s: larger than %d "
		    "bytes%s", path, rc == -2 ? CONF_FILE_MAX : CONF_TOTAL_MAX,
		    rc == -2 ? "" : " with the files included before it");
		src->failed = 1;
	} else if (rc == -1)
		conf_err_at(e, src->files[fi].path, line, "cannot open include "
		    "file %s: %s", path, why);
	else {
		nf = add_file(src, path, 1, mode);
		add_text(src, e, nf, buf, len, depth + 1);
		if (!src->failed && src->state != S_CODE) {
			conf_err_at(e, path, 1, "unterminated %s at the end "
			    "of the file", src->state == S_STRING ? "string" :
			    "comment");
			src->state = S_CODE;
		}
	}
	free(buf);
	free(path);
}

static int
add_text(struct conf_src *src, struct conf_errs *e, size_t fi,
    const char *t, size_t len, int depth)
{
	const char	*file = src->files[fi].path;
	char		 name[1024];
	size_t		 i = 0, n;
	int		 line = 1, rc;

	if (memchr(t, '\0', len) != NULL) {
		const char *z = memchr(t, '\0', len);

		for (i = 0; t + i < z; i++)
			line += t[i] == '\n';
		conf_err_at(e, file, line, "a NUL byte (a config file is "
		    "text)");
		src->failed = 1;
		return -1;
	}
	segment(src, fi, 1);
	for (; i < len && !src->failed; i += n, line++) {
		const char *nl = memchr(t + i, '\n', len - i);

		n = nl != NULL ? (size_t)(nl - (t + i)) + 1 : len - i;
		rc = src->state == S_CODE ? include_of(e, file, line, t + i, n,
		    name, sizeof(name)) : 1;
		if (rc == 0) {
			include(src, e, fi, line, name, depth);
			segment(src, fi, line + 1);
			continue;
		}
		if (rc == -1)
			continue;
		if (scan_line(src, e, file, line, t + i, n) == -1) {
			src->failed = 1;
			break;
		}
		append(src, t + i, n);
		if (nl == NULL)
			append(src, "\n", 1);
	}
	return src->failed ? -1 : 0;
}

/* An unterminated string or comment at the end of the top file is left to
 * libconfig, which reports it as a syntax error. */
static int
finish(struct conf_src *src, struct conf_errs *e, int before)
{
	if (src->text == NULL)
		append(src, "", 0);
	return e->count > before ? -1 : 0;
}

int
conf_src_file(struct conf_src *src, const char *path, const char *dir,
    struct conf_errs *e)
{
	char		*buf;
	const char	*why = NULL;
	size_t		 len, fi;
	mode_t		 mode = 0;
	int		 rc, before = e->count;

	memset(src, 0, sizeof(*src));
	src->dir = dir;
	rc = conf_read_file(path, CONF_FILE_MAX, &buf, &len, &mode, &why);
	if (rc == -2)
		conf_err_file(e, path, "larger than %d bytes", CONF_FILE_MAX);
	else if (rc == -1)
		conf_err_file(e, path, "%s", why);
	if (rc != 0)
		return -1;
	fi = add_file(src, path, 1, mode);
	add_text(src, e, fi, buf, len, 0);
	free(buf);
	return finish(src, e, before);
}

int
conf_src_string(struct conf_src *src, const char *text, const char *name,
    const char *dir, struct conf_errs *e)
{
	size_t	len = strlen(text), fi;
	int	before = e->count;

	memset(src, 0, sizeof(*src));
	src->dir = dir;
	if (len > CONF_FILE_MAX) {
		conf_err_file(e, name, "larger than %d bytes", CONF_FILE_MAX);
		return -1;
	}
	fi = add_file(src, name, 0, 0);
	add_text(src, e, fi, text, len, 0);
	return finish(src, e, before);
}

void
conf_src_free(struct conf_src *src)
{
	size_t i;

	for (i = 0; i < src->nfiles; i++)
		free(src->files[i].path);
	free(src->files);
	free(src->segs);
	free(src->text);
	memset(src, 0, sizeof(*src));
}
