/*
 * Collection of a periodic report: one pass over the active reports of
 * the period, the period before and the charts' weeks (store_view_
 * period_rows), the zero reports of each week, and the latest coverage
 * figure of each village per code and period.  A report's details are
 * parsed once per distinct text (most are alike), so a year of a
 * million reports costs one scan and a few hundred parses.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "report_int.h"
#include "timeutil.h"
#include "xmalloc.h"

/* ---- a small open-addressing table: string or integer -> index ---- */

struct slot {
	uint64_t	 hash;
	char		*key;		/* NULL: integer keys */
	size_t		 value;
	int		 used;
};

struct table {
	struct slot	*v;
	size_t		 mask, n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

static uint64_t
hash_int(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;	/* a bijection: equal hashes are equal keys */
}

static void	table_put(struct table *, uint64_t, const char *, size_t);

static void
table_grow(struct table *t)
{
	struct table	old = *t;
	size_t		i;

	t->mask = old.v == NULL ? 255 : old.mask * 2 + 1;
	t->v = xcalloc(t->mask + 1, sizeof(*t->v));
	t->n = 0;
	for (i = 0; old.v != NULL && i <= old.mask; i++)
		if (old.v[i].used) {
			table_put(t, old.v[i].hash, old.v[i].key,
			    old.v[i].value);
			free(old.v[i].key);
		}
	free(old.v);
}

/* The slot of (hash, key): found, or the empty one to fill. */
static struct slot *
table_slot(const struct table *t, uint64_t h, const char *key)
{
	size_t i;

	for (i = h & t->mask;; i = (i + 1) & t->mask) {
		struct slot *s = &t->v[i];

		if (!s->used || (s->hash == h && (key == NULL ||
		    strcmp(s->key, key) == 0)))
			return s;
	}
}

static void
table_put(struct table *t, uint64_t h, const char *key, size_t value)
{
	struct slot *s;

	if (t->v == NULL || (t->n + 1) * 2 > t->mask)
		table_grow(t);
	s = table_slot(t, h, key);
	if (!s->used) {
		s->used = 1;
		s->hash = h;
		s->key = key != NULL ? xstrdup(key) : NULL;
		t->n++;
	}
	s->value = value;
}

/* 1 and *value when found. */
static int
table_get(const struct table *t, uint64_t h, const char *key,
    size_t *value)
{
	struct slot *s;

	if (t->v == NULL)
		return 0;
	s = table_slot(t, h, key);
	if (!s->used)
		return 0;
	*value = s->value;
	return 1;
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; t->v != NULL && i <= t->mask; i++)
		free(t->v[i].key);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* ---- collection ---- */

/* What an incident's details say, parsed once per distinct text. */
struct parsed {
	int	sex, band, outcome;
	long	count;
};

struct scan {
	struct report	*r;
	struct table	 villages;	/* code -> conf index */
	struct table	 phones;	/* phone -> reporters index */
	struct table	 details;	/* text -> parsed index */
	struct parsed	*parsed;
	size_t		 nparsed;
	struct table	 lines;		/* key -> lines index */
};

static int
sex_index(const char *s)
{
	static const char *const codes[] = {
#define SEX_CODE(code, label)	#code,
		REPORT_SEXES(SEX_CODE)
#undef SEX_CODE
	};
	int i;

	for (i = 0; s != NULL && i < RP_NSEX; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return RP_NSEX - 1;	/* not given: unknown */
}

static int
band_of(json_t *age)
{
	static const int last[] = {
#define BAND_LAST(name, lo, hi)	hi,
		REPORT_AGE_BANDS(BAND_LAST)
#undef BAND_LAST
	};
	long	years;
	int	i;

	if (!json_is_integer(age) || json_integer_value(age) < 0)
		return RP_NAGES;
	years = (long)(json_integer_value(age) / 12);
	for (i = 0; i < RP_NAGES; i++)
		if (years <= last[i])
			return i;
	return RP_NAGES;
}

static const struct parsed *
parse_details(struct scan *sc, const char *text)
{
	const struct codebook	*cb = sc->r->conf->codebook;
	uint64_t		 h = hash_str(text);
	size_t			 i;
	json_t			*o, *v;
	json_error_t		 e;
	struct parsed		*p;

	if (table_get(&sc->details, h, text, &i))
		return &sc->parsed[i];
	sc->parsed = xreallocarray(sc->parsed, sc->nparsed + 1,
	    sizeof(*sc->parsed));
	p = &sc->parsed[sc->nparsed];
	o = json_loads(text, 0, &e);
	p->sex = sex_index(json_string_value(json_object_get(o, "sex")));
	p->band = band_of(json_object_get(o, "age_months"));
	v = json_object_get(o, "count");
	p->count = json_is_integer(v) && json_integer_value(v) > 0 ?
	    (long)json_integer_value(v) : 1;
	v = json_object_get(o, "outcome");
	p->outcome = sc->r->outcome_vocab >= 0 && json_is_string(v) ?
	    codebook_value(cb, sc->r->outcome_vocab, json_string_value(v)) :
	    -1;
	json_decref(o);
	table_put(&sc->details, h, text, sc->nparsed);
	return &sc->parsed[sc->nparsed++];
}

/* The incident line of (commune, village, code, sex, outcome). */
static struct rp_line *
line_of(struct scan *sc, int commune, int village, int code, int sex,
    int outcome)
{
	struct report	*r = sc->r;
	uint64_t	 key;
	size_t		 i;

	key = ((((uint64_t)(commune + 2) * 65536 + (uint64_t)(village + 2)) *
	    256 + (uint64_t)code) * 16 + (uint64_t)sex) * 64 +
	    (uint64_t)(outcome + 1);
	if (table_get(&sc->lines, hash_int(key), NULL, &i) &&
	    i < r->nlines)
		return &r->lines[i];
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof(*r->lines));
	memset(&r->lines[r->nlines], 0, sizeof(*r->lines));
	r->lines[r->nlines].commune = commune;
	r->lines[r->nlines].village = village;
	r->lines[r->nlines].code = code;
	r->lines[r->nlines].sex = sex;
	r->lines[r->nlines].outcome = outcome;
	table_put(&sc->lines, hash_int(key), NULL, r->nlines);
	return &r->lines[r->nlines++];
}

static void
add_incident(struct scan *sc, int c, int v, int code,
    const struct parsed *p)
{
	struct rp_line	*l;
	int		 level;

	/* the village's line, its commune's total and the area's */
	for (level = 0; level < 3; level++) {
		l = line_of(sc, level == 2 ? RP_AREA : c, level == 0 ? v :
		    RP_TOTAL, code, p->sex, p->outcome);
		l->band[p->band] += p->count;
		l->children += p->count;
		l->reports++;
	}
}

/* The index of the week holding t in a list, or -1. */
static int
week_of(const struct rp_week *w, int n, time_t t)
{
	int lo = 0, hi = n - 1, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (t < w[mid].from)
			hi = mid - 1;
		else if (t >= w[mid].until)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

static int
scan_row(const struct period_row *row, void *arg)
{
	struct scan		*sc = arg;
	struct report		*r = sc->r;
	const struct cb_code	*code;
	struct rp_place		*vp, *cp;
	size_t			 vi, ri;
	int			 c, w, incident;

	if (!table_get(&sc->villages, hash_str(row->village), row->village,
	    &vi) || !r->villages[vi].in_area)
		return 0;
	vp = &r->villages[vi];
	c = vp->commune;
	cp = &r->communes[c];
	incident = strcmp(row->kind, "incident") == 0;
	if ((w = week_of(r->weeks, r->nweeks, row->received_at)) >= 0)
		vp->done |= (uint64_t)1 << w;
	if ((w = week_of(r->prev_weeks, r->nprev_weeks,
	    row->received_at)) >= 0)
		vp->prev_done |= (uint64_t)1 << w;
	if (incident && (w = week_of(r->cweeks, RP_CHART_WEEKS,
	    row->received_at)) >= 0) {
		r->commune_weeks[(size_t)c * RP_CHART_WEEKS + (size_t)w]++;
		if (row->alert)
			r->alert_weeks[w]++;
	}
	if (row->received_at >= r->from && row->received_at < r->until) {
		if (table_get(&sc->phones, hash_str(row->phone), row->phone,
		    &ri)) {
			r->reporters[ri].reports++;
			if (row->received_at > r->reporters[ri].last)
				r->reporters[ri].last = row->received_at;
		}
		if (incident && (code = codebook_find(r->conf->codebook,
		    row->code)) != NULL) {
			const struct parsed *p = parse_details(sc,
			    row->details);

			add_incident(sc, c, (int)vi, code->index, p);
			vp->reports++;
			cp->reports++;
			r->area.reports++;
			vp->children += p->count;
			cp->children += p->count;
			r->area.children += p->count;
			vp->alerts += row->alert;
			cp->alerts += row->alert;
			r->area.alerts += row->alert;
		}
	} else if (incident && row->received_at >= r->prev_from &&
	    row->received_at < r->from) {
		const struct parsed *p = parse_details(sc, row->details);

		vp->prev_reports++;
		cp->prev_reports++;
		r->area.prev_reports++;
		vp->prev_children += p->count;
		cp->prev_children += p->count;
		r->area.prev_children += p->count;
	}
	return 0;
}

struct zero_mark {
	struct scan	*sc;
	int		 week, prev;
};

static int
zero_village(const char *village, void *arg)
{
	struct zero_mark	*z = arg;
	struct report		*r = z->sc->r;
	size_t			 vi;

	if (!table_get(&z->sc->villages, hash_str(village), village, &vi))
		return 0;
	if (z->prev)
		r->villages[vi].prev_done |= (uint64_t)1 << z->week;
	else
		r->villages[vi].done |= (uint64_t)1 << z->week;
	return 0;
}

/* The weeks whose Thursday falls in [first, end) (ISO: a week belongs
 * to the month, quarter and year that hold its Thursday). */
static int
weeks_of(const struct report_period *p, struct rp_week *w)
{
	struct report_period	 wk;
	long			 first = report_period_first(p);
	long			 end = report_period_end(p), d;
	int			 n = 0;

	if (p->unit == REPORT_WEEK) {
		d = first;
	} else {
		d = first;
		while (iso_weekday(d) != 4)
			d++;
		d -= 3;
	}
	for (; d + 3 < end && n < RP_MAX_WEEKS; d += 7) {
		wk = report_period_of(REPORT_WEEK, d);
		report_period_format(&wk, w[n].text);
		w[n].first = d;
		w[n].from = time_days_start(d);
		w[n].until = time_days_start(d + 7);
		n++;
	}
	return n;
}

static struct report_period
code_unit_period(enum cb_period u, long day)
{
	return report_period_of(u == CB_PERIOD_WEEK ? REPORT_WEEK :
	    u == CB_PERIOD_QUARTER ? REPORT_QUARTER : REPORT_MONTH, day);
}

struct figure_arg {
	struct report	*r;
	struct scan	*sc;
	const struct cb_code *code;
	const char	*period;
	long		*sum;		/* trends: numerator and denominator */
};

static struct rp_figure *
figure_of(struct report *r, int commune, int village, int code,
    const char *period)
{
	struct rp_figure	*f;
	size_t			 i;

	for (i = r->nfigures; i > 0; i--) {
		f = &r->figures[i - 1];
		if (f->commune == commune && f->village == village &&
		    f->code == code && strcmp(f->period, period) == 0)
			return f;
		if (f->code != code || strcmp(f->period, period) != 0)
			break;	/* the code-period's figures are together */
	}
	r->figures = xreallocarray(r->figures, r->nfigures + 1,
	    sizeof(*r->figures));
	f = &r->figures[r->nfigures++];
	memset(f, 0, sizeof(*f));
	f->commune = commune;
	f->village = village;
	f->code = code;
	snprintf(f->period, sizeof(f->period), "%s", period);
	return f;
}

static void
values_of(const struct cb_code *code, const char *details, long *values)
{
	json_error_t	 e;
	json_t		*o = json_loads(details, 0, &e), *vals, *v;
	int		 i;

	vals = json_object_get(o, "values");
	for (i = 0; i < code->nnumbers; i++) {
		v = json_object_get(vals, code->numbers[i].name);
		values[i] = json_is_integer(v) ? (long)json_integer_value(v) :
		    0;
	}
	json_decref(o);
}

static int
collect_figure(const struct coverage_row *row, void *arg)
{
	struct figure_arg	*a = arg;
	struct report		*r = a->r;
	long			 values[CB_MAX_NUMBERS];
	size_t			 vi;
	int			 level, i, c;

	if (!table_get(&a->sc->villages, hash_str(row->village), row->village,
	    &vi) || !r->villages[vi].in_area)
		return 0;
	memset(values, 0, sizeof(values));
	values_of(a->code, row->details, values);
	if (a->sum != NULL) {
		a->sum[0] += values[a->code->ratio_num];
		a->sum[1] += values[a->code->ratio_den];
		return 0;
	}
	c = r->villages[vi].commune;
	for (level = 0; level < 3; level++) {
		struct rp_figure *f = figure_of(r, level == 2 ? RP_AREA : c,
		    level == 0 ? (int)vi : RP_TOTAL, a->code->index,
		    a->period);

		for (i = 0; i < a->code->nnumbers; i++)
			f->values[i] += values[i];
		f->villages++;
	}
	return 0;
}

static int
figure_cmp(const void *a, const void *b)
{
	const struct rp_figure *x = a, *y = b;
	int k;

	if (x->code != y->code)
		return x->code - y->code;
	if ((k = strcmp(x->period, y->period)) != 0)
		return k;
	/* villages, then their commune's total; the area's last */
	if (x->commune != y->commune)
		return x->commune == RP_AREA ? 1 : y->commune == RP_AREA ?
		    -1 : x->commune - y->commune;
	if (x->village != y->village)
		return x->village == RP_TOTAL ? 1 : y->village == RP_TOTAL ?
		    -1 : x->village - y->village;
	return 0;
}

/* The coverage figures of each code for its periods in the report's. */
static int
collect_coverage(struct report *r, struct scan *sc)
{
	const struct codebook	*cb = r->conf->codebook;
	struct figure_arg	 a;
	long			 first = report_period_first(&r->period);
	long			 end = report_period_end(&r->period), d;
	char			 text[16];
	int			 k;

	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code	*c = &cb->codes[k];
		struct report_period	 p;
		int			 coarser;

		if (c->kind != CB_COVERAGE || c->period == CB_PERIOD_NONE)
			continue;
		coarser = (c->period == CB_PERIOD_QUARTER && (r->period.unit ==
		    REPORT_MONTH || r->period.unit == REPORT_WEEK)) ||
		    (c->period == CB_PERIOD_MONTH && r->period.unit ==
		    REPORT_WEEK);
		/* a week belongs to the month of its Thursday */
		d = coarser && r->period.unit == REPORT_WEEK ? first + 3 :
		    first;
		for (;; d = report_period_end(&p)) {
			long thursday;

			p = code_unit_period(c->period, d);
			thursday = report_period_first(&p) + (p.unit ==
			    REPORT_WEEK ? 3 : 0);
			if (!coarser && thursday < first)
				continue;
			if (!coarser && thursday >= end)
				break;
			report_period_format(&p, text);
			a = (struct figure_arg){ r, sc, c, text, NULL };
			if (store_view_coverage_period(r->store, c->code, text,
			    collect_figure, &a) == -1)
				return -1;
			if (coarser)
				break;
		}
	}
	if (r->nfigures > 1)	/* NULL when empty */
		qsort(r->figures, r->nfigures, sizeof(*r->figures), figure_cmp);
	return 0;
}

/* Month by month, the area's ratio of each monthly code with a target. */
static int
collect_trends(struct report *r, struct scan *sc)
{
	const struct codebook	*cb = r->conf->codebook;
	struct report_period	 m;
	struct figure_arg	 a;
	long			 sum[2];
	int			 k, i;

	m = report_period_of(REPORT_MONTH, report_period_end(&r->period) - 1);
	for (i = RP_CHART_MONTHS - 1; i >= 0; i--) {
		report_period_format(&m, r->months[i]);
		m = report_period_prev(m);
	}
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code	*c = &cb->codes[k];
		struct rp_trend		*t;

		if (c->kind != CB_COVERAGE || c->ratio_num < 0 ||
		    c->period != CB_PERIOD_MONTH)
			continue;
		r->trends = xreallocarray(r->trends, r->ntrends + 1,
		    sizeof(*r->trends));
		t = &r->trends[r->ntrends++];
		memset(t, 0, sizeof(*t));
		t->code = k;
		for (i = 0; i < RP_CHART_MONTHS; i++) {
			sum[0] = sum[1] = 0;
			a = (struct figure_arg){ r, sc, c, r->months[i], sum };
			if (store_view_coverage_period(r->store, c->code,
			    r->months[i], collect_figure, &a) == -1)
				return -1;
			t->num[i] = sum[0];
			t->den[i] = sum[1];
		}
	}
	return 0;
}

