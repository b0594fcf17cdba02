/*
 * The HTTP server.  libmicrohttpd runs a pool of threads; our access
 * handler gathers the raw query (captured before libmicrohttpd unescapes
 * it, so binary UTF-16 survives) and a size-capped body, then routes:
 *
 *   GET  /healthz		200 or 503 with one line, no token
 *   POST /ussd?token=T		Africa's Talking USSD callback
 *   the push route of each driver that has one (provider_push_route:
 *   GET /kannel?token=T&... for Kannel's get-url, POST /sms?token=T for
 *   the generic webhook), decoded by the driver (httpd_push.c)
 *   the staff web console's pages (/login, /, /cases ...) when the
 *   config has a web group (gateway/web/: its own sessions, no token)
 *
 * With web.tls_cert_file and web.tls_key_file the whole server speaks
 * HTTPS (libmicrohttpd with GnuTLS).
 *
 * Everything a request stores is committed before it answers 2xx.  The
 * handlers read the configuration under a read lock; a reload swaps it
 * under the write lock.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form.h"
#include "httpd.h"
#include "httpd_int.h"
#include "log.h"
#include "phone.h"
#include "pipeline.h"
#include "reply.h"
#include "store.h"
#include "timeutil.h"
#include "ussd.h"
#include "ussd_villages.h"
#include "web.h"
#include "xmalloc.h"

#define URI_MAX		(HTTPD_BODY_MAX * 3)	/* bytes of a request line */
#define HEARTBEAT_STALE	180	/* seconds without a loop turn */
#define POLL_STALE_MIN	120	/* seconds, or 3 poll intervals */
#define BUSY_MS		1500	/* wait for another process's write lock */
/* A USSD session is stored under "PHONE/sessionId" (see ussd()). */
#define USSD_SID_MAX	(USSD_KEY_MAX - PHONE_MAX)

/*
 * One connection, from accept to close (libmicrohttpd always reports the
 * close): holds the raw URI of its latest request line until the access
 * handler takes it.  A request that fails inside libmicrohttpd (too many
 * headers or arguments for the connection's memory) never reaches the
 * handler nor its completion, so nothing may be allocated for it but here.
 */
struct conn {
	char	*uri;		/* raw, as sent; NULL once taken */
};

/* One request, from the access handler's first call to its completion. */
struct req {
	char	*uri;		/* raw, as sent */
	char	*body;
	size_t	 len;
	int	 too_big;
};

static __thread struct store *thread_store;

/* ---- plumbing ---- */

struct store *
httpd_store(struct httpd *h)
{
	struct store *s;

	if (thread_store != NULL)
		return thread_store;
	if ((s = store_open(h->conf->database)) == NULL)
		return NULL;
	/* a USSD screen must come within 2 s, whoever holds the lock */
	store_busy_timeout(s, BUSY_MS);
	pthread_mutex_lock(&h->mu);
	if (h->nstores == STORES_MAX) {
		pthread_mutex_unlock(&h->mu);
		store_close(s);
		return NULL;
	}
	h->stores[h->nstores++] = s;
	pthread_mutex_unlock(&h->mu);
	return thread_store = s;
}

void
httpd_wake(struct httpd *h)
{
	char c = 1;

	/* a full pipe already means "wake up": EAGAIN is fine */
	if (write(h->wakefd, &c, 1) == -1 && errno != EAGAIN)
		log_warn("http: wake the main loop");
}

enum MHD_Result
httpd_answer(struct MHD_Connection *c, unsigned int status, const char *type,
    const char *fmt, ...)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	char			*body;
	va_list			 ap;
	int			 n;

	va_start(ap, fmt);
	n = vasprintf(&body, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MHD_NO;
	r = MHD_create_response_from_buffer((size_t)n, body,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- /healthz ---- */

static enum MHD_Result
healthz(struct httpd *h, struct MHD_Connection *c)
{
	struct store	*s = httpd_store(h);
	time_t		 now = time(NULL), beat, last = 0;
	long		 stale = 3L * h->conf->provider.poll_interval;
	char		 buf[32];

	if (stale < POLL_STALE_MIN)
		stale = POLL_STALE_MIN;
	pthread_mutex_lock(&h->mu);
	beat = h->heartbeat;
	pthread_mutex_unlock(&h->mu);
	if (s == NULL || store_begin(s) == -1)
		return httpd_answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, TEXT,
		    "error: the database is not writable\n");
	store_rollback(s);
	if (now - beat > HEARTBEAT_STALE)
		return httpd_answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, TEXT,
		    "error: the main loop has not run for %lld s\n",
		    (long long)(now - beat));
	if (!h->polls)
		return httpd_answer(c, MHD_HTTP_OK, TEXT, "ok: push only\n");
	if (store_meta_get(s, "last_poll_ok", buf, sizeof(buf)) == 0)
		last = (time_t)strtoll(buf, NULL, 10);
	if (last == 0 || now - last > stale)
		return httpd_answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, TEXT,
		    "stale: last good poll %s%lld s ago\n", last == 0 ?
		    "never, " : "", (long long)(last == 0 ? 0 : now - last));
	return httpd_answer(c, MHD_HTTP_OK, TEXT, "ok: last poll %lld s ago\n",
	    (long long)(now - last));
}

