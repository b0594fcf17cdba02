/*
 * The store: the schema, its migrations and every statement, prepared once
 * at open.  Writers use BEGIN IMMEDIATE so a busy database is seen at the
 * start of a transaction, never half-way; the busy timeout lets the
 * daemon, the HTTP handlers and the CLI share the file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "log.h"
#include "store.h"
#include "xmalloc.h"

#define BUSY_TIMEOUT_MS	5000

#ifdef FAULT_INJECT
/* the fault build fails the Nth step as a disk error would */
static int
fault_step(sqlite3_stmt *q)
{
	return fault_hit(FAULT_STEP) ? SQLITE_IOERR : sqlite3_step(q);
}
#define sqlite3_step	fault_step
#endif

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
};

enum stmt {
	S_INBOX_ADD,
	S_INBOX_REJECT,
	S_INBOX_PENDING,
	S_INBOX_FINISH,
	S_INBOX_IDENTICAL,
	S_INBOX_GET,
	S_INBOX_SET_REPLY,
	S_PURGE_RAW,
	S_PURGE_NOTES,
	S_KEY_GET,
	S_KEY_SET,
	S_REHASH_SELECT,
	S_REHASH_UPDATE,
	S_CURSOR_GET,
	S_CURSOR_SET,
	S_META_GET,
	S_META_SET,
	S_REPORTER_GET,
	S_REPORTER_INSERT,
	S_REPORTER_UPDATE,
	S_REPORTER_STATUS,
	S_REPORTER_EACH,
	S_REPORT_ADD,
	S_REPORT_DUP,
	S_REPORT_GET,
	S_REPORT_STATUS,
	S_COVERAGE_SUPERSEDE,
	S_VILLAGE_WEEK,
	S_OUTBOX_ADD,
	S_OUTBOX_COUNT,
	S_OUTBOX_DUE,
	S_OUTBOX_CLAIM,
	S_OUTBOX_SENT,
	S_OUTBOX_FAILED,
	S_OUTBOX_RETRY,
	S_OUTBOX_RECOVER_AGAIN,
	S_OUTBOX_RECOVER_FIRST,
	S_OUTBOX_NEXT,
	S_EVENT,
	S_MAIL_ALERT,
	S_MAIL_DIGEST,
	S_MAIL_DUE,
	S_MAIL_CLAIM,
	S_MAIL_SENT,
	S_MAIL_FAILED,
	S_MAIL_RETRY,
	S_MAIL_RECOVER_DIGEST,
	S_MAIL_RECOVER_AGAIN,
	S_MAIL_RECOVER_FIRST,
	S_MAIL_NEXT,
	S_MAIL_STATUS,
	S_REMINDER,
	S_COVERAGE_LATEST,
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
	S_COUNT
};

