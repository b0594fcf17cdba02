/*
 * The schema: each migration takes it from version i to i + 1, in one
 * transaction, with the version in PRAGMA user_version.  A database
 * written by a newer reportgw is refused, never downgraded.
 */
#include <stdio.h>

#include "log.h"
#include "store_int.h"

/* Each migration takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE inbox ("
	"  id INTEGER PRIMARY KEY,"
	"  provider TEXT NOT NULL,"
	"  provider_id TEXT NOT NULL,"
	"  sender TEXT NOT NULL,"
	"  recipient TEXT,"
	"  text BLOB,"				/* raw bytes; NULL once purged */
	"  digest INTEGER NOT NULL,"		/* FNV-1a of text, for loops */
	"  received_at INTEGER NOT NULL,"
	"  stored_at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL DEFAULT 'sms',"
	"  status TEXT NOT NULL DEFAULT 'received',"
	"  error TEXT,"
	"  report_id INTEGER,"
	"  UNIQUE (provider, provider_id));"
	"CREATE INDEX inbox_received ON inbox (id) WHERE status = 'received';"
	"CREATE INDEX inbox_sender ON inbox (sender, digest, received_at);"
	"CREATE INDEX inbox_time ON inbox (received_at);"
	"CREATE TABLE reporters ("
	"  phone TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  village TEXT NOT NULL DEFAULT '',"
	"  commune TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  inbox_id INTEGER NOT NULL,"
	"  phone TEXT NOT NULL,"
	"  village TEXT NOT NULL,"
	"  commune TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  period TEXT,"
	"  fingerprint TEXT NOT NULL,"
	"  details TEXT NOT NULL,"
	"  alert INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL DEFAULT 'active',"
	"  superseded_by INTEGER,"
	"  received_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX reports_inbox ON reports (inbox_id);"
	"CREATE INDEX reports_time ON reports (received_at);"
	"CREATE INDEX reports_dup ON reports (phone, fingerprint, received_at);"
	"CREATE INDEX reports_village ON reports (village, received_at);"
	"CREATE INDEX reports_coverage ON reports (village, code, period)"
	"  WHERE kind = 'coverage' AND status = 'active';"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  recipient TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  purpose TEXT NOT NULL,"
	"  inbox_id INTEGER,"
	"  report_id INTEGER,"
	"  status TEXT NOT NULL DEFAULT 'pending',"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  uncertain INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  basis_at INTEGER NOT NULL,"
	"  provider_msg_id TEXT,"
	"  error TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  sent_at INTEGER);"
	"CREATE INDEX outbox_due ON outbox (next_attempt_at)"
	"  WHERE status = 'pending';"
	"CREATE INDEX outbox_recipient ON outbox (recipient, purpose, basis_at);"
	"CREATE INDEX outbox_time ON outbox (created_at);"
	"CREATE TABLE cursors ("
	"  provider TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  detail TEXT);",
	/* 1 -> 2: e-mail (digests, alerts) and reminders */
	"CREATE TABLE mail ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"			/* digest | alert | cancel */
	"  day TEXT,"				/* digest: local day */
	"  grp TEXT,"				/* digest: group name */
	"  report_id INTEGER,"			/* alert, cancel */
	"  message_id TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending',"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  uncertain INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  error TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  UNIQUE (kind, day, grp),"
	"  UNIQUE (kind, report_id));"
	"CREATE INDEX mail_due ON mail (next_attempt_at) WHERE status = 'pending';"
	"CREATE TABLE reminders ("
	"  kind TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  village TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, period, village));"
	"CREATE INDEX reports_changed ON reports (updated_at)"
	"  WHERE status != 'active';"
	"CREATE INDEX inbox_status_time ON inbox (status, received_at);"
	"CREATE INDEX reports_zero ON reports (period) WHERE kind = 'zero';"
	"CREATE INDEX reports_code_period ON reports (code, period)"
	"  WHERE kind = 'coverage' AND status = 'active';",
	/* 2 -> 3: the screen a USSD session ended with, for replays */
	"ALTER TABLE inbox ADD COLUMN reply TEXT;",
	/*
	 * 3 -> 4: the loop, rate and duplicate checks look at the last day
	 * only, so their indexes lead with the UTC day (the village's week
	 * so far, with a 7-day bucket).  New rows then land in the newest
	 * bucket's few pages, whatever the history holds; keyed by sender
	 * first, each batch dirtied one page per sender and text across the
	 * whole history, and ingest slowed as it grew.
	 */
	"DROP INDEX inbox_sender;"
	"DROP INDEX reports_dup;"
	"DROP INDEX reports_village;"
	"DROP INDEX outbox_recipient;"
	"CREATE INDEX inbox_sender ON inbox"
	"  (received_at / 86400, sender, digest, received_at);"
	"CREATE INDEX reports_dup ON reports"
	"  (received_at / 86400, phone, fingerprint, received_at);"
	"CREATE INDEX outbox_recipient ON outbox"
	"  (basis_at / 86400, recipient, purpose, basis_at);"
	"CREATE INDEX reports_village ON reports"	/* the week so far */
	"  (received_at / 604800, village, received_at);",
	/*
	 * 4 -> 5: a provider record that is not a message is kept, rejected,
	 * with its raw JSON; the text digest becomes a keyed hash (the key
	 * in meta, made at the first write), so the old unkeyed digests of
	 * purged texts, which a guess could confirm, are wiped.
	 */
	"ALTER TABLE inbox ADD COLUMN raw BLOB;"
	"UPDATE inbox SET digest = 0 WHERE text IS NULL;",
	/*
	 * 5 -> 6: a report that breaks a code book age rule is kept but
	 * flagged, for the reporter to check and the digest to list.  A
	 * message that may be urgent but was not understood is a report
	 * with status 'review' (no schema change: status is text).
	 */
	"ALTER TABLE reports ADD COLUMN implausible INTEGER NOT NULL"
	"  DEFAULT 0;",
	/*
	 * 6 -> 7: one SMS may carry several reports (BL G 9; DN T 7 C), each
	 * its own row with the message's inbox_id: the index on inbox_id is
	 * no longer unique.
	 */
	"DROP INDEX reports_inbox;"
	"CREATE INDEX reports_inbox ON reports (inbox_id);",
	/*
	 * 7 -> 8: cases, the follow-up of an alert or a review: one row per
	 * case with its state and the marks of what the schedule did
	 * (escalated_at, reminded_at), and its timeline of events.
	 */
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  ref INTEGER NOT NULL UNIQUE,"		/* the report opened for */
	"  report_id INTEGER NOT NULL,"		/* the one it follows now */
	"  code TEXT NOT NULL,"
	"  village TEXT NOT NULL,"
	"  commune TEXT NOT NULL,"
	"  phone TEXT NOT NULL,"			/* the reporter */
	"  status TEXT NOT NULL DEFAULT 'open',"
	"  level INTEGER NOT NULL DEFAULT 1,"
	"  owner TEXT NOT NULL DEFAULT '',"
	"  owner_phone TEXT NOT NULL DEFAULT '',"
	"  referred_to TEXT NOT NULL DEFAULT '',"
	"  opened_at INTEGER NOT NULL,"
	"  acknowledged_at INTEGER,"
	"  referred_at INTEGER,"
	"  closed_at INTEGER,"
	"  reopened_at INTEGER,"
	"  escalated_at INTEGER,"
	"  reminded_at INTEGER,"
	"  fed_ack INTEGER NOT NULL DEFAULT 0,"
	"  fed_close INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX cases_report ON cases (report_id);"
	"CREATE INDEX cases_open ON cases (opened_at) WHERE status != 'closed';"
	"CREATE INDEX cases_closed ON cases (closed_at) WHERE status = 'closed';"
	"CREATE INDEX cases_opened ON cases (opened_at);"
	"CREATE TABLE case_events ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX case_events_case ON case_events (case_id, id);",
	/*
	 * 8 -> 9: the staff web console (gateway/web/): sessions by the
	 * hash of their cookie (a copy of the database opens none), failed
	 * logins per user and per address for the lockout, and the audit
	 * log of every staff action.
	 */
	"CREATE TABLE web_sessions ("
	"  id TEXT PRIMARY KEY,"			/* hash of the cookie */
	"  user TEXT NOT NULL,"
	"  csrf TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL);"
	"CREATE INDEX web_sessions_user ON web_sessions (user);"
	"CREATE TABLE web_logins ("
	"  key TEXT PRIMARY KEY,"			/* u:NAME or a:ADDRESS */
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE web_audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX web_audit_at ON web_audit (at);",
	/*
	 * 9 -> 10: the web console's messages page lists the reports to
	 * review newest first: a small index of them alone; its trends
	 * count the active incidents of 12 or 52 weeks by code and commune
	 * from an index that holds all it reads (led by time, so new rows
	 * land in its last pages).
	 */
	"CREATE INDEX reports_review ON reports (received_at)"
	"  WHERE status = 'review';"
	"CREATE INDEX reports_incidents ON reports"
	"  (received_at, code, commune, kind, status)"
	"  WHERE kind = 'incident' AND status = 'active';",
	/*
	 * 10 -> 11: urgent first.  An outbox row has the priority of its
	 * purpose (the table in outbox.c, as outbox_priority() in SQL; rows
	 * written without one are routine), and the claim reads the pending
	 * rows by priority, then due time, then id, from its own index
	 * (outbox_due still gives the next due time to the daemon's sleep).
	 */
	"ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;"
	"UPDATE outbox SET priority = outbox_priority(purpose)"
	"  WHERE priority != outbox_priority(purpose);"
	"CREATE INDEX outbox_claim ON outbox (priority, next_attempt_at)"
	"  WHERE status = 'pending';",
};

