/*
 * The groups of the periodic reports: `reports` (what is mailed when) and
 * `dhis2` (where the figures go, and the names of things there).  The
 * DHIS2 names are checked against the areas, the code book and the
 * disaggregations (gateway/report/bands.h): a code without a data
 * element, or a name that matches nothing, is a "file:line" error.
 */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bands.h"
#include "conf.h"
#include "errs.h"
#include "keys.h"
#include "report_conf.h"
#include "validate.h"
#include "values.h"
#include "xmalloc.h"

static const char *
def(const char *path)
{
	const struct conf_key *k = conf_key_find(path);

	return k != NULL ? k->def : NULL;
}

static int
int_of(const config_setting_t *g, const char *name, const char *path)
{
	const char	*d;
	int		 v;

	if (g != NULL && config_setting_lookup_int(g, name, &v))
		return v;
	d = def(path);
	return d != NULL ? (int)strtol(d, NULL, 10) : 0;
}

static int
bool_of(const config_setting_t *g, const char *name, const char *path)
{
	const char	*d;
	int		 v;

	if (g != NULL && config_setting_lookup_bool(g, name, &v))
		return v;
	d = def(path);
	return d != NULL && strcmp(d, "true") == 0;
}

static const char *
str_of(const config_setting_t *g, const char *name, const char *path)
{
	const char *s;

	if (g != NULL && config_setting_lookup_string(g, name, &s))
		return s;
	return def(path);
}

static void
time_of(const config_setting_t *g, const char *name, const char *path,
    int *h, int *m)
{
	const char *t = str_of(g, name, path);

	*h = *m = 0;
	if (t != NULL)
		conf_valid_time(t, h, m);
}

static void
strings_add(struct conf_strings *s, const char *v)
{
	s->v = xreallocarray(s->v, s->n + 2, sizeof(char *));
	s->v[s->n++] = xstrdup(v);
	s->v[s->n] = NULL;
}

static void
strings_free(struct conf_strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* The name = "value" settings of a group, in order. */
static void
map_of(const config_setting_t *g, struct conf_map *m)
{
	int i, n = g != NULL ? config_setting_length(g) : 0;

	for (i = 0; i < n; i++) {
		const config_setting_t	*e = config_setting_get_elem(g,
					    (unsigned)i);
		const char		*v = config_setting_get_string(e);

		if (v == NULL)
			continue;
		strings_add(&m->keys, config_setting_name(e));
		strings_add(&m->values, v);
	}
}

const char *
conf_map_get(const struct conf_map *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->keys.n; i++)
		if (strcmp(m->keys.v[i], name) == 0)
			return m->values.v[i];
	return NULL;
}

/* A combo name is a sex and an age band (or "unknown"), or "default". */
static int
combo_ok(const char *name)
{
	static const char *const sexes[] = {
#define SEX_NAME(code, label)	#code,
		REPORT_SEXES(SEX_NAME)
#undef SEX_NAME
		NULL };
	static const char *const bands[] = {
#define BAND_NAME(name, lo, hi)	#name,
		REPORT_AGE_BANDS(BAND_NAME)
#undef BAND_NAME
		REPORT_AGE_UNKNOWN, NULL };
	char	buf[64];
	size_t	i, k;

	if (strcmp(name, "default") == 0)
		return 1;
	for (i = 0; sexes[i] != NULL; i++)
		for (k = 0; bands[k] != NULL; k++) {
			snprintf(buf, sizeof(buf), "%s_%s", sexes[i], bands[k]);
			if (strcmp(buf, name) == 0)
				return 1;
		}
	return 0;
}

/* An incident code, or a coverage code and one of its figures. */
static int
element_ok(const struct codebook *cb, const char *name)
{
	char	buf[CB_WORD_MAX * 2 + 2];
	int	k, i;

	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind == CB_INCIDENT && strcmp(c->code, name) == 0)
			return 1;
		if (c->kind != CB_COVERAGE)
			continue;
		for (i = 0; i < c->nnumbers; i++) {
			snprintf(buf, sizeof(buf), "%s_%s", c->code,
			    c->numbers[i].name);
			if (strcmp(buf, name) == 0)
				return 1;
		}
	}
	return 0;
}

/* Whether a coverage code has a data element for any of its figures. */
static int
coverage_mapped(const struct conf_map *m, const struct cb_code *c)
{
	char	buf[CB_WORD_MAX * 2 + 2];
	int	i;

	for (i = 0; i < c->nnumbers; i++) {
		snprintf(buf, sizeof(buf), "%s_%s", c->code,
		    c->numbers[i].name);
		if (conf_map_get(m, buf) != NULL)
			return 1;
	}
	return 0;
}

