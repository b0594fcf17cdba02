/*
 * The reporters a supervisor should call: those who sent nothing (no
 * report, no message) for PEOPLE_SILENT_DAYS or more, longest silent first, and those whose
 * messages were most often refused (wrong format) in the last
 * PEOPLE_REJECTED_DAYS.  Both as of the end of the digest's day, for the
 * group's communes.  Two bounded queries: the silent one scans the day-led
 * indexes of messages and reports over PEOPLE_LOOKBACK_DAYS, the rejected
 * one the rejected messages of its window.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "digest_int.h"
#include "xmalloc.h"

#define PEOPLE_SILENT_DAYS	14	/* silent: nothing for this long */
#define PEOPLE_LOOKBACK_DAYS	60	/* how far back the last message is */
#define PEOPLE_REJECTED_DAYS	14	/* window of the rejected messages */
#define PEOPLE_REJECTED_TOP	5	/* reporters shown, most first */
#define PEOPLE_SHOWN		30	/* silent reporters shown by name */

struct silent_acc {
	struct digest	*d;
	size_t		 total;		/* of the group, shown or not */
};

static int
collect_silent(const struct silent_reporter *r, void *arg)
{
	struct silent_acc	*a = arg;
	struct dg_people	*p = &a->d->people;

	if (!dg_in_group(a->d->group, r->r.commune))
		return 0;
	if (a->total++ >= PEOPLE_SHOWN)
		return 0;
	p->silent = xreallocarray(p->silent, p->nsilent + 1,
	    sizeof(*p->silent));
	p->silent[p->nsilent++] = *r;
	return 0;
}

static int
collect_rejected(const struct rejected_sender *r, void *arg)
{
	struct digest		*d = arg;
	struct dg_people	*p = &d->people;

	/* reporters only (unknown numbers are counted elsewhere) */
	if (r->name[0] == '\0' || !dg_in_group(d->group, r->commune))
		return 0;
	p->rejected = xreallocarray(p->rejected, p->nrejected + 1,
	    sizeof(*p->rejected));
	p->rejected[p->nrejected++] = *r;
	return p->nrejected == PEOPLE_REJECTED_TOP ? -1 : 0;
}

int
dg_collect_people(struct digest *d)
{
	struct silent_acc a = { d, 0 };

	if (store_view_silent(d->store, d->until - PEOPLE_LOOKBACK_DAYS *
	    86400L, d->until - PEOPLE_SILENT_DAYS * 86400L, d->until,
	    collect_silent, &a) == -1)
		return -1;
	d->people.silent_total = a.total;
	return store_view_rejected(d->store, d->until -
	    PEOPLE_REJECTED_DAYS * 86400L, d->until, collect_rejected, d);
}

void
dg_free_people(struct digest *d)
{
	free(d->people.silent);
	free(d->people.rejected);
	memset(&d->people, 0, sizeof(d->people));
}

/* The number of silent reporters of the group beyond those shown. */
static size_t
silent_more(const struct digest *d)
{
	return d->people.silent_total - d->people.nsilent;
}

/* "Thôn 2 Bắc Ái (BAI02)", or the commune of a commune reporter. */
static void
place(const struct digest *d, const char *village, const char *commune,
    struct buf *b)
{
	if (village[0] != '\0')
		buf_printf(b, "%s (%s)", dg_village_name(d, village), village);
	else
		buf_add(b, dg_commune_name(d, commune));
}

static void
day_of(time_t t, char out[16])
{
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(out, 16, "%02d/%02d/%04d", tm.tm_mday % 100,
	    (tm.tm_mon + 1) % 100, (tm.tm_year + 1900) % 10000);
}

/* A label with name/value pairs, as one paragraph. */
static void
line(struct out *o, const char *label, const char *const *vars,
    const char *style)
{
	struct buf b;

	buf_init(&b, 8192);
	buf_template(&b, dg_label(dg_out_digest(o), label), vars, 0);
	dg_para(o, b.p, style);
	buf_free(&b);
}

static void
silent(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 days[24], count[24], date[16];
	const char		*vars[11] = { "days", days, "count", count,
				    NULL };
	struct buf		 where;
	size_t			 i;

	snprintf(days, sizeof(days), "%d", PEOPLE_SILENT_DAYS);
	snprintf(count, sizeof(count), "%zu", d->people.silent_total);
	line(o, "people_silent", vars, "font-weight:bold");
	if (d->people.silent_total == 0) {
		dg_para(o, dg_label(d, "none"), NULL);
		return;
	}
	buf_init(&where, 1024);
	for (i = 0; i < d->people.nsilent; i++) {
		const struct silent_reporter	*s = &d->people.silent[i];
		long				 n = PEOPLE_LOOKBACK_DAYS;

		where.len = 0;
		where.p[0] = '\0';
		place(d, s->r.village, s->r.commune, &where);
		/* registered within the lookback: silent since then */
		if (s->created_at > d->until - n * 86400)
			n = (long)((d->until - s->created_at) / 86400);
		snprintf(days, sizeof(days), "%ld", n);
		day_of(s->last_seen, date);
		vars[0] = "reporter"; vars[1] = s->r.name;
		vars[2] = "phone"; vars[3] = s->r.phone;
		vars[4] = "place"; vars[5] = where.p;
		vars[6] = "date"; vars[7] = date;
		vars[8] = "days"; vars[9] = days;
		vars[10] = NULL;
		line(o, s->last_seen != 0 ? "people_silent_last" :
		    "people_silent_none", vars, NULL);
	}
	buf_free(&where);
	if (silent_more(d) > 0) {
		snprintf(count, sizeof(count), "%zu", silent_more(d));
		vars[0] = "count";
		vars[1] = count;
		vars[2] = NULL;
		line(o, "people_more", vars, NULL);
	}
}

static void
rejected(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 days[24], count[24];
	const char		*vars[9] = { "days", days, NULL };
	struct buf		 where;
	size_t			 i;

	snprintf(days, sizeof(days), "%d", PEOPLE_REJECTED_DAYS);
	line(o, "people_rejected", vars, "font-weight:bold;margin-top:12px");
	if (d->people.nrejected == 0) {
		dg_para(o, dg_label(d, "none"), NULL);
		return;
	}
	buf_init(&where, 1024);
	for (i = 0; i < d->people.nrejected; i++) {
		const struct rejected_sender *r = &d->people.rejected[i];

		where.len = 0;
		where.p[0] = '\0';
		place(d, r->village, r->commune, &where);
		snprintf(count, sizeof(count), "%ld", r->count);
		vars[0] = "reporter"; vars[1] = r->name;
		vars[2] = "phone"; vars[3] = r->sender;
		vars[4] = "place"; vars[5] = where.p;
		vars[6] = "count"; vars[7] = count;
		vars[8] = NULL;
		line(o, "people_rejected_line", vars, NULL);
	}
	buf_free(&where);
}

void
dg_sec_people(struct out *o)
{
	dg_section(o, "section_people", NULL);
	silent(o);
	rejected(o);
}
