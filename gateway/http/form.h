/*
 * application/x-www-form-urlencoded decoding, for query strings and POST
 * bodies.  Values are byte strings (Kannel sends UTF-16BE, NULs and all),
 * so each carries its length.  Pure: safe on any input, no globals.
 */
#ifndef REPORTGW_FORM_H
#define REPORTGW_FORM_H

#include <stddef.h>

#define FORM_FIELDS_MAX	32

enum form_error {
	FORM_OK,
	FORM_TOO_MANY,		/* more than FORM_FIELDS_MAX fields */
	FORM_TOO_LONG,		/* a name or value over the cap */
	FORM_BAD_ESCAPE		/* '%' not followed by two hex digits */
};

struct form_field {
	char	*name;		/* NUL-terminated (names stop at NUL) */
	char	*value;		/* NUL-terminated, may hold NULs */
	size_t	 len;		/* bytes of value */
};

struct form {
	struct form_field	 f[FORM_FIELDS_MAX];
	int			 n;
	char			*buf;	/* owns the decoded bytes */
};

/*
 * Decodes len bytes into *out (free with form_free even on error).  A
 * field without '=' has an empty value; empty pairs ("a=1&&b=2") are
 * skipped.  Names and values longer than cap bytes after decoding fail.
 */
enum form_error	form_decode(const char *in, size_t len, size_t cap,
		    struct form *out);
void		form_free(struct form *);

/* The first field with that name, or NULL; *len gets its length. */
const char	*form_get(const struct form *, const char *name, size_t *len);

/*
 * Whether len bytes are text a field may hold: no NUL or other control
 * byte except tab, CR and LF (when multiline), no DEL.
 */
int		form_clean(const char *s, size_t len, int multiline);

/*
 * A clean field of at most max bytes, without NUL or control bytes (""
 * when absent and not required); NULL when it is not, with the reason in
 * why[whysize].
 */
const char	*form_field(const struct form *, const char *name,
		    int required, size_t max, char *why, size_t whysize);

/*
 * Pushed text as UTF-8: Kannel hands UCS-2 SMS over as UTF-16BE (coding
 * "2") unless smsbox recodes them; a named charset is converted; UTF-8
 * stays as it is.  Returns an allocated NUL-terminated string and its
 * length, or NULL when the bytes are not valid in that encoding.
 */
char		*form_text_utf8(const char *in, size_t len, const char *coding,
		    const char *charset, size_t *outlen);

/* Compares what a request gave (glen bytes, which may hold a NUL, as a
 * decoded "T%00junk" does) with a NUL-terminated secret, in time that
 * does not depend on where they differ.  1 when equal. */
int		form_secret_equal(const char *given, size_t glen,
		    const char *secret);

extern const char *const form_error_names[];

#endif
