/*
 * The daemon's schedule: what the clock makes due.  Daily digests (one
 * per day and group, exactly once, missed days caught up oldest first)
 * are queued as mail rows for mailq.c to send; weekly and monthly
 * reminders and the monthly village summary are queued as SMS in the
 * outbox; cases_due.c escalates and reminds cases.  Each run records what it
 * queued and how far it got in one transaction (see schedule.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cases.h"
#include "digest.h"
#include "log.h"
#include "mailq.h"
#include "period.h"
#include "reply.h"
#include "schedule.h"
#include "timeutil.h"
#include "xmalloc.h"

static void
day_text(long days, char out[16])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (snprintf(out, 16, "%04d-%02d-%02d", y, m, d) >= 16)
		out[0] = '\0';
}

static long
day_number(const char *day)
{
	char	*end;
	long	 y = strtol(day, &end, 10), m, d;

	if (*end != '-')
		return -1;
	m = strtol(end + 1, &end, 10);
	if (*end != '-')
		return -1;
	d = strtol(end + 1, &end, 10);
	return days_from_civil((int)y, (int)m, (int)d);
}

int
schedule_init(struct store *st, time_t now)
{
	char	buf[64];

	if (store_meta_get(st, "created_day", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] == '\0') {
		digest_day_of(now, buf);
		if (store_meta_set(st, "created_day", buf) == -1)
			return -1;
	}
	return 0;
}

static int
schedule_digests(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	char			 buf[32], day[16];
	long			 today, last, first, d;
	size_t			 g;

	if (!c->smtp.configured || c->digest.ngroups == 0)
		return 0;
	time_local(now, &lt);
	today = days_from_civil(lt.year, lt.month, lt.day);
	/* yesterday's digest is due from digest.time today */
	last = lt.hour * 60 + lt.minute >= c->digest.hour * 60 +
	    c->digest.minute ? today - 1 : today - 2;
	if (store_meta_get(st, "digest_through", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] != '\0')
		first = day_number(buf) + 1;
	else {
		/* no catch-up for days before the database existed */
		if (store_meta_get(st, "created_day", buf, sizeof(buf)) == -1)
			return -1;
		first = buf[0] != '\0' ? day_number(buf) : today;
	}
	if (first > last)
		return 0;
	if (store_begin(st) == -1)
		return -1;
	for (d = first; d <= last; d++) {
		day_text(d, day);
		for (g = 0; g < c->digest.ngroups; g++) {
			char *mid = mailq_digest_id(st, c, day,
			    c->digest.groups[g].name);

			if (store_mail_ensure_digest(st, day,
			    c->digest.groups[g].name, mid, now) == -1) {
				free(mid);
				goto fail;
			}
			free(mid);
		}
	}
	day_text(last, day);
	if (store_meta_set(st, "digest_through", day) == -1)
		goto fail;
	if (store_commit(st) == -1)
		return -1;
	log_info("digest: scheduled %ld day(s) up to %s", last - first + 1,
	    day);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

struct village_list {
	char	(*v)[STORE_CODE_MAX];
	size_t	 n;
};

static int
collect_village(const char *code, void *arg)
{
	struct village_list *l = arg;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	snprintf(l->v[l->n++], STORE_CODE_MAX, "%s", code);
	return 0;
}

static int
listed(const struct village_list *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], code) == 0)
			return 1;
	return 0;
}

/* Queues one reminder SMS to each active reporter of a village. */
static int
remind(struct store *st, const struct conf *c, const char *kind,
    const char *period, const char *village, const char *text, time_t now)
{
	struct village_list	 phones = { NULL, 0 };
	size_t			 i;
	int			 first, rc = 0;

	if (store_reminder_once(st, kind, period, village, now, &first) == -1)
		return -1;
	if (!first)
		return 0;
	if (store_view_village_reporters(st, village, collect_village,
	    &phones) == -1)
		return -1;
	for (i = 0; i < phones.n && rc == 0; i++)
		rc = store_outbox_add(st, phones.v[i], text, "reminder", 0, 0,
		    now, now);
	free(phones.v);
	(void)c;
	return rc;
}

