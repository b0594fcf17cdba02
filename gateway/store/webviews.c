/*
 * Read-only queries of the web console's pages (gateway/web/): the
 * messages to call back about, the reporters with their traffic, the
 * reports by filter (and their CSV) and the weekly incident counts.
 *
 * Every query is bounded: a LIMIT, or a window of time read through an
 * index (reports_time, reports_village week by week, inbox_status_time,
 * inbox_time, reports_review); never a scan of the history.  The user's
 * communes are a JSON array bound to :communes (SCOPE below), so one
 * statement serves every user.  Prepared on use, not kept: a page runs
 * each once.
 */
#include <string.h>

#include "store_int.h"

/* Whether the commune expression x is one the user sees. */
#define SCOPE(x)							\
	" (CASE WHEN " x " = '' THEN :unplaced ELSE (:communes IS NULL OR " \
	x " IN (SELECT value FROM json_each(:communes))) END)"

#define prepare(s, text)	store_prepare_once(s, text, "web view")
#define finish(s, q, rc)	store_finish_once(s, q, rc, "web view")

/* Binds a named parameter the statement may not have (then nothing). */
static void
bind_text(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0) {
		if (v != NULL)
			sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(q, i);
	}
}

static void
bind_int(sqlite3_stmt *q, const char *name, sqlite3_int64 v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0)
		sqlite3_bind_int64(q, i, v);
}

static void
bind_scope(sqlite3_stmt *q, const struct web_scope *sc)
{
	bind_text(q, ":communes", sc->communes);
	bind_int(q, ":unplaced", sc->unplaced != 0);
}

/* ---- messages ---- */

/* One source of messages, newest first from the cursor, at most :n. */
#define MSG_INBOX(status, extra)					\
	"SELECT * FROM (SELECT i.id, i.received_at, i.sender,"		\
	" coalesce(p.name, ''), coalesce(p.village, ''),"		\
	" coalesce(p.commune, ''), i.status, coalesce(i.error, ''), '', 0,"	\
	" i.text FROM inbox i INDEXED BY inbox_status_time"		\
	" LEFT JOIN reporters p ON p.phone = i.sender"			\
	" WHERE i.status = '" status "' AND i.received_at <= :at"	\
	" AND (i.received_at < :at OR i.id < :id)" extra " AND"	\
	SCOPE("coalesce(p.commune, '')")				\
	" ORDER BY i.received_at DESC, i.id DESC LIMIT :n)"

