/*
 * libFuzzer target: the USSD path handler (the menu engine replaying a
 * session from its `text`).  Properties: no crash or sanitizer report;
 * every screen is plain GSM-7 within 178 characters (182 with "CON ");
 * a finished report is an SMS the grammar accepts; the same inputs always
 * give the same answer (also with a village name in UTF-8 to fold).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "reply.h"
#include "sms.h"
#include "ussd.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct conf *conf;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	*villages[10];
	struct ussd_request	 rq;
	struct ussd_answer	 a, b;
	struct local_time	 at = { 2026, 11, 28, 9, 0 };
	struct sms_result	 r;
	char			*err;

	if (conf == NULL && conf_load_string(conf_embedded_default, "default",
	    NULL, &conf, &err) == -1)
		abort();
	for (size_t i = 0; i < 10 && i < conf->nvillages; i++)
		villages[i] = conf->villages[i].code;
	memset(&rq, 0, sizeof(rq));
	rq.cb = conf->codebook;
	/* the first byte: a commune reporter choosing among 0-10 villages */
	rq.nvillages = size > 0 ? data[0] % 11 : 0;
	if (rq.nvillages > conf->nvillages)
		rq.nvillages = conf->nvillages;
	rq.villages = villages;
	/* a village reporter's own village, named on the confirm screen */
	rq.village_label = rq.nvillages == 0 && size > 0 && (data[0] & 0x80) ?
	    "Th\xc3\xb4" "n 1 B\xe1\xba\xaf" "c \xc3\x81" "i T\xc3\xa2" "y" :
	    NULL;
	rq.text = size > 0 ? (const char *)data + 1 : "";
	rq.len = size > 0 ? size - 1 : 0;
	rq.at = &at;
	ussd_answer(&rq, &a);
	if (strlen(a.screen) > USSD_BODY_MAX ||
	    !gsm7_valid(a.screen, USSD_BODY_MAX))
		abort();
	if (a.action == USSD_SUBMIT) {
		if (sms_parse(conf->codebook, a.sms, strlen(a.sms), &at, &r) !=
		    SMS_OK || (r.kind != CB_INCIDENT && r.kind != CB_COVERAGE &&
		    r.kind != CB_ZERO))
			abort();
		if (rq.nvillages > 0 && r.report.village < 0)
			abort();	/* a commune reporter named the village */
	} else if (a.screen[0] == '\0')
		abort();
	ussd_answer(&rq, &b);
	if (a.action != b.action || strcmp(a.screen, b.screen) != 0 ||
	    strcmp(a.sms, b.sms) != 0)
		abort();
	return 0;
}
