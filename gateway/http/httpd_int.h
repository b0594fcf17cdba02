/*
 * What the HTTP server's files share (httpd.c: the server, routing, /ussd
 * and /healthz; httpd_push.c: the drivers' push routes) and the web
 * console (gateway/web/).  Not for other callers.
 */
#ifndef REPORTGW_HTTPD_INT_H
#define REPORTGW_HTTPD_INT_H

#include <pthread.h>
#include <time.h>

#include <microhttpd.h>

#include "form.h"
#include "provider.h"
#include "store.h"

#define STORES_MAX	64
/*
 * Bytes of a USSD session key ("PHONE/sessionId"): longer ones are
 * refused (400), never cut.  The store keeps ids whole (SQLite text); its
 * struct copy (STORE_ID_MAX) only matters for reading.
 */
#define USSD_KEY_MAX	(STORE_ID_MAX - 1)	/* 255 */
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
 * A pushed request on the route of the driver ops: decoded by the driver,
 * stored, answered 200 once committed (or 400 with the driver's reason).
 */
enum MHD_Result	 httpd_push(struct httpd *, struct MHD_Connection *,
		    const struct provider_ops *, const struct form *query,
		    const char *body, size_t bodylen);

#endif
