/*
 * The store: every SQL statement of reportgw lives in gateway/store/, each
 * next to the function that runs it (store_int.h says how the files share
 * the connection).  SQLite in WAL mode, synchronous=FULL, BEGIN IMMEDIATE
 * for writes, prepared statements only, schema versions in PRAGMA
 * user_version.  The file is created 0600.
 *
 * Crash safety:
 *  - a committed transaction survives a crash or a power cut
 *    (synchronous=FULL); an uncommitted one leaves no trace;
 *  - a polled message is stored (store_inbox_add) in the transaction
 *    that moves the provider's cursor past it, and judged in the one
 *    that queues its replies and e-mails (a savepoint each), so a crash
 *    neither loses nor doubles a message or a report;
 *  - the outbox and the mail queue share one state machine (queue.c): a
 *    row is marked 'sending' and committed before it goes out; at the next
 *    start *_recover() finds it.  An SMS or an alert e-mail is then sent
 *    once more, marked uncertain, and a second crash in flight makes it
 *    'unknown'; a digest is never sent twice: it becomes 'unknown' at once.
 *    So a row is sent at most twice, and never silently dropped;
 *  - migrations run in one transaction each: a crash leaves the old
 *    version, never a half-migrated schema.
 *
 * Functions return 0 on success and -1 on a database error (logged once
 * here, with the statement), unless documented otherwise.  Strings handed
 * in are copied by SQLite; strings handed out are copied into the caller's
 * structs (fixed sizes below) or allocated where said.
 */
#ifndef REPORTGW_STORE_H
#define REPORTGW_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "phone.h"

#define STORE_ID_MAX	256	/* bytes of a provider message id (255) */
#define STORE_ADDR_MAX	64	/* bytes of a sender or recipient */
#define STORE_TEXT_MAX	1700	/* bytes of a stored SMS text (cap 1600+) */
#define STORE_NAME_MAX	260	/* bytes of a reporter's name */
#define STORE_CODE_MAX	32	/* village, commune, code, status */
#define STORE_DETAIL_MAX 2048	/* bytes of a report's JSON details */

struct store;

/* An inbox row: one received SMS or USSD session, raw. */
struct inbox_msg {
	int64_t	id;
	char	provider[STORE_CODE_MAX];
	char	provider_id[STORE_ID_MAX];
	char	sender[STORE_ADDR_MAX];
	char	text[STORE_TEXT_MAX];
	size_t	textlen;
	time_t	received_at;
	char	channel[8];		/* "sms" | "ussd" */
};

struct reporter {
	char	phone[PHONE_MAX];
	char	name[STORE_NAME_MAX];
	char	village[STORE_CODE_MAX];	/* "" for commune scope */
	char	commune[STORE_CODE_MAX];
	/* active | pending | blocked | removed (kept for the history of
	 * its reports, but its number is an unknown sender again) */
	char	status[STORE_CODE_MAX];
	char	source[STORE_CODE_MAX];	/* config | sms | import | ussd */
};

struct report_row {
	int64_t	id;
	int64_t	inbox_id;
	char	phone[PHONE_MAX];
	char	village[STORE_CODE_MAX];
	char	commune[STORE_CODE_MAX];
	char	kind[STORE_CODE_MAX];
	char	code[STORE_CODE_MAX];
	char	period[STORE_CODE_MAX];
	char	fingerprint[256];
	char	details[STORE_DETAIL_MAX];	/* JSON object of parse fields */
	char	status[STORE_CODE_MAX];	/* active | cancelled | superseded
					   | review (not understood, urgent) */
	int	alert;
	int	implausible;	/* breaks a code book age rule */
	time_t	received_at;
};

/*
 * The outbox's priorities: a row of a lower one leaves first.  A row's
 * priority follows from its purpose (store_outbox_priority), so callers
 * only name the purpose.
 */
enum outbox_priority {
	OUTBOX_URGENT = 0,	/* to officers: alerts, reviews, escalations */
	OUTBOX_ROUTINE = 1	/* to reporters: replies, reminders */
};

/* An outbox row claimed for sending. */
struct outbox_msg {
	int64_t	id;
	char	recipient[STORE_ADDR_MAX];
	char	text[STORE_TEXT_MAX];
	char	purpose[STORE_CODE_MAX];
	int	priority;	/* enum outbox_priority */
	int	attempts;
	int	uncertain;	/* a crash happened while it was in flight */
};

