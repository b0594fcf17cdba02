/*
 * The pipeline: turns stored raw messages into reports and replies.  Each
 * message is judged inside its own savepoint and the batch commits once,
 * so a crash anywhere leaves the messages 'received' and the next run
 * does the same work again, with nothing half-done and nothing doubled.
 * Everything one message makes (its reports, several when one SMS carries
 * several, or its review; their replies, officer SMS and e-mails) is
 * written in that message's savepoint.
 */
#ifndef REPORTGW_PIPELINE_H
#define REPORTGW_PIPELINE_H

#include <stddef.h>

#include "conf.h"
#include "reply.h"
#include "store.h"

#define PIPELINE_BATCH	512	/* messages judged per transaction */
#define PIPELINE_CHUNK	64	/* messages read from the store at once */

struct pipeline_stats {
	long	processed;	/* inbox rows finished, any status */
	long	reports;	/* reports stored */
	long	rejected;
	long	unauthorised;
	long	duplicates;
	long	replies;	/* replies queued */
	long	alerts;		/* alert reports */
	long	reviews;	/* reports kept for an officer to review */
};

/*
 * Judges up to PIPELINE_BATCH 'received' messages in one transaction.
 * Returns the number judged (0: none waiting), or -1 on a database error
 * (the transaction is rolled back; the messages stay 'received').
 */
int	pipeline_run(struct store *, const struct conf *,
	    struct pipeline_stats *);

/*
 * Stores one message that arrived by push or USSD, in one short
 * transaction; the polling loop's batches and these take turns.  A USSD
 * report is judged in the same transaction and its reply, instead of
 * going out as an SMS, is copied to reply (the final screen) and kept
 * with the row; other channels are judged by pipeline_run.  Returns 1
 * when stored, 0 when (provider, id) was stored before (reply then holds
 * the screen given then, or ""), -1 on a database error (nothing stored).
 */
int	pipeline_submit(struct store *, const struct conf *,
	    const char *channel, const char *provider, const char *id,
	    const char *sender, const char *text, size_t len, time_t at,
	    char reply[REPLY_SIZE], struct pipeline_stats *);

/* Copies the config's reporters into the store (status kept if known). */
int	pipeline_sync_reporters(struct store *, const struct conf *);

#endif
