/*
 * The outbox's sender: due rows go out best first (officers before
 * reporters, then by due time), up to provider.max_in_flight requests at
 * once through libcurl's multi interface, each carrying as many rows as
 * the driver puts in one request (send_max: Infobip's messages[],
 * Africa's Talking's one text to several numbers), and at most
 * provider.max_per_second SMS in any second.
 *
 * Crash safety: the rows of a request are claimed (committed 'sending',
 * gateway/store/queue.c) before it starts, and their outcomes are
 * recorded once its answer has come, so a kill -9 loses no row and sends
 * at most the rows then in flight once more (store_outbox_recover marks
 * them uncertain).
 */
#ifndef REPORTGW_SENDQ_H
#define REPORTGW_SENDQ_H

#include <signal.h>
#include <time.h>

#include "provider.h"
#include "store.h"

#define SENDQ_GIVE_UP	20	/* attempts before a row is failed */

struct sendq;

/*
 * A sender for that provider (its conf gives max_in_flight and
 * max_per_second).  old (may be NULL), the sender it replaces at a
 * reload, is freed, and its sends of the last second still count
 * against the rate.  NULL when libcurl cannot start (old is then kept).
 */
struct sendq	*sendq_new(const struct provider *, struct sendq *old);
void		 sendq_free(struct sendq *);

/*
 * Sends due rows of priority at most maxprio until none is due, budget
 * seconds have passed, *stop is set or wakefd (-1: none) is readable
 * (nothing is read from it); then it waits for the requests in flight,
 * so no row is left 'sending'.  After a temporary failure (provider
 * down, rate limited, credentials refused) it starts nothing more and
 * *next_send is when to try again; else *next_send is 0.
 */
void	sendq_run(struct sendq *, struct store *, int maxprio, time_t budget,
	    int wakefd, volatile sig_atomic_t *stop, time_t *next_send);

#endif
