/*
 * Read-only queries of the digest and the scheduler, as typed rows.  They
 * run a few times a day: prepared on use, not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xmalloc.h"

/*
 * Prepares text and binds the window's ends, as integers, to ?1 and ?2
 * when from <= until (from > until: no window).  NULL on error (logged).
 */
static sqlite3_stmt *
view(struct store *s, const char *text, time_t from, time_t until)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, text, -1, &q, NULL) != SQLITE_OK) {
		store_warn(s, "view");
		sqlite3_finalize(q);
		return NULL;
	}
	if (from <= until) {
		sqlite3_bind_int64(q, 1, from);
		sqlite3_bind_int64(q, 2, until);
	}
	return q;
}

/* Finishes a view: 0 when it ran to the end or fn stopped it. */
static int
view_done(struct store *s, sqlite3_stmt *q, int rc)
{
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return 0;
	store_warn(s, "view");
	return -1;
}

static void
read_report(sqlite3_stmt *q, struct report_view *v)
{
	struct report_row *r = &v->r;

	memset(v, 0, sizeof(*v));
	store_read_report(q, r);
	store_copy_col(q, STORE_REPORT_NCOLUMNS, v->reporter,
	    sizeof(v->reporter));
	v->updated_at = (time_t)sqlite3_column_int64(q,
	    STORE_REPORT_NCOLUMNS + 1);
	if (sqlite3_column_count(q) > STORE_REPORT_NCOLUMNS + 2)
		v->superseded_by = sqlite3_column_int64(q,
		    STORE_REPORT_NCOLUMNS + 2);
}

