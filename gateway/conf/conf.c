/*
 * Configuration loading: parse with libconfig, validate every setting
 * against the key table (unknown keys, types, enums, ranges, required
 * keys, secrets), then copy what we need into a struct conf.  All problems
 * are collected and reported together as "file:line: message".
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "conf.h"
#include "drivers.h"
#include "errs.h"
#include "keys.h"
#include "labels.h"
#include "report_labels.h"
#include "web_labels.h"
#include "phone.h"
#include "report_conf.h"
#include "source.h"
#include "validate.h"
#include "values.h"
#include "xmalloc.h"


/* ---- extraction --------------------------------------------------------- */

/* The key's default as the table gives it. */
static const char *
default_of(const char *pattern)
{
	const struct conf_key *k = conf_key_find(pattern);

	return k != NULL ? k->def : NULL;
}

/* A string member of group g, or the default of key `pattern`. */
static char *
get_str(const config_setting_t *g, const char *name, const char *pattern)
{
	const char *s;

	if (g != NULL && config_setting_lookup_string(g, name, &s))
		return xstrdup(s);
	s = default_of(pattern);
	return s != NULL ? xstrdup(s) : NULL;
}

static int
get_int(const config_setting_t *g, const char *name, const char *pattern)
{
	int		 v;
	const char	*d;

	if (g != NULL && config_setting_lookup_int(g, name, &v))
		return v;
	d = default_of(pattern);
	return d != NULL ? (int)strtol(d, NULL, 10) : 0;
}

static int
get_bool(const config_setting_t *g, const char *name, const char *pattern)
{
	int		 v;
	const char	*d;

	if (g != NULL && config_setting_lookup_bool(g, name, &v))
		return v;
	d = default_of(pattern);
	return d != NULL && strcmp(d, "true") == 0;
}

static void
get_strings(const config_setting_t *g, const char *name, const char *def,
    struct conf_strings *out)
{
	const config_setting_t	*list = g != NULL ?
				    config_setting_get_member(g, name) : NULL;
	int			 i, n;

	out->n = 0;
	out->v = NULL;
	if (list == NULL) {
		if (def != NULL) {
			out->v = xcalloc(1, sizeof(char *));
			out->v[out->n++] = xstrdup(def);
		}
		return;
	}
	n = config_setting_length(list);
	out->v = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(list,
		    (unsigned)i);

		if (s != NULL)
			out->v[out->n++] = xstrdup(s);
	}
}

