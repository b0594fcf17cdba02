/*
 * The digest's open cases: those of the group's communes still open at
 * the end of the day (or now, for today), overdue first, then oldest,
 * each with its state, owner and age.
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

static int
is_overdue(const struct digest *d, const struct case_row *c)
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
			if (is_overdue(d, &d->cases[i]) == pass)
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
dg_case_line(const struct digest *d, const struct case_row *c,
    struct buf *b, int *overdue)
{
	char		 ref[24], count[24], key[48], tw[64];
	const char	*vars[17];
	long		 secs = (long)(d->cases_at - c->opened_at);
	struct buf	 age, status;

	*overdue = is_overdue(d, c);
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
	/* the state, with who has it and where it went */
	snprintf(key, sizeof(key), "case_%s", c->status);
	vars[0] = "owner";
	vars[1] = c->owner;
	vars[2] = "target";
	vars[3] = target_word(d, c->referred_to, tw, sizeof(tw));
	vars[4] = NULL;
	buf_template(&status, dg_label(d, key), vars, 0);
	if (c->level >= 2)
		buf_printf(&status, ", %s", dg_label(d, "case_escalated"));
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