struct store_counts {
	long	inbox[5];	/* received processed rejected unauthorised dup */
	long	outbox[5];	/* pending sending sent failed unknown */
	long	mail[5];	/* the same, for e-mail */
	char	mail_error[256];	/* of the last failed e-mail */
	long	reports_today, alerts_today, reporters_active, reporters_pending;
	long	reviews_today;	/* reports received today still to review */
	long	reviews_open;	/* every report still to review */
	time_t	last_poll_ok;
	time_t	last_poll_try;
	char	last_poll_error[256];
};

/* Opens (creating 0600 and migrating as needed).  NULL on failure. */
struct store	*store_open(const char *path);
void		 store_close(struct store *);
/* How long a statement waits for another process's lock (default 5 s). */
void		 store_busy_timeout(struct store *, int ms);
/* Process-wide SQLite settings: call once, before any other store call. */
void		 store_library_init(void);
/* The schema version this build writes. */
int		 store_schema_version(void);

int	store_begin(struct store *);		/* BEGIN IMMEDIATE */
int	store_commit(struct store *);
void	store_rollback(struct store *);
int	store_savepoint(struct store *);	/* nested unit of work */
int	store_release(struct store *);
void	store_rollback_savepoint(struct store *);

/* ---- inbox ---- */

/*
 * Adds a raw message unless (provider, provider_id) is stored already.
 * *added tells which.  Text is stored byte for byte.
 */
int	store_inbox_add(struct store *, const char *provider,
	    const char *provider_id, const char *sender, const char *recipient,
	    const char *text, size_t textlen, time_t received_at,
	    const char *channel, int *added);
/*
 * Keeps a provider record that is not a message: status 'rejected', the
 * reason in error, the record's bytes in raw (no text, never judged).
 */
int	store_inbox_reject(struct store *, const char *provider,
	    const char *provider_id, const char *sender, const char *raw,
	    size_t rawlen, time_t received_at, const char *reason, int *added);
/* Up to max messages still 'received', oldest first; *n gets the count. */
int	store_inbox_pending(struct store *, struct inbox_msg *out, size_t max,
	    size_t *n);
int	store_inbox_finish(struct store *, int64_t id, const char *status,
	    const char *error, int64_t report_id);
/* Messages from phone with exactly this text received in [since, until]
 * (at most a day), counted up to cap: a flood costs no more than a few. */
int	store_inbox_count_identical(struct store *, const char *sender,
	    const char *text, size_t textlen, time_t since, time_t until,
	    long cap, long *n);
/* The row of (provider, provider_id) with its status, the USSD screen it
 * ended with ("" when none) and its report (0 when none): 1 found,
 * 0 not found, -1 error. */
int	store_inbox_get(struct store *, const char *provider,
	    const char *provider_id, struct inbox_msg *, char *status,
	    size_t statussz, char *reply, size_t replysz, int64_t *report_id);
int	store_inbox_set_reply(struct store *, int64_t id, const char *reply);
/*
 * The text of inbox row id, cut to size - 1 bytes and NUL-terminated
 * (NUL bytes in it are kept as they are: the caller escapes what it
 * shows).  1 found, 0 no such row or its text was purged, -1 error.
 */
int	store_inbox_text(struct store *, int64_t id, char *out, size_t size,
	    size_t *len);

/* ---- provider cursors and gateway health ---- */

/* Copies the cursor ("" when none) into out. */
int	store_cursor_get(struct store *, const char *provider, char *out,
	    size_t size);
int	store_cursor_set(struct store *, const char *provider,
	    const char *value);
int	store_meta_set(struct store *, const char *key, const char *value);
int	store_meta_get(struct store *, const char *key, char *out,
	    size_t size);

/* ---- reporters ---- */

/* 1 found, 0 not found, -1 error. */
int	store_reporter_get(struct store *, const char *phone,
	    struct reporter *);
/*
 * Adds or updates a reporter's name, village and commune.  The status is
 * set for new rows; an existing row keeps its status unless force_status.
 */
int	store_reporter_put(struct store *, const struct reporter *,
	    int force_status);
/* 1 changed, 0 no such reporter, -1 error. */
int	store_reporter_set_status(struct store *, const char *phone,
	    const char *status);
/* Sets the village ("" for commune scope) and commune of a reporter, for
 * its future reports (stored reports keep theirs).  1 changed, 0 no such
 * reporter, -1 error. */
