/*
 * Reports: what was parsed from a message, one row per report (a message
 * may carry several), and their life (review, cancelled, superseded);
 * coverage figures; reminders sent.
 */
#include <stdio.h>
#include <string.h>

#include "store_int.h"

int
store_report_add(struct store *s, const struct report_row *r, time_t now,
    int64_t *id)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_REPORT_ADD,
	    "INSERT INTO reports (inbox_id, phone, village, commune, kind, code,"
	    " period, fingerprint, details, alert, received_at, created_at,"
	    " updated_at, implausible, status)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->inbox_id);
	sqlite3_bind_text(q, 2, r->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, r->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, r->code, -1, SQLITE_STATIC);
	if (r->period[0] != '\0')
		sqlite3_bind_text(q, 7, r->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, r->fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, r->details, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 10, r->alert);
	sqlite3_bind_int64(q, 11, r->received_at);
	sqlite3_bind_int64(q, 12, now);
	sqlite3_bind_int64(q, 13, now);
	sqlite3_bind_int(q, 14, r->implausible);
	sqlite3_bind_text(q, 15, r->status[0] != '\0' ? r->status : "active",
	    -1, SQLITE_STATIC);
	if (store_run(s, q) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_report_find_duplicate(struct store *s, const char *phone,
    const char *fingerprint, time_t since, time_t until, int64_t *id)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_REPORT_DUP,
	    "SELECT id FROM reports WHERE received_at / 86400 IN"
	    " (?3 / 86400, ?4 / 86400) AND phone = ?1 AND fingerprint = ?2"
	    " AND received_at BETWEEN ?3 AND ?4 AND status = 'active'"
	    " ORDER BY id LIMIT 1")) == NULL)
		return -1;
	since = store_window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "duplicate");
		return -1;
	}
	return rc == SQLITE_ROW;
}

void
store_read_report(sqlite3_stmt *q, struct report_row *r)
{
	r->id = sqlite3_column_int64(q, 0);
	r->inbox_id = sqlite3_column_int64(q, 1);
	store_copy_col(q, 2, r->phone, sizeof(r->phone));
	store_copy_col(q, 3, r->village, sizeof(r->village));
	store_copy_col(q, 4, r->commune, sizeof(r->commune));
	store_copy_col(q, 5, r->kind, sizeof(r->kind));
	store_copy_col(q, 6, r->code, sizeof(r->code));
	store_copy_col(q, 7, r->period, sizeof(r->period));
	store_copy_col(q, 8, r->fingerprint, sizeof(r->fingerprint));
	store_copy_col(q, 9, r->details, sizeof(r->details));
	store_copy_col(q, 10, r->status, sizeof(r->status));
	r->alert = sqlite3_column_int(q, 11) != 0;
	r->received_at = (time_t)sqlite3_column_int64(q, 12);
	r->implausible = sqlite3_column_int(q, 13) != 0;
}

int
store_report_get(struct store *s, int64_t id, struct report_row *r)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_REPORT_GET, "SELECT " STORE_REPORT_COLUMNS
	    " FROM reports r WHERE r.id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		store_read_report(q, r);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "report");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_report_set_status(struct store *s, int64_t id, const char *status,
    int64_t superseded_by, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_REPORT_STATUS,
	    "UPDATE reports SET status = ?, superseded_by = ?, updated_at = ?"
	    " WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	if (superseded_by > 0)
		sqlite3_bind_int64(q, 2, superseded_by);
	sqlite3_bind_int64(q, 3, now);
	sqlite3_bind_int64(q, 4, id);
	if (store_run(s, q) == -1)
		return -1;
	store_event(s, "report", id, status, NULL, now);
	return 0;
}

int
store_coverage_supersede(struct store *s, const char *village,
    const char *code, const char *period, int64_t new_id, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_COVERAGE_SUPERSEDE,
	    "UPDATE reports SET status = 'superseded', superseded_by = ?,"
	    " updated_at = ? WHERE village = ? AND code = ? AND period = ?"
	    " AND kind = 'coverage' AND status = 'active' AND id != ?")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, new_id);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_text(q, 3, village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, new_id);
	return store_run(s, q);
}

int
store_village_week(struct store *s, const char *village, time_t since,
    time_t until, long *incidents, long *coverage, long *zero)
{
	sqlite3_stmt	*q;
	int		 rc;

	*incidents = *coverage = *zero = 0;
	if ((q = store_stmt(s, S_VILLAGE_WEEK,
	    "SELECT kind, count(*) FROM reports WHERE received_at / 604800 IN"
	    " (?2 / 604800, ?3 / 604800) AND village = ?1"
	    " AND received_at BETWEEN ?2 AND ?3 AND status = 'active'"
	    " GROUP BY kind")) == NULL)
		return -1;
	since = store_window_start(s, since, until, 604800);
	sqlite3_bind_text(q, 1, village, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, since);
	sqlite3_bind_int64(q, 3, until);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char	*kind = (const char *)sqlite3_column_text(q, 0);
		long		 n = (long)sqlite3_column_int64(q, 1);

		if (kind == NULL)
			continue;
		if (strcmp(kind, "incident") == 0)
			*incidents = n;
		else if (strcmp(kind, "coverage") == 0)
			*coverage = n;
		else if (strcmp(kind, "zero") == 0)
			*zero = n;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_coverage_latest(struct store *s, const char *village, const char *code,
    struct report_row *r)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = store_stmt(s, S_COVERAGE_LATEST,
	    "SELECT id, period, details, received_at FROM reports"
	    " WHERE village = ? AND code = ? AND kind = 'coverage'"
	    " AND status = 'active' ORDER BY period DESC, id DESC LIMIT 1"))
	    == NULL)
		return -1;
	sqlite3_bind_text(q, 1, village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(q, 0);
		store_copy_col(q, 1, r->period, sizeof(r->period));
		store_copy_col(q, 2, r->details, sizeof(r->details));
		r->received_at = (time_t)sqlite3_column_int64(q, 3);
		snprintf(r->village, sizeof(r->village), "%s", village);
		snprintf(r->code, sizeof(r->code), "%s", code);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return rc == SQLITE_ROW;
}

int
store_reminder_once(struct store *s, const char *kind, const char *period,
    const char *village, time_t now, int *first)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_REMINDER,
	    "INSERT INTO reminders (kind, period, village, created_at)"
	    " VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, village, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	if (store_run(s, q) == -1)
		return -1;
	*first = sqlite3_changes(s->db) > 0;
	return 0;
}