static const char *const sql[S_COUNT] = {
	[S_INBOX_ADD] =
	    "INSERT INTO inbox (provider, provider_id, sender, recipient, text,"
	    " received_at, stored_at, channel, digest) VALUES (?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT (provider, provider_id) DO NOTHING",
	[S_INBOX_REJECT] =
	    "INSERT INTO inbox (provider, provider_id, sender, raw, received_at,"
	    " stored_at, channel, digest, status, error)"
	    " VALUES (?,?,?,?,?,?,'sms',0,'rejected',?)"
	    " ON CONFLICT (provider, provider_id) DO NOTHING",
	[S_INBOX_PENDING] =
	    "SELECT id, provider, provider_id, sender, text, received_at,"
	    " channel FROM inbox WHERE status = 'received' ORDER BY id LIMIT ?",
	[S_INBOX_FINISH] =
	    "UPDATE inbox SET status = ?, error = ?, report_id = ?"
	    " WHERE id = ? AND status = 'received'",
	[S_INBOX_IDENTICAL] =
	    "SELECT count(*) FROM (SELECT 1 FROM inbox"
	    " WHERE received_at / 86400 IN (?3 / 86400, ?4 / 86400)"
	    " AND sender = ?1 AND digest = ?2 AND received_at BETWEEN ?3 AND ?4"
	    " AND text = ?5 LIMIT ?6)",
	[S_INBOX_GET] =
	    "SELECT id, provider, provider_id, sender, text, received_at,"
	    " channel, status, reply, report_id FROM inbox"
	    " WHERE provider = ? AND provider_id = ?",
	[S_INBOX_SET_REPLY] = "UPDATE inbox SET reply = ? WHERE id = ?",
	/* raw texts of judged messages; the reports keep what was parsed */
	[S_PURGE_RAW] =
	    "UPDATE inbox SET text = NULL, reply = NULL, raw = NULL, digest = 0"
	    " WHERE id IN (SELECT id FROM inbox WHERE received_at < ?"
	    "  AND status != 'received' AND (text IS NOT NULL OR reply IS NOT NULL"
	    "  OR raw IS NOT NULL OR digest != 0) LIMIT 5000)",
	/* the free text after the codes (a name, a place) goes with the raw
	 * text; what was parsed stays */
	[S_PURGE_NOTES] =
	    "UPDATE reports SET details = json_remove(details, '$.note')"
	    " WHERE id IN (SELECT id FROM reports WHERE received_at < ?"
	    "  AND json_valid(details)"
	    "  AND json_type(details, '$.note') IS NOT NULL LIMIT 5000)",
	[S_KEY_GET] = "SELECT value FROM meta WHERE key = 'inbox_key'",
	[S_KEY_SET] =
	    "INSERT INTO meta (key, value) VALUES ('inbox_key', ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* the last two days' texts, the window of the loop check */
	[S_REHASH_SELECT] =
	    "SELECT id, text FROM inbox WHERE received_at >= ? AND id > ?"
	    " AND text IS NOT NULL ORDER BY id LIMIT 1000",
	[S_REHASH_UPDATE] = "UPDATE inbox SET digest = ? WHERE id = ?",
	[S_CURSOR_GET] = "SELECT value FROM cursors WHERE provider = ?",
	[S_CURSOR_SET] =
	    "INSERT INTO cursors (provider, value, updated_at) VALUES (?,?,?)"
	    " ON CONFLICT (provider) DO UPDATE SET value = excluded.value,"
	    " updated_at = excluded.updated_at",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?",
	[S_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT (key)"
	    " DO UPDATE SET value = excluded.value",
	[S_REPORTER_GET] =
	    "SELECT phone, name, village, commune, status, source"
	    " FROM reporters WHERE phone = ?",
	[S_REPORTER_INSERT] =
	    "INSERT INTO reporters (phone, name, village, commune, status,"
	    " source, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)"
	    " ON CONFLICT (phone) DO NOTHING",
	[S_REPORTER_UPDATE] =
	    "UPDATE reporters SET name = ?, village = ?, commune = ?,"
	    " status = CASE WHEN ? THEN ? ELSE status END, updated_at = ?"
	    " WHERE phone = ?",
	[S_REPORTER_STATUS] =
	    "UPDATE reporters SET status = ?, updated_at = ? WHERE phone = ?",
	[S_REPORTER_EACH] =
	    "SELECT phone, name, village, commune, status, source"
	    " FROM reporters ORDER BY commune, village, phone",
	[S_REPORT_ADD] =
	    "INSERT INTO reports (inbox_id, phone, village, commune, kind, code,"
	    " period, fingerprint, details, alert, received_at, created_at,"
	    " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_REPORT_DUP] =
	    "SELECT id FROM reports WHERE received_at / 86400 IN"
	    " (?3 / 86400, ?4 / 86400) AND phone = ?1 AND fingerprint = ?2"
	    " AND received_at BETWEEN ?3 AND ?4 AND status = 'active'"
	    " ORDER BY id LIMIT 1",
	[S_REPORT_GET] =
	    "SELECT id, inbox_id, phone, village, commune, kind, code,"
	    " coalesce(period, ''), fingerprint, details, status, alert,"
	    " received_at FROM reports WHERE id = ?",
	[S_REPORT_STATUS] =
	    "UPDATE reports SET status = ?, superseded_by = ?, updated_at = ?"
	    " WHERE id = ?",
	[S_COVERAGE_SUPERSEDE] =
	    "UPDATE reports SET status = 'superseded', superseded_by = ?,"
	    " updated_at = ? WHERE village = ? AND code = ? AND period = ?"
	    " AND kind = 'coverage' AND status = 'active' AND id != ?",
	[S_VILLAGE_WEEK] =
	    "SELECT kind, count(*) FROM reports WHERE received_at / 604800 IN"
	    " (?2 / 604800, ?3 / 604800) AND village = ?1"
	    " AND received_at BETWEEN ?2 AND ?3 AND status = 'active'"
	    " GROUP BY kind",
	[S_OUTBOX_ADD] =
	    "INSERT INTO outbox (recipient, text, purpose, inbox_id, report_id,"
	    " next_attempt_at, basis_at, created_at) VALUES (?,?,?,?,?,?,?,?)",
	[S_OUTBOX_COUNT] =
	    "SELECT count(*) FROM (SELECT 1 FROM outbox"
	    " WHERE basis_at / 86400 IN (?3 / 86400, ?4 / 86400)"
	    " AND recipient = ?1 AND purpose = ?2 AND basis_at BETWEEN ?3 AND ?4"
	    " LIMIT ?5)",
	[S_OUTBOX_DUE] =
	    "SELECT id, recipient, text, purpose, attempts, uncertain"
	    " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
	    " ORDER BY next_attempt_at, id LIMIT 1",
	[S_OUTBOX_CLAIM] =
	    "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
	    " WHERE id = ? AND status = 'pending'",
	[S_OUTBOX_SENT] =
	    "UPDATE outbox SET status = CASE uncertain WHEN 0 THEN 'sent'"
	    " ELSE 'unknown' END, provider_msg_id = ?, sent_at = ?, error = NULL"
	    " WHERE id = ?",
	[S_OUTBOX_FAILED] =
	    "UPDATE outbox SET status = 'failed', error = ?, sent_at = ?"
	    " WHERE id = ?",
	[S_OUTBOX_RETRY] =
	    "UPDATE outbox SET status = 'pending', error = ?,"
	    " next_attempt_at = ? WHERE id = ?",
	[S_OUTBOX_RECOVER_AGAIN] =
	    "UPDATE outbox SET status = 'unknown', error = 'in flight at two"
	    " crashes; not sent again' WHERE status = 'sending' AND uncertain",
	[S_OUTBOX_RECOVER_FIRST] =
	    "UPDATE outbox SET status = 'pending', uncertain = 1,"
	    " error = 'in flight at a crash; sent once more'"
	    " WHERE status = 'sending'",
	[S_OUTBOX_NEXT] =
	    "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'",
	[S_EVENT] =
	    "INSERT INTO events (at, entity, entity_id, status, detail)"
	    " VALUES (?,?,?,?,?)",
	[S_MAIL_ALERT] =
	    "INSERT INTO mail (kind, report_id, message_id, next_attempt_at,"
	    " created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
	[S_MAIL_DIGEST] =
	    "INSERT INTO mail (kind, day, grp, message_id, next_attempt_at,"
	    " created_at) VALUES ('digest',?,?,?,?,?) ON CONFLICT DO NOTHING",
	[S_MAIL_DUE] =
	    "SELECT id, kind, coalesce(day, ''), coalesce(grp, ''),"
	    " coalesce(report_id, 0), attempts, uncertain, message_id"
	    " FROM mail WHERE status = 'pending' AND next_attempt_at <= ?"
	    " ORDER BY kind = 'digest', day, id LIMIT 1",
	[S_MAIL_CLAIM] =
	    "UPDATE mail SET status = 'sending', attempts = attempts + 1"
	    " WHERE id = ? AND status = 'pending'",
	[S_MAIL_SENT] =
	    "UPDATE mail SET status = CASE uncertain WHEN 0 THEN 'sent'"
	    " ELSE 'unknown' END, sent_at = ?, error = NULL WHERE id = ?",
	[S_MAIL_FAILED] =
	    "UPDATE mail SET status = 'failed', error = ?, sent_at = ?"
	    " WHERE id = ?",
	[S_MAIL_RETRY] =
	    "UPDATE mail SET status = 'pending', error = ?,"
	    " next_attempt_at = ? WHERE id = ?",
	/* a digest the server may have taken is never sent again */
	[S_MAIL_RECOVER_DIGEST] =
	    "UPDATE mail SET status = 'unknown', error = 'in flight at a"
	    " crash: the server may have it' WHERE status = 'sending'"
	    " AND kind = 'digest'",
	[S_MAIL_RECOVER_AGAIN] =
	    "UPDATE mail SET status = 'unknown', error = 'in flight at two"
	    " crashes' WHERE status = 'sending' AND uncertain",
	/* an alert is sent once more, with the same Message-ID */
	[S_MAIL_RECOVER_FIRST] =
	    "UPDATE mail SET status = 'pending', uncertain = 1,"
	    " error = 'in flight at a crash; sent once more'"
	    " WHERE status = 'sending'",
	[S_MAIL_NEXT] =
	    "SELECT min(next_attempt_at) FROM mail WHERE status = 'pending'",
	[S_MAIL_STATUS] =
	    "SELECT day, status FROM mail WHERE kind = 'digest' AND grp = ?"
	    " AND day < ? AND day >= ? AND status IN ('unknown', 'failed')"
	    " ORDER BY day",
	[S_REMINDER] =
	    "INSERT INTO reminders (kind, period, village, created_at)"
	    " VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
	[S_COVERAGE_LATEST] =
	    "SELECT id, period, details, received_at FROM reports"
	    " WHERE village = ? AND code = ? AND kind = 'coverage'"
	    " AND status = 'active' ORDER BY period DESC, id DESC LIMIT 1",
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVEPOINT] = "SAVEPOINT msg",
	[S_RELEASE] = "RELEASE msg",
	[S_ROLLBACK_TO] = "ROLLBACK TO msg",
};

