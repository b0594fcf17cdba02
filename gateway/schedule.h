/*
 * The daemon's schedule: what the clock makes due.  Daily digests (one
 * per day and group, exactly once, missed days caught up oldest first,
 * never for days before the database existed), the weekly and monthly
 * reminder SMS to the reporters of silent villages, the monthly village
 * summary, and the escalations and reminders of cases (cases.h).
 *
 * Crash safety: nothing is sent here.  What is due is recorded in the
 * store, with the mark of how far the schedule got (digest_through, a
 * reminder row per village and period), in one transaction: a digest
 * becomes a mail row (sent by mailq.c), a reminder an SMS in the outbox.
 * A crash before the commit leaves nothing, and the next run queues it
 * again; after it, the mark keeps anything from being queued twice.
 */
#ifndef REPORTGW_SCHEDULE_H
#define REPORTGW_SCHEDULE_H

#include <time.h>

#include "conf.h"
#include "store.h"

/* Records the database's first day if new (no catch-up before it). */
int	schedule_init(struct store *, time_t now);

/* The periodic reports and the DHIS2 push (schedule_reports.c). */
int	schedule_reports(struct store *, const struct conf *, time_t now);

/* Queues what the clock says is due at now (digests, reminders). */
int	schedule_due(struct store *, const struct conf *, time_t now);

#endif
