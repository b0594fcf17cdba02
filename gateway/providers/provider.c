/*
 * The driver registry and what the drivers share: fetching and decoding
 * an inbox answer record by record, batches, results, and sorting HTTP
 * outcomes into the five kinds of result.
 */
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "log.h"
#include "provider.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

/* Built from the only list of provider types, PROVIDER_DRIVERS. */
#define DRIVER_ENTRY(name, url)	&prov_##name,
static const struct provider_ops *const drivers[] = {
	PROVIDER_DRIVERS(DRIVER_ENTRY)
};
#define NDRIVERS	(sizeof(drivers) / sizeof(drivers[0]))

#define JSON_INT_EXACT	9007199254740992.0	/* 2^53 */
#define FUTURE_SLACK	86400	/* a pushed time further ahead is not trusted */

const struct provider_ops *
provider_find(const char *type)
{
	size_t i;

	for (i = 0; i < NDRIVERS; i++)
		if (strcmp(drivers[i]->name, type) == 0)
			return drivers[i];
	return NULL;
}

const char *
provider_type_name(size_t n)
{
	return n < NDRIVERS ? drivers[n]->name : NULL;
}

const struct provider_ops *
provider_push_route(const char *path)
{
	size_t i;

	for (i = 0; i < NDRIVERS; i++)
		if (drivers[i]->push_path != NULL &&
		    strcmp(drivers[i]->push_path, path) == 0)
			return drivers[i];
	return NULL;
}

