/*
 * Unicode folding for the reporting language (reportgw-codes(7),
 * MESSAGES):
 * decompose, drop combining marks, d-stroke to d, full-width forms to
 * ASCII, zero-width characters removed, Unicode spaces made plain.
 * Decomposition is libunistring's NFKD.  Pure functions, no allocation.
 */
#ifndef REPORTGW_FOLD_H
#define REPORTGW_FOLD_H

#include <stddef.h>
#include <stdint.h>

#define FOLD_CHAR_MAX	32	/* ASCII bytes one code point may fold to */

/*
 * Folds one code point to ASCII, keeping case.  Writes 0 bytes for
 * combining marks and zero-width characters, a space for spaces, invalid
 * input (pass 0xFFFD) and anything with no ASCII form.  Returns the count.
 */
size_t	fold_char(uint32_t uc, char out[FOLD_CHAR_MAX]);

/*
 * Folds UTF-8 text (untrusted, any bytes) to printable ASCII, keeping case.
 * Characters with no ASCII form become `unknown` (or are dropped when it is
 * 0); control characters become spaces.  Always NUL-terminates when outsz >
 * 0 and never writes more than outsz bytes.  Returns the length written.
 */
size_t	fold_ascii(const char *in, size_t len, char *out, size_t outsz,
	    char unknown);

/*
 * Folds a word or phrase for the word table: ASCII upper case, runs of
 * separators made one space, trimmed.  Returns the length, or (size_t)-1
 * when it does not fit in outsz.
 */
size_t	fold_phrase(const char *in, char *out, size_t outsz);

#endif
