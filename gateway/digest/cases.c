/*
 * The digest's open cases: those of the group's communes still open at
 * the end of the day (or now, for today), overdue first, then oldest,
 * each with its state, owner and age.  The section counts them all and
 * lists those the urgent section does not already show (with their
 * state), up to DG_CASES_SHOWN; the CSV lists every one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digest_int.h"
#include "xmalloc.h"

#define CASES_MAX	10000	/* cases listed in one digest */

static int
collect_case(const struct case_row *c, void *arg)
{
	struct digest *d = arg;

	if (!dg_in_group(d->group, c->commune))
		return 0;
	if (d->ncases == CASES_MAX)
		return -1;
	d->cases = xreallocarray(d->cases, d->ncases + 1, sizeof(*d->cases));
	d->cases[d->ncases++] = *c;
	return 0;
}

static time_t
due_from(const struct case_row *c)
{
	return c->reopened_at != 0 ? c->reopened_at : c->opened_at;
}

int
dg_case_overdue(const struct digest *d, const struct case_row *c)
{
	return d->cases_at - due_from(c) >= d->conf->cases.close_within;
}

int
dg_collect_cases(struct digest *d)
{
	struct case_row	*sorted;
	time_t		 now = time(NULL);
	size_t		 i, n = 0;
	int		 pass;

	d->cases_at = d->until < now ? d->until : now;
	if (store_view_cases_open(d->store, d->cases_at, collect_case,
	    d) == -1)
		return -1;
	/* the view gives the oldest first: a stable split puts the overdue
	 * ones before the rest */
	sorted = xcalloc(d->ncases + 1, sizeof(*sorted));
	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < d->ncases; i++)
			if (dg_case_overdue(d, &d->cases[i]) == pass)
				sorted[n++] = d->cases[i];
	free(d->cases);
	d->cases = sorted;
	return 0;
}

/* Where a case was referred, in labels.conf ("target_police") or the
 * code book's words. */
static const char *
target_word(const struct digest *d, const char *value, char *buf,
    size_t size)
{
	const struct codebook	*cb = d->conf->codebook;
	const char		*l;
	int			 v, k;

	snprintf(buf, size, "target_%s", value);
	if ((l = dg_label(d, buf)) != buf)
		return l;
	if ((v = codebook_vocab(cb, CB_VOCAB_TARGET_NAME)) >= 0 &&
	    (k = codebook_value(cb, v, value)) >= 0 &&
	    cb->vocabs[v].values[k].label[0] != '\0')
		return cb->vocabs[v].values[k].label;
	return value;
}

void
dg_case_status(const struct digest *d, const struct case_row *c,
    struct buf *b)
{
	char		 key[48], tw[64], owner[STORE_NAME_MAX];
	const char	*vars[5];
	char		*p;

	/* "Name (+849...)": the name says who; the number is in the CSV */
	snprintf(owner, sizeof(owner), "%s", c->owner);
	if ((p = strstr(owner, " (")) != NULL && p > owner &&
	    owner[strlen(owner) - 1] == ')')
		*p = '\0';
	snprintf(key, sizeof(key), "case_%s", c->status);
	vars[0] = "owner";
	vars[1] = owner;
	vars[2] = "target";
	vars[3] = target_word(d, c->referred_to, tw, sizeof(tw));
	vars[4] = NULL;
	buf_template(b, dg_label(d, key), vars, 0);
	if (c->level >= 2)
		buf_printf(b, ", %s", dg_label(d, "case_escalated"));
}

const struct case_row *
dg_case_of(const struct digest *d, int64_t report_id)
{
	size_t i;

	for (i = 0; i < d->ncases; i++)
		if (d->cases[i].report_id == report_id ||
		    d->cases[i].ref == report_id)
			return &d->cases[i];
	return NULL;
}

/* Whether the urgent section shows the case (its report is listed). */
static int
shown_above(const struct digest *d, const struct case_row *c)
{
	return dg_is_shown(d, c->report_id) || dg_is_shown(d, c->ref);
}

