/*
 * The store's connection: open and close, transactions, the write gate
 * and the helpers every statement goes through.  Writers use BEGIN
 * IMMEDIATE so a busy database is seen at the start of a transaction,
 * never half-way; the busy timeout lets the daemon, the HTTP handlers and
 * the CLI share the file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "log.h"
#include "store_int.h"
#include "xmalloc.h"

#define BUSY_TIMEOUT_MS	5000

#ifdef FAULT_INJECT
#undef sqlite3_step
int
store_fault_step(sqlite3_stmt *q)
{
	return fault_hit(FAULT_STEP) ? SQLITE_IOERR : sqlite3_step(q);
}
#define sqlite3_step	store_fault_step
#endif

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

void
store_warn(struct store *s, const char *what)
{
	log_warnx("store: %s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *
store_stmt(struct store *s, enum stmt k, const char *text)
{
	sqlite3_stmt *q = s->st[k];

	if (q == NULL) {
		if (sqlite3_prepare_v3(s->db, text, -1,
		    SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
			log_warnx("store: prepare %.60s: %s", text,
			    sqlite3_errmsg(s->db));
			sqlite3_finalize(q);
			return NULL;
		}
		return s->st[k] = q;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return q;
}

sqlite3_stmt *
store_prepare_once(struct store *s, const char *text, const char *what)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, text, -1, &q, NULL) != SQLITE_OK) {
		store_warn(s, what);
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

int
store_finish_once(struct store *s, sqlite3_stmt *q, int rc, const char *what)
{
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return 0;
	store_warn(s, what);
	return -1;
}

int
store_run(struct store *s, sqlite3_stmt *q)
{
	int rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_warnx("store: %.60s: %s", sqlite3_sql(q),
		    sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

int
store_count(struct store *s, sqlite3_stmt *q, long *n)
{
	int rc;

	*n = 0;
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		log_warnx("store: %.60s: %s", sqlite3_sql(q),
		    sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

void
store_copy_col(sqlite3_stmt *q, int col, char *out, size_t size)
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

int
store_exec(struct store *s, const char *text)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, text, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("store: %.60s: %s", text, err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

time_t
store_window_start(struct store *s, time_t since, time_t until,
    time_t bucket)
{
	/* the callers' windows are shorter by construction; a longer one
	 * would be a bug, and is cut (with a warning) rather than let a
	 * message wait forever */
	if (until - since <= bucket)
		return since;
	log_warnx("%s: internal error: a %lld s window is longer than the "
	    "%lld s its index is bucketed by; cut", s->path,
	    (long long)(until - since), (long long)bucket);
	return until - bucket;
}

void
store_event(struct store *s, const char *entity, int64_t id,
    const char *status, const char *detail, time_t now)
{
	sqlite3_stmt *q = store_stmt(s, S_EVENT,
	    "INSERT INTO events (at, entity, entity_id, status, detail)"
	    " VALUES (?,?,?,?,?)");

	if (q == NULL)
		return;
	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_text(q, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, id);
	sqlite3_bind_text(q, 4, status, -1, SQLITE_STATIC);
	if (detail != NULL)
		sqlite3_bind_text(q, 5, detail, -1, SQLITE_STATIC);
	store_run(s, q);
}

void
store_library_init(void)
{
	/* SQLite's allocation statistics take a global mutex on every
	 * malloc and free; nothing here reads them (3 % of ingest time) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *
store_open(const char *path)
{
	struct store	*s = xcalloc(1, sizeof(*s));
	struct stat	 sb;
	int		 fd;

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
	if (store_exec(s, "PRAGMA journal_mode = WAL") == -1 ||
	    store_exec(s, "PRAGMA synchronous = FULL") == -1 ||
	    store_exec(s, "PRAGMA foreign_keys = ON") == -1 ||
	    store_exec(s, "PRAGMA cache_size = -2000") == -1 ||
	    store_migrate(s) == -1)
		goto fail;
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

void
store_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms);
}

/* ---- transactions ---- */

int
store_begin(struct store *s)
{
	gate_enter(s);
	if (store_run(s, store_stmt(s, S_BEGIN, "BEGIN IMMEDIATE")) == -1) {
		gate_leave(s);
		return -1;
	}
	/* the digest key may have been replaced by a purge elsewhere */
	if (store_key_load(s) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
store_commit(struct store *s)
{
	if (store_run(s, store_stmt(s, S_COMMIT, "COMMIT")) == -1) {
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
	    store_run(s, store_stmt(s, S_ROLLBACK, "ROLLBACK")) == -1 &&
	    !sqlite3_get_autocommit(s->db)) {
		/* never stay inside a transaction: every later BEGIN would
		 * fail.  Try once more outside the prepared statement. */
		if (sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) !=
		    SQLITE_OK)
			store_warn(s, "ROLLBACK again");
	}
	gate_leave(s);
}

int
store_savepoint(struct store *s)
{
	return store_run(s, store_stmt(s, S_SAVEPOINT, "SAVEPOINT msg"));
}

int
store_release(struct store *s)
{
	return store_run(s, store_stmt(s, S_RELEASE, "RELEASE msg"));
}

void
store_rollback_savepoint(struct store *s)
{
	store_run(s, store_stmt(s, S_ROLLBACK_TO, "ROLLBACK TO msg"));
	store_release(s);
}
