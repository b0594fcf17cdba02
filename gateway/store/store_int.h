/*
 * What the files of the store share, and nothing outside gateway/store
 * includes: the connection struct, its statement cache and the helpers
 * that run statements.
 *
 * Statements are prepared on first use (SQLITE_PREPARE_PERSISTENT) and
 * kept in the connection's slot for the next call, so each runs prepared
 * once per connection, as when they were all prepared at open.  The SQL
 * text is written at the one call site of its slot, next to the function
 * that binds it.  A slot belongs to one file: the enum below lists them
 * by file.
 */
#ifndef REPORTGW_STORE_INT_H
#define REPORTGW_STORE_INT_H

#include <sodium.h>
#include <sqlite3.h>

#include "store.h"

#ifdef FAULT_INJECT
/* the fault build fails the Nth step as a disk error would (open.c) */
int	store_fault_step(sqlite3_stmt *);
#define sqlite3_step	store_fault_step
#endif

/* The statements of one queue (queue.c), at a queue's base slot. */
enum queue_stmt {
	Q_DUE,
	Q_CLAIM,
	Q_SENT,
	Q_FAILED,
	Q_RETRY,
	Q_RECOVER_NEVER,
	Q_RECOVER_AGAIN,
	Q_RECOVER_FIRST,
	Q_NEXT,
	Q_NSTMT
};

enum stmt {
	/* open.c */
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
	S_EVENT,
	/* key.c */
	S_KEY_GET,
	S_KEY_SET,
	S_REHASH_SELECT,
	S_REHASH_UPDATE,
	/* inbox.c */
	S_INBOX_ADD,
	S_INBOX_REJECT,
	S_INBOX_PENDING,
	S_INBOX_FINISH,
	S_INBOX_IDENTICAL,
	S_INBOX_GET,
	S_INBOX_SET_REPLY,
	S_INBOX_TEXT,
	/* meta.c */
	S_CURSOR_GET,
	S_CURSOR_SET,
	S_META_GET,
	S_META_SET,
	/* reporters.c */
	S_REPORTER_GET,
	S_REPORTER_INSERT,
	S_REPORTER_UPDATE,
	S_REPORTER_STATUS,
	S_REPORTER_MOVE,
	S_REPORTER_EACH,
	/* reports.c */
	S_REPORT_ADD,
	S_REPORT_DUP,
	S_REPORT_GET,
	S_REPORT_STATUS,
	S_COVERAGE_SUPERSEDE,
	S_VILLAGE_WEEK,
	S_COVERAGE_LATEST,
	S_REMINDER,
	/* outbox.c */
	S_OUTBOX_ADD,
	S_OUTBOX_COUNT,
	/* mail.c */
	S_MAIL_ALERT,
	S_MAIL_DIGEST,
	S_MAIL_STATUS,
	S_MAIL_JOB,
	/* cases.c */
	S_CASE_ADD,
	S_CASE_GET,
	S_CASE_OF_REPORT,
	S_CASE_UPDATE,
	S_CASE_EVENT_ADD,
	S_CASE_EVENTS,
	S_CASES_UNACKED,
	S_CASES_OVERDUE,
	S_CASES_OPEN,
	S_CASES_EACH,
	/* summary.c */
	S_VILLAGE_COUNTS,
	/* web.c */
	S_WEB_SESSION_ADD,
	S_WEB_SESSION_GET,
	S_WEB_SESSION_TOUCH,
	S_WEB_SESSION_DEL,
	S_WEB_SESSION_EXPIRE,
	S_WEB_LOGIN_GET,
	S_WEB_LOGIN_FAIL,
	S_WEB_LOGIN_CLEAR,
	S_WEB_AUDIT_ADD,
	/* care.c */
	S_PURGE_RAW,
	S_PURGE_NOTES,
	S_PURGE_CASE_NOTES,
	/* queue.c: Q_NSTMT slots per queue */
	S_QUEUE_OUTBOX,
	S_QUEUE_MAIL = S_QUEUE_OUTBOX + Q_NSTMT,
	S_COUNT = S_QUEUE_MAIL + Q_NSTMT
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_COUNT];	/* prepared on first use */
	char		*path;
	int		 gated;		/* holds the write gate */
	unsigned char	 key[crypto_shorthash_KEYBYTES];  /* text digests */
	int		 keyed;		/* key holds the database's key */
};

