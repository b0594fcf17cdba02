/*
 * The daemon's schedule: daily digests (one per day and group, exactly
 * once, missed days caught up oldest first), weekly and monthly reminder
 * SMS, and the sending of queued e-mail (alerts first, then digests).
 */
#ifndef REPORTGW_MAILER_H
#define REPORTGW_MAILER_H

#include <time.h>

#include "conf.h"
#include "store.h"

/* Records the database's first day and instance token if new. */
int	mailer_init(struct store *, time_t now);

/* Queues what the clock says is due (digests, reminders). */
int	mailer_schedule(struct store *, const struct conf *, time_t now);

/*
 * Sends due e-mail one at a time until none is due, a temporary failure
 * (then *next_try is set), or `budget` seconds have passed.
 */
void	mailer_send_due(struct store *, const struct conf *, time_t budget,
	    time_t *next_try, int *backoff);

/* Renders the digest of a day and group and sends it now (CLI --send). */
int	mailer_send_digest(struct store *, const struct conf *,
	    const struct conf_digest_group *, const char *day,
	    const char *message_id, char *err, size_t errsize);

/* The Message-ID of the alert (or cancel) e-mail of a report. */
char	*mailer_alert_id(struct store *, const struct conf *,
	    const char *kind, long long ref);

#endif