void
dg_case_line(const struct digest *d, const struct case_row *c,
    struct buf *b, int *overdue)
{
	char		 ref[24], count[24];
	const char	*vars[15];
	long		 secs = (long)(d->cases_at - c->opened_at);
	struct buf	 age, status;

	*overdue = dg_case_overdue(d, c);
	buf_init(&age, 1024);
	buf_init(&status, 4096);
	/* the age in days, or hours in the first day */
	snprintf(count, sizeof(count), "%ld", secs >= 86400 ? secs / 86400 :
	    secs / 3600);
	vars[0] = "count";
	vars[1] = count;
	vars[2] = NULL;
	buf_template(&age, dg_label(d, secs >= 86400 ? "case_days" :
	    "case_hours"), vars, 0);
	dg_case_status(d, c, &status);
	snprintf(ref, sizeof(ref), "%lld", (long long)c->ref);
	vars[0] = "ref";
	vars[1] = ref;
	vars[2] = "code";
	vars[3] = c->code;
	vars[4] = "title";
	vars[5] = dg_title(d, c->code);
	vars[6] = "village";
	vars[7] = dg_village_name(d, c->village);
	vars[8] = "village_code";
	vars[9] = c->village;
	vars[10] = "status";
	vars[11] = status.p;
	vars[12] = "age";
	vars[13] = age.p;
	vars[14] = NULL;
	if (*overdue)
		buf_printf(b, "%s: ", dg_label(d, "case_overdue"));
	buf_template(b, dg_label(d, "case_line"), vars, 0);
	buf_free(&age);
	buf_free(&status);
}

/* The counts, then the cases not shown above, overdue first. */
void
dg_sec_cases(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 n[5][24];
	const char		*vars[11];
	struct buf		 b;
	size_t			 i, above = 0, listed = 0, rest = 0;
	long			 overdue = 0, unacked = 0, escalated = 0;
	int			 late;

	if (d->ncases == 0)
		return;
	for (i = 0; i < d->ncases; i++) {
		overdue += dg_case_overdue(d, &d->cases[i]);
		unacked += strcmp(d->cases[i].status, "open") == 0;
		escalated += d->cases[i].level >= 2;
		above += shown_above(d, &d->cases[i]);
	}
	snprintf(n[0], sizeof(n[0]), "%zu", d->ncases);
	snprintf(n[1], sizeof(n[1]), "%ld", overdue);
	snprintf(n[2], sizeof(n[2]), "%ld", unacked);
	snprintf(n[3], sizeof(n[3]), "%ld", escalated);
	snprintf(n[4], sizeof(n[4]), "%zu", above);
	dg_section(o, "section_cases", NULL);
	vars[0] = "open"; vars[1] = n[0];
	vars[2] = "overdue"; vars[3] = n[1];
	vars[4] = "unacked"; vars[5] = n[2];
	vars[6] = "escalated"; vars[7] = n[3];
	vars[8] = "above"; vars[9] = n[4];
	vars[10] = NULL;
	buf_init(&b, 4096);
	dg_template(d, &b, "cases_summary", vars);
	if (above > 0) {
		buf_add(&b, " ");
		dg_template(d, &b, "cases_above", vars);
	}
	dg_para(o, b.p, "font-weight:bold");
	for (i = 0; i < d->ncases; i++) {
		if (shown_above(d, &d->cases[i]))
			continue;
		if (listed == DG_CASES_SHOWN) {
			rest++;
			continue;
		}
		b.len = 0;
		b.p[0] = '\0';
		dg_case_line(d, &d->cases[i], &b, &late);
		dg_para(o, b.p, late ? "color:#b3261e;font-weight:bold" : NULL);
		listed++;
	}
	buf_free(&b);
	if (rest > 0) {
		snprintf(n[0], sizeof(n[0]), "%zu", rest);
		vars[0] = "count";
		vars[1] = n[0];
		vars[2] = NULL;
		dg_line(o, "more_in_csv", vars, "font-style:italic");
	}
}
