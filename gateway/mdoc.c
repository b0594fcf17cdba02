/*
 * Writing mdoc(7) text from data (gateway/mdoc.h).
 */
#include <stdio.h>
#include <string.h>

#include "mdoc.h"

/*
 * Writes the character at *s, escaped for roff, and returns its length
 * in bytes.  UTF-8 goes out as \[uXXXX]; a byte that is not UTF-8 as "?".
 */
static size_t
put_char(FILE *f, const char *s, int in_arg)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned long		 cp;
	size_t			 n, i;

	if (*u < 0x80) {
		if (*u == '\\')
			fputs("\\e", f);
		else if (*u == '"' && in_arg)
			fputs("\\(dq", f);
		else
			putc(*u, f);
		return 1;
	}
	if ((*u & 0xe0) == 0xc0)
		n = 2, cp = *u & 0x1f;
	else if ((*u & 0xf0) == 0xe0)
		n = 3, cp = *u & 0x0f;
	else if ((*u & 0xf8) == 0xf0)
		n = 4, cp = *u & 0x07;
	else {
		putc('?', f);
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			putc('?', f);
			return 1;
		}
		cp = cp << 6 | (u[i] & 0x3f);
	}
	fprintf(f, "\\[u%04lX]", cp);
	return n;
}

void
mdoc_text(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	while (*s != '\0')
		s += put_char(f, s, 0);
}

void
mdoc_arg(FILE *f, const char *s)
{
	const char	*end;
	size_t		 len;

	while (*s != '\0') {
		if (*s == ' ') {
			putc(*s++, f);
			continue;
		}
		len = strcspn(s, " ");
		/* punctuation alone, or a word that may be a macro ("So") */
		if (strspn(s, "()[].,:;?!|") >= len ||
		    (len >= 2 && len <= 3 && *s >= 'A' && *s <= 'Z' &&
		    s[1] >= 'a' && s[1] <= 'z'))
			fputs("\\&", f);
		for (end = s + len; s < end; )
			s += put_char(f, s, 1);
	}
}