int	store_reporter_move(struct store *, const char *phone,
	    const char *village, const char *commune);
/* Calls fn for each reporter, ordered by village and phone. */
int	store_reporter_each(struct store *,
	    void (*fn)(const struct reporter *, void *), void *arg);

/* ---- reports ---- */

/* Adds a report with r's status ('active' when r->status is ""). */
int	store_report_add(struct store *, const struct report_row *,
	    time_t now, int64_t *id);
/* 1 and *id when an active report of that phone and fingerprint exists
 * received in [since, until] (at most a day); 0 when none. */
int	store_report_find_duplicate(struct store *, const char *phone,
	    const char *fingerprint, time_t since, time_t until, int64_t *id);
/* 1 found, 0 not found. */
int	store_report_get(struct store *, int64_t id, struct report_row *);
int	store_report_set_status(struct store *, int64_t id,
	    const char *status, int64_t superseded_by, time_t now);
/* Marks earlier active coverage rows of that village, code and period
 * superseded by new_id. */
int	store_coverage_supersede(struct store *, const char *village,
	    const char *code, const char *period, int64_t new_id, time_t now);
/* Counts this village's active reports by kind received in [since, until]
 * (at most 7 days). */
int	store_village_week(struct store *, const char *village, time_t since,
	    time_t until, long *incidents, long *coverage, long *zero);

/* ---- outbox ---- */

/*
 * Queues an SMS.  Its priority is its purpose's (the table in outbox.c:
 * officers' purposes urgent, reporters' routine; an unlisted one routine).
 */
int	store_outbox_add(struct store *, const char *recipient,
	    const char *text, const char *purpose, int64_t inbox_id,
	    int64_t report_id, time_t basis_at, time_t now);
/* The priority of a purpose (OUTBOX_ROUTINE when it is not listed). */
int	store_outbox_priority(const char *purpose);
/* The n-th purpose of the table and its priority; NULL past the end. */
const char *store_outbox_purpose(size_t n, int *priority);
/* Rows to recipient of this purpose with basis time in [since, until]
 * (at most a day), counted up to cap. */
int	store_outbox_count(struct store *, const char *recipient,
	    const char *purpose, time_t since, time_t until, long cap, long *n);
/*
 * Whether a row may go in the same request as the rows claimed so far
 * (group[0..n), n >= 1): the sender's rule, e.g. "the same text".
 */
typedef int (*store_outbox_join)(const struct outbox_msg *group, size_t n,
	    const struct outbox_msg *row, void *arg);
/*
 * Claims the rows of one request: the first due pending row of priority
 * at most maxprio (by priority, then due time, then id), then, among the
 * due rows that follow it (window of them at most), each that join
 * accepts, up to max rows in all (join NULL: the first alone).  They are
 * marked 'sending' and committed before anything goes out, so a crash
 * while they are in flight is seen on the next start: in a transaction
 * of its own, or in the caller's when one is open (the claims of several
 * requests in one commit; the caller rolls back on error and sends
 * nothing before its commit).  out holds max rows; *n gets how many were
 * claimed (0: nothing due).
 */
int	store_outbox_claim(struct store *, time_t now, int maxprio,
	    size_t max, size_t window, store_outbox_join join, void *arg,
	    struct outbox_msg *out, size_t *n);
/* Records the outcome of a claimed row. */
int	store_outbox_sent(struct store *, int64_t id, const char *provider_id,
	    time_t now);
int	store_outbox_failed(struct store *, int64_t id, const char *error,
	    time_t now);
int	store_outbox_retry(struct store *, int64_t id, const char *error,
	    time_t next_attempt);
/*
 * At start-up: rows left 'sending' by a crash go back to 'pending' once,
 * marked uncertain; a row that was uncertain already becomes 'unknown'.
 * *n gets the number of rows found in flight.
 */
int	store_outbox_recover(struct store *, long *n);
/* Seconds until the next pending row is due (0 when due now), -1 none. */
int	store_outbox_next_due(struct store *, time_t now, long *secs);

/* ---- mail: digests and alert e-mails ---- */

struct mail_row {
	int64_t	id;
	char	kind[16];		/* digest | alert | cancel | report
					   | dhis2 */
	char	day[16];		/* digest: day; report, dhis2: period */
	char	grp[STORE_NAME_MAX];	/* digest, report */
	int64_t	report_id;		/* alert, cancel */
	int	attempts;
	int	uncertain;
	char	message_id[160];
};