int
store_schema_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

int
store_migrate(struct store *s)
{
	sqlite3_stmt	*q;
	int		 version, was, target = store_schema_version();
	char		 set[64];

	/* what the migrations call (their SQL is text) */
	if (sqlite3_create_function(s->db, "outbox_priority", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, store_sql_outbox_priority,
	    NULL, NULL) != SQLITE_OK) {
		store_warn(s, "outbox_priority");
		return -1;
	}
	if (store_exec(s, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q,
	    NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		store_warn(s, "user_version");
		sqlite3_finalize(q);
		goto fail;
	}
	version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version > target) {
		log_warnx("store: %s has schema version %d; this reportgw "
		    "knows up to %d (a newer reportgw wrote it)", s->path,
		    version, target);
		goto fail;
	}
	for (was = version; version < target; version++) {
		/* a large database takes a while to reindex: say so first */
		if (was > 0)
			log_info("store: upgrading the schema of %s to version "
			    "%d", s->path, version + 1);
		if (store_exec(s, migrations[version]) == -1)
			goto fail;
		snprintf(set, sizeof(set), "PRAGMA user_version = %d",
		    version + 1);
		if (store_exec(s, set) == -1)
			goto fail;
		log_info("store: schema upgraded to version %d", version + 1);
	}
	return store_exec(s, "COMMIT");
fail:
	store_exec(s, "ROLLBACK");
	return -1;
}
