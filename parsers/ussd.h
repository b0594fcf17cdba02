/*
 * The USSD menu engine.  Menus are generated from the code book, so a code
 * added in the config appears in USSD with no C code.  The engine is
 * stateless: the whole session is replayed from the `text` the USSD
 * gateway sends (every input so far, joined by '*'), and the answer is the
 * next screen, or the report to store as the SMS it stands for.  Pure: no
 * I/O, no allocation, no globals; safe on any input bytes.
 *
 * Lists follow the code book's menu order (codebook_menu), so the codes
 * used most are one key away.  A report asks only what it needs: more
 * than one child is an entry of the sex screen, months only under two
 * years, and a flag only when it decides whether the report alerts.
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
	/* the caller's own village as people name it, or NULL */
	const char		 *village_label;
	const struct local_time	 *at;		/* for periods and checks */
};

struct ussd_answer {
	enum ussd_action	action;
	char			screen[USSD_BODY_MAX + 1];	/* GSM-7 */
	char			sms[USSD_SMS_MAX];	/* USSD_SUBMIT */
	int			inputs;		/* inputs consumed */
};

void	ussd_answer(const struct ussd_request *, struct ussd_answer *);

/*
 * A period as the USSD screens name it: a week as "this week" or "last
 * week" (seen from at) with its dates, "tuan nay (23-29/11)"; a month or
 * quarter as in replies.  Not yet folded to GSM-7.
 */
void	ussd_period(const struct codebook *, const struct period *,
	    const struct local_time *at, char *out, size_t outsz);

#endif
