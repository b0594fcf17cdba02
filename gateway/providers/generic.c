/*
 * The generic JSON driver, configured entirely in provider.generic: the
 * list URL, auth, where the message array and each field are (dotted
 * paths), the time format, the cursor parameter, and a JSON template for
 * sends.  It serves Android SMS gateway apps and national providers.
 * It also takes pushes: POST /sms with a JSON or form body, its fields
 * named in http.webhook; those messages are stored as "webhook".
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
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

static int
gen_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	const struct conf_generic *g = &p->conf->generic;
	int k;

	(void)n;
	if (g->send_url == NULL) {
		prov_fail(r, PROV_PERMANENT, "send: no provider.generic.send_url");
		return -1;
	}
	k = auth(p, rq->hbuf, sizeof(rq->hbuf), rq->hdr, &rq->userpwd);
	rq->hdr[k++] = "Content-Type: application/json";
	rq->hdr[k] = NULL;
	rq->body = fill(g->send_body, msgs[0].to, msgs[0].text, msgs[0].key);
	rq->bodylen = strlen(rq->body);
	rq->url = xstrdup(g->send_url);
	return 0;
}

static void
gen_send_decode(const struct conf_provider *conf, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int ok, struct prov_result *res)
{
	(void)conf;
	(void)n;
	if (prov_classify_all(h, ok, res, 1, "send"))
		snprintf(res->msg_id, sizeof(res->msg_id), "%s", msgs[0].key);
}

/* A copy of len bytes that may hold a NUL (push() refuses it later). */
static char *
copy_text(const char *text, size_t len)
{
	char *t = xmalloc(len + 1);

	memcpy(t, text, len);
	t[len] = '\0';
	return t;
}

/*
 * A pushed JSON object's field at path (a string, or an integer written
 * in decimal) copied into out[size]: 0, or -1 with the push refused.
 */
static int
json_field(struct prov_push *p, json_t *root, const char *path,
    int required, char *out, size_t size)
{
	json_t		*v = prov_json_at(root, path);
	const char	*t;
	size_t		 len;

	out[0] = '\0';
	if (v == NULL || (!required && json_is_null(v))) {
		if (required)
			prov_push_refuse(p, 400, "missing field %s", path);
		return required ? -1 : 0;
	}
	if (json_is_integer(v)) {
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v)) {
		prov_push_refuse(p, 400, "field %s is not a string", path);
		return -1;
	}
	t = json_string_value(v);
	len = json_string_length(v);
	if (len >= size) {
		prov_push_refuse(p, 400, "field %s longer than %zu bytes", path,
		    size - 1);
		return -1;
	}
	if (strlen(t) != len || !form_clean(t, len, 0)) {
		prov_push_refuse(p, 400, "control bytes in field %s", path);
		return -1;
	}
	memcpy(out, t, len + 1);
	return 0;
}

static void
push_json(const struct conf *cf, const struct prov_push_req *rq,
    struct prov_push *p, char *tm, size_t tmsize)
{
	json_t	*root, *v;

	if ((root = prov_json_decode(rq->body, rq->bodylen,
	    JSON_REJECT_DUPLICATES)) == NULL || !json_is_object(root)) {
		json_decref(root);
		prov_push_refuse(p, 400, "body is not a JSON object");
		return;
	}
	v = prov_json_at(root, cf->http.webhook.text);
	if (json_field(p, root, cf->http.webhook.id, 1, p->id,
	    sizeof(p->id)) == -1 || json_field(p, root, cf->http.webhook.from,
	    1, p->from, sizeof(p->from)) == -1 || json_field(p, root,
	    cf->http.webhook.time, 0, tm, tmsize) == -1)
		;
	else if (!json_is_string(v))
		prov_push_refuse(p, 400, "need string fields %s, %s and %s",
		    cf->http.webhook.id, cf->http.webhook.from,
		    cf->http.webhook.text);
	else {
		p->textlen = json_string_length(v);
		p->text = copy_text(json_string_value(v), p->textlen);
	}
	json_decref(root);
}

static void
push_form(const struct conf *cf, const struct prov_push_req *rq,
    struct prov_push *p, char *tm, size_t tmsize)
{
	const char	*id, *from, *t, *text;
	struct form	 f;
	enum form_error	 e;

	if ((e = form_decode(rq->body, rq->bodylen, rq->field_max, &f)) !=
	    FORM_OK)
		prov_push_refuse(p, 400, "%s", form_error_names[e]);
	else if ((id = prov_push_field(p, &f, cf->http.webhook.id, 1,
	    PROV_ID_MAX)) == NULL || (from = prov_push_field(p, &f,
	    cf->http.webhook.from, 1, PROV_ADDR_MAX)) == NULL ||
	    (t = prov_push_field(p, &f, cf->http.webhook.time, 0, 40)) == NULL)
		;
	else if ((text = form_get(&f, cf->http.webhook.text,
	    &p->textlen)) == NULL)
		prov_push_refuse(p, 400, "missing field %s",
		    cf->http.webhook.text);
	else {
		snprintf(p->id, sizeof(p->id), "%s", id);
		snprintf(p->from, sizeof(p->from), "%s", from);
		snprintf(tm, tmsize, "%s", t);
		p->text = copy_text(text, p->textlen);
	}
	form_free(&f);
}

/* POST /sms: a JSON object or a form, with the fields of http.webhook. */
static void
gen_push(const struct conf *cf, const struct prov_push_req *rq,
    struct prov_push *p)
{
	char	tm[64] = "";
	size_t	k = 0;

	while (k < rq->bodylen && strchr(" \t\r\n", rq->body[k]) != NULL)
		k++;
	if (k < rq->bodylen && rq->body[k] == '{')
		push_json(cf, rq, p, tm, sizeof(tm));
	else
		push_form(cf, rq, p, tm, sizeof(tm));
	if (p->refuse == 0 && *tm != '\0')
		p->at = prov_time_text(cf->http.webhook.time_format, tm);
}

const struct provider_ops prov_generic = {
	.name = "generic",
	.destructive = 0,
	.request = gen_request,
	.decode = gen_decode,
	.send_build = gen_send_build,
	.send_decode = gen_send_decode,
	.push_path = "/sms",
	.push_method = "POST",
	.push_source = "webhook",
	.push_json = 1,
	.push = gen_push,
};
