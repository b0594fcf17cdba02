/*
 * The one queue state machine, for the outbox (SMS replies) and the mail
 * queue (digests and alert e-mails):
 *
 *	pending --claim--> sending --sent--> sent (unknown if uncertain)
 *	                           --failed--> failed
 *	                           --retry--> pending, due at a given time
 *
 * A claim marks the oldest due row 'sending' and commits before anything
 * goes out, so a crash while a row is in flight is seen at the next
 * start: recover() puts such a row back to 'pending' once, marked
 * uncertain; a row that was uncertain already becomes 'unknown'.  A queue
 * may name rows that are never sent again (digests: the server may have
 * one); they become 'unknown' at once.
 *
 * Each queue is a line of the table below; its statements are written
 * from it and prepared once per connection, in the queue's slots.
 */
#include <stdio.h>

#include "log.h"
#include "store_int.h"

struct queue {
	const char	*table;		/* also the entity of its events */
	enum stmt	 base;		/* its Q_NSTMT statement slots */
	const char	*columns;	/* read after id, attempts, uncertain */
	const char	*order;		/* which due row goes first */
	const char	*sent_id;	/* column of the sender's id, or NULL */
	const char	*never_again;	/* rows not sent again after a crash */
	const char	*never_again_error;
	const char	*twice_error;	/* in flight at two crashes */
	void		(*read)(sqlite3_stmt *, void *);	/* columns 3.. */
};

static void	read_outbox(sqlite3_stmt *, void *);
static void	read_mail(sqlite3_stmt *, void *);

static const struct queue outbox = {
	"outbox", S_QUEUE_OUTBOX,
	"recipient, text, purpose",
	"next_attempt_at, id",
	"provider_msg_id",
	NULL, NULL,
	"in flight at two crashes; not sent again",
	read_outbox
};

static const struct queue mail = {
	"mail", S_QUEUE_MAIL,
	"kind, coalesce(day, ''), coalesce(grp, ''), coalesce(report_id, 0),"
	" message_id",
	/* alerts first, then digests oldest first */
	"kind = 'digest', day, id",
	NULL,
	/* a digest, a report or a DHIS2 push the server may have taken is
	 * never sent again; an alert is sent once more, with the same
	 * Message-ID */
	"kind IN ('digest', 'report', 'dhis2')",
	"in flight at a crash: the server may have it",
	"in flight at two crashes",
	read_mail
};

static void
read_outbox(sqlite3_stmt *q, void *out)
{
	struct outbox_msg *m = out;

	m->id = sqlite3_column_int64(q, 0);
	m->attempts = sqlite3_column_int(q, 1) + 1;
	m->uncertain = sqlite3_column_int(q, 2);
	store_copy_col(q, 3, m->recipient, sizeof(m->recipient));
	store_copy_col(q, 4, m->text, sizeof(m->text));
	store_copy_col(q, 5, m->purpose, sizeof(m->purpose));
}

static void
read_mail(sqlite3_stmt *q, void *out)
{
	struct mail_row *m = out;

	m->id = sqlite3_column_int64(q, 0);
	m->attempts = sqlite3_column_int(q, 1) + 1;
	m->uncertain = sqlite3_column_int(q, 2);
	store_copy_col(q, 3, m->kind, sizeof(m->kind));
	store_copy_col(q, 4, m->day, sizeof(m->day));
	store_copy_col(q, 5, m->grp, sizeof(m->grp));
	m->report_id = sqlite3_column_int64(q, 6);
	store_copy_col(q, 7, m->message_id, sizeof(m->message_id));
}

