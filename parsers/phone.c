/*
 * Phone number normalisation.  Separators people type (spaces, dots,
 * dashes, parentheses) are ignored; anything else that is not a digit
 * makes the number unusable for replies.
 */
#include <stdio.h>
#include <string.h>

#include "phone.h"

int
phone_normalize(const char *in, const char *cc, char out[PHONE_MAX])
{
	char	d[32];
	size_t	n = 0, cclen = strlen(cc), skip = 0;
	int	plus = 0;

	for (; *in == ' ' || *in == '\t'; in++)
		;
	if (*in == '+') {
		plus = 1;
		in++;
	}
	for (; *in != '\0'; in++) {
		if (*in >= '0' && *in <= '9') {
			if (n + 1 >= sizeof(d))
				return -1;
			d[n++] = *in;
		} else if (strchr(" .-()\t", *in) == NULL)
			return -1;
	}
	d[n] = '\0';
	if (n < PHONE_MIN_DIGITS)
		return -1;
	if (plus)
		;
	else if (strncmp(d, "00", 2) == 0)
		skip = 2;
	else if (d[0] == '0') {		/* national: trunk 0 -> country code */
		if (n - 1 + cclen > 15)
			return -1;
		return snprintf(out, PHONE_MAX, "+%s%s", cc, d + 1) <
		    PHONE_MAX ? 0 : -1;
	} else if (n <= 9) {		/* national without the trunk 0 */
		return snprintf(out, PHONE_MAX, "+%s%s", cc, d) < PHONE_MAX ?
		    0 : -1;
	}
	if (n - skip > 15 || n - skip < PHONE_MIN_DIGITS)
		return -1;
	return snprintf(out, PHONE_MAX, "+%s", d + skip) < PHONE_MAX ? 0 : -1;
}