static int	load_key(struct store *);

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_COUNT];
	char		*path;
	int		 gated;		/* holds the write gate */
	unsigned char	 key[crypto_shorthash_KEYBYTES];  /* text digests */
	int		 keyed;		/* key holds the database's key */
};

/*
 * The write gate: write transactions of this process's connections take
 * turns in arrival order (a ticket lock).  SQLite's busy handler retries
 * by sleeping, so a thread that commits and begins again at once would
 * win nearly every time; with the gate a USSD screen waits for at most
 * the one poll batch in progress.  Other processes still meet the busy
 * timeout.
 */
static pthread_mutex_t	gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	gate_cv = PTHREAD_COND_INITIALIZER;
static unsigned long	gate_next, gate_serving;

static void
gate_enter(struct store *s)
{
	unsigned long ticket;

	if (s->gated)
		return;
	pthread_mutex_lock(&gate_mu);
	ticket = gate_next++;
	while (ticket != gate_serving)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	s->gated = 1;
}

static void
gate_leave(struct store *s)
{
	if (!s->gated)
		return;
	s->gated = 0;
	pthread_mutex_lock(&gate_mu);
	gate_serving++;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

static void
db_warn(struct store *s, const char *what)
{
	log_warnx("store: %s: %s", what, sqlite3_errmsg(s->db));
}

/* Resets a statement and clears its bindings for the next use. */
static sqlite3_stmt *
stmt(struct store *s, enum stmt k)
{
	sqlite3_reset(s->st[k]);
	sqlite3_clear_bindings(s->st[k]);
	return s->st[k];
}

/* Runs a statement that returns no rows. */
static int
run(struct store *s, enum stmt k, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_warnx("store: %.60s: %s", sql[k], sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

static void
copy_col(sqlite3_stmt *q, int col, char *out, size_t size)
{
	const unsigned char	*v = sqlite3_column_text(q, col);
	size_t			 n = (size_t)sqlite3_column_bytes(q, col);

	if (v == NULL)
		n = 0;
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(out, v, n);
	out[n] = '\0';
}

static int
exec(struct store *s, const char *text)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, text, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("store: %.60s: %s", text, err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

void
store_library_init(void)
{
	/* SQLite's allocation statistics take a global mutex on every
	 * malloc and free; nothing here reads them (3 % of ingest time) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
store_schema_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

static int
migrate(struct store *s)
{
	sqlite3_stmt	*q;
	int		 version, was, target = store_schema_version();
	char		 set[64];

	if (exec(s, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q,
	    NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		db_warn(s, "user_version");
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
		if (exec(s, migrations[version]) == -1)
			goto fail;
		snprintf(set, sizeof(set), "PRAGMA user_version = %d",
		    version + 1);
		if (exec(s, set) == -1)
			goto fail;
		log_info("store: schema upgraded to version %d", version + 1);
	}
	return exec(s, "COMMIT");
fail:
	exec(s, "ROLLBACK");
	return -1;
}

struct store *
store_open(const char *path)
{
	struct store	*s = xcalloc(1, sizeof(*s));
	struct stat	 sb;
	int		 fd, k;

	s->path = xstrdup(path);
	if (sodium_init() == -1) {	/* idempotent: the digest key's RNG */
		log_warnx("store: libsodium cannot start");
		goto fail;
	}
	/*
	 * Create the file ourselves so it is 0600 from its first byte.  An
	 * existing file is never opened and closed here: closing any
	 * descriptor of a file drops every POSIX lock this process holds on
	 * it, including those of SQLite connections open in other threads.
	 */
	if (strcmp(path, ":memory:") != 0) {
		if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) != -1)
			close(fd);
		else if (errno != EEXIST) {
			log_warn("store: %s", path);
			goto fail;
		}
		if (stat(path, &sb) == 0 && (sb.st_mode & 077) != 0 &&
		    chmod(path, 0600) == -1)
			log_warn("store: chmod %s", path);
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("store: %s: %s", path, s->db != NULL ?
		    sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (exec(s, "PRAGMA journal_mode = WAL") == -1 ||
	    exec(s, "PRAGMA synchronous = FULL") == -1 ||
	    exec(s, "PRAGMA foreign_keys = ON") == -1 ||
	    exec(s, "PRAGMA cache_size = -2000") == -1 ||
	    migrate(s) == -1)
		goto fail;
	for (k = 0; k < S_COUNT; k++)
		if (sqlite3_prepare_v3(s->db, sql[k], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[k], NULL) != SQLITE_OK) {
			log_warnx("store: prepare %.60s: %s", sql[k],
			    sqlite3_errmsg(s->db));
			goto fail;
		}
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	int k;

	if (s == NULL)
		return;
	for (k = 0; k < S_COUNT; k++)
		sqlite3_finalize(s->st[k]);
	if (s->db != NULL && sqlite3_close(s->db) != SQLITE_OK)
		log_warnx("store: close: %s", sqlite3_errmsg(s->db));
	free(s->path);
	free(s);
}

int
store_begin(struct store *s)
{
	gate_enter(s);
	if (run(s, S_BEGIN, stmt(s, S_BEGIN)) == -1) {
		gate_leave(s);
		return -1;
	}
	/* the digest key may have been replaced by a purge elsewhere */
	if (load_key(s) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
store_commit(struct store *s)
{
	if (run(s, S_COMMIT, stmt(s, S_COMMIT)) == -1) {
		store_rollback(s);
		return -1;
	}
	gate_leave(s);
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db) &&
	    run(s, S_ROLLBACK, stmt(s, S_ROLLBACK)) == -1 &&
	    !sqlite3_get_autocommit(s->db)) {
		/* never stay inside a transaction: every later BEGIN would
		 * fail.  Try once more outside the prepared statement. */
		if (sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) !=
		    SQLITE_OK)
			db_warn(s, "ROLLBACK again");
	}
	gate_leave(s);
}

int
store_savepoint(struct store *s)
{
	return run(s, S_SAVEPOINT, stmt(s, S_SAVEPOINT));
}

int
store_release(struct store *s)
{
	return run(s, S_RELEASE, stmt(s, S_RELEASE));
}

void
store_rollback_savepoint(struct store *s)
{
	run(s, S_ROLLBACK_TO, stmt(s, S_ROLLBACK_TO));
	run(s, S_RELEASE, stmt(s, S_RELEASE));
}

static void
event(struct store *s, const char *entity, int64_t id, const char *status,
    const char *detail, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_EVENT);

	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_text(q, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, id);
	sqlite3_bind_text(q, 4, status, -1, SQLITE_STATIC);
	if (detail != NULL)
		sqlite3_bind_text(q, 5, detail, -1, SQLITE_STATIC);
	run(s, S_EVENT, q);
}

/* ---- inbox ---- */

/*
 * The database's key for text digests: made at the first write, replaced
 * by store_purge_raw.  Read again at each write transaction, so a purge
 * run by another process is seen at once.  -1 when it cannot be had.
 */
static int	new_key(struct store *);

static int
load_key(struct store *s)
{
	sqlite3_stmt	*q = stmt(s, S_KEY_GET);
	char		 hex[2 * crypto_shorthash_KEYBYTES + 1];
	size_t		 n = 0;
	int		 rc;

	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) ==
	    (int)sizeof(hex) - 1 && sodium_hex2bin(s->key, sizeof(s->key),
	    (const char *)sqlite3_column_text(q, 0), sizeof(hex) - 1, NULL,
	    &n, NULL) == 0 && n == sizeof(s->key)) {
		sqlite3_reset(q);
		s->keyed = 1;
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(s, "inbox key");
		return -1;
	}
	if (sqlite3_get_autocommit(s->db))
		return -1;	/* made by the next write transaction */
	return new_key(s);
}

