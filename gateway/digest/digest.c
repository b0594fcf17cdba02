/*
 * Digest collection and rendering.  Collection runs a handful of indexed
 * queries bounded by the day (and the week, for completeness); the latest
 * coverage figure is one index probe per village and code.  Rendering
 * walks the collected rows three times: text, HTML, CSV.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "csv.h"
#include "digest.h"
#include "log.h"
#include "period.h"
#include "termsafe.h"
#include "timeutil.h"
#include "xmalloc.h"

#define WEEK_SECONDS	(7 * 86400)
#define TROUBLE_DAYS	7	/* earlier digests looked back on */

/* Report rows, with their details parsed (an object, maybe empty). */
struct rows {
	struct report_view	 *v;
	json_t			**details;
	size_t			  n;
};

struct latest {
	const struct conf_village	*village;
	const struct cb_code		*code;
	char				 period[STORE_CODE_MAX];
	long				 num, den;
};

struct digest {
	struct store			*store;
	const struct conf		*conf;
	const struct conf_digest_group	*group;
	char				 day[16];
	time_t				 from, until;
	struct period			 week;
	struct rows			 reports;	/* of the day */
	struct rows			 changes;	/* cancelled, corrected */
	char				*reported;	/* per village: 0/1 */
	struct latest			*latest;
	size_t				 nlatest;
	struct buf			 quality;	/* text lines */
	long				 rejected, unauth_msgs, unauth_numbers;
	long				 out_failed, out_unknown, pending;
	time_t				 last_poll;
	struct buf			 troubles;	/* earlier digest days */
};

/* ---- helpers ---- */

static const char *
L(const struct digest *d, const char *name)
{
	return conf_label(d->conf, name);
}

/* The words of a digest need only the config: a shell for the helpers. */
static const struct digest *
conf_only(const struct conf *c, struct digest *shell)
{
	memset(shell, 0, sizeof(*shell));
	shell->conf = c;
	return shell;
}

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

	if (!in_group(d->group, v->r.commune))
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

static int
collect_rejected(const struct rejected_sender *r, void *arg)
{
	struct digest	*d = arg;
	char		 who[STORE_NAME_MAX + STORE_ADDR_MAX + 4], count[24];
	const char	*vars[5];

	/* a reporter of another group's commune is not this group's */
	if (r->commune[0] != '\0' && !in_group(d->group, r->commune))
		return 0;
	snprintf(count, sizeof(count), "%ld", r->count);
	if (r->name[0] != '\0')
		snprintf(who, sizeof(who), "%s (%s)", r->name, r->sender);
	else
		snprintf(who, sizeof(who), "%s", r->sender);
	vars[0] = "count";
	vars[1] = count;
	vars[2] = "reporter";
	vars[3] = who;
	vars[4] = NULL;
	buf_template(&d->quality, L(d, "rejected_by"), vars, 0);
	buf_add(&d->quality, "\n");
	d->rejected += r->count;
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

			if (!in_group(d->group, v->commune))
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
	buf_init(&d->quality, 64 * 1024);
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
	if (collect_latest(d) == -1)
		goto fail;
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
	buf_free(&d->quality);
	buf_free(&d->troubles);
	free(d);
}

size_t
digest_reports(const struct digest *d)
{
	return d->reports.n;
}

/* ---- words ---- */

static const struct cb_code *
code_of(const struct digest *d, const char *code)
{
	return codebook_find(d->conf->codebook, code);
}

static const char *
title_of(const struct digest *d, const char *code)
{
	const struct cb_code *c = code_of(d, code);

	return c != NULL ? c->title : code;
}

static const char *
village_name(const struct digest *d, const char *code)
{
	const struct conf_village *v = conf_village(d->conf, code);

	return v != NULL ? v->name : code;
}

static const char *
commune_name(const struct digest *d, const char *code)
{
	const struct conf_commune *c = conf_commune(d->conf, code);

	return c != NULL ? c->name : code;
}