/* Queues an alert or cancel e-mail for a report, once. */
int	store_mail_add_alert(struct store *, const char *kind,
	    int64_t report_id, const char *message_id, time_t now);
/* Makes sure the digest of that day and group exists (pending if new). */
int	store_mail_ensure_digest(struct store *, const char *day,
	    const char *grp, const char *message_id, time_t now);
/*
 * Makes sure the periodic job (kind "report": the e-mail of a period's
 * report to a group; "dhis2": the push of a period, grp "dhis2") exists,
 * pending if new.  Like a digest, it is never sent twice: one left in
 * flight by a crash becomes 'unknown'.
 */
int	store_mail_ensure_job(struct store *, const char *kind,
	    const char *period, const char *grp, const char *message_id,
	    time_t now);
/* As store_outbox_claim: alerts first, then digests oldest first. */
int	store_mail_claim(struct store *, time_t now, struct mail_row *);
int	store_mail_sent(struct store *, int64_t id, time_t now);
int	store_mail_failed(struct store *, int64_t id, const char *error,
	    time_t now);
int	store_mail_retry(struct store *, int64_t id, const char *error,
	    time_t next_attempt);
/*
 * At start-up: a digest left 'sending' becomes 'unknown' and is never
 * sent again (the server may have it); an alert is sent once more with
 * the same Message-ID, which mail readers use to drop a duplicate.
 */
int	store_mail_recover(struct store *, long *n);
int	store_mail_next_due(struct store *, time_t now, long *secs);
/* Earlier digests of a group, in [since, day), that went wrong. */
int	store_digest_troubles(struct store *, const char *grp, const char *day,
	    const char *since, void (*fn)(const char *, const char *, void *),
	    void *arg);

/* Records a reminder; *first is 0 when it was recorded before. */
int	store_reminder_once(struct store *, const char *kind,
	    const char *period, const char *village, time_t now, int *first);
/* The latest active figure of a village for a coverage code; 1 found. */
int	store_coverage_latest(struct store *, const char *village,
	    const char *code, struct report_row *);

/* ---- cases: the follow-up of an alert or a review (gateway/cases.c) ---- */

#define STORE_NOTE_MAX	1024	/* bytes of a case event's note */

struct case_row {
	int64_t	id;
	int64_t	ref;			/* the report it was opened for */
	int64_t	report_id;		/* the report it follows now (SUA) */
	char	code[STORE_CODE_MAX];
	char	village[STORE_CODE_MAX];
	char	commune[STORE_CODE_MAX];
	char	phone[PHONE_MAX];	/* the reporter */
	char	status[STORE_CODE_MAX];	/* open | acknowledged | referred
					   | closed */
	int	level;			/* 1; 2 once escalated */
	char	owner[STORE_NAME_MAX];	/* who acknowledged it; "" */
	char	owner_phone[PHONE_MAX];	/* the owner's, when an officer */
	char	referred_to[STORE_CODE_MAX];	/* a "target" value; "" */
	time_t	opened_at;
	time_t	acknowledged_at;	/* these: 0 when not (yet) */
	time_t	referred_at;
	time_t	closed_at;
	time_t	reopened_at;
	time_t	escalated_at;		/* sent to level 2, once */
	time_t	reminded_at;		/* the last overdue reminder */
	int	fed_ack;		/* the reporter was told, once each */
	int	fed_close;
};

/* One step of a case's timeline. */
struct case_event {
	int64_t	case_id;
	time_t	at;
	char	actor[STORE_NAME_MAX];	/* who: a name, a phone, "system" */
	char	channel[8];		/* sms | cli | system */
	char	action[STORE_CODE_MAX];	/* open ack refer close reopen
					   cancel correct escalate overdue */
	char	note[STORE_NOTE_MAX];
};

/* Adds a case and sets c->id; c->id is 0 when a case of that ref exists
 * (nothing changes then). */
int	store_case_add(struct store *, struct case_row *c, time_t now);
/* The case of number ref: opened for report ref, else following report
 * ref now.  1 found, 0 not found. */
int	store_case_get(struct store *, int64_t ref, struct case_row *);
/* The case following report id, 1 found, 0 not found. */
int	store_case_of_report(struct store *, int64_t report_id,
	    struct case_row *);
