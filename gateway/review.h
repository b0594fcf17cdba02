/*
 * Reviews: a message the parser could not complete but whose meaning may
 * be urgent (sms_result.review: an always-alert code or phrase, a death
 * word, a missing slot or an age out of range of an alert-class code) is
 * kept as a report with status 'review', for an officer to call the
 * sender back.  What such a report holds and the texts that go with it;
 * the pipeline stores and sends them (gateway/pipeline.c, do_review).
 * Pure: no store, no I/O.
 *
 * The row: code the one the message may be (sms_result.review_code) or
 * "?", kind that code's or "incident", details {"review":"<reason>"},
 * alert 1, status 'review', the sender's village (a commune reporter's:
 * the village named in the text when it is of the commune, else "").
 * Its fingerprint is the message's own, so it is never anyone's
 * duplicate.  It never holds the text: that stays in the inbox (purged
 * with it), for the officers' e-mail only.
 */
#ifndef REPORTGW_REVIEW_H
#define REPORTGW_REVIEW_H

#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "reply.h"
#include "sms.h"
#include "store.h"

/* The reason of a review: its sms_review_names entry ("missing", ...). */
const char *review_reason(const struct sms_result *);

/* Fills a review row for message inbox_id from phone (a reporter). */
void	review_row(const struct conf *, const struct sms_result *,
	    const struct reporter *, const char *phone, int64_t inbox_id,
	    time_t received_at, struct report_row *);

/*
 * The SMS to the officers (CB_R_OFFICER_REVIEW): the number, the sender,
 * the village ({village_code}; a commune's code when none), the code and
 * {reason} (sms_review_names); never the text, which may name a child.
 */
void	review_officer_sms(const struct codebook *, const struct sms_result *,
	    const struct report_row *, char out[REPLY_SIZE]);

#endif