struct provider *
provider_new(const struct conf_provider *conf)
{
	const struct provider_ops	*ops;
	struct provider			*p;

	if ((ops = provider_find(conf->type)) == NULL) {
		log_warnx("provider: no driver for \"%s\"", conf->type);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->ops = ops;
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

int
provider_polls(const struct provider *p)
{
	struct prov_request	rq;
	int			polls;

	if (p->ops->request == NULL)
		return 0;
	memset(&rq, 0, sizeof(rq));
	polls = p->ops->request((struct provider *)p, "", &rq) == 0;
	prov_request_free(&rq);
	return polls;
}

void
provider_decode(const struct provider_ops *ops,
    const struct conf_provider *conf, const char *cursor, time_t now,
    const char *body, size_t len, struct prov_batch *b, struct prov_result *r)
{
	json_error_t	 e;
	json_t		*root;
	char		*clean;
	size_t		 cleanlen;

	memset(&e, 0, sizeof(e));
	b->more = 0;
	snprintf(b->cursor, sizeof(b->cursor), "%s", cursor);
	/*
	 * What a decoder would refuse for the whole document is mended
	 * first (invalid UTF-8, lone surrogates), NULs are let through to
	 * be refused per record, and integers become reals so that an id
	 * past 2^63 cannot fail the document either.
	 */
	clean = NULL;
	if (utf8_json_needs_sanitize(body, len))
		clean = utf8_json_sanitize(body, len, &cleanlen);
	fault_pause(1);		/* see prov_json_decode */
	root = json_loadb(clean != NULL ? clean : body, clean != NULL ?
	    cleanlen : len, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &e);
	fault_pause(0);
	free(clean);
	if (root == NULL) {
		prov_fail(r, PROV_TEMPORARY, "%s answer is not JSON (line %d)",
		    ops->name, e.line);
		return;
	}
	r->status = PROV_OK;
	ops->decode(conf, cursor, now, root, b, r);
	json_decref(root);
	if (r->status != PROV_OK)
		prov_batch_free(b);
}

void
provider_poll(struct provider *p, const char *cursor, struct prov_batch *b,
    struct prov_result *r, int (*keep)(const char *, size_t, void *),
    void *keep_arg)
{
	struct prov_request	rq;
	struct http_response	h;
	int			ok;

	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	b->more = 0;
	snprintf(b->cursor, sizeof(b->cursor), "%s", cursor);
	memset(&rq, 0, sizeof(rq));
	rq.what = "fetch";
	if (p->ops->request == NULL || p->ops->request(p, cursor, &rq) == -1) {
		prov_request_free(&rq);
		return;		/* push-only: nothing to fetch */
	}
	ok = http_request(p->http, "GET", rq.url, rq.hdr, rq.userpwd, NULL, 0,
	    &h) == 0;
	prov_request_free(&rq);
	if (!prov_classify(&h, ok, r, rq.what)) {
		http_response_free(&h);
		return;
	}
	if (p->ops->destructive && keep != NULL &&
	    keep(h.body, h.len, keep_arg) == -1) {
		prov_fail(r, PROV_TEMPORARY, "%s: the answer could not be kept "
		    "on disk", rq.what);
		http_response_free(&h);
		return;
	}
	provider_decode(p->ops, p->conf, cursor, p->now ? p->now : time(NULL),
	    h.body, h.len, b, r);
	http_response_free(&h);
}

/* Wipes and frees a string that may hold a secret. */
static void
free_secret(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

void
prov_request_free(struct prov_request *rq)
{
	free_secret(rq->url);		/* Kannel's holds the password */
	free_secret(rq->userpwd);
	free(rq->body);
	rq->url = rq->userpwd = rq->body = NULL;
	explicit_bzero(rq->hbuf, sizeof(rq->hbuf));
}

size_t
provider_send_max(const struct provider *p)
{
	return p->ops->send_max > 1 ? p->ops->send_max : 1;
}

int
provider_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	memset(rq, 0, sizeof(*rq));
	rq->method = "POST";
	rq->what = "send";
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	if (p->ops->send_build == NULL) {
		prov_fail(r, PROV_PERMANENT, "send: %s cannot send",
		    p->ops->name);
		return -1;
	}
	if (n == 0 || n > provider_send_max(p)) {
		prov_fail(r, PROV_PERMANENT, "send: %zu messages in one request",
		    n);
		return -1;
	}
	if (p->ops->send_build(p, msgs, n, rq, r) == -1) {
		prov_request_free(rq);
		/* without a reason: out of memory, to be tried again */
		if (r->status == PROV_OK)
			prov_fail(r, PROV_TEMPORARY, "send: the request could "
			    "not be built");
		return -1;
	}
	return 0;
}

void
provider_send_decode(const struct provider *p, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int transfer_ok,
    struct prov_result *res)
{
	struct prov_result ok;

	memset(&ok, 0, sizeof(ok));
	ok.status = PROV_OK;
	ok.retry_after = -1;
	prov_results_set(res, n, &ok);
	p->ops->send_decode(p->conf, msgs, n, h, transfer_ok, res);
}

void
prov_results_set(struct prov_result *res, size_t n,
    const struct prov_result *r)
{
	size_t i;

	for (i = 0; i < n; i++)
		res[i] = *r;
}

long
prov_out_find_to(const struct prov_out *msgs, size_t n, const char *number)
{
	size_t		 i;
	const char	*a, *b = number + (*number == '+');

	for (i = 0; i < n; i++) {
		a = msgs[i].to + (msgs[i].to[0] == '+');
		if (strcmp(a, b) == 0)
			return (long)i;
	}
	return -1;
}

void
provider_push(const struct provider_ops *ops, const struct conf *cf,
    const struct prov_push_req *rq, struct prov_push *p)
{
	time_t now = time(NULL);

	memset(p, 0, sizeof(*p));
	ops->push(cf, rq, p);
	if (p->refuse != 0)
		return;
	if (p->id[0] == '\0' || p->from[0] == '\0')
		prov_push_refuse(p, 400, "empty id or sender");
	else if (p->text == NULL || !form_clean(p->text, p->textlen, 1))
		prov_push_refuse(p, 400, "control bytes in the text");
	else if (p->at <= 0 || p->at > now + FUTURE_SLACK)
		p->at = now;
}

void
prov_push_free(struct prov_push *p)
{
	free(p->text);
	p->text = NULL;
}

void
prov_push_refuse(struct prov_push *p, unsigned int status, const char *fmt,
    ...)
{
	va_list ap;

	p->refuse = status;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

const char *
prov_push_field(struct prov_push *p, const struct form *f, const char *name,
    int required, size_t max)
{
	const char *v;

	if ((v = form_field(f, name, required, max, p->why,
	    sizeof(p->why))) == NULL)
		p->refuse = 400;
	return v;
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
		free(b->v[i].reject);
		free(b->v[i].raw);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

static struct prov_msg *
batch_slot(struct prov_batch *b)
{
	struct prov_msg *m;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xreallocarray(b->v, b->cap, sizeof(*b->v));
	}
	m = &b->v[b->n++];
	memset(m, 0, sizeof(*m));
	return m;
}

void
prov_batch_add(struct prov_batch *b, const char *id, const char *from,
    const char *to, const char *text, size_t textlen, time_t at)
{
	struct prov_msg	*m = batch_slot(b);
	size_t		 n;

	/* a text too long stays "too long" when parsed, but is cut between
	 * characters, never inside one */
	n = utf8_cut(text, textlen, PROV_TEXT_MAX + 1);
	m->id = xstrdup(id);
	m->from = xstrdup(from);
	m->to = xstrdup(to != NULL ? to : "");
	utf8_repair(text, n, &m->text, &m->textlen);
	m->at = at;
}

void
prov_batch_reject(struct prov_batch *b, json_t *record, const char *id,
    const char *reason)
{
	struct prov_msg	*m = batch_slot(b);
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hex[2 * 16 + 1];
	char		*raw;

	raw = json_dumps(record, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_SORT_KEYS);
	if (raw == NULL)
		raw = xstrdup("null");
	if (id == NULL || *id == '\0' || strlen(id) > PROV_ID_MAX) {
		/* the same record gets the same id, so a re-poll stores it
		 * once */
		crypto_hash_sha256(h, (const unsigned char *)raw, strlen(raw));
		sodium_bin2hex(hex, sizeof(hex), h, 16);
		m->id = xasprintf("bad:%s", hex);
	} else
		m->id = xstrdup(id);
	m->from = xstrdup("");
	m->to = xstrdup("");
	m->reject = xstrdup(reason);
	m->raw = raw;
	m->at = 0;
}

int
prov_batch_record(struct prov_batch *b, json_t *rec, json_t *id,
    json_t *from, json_t *to, json_t *text, time_t at)
{
	char		 ids[PROV_ID_MAX + 1], tos[PROV_ADDR_MAX + 1] = "";
	const char	*why = NULL;

	if (json_is_string(id) && json_string_length(id) > PROV_ID_MAX)
		why = "id longer than 255 bytes";
	else if (prov_json_text(id, ids, sizeof(ids)) == -1 || ids[0] == '\0')
		why = "no usable id";
	if (why != NULL) {
		prov_batch_reject(b, rec, NULL, why);
		return -1;
	}
	if (!json_is_string(from) || json_string_length(from) == 0)
		why = "no sender";
	else if (json_string_length(from) > PROV_ADDR_MAX ||
	    strlen(json_string_value(from)) != json_string_length(from))
		why = "sender is not a phone number";
	else if (!json_is_string(text))
		why = "no text";
	else if (memchr(json_string_value(text), '\0',
	    json_string_length(text)) != NULL)
		why = "text holds a NUL character";
	else if (to != NULL && !json_is_null(to) &&
	    prov_json_text(to, tos, sizeof(tos)) == -1)
		why = "recipient is not a phone number";
	if (why != NULL) {
		prov_batch_reject(b, rec, ids, why);
		return -1;
	}
	prov_batch_add(b, ids, json_string_value(from), tos,
	    json_string_value(text), json_string_length(text), at);
	return 0;
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

int
prov_classify_all(const struct http_response *h, int request_ok,
    struct prov_result *res, size_t n, const char *what)
{
	struct prov_result r;

	memset(&r, 0, sizeof(r));
	r.retry_after = -1;
	if (prov_classify(h, request_ok, &r, what)) {
		for (; n > 0; n--, res++)
			res->retry_after = r.retry_after;
		return 1;
	}
	prov_results_set(res, n, &r);
	return 0;
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
	double	d;
	int	n;

	if (json_is_string(v)) {
		if (json_string_length(v) >= size ||
		    strlen(json_string_value(v)) != json_string_length(v))
			return -1;
		n = snprintf(out, size, "%s", json_string_value(v));
	} else if (json_is_integer(v))
		n = snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		d = json_real_value(v);
		if (d != floor(d) || fabs(d) > JSON_INT_EXACT)
			return -1;
		n = snprintf(out, size, "%.0f", d);
	} else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
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
prov_json_time(const char *format, json_t *v, time_t fallback)
{
	char	buf[64];
	time_t	t;

	if (prov_json_text(v, buf, sizeof(buf)) == 0 &&
	    (t = prov_time_text(format, buf)) != -1)
		return t;
	return fallback;
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
