/*
 * A report's figures for DHIS2: for each org unit of dhis2.org_units (a
 * commune or a village), the incident children of each code by sex and
 * age band (category option combos "F_0_4" ... "U_unknown"), and the
 * coverage figures of the codes whose period is the report's (a monthly
 * push carries the monthly figures), as a dataValueSets JSON document or
 * as ADX XML (urn:ihe:qrph:adx:2015).  Zeros are sent for incidents, so
 * a corrected month overwrites what was pushed before; a coverage figure
 * nobody reported is left out, not sent as 0.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_int.h"
#include "timeutil.h"
#include "xmalloc.h"

/* One data value, before it is written. */
struct value {
	const char	*org_unit;	/* the id */
	const char	*element;
	const char	*combo;		/* NULL: the default */
	long		 n;
};

struct values {
	struct value	*v;
	size_t		 n;
	struct buf	 skipped;
};

static void
add_value(struct values *vs, const char *ou, const char *de,
    const char *coc, long n)
{
	vs->v = xreallocarray(vs->v, vs->n + 1, sizeof(*vs->v));
	vs->v[vs->n++] = (struct value){ ou, de, coc, n };
}

/* Whether a line or figure of (commune, village) is the org unit's. */
static int
is_unit(const struct report *r, const char *code, int commune, int village)
{
	const struct conf *c = r->conf;

	if (village >= 0)
		return strcmp(c->villages[village].code, code) == 0;
	return commune >= 0 && village == RP_TOTAL &&
	    strcmp(c->communes[commune].code, code) == 0;
}

static void
incident_values(const struct report *r, struct values *vs, size_t u)
{
	const struct conf_dhis2	*d = &r->conf->dhis2;
	const struct codebook	*cb = r->conf->codebook;
	const char		*unit = d->org_units.keys.v[u];
	const char		*ou = d->org_units.values.v[u], *de, *coc;
	long			 n[RP_NSEX][RP_NBANDS];
	char			 key[64];
	size_t			 i;
	int			 k, s, b;

	for (k = 0; k < cb->ncodes; k++) {
		if (cb->codes[k].kind != CB_INCIDENT ||
		    (de = conf_map_get(&d->data_elements,
		    cb->codes[k].code)) == NULL)
			continue;
		memset(n, 0, sizeof(n));
		for (i = 0; i < r->nlines; i++) {
			const struct rp_line *l = &r->lines[i];

			if (l->code == k && is_unit(r, unit, l->commune,
			    l->village))
				for (b = 0; b < RP_NBANDS; b++)
					n[l->sex][b] += l->band[b];
		}
		for (s = 0; s < RP_NSEX; s++)
			for (b = 0; b < RP_NBANDS; b++) {
				snprintf(key, sizeof(key), "%s_%s",
				    rp_sex_code(s), rp_band_name(b));
				if ((coc = conf_map_get(&d->combos, key)) !=
				    NULL)
					add_value(vs, ou, de, coc, n[s][b]);
				else if (n[s][b] > 0)
					buf_printf(&vs->skipped, "dhis2: %ld "
					    "children of %s in %s (%s) left "
					    "out: no category option combo "
					    "%s\n", n[s][b], cb->codes[k].code,
					    unit, r->ptext, key);
			}
	}
}

static enum report_unit
unit_of(enum cb_period p)
{
	return p == CB_PERIOD_WEEK ? REPORT_WEEK : p == CB_PERIOD_QUARTER ?
	    REPORT_QUARTER : REPORT_MONTH;
}

static void
coverage_values(const struct report *r, struct values *vs, size_t u)
{
	const struct conf_dhis2	*d = &r->conf->dhis2;
	const struct codebook	*cb = r->conf->codebook;
	const char		*unit = d->org_units.keys.v[u];
	const char		*ou = d->org_units.values.v[u], *de;
	char			 key[2 * CB_WORD_MAX + 2];
	size_t			 i;
	int			 k;

	for (i = 0; i < r->nfigures; i++) {
		const struct rp_figure	*f = &r->figures[i];
		const struct cb_code	*c = &cb->codes[f->code];

		if (unit_of(c->period) != r->period.unit ||
		    strcmp(f->period, r->ptext) != 0 ||
		    !is_unit(r, unit, f->commune, f->village))
			continue;
		for (k = 0; k < c->nnumbers; k++) {
			snprintf(key, sizeof(key), "%s_%s", c->code,
			    c->numbers[k].name);
			if ((de = conf_map_get(&d->data_elements, key)) != NULL)
				add_value(vs, ou, de, conf_map_get(&d->combos,
				    "default"), f->values[k]);
		}
	}
}

