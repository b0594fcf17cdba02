/*
 * The text and HTML renderings of a digest: one list of sections, written
 * through an emitter, of which there are two: plain text (for terminals
 * and the text/plain part) and HTML (tables and inline CSS, readable on a
 * phone).  A section says what to show; the emitter says how.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest_int.h"
#include "termsafe.h"
#include "xmalloc.h"

struct out;

/* An incident's words, found once for both renderings. */
struct incident_words {
	long long	 ref;
	char		 time[8];
	const char	*code, *title;
	int		 with_place;
	const char	*village_name, *village, *commune_name;
	const char	*child, *details;	/* details may be "" */
	const char	*note;			/* NULL when none */
	const char	*reporter;		/* the name; "" when unknown */
	const char	*phone;
	const char	*status;		/* NULL when active */
};

struct emitter {
	/* from the start of the document to its headline */
	void	(*head)(struct out *, const char *const *vars);
	void	(*foot)(struct out *);
	void	(*section)(struct out *, const char *label,
		    const char *const *vars);
	void	(*para)(struct out *, const char *, const char *style);
	void	(*table_open)(struct out *);
	void	(*table_close)(struct out *);
	void	(*alarm_open)(struct out *);	/* around urgent cases */
	void	(*alarm_close)(struct out *);
	void	(*commune)(struct out *, const char *name, size_t n);
	void	(*village)(struct out *, const char *name, const char *code,
		    size_t n);
	void	(*incident)(struct out *, const struct incident_words *);
	void	(*coverage)(struct out *, const struct report_row *,
		    const char *figures);
	void	(*latest)(struct out *, const struct latest *, int percent,
		    int ok);
};

struct out {
	const struct digest	*d;
	struct buf		*b;
	const struct emitter	*e;
};

/* ---- plain text ---- */

static void
text_head(struct out *o, const char *const *vars)
{
	buf_template(o->b, dg_label(o->d, "digest_title"), vars, 0);
	buf_add(o->b, "\n");
}

static void
text_foot(struct out *o)
{
	buf_add(o->b, "\n-- \n");
	buf_add(o->b, dg_label(o->d, "digest_footer"));
	buf_add(o->b, "\n");
}

static void
text_section(struct out *o, const char *label, const char *const *vars)
{
	buf_add(o->b, "\n== ");
	buf_template(o->b, dg_label(o->d, label), vars, 0);
	buf_add(o->b, " ==\n");
}

static void
text_para(struct out *o, const char *s, const char *style)
{
	(void)style;
	buf_add(o->b, s);
	buf_add(o->b, "\n");
}

static void
text_nothing(struct out *o)
{
	(void)o;
}

static void
text_commune(struct out *o, const char *name, size_t n)
{
	buf_printf(o->b, "%s (%zu)\n", name, n);
}

static void
text_village(struct out *o, const char *name, const char *code, size_t n)
{
	buf_printf(o->b, " %s (%s) – %zu\n", name, code, n);
}

static void
text_incident(struct out *o, const struct incident_words *w)
{
	buf_printf(o->b, "  #%lld %s %s %s", w->ref, w->time, w->code,
	    w->title);
	if (w->with_place)
		buf_printf(o->b, " – %s (%s), %s", w->village_name, w->village,
		    w->commune_name);
	buf_printf(o->b, ": %s", w->child);
	if (w->details[0] != '\0')
		buf_printf(o->b, "; %s", w->details);
	if (w->note != NULL)
		buf_printf(o->b, " – \"%s\"", w->note);
	buf_printf(o->b, " – %s %s", w->reporter, w->phone);
	if (w->status != NULL)
		buf_printf(o->b, " (%s)", w->status);
	buf_add(o->b, "\n");
}

