/*
 * The staff web console: server-rendered pages on the embedded HTTP
 * server (gateway/http/httpd.c routes every path it does not serve
 * itself here when the config has a web group).  Works without
 * JavaScript; every word comes from labels.conf (web_labels.h).
 */
#ifndef REPORTGW_WEB_H
#define REPORTGW_WEB_H

#include <stddef.h>

#include <microhttpd.h>
#include <sodium.h>

struct httpd;

/* argon2id cost of the hashes `reportgw passwd` makes and logins check
 * against an unknown user (the same work, so the same time). */
#define WEB_PWHASH_OPS	crypto_pwhash_OPSLIMIT_INTERACTIVE
#define WEB_PWHASH_MEM	crypto_pwhash_MEMLIMIT_INTERACTIVE
#define WEB_PASSWORD_MAX 256	/* bytes of a password */

/* Whether the console answers this path (/login, /cases/12, ...). */
int		 web_path(const char *url);
/*
 * Answers one request of the console: url and method as libmicrohttpd
 * gave them, the raw query (after '?', or NULL) and the body.  Called
 * under the httpd's configuration read lock.
 */
enum MHD_Result	 web_request(struct httpd *, struct MHD_Connection *,
		    const char *url, const char *method, const char *query,
		    const char *body, size_t bodylen, int too_big);

#endif
