/*
 * What the HTTP server's files share (httpd.c: the server, routing, /ussd
 * and /healthz; httpd_push.c: /kannel and /sms).  Not for other callers.
 */
#ifndef REPORTGW_HTTPD_INT_H
#define REPORTGW_HTTPD_INT_H

#include <pthread.h>
#include <time.h>

#include <microhttpd.h>

#include "form.h"
#include "store.h"

#define STORES_MAX	64
/*
 * Bytes of a pushed message id: longer ones are refused (400), never cut,
 * so two ids that differ late never collide.  The store keeps ids whole
 * (SQLite text); its struct copy (STORE_ID_MAX) only matters for reading.
 */
#define PUSH_ID_MAX	(STORE_ID_MAX - 1)	/* 255 */
#define WHY_MAX		160	/* bytes of a 400 answer's reason */

#define HTTP_TOO_LARGE	413
#define TEXT	"text/plain; charset=utf-8"
#define JSON	"application/json"

struct httpd {
	struct MHD_Daemon	*mhd;
	pthread_rwlock_t	 lock;		/* guards conf and polls */
	const struct conf	*conf;
	int			 polls;
	int			 wakefd;
	pthread_mutex_t		 mu;		/* guards the fields below */
	time_t			 heartbeat;
	struct store		*stores[STORES_MAX];
	int			 nstores;
};

/* This thread's database connection (opened on first use), or NULL. */
struct store	*httpd_store(struct httpd *);
/* Tells the main loop something was stored for it. */
void		 httpd_wake(struct httpd *);
/* Queues an answer with a formatted body; the access handler's result. */
enum MHD_Result	 httpd_answer(struct MHD_Connection *, unsigned int status,
		    const char *type, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/*
 * A clean field of at most max bytes ("" when absent and not required);
 * NULL when it is not, with the reason in why[WHY_MAX].
 */
const char	*httpd_field(const struct form *, const char *name,
		    int required, size_t max, char *why);

enum MHD_Result	 httpd_kannel(struct httpd *, struct MHD_Connection *,
		    const struct form *query);
enum MHD_Result	 httpd_webhook(struct httpd *, struct MHD_Connection *,
		    const char *body, size_t bodylen);

#endif
