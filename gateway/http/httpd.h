/*
 * The embedded HTTP server (libmicrohttpd): USSD callbacks, push
 * receivers (Kannel sms-service, a generic webhook) and a health check.
 * Requests run on a small pool of threads, each with its own database
 * connection; whatever they store is committed before they answer 2xx.
 */
#ifndef REPORTGW_HTTPD_H
#define REPORTGW_HTTPD_H

#include <time.h>

#include "conf.h"

#define HTTPD_BODY_MAX	8192	/* bytes of a request body */
#define HTTPD_FIELD_MAX	2048	/* bytes of one decoded field */
#define HTTPD_ARGS_MAX	64	/* query arguments, empty ones too (400) */

struct httpd;

/*
 * Starts listening on conf->http.listen.  Each time a request stores
 * something for the polling loop (a push message, alert SMS of a USSD
 * report) one byte is written to wakefd.  polls: whether the provider is
 * polled, so /healthz checks the last poll.  NULL on failure (logged).
 */
struct httpd	*httpd_start(const struct conf *, int wakefd, int polls);
/* Swaps the configuration the handlers use (after SIGHUP). */
void		 httpd_set_conf(struct httpd *, const struct conf *, int polls);
/* The daemon's loop is alive at this time (for /healthz). */
void		 httpd_heartbeat(struct httpd *, time_t);
void		 httpd_stop(struct httpd *);

#endif
