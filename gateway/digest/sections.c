/*
 * The sections of the digest that read the collected day: the urgent
 * reports, the villages that did not report this week, the summary per
 * commune with its trend, the coverage figures against their targets and
 * the counts of what went wrong.  Each counts by the predicates of
 * words.c, so a section's figures add up to the headline; each list is
 * bounded, and what it leaves out is in the CSV (csv.c), which it says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest_int.h"
#include "xmalloc.h"

/* "… và N mục khác: xem tệp CSV kèm theo." */
static void
more(struct out *o, long n)
{
	char		 count[24];
	const char	*vars[] = { "count", count, NULL };

	if (n <= 0)
		return;
	snprintf(count, sizeof(count), "%ld", n);
	dg_line(o, "more_in_csv", vars, "font-style:italic");
}

/* The shown alerts of a commune (NULL: of a commune not in the config)
 * under its name and count. */
static void
urgent_in(struct out *o, const char *code, const char *name)
{
	const struct digest	*d = dg_out_digest(o);
	struct buf		 head;
	size_t			 i, n = 0;
	int			 pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->reports.n; i++) {
			const struct report_row *r = &d->reports.v[i].r;

			if (!dg_is_alert(r) || !dg_is_shown(d, r->id) ||
			    (code != NULL ? strcmp(r->commune, code) != 0 :
			    conf_commune(d->conf, r->commune) != NULL))
				continue;
			if (pass == 0) {
				n++;
				continue;
			}
			if (n > 0) {
				buf_init(&head, 1024);
				buf_printf(&head, "%s (%zu)", code != NULL ?
				    name : r->commune, n);
				dg_para(o, head.p, "font-weight:bold;"
				    "margin:8px 0 2px");
				buf_free(&head);
				n = 0;
			}
			dg_incident(o, &d->reports, i);
		}
}

/* Messages to call back (review.c), then the alert incidents by commune,
 * up to DG_URGENT_SHOWN in all: dg_is_shown() says which. */
void
dg_sec_urgent(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	const struct conf	*c = d->conf;
	struct dg_counts	 k;
	size_t			 i;

	dg_count(d, &k);
	if (k.urgent + k.review == 0)
		return;
	dg_section(o, "section_urgent", NULL);
	dg_alarm(o, 1);
	dg_reviews(o, DG_URGENT_SHOWN);
	for (i = 0; i < c->ncommunes; i++)
		if (dg_in_group(d->group, c->communes[i].code))
			urgent_in(o, c->communes[i].code, c->communes[i].name);
	urgent_in(o, NULL, NULL);
	dg_alarm(o, 0);
	more(o, k.urgent + k.review - (long)d->nshown);
}

/* The day's incidents and alerts of a commune. */
static void
day_counts(const struct digest *d, const char *commune, long *incidents,
    long *urgent)
{
	size_t i;

	*incidents = *urgent = 0;
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row *r = &d->reports.v[i].r;

		if (strcmp(r->commune, commune) != 0)
			continue;
		*incidents += dg_is_incident(r);
		*urgent += dg_is_alert(r);
	}
}

/* The commune's villages, and those that reported this week. */
static void
village_counts(const struct digest *d, const char *commune, long *villages,
    long *reported)
{
	size_t i;

	*villages = *reported = 0;
	for (i = 0; i < d->conf->nvillages; i++)
		if (strcmp(d->conf->villages[i].commune, commune) == 0) {
			(*villages)++;
			*reported += d->reported[i] != 0;
		}
}

static void
case_counts(const struct digest *d, const char *commune, long *open,
    long *overdue)
{
	size_t i;

	*open = *overdue = 0;
	for (i = 0; i < d->ncases; i++)
		if (strcmp(d->cases[i].commune, commune) == 0) {
			(*open)++;
			*overdue += dg_case_overdue(d, &d->cases[i]);
		}
}

/* The trend's chart, then each commune: its day, its week, its cases,
 * and its twelve weeks in words (the chart's text equivalent). */
