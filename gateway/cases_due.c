/*
 * What the clock makes due for cases (cases.h): escalation to level 2 of
 * a case nobody acknowledged within cases.ack_within, once; a daily
 * reminder of a case not closed within cases.close_within.
 *
 * Crash safety: the due cases are read inside the transaction that
 * queues their SMS (and e-mail) and writes their marks (escalated_at,
 * reminded_at) and events, in batches of DUE_BATCH: a crash before the
 * commit leaves the case due, to be queued by the next run; after it,
 * the mark keeps it from being queued twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "log.h"
#include "mailq.h"
#include "officers.h"
#include "xmalloc.h"

#define DUE_BATCH	32
#define DAY		86400

static const struct case_actor system_actor = { "system", "", "system" };

static int
queue_sms(struct store *st, const struct conf_strings *to, const char *text,
    const char *purpose, int64_t report_id, time_t now)
{
	size_t k;

	for (k = 0; k < to->n; k++)
		if (store_outbox_add(st, to->v[k], text, purpose, 0, report_id,
		    now, now) == -1)
			return -1;
	return 0;
}

static int
escalate(struct store *st, const struct conf *conf, struct case_row *c,
    time_t now)
{
	struct conf_strings	 to = { NULL, 0 }, mail = { NULL, 0 };
	struct reply_var	 v[5];
	char			 refs[24], hours[24], text[REPLY_SIZE];
	char			 note[64];
	int			 rc;

	snprintf(refs, sizeof(refs), "%lld", (long long)c->ref);
	snprintf(hours, sizeof(hours), "%lld",
	    (long long)((now - c->opened_at) / 3600));
	v[0] = (struct reply_var){ "ref", refs };
	v[1] = (struct reply_var){ "code", c->code };
	v[2] = (struct reply_var){ "village_code", c->village };
	v[3] = (struct reply_var){ "hours", hours };
	v[4] = (struct reply_var){ "phone", c->phone };
	reply_format(conf->codebook, CB_R_ESCALATION, v, 5, text);
	officers_reach(conf, c->commune, REACH_ABOVE, 0, &to);
	rc = queue_sms(st, &to, text, "escalation", c->report_id, now);
	if (rc == 0 && conf->smtp.configured) {
		officers_reach(conf, c->commune, REACH_ABOVE, 1, &mail);
		if (mail.n > 0) {
			char *mid = mailq_alert_id(st, conf, "escalation",
			    (long long)c->ref);

			rc = store_mail_add_alert(st, "escalation",
			    c->report_id, mid, now);
			free(mid);
		}
	}
	c->escalated_at = now;
	c->level = 2;
	snprintf(note, sizeof(note), "level 2: %zu SMS, %zu e-mail", to.n,
	    mail.n);
	officers_free(&to);
	officers_free(&mail);
	if (rc == -1 || store_case_update(st, c, now) == -1)
		return -1;
	log_info("case #%lld: not acknowledged in %s h; escalated (%s)",
	    (long long)c->ref, hours, note);
	return cases_event(st, c, &system_actor, "escalate", note, now);
}

static int
remind(struct store *st, const struct conf *conf, struct case_row *c,
    time_t now)
{
	struct conf_strings	 to = { NULL, 0 };
	struct reply_var	 v[4];
	char			 refs[24], days[24], text[REPLY_SIZE];
	time_t			 since = c->reopened_at ? c->reopened_at :
				    c->opened_at;
	int			 rc;

	snprintf(refs, sizeof(refs), "%lld", (long long)c->ref);
	snprintf(days, sizeof(days), "%lld", (long long)((now - since) / DAY));
	v[0] = (struct reply_var){ "ref", refs };
	v[1] = (struct reply_var){ "code", c->code };
	v[2] = (struct reply_var){ "village_code", c->village };
	v[3] = (struct reply_var){ "days", days };
	reply_format(conf->codebook, CB_R_OVERDUE, v, 4, text);
	if (c->owner_phone[0] != '\0')
		officers_add(&to, c->owner_phone);
	else
		officers_reach(conf, c->commune, REACH_ALERT, 0, &to);
	officers_reach(conf, c->commune, REACH_ABOVE, 0, &to);
	rc = queue_sms(st, &to, text, "overdue", c->report_id, now);
	officers_free(&to);
	c->reminded_at = now;
	if (rc == -1 || store_case_update(st, c, now) == -1)
		return -1;
	log_info("case #%lld: open for %s days; reminded", (long long)c->ref,
	    days);
	return cases_event(st, c, &system_actor, "overdue", NULL, now);
}

static int
due(struct store *st, const struct conf *conf, time_t now, int overdue,
    struct case_row *rows, size_t *n)
{
	return overdue ? store_cases_overdue(st, now -
	    conf->cases.close_within, now - DAY, rows, DUE_BATCH, n) :
	    store_cases_unacked(st, now - conf->cases.ack_within, rows,
	    DUE_BATCH, n);
}

/*
 * Runs one kind of due work in batches, each one transaction that reads
 * its cases again (a case acknowledged meanwhile is not escalated).  A
 * first look outside any transaction keeps the usual case, nothing due,
 * from taking the write lock.
 */
static int
batches(struct store *st, const struct conf *conf, time_t now, int overdue,
    struct case_row *rows)
{
	size_t	i, n;
	int	rc;

	if (due(st, conf, now, overdue, rows, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	do {
		if (store_begin(st) == -1)
			return -1;
		rc = due(st, conf, now, overdue, rows, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = overdue ? remind(st, conf, &rows[i], now) :
			    escalate(st, conf, &rows[i], now);
		if (rc == -1 || store_commit(st) == -1) {
			store_rollback(st);
			return -1;
		}
	} while (n == DUE_BATCH);
	return 0;
}

int
cases_due(struct store *st, const struct conf *conf, time_t now)
{
	struct case_row	*rows;
	int		 rc;

	if (!conf->cases.enabled)
		return 0;
	rows = xcalloc(DUE_BATCH, sizeof(*rows));
	rc = batches(st, conf, now, 0, rows);
	if (rc == 0)
		rc = batches(st, conf, now, 1, rows);
	free(rows);
	return rc;
}
