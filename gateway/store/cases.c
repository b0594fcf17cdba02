/*
 * Cases: one row per case (its state, owner, level and the marks of what
 * the schedule did) and its timeline of events.  The state machine is the
 * caller's (gateway/cases.c); this file only reads and writes rows.
 */
#include <stdio.h>
#include <string.h>

#include "store_int.h"

#define CASE_COLUMNS							\
	"c.id, c.ref, c.report_id, c.code, c.village, c.commune, c.phone,"	\
	" c.status, c.level, c.owner, c.owner_phone, c.referred_to,"	\
	" c.opened_at, coalesce(c.acknowledged_at, 0),"			\
	" coalesce(c.referred_at, 0), coalesce(c.closed_at, 0),"	\
	" coalesce(c.reopened_at, 0), coalesce(c.escalated_at, 0),"	\
	" coalesce(c.reminded_at, 0), c.fed_ack, c.fed_close"

static void
read_case(sqlite3_stmt *q, struct case_row *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(q, 0);
	c->ref = sqlite3_column_int64(q, 1);
	c->report_id = sqlite3_column_int64(q, 2);
	store_copy_col(q, 3, c->code, sizeof(c->code));
	store_copy_col(q, 4, c->village, sizeof(c->village));
	store_copy_col(q, 5, c->commune, sizeof(c->commune));
	store_copy_col(q, 6, c->phone, sizeof(c->phone));
	store_copy_col(q, 7, c->status, sizeof(c->status));
	c->level = sqlite3_column_int(q, 8);
	store_copy_col(q, 9, c->owner, sizeof(c->owner));
	store_copy_col(q, 10, c->owner_phone, sizeof(c->owner_phone));
	store_copy_col(q, 11, c->referred_to, sizeof(c->referred_to));
	c->opened_at = (time_t)sqlite3_column_int64(q, 12);
	c->acknowledged_at = (time_t)sqlite3_column_int64(q, 13);
	c->referred_at = (time_t)sqlite3_column_int64(q, 14);
	c->closed_at = (time_t)sqlite3_column_int64(q, 15);
	c->reopened_at = (time_t)sqlite3_column_int64(q, 16);
	c->escalated_at = (time_t)sqlite3_column_int64(q, 17);
	c->reminded_at = (time_t)sqlite3_column_int64(q, 18);
	c->fed_ack = sqlite3_column_int(q, 19) != 0;
	c->fed_close = sqlite3_column_int(q, 20) != 0;
}

/* A time column: NULL for "never" (0). */
static void
bind_time(sqlite3_stmt *q, int col, time_t t)
{
	if (t != 0)
		sqlite3_bind_int64(q, col, t);
	else
		sqlite3_bind_null(q, col);
}

int
store_case_add(struct store *s, struct case_row *c, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASE_ADD,
	    "INSERT INTO cases (ref, report_id, code, village, commune, phone,"
	    " status, level, opened_at, updated_at)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (ref) DO NOTHING")) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(q, 1, c->ref);
	sqlite3_bind_int64(q, 2, c->report_id);
	sqlite3_bind_text(q, 3, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, c->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, c->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, c->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 8, c->level);
	sqlite3_bind_int64(q, 9, c->opened_at);
	sqlite3_bind_int64(q, 10, now);
	if (store_run(s, q) == -1)
		return -1;
	c->id = sqlite3_changes(s->db) > 0 ? sqlite3_last_insert_rowid(s->db) :
	    0;
	return 0;
}

/* Steps a statement of at most one case row. */
static int
one_case(struct store *s, sqlite3_stmt *q, struct case_row *c)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		read_case(q, c);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "case");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_case_get(struct store *s, int64_t ref, struct case_row *c)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASE_GET, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.ref = ?1 OR c.report_id = ?1"
	    " ORDER BY c.ref = ?1 DESC, c.id LIMIT 1")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, ref);
	return one_case(s, q, c);
}

int
store_case_of_report(struct store *s, int64_t report_id, struct case_row *c)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASE_OF_REPORT, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.report_id = ? ORDER BY c.id LIMIT 1"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, report_id);
	return one_case(s, q, c);
}

int
store_case_update(struct store *s, const struct case_row *c, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASE_UPDATE,
	    "UPDATE cases SET report_id = ?, code = ?, village = ?,"
	    " commune = ?, phone = ?, status = ?, level = ?, owner = ?,"
	    " owner_phone = ?, referred_to = ?, acknowledged_at = ?,"
	    " referred_at = ?, closed_at = ?, reopened_at = ?,"
	    " escalated_at = ?, reminded_at = ?, fed_ack = ?, fed_close = ?,"
	    " updated_at = ? WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, c->report_id);
	sqlite3_bind_text(q, 2, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, c->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, c->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, c->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, c->level);
	sqlite3_bind_text(q, 8, c->owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, c->owner_phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, c->referred_to, -1, SQLITE_STATIC);
	bind_time(q, 11, c->acknowledged_at);
	bind_time(q, 12, c->referred_at);
	bind_time(q, 13, c->closed_at);
	bind_time(q, 14, c->reopened_at);
	bind_time(q, 15, c->escalated_at);
	bind_time(q, 16, c->reminded_at);
	sqlite3_bind_int(q, 17, c->fed_ack);
	sqlite3_bind_int(q, 18, c->fed_close);
	sqlite3_bind_int64(q, 19, now);
	sqlite3_bind_int64(q, 20, c->id);
	return store_run(s, q);
}

