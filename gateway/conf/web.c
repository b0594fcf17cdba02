/*
 * The web group: the staff accounts of the web console and how their
 * sessions live.  Loading refuses what would make the console weak: a
 * user without an argon2id hash (a plain password, an old scheme), an
 * unknown role or commune, a name twice, a console reachable over the
 * network in clear (no TLS here and not listening on loopback for a
 * proxy), a key file others can read.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errs.h"
#include "source.h"
#include "xmalloc.h"

#define WEB_NAME_MAX	64	/* bytes of a login name */
#define WEB_HASH_MAX	256	/* bytes of a password hash */
#define WEB_PEM_MAX	65536	/* bytes of a certificate or key file */
#define ARGON2ID	"$argon2id$"

const char *const conf_web_role_names[] = { "admin", "officer", "viewer" };

static char *
member_str(const config_setting_t *g, const char *name)
{
	const char *s;

	return config_setting_lookup_string(g, name, &s) ? xstrdup(s) : NULL;
}

static int
name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= WEB_NAME_MAX && strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
	    == n;
}

static void
load_user(struct conf_errs *e, const config_setting_t *u, struct conf *c,
    struct conf_web_user *w)
{
	const config_setting_t	*list = config_setting_get_member(u,
				    "communes");
	char			*role = member_str(u, "role");
	int			 i, n = list != NULL ?
				    config_setting_length(list) : 0;

	w->line = conf_line_of(e, u);
	w->name = member_str(u, "name");
	w->password_hash = member_str(u, "password_hash");
	if (w->name == NULL)
		w->name = xstrdup("");
	if (!name_ok(w->name))
		conf_err(e, u, "web user \"%s\": a name is 1-%d letters, "
		    "digits, '.', '_' or '-'", w->name, WEB_NAME_MAX);
	if (w->password_hash == NULL || strncmp(w->password_hash, ARGON2ID,
	    strlen(ARGON2ID)) != 0 || strlen(w->password_hash) >=
	    WEB_HASH_MAX)
		conf_err(e, u, "web user \"%s\": password_hash must be an "
		    "argon2id hash (`reportgw passwd` prints one), not a "
		    "password", w->name);
	w->role = WEB_VIEWER;
	for (i = 0; role != NULL && i < 3; i++)
		if (strcmp(role, conf_web_role_names[i]) == 0)
			w->role = (enum conf_web_role)i;
	free(role);
	w->communes.v = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(list,
		    (unsigned)i);

		if (s == NULL)
			continue;
		w->communes.v[w->communes.n++] = xstrdup(s);
		if (strcmp(s, "*") != 0 && conf_commune(c, s) == NULL)
			conf_err(e, list, "web user \"%s\": unknown commune "
			    "\"%s\"", w->name, s);
	}
	if (w->communes.n == 0)
		conf_err(e, u, "web user \"%s\": communes lists none (give "
		    "codes, or \"*\" for all)", w->name);
}

static const char *
setting_file(struct conf_errs *e, const config_setting_t *s)
{
	return conf_file_of(e, s);
}

/* A PEM file next to the config; private: not readable by others. */
static char *
read_pem(struct conf_errs *e, const config_setting_t *g, const char *key,
    int private)
{
	const config_setting_t	*s = config_setting_get_member(g, key);
	const char		*base, *slash, *why = NULL, *name;
	char			*path, *buf = NULL;
	size_t			 len = 0;
	mode_t			 mode = 0;
	int			 rc;

	if (s == NULL)
		return NULL;
	name = config_setting_get_string(s);
	base = setting_file(e, s);
	if (name[0] == '/' || base == NULL || (slash = strrchr(base, '/')) ==
	    NULL)
		path = xstrdup(name);
	else
		path = xasprintf("%.*s/%s", (int)(slash - base), base, name);
	rc = conf_read_file(path, WEB_PEM_MAX, &buf, &len, &mode, &why);
	if (rc != 0)
		conf_err(e, s, "'web.%s': cannot read %s: %s", key, path,
		    rc == -2 ? "too large" : why);
	else if (private && (mode & 077) != 0)
		conf_err(e, s, "'web.%s': %s is readable by group or others "
		    "(mode %04o): chmod 600 it", key, path, (unsigned)mode);
	else if (strstr(buf, "-----BEGIN ") == NULL)
		conf_err(e, s, "'web.%s': %s is not PEM", key, path);
	else {
		free(path);
		return buf;
	}
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	free(path);
	return NULL;
}

/* Whether "host:port" listens on loopback only. */
static int
loopback(const char *listen)
{
	return strncmp(listen, "127.", 4) == 0 ||
	    strncmp(listen, "[::1]:", 6) == 0;
}

