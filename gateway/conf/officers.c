/*
 * The officers of the config: who is alerted about a commune's urgent
 * reports and may act on its cases (level 1), and who is above them
 * (level 2).  Loading checks each one (a phone that can get an SMS,
 * communes that exist, no phone twice); the warnings say where an alert
 * would fall back to alerts.sms and alerts.to, or nobody would get an
 * escalation.
 */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errs.h"
#include "phone.h"
#include "xmalloc.h"

static char *
member_str(const config_setting_t *g, const char *name)
{
	const char *s;

	return config_setting_lookup_string(g, name, &s) ? xstrdup(s) : NULL;
}

static void
load_communes(struct conf_errs *e, const config_setting_t *o,
    const struct conf *c, struct conf_officer *of)
{
	const config_setting_t	*list = config_setting_get_member(o,
				    "communes");
	int			 i, n = list != NULL ?
				    config_setting_length(list) : 0;

	of->communes.v = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(list,
		    (unsigned)i);

		if (s == NULL)
			continue;
		of->communes.v[of->communes.n++] = xstrdup(s);
		if (strcmp(s, "*") != 0 && conf_commune(c, s) == NULL)
			conf_err(e, list, "officer %s: unknown commune \"%s\"",
			    of->phone, s);
	}
	if (of->communes.n == 0)
		conf_err(e, o, "officer %s: communes lists none (give codes, "
		    "or \"*\" for all)", of->phone);
}

void
conf_load_officers(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*os = config_lookup(cfg, "officers");
	const config_setting_t	*g = config_lookup(cfg, "cases");
	int			 i, n = os != NULL ? config_setting_length(os) : 0;
	size_t			 k;

	c->officers = xcalloc((size_t)n + 1, sizeof(*c->officers));
	for (i = 0; i < n; i++) {
		const config_setting_t	*o = config_setting_get_elem(os,
					    (unsigned)i);
		struct conf_officer	*of = &c->officers[c->nofficers];
		char			 e164[PHONE_MAX];
		char			*raw = member_str(o, "phone");
		int			 level = 1;

		of->name = member_str(o, "name");
		of->email = member_str(o, "email");
		if (config_setting_lookup_int(o, "level", &level))
			of->level = level;
		else
			of->level = 1;
		of->line = conf_line_of(e, o);
		if (raw == NULL || phone_normalize(raw, c->country_code,
		    e164) == -1) {
			conf_err(e, o, "officer phone \"%s\" is not a phone "
			    "number", raw != NULL ? raw : "");
			e164[0] = '\0';
		}
		free(raw);
		of->phone = xstrdup(e164);
		c->nofficers++;
		load_communes(e, o, c, of);
		for (k = 0; k + 1 < c->nofficers && e164[0] != '\0'; k++)
			if (strcmp(c->officers[k].phone, of->phone) == 0)
				conf_err(e, o, "officer %s is listed twice "
				    "(line %d)", of->phone,
				    c->officers[k].line);
	}
	c->cases.enabled = 1;
	c->cases.ack_within = 7200;
	c->cases.close_within = 604800;
	if (g != NULL) {
		int v;

		if (config_setting_lookup_bool(g, "enabled", &v))
			c->cases.enabled = v;
		if (config_setting_lookup_int(g, "ack_within", &v))
			c->cases.ack_within = v;
		if (config_setting_lookup_int(g, "close_within", &v))
			c->cases.close_within = v;
	}
}

void
conf_free_officers(struct conf *c)
{
	size_t i, k;

	for (i = 0; i < c->nofficers; i++) {
		free(c->officers[i].phone);
		free(c->officers[i].name);
		free(c->officers[i].email);
		for (k = 0; k < c->officers[i].communes.n; k++)
			free(c->officers[i].communes.v[k]);
		free(c->officers[i].communes.v);
	}
	free(c->officers);
}

void
conf_warn_officers(struct conf_errs *w, const config_t *cfg,
    const struct conf *c)
{
	const config_setting_t	*os = config_lookup(cfg, "officers");
	size_t			 i, k;
	int			 level2 = 0, level1;

	if (c->nofficers == 0)
		return;
	for (i = 0; i < c->nofficers; i++)
		level2 |= c->officers[i].level == 2;
	if (!level2)
		conf_err(w, os, "warning: no officer has level = 2: a case "
		    "nobody acknowledges in time goes to alerts.sms and "
		    "alerts.to%s", c->alerts.sms.n + c->alerts.to.n == 0 ?
		    ", which are empty: to nobody" : "");
	for (k = 0; k < c->ncommunes; k++) {
		level1 = 0;
		for (i = 0; i < c->nofficers; i++)
			level1 |= c->officers[i].level == 1 &&
			    conf_officer_covers(&c->officers[i],
			    c->communes[k].code);
		if (!level1)
			conf_err(w, os, "warning: no level-1 officer covers "
			    "commune %s: its alerts go to %s",
			    c->communes[k].code, c->alerts.sms.n +
			    c->alerts.to.n > 0 ? "alerts.sms and alerts.to" :
			    "the level-2 officers");
	}
}

const struct conf_officer *
conf_officer(const struct conf *c, const char *phone)
{
	size_t i;

	if (phone == NULL || *phone == '\0')
		return NULL;
	for (i = 0; i < c->nofficers; i++)
		if (strcmp(c->officers[i].phone, phone) == 0)
			return &c->officers[i];
	return NULL;
}

int
conf_officer_covers(const struct conf_officer *o, const char *commune)
{
	size_t i;

	for (i = 0; i < o->communes.n; i++)
		if (strcmp(o->communes.v[i], "*") == 0 ||
		    strcmp(o->communes.v[i], commune) == 0)
			return 1;
	return 0;
}
