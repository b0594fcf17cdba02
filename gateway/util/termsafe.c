/*
 * Visible escapes for control characters and invalid UTF-8 in text shown
 * to people (see termsafe.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "buf.h"
#include "termsafe.h"
#include "xmalloc.h"

/*
 * Length of the character at s (at most n bytes) and whether it must be
 * escaped; *cp is the code point, or -1 for a byte of invalid UTF-8.
 */
static size_t
next_char(const char *s, size_t n, long *cp)
{
	ucs4_t	uc;
	int	len;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	/* rejects overlong forms, surrogates and code points past U+10FFFF */
	len = u8_mbtoucr(&uc, (const uint8_t *)s, n);
	if (len <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = (long)uc;
	return (size_t)len;
}

/* The escape for one character, or NULL when it is shown as it is. */
static const char *
escape_of(const char *s, long cp, int flags, char out[TS_ESCAPE_MAX])
{
	if (cp == -1) {
		snprintf(out, TS_ESCAPE_MAX, "\\x%02x", (unsigned char)s[0]);
		return out;
	}
	if (flags & TS_UTF8_ONLY)
		return NULL;
	if ((cp == '\n' && (flags & TS_KEEP_NL)) ||
	    (cp == '\t' && (flags & TS_KEEP_TAB)))
		return NULL;
	if (cp < 0x20 || cp == 0x7f) {
		snprintf(out, TS_ESCAPE_MAX, "\\x%02x",
		    (unsigned int)(cp & 0xff));
		return out;
	}
	if (cp >= 0x80 && cp <= 0x9f) {
		snprintf(out, TS_ESCAPE_MAX, "\\u%04x",
		    (unsigned int)(cp & 0xff));
		return out;
	}
	return NULL;
}

const char *
termsafe_next(const char *s, size_t n, int flags, char esc[TS_ESCAPE_MAX],
    size_t *len)
{
	long cp;

	*len = next_char(s, n, &cp);
	return escape_of(s, cp, flags, esc);
}

void
termsafe_buf(struct buf *b, const char *s, size_t len, int flags)
{
	const char	*run = s, *end = s + len, *e;
	char		 esc[TS_ESCAPE_MAX];
	size_t		 n;

	while (s < end) {
		if ((e = termsafe_next(s, (size_t)(end - s), flags, esc, &n)) ==
		    NULL) {
			s += n;
			continue;
		}
		buf_addn(b, run, (size_t)(s - run));
		buf_add(b, e);
		s += n;
		run = s;
	}
	buf_addn(b, run, (size_t)(end - run));
}

int
termsafe_clean(const char *s, int flags)
{
	const char	*end;
	char		 esc[TS_ESCAPE_MAX];
	size_t		 n;

	if (s == NULL)
		return 1;
	for (end = s + strlen(s); s < end; s += n)
		if (termsafe_next(s, (size_t)(end - s), flags, esc, &n) != NULL)
			return 0;
	return 1;
}

char *
termsafe(const char *s, int flags)
{
	struct buf b;

	if (s == NULL)
		return xstrdup("");
	/* at most 6 bytes of escape a byte of input */
	buf_init(&b, strlen(s) * 6 + 1);
	termsafe_buf(&b, s, strlen(s), flags);
	return buf_take(&b);
}

char *
termsafe_json(const char *dumped)
{
	struct buf	 b;
	const char	*s, *run = dumped;
	char		 esc[TS_ESCAPE_MAX];

	buf_init(&b, strlen(dumped) * 6 + 1);
	for (s = dumped; *s != '\0'; s++) {
		const unsigned char c = (unsigned char)*s;

		/* jansson writes valid UTF-8: a C1 character is C2 80..9F */
		if (c == 0x7f)
			snprintf(esc, sizeof(esc), "\\u007F");
		else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9f)
			snprintf(esc, sizeof(esc), "\\u%04X",
			    (unsigned char)s[1]);
		else
			continue;
		buf_addn(&b, run, (size_t)(s - run));
		buf_add(&b, esc);
		if (c == 0xc2)
			s++;
		run = s + 1;
	}
	buf_add(&b, run);
	return buf_take(&b);
}
