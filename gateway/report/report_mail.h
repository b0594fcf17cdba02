/*
 * The periodic jobs the mail queue sends (report_mail.c): a report
 * e-mail ("report") or a DHIS2 push ("dhis2") of a period.
 */
#ifndef REPORTGW_REPORT_MAIL_H
#define REPORTGW_REPORT_MAIL_H

#include "conf.h"
#include "store.h"

/* The group of the whole-area report to reports.to. */
#define REPORT_GROUP_TO	"(reports.to)"

/* Whether a mail row's kind is a periodic job. */
#define REPORT_JOB(kind)						\
	(strcmp((kind), "report") == 0 || strcmp((kind), "dhis2") == 0)

/* The recipients of a report group: reports.to, or a digest group. */
int	report_group(const struct conf *, const char *name,
	    struct conf_digest_group *);
/* Sends the job; an enum mail_status, err set when not MAIL_OK. */
int	report_job_send(struct store *, const struct conf *,
	    const struct mail_row *, char *err, size_t errsize);

#endif
