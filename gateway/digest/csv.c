/*
 * The digest's attachment: every full list behind the e-mail's counts, in
 * one CSV file, UTF-8 with a BOM, every cell quoted and never a formula
 * (csv.h).  Each list is a section: a line with its title (labels.conf),
 * a line of column names, its rows, then an empty line; in order: the
 * day's reports, the corrections and cancellations, every village of the
 * group, the latest coverage figures, the open cases, the data quality
 * items and the reporters who need support.
 */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "digest_int.h"
#include "timeutil.h"

/* One cell of the attachment (csv.c: quoted, never a formula). */
static void
cell_csv(struct buf *b, const char *s, int last)
{
	csv_cell(b, s);
	buf_add(b, last ? "\r\n" : ",");
}

static void
cell_num(struct buf *b, long long n, int last)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", n);
	cell_csv(b, num, last);
}

static void
cell_time(struct buf *b, time_t t, int last)
{
	char iso[32];

	if (t > 0)
		time_format_iso(t, iso);
	cell_csv(b, t > 0 ? iso : "", last);
}

/* The title line and the column names of a section. */
static void
start(const struct digest *d, struct buf *b, const char *label,
    const char *const *cols)
{
	size_t k;

	cell_csv(b, dg_label(d, label), 1);
	for (k = 0; cols[k] != NULL; k++)
		cell_csv(b, cols[k], cols[k + 1] == NULL);
}

static void
end(struct buf *b)
{
	buf_add(b, "\r\n");
}

static const char *const report_cols[] = { "ref", "time", "commune",
    "village", "code", "title", "kind", "status", "count", "sex",
    "age_months", "outcome", "subtype", "group", "parents", "flags",
    "period", "values", "note", "reporter", "phone", "alert", "implausible",
    NULL };

static void
report_rows(const struct digest *d, struct buf *b, const struct rows *rows)
{
	struct buf	cell;
	size_t		i, k;

	buf_init(&cell, 4096);
	for (i = 0; i < rows->n; i++) {
		const struct report_row	*r = &rows->v[i].r;
		json_t			*det = rows->details[i], *v;
		const char		*key;
		size_t			 j;

		cell_num(b, (long long)r->id, 0);
		cell_time(b, r->received_at, 0);
		cell_csv(b, r->commune, 0);
		cell_csv(b, r->village, 0);
		cell_csv(b, r->code, 0);
		cell_csv(b, dg_title(d, r->code), 0);
		cell_csv(b, r->kind, 0);
		cell_csv(b, r->status, 0);
		for (k = 8; k <= 14; k++) {
			v = json_object_get(det, report_cols[k]);
			if (json_is_integer(v))
				cell_num(b, (long long)json_integer_value(v),
				    0);
			else
				cell_csv(b, json_string_value(v), 0);
		}
		cell.len = 0;
		cell.p[0] = '\0';
		json_array_foreach(json_object_get(det, "flags"), j, v)
			buf_printf(&cell, "%s%s", j ? ";" : "",
			    json_string_value(v));
		cell_csv(b, cell.p, 0);
		cell_csv(b, r->period, 0);
		cell.len = 0;
		cell.p[0] = '\0';
		j = 0;
		json_object_foreach(json_object_get(det, "values"), key, v)
			buf_printf(&cell, "%s%s=%lld", j++ ? ";" : "", key,
			    (long long)json_integer_value(v));
		cell_csv(b, cell.p, 0);
		cell_csv(b, json_string_value(json_object_get(det, "note")),
		    0);
		cell_csv(b, rows->v[i].reporter, 0);
		cell_csv(b, r->phone, 0);
		cell_csv(b, r->alert ? "1" : "0", 0);
		cell_csv(b, r->implausible ? "1" : "0", 1);
	}
	buf_free(&cell);
}

