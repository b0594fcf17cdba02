/*
 * Africa's Talking: inbox fetch with lastReceivedId (ascending, not
 * consumed: the cursor moves only with the committed batch), and send with
 * per-recipient status codes.
 *
 * Wire facts: GET {url}/messaging?username=U&lastReceivedId=N with an
 * apiKey header answers {"SMSMessageData": {"Messages": [{"id": 12,
 * "from", "to", "text", "date" (ISO 8601), "linkId"}]}}, oldest first,
 * ids ascending integers.  POST {url}/messaging (form: username, to,
 * message, from) answers 201 with SMSMessageData.Recipients[0].statusCode
 * 100-102 for accepted, 500-502 for try later; 409 is do-not-disturb.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Ids beyond 2^53 are not what Africa's Talking hands out; a record with
 * one is kept as rejected and never moves the cursor. */
#define AT_ID_MAX	9007199254740992LL

static void
at_headers(const struct provider *p, char *key, size_t size,
    const char **hdr)
{
	snprintf(key, size, "apiKey: %s", p->conf->api_key != NULL ?
	    p->conf->api_key : "");
	hdr[0] = key;
	hdr[1] = "Accept: application/json";
	hdr[2] = NULL;
}

static int
at_request(struct provider *p, const char *cursor, struct prov_request *rq)
{
	char		*user, *path;
	long long	 last = 0;

	if (*cursor != '\0')
		last = strtoll(cursor, NULL, 10);
	at_headers(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr);
	user = http_escape(p->conf->username != NULL ? p->conf->username : "");
	path = xasprintf("/messaging?username=%s&lastReceivedId=%lld", user,
	    last);
	rq->url = prov_url(p->conf->url, path);
	free(path);
	free(user);
	return 0;
}

static void
at_decode(const struct conf_provider *conf, const char *cursor, time_t now,
    json_t *root, struct prov_batch *b, struct prov_result *r)
{
	json_t		*msgs;
	long long	 last = 0, max;
	size_t		 i;

	(void)conf;
	if (*cursor != '\0')
		last = strtoll(cursor, NULL, 10);
	max = last;
	msgs = json_object_get(json_object_get(root, "SMSMessageData"),
	    "Messages");
	if (!json_is_array(msgs)) {
		prov_fail(r, PROV_TEMPORARY, "fetch: not an inbox (no "
		    "SMSMessageData.Messages)");
		return;
	}
	for (i = 0; i < json_array_size(msgs); i++) {
		json_t		*m = json_array_get(msgs, i);
		json_t		*id = json_object_get(m, "id");
		const char	*date;
		double		 d;
		time_t		 at;

		/* the id must be a whole number in range, else the record
		 * is kept as rejected */
		d = json_number_value(id);
		if (!json_is_number(id) || d < 1 || d > (double)AT_ID_MAX ||
		    d != (double)(long long)d) {
			prov_batch_reject(b, m, NULL, json_is_number(id) ?
			    "id out of range" : "no usable id");
			continue;
		}
		date = json_string_value(json_object_get(m, "date"));
		if (date == NULL || time_parse_iso(date, &at) == -1)
			at = now;
		prov_batch_record(b, m, id, json_object_get(m, "from"),
		    json_object_get(m, "to"), json_object_get(m, "text"), at);
		/* rejected or not, a record with a good id is behind us */
		if ((long long)d > max)
			max = (long long)d;
	}
	snprintf(b->cursor, sizeof(b->cursor), "%lld", max);
	/* more only while the cursor moves: a page of records we cannot
	 * step past must not be fetched again at once */
	b->more = max > last;
	r->status = PROV_OK;
}

static void
at_send(struct provider *p, const char *to, const char *text,
    const char *key, struct prov_result *r)
{
	struct http_response	 h;
	const char		*hdr[4], *status = NULL, *mid = NULL;
	char			 hk[4200], *url, *body, *u, *t, *m, *f;
	json_t			*root, *rec;
	json_int_t		 code = 0;
	int			 ok;

	(void)key;	/* AT has no idempotency key */
	at_headers(p, hk, sizeof(hk), hdr);
	u = http_escape(p->conf->username != NULL ? p->conf->username : "");
	t = http_escape(to);
	m = http_escape(text);
	f = http_escape(p->conf->sender != NULL ? p->conf->sender : "");
	body = xasprintf("username=%s&to=%s&message=%s%s%s", u, t, m,
	    p->conf->sender != NULL ? "&from=" : "",
	    p->conf->sender != NULL ? f : "");
	free(u);
	free(t);
	free(m);
	free(f);
	url = prov_url(p->conf->url, "/messaging");
	ok = http_request(p->http, "POST", url, hdr, NULL, body, strlen(body),
	    &h) == 0;
	free(url);
	free(body);
	explicit_bzero(hk, sizeof(hk));
	if (ok && h.status == 409) {
		prov_fail(r, PROV_PERMANENT, "send: do-not-disturb (HTTP 409)");
		http_response_free(&h);
		return;
	}
	if (!prov_classify(&h, ok, r, "send")) {
		http_response_free(&h);
		return;
	}
	root = prov_json_decode(h.body, h.len, 0);
	http_response_free(&h);
	rec = json_array_get(json_object_get(json_object_get(root,
	    "SMSMessageData"), "Recipients"), 0);
	if (rec == NULL || json_unpack(rec, "{s:I, s?s, s?s}", "statusCode",
	    &code, "status", &status, "messageId", &mid) == -1) {
		prov_fail(r, root != NULL && rec == NULL ? PROV_PERMANENT :
		    PROV_TEMPORARY, "send: %s", rec == NULL ?
		    "no recipient accepted" : "unexpected answer");
		json_decref(root);
		return;
	}
	if (code >= 100 && code <= 102) {
		r->status = PROV_OK;
		snprintf(r->msg_id, sizeof(r->msg_id), "%s", mid ? mid : "");
	} else if (code >= 500 && code <= 502)
		prov_fail(r, PROV_TEMPORARY, "send: status %lld",
		    (long long)code);
	else
		prov_fail(r, PROV_PERMANENT, "send: status %lld (%s)",
		    (long long)code, status != NULL ? status : "?");
	json_decref(root);
}

const struct provider_ops prov_africastalking = {
	.name = "africastalking",
	.destructive = 0,
	.request = at_request,
	.decode = at_decode,
	.send = at_send,
};
