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

#include "../provider.h"
#include "../timeutil.h"
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

static void
gen_poll(struct provider *p, const char *cursor, struct prov_batch *b,
    struct prov_result *r)
{
	const struct conf_generic *g = &p->conf->generic;
	const char		*hdr[4] = { NULL };
	char			 hbuf[4200], *url, *userpwd, *esc;
	json_t			*root, *msgs;
	size_t			 i, n;
	int			 k;
	char			 newest[PROV_CURSOR_MAX] = "";

	if (g->list_url == NULL)
		return;		/* push-only: messages come to POST /sms */
	k = auth(p, hbuf, sizeof(hbuf), hdr, &userpwd);
	hdr[k] = NULL;
	if (g->cursor_param != NULL && *cursor != '\0') {
		esc = http_escape(cursor);
		url = xasprintf("%s%c%s=%s", g->list_url,
		    strchr(g->list_url, '?') ? '&' : '?', g->cursor_param, esc);
		free(esc);
	} else
		url = xstrdup(g->list_url);
	root = prov_get_json(p, url, hdr, userpwd, r, "list");
	free(url);
	free(userpwd);
	if (root == NULL)
		return;
	msgs = prov_json_at(root, g->messages);
	if (!json_is_array(msgs)) {
		prov_fail(r, PROV_TEMPORARY, "list: no message array at \"%s\"",
		    g->messages);
		json_decref(root);
		return;
	}
	n = json_array_size(msgs);
	for (i = 0; i < n; i++) {
		json_t	*m = json_array_get(msgs, i);
		json_t	*text = prov_json_at(m, g->text);
		char	 id[128], from[64], to[64] = "", cur[PROV_CURSOR_MAX];

		if (prov_json_text(prov_json_at(m, g->id), id, sizeof(id)) == -1 ||
		    prov_json_text(prov_json_at(m, g->from), from, sizeof(from)) == -1 ||
		    !json_is_string(text)) {
			prov_fail(r, PROV_TEMPORARY, "list: message %zu has "
			    "missing or wrong fields", i);
			prov_batch_free(b);
			json_decref(root);
			return;
		}
		prov_json_text(prov_json_at(m, g->to), to, sizeof(to));
		prov_batch_add(b, id, from, to, json_string_value(text),
		    json_string_length(text), prov_json_time(g->time_format, prov_json_at(m, g->time)));
		/* the newest message is last ascending, first descending */
		if ((strcmp(g->order, "asc") == 0 ? i == n - 1 : i == 0) &&
		    prov_json_text(prov_json_at(m, g->cursor_field ? g->cursor_field :
		    g->id), cur, sizeof(cur)) == 0)
			snprintf(newest, sizeof(newest), "%s", cur);
	}
	json_decref(root);
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

const struct provider_ops prov_generic = { "generic", 0, gen_poll, gen_send };
