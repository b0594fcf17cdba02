/*
 * Sending the outbox: claims, requests in flight, the rate, outcomes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sendq.h"
#include "xmalloc.h"

#ifdef FAULT_INJECT
#define BACKOFF_MIN	0	/* the fault build retries at once */
#else
#define BACKOFF_MIN	1	/* seconds */
#endif
#define BACKOFF_MAX	300
#define WAIT_MS		1000	/* longest wait before looking again */
#define KEY_MAX		32	/* "rgw-" and an id */

/* One request in flight and its rows. */
struct flight {
	struct outbox_msg	*rows;		/* per_request of them */
	struct prov_out		*out;
	char			(*keys)[KEY_MAX];
	size_t			 n;
	int			 busy;
};

struct sendq {
	const struct provider	*prov;
	struct http_multi	*multi;
	struct flight		*fl;
	struct flight		**ready;	/* claimed, to start */
	size_t			 nfl;
	size_t			 per_request;	/* rows in one request */
	size_t			 window;	/* due rows looked at per claim */
	struct prov_result	*res;		/* per_request of them */
	/* the rate: monotonic times of the last per_second SMS, a ring */
	size_t			 per_second;	/* 0: no limit */
	double			*sent;
	size_t			 nsent, head;
	int			 backoff;	/* seconds of the next back-off */
};

static double
mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
rate_add(struct sendq *q, size_t n, double now)
{
	if (q->per_second == 0)
		return;
	for (; n > 0; n--) {
		q->sent[q->head] = now;
		q->head = (q->head + 1) % q->per_second;
		if (q->nsent < q->per_second)
			q->nsent++;
	}
}

/*
 * How many SMS may start now so that no second (any window of one
 * second) holds more than per_second; when none, *wait_ms says how long
 * until one may.
 */
static size_t
rate_room(const struct sendq *q, double now, int *wait_ms)
{
	size_t	i, used = 0;
	double	oldest;

	if (q->per_second == 0)
		return SIZE_MAX;
	for (i = 1; i <= q->nsent; i++) {	/* newest first */
		if (q->sent[(q->head + q->per_second - i) % q->per_second] <=
		    now - 1.0)
			break;
		used++;
	}
	if (used < q->per_second)
		return q->per_second - used;
	oldest = q->sent[q->head];	/* the ring is full: the oldest */
	*wait_ms = (int)((oldest + 1.0 - now) * 1000.0) + 1;
	if (*wait_ms < 1)
		*wait_ms = 1;
	return 0;
}

struct sendq *
sendq_new(const struct provider *p, struct sendq *old)
{
	struct sendq	*q;
	size_t		 i, k;

	q = xcalloc(1, sizeof(*q));
	q->prov = p;
	q->nfl = p->conf->max_in_flight > 0 ?
	    (size_t)p->conf->max_in_flight : 1;
	q->per_second = p->conf->max_per_second > 0 ?
	    (size_t)p->conf->max_per_second : 0;
	q->per_request = provider_send_max(p);
	if (q->per_second > 0 && q->per_request > q->per_second)
		q->per_request = q->per_second;	/* a request must fit */
	/* identical texts are usually queued together (a village's
	 * reminders): they are looked for a little beyond a request */
	q->window = p->ops->send_same_text ? 2 * q->per_request :
	    q->per_request;
	if ((q->multi = http_multi_new(p->conf->timeout, q->nfl)) == NULL) {
		free(q);
		return NULL;
	}
	q->fl = xcalloc(q->nfl, sizeof(*q->fl));
	q->ready = xcalloc(q->nfl, sizeof(*q->ready));
	for (i = 0; i < q->nfl; i++) {
		q->fl[i].rows = xcalloc(q->per_request, sizeof(*q->fl[i].rows));
		q->fl[i].out = xcalloc(q->per_request, sizeof(*q->fl[i].out));
		q->fl[i].keys = xcalloc(q->per_request, KEY_MAX);
	}
	q->res = xcalloc(q->per_request, sizeof(*q->res));
	if (q->per_second > 0)
		q->sent = xcalloc(q->per_second, sizeof(*q->sent));
	if (old != NULL) {
		/* the sends of the last second still count */
		k = old->nsent < q->per_second ? old->nsent : q->per_second;
		for (i = k; i > 0; i--)
			rate_add(q, 1, old->sent[(old->head + old->per_second -
			    i) % old->per_second]);
		q->backoff = old->backoff;
		sendq_free(old);
	}
	return q;
}

