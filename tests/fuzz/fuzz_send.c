/*
 * libFuzzer target: every driver's decoding of the answer to a send
 * (provider_send_decode), bulk included.  The first byte picks the
 * driver, the second the number of messages (up to the driver's
 * send_max, at most 3) and the HTTP status (or no answer at all); the
 * rest is the answer's body.
 * Properties: no crash or sanitizer report; one result per message, each
 * a known status with a NUL-terminated detail and message id; an answer
 * that is not a 2xx accepts nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 201, 202, 400, 403, 409, 429,
	    500, 0 };
	static const struct prov_out msgs[] = {
		{ "+84912000101", "Da nhan #1", "rgw-1" },
		{ "+84912000102", "Da nhan #1", "rgw-2" },
		{ "84905000111", "Da nhan #1", "rgw-3" },
	};
	struct conf_provider	 conf;
	struct provider		 p;
	struct http_response	 h;
	struct prov_result	 res[3];
	const char		*type;
	size_t			 i, n, ntypes;
	long			 status;

	if (size < 2)
		return 0;
	for (ntypes = 0; provider_type_name(ntypes) != NULL; ntypes++)
		;
	type = provider_type_name(data[0] % ntypes);
	memset(&conf, 0, sizeof(conf));
	conf.type = (char *)type;
	memset(&p, 0, sizeof(p));
	if ((p.ops = provider_find(type)) == NULL)
		abort();
	p.conf = &conf;
	n = (size_t)(data[1] & 3) % 3 + 1;
	if (n > provider_send_max(&p))
		n = provider_send_max(&p);
	status = statuses[(data[1] >> 2) % (sizeof(statuses) /
	    sizeof(statuses[0]))];
	memset(&h, 0, sizeof(h));
	h.status = status;
	h.retry_after = -1;
	if ((h.body = malloc(size - 2 + 1)) == NULL)
		return 0;
	memcpy(h.body, data + 2, size - 2);
	h.body[size - 2] = '\0';
	h.len = size - 2;
	if (status == 0)
		snprintf(h.error, sizeof(h.error), "Connection refused");
	memset(res, 0xa5, sizeof(res));
	provider_send_decode(&p, msgs, n, &h, status != 0, res);
	for (i = 0; i < n; i++) {
		if (res[i].status > PROV_RATE_LIMITED ||
		    memchr(res[i].detail, '\0', sizeof(res[i].detail)) == NULL ||
		    memchr(res[i].msg_id, '\0', sizeof(res[i].msg_id)) == NULL)
			abort();
		if (res[i].status == PROV_OK && (status < 200 || status > 299))
			abort();
	}
	free(h.body);
	return 0;
}