static int
schedule_weekly(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	struct period		 week, prev;
	struct village_list	 done = { NULL, 0 };
	char			 key[16], had[32];
	char			 shown[48], text[REPLY_SIZE];
	long			 today, moment_day, start;
	size_t			 i;
	int			 n = 0;

	if (!c->reminders.weekly)
		return 0;
	time_local(now, &lt);
	today = days_from_civil(lt.year, lt.month, lt.day);
	week = period_of(CB_PERIOD_WEEK, &lt);
	moment_day = period_start(&week) + c->reminders.weekly_day - 1;
	if (today < moment_day || (today == moment_day && lt.hour * 60 +
	    lt.minute < c->reminders.weekly_hour * 60 +
	    c->reminders.weekly_minute))
		return 0;
	prev = period_prev(week);
	period_format(&prev, key);
	if (store_meta_get(st, "weekly_reminder", had, sizeof(had)) == -1)
		return -1;
	if (strcmp(had, key) == 0)
		return 0;
	start = period_start(&prev);
	if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
		return -1;
	if (store_begin(st) == -1)
		return -1;
	/* a week that ended before the database existed is not judged */
	if (had[0] == '\0' || day_number(had) <= start + 6) {
		if (store_view_villages_reported(st, time_days_start(start),
		    time_days_start(start + 7), key, collect_village,
		    &done) == -1)
			goto fail;
		/* "tuan truoc (23-29/11)": the week as seen on the day */
		reply_period_at(c->codebook, &prev, &lt, shown,
		    sizeof(shown));
		for (i = 0; i < c->nvillages; i++) {
			struct reply_var v[2] = {
				{ "village_code", c->villages[i].code },
				{ "period", shown } };

			if (listed(&done, c->villages[i].code))
				continue;
			reply_format(c->codebook, CB_R_REMINDER_WEEKLY, v, 2,
			    text);
			if (remind(st, c, "weekly", key, c->villages[i].code,
			    text, now) == -1)
				goto fail;
			n++;
		}
	}
	if (store_meta_set(st, "weekly_reminder", key) == -1)
		goto fail;
	free(done.v);
	if (store_commit(st) == -1)
		return -1;
	if (n > 0)
		log_info("reminders: %d silent villages reminded for %s", n,
		    key);
	return 0;
fail:
	free(done.v);
	store_rollback(st);
	return -1;
}

static int
schedule_monthly(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	struct period		 month, prev;
	struct village_list	*have;
	char			 key[16], had[32], shown[48];
	char			 text[REPLY_SIZE];
	size_t			 i, k, ncodes = c->reminders.monthly_codes.n;
	int			 n = 0;

	if (!c->reminders.monthly || ncodes == 0)
		return 0;
	time_local(now, &lt);
	if (lt.day < c->reminders.monthly_day || (lt.day ==
	    c->reminders.monthly_day && lt.hour * 60 + lt.minute <
	    c->reminders.monthly_hour * 60 + c->reminders.monthly_minute))
		return 0;
	month = period_of(CB_PERIOD_MONTH, &lt);
	prev = period_prev(month);
	period_format(&prev, key);
	if (store_meta_get(st, "monthly_reminder", had, sizeof(had)) == -1)
		return -1;
	if (strcmp(had, key) == 0)
		return 0;
	if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
		return -1;
	have = xcalloc(ncodes, sizeof(*have));
	if (store_begin(st) == -1) {
		free(have);
		return -1;
	}
	if (had[0] == '\0' || day_number(had) < period_start(&month)) {
		for (k = 0; k < ncodes; k++) {
			if (store_view_coverage_villages(st,
			    c->reminders.monthly_codes.v[k], key,
			    collect_village, &have[k]) == -1)
				goto fail;
		}
		reply_period(c->codebook, &prev, shown, sizeof(shown));
		for (i = 0; i < c->nvillages; i++) {
			struct buf		 missing;
			struct reply_var	 v[3];

			buf_init(&missing, 256);
			for (k = 0; k < ncodes; k++)
				if (!listed(&have[k], c->villages[i].code))
					buf_printf(&missing, "%s%s",
					    missing.len ? " " : "",
					    c->reminders.monthly_codes.v[k]);
			if (missing.len > 0) {
				v[0] = (struct reply_var){ "village_code",
				    c->villages[i].code };
				v[1] = (struct reply_var){ "codes", missing.p };
				v[2] = (struct reply_var){ "period", shown };
				reply_format(c->codebook, CB_R_REMINDER_MONTHLY,
				    v, 3, text);
				if (remind(st, c, "monthly", key,
				    c->villages[i].code, text, now) == -1) {
					buf_free(&missing);
					goto fail;
				}
				n++;
			}
			buf_free(&missing);
		}
	}
	if (store_meta_set(st, "monthly_reminder", key) == -1)
		goto fail;
	for (k = 0; k < ncodes; k++)
		free(have[k].v);
	free(have);
	if (store_commit(st) == -1)
		return -1;
	if (n > 0)
		log_info("reminders: %d villages reminded of %s figures", n,
		    key);
	return 0;
fail:
	for (k = 0; k < ncodes; k++)
		free(have[k].v);
	free(have);
	store_rollback(st);
	return -1;
}

