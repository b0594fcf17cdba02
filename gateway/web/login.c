/*
 * Logging in and out.  GET /login sets a login cookie and puts the same
 * token in the form's csrf field; POST /login needs both to match, then
 * user and password.  A wrong user gets the same answer as a wrong
 * password, after the same work: an unknown user is checked against a
 * dummy hash of the same cost.  web.login_failures failures of one user
 * name, or from one address, lock both out for web.lockout seconds (the
 * wait is counted per name whether or not the user exists, so it tells
 * nothing either).  A session is a fresh random cookie (HttpOnly,
 * SameSite=Strict, Secure under TLS) whose hash is stored; logging out
 * deletes it.  Each step is in the audit log.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "conf.h"
#include "form.h"
#include "html.h"
#include "log.h"
#include "store.h"
#include "web.h"
#include "web_int.h"

#define USER_MAX	64	/* bytes of a login name */

static char		dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t	dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	char pw[STORE_TOKEN_MAX];

	web_token(pw);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), WEB_PWHASH_OPS,
	    WEB_PWHASH_MEM) != 0)
		log_warnx("web: cannot make the dummy password hash");
	sodium_memzero(pw, sizeof(pw));
}

static const char *
secure_attr(const struct web_req *rq)
{
	return rq->conf->web.secure_cookie || rq->conf->web.tls_cert != NULL ?
	    "; Secure" : "";
}

static enum MHD_Result
form_page(struct web_req *rq, unsigned int status, const char *msg,
    const char *const *vars)
{
	char token[STORE_TOKEN_MAX];

	/* a fresh login token with each form */
	web_token(token);
	web_cookie(rq, LOGIN_COOKIE "=%s; Path=/login; HttpOnly; "
	    "SameSite=Strict%s", token, secure_attr(rq));
	web_begin(rq, L(rq, "web_login_title"));
	if (msg != NULL) {
		html_raw(&rq->out, "<p class=\"msg err\" role=\"alert\">");
		html_template(&rq->out, L(rq, msg), vars);
		html_raw(&rq->out, "</p>");
	}
	html_f(&rq->out, "<form method=\"post\" action=\"/login\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	    "<label for=\"user\">%s</label>"
	    "<input type=\"text\" id=\"user\" name=\"user\" maxlength=\"64\" "
	    "autocomplete=\"username\" autocapitalize=\"none\" required>"
	    "<label for=\"password\">%s</label>"
	    "<input type=\"password\" id=\"password\" name=\"password\" "
	    "autocomplete=\"current-password\" required>"
	    "<p><button type=\"submit\">%s</button></p></form>", token,
	    L(rq, "web_user"), L(rq, "web_password"),
	    L(rq, "web_login_button"));
	web_end(rq);
	sodium_memzero(token, sizeof(token));
	return web_send(rq, status);
}

/* One more failure of key; 1 when it is locked now. */
static int
fail(struct web_req *rq, const char *key)
{
	struct web_login l;

	if (store_web_login_get(rq->s, key, &l) == -1)
		return -1;
	/* failures long ago are forgotten */
	if (rq->now - l.updated_at > rq->conf->web.lockout)
		l.failures = 0;
	l.failures++;
	l.updated_at = rq->now;
	if (l.failures >= rq->conf->web.login_failures) {
		l.failures = 0;
		l.locked_until = rq->now + rq->conf->web.lockout;
	}
	if (store_web_login_set(rq->s, key, &l) == -1)
		return -1;
	return l.locked_until > rq->now;
}

