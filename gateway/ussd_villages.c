/*
 * The village menu of a USSD session (see ussd_villages.h).
 */
#include <string.h>

#include "reply.h"
#include "ussd_villages.h"

static void
fit_name(char out[48], const char *name)
{
	text_copy(out, 48, name);
	gsm7_fit(out, 48, 40);
}

const char *
ussd_village_name(const struct conf *cf, const char *code, char out[48])
{
	const struct conf_village *cv = conf_village(cf, code);

	if (cv == NULL)
		return NULL;
	fit_name(out, cv->name);
	return out;
}

size_t
ussd_villages(const struct conf *cf, const char *commune,
    struct ussd_villages *v)
{
	size_t i;

	v->n = 0;
	for (i = 0; i < cf->nvillages && v->n < USSD_VILLAGES_MAX; i++) {
		const struct conf_village *cv = &cf->villages[i];

		if (strcmp(cv->commune, commune) != 0)
			continue;
		v->codes[v->n] = cv->code;
		fit_name(v->names[v->n], cv->name);
		v->labels[v->n] = v->names[v->n];
		v->n++;
	}
	return v->n;
}
