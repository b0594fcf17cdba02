/*
 * The inbox: every received SMS and USSD session, raw, once per
 * (provider, provider_id); then judged once.
 */
#include <string.h>
#include <time.h>

#include "store_int.h"

int
store_inbox_add(struct store *s, const char *provider, const char *pid,
    const char *sender, const char *recipient, const char *text,
    size_t textlen, time_t received_at, const char *channel, int *added)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_INBOX_ADD,
	    "INSERT INTO inbox (provider, provider_id, sender, recipient, text,"
	    " received_at, stored_at, channel, digest) VALUES (?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT (provider, provider_id) DO NOTHING")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, sender, -1, SQLITE_STATIC);
	if (recipient != NULL)
		sqlite3_bind_text(q, 4, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, text, (int)textlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, received_at);
	sqlite3_bind_int64(q, 7, time(NULL));
	sqlite3_bind_text(q, 8, channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, store_text_digest(s, text, textlen));
	if (store_run(s, q) == -1)
		return -1;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

int
store_inbox_reject(struct store *s, const char *provider, const char *pid,
    const char *sender, const char *raw, size_t rawlen, time_t received_at,
    const char *reason, int *added)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_INBOX_REJECT,
	    "INSERT INTO inbox (provider, provider_id, sender, raw, received_at,"
	    " stored_at, channel, digest, status, error)"
	    " VALUES (?,?,?,?,?,?,'sms',0,'rejected',?)"
	    " ON CONFLICT (provider, provider_id) DO NOTHING")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, sender, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 4, raw, (int)rawlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, received_at);
	sqlite3_bind_int64(q, 6, time(NULL));
	sqlite3_bind_text(q, 7, reason, -1, SQLITE_STATIC);
	if (store_run(s, q) == -1)
		return -1;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

/* Reads id, provider, provider_id, sender, text, received_at, channel. */
static void
inbox_row(sqlite3_stmt *q, struct inbox_msg *m)
{
	size_t len;

	m->id = sqlite3_column_int64(q, 0);
	store_copy_col(q, 1, m->provider, sizeof(m->provider));
	store_copy_col(q, 2, m->provider_id, sizeof(m->provider_id));
	store_copy_col(q, 3, m->sender, sizeof(m->sender));
	len = (size_t)sqlite3_column_bytes(q, 4);
	if (len >= sizeof(m->text))
		len = sizeof(m->text) - 1;
	if (len > 0)
		memcpy(m->text, sqlite3_column_blob(q, 4), len);
	m->text[len] = '\0';
	m->textlen = len;
	m->received_at = (time_t)sqlite3_column_int64(q, 5);
	store_copy_col(q, 6, m->channel, sizeof(m->channel));
}

int
store_inbox_get(struct store *s, const char *provider, const char *pid,
    struct inbox_msg *m, char *status, size_t statussz, char *reply,
    size_t replysz, int64_t *report_id)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_INBOX_GET,
	    "SELECT id, provider, provider_id, sender, text, received_at,"
	    " channel, status, reply, report_id FROM inbox"
	    " WHERE provider = ? AND provider_id = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		inbox_row(q, m);
		store_copy_col(q, 7, status, statussz);
		store_copy_col(q, 8, reply, replysz);
		*report_id = sqlite3_column_int64(q, 9);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_warn(s, "inbox get");
	return -1;
}

int
store_inbox_set_reply(struct store *s, int64_t id, const char *reply)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_INBOX_SET_REPLY,
	    "UPDATE inbox SET reply = ? WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, reply, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	return store_run(s, q);
}

int
store_inbox_text(struct store *s, int64_t id, char *out, size_t size,
    size_t *len)
{
	sqlite3_stmt	*q;
	int		 rc, found = 0;
	size_t		 n;

	out[0] = '\0';
	*len = 0;
	if ((q = store_stmt(s, S_INBOX_TEXT,
	    "SELECT text FROM inbox WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		n = (size_t)sqlite3_column_bytes(q, 0);
		if (n >= size)
			n = size - 1;
		if (n > 0)
			memcpy(out, sqlite3_column_blob(q, 0), n);
		out[n] = '\0';
		*len = n;
		found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "inbox text");
		return -1;
	}
	return found;
}

int
store_inbox_pending(struct store *s, struct inbox_msg *out, size_t max,
    size_t *n)
{
	sqlite3_stmt	*q;
	int		 rc;

	*n = 0;
	if ((q = store_stmt(s, S_INBOX_PENDING,
	    "SELECT id, provider, provider_id, sender, text, received_at,"
	    " channel FROM inbox WHERE status = 'received' ORDER BY id LIMIT ?"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		inbox_row(q, &out[(*n)++]);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_warn(s, "inbox pending");
		return -1;
	}
	return 0;
}

int
store_inbox_finish(struct store *s, int64_t id, const char *status,
    const char *error, int64_t report_id)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_INBOX_FINISH,
	    "UPDATE inbox SET status = ?, error = ?, report_id = ?"
	    " WHERE id = ? AND status = 'received'")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	if (error != NULL)
		sqlite3_bind_text(q, 2, error, -1, SQLITE_STATIC);
	if (report_id > 0)
		sqlite3_bind_int64(q, 3, report_id);
	sqlite3_bind_int64(q, 4, id);
	/* the inbox row itself records the outcome: no event row */
	return store_run(s, q);
}

int
store_inbox_count_identical(struct store *s, const char *sender,
    const char *text, size_t textlen, time_t since, time_t until, long cap,
    long *n)
{
	sqlite3_stmt *q;

	*n = 0;
	if ((q = store_stmt(s, S_INBOX_IDENTICAL,
	    "SELECT count(*) FROM (SELECT 1 FROM inbox"
	    " WHERE received_at / 86400 IN (?3 / 86400, ?4 / 86400)"
	    " AND sender = ?1 AND digest = ?2 AND received_at BETWEEN ?3 AND ?4"
	    " AND text = ?5 LIMIT ?6)")) == NULL)
		return -1;
	since = store_window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, sender, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, store_text_digest(s, text, textlen));
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	sqlite3_bind_blob(q, 5, text, (int)textlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, cap);
	return store_count(s, q, n);
}
