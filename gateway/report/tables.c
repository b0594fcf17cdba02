/*
 * The sections of a report as typed tables (numbers stay numbers), in
 * the order every rendering shows them: summary and change, incidents,
 * cases, coverage against targets, every coverage figure, completeness, the
 * weeks, reporters, and the figures of each chart (its text equivalent).
 * csv.c, html.c and xlsx.c only lay these out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "timeutil.h"
#include "xmalloc.h"

#define COLS_MAX	64

struct builder {
	const struct report	*r;
	struct rp_tables	*out;
	struct rp_table		*t;
	int			 col;
};

static void
table_start(struct builder *b, const char *sheet, const char *title,
    int chart)
{
	struct rp_tables *o = b->out;

	o->v = xreallocarray(o->v, o->n + 1, sizeof(*o->v));
	b->t = &o->v[o->n++];
	memset(b->t, 0, sizeof(*b->t));
	b->t->sheet = rp_label(b->r, sheet);
	b->t->title = xstrdup(title);
	b->t->cols = xcalloc(COLS_MAX, sizeof(char *));
	b->t->chart = chart;
	b->col = 0;
}

/* A column titled by a label, or by "label (label2)". */
static void
col(struct builder *b, const char *label, const char *label2)
{
	if (b->t->ncols == COLS_MAX)
		return;
	b->t->cols[b->t->ncols++] = label2 == NULL ?
	    xstrdup(rp_label(b->r, label)) : xasprintf("%s (%s)",
	    rp_label(b->r, label), rp_label(b->r, label2));
}

static void
col_text(struct builder *b, const char *text)
{
	if (b->t->ncols < COLS_MAX)
		b->t->cols[b->t->ncols++] = xstrdup(text);
}

static struct rp_cell *
next_cell(struct builder *b)
{
	struct rp_table *t = b->t;

	if (b->col == 0) {
		t->cells = xreallocarray(t->cells, (t->nrows + 1) *
		    (size_t)t->ncols, sizeof(*t->cells));
		memset(&t->cells[t->nrows * (size_t)t->ncols], 0,
		    (size_t)t->ncols * sizeof(*t->cells));
		t->nrows++;
	}
	return &t->cells[(t->nrows - 1) * (size_t)t->ncols + (size_t)
	    b->col++ % (size_t)t->ncols];
}

static void
end_cell(struct builder *b)
{
	if (b->col == b->t->ncols)
		b->col = 0;
}

static void
text(struct builder *b, const char *s)
{
	struct rp_cell *c = next_cell(b);

	c->type = s != NULL ? RC_TEXT : RC_EMPTY;
	c->s = s != NULL ? xstrdup(s) : NULL;
	end_cell(b);
}

static void
num(struct builder *b, long n)
{
	struct rp_cell *c = next_cell(b);

	c->type = RC_INT;
	c->n = n;
	end_cell(b);
}

static void
pct(struct builder *b, double d)
{
	struct rp_cell *c = next_cell(b);

	c->type = d < 0 ? RC_EMPTY : RC_PERCENT;
	c->d = d;
	end_cell(b);
}

/* The commune and village cells of a place. */
static void
where(struct builder *b, int commune, int village)
{
	const struct conf *c = b->r->conf;

	text(b, commune == RP_AREA ? rp_label(b->r, "total") :
	    c->communes[commune].name);
	text(b, commune == RP_AREA ? rp_area_name(b->r) : village == RP_TOTAL ?
	    rp_label(b->r, "total") : c->villages[village].name);
}

static double
completeness(const struct rp_place *p, int weeks, int prev)
{
	return rp_pct(prev ? p->prev_weeks_done : p->weeks_done,
	    (long)p->villages * weeks);
}

static void
summary_row(struct builder *b, const struct rp_place *p)
{
	const struct report	*r = b->r;
	double			 now = completeness(p, r->nweeks, 0);
	double			 before = completeness(p, r->nprev_weeks, 1);

	where(b, p->commune, p->village);
	num(b, p->reports);
	num(b, p->prev_reports);
	num(b, p->reports - p->prev_reports);
	num(b, p->children);
	num(b, p->prev_children);
	num(b, p->children - p->prev_children);
	num(b, p->alerts);
	pct(b, now);
	pct(b, before);
	if (now >= 0 && before >= 0) {
		struct rp_cell *c = next_cell(b);

		c->type = RC_PERCENT;
		c->d = now - before;
		end_cell(b);
	} else
		pct(b, -1);
	num(b, p->active);
	num(b, p->silent);
}

