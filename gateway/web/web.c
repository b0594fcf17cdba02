/*
 * The console's routing, sessions and page shell.
 *
 *   GET  /web.css		the style sheet (no session)
 *   GET  /login, POST /login	login.c (no session; a login cookie and
 *				its csrf field instead)
 *   POST /logout		login.c
 *   GET  /			home.c
 *   GET  /cases, /cases/REF, POST /cases/REF	cases.c
 *   GET  /messages		messages.c
 *   GET  /reporters, POST /reporters	reporters.c
 *   GET  /reports (?format=csv)	reports.c
 *   GET  /trends			trends.c
 *
 * Every other page needs a session: the cookie's hash names a row of
 * web_sessions that is neither idle past web.session_idle nor older than
 * web.session_max (else 303 to /login).  Every POST carries the
 * session's csrf token in a form field named csrf (else 403).  Every
 * answer carries the security headers (CSP default-src 'self', no
 * framing, no referrer, no-store).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "codebook.h"
#include "conf.h"
#include "form.h"
#include "html.h"
#include "httpd.h"
#include "httpd_int.h"
#include "log.h"
#include "period.h"
#include "store.h"
#include "timeutil.h"
#include "web.h"
#include "web_int.h"
#include "xmalloc.h"

#define TOUCH_EVERY	60	/* seconds between writes of seen_at */
#define CSS_PATH	"/web.css"

/* Phones first (375 px): one column, big targets, no fixed widths. */
static const char css[] =
	"body{font:16px/1.45 'DejaVu Sans',sans-serif;margin:0;color:#111;"
	"background:#fff}"
	"header{background:#14532d;color:#fff;padding:.5em .75em}"
	"header a,header button{color:#fff}"
	"nav{display:flex;flex-wrap:wrap;gap:.25em .9em;align-items:center}"
	"nav form{margin:0 0 0 auto}"
	"main{padding:.5em .75em;max-width:60em}"
	"h1{font-size:1.3em;margin:.4em 0}h2{font-size:1.1em;margin:1em 0 .4em}"
	"table{border-collapse:collapse;width:100%;font-size:.92em}"
	"th,td{border-bottom:1px solid #ddd;padding:.3em .25em;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}"
	".scroll{overflow-x:auto}"
	"label{display:block;margin:.6em 0 .2em}"
	"input,select,textarea,button{font:inherit;max-width:100%;"
	"box-sizing:border-box}"
	"input[type=text],input[type=password],textarea,select{width:100%;"
	"padding:.45em}"
	"button{padding:.5em 1em;margin:.3em .3em .3em 0;border:1px solid #14532d;"
	"background:#e8f5e9;border-radius:4px}"
	"header button{background:none;border:1px solid #fff;padding:.2em .6em}"
	".msg{padding:.6em;border-left:4px solid #14532d;background:#f1f8e9}"
	".err{border-color:#b71c1c;background:#ffebee}"
	".urgent{color:#b71c1c;font-weight:bold}"
	".muted{color:#555}.ok{color:#1b5e20}.no{color:#b71c1c}"
	"pre,.text{white-space:pre-wrap;overflow-wrap:anywhere;"
	"font-family:'DejaVu Sans Mono',monospace;background:#f5f5f5;"
	"padding:.4em}"
	"ul.list{padding-left:1.1em}ul.list li{margin:.25em 0}"
	"article{border-bottom:1px solid #ddd;padding:.5em 0}"
	"article p{margin:.2em 0}"
	".filter{display:flex;flex-wrap:wrap;gap:0 .75em;align-items:end}"
	".filter label{margin:.4em 0 .1em}.filter>div{flex:1 1 9em}"
	".inline{display:inline}.inline select{width:auto}"
	"figure{margin:1em 0}svg{max-width:100%;height:auto}"
	"figcaption{font-size:.9em;color:#555}"
	".n{text-align:right}";

/* ---- small helpers ---- */

void
web_token(char out[STORE_TOKEN_MAX])
{
	unsigned char r[32];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, STORE_TOKEN_MAX, r, sizeof(r));
	sodium_memzero(r, sizeof(r));
}

void
web_token_hash(const char *token, char out[STORE_TOKEN_MAX])
{
	unsigned char d[32];

	crypto_generichash(d, sizeof(d), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, STORE_TOKEN_MAX, d, sizeof(d));
}

int
web_sees(const struct web_req *rq, const char *commune)
{
	return rq->user != NULL && conf_web_covers(rq->user, commune);
}

