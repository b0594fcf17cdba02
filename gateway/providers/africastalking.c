/*
 * Africa's Talking: inbox fetch with lastReceivedId (ascending, not
 * consumed: the cursor moves only with the committed batch), and send with
 * per-recipient status codes.  Wire facts in shared/PROVIDERS.md.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../provider.h"
#include "../timeutil.h"
#include "xmalloc.h"

static void
at_headers(const struct provider *p, char *key, size_t size,
    const char *hdr[4])
{
	snprintf(key, size, "apiKey: %s", p->conf->api_key != NULL ?
	    p->conf->api_key : "");
	hdr[0] = key;
	hdr[1] = "Accept: application/json";
	hdr[2] = NULL;
}

static void
at_poll(struct provider *p, const char *cursor, struct prov_batch *b,
    struct prov_result *r)
{
	const char		*hdr[4];
	char			 key[4200], *url, *user, *path;
	json_t			*root, *msgs;
	long long		 last = 0, max;
	size_t			 i;

	if (*cursor != '\0')
		last = strtoll(cursor, NULL, 10);
	max = last;
	at_headers(p, key, sizeof(key), hdr);
	user = http_escape(p->conf->username != NULL ? p->conf->username : "");
	path = xasprintf("/messaging?username=%s&lastReceivedId=%lld", user,
	    last);
	url = prov_url(p->conf->url, path);
	root = prov_get_json(p, url, hdr, NULL, r, "fetch");
	free(url);
	free(path);
	free(user);
	if (root == NULL)
		return;
	msgs = json_object_get(json_object_get(root, "SMSMessageData"),
	    "Messages");
	if (!json_is_array(msgs)) {
		prov_fail(r, PROV_TEMPORARY, "fetch: not an inbox (no "
		    "SMSMessageData.Messages)");
		json_decref(root);
		return;
	}
	for (i = 0; i < json_array_size(msgs); i++) {
		json_t		*m = json_array_get(msgs, i), *text;
		json_int_t	 id;
		const char	*from, *to = NULL, *date = NULL;
		char		 ids[32];
		time_t		 at;

		if (json_unpack(m, "{s:I, s:s, s:o, s?s, s?s}", "id", &id,
		    "from", &from, "text", &text, "to", &to, "date",
		    &date) == -1 || !json_is_string(text) || id <= 0) {
			prov_fail(r, PROV_TEMPORARY, "fetch: message %zu has "
			    "missing or wrong fields", i);
			prov_batch_free(b);
			json_decref(root);
			return;
		}
		if (date == NULL || time_parse_iso(date, &at) == -1)
			at = time(NULL);
		snprintf(ids, sizeof(ids), "%lld", (long long)id);
		prov_batch_add(b, ids, from, to, json_string_value(text),
		    json_string_length(text), at);
		if (id > max)
			max = id;
	}
	json_decref(root);
	snprintf(b->cursor, sizeof(b->cursor), "%lld", max);
	b->more = b->n > 0;
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
	"africastalking", 0, at_poll, at_send
};
