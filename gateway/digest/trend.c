/*
 * The digest's trend: twelve weeks of active incident reports per commune
 * of the group, the digest's own week the last (to the end of its day),
 * one grouped count per week (store_view_commune_incidents: the
 * reports_time index, twelve bounded ranges).  Its chart is sized for a
 * phone's screen and drawn by chart/: a line per commune with a marker of
 * its own and a legend (or the group's total, for groups of more than
 * DG_LINES_MAX communes); its text equivalent is the alt text and each
 * commune's figures in words (dg_trend_words).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "digest_int.h"
#include "timeutil.h"
#include "xmalloc.h"

#define TREND_WIDTH	360	/* CSS pixels: the width of a phone */
#define TREND_HEIGHT	210
#define TREND_SCALE	2	/* PNG pixels per CSS pixel */

struct week_arg {
	struct digest	*d;
	int		 w;
};

static int
count_week(const char *commune, long n, long alerts, void *arg)
{
	struct week_arg			*a = arg;
	const struct conf_commune	*c = conf_commune(a->d->conf, commune);

	(void)alerts;
	if (c == NULL || !dg_in_group(a->d->group, commune))
		return 0;
	a->d->trend.n[(size_t)(c - a->d->conf->communes) * DG_WEEKS +
	    (size_t)a->w] += n;
	return 0;
}

int
dg_collect_trend(struct digest *d)
{
	struct week_arg	a = { d, 0 };
	long		monday = period_start(&d->week), day;
	int		y, m, dd;

	d->trend.n = xcalloc((d->conf->ncommunes + 1) * DG_WEEKS,
	    sizeof(*d->trend.n));
	for (a.w = 0; a.w < DG_WEEKS; a.w++) {
		struct dg_week *wk = &d->trend.weeks[a.w];

		day = monday - 7L * (DG_WEEKS - 1 - a.w);
		wk->from = time_days_start(day);
		wk->until = a.w == DG_WEEKS - 1 ? d->until :
		    time_days_start(day + 7);
		civil_from_days(day, &y, &m, &dd);
		snprintf(wk->label, sizeof(wk->label), "%02d/%02d", dd % 100,
		    m % 100);
		if (store_view_commune_incidents(d->store, wk->from, wk->until,
		    count_week, &a) == -1)
			return -1;
	}
	return 0;
}

void
dg_free_trend(struct digest *d)
{
	free(d->trend.n);
	d->trend.n = NULL;
}

int
dg_trend_lines(const struct digest *d)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < d->conf->ncommunes; i++)
		n += dg_in_group(d->group, d->conf->communes[i].code);
	return n <= DG_LINES_MAX ? n : 0;
}

/* The figure of week w of commune i (conf index), or of the group (-1). */
static long
week_count(const struct digest *d, int i, int w)
{
	size_t	k;
	long	n = 0;

	if (i >= 0)
		return d->trend.n[(size_t)i * DG_WEEKS + (size_t)w];
	for (k = 0; k < d->conf->ncommunes; k++)
		n += d->trend.n[k * DG_WEEKS + (size_t)w];
	return n;
}

static void
build(const struct digest *d, struct chart *c)
{
	size_t	i;
	int	w, lines = dg_trend_lines(d);

	memset(c, 0, sizeof(*c));
	c->kind = CHART_LINES;
	c->title = xstrdup(dg_label(d, "chart_weeks"));
	c->target = -1;
	c->width = TREND_WIDTH;
	c->height = TREND_HEIGHT;
	c->scale = TREND_SCALE;
	c->no_values = lines > 1;	/* in words under the chart */
	c->nx = DG_WEEKS;
	for (w = 0; w < DG_WEEKS; w++)
		c->x[w] = xstrdup(d->trend.weeks[w].label);
	if (lines == 0) {
		c->s[0].label = xstrdup(dg_label(d, "chart_weeks_total"));
		for (w = 0; w < DG_WEEKS; w++)
			c->s[0].v[w] = (double)week_count(d, -1, w);
		c->ns = 1;
		return;
	}
	for (i = 0; i < d->conf->ncommunes && c->ns < CHART_SERIES_MAX; i++) {
		if (!dg_in_group(d->group, d->conf->communes[i].code))
			continue;
		c->s[c->ns].label = xstrdup(d->conf->communes[i].name);
		for (w = 0; w < DG_WEEKS; w++)
			c->s[c->ns].v[w] = (double)week_count(d, (int)i, w);
		c->ns++;
	}
}

unsigned char *
dg_trend_png(const struct digest *d, size_t *len)
{
	struct chart	 c;
	unsigned char	*png;

	build(d, &c);
	png = chart_png(&c, len);
	chart_clear(&c);
	return png;
}

char *
dg_trend_svg(const struct digest *d)
{
	struct chart	 c;
	char		*svg;

	build(d, &c);
	svg = chart_svg(&c);
	chart_clear(&c);
	return svg;
}

void
dg_trend_words(const struct digest *d, const char *commune, struct buf *b)
{
	const struct conf_commune	*c = commune != NULL ?
					    conf_commune(d->conf, commune) :
					    NULL;
	struct buf			 counts;
	const char			*vars[7];
	int				 w, i = c != NULL ?
					    (int)(c - d->conf->communes) : -1;

	buf_init(&counts, 1024);
	for (w = 0; w < DG_WEEKS; w++)
		buf_printf(&counts, "%s%ld", w > 0 ? ", " : "",
		    week_count(d, i, w));
	vars[0] = "first";
	vars[1] = d->trend.weeks[0].label;
	vars[2] = "last";
	vars[3] = d->trend.weeks[DG_WEEKS - 1].label;
	vars[4] = "counts";
	vars[5] = counts.p;
	vars[6] = NULL;
	dg_template(d, b, "commune_weeks", vars);
	buf_free(&counts);
}

void
dg_trend_alt(const struct digest *d, struct buf *b)
{
	struct buf	 names, what;
	char		 count[24];
	const char	*vars[7];
	size_t		 i;
	int		 n = 0, lines = dg_trend_lines(d) > 0;

	buf_init(&names, 4096);
	buf_init(&what, 8192);
	for (i = 0; i < d->conf->ncommunes; i++)
		if (dg_in_group(d->group, d->conf->communes[i].code))
			buf_printf(&names, "%s%s", n++ > 0 ? ", " : "",
			    d->conf->communes[i].name);
	snprintf(count, sizeof(count), "%d", n);
	vars[0] = "communes";
	vars[1] = names.p;
	vars[2] = "count";
	vars[3] = count;
	vars[4] = NULL;
	dg_template(d, &what, lines ? "chart_lines" : "chart_total", vars);
	vars[0] = "first";
	vars[1] = d->trend.weeks[0].label;
	vars[2] = "last";
	vars[3] = d->trend.weeks[DG_WEEKS - 1].label;
	vars[4] = "lines";
	vars[5] = what.p;
	vars[6] = NULL;
	dg_template(d, b, "chart_alt_weeks", vars);
	buf_free(&what);
	buf_free(&names);
}

struct digest_image *
digest_images(const struct digest *d, size_t *n)
{
	struct digest_image *v = xcalloc(2, sizeof(*v));

	*n = 0;
	if ((v[0].data = dg_trend_png(d, &v[0].len)) == NULL)
		return v;
	snprintf(v[0].cid, sizeof(v[0].cid), "%s", DIGEST_CHART_CID);
	snprintf(v[0].name, sizeof(v[0].name), "weeks.png");
	*n = 1;
	return v;
}

void
digest_images_free(struct digest_image *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i].data);
	free(v);
}
