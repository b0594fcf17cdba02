/*
 * Read-only queries of the periodic reports (gateway/report/): the active
 * reports of a window in one pass, the zero reports of a week and the
 * latest coverage figure of each village for a code and period.  They run
 * a few times a month: prepared on use, not kept.
 */
#include <string.h>

#include "store_int.h"

#define prepare(s, text)	store_prepare_once(s, text, "report view")
#define finish(s, q, rc)	store_finish_once(s, q, rc, "report view")

static const char *
col(sqlite3_stmt *q, int i)
{
	const char *v = (const char *)sqlite3_column_text(q, i);

	return v != NULL ? v : "";
}

int
store_view_period_rows(struct store *s, time_t from, time_t until,
    int (*fn)(const struct period_row *, void *), void *arg)
{
	struct period_row	 r;
	sqlite3_stmt		*q;
	int			 rc;

	if ((q = prepare(s,
	    "SELECT id, village, commune, phone, kind, code,"
	    " coalesce(period, ''), details, alert, received_at FROM reports"
	    " WHERE received_at >= ?1 AND received_at < ?2"
	    " AND status = 'active'"
	    " AND kind IN ('incident', 'coverage', 'zero')"
	    " ORDER BY received_at")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, until);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(q, 0);
		r.village = col(q, 1);
		r.commune = col(q, 2);
		r.phone = col(q, 3);
		r.kind = col(q, 4);
		r.code = col(q, 5);
		r.period = col(q, 6);
		r.details = col(q, 7);
		r.alert = sqlite3_column_int(q, 8) != 0;
		r.received_at = (time_t)sqlite3_column_int64(q, 9);
		if (fn(&r, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}

int
store_view_zero_villages(struct store *s, const char *period,
    int (*fn)(const char *village, void *), void *arg)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = prepare(s,
	    "SELECT DISTINCT village FROM reports WHERE kind = 'zero'"
	    " AND period = ?1 AND status = 'active'")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, period, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (fn(col(q, 0), arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	return finish(s, q, rc);
}

int
store_view_coverage_period(struct store *s, const char *code,
    const char *period, int (*fn)(const struct coverage_row *, void *),
    void *arg)
{
	struct coverage_row	 r;
	sqlite3_stmt		*q;
	int			 rc;

	/* the row of max(id) of each village: its latest figure */
	if ((q = prepare(s,
	    "SELECT village, max(id), details, received_at FROM reports"
	    " WHERE kind = 'coverage' AND status = 'active' AND code = ?1"
	    " AND period = ?2 GROUP BY village")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		r.village = col(q, 0);
		r.id = sqlite3_column_int64(q, 1);
		r.details = col(q, 2);
		r.received_at = (time_t)sqlite3_column_int64(q, 3);
		if (fn(&r, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}