static void
collect_reporter(const struct reporter *p, void *arg)
{
	struct scan	*sc = arg;
	struct report	*r = sc->r;
	struct rp_reporter *rr;
	size_t		 vi;
	int		 c = -1;
	size_t		 k;

	if (strcmp(p->status, "active") != 0)
		return;
	for (k = 0; k < r->conf->ncommunes; k++)
		if (strcmp(r->conf->communes[k].code, p->commune) == 0)
			c = (int)k;
	if (c < 0 || !r->communes[c].in_area)
		return;
	r->reporters = xreallocarray(r->reporters, r->nreporters + 1,
	    sizeof(*r->reporters));
	rr = &r->reporters[r->nreporters];
	memset(rr, 0, sizeof(*rr));
	snprintf(rr->phone, sizeof(rr->phone), "%s", p->phone);
	snprintf(rr->name, sizeof(rr->name), "%s", p->name);
	rr->commune = c;
	rr->village = p->village[0] != '\0' && table_get(&sc->villages,
	    hash_str(p->village), p->village, &vi) ? (int)vi : -1;
	table_put(&sc->phones, hash_str(p->phone), p->phone, r->nreporters);
	r->nreporters++;
}

static int
line_cmp(const void *a, const void *b)
{
	const struct rp_line *x = a, *y = b;

	if (x->commune != y->commune)
		return x->commune == RP_AREA ? 1 : y->commune == RP_AREA ?
		    -1 : x->commune - y->commune;
	if (x->village != y->village)
		return x->village == RP_TOTAL ? 1 : y->village == RP_TOTAL ?
		    -1 : x->village - y->village;
	if (x->code != y->code)
		return x->code - y->code;
	if (x->sex != y->sex)
		return x->sex - y->sex;
	return x->outcome - y->outcome;
}

