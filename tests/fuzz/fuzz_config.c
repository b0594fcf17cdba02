/*
 * libFuzzer target: config text through libconfig, the key table and the
 * code-book loader.  Property: no crash, no leak; a failure always comes
 * with a "file:line: message" text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	*c = NULL;
	char		*text, *err = NULL;

	if (size > 256 * 1024)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (conf_load_string(text, "fuzz.conf", "/nonexistent", &c,
	    &err) == 0)
		conf_free(c);
	else if (err == NULL || strncmp(err, "fuzz.conf:", 10) != 0) {
		if (err == NULL || strstr(err, ".conf:") == NULL)
			abort();
	}
	free(err);
	free(text);
	return 0;
}