/* Makes and stores a new key (inside a write transaction). */
static int
new_key(struct store *s)
{
	sqlite3_stmt	*q = stmt(s, S_KEY_SET);
	char		 hex[2 * crypto_shorthash_KEYBYTES + 1];

	crypto_shorthash_keygen(s->key);
	sodium_bin2hex(hex, sizeof(hex), s->key, sizeof(s->key));
	sqlite3_bind_text(q, 1, hex, -1, SQLITE_TRANSIENT);
	sodium_memzero(hex, sizeof(hex));
	if (run(s, S_KEY_SET, q) == -1)
		return -1;
	s->keyed = 1;
	return 0;
}

/*
 * A keyed 64-bit hash of a text (SipHash-2-4), as a signed SQLite
 * integer: it finds identical texts for the loop check without letting
 * anyone who reads the file confirm a guessed text once the key is gone.
 */
static sqlite3_int64
digest(struct store *s, const char *text, size_t len)
{
	unsigned char	h[crypto_shorthash_BYTES];
	uint64_t	v = 0;
	size_t		i;

	if (!s->keyed && load_key(s) == -1)
		return 0;	/* no key yet: nothing to find either */
	crypto_shorthash(h, (const unsigned char *)text, len, s->key);
	for (i = 0; i < sizeof(h); i++)
		v = v << 8 | h[i];
	return (sqlite3_int64)(v >> 1) | 1;	/* never 0: purged rows */
}

int
store_inbox_add(struct store *s, const char *provider, const char *pid,
    const char *sender, const char *recipient, const char *text,
    size_t textlen, time_t received_at, const char *channel, int *added)
{
	sqlite3_stmt *q = stmt(s, S_INBOX_ADD);

	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, sender, -1, SQLITE_STATIC);
	if (recipient != NULL)
		sqlite3_bind_text(q, 4, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, text, (int)textlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, received_at);
	sqlite3_bind_int64(q, 7, time(NULL));
	sqlite3_bind_text(q, 8, channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, digest(s, text, textlen));
	if (run(s, S_INBOX_ADD, q) == -1)
		return -1;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

int
store_inbox_reject(struct store *s, const char *provider, const char *pid,
    const char *sender, const char *raw, size_t rawlen, time_t received_at,
    const char *reason, int *added)
{
	sqlite3_stmt *q = stmt(s, S_INBOX_REJECT);

	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, sender, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 4, raw, (int)rawlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, received_at);
	sqlite3_bind_int64(q, 6, time(NULL));
	sqlite3_bind_text(q, 7, reason, -1, SQLITE_STATIC);
	if (run(s, S_INBOX_REJECT, q) == -1)
		return -1;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