/*
 * The statement of slot k, prepared from text on first use, reset and
 * with its bindings cleared.  NULL (logged) when it cannot be prepared.
 */
sqlite3_stmt	*store_stmt(struct store *, enum stmt k, const char *text);
/* Runs a statement that returns no rows; logs a failure with its SQL. */
int		 store_run(struct store *, sqlite3_stmt *);
/*
 * A statement run once (views read a few times a day): prepared on use
 * and finalized by store_finish_once, which returns 0 when the steps
 * ended with SQLITE_DONE, else logs what failed and returns -1.
 */
sqlite3_stmt	*store_prepare_once(struct store *, const char *text,
		    const char *what);
int		 store_finish_once(struct store *, sqlite3_stmt *, int rc,
		    const char *what);
/* Steps a statement of one integer row into *n. */
int		 store_count(struct store *, sqlite3_stmt *, long *n);
/* Runs SQL text without a cache (PRAGMAs, the migrations). */
int		 store_exec(struct store *, const char *text);
void		 store_warn(struct store *, const char *what);
/*
 * The columns of a report row, in the order store_read_report() reads
 * them (the table aliased "r"); a query may select more after them.
 */
#define STORE_REPORT_COLUMNS						\
	"r.id, r.inbox_id, r.phone, r.village, r.commune, r.kind, r.code,"	\
	" coalesce(r.period, ''), r.fingerprint, r.details, r.status,"	\
	" r.alert, r.received_at, r.implausible"
#define STORE_REPORT_NCOLUMNS	14
/*
 * The columns of an exported report (store_export "reports", and the
 * web console's CSV of the same), from reports r and the joins below.
 */
#define STORE_EXPORT_REPORT_COLUMNS					\
	"r.id AS ref, r.received_at, r.phone, r.village,"		\
	" r.commune, r.status, r.kind, r.code, r.period, r.alert,"	\
	" r.implausible, r.details, i.provider_id, p.name AS reporter"
#define STORE_EXPORT_REPORT_JOINS					\
	" LEFT JOIN inbox i ON i.id = r.inbox_id"			\
	" LEFT JOIN reporters p ON p.phone = r.phone"
struct report_row;
/* Reads STORE_REPORT_COLUMNS of the current row into r. */
void		 store_read_report(sqlite3_stmt *, struct report_row *r);
/* Copies a text column, cut to size and NUL-terminated. */
void		 store_copy_col(sqlite3_stmt *, int col, char *out,
		    size_t size);
/* Records an event row (inside the caller's transaction). */
void		 store_event(struct store *, const char *entity, int64_t id,
		    const char *status, const char *detail, time_t now);
/*
 * The start of a window of at most `bucket` seconds ending at until: the
 * loop, rate and duplicate indexes lead with a time bucket (schema.c).
 */
time_t		 store_window_start(struct store *, time_t since,
		    time_t until, time_t bucket);

/* schema.c: brings the schema up to this build's version. */
int		 store_migrate(struct store *);
/* outbox.c: outbox_priority(purpose), the SQL face of its table. */
void		 store_sql_outbox_priority(sqlite3_context *, int,
		    sqlite3_value **);

/* key.c: the keyed text digest. */
int		 store_key_load(struct store *);
int		 store_key_new(struct store *);
sqlite3_int64	 store_text_digest(struct store *, const char *text,
		    size_t len);
int		 store_key_rotate(struct store *, time_t now);

#endif
