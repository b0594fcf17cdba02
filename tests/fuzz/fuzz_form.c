/*
 * libFuzzer target: the form/query decoder and the push text decoding.
 * Properties: no crash or sanitizer report; every decoded field fits the
 * cap; a value never holds more bytes than the input; the UTF-16BE and
 * charset paths give NUL-terminated text of the length they report; the
 * secret comparison agrees with strcmp.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = { "", "UTF-8", "UTF-16BE",
	    "ISO-8859-1", "WINDOWS-1252", "UCS-2", "no-such-charset" };
	struct form	 f;
	const char	*in = (const char *)data;
	size_t		 cap = size > 0 ? 1 + data[0] % 64 : 16, len, i;
	char		*text, *a, *b;

	if (form_decode(in, size, cap, &f) == FORM_OK) {
		for (i = 0; i < (size_t)f.n; i++) {
			if (f.f[i].len > cap || f.f[i].len > size ||
			    strlen(f.f[i].name) > cap ||
			    f.f[i].value[f.f[i].len] != '\0')
				abort();
			if (form_get(&f, f.f[i].name, &len) == NULL)
				abort();
			(void)form_clean(f.f[i].value, f.f[i].len, i % 2);
		}
	}
	form_free(&f);
	text = form_text_utf8(in, size, size > 1 && data[1] % 2 ? "2" : "0",
	    charsets[size > 2 ? data[2] % 7 : 0], &len);
	if (text != NULL) {
		if (text[len] != '\0')
			abort();
		free(text);
	}
	/* the constant-time compare says what strcmp says */
	a = strndup(in, size / 2);
	b = strndup(in + size / 2, size - size / 2);
	if (form_secret_equal(a, strlen(a), b) != (strcmp(a, b) == 0))
		abort();
	free(a);
	free(b);
	return 0;
}