/* Writes every field of the case but its id, ref and opened_at. */
int	store_case_update(struct store *, const struct case_row *, time_t now);
int	store_case_event_add(struct store *, const struct case_event *);
/* The case's events, in order. */
int	store_case_events(struct store *, int64_t case_id,
	    int (*fn)(const struct case_event *, void *), void *arg);
/*
 * Up to max cases that are due (into out, *n the count), oldest first:
 * open (not acknowledged), never escalated, opened at or before
 * opened_by (escalation); or not closed since due_by (opened, or reopened,
 * at or before it) and not reminded since reminded_by (overdue).
 */
int	store_cases_unacked(struct store *, time_t opened_by,
	    struct case_row *out, size_t max, size_t *n);
int	store_cases_overdue(struct store *, time_t due_by, time_t reminded_by,
	    struct case_row *out, size_t max, size_t *n);
/* Cases open at time at (opened before it, not closed before it), oldest
 * first. */
int	store_view_cases_open(struct store *, time_t at,
	    int (*fn)(const struct case_row *, void *), void *arg);
/* Cases opened in [from, until), in order. */
int	store_cases_each(struct store *, time_t from, time_t until,
	    int (*fn)(const struct case_row *, void *), void *arg);

/* A village's active reports received in a window (a month). */
struct village_counts {
	char	village[STORE_CODE_MAX];
	long	reports;		/* incidents and coverage figures */
	long	zero;			/* KO */
};
/* Each village with an active report in [from, until), in no order. */
int	store_village_counts(struct store *, time_t from, time_t until,
	    int (*fn)(const struct village_counts *, void *), void *arg);

/* ---- views: read-only queries of the digest and the scheduler ---- */

/*
 * The view functions call fn once per row, in the order said; fn may
 * return -1 to stop (the view then returns 0).  Times are [from, until).
 */

/* A report as the digest shows it. */
struct report_view {
	struct report_row	r;	/* its fingerprint is not read */
	char	reporter[STORE_NAME_MAX];	/* the name; "" when unknown */
	time_t	updated_at;
	int64_t	superseded_by;		/* 0 when none */
};

/* Reports received in the window, by time of receipt. */
int	store_view_reports(struct store *, time_t from, time_t until,
	    int (*fn)(const struct report_view *, void *), void *arg);
/* Incident reports cancelled or superseded in the window, by time (a
 * review is neither until a SUA supersedes it). */
int	store_view_changed(struct store *, time_t from, time_t until,
	    int (*fn)(const struct report_view *, void *), void *arg);
/* Villages with an active report received in the window or an active
 * zero report for period (each once, in no order). */
int	store_view_villages_reported(struct store *, time_t from,
	    time_t until, const char *period,
	    int (*fn)(const char *village, void *), void *arg);
/* Villages with an active coverage report of code for period. */
int	store_view_coverage_villages(struct store *, const char *code,
	    const char *period, int (*fn)(const char *village, void *),
	    void *arg);
/* Phones of the active reporters of a village, in order. */
int	store_view_village_reporters(struct store *, const char *village,
	    int (*fn)(const char *phone, void *), void *arg);

/* Rejected messages of one sender. */
struct rejected_sender {
	char	sender[STORE_ADDR_MAX];
	long	count;
	char	name[STORE_NAME_MAX];	/* "" when not a reporter */
	char	village[STORE_CODE_MAX];	/* the reporter's; "" */
	char	commune[STORE_CODE_MAX];	/* the reporter's; "" */
};

/* Senders of rejected messages received in the window, most first. */
int	store_view_rejected(struct store *, time_t from, time_t until,
	    int (*fn)(const struct rejected_sender *, void *), void *arg);

/* The text of each report with status 'review' received in the window,
 * by report id ("" once purged). */
int	store_view_review_texts(struct store *, time_t from, time_t until,
	    int (*fn)(int64_t report_id, const char *text, void *), void *arg);

/* An active reporter who sent nothing since a time. */
struct silent_reporter {
	struct reporter	r;
	time_t		created_at;
	time_t		last_seen;	/* 0: nothing in the window looked at */
};

/*
 * Active reporters registered before `since` from whom no message (nor
 * report) was received in [since, until); last_seen is their latest in
 * [from, since), else 0.  Longest silent first.
 */
int	store_view_silent(struct store *, time_t from, time_t since,
	    time_t until, int (*fn)(const struct silent_reporter *, void *),
	    void *arg);

/* The codes of the active reports received in the window with their
 * counts, most reported first (ties by code). */
int	store_view_top_codes(struct store *, time_t from, time_t until,
	    int (*fn)(const char *code, long n, void *), void *arg);

