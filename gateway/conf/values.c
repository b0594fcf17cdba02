/*
 * Values libconfig accepts and the daemon could not use: secrets that are
 * not one line of text in a regular private file, a listen address that
 * is not numeric, a mail server reached in clear over the network, e-mail
 * addresses that would break an SMTP command or a header.  Each is
 * refused by `reportgw check` with the file and line of the setting.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "errs.h"
#include "source.h"
#include "values.h"
#include "xmalloc.h"

#define ADDR_MAX	254	/* bytes of an e-mail address */

/* NULL when s[0..len) is one line of printable text, else the problem. */
static const char *
secret_problem(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return "is empty";
	for (i = 0; i < len; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return "holds more than one line";
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "holds a control character";
	return NULL;
}

static char *
resolve(const char *base, const char *path)
{
	const char *slash;

	if (path[0] == '/' || base == NULL ||
	    (slash = strrchr(base, '/')) == NULL)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - base), base, path);
}

char *
conf_secret_file(struct conf_errs *e, const config_setting_t *fs,
    const char *key)
{
	char		*path, *buf = NULL, *out = NULL;
	const char	*why = NULL;
	size_t		 len = 0;
	mode_t		 mode = 0;
	int		 rc;

	path = resolve(conf_file_of(e, fs), config_setting_get_string(fs));
	rc = conf_read_file(path, CONF_SECRET_MAX, &buf, &len, &mode, &why);
	if (rc == -1 && strcmp(why, "not a regular file") == 0)
		conf_err(e, fs, "secret file %s is not a regular file", path);
	else if (rc == -1)
		conf_err(e, fs, "'%s': cannot read %s: %s", key, path, why);
	else if ((mode & 077) != 0)
		conf_err(e, fs, "'%s': secret file %s is readable by group or "
		    "others (mode %04o): chmod 600 it", key, path,
		    (unsigned)mode);
	else if (rc == -2)
		conf_err(e, fs, "secret file %s is longer than %d bytes", path,
		    CONF_SECRET_MAX);
	else {
		/* one line: a single trailing newline (LF or CRLF) is fine */
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
		if ((why = secret_problem(buf, len)) != NULL)
			conf_err(e, fs, "secret file %s %s", path, why);
		else
			out = xstrndup(buf, len);
	}
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	free(path);
	return out;
}

int
conf_secret_inline(struct conf_errs *e, const config_setting_t *s,
    const char *key)
{
	const char		*v = config_setting_get_string(s);
	const char		*why;
	const struct conf_file	*f = NULL;
	int			 line;

	if (e->src != NULL)
		f = conf_src_where(e->src, (int)config_setting_source_line(s),
		    &line);
	if (f != NULL && f->real && (f->mode & 077) != 0) {
		conf_err(e, s, "'%s' is a secret, but %s is readable by group "
		    "or others (mode %04o): chmod 600 it, or use '%s_file'",
		    key, f->path, (unsigned)f->mode, config_setting_name(s));
		return -1;
	}
	if ((why = secret_problem(v, strlen(v))) != NULL) {
		conf_err(e, s, "'%s' %s", key, why);
		return -1;
	}
	return 0;
}

/* "host:port" or "[v6]:port", numeric, as the daemon binds it. */
static void
check_listen(struct conf_errs *e, const config_setting_t *s)
{
	const char	*v = config_setting_get_string(s);
	const char	*colon = strrchr(v, ':'), *port;
	char		 host[128];
	unsigned char	 addr[sizeof(struct in6_addr)];
	size_t		 n;
	long		 p;
	char		*end;

	if (colon == NULL || colon == v) {
		conf_err(e, s, "'http.listen' must be a numeric address and "
		    "a port (e.g. 127.0.0.1:8080 or [::1]:8080), not \"%.64s\"",
		    v);
		return;
	}
	n = (size_t)(colon - v);
	if (v[0] == '[' && n >= 2 && v[n - 1] == ']') {
		v++;
		n -= 2;
	}
	if (n < sizeof(host)) {
		memcpy(host, v, n);
		host[n] = '\0';
	}
	if (n >= sizeof(host) || (inet_pton(AF_INET, host, addr) != 1 &&
	    inet_pton(AF_INET6, host, addr) != 1)) {
		conf_err(e, s, "'http.listen' must be a numeric address and "
		    "a port (e.g. 127.0.0.1:8080 or [::1]:8080), not \"%.64s\"",
		    config_setting_get_string(s));
		return;
	}
	port = colon + 1;
	p = strtol(port, &end, 10);
	if (*port < '0' || *port > '9' || *end != '\0' || p < 1 || p > 65535)
		conf_err(e, s, *port >= '0' && *port <= '9' &&
		    strspn(port, "0123456789") == strlen(port) ?
		    "'http.listen': port %.16s is not between 1 and 65535" :
		    "'http.listen': port \"%.16s\" is not between 1 and 65535",
		    port);
}