/* Every village of the group: reported this week, the day's incidents. */
static void
villages(const struct digest *d, struct buf *b)
{
	static const char *const cols[] = { "commune", "commune_name",
	    "village", "village_name", "reported_week", "incidents",
	    "urgent", NULL };
	const struct conf	*c = d->conf;
	size_t			 vi, i;

	start(d, b, "csv_villages", cols);
	for (vi = 0; vi < c->nvillages; vi++) {
		const struct conf_village	*v = &c->villages[vi];
		long				 inc = 0, urg = 0;

		if (!dg_in_group(d->group, v->commune))
			continue;
		for (i = 0; i < d->reports.n; i++)
			if (strcmp(d->reports.v[i].r.village, v->code) == 0) {
				inc += dg_is_incident(&d->reports.v[i].r);
				urg += dg_is_alert(&d->reports.v[i].r);
			}
		cell_csv(b, v->commune, 0);
		cell_csv(b, dg_commune_name(d, v->commune), 0);
		cell_csv(b, v->code, 0);
		cell_csv(b, v->name, 0);
		cell_csv(b, d->reported[vi] ? "1" : "0", 0);
		cell_num(b, inc, 0);
		cell_num(b, urg, 1);
	}
	end(b);
}

static void
latest(const struct digest *d, struct buf *b)
{
	static const char *const cols[] = { "commune", "village",
	    "village_name", "code", "title", "period", "numerator",
	    "denominator", "percent", "target", "lower_is_better", "met",
	    NULL };
	size_t i;

	start(d, b, "section_latest", cols);
	for (i = 0; i < d->nlatest; i++) {
		const struct latest	*l = &d->latest[i];
		int			 p = dg_percent(l->num, l->den);
		int			 met = l->code->lower_better ?
					    p <= l->code->target :
					    p >= l->code->target;

		cell_csv(b, l->village->commune, 0);
		cell_csv(b, l->village->code, 0);
		cell_csv(b, l->village->name, 0);
		cell_csv(b, l->code->code, 0);
		cell_csv(b, l->code->title, 0);
		cell_csv(b, l->period, 0);
		cell_num(b, l->num, 0);
		cell_num(b, l->den, 0);
		cell_num(b, p, 0);
		cell_num(b, l->code->target, 0);
		cell_csv(b, l->code->lower_better ? "1" : "0", 0);
		cell_csv(b, met ? "1" : "0", 1);
	}
	end(b);
}

static void
cases(const struct digest *d, struct buf *b)
{
	static const char *const cols[] = { "ref", "report", "code", "title",
	    "commune", "village", "status", "state", "level", "owner",
	    "referred_to", "opened_at", "acknowledged_at", "age_hours",
	    "overdue", NULL };
	struct buf	state;
	size_t		i;

	buf_init(&state, 4096);
	start(d, b, "section_cases", cols);
	for (i = 0; i < d->ncases; i++) {
		const struct case_row *c = &d->cases[i];

		state.len = 0;
		state.p[0] = '\0';
		dg_case_status(d, c, &state);
		cell_num(b, (long long)c->ref, 0);
		cell_num(b, (long long)c->report_id, 0);
		cell_csv(b, c->code, 0);
		cell_csv(b, dg_title(d, c->code), 0);
		cell_csv(b, c->commune, 0);
		cell_csv(b, c->village, 0);
		cell_csv(b, c->status, 0);
		cell_csv(b, state.p, 0);
		cell_num(b, c->level, 0);
		cell_csv(b, c->owner, 0);
		cell_csv(b, c->referred_to, 0);
		cell_time(b, c->opened_at, 0);
		cell_time(b, c->acknowledged_at, 0);
		cell_num(b, (long long)(d->cases_at - c->opened_at) / 3600, 0);
		cell_csv(b, dg_case_overdue(d, c) ? "1" : "0", 1);
	}
	end(b);
	buf_free(&state);
}

static const char *const quality_cols[] = { "kind", "ref", "phone", "name",
    "commune", "village", "code", "count", NULL };

