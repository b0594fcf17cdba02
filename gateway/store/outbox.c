/*
 * The outbox: SMS replies and notices queued for sending, each with the
 * priority of its purpose.  Claiming and the outcome of a send are the
 * queue's (queue.c).
 */
#include <string.h>

#include "store_int.h"

/*
 * The one table of outbox purposes: what an SMS is for, and so how soon
 * it leaves.  Whatever goes to an officer about a child in danger leaves
 * before anything routine queued earlier; a purpose missing here is
 * routine.  The migration to schema 6 set the rows queued before from
 * this table too (outbox_priority() in SQL).
 */
static const struct {
	const char	*purpose;
	int		 priority;
} purposes[] = {
	/* to officers */
	{ "alert",		OUTBOX_URGENT },  /* an urgent report, a cancel */
	{ "review",		OUTBOX_URGENT },  /* an unclear urgent message */
	{ "escalation",		OUTBOX_URGENT },  /* a case nobody took up */
	{ "overdue",		OUTBOX_URGENT },  /* a case reminder */
	{ "officer_correct",	OUTBOX_URGENT },  /* an alert corrected */
	{ "case",		OUTBOX_URGENT },  /* an officer's confirmation */
	/* to reporters */
	{ "reply",		OUTBOX_ROUTINE }, /* the answer to a message */
	{ "unknown",		OUTBOX_ROUTINE }, /* instructions to a stranger */
	{ "reminder",		OUTBOX_ROUTINE }, /* a silent village */
	{ "feedback",		OUTBOX_ROUTINE },
	{ "welcome",		OUTBOX_ROUTINE },
	{ "village_summary",	OUTBOX_ROUTINE },
};
#define NPURPOSES	(sizeof(purposes) / sizeof(purposes[0]))

int
store_outbox_priority(const char *purpose)
{
	size_t i;

	for (i = 0; i < NPURPOSES; i++)
		if (strcmp(purposes[i].purpose, purpose) == 0)
			return purposes[i].priority;
	return OUTBOX_ROUTINE;
}

const char *
store_outbox_purpose(size_t n, int *priority)
{
	if (n >= NPURPOSES)
		return NULL;
	*priority = purposes[n].priority;
	return purposes[n].purpose;
}

/* outbox_priority(purpose) in SQL, for the migration that added it. */
void
store_sql_outbox_priority(sqlite3_context *ctx, int argc,
    sqlite3_value **argv)
{
	const unsigned char *p = sqlite3_value_text(argv[0]);

	(void)argc;
	sqlite3_result_int(ctx, store_outbox_priority(p != NULL ?
	    (const char *)p : ""));
}

int
store_outbox_add(struct store *s, const char *recipient, const char *text,
    const char *purpose, int64_t inbox_id, int64_t report_id,
    time_t basis_at, time_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_OUTBOX_ADD,
	    "INSERT INTO outbox (recipient, text, purpose, inbox_id, report_id,"
	    " next_attempt_at, basis_at, created_at, priority)"
	    " VALUES (?,?,?,?,?,?,?,?,?)")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, purpose, -1, SQLITE_STATIC);
	if (inbox_id > 0)
		sqlite3_bind_int64(q, 4, inbox_id);
	if (report_id > 0)
		sqlite3_bind_int64(q, 5, report_id);
	sqlite3_bind_int64(q, 6, now);
	sqlite3_bind_int64(q, 7, basis_at);
	sqlite3_bind_int64(q, 8, now);
	sqlite3_bind_int(q, 9, store_outbox_priority(purpose));
	return store_run(s, q);
}

int
store_outbox_count(struct store *s, const char *recipient,
    const char *purpose, time_t since, time_t until, long cap, long *n)
{
	sqlite3_stmt *q;

	*n = 0;
	if ((q = store_stmt(s, S_OUTBOX_COUNT,
	    "SELECT count(*) FROM (SELECT 1 FROM outbox"
	    " WHERE basis_at / 86400 IN (?3 / 86400, ?4 / 86400)"
	    " AND recipient = ?1 AND purpose = ?2 AND basis_at BETWEEN ?3 AND ?4"
	    " LIMIT ?5)")) == NULL)
		return -1;
	since = store_window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	sqlite3_bind_int64(q, 5, cap);
	return store_count(s, q, n);
}