/* A village's figures of the month, found in one pass. */
struct summary_list {
	struct village_counts	*v;
	size_t			 n;
};

static int
collect_counts(const struct village_counts *v, void *arg)
{
	struct summary_list *l = arg;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = *v;
	return 0;
}

/* One summary SMS to each active reporter of a village, once a month. */
static int
summarise(struct store *st, const struct conf *c, const char *period,
    const char *shown, const struct conf_village *v,
    const struct summary_list *counts, time_t now)
{
	struct village_list	 phones = { NULL, 0 };
	struct reply_var	 vars[4];
	char			 reports[24], zero[24], text[REPLY_SIZE];
	size_t			 i;
	long			 nr = 0, nz = 0;
	int			 first, rc = 0;

	if (store_reminder_once(st, "village_summary", period, v->code, now,
	    &first) == -1)
		return -1;
	if (!first)
		return 0;
	for (i = 0; i < counts->n; i++)
		if (strcmp(counts->v[i].village, v->code) == 0) {
			nr = counts->v[i].reports;
			nz = counts->v[i].zero;
		}
	snprintf(reports, sizeof(reports), "%ld", nr);
	snprintf(zero, sizeof(zero), "%ld", nz);
	vars[0] = (struct reply_var){ "period", shown };
	vars[1] = (struct reply_var){ "village", v->code };
	vars[2] = (struct reply_var){ "reports", reports };
	vars[3] = (struct reply_var){ "zero", zero };
	reply_format(c->codebook, CB_R_VILLAGE_SUMMARY, vars, 4, text);
	if (store_view_village_reporters(st, v->code, collect_village,
	    &phones) == -1)
		return -1;
	for (i = 0; i < phones.n && rc == 0; i++)
		rc = store_outbox_add(st, phones.v[i], text, "village_summary",
		    0, 0, now, now);
	free(phones.v);
	return rc;
}

/*
 * On the 1st of each month (from reminders.village_summary_time), each
 * village's reporters get the last month's count, exactly once: a
 * reminder row per village and month, and the month in meta, written with
 * the SMS in one transaction.
 */
static int
schedule_village_summary(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	struct period		 month, prev;
	struct summary_list	 counts = { NULL, 0 };
	char			 key[16], had[32], shown[48];
	size_t			 i;
	long			 start;

	if (!c->reminders.village_summary)
		return 0;
	time_local(now, &lt);
	if (lt.day == 1 && lt.hour * 60 + lt.minute <
	    c->reminders.village_summary_hour * 60 +
	    c->reminders.village_summary_minute)
		return 0;
	month = period_of(CB_PERIOD_MONTH, &lt);
	prev = period_prev(month);
	period_format(&prev, key);
	if (store_meta_get(st, "village_summary", had, sizeof(had)) == -1)
		return -1;
	if (strcmp(had, key) == 0)
		return 0;
	if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
		return -1;
	start = period_start(&prev);
	if (store_begin(st) == -1)
		return -1;
	/* a month that ended before the database existed is not told */
	if (had[0] == '\0' || day_number(had) < period_start(&month)) {
		if (store_village_counts(st, time_days_start(start),
		    time_days_start(period_start(&month)), collect_counts,
		    &counts) == -1)
			goto fail;
		reply_period(c->codebook, &prev, shown, sizeof(shown));
		for (i = 0; i < c->nvillages; i++)
			if (summarise(st, c, key, shown, &c->villages[i],
			    &counts, now) == -1)
				goto fail;
	}
	if (store_meta_set(st, "village_summary", key) == -1)
		goto fail;
	free(counts.v);
	if (store_commit(st) == -1)
		return -1;
	log_info("village summaries of %s queued", key);
	return 0;
fail:
	free(counts.v);
	store_rollback(st);
	return -1;
}

int
schedule_due(struct store *st, const struct conf *c, time_t now)
{
	int rc = 0;

	rc |= schedule_digests(st, c, now);
	rc |= schedule_weekly(st, c, now);
	rc |= schedule_monthly(st, c, now);
	rc |= schedule_reports(st, c, now);
	rc |= schedule_village_summary(st, c, now);
	rc |= cases_due(st, c, now);
	return rc ? -1 : 0;
}