/* Each commune of the area: its villages, then its total; the area's. */
static void
each_place(struct builder *b, void (*fn)(struct builder *,
    const struct rp_place *))
{
	const struct report	*r = b->r;
	size_t			 c, v;

	for (c = 0; c < r->conf->ncommunes; c++) {
		if (!r->communes[c].in_area)
			continue;
		for (v = 0; v < r->conf->nvillages; v++)
			if (r->villages[v].in_area &&
			    r->villages[v].commune == (int)c)
				fn(b, &r->villages[v]);
		fn(b, &r->communes[c]);
	}
	fn(b, &r->area);
}

static void
summary(struct builder *b)
{
	table_start(b, "sheet_summary", rp_label(b->r, "sheet_summary"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_reports", NULL);
	col(b, "rcol_reports", "rcol_previous");
	col(b, "rcol_reports", "rcol_change");
	col(b, "rcol_children", NULL);
	col(b, "rcol_children", "rcol_previous");
	col(b, "rcol_children", "rcol_change");
	col(b, "rcol_alerts", NULL);
	col(b, "rcol_completeness", NULL);
	col(b, "rcol_completeness", "rcol_previous");
	col(b, "rcol_completeness", "rcol_change");
	col(b, "rcol_active", NULL);
	col(b, "rcol_silent", NULL);
	each_place(b, summary_row);
}

static void
incidents(struct builder *b)
{
	const struct report	*r = b->r;
	const struct codebook	*cb = r->conf->codebook;
	size_t			 i;
	int			 k;

	table_start(b, "sheet_incidents", rp_label(r, "sheet_incidents"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_code", NULL);
	col(b, "rcol_title", NULL);
	col(b, "rcol_sex", NULL);
	col(b, "rcol_outcome", NULL);
	for (k = 0; k < RP_NBANDS; k++)
		col_text(b, rp_band_label(r, k));
	col(b, "rcol_children", NULL);
	col(b, "rcol_reports", NULL);
	for (i = 0; i < r->nlines; i++) {
		const struct rp_line	*l = &r->lines[i];
		char			 name[64];

		where(b, l->commune, l->village);
		text(b, cb->codes[l->code].code);
		text(b, cb->codes[l->code].title);
		text(b, rp_sex_label(r, l->sex));
		if (l->outcome >= 0) {
			snprintf(name, sizeof(name), "outcome_%s",
			    cb->vocabs[r->outcome_vocab].values[l->outcome].
			    value);
			text(b, rp_label(r, name));
		} else
			text(b, rp_label(r, "outcome_none"));
		for (k = 0; k < RP_NBANDS; k++)
			num(b, l->band[k]);
		num(b, l->children);
		num(b, l->reports);
	}
}

static void
dec(struct builder *b, double d)
{
	struct rp_cell *c = next_cell(b);

	c->type = d < 0 ? RC_EMPTY : RC_DECIMAL;
	c->d = d;
	end_cell(b);
}

static void
cases_row(struct builder *b, const char *name, const struct rp_cases *k)
{
	text(b, name);
	num(b, k->opened);
	num(b, k->acked);
	dec(b, k->ack_hours);
	num(b, k->closed);
	dec(b, k->close_days);
	num(b, k->open_end);
	num(b, k->overdue);
}

/* Per commune of the area, then the area's. */
static void
cases(struct builder *b)
{
	const struct report	*r = b->r;
	size_t			 c;

	table_start(b, "sheet_cases", rp_label(r, "sheet_cases"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_cases_opened", NULL);
	col(b, "rcol_cases_acked", NULL);
	col(b, "rcol_ack_hours", NULL);
	col(b, "rcol_cases_closed", NULL);
	col(b, "rcol_close_days", NULL);
	col(b, "rcol_cases_open", NULL);
	col(b, "rcol_cases_overdue", NULL);
	for (c = 0; c < r->conf->ncommunes; c++)
		if (r->communes[c].in_area)
			cases_row(b, r->conf->communes[c].name,
			    &r->communes[c].cases);
	cases_row(b, rp_label(r, "total"), &r->area.cases);
}

static void
coverage(struct builder *b)
{
	const struct report	*r = b->r;
	const struct codebook	*cb = r->conf->codebook;
	size_t			 i;

	table_start(b, "sheet_coverage", rp_label(r, "sheet_coverage"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_code", NULL);
	col(b, "rcol_title", NULL);
	col(b, "rcol_period", NULL);
	col(b, "rcol_figure", NULL);
	col(b, "rcol_numerator", NULL);
	col(b, "rcol_denominator", NULL);
	col(b, "rcol_ratio", NULL);
	col(b, "rcol_target", NULL);
	col(b, "rcol_met", NULL);
	col(b, "rcol_villages", NULL);
	for (i = 0; i < r->nfigures; i++) {
		const struct rp_figure	*f = &r->figures[i];
		const struct cb_code	*c = &cb->codes[f->code];
		double			 ratio = rp_ratio(r, f);
		char			 fig[2 * CB_LABEL_MAX + 8];

		if (c->ratio_num < 0 || c->ratio_den < 0)
			continue;
		where(b, f->commune, f->village);
		text(b, c->code);
		text(b, c->title);
		text(b, f->period);
		snprintf(fig, sizeof(fig), "%s / %s", codebook_label(cb,
		    c->numbers[c->ratio_num].name), codebook_label(cb,
		    c->numbers[c->ratio_den].name));
		text(b, fig);
		num(b, f->values[c->ratio_num]);
		num(b, f->values[c->ratio_den]);
		pct(b, ratio);
		num(b, c->target);
		text(b, ratio < 0 ? NULL : rp_label(r, (c->lower_better ?
		    ratio <= c->target : ratio >= c->target) ? "yes" : "no"));
		num(b, f->villages);
	}
}

static void
figures(struct builder *b)
{
	const struct report	*r = b->r;
	const struct codebook	*cb = r->conf->codebook;
	size_t			 i;
	int			 k;

	table_start(b, "sheet_figures", rp_label(r, "sheet_figures"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_code", NULL);
	col(b, "rcol_period", NULL);
	col(b, "rcol_figure", NULL);
	col(b, "rcol_value", NULL);
	col(b, "rcol_villages", NULL);
	for (i = 0; i < r->nfigures; i++) {
		const struct rp_figure	*f = &r->figures[i];
		const struct cb_code	*c = &cb->codes[f->code];

		for (k = 0; k < c->nnumbers; k++) {
			where(b, f->commune, f->village);
			text(b, c->code);
			text(b, f->period);
			text(b, codebook_label(cb, c->numbers[k].name));
			num(b, f->values[k]);
			num(b, f->villages);
		}
	}
}

static void
completeness_row(struct builder *b, const struct rp_place *p)
{
	const struct report	*r = b->r;
	double			 now = completeness(p, r->nweeks, 0);

	where(b, p->commune, p->village);
	num(b, p->villages);
	num(b, r->nweeks);
	num(b, p->weeks_done);
	pct(b, now);
	pct(b, completeness(p, r->nprev_weeks, 1));
}

static void
completeness_table(struct builder *b)
{
	const struct report	*r = b->r;
	int			 w;
	size_t			 v;

	table_start(b, "sheet_completeness", rp_label(r, "sheet_completeness"),
	    0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_villages", NULL);
	col(b, "rcol_weeks", NULL);
	col(b, "rcol_weeks_done", NULL);
	col(b, "rcol_completeness", NULL);
	col(b, "rcol_completeness", "rcol_previous");
	each_place(b, completeness_row);

	table_start(b, "sheet_weeks", rp_label(r, "sheet_weeks"), 0);
	col(b, "rcol_week", NULL);
	col(b, "rcol_villages", NULL);
	col(b, "rcol_weeks_done", NULL);
	col(b, "rcol_completeness", NULL);
	for (w = 0; w < r->nweeks; w++) {
		long done = 0;

		for (v = 0; v < r->conf->nvillages; v++)
			if (r->villages[v].in_area &&
			    (r->villages[v].done >> w & 1))
				done++;
		text(b, r->weeks[w].text);
		num(b, r->area.villages);
		num(b, done);
		pct(b, rp_pct(done, r->area.villages));
	}
}

static void
reporters(struct builder *b)
{
	const struct report	*r = b->r;
	char			 when[32];
	size_t			 i;

	table_start(b, "sheet_reporters", rp_label(r, "sheet_reporters"), 0);
	col(b, "rcol_commune", NULL);
	col(b, "rcol_village", NULL);
	col(b, "rcol_reporter", NULL);
	col(b, "rcol_phone", NULL);
	col(b, "rcol_state", NULL);
	col(b, "rcol_messages", NULL);
	col(b, "rcol_last_report", NULL);
	for (i = 0; i < r->nreporters; i++) {
		const struct rp_reporter *p = &r->reporters[i];

		text(b, r->conf->communes[p->commune].name);
		text(b, p->village >= 0 ? r->conf->villages[p->village].name :
		    NULL);
		text(b, p->name);
		text(b, p->phone);
		text(b, rp_label(r, p->reports > 0 ? "reporter_active" :
		    "reporter_silent"));
		num(b, p->reports);
		if (p->last > 0)
			time_format_iso(p->last, when);
		text(b, p->last > 0 ? when : NULL);
	}
}

static void
chart_tables(struct builder *b)
{
	const struct report	*r = b->r;
	const struct codebook	*cb = r->conf->codebook;
	struct buf		 title;
	const char		*vars[8];
	char			 target[16];
	size_t			 c, t;
	int			 w, m, chart = 1;

	table_start(b, "sheet_charts", rp_label(r, "chart_incidents"),
	    chart++);
	col(b, "rcol_week", NULL);
	for (c = 0; c < r->conf->ncommunes; c++)
		if (r->communes[c].in_area)
			col_text(b, r->conf->communes[c].name);
	col(b, "total", NULL);
	for (w = 0; w < RP_CHART_WEEKS; w++) {
		long sum = 0;

		text(b, r->cweeks[w].text);
		for (c = 0; c < r->conf->ncommunes; c++)
			if (r->communes[c].in_area) {
				num(b, r->commune_weeks[c * RP_CHART_WEEKS +
				    (size_t)w]);
				sum += r->commune_weeks[c * RP_CHART_WEEKS +
				    (size_t)w];
			}
		num(b, sum);
	}
	table_start(b, "sheet_charts", rp_label(r, "chart_alerts"), chart++);
	col(b, "rcol_week", NULL);
	col(b, "rcol_alerts", NULL);
	for (w = 0; w < RP_CHART_WEEKS; w++) {
		text(b, r->cweeks[w].text);
		num(b, r->alert_weeks[w]);
	}
	buf_init(&title, 4096);
	for (t = 0; t < r->ntrends; t++) {
		const struct cb_code *code = &cb->codes[r->trends[t].code];

		snprintf(target, sizeof(target), "%d", code->target);
		vars[0] = "title"; vars[1] = code->title;
		vars[2] = "target"; vars[3] = target;
		vars[4] = NULL;
		title.len = 0;
		title.p[0] = '\0';
		buf_template(&title, rp_label(r, "chart_coverage"), vars, 0);
		table_start(b, "sheet_charts", title.p, chart++);
		col(b, "rcol_month", NULL);
		col(b, "rcol_numerator", NULL);
		col(b, "rcol_denominator", NULL);
		col(b, "rcol_ratio", NULL);
		col(b, "rcol_target", NULL);
		for (m = 0; m < RP_CHART_MONTHS; m++) {
			text(b, r->months[m]);
			num(b, r->trends[t].num[m]);
			num(b, r->trends[t].den[m]);
			pct(b, rp_pct(r->trends[t].num[m], r->trends[t].den[m]));
			num(b, code->target);
		}
	}
	buf_free(&title);
}

void
rp_tables_build(const struct report *r, struct rp_tables *out)
{
	struct builder b = { r, out, NULL, 0 };

	out->v = NULL;
	out->n = 0;
	summary(&b);
	incidents(&b);
	cases(&b);
	coverage(&b);
	figures(&b);
	completeness_table(&b);
	reporters(&b);
	chart_tables(&b);
}

void
rp_tables_free(struct rp_tables *ts)
{
	size_t i, k;

	for (i = 0; i < ts->n; i++) {
		struct rp_table *t = &ts->v[i];

		for (k = 0; k < t->nrows * (size_t)t->ncols; k++)
			free(t->cells[k].s);
		for (k = 0; k < (size_t)t->ncols; k++)
			free(t->cols[k]);
		free(t->cells);
		free(t->cols);
		free(t->title);
	}
	free(ts->v);
	ts->v = NULL;
	ts->n = 0;
}
