/*
 * Warnings about a config that loads but is not fit for production: a
 * relative database path, the demo's secrets and addresses left in, and
 * labels the printed card needs (reportgw card refuses without them).
 * `reportgw check` prints them as "file:line: warning: ..."; they never
 * stop a load.
 */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card_labels.h"
#include "conf.h"
#include "errs.h"

#define DEMO_SECRET	"demo-not-secret"	/* what the demo's files hold */
#define DEMO_FILE	"demo-"			/* how they are named */
#define DEMO_FAKE_PORT	8901			/* scripts/fake-provider */
#define DEMO_SMTP_PORT	8925			/* scripts/smtp-server */

/* Whether url's host is this machine; *port gets its port or -1. */
static int
loopback(const char *url, long *port)
{
	const char	*h = strstr(url, "://"), *p;
	size_t		 len;
	char		*end;

	*port = -1;
	if (h == NULL)
		return 0;
	h += 3;
	if (*h == '[') {
		p = strchr(h, ']');
		if (p == NULL)
			return 0;
		len = (size_t)(p - h) + 1;
		p++;
	} else {
		len = strcspn(h, ":/?#");
		p = h + len;
	}
	if (*p == ':')
		*port = strtol(p + 1, &end, 10);
	return (len == 9 && strncmp(h, "localhost", len) == 0) ||
	    (len == 5 && strncmp(h, "[::1]", len) == 0) ||
	    (len > 4 && strncmp(h, "127.", 4) == 0);
}

static void
warn_url(struct conf_errs *w, const config_t *cfg, const char *path,
    int any_loopback, long demo_port, const char *what)
{
	const config_setting_t	*s = config_lookup(cfg, path);
	const char		*url;
	long			 port;

	if (s == NULL || (url = config_setting_get_string(s)) == NULL ||
	    !loopback(url, &port))
		return;
	if (port == demo_port)
		conf_err(w, s, "warning: %s \"%s\" is the demo's %s; give "
		    "the real one", path, url, what);
	else if (any_loopback)
		conf_err(w, s, "warning: %s \"%s\" is on this machine: the "
		    "demo's %s?", path, url, what);
}

static void
warn_secret(struct conf_errs *w, const config_t *cfg, const char *group,
    const char *key, const char *value)
{
	const config_setting_t	*g = config_lookup(cfg, group), *s;
	const char		*file, *base;
	char			 name[64];

	if (g == NULL)
		return;
	snprintf(name, sizeof(name), "%s_file", key);
	if ((s = config_setting_get_member(g, name)) != NULL &&
	    (file = config_setting_get_string(s)) != NULL) {
		base = strrchr(file, '/');
		base = base != NULL ? base + 1 : file;
		if (strncmp(base, DEMO_FILE, strlen(DEMO_FILE)) == 0) {
			conf_err(w, s, "warning: %s.%s \"%s\" is a demo "
			    "secret file; make your own", group, name, file);
			return;
		}
	} else
		s = config_setting_get_member(g, key);
	if (s != NULL && value != NULL &&
	    strncmp(value, DEMO_SECRET, strlen(DEMO_SECRET)) == 0)
		conf_err(w, s, "warning: %s.%s is the demo's secret; make "
		    "your own", group, key);
}

/* The card's labels (card_labels.h) that labels.conf lacks. */
static void
warn_card_labels(struct conf_errs *w, const config_t *cfg)
{
#define CARD_LABEL_NAME(name)	#name,
	static const char *const need[] = { CARD_LABELS(CARD_LABEL_NAME)
				    NULL };
#undef CARD_LABEL_NAME
	const config_setting_t	*g = config_lookup(cfg, "labels");
	int			 i;

	for (i = 0; g != NULL && need[i] != NULL; i++)
		if (config_setting_get_member(g, need[i]) == NULL)
			conf_err(w, g, "warning: labels.%s is missing: "
			    "reportgw card needs it (see the sample "
			    "labels.conf)", need[i]);
}

void
conf_warn(struct conf_errs *w, const config_t *cfg, const struct conf *c)
{
	const config_setting_t	*s = config_lookup(cfg, "database");
	int			 kannel;

	if (s != NULL && c->database != NULL && c->database[0] != '/')
		conf_err(w, s, "warning: database \"%s\" is relative: it "
		    "depends on the folder the daemon starts in; give an "
		    "absolute path", c->database);
	warn_secret(w, cfg, "provider", "api_key", c->provider.api_key);
	warn_secret(w, cfg, "http", "token", c->http.token);
	warn_secret(w, cfg, "smtp", "password", c->smtp.password);
	/* Kannel's bearerbox is at home on loopback; the others are not */
	kannel = c->provider.type != NULL &&
	    strcmp(c->provider.type, "kannel") == 0;
	warn_url(w, cfg, "provider.url", !kannel, DEMO_FAKE_PORT,
	    "fake provider");
	warn_url(w, cfg, "provider.generic.list_url", 1, DEMO_FAKE_PORT,
	    "fake provider");
	warn_url(w, cfg, "provider.generic.send_url", 1, DEMO_FAKE_PORT,
	    "fake provider");
	warn_url(w, cfg, "smtp.url", 0, DEMO_SMTP_PORT, "SMTP server");
	warn_card_labels(w, cfg);
}
