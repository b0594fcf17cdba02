/*
 * libFuzzer target: one SMS through the grammar and the reply renderer.
 * Properties: no crash or sanitizer report, the result is consistent
 * (every report of a message of several too; a review only for a message
 * not understood), and every reply is one GSM-7 SMS of at most 160
 * characters.
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

/* The oldest age code c accepts, in months. */
static long
max_age(const struct cb_code *c)
{
	int k;

	for (k = 0; k < c->nnumbers; k++)
		if (c->numbers[k].role == CB_ROLE_AGE)
			return c->numbers[k].max;
	abort();
}

static void
check_report(const struct sms_result *r, const struct sms_report *rep)
{
	if ((r->kind == CB_INCIDENT || r->kind == CB_COVERAGE) &&
	    rep->code == NULL)
		abort();
	if (rep->code != NULL && rep->code->kind == CB_INCIDENT &&
	    (rep->count < 1 || rep->age_months < 0 ||
	    rep->age_months > max_age(rep->code)))
		abort();
	if (rep->implausible && (rep->code == NULL ||
	    rep->age_months >= rep->code->plausible_min_age))
		abort();
	if (strlen(rep->note) >= SMS_NOTE_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_result	r;
	struct local_time	at = { 2026, 11, 28, 9, 0 };
	struct reply_ctx	ctx = { 123, "BAT01", { 1, 2, 0 }, NULL };
	char			reply[REPLY_SIZE];
	char			*err;
	int			k;

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
	if (r.nmore < 0 || r.nmore >= SMS_MAX_REPORTS ||
	    (r.error != SMS_OK && r.nmore != 0))
		abort();
	if ((r.review != SMS_REVIEW_NONE) != (r.error != SMS_OK &&
	    r.review != SMS_REVIEW_NONE) || r.review >= SMS_NREVIEWS)
		abort();
	if (r.error == SMS_OK) {
		check_report(&r, &r.report);
		for (k = 0; k < r.nmore; k++)
			check_report(&r, &r.more[k]);
	}
	if (reply_render(conf->codebook, &r, &ctx, reply) > REPLY_MAX ||
	    !gsm7_valid(reply, REPLY_MAX))
		abort();
	if (r.error == SMS_OK && r.nmore > 0) {
		long refs[SMS_MAX_REPORTS] = { 1, 22, 333, 999999999 };

		if (reply_render_at(conf->codebook, &r, &ctx, NULL, refs,
		    reply) > REPLY_MAX ||
		    !gsm7_valid(reply, REPLY_MAX))
			abort();
	}
	(void)sms_result_alerts(conf->codebook, &r);
	return 0;
}
