/*
 * The monthly village summary's figures: each village's active reports of
 * a month, in one pass over the month (the time index), not one query per
 * village.
 */
#include <string.h>

#include "store_int.h"

int
store_village_counts(struct store *s, time_t from, time_t until,
    int (*fn)(const struct village_counts *, void *), void *arg)
{
	sqlite3_stmt		*q;
	struct village_counts	 v;
	int			 rc;

	if ((q = store_stmt(s, S_VILLAGE_COUNTS,
	    "SELECT village, sum(kind != 'zero'), sum(kind = 'zero')"
	    " FROM reports WHERE received_at >= ? AND received_at < ?"
	    " AND status = 'active' GROUP BY village")) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, until);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&v, 0, sizeof(v));
		store_copy_col(q, 0, v.village, sizeof(v.village));
		v.reports = (long)sqlite3_column_int64(q, 1);
		v.zero = (long)sqlite3_column_int64(q, 2);
		if (fn(&v, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_warn(s, "village counts");
		return -1;
	}
	return 0;
}