static void
free_strings(struct conf_strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* A secret: inline, or from the *_file (checked by validation already). */
static char *
get_secret(struct conf_errs *e, const config_setting_t *g, const char *name)
{
	char			 key[64];
	const char		*s;
	const config_setting_t	*fs;

	if (g == NULL)
		return NULL;
	if (config_setting_lookup_string(g, name, &s))
		return xstrdup(s);
	snprintf(key, sizeof(key), "%s_file", name);
	if ((fs = config_setting_get_member(g, key)) == NULL)
		return NULL;
	return conf_secret_file(e, fs, key);
}

static int
code_ok(const char *s)
{
	size_t	i;
	int	digit = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else if (!(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	}
	return i > 0 && i < CB_WORD_MAX && digit;
}

static void
load_areas(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*areas = config_lookup(cfg, "areas");
	int			 i, j, n = areas != NULL ?
				    config_setting_length(areas) : 0;
	const char		*err;

	c->communes = xcalloc((size_t)n + 1, sizeof(*c->communes));
	for (i = 0; i < n; i++) {
		const config_setting_t	*a = config_setting_get_elem(areas,
					    (unsigned)i);
		const config_setting_t	*vs = config_setting_get_member(a,
					    "villages");
		struct conf_commune	*cm = &c->communes[c->ncommunes];
		int			 nv = vs != NULL ?
					    config_setting_length(vs) : 0;

		cm->code = get_str(a, "code", "areas.[].code");
		cm->name = get_str(a, "name", "areas.[].name");
		cm->group = get_str(a, "group", "areas.[].group");
		cm->line = conf_line_of(e, a);
		c->ncommunes++;
		if (conf_commune(c, cm->code) != cm)
			conf_err(e, a, "commune code \"%s\" is used twice",
			    cm->code);
		c->villages = xreallocarray(c->villages,
		    c->nvillages + (size_t)nv + 1, sizeof(*c->villages));
		for (j = 0; j < nv; j++) {
			const config_setting_t	*v = config_setting_get_elem(vs,
						    (unsigned)j);
			struct conf_village	*vl = &c->villages[c->nvillages];

			vl->code = get_str(v, "code", "areas.[].villages.[].code");
			vl->name = get_str(v, "name", "areas.[].villages.[].name");
			vl->commune = xstrdup(cm->code);
			vl->group = cm->group != NULL ? xstrdup(cm->group) : NULL;
			vl->line = conf_line_of(e, v);
			c->nvillages++;
			if (!code_ok(vl->code)) {
				conf_err(e, v, "village code \"%s\" must be "
				    "capital letters and digits, with a digit "
				    "(e.g. BAD01)", vl->code);
				continue;
			}
			if (codebook_add_village(c->codebook, vl->code,
			    &err) == -1)
				conf_err(e, v, "village \"%s\": %s", vl->code,
				    err);
		}
	}
}

static void
load_reporters(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*rs = config_lookup(cfg, "reporters");
	int			 i, n = rs != NULL ? config_setting_length(rs) : 0;
	size_t			 k;

	c->reporters = xcalloc((size_t)n + 1, sizeof(*c->reporters));
	for (i = 0; i < n; i++) {
		const config_setting_t	*r = config_setting_get_elem(rs,
					    (unsigned)i);
		struct conf_reporter	*rp = &c->reporters[c->nreporters];
		char			 e164[PHONE_MAX];
		char			*raw = get_str(r, "phone",
					    "reporters.[].phone");
		const struct conf_village *v;

		rp->name = get_str(r, "name", "reporters.[].name");
		rp->village = get_str(r, "village", "reporters.[].village");
		rp->commune = get_str(r, "commune", "reporters.[].commune");
		rp->line = conf_line_of(e, r);
		rp->file = xstrdup(conf_file_of(e, r) != NULL ?
		    conf_file_of(e, r) : "?");
		if (phone_normalize(raw, c->country_code, e164) == -1) {
			conf_err(e, r, "reporter phone \"%s\" is not a phone "
			    "number", raw);
			e164[0] = '\0';
		}
		free(raw);
		rp->phone = xstrdup(e164);
		c->nreporters++;
		if (rp->village != NULL) {
			if ((v = conf_village(c, rp->village)) == NULL)
				conf_err(e, r, "reporter %s: unknown village "
				    "\"%s\"", rp->phone, rp->village);
			else if (rp->commune != NULL &&
			    strcmp(rp->commune, v->commune) != 0)
				conf_err(e, r, "reporter %s: village %s is not "
				    "in commune %s", rp->phone, rp->village,
				    rp->commune);
			else if (rp->commune == NULL)
				rp->commune = xstrdup(v->commune);
		} else if (rp->commune == NULL)
			conf_err(e, r, "reporter %s needs a village or a "
			    "commune", rp->phone);
		else if (conf_commune(c, rp->commune) == NULL)
			conf_err(e, r, "reporter %s: unknown commune \"%s\"",
			    rp->phone, rp->commune);
		for (k = 0; k + 1 < c->nreporters && e164[0] != '\0'; k++)
			if (strcmp(c->reporters[k].phone, rp->phone) == 0)
				conf_err(e, r, "reporter %s is listed twice "
				    "(line %d)", rp->phone,
				    c->reporters[k].line);
	}
}

/* The driver types that need provider.url (drivers.h). */
#define DRIVER_NEEDS_URL(name, url)	{ #name, url },
static const struct {
	const char	*type;
	int		 url;
} driver_urls[] = {
	PROVIDER_DRIVERS(DRIVER_NEEDS_URL)
};

static int
needs_url(const char *type)
{
	size_t i;

	for (i = 0; type != NULL &&
	    i < sizeof(driver_urls) / sizeof(driver_urls[0]); i++)
		if (strcmp(driver_urls[i].type, type) == 0)
			return driver_urls[i].url;
	return 0;	/* an unknown type is reported by the key check */
}

static void
load_provider(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*p = config_lookup(cfg, "provider");
	const config_setting_t	*g = p != NULL ?
				    config_setting_get_member(p, "generic") :
				    NULL;
	struct conf_provider	*pv = &c->provider;
	struct conf_generic	*gn = &pv->generic;

	pv->configured = p != NULL;
	pv->type = get_str(p, "type", "provider.type");
	pv->url = get_str(p, "url", "provider.url");
	pv->username = get_str(p, "username", "provider.username");
	pv->api_key = get_secret(e, p, "api_key");
	pv->sender = get_str(p, "sender", "provider.sender");
	pv->poll_interval = get_int(p, "poll_interval",
	    "provider.poll_interval");
	pv->timeout = get_int(p, "timeout", "provider.timeout");
	pv->batch = get_int(p, "batch", "provider.batch");
	pv->max_in_flight = get_int(p, "max_in_flight",
	    "provider.max_in_flight");
	pv->max_per_second = get_int(p, "max_per_second",
	    "provider.max_per_second");
	gn->list_url = get_str(g, "list_url", "provider.generic.list_url");
	gn->messages = get_str(g, "messages", "provider.generic.messages");
	gn->id = get_str(g, "id", "provider.generic.id");
	gn->from = get_str(g, "from", "provider.generic.from");
	gn->to = get_str(g, "to", "provider.generic.to");
	gn->text = get_str(g, "text", "provider.generic.text");
	gn->time = get_str(g, "time", "provider.generic.time");
	gn->time_format = get_str(g, "time_format",
	    "provider.generic.time_format");
	gn->cursor_param = get_str(g, "cursor_param",
	    "provider.generic.cursor_param");
	gn->cursor_field = get_str(g, "cursor_field",
	    "provider.generic.cursor_field");
	gn->order = get_str(g, "order", "provider.generic.order");
	gn->auth = get_str(g, "auth", "provider.generic.auth");
	gn->auth_header = get_str(g, "auth_header",
	    "provider.generic.auth_header");
	gn->send_url = get_str(g, "send_url", "provider.generic.send_url");
	gn->send_body = get_str(g, "send_body", "provider.generic.send_body");
	gn->send_ok_status = get_int(g, "send_ok_status",
	    "provider.generic.send_ok_status");
	if (pv->configured && pv->url == NULL && needs_url(pv->type))
		conf_err(e, p, "missing required key 'provider.url'");
}

/* Labels the e-mails and the web console cannot do without: the lists
 * are the digest's, the periodic reports' and the console's. */
#define LABEL_NAME(name)	#name,
static const char *const required_labels[] = {
	EMAIL_LABELS(LABEL_NAME)
	REPORT_LABELS(LABEL_NAME)
	WEB_LABELS(LABEL_NAME)
	NULL
};
#undef LABEL_NAME

static void
load_labels(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g = config_lookup(cfg, "labels");
	int			 i, n = g != NULL ? config_setting_length(g) : 0;

	c->label_names.v = xcalloc((size_t)n + 1, sizeof(char *));
	c->label_values.v = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const config_setting_t *l = config_setting_get_elem(g,
		    (unsigned)i);

		c->label_names.v[c->label_names.n++] =
		    xstrdup(config_setting_name(l));
		c->label_values.v[c->label_values.n++] =
		    xstrdup(config_setting_get_string(l));
	}
	for (i = 0; g != NULL && required_labels[i] != NULL; i++)
		if (config_setting_get_member(g, required_labels[i]) == NULL)
			conf_err(e, g, "missing required key 'labels.%s'",
			    required_labels[i]);
}

const char *
conf_label(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->label_names.n; i++)
		if (strcmp(c->label_names.v[i], name) == 0)
			return c->label_values.v[i];
	return name;
}