/* ---- /ussd ---- */

static void
ussd_text(const struct conf *cf, enum cb_ussd which, char *out, size_t size)
{
	text_copy(out, size, cf->codebook->ussd[which]);
	gsm7_fit(out, size, USSD_BODY_MAX);
}

static enum MHD_Result
ussd(struct httpd *h, struct MHD_Connection *c, const struct form *f)
{
	const struct conf	*cf = h->conf;
	const char		*sid, *phone_in, *text;
	struct ussd_villages	 v;
	char			 phone[PHONE_MAX], status[STORE_CODE_MAX];
	char			 why[WHY_MAX], key[USSD_KEY_MAX + 1];
	char			 screen[USSD_BODY_MAX + 1];
	char			 reply[REPLY_SIZE], own[48];
	struct ussd_request	 rq;
	struct ussd_answer	*a;
	struct inbox_msg	*m;
	struct reporter		 rep;
	struct pipeline_stats	 stats;
	struct local_time	 lt;
	struct store		*s;
	int64_t			 report_id;
	int			 rc, found;

	if ((sid = form_field(f, "sessionId", 1, USSD_SID_MAX, why,
	    sizeof(why))) == NULL || (phone_in = form_field(f, "phoneNumber",
	    1, 32, why, sizeof(why))) == NULL || (text = form_field(f, "text",
	    0, HTTPD_FIELD_MAX, why, sizeof(why))) == NULL ||
	    form_field(f, "serviceCode", 0, 64, why, sizeof(why)) == NULL)
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "%s\n", why);
	if (*sid == '\0')
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
		    "empty sessionId\n");
	if ((s = httpd_store(h)) == NULL) {
		ussd_text(cf, CB_U_BUSY, screen, sizeof(screen));
		return httpd_answer(c, MHD_HTTP_OK, TEXT, "END %s", screen);
	}
	if (phone_normalize(phone_in, cf->country_code, phone) == -1 ||
	    (found = store_reporter_get(s, phone, &rep)) == 0 ||
	    (found == 1 && strcmp(rep.status, "active") != 0)) {
		ussd_text(cf, CB_U_UNKNOWN_CALLER, screen, sizeof(screen));
		return httpd_answer(c, MHD_HTTP_OK, TEXT, "END %s", screen);
	}
	/*
	 * Sessions are keyed by phone and sessionId: the same id from another
	 * phone is another session (a phone has no '/', so keys are unique).
	 */
	snprintf(key, sizeof(key), "%s/%s", phone, sid);
	m = xcalloc(1, sizeof(*m));
	a = xcalloc(1, sizeof(*a));
	/* a session that ended already: the same last screen, nothing new */
	if (found == -1 || (found = store_inbox_get(s, "ussd", key, m, status,
	    sizeof(status), reply, sizeof(reply), &report_id)) == -1) {
		ussd_text(cf, CB_U_BUSY, screen, sizeof(screen));
		goto end;
	}
	if (found == 1) {
		text_copy(screen, sizeof(screen), reply);
		goto end;
	}
	v.n = 0;
	if (rep.village[0] == '\0')	/* a commune reporter picks one */
		ussd_villages(cf, rep.commune, &v);
	time_local(time(NULL), &lt);
	memset(&rq, 0, sizeof(rq));
	rq.cb = cf->codebook;
	rq.text = text;
	rq.len = strlen(text);
	rq.villages = v.codes;
	rq.village_labels = v.labels;
	rq.nvillages = v.n;
	rq.village_label = rep.village[0] != '\0' ?
	    ussd_village_name(cf, rep.village, own) : NULL;
	rq.at = &lt;
	ussd_answer(&rq, a);
	if (a->action == USSD_CONTINUE) {
		free(m);
		rc = httpd_answer(c, MHD_HTTP_OK, TEXT, "CON %s", a->screen);
		free(a);
		return rc;
	}
	if (a->action == USSD_END) {
		text_copy(screen, sizeof(screen), a->screen);
		goto end;
	}
	memset(&stats, 0, sizeof(stats));
	rc = pipeline_submit(s, cf, "ussd", "ussd", key, phone, a->sms,
	    strlen(a->sms), time(NULL), reply, &stats);
	if (rc == -1)
		ussd_text(cf, CB_U_BUSY, screen, sizeof(screen));
	else
		text_copy(screen, sizeof(screen), reply);
	if (rc == 1)
		httpd_wake(h);	/* alert SMS may wait in the outbox */
