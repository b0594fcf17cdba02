/*
 * The gateway's health in a digest: the last good poll, the replies that
 * failed or may have gone twice, the registrations waiting for approval.
 */
#include <stdio.h>

#include "digest_int.h"
#include "timeutil.h"

void
dg_sec_health(struct out *o)
{
	const struct digest	*d = dg_out_digest(o);
	char			 iso[32], n[24];
	const char		*vars[3];
	struct buf		 b;

	dg_section(o, "section_health", NULL);
	buf_init(&b, 1024);
	if (d->last_poll > 0)
		time_format_iso(d->last_poll, iso);
	else
		snprintf(iso, sizeof(iso), "-");
	vars[0] = "time";
	vars[1] = iso;
	vars[2] = NULL;
	buf_template(&b, dg_label(d, "last_poll"), vars, 0);
	dg_para(o, b.p, NULL);
	b.len = 0;
	vars[0] = "count";
	vars[1] = n;
	snprintf(n, sizeof(n), "%ld", d->out_failed);
	buf_template(&b, dg_label(d, "outbox_failed"), vars, 0);
	dg_para(o, b.p, d->out_failed ? "color:#c62828" : NULL);
	b.len = 0;
	snprintf(n, sizeof(n), "%ld", d->out_unknown);
	buf_template(&b, dg_label(d, "outbox_unknown"), vars, 0);
	dg_para(o, b.p, d->out_unknown ? "color:#c62828" : NULL);
	if (d->pending > 0) {
		b.len = 0;
		snprintf(n, sizeof(n), "%ld", d->pending);
		buf_template(&b, dg_label(d, "pending_reporters"), vars, 0);
		dg_para(o, b.p, NULL);
	}
	buf_free(&b);
}