/* The SQL of statement k of a queue. */
static void
queue_sql(const struct queue *qu, enum queue_stmt k, char *out, size_t size)
{
	const char *t = qu->table;

	switch (k) {
	case Q_DUE:
		snprintf(out, size, "SELECT id, attempts, uncertain, %s"
		    " FROM %s WHERE status = 'pending' AND next_attempt_at <= ?"
		    " ORDER BY %s LIMIT 1", qu->columns, t, qu->order);
		break;
	case Q_CLAIM:
		snprintf(out, size, "UPDATE %s SET status = 'sending',"
		    " attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
		    t);
		break;
	case Q_SENT:
		if (qu->sent_id != NULL)
			snprintf(out, size, "UPDATE %s SET status = CASE"
			    " uncertain WHEN 0 THEN 'sent' ELSE 'unknown' END,"
			    " %s = ?3, sent_at = ?1, error = NULL WHERE id = ?2",
			    t, qu->sent_id);
		else
			snprintf(out, size, "UPDATE %s SET status = CASE"
			    " uncertain WHEN 0 THEN 'sent' ELSE 'unknown' END,"
			    " sent_at = ?1, error = NULL WHERE id = ?2", t);
		break;
	case Q_FAILED:
		snprintf(out, size, "UPDATE %s SET status = 'failed', error = ?,"
		    " sent_at = ? WHERE id = ?", t);
		break;
	case Q_RETRY:
		snprintf(out, size, "UPDATE %s SET status = 'pending',"
		    " error = ?, next_attempt_at = ? WHERE id = ?", t);
		break;
	case Q_RECOVER_NEVER:
		snprintf(out, size, "UPDATE %s SET status = 'unknown', error = ?"
		    " WHERE status = 'sending' AND %s", t, qu->never_again);
		break;
	case Q_RECOVER_AGAIN:
		snprintf(out, size, "UPDATE %s SET status = 'unknown', error = ?"
		    " WHERE status = 'sending' AND uncertain", t);
		break;
	case Q_RECOVER_FIRST:
		snprintf(out, size, "UPDATE %s SET status = 'pending',"
		    " uncertain = 1, error = 'in flight at a crash; sent once"
		    " more' WHERE status = 'sending'", t);
		break;
	case Q_NEXT:
		snprintf(out, size, "SELECT min(next_attempt_at) FROM %s"
		    " WHERE status = 'pending'", t);
		break;
	default:
		out[0] = '\0';
		break;
	}
}

static sqlite3_stmt *
queue_stmt(struct store *s, const struct queue *qu, enum queue_stmt k)
{
	enum stmt	slot = (enum stmt)(qu->base + k);
	char		text[512] = "";

	if (s->st[slot] == NULL)	/* written once, on first use */
		queue_sql(qu, k, text, sizeof(text));
	return store_stmt(s, slot, text);
}

/* 1 claimed (row read into out), 0 nothing due, -1 error. */
static int
queue_claim(struct store *s, const struct queue *qu, time_t now, void *out)
{
	sqlite3_stmt	*q;
	int64_t		 id = 0;
	int		 rc;

	if (store_begin(s) == -1)
		return -1;
	if ((q = queue_stmt(s, qu, Q_DUE)) == NULL) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int64(q, 1, now);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		qu->read(q, out);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_rollback(s);
		if (rc != SQLITE_DONE) {
			log_warnx("store: %s due: %s", qu->table,
			    sqlite3_errmsg(s->db));
			return -1;
		}
		return 0;
	}
	if ((q = queue_stmt(s, qu, Q_CLAIM)) == NULL) {
		store_rollback(s);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	if (store_run(s, q) == -1 || store_commit(s) == -1) {
		store_rollback(s);
		return -1;
	}
	return 1;
}

