/*
 * Infobip: the inbox pull is destructive (each message is handed out
 * once), so the daemon commits a fetched batch before anything else.
 * Sends carry our outbox id as messageId, which Infobip keeps unique.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../provider.h"
#include "../timeutil.h"
#include "xmalloc.h"

static void
ib_headers(const struct provider *p, char *key, size_t size,
    const char *hdr[4])
{
	snprintf(key, size, "Authorization: App %s", p->conf->api_key ?
	    p->conf->api_key : "");
	hdr[0] = key;
	hdr[1] = "Accept: application/json";
	hdr[2] = "Content-Type: application/json";
	hdr[3] = NULL;
}

static void
ib_poll(struct provider *p, const char *cursor, struct prov_batch *b,
    struct prov_result *r)
{
	const char		*hdr[4];
	char			 key[4200], *url, *path;
	json_t			*root, *res;
	json_int_t		 pending = 0;
	size_t			 i;

	(void)cursor;
	ib_headers(p, key, sizeof(key), hdr);
	path = xasprintf("/sms/1/inbox/reports?limit=%d", p->conf->batch);
	url = prov_url(p->conf->url, path);
	root = prov_get_json(p, url, hdr, NULL, r, "pull");
	free(url);
	free(path);
	if (root == NULL)
		return;
	res = json_object_get(root, "results");
	if (!json_is_array(res) || json_unpack(root, "{s?I}",
	    "pendingMessageCount", &pending) == -1) {
		prov_fail(r, PROV_TEMPORARY, "pull: not an inbox (no "
		    "results[])");
		json_decref(root);
		return;
	}
	for (i = 0; i < json_array_size(res); i++) {
		json_t		*m = json_array_get(res, i), *text;
		const char	*id, *from, *to = NULL, *when = NULL;
		time_t		 at;

		if (json_unpack(m, "{s:s, s:s, s:o, s?s, s?s}", "messageId",
		    &id, "from", &from, "text", &text, "to", &to,
		    "receivedAt", &when) == -1 || !json_is_string(text)) {
			/*
			 * The batch is gone from Infobip already: keep what
			 * can be kept rather than lose the whole batch.
			 */
			continue;
		}
		if (when == NULL || time_parse_iso(when, &at) == -1)
			at = time(NULL);
		prov_batch_add(b, id, from, to, json_string_value(text),
		    json_string_length(text), at);
	}
	if (b->n < json_array_size(res))
		snprintf(r->detail, sizeof(r->detail), "pull: %zu malformed "
		    "messages dropped", json_array_size(res) - b->n);
	b->more = pending > 0;
	json_decref(root);
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

const struct provider_ops prov_infobip = { "infobip", 1, ib_poll, ib_send };
