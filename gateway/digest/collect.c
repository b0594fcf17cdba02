/*
 * Collection of a digest: a handful of indexed queries bounded by the day
 * (and the week, for completeness; twelve weeks for the trend, trend.c),
 * as typed rows of the store's views; the latest coverage figure is one
 * index probe per village and code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digest_int.h"
#include "log.h"
#include "timeutil.h"
#include "xmalloc.h"

#define TROUBLE_DAYS	7	/* earlier digests looked back on */

void
digest_day_of(time_t t, char out[16])
{
	struct tm tm;

	localtime_r(&t, &tm);
	if (snprintf(out, 16, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday) >= 16)
		out[0] = '\0';
}

time_t
digest_day_start(const char *day)
{
	char	buf[32];
	time_t	t;

	if (strlen(day) != 10)
		return -1;
	snprintf(buf, sizeof(buf), "%sT00:00:00", day);
	return time_parse_iso(buf, &t) == -1 ? -1 : t;
}

/* Whether the group covers the village's commune. */
int
dg_in_group(const struct conf_digest_group *g, const char *commune)
{
	size_t i;

	for (i = 0; i < g->communes.n; i++)
		if (strcmp(g->communes.v[i], "*") == 0 ||
		    strcmp(g->communes.v[i], commune) == 0)
			return 1;
	return 0;
}

static void
copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* Collects the group's report rows. */
static int
collect_row(const struct report_view *v, void *arg)
{
	struct digest	*d = ((void **)arg)[0];
	struct rows	*rows = ((void **)arg)[1];
	json_error_t	 e;
	json_t		*det;

	if (!dg_in_group(d->group, v->r.commune))
		return 0;
	rows->v = xreallocarray(rows->v, rows->n + 1, sizeof(*rows->v));
	rows->details = xreallocarray(rows->details, rows->n + 1,
	    sizeof(*rows->details));
	rows->v[rows->n] = *v;
	if ((det = json_loads(v->r.details, 0, &e)) == NULL)
		det = json_object();
	rows->details[rows->n++] = det;
	return 0;
}

static int
collect_reported(const char *village, void *arg)
{
	struct digest	*d = arg;
	size_t		 i;

	for (i = 0; i < d->conf->nvillages; i++)
		if (strcmp(d->conf->villages[i].code, village) == 0)
			d->reported[i] = 1;
	return 0;
}

/* The day's senders of rejected messages: the group's reporters, and
 * numbers of no reporter (any group's business). */
static int
collect_rejected(const struct rejected_sender *r, void *arg)
{
	struct digest	*d = arg;

	if (r->commune[0] != '\0' && !dg_in_group(d->group, r->commune))
		return 0;
	d->rejected += r->count;
	if (d->nday_rejected == DG_LIST_MAX)
		return 0;
	d->day_rejected = xreallocarray(d->day_rejected, d->nday_rejected + 1,
	    sizeof(*d->day_rejected));
	d->day_rejected[d->nday_rejected++] = *r;
	return 0;
}

static void
collect_trouble(const char *day, const char *status, void *arg)
{
	struct digest *d = arg;

	(void)status;
	if (d->troubles.len > 0)
		buf_add(&d->troubles, ", ");
	buf_add(&d->troubles, day);
}

/* The latest figure per village and coverage code that has a ratio. */
static int
collect_latest(struct digest *d)
{
	const struct codebook	*cb = d->conf->codebook;
	struct report_row	 row;
	size_t			 i;
	int			 k, found;

	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind != CB_COVERAGE || c->ratio_num < 0)
			continue;
		for (i = 0; i < d->conf->nvillages; i++) {
			const struct conf_village	*v = &d->conf->villages[i];
			struct latest			*l;
			json_t				*o, *vals;
			json_error_t			 e;

			if (!dg_in_group(d->group, v->commune))
				continue;
			found = store_coverage_latest(d->store, v->code,
			    c->code, &row);
			if (found == -1)
				return -1;
			if (!found || row.received_at >= d->until)
				continue;
			o = json_loads(row.details, 0, &e);
			vals = json_object_get(o, "values");
			d->latest = xreallocarray(d->latest, d->nlatest + 1,
			    sizeof(*d->latest));
			l = &d->latest[d->nlatest++];
			l->village = v;
			l->code = c;
			copy_str(l->period, sizeof(l->period), row.period);
			l->num = (long)json_integer_value(json_object_get(vals,
			    c->numbers[c->ratio_num].name));
			l->den = (long)json_integer_value(json_object_get(vals,
			    c->numbers[c->ratio_den].name));
			json_decref(o);
		}
	}
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* The reports the urgent section lists, in its order (reviews, then
 * alerts) up to DG_URGENT_SHOWN, by id for dg_is_shown. */