void
web_scope(const struct web_req *rq, struct web_scope *sc, char **json)
{
	json_t	*a;
	size_t	 i;

	*json = NULL;
	sc->communes = NULL;
	sc->unplaced = rq->user->role == WEB_ADMIN;
	for (i = 0; i < rq->user->communes.n; i++)
		if (strcmp(rq->user->communes.v[i], "*") == 0)
			return;
	a = json_array();
	for (i = 0; i < rq->user->communes.n; i++)
		json_array_append_new(a, json_string(rq->user->communes.v[i]));
	*json = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	/* no JSON (out of memory): an empty scope, never every commune */
	sc->communes = *json != NULL ? *json : "[]";
}

const char *
web_code_title(const struct conf *cf, const char *code)
{
	const struct cb_code *k = codebook_find(cf->codebook, code);

	return k != NULL && k->title[0] != '\0' ? k->title : code;
}

const char *
web_village_name(const struct conf *cf, const char *code)
{
	const struct conf_village *v = conf_village(cf, code);

	return v != NULL ? v->name : code;
}

const char *
web_commune_name(const struct conf *cf, const char *code)
{
	const struct conf_commune *c = conf_commune(cf, code);

	return c != NULL ? c->name : code;
}

int
web_cursor(const struct web_req *rq, time_t *at, int64_t *id)
{
	const char	*a = form_get(&rq->query, "at", NULL);
	const char	*i = form_get(&rq->query, "id", NULL);
	char		*end;
	long long	 v;

	*at = (time_t)1 << 40;	/* the first page */
	*id = INT64_MAX;
	if (a == NULL && i == NULL)
		return 0;
	if (a == NULL || i == NULL || *a == '\0' || strlen(a) > 18 ||
	    *i == '\0' || strlen(i) > 18)
		return -1;
	v = strtoll(a, &end, 10);
	if (*end != '\0' || v < 0)
		return -1;
	*at = (time_t)v;
	v = strtoll(i, &end, 10);
	if (*end != '\0' || v < 0)
		return -1;
	*id = (int64_t)v;
	return 0;
}

int
web_day(const char *s, time_t *out)
{
	char buf[32];

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	snprintf(buf, sizeof(buf), "%sT00:00:00", s);
	return time_parse_iso(buf, out);
}

const char *
web_state_label(const char *status)
{
	if (strcmp(status, "open") == 0)
		return "web_state_open";
	if (strcmp(status, "acknowledged") == 0)
		return "web_state_acknowledged";
	if (strcmp(status, "referred") == 0)
		return "web_state_referred";
	return "web_state_closed";
}

void
web_time(time_t t, char out[32])
{
	struct local_time lt;

	time_local(t, &lt);
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d", lt.year % 10000,
	    lt.month % 100, lt.day % 100, lt.hour % 100, lt.minute % 100);
}

void
web_cookie(struct web_req *rq, const char *fmt, ...)
{
	va_list	ap;
	char	*v;
	int	 i;

	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) == -1)
		v = NULL;
	va_end(ap);
	for (i = 0; i < 2 && v != NULL; i++)
		if (rq->cookie[i] == NULL) {
			rq->cookie[i] = v;
			return;
		}
	free(v);
}

int
web_audit(struct web_req *rq, const char *action, const char *object,
    const char *detail)
{
	const char *who = rq->user != NULL ? rq->user->name : "";

	if (store_begin(rq->s) == -1)
		return -1;
	if (store_web_audit(rq->s, rq->now, who, rq->addr, action, object,
	    detail) == -1) {
		store_rollback(rq->s);
		return -1;
	}
	return store_commit(rq->s);
}

/* ---- answers ---- */

