/*
 * Stored text (SMS, names, provider error bodies) made safe to show: on a
 * terminal, in a spreadsheet cell, in a mail body.  Control characters
 * become visible escapes instead of reaching the reader's terminal:
 *
 *   C0 (0x00..0x1f) and DEL	\xNN		("\x1b" for ESC)
 *   C1 (U+0080..U+009F)	\u00NN		("\u009b": the 8-bit CSI)
 *   bytes of invalid UTF-8	\xNN		(one escape a byte)
 *
 * so nothing is silently left out either.  A backslash in the text is
 * kept as it is: the escapes are for reading, not to be decoded again.
 */
#ifndef REPORTGW_TERMSAFE_H
#define REPORTGW_TERMSAFE_H

#include <stddef.h>

struct buf;

#define TS_KEEP_NL	0x01	/* leave \n as it is (line formats) */
#define TS_KEEP_TAB	0x02	/* leave \t as it is */
#define TS_UTF8_ONLY	0x04	/* only invalid UTF-8 (for jansson) */

#define TS_ESCAPE_MAX	8	/* bytes of one escape, "\u009f", and a NUL */

/*
 * The character at s (at most n bytes, n > 0): its length in *len, and
 * its escape in esc (returned) or NULL when it is shown as it is.
 */
const char *termsafe_next(const char *s, size_t n, int flags,
	    char esc[TS_ESCAPE_MAX], size_t *len);
/* Appends len bytes of s to b, escaped as above. */
void	termsafe_buf(struct buf *, const char *s, size_t len, int flags);
/* The same as an allocated string (free it); NULL gives "". */
char	*termsafe(const char *s, int flags);
/* 1 when s needs no escape under flags, 0 otherwise. */
int	termsafe_clean(const char *s, int flags);

/*
 * A text from json_dumps() with the raw DEL and C1 characters (jansson
 * escapes only C0, as \u001B) written as \u007F and \u0080..\u009F: the
 * same JSON value, but nothing a terminal acts on.  Returns an allocated
 * string.
 */
char	*termsafe_json(const char *dumped);

#endif
