/*
 * The one queue state machine, for the outbox (SMS replies) and the mail
 * queue (digests and alert e-mails):
 *
 *	pending --claim--> sending --sent--> sent (unknown if uncertain)
 *	                           --failed--> failed
 *	                           --retry--> pending, due at a given time
 *
 * A claim marks the best due rows 'sending' (by the queue's priority,
 * then due time: the outbox's officers first) and commits before anything
 * goes out, so a crash while a row is in flight is seen at the next
 * start: recover() puts such a row back to 'pending' once, marked
 * uncertain; a row that was uncertain already becomes 'unknown'.  A queue
 * may name rows that are never sent again (digests: the server may have
 * one); they become 'unknown' at once.  One claim may take several rows,
 * for a sender that keeps several in flight or puts several in one
 * request: each is claimed before it goes, so each is sent at most once
 * more after a crash, whatever else was in flight with it.
 *
 * Each queue is a line of the table below; its statements are written
 * from it and prepared once per connection, in the queue's slots.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "store_int.h"

struct queue {
	const char	*table;		/* also the entity of its events */
	enum stmt	 base;		/* its Q_NSTMT statement slots */
	const char	*columns;	/* read after id, attempts, uncertain */
	const char	*priority;	/* a row's priority: lower goes first */
	const char	*order;		/* which due row goes first */
	const char	*sent_id;	/* column of the sender's id, or NULL */
	const char	*never_again;	/* rows not sent again after a crash */
	const char	*never_again_error;
	const char	*twice_error;	/* in flight at two crashes */
	void		(*read)(sqlite3_stmt *, void *);	/* columns 3.. */
	size_t		 rowsize;	/* of the struct read() fills */
	size_t		 idoff;		/* of its int64_t id */
};

static void	read_outbox(sqlite3_stmt *, void *);
static void	read_mail(sqlite3_stmt *, void *);

static const struct queue outbox = {
	"outbox", S_QUEUE_OUTBOX,
	"recipient, text, purpose, priority",
	"priority",
	"priority, next_attempt_at, id",	/* the index outbox_claim */
	"provider_msg_id",
	NULL, NULL,
	"in flight at two crashes; not sent again",
	read_outbox, sizeof(struct outbox_msg), offsetof(struct outbox_msg, id)
};

static const struct queue mail = {
	"mail", S_QUEUE_MAIL,
	"kind, coalesce(day, ''), coalesce(grp, ''), coalesce(report_id, 0),"
	" message_id",
	/* alerts first, then digests oldest first */
	"kind = 'digest'",
	"kind = 'digest', day, id",
	NULL,
	/* a digest, a report or a DHIS2 push the server may have taken is
	 * never sent again; an alert is sent once more, with the same
	 * Message-ID */
	"kind IN ('digest', 'report', 'dhis2')",
	"in flight at a crash: the server may have it",
	"in flight at two crashes",
	read_mail, sizeof(struct mail_row), offsetof(struct mail_row, id)
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
	m->priority = sqlite3_column_int(q, 6);
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
		    " FROM %s WHERE status = 'pending' AND next_attempt_at <= ?1"
		    " AND (%s) <= ?2 ORDER BY %s LIMIT ?3", qu->columns, t,
		    qu->priority, qu->order);
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

/*
 * Claims the first due row of priority at most maxprio, then, among the
 * due rows after it (window rows looked at in all), each that join
 * accepts, up to max rows (join NULL: the first alone), in the caller's
 * transaction when one is open (it may claim for several requests, and
 * rolls back on error), else in one of its own.  out holds max rows of
 * qu->rowsize bytes; *n gets the number claimed (0: nothing due).  0, or
 * -1 on error.
 */
static int
queue_claim(struct store *s, const struct queue *qu, time_t now, int maxprio,
    size_t max, size_t window, int (*join)(const void *, size_t,
    const void *, void *), void *arg, void *out, size_t *n)
{
	unsigned char	*rows = out, *row;
	sqlite3_stmt	*q;
	int64_t		 id;
	size_t		 i;
	int		 rc = SQLITE_DONE, own;

	*n = 0;
	if (max == 0)
		return 0;
	if (join == NULL)
		max = 1;
	if (window < max)
		window = max;
	if ((own = sqlite3_get_autocommit(s->db)) && store_begin(s) == -1)
		return -1;
	if ((q = queue_stmt(s, qu, Q_DUE)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_int(q, 2, maxprio);
	sqlite3_bind_int64(q, 3, window > INT_MAX ? INT_MAX :
	    (sqlite3_int64)window);
	/* the rows are read first, then claimed: an update under an open
	 * scan of the same index could move its cursor */
	while (*n < max && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		row = rows + *n * qu->rowsize;
		qu->read(q, row);
		if (*n == 0 || join(rows, *n, row, arg))
			(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("store: %s due: %s", qu->table, sqlite3_errmsg(s->db));
		goto fail;
	}
	if (*n == 0) {
		if (own)
			store_rollback(s);
		return 0;
	}
	for (i = 0; i < *n; i++) {
		memcpy(&id, rows + i * qu->rowsize + qu->idoff, sizeof(id));
		if ((q = queue_stmt(s, qu, Q_CLAIM)) == NULL)
			goto fail;
		sqlite3_bind_int64(q, 1, id);
		if (store_run(s, q) == -1)
			goto fail;
	}
	if (own && store_commit(s) == -1)
		goto fail;
	return 0;
fail:
	if (own)
		store_rollback(s);
	*n = 0;
	return -1;
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

struct outbox_join_arg {
	store_outbox_join	 fn;
	void			*arg;
};

static int
outbox_join(const void *group, size_t n, const void *row, void *arg)
{
	const struct outbox_join_arg *j = arg;

	return j->fn(group, n, row, j->arg);
}

int
store_outbox_claim(struct store *s, time_t now, int maxprio, size_t max,
    size_t window, store_outbox_join join, void *arg, struct outbox_msg *out,
    size_t *n)
{
	struct outbox_join_arg j = { join, arg };

	return queue_claim(s, &outbox, now, maxprio, max, window,
	    join != NULL ? outbox_join : NULL, &j, out, n);
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
	size_t n;

	if (queue_claim(s, &mail, now, INT_MAX, 1, 1, NULL, NULL, m, &n) == -1)
		return -1;
	return n > 0;
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
