/*
 * The USSD menu engine.  Menus are generated from the code book, so a code
 * added in the config appears in USSD with no C code.  The engine is
 * stateless: the whole session is replayed from the `text` the USSD
 * gateway sends (every input so far, joined by '*'), and the answer is the
 * next screen, or the report to store as the SMS it stands for.  Pure: no
 * I/O, no allocation, no globals; safe on any input bytes.
 */
#ifndef REPORTGW_USSD_H
#define REPORTGW_USSD_H

#include <stddef.h>

#include "codebook.h"
#include "period.h"

#define USSD_SCREEN_MAX	182	/* characters of an answer, "CON " included */
#define USSD_BODY_MAX	(USSD_SCREEN_MAX - 4)
#define USSD_INPUTS_MAX	64	/* inputs in one session */
#define USSD_SMS_MAX	256	/* bytes of the report written as an SMS */

enum ussd_action {
	USSD_CONTINUE,		/* "CON": show the screen, wait for input */
	USSD_END,		/* "END": show the screen, session over */
	USSD_SUBMIT		/* store `sms` as the caller's report, then
				 * answer END with its reply */
};

struct ussd_request {
	const struct codebook	 *cb;
	const char		 *text;		/* untrusted, len bytes */
	size_t			  len;
	/* villages the caller chooses from (commune reporters); 0: none,
	 * the report is for the caller's own village */
	const char *const	 *villages;
	const char *const	 *village_labels;	/* or NULL */
	size_t			  nvillages;
	const struct local_time	 *at;		/* for periods and checks */
};

struct ussd_answer {
	enum ussd_action	action;
	char			screen[USSD_BODY_MAX + 1];	/* GSM-7 */
	char			sms[USSD_SMS_MAX];	/* USSD_SUBMIT */
	int			inputs;		/* inputs consumed */
};

void	ussd_answer(const struct ussd_request *, struct ussd_answer *);

#endif