static void
load_reminders(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g = config_lookup(cfg, "reminders");
	char			*t;
	size_t			 i;
	int			 k;

	c->reminders.weekly = get_bool(g, "weekly", "reminders.weekly");
	c->reminders.monthly = get_bool(g, "monthly", "reminders.monthly");
	c->reminders.weekly_day = get_int(g, "weekly_day",
	    "reminders.weekly_day");
	c->reminders.monthly_day = get_int(g, "monthly_day",
	    "reminders.monthly_day");
	c->reminders.village_summary = get_bool(g, "village_summary",
	    "reminders.village_summary");
	t = get_str(g, "village_summary_time", "reminders.village_summary_time");
	conf_valid_time(t, &c->reminders.village_summary_hour,
	    &c->reminders.village_summary_minute);
	free(t);
	t = get_str(g, "weekly_time", "reminders.weekly_time");
	conf_valid_time(t, &c->reminders.weekly_hour, &c->reminders.weekly_minute);
	free(t);
	t = get_str(g, "monthly_time", "reminders.monthly_time");
	conf_valid_time(t, &c->reminders.monthly_hour,
	    &c->reminders.monthly_minute);
	free(t);
	if (g != NULL && config_setting_get_member(g, "monthly_codes") != NULL)
		get_strings(g, "monthly_codes", NULL,
		    &c->reminders.monthly_codes);
	else {
		/* the code book says which codes are expected every month */
		c->reminders.monthly_codes.v = xcalloc((size_t)
		    c->codebook->ncodes + 1, sizeof(char *));
		for (k = 0; k < c->codebook->ncodes; k++)
			if (c->codebook->codes[k].remind)
				c->reminders.monthly_codes.v[
				    c->reminders.monthly_codes.n++] =
				    xstrdup(c->codebook->codes[k].code);
	}
	for (i = 0; i < c->reminders.monthly_codes.n; i++) {
		const struct cb_code *code = codebook_find(c->codebook,
		    c->reminders.monthly_codes.v[i]);

		if (code == NULL || code->kind != CB_COVERAGE)
			conf_err(e, g, "reminders.monthly_codes: \"%s\" is not "
			    "a coverage code", c->reminders.monthly_codes.v[i]);
	}
}

