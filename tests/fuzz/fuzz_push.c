/*
 * libFuzzer target: the drivers' push decoders (Kannel's get-url query,
 * the webhook's JSON or form body), as the HTTP server calls them through
 * provider_push().  The first byte picks the driver.  Properties: no crash
 * or sanitizer report; a message has a non-empty id and sender within
 * their caps and a clean NUL-terminated text of the length it reports; a
 * refusal has a status and a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "provider.h"

#define FIELD_MAX	2048

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf	*c;
	const struct provider_ops *ops;
	struct prov_push_req	 rq;
	struct prov_push	 p;
	struct form		 q;
	char			*in, *err = NULL;

	if (c == NULL && conf_load_string(conf_embedded_default, "default",
	    NULL, &c, &err) == -1)
		abort();
	if (size == 0)
		return 0;
	ops = data[0] % 2 ? &prov_kannel : &prov_generic;
	in = malloc(size);
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	memset(&rq, 0, sizeof(rq));
	memset(&q, 0, sizeof(q));
	if (ops == &prov_kannel) {
		if (form_decode(in, size - 1, FIELD_MAX, &q) != FORM_OK)
			goto done;
		rq.body = "";
	} else {
		rq.body = in;
		rq.bodylen = size - 1;
	}
	rq.query = &q;
	rq.field_max = FIELD_MAX;
	provider_push(ops, c, &rq, &p);
	if (p.refuse != 0) {
		if (p.refuse != 400 || p.why[0] == '\0')
			abort();
	} else if (p.id[0] == '\0' || strlen(p.id) > PROV_ID_MAX ||
	    p.from[0] == '\0' || strlen(p.from) > PROV_ADDR_MAX ||
	    p.text == NULL || p.text[p.textlen] != '\0' ||
	    strlen(p.text) != p.textlen || !form_clean(p.text, p.textlen, 1) ||
	    p.at <= 0)
		abort();
	prov_push_free(&p);
done:
	form_free(&q);
	free(in);
	return 0;
}