/* user@host, nothing an SMTP command or a header would choke on. */
static int
address_plain(const char *a)
{
	const char	*at = strrchr(a, '@');
	size_t		 i, n = strlen(a);

	if (n == 0 || n >= ADDR_MAX || at == NULL || at == a || at[1] == '\0')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] <= 0x20 || a[i] == 0x7f ||
		    strchr("<>,;\"\\", a[i]) != NULL)
			return 0;
	return 1;
}

static void
check_addresses(struct conf_errs *e, const config_setting_t *s,
    const char *key)
{
	int i, n;

	if (s == NULL)
		return;
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		const char *a = config_setting_get_string_elem(s, (unsigned)i);

		if (a != NULL && !address_plain(a)) {
			conf_err(e, s, "'%s' must hold plain addresses "
			    "(user@host: no spaces, control characters or "
			    "<>,;\"), not its element %d", key, i + 1);
			return;
		}
	}
}

static int
loopback(const char *host)
{
	struct in_addr	a4;
	struct in6_addr	a6;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &a6) == 1 &&
	    IN6_IS_ADDR_LOOPBACK(&a6);
}

/* smtp://HOST[:PORT] or smtps://...; "off" only towards loopback. */
static void
check_smtp(struct conf_errs *e, const config_setting_t *g)
{
	const config_setting_t	*u = config_setting_get_member(g, "url");
	const config_setting_t	*t = config_setting_get_member(g, "tls");
	const char		*v, *h, *end, *at;
	char			 host[256];
	size_t			 i, n;
	int			 clear;

	if (u == NULL || config_setting_type(u) != CONFIG_TYPE_STRING)
		return;
	v = config_setting_get_string(u);
	clear = strncasecmp(v, "smtp://", 7) == 0;
	h = clear ? v + 7 : strncasecmp(v, "smtps://", 8) == 0 ? v + 8 : NULL;
	for (i = 0; h != NULL && v[i] != '\0'; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == 0x7f)
			h = NULL;
	if (h != NULL) {
		end = h + strcspn(h, "/?#");
		/* user:password@ before the host */
		for (at = end; at > h && at[-1] != '@'; at--)
			;
		if (at > h)
			h = at;
		if (*h == '[') {
			n = strcspn(h + 1, "]");
			h++;
		} else
			n = strcspn(h, ":/?#");
		if (n == 0 || n >= sizeof(host) || h + n > end)
			h = NULL;
	}
	if (h == NULL) {
		conf_err(e, u, "'smtp.url' must be smtp://HOST[:PORT] or "
		    "smtps://HOST[:PORT], not \"%.64s\"", v);
		return;
	}
	memcpy(host, h, n);
	host[n] = '\0';
	if (clear && t != NULL && config_setting_type(t) == CONFIG_TYPE_STRING &&
	    strcmp(config_setting_get_string(t), "off") == 0 &&
	    !loopback(host))
		conf_err(e, t, "'smtp.tls' is \"off\" but %s is not on "
		    "loopback: the password and the mail would cross the "
		    "network in clear (\"off\" only for 127.0.0.0/8, ::1 or "
		    "localhost; else \"required\")", host);
}

void
conf_check_values(struct conf_errs *e, const config_t *cfg)
{
	const config_setting_t	*g;
	const char		*s;
	int			 i, n;

	if ((g = config_lookup(cfg, "http.listen")) != NULL)
		check_listen(e, g);
	if ((g = config_lookup(cfg, "smtp")) != NULL)
		check_smtp(e, g);
	if (config_lookup_string(cfg, "smtp.from", &s) && !address_plain(s))
		conf_err(e, config_lookup(cfg, "smtp.from"), "'smtp.from' must "
		    "be one plain address (user@host: no spaces, control "
		    "characters or <>,;\")");
	check_addresses(e, config_lookup(cfg, "alerts.to"), "alerts.to");
	g = config_lookup(cfg, "officers");
	n = g != NULL ? config_setting_length(g) : 0;
	for (i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_member(
		    config_setting_get_elem(g, (unsigned)i), "email");

		if (m != NULL && config_setting_type(m) == CONFIG_TYPE_STRING &&
		    !address_plain(config_setting_get_string(m)))
			conf_err(e, m, "'officers.[].email' must be one plain "
			    "address (user@host: no spaces, control "
			    "characters or <>,;\")");
	}
	g = config_lookup(cfg, "digest.groups");
	n = g != NULL ? config_setting_length(g) : 0;
	for (i = 0; i < n; i++)
		check_addresses(e, config_setting_get_member(
		    config_setting_get_elem(g, (unsigned)i), "to"),
		    "digest.groups.[].to");
}
