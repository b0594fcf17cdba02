/*
 * libFuzzer target: one SMS through the grammar and the reply renderer.
 * Properties: no crash or sanitizer report, the result is consistent, and
 * every reply is one GSM-7 SMS of at most 160 characters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "reply.h"
#include "sms.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct conf *conf;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_result	r;
	struct local_time	at = { 2026, 11, 28, 9, 0 };
	struct reply_ctx	ctx = { 123, "BAT01", { 1, 2, 0 }, NULL };
	char			reply[REPLY_SIZE];
	char			*err;

	if (conf == NULL && conf_load_string(conf_embedded_default, "default",
	    NULL, &conf, &err) == -1)
		abort();
	/* the first byte varies the receive time across period edges */
	if (size > 0) {
		at.month = 1 + data[0] % 12;
		at.day = 1 + (data[0] / 12) % 28;
		at.hour = data[0] % 24;
	}
	sms_parse(conf->codebook, (const char *)data, size, &at, &r);
	if (r.error == SMS_OK && (r.kind == CB_INCIDENT ||
	    r.kind == CB_COVERAGE) && r.report.code == NULL)
		abort();
	if (r.error == SMS_OK && r.kind == CB_INCIDENT &&
	    (r.report.count < 1 || r.report.age_months < 0))
		abort();
	if (strlen(r.report.note) >= SMS_NOTE_MAX)
		abort();
	if (reply_render(conf->codebook, &r, &ctx, reply) > REPLY_MAX ||
	    !gsm7_valid(reply, REPLY_MAX))
		abort();
	return 0;
}
