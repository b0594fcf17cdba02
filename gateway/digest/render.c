/*
 * The text and HTML renderings of a digest: one list of sections, written
 * through an emitter, of which there are two: plain text (for terminals
 * and the text/plain part) and HTML (inline CSS, for a phone: one column,
 * nothing wider than the screen, long words broken).  A section says what
 * to show (sections.c and the files it names); the emitter says how.
 * Every text a person reads is escaped: HTML through buf_html, and both
 * renderings through termsafe (the text goes to terminals too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "digest_int.h"
#include "termsafe.h"
#include "xmalloc.h"

struct out;

/* An urgent incident's words, found once for both renderings. */
struct incident_words {
	long long	 ref;
	char		 time[8];
	const char	*code, *title;
	const char	*village_name, *village;
	const char	*child, *details;	/* details may be "" */
	const char	*note;			/* NULL when none */
	const char	*reporter;		/* the name; "" when unknown */
	const char	*phone;
	const char	*state;			/* its case's; "" when none */
	int		 overdue;
};

struct emitter {
	/* from the start of the document to its title */
	void	(*head)(struct out *, const char *const *vars);
	void	(*foot)(struct out *);
	void	(*section)(struct out *, const char *label,
		    const char *const *vars);
	void	(*para)(struct out *, const char *, const char *style);
	void	(*named)(struct out *, const char *name, const char *text,
		    const char *small);
	void	(*alarm_open)(struct out *);	/* around urgent reports */
	void	(*alarm_close)(struct out *);
	void	(*incident)(struct out *, const struct incident_words *);
	void	(*bar)(struct out *, const struct dg_bar *);
	void	(*chart)(struct out *, const char *alt);
};

