/*
 * /trends: for the user's communes, the active incident reports of the
 * last 12 weeks (?weeks=52: a year) by code and by commune, and each
 * monthly coverage code's ratio over 12 months against its target (the
 * sums over the villages of their latest figures, as the periodic
 * reports count them).  Each chart is the periodic reports' drawing
 * (chart/chart.c, cairo's SVG surface) inline, made fit for the page's
 * Content-Security-Policy by web_svg_inline(); each has its text
 * equivalent (a caption) and its figures as a table.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "codebook.h"
#include "conf.h"
#include "html.h"
#include "period.h"
#include "store.h"
#include "timeutil.h"
#include "web.h"
#include "web_int.h"
#include "xmalloc.h"

#define MONTHS		12
#define CODE_SERIES	7	/* codes drawn; the others summed as one */

struct trends {
	struct web_req	*rq;
	int		 nweeks;
	long		 first;		/* the first Monday, days since 1970 */
	char		 week[CHART_X_MAX][PERIOD_TEXT_MAX];
	long		*by_code;	/* [week * ncodes + code index] */
	long		*by_commune;	/* [week * ncommunes + commune] */
	int		 charts;	/* drawn so far: their id prefixes */
};

/* A row's code and commune, as indexes (stored codes are canonical). */
static int
counted(int week, const char *code, const char *commune, long n, void *arg)
{
	struct trends		*t = arg;
	const struct conf	*cf = t->rq->conf;
	const struct codebook	*cb = cf->codebook;
	int			 k;
	size_t			 c;

	if (week < 0 || week >= t->nweeks)
		return 0;
	for (k = 0; k < cb->ncodes; k++)
		if (strcmp(cb->codes[k].code, code) == 0) {
			t->by_code[week * cb->ncodes + k] += n;
			break;
		}
	for (c = 0; c < cf->ncommunes; c++)
		if (strcmp(cf->communes[c].code, commune) == 0) {
			t->by_commune[(size_t)week * cf->ncommunes + c] += n;
			break;
		}
	return 0;
}

/* "W48" of "2026-W48": the axis has little room. */
static char *
week_label(const char *text)
{
	const char *w = strchr(text, 'W');

	return xstrdup(w != NULL ? w : text);
}

/* A chart, its caption and, after it, the caller's table. */
static void
figure(struct trends *t, const struct chart *c, const char *alt)
{
	struct web_req	*rq = t->rq;
	char		*svg, *page = NULL, prefix[16];

	snprintf(prefix, sizeof(prefix), "c%d", ++t->charts);
	if ((svg = chart_svg(c)) != NULL)
		page = web_svg_inline(svg, prefix);
	html_f(&rq->out, "<h2>%s</h2><figure>", c->title);
	if (page != NULL) {
		html_f(&rq->out, "<div role=\"img\" aria-label=\"%s\">", alt);
		html_raw(&rq->out, page);	/* the code's drawing */
		html_raw(&rq->out, "</div>");
	}
	html_f(&rq->out, "<figcaption>%s</figcaption></figure>\n", alt);
	free(svg);
	free(page);
}

/* The alt text of a weekly chart. */
static char *
weekly_alt(struct trends *t, const char *label, long total)
{
	struct buf	 b;
	char		 n[24];
	const char	*vars[7];

	snprintf(n, sizeof(n), "%ld", total);
	vars[0] = "first";
	vars[1] = t->week[0];
	vars[2] = "last";
	vars[3] = t->week[t->nweeks - 1];
	vars[4] = "total";
	vars[5] = n;
	vars[6] = NULL;
	buf_init(&b, 4096);
	buf_template(&b, L(t->rq, label), vars, 0);
	return buf_take(&b);
}

/*
 * A weekly chart and its table: series (names, counts [week * stride +
 * index]) of the indexes listed; other: the sum of the rest, or -1.
 */
