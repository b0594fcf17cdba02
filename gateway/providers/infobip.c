/*
 * Infobip: the inbox pull is destructive (each message is handed out
 * once), so the daemon commits a fetched batch before anything else.
 * Sends carry our outbox id as messageId, which Infobip keeps unique.
 *
 * Wire facts: GET {url}/sms/1/inbox/reports?limit=N with "Authorization:
 * App KEY" answers {"results": [{"messageId", "from", "to", "text",
 * "receivedAt" (ISO 8601), ...}], "messageCount", "pendingMessageCount"}.
 * POST {url}/sms/2/text/advanced takes {"messages": [{"destinations":
 * [{"to", "messageId"}], "from", "text"}]} and answers messages[0].status
 * .groupName (PENDING, REJECTED, UNDELIVERABLE, ...).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

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

static void
ib_send(struct provider *p, const char *to, const char *text,
    const char *key, struct prov_result *r)
{
	struct http_response	 h;
	const char		*hdr[4], *group = NULL;
	char			 hk[4200], *url, *body;
	json_t			*req, *root, *msg;
	int			 ok;

	ib_headers(p, hk, sizeof(hk), hdr);
	req = json_pack("{s:[{s:[{s:s, s:s}], s:s, s:s}]}", "messages",
	    "destinations", "to", to[0] == '+' ? to + 1 : to, "messageId",
	    key, "from", p->conf->sender ? p->conf->sender : "", "text", text);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	url = prov_url(p->conf->url, "/sms/2/text/advanced");
	ok = http_request(p->http, "POST", url, hdr, NULL, body, strlen(body),
	    &h) == 0;
	free(url);
	free(body);
	if (!prov_classify(&h, ok, r, "send")) {
		http_response_free(&h);
		return;
	}
	root = prov_json_decode(h.body, h.len, 0);
	http_response_free(&h);
	msg = json_array_get(json_object_get(root, "messages"), 0);
	if (json_unpack(msg, "{s:{s:s}}", "status", "groupName",
	    &group) == -1) {
		prov_fail(r, PROV_TEMPORARY, "send: unexpected answer");
		json_decref(root);
		return;
	}
	if (strcmp(group, "REJECTED") == 0 || strcmp(group, "UNDELIVERABLE")
	    == 0)
		prov_fail(r, PROV_PERMANENT, "send: %s", group);
	else {
		r->status = PROV_OK;
		snprintf(r->msg_id, sizeof(r->msg_id), "%s", key);
	}
	json_decref(root);
}

const struct provider_ops prov_infobip = {
	.name = "infobip",
	.destructive = 1,
	.request = ib_request,
	.decode = ib_decode,
	.send = ib_send,
};