void
conf_load_web(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g = config_lookup(cfg, "web"), *us, *tp;
	struct conf_web		*w = &c->web;
	struct in6_addr		 a6;
	struct in_addr		 a4;
	int			 i, n, v;
	size_t			 k;

	w->session_idle = 1800;
	w->session_max = 43200;
	w->login_failures = 5;
	w->lockout = 900;
	w->secure_cookie = 1;
	if (g == NULL)
		return;
	w->configured = 1;
	us = config_setting_get_member(g, "users");
	n = us != NULL ? config_setting_length(us) : 0;
	w->users = xcalloc((size_t)n + 1, sizeof(*w->users));
	for (i = 0; i < n; i++) {
		struct conf_web_user *u = &w->users[w->nusers++];

		load_user(e, config_setting_get_elem(us, (unsigned)i), c, u);
		for (k = 0; k + 1 < w->nusers; k++)
			if (strcmp(w->users[k].name, u->name) == 0)
				conf_err(e, config_setting_get_elem(us,
				    (unsigned)i), "web user \"%s\" is listed "
				    "twice (line %d)", u->name,
				    w->users[k].line);
	}
	if (n == 0)
		conf_err(e, g, "the web group lists no users");
	if (config_setting_lookup_int(g, "session_idle", &v))
		w->session_idle = v;
	if (config_setting_lookup_int(g, "session_max", &v))
		w->session_max = v;
	if (config_setting_lookup_int(g, "login_failures", &v))
		w->login_failures = v;
	if (config_setting_lookup_int(g, "lockout", &v))
		w->lockout = v;
	if (config_setting_lookup_bool(g, "secure_cookie", &v))
		w->secure_cookie = v;
	if (w->session_idle > w->session_max)
		conf_err(e, g, "web.session_idle (%d s) is longer than "
		    "web.session_max (%d s)", w->session_idle, w->session_max);
	w->tls_cert = read_pem(e, g, "tls_cert_file", 0);
	w->tls_key = read_pem(e, g, "tls_key_file", 1);
	if ((config_setting_get_member(g, "tls_cert_file") == NULL) !=
	    (config_setting_get_member(g, "tls_key_file") == NULL))
		conf_err(e, g, "web: give both tls_cert_file and tls_key_file, "
		    "or neither (a reverse proxy then does TLS)");
	tp = config_setting_get_member(g, "trusted_proxies");
	n = tp != NULL ? config_setting_length(tp) : 0;
	w->trusted_proxies.v = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(tp, (unsigned)i);

		if (s == NULL)
			continue;
		if (inet_pton(AF_INET, s, &a4) != 1 &&
		    inet_pton(AF_INET6, s, &a6) != 1)
			conf_err(e, tp, "web.trusted_proxies: \"%s\" is not a "
			    "numeric address", s);
		w->trusted_proxies.v[w->trusted_proxies.n++] = xstrdup(s);
	}
	if (!c->http.configured)
		conf_err(e, g, "the web console needs the http group (it runs "
		    "on its server)");
	else if (w->tls_cert == NULL && !loopback(c->http.listen))
		conf_err(e, g, "the web console would be served in clear on "
		    "%s: give web.tls_cert_file and web.tls_key_file, or "
		    "listen on 127.0.0.1 behind a reverse proxy that does "
		    "TLS", c->http.listen);
	if (!w->secure_cookie && !loopback(c->http.listen))
		conf_err(e, g, "web.secure_cookie = false is for a console on "
		    "loopback only");
}

void
conf_free_web(struct conf *c)
{
	struct conf_web	*w = &c->web;
	size_t		 i, k;

	for (i = 0; i < w->nusers; i++) {
		free(w->users[i].name);
		if (w->users[i].password_hash != NULL)
			explicit_bzero(w->users[i].password_hash,
			    strlen(w->users[i].password_hash));
		free(w->users[i].password_hash);
		for (k = 0; k < w->users[i].communes.n; k++)
			free(w->users[i].communes.v[k]);
		free(w->users[i].communes.v);
	}
	free(w->users);
	free(w->tls_cert);
	if (w->tls_key != NULL)
		explicit_bzero(w->tls_key, strlen(w->tls_key));
	free(w->tls_key);
	for (i = 0; i < w->trusted_proxies.n; i++)
		free(w->trusted_proxies.v[i]);
	free(w->trusted_proxies.v);
}

const struct conf_web_user *
conf_web_user(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->web.nusers; i++)
		if (strcmp(c->web.users[i].name, name) == 0)
			return &c->web.users[i];
	return NULL;
}

int
conf_web_covers(const struct conf_web_user *u, const char *commune)
{
	size_t i;

	for (i = 0; i < u->communes.n; i++)
		if (strcmp(u->communes.v[i], "*") == 0 ||
		    strcmp(u->communes.v[i], commune) == 0)
			return 1;
	return 0;
}