int
store_case_event_add(struct store *s, const struct case_event *e)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASE_EVENT_ADD,
	    "INSERT INTO case_events (case_id, at, actor, channel, action,"
	    " note) VALUES (?,?,?,?,?,?)")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, e->case_id);
	sqlite3_bind_int64(q, 2, e->at);
	sqlite3_bind_text(q, 3, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, e->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->note, -1, SQLITE_STATIC);
	return store_run(s, q);
}

int
store_case_events(struct store *s, int64_t case_id,
    int (*fn)(const struct case_event *, void *), void *arg)
{
	sqlite3_stmt		*q;
	struct case_event	 e;
	int			 rc;

	if ((q = store_stmt(s, S_CASE_EVENTS,
	    "SELECT at, actor, channel, action, note FROM case_events"
	    " WHERE case_id = ? ORDER BY id")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, case_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.case_id = case_id;
		e.at = (time_t)sqlite3_column_int64(q, 0);
		store_copy_col(q, 1, e.actor, sizeof(e.actor));
		store_copy_col(q, 2, e.channel, sizeof(e.channel));
		store_copy_col(q, 3, e.action, sizeof(e.action));
		store_copy_col(q, 4, e.note, sizeof(e.note));
		if (fn(&e, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_warn(s, "case events");
		return -1;
	}
	return 0;
}

/* Up to max rows of a due query into out. */
static int
due_rows(struct store *s, sqlite3_stmt *q, struct case_row *out,
    size_t max, size_t *n)
{
	int rc = SQLITE_DONE;

	*n = 0;
	while (*n < max && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_case(q, &out[(*n)++]);
	if (*n == max)
		rc = SQLITE_DONE;
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_warn(s, "due cases");
		return -1;
	}
	return 0;
}

int
store_cases_unacked(struct store *s, time_t opened_by, struct case_row *out,
    size_t max, size_t *n)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASES_UNACKED, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.status != 'closed' AND c.opened_at <= ?1"
	    " AND c.status = 'open' AND c.escalated_at IS NULL"
	    " ORDER BY c.opened_at, c.id LIMIT ?2")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, opened_by);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
	return due_rows(s, q, out, max, n);
}

int
store_cases_overdue(struct store *s, time_t due_by, time_t reminded_by,
    struct case_row *out, size_t max, size_t *n)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASES_OVERDUE, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.status != 'closed' AND c.opened_at <= ?1"
	    " AND coalesce(c.reopened_at, c.opened_at) <= ?1"
	    " AND (c.reminded_at IS NULL OR c.reminded_at <= ?2)"
	    " ORDER BY c.opened_at, c.id LIMIT ?3")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, due_by);
	sqlite3_bind_int64(q, 2, reminded_by);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)max);
	return due_rows(s, q, out, max, n);
}

/* Calls fn for each row of a statement of cases. */
static int
each_case(struct store *s, sqlite3_stmt *q,
    int (*fn)(const struct case_row *, void *), void *arg)
{
	struct case_row	c;
	int		rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_case(q, &c);
		if (fn(&c, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_warn(s, "cases");
		return -1;
	}
	return 0;
}

/* The cases closed since at are few: found by their closing time, not by
 * the opening time, which would read every case ever closed. */
int
store_view_cases_open(struct store *s, time_t at,
    int (*fn)(const struct case_row *, void *), void *arg)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASES_OPEN, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.status != 'closed' AND c.opened_at < ?1"
	    " UNION ALL SELECT " CASE_COLUMNS " FROM cases c"
	    " INDEXED BY cases_closed WHERE c.status = 'closed'"
	    " AND c.closed_at >= ?1 AND c.opened_at < ?1 ORDER BY 13, 1")) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(q, 1, at);
	return each_case(s, q, fn, arg);
}

int
store_cases_each(struct store *s, time_t from, time_t until,
    int (*fn)(const struct case_row *, void *), void *arg)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CASES_EACH, "SELECT " CASE_COLUMNS
	    " FROM cases c WHERE c.opened_at >= ? AND c.opened_at < ?"
	    " ORDER BY c.opened_at, c.id")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, until);
	return each_case(s, q, fn, arg);
}