/* The active incident reports received in the window per commune, with
 * how many of them alerted (each commune once, in no order). */
int	store_view_commune_incidents(struct store *, time_t from,
	    time_t until, int (*fn)(const char *commune, long n, long alerts,
	    void *), void *arg);

/* What went wrong in a window. */
struct store_troubles {
	long	unauth_msgs;		/* from unknown numbers */
	long	unauth_numbers;		/* how many numbers */
	long	out_failed;		/* outbox rows created in the window */
	long	out_unknown;
	long	pending_reporters;	/* now, whatever the window */
};

int	store_view_troubles(struct store *, time_t from, time_t until,
	    struct store_troubles *);

/* ---- views of the periodic reports (period.c) ---- */

/*
 * An active report as the periodic reports read it.  The strings point
 * into the statement and are valid during the call only.
 */
struct period_row {
	int64_t		 id;
	const char	*village, *commune, *phone, *kind, *code;
	const char	*period;	/* "" when none */
	const char	*details;	/* JSON object of parse fields */
	int		 alert;
	time_t		 received_at;
};

/* Active incident, coverage and zero reports received in the window,
 * by time of receipt. */
int	store_view_period_rows(struct store *, time_t from, time_t until,
	    int (*fn)(const struct period_row *, void *), void *arg);
/* Villages with an active zero report for the period (each once). */
int	store_view_zero_villages(struct store *, const char *period,
	    int (*fn)(const char *village, void *), void *arg);

/* The latest active figure of a village (strings as in period_row). */
struct coverage_row {
	int64_t		 id;
	const char	*village;
	const char	*details;
	time_t		 received_at;
};

/* For each village, its latest active coverage report of code for
 * period (in no order). */
int	store_view_coverage_period(struct store *, const char *code,
	    const char *period, int (*fn)(const struct coverage_row *, void *),
	    void *arg);

/* ---- data care ---- */

/*
 * An online copy of the database to dest (0600, written to dest.tmp,
 * fsynced, then renamed), page by page with the SQLite backup API, so the
 * daemon may keep running.  progress (may be NULL) sees pages done/total.
 * On failure err says why.
 */
int	store_backup(struct store *, const char *dest,
	    void (*progress)(int done, int total, void *), void *arg,
	    char *err, size_t errsz);
/*
 * Removes the raw text, raw records, USSD screens and text digests of
 * judged messages received before `before`, the free-text note of
 * reports received before then and the officers' notes of case events
 * of then; reports keep what was parsed, cases their timeline.  Then the
 * digest key is replaced, so no digest left can confirm a guessed text.
 * Deleted bytes are overwritten (secure_delete) and the WAL is truncated.
 * *purged gets the number of messages, *notes the number of notes
 * (reports' and cases').
 */
int	store_purge_raw(struct store *, time_t before, long *purged,
	    long *notes);

/* ---- the staff web console (web.c) ---- */

#define STORE_TOKEN_MAX	65	/* hex of 32 bytes, and the NUL */

/* A session, stored under the hash of its cookie (never the cookie). */
struct web_session {
	char	user[STORE_NAME_MAX];
	char	csrf[STORE_TOKEN_MAX];	/* the token its forms carry */
	char	address[STORE_ADDR_MAX];	/* where it logged in from */
	time_t	created_at;
	time_t	seen_at;
};

/* Failed logins of one key ("u:NAME" or "a:ADDRESS"). */
struct web_login {
	int	failures;		/* since the last success or lock */
	time_t	locked_until;		/* 0 when never locked */
	time_t	updated_at;		/* the latest failure */
};

int	store_web_session_add(struct store *, const char *id,
	    const struct web_session *);
/* 1 found, 0 not found, -1 error. */
int	store_web_session_get(struct store *, const char *id,
	    struct web_session *);
int	store_web_session_touch(struct store *, const char *id, time_t now);
int	store_web_session_delete(struct store *, const char *id);
/* Deletes the sessions last seen before idle_before or created before
 * created_before. */
int	store_web_session_expire(struct store *, time_t idle_before,
	    time_t created_before);
/* The key's row (all zero when none). */
int	store_web_login_get(struct store *, const char *key,
	    struct web_login *);
int	store_web_login_set(struct store *, const char *key,
	    const struct web_login *);