static int
phone_like(const char *s)
{
	return s[0] != '\0' && s[strspn(s, "+0123456789 ")] == '\0';
}

/* The USSD code and the number printed on the card. */
static void
load_card(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	c->ussd_code = get_str(config_lookup(cfg, "ussd"), "code",
	    "ussd.code");
	if (c->ussd_code != NULL && (c->ussd_code[0] == '\0' ||
	    c->ussd_code[strspn(c->ussd_code, "0123456789*#")] != '\0'))
		conf_err(e, config_lookup(cfg, "ussd.code"), "ussd.code \"%s\" "
		    "is not a USSD code (digits, * and #, e.g. \"*384*77#\")",
		    c->ussd_code);
	c->card_number = get_str(config_lookup(cfg, "card"), "number",
	    "card.number");
	if (c->card_number != NULL && !phone_like(c->card_number))
		conf_err(e, config_lookup(cfg, "card.number"), "card.number "
		    "\"%s\" is not a phone number", c->card_number);
	/* a sender id of letters is no number to write to */
	if (c->card_number == NULL && c->provider.sender != NULL &&
	    phone_like(c->provider.sender))
		c->card_number = xstrdup(c->provider.sender);
}

static void
load_rest(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g;
	const char		*s;
	char			*reg, *tls;
	char			 zone[512];
	int			 i, n;

	c->database = get_str(config_root_setting(cfg), "database", "database");
	c->timezone = get_str(config_root_setting(cfg), "timezone", "timezone");
	c->user = get_str(config_root_setting(cfg), "user", "user");
	snprintf(zone, sizeof(zone), "/usr/share/zoneinfo/%s", c->timezone);
	if (c->timezone[0] == '/' || strstr(c->timezone, "..") != NULL ||
	    access(zone, R_OK) == -1)
		conf_err(e, config_lookup(cfg, "timezone"), "unknown time "
		    "zone \"%s\" (want e.g. \"Asia/Ho_Chi_Minh\")",
		    c->timezone);
	reg = get_str(config_root_setting(cfg), "registration",
	    "registration");
	c->registration = strcmp(reg, "open") == 0 ? REG_OPEN :
	    strcmp(reg, "closed") == 0 ? REG_CLOSED : REG_APPROVAL;
	free(reg);

	load_provider(e, cfg, c);
	load_card(e, cfg, c);

	g = config_lookup(cfg, "http");
	c->http.configured = g != NULL;
	c->http.listen = get_str(g, "listen", "http.listen");
	c->http.token = get_secret(e, g, "token");
	if (g != NULL && c->http.token == NULL)
		conf_err(e, g, "the http group needs 'token' or 'token_file'");
	else if (c->http.token != NULL && strlen(c->http.token) < 16)
		conf_err(e, g, "the http token is too short: use at least 16 "
		    "random characters");
	c->http.threads = get_int(g, "threads", "http.threads");
	c->http.max_connections = get_int(g, "max_connections",
	    "http.max_connections");
	c->http.per_ip_limit = get_int(g, "per_ip_limit", "http.per_ip_limit");
	c->http.timeout = get_int(g, "timeout", "http.timeout");
	{
		const config_setting_t *w = g != NULL ?
		    config_setting_get_member(g, "webhook") : NULL;

		c->http.webhook.id = get_str(w, "id", "http.webhook.id");
		c->http.webhook.from = get_str(w, "from", "http.webhook.from");
		c->http.webhook.to = get_str(w, "to", "http.webhook.to");
		c->http.webhook.text = get_str(w, "text", "http.webhook.text");
		c->http.webhook.time = get_str(w, "time", "http.webhook.time");
		c->http.webhook.time_format = get_str(w, "time_format",
		    "http.webhook.time_format");
	}

	g = config_lookup(cfg, "smtp");
	c->smtp.configured = g != NULL;
	c->smtp.url = get_str(g, "url", "smtp.url");
	c->smtp.from = get_str(g, "from", "smtp.from");
	c->smtp.username = get_str(g, "username", "smtp.username");
	c->smtp.password = get_secret(e, g, "password");
	tls = get_str(g, "tls", "smtp.tls");
	c->smtp.tls = strcmp(tls, "off") == 0 ? TLS_OFF :
	    strcmp(tls, "try") == 0 ? TLS_TRY : TLS_REQUIRED;
	free(tls);
	c->smtp.timeout = get_int(g, "timeout", "smtp.timeout");
	c->smtp.ca_file = get_str(g, "ca_file", "smtp.ca_file");

	g = config_lookup(cfg, "digest");
	c->digest.time = get_str(g, "time", "digest.time");
	conf_valid_time(c->digest.time, &c->digest.hour, &c->digest.minute);
	g = config_lookup(cfg, "digest.groups");
	n = g != NULL ? config_setting_length(g) : 0;
	c->digest.groups = xcalloc((size_t)n + 1, sizeof(*c->digest.groups));
	for (i = 0; i < n; i++) {
		const config_setting_t	*dg = config_setting_get_elem(g,
					    (unsigned)i);
		struct conf_digest_group *d = &c->digest.groups[i];
		size_t			 k;

		d->name = get_str(dg, "name", "digest.groups.[].name");
		get_strings(dg, "communes", "*", &d->communes);
		get_strings(dg, "to", NULL, &d->to);
		c->digest.ngroups++;
		for (k = 0; k < d->communes.n; k++)
			if (strcmp(d->communes.v[k], "*") != 0 &&
			    conf_commune(c, d->communes.v[k]) == NULL)
				conf_err(e, dg, "digest group \"%s\": unknown "
				    "commune \"%s\"", d->name,
				    d->communes.v[k]);
	}
	g = config_lookup(cfg, "alerts");
	get_strings(g, "to", NULL, &c->alerts.to);
	get_strings(g, "sms", NULL, &c->alerts.sms);
	for (i = 0; i < (int)c->alerts.sms.n; i++) {
		char e164[PHONE_MAX];

		if (phone_normalize(c->alerts.sms.v[i], c->country_code,
		    e164) == -1)
			conf_err(e, config_lookup(cfg, "alerts.sms"), "alert "
			    "phone \"%s\" is not a phone number",
			    c->alerts.sms.v[i]);
		else {
			free(c->alerts.sms.v[i]);
			c->alerts.sms.v[i] = xstrdup(e164);
		}
	}
	g = config_lookup(cfg, "limits");
	c->limits.replies_per_hour = get_int(g, "replies_per_hour",
	    "limits.replies_per_hour");
	c->limits.identical_per_hour = get_int(g, "identical_per_hour",
	    "limits.identical_per_hour");
	c->limits.unknown_per_day = get_int(g, "unknown_per_day",
	    "limits.unknown_per_day");
	if (config_lookup_string(cfg, "country_code", &s) &&
	    (strlen(s) > 3 || strspn(s, "0123456789") != strlen(s) ||
	    *s == '\0'))
		conf_err(e, config_lookup(cfg, "country_code"),
		    "country_code must be 1-3 digits, not \"%s\"", s);
}

