/*
 * The welcome SMS of a reporter whose registration (DK) an operator
 * approved: its name, its village and the three codes most used in the
 * area lately, so that its first report is right.
 *
 * Crash safety: welcome_queue() only adds an outbox row; the caller runs
 * it in the transaction that approves the reporter, so either both are
 * stored or neither.
 */
#ifndef REPORTGW_WELCOME_H
#define REPORTGW_WELCOME_H

#include <time.h>

#include "conf.h"
#include "reply.h"
#include "store.h"

#define WELCOME_CODES	3	/* codes the SMS names */
#define WELCOME_DAYS	90	/* "most used": reports of these last days */

/*
 * The welcome SMS into out.  The codes it names: the incident and zero codes of the code book most
 * reported (active reports) in the WELCOME_DAYS before now, most first,
 * then the code book's own order, as {codes}: "BL bao luc, KO khong co su
 * viec, ..." when the SMS has room for the names, else "BL, KO, ...".
 * -1 on a database error.
 */
int	welcome_text(struct store *, const struct conf *,
	    const struct reporter *, time_t now, char out[REPLY_SIZE]);

/* Queues the welcome SMS (purpose "welcome") to the reporter; its text
 * into out. */
int	welcome_queue(struct store *, const struct conf *,
	    const struct reporter *, time_t now, char out[REPLY_SIZE]);

#endif