static void
text_coverage(struct out *o, const struct report_row *r, const char *fig)
{
	const struct digest *d = o->d;

	buf_printf(o->b, "  %s (%s) %s %s %s: %s\n",
	    dg_village_name(d, r->village), r->village, r->code,
	    dg_title(d, r->code), r->period, fig);
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
text_latest(struct out *o, const struct latest *l, int p, int ok)
{
	int	w = p > 100 ? 100 : p, k;
	char	bar[11];

	for (k = 0; k < 10; k++)
		bar[k] = k < (w + 5) / 10 ? '#' : '.';
	bar[10] = '\0';
	buf_printf(o->b, "  %-4s %s", l->code->code, l->village->name);
	pad(o->b, l->village->name, 22);
	buf_printf(o->b, " [%s] %3d%% (%ld/%ld, %s) %s %d%%%s\n", bar, p,
	    l->num, l->den, l->period, dg_label(o->d, "col_target"),
	    l->code->target, ok ? "" : " !");
}

static const struct emitter text_emitter = {
	text_head, text_foot, text_section, text_para,
	text_nothing, text_nothing, text_nothing, text_nothing,
	text_commune, text_village, text_incident, text_coverage,
	text_latest
};

/* ---- HTML ---- */

static void
html_head(struct out *o, const char *const *vars)
{
	const struct digest *d = o->d;

	buf_add(o->b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>");
	buf_template(o->b, dg_label(d, "digest_title"), vars, 1);
	buf_add(o->b, "</title></head>\n<body style=\"margin:0;padding:0;"
	    "background:#f4f4f4\">\n<div style=\"max-width:640px;margin:0 auto;"
	    "padding:12px;background:#ffffff;font-family:Arial,Helvetica,"
	    "sans-serif;font-size:14px;line-height:1.4;color:#222\">\n"
	    "<h1 style=\"font-size:20px;margin:4px 0 10px;color:#1a5c96\">");
	buf_template(o->b, dg_label(d, "digest_title"), vars, 1);
	buf_add(o->b, "</h1>\n");
}

static void
html_foot(struct out *o)
{
	buf_add(o->b, "<p style=\"margin-top:24px;color:#888;font-size:12px\">");
	buf_html(o->b, dg_label(o->d, "digest_footer"));
	buf_add(o->b, "</p>\n</div>\n</body></html>\n");
}

static void
html_section(struct out *o, const char *label, const char *const *vars)
{
	buf_printf(o->b, "<h2 id=\"%s\" style=\"font-size:17px;"
	    "margin:22px 0 8px;", label);
	buf_add(o->b, "padding-bottom:4px;border-bottom:2px solid "
	    "#1a5c96;color:#1a5c96\">");
	buf_template(o->b, dg_label(o->d, label), vars, 1);
	buf_add(o->b, "</h2>\n");
}

static void
html_para(struct out *o, const char *s, const char *style)
{
	buf_printf(o->b, "<p style=\"margin:6px 0;%s\">", style ? style : "");
	buf_html(o->b, s);
	buf_add(o->b, "</p>\n");
}

static void
html_table_open(struct out *o)
{
	buf_add(o->b, "<table role=\"presentation\" style=\"width:100%;"
	    "border-collapse:collapse;font-size:14px\">\n");
}

static void
html_table_close(struct out *o)
{
	buf_add(o->b, "</table>\n");
}

static void
html_alarm_open(struct out *o)
{
	buf_add(o->b, "<div style=\"border:2px solid #b3261e;"
	    "border-radius:6px;padding:2px 6px;background:#fdecea\">\n");
}

static void
html_alarm_close(struct out *o)
{
	buf_add(o->b, "</div>\n");
}

static void
html_commune(struct out *o, const char *name, size_t n)
{
	buf_add(o->b, "<h3 style=\"font-size:15px;margin:14px 0 4px\">");
	buf_html(o->b, name);
	buf_printf(o->b, " (%zu)</h3>\n", n);
}

static void
html_village(struct out *o, const char *name, const char *code, size_t n)
{
	buf_add(o->b, "<div style=\"margin:8px 0 2px;font-weight:bold;"
	    "color:#333\">");
	buf_html(o->b, name);
	buf_printf(o->b, " (%s) – %zu</div>\n", code, n);
}

static void
html_incident(struct out *o, const struct incident_words *w)
{
	buf_printf(o->b, "<tr style=\"border-top:1px solid #ddd\">"
	    "<td style=\"padding:6px 4px;vertical-align:top;"
	    "white-space:nowrap\"><b>#%lld</b><br><span style=\"color:"
	    "#666\">%s</span></td><td style=\"padding:6px 4px;"
	    "vertical-align:top\"><b>", w->ref, w->time);
	buf_html(o->b, w->code);
	buf_add(o->b, " ");
	buf_html(o->b, w->title);
	buf_add(o->b, "</b>");
	if (w->with_place) {
		buf_add(o->b, " – ");
		buf_html(o->b, w->village_name);
		buf_add(o->b, ", ");
		buf_html(o->b, w->commune_name);
	}
	buf_add(o->b, "<br>");
	buf_html(o->b, w->child);
	if (w->details[0] != '\0') {
		buf_add(o->b, "; ");
		buf_html(o->b, w->details);
	}
	if (w->note != NULL) {
		buf_add(o->b, "<br><i>");
		buf_html(o->b, w->note);
		buf_add(o->b, "</i>");
	}
	buf_add(o->b, "<br><span style=\"color:#666\">");
	buf_html(o->b, w->reporter[0] ? w->reporter : w->phone);
	buf_add(o->b, " ");
	buf_html(o->b, w->phone);
	if (w->status != NULL) {
		buf_add(o->b, " – ");
		buf_html(o->b, w->status);
	}
	buf_add(o->b, "</span></td></tr>\n");
}

static void
html_coverage(struct out *o, const struct report_row *r, const char *fig)
{
	const struct digest *d = o->d;

	buf_add(o->b, "<tr style=\"border-top:1px solid #ddd\">"
	    "<td style=\"padding:4px;vertical-align:top\">");
	buf_html(o->b, dg_village_name(d, r->village));
	buf_add(o->b, "</td><td style=\"padding:4px\"><b>");
	buf_html(o->b, r->code);
	buf_add(o->b, "</b> ");
	buf_html(o->b, dg_title(d, r->code));
	buf_add(o->b, " <span style=\"color:#666\">");
	buf_html(o->b, r->period);
	buf_add(o->b, "</span><br>");
	buf_html(o->b, fig);
	buf_add(o->b, "</td></tr>\n");
}

static void
html_latest(struct out *o, const struct latest *l, int p, int ok)
{
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
	    l->period, l->num, l->den, p > 100 ? 100 : p,
	    ok ? "#2e7d32" : "#c62828", p, dg_label(o->d, "col_target"),
	    l->code->target);
}

static const struct emitter html_emitter = {
	html_head, html_foot, html_section, html_para,
	html_table_open, html_table_close, html_alarm_open, html_alarm_close,
	html_commune, html_village, html_incident, html_coverage,
	html_latest
};

/* ---- the sections ---- */

static void
section(struct out *o, const char *label, const char *const *vars)
{
	static const char *const none[] = { NULL };

	o->e->section(o, label, vars != NULL ? vars : none);
}

static void
para(struct out *o, const char *s, const char *style)
{
	o->e->para(o, s, style);
}

/* ---- for the sections of other files (digest_int.h) ---- */

const struct digest *
dg_out_digest(const struct out *o)
{
	return o->d;
}

void
dg_section(struct out *o, const char *label, const char *const *vars)
{
	section(o, label, vars);
}

void
dg_para(struct out *o, const char *s, const char *style)
{
	para(o, s, style);
}

void
dg_table_open(struct out *o)
{
	o->e->table_open(o);
}

void
dg_table_close(struct out *o)
{
	o->e->table_close(o);
}

/* One incident: its words, then the emitter's layout. */
static void
incident(struct out *o, const struct rows *rows, size_t i, int with_place)
{
	const struct digest		*d = o->d;
	const struct report_view	*v = &rows->v[i];
	const struct report_row		*r = &v->r;
	json_t				*det = rows->details[i];
	struct incident_words		 w;
	struct buf			 ch, de;

	buf_init(&ch, 512);
	buf_init(&de, 1024);
	dg_child(d, det, &ch);
	dg_details(d, det, &de);
	memset(&w, 0, sizeof(w));
	w.ref = (long long)r->id;
	dg_hhmm(r->received_at, w.time);
	w.code = r->code;
	w.title = dg_title(d, r->code);
	w.with_place = with_place;
	w.village_name = dg_village_name(d, r->village);
	w.village = r->village;
	w.commune_name = dg_commune_name(d, r->commune);
	w.child = ch.p;
	w.details = de.len > 0 ? de.p : "";
	w.note = json_string_value(json_object_get(det, "note"));
	w.reporter = v->reporter;
	w.phone = r->phone;
	if (strcmp(r->status, "active") != 0)
		w.status = dg_label(d, strcmp(r->status, "cancelled") == 0 ?
		    "status_cancelled" : "status_superseded");
	o->e->incident(o, &w);
	buf_free(&ch);
	buf_free(&de);
}

void
dg_incident(struct out *o, const struct rows *rows, size_t i)
{
	incident(o, rows, i, 1);
}

/* Messages to call back (review.c), then the alert incidents. */
static void
sec_urgent(struct out *o)
{
	const struct digest	*d = o->d;
	struct dg_counts	 k;
	size_t			 i;

	dg_count(d, &k);
	if (k.urgent + k.review == 0)
		return;
	section(o, "section_urgent", NULL);
	o->e->alarm_open(o);
	dg_reviews(o);
	o->e->table_open(o);
	for (i = 0; i < d->reports.n; i++)
		if (dg_is_alert(&d->reports.v[i].r))
			incident(o, &d->reports, i, 1);
	o->e->table_close(o);
	o->e->alarm_close(o);
}

/* The cases still open, overdue first (digest/cases.c). */
static void
sec_cases(struct out *o)
{
	const struct digest	*d = o->d;
	struct buf		 b;
	size_t			 i;
	int			 overdue;

	if (d->ncases == 0)
		return;
	section(o, "section_cases", NULL);
	buf_init(&b, 4096);
	for (i = 0; i < d->ncases; i++) {
		b.len = 0;
		dg_case_line(d, &d->cases[i], &b, &overdue);
		para(o, b.p, overdue ? "color:#c62828;font-weight:bold" : NULL);
	}
	buf_free(&b);
}

/* Incidents of the day in a commune (village NULL) or a village. */
static size_t
incidents_in(const struct digest *d, const char *commune,
    const char *village)
{
	size_t i, n = 0;

	for (i = 0; i < d->reports.n; i++) {
		const struct report_row *r = &d->reports.v[i].r;

		n += dg_is_incident(r) &&
		    (commune == NULL || strcmp(r->commune, commune) == 0) &&
		    (village == NULL || strcmp(r->village, village) == 0);
	}
	return n;
}

/* An incident of the day, for finding a village's incidents at once. */
struct incident_at {
	const char	*village;
	size_t		 i;		/* in d->reports */
};

static int
by_village(const void *a, const void *b)
{
	const struct incident_at *x = a, *y = b;
	int c = strcmp(x->village, y->village);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* The first of the sorted incidents in village, or n when none. */
static size_t
first_in(const struct incident_at *v, size_t n, const char *village)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].village, village) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo].village, village) == 0 ? lo : n;
}