/* Reads id, provider, provider_id, sender, text, received_at, channel. */
static void
inbox_row(sqlite3_stmt *q, struct inbox_msg *m)
{
	size_t len;

	m->id = sqlite3_column_int64(q, 0);
	copy_col(q, 1, m->provider, sizeof(m->provider));
	copy_col(q, 2, m->provider_id, sizeof(m->provider_id));
	copy_col(q, 3, m->sender, sizeof(m->sender));
	len = (size_t)sqlite3_column_bytes(q, 4);
	if (len >= sizeof(m->text))
		len = sizeof(m->text) - 1;
	if (len > 0)
		memcpy(m->text, sqlite3_column_blob(q, 4), len);
	m->text[len] = '\0';
	m->textlen = len;
	m->received_at = (time_t)sqlite3_column_int64(q, 5);
	copy_col(q, 6, m->channel, sizeof(m->channel));
}

int
store_inbox_get(struct store *s, const char *provider, const char *pid,
    struct inbox_msg *m, char *status, size_t statussz, char *reply,
    size_t replysz, int64_t *report_id)
{
	sqlite3_stmt	*q = stmt(s, S_INBOX_GET);
	int		 rc;

	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, pid, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		inbox_row(q, m);
		copy_col(q, 7, status, statussz);
		copy_col(q, 8, reply, replysz);
		*report_id = sqlite3_column_int64(q, 9);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_warn(s, "inbox get");
	return -1;
}

int
store_inbox_set_reply(struct store *s, int64_t id, const char *reply)
{
	sqlite3_stmt *q = stmt(s, S_INBOX_SET_REPLY);

	sqlite3_bind_text(q, 1, reply, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	return run(s, S_INBOX_SET_REPLY, q);
}

int
store_inbox_pending(struct store *s, struct inbox_msg *out, size_t max,
    size_t *n)
{
	sqlite3_stmt	*q = stmt(s, S_INBOX_PENDING);
	int		 rc;

	*n = 0;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		inbox_row(q, &out[(*n)++]);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_warn(s, "inbox pending");
		return -1;
	}
	return 0;
}

int
store_inbox_finish(struct store *s, int64_t id, const char *status,
    const char *error, int64_t report_id)
{
	sqlite3_stmt *q = stmt(s, S_INBOX_FINISH);

	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	if (error != NULL)
		sqlite3_bind_text(q, 2, error, -1, SQLITE_STATIC);
	if (report_id > 0)
		sqlite3_bind_int64(q, 3, report_id);
	sqlite3_bind_int64(q, 4, id);
	/* the inbox row itself records the outcome: no event row */
	return run(s, S_INBOX_FINISH, q);
}

static int
count_query(struct store *s, enum stmt k, sqlite3_stmt *q, long *n)
{
	int rc = sqlite3_step(q);

	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		log_warnx("store: %.60s: %s", sql[k], sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

/*
 * The loop, rate and duplicate checks find their rows through indexes that
 * lead with a time bucket (migration 3 -> 4): a window no longer than a
 * bucket touches two buckets, and the queries name both.  The callers'
 * windows are shorter by construction; a longer one would be a bug, and
 * is cut (with a warning) rather than let a message wait forever.
 */
static time_t
window_start(struct store *s, time_t since, time_t until, time_t bucket)
{
	if (until - since <= bucket)
		return since;
	log_warnx("%s: internal error: a %lld s window is longer than the "
	    "%lld s its index is bucketed by; cut", s->path,
	    (long long)(until - since), (long long)bucket);
	return until - bucket;
}

int
store_inbox_count_identical(struct store *s, const char *sender,
    const char *text, size_t textlen, time_t since, time_t until, long cap,
    long *n)
{
	sqlite3_stmt *q = stmt(s, S_INBOX_IDENTICAL);

	since = window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, sender, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, digest(s, text, textlen));
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	sqlite3_bind_blob(q, 5, text, (int)textlen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, cap);
	return count_query(s, S_INBOX_IDENTICAL, q, n);
}

/* ---- cursors and meta ---- */

static int
get_value(struct store *s, enum stmt k, const char *key, char *out,
    size_t size)
{
	sqlite3_stmt	*q = stmt(s, k);
	int		 rc;

	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	out[0] = '\0';
	if (rc == SQLITE_ROW)
		copy_col(q, 0, out, size);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(s, key);
		return -1;
	}
	return 0;
}

int
store_cursor_get(struct store *s, const char *provider, char *out,
    size_t size)
{
	return get_value(s, S_CURSOR_GET, provider, out, size);
}

int
store_cursor_set(struct store *s, const char *provider, const char *value)
{
	sqlite3_stmt *q = stmt(s, S_CURSOR_SET);

	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, time(NULL));
	return run(s, S_CURSOR_SET, q);
}

int
store_meta_get(struct store *s, const char *key, char *out, size_t size)
{
	return get_value(s, S_META_GET, key, out, size);
}

int
store_meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *q = stmt(s, S_META_SET);

	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	return run(s, S_META_SET, q);
}

/* ---- reporters ---- */

static void
reporter_from(sqlite3_stmt *q, struct reporter *r)
{
	copy_col(q, 0, r->phone, sizeof(r->phone));
	copy_col(q, 1, r->name, sizeof(r->name));
	copy_col(q, 2, r->village, sizeof(r->village));
	copy_col(q, 3, r->commune, sizeof(r->commune));
	copy_col(q, 4, r->status, sizeof(r->status));
	copy_col(q, 5, r->source, sizeof(r->source));
}

