/*
 * Phone numbers to E.164: "0912345678", "84912345678", "+84912345678" and
 * "0084912345678" are one person.  Pure.
 */
#ifndef REPORTGW_PHONE_H
#define REPORTGW_PHONE_H

#include <stddef.h>

#define PHONE_MAX	17	/* "+" 15 digits NUL */
#define PHONE_MIN_DIGITS 8	/* shorter numbers are short codes */

/*
 * Normalises a number (untrusted) with the default country code cc
 * ("84").  Returns 0 and fills out, or -1 when it is not a phone number
 * that can receive a reply: letters (an alphanumeric sender), a short code,
 * or too many digits.
 */
int	phone_normalize(const char *in, const char *cc, char out[PHONE_MAX]);

#endif
