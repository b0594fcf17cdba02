/*
 * Kannel: messages arrive by push (the sms-service get-url, GET /kannel
 * with %i %p %a %t %c %C: id, from, text, time, coding, charset); replies
 * go out through the smsbox sendsms interface: 202 accepted or queued,
 * 403 refused, 503 try later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "xmalloc.h"

static void
kn_push(const struct conf *cf, const struct prov_push_req *rq,
    struct prov_push *p)
{
	const struct form	*f = rq->query;
	const char		*id, *from, *coding, *charset, *tm, *raw;
	size_t			 rawlen;

	(void)cf;
	if ((id = prov_push_field(p, f, "id", 1, PROV_ID_MAX)) == NULL ||
	    (from = prov_push_field(p, f, "from", 1, PROV_ADDR_MAX)) == NULL ||
	    (coding = prov_push_field(p, f, "coding", 0, 4)) == NULL ||
	    (charset = prov_push_field(p, f, "charset", 0, 32)) == NULL ||
	    (tm = prov_push_field(p, f, "time", 0, 20)) == NULL)
		return;
	if ((raw = form_get(f, "text", &rawlen)) == NULL) {
		prov_push_refuse(p, 400, "missing text");
		return;
	}
	if ((p->text = form_text_utf8(raw, rawlen, coding, charset,
	    &p->textlen)) == NULL) {
		prov_push_refuse(p, 400, "text is not valid %s",
		    *charset ? charset : "UTF-16BE");
		return;
	}
	snprintf(p->id, sizeof(p->id), "%s", id);
	snprintf(p->from, sizeof(p->from), "%s", from);
	p->at = *tm ? prov_time_text("epoch", tm) : 0;
}

static int
kn_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	char *u, *pw, *f, *t, *m, *path;

	(void)n;
	(void)r;
	u = http_escape(p->conf->username ? p->conf->username : "");
	pw = http_escape(p->conf->api_key ? p->conf->api_key : "");
	f = http_escape(p->conf->sender ? p->conf->sender : "");
	t = http_escape(msgs[0].to);
	m = http_escape(msgs[0].text);
	path = xasprintf("/cgi-bin/sendsms?username=%s&password=%s&from=%s"
	    "&to=%s&text=%s&charset=UTF-8&coding=0", u, pw, f, t, m);
	rq->method = "GET";
	rq->url = prov_url(p->conf->url, path);
	explicit_bzero(path, strlen(path));
	explicit_bzero(pw, strlen(pw));
	free(u);
	free(pw);
	free(f);
	free(t);
	free(m);
	free(path);
	return 0;
}

static void
kn_send_decode(const struct conf_provider *conf, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int ok, struct prov_result *res)
{
	(void)conf;
	(void)msgs;
	(void)n;
	if (ok && h->status == 403)
		prov_fail(res, PROV_PERMANENT, "sendsms: refused (403)");
	else if (ok && h->status == 202)
		res->status = PROV_OK;
	else if (ok && h->status >= 200 && h->status < 300)
		prov_fail(res, PROV_TEMPORARY, "sendsms: HTTP %ld", h->status);
	else
		prov_classify(h, ok, res, "sendsms");
}

const struct provider_ops prov_kannel = {
	.name = "kannel",
	.destructive = 0,
	.request = NULL,	/* push only */
	.decode = NULL,
	.send_build = kn_send_build,
	.send_decode = kn_send_decode,
	.push_path = "/kannel",
	.push_method = "GET",
	.push_source = "kannel",
	.push_json = 0,		/* an empty body: smsbox sends no SMS back */
	.push = kn_push,
};