static int
report_rows(struct store *s, sqlite3_stmt *q,
    int (*fn)(const struct report_view *, void *), void *arg)
{
	struct report_view	*v;
	int			 rc;

	if (q == NULL)
		return -1;
	v = xmalloc(sizeof(*v));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_report(q, v);
		if (fn(v, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	free(v);
	return view_done(s, q, rc);
}

int
store_view_reports(struct store *s, time_t from, time_t until,
    int (*fn)(const struct report_view *, void *), void *arg)
{
	return report_rows(s, view(s,
	    "SELECT " STORE_REPORT_COLUMNS ", coalesce(p.name, ''),"
	    " r.updated_at FROM reports r LEFT JOIN reporters p ON p.phone = r.phone"
	    " WHERE r.received_at >= ?1 AND r.received_at < ?2"
	    " ORDER BY r.received_at, r.id", from, until), fn, arg);
}

int
store_view_changed(struct store *s, time_t from, time_t until,
    int (*fn)(const struct report_view *, void *), void *arg)
{
	return report_rows(s, view(s,
	    "SELECT " STORE_REPORT_COLUMNS ", coalesce(p.name, ''),"
	    " r.updated_at, coalesce(r.superseded_by, 0) FROM reports r LEFT JOIN reporters p ON p.phone = r.phone"
	    " WHERE r.status != 'active' AND r.status != 'review'"
	    " AND r.updated_at >= ?1"
	    " AND r.updated_at < ?2 AND r.kind = 'incident'"
	    " ORDER BY r.updated_at", from, until), fn, arg);
}

/* Calls fn with column 0 of each row, as text (NULL rows skipped). */
static int
text_rows(struct store *s, sqlite3_stmt *q,
    int (*fn)(const char *, void *), void *arg)
{
	const char	*v;
	int		 rc;

	if (q == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((v = (const char *)sqlite3_column_text(q, 0)) == NULL)
			continue;
		if (fn(v, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

int
store_view_villages_reported(struct store *s, time_t from, time_t until,
    const char *period, int (*fn)(const char *, void *), void *arg)
{
	sqlite3_stmt *q = view(s,
	    "SELECT village FROM reports WHERE received_at >= ?1"
	    " AND received_at < ?2 AND status = 'active' UNION"
	    " SELECT village FROM reports WHERE kind = 'zero'"
	    " AND period = ?3 AND status = 'active'", from, until);

	if (q != NULL)
		sqlite3_bind_text(q, 3, period, -1, SQLITE_STATIC);
	return text_rows(s, q, fn, arg);
}

int
store_view_coverage_villages(struct store *s, const char *code,
    const char *period, int (*fn)(const char *, void *), void *arg)
{
	sqlite3_stmt *q = view(s,
	    "SELECT DISTINCT village FROM reports WHERE kind = 'coverage'"
	    " AND status = 'active' AND code = ?1 AND period = ?2", 1, 0);

	if (q != NULL) {
		sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	}
	return text_rows(s, q, fn, arg);
}

int
store_view_village_reporters(struct store *s, const char *village,
    int (*fn)(const char *, void *), void *arg)
{
	sqlite3_stmt *q = view(s,
	    "SELECT phone FROM reporters WHERE status = 'active'"
	    " AND village = ?1 ORDER BY phone", 1, 0);

	if (q != NULL)
		sqlite3_bind_text(q, 1, village, -1, SQLITE_STATIC);
	return text_rows(s, q, fn, arg);
}

int
store_view_rejected(struct store *s, time_t from, time_t until,
    int (*fn)(const struct rejected_sender *, void *), void *arg)
{
	struct rejected_sender	 r;
	sqlite3_stmt		*q;
	int			 rc;

	if ((q = view(s,
	    "SELECT i.sender, count(*), coalesce(p.name, ''),"
	    " coalesce(p.commune, ''), coalesce(p.village, '')"
	    " FROM inbox i LEFT JOIN reporters p ON p.phone = i.sender"
	    " WHERE i.status = 'rejected' AND i.received_at >= ?1"
	    " AND i.received_at < ?2 GROUP BY i.sender ORDER BY 2 DESC, 1",
	    from, until)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_copy_col(q, 0, r.sender, sizeof(r.sender));
		r.count = (long)sqlite3_column_int64(q, 1);
		store_copy_col(q, 2, r.name, sizeof(r.name));
		store_copy_col(q, 3, r.commune, sizeof(r.commune));
		store_copy_col(q, 4, r.village, sizeof(r.village));
		if (fn(&r, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

int
store_view_review_texts(struct store *s, time_t from, time_t until,
    int (*fn)(int64_t, const char *, void *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 rc;

	if ((q = view(s,
	    "SELECT r.id, i.text FROM reports r JOIN inbox i ON i.id = r.inbox_id"
	    " WHERE r.received_at >= ?1 AND r.received_at < ?2"
	    " AND r.status = 'review' ORDER BY r.id", from, until)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(q, 1);
		if (fn(sqlite3_column_int64(q, 0), t != NULL ? t : "",
		    arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

/*
 * Per reporter, a seek a day in the day-led indexes of messages
 * (inbox_sender) and reports (reports_dup; a report's phone is
 * normalised, a raw sender may not be): the active ones stop at their
 * first message since `since`, only the silent ones look further back.
 * Never a scan of the history, nor of the window's traffic.
 */
int
store_view_silent(struct store *s, time_t from, time_t since, time_t until,
    int (*fn)(const struct silent_reporter *, void *), void *arg)
{
	struct silent_reporter	 r;
	sqlite3_stmt		*q;
	int			 rc;

	if ((q = view(s,
	    "WITH recent(x) AS (SELECT ?3 / 86400 UNION ALL"
	    "  SELECT x + 1 FROM recent WHERE x < ?2 / 86400),"
	    " before(x) AS (SELECT ?1 / 86400 UNION ALL"
	    "  SELECT x + 1 FROM before WHERE x < ?3 / 86400)"
	    " SELECT p.phone, p.name, p.village, p.commune, p.status, p.source,"
	    " p.created_at, coalesce((SELECT max(t) FROM"
	    "  (SELECT received_at AS t FROM reports"
	    "   WHERE received_at / 86400 IN before AND phone = p.phone"
	    "   AND received_at >= ?1 AND received_at < ?3"
	    "   UNION ALL SELECT received_at FROM inbox"
	    "   WHERE received_at / 86400 IN before AND sender = p.phone"
	    "   AND received_at >= ?1 AND received_at < ?3)), 0) AS last"
	    " FROM reporters p WHERE p.status = 'active' AND p.created_at < ?3"
	    " AND NOT EXISTS (SELECT 1 FROM reports"
	    "  WHERE received_at / 86400 IN recent AND phone = p.phone"
	    "  AND received_at >= ?3 AND received_at < ?2)"
	    " AND NOT EXISTS (SELECT 1 FROM inbox"
	    "  WHERE received_at / 86400 IN recent AND sender = p.phone"
	    "  AND received_at >= ?3 AND received_at < ?2)"
	    " ORDER BY last, p.created_at, p.commune, p.village, p.phone",
	    from, until)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 3, since);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		store_copy_col(q, 0, r.r.phone, sizeof(r.r.phone));
		store_copy_col(q, 1, r.r.name, sizeof(r.r.name));
		store_copy_col(q, 2, r.r.village, sizeof(r.r.village));
		store_copy_col(q, 3, r.r.commune, sizeof(r.r.commune));
		store_copy_col(q, 4, r.r.status, sizeof(r.r.status));
		store_copy_col(q, 5, r.r.source, sizeof(r.r.source));
		r.created_at = (time_t)sqlite3_column_int64(q, 6);
		r.last_seen = (time_t)sqlite3_column_int64(q, 7);
		if (fn(&r, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

int
store_view_top_codes(struct store *s, time_t from, time_t until,
    int (*fn)(const char *, long, void *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*code;
	int		 rc;

	if ((q = view(s,
	    "SELECT code, count(*) FROM reports WHERE received_at >= ?1"
	    " AND received_at < ?2 AND status = 'active'"
	    " GROUP BY code ORDER BY 2 DESC, 1", from, until)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((code = (const char *)sqlite3_column_text(q, 0)) == NULL)
			continue;
		if (fn(code, (long)sqlite3_column_int64(q, 1), arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

int
store_view_commune_incidents(struct store *s, time_t from, time_t until,
    int (*fn)(const char *, long, long, void *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*commune;
	int		 rc;

	if ((q = view(s,
	    "SELECT commune, count(*), coalesce(sum(alert != 0), 0)"
	    " FROM reports WHERE received_at >= ?1 AND received_at < ?2"
	    " AND status = 'active' AND kind = 'incident'"
	    " GROUP BY commune", from, until)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((commune = (const char *)sqlite3_column_text(q, 0)) ==
		    NULL)
			continue;
		if (fn(commune, (long)sqlite3_column_int64(q, 1),
		    (long)sqlite3_column_int64(q, 2), arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return view_done(s, q, rc);
}

/* One row of up to two integers into a and b. */
static int
pair(struct store *s, sqlite3_stmt *q, long *a, long *b)
{
	int rc;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*a = (long)sqlite3_column_int64(q, 0);
		if (b != NULL)
			*b = (long)sqlite3_column_int64(q, 1);
		rc = SQLITE_DONE;
	}
	return view_done(s, q, rc);
}

int
store_view_troubles(struct store *s, time_t from, time_t until,
    struct store_troubles *t)
{
	memset(t, 0, sizeof(*t));
	if (pair(s, view(s,
	    "SELECT count(*), count(DISTINCT sender) FROM inbox"
	    " WHERE status = 'unauthorised' AND received_at >= ?1"
	    " AND received_at < ?2", from, until), &t->unauth_msgs,
	    &t->unauth_numbers) == -1)
		return -1;
	if (pair(s, view(s,
	    "SELECT coalesce(sum(status = 'failed'), 0),"
	    " coalesce(sum(status = 'unknown'), 0) FROM outbox"
	    " WHERE created_at >= ?1 AND created_at < ?2", from, until),
	    &t->out_failed, &t->out_unknown) == -1)
		return -1;
	return pair(s, view(s,
	    "SELECT count(*) FROM reporters WHERE status = 'pending'", 1, 0),
	    &t->pending_reporters, NULL);
}
