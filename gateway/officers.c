/*
 * Who hears of a report and who may act on its case (officers.h).
 */
#include <stdlib.h>
#include <string.h>

#include "officers.h"
#include "xmalloc.h"

void
officers_add(struct conf_strings *l, const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void
officers_free(struct conf_strings *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The officers of a level covering commune; returns how many there are. */
static size_t
pick(const struct conf *c, const char *commune, int level, int email,
    struct conf_strings *out)
{
	size_t i, n = 0;

	for (i = 0; i < c->nofficers; i++) {
		const struct conf_officer *o = &c->officers[i];

		if (o->level != level || !conf_officer_covers(o, commune))
			continue;
		n++;
		officers_add(out, email ? o->email : o->phone);
	}
	return n;
}

static void
fallback(const struct conf *c, int email, struct conf_strings *out)
{
	const struct conf_strings	*l = email ? &c->alerts.to :
					    &c->alerts.sms;
	size_t				 i;

	for (i = 0; i < l->n; i++)
		officers_add(out, l->v[i]);
}

void
officers_reach(const struct conf *c, const char *commune,
    enum officers_reach reach, int email, struct conf_strings *out)
{
	size_t had = out->n;

	pick(c, commune, reach == REACH_ALERT ? 1 : 2, email, out);
	if (out->n == had)
		fallback(c, email, out);
	if (out->n == had && reach == REACH_ALERT)
		pick(c, commune, 2, email, out);
}

int
officers_may_act(const struct conf_officer *o, const char *commune)
{
	return o->level == 2 || conf_officer_covers(o, commune);
}