int
store_reporter_get(struct store *s, const char *phone, struct reporter *r)
{
	sqlite3_stmt	*q = stmt(s, S_REPORTER_GET);
	int		 rc;

	sqlite3_bind_text(q, 1, phone, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		reporter_from(q, r);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(s, "reporter");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_reporter_put(struct store *s, const struct reporter *r,
    int force_status)
{
	sqlite3_stmt	*q = stmt(s, S_REPORTER_INSERT);
	time_t		 now = time(NULL);

	sqlite3_bind_text(q, 1, r->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, r->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, now);
	sqlite3_bind_int64(q, 8, now);
	if (run(s, S_REPORTER_INSERT, q) == -1)
		return -1;
	if (sqlite3_changes(s->db) > 0)
		return 0;
	q = stmt(s, S_REPORTER_UPDATE);
	sqlite3_bind_text(q, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, r->village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->commune, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, force_status);
	sqlite3_bind_text(q, 5, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, now);
	sqlite3_bind_text(q, 7, r->phone, -1, SQLITE_STATIC);
	return run(s, S_REPORTER_UPDATE, q);
}

int
store_reporter_set_status(struct store *s, const char *phone,
    const char *status)
{
	sqlite3_stmt *q = stmt(s, S_REPORTER_STATUS);

	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, time(NULL));
	sqlite3_bind_text(q, 3, phone, -1, SQLITE_STATIC);
	if (run(s, S_REPORTER_STATUS, q) == -1)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int
store_reporter_each(struct store *s,
    void (*fn)(const struct reporter *, void *), void *arg)
{
	sqlite3_stmt	*q = stmt(s, S_REPORTER_EACH);
	struct reporter	 r;
	int		 rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		reporter_from(q, &r);
		fn(&r, arg);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- reports ---- */

int
store_report_add(struct store *s, const struct report_row *r, time_t now,
    int64_t *id)
{
	sqlite3_stmt *q = stmt(s, S_REPORT_ADD);

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
	if (run(s, S_REPORT_ADD, q) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_report_find_duplicate(struct store *s, const char *phone,
    const char *fingerprint, time_t since, time_t until, int64_t *id)
{
	sqlite3_stmt	*q = stmt(s, S_REPORT_DUP);
	int		 rc;

	since = window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(s, "duplicate");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_report_get(struct store *s, int64_t id, struct report_row *r)
{
	sqlite3_stmt	*q = stmt(s, S_REPORT_GET);
	int		 rc;

	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(q, 0);
		r->inbox_id = sqlite3_column_int64(q, 1);
		copy_col(q, 2, r->phone, sizeof(r->phone));
		copy_col(q, 3, r->village, sizeof(r->village));
		copy_col(q, 4, r->commune, sizeof(r->commune));
		copy_col(q, 5, r->kind, sizeof(r->kind));
		copy_col(q, 6, r->code, sizeof(r->code));
		copy_col(q, 7, r->period, sizeof(r->period));
		copy_col(q, 8, r->fingerprint, sizeof(r->fingerprint));
		copy_col(q, 9, r->details, sizeof(r->details));
		copy_col(q, 10, r->status, sizeof(r->status));
		r->alert = sqlite3_column_int(q, 11);
		r->received_at = (time_t)sqlite3_column_int64(q, 12);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(s, "report");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_report_set_status(struct store *s, int64_t id, const char *status,
    int64_t superseded_by, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_REPORT_STATUS);

	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	if (superseded_by > 0)
		sqlite3_bind_int64(q, 2, superseded_by);
	sqlite3_bind_int64(q, 3, now);
	sqlite3_bind_int64(q, 4, id);
	if (run(s, S_REPORT_STATUS, q) == -1)
		return -1;
	event(s, "report", id, status, NULL, now);
	return 0;
}

int
store_coverage_supersede(struct store *s, const char *village,
    const char *code, const char *period, int64_t new_id, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_COVERAGE_SUPERSEDE);

	sqlite3_bind_int64(q, 1, new_id);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_text(q, 3, village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, new_id);
	return run(s, S_COVERAGE_SUPERSEDE, q);
}

int
store_village_week(struct store *s, const char *village, time_t since,
    time_t until, long *incidents, long *coverage, long *zero)
{
	sqlite3_stmt	*q = stmt(s, S_VILLAGE_WEEK);
	int		 rc;

	*incidents = *coverage = *zero = 0;
	since = window_start(s, since, until, 604800);
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

/* ---- outbox ---- */

int
store_outbox_add(struct store *s, const char *recipient, const char *text,
    const char *purpose, int64_t inbox_id, int64_t report_id,
    time_t basis_at, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_OUTBOX_ADD);

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
	return run(s, S_OUTBOX_ADD, q);
}

int
store_outbox_count(struct store *s, const char *recipient,
    const char *purpose, time_t since, time_t until, long cap, long *n)
{
	sqlite3_stmt *q = stmt(s, S_OUTBOX_COUNT);

	since = window_start(s, since, until, 86400);
	sqlite3_bind_text(q, 1, recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, since);
	sqlite3_bind_int64(q, 4, until);
	sqlite3_bind_int64(q, 5, cap);
	return count_query(s, S_OUTBOX_COUNT, q, n);
}

int
store_outbox_claim(struct store *s, time_t now, struct outbox_msg *m)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (store_begin(s) == -1)
		return -1;
	q = stmt(s, S_OUTBOX_DUE);
	sqlite3_bind_int64(q, 1, now);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, m->recipient, sizeof(m->recipient));
		copy_col(q, 2, m->text, sizeof(m->text));
		copy_col(q, 3, m->purpose, sizeof(m->purpose));
		m->attempts = sqlite3_column_int(q, 4) + 1;
		m->uncertain = sqlite3_column_int(q, 5);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_rollback(s);
		if (rc != SQLITE_DONE) {
			db_warn(s, "outbox due");
			return -1;
		}
		return 0;
	}
	q = stmt(s, S_OUTBOX_CLAIM);
	sqlite3_bind_int64(q, 1, m->id);
	if (run(s, S_OUTBOX_CLAIM, q) == -1 || store_commit(s) == -1) {
		store_rollback(s);
		return -1;
	}
	return 1;
}

int
store_outbox_sent(struct store *s, int64_t id, const char *provider_id,
    time_t now)
{
	sqlite3_stmt *q = stmt(s, S_OUTBOX_SENT);

	if (provider_id != NULL)
		sqlite3_bind_text(q, 1, provider_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, id);
	return run(s, S_OUTBOX_SENT, q);
}

int
store_outbox_failed(struct store *s, int64_t id, const char *error,
    time_t now)
{
	sqlite3_stmt *q = stmt(s, S_OUTBOX_FAILED);

	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, id);
	if (run(s, S_OUTBOX_FAILED, q) == -1)
		return -1;
	event(s, "outbox", id, "failed", error, now);
	return 0;
}

int
store_outbox_retry(struct store *s, int64_t id, const char *error,
    time_t next_attempt)
{
	sqlite3_stmt *q = stmt(s, S_OUTBOX_RETRY);

	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, next_attempt);
	sqlite3_bind_int64(q, 3, id);
	return run(s, S_OUTBOX_RETRY, q);
}