/*
 * Communes, villages, then each village's incidents.  The incidents are
 * sorted by village once, so a district of many villages costs one pass
 * and a search per village, not a pass over the day per village.
 */
static void
sec_incidents(struct out *o)
{
	const struct digest	*d = o->d;
	const struct conf	*c = d->conf;
	struct incident_at	*v;
	size_t			 ci, vi, i, k, n, nv = 0;

	section(o, "section_incidents", NULL);
	if (incidents_in(d, NULL, NULL) == 0) {
		para(o, dg_label(d, "none"), NULL);
		return;
	}
	v = xreallocarray(NULL, d->reports.n, sizeof(*v));
	for (i = 0; i < d->reports.n; i++)
		if (dg_is_incident(&d->reports.v[i].r)) {
			v[nv].village = d->reports.v[i].r.village;
			v[nv++].i = i;
		}
	qsort(v, nv, sizeof(*v), by_village);
	for (ci = 0; ci < c->ncommunes; ci++) {
		const struct conf_commune *cm = &c->communes[ci];

		if (!dg_in_group(d->group, cm->code))
			continue;
		if ((n = incidents_in(d, cm->code, NULL)) == 0)
			continue;
		o->e->commune(o, cm->name, n);
		for (vi = 0; vi < c->nvillages; vi++) {
			const struct conf_village *vg = &c->villages[vi];

			if (strcmp(vg->commune, cm->code) != 0 ||
			    (k = first_in(v, nv, vg->code)) == nv)
				continue;
			for (n = 0; k + n < nv &&
			    strcmp(v[k + n].village, vg->code) == 0; n++)
				;
			o->e->village(o, vg->name, vg->code, n);
			o->e->table_open(o);
			for (i = k; i < k + n; i++)
				incident(o, &d->reports, v[i].i, 0);
			o->e->table_close(o);
		}
	}
	free(v);
}

