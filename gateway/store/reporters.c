/*
 * Reporters: the phones allowed to report, with their village or commune
 * and status (active, pending, blocked, removed).
 */
#include <time.h>

#include "store_int.h"

static void
reporter_from(sqlite3_stmt *q, struct reporter *r)
{
	store_copy_col(q, 0, r->phone, sizeof(r->phone));
	store_copy_col(q, 1, r->name, sizeof(r->name));
	store_copy_col(q, 2, r->village, sizeof(r->village));
	store_copy_col(q, 3, r->commune, sizeof(r->commune));
	store_copy_col(q, 4, r->status, sizeof(r->status));
	store_copy_col(q, 5, r->source, sizeof(r->source));
}

int
store_reporter_get(struct store *s, const char *phone, struct reporter *r)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_REPORTER_GET,
	    "SELECT phone, name, village, commune, status, source"
	    " FROM reporters WHERE phone = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, phone, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		reporter_from(q, r);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "reporter");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_reporter_put(struct store *s, const struct reporter *r,
    int force_status)
{
	sqlite3_stmt	*q;
	time_t		 now = time(NULL);

	if ((q = store_stmt(s, S_REPORTER_INSERT,
	    "INSERT INTO reporters (phone, name, village, commune, status,"
	    " source, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)"
	    " ON CONFLICT (phone) DO NOTHING")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, r->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, r->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, now);
	sqlite3_bind_int64(q, 8, now);
	if (store_run(s, q) == -1)
		return -1;
	if (sqlite3_changes(s->db) > 0)
		return 0;
	if ((q = store_stmt(s, S_REPORTER_UPDATE,
	    "UPDATE reporters SET name = ?, village = ?, commune = ?,"
	    " status = CASE WHEN ? THEN ? ELSE status END, updated_at = ?"
	    " WHERE phone = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, r->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->commune, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, force_status);
	sqlite3_bind_text(q, 5, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, now);
	sqlite3_bind_text(q, 7, r->phone, -1, SQLITE_STATIC);
	return store_run(s, q);
}

int
store_reporter_set_status(struct store *s, const char *phone,
    const char *status)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_REPORTER_STATUS,
	    "UPDATE reporters SET status = ?, updated_at = ? WHERE phone = ?"))
	    == NULL)
		return -1;
	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, time(NULL));
	sqlite3_bind_text(q, 3, phone, -1, SQLITE_STATIC);
	if (store_run(s, q) == -1)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int
store_reporter_move(struct store *s, const char *phone, const char *village,
    const char *commune)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_REPORTER_MOVE,
	    "UPDATE reporters SET village = ?, commune = ?, updated_at = ?"
	    " WHERE phone = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, commune, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, time(NULL));
	sqlite3_bind_text(q, 4, phone, -1, SQLITE_STATIC);
	if (store_run(s, q) == -1)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int
store_reporter_each(struct store *s,
    void (*fn)(const struct reporter *, void *), void *arg)
{
	sqlite3_stmt	*q;
	struct reporter	 r;
	int		 rc;

	if ((q = store_stmt(s, S_REPORTER_EACH,
	    "SELECT phone, name, village, commune, status, source"
	    " FROM reporters ORDER BY commune, village, phone")) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		reporter_from(q, &r);
		fn(&r, arg);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}
