/*
 * Collected configuration errors, "file:line: message", one per line.
 * A setting's file and line come from the map of the expanded text
 * (gateway/conf/source.c): libconfig only ever sees one text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errs.h"
#include "source.h"
#include "xmalloc.h"

/* line < 0: the message is about the whole file. */
static void
verr(struct conf_errs *e, const char *file, int line, const char *fmt,
    va_list ap)
{
	char	msg[1024];
	char	*text;
	size_t	 n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line < 0)
		text = xasprintf("%s: %s\n", file, msg);
	else
		text = xasprintf("%s:%d: %s\n", file, line > 0 ? line : 1, msg);
	n = strlen(text);
	e->buf = xreallocarray(e->buf, e->len + n + 1, 1);
	memcpy(e->buf + e->len, text, n + 1);
	e->len += n;
	e->count++;
	free(text);
}

void
conf_err_at(struct conf_errs *e, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(e, file, line < 1 ? 1 : line, fmt, ap);
	va_end(ap);
}

void
conf_err_file(struct conf_errs *e, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(e, file, -1, fmt, ap);
	va_end(ap);
}

/* The file a setting came from, as a path the operator can open. */
const char *
conf_file_of(struct conf_errs *e, const config_setting_t *s)
{
	const struct conf_file	*f;
	int			 line;

	if (s == NULL || e->src == NULL)
		return e->name;
	f = conf_src_where(e->src, (int)config_setting_source_line(s), &line);
	return f != NULL ? f->path : e->name;
}

int
conf_line_of(struct conf_errs *e, const config_setting_t *s)
{
	int line;

	if (s == NULL)
		return 1;
	line = (int)config_setting_source_line(s);
	if (e->src != NULL)
		(void)conf_src_where(e->src, line, &line);
	return line;
}

void
conf_err(struct conf_errs *e, const config_setting_t *s, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(e, conf_file_of(e, s), conf_line_of(e, s), fmt, ap);
	va_end(ap);
}