static void
weekly(struct trends *t, const char *title, const char *alt_label,
    const char *const *names, const long *counts, int stride,
    const int *idx, int n, int other_from)
{
	struct web_req	*rq = t->rq;
	struct chart	 c;
	char		*alt, num[24];
	const char	*vars[3];
	struct buf	 tb;
	long		 total = 0, v, row;
	int		 w, i, k, ns;

	memset(&c, 0, sizeof(c));
	c.kind = t->nweeks <= 12 ? CHART_BARS : CHART_LINES;
	c.target = -1;
	snprintf(num, sizeof(num), "%d", t->nweeks);
	vars[0] = "weeks";
	vars[1] = num;
	vars[2] = NULL;
	buf_init(&tb, 4096);
	buf_template(&tb, L(rq, title), vars, 0);
	c.title = buf_take(&tb);
	c.nx = t->nweeks;
	for (w = 0; w < t->nweeks; w++)
		c.x[w] = week_label(t->week[w]);
	ns = other_from >= 0 && n > other_from ? other_from + 1 : n;
	if (ns > CHART_SERIES_MAX)
		ns = CHART_SERIES_MAX;
	for (i = 0; i < ns; i++) {
		c.s[i].label = xstrdup(i == other_from ?
		    L(rq, "web_trends_other") : names[idx[i]]);
		for (w = 0; w < t->nweeks; w++) {
			v = 0;
			for (k = i; k < (i == other_from ? n : i + 1); k++)
				v += counts[w * stride + idx[k]];
			c.s[i].v[w] = (double)v;
			total += v;
		}
	}
	c.ns = ns;
	alt = weekly_alt(t, alt_label, total);
	figure(t, &c, alt);
	/* the figures: a row a week, newest first */
	html_f(&rq->out, "<div class=\"scroll\"><table><thead><tr><th>%s</th>",
	    L(rq, "rcol_week"));
	for (i = 0; i < ns; i++)
		html_f(&rq->out, "<th class=\"n\">%s</th>", c.s[i].label);
	html_f(&rq->out, "<th class=\"n\">%s</th></tr></thead><tbody>\n",
	    L(rq, "total"));
	for (w = t->nweeks - 1; w >= 0; w--) {
		html_f(&rq->out, "<tr><td>%s</td>", t->week[w]);
		for (i = 0, row = 0; i < ns; i++) {
			html_f(&rq->out, "<td class=\"n\">%ld",
			    (long)c.s[i].v[w]);
			row += (long)c.s[i].v[w];
			html_raw(&rq->out, "</td>");
		}
		html_f(&rq->out, "<td class=\"n\">%ld</td></tr>\n", row);
	}
	html_raw(&rq->out, "</tbody></table></div>");
	free(alt);
	chart_clear(&c);
}

/* ---- coverage by month ---- */

struct sums {
	struct web_req		*rq;
	const struct cb_code	*code;
	long			 num, den;
};

static int
summed(const struct coverage_row *row, void *arg)
{
	struct sums			*s = arg;
	const struct conf_village	*v = conf_village(s->rq->conf,
					    row->village);
	json_error_t			 e;
	json_t				*o, *vals;

	if (v == NULL || !web_sees(s->rq, v->commune))
		return 0;
	o = json_loads(row->details, 0, &e);
	vals = json_object_get(o, "values");
	s->num += (long)json_integer_value(json_object_get(vals,
	    s->code->numbers[s->code->ratio_num].name));
	s->den += (long)json_integer_value(json_object_get(vals,
	    s->code->numbers[s->code->ratio_den].name));
	json_decref(o);
	return 0;
}

static int
coverage(struct trends *t, const struct cb_code *code,
    char months[MONTHS][PERIOD_TEXT_MAX])
{
	struct web_req	*rq = t->rq;
	struct chart	 c;
	struct sums	 s[MONTHS];
	struct buf	 b;
	char		 target[16], *alt;
	const char	*vars[9];
	int		 m;

	for (m = 0; m < MONTHS; m++) {
		s[m] = (struct sums){ rq, code, 0, 0 };
		if (store_view_coverage_period(rq->s, code->code, months[m],
		    summed, &s[m]) == -1)
			return -1;
	}
	memset(&c, 0, sizeof(c));
	snprintf(target, sizeof(target), "%d", code->target);
	vars[0] = "title";
	vars[1] = code->title;
	vars[2] = "target";
	vars[3] = target;
	vars[4] = NULL;
	buf_init(&b, 4096);
	buf_template(&b, L(rq, "chart_coverage"), vars, 0);
	c.title = buf_take(&b);
	c.kind = CHART_LINES;
	c.percent = 1;
	c.target = code->target;
	c.target_label = xasprintf("%s %d%%", L(rq, "chart_target"),
	    code->target);
	c.nx = MONTHS;
	c.ns = 1;
	c.s[0].label = xstrdup(code->title);
	for (m = 0; m < MONTHS; m++) {
		c.x[m] = xstrdup(months[m] + 5);	/* "11" of "2026-11" */
		c.s[0].v[m] = s[m].den > 0 ? 100.0 * (double)s[m].num /
		    (double)s[m].den : -1;
	}
	vars[0] = "first";
	vars[1] = months[0];
	vars[2] = "last";
	vars[3] = months[MONTHS - 1];
	vars[4] = "title";
	vars[5] = code->title;
	vars[6] = "target";
	vars[7] = target;
	vars[8] = NULL;
	buf_init(&b, 4096);
	buf_template(&b, L(rq, "chart_alt_coverage"), vars, 0);
	alt = buf_take(&b);
	figure(t, &c, alt);
	html_f(&rq->out, "<div class=\"scroll\"><table><thead><tr><th>%s</th>"
	    "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s"
	    "</th><th class=\"n\">%s</th></tr></thead><tbody>\n",
	    L(rq, "rcol_month"), L(rq, "rcol_numerator"),
	    L(rq, "rcol_denominator"), L(rq, "rcol_ratio"),
	    L(rq, "rcol_target"));
	for (m = MONTHS - 1; m >= 0; m--) {
		html_f(&rq->out, "<tr><td>%s</td><td class=\"n\">%ld</td>"
		    "<td class=\"n\">%ld</td><td class=\"n\">", months[m],
		    s[m].num, s[m].den);
		if (s[m].den > 0)
			html_f(&rq->out, "%ld", (s[m].num * 1000 / s[m].den +
			    5) / 10);
		else
			html_raw(&rq->out, "–");
		html_f(&rq->out, "</td><td class=\"n\">%d</td></tr>\n",
		    code->target);
	}
	html_raw(&rq->out, "</tbody></table></div>");
	free(alt);
	chart_clear(&c);
	return 0;
}

