/*
 * The gateway's health in a digest, in one paragraph: the last good poll,
 * the replies that failed or may have gone twice, the registrations
 * waiting for approval.
 */
#include <stdio.h>

#include "digest_int.h"
#include "timeutil.h"

/* A label with {count} n, after a "; " unless first. */
static void
count_of(const struct digest *d, struct buf *b, const char *label, long n)
{
	char		 num[24];
	const char	*vars[] = { "count", num, NULL };

	snprintf(num, sizeof(num), "%ld", n);
	buf_add(b, "; ");
	dg_template(d, b, label, vars);
}

void
dg_sec_health(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 iso[32];
	const char		*vars[] = { "time", iso, NULL };
	struct buf		 b;

	dg_section(o, "section_health", NULL);
	buf_init(&b, 4096);
	if (d->last_poll > 0)
		time_format_iso(d->last_poll, iso);
	else
		snprintf(iso, sizeof(iso), "-");
	dg_template(d, &b, "last_poll", vars);
	count_of(d, &b, "outbox_failed", d->out_failed);
	count_of(d, &b, "outbox_unknown", d->out_unknown);
	if (d->pending > 0)
		count_of(d, &b, "pending_reporters", d->pending);
	dg_para(o, b.p, d->out_failed || d->out_unknown ?
	    "color:#b3261e" : NULL);
	buf_free(&b);
}
