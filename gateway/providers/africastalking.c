/*
 * Africa's Talking: inbox fetch with lastReceivedId (ascending, not
 * consumed: the cursor moves only with the committed batch), and send with
 * per-recipient status codes.
 *
 * Wire facts: GET {url}/messaging?username=U&lastReceivedId=N with an
 * apiKey header answers {"SMSMessageData": {"Messages": [{"id": 12,
 * "from", "to", "text", "date" (ISO 8601), "linkId"}]}}, oldest first,
 * ids ascending integers.  POST {url}/messaging (form: username, to,
 * message, from; "to" is one number or several joined by commas, all
 * getting the one message) answers 201 with SMSMessageData.Recipients[],
 * one per number, its statusCode 100-102 for accepted, 500-502 for try
 * later, others refused (403 invalid number, 406 blacklisted, ...);
 * HTTP 409 is do-not-disturb.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Ids beyond 2^53 are not what Africa's Talking hands out; a record with
 * one is kept as rejected and never moves the cursor. */
#define AT_ID_MAX	9007199254740992LL
/* Recipients of one text in one request: AT takes a long list, but each
 * row in flight is a whole outbox row in memory, and a village has one or
 * two reporters. */
#define AT_SEND_MAX	25

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

/* One text to up to AT_SEND_MAX recipients, their numbers joined by
 * commas in "to". */
static int
at_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	struct buf	 to;
	char		*u, *t, *m, *f;
	size_t		 i;

	(void)r;
	at_headers(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr);
	buf_init(&to, 65536);
	for (i = 0; i < n; i++) {
		t = http_escape(msgs[i].to);
		buf_printf(&to, "%s%s", i > 0 ? "," : "", t);
		free(t);
	}
	u = http_escape(p->conf->username != NULL ? p->conf->username : "");
	m = http_escape(msgs[0].text);
	f = http_escape(p->conf->sender != NULL ? p->conf->sender : "");
	rq->body = xasprintf("username=%s&to=%s&message=%s%s%s", u,
	    to.p, m, p->conf->sender != NULL ? "&from=" : "",
	    p->conf->sender != NULL ? f : "");
	rq->bodylen = strlen(rq->body);
	rq->url = prov_url(p->conf->url, "/messaging");
	free(u);
	free(m);
	free(f);
	buf_free(&to);
	return 0;
}

/* The answer's SMSMessageData.Recipients: one entry per number, with
 * its own statusCode, matched to our messages by number. */
static void
at_send_decode(const struct conf_provider *conf, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int ok, struct prov_result *res)
{
	const char	*status, *mid, *number;
	json_t		*root, *recs, *rec;
	json_int_t	 code;
	size_t		 i;
	long		 k;
	char		*seen;
	int		 unread = 0;

	(void)conf;
	if (ok && h->status == 409) {
		for (i = 0; i < n; i++)
			prov_fail(&res[i], PROV_PERMANENT,
			    "send: do-not-disturb (HTTP 409)");
		return;
	}
	if (!prov_classify_all(h, ok, res, n, "send"))
		return;
	root = prov_json_decode(h->body, h->len, 0);
	recs = json_object_get(json_object_get(root, "SMSMessageData"),
	    "Recipients");
	if (!json_is_array(recs)) {
		for (i = 0; i < n; i++)
			prov_fail(&res[i], PROV_TEMPORARY,
			    "send: unexpected answer");
		json_decref(root);
		return;
	}
	seen = xcalloc(n, 1);
	json_array_foreach(recs, i, rec) {
		status = mid = number = NULL;
		code = 0;
		if (json_unpack(rec, "{s:I, s?s, s?s, s?s}", "statusCode",
		    &code, "number", &number, "status", &status, "messageId",
		    &mid) == -1) {
			unread = 1;	/* whose it was is not known */
			continue;
		}
		/* the one answer to a request for one number is its own,
		 * however AT writes the number */
		k = number != NULL ? prov_out_find_to(msgs, n, number) : -1;
		if (k == -1 && n == 1 && json_array_size(recs) == 1)
			k = 0;
		if (k == -1 || seen[k])
			continue;
		seen[k] = 1;
		if (code >= 100 && code <= 102)
			snprintf(res[k].msg_id, sizeof(res[k].msg_id), "%s",
			    mid ? mid : "");
		else if (code >= 500 && code <= 502)
			prov_fail(&res[k], PROV_TEMPORARY, "send: status %lld",
			    (long long)code);
		else
			prov_fail(&res[k], PROV_PERMANENT, "send: status %lld "
			    "(%s)", (long long)code, status != NULL ? status :
			    "?");
	}
	/* a number the answer leaves out was not accepted; but an entry
	 * that could not be read may have been its */
	for (i = 0; i < n; i++)
		if (!seen[i] && unread)
			prov_fail(&res[i], PROV_TEMPORARY,
			    "send: unexpected answer");
		else if (!seen[i])
			prov_fail(&res[i], PROV_PERMANENT,
			    "send: no recipient accepted");
	free(seen);
	json_decref(root);
}

const struct provider_ops prov_africastalking = {
	.name = "africastalking",
	.destructive = 0,
	.request = at_request,
	.decode = at_decode,
	.send_build = at_send_build,
	.send_decode = at_send_decode,
	.send_max = AT_SEND_MAX,
	.send_same_text = 1,
};
