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

/*
 * Adds the officers of a level covering commune who have an address of
 * the kind asked; returns how many there are (whether or not the list
 * had them already).
 */
static size_t
pick(const struct conf *c, const char *commune, int level, int email,
    struct conf_strings *out)
{
	size_t i, n = 0;

	for (i = 0; i < c->nofficers; i++) {
		const struct conf_officer	*o = &c->officers[i];
		const char			*to = email ? o->email :
						    o->phone;

		if (o->level != level || !conf_officer_covers(o, commune) ||
		    to == NULL || *to == '\0')
			continue;
		n++;
		officers_add(out, to);
	}
	return n;
}

/* Adds alerts.to or alerts.sms; returns how many they list. */
static size_t
fallback(const struct conf *c, int email, struct conf_strings *out)
{
	const struct conf_strings	*l = email ? &c->alerts.to :
					    &c->alerts.sms;
	size_t				 i;

	for (i = 0; i < l->n; i++)
		officers_add(out, l->v[i]);
	return l->n;
}

/*
 * Whom to tell is decided by who covers the commune, not by what the
 * caller's list holds already (an owner added first is not "someone").
 */
void
officers_reach(const struct conf *c, const char *commune,
    enum officers_reach reach, int email, struct conf_strings *out)
{
	if (pick(c, commune, reach == REACH_ALERT ? 1 : 2, email, out) > 0)
		return;
	if (fallback(c, email, out) == 0 && reach == REACH_ALERT)
		pick(c, commune, 2, email, out);
}

int
officers_may_act(const struct conf_officer *o, const char *commune)
{
	return o->level == 2 || conf_officer_covers(o, commune);
}
