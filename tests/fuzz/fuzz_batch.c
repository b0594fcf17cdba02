/*
 * libFuzzer target: every polling driver's decoding of a whole inbox
 * answer (provider_decode), as the daemon runs it after a fetch or when
 * it replays a kept answer.  The first byte picks the driver (and the
 * generic driver's sort order), the rest is the answer.
 * Properties: no crash or sanitizer report; a failed decode leaves an
 * empty batch; every record is a message or a rejection, never both;
 * messages have an id of 1..PROV_ID_MAX bytes, a sender, valid UTF-8
 * text of at most PROV_TEXT_MAX + 1 bytes without NUL; rejections keep
 * their raw JSON and a reason; the cursor is NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct prov_batch *b)
{
	const struct prov_msg	*m;
	size_t			 i;

	if (memchr(b->cursor, '\0', sizeof(b->cursor)) == NULL)
		abort();
	for (i = 0; i < b->n; i++) {
		m = &b->v[i];
		if (m->id == NULL || m->id[0] == '\0' ||
		    strlen(m->id) > PROV_ID_MAX || m->from == NULL)
			abort();
		if (m->reject != NULL) {
			if (m->raw == NULL || m->text != NULL ||
			    m->reject[0] == '\0')
				abort();
			continue;
		}
		if (m->text == NULL || m->from[0] == '\0' ||
		    m->textlen > PROV_TEXT_MAX + 1 ||
		    memchr(m->text, '\0', m->textlen) != NULL ||
		    !utf8_valid(m->text, m->textlen))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "africastalking", "twilio",
	    "infobip", "generic" };
	struct conf_provider	 conf;
	struct prov_batch	 b;
	struct prov_result	 r;
	const struct provider_ops *ops;

	if (size < 1)
		return 0;
	memset(&conf, 0, sizeof(conf));
	conf.type = (char *)types[data[0] % 4];
	conf.batch = 50;
	conf.generic.messages = (char *)"messages";
	conf.generic.id = (char *)"id";
	conf.generic.from = (char *)"from";
	conf.generic.to = (char *)"to";
	conf.generic.text = (char *)"text";
	conf.generic.time = (char *)"meta.time";
	conf.generic.time_format = (char *)(data[0] & 8 ? "epoch" : "iso8601");
	conf.generic.cursor_param = (char *)"since";
	conf.generic.order = (char *)(data[0] & 4 ? "desc" : "asc");
	if ((ops = provider_find(conf.type)) == NULL)
		abort();
	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	provider_decode(ops, &conf, data[0] & 16 ? "41" : "", 1764000000,
	    (const char *)data + 1, size - 1, &b, &r);
	if (r.status != PROV_OK && b.n != 0)
		abort();
	check(&b);
	prov_batch_free(&b);
	return 0;
}