void
sendq_free(struct sendq *q)
{
	size_t i;

	if (q == NULL)
		return;
	http_multi_free(q->multi);
	for (i = 0; i < q->nfl; i++) {
		free(q->fl[i].rows);
		free(q->fl[i].out);
		free(q->fl[i].keys);
	}
	free(q->fl);
	free(q->ready);
	free(q->res);
	free(q->sent);
	free(q);
}

static int
next_backoff(int *b)
{
	int cur = *b < BACKOFF_MIN ? BACKOFF_MIN : *b;

	*b = cur * 2 > BACKOFF_MAX ? BACKOFF_MAX : cur * 2;
	return cur;
}

/*
 * Which rows share a request: those of the first row's priority (an
 * alert does not wait for a long request), each recipient once, and the
 * same text when the driver sends one text to several numbers.
 */
static int
joins(const struct outbox_msg *group, size_t n, const struct outbox_msg *row,
    void *arg)
{
	const struct sendq	*q = arg;
	size_t			 i;

	if (row->priority != group[0].priority)
		return 0;
	if (q->prov->ops->send_same_text &&
	    strcmp(row->text, group[0].text) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(group[i].recipient, row->recipient) == 0)
			return 0;
	return 1;
}

/*
 * Records the outcome of each row of a request.  A temporary trouble
 * (any but ok and permanent) puts the row back, due at *retry_at, which
 * the first such trouble sets.
 */
static void
record(struct sendq *q, struct store *st, const struct flight *f,
    const struct prov_result *res, time_t *retry_at)
{
	const struct outbox_msg	*m;
	const struct prov_result *r;
	char			 clean[300];
	time_t			 now = time(NULL);
	long			 delay;
	size_t			 i;

	for (i = 0; i < f->n; i++) {
		m = &f->rows[i];
		r = &res[i];
		switch (r->status) {
		case PROV_OK:
			store_outbox_sent(st, m->id, r->msg_id, now);
			q->backoff = 0;
			continue;
		case PROV_PERMANENT:
			log_warnx("send #%lld: %s", (long long)m->id,
			    log_clean(r->detail, strlen(r->detail), clean,
			    sizeof(clean)));
			store_outbox_failed(st, m->id, r->detail, now);
			continue;
		default:
			break;
		}
		if (m->attempts >= SENDQ_GIVE_UP) {
			store_outbox_failed(st, m->id, "gave up after "
			    "repeated temporary failures", now);
			continue;
		}
		if (*retry_at == 0) {
			delay = r->status == PROV_RATE_LIMITED &&
			    r->retry_after > 0 ? r->retry_after :
			    next_backoff(&q->backoff);
			if (delay > BACKOFF_MAX)
				delay = BACKOFF_MAX;
			*retry_at = now + delay;
			log_warnx("send: %s; retry in %ld s", log_clean(r->detail,
			    strlen(r->detail), clean, sizeof(clean)), delay);
		}
		store_outbox_retry(st, m->id, r->detail, *retry_at);
	}
}

/* Records outcomes in one transaction (or one at a time if none). */
static void
record_all(struct sendq *q, struct store *st, const struct flight *f,
    const struct prov_result *res, time_t *retry_at)
{
	int tx = store_begin(st) == 0;

	record(q, st, f, res, retry_at);
	if (tx && store_commit(st) == -1) {
		store_rollback(st);
		log_warnx("send: %zu outcomes not recorded; those rows go "
		    "once more after a restart", f->n);
	}
}

/* Builds and starts a claimed flight's request, or records why not. */
static void
start_flight(struct sendq *q, struct store *st, struct flight *f,
    time_t *retry_at)
{
	struct prov_request	rq;
	struct prov_result	r;
	size_t			i;

	for (i = 0; i < f->n; i++) {
		snprintf(f->keys[i], KEY_MAX, "rgw-%lld",
		    (long long)f->rows[i].id);
		f->out[i].to = f->rows[i].recipient;
		f->out[i].text = f->rows[i].text;
		f->out[i].key = f->keys[i];
	}
	f->busy = 0;
	if (provider_send_build(q->prov, f->out, f->n, &rq, &r) == -1) {
		prov_results_set(q->res, f->n, &r);
		record_all(q, st, f, q->res, retry_at);
		return;
	}
	if (http_multi_start(q->multi, rq.method, rq.url, rq.hdr, rq.userpwd,
	    rq.body, rq.bodylen, f) == -1) {
		prov_request_free(&rq);
		memset(&r, 0, sizeof(r));
		r.retry_after = -1;
		prov_fail(&r, PROV_TEMPORARY, "send: the request could not "
		    "start");
		prov_results_set(q->res, f->n, &r);
		record_all(q, st, f, q->res, retry_at);
		return;
	}
	prov_request_free(&rq);
	rate_add(q, f->n, mono());
	f->busy = 1;
}