int
store_outbox_recover(struct store *s, long *n)
{
	*n = 0;
	if (store_begin(s) == -1)
		return -1;
	if (run(s, S_OUTBOX_RECOVER_AGAIN, stmt(s, S_OUTBOX_RECOVER_AGAIN))
	    == -1)
		goto fail;
	*n += sqlite3_changes(s->db);
	if (run(s, S_OUTBOX_RECOVER_FIRST, stmt(s, S_OUTBOX_RECOVER_FIRST))
	    == -1)
		goto fail;
	*n += sqlite3_changes(s->db);
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

int
store_outbox_next_due(struct store *s, time_t now, long *secs)
{
	sqlite3_stmt	*q = stmt(s, S_OUTBOX_NEXT);
	int		 rc = sqlite3_step(q);

	*secs = -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		sqlite3_int64 due = sqlite3_column_int64(q, 0);

		*secs = due <= now ? 0 : (long)(due - now);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* ---- views (rare: prepared on use) ---- */

static int
scalar(struct store *s, const char *text, const char *bind, long long arg,
    long *out)
{
	sqlite3_stmt	*q;
	int		 rc;

	*out = 0;
	if (sqlite3_prepare_v2(s->db, text, -1, &q, NULL) != SQLITE_OK) {
		db_warn(s, text);
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
				copy_col(q, 0, c->mail_error,
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
		copy_col(q, 0, out, size);
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
		  "SELECT r.id AS ref, r.received_at, r.phone, r.village,"
		  " r.commune, r.status, r.kind, r.code, r.period, r.alert,"
		  " r.details, i.provider_id"
		  " FROM reports r LEFT JOIN inbox i ON i.id = r.inbox_id"
		  " WHERE r.received_at >= ? AND r.received_at < ? ORDER BY r.id" },
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
		db_warn(s, what);
		return -1;
	}
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, until);
	n = sqlite3_column_count(q);
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

/* ---- mail: digests and alert e-mails ---- */

int
store_mail_add_alert(struct store *s, const char *kind, int64_t report_id,
    const char *message_id, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_MAIL_ALERT);

	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, report_id);
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now);
	return run(s, S_MAIL_ALERT, q);
}

int
store_mail_ensure_digest(struct store *s, const char *day, const char *grp,
    const char *message_id, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_MAIL_DIGEST);

	sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now);
	return run(s, S_MAIL_DIGEST, q);
}

int
store_mail_claim(struct store *s, time_t now, struct mail_row *m)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (store_begin(s) == -1)
		return -1;
	q = stmt(s, S_MAIL_DUE);
	sqlite3_bind_int64(q, 1, now);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, m->kind, sizeof(m->kind));
		copy_col(q, 2, m->day, sizeof(m->day));
		copy_col(q, 3, m->grp, sizeof(m->grp));
		m->report_id = sqlite3_column_int64(q, 4);
		m->attempts = sqlite3_column_int(q, 5) + 1;
		m->uncertain = sqlite3_column_int(q, 6);
		copy_col(q, 7, m->message_id, sizeof(m->message_id));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_rollback(s);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	q = stmt(s, S_MAIL_CLAIM);
	sqlite3_bind_int64(q, 1, m->id);
	if (run(s, S_MAIL_CLAIM, q) == -1 || store_commit(s) == -1) {
		store_rollback(s);
		return -1;
	}
	return 1;
}

int
store_mail_sent(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_MAIL_SENT);

	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_int64(q, 2, id);
	return run(s, S_MAIL_SENT, q);
}

int
store_mail_failed(struct store *s, int64_t id, const char *error, time_t now)
{
	sqlite3_stmt *q = stmt(s, S_MAIL_FAILED);

	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, id);
	if (run(s, S_MAIL_FAILED, q) == -1)
		return -1;
	event(s, "mail", id, "failed", error, now);
	return 0;
}

int
store_mail_retry(struct store *s, int64_t id, const char *error,
    time_t next_attempt)
{
	sqlite3_stmt *q = stmt(s, S_MAIL_RETRY);

	sqlite3_bind_text(q, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, next_attempt);
	sqlite3_bind_int64(q, 3, id);
	return run(s, S_MAIL_RETRY, q);
}

int
store_mail_recover(struct store *s, long *n)
{
	static const enum stmt order[] = { S_MAIL_RECOVER_DIGEST,
	    S_MAIL_RECOVER_AGAIN, S_MAIL_RECOVER_FIRST };
	size_t k;

	*n = 0;
	if (store_begin(s) == -1)
		return -1;
	for (k = 0; k < 3; k++) {
		if (run(s, order[k], stmt(s, order[k])) == -1) {
			store_rollback(s);
			return -1;
		}
		*n += sqlite3_changes(s->db);
	}
	return store_commit(s);
}

