/*
 * The driver registry and what the drivers share: batches, results, and
 * sorting HTTP outcomes into the five kinds of result.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "provider.h"
#include "timeutil.h"
#include "xmalloc.h"

static const struct provider_ops *const drivers[] = {
	&prov_africastalking, &prov_twilio, &prov_infobip, &prov_generic,
	&prov_kannel
};

struct provider *
provider_new(const struct conf_provider *conf)
{
	struct provider	*p;
	size_t		 i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (strcmp(drivers[i]->name, conf->type) == 0)
			break;
	if (i == sizeof(drivers) / sizeof(drivers[0])) {
		log_warnx("provider: no driver for \"%s\"", conf->type);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->ops = drivers[i];
	p->conf = conf;
	if ((p->http = http_client_new(conf->timeout)) == NULL) {
		log_warnx("provider: cannot start libcurl");
		free(p);
		return NULL;
	}
	return p;
}

void
provider_free(struct provider *p)
{
	if (p == NULL)
		return;
	http_client_free(p->http);
	free(p);
}

void
provider_poll(struct provider *p, const char *cursor, struct prov_batch *b,
    struct prov_result *r)
{
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	b->more = 0;
	snprintf(b->cursor, sizeof(b->cursor), "%s", cursor);
	if (p->ops->poll == NULL)
		return;		/* push-only: nothing to fetch */
	p->ops->poll(p, cursor, b, r);
	if (r->status != PROV_OK)
		prov_batch_free(b);
}

void
provider_send(struct provider *p, const char *to, const char *text,
    const char *key, struct prov_result *r)
{
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	p->ops->send(p, to, text, key, r);
}

void
prov_batch_free(struct prov_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].id);
		free(b->v[i].from);
		free(b->v[i].to);
		free(b->v[i].text);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

void
prov_batch_add(struct prov_batch *b, const char *id, const char *from,
    const char *to, const char *text, size_t textlen, time_t at)
{
	struct prov_msg *m;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xreallocarray(b->v, b->cap, sizeof(*b->v));
	}
	m = &b->v[b->n++];
	if (textlen > PROV_TEXT_MAX)
		textlen = PROV_TEXT_MAX + 1;	/* still "too long" when parsed */
	m->id = xstrdup(id);
	m->from = xstrdup(from);
	m->to = xstrdup(to != NULL ? to : "");
	m->text = xstrndup(text, textlen);
	m->textlen = textlen;
	m->at = at;
}

void
prov_fail(struct prov_result *r, enum prov_status s, const char *fmt, ...)
{
	va_list ap;

	r->status = s;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

int
prov_classify(const struct http_response *h, int request_ok,
    struct prov_result *r, const char *what)
{
	if (!request_ok) {
		prov_fail(r, PROV_TEMPORARY, "%s: %s", what, h->error);
		return 0;
	}
	r->retry_after = h->retry_after;
	if (h->status >= 200 && h->status < 300) {
		r->status = PROV_OK;
		return 1;
	}
	if (h->status == 401 || h->status == 403)
		prov_fail(r, PROV_AUTH, "%s: HTTP %ld (credentials refused)",
		    what, h->status);
	else if (h->status == 429)
		prov_fail(r, PROV_RATE_LIMITED, "%s: HTTP 429 (rate limited)",
		    what);
	else if (h->status >= 500 || h->status == 408)
		prov_fail(r, PROV_TEMPORARY, "%s: HTTP %ld", what, h->status);
	else
		prov_fail(r, PROV_PERMANENT, "%s: HTTP %ld", what, h->status);
	return 0;
}

json_t *
prov_get_json(struct provider *p, const char *url, const char *const *headers,
    const char *userpwd, struct prov_result *r, const char *what)
{
	struct http_response	 h;
	json_error_t		 e;
	json_t			*root;
	int			 ok;

	ok = http_request(p->http, "GET", url, headers, userpwd, NULL, 0,
	    &h) == 0;
	if (!prov_classify(&h, ok, r, what)) {
		http_response_free(&h);
		return NULL;
	}
	root = prov_json_decode(h.body, h.len, JSON_REJECT_DUPLICATES);
	http_response_free(&h);
	if (root == NULL)
		prov_fail(r, PROV_TEMPORARY, "%s: not JSON (line %d: %s)", what,
		    e.line, e.text);
	return root;
}

char *
prov_url(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s%s", (int)n, base, *path == '/' ? "" : "/",
	    path);
}

json_t *
prov_json_at(json_t *root, const char *path)
{
	char	 name[128];
	json_t	*v = root;

	while (v != NULL && *path != '\0') {
		const char	*dot = strchr(path, '.');
		size_t		 n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(name))
			return NULL;
		memcpy(name, path, n);
		name[n] = '\0';
		v = json_object_get(v, name);
		path += n + (dot != NULL);
	}
	return v;
}

int
prov_json_text(json_t *v, char *out, size_t size)
{
	if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else
		return -1;
	return 0;
}

time_t
prov_time_text(const char *format, const char *text)
{
	char	*end;
	long long v;
	time_t	 t;

	if (strcmp(format, "iso8601") == 0)
		return time_parse_iso(text, &t) == 0 ? t : -1;
	v = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || v < 0)
		return -1;
	return (time_t)(strcmp(format, "epoch_ms") == 0 ? v / 1000 : v);
}

time_t
prov_json_time(const char *format, json_t *v)
{
	char	buf[64];
	time_t	t;

	if (prov_json_text(v, buf, sizeof(buf)) == 0 &&
	    (t = prov_time_text(format, buf)) != -1)
		return t;
	return time(NULL);
}

json_t *
prov_json_decode(const char *buf, size_t len, size_t flags)
{
	json_error_t	 e;
	json_t		*root;

	/*
	 * jansson 2.14 asserts (aborts) when an allocation fails inside its
	 * lexer (load.c:442), so the fault build keeps its injector out of
	 * here; a real out-of-memory there stops the process like a kill,
	 * which the store is built to survive.
	 */
	fault_pause(1);
	root = json_loadb(buf, len, flags, &e);
	fault_pause(0);
	return root;
}