end:
	free(m);
	free(a);
	return httpd_answer(c, MHD_HTTP_OK, TEXT, "END %s", screen);
}

/* ---- routing ---- */

/* Arguments of a raw query as libmicrohttpd counts them: empty ones too. */
static size_t
query_args(const char *q)
{
	size_t n = 1;

	for (; *q != '\0'; q++)
		n += *q == '&';
	return n;
}

static enum MHD_Result
route(struct httpd *h, struct MHD_Connection *c, const char *url,
    const char *method, struct req *rq)
{
	const char	*q = strchr(rq->uri, '?'), *token;
	const struct provider_ops *push = provider_push_route(url);
	size_t		 tokenlen = 0;
	struct form	 query, body;
	enum form_error	 e;
	enum MHD_Result	 ret;
	int		 get = strcmp(method, "GET") == 0;
	int		 post = strcmp(method, "POST") == 0;

	if (strcmp(url, "/healthz") == 0)
		return get ? healthz(h, c) : httpd_answer(c,
		    MHD_HTTP_METHOD_NOT_ALLOWED, TEXT, "GET only\n");
	if (h->conf->web.configured && web_path(url))
		return web_request(h, c, url, method, q != NULL ? q + 1 : NULL,
		    rq->body, rq->len, rq->too_big);
	if (strcmp(url, "/ussd") != 0 && push == NULL)
		return httpd_answer(c, MHD_HTTP_NOT_FOUND, TEXT, "not found\n");
	if (rq->too_big)
		return httpd_answer(c, HTTP_TOO_LARGE, TEXT,
		    "body over %d bytes\n", HTTPD_BODY_MAX);
	if (q != NULL && query_args(q + 1) > HTTPD_ARGS_MAX)
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
		    "more than %d query arguments\n", HTTPD_ARGS_MAX);
	e = form_decode(q != NULL ? q + 1 : "", q != NULL ? strlen(q + 1) : 0,
	    HTTPD_FIELD_MAX, &query);
	if (e != FORM_OK) {
		form_free(&query);
		return httpd_answer(c, e == FORM_TOO_LONG ?
		    HTTP_TOO_LARGE : MHD_HTTP_BAD_REQUEST, TEXT,
		    "query: %s\n", form_error_names[e]);
	}
	token = form_get(&query, "token", &tokenlen);
	if (token == NULL || !form_secret_equal(token, tokenlen,
	    h->conf->http.token)) {
		form_free(&query);
		return httpd_answer(c, MHD_HTTP_FORBIDDEN, TEXT, "bad token\n");
	}
	if (push != NULL) {
		ret = strcmp(method, push->push_method) == 0 ? httpd_push(h, c,
		    push, &query, rq->body, rq->len) : httpd_answer(c,
		    MHD_HTTP_METHOD_NOT_ALLOWED, TEXT, "%s only\n",
		    push->push_method);
	} else if (!post) {
		ret = httpd_answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, TEXT,
		    "POST only\n");
	} else if ((e = form_decode(rq->body != NULL ? rq->body : "", rq->len,
	    HTTPD_FIELD_MAX, &body)) != FORM_OK) {
		form_free(&body);
		ret = httpd_answer(c, e == FORM_TOO_LONG ? HTTP_TOO_LARGE :
		    MHD_HTTP_BAD_REQUEST, TEXT, "%s\n", form_error_names[e]);
	} else {
		ret = ussd(h, c, &body);
		form_free(&body);
	}
	form_free(&query);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct httpd		*h = cls;
	struct req		*rq = *con_cls;
	const union MHD_ConnectionInfo *ci;
	struct conn		*cn;
	enum MHD_Result		 ret;

	(void)version;
	if (rq == NULL) {	/* the first call: headers read, no body yet */
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		if (ci == NULL || (cn = ci->socket_context) == NULL ||
		    cn->uri == NULL)
			return MHD_NO;
		rq = xcalloc(1, sizeof(*rq));
		rq->uri = cn->uri;	/* the completion frees it now */
		cn->uri = NULL;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (rq->len + *upload_size > HTTPD_BODY_MAX)
			rq->too_big = 1;	/* read and drop the rest */
		else {
			rq->body = xreallocarray(rq->body, rq->len + *upload_size +
			    1, 1);
			memcpy(rq->body + rq->len, upload, *upload_size);
			rq->len += *upload_size;
			rq->body[rq->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_rwlock_rdlock(&h->lock);
	ret = route(h, c, url, method, rq);
	pthread_rwlock_unlock(&h->lock);
	return ret;
}

/* The raw request line's URI, kept by the connection (see struct conn). */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*ci;
	struct conn			*cn;

	(void)cls;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL && (cn = ci->socket_context) != NULL) {
		free(cn->uri);
		cn->uri = xstrndup(uri, strnlen(uri, URI_MAX));
	}
	return NULL;
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode what)
{
	struct conn *cn = *socket_context;

	(void)cls;
	(void)c;
	if (what == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = xcalloc(1, sizeof(struct conn));
		return;
	}
	if (cn != NULL) {
		free(cn->uri);
		free(cn);
		*socket_context = NULL;
	}
}

