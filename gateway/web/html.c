/*
 * The HTML writer (html.h).  Text is walked one UTF-8 character at a time:
 * valid characters are copied (the five HTML specials escaped), anything
 * else becomes U+FFFD, so hostile bytes can neither break the markup nor
 * the page's encoding.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "utf8.h"

#define REPLACEMENT	"\xef\xbf\xbd"

void
html_init(struct html *h)
{
	buf_init(&h->b, HTML_MAX);
}

void
html_free(struct html *h)
{
	buf_free(&h->b);
}

void
html_raw(struct html *h, const char *markup)
{
	buf_add(&h->b, markup);
}

void
html_textn(struct html *h, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		unsigned char c = p[i];

		if (c < 0x80) {
			switch (c) {
			case '&': buf_add(&h->b, "&amp;"); break;
			case '<': buf_add(&h->b, "&lt;"); break;
			case '>': buf_add(&h->b, "&gt;"); break;
			case '"': buf_add(&h->b, "&quot;"); break;
			case '\'': buf_add(&h->b, "&#39;"); break;
			case '\n': case '\t': buf_addn(&h->b, s + i, 1); break;
			default:
				if (c >= 0x20 && c != 0x7f)
					buf_addn(&h->b, s + i, 1);
				else if (c != '\r')
					buf_add(&h->b, REPLACEMENT);
				break;
			}
			i++;
			continue;
		}
		if ((n = utf8_char(p + i, len - i)) == 0) {
			buf_add(&h->b, REPLACEMENT);
			i++;
			continue;
		}
		/* C1 controls (U+0080-U+009F) are no text either */
		if (c == 0xc2 && p[i + 1] < 0xa0)
			buf_add(&h->b, REPLACEMENT);
		else
			buf_addn(&h->b, s + i, n);
		i += n;
	}
}

void
html_text(struct html *h, const char *s)
{
	html_textn(h, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

void
html_f(struct html *h, const char *fmt, ...)
{
	va_list		 ap;
	const char	*p = fmt, *run = fmt;
	char		 spec[32], out[64];

	va_start(ap, fmt);
	while (*p != '\0') {
		const char	*start;
		size_t		 n;
		int		 longs = 0, size = 0;

		if (*p != '%') {
			p++;
			continue;
		}
		buf_addn(&h->b, run, (size_t)(p - run));
		start = p++;
		if (*p == '%') {
			buf_add(&h->b, "%");
			run = ++p;
			continue;
		}
		p += strspn(p, "-+ #0123456789");
		for (; *p == 'l'; p++)
			longs++;
		if (*p == 'z') {
			size = 1;
			p++;
		}
		n = (size_t)(p - start) + 1;
		if (n >= sizeof(spec))
			abort();
		memcpy(spec, start, n);
		spec[n] = '\0';
		switch (*p) {
		case 's':
			if (n != 2)	/* no width or precision on text */
				abort();
			html_text(h, va_arg(ap, const char *));
			break;
		case 'd':
		case 'u':
			if (size)
				snprintf(out, sizeof(out), spec,
				    va_arg(ap, size_t));
			else if (longs == 2)
				snprintf(out, sizeof(out), spec,
				    va_arg(ap, long long));
			else if (longs == 1)
				snprintf(out, sizeof(out), spec,
				    va_arg(ap, long));
			else
				snprintf(out, sizeof(out), spec,
				    va_arg(ap, int));
			buf_add(&h->b, out);
			break;
		default:
			abort();
		}
		run = ++p;
	}
	buf_add(&h->b, run);
	va_end(ap);
}

void
html_url(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char	e[4];

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			buf_addn(&h->b, s, 1);
		else {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			e[3] = '\0';
			buf_add(&h->b, e);
		}
	}
}

void
html_template(struct html *h, const char *tmpl, const char *const *vars)
{
	struct buf t;

	buf_init(&t, HTML_MAX);
	buf_template(&t, tmpl, vars, 0);
	if (t.p != NULL)
		html_textn(h, t.p, t.len);
	buf_free(&t);
}

char *
html_take(struct html *h, size_t *len)
{
	*len = h->b.len;
	return buf_take(&h->b);
}
