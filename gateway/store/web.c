/*
 * The staff web console's rows (gateway/web/): sessions, kept by the hash
 * of their cookie, failed logins per user and per address, and the audit
 * log of staff actions.  The policy (timeouts, lockout) is the caller's;
 * this file only reads and writes rows.
 */
#include <string.h>

#include "store_int.h"

int
store_web_session_add(struct store *s, const char *id,
    const struct web_session *w)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_SESSION_ADD,
	    "INSERT INTO web_sessions (id, user, csrf, address, created_at,"
	    " seen_at) VALUES (?,?,?,?,?,?)")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, w->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, w->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, w->address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, w->created_at);
	sqlite3_bind_int64(q, 6, w->seen_at);
	return store_run(s, q);
}

int
store_web_session_get(struct store *s, const char *id, struct web_session *w)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_WEB_SESSION_GET,
	    "SELECT user, csrf, address, created_at, seen_at"
	    " FROM web_sessions WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	memset(w, 0, sizeof(*w));
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_copy_col(q, 0, w->user, sizeof(w->user));
		store_copy_col(q, 1, w->csrf, sizeof(w->csrf));
		store_copy_col(q, 2, w->address, sizeof(w->address));
		w->created_at = (time_t)sqlite3_column_int64(q, 3);
		w->seen_at = (time_t)sqlite3_column_int64(q, 4);
		sqlite3_reset(q);
		return 1;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	store_warn(s, "web session");
	return -1;
}

int
store_web_session_touch(struct store *s, const char *id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_SESSION_TOUCH,
	    "UPDATE web_sessions SET seen_at = ? WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	return store_run(s, q);
}

int
store_web_session_delete(struct store *s, const char *id)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_SESSION_DEL,
	    "DELETE FROM web_sessions WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	return store_run(s, q);
}

int
store_web_session_expire(struct store *s, time_t idle_before,
    time_t created_before)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_SESSION_EXPIRE,
	    "DELETE FROM web_sessions WHERE seen_at < ? OR created_at < ?")) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(q, 1, idle_before);
	sqlite3_bind_int64(q, 2, created_before);
	return store_run(s, q);
}

int
store_web_login_get(struct store *s, const char *key, struct web_login *l)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_WEB_LOGIN_GET,
	    "SELECT failures, locked_until, updated_at FROM web_logins"
	    " WHERE key = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	memset(l, 0, sizeof(*l));
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		l->failures = sqlite3_column_int(q, 0);
		l->locked_until = (time_t)sqlite3_column_int64(q, 1);
		l->updated_at = (time_t)sqlite3_column_int64(q, 2);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	store_warn(s, "web login");
	return -1;
}

int
store_web_login_set(struct store *s, const char *key,
    const struct web_login *l)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_LOGIN_FAIL,
	    "INSERT INTO web_logins (key, failures, locked_until, updated_at)"
	    " VALUES (?,?,?,?) ON CONFLICT (key) DO UPDATE SET"
	    " failures = excluded.failures,"
	    " locked_until = excluded.locked_until,"
	    " updated_at = excluded.updated_at")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, l->failures);
	sqlite3_bind_int64(q, 3, l->locked_until);
	sqlite3_bind_int64(q, 4, l->updated_at);
	return store_run(s, q);
}

int
store_web_login_clear(struct store *s, const char *key)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_LOGIN_CLEAR,
	    "DELETE FROM web_logins WHERE key = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	return store_run(s, q);
}

int
store_web_audit(struct store *s, time_t at, const char *user,
    const char *address, const char *action, const char *object,
    const char *detail)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_WEB_AUDIT_ADD,
	    "INSERT INTO web_audit (at, user, address, action, object, detail)"
	    " VALUES (?,?,?,?,?,?)")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, at);
	sqlite3_bind_text(q, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, address, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, object != NULL ? object : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(q, 6, detail != NULL ? detail : "", -1,
	    SQLITE_STATIC);
	return store_run(s, q);
}
