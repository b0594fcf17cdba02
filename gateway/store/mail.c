/*
 * The mail queue's rows: alert and cancel e-mails, once per report, one
 * digest per day and group, and the periodic jobs: a report e-mail per
 * period and group, a DHIS2 push per period.  Claiming and the outcome of a send are
 * the queue's (queue.c).
 */
#include "store_int.h"

int
store_mail_add_alert(struct store *s, const char *kind, int64_t report_id,
    const char *message_id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_MAIL_ALERT,
	    "INSERT INTO mail (kind, report_id, message_id, next_attempt_at,"
	    " created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, report_id);
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now);
	return store_run(s, q);
}

int
store_mail_ensure_digest(struct store *s, const char *day, const char *grp,
    const char *message_id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_MAIL_DIGEST,
	    "INSERT INTO mail (kind, day, grp, message_id, next_attempt_at,"
	    " created_at) VALUES ('digest',?,?,?,?,?) ON CONFLICT DO NOTHING"))
	    == NULL)
		return -1;
	sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now);
	return store_run(s, q);
}

int
store_mail_ensure_job(struct store *s, const char *kind, const char *period,
    const char *grp, const char *message_id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_MAIL_JOB,
	    "INSERT INTO mail (kind, day, grp, message_id, next_attempt_at,"
	    " created_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING"))
	    == NULL)
		return -1;
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, now);
	sqlite3_bind_int64(q, 6, now);
	return store_run(s, q);
}

int
store_digest_troubles(struct store *s, const char *grp, const char *day,
    const char *since, void (*fn)(const char *day, const char *status,
    void *), void *arg)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_MAIL_STATUS,
	    "SELECT day, status FROM mail WHERE kind = 'digest' AND grp = ?"
	    " AND day < ? AND day >= ? AND status IN ('unknown', 'failed')"
	    " ORDER BY day")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(q, 0),
		    (const char *)sqlite3_column_text(q, 1), arg);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}