static void
on_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)why;
	if (rq != NULL) {
		free(rq->uri);
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* libmicrohttpd leaves percent-escapes to us: values stay raw bytes. */
static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/*
 * libmicrohttpd's messages are mostly about malformed requests, which
 * anyone can send by the thousand: limited per message (its format).
 */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	buf[300], clean[300];
	int	n;

	(void)cls;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n > 0)
		log_warnx_limited(fmt, "http: %s", log_clean(buf, strlen(buf),
		    clean, sizeof(clean)));
}

/* "host:port" or "[v6]:port" to a socket address. */
static int
listen_addr(const char *listen, struct sockaddr_storage *ss, int *v6)
{
	struct addrinfo	 hints, *res;
	char		 host[128];
	const char	*colon = strrchr(listen, ':');
	size_t		 n;

	if (colon == NULL || colon == listen || colon[1] == '\0')
		return -1;
	n = (size_t)(colon - listen);
	if (listen[0] == '[' && n >= 2 && listen[n - 1] == ']') {
		listen++;
		n -= 2;
	}
	if (n >= sizeof(host))
		return -1;
	memcpy(host, listen, n);
	host[n] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

struct httpd *
httpd_start(const struct conf *cf, int wakefd, int polls)
{
	struct httpd		*h = xcalloc(1, sizeof(*h));
	struct sockaddr_storage	 ss;
	struct MHD_OptionItem	 tls[3];
	int			 v6 = 0, per_ip = cf->http.per_ip_limit;

	if (listen_addr(cf->http.listen, &ss, &v6) == -1) {
		log_warnx("http: cannot listen on \"%s\": want address:port "
		    "with a numeric address", cf->http.listen);
		free(h);
		return NULL;
	}
	pthread_rwlock_init(&h->lock, NULL);
	pthread_mutex_init(&h->mu, NULL);
	h->conf = cf;
	h->polls = polls;
	h->wakefd = wakefd;
	h->heartbeat = time(NULL);
	/* one address never takes more than half of the connections */
	if (per_ip > cf->http.max_connections / 2)
		per_ip = cf->http.max_connections / 2;
	memset(tls, 0, sizeof(tls));
	tls[0].option = tls[1].option = tls[2].option = MHD_OPTION_END;
	if (cf->web.tls_cert != NULL) {
		tls[0].option = MHD_OPTION_HTTPS_MEM_CERT;
		tls[0].ptr_value = cf->web.tls_cert;
		tls[1].option = MHD_OPTION_HTTPS_MEM_KEY;
		tls[1].ptr_value = cf->web.tls_key;
	}
	h->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) |
	    (cf->web.tls_cert != NULL ? MHD_USE_TLS : 0), 0, NULL, NULL,
	    on_request, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cf->http.threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cf->http.max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cf->http.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(URI_MAX + 16384),
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	    MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
	    MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, h,
	    MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_END);
	if (h->mhd == NULL) {
		log_warnx("http: cannot listen on %s (in use, or no "
		    "permission)", cf->http.listen);
		pthread_rwlock_destroy(&h->lock);
		pthread_mutex_destroy(&h->mu);
		free(h);
		return NULL;
	}
	log_info("http: listening on %s%s (%d threads, %d connections, %d "
	    "per address)", cf->http.listen, cf->web.tls_cert != NULL ?
	    " with TLS" : "", cf->http.threads,
	    cf->http.max_connections, per_ip);
	return h;
}

void
httpd_set_conf(struct httpd *h, const struct conf *cf, int polls)
{
	pthread_rwlock_wrlock(&h->lock);
	if (strcmp(cf->http.listen, h->conf->http.listen) != 0)
		log_warnx("http: the listen address changes on restart only");
	h->conf = cf;
	h->polls = polls;
	pthread_rwlock_unlock(&h->lock);
}

void
httpd_heartbeat(struct httpd *h, time_t now)
{
	pthread_mutex_lock(&h->mu);
	h->heartbeat = now;
	pthread_mutex_unlock(&h->mu);
	log_limited_flush(0);	/* "N more like this" after a quiet minute */
}

void
httpd_stop(struct httpd *h)
{
	int i;

	if (h == NULL)
		return;
	MHD_stop_daemon(h->mhd);
	log_limited_flush(1);
	for (i = 0; i < h->nstores; i++)
		store_close(h->stores[i]);
	pthread_rwlock_destroy(&h->lock);
	pthread_mutex_destroy(&h->mu);
	free(h);
}