enum MHD_Result
web_send(struct web_req *rq, unsigned int status)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	size_t			 len;
	char			*page;
	int			 i;

	if (rq->out.b.truncated) {	/* never half a page */
		html_free(&rq->out);
		html_init(&rq->out);
		html_raw(&rq->out, "<!DOCTYPE html><title>reportgw</title>");
		html_text(&rq->out, L(rq, "web_too_large"));
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
	page = html_take(&rq->out, &len);
	r = MHD_create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(page);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
	    "base-uri 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	for (i = 0; i < 2; i++)
		if (rq->cookie[i] != NULL)
			MHD_add_response_header(r, "Set-Cookie",
			    rq->cookie[i]);
	ret = MHD_queue_response(rq->c, status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result
web_send_file(struct web_req *rq, const char *type, const char *name,
    char *data, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	char			 disp[128];

	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "Content-Disposition", disp);
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(rq->c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result
web_redirect(struct web_req *rq, const char *path)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	int			 i;

	r = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Location", path);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	for (i = 0; i < 2; i++)
		if (rq->cookie[i] != NULL)
			MHD_add_response_header(r, "Set-Cookie",
			    rq->cookie[i]);
	ret = MHD_queue_response(rq->c, MHD_HTTP_SEE_OTHER, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result
web_message(struct web_req *rq, unsigned int status, const char *label)
{
	html_free(&rq->out);
	html_init(&rq->out);
	web_begin(rq, L(rq, label));
	web_end(rq);
	return web_send(rq, status);
}

static enum MHD_Result
send_css(struct web_req *rq)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(sizeof(css) - 1, (void *)css,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/css; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "max-age=3600");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(rq->c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- the page shell ---- */

void
web_csrf_field(struct web_req *rq)
{
	html_f(&rq->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	    rq->session.csrf);
}

void
web_begin(struct web_req *rq, const char *title)
{
	static const char *const roles[] = {
		"web_role_admin", "web_role_officer", "web_role_viewer"
	};
	const char *vars[5];

	html_f(&rq->out, "<!DOCTYPE html>\n<html lang=\"vi\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>%s – %s</title>"
	    "<link rel=\"stylesheet\" href=\"" CSS_PATH "\"></head><body>"
	    "<header><nav>", title, L(rq, "web_title"));
	if (rq->user != NULL) {
		html_f(&rq->out, "<a href=\"/\">%s</a>"
		    "<a href=\"/cases\">%s</a><a href=\"/messages\">%s</a>"
		    "<a href=\"/reports\">%s</a><a href=\"/trends\">%s</a>"
		    "<a href=\"/reporters\">%s</a>",
		    L(rq, "web_nav_home"), L(rq, "web_nav_cases"),
		    L(rq, "web_nav_messages"), L(rq, "web_nav_reports"),
		    L(rq, "web_nav_trends"), L(rq, "web_nav_reporters"));
		vars[0] = "user";
		vars[1] = rq->user->name;
		vars[2] = "role";
		vars[3] = L(rq, roles[rq->user->role]);
		vars[4] = NULL;
		html_raw(&rq->out, "<form method=\"post\" action=\"/logout\">"
		    "<span class=\"who\">");
		html_template(&rq->out, L(rq, "web_signed_in_as"), vars);
		html_raw(&rq->out, "</span> ");
		web_csrf_field(rq);
		html_f(&rq->out, "<button type=\"submit\">%s</button></form>",
		    L(rq, "web_logout"));
	} else
		html_f(&rq->out, "<strong>%s</strong>", L(rq, "web_title"));
	html_f(&rq->out, "</nav></header><main><h1>%s</h1>\n", title);
}

void
web_end(struct web_req *rq)
{
	html_raw(&rq->out, "</main></body></html>\n");
}

/* ---- the client's address ---- */

static int
trusted(const struct conf *cf, const char *addr)
{
	size_t i;

	for (i = 0; i < cf->web.trusted_proxies.n; i++)
		if (strcmp(cf->web.trusted_proxies.v[i], addr) == 0)
			return 1;
	return 0;
}

/*
 * The peer's address; when it is a trusted proxy, the right-most address
 * of X-Forwarded-For that is not one (what a client writes to the left
 * of it is its own story).
 */
static void
client_addr(struct web_req *rq)
{
	const union MHD_ConnectionInfo	*ci;
	const char			*xff, *end, *p;
	char				 a[WEB_ADDR_MAX];
	unsigned char			 bin[16];
	socklen_t			 len;

	snprintf(rq->addr, sizeof(rq->addr), "unknown");
	ci = MHD_get_connection_info(rq->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	len = ci->client_addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, len, rq->addr, sizeof(rq->addr),
	    NULL, 0, NI_NUMERICHOST) != 0)
		return;
	if (!trusted(rq->conf, rq->addr) || (xff = MHD_lookup_connection_value(
	    rq->c, MHD_HEADER_KIND, "X-Forwarded-For")) == NULL)
		return;
	end = xff + strlen(xff);
	while (end > xff) {
		size_t n;

		for (p = end; p > xff && p[-1] != ','; p--)
			;
		while (p < end && *p == ' ')
			p++;
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof(a))
			return;
		memcpy(a, p, n);
		a[n] = '\0';
		if (inet_pton(AF_INET, a, bin) != 1 &&
		    inet_pton(AF_INET6, a, bin) != 1)
			return;		/* garbage: keep the proxy's */
		snprintf(rq->addr, sizeof(rq->addr), "%s", a);
		if (!trusted(rq->conf, a))
			return;
		end = p > xff ? p - 1 : xff;
	}
}

/* ---- sessions ---- */

/* 1: a live session of a configured user (rq->user, rq->session). */
static int
session(struct web_req *rq)
{
	const char	*cookie;
	int		 found;

	cookie = MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND,
	    SESSION_COOKIE);
	if (cookie == NULL || strlen(cookie) != STORE_TOKEN_MAX - 1)
		return 0;
	web_token_hash(cookie, rq->sid);
	found = store_web_session_get(rq->s, rq->sid, &rq->session);
	if (found != 1)
		return found;
	if (rq->now - rq->session.seen_at > rq->conf->web.session_idle ||
	    rq->now - rq->session.created_at > rq->conf->web.session_max ||
	    (rq->user = conf_web_user(rq->conf, rq->session.user)) == NULL) {
		rq->user = NULL;
		if (store_begin(rq->s) == 0) {
			if (store_web_session_delete(rq->s, rq->sid) == 0)
				store_commit(rq->s);
			else
				store_rollback(rq->s);
		}
		return 0;
	}
	/* a write per minute at most, not per page */
	if (rq->now - rq->session.seen_at >= TOUCH_EVERY &&
	    store_begin(rq->s) == 0) {
		if (store_web_session_touch(rq->s, rq->sid, rq->now) == 0)
			store_commit(rq->s);
		else
			store_rollback(rq->s);
	}
	return 1;
}

static int
csrf_ok(struct web_req *rq)
{
	const char	*t;
	size_t		 len = 0;

	t = form_get(&rq->body, "csrf", &len);
	return t != NULL && form_secret_equal(t, len, rq->session.csrf);
}

/* ---- routing ---- */

int
web_path(const char *url)
{
	return strcmp(url, "/") == 0 || strcmp(url, "/login") == 0 ||
	    strcmp(url, "/logout") == 0 || strcmp(url, CSS_PATH) == 0 ||
	    strcmp(url, "/cases") == 0 || strncmp(url, "/cases/", 7) == 0 ||
	    strcmp(url, "/messages") == 0 || strcmp(url, "/reporters") == 0 ||
	    strcmp(url, "/reports") == 0 || strcmp(url, "/trends") == 0;
}

static enum MHD_Result
dispatch(struct web_req *rq, const char *method)
{
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int found;

	if (!get && !rq->post)
		return web_message(rq, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "web_not_found");
	if (strcmp(rq->url, "/login") == 0)
		return web_login(rq);
	if ((found = session(rq)) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (found == 0)
		return web_redirect(rq, "/login");
	if (rq->post && !csrf_ok(rq)) {
		web_audit(rq, "csrf_refused", rq->url, NULL);
		return web_message(rq, MHD_HTTP_FORBIDDEN, "web_csrf");
	}
	if (strcmp(rq->url, "/logout") == 0)
		return rq->post ? web_logout(rq) : web_redirect(rq, "/");
	if (rq->post && strncmp(rq->url, "/cases/", 7) != 0 &&
	    strcmp(rq->url, "/reporters") != 0)
		return web_message(rq, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "web_not_found");
	if (strcmp(rq->url, "/") == 0)
		return web_home(rq);
	if (strcmp(rq->url, "/cases") == 0)
		return web_cases(rq);
	if (strcmp(rq->url, "/messages") == 0)
		return web_messages(rq);
	if (strcmp(rq->url, "/reporters") == 0)
		return web_reporters(rq);
	if (strcmp(rq->url, "/reports") == 0)
		return web_reports(rq);
	if (strcmp(rq->url, "/trends") == 0)
		return web_trends(rq);
	return web_case(rq, rq->url + 7);
}

enum MHD_Result
web_request(struct httpd *h, struct MHD_Connection *c, const char *url,
    const char *method, const char *query, const char *body, size_t bodylen,
    int too_big)
{
	struct web_req	*rq;
	enum MHD_Result	 ret;
	enum form_error	 e1, e2 = FORM_OK;
	int		 i;

	rq = xcalloc(1, sizeof(*rq));
	rq->h = h;
	rq->c = c;
	rq->conf = h->conf;
	rq->url = url;
	rq->now = time(NULL);
	rq->post = strcmp(method, "POST") == 0;
	html_init(&rq->out);
	if (strcmp(url, CSS_PATH) == 0) {
		ret = send_css(rq);
		html_free(&rq->out);
		free(rq);
		return ret;
	}
	client_addr(rq);
	e1 = form_decode(query != NULL ? query : "", query != NULL ?
	    strlen(query) : 0, HTTPD_FIELD_MAX, &rq->query);
	if (rq->post)
		e2 = form_decode(body != NULL ? body : "", body != NULL ?
		    bodylen : 0, HTTPD_FIELD_MAX, &rq->body);
	else
		e2 = form_decode("", 0, HTTPD_FIELD_MAX, &rq->body);
	if (too_big || e1 == FORM_TOO_LONG || e2 == FORM_TOO_LONG)
		ret = web_message(rq, HTTP_TOO_LARGE, "web_too_large");
	else if (e1 != FORM_OK || e2 != FORM_OK)
		ret = web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	else if ((rq->s = httpd_store(h)) == NULL)
		ret = web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	else
		ret = dispatch(rq, method);
	form_free(&rq->query);
	form_free(&rq->body);
	html_free(&rq->out);
	for (i = 0; i < 2; i++)
		free(rq->cookie[i]);
	sodium_memzero(&rq->session, sizeof(rq->session));
	free(rq);
	return ret;
}