/* ---- the page ---- */

/* Sorts idx by totals, most first (ties: code book order). */
static void
by_total(int *idx, int n, const long *totals)
{
	int i, j, x;

	for (i = 1; i < n; i++) {
		x = idx[i];
		for (j = i; j > 0 && (totals[idx[j - 1]] < totals[x] ||
		    (totals[idx[j - 1]] == totals[x] && idx[j - 1] > x)); j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
}

static void
codes_chart(struct trends *t)
{
	const struct codebook	*cb = t->rq->conf->codebook;
	const char		*names[CB_MAX_CODES];
	long			 totals[CB_MAX_CODES];
	int			 idx[CB_MAX_CODES], n = 0, k, w;

	for (k = 0; k < cb->ncodes; k++) {
		names[k] = cb->codes[k].code;
		totals[k] = 0;
		for (w = 0; w < t->nweeks; w++)
			totals[k] += t->by_code[w * cb->ncodes + k];
		if (totals[k] > 0)
			idx[n++] = k;
	}
	by_total(idx, n, totals);
	weekly(t, "web_trends_codes", "web_trends_alt_codes", names,
	    t->by_code, cb->ncodes, idx, n, n > CODE_SERIES + 1 ?
	    CODE_SERIES : -1);
}

static void
communes_chart(struct trends *t)
{
	const struct conf	*cf = t->rq->conf;
	const char		**names;
	int			*idx, n = 0;
	size_t			 c;

	names = xcalloc(cf->ncommunes + 1, sizeof(*names));
	idx = xcalloc(cf->ncommunes + 1, sizeof(*idx));
	for (c = 0; c < cf->ncommunes; c++) {
		names[c] = cf->communes[c].name;
		if (web_sees(t->rq, cf->communes[c].code))
			idx[n++] = (int)c;
	}
	weekly(t, "web_trends_communes", "web_trends_alt_communes", names,
	    t->by_commune, (int)cf->ncommunes, idx, n, -1);
	free(names);
	free(idx);
}

enum MHD_Result
web_trends(struct web_req *rq)
{
	const struct codebook	*cb = rq->conf->codebook;
	const char		*ws = form_get(&rq->query, "weeks", NULL);
	struct trends		 t;
	struct local_time	 lt;
	struct period		 p;
	struct web_scope	 sc;
	char			 months[MONTHS][PERIOD_TEXT_MAX], *json;
	long			 monday;
	int			 w, m, k, rc;

	memset(&t, 0, sizeof(t));
	t.rq = rq;
	if (ws == NULL || strcmp(ws, "12") == 0)
		t.nweeks = 12;
	else if (strcmp(ws, "52") == 0)
		t.nweeks = 52;
	else
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	time_local(rq->now, &lt);
	p = period_of(CB_PERIOD_WEEK, &lt);
	monday = period_start(&p);
	t.first = monday - 7L * (t.nweeks - 1);
	for (w = 0; w < t.nweeks; w++) {
		struct local_time d;

		memset(&d, 0, sizeof(d));
		civil_from_days(t.first + 7L * w, &d.year, &d.month, &d.day);
		p = period_of(CB_PERIOD_WEEK, &d);
		period_format(&p, t.week[w]);
	}
	p = period_of(CB_PERIOD_MONTH, &lt);
	for (m = MONTHS - 1; m >= 0; m--) {
		period_format(&p, months[m]);
		p = period_prev(p);
	}
	t.by_code = xcalloc((size_t)t.nweeks * (size_t)cb->ncodes + 1,
	    sizeof(long));
	t.by_commune = xcalloc((size_t)t.nweeks * rq->conf->ncommunes + 1,
	    sizeof(long));
	web_scope(rq, &sc, &json);
	rc = store_web_incident_weeks(rq->s, &sc, time_days_start(t.first),
	    time_days_start(monday + 7), counted, &t);
	free(json);
	if (rc == -1)
		goto fail;
	web_begin(rq, L(rq, "web_trends_title"));
	html_f(&rq->out, "<p><a href=\"/trends?weeks=%d\">%s</a></p>",
	    t.nweeks == 12 ? 52 : 12, L(rq, t.nweeks == 12 ?
	    "web_trends_year" : "web_trends_quarter"));
	codes_chart(&t);
	communes_chart(&t);
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind != CB_COVERAGE || c->ratio_num < 0 ||
		    c->ratio_den < 0 || c->period != CB_PERIOD_MONTH)
			continue;
		if (coverage(&t, c, months) == -1)
			goto fail;
	}
	free(t.by_code);
	free(t.by_commune);
	web_end(rq);
	return web_send(rq, MHD_HTTP_OK);
fail:
	free(t.by_code);
	free(t.by_commune);
	return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "web_error");
}