/*
 * Claims the rows of a request for each free slot, room SMS at most, in
 * one transaction (one commit for them all), then starts the requests.
 * The number of requests claimed (0: nothing due), or -1 on a database
 * error; *all_due says that no due row is left.
 */
static int
start_some(struct sendq *q, struct store *st, int maxprio, size_t room,
    time_t *retry_at, int *all_due)
{
	struct flight	*f;
	size_t		 i, k = 0, max;

	*all_due = 0;
	if (store_begin(st) == -1)
		return -1;
	for (i = 0; i < q->nfl && room > 0; i++) {
		f = &q->fl[i];
		if (f->busy)
			continue;
		max = q->per_request < room ? q->per_request : room;
		if (store_outbox_claim(st, time(NULL), maxprio, max, q->window,
		    max > 1 ? joins : NULL, q, f->rows, &f->n) == -1) {
			store_rollback(st);
			return -1;
		}
		if (f->n == 0) {
			*all_due = 1;
			break;
		}
		q->ready[k++] = f;
		room -= f->n;
	}
	if (k == 0) {
		store_rollback(st);
		return 0;
	}
	/* the rows are 'sending' on disk before any request goes */
	if (store_commit(st) == -1)
		return -1;
	for (i = 0; i < k; i++)
		start_flight(q, st, q->ready[i], retry_at);
	return (int)k;
}

/* Records the requests that have ended, in one transaction. */
static void
finish_done(struct sendq *q, struct store *st, time_t *retry_at)
{
	struct http_response	 h;
	struct flight		*f;
	void			*tag;
	int			 ok, tx = -1;
	size_t			 n = 0;

	while (http_multi_next(q->multi, &tag, &h, &ok) == 1) {
		f = tag;
		if (tx == -1)
			tx = store_begin(st) == 0;
		provider_send_decode(q->prov, f->out, f->n, &h, ok, q->res);
		http_response_free(&h);
		record(q, st, f, q->res, retry_at);
		n += f->n;
		f->busy = 0;
	}
	if (tx == 1 && store_commit(st) == -1) {
		store_rollback(st);
		log_warnx("send: %zu outcomes not recorded; those rows go "
		    "once more after a restart", n);
	}
}

void
sendq_run(struct sendq *q, struct store *st, int maxprio, time_t budget,
    int wakefd, volatile sig_atomic_t *stop, time_t *next_send)
{
	time_t	end = time(NULL) + budget, retry_at = 0;
	size_t	room;
	int	more = 1, woken = 0, ready, all_due, wait_ms, rc;

	for (;;) {
		wait_ms = WAIT_MS;
		if (more && !woken && !*stop && retry_at == 0 &&
		    time(NULL) < end) {
			if (http_multi_busy(q->multi) < q->nfl &&
			    (room = rate_room(q, mono(), &wait_ms)) > 0) {
				rc = start_some(q, st, maxprio, room, &retry_at,
				    &all_due);
				if (rc <= 0 || all_due)
					more = 0;	/* none due, or trouble */
				/* all refused at once: look again */
				if (rc > 0 && http_multi_busy(q->multi) == 0)
					continue;
			}
		} else
			more = 0;
		if (http_multi_busy(q->multi) == 0 && !more)
			break;
		/* in flight, or waiting for the rate; once woken, the fd
		 * stays readable: no longer waited on */
		if (http_multi_wait(q->multi, woken ? -1 : wakefd, wait_ms,
		    &ready) == -1) {
			/* what is in flight is collected at the next run */
			log_warnx("send: libcurl cannot go on; trying again "
			    "in a second");
			if (retry_at == 0)
				retry_at = time(NULL) + 1;
			break;
		}
		woken |= ready;
		finish_done(q, st, &retry_at);
	}
	*next_send = retry_at;
}
