/*
 * The charts of a report, as chart data (chart/chart.h): 12 weeks of
 * incidents per commune, alert reports per week, and each monthly
 * coverage code against its target over 12 months.  Each has its text
 * equivalent here (alt text) and its figures as a table (tables.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "report_int.h"
#include "xmalloc.h"

int
rp_nchart(const struct report *r)
{
	return 2 + (int)r->ntrends;
}

/* "W48" of "2026-W48": the axis has little room. */
static char *
week_label(const char *text)
{
	const char *w = strchr(text, 'W');

	return xstrdup(w != NULL ? w : text);
}

int
rp_chart(const struct report *r, int index, struct chart *c)
{
	const struct codebook	*cb = r->conf->codebook;
	size_t			 k;
	int			 w, m;

	memset(c, 0, sizeof(*c));
	c->target = -1;
	if (index < 1 || index > rp_nchart(r))
		return -1;
	if (index == 1) {
		c->kind = CHART_BARS;
		c->title = xstrdup(rp_label(r, "chart_incidents"));
		c->nx = RP_CHART_WEEKS;
		for (w = 0; w < RP_CHART_WEEKS; w++)
			c->x[w] = week_label(r->cweeks[w].text);
		for (k = 0; k < r->conf->ncommunes && c->ns < CHART_SERIES_MAX;
		    k++) {
			if (!r->communes[k].in_area)
				continue;
			c->s[c->ns].label = xstrdup(r->conf->communes[k].name);
			for (w = 0; w < RP_CHART_WEEKS; w++)
				c->s[c->ns].v[w] = (double)r->commune_weeks[k *
				    RP_CHART_WEEKS + (size_t)w];
			c->ns++;
		}
		return 0;
	}
	if (index == 2) {
		c->kind = CHART_BARS;
		c->title = xstrdup(rp_label(r, "chart_alerts"));
		c->nx = RP_CHART_WEEKS;
		c->ns = 1;
		c->s[0].label = xstrdup(rp_label(r, "rcol_alerts"));
		for (w = 0; w < RP_CHART_WEEKS; w++) {
			c->x[w] = week_label(r->cweeks[w].text);
			c->s[0].v[w] = (double)r->alert_weeks[w];
		}
		return 0;
	}
	{
		const struct rp_trend	*t = &r->trends[index - 3];
		const struct cb_code	*code = &cb->codes[t->code];
		char			 target[16];
		const char		*vars[6];
		struct buf		 b;

		c->kind = CHART_LINES;
		c->percent = 1;
		snprintf(target, sizeof(target), "%d", code->target);
		vars[0] = "title"; vars[1] = code->title;
		vars[2] = "target"; vars[3] = target;
		vars[4] = NULL;
		buf_init(&b, 4096);
		buf_template(&b, rp_label(r, "chart_coverage"), vars, 0);
		c->title = buf_take(&b);
		c->target = code->target;
		c->target_label = xasprintf("%s %d%%", rp_label(r,
		    "chart_target"), code->target);
		c->nx = RP_CHART_MONTHS;
		c->ns = 1;
		c->s[0].label = xstrdup(code->title);
		for (m = 0; m < RP_CHART_MONTHS; m++) {
			c->x[m] = xstrdup(r->months[m]);
			c->s[0].v[m] = rp_pct(t->num[m], t->den[m]);
		}
	}
	return 0;
}

void
rp_chart_free(struct chart *c)
{
	chart_clear(c);
}

char *
rp_chart_alt(const struct report *r, int index)
{
	const struct codebook	*cb = r->conf->codebook;
	struct buf		 b;
	const char		*vars[12];
	char			 total[24], target[16];
	long			 sum = 0;
	int			 w;

	buf_init(&b, 4096);
	vars[0] = "first";
	vars[2] = "last";
	if (index <= 2) {
		vars[1] = r->cweeks[0].text;
		vars[3] = r->cweeks[RP_CHART_WEEKS - 1].text;
		for (w = 0; w < RP_CHART_WEEKS; w++)
			sum += r->alert_weeks[w];
		snprintf(total, sizeof(total), "%ld", sum);
		vars[4] = "total";
		vars[5] = total;
		vars[6] = NULL;
		buf_template(&b, rp_label(r, index == 1 ?
		    "chart_alt_incidents" : "chart_alt_alerts"), vars, 0);
	} else if (index - 3 < (int)r->ntrends) {
		const struct cb_code *code =
		    &cb->codes[r->trends[index - 3].code];

		snprintf(target, sizeof(target), "%d", code->target);
		vars[1] = r->months[0];
		vars[3] = r->months[RP_CHART_MONTHS - 1];
		vars[4] = "title";
		vars[5] = code->title;
		vars[6] = "target";
		vars[7] = target;
		vars[8] = NULL;
		buf_template(&b, rp_label(r, "chart_alt_coverage"), vars, 0);
	}
	return buf_take(&b);
}

struct report_image *
report_images(const struct report *r, size_t *n)
{
	struct report_image	*v;
	struct chart		 c;
	int			 i, k = 0;

	v = xcalloc((size_t)rp_nchart(r) + 1, sizeof(*v));
	for (i = 1; i <= rp_nchart(r); i++) {
		if (rp_chart(r, i, &c) == -1)
			continue;
		v[k].data = chart_png(&c, &v[k].len);
		rp_chart_free(&c);
		if (v[k].data == NULL)
			continue;
		snprintf(v[k].cid, sizeof(v[k].cid), "chart%d@reportgw", i);
		snprintf(v[k].name, sizeof(v[k].name), "chart%d.png", i);
		k++;
	}
	*n = (size_t)k;
	return v;
}

void
report_images_free(struct report_image *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i].data);
	free(v);
}