static int
load(config_t *cfg, struct conf_errs *e, struct conf **out, char **errstr)
{
	struct conf		*c;
	struct conf_errs	 w = { 0 };
	const config_setting_t	*cbs;

	conf_validate(e, config_root_setting(cfg));
	if (e->unknown > CONF_UNKNOWN_MAX)
		conf_err_at(e, e->more_file, e->more_line, "... and %d more "
		    "unknown keys", e->unknown - CONF_UNKNOWN_MAX);
	if (e->count == 0)
		conf_check_values(e, cfg);
	if (e->count > 0) {
		*errstr = e->buf;
		return -1;
	}
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(e->name);
	c->country_code = get_str(config_root_setting(cfg), "country_code",
	    "country_code");
	if ((c->codebook = codebook_new()) == NULL) {
		free(c);
		*errstr = xstrdup("out of memory\n");
		return -1;
	}
	cbs = config_lookup(cfg, "codebook");
	codebook_from_config(cbs, c->codebook, e);
	load_areas(e, cfg, c);
	load_reporters(e, cfg, c);
	load_rest(e, cfg, c);
	load_labels(e, cfg, c);
	load_reminders(e, cfg, c);
	conf_load_reports(e, cfg, c);
	conf_load_officers(e, cfg, c);
	conf_load_web(e, cfg, c);
	if (e->count > 0) {
		conf_free(c);
		*errstr = e->buf;
		return -1;
	}
	w.name = e->name;
	w.src = e->src;
	conf_warn(&w, cfg, c);
	conf_warn_officers(&w, cfg, c);
	c->warnings = w.buf;
	*out = c;
	*errstr = NULL;
	return 0;
}