int
store_mail_next_due(struct store *s, time_t now, long *secs)
{
	sqlite3_stmt	*q = stmt(s, S_MAIL_NEXT);
	int		 rc = sqlite3_step(q);

	*secs = -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		sqlite3_int64 due = sqlite3_column_int64(q, 0);

		*secs = due <= now ? 0 : (long)(due - now);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_digest_troubles(struct store *s, const char *grp, const char *day,
    const char *since, void (*fn)(const char *day, const char *status,
    void *), void *arg)
{
	sqlite3_stmt	*q = stmt(s, S_MAIL_STATUS);
	int		 rc;

	sqlite3_bind_text(q, 1, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(q, 0),
		    (const char *)sqlite3_column_text(q, 1), arg);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_reminder_once(struct store *s, const char *kind, const char *period,
    const char *village, time_t now, int *first)
{
	sqlite3_stmt *q = stmt(s, S_REMINDER);

	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, village, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	if (run(s, S_REMINDER, q) == -1)
		return -1;
	*first = sqlite3_changes(s->db) > 0;
	return 0;
}

int
store_coverage_latest(struct store *s, const char *village, const char *code,
    struct report_row *r)
{
	sqlite3_stmt	*q = stmt(s, S_COVERAGE_LATEST);
	int		 rc;

	sqlite3_bind_text(q, 1, village, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, r->period, sizeof(r->period));
		copy_col(q, 2, r->details, sizeof(r->details));
		r->received_at = (time_t)sqlite3_column_int64(q, 3);
		snprintf(r->village, sizeof(r->village), "%s", village);
		snprintf(r->code, sizeof(r->code), "%s", code);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return rc == SQLITE_ROW;
}

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
		db_warn(s, "view");
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

/* ---- data care ---- */

/*
 * The canonical path a new file at path would have: its folder resolved,
 * its last component as given.  NULL when the folder does not exist.
 */
static char *
canonical_new(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir, *real, *out;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	out = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    slash == NULL ? path : slash + 1);
	free(real);
	return out;
}

/*
 * 0 when dest is a safe place for a copy of the database: not the
 * database, its -wal or -shm, a hard link to one of them, or a symbolic
 * link (which could point at one of them).
 */
static int
backup_dest_ok(const struct store *s, const char *dest, char *err,
    size_t errsz)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".tmp" };
	struct stat	 d, x;
	char		*p, *cd, *cx;
	size_t		 i;
	int		 exists, same = 0;

	if (lstat(dest, &d) == 0 && S_ISLNK(d.st_mode)) {
		snprintf(err, errsz, "%s is a symbolic link; give the real "
		    "path of the copy", dest);
		return -1;
	}
	exists = stat(dest, &d) == 0;
	if (exists && !S_ISREG(d.st_mode)) {
		snprintf(err, errsz, "%s exists and is not a regular file",
		    dest);
		return -1;
	}
	if ((cd = canonical_new(dest)) == NULL) {
		snprintf(err, errsz, "%s: %s", dest, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]) && !same; i++) {
		p = xasprintf("%s%s", s->path, suffix[i]);
		if (exists && stat(p, &x) == 0 && x.st_dev == d.st_dev &&
		    x.st_ino == d.st_ino)
			same = 1;
		if ((cx = canonical_new(p)) != NULL && strcmp(cx, cd) == 0)
			same = 1;
		free(cx);
		free(p);
	}
	free(cd);
	if (same) {
		snprintf(err, errsz, "%s is the live database (or one of its "
		    "files); a backup must go to another file", dest);
		return -1;
	}
	return 0;
}

int
store_backup(struct store *s, const char *dest,
    void (*progress)(int done, int total, void *), void *arg,
    char *err, size_t errsz)
{
	sqlite3		*to = NULL;
	sqlite3_backup	*b;
	char		*tmp = xasprintf("%s.tmp", dest);
	int		 rc, fd = -1;

	err[0] = '\0';
	if (backup_dest_ok(s, dest, err, errsz) == -1 ||
	    backup_dest_ok(s, tmp, err, errsz) == -1) {
		free(tmp);
		return -1;
	}
	/* the copy is 0600 from its first byte, like the database */
	unlink(tmp);
	if ((fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", tmp, sqlite3_errmsg(to));
		goto fail;
	}
	if ((b = sqlite3_backup_init(to, "main", s->db, "main")) == NULL) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(to));
		goto fail;
	}
	/* small steps, so the daemon's writers get their turns */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (progress != NULL)
			progress(sqlite3_backup_pagecount(b) -
			    sqlite3_backup_remaining(b),
			    sqlite3_backup_pagecount(b), arg);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "%s", sqlite3_errstr(rc));
		goto fail;
	}
	/* a self-contained file: no WAL beside it */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(to));
		goto fail;
	}
	sqlite3_close(to);
	to = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		snprintf(err, errsz, "fsync %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, dest) == -1) {
		snprintf(err, errsz, "rename to %s: %s", dest, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	sqlite3_close(to);
	unlink(tmp);
	free(tmp);
	return -1;
}

/* Runs a chunked UPDATE bound to `before` until it changes nothing. */
static int
purge_chunks(struct store *s, enum stmt k, time_t before, long *total)
{
	sqlite3_stmt	*q = stmt(s, k);
	int		 n;

	*total = 0;
	do {
		if (store_begin(s) == -1)
			return -1;
		sqlite3_bind_int64(q, 1, before);
		if (run(s, k, q) == -1) {
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

/*
 * A new digest key, and the texts of the loop check's window hashed with
 * it; the old key is overwritten in the file (secure_delete).
 */
static int
rotate_key(struct store *s, time_t now)
{
	sqlite3_stmt	*sel = stmt(s, S_REHASH_SELECT);
	sqlite3_stmt	*upd = stmt(s, S_REHASH_UPDATE);
	sqlite3_int64	 last = 0;
	int		 rc, rows;

	if (store_begin(s) == -1)
		return -1;
	if (new_key(s) == -1)
		goto fail;
	do {
		rows = 0;
		sqlite3_bind_int64(sel, 1, now - 2 * 86400);
		sqlite3_bind_int64(sel, 2, last);
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			last = sqlite3_column_int64(sel, 0);
			sqlite3_bind_int64(upd, 1, digest(s,
			    sqlite3_column_blob(sel, 1),
			    (size_t)sqlite3_column_bytes(sel, 1)));
			sqlite3_bind_int64(upd, 2, last);
			if (run(s, S_REHASH_UPDATE, upd) == -1) {
				sqlite3_reset(sel);
				goto fail;
			}
			rows++;
		}
		sqlite3_reset(sel);
		if (rc != SQLITE_DONE) {
			db_warn(s, "rehash");
			goto fail;
		}
	} while (rows > 0);
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

int
store_purge_raw(struct store *s, time_t before, long *purged, long *notes)
{
	/* overwrite what is deleted; in chunks, so writers are not kept out */
	if (exec(s, "PRAGMA secure_delete = ON") == -1)
		return -1;
	if (purge_chunks(s, S_PURGE_RAW, before, purged) == -1 ||
	    purge_chunks(s, S_PURGE_NOTES, before, notes) == -1 ||
	    rotate_key(s, time(NULL)) == -1)
		return -1;
	/* and out of the write-ahead log */
	return exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
}

void
store_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms);
}