void
dg_sec_communes(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	const struct conf	*c = d->conf;
	struct buf		 text, weeks, alt;
	char			 n[6][24];
	const char		*vars[13];
	long			 v[6];
	size_t			 ci;
	int			 k;

	dg_section(o, "section_communes", NULL);
	buf_init(&alt, 16 * 1024);
	dg_trend_alt(d, &alt);
	dg_chart(o, alt.p);
	buf_free(&alt);
	buf_init(&text, 4096);
	buf_init(&weeks, 4096);
	for (ci = 0; ci < c->ncommunes; ci++) {
		const struct conf_commune *cm = &c->communes[ci];

		if (!dg_in_group(d->group, cm->code))
			continue;
		day_counts(d, cm->code, &v[0], &v[1]);
		village_counts(d, cm->code, &v[2], &v[3]);
		case_counts(d, cm->code, &v[4], &v[5]);
		for (k = 0; k < 6; k++)
			snprintf(n[k], sizeof(n[k]), "%ld", v[k]);
		vars[0] = "incidents"; vars[1] = n[0];
		vars[2] = "urgent"; vars[3] = n[1];
		vars[4] = "villages"; vars[5] = n[2];
		vars[6] = "reported"; vars[7] = n[3];
		vars[8] = "cases"; vars[9] = n[4];
		vars[10] = "overdue"; vars[11] = n[5];
		vars[12] = NULL;
		text.len = 0;
		text.p[0] = '\0';
		dg_template(d, &text, "commune_line", vars);
		weeks.len = 0;
		weeks.p[0] = '\0';
		dg_trend_words(d, cm->code, &weeks);
		dg_named(o, cm->name, text.p, weeks.p);
	}
	buf_free(&text);
	buf_free(&weeks);
}

/* A coverage code's latest figures, summed over the group's villages. */
struct code_sum {
	long	num, den;
	int	villages;
};

/* The figure, the target and whether it is met, in words. */
static void
latest_words(const struct digest *d, const struct cb_code *code,
    const struct code_sum *s, int p, int met, struct buf *b)
{
	char		 nums[5][24];
	const char	*vars[13];
	struct buf	 target;

	buf_init(&target, 1024);
	snprintf(nums[0], sizeof(nums[0]), "%d", p);
	snprintf(nums[1], sizeof(nums[1]), "%ld", s->num);
	snprintf(nums[2], sizeof(nums[2]), "%ld", s->den);
	snprintf(nums[3], sizeof(nums[3]), "%d", s->villages);
	snprintf(nums[4], sizeof(nums[4]), "%d", code->target);
	vars[0] = "target";
	vars[1] = nums[4];
	vars[2] = NULL;
	dg_template(d, &target, code->lower_better ? "target_max" :
	    "target_min", vars);
	vars[0] = "percent"; vars[1] = nums[0];
	vars[2] = "num"; vars[3] = nums[1];
	vars[4] = "den"; vars[5] = nums[2];
	vars[6] = "villages"; vars[7] = nums[3];
	vars[8] = "target"; vars[9] = target.p;
	vars[10] = "verdict";
	vars[11] = dg_label(d, met ? "target_met" : "target_missed");
	vars[12] = NULL;
	dg_template(d, b, "latest_words", vars);
	buf_free(&target);
}

/* Each coverage code with a ratio: the group's latest figures against
 * the target, as a bar whose words say whether longer is better. */
void
dg_sec_latest(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	const struct codebook	*cb = d->conf->codebook;
	struct code_sum		*sum;
	struct buf		 name, words;
	size_t			 i;
	int			 k;

	if (d->nlatest == 0)
		return;
	sum = xcalloc((size_t)cb->ncodes + 1, sizeof(*sum));
	for (i = 0; i < d->nlatest; i++) {
		struct code_sum *s = &sum[d->latest[i].code->index];

		s->num += d->latest[i].num;
		s->den += d->latest[i].den;
		s->villages++;
	}
	dg_section(o, "section_latest", NULL);
	dg_para(o, dg_label(d, "latest_legend"), "font-size:12px;color:#555");
	buf_init(&name, 1024);
	buf_init(&words, 4096);
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code	*code = &cb->codes[k];
		struct dg_bar		 bar;
		int			 p;

		if (sum[k].villages == 0)
			continue;
		p = dg_percent(sum[k].num, sum[k].den);
		name.len = words.len = 0;
		name.p[0] = words.p[0] = '\0';
		buf_printf(&name, "%s %s", code->code, code->title);
		bar.name = name.p;
		bar.percent = p;
		bar.target = code->target;
		bar.met = code->lower_better ? p <= code->target :
		    p >= code->target;
		latest_words(d, code, &sum[k], p, bar.met, &words);
		bar.words = words.p;
		dg_bar(o, &bar);
	}
	buf_free(&name);
	buf_free(&words);
	free(sum);
}

