/*
 * The reporters a supervisor should call: those who sent nothing (no
 * report, no message) for PEOPLE_SILENT_DAYS or more, longest silent
 * first, and those whose messages were refused (wrong format) in the last
 * PEOPLE_REJECTED_DAYS, most first.  Both as of the end of the digest's
 * day, for the group's communes, up to DG_LIST_MAX each: the e-mail
 * counts them, the CSV lists them.  Two bounded queries: the silent one
 * scans the day-led indexes of messages and reports over
 * PEOPLE_LOOKBACK_DAYS, the rejected one the rejected messages of its
 * window.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "digest_int.h"
#include "xmalloc.h"

static int
collect_silent(const struct silent_reporter *r, void *arg)
{
	struct digest		*d = arg;
	struct dg_people	*p = &d->people;

	if (!dg_in_group(d->group, r->r.commune))
		return 0;
	if (p->nsilent == DG_LIST_MAX)
		return -1;
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
	return p->nrejected == DG_LIST_MAX ? -1 : 0;
}

int
dg_collect_people(struct digest *d)
{
	if (store_view_silent(d->store, d->until - PEOPLE_LOOKBACK_DAYS *
	    86400L, d->until - PEOPLE_SILENT_DAYS * 86400L, d->until,
	    collect_silent, d) == -1)
		return -1;
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
