/*
 * Form decoding: split on '&', then '=', then '+' -> space and %XX ->
 * byte.  One allocation holds every decoded byte; decoding never grows a
 * field, so len + 1 bytes per field suffice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uniconv.h>

#include "form.h"
#include "xmalloc.h"

const char *const form_error_names[] = {
	"ok", "too many fields", "field too long", "bad %-escape"
};

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes in[0..len) to out; returns the decoded length or -1. */
static long
unescape(const char *in, size_t len, char *out)
{
	size_t	i, n = 0;
	int	hi, lo;

	for (i = 0; i < len; i++) {
		if (in[i] == '+')
			out[n++] = ' ';
		else if (in[i] != '%')
			out[n++] = in[i];
		else {
			if (i + 2 >= len ||
			    (hi = hexval((unsigned char)in[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)in[i + 2])) < 0)
				return -1;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		}
	}
	out[n] = '\0';
	return (long)n;
}

enum form_error
form_decode(const char *in, size_t len, size_t cap, struct form *out)
{
	const char	*p = in, *end = in + len;
	char		*w;
	long		 n;

	memset(out, 0, sizeof(*out));
	/* each field needs at most its bytes + 2 NULs */
	out->buf = xmalloc(len + 2 * FORM_FIELDS_MAX + 2);
	w = out->buf;
	while (p < end) {
		const char	*amp = memchr(p, '&', (size_t)(end - p));
		const char	*stop = amp != NULL ? amp : end;
		const char	*eq = memchr(p, '=', (size_t)(stop - p));
		const char	*nend = eq != NULL ? eq : stop;
		struct form_field *f;

		if (stop == p) {	/* empty pair */
			p = stop + 1;
			continue;
		}
		if (out->n == FORM_FIELDS_MAX)
			return FORM_TOO_MANY;
		f = &out->f[out->n];
		f->name = w;
		if ((n = unescape(p, (size_t)(nend - p), w)) < 0)
			return FORM_BAD_ESCAPE;
		if ((size_t)n > cap)
			return FORM_TOO_LONG;
		w += n + 1;	/* as a C string a name ends at a NUL */
		f->value = w;
		if (eq != NULL) {
			if ((n = unescape(eq + 1, (size_t)(stop - eq - 1),
			    w)) < 0)
				return FORM_BAD_ESCAPE;
		} else {
			*w = '\0';
			n = 0;
		}
		if ((size_t)n > cap)
			return FORM_TOO_LONG;
		f->len = (size_t)n;
		w += n + 1;
		out->n++;
		p = stop + (amp != NULL);
	}
	return FORM_OK;
}

void
form_free(struct form *f)
{
	free(f->buf);
	f->buf = NULL;
	f->n = 0;
}

const char *
form_get(const struct form *f, const char *name, size_t *len)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0) {
			if (len != NULL)
				*len = f->f[i].len;
			return f->f[i].value;
		}
	return NULL;
}

int
form_clean(const char *s, size_t len, int multiline)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' ||
		    c == '\r' || c == '\t'))))
			return 0;
	}
	return 1;
}

const char *
form_field(const struct form *f, const char *name, int required, size_t max,
    char *why, size_t whysize)
{
	size_t		 len;
	const char	*v = form_get(f, name, &len);

	if (v == NULL) {
		if (required)
			snprintf(why, whysize, "missing field %s", name);
		return required ? NULL : "";
	}
	if (len > max) {
		snprintf(why, whysize, "field %s longer than %zu bytes", name,
		    max);
		return NULL;
	}
	if (strlen(v) != len || !form_clean(v, len, 0)) {
		snprintf(why, whysize, "control bytes in field %s", name);
		return NULL;
	}
	return v;
}

int
form_secret_equal(const char *given, size_t glen, const char *secret)
{
	size_t		slen = strlen(secret), i;
	unsigned char	diff = glen != slen;

	/* always walk the whole secret; never stop at the first difference */
	for (i = 0; i < slen; i++)
		diff |= (unsigned char)(secret[i] ^ (i < glen ? given[i] : 0));
	return diff == 0;
}

/*
 * Text as UTF-8: Kannel hands UCS-2 SMS over as UTF-16BE unless smsbox
 * recodes them; other charsets are converted; UTF-8 stays as it is.
 * Returns an allocated string or NULL when the bytes do not convert.
 */
char *
form_text_utf8(const char *in, size_t len, const char *coding, const char *charset,
    size_t *outlen)
{
	const char	*from = NULL;
	uint8_t		*u;

	if (charset != NULL && *charset != '\0' &&
	    strcasecmp(charset, "UTF-8") != 0 &&
	    strcasecmp(charset, "UTF8") != 0)
		from = strcasecmp(charset, "UCS-2") == 0 ||
		    strcasecmp(charset, "UCS-2BE") == 0 ? "UTF-16BE" : charset;
	else if (coding != NULL && strcmp(coding, "2") == 0)
		from = "UTF-16BE";
	if (from == NULL) {
		*outlen = len;
		return xstrndup(in, len);
	}
	u = u8_conv_from_encoding(from, iconveh_error, in, len, NULL, NULL,
	    outlen);
	if (u == NULL)
		return NULL;
	u = xreallocarray(u, *outlen + 1, 1);
	u[*outlen] = '\0';
	return (char *)u;
}