static enum MHD_Result
login_post(struct web_req *rq)
{
	const struct conf_web_user	*u;
	const char			*cookie, *t, *user, *pw;
	struct web_login		 lu, la;
	struct web_session		 w;
	char				 ukey[USER_MAX + 3], akey[WEB_ADDR_MAX + 3];
	char				 name[USER_MAX + 1], minutes[24];
	char				 token[STORE_TOKEN_MAX];
	const char			*vars[3];
	size_t				 tlen = 0, ulen = 0, plen = 0;
	time_t				 until;
	int				 ok, locked, lockednow = 0;

	cookie = MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND,
	    LOGIN_COOKIE);
	t = form_get(&rq->body, "csrf", &tlen);
	if (cookie == NULL || strlen(cookie) != STORE_TOKEN_MAX - 1 ||
	    t == NULL || !form_secret_equal(t, tlen, cookie)) {
		web_audit(rq, "login_csrf_refused", NULL, NULL);
		return web_message(rq, MHD_HTTP_FORBIDDEN, "web_csrf");
	}
	user = form_get(&rq->body, "user", &ulen);
	pw = form_get(&rq->body, "password", &plen);
	if (user == NULL)
		user = "";
	if (pw == NULL)
		pw = "";
	/* a name that cannot be a user's is counted under "?", answered alike */
	if (ulen > USER_MAX || strspn(user, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != ulen)
		snprintf(name, sizeof(name), "?");
	else
		snprintf(name, sizeof(name), "%s", user);
	snprintf(ukey, sizeof(ukey), "u:%s", name);
	snprintf(akey, sizeof(akey), "a:%s", rq->addr);
	u = conf_web_user(rq->conf, name);
	pthread_once(&dummy_once, make_dummy);
	ok = plen <= WEB_PASSWORD_MAX && crypto_pwhash_str_verify(u != NULL ?
	    u->password_hash : dummy_hash, pw, plen) == 0 && u != NULL;
	if (store_begin(rq->s) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (store_web_login_get(rq->s, ukey, &lu) == -1 ||
	    store_web_login_get(rq->s, akey, &la) == -1)
		goto fail;
	until = lu.locked_until > la.locked_until ? lu.locked_until :
	    la.locked_until;
	locked = until > rq->now;
	if (!locked && !ok) {
		int a = fail(rq, ukey), b = fail(rq, akey);

		if (a == -1 || b == -1)
			goto fail;
		lockednow = a || b;
	}
	if (locked || !ok) {
		if (store_web_audit(rq->s, rq->now, name, rq->addr, locked ?
		    "login_locked" : lockednow ? "login_failed_locked" :
		    "login_failed", NULL, NULL) == -1 || store_commit(rq->s) ==
		    -1)
			goto fail;
		if (!locked && !lockednow)
			return form_page(rq, MHD_HTTP_FORBIDDEN,
			    "web_login_failed", NULL);
		if (!locked)
			until = rq->now + rq->conf->web.lockout;
		snprintf(minutes, sizeof(minutes), "%lld",
		    (long long)((until - rq->now + 59) / 60));
		vars[0] = "minutes";
		vars[1] = minutes;
		vars[2] = NULL;
		return form_page(rq, MHD_HTTP_TOO_MANY_REQUESTS,
		    "web_login_locked", vars);
	}
	memset(&w, 0, sizeof(w));
	snprintf(w.user, sizeof(w.user), "%s", u->name);
	snprintf(w.address, sizeof(w.address), "%s", rq->addr);
	web_token(w.csrf);
	w.created_at = w.seen_at = rq->now;
	web_token(token);
	web_token_hash(token, rq->sid);
	if (store_web_login_clear(rq->s, ukey) == -1 ||
	    store_web_login_clear(rq->s, akey) == -1 ||
	    store_web_session_expire(rq->s, rq->now -
	    rq->conf->web.session_idle, rq->now -
	    rq->conf->web.session_max) == -1 ||
	    store_web_session_add(rq->s, rq->sid, &w) == -1 ||
	    store_web_audit(rq->s, rq->now, u->name, rq->addr, "login", NULL,
	    NULL) == -1 || store_commit(rq->s) == -1) {
		sodium_memzero(token, sizeof(token));
		sodium_memzero(&w, sizeof(w));
		goto fail;
	}
	web_cookie(rq, SESSION_COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s", token, secure_attr(rq));
	web_cookie(rq, LOGIN_COOKIE "=; Path=/login; Max-Age=0; HttpOnly; "
	    "SameSite=Strict%s", secure_attr(rq));
	sodium_memzero(token, sizeof(token));
	sodium_memzero(&w, sizeof(w));
	return web_redirect(rq, "/");
fail:
	store_rollback(rq->s);
	return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "web_error");
}

enum MHD_Result
web_login(struct web_req *rq)
{
	if (rq->post)
		return login_post(rq);
	return form_page(rq, MHD_HTTP_OK, NULL, NULL);
}

enum MHD_Result
web_logout(struct web_req *rq)
{
	if (store_begin(rq->s) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (store_web_session_delete(rq->s, rq->sid) == -1 ||
	    store_web_audit(rq->s, rq->now, rq->user->name, rq->addr,
	    "logout", NULL, NULL) == -1 || store_commit(rq->s) == -1) {
		store_rollback(rq->s);
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	}
	rq->user = NULL;
	web_cookie(rq, SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
	    "SameSite=Strict%s", secure_attr(rq));
	return web_redirect(rq, "/login");
}