/* The week's completeness, then each commune's silent villages, the
 * villages to call, up to DG_SILENT_SHOWN in all. */
void
dg_sec_silent(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	const struct conf	*c = d->conf;
	struct dg_counts	 k;
	struct buf		 b;
	char			 week[16], n1[24], n2[24];
	const char		*vars[7];
	size_t			 ci, vi, shown = 0, listed;

	dg_count(d, &k);
	if (k.total_villages == 0)
		return;
	snprintf(week, sizeof(week), "%d/%d", d->week.num, d->week.year);
	snprintf(n1, sizeof(n1), "%ld", k.total_villages - k.silent);
	snprintf(n2, sizeof(n2), "%ld", k.total_villages);
	dg_section(o, "section_silent", NULL);
	vars[0] = "week"; vars[1] = week;
	vars[2] = "reported"; vars[3] = n1;
	vars[4] = "villages"; vars[5] = n2;
	vars[6] = NULL;
	dg_line(o, "completeness_line", vars, "font-weight:bold");
	buf_init(&b, 64 * 1024);
	for (ci = 0; ci < c->ncommunes; ci++) {
		if (!dg_in_group(d->group, c->communes[ci].code))
			continue;
		b.len = 0;
		b.p[0] = '\0';
		listed = 0;
		for (vi = 0; vi < c->nvillages && shown < DG_SILENT_SHOWN;
		    vi++) {
			if (d->reported[vi] || strcmp(c->villages[vi].commune,
			    c->communes[ci].code) != 0)
				continue;
			buf_printf(&b, "%s%s (%s)", listed++ ? ", " : "",
			    c->villages[vi].name, c->villages[vi].code);
			shown++;
		}
		if (listed > 0)
			dg_named(o, c->communes[ci].name, b.p, NULL);
	}
	buf_free(&b);
	more(o, k.silent - (long)shown);
}

/* Counts only: every item is a row of the CSV's lists. */
void
dg_sec_quality(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 n[8][24];
	const char		*vars[17];

	snprintf(n[0], sizeof(n[0]), "%ld", d->rejected);
	snprintf(n[1], sizeof(n[1]), "%zu", d->nday_rejected);
	snprintf(n[2], sizeof(n[2]), "%ld", d->unauth_msgs);
	snprintf(n[3], sizeof(n[3]), "%ld", d->unauth_numbers);
	snprintf(n[4], sizeof(n[4]), "%ld", dg_implausible_count(d));
	snprintf(n[5], sizeof(n[5]), "%zu", d->changes.n);
	dg_section(o, "section_quality", NULL);
	vars[0] = "rejected"; vars[1] = n[0];
	vars[2] = "senders"; vars[3] = n[1];
	vars[4] = "unknown"; vars[5] = n[2];
	vars[6] = "numbers"; vars[7] = n[3];
	vars[8] = "implausible"; vars[9] = n[4];
	vars[10] = "changes"; vars[11] = n[5];
	vars[12] = NULL;
	dg_line(o, "quality_line", vars, NULL);
	snprintf(n[0], sizeof(n[0]), "%zu", d->people.nsilent);
	snprintf(n[1], sizeof(n[1]), "%d", PEOPLE_SILENT_DAYS);
	snprintf(n[2], sizeof(n[2]), "%zu", d->people.nrejected);
	snprintf(n[3], sizeof(n[3]), "%d", PEOPLE_REJECTED_DAYS);
	vars[0] = "silent"; vars[1] = n[0];
	vars[2] = "days"; vars[3] = n[1];
	vars[4] = "rejecters"; vars[5] = n[2];
	vars[6] = "rejected_days"; vars[7] = n[3];
	vars[8] = NULL;
	dg_line(o, "people_line", vars, NULL);
}