static void
collect_shown(struct digest *d)
{
	size_t	i;
	int	pass;

	d->shown = xcalloc(DG_URGENT_SHOWN + 1, sizeof(*d->shown));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->reports.n && d->nshown < DG_URGENT_SHOWN;
		    i++)
			if (pass == 0 ? dg_is_review(&d->reports.v[i].r) :
			    dg_is_alert(&d->reports.v[i].r))
				d->shown[d->nshown++] = d->reports.v[i].r.id;
	if (d->nshown > 1)	/* NULL when empty */
		qsort(d->shown, d->nshown, sizeof(*d->shown), id_cmp);
}

int
dg_is_shown(const struct digest *d, int64_t id)
{
	return d->nshown > 0 && bsearch(&id, d->shown, d->nshown,
	    sizeof(*d->shown), id_cmp) != NULL;
}

struct digest *
digest_build(struct store *st, const struct conf *c,
    const struct conf_digest_group *g, const char *day)
{
	struct digest		*d = xcalloc(1, sizeof(*d));
	char			 wperiod[16], since[40];
	void			*pair[2];
	struct store_troubles	 t;
	struct local_time	 lt;
	long			 wstart;

	d->store = st;
	d->conf = c;
	d->group = g;
	copy_str(d->day, sizeof(d->day), day);
	buf_init(&d->troubles, 4096);
	d->reported = xcalloc(c->nvillages + 1, 1);
	if ((d->from = digest_day_start(day)) == -1) {
		log_warnx("digest: bad day \"%s\"", day);
		goto fail;
	}
	/* the next local midnight, whatever the length of the day */
	time_local(d->from + 36 * 3600, &lt);
	{
		char next[40];

		snprintf(next, sizeof(next), "%04d-%02d-%02d", lt.year,
		    lt.month, lt.day);
		d->until = digest_day_start(next);
	}
	time_local(d->from, &lt);
	d->week = period_of(CB_PERIOD_WEEK, &lt);
	period_format(&d->week, wperiod);
	wstart = period_start(&d->week);
	pair[0] = d;
	pair[1] = &d->reports;
	if (store_view_reports(st, d->from, d->until, collect_row, pair) == -1)
		goto fail;
	pair[1] = &d->changes;
	if (store_view_changed(st, d->from, d->until, collect_row, pair) == -1)
		goto fail;
	if (store_view_villages_reported(st, time_days_start(wstart), d->until,
	    wperiod, collect_reported, d) == -1)
		goto fail;
	if (store_view_rejected(st, d->from, d->until, collect_rejected,
	    d) == -1)
		goto fail;
	if (store_view_troubles(st, d->from, d->until, &t) == -1)
		goto fail;
	d->unauth_msgs = t.unauth_msgs;
	d->unauth_numbers = t.unauth_numbers;
	d->out_failed = t.out_failed;
	d->out_unknown = t.out_unknown;
	d->pending = t.pending_reporters;
	{
		char buf[32];

		if (store_meta_get(st, "last_poll_ok", buf, sizeof(buf)) == 0)
			d->last_poll = (time_t)strtoll(buf, NULL, 10);
	}
	digest_day_of(d->from - TROUBLE_DAYS * 86400, since);
	if (store_digest_troubles(st, g->name, day, since, collect_trouble,
	    d) == -1)
		goto fail;
	if (collect_latest(d) == -1 || dg_collect_cases(d) == -1)
		goto fail;
	if (dg_collect_review(d) == -1 || dg_collect_people(d) == -1 ||
	    dg_collect_trend(d) == -1)
		goto fail;
	collect_shown(d);
	return d;
fail:
	digest_free(d);
	return NULL;
}

static void
free_rows(struct rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		json_decref(r->details[i]);
	free(r->details);
	free(r->v);
}

void
digest_free(struct digest *d)
{
	if (d == NULL)
		return;
	free_rows(&d->reports);
	free_rows(&d->changes);
	free(d->reported);
	free(d->latest);
	free(d->cases);
	free(d->day_rejected);
	free(d->shown);
	dg_free_trend(d);
	buf_free(&d->troubles);
	dg_free_review(d);
	dg_free_people(d);
	free(d);
}

size_t
digest_reports(const struct digest *d)
{
	return d->reports.n;
}
