/*
 * UTF-8 checking and repair (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

size_t
utf8_char(const unsigned char *s, size_t len)
{
	size_t	n, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = utf8_char(u + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t
utf8_repair(const char *s, size_t len, char **out, size_t *outlen)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*o;
	size_t			 i = 0, k = 0, n, bad = 0;

	/* each bad byte becomes three: at most 3 * len */
	o = xreallocarray(NULL, len + 1, 3);
	while (i < len) {
		if ((n = utf8_char(u + i, len - i)) == 0) {
			memcpy(o + k, replacement, 3);
			k += 3;
			i++;
			bad++;
			continue;
		}
		memcpy(o + k, s + i, n);
		k += n;
		i += n;
	}
	o[k] = '\0';
	*out = o;
	*outlen = k;
	return bad;
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;

	if (len <= max)
		return len;
	while (i < max) {
		n = utf8_char(u + i, len - i);
		if (n == 0)
			n = 1;		/* a stray byte is one unit */
		if (i + n > max)
			break;
		i += n;
	}
	return i;
}

static int
hex4(const char *s, size_t len, unsigned *v)
{
	size_t	i;

	*v = 0;
	if (len < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

char *
utf8_json_sanitize(const char *s, size_t len, size_t *outlen)
{
	char	*r, *o;
	size_t	 rlen, i, k = 0;
	unsigned v, w;

	utf8_repair(s, len, &r, &rlen);
	o = xmalloc(rlen + 1);
	for (i = 0; i < rlen; i++) {
		if (r[i] != '\\' || i + 1 >= rlen) {
			o[k++] = r[i];
			continue;
		}
		if (r[i + 1] != 'u' || hex4(r + i + 2, rlen - i - 2, &v) == -1) {
			/* any other escape: copy both bytes as they are */
			o[k++] = r[i++];
			o[k++] = r[i];
			continue;
		}
		if (v >= 0xd800 && v <= 0xdbff && i + 11 < rlen &&
		    r[i + 6] == '\\' && r[i + 7] == 'u' &&
		    hex4(r + i + 8, rlen - i - 8, &w) == 0 &&
		    w >= 0xdc00 && w <= 0xdfff) {
			memcpy(o + k, r + i, 12);	/* a proper pair */
			k += 12;
			i += 11;
		} else if (v >= 0xd800 && v <= 0xdfff) {
			memcpy(o + k, "\\uFFFD", 6);	/* a lone half */
			k += 6;
			i += 5;
		} else {
			memcpy(o + k, r + i, 6);
			k += 6;
			i += 5;
		}
	}
	o[k] = '\0';
	free(r);
	*outlen = k;
	return o;
}

int
utf8_json_needs_sanitize(const char *s, size_t len)
{
	size_t i;

	if (!utf8_valid(s, len))
		return 1;
	for (i = 0; i + 2 < len; i++)
		if (s[i] == '\\' && s[i + 1] == 'u' &&
		    (s[i + 2] == 'd' || s[i + 2] == 'D'))
			return 1;
	return 0;
}