static int
popcount(uint64_t v)
{
	int n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

/* Completeness, reporters and village counts, village to area. */
static void
sum_places(struct report *r)
{
	size_t i;

	for (i = 0; i < r->conf->nvillages; i++) {
		struct rp_place	*v = &r->villages[i];
		struct rp_place	*c = &r->communes[v->commune];

		if (!v->in_area)
			continue;
		v->villages = 1;
		v->weeks_done = popcount(v->done);
		v->prev_weeks_done = popcount(v->prev_done);
		c->villages++;
		c->weeks_done += v->weeks_done;
		c->prev_weeks_done += v->prev_weeks_done;
		r->area.villages++;
		r->area.weeks_done += v->weeks_done;
		r->area.prev_weeks_done += v->prev_weeks_done;
	}
	for (i = 0; i < r->nreporters; i++) {
		const struct rp_reporter	*p = &r->reporters[i];
		int				 active = p->reports > 0;

		if (p->village >= 0) {
			r->villages[p->village].active += active;
			r->villages[p->village].silent += !active;
		}
		r->communes[p->commune].active += active;
		r->communes[p->commune].silent += !active;
		r->area.active += active;
		r->area.silent += !active;
	}
}

static int
in_group(const struct conf_digest_group *g, const char *commune)
{
	size_t i;

	for (i = 0; i < g->communes.n; i++)
		if (strcmp(g->communes.v[i], "*") == 0 ||
		    strcmp(g->communes.v[i], commune) == 0)
			return 1;
	return 0;
}

struct report *
report_build(struct store *st, const struct conf *c,
    const struct conf_digest_group *g, const struct report_period *p)
{
	struct report	*r = xcalloc(1, sizeof(*r));
	struct scan	 sc;
	struct zero_mark z;
	time_t		 scan_from, scan_until;
	long		 last;
	size_t		 i;
	int		 w;

	memset(&sc, 0, sizeof(sc));
	sc.r = r;
	r->store = st;
	r->conf = c;
	r->group = g;
	r->period = *p;
	r->prev = report_period_prev(*p);
	report_period_format(&r->period, r->ptext);
	report_period_format(&r->prev, r->prev_text);
	r->from = time_days_start(report_period_first(p));
	r->until = time_days_start(report_period_end(p));
	r->prev_from = time_days_start(report_period_first(&r->prev));
	r->outcome_vocab = codebook_vocab(c->codebook, "outcome");
	r->villages = xcalloc(c->nvillages + 1, sizeof(*r->villages));
	r->communes = xcalloc(c->ncommunes + 1, sizeof(*r->communes));
	r->commune_weeks = xcalloc((c->ncommunes + 1) * RP_CHART_WEEKS,
	    sizeof(long));
	r->area.commune = RP_AREA;
	r->area.village = RP_TOTAL;
	r->area.in_area = 1;
	for (i = 0; i < c->ncommunes; i++) {
		r->communes[i].commune = (int)i;
		r->communes[i].village = RP_TOTAL;
		r->communes[i].in_area = in_group(g, c->communes[i].code);
	}
	for (i = 0; i < c->nvillages; i++) {
		const struct conf_commune *cc = conf_commune(c,
		    c->villages[i].commune);

		r->villages[i].village = (int)i;
		r->villages[i].commune = cc != NULL ? (int)(cc - c->communes) :
		    0;
		r->villages[i].in_area = cc != NULL &&
		    r->communes[r->villages[i].commune].in_area;
		table_put(&sc.villages, hash_str(c->villages[i].code),
		    c->villages[i].code, i);
	}
	r->nweeks = weeks_of(&r->period, r->weeks);
	r->nprev_weeks = weeks_of(&r->prev, r->prev_weeks);
	/* the charts' 12 weeks end with the report's last week */
	last = r->nweeks > 0 ? r->weeks[r->nweeks - 1].first :
	    report_period_first(p);
	for (w = RP_CHART_WEEKS - 1; w >= 0; w--, last -= 7) {
		struct report_period wk = report_period_of(REPORT_WEEK, last);

		report_period_format(&wk, r->cweeks[w].text);
		r->cweeks[w].first = report_period_first(&wk);
		r->cweeks[w].from = time_days_start(report_period_first(&wk));
		r->cweeks[w].until = time_days_start(report_period_end(&wk));
	}
	if (store_reporter_each(st, collect_reporter, &sc) == -1)
		goto fail;
	scan_from = r->prev_from;
	if (r->nprev_weeks > 0 && r->prev_weeks[0].from < scan_from)
		scan_from = r->prev_weeks[0].from;
	if (r->cweeks[0].from < scan_from)
		scan_from = r->cweeks[0].from;
	scan_until = r->until;
	if (r->nweeks > 0 && r->weeks[r->nweeks - 1].until > scan_until)
		scan_until = r->weeks[r->nweeks - 1].until;
	if (store_view_period_rows(st, scan_from, scan_until, scan_row,
	    &sc) == -1)
		goto fail;
	z.sc = &sc;
	for (z.prev = 0; z.prev < 2; z.prev++)
		for (z.week = 0; z.week < (z.prev ? r->nprev_weeks :
		    r->nweeks); z.week++)
			if (store_view_zero_villages(st, z.prev ?
			    r->prev_weeks[z.week].text : r->weeks[z.week].text,
			    zero_village, &z) == -1)
				goto fail;
	if (collect_coverage(r, &sc) == -1 || collect_trends(r, &sc) == -1 ||
	    rp_collect_cases(r) == -1)
		goto fail;
	if (r->nlines > 1)	/* NULL when empty */
		qsort(r->lines, r->nlines, sizeof(*r->lines), line_cmp);
	sum_places(r);
	table_free(&sc.villages);
	table_free(&sc.phones);
	table_free(&sc.details);
	table_free(&sc.lines);
	free(sc.parsed);
	return r;
fail:
	table_free(&sc.villages);
	table_free(&sc.phones);
	table_free(&sc.details);
	table_free(&sc.lines);
	free(sc.parsed);
	report_free(r);
	return NULL;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	free(r->lines);
	free(r->figures);
	free(r->villages);
	free(r->communes);
	free(r->reporters);
	free(r->commune_weeks);
	free(r->trends);
	free(r);
}
