/*
 * A small HTTP client on libcurl for the provider drivers: connect and
 * total timeouts, a low-speed limit, TLS verification on, no redirects,
 * http and https only, and a cap on the response body.  One handle per
 * provider keeps connections alive between polls; a multi handle keeps
 * several requests in flight (the outbox's sends).
 */
#ifndef REPORTGW_HTTP_CLIENT_H
#define REPORTGW_HTTP_CLIENT_H

#include <stddef.h>

#define HTTP_BODY_MAX	(8 * 1024 * 1024)	/* bytes of a response */
#define HTTP_CONNECT_TIMEOUT	10		/* seconds */
#define HTTP_LOW_SPEED	64	/* bytes/s below which ... */
#define HTTP_LOW_SPEED_TIME 10	/* ... for this many seconds we give up */

struct http_client;

struct http_response {
	long	 status;	/* 0 when no response came */
	char	*body;		/* NUL-terminated; owned, see below */
	size_t	 len;
	long	 retry_after;	/* seconds from Retry-After, or -1 */
	char	 error[256];	/* why the transfer failed, when it did */
};

/* timeout: seconds for a whole request.  NULL on failure. */
struct http_client *http_client_new(long timeout);
void	http_client_free(struct http_client *);

/*
 * Performs a request.  headers: NULL-terminated "Name: value" list;
 * userpwd: "user:password" for Basic auth or NULL; body: NULL for GET.
 * Returns 0 when a response arrived (any status), -1 when none did
 * (resp->error says why: refused, timeout, too large, ...).  Free the
 * response with http_response_free().
 */
int	http_request(struct http_client *, const char *method, const char *url,
	    const char *const *headers, const char *userpwd, const char *body,
	    size_t bodylen, struct http_response *resp);
void	http_response_free(struct http_response *);

/*
 * Several requests at once (libcurl's multi interface), each as
 * http_request() makes it, sharing a cache of open connections.
 */
struct http_multi;

/* Up to max requests in flight, timeout seconds each.  NULL on failure. */
struct http_multi *http_multi_new(long timeout, size_t max);
/* Drops requests still in flight. */
void	http_multi_free(struct http_multi *);
/*
 * Starts a request (the arguments of http_request(), all copied); tag
 * comes back with its response.  -1 when max are in flight already or
 * libcurl refuses it.
 */
int	http_multi_start(struct http_multi *, const char *method,
	    const char *url, const char *const *headers, const char *userpwd,
	    const char *body, size_t bodylen, void *tag);
/* Requests started and not yet collected by http_multi_next(). */
size_t	http_multi_busy(const struct http_multi *);
/*
 * Moves the transfers on, waiting up to ms milliseconds for one to end
 * when none has, or for fd (-1: none) to be readable, which *fd_ready
 * then says (nothing is read from it).  With nothing in flight it just
 * waits.  0, or -1 when libcurl fails.
 */
int	http_multi_wait(struct http_multi *, int fd, int ms, int *fd_ready);
/*
 * Collects a finished request: 1 with its tag, its response (free it
 * with http_response_free) and *ok as http_request() would return 0;
 * 0 when none has finished.
 */
int	http_multi_next(struct http_multi *, void **tag,
	    struct http_response *, int *ok);

/* URL-encodes s into a new string. */
char	*http_escape(const char *s);

#endif