/* Records the outcome of a claimed row; sent_id may be NULL. */
static int
queue_sent(struct store *s, const struct queue *qu, int64_t id,
    const char *sent_id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = queue_stmt(s, qu, Q_SENT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_int64(q, 2, id);
	if (qu->sent_id != NULL && sent_id != NULL)
		sqlite3_bind_text(q, 3, sent_id, -1, SQLITE_STATIC);
	return store_run(s, q);
}

static int
queue_failed(struct store *s, const struct queue *qu, int64_t id,
    const char *error, time_t now)
{
	sqlite3_stmt *q;

	if ((q = queue_stmt(s, qu, Q_FAILED)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, id);
	if (store_run(s, q) == -1)
		return -1;
	store_event(s, qu->table, id, "failed", error, now);
	return 0;
}

static int
queue_retry(struct store *s, const struct queue *qu, int64_t id,
    const char *error, time_t next_attempt)
{
	sqlite3_stmt *q;

	if ((q = queue_stmt(s, qu, Q_RETRY)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, next_attempt);
	sqlite3_bind_int64(q, 3, id);
	return store_run(s, q);
}

/* At start-up, in one transaction; *n gets the rows found in flight. */
static int
queue_recover(struct store *s, const struct queue *qu, long *n)
{
	sqlite3_stmt *q;

	*n = 0;
	if (store_begin(s) == -1)
		return -1;
	if (qu->never_again != NULL) {
		if ((q = queue_stmt(s, qu, Q_RECOVER_NEVER)) == NULL)
			goto fail;
		sqlite3_bind_text(q, 1, qu->never_again_error, -1,
		    SQLITE_STATIC);
		if (store_run(s, q) == -1)
			goto fail;
		*n += sqlite3_changes(s->db);
	}
	if ((q = queue_stmt(s, qu, Q_RECOVER_AGAIN)) == NULL)
		goto fail;
	sqlite3_bind_text(q, 1, qu->twice_error, -1, SQLITE_STATIC);
	if (store_run(s, q) == -1)
		goto fail;
	*n += sqlite3_changes(s->db);
	if (store_run(s, queue_stmt(s, qu, Q_RECOVER_FIRST)) == -1)
		goto fail;
	*n += sqlite3_changes(s->db);
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

static int
queue_next_due(struct store *s, const struct queue *qu, time_t now,
    long *secs)
{
	sqlite3_stmt	*q;
	int		 rc;

	*secs = -1;
	if ((q = queue_stmt(s, qu, Q_NEXT)) == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		sqlite3_int64 due = sqlite3_column_int64(q, 0);

		*secs = due <= now ? 0 : (long)(due - now);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* ---- the outbox ---- */

int
store_outbox_claim(struct store *s, time_t now, struct outbox_msg *m)
{
	return queue_claim(s, &outbox, now, m);
}

int
store_outbox_sent(struct store *s, int64_t id, const char *provider_id,
    time_t now)
{
	return queue_sent(s, &outbox, id, provider_id, now);
}

int
store_outbox_failed(struct store *s, int64_t id, const char *error,
    time_t now)
{
	return queue_failed(s, &outbox, id, error, now);
}

int
store_outbox_retry(struct store *s, int64_t id, const char *error,
    time_t next_attempt)
{
	return queue_retry(s, &outbox, id, error, next_attempt);
}

int
store_outbox_recover(struct store *s, long *n)
{
	return queue_recover(s, &outbox, n);
}

int
store_outbox_next_due(struct store *s, time_t now, long *secs)
{
	return queue_next_due(s, &outbox, now, secs);
}

/* ---- the mail queue ---- */

int
store_mail_claim(struct store *s, time_t now, struct mail_row *m)
{
	return queue_claim(s, &mail, now, m);
}

int
store_mail_sent(struct store *s, int64_t id, time_t now)
{
	return queue_sent(s, &mail, id, NULL, now);
}

int
store_mail_failed(struct store *s, int64_t id, const char *error, time_t now)
{
	return queue_failed(s, &mail, id, error, now);
}

int
store_mail_retry(struct store *s, int64_t id, const char *error,
    time_t next_attempt)
{
	return queue_retry(s, &mail, id, error, next_attempt);
}

int
store_mail_recover(struct store *s, long *n)
{
	return queue_recover(s, &mail, n);
}

int
store_mail_next_due(struct store *s, time_t now, long *secs)
{
	return queue_next_due(s, &mail, now, secs);
}