static void
sec_coverage(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i, n = 0;

	section(o, "section_coverage", NULL);
	o->e->table_open(o);
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row	*r = &d->reports.v[i].r;
		struct buf		 f;

		if (strcmp(r->kind, "coverage") != 0 ||
		    strcmp(r->status, "active") != 0)
			continue;
		n++;
		buf_init(&f, 1024);
		dg_figures(d, d->reports.details[i], &f);
		o->e->coverage(o, r, f.p);
		buf_free(&f);
	}
	o->e->table_close(o);
	if (n == 0)
		para(o, dg_label(d, "none"), NULL);
}

static void
sec_latest(struct out *o)
{
	const struct digest	*d = o->d;
	size_t			 i;

	section(o, "section_latest", NULL);
	if (d->nlatest == 0) {
		para(o, dg_label(d, "none"), NULL);
		return;
	}
	o->e->table_open(o);
	for (i = 0; i < d->nlatest; i++) {
		const struct latest	*l = &d->latest[i];
		int			 p = dg_percent(l->num, l->den);

		o->e->latest(o, l, p, l->code->lower_better ?
		    p <= l->code->target : p >= l->code->target);
	}
	o->e->table_close(o);
}
static void
sec_completeness(struct out *o)
{
	const struct digest	*d = o->d;
	const struct conf	*c = d->conf;
	struct dg_counts		 k;
	char			 week[16], line[64];
	const char		*vars[3];
	size_t			 ci, vi;
	int			 first;

	dg_count(d, &k);
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
		para(o, dg_label(d, "none"), NULL);
		return;
	}
	for (ci = 0; ci < c->ncommunes; ci++) {
		struct buf b;

		if (!dg_in_group(d->group, c->communes[ci].code))
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
		para(o, dg_label(d, "none"), NULL);
		return;
	}
	o->e->table_open(o);
	for (i = 0; i < d->changes.n; i++)
		incident(o, &d->changes, i, 1);
	o->e->table_close(o);
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
	buf_template(&b, dg_label(d, "unknown_senders"), vars, 0);
	para(o, b.p, NULL);
	buf_free(&b);
	dg_implausible(o);
}

