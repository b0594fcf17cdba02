/*
 * The push route of every driver that has one (struct provider_ops
 * push_path: Kannel's GET /kannel, the webhook's POST /sms): the driver
 * decodes the request into a message or a refusal, and this file stores
 * the message and answers.  A message is committed before the 200.
 */
#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "httpd.h"
#include "httpd_int.h"
#include "pipeline.h"
#include "provider.h"
#include "reply.h"
#include "store.h"

enum MHD_Result
httpd_push(struct httpd *h, struct MHD_Connection *c,
    const struct provider_ops *ops, const struct form *query,
    const char *body, size_t bodylen)
{
	struct prov_push_req	rq;
	struct prov_push	p;
	struct pipeline_stats	stats;
	struct store		*s;
	char			reply[REPLY_SIZE];
	enum MHD_Result		ret;
	size_t			len;
	int			rc;

	memset(&rq, 0, sizeof(rq));
	rq.query = query;
	rq.body = body != NULL ? body : "";
	rq.bodylen = bodylen;
	rq.field_max = HTTPD_FIELD_MAX;
	provider_push(ops, h->conf, &rq, &p);
	if (p.refuse != 0) {
		prov_push_free(&p);
		return httpd_answer(c, p.refuse, TEXT, "%s\n", p.why);
	}
	len = p.textlen < STORE_TEXT_MAX - 1 ? p.textlen : STORE_TEXT_MAX - 1;
	/* senders are kept as sent; the pipeline normalises them */
	memset(&stats, 0, sizeof(stats));
	s = httpd_store(h);
	rc = s == NULL ? -1 : pipeline_submit(s, h->conf, "sms",
	    ops->push_source, p.id, p.from, p.text, len, p.at, reply, &stats);
	prov_push_free(&p);
	if (rc == -1)
		return httpd_answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, TEXT,
		    "not stored; try again\n");
	if (rc == 1)
		httpd_wake(h);
	if (ops->push_json)
		ret = httpd_answer(c, MHD_HTTP_OK, JSON, "{\"status\":\"%s\"}\n",
		    rc == 1 ? "stored" : "duplicate");
	else
		ret = httpd_answer(c, MHD_HTTP_OK, TEXT, "%s", "");
	return ret;
}