int	store_web_login_clear(struct store *, const char *key);
/* One staff action: what (login, logout, ack, ...), on what object (a
 * case's number, a phone; NULL for none), with what detail (or NULL). */
int	store_web_audit(struct store *, time_t at, const char *user,
	    const char *address, const char *action, const char *object,
	    const char *detail);

/* ---- views of the web console's pages (webviews.c) ---- */

/*
 * Which rows a web user sees: those of the communes listed in a JSON
 * array of codes (NULL: every commune), and those without a commune (an
 * unknown sender's messages, a reporter not yet placed) when unplaced.
 */
struct web_scope {
	const char	*communes;	/* JSON array, or NULL for all */
	int		 unplaced;
};

/* A message the web lists to be called back about. */
struct web_message {
	int64_t		 id;		/* inbox row */
	time_t		 received_at;
	char		 sender[STORE_ADDR_MAX];
	char		 name[STORE_NAME_MAX];	/* the reporter's; "" */
	char		 village[STORE_CODE_MAX];	/* the report's or */
	char		 commune[STORE_CODE_MAX];	/* reporter's; "" */
	char		 status[STORE_CODE_MAX];	/* rejected,
					   unauthorised (inbox), review */
	char		 error[128];	/* the inbox's reason; "" */
	char		 details[STORE_DETAIL_MAX];	/* a review's JSON */
	int64_t		 report_id;	/* a review's report; 0 */
	const char	*text;		/* raw bytes (NULL once purged), */
	size_t		 textlen;	/* valid during the call only */
};

/*
 * Messages rejected (not understood), unauthorised (not from an active
 * reporter; a blocked one's are left out) and reports to review, newest
 * first (by time received, then id) from before (before_at, before_id),
 * at most limit.
 */
int	store_web_messages(struct store *, const struct web_scope *,
	    time_t before_at, int64_t before_id, int limit,
	    int (*fn)(const struct web_message *, void *), void *arg);

/* A reporter and its traffic since a time. */
struct web_reporter {
	struct reporter	 r;
	time_t		 created_at;
	long		 messages;	/* received since then */
	long		 rejected;	/* of which rejected */
	time_t		 last_at;	/* its latest since then; 0 */
};

/* Reporters (of that status; NULL: any) by commune, village and phone,
 * from offset, at most limit, with their messages received since
 * `since`. */
int	store_web_reporters(struct store *, const struct web_scope *,
	    const char *status, time_t since, int offset, int limit,
	    int (*fn)(const struct web_reporter *, void *), void *arg);

/* The filters of the reports page (NULL: any). */
struct web_report_filter {
	struct web_scope scope;
	time_t		 from, until;	/* received in [from, until) */
	const char	*commune, *village, *code, *status;
};

/*
 * Reports newest first from before (before_at, before_id), at most limit
 * (the reporter's name in reporter).  A village filter reads the
 * reports_village index week by week; else reports_time.
 */
int	store_web_reports(struct store *, const struct web_report_filter *,
	    time_t before_at, int64_t before_id, int limit,
	    int (*fn)(const struct report_view *, void *), void *arg);
/*
 * The same reports as store_export's "reports" rows (its columns, by
 * id), header first; at most limit rows (fn sees row limit + 1 when there
 * are more: it may stop there).
 */
int	store_web_reports_export(struct store *,
	    const struct web_report_filter *, int limit,
	    int (*fn)(const char *const *names, const char *const *values,
	    int n, void *), void *arg);
/*
 * Active incident reports received in [from, until): fn sees each one's
 * week (of 604800 s from `from`), code and commune, with n 1 (the counts
 * are the caller's), in time order, through the covering index
 * reports_incidents.
 */
int	store_web_incident_weeks(struct store *, const struct web_scope *,
	    time_t from, time_t until,
	    int (*fn)(int week, const char *code, const char *commune,
	    long n, void *), void *arg);

/* ---- views ---- */

int	store_counts(struct store *, time_t day_start, struct store_counts *);
int	store_integrity(struct store *, char *out, size_t size);

/*
 * Export: calls fn once with the column names and values NULL (the
 * header, even when no row follows), then with one row at a time as a
 * list of column names and values (a value may be NULL), for rows
 * received in [from, until).  what: "reports", "messages", "outbox" or
 * "audit" (the web console's staff actions, by time).
 */
int	store_export(struct store *, const char *what, time_t from,
	    time_t until, int (*fn)(const char *const *names,
	    const char *const *values, int ncols, void *), void *arg);

#endif
