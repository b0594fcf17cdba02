/*
 * The schedule of the periodic jobs: the monthly, quarterly and yearly
 * report e-mails (on reports.monthly_day at reports.time of the month
 * after the period: the quarter's in the month after it, the year's in
 * January), one per period and group, and the monthly DHIS2 push (on
 * dhis2.push.day at dhis2.push.time).  As the digest's (schedule.h):
 * the jobs and the mark of how far the schedule got are stored in one
 * transaction; a crash before the commit leaves nothing, and after it
 * the mark keeps a period from being queued twice.  A daemon stopped
 * for a while queues the periods it missed, oldest first, but none that
 * ended before the database existed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mail.h"
#include "report.h"
#include "report_mail.h"
#include "schedule.h"
#include "timeutil.h"
#include "xmalloc.h"

/* The queue rows of one period of a job. */
static int
queue_period(struct store *st, const struct conf *c, const char *kind,
    const char *period, time_t now)
{
	char		 inst[64], local[256], *mid;
	const char	*grp;
	uint32_t	 h;
	size_t		 i, n = c->reports.groups ? c->digest.ngroups : 0;
	int		 rc = 0;

	if (store_meta_get(st, "instance", inst, sizeof(inst)) == -1)
		inst[0] = '\0';
	for (i = 0; i <= n && rc == 0; i++) {
		const char *p;

		if (strcmp(kind, "dhis2") == 0) {
			if (i > 0)
				break;
			grp = "dhis2";
		} else if (i == n) {
			if (c->reports.to.n == 0)
				break;
			grp = REPORT_GROUP_TO;
		} else
			grp = c->digest.groups[i].name;
		for (h = 2166136261u, p = grp; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		snprintf(local, sizeof(local), "%s-%s-%08x.%s", kind, period,
		    h, inst);
		mid = mail_message_id(c, local);
		rc = store_mail_ensure_job(st, kind, period, grp, mid, now);
		free(mid);
	}
	return rc;
}

/*
 * Queues the periods of a unit due by now: each is due on `day` at
 * hour:minute of the first month after it.
 */
static int
schedule_unit(struct store *st, const struct conf *c, const char *kind,
    enum report_unit unit, int day, int hour, int minute, time_t now)
{
	struct report_period	 cur, last, p;
	struct local_time	 lt;
	char			 key[48], had[32], text[16];
	long			 today, due, created;
	int			 n = 0;

	time_local(now, &lt);
	today = days_from_civil(lt.year, lt.month, lt.day);
	cur = report_period_of(unit, today);
	last = report_period_prev(cur);
	due = report_period_first(&cur) + day - 1;
	if (today < due || (today == due && lt.hour * 60 + lt.minute <
	    hour * 60 + minute))
		last = report_period_prev(last);
	snprintf(key, sizeof(key), "%s_%s_through", kind, unit ==
	    REPORT_MONTH ? "month" : unit == REPORT_QUARTER ? "quarter" :
	    "year");
	if (store_meta_get(st, key, had, sizeof(had)) == -1)
		return -1;
	report_period_format(&last, text);
	if (strcmp(had, text) == 0)
		return 0;
	if (had[0] != '\0') {
		if (report_period_parse(had, &p) == -1)
			return -1;
		p = report_period_of(unit, report_period_end(&p));
	} else {
		/* none that ended before the database existed */
		if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
			return -1;
		created = today;
		if (had[0] != '\0') {
			struct report_period d;

			had[7] = '\0';
			if (report_period_parse(had, &d) == 0)
				created = report_period_first(&d);
		}
		p = report_period_of(unit, created);
	}
	if (report_period_first(&p) > report_period_first(&last)) {
		/* nothing due yet: remember where the schedule starts */
		return 0;
	}
	if (store_begin(st) == -1)
		return -1;
	for (;; p = report_period_of(unit, report_period_end(&p))) {
		report_period_format(&p, text);
		if (queue_period(st, c, kind, text, now) == -1)
			goto fail;
		n++;
		if (report_period_first(&p) >= report_period_first(&last))
			break;
	}
	if (store_meta_set(st, key, text) == -1)
		goto fail;
	if (store_commit(st) == -1)
		return -1;
	log_info("%s: scheduled %d period(s) up to %s", kind, n, text);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
schedule_reports(struct store *st, const struct conf *c, time_t now)
{
	const struct conf_reports	*r = &c->reports;
	int				 rc = 0, mail;

	mail = c->smtp.configured && (r->to.n > 0 || (r->groups &&
	    c->digest.ngroups > 0));
	if (mail && r->monthly)
		rc |= schedule_unit(st, c, "report", REPORT_MONTH, r->day,
		    r->hour, r->minute, now);
	if (mail && r->quarterly)
		rc |= schedule_unit(st, c, "report", REPORT_QUARTER, r->day,
		    r->hour, r->minute, now);
	if (mail && r->yearly)
		rc |= schedule_unit(st, c, "report", REPORT_YEAR, r->day,
		    r->hour, r->minute, now);
	if (c->dhis2.configured && c->dhis2.push_monthly)
		rc |= schedule_unit(st, c, "dhis2", REPORT_MONTH,
		    c->dhis2.push_day, c->dhis2.push_hour,
		    c->dhis2.push_minute, now);
	return rc ? -1 : 0;
}