static void
hhmm(time_t t, char out[8])
{
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(out, 8, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

static void
display_day(const char *day, char out[16])
{
	snprintf(out, 16, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

/* A label for a vocabulary value: labels.conf ("outcome_died"), else the
 * code book's. */
static const char *
value_word(const struct digest *d, const char *vocab, const char *value,
    char *buf, size_t size)
{
	const struct codebook	*cb = d->conf->codebook;
	const char		*l;
	int			 v, k;

	snprintf(buf, size, "%s_%s", vocab, value);
	if ((l = conf_label(d->conf, buf)) != buf)
		return l;
	if ((v = codebook_vocab(cb, vocab)) >= 0 &&
	    (k = codebook_value(cb, v, value)) >= 0 &&
	    cb->vocabs[v].values[k].label[0] != '\0')
		return cb->vocabs[v].values[k].label;
	return value;
}

/* "1 trẻ gái 13 tuổi" */
static void
child(const struct digest *d, json_t *det, struct buf *b)
{
	const char	*sex = json_string_value(json_object_get(det, "sex"));
	long		 age = (long)json_integer_value(json_object_get(det,
			    "age_months"));
	long		 count = (long)json_integer_value(json_object_get(det,
			    "count"));
	char		 key[16];

	snprintf(key, sizeof(key), "sex_%s", sex != NULL ? sex : "U");
	if (age % 12 != 0 && age < 60)
		buf_printf(b, "%ld %s %s %ld %s", count, L(d, "children"),
		    L(d, key), age, L(d, "months"));
	else
		buf_printf(b, "%ld %s %s %ld %s", count, L(d, "children"),
		    L(d, key), age / 12, L(d, "years"));
}

/* Outcome, subtype, group, other numbers and flags, comma-separated. */
static void
details(const struct digest *d, json_t *det, struct buf *b)
{
	static const char *const skip[] = { "kind", "code", "count", "sex",
	    "age_months", "flags", "note", "values", "period", NULL };
	const char	*k;
	json_t		*v, *f;
	char		 tmp[96];
	size_t		 i, n = 0;

	json_object_foreach(det, k, v) {
		for (i = 0; skip[i] != NULL && strcmp(skip[i], k) != 0; i++)
			;
		if (skip[i] != NULL)
			continue;
		if (n++ > 0)
			buf_add(b, ", ");
		if (json_is_string(v))
			buf_add(b, value_word(d, k, json_string_value(v), tmp,
			    sizeof(tmp)));
		else
			buf_printf(b, "%s %lld", codebook_label(
			    d->conf->codebook, k),
			    (long long)json_integer_value(v));
	}
	json_array_foreach(json_object_get(det, "flags"), i, f) {
		if (n++ > 0)
			buf_add(b, ", ");
		buf_add(b, value_word(d, "flag", json_string_value(f), tmp,
		    sizeof(tmp)));
	}
}

void
digest_describe(const struct conf *c, const char *details_json,
    struct buf *who, struct buf *what)
{
	struct digest	 shell;
	json_error_t	 e;
	json_t		*det = json_loads(details_json, 0, &e);

	if (det == NULL)
		return;
	child(conf_only(c, &shell), det, who);
	details(&shell, det, what);
	json_decref(det);
}

/* "trẻ 5t 42, đi học 40" */
static void
figures(const struct digest *d, json_t *det, struct buf *b)
{
	const char	*k;
	json_t		*v;
	size_t		 n = 0;

	json_object_foreach(json_object_get(det, "values"), k, v) {
		if (n++ > 0)
			buf_add(b, ", ");
		buf_printf(b, "%s %lld", codebook_label(d->conf->codebook, k),
		    (long long)json_integer_value(v));
	}
}

static int
percent(long num, long den)
{
	if (den <= 0)
		return 0;
	return (int)((num * 100 + den / 2) / den);
}

struct counts {
	long incidents, urgent, coverage, zero, silent, total_villages;
};

static void
count(const struct digest *d, struct counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row *r = &d->reports.v[i].r;

		if (strcmp(r->status, "active") != 0)
			continue;
		if (strcmp(r->kind, "incident") == 0) {
			c->incidents++;
			c->urgent += r->alert;
		} else if (strcmp(r->kind, "coverage") == 0)
			c->coverage++;
		else if (strcmp(r->kind, "zero") == 0)
			c->zero++;
	}
	for (i = 0; i < d->conf->nvillages; i++)
		if (in_group(d->group, d->conf->villages[i].commune)) {
			c->total_villages++;
			c->silent += !d->reported[i];
		}
}

/* The variables of the subject and headline templates. */
static void
head_vars(const struct digest *d, const struct counts *c, char nums[6][24],
    char *date, const char **vars)
{
	display_day(d->day, date);
	snprintf(nums[0], 24, "%ld", c->incidents);
	snprintf(nums[1], 24, "%ld", c->urgent);
	snprintf(nums[2], 24, "%ld", c->coverage);
	snprintf(nums[3], 24, "%ld", c->zero);
	snprintf(nums[4], 24, "%ld", c->silent);
	snprintf(nums[5], 24, "%ld", d->rejected);
	vars[0] = "area"; vars[1] = d->group->name;
	vars[2] = "date"; vars[3] = date;
	vars[4] = "incidents"; vars[5] = nums[0];
	vars[6] = "urgent"; vars[7] = nums[1];
	vars[8] = "coverage"; vars[9] = nums[2];
	vars[10] = "zero"; vars[11] = nums[3];
	vars[12] = "silent"; vars[13] = nums[4];
	vars[14] = "rejected"; vars[15] = nums[5];
	vars[16] = NULL;
}

char *
digest_subject(const struct digest *d)
{
	struct counts	 c;
	struct buf	 b;
	char		 nums[6][24], date[16];
	const char	*vars[18];

	count(d, &c);
	head_vars(d, &c, nums, date, vars);
	buf_init(&b, 1024);
	buf_template(&b, L(d, "digest_subject"), vars, 0);
	return buf_take(&b);
}

/* ---- the sections, shared by text and HTML through small emitters ---- */

struct out {
	const struct digest	*d;
	struct buf		*b;
	int			 html;
};

static void
section(struct out *o, const char *label, const char *const *vars)
{
	const char *none[] = { NULL };

	if (o->html) {
		buf_printf(o->b, "<h2 id=\"%s\" style=\"font-size:17px;"
		    "margin:22px 0 8px;", label);
		buf_add(o->b, "padding-bottom:4px;border-bottom:2px solid "
		    "#1a5c96;color:#1a5c96\">");
		buf_template(o->b, L(o->d, label), vars ? vars : none, 1);
		buf_add(o->b, "</h2>\n");
	} else {
		buf_add(o->b, "\n== ");
		buf_template(o->b, L(o->d, label), vars ? vars : none, 0);
		buf_add(o->b, " ==\n");
	}
}

static void
para(struct out *o, const char *s, const char *style)
{
	if (o->html) {
		buf_printf(o->b, "<p style=\"margin:6px 0;%s\">", style ? style :
		    "");
		buf_html(o->b, s);
		buf_add(o->b, "</p>\n");
	} else {
		buf_add(o->b, s);
		buf_add(o->b, "\n");
	}
}

/* One incident as a line (text) or a table row (HTML). */
static void
incident(struct out *o, const struct rows *rows, size_t i, int with_place)
{
	const struct digest	*d = o->d;
	const struct report_view *v = &rows->v[i];
	const struct report_row	*r = &v->r;
	json_t			*det = rows->details[i];
	struct buf		 ch, de;
	char			 t[8];
	const char		*note = json_string_value(json_object_get(det,
				    "note"));

	buf_init(&ch, 512);
	buf_init(&de, 1024);
	child(d, det, &ch);
	details(d, det, &de);
	hhmm(r->received_at, t);
	if (o->html) {
		buf_printf(o->b, "<tr style=\"border-top:1px solid #ddd\">"
		    "<td style=\"padding:6px 4px;vertical-align:top;"
		    "white-space:nowrap\"><b>#%lld</b><br><span style=\"color:"
		    "#666\">%s</span></td><td style=\"padding:6px 4px;"
		    "vertical-align:top\"><b>", (long long)r->id, t);
		buf_html(o->b, r->code);
		buf_add(o->b, " ");
		buf_html(o->b, title_of(d, r->code));
		buf_add(o->b, "</b>");
		if (with_place) {
			buf_add(o->b, " – ");
			buf_html(o->b, village_name(d, r->village));
			buf_add(o->b, ", ");
			buf_html(o->b, commune_name(d, r->commune));
		}
		buf_add(o->b, "<br>");
		buf_html(o->b, ch.p);
		if (de.len > 0) {
			buf_add(o->b, "; ");
			buf_html(o->b, de.p);
		}
		if (note != NULL) {
			buf_add(o->b, "<br><i>");
			buf_html(o->b, note);
			buf_add(o->b, "</i>");
		}
		buf_add(o->b, "<br><span style=\"color:#666\">");
		buf_html(o->b, v->reporter[0] ? v->reporter : r->phone);
		buf_add(o->b, " ");
		buf_html(o->b, r->phone);
		if (strcmp(r->status, "active") != 0) {
			buf_add(o->b, " – ");
			buf_html(o->b, L(d, strcmp(r->status, "cancelled") == 0 ?
			    "status_cancelled" : "status_superseded"));
		}
		buf_add(o->b, "</span></td></tr>\n");
	} else {
		buf_printf(o->b, "  #%lld %s %s %s", (long long)r->id, t, r->code,
		    title_of(d, r->code));
		if (with_place)
			buf_printf(o->b, " – %s (%s), %s", village_name(d,
			    r->village), r->village, commune_name(d,
			    r->commune));
		buf_printf(o->b, ": %s", ch.p);
		if (de.len > 0)
			buf_printf(o->b, "; %s", de.p);
		if (note != NULL)
			buf_printf(o->b, " – \"%s\"", note);
		buf_printf(o->b, " – %s %s", v->reporter[0] ? v->reporter :
		    "", r->phone);
		if (strcmp(r->status, "active") != 0)
			buf_printf(o->b, " (%s)", L(d, strcmp(r->status,
			    "cancelled") == 0 ? "status_cancelled" :
			    "status_superseded"));
		buf_add(o->b, "\n");
	}
	buf_free(&ch);
	buf_free(&de);
}

static void
table_open(struct out *o)
{
	if (o->html)
		buf_add(o->b, "<table role=\"presentation\" style=\"width:100%;"
		    "border-collapse:collapse;font-size:14px\">\n");
}

static void
table_close(struct out *o)
{
	if (o->html)
		buf_add(o->b, "</table>\n");
}

static void
sec_urgent(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i, n = 0;

	for (i = 0; i < d->reports.n; i++)
		n += d->reports.v[i].r.alert &&
		    strcmp(d->reports.v[i].r.status, "active") == 0;
	if (n == 0)
		return;
	section(o, "section_urgent", NULL);
	if (o->html)
		buf_add(o->b, "<div style=\"border:2px solid #b3261e;"
		    "border-radius:6px;padding:2px 6px;background:#fdecea\">\n");
	table_open(o);
	for (i = 0; i < d->reports.n; i++)
		if (d->reports.v[i].r.alert &&
		    strcmp(d->reports.v[i].r.status, "active") == 0)
			incident(o, &d->reports, i, 1);
	table_close(o);
	if (o->html)
		buf_add(o->b, "</div>\n");
}

static void
sec_incidents(struct out *o)
{
	const struct digest	*d = o->d;
	const struct conf	*c = d->conf;
	size_t			 ci, vi, i, n;

	section(o, "section_incidents", NULL);
	for (i = 0, n = 0; i < d->reports.n; i++)
		n += strcmp(d->reports.v[i].r.kind, "incident") == 0;
	if (n == 0) {
		para(o, L(d, "none"), NULL);
		return;
	}
	for (ci = 0; ci < c->ncommunes; ci++) {
		const struct conf_commune *cm = &c->communes[ci];

		if (!in_group(d->group, cm->code))
			continue;
		for (i = 0, n = 0; i < d->reports.n; i++)
			n += strcmp(d->reports.v[i].r.kind, "incident") == 0 &&
			    strcmp(d->reports.v[i].r.commune, cm->code) == 0;
		if (n == 0)
			continue;
		if (o->html) {
			buf_add(o->b, "<h3 style=\"font-size:15px;margin:14px 0 "
			    "4px\">");
			buf_html(o->b, cm->name);
			buf_printf(o->b, " (%zu)</h3>\n", n);
		} else
			buf_printf(o->b, "%s (%zu)\n", cm->name, n);
		for (vi = 0; vi < c->nvillages; vi++) {
			const struct conf_village *v = &c->villages[vi];
			size_t nv = 0;

			if (strcmp(v->commune, cm->code) != 0)
				continue;
			for (i = 0; i < d->reports.n; i++)
				nv += strcmp(d->reports.v[i].r.kind,
				    "incident") == 0 && strcmp(
				    d->reports.v[i].r.village, v->code) == 0;
			if (nv == 0)
				continue;
			if (o->html) {
				buf_add(o->b, "<div style=\"margin:8px 0 2px;"
				    "font-weight:bold;color:#333\">");
				buf_html(o->b, v->name);
				buf_printf(o->b, " (%s) – %zu</div>\n",
				    v->code, nv);
			} else
				buf_printf(o->b, " %s (%s) – %zu\n", v->name,
				    v->code, nv);
			table_open(o);
			for (i = 0; i < d->reports.n; i++)
				if (strcmp(d->reports.v[i].r.kind,
				    "incident") == 0 && strcmp(
				    d->reports.v[i].r.village, v->code) == 0)
					incident(o, &d->reports, i, 0);
			table_close(o);
		}
	}
}

static void
sec_coverage(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i, n = 0;

	section(o, "section_coverage", NULL);
	table_open(o);
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row	*r = &d->reports.v[i].r;
		struct buf		 f;

		if (strcmp(r->kind, "coverage") != 0 ||
		    strcmp(r->status, "active") != 0)
			continue;
		n++;
		buf_init(&f, 1024);
		figures(d, d->reports.details[i], &f);
		if (o->html) {
			buf_add(o->b, "<tr style=\"border-top:1px solid #ddd\">"
			    "<td style=\"padding:4px;vertical-align:top\">");
			buf_html(o->b, village_name(d, r->village));
			buf_add(o->b, "</td><td style=\"padding:4px\"><b>");
			buf_html(o->b, r->code);
			buf_add(o->b, "</b> ");
			buf_html(o->b, title_of(d, r->code));
			buf_add(o->b, " <span style=\"color:#666\">");
			buf_html(o->b, r->period);
			buf_add(o->b, "</span><br>");
			buf_html(o->b, f.p);
			buf_add(o->b, "</td></tr>\n");
		} else
			buf_printf(o->b, "  %s (%s) %s %s %s: %s\n",
			    village_name(d, r->village), r->village, r->code,
			    title_of(d, r->code), r->period, f.p);
		buf_free(&f);
	}
	table_close(o);
	if (n == 0)
		para(o, L(d, "none"), NULL);
}

/* Spaces up to width characters (not bytes) after s. */
static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t chars = 0;

	for (; *s != '\0'; s++)
		chars += ((unsigned char)*s & 0xC0) != 0x80;
	for (; chars < width; chars++)
		buf_add(b, " ");
}

static void
sec_latest(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i;

	section(o, "section_latest", NULL);
	if (d->nlatest == 0) {
		para(o, L(d, "none"), NULL);
		return;
	}
	table_open(o);
	for (i = 0; i < d->nlatest; i++) {
		const struct latest	*l = &d->latest[i];
		int			 p = percent(l->num, l->den);
		int			 ok = l->code->lower_better ?
					    p <= l->code->target :
					    p >= l->code->target;
		int			 w = p > 100 ? 100 : p;

		if (o->html) {
			buf_add(o->b, "<tr style=\"border-top:1px solid #eee\">"
			    "<td style=\"padding:3px 4px;white-space:nowrap\">");
			buf_html(o->b, l->code->code);
			buf_add(o->b, " ");
			buf_html(o->b, l->village->name);
			buf_printf(o->b, "<br><span style=\"color:#666;"
			    "font-size:12px\">%s · %ld/%ld</span></td>"
			    "<td style=\"padding:3px 4px;width:45%%\">"
			    "<div style=\"background:#eee;border-radius:3px;"
			    "position:relative;height:16px\"><div style=\""
			    "width:%d%%;height:16px;border-radius:3px;"
			    "background:%s\"></div></div><span style=\""
			    "font-size:12px\">%d%% / %s %d%%</span></td></tr>\n",
			    l->period, l->num, l->den, w, ok ? "#2e7d32" :
			    "#c62828", p, L(d, "col_target"), l->code->target);
		} else {
			char bar[11];
			int k;

			for (k = 0; k < 10; k++)
				bar[k] = k < (w + 5) / 10 ? '#' : '.';
			bar[10] = '\0';
			buf_printf(o->b, "  %-4s %s", l->code->code,
			    l->village->name);
			pad(o->b, l->village->name, 22);
			buf_printf(o->b, " [%s] %3d%% (%ld/%ld, %s) %s %d%%%s\n",
			    bar, p, l->num, l->den, l->period,
			    L(d, "col_target"), l->code->target, ok ? "" :
			    " !");
		}
	}
	table_close(o);
}

static void
sec_completeness(struct out *o)
{
	const struct digest	*d = o->d;
	const struct conf	*c = d->conf;
	struct counts		 k;
	char			 week[16], line[64];
	const char		*vars[3];
	size_t			 ci, vi;
	int			 first;

	count(d, &k);
	snprintf(week, sizeof(week), "%d/%d", d->week.num, d->week.year);
	vars[0] = "week";
	vars[1] = week;
	vars[2] = NULL;
	section(o, "section_completeness", vars);
	snprintf(line, sizeof(line), "%ld / %ld", k.total_villages - k.silent,
	    k.total_villages);
	para(o, line, "font-size:18px;font-weight:bold");
	section(o, "section_silent", NULL);
	if (k.silent == 0) {
		para(o, L(d, "none"), NULL);
		return;
	}
	for (ci = 0; ci < c->ncommunes; ci++) {
		struct buf b;

		if (!in_group(d->group, c->communes[ci].code))
			continue;
		buf_init(&b, 8192);
		first = 1;
		for (vi = 0; vi < c->nvillages; vi++) {
			if (d->reported[vi] || strcmp(c->villages[vi].commune,
			    c->communes[ci].code) != 0)
				continue;
			buf_printf(&b, "%s%s (%s)", first ? "" : ", ",
			    c->villages[vi].name, c->villages[vi].code);
			first = 0;
		}
		if (!first) {
			struct buf line2;

			buf_init(&line2, 8192 + 256);
			buf_printf(&line2, "%s: %s", c->communes[ci].name, b.p);
			para(o, line2.p, NULL);
			buf_free(&line2);
		}
		buf_free(&b);
	}
}

static void
sec_changes(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i;

	section(o, "section_corrections", NULL);
	if (d->changes.n == 0) {
		para(o, L(d, "none"), NULL);
		return;
	}
	table_open(o);
	for (i = 0; i < d->changes.n; i++)
		incident(o, &d->changes, i, 1);
	table_close(o);
}

static void
sec_quality(struct out *o)
{
	const struct digest	*d = o->d;
	char			 n1[24], n2[24];
	const char		*vars[5];
	struct buf		 b;
	char			*line, *save = NULL, *copy;

	section(o, "section_quality", NULL);
	copy = xstrdup(d->quality.p);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		para(o, line, NULL);
	free(copy);
	snprintf(n1, sizeof(n1), "%ld", d->unauth_msgs);
	snprintf(n2, sizeof(n2), "%ld", d->unauth_numbers);
	vars[0] = "count";
	vars[1] = n1;
	vars[2] = "numbers";
	vars[3] = n2;
	vars[4] = NULL;
	buf_init(&b, 1024);
	buf_template(&b, L(d, "unknown_senders"), vars, 0);
	para(o, b.p, NULL);
	buf_free(&b);
}

static void
sec_health(struct out *o)
{
	const struct digest	*d = o->d;
	char			 iso[32], n[24];
	const char		*vars[3];
	struct buf		 b;

	section(o, "section_health", NULL);
	buf_init(&b, 1024);
	if (d->last_poll > 0)
		time_format_iso(d->last_poll, iso);
	else
		snprintf(iso, sizeof(iso), "-");
	vars[0] = "time";
	vars[1] = iso;
	vars[2] = NULL;
	buf_template(&b, L(d, "last_poll"), vars, 0);
	para(o, b.p, NULL);
	b.len = 0;
	vars[0] = "count";
	vars[1] = n;
	snprintf(n, sizeof(n), "%ld", d->out_failed);
	buf_template(&b, L(d, "outbox_failed"), vars, 0);
	para(o, b.p, d->out_failed ? "color:#c62828" : NULL);
	b.len = 0;
	snprintf(n, sizeof(n), "%ld", d->out_unknown);
	buf_template(&b, L(d, "outbox_unknown"), vars, 0);
	para(o, b.p, d->out_unknown ? "color:#c62828" : NULL);
	if (d->pending > 0) {
		b.len = 0;
		snprintf(n, sizeof(n), "%ld", d->pending);
		buf_template(&b, L(d, "pending_reporters"), vars, 0);
		para(o, b.p, NULL);
	}
	buf_free(&b);
}

static void
body(struct out *o)
{
	const struct digest	*d = o->d;
	struct counts		 c;
	char			 nums[6][24], date[16];
	const char		*vars[18];
	struct buf		 head;

	count(d, &c);
	head_vars(d, &c, nums, date, vars);
	buf_init(&head, 4096);
	if (d->troubles.len > 0) {
		const char *tv[] = { "date", d->troubles.p, NULL };

		buf_template(&head, L(d, "digest_unknown_flag"), tv, 0);
		para(o, head.p, "color:#b3261e;font-weight:bold");
		head.len = 0;
	}
	buf_template(&head, L(d, "digest_headline"), vars, 0);
	para(o, head.p, "font-size:15px;padding:8px 10px;background:#e8f1fa;"
	    "border-radius:6px");
	buf_free(&head);
	if (d->reports.n == 0)
		para(o, L(d, "digest_empty"), "font-weight:bold");
	sec_urgent(o);
	sec_incidents(o);
	sec_coverage(o);
	sec_latest(o);
	sec_completeness(o);
	sec_changes(o);
	sec_quality(o);
	sec_health(o);
}

/*
 * The rendering with the control characters and invalid UTF-8 of stored
 * text (notes, names, senders) as visible escapes (termsafe.h): the text
 * version goes to terminals too (`reportgw digest --dry-run`).
 */
static char *
shown(struct buf *b)
{
	char *t = termsafe(b->p, TS_KEEP_NL | TS_KEEP_TAB);

	buf_free(b);
	return t;
}

char *
digest_text(const struct digest *d)
{
	struct buf	b;
	struct out	o = { d, &b, 0 };
	char		nums[6][24], date[16];
	const char	*vars[18];
	struct counts	c;

	buf_init(&b, DIGEST_BODY_MAX);
	count(d, &c);
	head_vars(d, &c, nums, date, vars);
	buf_template(&b, L(d, "digest_title"), vars, 0);
	buf_add(&b, "\n");
	body(&o);
	buf_add(&b, "\n-- \n");
	buf_add(&b, L(d, "digest_footer"));
	buf_add(&b, "\n");
	return shown(&b);
}

char *
digest_html(const struct digest *d)
{
	struct buf	b;
	struct out	o = { d, &b, 1 };
	char		nums[6][24], date[16];
	const char	*vars[18];
	struct counts	c;

	buf_init(&b, DIGEST_BODY_MAX);
	count(d, &c);
	head_vars(d, &c, nums, date, vars);
	buf_add(&b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>");
	buf_template(&b, L(d, "digest_title"), vars, 1);
	buf_add(&b, "</title></head>\n<body style=\"margin:0;padding:0;"
	    "background:#f4f4f4\">\n<div style=\"max-width:640px;margin:0 auto;"
	    "padding:12px;background:#ffffff;font-family:Arial,Helvetica,"
	    "sans-serif;font-size:14px;line-height:1.4;color:#222\">\n"
	    "<h1 style=\"font-size:20px;margin:4px 0 10px;color:#1a5c96\">");
	buf_template(&b, L(d, "digest_title"), vars, 1);
	buf_add(&b, "</h1>\n");
	body(&o);
	buf_add(&b, "<p style=\"margin-top:24px;color:#888;font-size:12px\">");
	buf_html(&b, L(d, "digest_footer"));
	buf_add(&b, "</p>\n</div>\n</body></html>\n");
	return shown(&b);
}

/* One cell of the attachment (csv.c: quoted, never a formula). */
static void
cell_csv(struct buf *b, const char *s, int last)
{
	csv_cell(b, s);
	buf_add(b, last ? "\r\n" : ",");
}

char *
digest_csv(const struct digest *d)
{
	static const char *const cols[] = { "ref", "time", "commune",
	    "village", "code", "title", "kind", "status", "count", "sex",
	    "age_months", "outcome", "subtype", "group", "parents", "flags",
	    "period", "values", "note", "reporter", "phone", NULL };
	struct buf	b, cell;
	char		num[64], iso[32];
	size_t		i, k;

	buf_init(&b, DIGEST_BODY_MAX);
	buf_add(&b, "\xef\xbb\xbf");	/* BOM: spreadsheets read UTF-8 */
	for (k = 0; cols[k] != NULL; k++)
		cell_csv(&b, cols[k], cols[k + 1] == NULL);
	buf_init(&cell, 4096);
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row	*r = &d->reports.v[i].r;
		json_t			*det = d->reports.details[i], *v;
		const char		*key;
		size_t			 j;

		snprintf(num, sizeof(num), "%lld", (long long)r->id);
		cell_csv(&b, num, 0);
		time_format_iso(r->received_at, iso);
		cell_csv(&b, iso, 0);
		cell_csv(&b, r->commune, 0);
		cell_csv(&b, r->village, 0);
		cell_csv(&b, r->code, 0);
		cell_csv(&b, title_of(d, r->code), 0);
		cell_csv(&b, r->kind, 0);
		cell_csv(&b, r->status, 0);
		for (k = 8; k <= 14; k++) {
			v = json_object_get(det, cols[k]);
			if (json_is_integer(v)) {
				snprintf(num, sizeof(num), "%lld",
				    (long long)json_integer_value(v));
				cell_csv(&b, num, 0);
			} else
				cell_csv(&b, json_string_value(v), 0);
		}
		cell.len = 0;
		cell.p[0] = '\0';
		json_array_foreach(json_object_get(det, "flags"), j, v)
			buf_printf(&cell, "%s%s", j ? ";" : "",
			    json_string_value(v));
		cell_csv(&b, cell.p, 0);
		cell_csv(&b, r->period, 0);
		cell.len = 0;
		cell.p[0] = '\0';
		j = 0;
		json_object_foreach(json_object_get(det, "values"), key, v)
			buf_printf(&cell, "%s%s=%lld", j++ ? ";" : "", key,
			    (long long)json_integer_value(v));
		cell_csv(&b, cell.p, 0);
		cell_csv(&b, json_string_value(json_object_get(det, "note")),
		    0);
		cell_csv(&b, d->reports.v[i].reporter, 0);
		cell_csv(&b, r->phone, 1);
	}
	buf_free(&cell);
	return buf_take(&b);
}
