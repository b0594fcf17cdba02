/*
 * Queued e-mail: the alert (or cancel) e-mail of a report, queued by the
 * pipeline with the report, and the daily digests queued by the schedule.
 * Each is a mail row in the store, claimed, rendered from the store and
 * sent over SMTP (mail.c) one at a time, alerts first.
 *
 * Crash safety: a row is claimed (marked sending) before the SMTP
 * transaction and marked sent, failed or due again after it, each in its
 * own commit.  A crash in between leaves it "sending", and the daemon's
 * start (store_mail_recover) decides: an alert is sent once more, with the
 * same Message-ID, which mail readers use to drop a duplicate; a digest
 * becomes "unknown" and is never sent twice (the server may have it).  A
 * temporary failure keeps the row, with a back-off; after MAIL_GIVE_UP
 * attempts, or a permanent refusal, it is failed with the reason.
 */
#ifndef REPORTGW_MAILQ_H
#define REPORTGW_MAILQ_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "store.h"

/* Records the database's instance token (in every Message-ID) if new. */
int	mailq_init(struct store *, time_t now);

/*
 * Sends due e-mail one at a time until none is due, a temporary failure
 * (then *next_try is set), or `budget` seconds have passed.
 */
void	mailq_send_due(struct store *, const struct conf *, time_t budget,
	    time_t *next_try, int *backoff);

/* Renders the digest of a day and group and sends it now (CLI --send);
 * a mail_status. */
int	mailq_send_digest(struct store *, const struct conf *,
	    const struct conf_digest_group *, const char *day,
	    const char *message_id, char *err, size_t errsize);

/* The Message-ID of the alert (or cancel) e-mail of a report (allocated). */
char	*mailq_alert_id(struct store *, const struct conf *,
	    const char *kind, long long ref);
/* The Message-ID of the digest of a day and group (allocated): the same
 * for the same day and group, so a digest queued again is one e-mail. */
char	*mailq_digest_id(struct store *, const struct conf *, const char *day,
	    const char *group);

#endif