static void
load_dhis2(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g = config_lookup(cfg, "dhis2"), *m, *p, *fs;
	struct conf_dhis2	*d = &c->dhis2;
	const char		*s;
	size_t			 i;
	int			 k;

	if ((d->configured = g != NULL) == 0)
		return;
	d->url = xstrdup(str_of(g, "url", "dhis2.url") ?
	    str_of(g, "url", "dhis2.url") : "");
	if (strncmp(d->url, "https://", 8) != 0 &&
	    strncmp(d->url, "http://", 7) != 0)
		conf_err(e, config_setting_get_member(g, "url"), "dhis2.url "
		    "must start with https:// (or http://)");
	d->data_set = xstrdup((s = str_of(g, "data_set", "dhis2.data_set")) ?
	    s : "");
	s = str_of(g, "id_scheme", "dhis2.id_scheme");
	d->id_code = s == NULL || strcmp(s, "code") == 0;
	d->timeout = int_of(g, "timeout", "dhis2.timeout");
	if (config_setting_lookup_string(g, "token", &s))
		d->token = xstrdup(s);
	else if ((fs = config_setting_get_member(g, "token_file")) != NULL)
		d->token = conf_secret_file(e, fs, "dhis2.token_file");
	else
		conf_err(e, g, "the dhis2 group needs 'token' or 'token_file'");
	m = config_setting_get_member(g, "org_units");
	map_of(m, &d->org_units);
	for (i = 0; i < d->org_units.keys.n; i++)
		if (conf_commune(c, d->org_units.keys.v[i]) == NULL &&
		    conf_village(c, d->org_units.keys.v[i]) == NULL)
			conf_err(e, config_setting_get_member(m,
			    d->org_units.keys.v[i]), "dhis2.org_units: \"%s\" "
			    "is neither a commune nor a village",
			    d->org_units.keys.v[i]);
	m = config_setting_get_member(g, "data_elements");
	map_of(m, &d->data_elements);
	for (i = 0; i < d->data_elements.keys.n; i++)
		if (!element_ok(c->codebook, d->data_elements.keys.v[i]))
			conf_err(e, config_setting_get_member(m,
			    d->data_elements.keys.v[i]), "dhis2.data_elements: "
			    "\"%s\" is neither an incident code nor a coverage "
			    "code and figure (like MN_attending)",
			    d->data_elements.keys.v[i]);
	for (k = 0; m != NULL && k < c->codebook->ncodes; k++) {
		const struct cb_code *code = &c->codebook->codes[k];

		if (code->kind == CB_INCIDENT && conf_map_get(
		    &d->data_elements, code->code) == NULL)
			conf_err(e, m, "dhis2.data_elements: incident code %s "
			    "has no data element", code->code);
		else if (code->kind == CB_COVERAGE &&
		    !coverage_mapped(&d->data_elements, code))
			conf_err(e, m, "dhis2.data_elements: coverage code %s "
			    "has no data element (name one as %s_%s)",
			    code->code, code->code, code->nnumbers > 0 ?
			    code->numbers[0].name : "figure");
	}
	m = config_setting_get_member(g, "category_option_combos");
	map_of(m, &d->combos);
	for (i = 0; i < d->combos.keys.n; i++)
		if (!combo_ok(d->combos.keys.v[i]))
			conf_err(e, config_setting_get_member(m,
			    d->combos.keys.v[i]), "dhis2.category_option_combos: "
			    "\"%s\" is not a sex and age band (F_0_4, M_15_17, "
			    "U_unknown ...) or default", d->combos.keys.v[i]);
	p = config_setting_get_member(g, "push");
	d->push_monthly = bool_of(p, "monthly", "dhis2.push.monthly");
	d->push_day = int_of(p, "day", "dhis2.push.day");
	time_of(p, "time", "dhis2.push.time", &d->push_hour, &d->push_minute);
}

void
conf_load_reports(struct conf_errs *e, const config_t *cfg, struct conf *c)
{
	const config_setting_t	*g = config_lookup(cfg, "reports"), *to;
	struct conf_reports	*r = &c->reports;
	int			 i, n;

	r->monthly = bool_of(g, "monthly", "reports.monthly");
	r->quarterly = bool_of(g, "quarterly", "reports.quarterly");
	r->yearly = bool_of(g, "yearly", "reports.yearly");
	r->groups = bool_of(g, "groups", "reports.groups");
	r->day = int_of(g, "monthly_day", "reports.monthly_day");
	time_of(g, "time", "reports.time", &r->hour, &r->minute);
	to = g != NULL ? config_setting_get_member(g, "to") : NULL;
	n = to != NULL ? config_setting_length(to) : 0;
	for (i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(to,
		    (unsigned)i);

		if (s != NULL)
			strings_add(&r->to, s);
	}
	load_dhis2(e, cfg, c);
}

void
conf_free_reports(struct conf *c)
{
	struct conf_dhis2 *d = &c->dhis2;

	strings_free(&c->reports.to);
	free(d->url);
	free(d->token);
	free(d->data_set);
	strings_free(&d->org_units.keys);
	strings_free(&d->org_units.values);
	strings_free(&d->data_elements.keys);
	strings_free(&d->data_elements.values);
	strings_free(&d->combos.keys);
	strings_free(&d->combos.values);
}
