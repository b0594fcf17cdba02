/*
 * Read-only queries of the digest and the scheduler (rare: prepared on
 * use, not kept).
 */
#include <stdlib.h>

#include "store_int.h"

/*
 * Runs a read-only query given here, not by the caller: the digest's
 * queries, by name.  fn gets each row as text columns.
 */
int
store_query(struct store *s, enum store_view v, const char *const *args,
    int nargs, int (*fn)(const char *const *cols, int ncols, void *),
    void *arg)
{
	static const char *const views[] = {
		[V_REPORTS_BETWEEN] =
		    "SELECT r.id, r.received_at, r.phone, r.village, r.commune,"
		    " r.kind, r.code, coalesce(r.period, ''), r.details, r.alert,"
		    " r.status, coalesce(p.name, ''), r.updated_at"
		    " FROM reports r LEFT JOIN reporters p ON p.phone = r.phone"
		    " WHERE r.received_at >= ? AND r.received_at < ?"
		    " ORDER BY r.received_at, r.id",
		[V_CHANGED_BETWEEN] =
		    "SELECT r.id, r.received_at, r.phone, r.village, r.commune,"
		    " r.kind, r.code, coalesce(r.period, ''), r.details, r.alert,"
		    " r.status, coalesce(p.name, ''), r.updated_at,"
		    " coalesce(r.superseded_by, 0)"
		    " FROM reports r LEFT JOIN reporters p ON p.phone = r.phone"
		    " WHERE r.status != 'active' AND r.updated_at >= ?"
		    " AND r.updated_at < ? AND r.kind = 'incident'"
		    " ORDER BY r.updated_at",
		[V_VILLAGES_REPORTED] =
		    "SELECT village FROM reports WHERE received_at >= ?1"
		    " AND received_at < ?2 AND status = 'active' UNION"
		    " SELECT village FROM reports WHERE kind = 'zero'"
		    " AND period = ?3 AND status = 'active'",
		[V_REJECTED_BY_SENDER] =
		    "SELECT i.sender, count(*), coalesce(p.name, ''),"
		    " coalesce(p.commune, '')"
		    " FROM inbox i LEFT JOIN reporters p ON p.phone = i.sender"
		    " WHERE i.status = 'rejected' AND i.received_at >= ?"
		    " AND i.received_at < ? GROUP BY i.sender ORDER BY 2 DESC",
		[V_UNAUTHORISED] =
		    "SELECT count(*), count(DISTINCT sender) FROM inbox"
		    " WHERE status = 'unauthorised' AND received_at >= ?"
		    " AND received_at < ?",
		[V_OUTBOX_TROUBLE] =
		    "SELECT coalesce(sum(status = 'failed'), 0),"
		    " coalesce(sum(status = 'unknown'), 0) FROM outbox"
		    " WHERE created_at >= ? AND created_at < ?",
		[V_PENDING_REPORTERS] =
		    "SELECT count(*) FROM reporters WHERE status = 'pending'",
		[V_REPORTERS_OF_VILLAGE] =
		    "SELECT phone FROM reporters WHERE status = 'active'"
		    " AND village = ? ORDER BY phone",
		[V_COVERAGE_IN_PERIOD] =
		    "SELECT DISTINCT village FROM reports WHERE kind = 'coverage'"
		    " AND status = 'active' AND code = ? AND period = ?",
	};
	sqlite3_stmt	*q;
	const char	*cols[16];
	int		 rc, i, n;

	if ((unsigned)v >= sizeof(views) / sizeof(views[0]) ||
	    sqlite3_prepare_v2(s->db, views[v], -1, &q, NULL) != SQLITE_OK) {
		store_warn(s, "view");
		return -1;
	}
	for (i = 0; i < nargs; i++)
		if (args[i] != NULL && args[i][0] == '#')	/* an integer */
			sqlite3_bind_int64(q, i + 1, strtoll(args[i] + 1,
			    NULL, 10));
		else
			sqlite3_bind_text(q, i + 1, args[i], -1, SQLITE_STATIC);
	n = sqlite3_column_count(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (i = 0; i < n && i < 16; i++)
			cols[i] = (const char *)sqlite3_column_text(q, i);
		if (fn(cols, n, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}