/*
 * Parses the expanded text (gateway/conf/source.c) and loads it.  libconfig
 * sees one text and opens no file: the map names the file and line of
 * each setting and of a syntax error.
 */
static int
parse(struct conf_src *src, struct conf_errs *e, struct conf **out,
    char **errstr)
{
	config_t		 cfg;
	const struct conf_file	*f;
	int			 rc, line;

	e->src = src;
	config_init(&cfg);
	config_set_options(&cfg, 0);
	if (config_read_string(&cfg, src->text) != CONFIG_TRUE) {
		f = conf_src_where(src, config_error_line(&cfg), &line);
		conf_err_at(e, f != NULL ? f->path : e->name, line, "%s",
		    config_error_text(&cfg));
		*errstr = e->buf;
		rc = -1;
	} else
		rc = load(&cfg, e, out, errstr);
	config_destroy(&cfg);
	return rc;
}

int
conf_load_file(const char *path, struct conf **out, char **errstr)
{
	struct conf_errs	 e = { .name = path };
	struct conf_src		 src;
	const char		*slash = strrchr(path, '/');
	char			*dir;
	int			 rc;

	/* relative @includes resolve against the config file's folder */
	dir = slash == path ? xstrdup("/") : slash != NULL ?
	    xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	if (conf_src_file(&src, path, dir, &e) == -1) {
		*errstr = e.buf;
		rc = -1;
	} else
		rc = parse(&src, &e, out, errstr);
	conf_src_free(&src);
	free(dir);
	return rc;
}

