/*
 * What a person must look at again: the messages not fully understood
 * that may be urgent (reports with status 'review'), at the head of the
 * urgent section with their sender, village and text, and the reports
 * whose age breaks a code book rule (implausible), counted in the data
 * quality section and listed in the CSV.  The text of a message is shown here, in the e-mail, never in
 * an SMS; it is escaped like every stored text (render.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest_int.h"
#include "xmalloc.h"

static int
collect_text(int64_t id, const char *text, void *arg)
{
	struct dg_review_texts *t = arg;

	t->id = xreallocarray(t->id, t->n + 1, sizeof(*t->id));
	t->text = xreallocarray(t->text, t->n + 1, sizeof(*t->text));
	t->id[t->n] = id;
	t->text[t->n++] = xstrdup(text);
	return 0;
}

int
dg_collect_review(struct digest *d)
{
	return store_view_review_texts(d->store, d->from, d->until,
	    collect_text, &d->review_texts);
}

void
dg_free_review(struct digest *d)
{
	struct dg_review_texts	*t = &d->review_texts;
	size_t			 i;

	for (i = 0; i < t->n; i++)
		free(t->text[i]);
	free(t->text);
	free(t->id);
	memset(t, 0, sizeof(*t));
}

/* The text of report id (the view gives them by id), NULL when none. */
static const char *
text_of(const struct digest *d, int64_t id)
{
	const struct dg_review_texts	*t = &d->review_texts;
	size_t				 lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->id[lo] == id && t->text[lo][0] != '\0' ?
	    t->text[lo] : NULL;
}

/* One message to call back: who, where, maybe what, then its text. */
static void
review(struct out *o, const struct report_view *v)
{
	const struct digest	*d = dg_out_digest(o);
	const struct report_row	*r = &v->r;
	struct buf		 b, maybe, place;
	char			 ref[24], hhmm[8], *text, *p;
	const char		*t;
	const char		*mv[] = { "code", r->code, "title",
				    dg_title(d, r->code), NULL };
	const char		*vars[] = { "ref", ref, "time", hhmm,
				    "maybe", "", "reporter", v->reporter,
				    "phone", r->phone, "place", "", NULL };

	buf_init(&b, 8192);
	buf_init(&maybe, 1024);
	buf_init(&place, 1024);
	snprintf(ref, sizeof(ref), "%lld", (long long)r->id);
	dg_hhmm(r->received_at, hhmm);
	if (r->code[0] != '\0' && codebook_find(d->conf->codebook,
	    r->code) != NULL) {
		buf_template(&maybe, dg_label(d, "review_maybe"), mv, 0);
		vars[5] = maybe.p;
	}
	if (r->village[0] != '\0')
		buf_printf(&place, "%s (%s), ", dg_village_name(d, r->village),
		    r->village);
	buf_add(&place, dg_commune_name(d, r->commune));
	vars[11] = place.p;
	buf_template(&b, dg_label(d, "review_line"), vars, 0);
	dg_para(o, b.p, "font-weight:bold");
	if ((t = text_of(d, r->id)) != NULL) {
		/* one line: a text's line breaks must not make sections */
		text = xstrdup(t);
		for (p = text; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		vars[0] = "text";
		vars[1] = text;
		vars[2] = NULL;
		b.len = 0;
		b.p[0] = '\0';
		buf_template(&b, dg_label(d, "review_text"), vars, 0);
		dg_para(o, b.p, "margin-left:14px;font-style:italic");
		free(text);
	}
	buf_free(&place);
	buf_free(&maybe);
	buf_free(&b);
}

void
dg_reviews(struct out *o, size_t max)
{
	const struct digest	*d = dg_out_digest(o);
	size_t			 i, n = 0;

	for (i = 0; i < d->reports.n && n < max; i++)
		if (dg_is_review(&d->reports.v[i].r) &&
		    dg_is_shown(d, d->reports.v[i].r.id)) {
			review(o, &d->reports.v[i]);
			n++;
		}
}

long
dg_implausible_count(const struct digest *d)
{
	size_t	i;
	long	n = 0;

	for (i = 0; i < d->reports.n; i++)
		n += dg_is_implausible(&d->reports.v[i].r);
	return n;
}
