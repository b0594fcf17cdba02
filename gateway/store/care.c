/*
 * Data care: the purge of raw texts, the counts of `reportgw status`,
 * the integrity check and the CSV export.  The counts and the export are
 * rare: prepared on use, not kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

/* Runs a chunked UPDATE bound to `before` until it changes nothing. */
static int
purge_chunks(struct store *s, sqlite3_stmt *q, time_t before, long *total)
{
	int n;

	*total = 0;
	if (q == NULL)
		return -1;
	do {
		if (store_begin(s) == -1)
			return -1;
		sqlite3_bind_int64(q, 1, before);
		if (store_run(s, q) == -1) {
			store_rollback(s);
			return -1;
		}
		n = sqlite3_changes(s->db);
		if (store_commit(s) == -1)
			return -1;
		*total += n;
	} while (n > 0);
	return 0;
}

int
store_purge_raw(struct store *s, time_t before, long *purged, long *notes)
{
	long case_notes;

	/* overwrite what is deleted; in chunks, so writers are not kept out */
	if (store_exec(s, "PRAGMA secure_delete = ON") == -1)
		return -1;
	/* raw texts of judged messages; the reports keep what was parsed */
	if (purge_chunks(s, store_stmt(s, S_PURGE_RAW,
	    "UPDATE inbox SET text = NULL, reply = NULL, raw = NULL, digest = 0"
	    " WHERE id IN (SELECT id FROM inbox WHERE received_at < ?"
	    "  AND status != 'received' AND (text IS NOT NULL OR reply IS NOT NULL"
	    "  OR raw IS NOT NULL OR digest != 0) LIMIT 5000)"), before,
	    purged) == -1)
		return -1;
	/* the free text after the codes (a name, a place) goes with the raw
	 * text; what was parsed stays */
	if (purge_chunks(s, store_stmt(s, S_PURGE_NOTES,
	    "UPDATE reports SET details = json_remove(details, '$.note')"
	    " WHERE id IN (SELECT id FROM reports WHERE received_at < ?"
	    "  AND json_valid(details)"
	    "  AND json_type(details, '$.note') IS NOT NULL LIMIT 5000)"), before,
	    notes) == -1)
		return -1;
	/* so do the officers' notes on cases; the timeline stays */
	if (purge_chunks(s, store_stmt(s, S_PURGE_CASE_NOTES,
	    "UPDATE case_events SET note = '' WHERE id IN (SELECT id FROM"
	    " case_events WHERE at < ? AND note != ''"
	    "  AND action NOT IN ('correct', 'escalate') LIMIT 5000)"), before,
	    &case_notes) == -1)
		return -1;
	*notes += case_notes;
	/* then a new key, so no digest left can confirm a guessed text */
	if (store_key_rotate(s, time(NULL)) == -1)
		return -1;
	/* and out of the write-ahead log */
	return store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* ---- counts, integrity, export ---- */

static int
scalar(struct store *s, const char *text, const char *bind, long long arg,
    long *out)
{
	sqlite3_stmt	*q;
	int		 rc;

	*out = 0;
	if (sqlite3_prepare_v2(s->db, text, -1, &q, NULL) != SQLITE_OK) {
		store_warn(s, text);
		return -1;
	}
	if (bind != NULL)
		sqlite3_bind_text(q, 1, bind, -1, SQLITE_STATIC);
	else if (sqlite3_bind_parameter_count(q) > 0)
		sqlite3_bind_int64(q, 1, arg);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_counts(struct store *s, time_t day_start, struct store_counts *c)
{
	static const char *const in[] = { "received", "processed",
	    "rejected", "unauthorised", "duplicate" };
	static const char *const out[] = { "pending", "sending", "sent",
	    "failed", "unknown" };
	char	buf[64];
	int	i, rc = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < 5; i++) {
		rc |= scalar(s, "SELECT count(*) FROM inbox WHERE status = ?",
		    in[i], 0, &c->inbox[i]);
		rc |= scalar(s, "SELECT count(*) FROM outbox WHERE status = ?",
		    out[i], 0, &c->outbox[i]);
		rc |= scalar(s, "SELECT count(*) FROM mail WHERE status = ?",
		    out[i], 0, &c->mail[i]);
	}
	rc |= scalar(s, "SELECT count(*) FROM reports WHERE received_at >= ?"
	    " AND status != 'superseded'", NULL, day_start, &c->reports_today);
	rc |= scalar(s, "SELECT count(*) FROM reports WHERE received_at >= ?"
	    " AND alert AND status = 'active'", NULL, day_start,
	    &c->alerts_today);
	rc |= scalar(s, "SELECT count(*) FROM reports WHERE received_at >= ?"
	    " AND status = 'review'", NULL, day_start, &c->reviews_today);
	rc |= scalar(s, "SELECT count(*) FROM reports WHERE status = ?",
	    "review", 0, &c->reviews_open);
	rc |= scalar(s, "SELECT count(*) FROM reporters WHERE status = ?",
	    "active", 0, &c->reporters_active);
	rc |= scalar(s, "SELECT count(*) FROM reporters WHERE status = ?",
	    "pending", 0, &c->reporters_pending);
	if (store_meta_get(s, "last_poll_ok", buf, sizeof(buf)) == 0)
		c->last_poll_ok = (time_t)strtoll(buf, NULL, 10);
	if (store_meta_get(s, "last_poll_try", buf, sizeof(buf)) == 0)
		c->last_poll_try = (time_t)strtoll(buf, NULL, 10);
	store_meta_get(s, "last_poll_error", c->last_poll_error,
	    sizeof(c->last_poll_error));
	{
		sqlite3_stmt *q;

		if (sqlite3_prepare_v2(s->db, "SELECT kind || ' ' ||"
		    " coalesce(day, '') || ': ' || coalesce(error, '') FROM mail"
		    " WHERE status = 'failed' ORDER BY sent_at DESC LIMIT 1", -1,
		    &q, NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW)
				store_copy_col(q, 0, c->mail_error,
				    sizeof(c->mail_error));
			sqlite3_finalize(q);
		}
	}
	return rc ? -1 : 0;
}

int
store_integrity(struct store *s, char *out, size_t size)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		store_copy_col(q, 0, out, size);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_export(struct store *s, const char *what, time_t from, time_t until,
    int (*fn)(const char *const *, const char *const *, int, void *),
    void *arg)
{
	static const struct {
		const char *what, *sql;
	} queries[] = {
		{ "reports",
		  "SELECT " STORE_EXPORT_REPORT_COLUMNS " FROM reports r"
		  STORE_EXPORT_REPORT_JOINS " WHERE r.received_at >= ? AND r.received_at < ? ORDER BY r.id" },
		{ "messages",
		  "SELECT provider, provider_id, sender AS \"from\", text,"
		  " received_at, status, error, channel, report_id AS ref"
		  " FROM inbox WHERE received_at >= ? AND received_at < ?"
		  " ORDER BY id" },
		{ "outbox",
		  "SELECT o.id, o.recipient AS \"to\", o.text, o.status,"
		  " o.attempts, o.purpose, i.provider_id, o.error,"
		  " o.created_at AS received_at, o.sent_at, o.report_id AS ref"
		  " FROM outbox o LEFT JOIN inbox i ON i.id = o.inbox_id"
		  " WHERE o.created_at >= ? AND o.created_at < ? ORDER BY o.id" },
		{ "audit",
		  "SELECT id, at, user, address, action, object, detail"
		  " FROM web_audit WHERE at >= ? AND at < ? ORDER BY id" },
	};
	sqlite3_stmt	*q = NULL;
	const char	*names[32], *values[32];
	size_t		 k;
	int		 rc, i, n;

	for (k = 0; k < sizeof(queries) / sizeof(queries[0]); k++)
		if (strcmp(queries[k].what, what) == 0)
			break;
	if (k == sizeof(queries) / sizeof(queries[0]))
		return -1;
	if (sqlite3_prepare_v2(s->db, queries[k].sql, -1, &q, NULL) !=
	    SQLITE_OK) {
		store_warn(s, what);
		return -1;
	}
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, until);
	n = sqlite3_column_count(q);
	for (i = 0; i < n && i < 32; i++)
		names[i] = sqlite3_column_name(q, i);
	/* the header first, even when no row follows */
	if (fn(names, NULL, n < 32 ? n : 32, arg) == -1) {
		sqlite3_finalize(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (i = 0; i < n && i < 32; i++) {
			names[i] = sqlite3_column_name(q, i);
			values[i] = (const char *)sqlite3_column_text(q, i);
		}
		if (fn(names, values, n, arg) == -1) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}
