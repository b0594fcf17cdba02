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
	 * 5 -> 6: urgent first.  An outbox row has the priority of its
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