static void
collect(const struct report *r, struct values *vs)
{
	size_t u;

	memset(vs, 0, sizeof(*vs));
	buf_init(&vs->skipped, 1024 * 1024);
	for (u = 0; u < r->conf->dhis2.org_units.keys.n; u++) {
		incident_values(r, vs, u);
		coverage_values(r, vs, u);
	}
}

/* DHIS2's period: 2026W48, 202611, 2026Q4, 2026. */
static void
dhis2_period(const struct report_period *p, char out[16])
{
	switch (p->unit) {
	case REPORT_WEEK:
		snprintf(out, 16, "%04dW%d", p->year, p->num);
		break;
	case REPORT_MONTH:
		snprintf(out, 16, "%04d%02d", p->year, p->num);
		break;
	case REPORT_QUARTER:
		snprintf(out, 16, "%04dQ%d", p->year, p->num);
		break;
	case REPORT_YEAR:
		snprintf(out, 16, "%04d", p->year);
		break;
	}
}

/* ADX's period: the first day and a duration, 2026-11-01/P1M. */
static void
adx_period(const struct report_period *p, char out[32])
{
	static const char *const durations[] = { "P7D", "P1M", "P3M", "P1Y" };
	int y, m, d;

	civil_from_days(report_period_first(p), &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02d/%s", y % 10000, m % 100, d % 100,
	    durations[p->unit]);
}

static char *
take_skipped(struct values *vs, char **skipped)
{
	if (skipped != NULL)
		*skipped = buf_take(&vs->skipped);
	else
		buf_free(&vs->skipped);
	free(vs->v);
	return NULL;
}

char *
report_dhis2_json(const struct report *r, char **skipped)
{
	struct values	 vs;
	json_t		*o = json_object(), *list = json_array(), *v;
	char		 period[16], num[32], *out;
	size_t		 i;

	collect(r, &vs);
	dhis2_period(&r->period, period);
	json_object_set_new(o, "dataSet", json_string(r->conf->dhis2.data_set));
	json_object_set_new(o, "period", json_string(period));
	if (r->conf->dhis2.org_units.keys.n == 1)
		json_object_set_new(o, "orgUnit", json_string(
		    r->conf->dhis2.org_units.values.v[0]));
	for (i = 0; i < vs.n; i++) {
		v = json_object();
		json_object_set_new(v, "dataElement",
		    json_string(vs.v[i].element));
		json_object_set_new(v, "period", json_string(period));
		json_object_set_new(v, "orgUnit", json_string(vs.v[i].org_unit));
		if (vs.v[i].combo != NULL)
			json_object_set_new(v, "categoryOptionCombo",
			    json_string(vs.v[i].combo));
		snprintf(num, sizeof(num), "%ld", vs.v[i].n);
		json_object_set_new(v, "value", json_string(num));
		json_array_append_new(list, v);
	}
	json_object_set_new(o, "dataValues", list);
	out = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(o);
	take_skipped(&vs, skipped);
	return out;
}

char *
report_adx(const struct report *r, time_t exported, char **skipped)
{
	struct values	 vs;
	struct buf	 b;
	char		 period[32], when[32];
	size_t		 i;

	collect(r, &vs);
	adx_period(&r->period, period);
	time_format_iso(exported, when);
	buf_init(&b, REPORT_BODY_MAX);
	buf_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<adx xmlns=\"urn:ihe:qrph:adx:2015\" exported=\"");
	buf_html(&b, when);
	buf_add(&b, "\">\n");
	for (i = 0; i < vs.n; i++) {
		/* values come grouped by org unit: one group each */
		if (i == 0 || vs.v[i].org_unit != vs.v[i - 1].org_unit) {
			if (i > 0)
				buf_add(&b, "  </group>\n");
			buf_add(&b, "  <group orgUnit=\"");
			buf_html(&b, vs.v[i].org_unit);
			buf_add(&b, "\" period=\"");
			buf_html(&b, period);
			buf_add(&b, "\" dataSet=\"");
			buf_html(&b, r->conf->dhis2.data_set);
			buf_add(&b, "\">\n");
		}
		buf_add(&b, "    <dataValue dataElement=\"");
		buf_html(&b, vs.v[i].element);
		if (vs.v[i].combo != NULL) {
			buf_add(&b, "\" categoryOptionCombo=\"");
			buf_html(&b, vs.v[i].combo);
		}
		buf_printf(&b, "\" value=\"%ld\"/>\n", vs.v[i].n);
	}
	if (vs.n > 0)
		buf_add(&b, "  </group>\n");
	buf_add(&b, "</adx>\n");
	take_skipped(&vs, skipped);
	return buf_take(&b);
}
