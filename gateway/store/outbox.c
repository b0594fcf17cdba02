/*
 * The outbox: SMS replies and notices queued for sending.  Claiming and
 * the outcome of a send are the queue's (queue.c).
 */
#include "store_int.h"

int
store_outbox_add(struct store *s, const char *recipient, const char *text,
    const char *purpose, int64_t inbox_id, int64_t report_id,
    time_t basis_at, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_OUTBOX_ADD,
	    "INSERT INTO outbox (recipient, text, purpose, inbox_id, report_id,"
	    " next_attempt_at, basis_at, created_at) VALUES (?,?,?,?,?,?,?,?)"))
	    == NULL)
		return -1;
	sqlite3_bind_text(q, 1, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, purpose, -1, SQLITE_STATIC);
	if (inbox_id > 0)
		sqlite3_bind_int64(q, 4, inbox_id);
	if (report_id > 0)
		sqlite3_bind_int64(q, 5, report_id);
	sqlite3_bind_int64(q, 6, now);
	sqlite3_bind_int64(q, 7, basis_at);
	sqlite3_bind_int64(q, 8, now);
	return store_run(s, q);
}

int
store_outbox_count(struct store *s, const char *recipient,
    const char *purpose, time_t since, time_t until, long cap, long *n)
{
	sqlite3_stmt *q;

	*n = 0;
	if ((q = store_stmt(s, S_OUTBOX_COUNT,
	    "SELECT count(*) FROM (SELECT 1 FROM outbox"
	    " WHERE basis_at / 86400 IN (?3 / 86400, ?4 / 86400)"
	    " AND recipient = ?1 AND purpose = ?2 AND basis_at BETWEEN ?3 AND ?4"
	    " LIMIT ?5)")) == NULL)
		return -1;
	since = store_window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	sqlite3_bind_int64(q, 5, cap);
	return store_count(s, q, n);
}