int
conf_load_string(const char *text, const char *name, const char *include_dir,
    struct conf **out, char **errstr)
{
	struct conf_errs	 e = { .name = name };
	struct conf_src		 src;
	int			 rc;

	if (conf_src_string(&src, text, name, include_dir, &e) == -1) {
		*errstr = e.buf;
		rc = -1;
	} else
		rc = parse(&src, &e, out, errstr);
	conf_src_free(&src);
	return rc;
}

const struct conf_village *
conf_village(const struct conf *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nvillages; i++)
		if (strcmp(c->villages[i].code, code) == 0)
			return &c->villages[i];
	return NULL;
}

const struct conf_commune *
conf_commune(const struct conf *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->ncommunes; i++)
		if (strcmp(c->communes[i].code, code) == 0)
			return &c->communes[i];
	return NULL;
}

static void
free_generic(struct conf_generic *g)
{
	free(g->list_url);
	free(g->messages);
	free(g->id);
	free(g->from);
	free(g->to);
	free(g->text);
	free(g->time);
	free(g->time_format);
	free(g->cursor_param);
	free(g->cursor_field);
	free(g->order);
	free(g->auth);
	free(g->auth_header);
	free(g->send_url);
	free(g->send_body);
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->path);
	free(c->warnings);
	free(c->database);
	free(c->user);
	free(c->timezone);
	free(c->country_code);
	free(c->provider.type);
	free(c->provider.url);
	free(c->provider.username);
	free(c->provider.api_key);
	free(c->provider.sender);
	free_generic(&c->provider.generic);
	free(c->http.listen);
	free(c->http.token);
	free(c->http.webhook.id);
	free(c->http.webhook.from);
	free(c->http.webhook.to);
	free(c->http.webhook.text);
	free(c->http.webhook.time);
	free(c->http.webhook.time_format);
	free(c->ussd_code);
	free(c->card_number);
	free(c->smtp.url);
	free(c->smtp.from);
	free(c->smtp.username);
	free(c->smtp.password);
	free(c->smtp.ca_file);
	free(c->digest.time);
	for (i = 0; i < c->digest.ngroups; i++) {
		free(c->digest.groups[i].name);
		free_strings(&c->digest.groups[i].communes);
		free_strings(&c->digest.groups[i].to);
	}
	free(c->digest.groups);
	free_strings(&c->alerts.to);
	free_strings(&c->alerts.sms);
	free_strings(&c->reminders.monthly_codes);
	conf_free_reports(c);
	free_strings(&c->label_names);
	free_strings(&c->label_values);
	for (i = 0; i < c->ncommunes; i++) {
		free(c->communes[i].code);
		free(c->communes[i].name);
		free(c->communes[i].group);
	}
	free(c->communes);
	for (i = 0; i < c->nvillages; i++) {
		free(c->villages[i].code);
		free(c->villages[i].name);
		free(c->villages[i].commune);
		free(c->villages[i].group);
	}
	free(c->villages);
	for (i = 0; i < c->nreporters; i++) {
		free(c->reporters[i].phone);
		free(c->reporters[i].name);
		free(c->reporters[i].village);
		free(c->reporters[i].commune);
		free(c->reporters[i].file);
	}
	free(c->reporters);
	conf_free_officers(c);
	conf_free_web(c);
	codebook_free(c->codebook);
	free(c);
}
