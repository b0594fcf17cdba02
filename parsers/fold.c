/*
 * Unicode folding.  ASCII takes a fast path; everything else is decomposed
 * one code point at a time with u8_normalize(UNINORM_NFKD) into a stack
 * buffer, which is correct for NFKD because we drop every combining mark
 * afterwards, so canonical reordering cannot change the result.
 */
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "fold.h"

static int
is_zero_width(uint32_t uc)
{
	return (uc >= 0x200B && uc <= 0x200D) || uc == 0xFEFF ||
	    uc == 0x00AD || uc == 0x2060;
}

static int
is_mark(uint32_t uc)
{
	return uc_is_general_category(uc, UC_CATEGORY_M);
}

size_t
fold_char(uint32_t uc, char out[FOLD_CHAR_MAX])
{
	uint8_t	 src[6], dec[64];
	size_t	 srclen, declen = sizeof(dec), n = 0, i;
	uint8_t	*res;
	int	 len;

	if (uc < 0x80) {
		out[0] = (char)uc;
		return 1;
	}
	if (uc == 0x0110 || uc == 0x00D0 || uc == 0x0189) {	/* Đ Ð Ɖ */
		out[0] = 'D';
		return 1;
	}
	if (uc == 0x0111 || uc == 0x00F0) {			/* đ ð */
		out[0] = 'd';
		return 1;
	}
	if (is_zero_width(uc) || is_mark(uc))
		return 0;
	if (uc_is_general_category(uc, UC_CATEGORY_Z) || uc == 0xFFFD) {
		out[0] = ' ';
		return 1;
	}
	len = u8_uctomb(src, uc, sizeof(src));
	if (len <= 0) {
		out[0] = ' ';
		return 1;
	}
	srclen = (size_t)len;
	res = u8_normalize(UNINORM_NFKD, src, srclen, dec, &declen);
	if (res == NULL) {
		out[0] = ' ';
		return 1;
	}
	for (i = 0; i < declen && n < FOLD_CHAR_MAX; ) {
		ucs4_t	c;
		int	k = u8_mbtouc(&c, res + i, declen - i);

		i += (size_t)(k > 0 ? k : 1);
		if (c < 0x80)
			out[n++] = (char)c;
		else if (c == 0x0110)
			out[n++] = 'D';
		else if (c == 0x0111)
			out[n++] = 'd';
		else if (!is_mark(c) && !is_zero_width(c))
			out[n++] = ' ';
	}
	if (res != dec)
		free(res);
	if (n == 0)		/* e.g. a CJK character: a separator */
		out[n++] = ' ';
	return n;
}

size_t
fold_ascii(const char *in, size_t len, char *out, size_t outsz, char unknown)
{
	const uint8_t	*s = (const uint8_t *)in;
	size_t		 i = 0, n = 0;

	if (outsz == 0)
		return 0;
	while (i < len) {
		char	 buf[FOLD_CHAR_MAX];
		size_t	 k, j;
		ucs4_t	 uc;
		int	 step;

		if (s[i] < 0x80) {
			uc = s[i];
			step = 1;
		} else {
			step = u8_mbtouc(&uc, s + i, len - i);
			if (step <= 0)
				step = 1;
		}
		i += (size_t)step;
		if (uc < 0x20 || uc == 0x7F) {
			k = 1;
			buf[0] = ' ';
		} else if (uc >= 0x80 && uc <= 0x9F) {
			k = 1;
			buf[0] = ' ';
		} else {
			k = fold_char(uc, buf);
			/* a character that folded to nothing but space is unknown */
			if (uc >= 0x80 && k == 1 && buf[0] == ' ' &&
			    !uc_is_general_category(uc, UC_CATEGORY_Z)) {
				if (unknown == 0)
					k = 0;
				else
					buf[0] = unknown;
			}
		}
		for (j = 0; j < k; j++) {
			if (n + 1 >= outsz)
				goto done;
			out[n++] = buf[j];
		}
	}
done:
	out[n] = '\0';
	return n;
}

size_t
fold_phrase(const char *in, char *out, size_t outsz)
{
	char	tmp[256];
	size_t	len, i, n = 0;
	int	sep = 0;

	len = fold_ascii(in, strlen(in), tmp, sizeof(tmp), ' ');
	for (i = 0; i < len; i++) {
		char	c = tmp[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (sep && n > 0) {
				if (n + 1 >= outsz)
					return (size_t)-1;
				out[n++] = ' ';
			}
			sep = 0;
			if (n + 1 >= outsz)
				return (size_t)-1;
			out[n++] = c;
		} else
			sep = 1;
	}
	if (outsz == 0)
		return (size_t)-1;
	out[n] = '\0';
	return n;
}