int
store_web_messages(struct store *s, const struct web_scope *sc,
    time_t before_at, int64_t before_id, int limit,
    int (*fn)(const struct web_message *, void *), void *arg)
{
	struct web_message	 m;
	sqlite3_stmt		*q;
	int64_t			 last = 0;
	int			 rc;

	q = prepare(s,
	    MSG_INBOX("rejected", "")
	    " UNION ALL "
	    MSG_INBOX("unauthorised", " AND coalesce(i.error, '') != 'blocked'")
	    " UNION ALL "
	    "SELECT * FROM (SELECT i.id, r.received_at, i.sender,"
	    " coalesce(p.name, ''), r.village, r.commune, 'review', '',"
	    " r.details, r.id, i.text"
	    " FROM reports r INDEXED BY reports_review"
	    " JOIN inbox i ON i.id = r.inbox_id"
	    " LEFT JOIN reporters p ON p.phone = r.phone"
	    " WHERE r.status = 'review' AND r.received_at <= :at"
	    " AND (r.received_at < :at OR r.inbox_id < :id) AND"
	    SCOPE("r.commune")
	    " ORDER BY r.received_at DESC, r.inbox_id DESC, r.id LIMIT :n)"
	    " ORDER BY 2 DESC, 1 DESC LIMIT :n");
	if (q == NULL)
		return -1;
	bind_scope(q, sc);
	bind_int(q, ":at", before_at);
	bind_int(q, ":id", before_id);
	bind_int(q, ":n", limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(q, 0);
		if (m.id == last)	/* several reports to review, one SMS */
			continue;
		last = m.id;
		m.received_at = (time_t)sqlite3_column_int64(q, 1);
		store_copy_col(q, 2, m.sender, sizeof(m.sender));
		store_copy_col(q, 3, m.name, sizeof(m.name));
		store_copy_col(q, 4, m.village, sizeof(m.village));
		store_copy_col(q, 5, m.commune, sizeof(m.commune));
		store_copy_col(q, 6, m.status, sizeof(m.status));
		store_copy_col(q, 7, m.error, sizeof(m.error));
		store_copy_col(q, 8, m.details, sizeof(m.details));
		m.report_id = sqlite3_column_int64(q, 9);
		m.text = sqlite3_column_blob(q, 10);
		m.textlen = (size_t)sqlite3_column_bytes(q, 10);
		if (fn(&m, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}

/* ---- reporters ---- */

int
store_web_reporters(struct store *s, const struct web_scope *sc,
    const char *status, time_t since, int offset, int limit,
    int (*fn)(const struct web_reporter *, void *), void *arg)
{
	struct web_reporter	 w;
	sqlite3_stmt		*q;
	int			 rc;

	q = prepare(s,
	    "SELECT p.phone, p.name, p.village, p.commune, p.status, p.source,"
	    " p.created_at, coalesce(a.n, 0), coalesce(a.bad, 0),"
	    " coalesce(a.last, 0) FROM reporters p LEFT JOIN"
	    " (SELECT sender, count(*) AS n, sum(status = 'rejected') AS bad,"
	    " max(received_at) AS last FROM inbox INDEXED BY inbox_time"
	    " WHERE received_at >= :since GROUP BY sender) a"
	    " ON a.sender = p.phone WHERE" SCOPE("p.commune")
	    " AND (:status IS NULL OR p.status = :status)"
	    " ORDER BY p.commune, p.village, p.phone LIMIT :n OFFSET :off");
	if (q == NULL)
		return -1;
	bind_scope(q, sc);
	bind_text(q, ":status", status);
	bind_int(q, ":since", since);
	bind_int(q, ":n", limit);
	bind_int(q, ":off", offset);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&w, 0, sizeof(w));
		store_copy_col(q, 0, w.r.phone, sizeof(w.r.phone));
		store_copy_col(q, 1, w.r.name, sizeof(w.r.name));
		store_copy_col(q, 2, w.r.village, sizeof(w.r.village));
		store_copy_col(q, 3, w.r.commune, sizeof(w.r.commune));
		store_copy_col(q, 4, w.r.status, sizeof(w.r.status));
		store_copy_col(q, 5, w.r.source, sizeof(w.r.source));
		w.created_at = (time_t)sqlite3_column_int64(q, 6);
		w.messages = (long)sqlite3_column_int64(q, 7);
		w.rejected = (long)sqlite3_column_int64(q, 8);
		w.last_at = (time_t)sqlite3_column_int64(q, 9);
		if (fn(&w, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}

/* ---- reports ---- */

/* The filters, after a FROM reports r with its index. */
#define REPORT_WHERE							\
	" WHERE r.received_at >= :from AND r.received_at < :until AND"	\
	SCOPE("r.commune")						\
	" AND (:commune IS NULL OR r.commune = :commune)"		\
	" AND (:code IS NULL OR r.code = :code)"			\
	" AND (:status IS NULL OR r.status = :status)"
/* A village: its weeks' entries of reports_village, one seek a week. */
#define BY_VILLAGE							\
	" INDEXED BY reports_village"
#define VILLAGE_WHERE							\
	" AND r.received_at / 604800 IN (SELECT value FROM json_each(:weeks))" \
	" AND r.village = :village"
#define BY_TIME		" INDEXED BY reports_time"
#define TIME_WHERE	" AND :village IS NULL"

#define PAGE_SELECT							\
	"SELECT " STORE_REPORT_COLUMNS ", coalesce(p.name, ''),"	\
	" r.updated_at FROM reports r"
#define PAGE_JOIN	" LEFT JOIN reporters p ON p.phone = r.phone"
#define PAGE_REST							\
	" AND r.received_at <= :at AND (r.received_at < :at OR r.id < :id)" \
	" ORDER BY r.received_at DESC, r.id DESC LIMIT :n"

#define EXPORT_SELECT							\
	"SELECT " STORE_EXPORT_REPORT_COLUMNS " FROM reports r"
#define EXPORT_REST	" ORDER BY r.id LIMIT :n"

/* The weeks (received_at / 604800) of the window, as a JSON array. */
static void
weeks_json(time_t from, time_t until, char *out, size_t size)
{
	long	w, first = (long)(from / 604800), last;
	size_t	len = 0;
	int	n;

	last = until > from ? (long)((until - 1) / 604800) : first;
	out[len++] = '[';
	for (w = first; w <= last && len + 24 < size; w++) {
		n = snprintf(out + len, size - len, "%s%ld", w > first ? "," :
		    "", w);
		len += (size_t)n;
	}
	snprintf(out + len, size - len, "]");
}

#define WEEKS_MAX	64	/* a window of the reports page: a year */
#define WEEKS_JSON	(WEEKS_MAX * 12 + 4)

/* Whether the window is one the reports page may ask for. */
static int
window_ok(const struct web_report_filter *f)
{
	return f->until > f->from && (f->until - 1) / 604800 - f->from /
	    604800 < WEEKS_MAX;
}

static void
bind_filter(sqlite3_stmt *q, const struct web_report_filter *f,
    char *weeks)
{
	bind_scope(q, &f->scope);
	bind_int(q, ":from", f->from);
	bind_int(q, ":until", f->until);
	bind_text(q, ":commune", f->commune);
	bind_text(q, ":village", f->village);
	bind_text(q, ":code", f->code);
	bind_text(q, ":status", f->status);
	weeks_json(f->from, f->until, weeks, WEEKS_JSON);
	bind_text(q, ":weeks", weeks);
}

int
store_web_reports(struct store *s, const struct web_report_filter *f,
    time_t before_at, int64_t before_id, int limit,
    int (*fn)(const struct report_view *, void *), void *arg)
{
	struct report_view	 v;
	sqlite3_stmt		*q;
	char			 weeks[WEEKS_JSON];
	int			 rc;

	if (!window_ok(f))
		return -1;	/* the caller bounds the window */
	q = prepare(s, f->village != NULL ?
	    PAGE_SELECT BY_VILLAGE PAGE_JOIN REPORT_WHERE VILLAGE_WHERE
	    PAGE_REST :
	    PAGE_SELECT BY_TIME PAGE_JOIN REPORT_WHERE TIME_WHERE PAGE_REST);
	if (q == NULL)
		return -1;
	bind_filter(q, f, weeks);
	bind_int(q, ":at", before_at);
	bind_int(q, ":id", before_id);
	bind_int(q, ":n", limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&v, 0, sizeof(v));
		store_read_report(q, &v.r);
		store_copy_col(q, STORE_REPORT_NCOLUMNS, v.reporter,
		    sizeof(v.reporter));
		v.updated_at = (time_t)sqlite3_column_int64(q,
		    STORE_REPORT_NCOLUMNS + 1);
		if (fn(&v, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}

int
store_web_reports_export(struct store *s, const struct web_report_filter *f,
    int limit, int (*fn)(const char *const *, const char *const *, int,
    void *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*names[32], *values[32];
	char		 weeks[WEEKS_JSON];
	int		 rc, i, n;

	if (!window_ok(f))
		return -1;
	q = prepare(s, f->village != NULL ?
	    EXPORT_SELECT BY_VILLAGE STORE_EXPORT_REPORT_JOINS REPORT_WHERE
	    VILLAGE_WHERE EXPORT_REST :
	    EXPORT_SELECT BY_TIME STORE_EXPORT_REPORT_JOINS REPORT_WHERE
	    TIME_WHERE EXPORT_REST);
	if (q == NULL)
		return -1;
	bind_filter(q, f, weeks);
	bind_int(q, ":n", (sqlite3_int64)limit + 1);
	n = sqlite3_column_count(q);
	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(q, i);
	if (fn(names, NULL, n, arg) == -1) {	/* the header */
		sqlite3_finalize(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			names[i] = sqlite3_column_name(q, i);
			values[i] = (const char *)sqlite3_column_text(q, i);
		}
		if (fn(names, values, n, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}

/* ---- trends ---- */

int
store_web_incident_weeks(struct store *s, const struct web_scope *sc,
    time_t from, time_t until,
    int (*fn)(int, const char *, const char *, long, void *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*code, *commune;
	int		 rc;

	/* rows in index order, counted by the caller: a GROUP BY would
	 * sort them all first, and cost several times the read */
	q = prepare(s,
	    "SELECT r.received_at, r.code, r.commune"
	    " FROM reports r INDEXED BY reports_incidents"
	    " WHERE r.received_at >= :from AND r.received_at < :until"
	    " AND r.kind = 'incident' AND r.status = 'active' AND"
	    SCOPE("r.commune"));
	if (q == NULL)
		return -1;
	bind_scope(q, sc);
	bind_int(q, ":from", from);
	bind_int(q, ":until", until);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		code = (const char *)sqlite3_column_text(q, 1);
		commune = (const char *)sqlite3_column_text(q, 2);
		if (fn((int)((sqlite3_column_int64(q, 0) - from) / 604800),
		    code != NULL ? code : "", commune != NULL ? commune : "",
		    1, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, q, rc);
}