struct out {
	const struct digest	*d;
	struct buf		*b;
	const struct emitter	*e;
	int			 cid;	/* HTML: the chart as a cid: image */
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
text_named(struct out *o, const char *name, const char *text,
    const char *small)
{
	buf_printf(o->b, "%s: %s\n", name, text);
	if (small != NULL)
		buf_printf(o->b, "  %s\n", small);
}

static void
text_nothing(struct out *o)
{
	(void)o;
}

static void
text_incident(struct out *o, const struct incident_words *w)
{
	buf_printf(o->b, "  #%lld %s %s %s – %s (%s): %s", w->ref,
	    w->time, w->code, w->title, w->village_name, w->village,
	    w->child);
	if (w->details[0] != '\0')
		buf_printf(o->b, "; %s", w->details);
	if (w->note != NULL)
		buf_printf(o->b, " – \"%s\"", w->note);
	buf_printf(o->b, " – %s %s", w->reporter, w->phone);
	if (w->state[0] != '\0')
		buf_printf(o->b, " – %s%s%s", w->overdue ? dg_label(o->d,
		    "case_overdue") : "", w->overdue ? ": " : "", w->state);
	buf_add(o->b, "\n");
}

/* "[#############|......]": twenty steps of 5%, the target a '|' between
 * them, the words after. */
static void
text_bar(struct out *o, const struct dg_bar *r)
{
	int	len = r->percent > 100 ? 20 : r->percent < 0 ? 0 :
		    (r->percent + 2) / 5;
	int	mark = r->target > 100 ? 20 : r->target < 0 ? 0 :
		    (r->target + 2) / 5, k;

	buf_printf(o->b, "  %s: %s\n    [", r->name, r->words);
	for (k = 0; k <= 20; k++) {
		if (k == mark)
			buf_add(o->b, "|");
		if (k < 20)
			buf_add(o->b, k < len ? "#" : ".");
	}
	buf_add(o->b, "]\n");
}

static void
text_chart(struct out *o, const char *alt)
{
	(void)o;
	(void)alt;	/* the figures follow in words */
}

static const struct emitter text_emitter = {
	text_head, text_foot, text_section, text_para, text_named,
	text_nothing, text_nothing, text_incident, text_bar, text_chart
};

/* ---- HTML ---- */

#define C_TEXT		"#222"
#define C_HEAD		"#1a5c96"
#define C_MUTED		"#555"
#define C_ALARM		"#b3261e"

static void
html_head(struct out *o, const char *const *vars)
{
	const struct digest *d = o->d;

	buf_add(o->b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>");
	buf_template(o->b, dg_label(d, "digest_title"), vars, 1);
	/* one column as wide as the screen; words longer than it broken */
	buf_add(o->b, "</title></head>\n<body style=\"margin:0;padding:0;"
	    "background:#f4f4f4\">\n<div style=\"max-width:640px;margin:0 auto;"
	    "padding:8px 8px;background:#fff;font-family:Arial,Helvetica,"
	    "sans-serif;font-size:13px;line-height:1.35;color:" C_TEXT ";"
	    "-webkit-text-size-adjust:100%;text-size-adjust:100%;"
	    "overflow-wrap:anywhere;word-break:break-word\">\n"
	    "<h1 style=\"font-size:18px;margin:2px 0 8px;color:" C_HEAD "\">");
	buf_template(o->b, dg_label(d, "digest_title"), vars, 1);
	buf_add(o->b, "</h1>\n");
}

static void
html_foot(struct out *o)
{
	buf_add(o->b, "<p style=\"margin:16px 0 0;color:" C_MUTED ";"
	    "font-size:12px\">");
	buf_html(o->b, dg_label(o->d, "digest_footer"));
	buf_add(o->b, "</p>\n</div>\n</body></html>\n");
}

static void
html_section(struct out *o, const char *label, const char *const *vars)
{
	buf_printf(o->b, "<h2 id=\"%s\" style=\"font-size:16px;"
	    "margin:16px 0 6px;padding-bottom:2px;border-bottom:2px solid "
	    C_HEAD ";color:" C_HEAD "\">", label);
	buf_template(o->b, dg_label(o->d, label), vars, 1);
	buf_add(o->b, "</h2>\n");
}

static void
html_para(struct out *o, const char *s, const char *style)
{
	buf_printf(o->b, "<p style=\"margin:4px 0;%s\">", style ? style : "");
	buf_html(o->b, s);
	buf_add(o->b, "</p>\n");
}

static void
html_named(struct out *o, const char *name, const char *text,
    const char *small)
{
	buf_add(o->b, "<p style=\"margin:6px 0\"><b>");
	buf_html(o->b, name);
	buf_add(o->b, "</b>: ");
	buf_html(o->b, text);
	if (small != NULL) {
		buf_add(o->b, "<br><span style=\"color:" C_MUTED ";"
		    "font-size:12px\">");
		buf_html(o->b, small);
		buf_add(o->b, "</span>");
	}
	buf_add(o->b, "</p>\n");
}

static void
html_alarm_open(struct out *o)
{
	buf_add(o->b, "<div style=\"border-left:4px solid " C_ALARM ";"
	    "padding:0 4px 0 6px;background:#fdecea\">\n");
}

static void
html_alarm_close(struct out *o)
{
	buf_add(o->b, "</div>\n");
}

/* The reporter, a link a phone calls: their name, or their number when
 * no name is known (the number itself is in the text part and the CSV). */
static void
html_phone(struct buf *b, const char *name, const char *phone)
{
	const char *p;

	for (p = phone; *p != '\0' && strchr("+0123456789", *p) != NULL; p++)
		;
	if (*p != '\0' || *phone == '\0') {
		buf_html(b, name[0] != '\0' ? name : phone);
		return;
	}
	buf_printf(b, "<a href=\"tel:%s\" style=\"color:" C_MUTED "\">", phone);
	buf_html(b, name[0] != '\0' ? name : phone);
	buf_add(b, "</a>");
}

/* One paragraph, two or three lines on a phone: the title of the code
 * without the code (the text part has both). */
static void
html_incident(struct out *o, const struct incident_words *w)
{
	buf_printf(o->b, "<p style=\"margin:0;padding:2px 0;border-top:1px "
	    "solid #f0c8c4;line-height:1.3\"><b>#%lld</b> %s "
	    "<b>", w->ref, w->time);
	buf_html(o->b, w->title);
	buf_add(o->b, "</b> – ");
	buf_html(o->b, w->village_name);
	buf_add(o->b, ": ");
	buf_html(o->b, w->child);
	if (w->details[0] != '\0') {
		buf_add(o->b, "; ");
		buf_html(o->b, w->details);
	}
	if (w->note != NULL) {
		buf_add(o->b, " – <i>");
		buf_html(o->b, w->note);
		buf_add(o->b, "</i>");
	}
	buf_add(o->b, " – ");
	html_phone(o->b, w->reporter, w->phone);
	if (w->state[0] != '\0') {
		buf_add(o->b, " – ");
		if (w->overdue) {
			buf_add(o->b, "<b style=\"color:" C_ALARM "\">");
			buf_html(o->b, dg_label(o->d, "case_overdue"));
			buf_add(o->b, "</b>: ");
		}
		buf_html(o->b, w->state);
	}
	buf_add(o->b, "</p>\n");
}

/*
 * A bar as a table of two cells (mail clients drop positioning): solid
 * when the target is met, striped when not, with the target as a mark
 * under it; the words say the figure, the target and whether it is met,
 * so neither colour nor length is the only signal.
 */
static void
html_bar(struct out *o, const struct dg_bar *r)
{
	int w = r->percent > 100 ? 100 : r->percent < 0 ? 0 : r->percent;
	int t = r->target > 100 ? 100 : r->target < 0 ? 0 : r->target;

	buf_add(o->b, "<div style=\"margin:6px 0\"><b>");
	buf_html(o->b, r->name);
	buf_add(o->b, "</b>: ");
	buf_html(o->b, r->words);
	buf_add(o->b, "\n<table role=\"presentation\" style=\"width:100%;"
	    "border-collapse:collapse;table-layout:fixed;margin:2px 0\">"
	    "<tr style=\"height:12px\">");
	if (w > 0)
		buf_printf(o->b, "<td style=\"width:%d%%;padding:0;border:1px "
		    "solid #333;background:%s\"></td>", w, r->met ? "#2e7d32" :
		    "#c62828;background-image:repeating-linear-gradient("
		    "45deg,#c62828 0 4px,#f4b4b0 4px 8px)");
	if (w < 100)
		buf_add(o->b, "<td style=\"padding:0;border:1px solid #999;"
		    "background:#eee\"></td>");
	buf_printf(o->b, "</tr></table>\n<table role=\"presentation\" "
	    "style=\"width:100%%;border-collapse:collapse;table-layout:fixed;"
	    "margin:0\"><tr style=\"height:5px\"><td style=\"width:%d%%;"
	    "padding:0;border-right:2px solid #000\"></td><td style=\""
	    "padding:0\"></td></tr></table></div>\n", t > 0 ? t : 1);
}

/* The trend: a cid: image in e-mail, inline SVG in a page; both fit the
 * screen and keep their proportions. */
static void
html_chart(struct out *o, const char *alt)
{
	char *svg;

	if (o->cid) {
		buf_add(o->b, "<img src=\"cid:" DIGEST_CHART_CID "\" width=\"360\" "
		    "height=\"210\" style=\"display:block;width:100%;"
		    "max-width:360px;height:auto;border:0\" alt=\"");
		buf_html(o->b, alt);
		buf_add(o->b, "\">\n");
		return;
	}
	if ((svg = dg_trend_svg(o->d)) == NULL)
		return;
	buf_add(o->b, "<div role=\"img\" aria-label=\"");
	buf_html(o->b, alt);
	buf_add(o->b, "\" style=\"max-width:360px\">");
	/* cairo sizes it in points: the CSS size wins, the viewBox keeps
	 * the proportions */
	if (strncmp(svg, "<svg", 4) == 0) {
		buf_add(o->b, "<svg style=\"display:block;width:100%;"
		    "height:auto\"");
		buf_add(o->b, svg + 4);
	}
	buf_add(o->b, "</div>\n");
	free(svg);
}

static const struct emitter html_emitter = {
	html_head, html_foot, html_section, html_para, html_named,
	html_alarm_open, html_alarm_close, html_incident, html_bar, html_chart
};

/* ---- for the sections (digest_int.h) ---- */

const struct digest *
dg_out_digest(const struct out *o)
{
	return o->d;
}

void
dg_section(struct out *o, const char *label, const char *const *vars)
{
	static const char *const none[] = { NULL };

	o->e->section(o, label, vars != NULL ? vars : none);
}

void
dg_para(struct out *o, const char *s, const char *style)
{
	o->e->para(o, s, style);
}

void
dg_line(struct out *o, const char *label, const char *const *vars,
    const char *style)
{
	struct buf b;

	buf_init(&b, 64 * 1024);
	dg_template(o->d, &b, label, vars);
	o->e->para(o, b.p, style);
	buf_free(&b);
}

void
dg_named(struct out *o, const char *name, const char *text,
    const char *small)
{
	o->e->named(o, name, text, small);
}

void
dg_bar(struct out *o, const struct dg_bar *r)
{
	o->e->bar(o, r);
}

void
dg_chart(struct out *o, const char *alt)
{
	o->e->chart(o, alt);
}

void
dg_alarm(struct out *o, int open)
{
	if (open)
		o->e->alarm_open(o);
	else
		o->e->alarm_close(o);
}

/* One urgent incident: its words, its case's state, then the layout
 * (under its commune's name: the section groups them). */
void
dg_incident(struct out *o, const struct rows *rows, size_t i)
{
	const struct digest		*d = o->d;
	const struct report_view	*v = &rows->v[i];
	const struct report_row		*r = &v->r;
	const struct case_row		*c = dg_case_of(d, r->id);
	json_t				*det = rows->details[i];
	struct incident_words		 w;
	struct buf			 ch, de, st;

	buf_init(&ch, 512);
	buf_init(&de, 1024);
	buf_init(&st, 4096);
	dg_child(d, det, &ch);
	dg_details(d, det, &de);
	if (c != NULL)
		dg_case_status(d, c, &st);
	memset(&w, 0, sizeof(w));
	w.ref = (long long)r->id;
	dg_hhmm(r->received_at, w.time);
	w.code = r->code;
	w.title = dg_title(d, r->code);
	w.village_name = dg_village_name(d, r->village);
	w.village = r->village;
	w.child = ch.p;
	w.details = de.len > 0 ? de.p : "";
	w.note = json_string_value(json_object_get(det, "note"));
	w.reporter = v->reporter;
	w.phone = r->phone;
	w.state = st.p;
	w.overdue = c != NULL && dg_case_overdue(d, c);
	o->e->incident(o, &w);
	buf_free(&ch);
	buf_free(&de);
	buf_free(&st);
}

/* The title, what went wrong before, the headline, where the lists are. */
static void
headline(struct out *o, const char *const *vars)
{
	const struct digest	*d = o->d;
	struct buf		 head;

	buf_init(&head, 4096);
	if (d->troubles.len > 0) {
		const char *tv[] = { "date", d->troubles.p, NULL };

		buf_template(&head, dg_label(d, "digest_unknown_flag"), tv, 0);
		dg_para(o, head.p, "color:" C_ALARM ";font-weight:bold");
		head.len = 0;
	}
	buf_template(&head, dg_label(d, "digest_headline"), vars, 0);
	dg_para(o, head.p, "font-size:14px;padding:5px 8px;"
	    "background:#e8f1fa;border-radius:6px");
	buf_free(&head);
	if (d->reports.n == 0)
		dg_para(o, dg_label(d, "digest_empty"), "font-weight:bold");
	dg_para(o, dg_label(d, "digest_csv_note"), "color:" C_MUTED ";"
	    "font-size:12px");
}

/* The sections of a digest, in order: what needs a person first. */
static void (*const sections[])(struct out *) = {
	dg_sec_urgent,
	dg_sec_cases,
	dg_sec_silent,
	dg_sec_communes,
	dg_sec_latest,
	dg_sec_quality,
	dg_sec_health,
};

/*
 * The rendering, with the control characters and invalid UTF-8 of stored
 * text (notes, names, senders) as visible escapes (termsafe.h): the text
 * version goes to terminals too (`reportgw digest --dry-run`).
 */
static char *
render(const struct digest *d, const struct emitter *e, int cid)
{
	struct buf		 b;
	struct out		 o = { d, &b, e, cid };
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
	return render(d, &text_emitter, 0);
}

char *
digest_html(const struct digest *d)
{
	return render(d, &html_emitter, 0);
}

char *
digest_html_mail(const struct digest *d)
{
	return render(d, &html_emitter, 1);
}
