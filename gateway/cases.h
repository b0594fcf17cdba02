/*
 * Cases: the follow-up of every alert report and every review.  One state
 * machine, one transition table (cases.c):
 *
 *	open --NHAN--> acknowledged --CHUYEN--> referred --XONG--> closed
 *	open --CHUYEN--> referred, open|acknowledged --XONG--> closed
 *	closed --MO--> acknowledged;  any but closed --HUY of the report--> closed
 *
 * Each step is an event of the case's timeline (who, when, what, channel,
 * note).  The reporter gets one SMS when the case is first acknowledged
 * and one when it is first closed (no details); a correction (SUA) moves
 * the case to the new report and tells the officers.  cases_due.c
 * escalates and reminds.
 *
 * Crash safety: every function here runs inside the caller's transaction
 * and only writes rows (the case, its event, the SMS it queues): the
 * caller's commit makes a step and its messages exist together, or not
 * at all.
 */
#ifndef REPORTGW_CASES_H
#define REPORTGW_CASES_H

#include <time.h>

#include "conf.h"
#include "reply.h"
#include "sms.h"
#include "store.h"

enum case_state {
	CASE_OPEN,
	CASE_ACKNOWLEDGED,
	CASE_REFERRED,
	CASE_CLOSED,
	CASE_NSTATES
};

/* What can happen to a case's state; officers' actions first, in the
 * order of enum cb_case_action. */
enum case_action {
	CASE_ACK,
	CASE_REFER,
	CASE_CLOSE,
	CASE_REOPEN,
	CASE_CANCEL,		/* the report was cancelled (HUY) */
	CASE_NACTIONS
};

/* "open", ... and "ack", ... in enum order (the database's words). */
extern const char *const case_state_names[CASE_NSTATES];
extern const char *const case_action_names[CASE_NACTIONS];

/* The state named s, or -1. */
int	case_state_of(const char *s);
/* The state after action in state, or -1 when the action does not fit. */
int	case_next(int state, enum case_action);

/* Who does something to a case. */
struct case_actor {
	const char	*name;		/* shown in the timeline */
	const char	*phone;		/* an officer's E.164, or "" */
	const char	*channel;	/* sms | ussd | cli | system */
};

/*
 * Applies action to the case c (read by the caller, updated here): the
 * new state, its event, and the reporter's feedback SMS.  target is a
 * "target" vocabulary value index for CASE_REFER (-1 for none).  Returns
 * 1 done, 0 when the action does not fit the case's state or its report
 * (a cancelled report's case is not reopened; nothing written), -1 on a
 * database error.
 */
int	cases_apply(struct store *, const struct conf *, struct case_row *c,
	    enum case_action, int target, const char *note,
	    const struct case_actor *, int64_t inbox_id, time_t now);

/* Adds an event to the case's timeline. */
int	cases_event(struct store *, const struct case_row *,
	    const struct case_actor *, const char *action, const char *note,
	    time_t now);

/* ---- hooks of the pipeline (one call each) ---- */

/* Opens the case of an alert report or a review just stored as id. */
int	cases_open(struct store *, const struct conf *,
	    const struct inbox_msg *, int64_t id, const struct report_row *,
	    time_t now);
/* The report id was cancelled (HUY): its case closes. */
int	cases_report_cancelled(struct store *, const struct conf *,
	    const struct inbox_msg *, int64_t id, time_t now);
/*
 * Report old_id was corrected (SUA) into new_id (row, rep): its case
 * follows the new report and the officers are told (when `told`, the
 * commune's officers already had the new report's alert: only the owner
 * and level 2 are); a correction into a report that does not alert
 * closes the case, one into an alert reopens it if it was closed.
 * Returns 1 when old_id had a case, 0 when not, -1 on
 * a database error.
 */
int	cases_report_corrected(struct store *, const struct conf *,
	    const struct inbox_msg *, int64_t old_id, int64_t new_id,
	    const struct report_row *row, const struct sms_report *rep,
	    int told, time_t now);

/* The answer to an officer's SMS command, for the pipeline to queue. */
struct case_answer {
	char		 text[REPLY_SIZE];
	const char	*purpose;	/* case | reply | unknown */
	const char	*status;	/* the message's: processed | rejected
					   | unauthorised */
	const char	*error;		/* or NULL */
	int64_t		 report_id;	/* the case's report, or 0 */
};

/*
 * An SMS case command (res->kind CB_CASE, parsed) from phone ("" when
 * not a phone): only the officers of the case's commune, or level 2, may
 * use one.  Fills *a; -1 on a database error.
 */
int	cases_sms(struct store *, const struct conf *, const struct inbox_msg *,
	    const char *phone, const struct sms_result *res, time_t now,
	    struct case_answer *a);

/* The confirmation of an officer's command res (parsed) on a case of
 * code in village. */
void	cases_confirmation(const struct codebook *, const struct sms_result *res,
	    const char *code, const char *village, char out[REPLY_SIZE]);

/* ---- cases_due.c ---- */

/*
 * Queues what the clock makes due: a case not acknowledged within
 * cases.ack_within goes to level 2 by SMS and e-mail, once (escalated_at);
 * one not closed within cases.close_within reminds its owner and level 2,
 * once a day (reminded_at).  Each batch's marks and messages are one
 * transaction.
 */
int	cases_due(struct store *, const struct conf *, time_t now);

#endif
