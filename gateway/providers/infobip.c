/*
 * Infobip: the inbox pull is destructive (each message is handed out
 * once), so the daemon commits a fetched batch before anything else.
 * Sends carry our outbox id as messageId, which Infobip keeps unique.
 *
 * Wire facts: GET {url}/sms/1/inbox/reports?limit=N with "Authorization:
 * App KEY" answers {"results": [{"messageId", "from", "to", "text",
 * "receivedAt" (ISO 8601), ...}], "messageCount", "pendingMessageCount"}.
 * POST {url}/sms/2/text/advanced takes {"messages": [{"destinations":
 * [{"to", "messageId"}], "from", "text"}, ...]}, several messages in one
 * request, and answers {"bulkId", "messages": [{"to", "messageId",
 * "status": {"groupName"}}]}, one entry per destination: PENDING
 * (accepted), REJECTED, UNDELIVERABLE, ...
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Messages in one send request: Infobip takes many, but each row in
 * flight is a whole outbox row in memory, and a short request is
 * answered sooner. */
#define IB_SEND_MAX	25

static void
ib_headers(const struct provider *p, char *key, size_t size,
    const char **hdr)
{
	snprintf(key, size, "Authorization: App %s", p->conf->api_key ?
	    p->conf->api_key : "");
	hdr[0] = key;
	hdr[1] = "Accept: application/json";
	hdr[2] = "Content-Type: application/json";
	hdr[3] = NULL;
}

static int
ib_request(struct provider *p, const char *cursor, struct prov_request *rq)
{
	char *path;

	(void)cursor;
	ib_headers(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr);
	path = xasprintf("/sms/1/inbox/reports?limit=%d", p->conf->batch);
	rq->url = prov_url(p->conf->url, path);
	rq->what = "pull";
	free(path);
	return 0;
}

static void
ib_decode(const struct conf_provider *conf, const char *cursor, time_t now,
    json_t *root, struct prov_batch *b, struct prov_result *r)
{
	json_t		*res, *pending;
	size_t		 i;

	(void)conf;
	(void)cursor;
	res = json_object_get(root, "results");
	pending = json_object_get(root, "pendingMessageCount");
	if (!json_is_array(res)) {
		prov_fail(r, PROV_TEMPORARY, "pull: not an inbox (no "
		    "results[])");
		return;
	}
	/* the batch is gone from Infobip already: every record is kept,
	 * the malformed ones as rejected */
	for (i = 0; i < json_array_size(res); i++) {
		json_t		*m = json_array_get(res, i);
		const char	*when;
		time_t		 at;

		when = json_string_value(json_object_get(m, "receivedAt"));
		if (when == NULL || time_parse_iso(when, &at) == -1)
			at = now;
		prov_batch_record(b, m, json_object_get(m, "messageId"),
		    json_object_get(m, "from"), json_object_get(m, "to"),
		    json_object_get(m, "text"), at);
	}
	b->more = json_is_number(pending) && json_number_value(pending) > 0;
	r->status = PROV_OK;
}

/* Up to IB_SEND_MAX messages in one request, each its own entry of
 * messages[] with our key as its messageId. */
static int
ib_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	json_t	*arr, *req;
	size_t	 i;

	(void)r;
	ib_headers(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr);
	if ((arr = json_array()) == NULL)
		return -1;
	/* a message jansson could not add (out of memory) fails the whole
	 * request, to be tried again, never a part of it */
	for (i = 0; i < n; i++)
		if (json_array_append_new(arr, json_pack("{s:[{s:s, s:s}], "
		    "s:s, s:s}", "destinations", "to", msgs[i].to[0] == '+' ?
		    msgs[i].to + 1 : msgs[i].to, "messageId", msgs[i].key,
		    "from", p->conf->sender ? p->conf->sender : "", "text",
		    msgs[i].text)) == -1) {
			json_decref(arr);
			return -1;
		}
	if ((req = json_pack("{s:o}", "messages", arr)) == NULL)
		return -1;	/* "o" takes arr, even on failure */
	rq->body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (rq->body == NULL)
		return -1;
	rq->bodylen = strlen(rq->body);
	rq->url = prov_url(p->conf->url, "/sms/2/text/advanced");
	return 0;
}

/* The answer's messages[]: one per destination, with the messageId we
 * gave it and its status group. */
static void
ib_send_decode(const struct conf_provider *conf, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int ok, struct prov_result *res)
{
	const char	*group, *mid;
	json_t		*root, *arr, *m;
	size_t		 i, k;
	char		*seen;

	(void)conf;
	if (!prov_classify_all(h, ok, res, n, "send"))
		return;
	root = prov_json_decode(h->body, h->len, 0);
	arr = json_object_get(root, "messages");
	seen = xcalloc(n, 1);
	json_array_foreach(arr, i, m) {
		group = mid = NULL;
		if (json_unpack(m, "{s:{s:s}, s?s}", "status", "groupName",
		    &group, "messageId", &mid) == -1)
			continue;
		/* a lone message answered without its id is still its own */
		for (k = 0; k < n; k++)
			if (mid != NULL ? strcmp(mid, msgs[k].key) == 0 :
			    n == 1 && json_array_size(arr) == 1)
				break;
		if (k == n || seen[k])
			continue;
		seen[k] = 1;
		if (strcmp(group, "REJECTED") == 0 ||
		    strcmp(group, "UNDELIVERABLE") == 0)
			prov_fail(&res[k], PROV_PERMANENT, "send: %s", group);
		else
			snprintf(res[k].msg_id, sizeof(res[k].msg_id), "%s",
			    msgs[k].key);
	}
	for (k = 0; k < n; k++)
		if (!seen[k])
			prov_fail(&res[k], PROV_TEMPORARY,
			    "send: unexpected answer");
	free(seen);
	json_decref(root);
}

const struct provider_ops prov_infobip = {
	.name = "infobip",
	.destructive = 1,
	.request = ib_request,
	.decode = ib_decode,
	.send_build = ib_send_build,
	.send_decode = ib_send_decode,
	.send_max = IB_SEND_MAX,
};
