/*
 * Growing text buffers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
	b->cap = 256;
	b->p = xmalloc(b->cap);
	b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void
buf_addn(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->max) {
		b->truncated = 1;
		n = b->max - b->len;
	}
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	char	small[512], *big;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_addn(b, small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_addn(b, big, (size_t)n);
	free(big);
}

void
buf_html(struct buf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			continue;
		}
		buf_addn(b, run, (size_t)(s - run));
		buf_add(b, rep);
		run = s + 1;
	}
	buf_add(b, run);
}

char *
buf_take(struct buf *b)
{
	char *p = b->p;

	memset(b, 0, sizeof(*b));
	return p;
}

void
buf_template(struct buf *b, const char *tmpl, const char *const *vars,
    int html)
{
	const char *end;
	size_t k;

	while (*tmpl != '\0') {
		if (*tmpl == '{' && (end = strchr(tmpl, '}')) != NULL) {
			size_t len = (size_t)(end - tmpl - 1);

			for (k = 0; vars[k] != NULL; k += 2)
				if (strlen(vars[k]) == len &&
				    strncmp(vars[k], tmpl + 1, len) == 0)
					break;
			if (vars[k] != NULL) {
				if (html)
					buf_html(b, vars[k + 1] ? vars[k + 1] :
					    "");
				else
					buf_add(b, vars[k + 1] ? vars[k + 1] :
					    "");
				tmpl = end + 1;
				continue;
			}
		}
		end = strchr(tmpl + 1, '{');
		if (end == NULL)
			end = tmpl + strlen(tmpl);
		if (html) {
			/* templates are the operator's: still escape them */
			char *part = xstrndup(tmpl, (size_t)(end - tmpl));

			buf_html(b, part);
			free(part);
		} else
			buf_addn(b, tmpl, (size_t)(end - tmpl));
		tmpl = end;
	}
}
