/*
 * A small HTTP client on libcurl for the provider drivers: connect and
 * total timeouts, a low-speed limit, TLS verification on, no redirects,
 * http and https only, and a cap on the response body.  One handle per
 * provider keeps connections alive between polls.
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

/* URL-encodes s into a new string. */
char	*http_escape(const char *s);

#endif