/* One row of the data quality section. */
static void
quality_row(struct buf *b, const char *kind, long long ref,
    const char *phone, const char *name, const char *commune,
    const char *village, const char *code, long count)
{
	cell_csv(b, kind, 0);
	if (ref > 0)
		cell_num(b, ref, 0);
	else
		cell_csv(b, "", 0);
	cell_csv(b, phone, 0);
	cell_csv(b, name, 0);
	cell_csv(b, commune, 0);
	cell_csv(b, village, 0);
	cell_csv(b, code, 0);
	cell_num(b, count, 1);
}

/* The day's rejected messages by sender, the messages of unknown
 * numbers, the implausible reports: the quality line's counts. */
static void
quality(const struct digest *d, struct buf *b)
{
	size_t i;

	start(d, b, "section_quality", quality_cols);
	for (i = 0; i < d->nday_rejected; i++) {
		const struct rejected_sender *r = &d->day_rejected[i];

		quality_row(b, "rejected", 0, r->sender, r->name, r->commune,
		    r->village, "", r->count);
	}
	if (d->unauth_msgs > 0)
		quality_row(b, "unknown_senders", 0, "", "", "", "", "",
		    d->unauth_msgs);
	for (i = 0; i < d->reports.n; i++) {
		const struct report_view *v = &d->reports.v[i];

		if (dg_is_implausible(&v->r))
			quality_row(b, "implausible", (long long)v->r.id,
			    v->r.phone, v->reporter, v->r.commune,
			    v->r.village, v->r.code, 1);
	}
	end(b);
}

/* The reporters who need support: silent ones, then rejected ones. */
static void
people(const struct digest *d, struct buf *b)
{
	static const char *const cols[] = { "kind", "phone", "name",
	    "commune", "village", "silent_days", "last_seen", "rejected",
	    NULL };
	size_t i;

	start(d, b, "section_people", cols);
	for (i = 0; i < d->people.nsilent; i++) {
		const struct silent_reporter	*s = &d->people.silent[i];
		time_t				 since;

		/* since the last message; else since registered, or as far
		 * as the look back went */
		since = s->last_seen != 0 ? s->last_seen : s->created_at >
		    d->until - PEOPLE_LOOKBACK_DAYS * 86400L ? s->created_at :
		    d->until - PEOPLE_LOOKBACK_DAYS * 86400L;
		cell_csv(b, "silent", 0);
		cell_csv(b, s->r.phone, 0);
		cell_csv(b, s->r.name, 0);
		cell_csv(b, s->r.commune, 0);
		cell_csv(b, s->r.village, 0);
		cell_num(b, (long long)(d->until - since) / 86400, 0);
		cell_time(b, s->last_seen, 0);
		cell_csv(b, "", 1);
	}
	for (i = 0; i < d->people.nrejected; i++) {
		const struct rejected_sender *r = &d->people.rejected[i];

		cell_csv(b, "rejected", 0);
		cell_csv(b, r->sender, 0);
		cell_csv(b, r->name, 0);
		cell_csv(b, r->commune, 0);
		cell_csv(b, r->village, 0);
		cell_csv(b, "", 0);
		cell_csv(b, "", 0);
		cell_num(b, r->count, 1);
	}
	end(b);
}

char *
digest_csv(const struct digest *d)
{
	struct buf b;

	buf_init(&b, DIGEST_BODY_MAX);
	buf_add(&b, "\xef\xbb\xbf");	/* BOM: spreadsheets read UTF-8 */
	start(d, &b, "csv_reports", report_cols);
	report_rows(d, &b, &d->reports);
	end(&b);
	start(d, &b, "section_corrections", report_cols);
	report_rows(d, &b, &d->changes);
	end(&b);
	villages(d, &b);
	latest(d, &b);
	cases(d, &b);
	quality(d, &b);
	people(d, &b);
	return buf_take(&b);
}
