/*
 * The generic JSON driver, configured entirely in provider.generic: the
 * list URL, auth, where the message array and each field are (dotted
 * paths), the time format, the cursor parameter, and a JSON template for
 * sends.  It serves Android SMS gateway apps and national providers.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

static int
auth(const struct provider *p, char *hbuf, size_t hsize, const char **hdr,
    char **userpwd)
{
	const struct conf_generic *g = &p->conf->generic;
	int n = 0;

	*userpwd = NULL;
	if (strcmp(g->auth, "header") == 0 && p->conf->api_key != NULL) {
		snprintf(hbuf, hsize, "%s: %s", g->auth_header,
		    p->conf->api_key);
		hdr[n++] = hbuf;
	} else if (strcmp(g->auth, "basic") == 0)
		*userpwd = xasprintf("%s:%s", p->conf->username ?
		    p->conf->username : "", p->conf->api_key ?
		    p->conf->api_key : "");
	hdr[n++] = "Accept: application/json";
	return n;
}

static int
gen_request(struct provider *p, const char *cursor, struct prov_request *rq)
{
	const struct conf_generic *g = &p->conf->generic;
	char			*esc;
	int			 k;

	if (g->list_url == NULL)
		return -1;	/* push-only: messages come to POST /sms */
	k = auth(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr, &rq->userpwd);
	rq->hdr[k] = NULL;
	if (g->cursor_param != NULL && *cursor != '\0') {
		esc = http_escape(cursor);
		rq->url = xasprintf("%s%c%s=%s", g->list_url,
		    strchr(g->list_url, '?') ? '&' : '?', g->cursor_param, esc);
		free(esc);
	} else
		rq->url = xstrdup(g->list_url);
	rq->what = "list";
	return 0;
}

static void
gen_decode(const struct conf_provider *conf, const char *cursor, time_t now,
    json_t *root, struct prov_batch *b, struct prov_result *r)
{
	const struct conf_generic *g = &conf->generic;
	json_t			*msgs;
	size_t			 i, n;
	char			 newest[PROV_CURSOR_MAX] = "";

	msgs = prov_json_at(root, g->messages);
	if (!json_is_array(msgs)) {
		prov_fail(r, PROV_TEMPORARY, "list: no message array at \"%s\"",
		    g->messages);
		return;
	}
	n = json_array_size(msgs);
	for (i = 0; i < n; i++) {
		json_t	*m = json_array_get(msgs, i);
		char	 cur[PROV_CURSOR_MAX];

		prov_batch_record(b, m, prov_json_at(m, g->id),
		    prov_json_at(m, g->from), prov_json_at(m, g->to),
		    prov_json_at(m, g->text), prov_json_time(g->time_format,
		    prov_json_at(m, g->time), now));
		/* the newest record is last ascending, first descending; a
		 * rejected one moves the cursor too when it names one */
		if ((strcmp(g->order, "asc") == 0 ? i == n - 1 : i == 0) &&
		    prov_json_text(prov_json_at(m, g->cursor_field ?
		    g->cursor_field : g->id), cur, sizeof(cur)) == 0)
			snprintf(newest, sizeof(newest), "%s", cur);
	}
	if (g->cursor_param != NULL && newest[0] != '\0' &&
	    strcmp(newest, cursor) != 0) {
		snprintf(b->cursor, sizeof(b->cursor), "%s", newest);
		b->more = 1;
	}
	r->status = PROV_OK;
}

/* Replaces {to} {text} {id} in the template by JSON string contents. */
static char *
fill(const char *tmpl, const char *to, const char *text, const char *id)
{
	const char	*names[] = { "{to}", "{text}", "{id}" };
	const char	*values[] = { to, text, id };
	char		*out = xstrdup(""), *esc, *next;
	json_t		*s;
	size_t		 k;

	while (*tmpl != '\0') {
		for (k = 0; k < 3; k++)
			if (strncmp(tmpl, names[k], strlen(names[k])) == 0)
				break;
		if (k < 3) {
			s = json_string(values[k]);
			esc = json_dumps(s, JSON_ENCODE_ANY);
			json_decref(s);
			/* drop the quotes: the template has its own */
			next = xasprintf("%s%.*s", out, (int)strlen(esc) - 2,
			    esc + 1);
			free(esc);
			tmpl += strlen(names[k]);
		} else
			next = xasprintf("%s%c", out, *tmpl++);
		free(out);
		out = next;
	}
	return out;
}

static void
gen_send(struct provider *p, const char *to, const char *text,
    const char *key, struct prov_result *r)
{
	const struct conf_generic *g = &p->conf->generic;
	struct http_response	 h;
	const char		*hdr[5] = { NULL };
	char			 hbuf[4200], *userpwd, *body;
	int			 ok, k;

	if (g->send_url == NULL) {
		prov_fail(r, PROV_PERMANENT, "send: no provider.generic.send_url");
		return;
	}
	k = auth(p, hbuf, sizeof(hbuf), hdr, &userpwd);
	hdr[k++] = "Content-Type: application/json";
	hdr[k] = NULL;
	body = fill(g->send_body, to, text, key);
	ok = http_request(p->http, "POST", g->send_url, hdr, userpwd, body,
	    strlen(body), &h) == 0;
	free(body);
	free(userpwd);
	if (prov_classify(&h, ok, r, "send"))
		snprintf(r->msg_id, sizeof(r->msg_id), "%s", key);
	http_response_free(&h);
}

const struct provider_ops prov_generic = {
	.name = "generic",
	.destructive = 0,
	.request = gen_request,
	.decode = gen_decode,
	.send = gen_send,
};
