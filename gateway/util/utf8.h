/*
 * UTF-8 at the edges: every text that reaches the store is valid UTF-8.
 * Bytes that do not form a character (invalid sequences, overlong forms,
 * surrogates, a character cut at the end) are replaced by U+FFFD, so a
 * message is kept and judged rather than lost, and no reader ever gets
 * half a character.  Pure functions.
 */
#ifndef REPORTGW_UTF8_H
#define REPORTGW_UTF8_H

#include <stddef.h>

/* The length of the valid character at s (1-4), or 0 when none is. */
size_t	utf8_char(const unsigned char *s, size_t len);
/* 1 when s[0..len) is valid UTF-8. */
int	utf8_valid(const char *s, size_t len);
/*
 * A copy of s[0..len) (NUL-terminated, *outlen bytes) with every invalid
 * byte replaced by U+FFFD.  Returns the number of replacements.
 */
size_t	utf8_repair(const char *s, size_t len, char **out, size_t *outlen);
/* The longest prefix of s[0..len) of at most max bytes that ends on a
 * character boundary. */
size_t	utf8_cut(const char *s, size_t len, size_t max);
/*
 * Makes a provider's JSON answer decodable record by record: invalid
 * UTF-8 becomes U+FFFD and a \uD800-\uDFFF escape that is not half of a
 * pair becomes \uFFFD, which a JSON decoder would otherwise refuse for
 * the whole document.  Returns a new NUL-terminated copy.
 */
char	*utf8_json_sanitize(const char *s, size_t len, size_t *outlen);
/* 0 when s is valid UTF-8 without a \uD800-\uDFFF escape (the common
 * case), so utf8_json_sanitize would copy it unchanged. */
int	utf8_json_needs_sanitize(const char *s, size_t len);

#endif
