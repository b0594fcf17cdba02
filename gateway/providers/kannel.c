/*
 * Kannel: messages arrive by push (sms-service get-url, handled by the
 * HTTP server); replies go out through the smsbox sendsms interface:
 * 202 accepted or queued, 403 refused, 503 try later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "xmalloc.h"

static void
kn_send(struct provider *p, const char *to, const char *text,
    const char *key, struct prov_result *r)
{
	struct http_response	 h;
	char			*u, *pw, *f, *t, *m, *path, *url;
	int			 ok;

	(void)key;
	u = http_escape(p->conf->username ? p->conf->username : "");
	pw = http_escape(p->conf->api_key ? p->conf->api_key : "");
	f = http_escape(p->conf->sender ? p->conf->sender : "");
	t = http_escape(to);
	m = http_escape(text);
	path = xasprintf("/cgi-bin/sendsms?username=%s&password=%s&from=%s"
	    "&to=%s&text=%s&charset=UTF-8&coding=0", u, pw, f, t, m);
	url = prov_url(p->conf->url, path);
	ok = http_request(p->http, "GET", url, NULL, NULL, NULL, 0, &h) == 0;
	free(u);
	free(pw);
	free(f);
	free(t);
	free(m);
	free(path);
	free(url);
	if (ok && h.status == 403)
		prov_fail(r, PROV_PERMANENT, "sendsms: refused (403)");
	else if (ok && h.status == 202)
		r->status = PROV_OK;
	else if (ok && h.status >= 200 && h.status < 300)
		prov_fail(r, PROV_TEMPORARY, "sendsms: HTTP %ld", h.status);
	else
		prov_classify(&h, ok, r, "sendsms");
	http_response_free(&h);
}

const struct provider_ops prov_kannel = {
	.name = "kannel",
	.destructive = 0,
	.request = NULL,	/* push only: the HTTP server gets messages */
	.decode = NULL,
	.send = kn_send,
};