static void
headline(struct out *o, const char *const *vars)
{
	const struct digest	*d = o->d;
	struct buf		 head;

	buf_init(&head, 4096);
	if (d->troubles.len > 0) {
		const char *tv[] = { "date", d->troubles.p, NULL };

		buf_template(&head, dg_label(d, "digest_unknown_flag"), tv, 0);
		para(o, head.p, "color:#b3261e;font-weight:bold");
		head.len = 0;
	}
	buf_template(&head, dg_label(d, "digest_headline"), vars, 0);
	para(o, head.p, "font-size:15px;padding:8px 10px;background:#e8f1fa;"
	    "border-radius:6px");
	buf_free(&head);
	if (d->reports.n == 0)
		para(o, dg_label(d, "digest_empty"), "font-weight:bold");
}

/* The sections of a digest, in order. */
static void (*const sections[])(struct out *) = {
	sec_urgent,
	sec_cases,
	sec_incidents,
	sec_coverage,
	sec_latest,
	sec_completeness,
	sec_changes,
	sec_quality,
	dg_sec_people,
	dg_sec_health,
};

/*
 * The rendering, with the control characters and invalid UTF-8 of stored
 * text (notes, names, senders) as visible escapes (termsafe.h): the text
 * version goes to terminals too (`reportgw digest --dry-run`).
 */
static char *
render(const struct digest *d, const struct emitter *e)
{
	struct buf		 b;
	struct out		 o = { d, &b, e };
	struct dg_counts	 c;
	char			 nums[DG_HEAD_NUMS][24], date[16], *t;
	const char		*vars[DG_HEAD_VARS];
	size_t			 i;

	buf_init(&b, DIGEST_BODY_MAX);
	dg_count(d, &c);
	dg_head_vars(d, &c, nums, date, vars);
	e->head(&o, vars);
	headline(&o, vars);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		sections[i](&o);
	e->foot(&o);
	t = termsafe(b.p, TS_KEEP_NL | TS_KEEP_TAB);
	buf_free(&b);
	return t;
}

char *
digest_text(const struct digest *d)
{
	return render(d, &text_emitter);
}

char *
digest_html(const struct digest *d)
{
	return render(d, &html_emitter);
}
